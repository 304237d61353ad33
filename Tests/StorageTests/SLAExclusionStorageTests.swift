import Foundation
import GovernanceCore
import Testing

@testable import Storage

@Suite("SLA exclusions (migration v4-sla)")
struct SLAExclusionStorageTests {
    @Test("an exclusion is stored with its audit entry, recorded once per SLA and month, withdrawn and kept")
    func lifecycle() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await TenantDatabaseTests.openWithProgram(dir)
            defer { database.close() }
            let october = Month(year: 2026, month: 10)
            let first = try await database.addSLAExclusion(
                program: "care", metric: "csat", month: october, reason: "Carrier outage", evidence: "INC-1",
                recordedBy: "tok_a"
            ) { id in draft("AddSlaExclusion", tenant: "acme", detail: "exclusion \(id)") }
            #expect(!first.existing)
            #expect(first.record.isActive)
            #expect(first.record.month == october)
            // The same SLA and month again: the active one, nothing new, no audit entry.
            let again = try await database.addSLAExclusion(
                program: "care", metric: "csat", month: october, reason: "other", evidence: "INC-2", recordedBy: "tok_b"
            ) { id in draft("AddSlaExclusion", tenant: "acme", detail: "exclusion \(id)") }
            #expect(again.existing)
            #expect(again.record.id == first.record.id)
            #expect(again.record.evidence == "INC-1")

            #expect(
                try await database.withdrawSLAExclusion(
                    id: first.record.id, program: "other", withdrawnBy: "tok_a", reason: "x",
                    audit: { _ in draft("WithdrawSlaExclusion", tenant: "acme") }) == nil)
            let withdrawn = try #require(
                try await database.withdrawSLAExclusion(
                    id: first.record.id, program: "care", withdrawnBy: "tok_a", reason: "Outage was ours",
                    audit: { _ in draft("WithdrawSlaExclusion", tenant: "acme") }))
            #expect(!withdrawn.isActive)
            #expect(withdrawn.withdrawalReason == "Outage was ours")
            #expect(try await database.slaExclusions(program: "care", includeWithdrawn: false) == [])
            #expect(try await database.slaExclusions(program: "care", includeWithdrawn: true).count == 1)
            // Once withdrawn, the SLA and month can be excluded again.
            let renewed = try await database.addSLAExclusion(
                program: "care", metric: "csat", month: october, reason: "Second outage", evidence: "INC-3",
                recordedBy: "tok_a"
            ) { id in draft("AddSlaExclusion", tenant: "acme", detail: "exclusion \(id)") }
            #expect(!renewed.existing)
            #expect(renewed.record.id != first.record.id)
            let actions = try await database.audit(limit: 10).map(\.action)
            #expect(actions.filter { $0 == "AddSlaExclusion" }.count == 2)
            #expect(actions.filter { $0 == "WithdrawSlaExclusion" }.count == 1)
        }
    }
}
