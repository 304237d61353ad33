import Foundation
import GovernanceCore
import Logging
import Storage
import Testing

@testable import GovernanceServer

@Suite("Retention sweep")
struct RetentionSweepTests {
    @Test("the daily sweep purges signed records past retention as `system`, logs that run, and logs nothing where nothing is due")
    func sweep() async throws {
        try await withTemporaryDirectory { dir in
            let configuration = ServerConfiguration(dataDirectory: dir)
            _ = try ControlDatabase(path: configuration.controlDatabasePath)
            let backend = try GovernanceBackend(configuration: configuration, logger: Logger(label: "test"))
            let audit = AuditDraft(actor: "test", tenant: "", action: "CreateTenant", detail: "test tenants")
            for tenant in ["acme", "globex"] {
                _ = try await backend.control.upsertTenant(TenantRecord(id: tenant, name: tenant, createdAt: "2026-01-01T00:00:00Z"), audit: audit)
                try await backend.withTenant(tenant) { database in
                    try await database.apply(
                        [.upsertProgram(
                            ProgramRecord(
                                id: "care", name: "Care", site: "MNL", timezone: "Etc/UTC", serviceLevelSeconds: [.voice: 20],
                                serviceLevelFormula: "exclude_short_abandons", fcrWindowDays: 7, monthlyFee: 1, atRiskPct: 10,
                                poolAllocationPct: 100, earnBackMonths: 3))],
                        audit: [AuditDraft(actor: "test", tenant: tenant, action: "ApplyManifest", detail: "program")])
                    let record = try await database.createDevelopmentRecord(
                        DevelopmentRecordRow(
                            programID: "care", agentID: "a1", kind: "recognition", title: "Praise", details: "", targets: [],
                            reviewDates: [], outcome: ""),
                        actor: "test")
                    // Signed long ago: due under a 30-day retention, not under the 2555-day default.
                    _ = try await database.signOffDevelopmentRecord(
                        program: "care", id: record.id, actor: "test", today: LocalDate("2020-01-01") ?? LocalDate(dayNumber: 0))
                }
            }
            try await backend.withTenant("acme") { try await $0.setRetentionDays(30, actor: "test") }

            await RetentionSweep(backend: backend).sweep()

            let acme = try await backend.withTenant("acme") { database in
                (try await database.developmentRecords(program: "care"), try await database.purgeRuns())
            }
            #expect(acme.0.isEmpty)
            #expect(acme.1.count == 1 && acme.1.first?.runBy == "system" && acme.1.first?.purged == 1)
            let globex = try await backend.withTenant("globex") { database in
                (try await database.developmentRecords(program: "care"), try await database.purgeRuns())
            }
            #expect(globex.0.count == 1 && globex.1.isEmpty)
        }
    }
}
