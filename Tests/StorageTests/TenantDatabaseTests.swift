import Foundation
import GovernanceCore
import Ingest
import Testing

@testable import Storage

@Suite("TenantDatabase")
struct TenantDatabaseTests {
    /// Opens a fresh tenant database in `dir` with program `care` applied.
    static func openWithProgram(_ dir: String) async throws -> TenantDatabase {
        let database = try TenantDatabase(tenant: "acme", path: dir + "/acme.sqlite")
        try await database.apply([.upsertProgram(Fixtures.program())], audit: [draft("ApplyManifest", tenant: "acme")])
        return database
    }

    @Test("migrates an empty file into an empty tenant database with every table")
    func migratesFromEmpty() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/acme.sqlite"
            let database = try TenantDatabase(tenant: "acme", path: path)
            defer { database.close() }
            #expect(database.tenant == "acme")
            #expect(try await database.programs() == [])
            #expect(try await database.versions(.scorecard) == [])
            #expect(try await database.versions(.sla) == [])
            #expect(try await database.qaForms() == [])
            #expect(try await database.dataSummary() == [])
            #expect(try await database.importLogEntry(id: "anything") == nil)
            #expect(try await database.verifyAudit() == AuditVerification(entries: 0, firstBroken: nil, reason: nil))
            let tables = Set(
                try sqlite3(path, "SELECT name FROM sqlite_master WHERE type = 'table'").split(separator: "\n").map(String.init))
            let expected: Set<String> = [
                "program", "config_version", "qa_form", "import_log", "audit_log", "interaction", "survey", "evaluation",
                "evaluation_answer", "agent_day", "roster", "planned_headcount", "engagement", "reported_metric",
                "coaching_session",
            ]
            #expect(expected.isSubset(of: tables), "missing: \(expected.subtracting(tables).sorted())")
        }
    }

    @Test("applies programs, versions and QA forms in one transaction and reads them back")
    func applyConfiguration() async throws {
        try await withTemporaryDirectory { dir in
            let database = try TenantDatabase(tenant: "acme", path: dir + "/acme.sqlite")
            defer { database.close() }
            let care = Fixtures.program()
            var sales = Fixtures.program(id: "sales", name: "Sales chat")
            sales.timezone = "America/Chicago"
            sales.serviceLevelSeconds = [.chat: 45]
            sales.serviceLevelFormula = "offered"
            func version(_ kind: VersionKind, _ program: String, _ number: Int, _ from: String) throws -> VersionRecord {
                VersionRecord(
                    kind: kind, programID: program, version: number, effectiveFrom: try month(from), author: "ops",
                    rationale: "\(kind.rawValue) v\(number)", config: #"{"v":\#(number)}"#,
                    createdAt: "2026-01-01T00:00:00.000Z")
            }
            let careV1 = try version(.scorecard, "care", 1, "2026-01")
            let careV2 = try version(.scorecard, "care", 2, "2026-07")
            let careV3 = try version(.scorecard, "care", 3, "2027-01")
            let salesV1 = try version(.scorecard, "sales", 1, "2026-03")
            let careSLA = try version(.sla, "care", 1, "2026-01")
            let formV1 = QAFormRecord(
                formID: "voice", version: 1, effectiveFrom: nil, config: #"{"items":[]}"#, createdAt: "2026-01-01T00:00:00.000Z")
            let formV2 = QAFormRecord(
                formID: "voice", version: 2, effectiveFrom: try month("2026-09"), config: #"{"items":[1]}"#,
                createdAt: "2026-08-01T00:00:00.000Z")
            let chatForm = QAFormRecord(
                formID: "chat", version: 1, effectiveFrom: try month("2026-02"), config: "{}", createdAt: "2026-01-01T00:00:00.000Z")

            // Versions deliberately arrive out of order.
            try await database.apply(
                [
                    .upsertProgram(sales), .upsertProgram(care), .addVersion(careV3), .addVersion(salesV1),
                    .addVersion(careV1), .addVersion(careSLA), .addVersion(careV2), .addQAForm(formV2),
                    .addQAForm(chatForm), .addQAForm(formV1),
                ],
                audit: [draft("ApplyManifest", tenant: "acme", detail: "programs"), draft("ApplyManifest", tenant: "acme", detail: "versions")])

            #expect(try await database.programs() == [care, sales])
            #expect(try await database.versions(.scorecard, program: "care") == [careV1, careV2, careV3])
            #expect(try await database.versions(.scorecard, program: "sales") == [salesV1])
            #expect(try await database.versions(.scorecard) == [careV1, careV2, careV3, salesV1])
            #expect(try await database.versions(.sla) == [careSLA])
            #expect(try await database.versions(.sla, program: "sales") == [])
            #expect(try await database.versions(.scorecard, program: "nobody") == [])
            #expect(try await database.qaForms().map { "\($0.formID) v\($0.version)" } == ["chat v1", "voice v1", "voice v2"])
            let forms = try await database.qaForms()
            #expect(forms.first { $0.formID == "voice" && $0.version == 1 }?.effectiveFrom == nil)
            #expect(forms.first { $0.formID == "voice" && $0.version == 2 }?.effectiveFrom == Month(year: 2026, month: 9))
            #expect(try await database.audit(limit: 10).map(\.detail) == ["programs", "versions"])

            // Upserting a program again updates it in place.
            var renamed = care
            renamed.name = "Care voice only"
            renamed.serviceLevelSeconds = [.voice: 30]
            try await database.apply([.upsertProgram(renamed)], audit: [draft("ApplyManifest", tenant: "acme")])
            #expect(try await database.programs() == [renamed, sales])
        }
    }

    @Test("a change list that fails part-way stores none of its changes and no audit entry")
    func applyIsAtomic() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await Self.openWithProgram(dir)
            defer { database.close() }
            let v1 = VersionRecord(
                kind: .scorecard, programID: "care", version: 1, effectiveFrom: Month(year: 2026, month: 1), author: "ops",
                rationale: "first", config: "{}", createdAt: "2026-01-01T00:00:00.000Z")
            try await database.apply([.addVersion(v1)], audit: [draft("AddVersion", tenant: "acme")])
            var duplicate = v1
            duplicate.rationale = "same version number again"
            let error = try await #require(throws: GovernanceError.self) {
                try await database.apply(
                    [.upsertProgram(Fixtures.program(id: "new")), .addVersion(duplicate)],
                    audit: [draft("Apply", tenant: "acme")])
            }
            // No SQL text reaches the message a client would see.
            #expect(!error.message.contains("INSERT"))
            #expect(!error.message.contains("UNIQUE"))
            #expect(try await database.programs().map(\.id) == ["care"])
            #expect(try await database.versions(.scorecard) == [v1])
            #expect(try await database.audit(limit: 10).count == 2)
        }
    }

    @Test("versions need a known program and a non-blank rationale", arguments: ["unknown-program", "blank-rationale"])
    func versionConstraints(which: String) async throws {
        try await withTemporaryDirectory { dir in
            let database = try await Self.openWithProgram(dir)
            defer { database.close() }
            let record = VersionRecord(
                kind: .sla, programID: which == "unknown-program" ? "ghost" : "care", version: 1,
                effectiveFrom: Month(year: 2026, month: 1), author: "ops",
                rationale: which == "blank-rationale" ? "  " : "ok", config: "{}", createdAt: "2026-01-01T00:00:00.000Z")
            await #expect(throws: GovernanceError.self) {
                try await database.apply([.addVersion(record)], audit: [])
            }
            #expect(try await database.versions(.sla) == [])
        }
    }

    @Test("the data summary counts rows per kind and local month, undated kinds once")
    func dataSummary() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await Self.openWithProgram(dir)
            defer { database.close() }
            #expect(try await database.dataSummary() == [])
            let counts = try await database.importTestRows(try Fixtures.everyKind())
            #expect(counts.stored == 19)
            #expect(counts.replaced == 0)
            #expect(try await database.dataSummary() == (try Fixtures.everyKindSummary()))
        }
    }

    @Test("importing the same rows twice replaces them: stored counts match, all are replaced, totals are unchanged")
    func importIsIdempotent() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await Self.openWithProgram(dir)
            defer { database.close() }
            let rows = try Fixtures.everyKind()
            let first = try await database.importTestRows(rows)
            let summaryAfterFirst = try await database.dataSummary()
            let second = try await database.importTestRows(rows)
            #expect(first.stored == Int64(rows.count))
            #expect(first.replaced == 0)
            #expect(second.stored == first.stored)
            #expect(second.replaced == Int64(rows.count))
            #expect(try await database.dataSummary() == summaryAfterFirst)
        }
    }

    @Test("a re-sent row replaces the stored one, including its local date, and inside one file the last row wins")
    func replacedValues() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/acme.sqlite"
            let database = try await Self.openWithProgram(dir)
            defer { database.close() }
            try await database.importTestRows(try Fixtures.everyKind())

            let counts = try await database.importTestRows([
                // i2 corrected: 15:00Z is 23:00 on 2026-08-31 in Manila, so it moves back to August.
                try Fixtures.interaction("i2", startedAt: "2026-08-31T15:00:00Z", localDate: "2026-08-31", wait: 99),
                .reportedMetric(
                    ReportedMetricRow(programID: "care", period: try month("2026-08"), metric: "csat", value: 90, source: .vendor)),
                try Fixtures.interaction("i4", startedAt: "2026-09-20T01:00:00Z", localDate: "2026-09-20", wait: 1),
                try Fixtures.interaction("i4", startedAt: "2026-09-20T01:00:00Z", localDate: "2026-09-20", wait: 2),
            ])
            // i2 and csat were stored before; the second i4 replaces the first one of the same file.
            #expect(counts.stored == 4)
            #expect(counts.replaced == 3)

            #expect(try sqlite3(path, "SELECT wait, local_date FROM interaction WHERE id = 'i2'") == "99.0|\(try date("2026-08-31").dayNumber)")
            #expect(try sqlite3(path, "SELECT wait FROM interaction WHERE id = 'i4'") == "2.0")
            #expect(try sqlite3(path, "SELECT value, source FROM reported_metric WHERE metric = 'csat'") == "90.0|vendor")
            #expect(try sqlite3(path, "SELECT count(*) FROM reported_metric") == "2")

            // i2 moved from September to August; i4 is new in September.
            let interactions = try await database.dataSummary().filter { $0.kind == "interactions" }
            #expect(
                interactions == [
                    KindMonthCount(kind: "interactions", month: try month("2026-08"), rows: 2),
                    KindMonthCount(kind: "interactions", month: try month("2026-09"), rows: 2),
                ])
        }
    }

    @Test("when the row producer throws, nothing of the import is stored")
    func throwingProducerStoresNothing() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/acme.sqlite"
            let database = try await Self.openWithProgram(dir)
            defer { database.close() }
            let rows = try Fixtures.everyKind()
            let auditBefore = try await database.audit(limit: 100).count
            let error = try await #require(throws: GovernanceError.self) {
                try await database.importRows(
                    importID: "imp-broken", kind: "mixed", fileName: "mixed.csv",
                    audit: { _ in draft("ImportFile", tenant: "acme") },
                    reply: { _ in (Data("never".utf8), contentSHA256: "") },
                    produce: { sink in
                        // Ten rows are written into the transaction before the file turns out to be bad.
                        for row in rows.prefix(10) { try sink.write(row) }
                        throw GovernanceError.invalid("mixed.csv line 11: bad row")
                    })
            }
            // A governance error from the producer reaches the caller unchanged.
            #expect(error.code == .invalidArgument)
            #expect(error.message == "mixed.csv line 11: bad row")
            #expect(try await database.dataSummary() == [])
            #expect(try await database.importLogEntry(id: "imp-broken") == nil)
            #expect(try await database.audit(limit: 100).count == auditBefore)
            #expect(try sqlite3(path, "SELECT count(*) FROM interaction") == "0")
        }
    }

    @Test("an import id remembers its reply and content hash, commits with the rows, and cannot be reused")
    func importLog() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/acme.sqlite"
            let database = try await Self.openWithProgram(dir)
            defer { database.close() }
            let interactions = Array(try Fixtures.everyKind().prefix(3))
            let counts = try await database.importTestRows(interactions, importID: "imp-1", fileName: "interactions.csv")
            #expect(counts.stored == 3)
            let entry = try #require(try await database.importLogEntry(id: "imp-1"))
            #expect(entry.reply == Data("stored=3 replaced=0".utf8))
            #expect(entry.contentSHA256 == "sha256-of-interactions.csv")
            #expect(entry.kind == "mixed")
            #expect(try await database.importLogEntry(id: "imp-2") == nil)
            #expect(try sqlite3(path, "SELECT kind, file_name FROM import_log WHERE import_id = 'imp-1'") == "mixed|interactions.csv")
            let last = try #require(try await database.audit(limit: 1).last)
            #expect(last.action == "ImportFile")
            #expect(last.detail == "interactions.csv: stored 3, replaced 0")

            // The same id again is refused as a whole: the new row is not stored and the first reply stays.
            let extra = try Fixtures.interaction("i9", startedAt: "2026-09-30T01:00:00Z", localDate: "2026-09-30")
            await #expect(throws: GovernanceError.self) {
                try await database.importTestRows([extra], importID: "imp-1")
            }
            #expect(try sqlite3(path, "SELECT count(*) FROM interaction WHERE id = 'i9'") == "0")
            #expect(try await database.importLogEntry(id: "imp-1")?.reply == Data("stored=3 replaced=0".utf8))

            // Without an id nothing goes to the import log.
            try await database.importTestRows([extra])
            #expect(try sqlite3(path, "SELECT count(*) FROM import_log") == "1")
            #expect(try await database.verifyAudit().firstBroken == nil)
        }
    }
}
