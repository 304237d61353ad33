import GovernanceCore
import PartnershipHealth
import Scorecards
import Storage
import Testing

/// The reads behind PartnershipHealthService, on the every-kind fixture: activity on 2026-08-12
/// (interactions, agent days) through 2026-09-30 (engagement); a1 hired 2025-03-10, a2 2026-08-15.
@Suite("Partnership health reads")
struct PartnershipHealthStorageTests {
    @Test("an empty tenant has no data span and no attrition history")
    func empty() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await TenantDatabaseTests.openWithProgram(dir)
            defer { database.close() }
            #expect(try await database.activitySpan(program: nil) == nil)
            #expect(try await database.attritionHistory() == nil)
            #expect(try await database.roster(program: "care").isEmpty)
        }
    }

    @Test("the data span covers activity records; hires count only when asked")
    func span() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await TenantDatabaseTests.openWithProgram(dir)
            defer { database.close() }
            try await database.importTestRows(try Fixtures.everyKind())
            #expect(try await database.activitySpan(program: nil) == (try date("2026-08-12"))...(try date("2026-09-30")))
            #expect(
                try await database.activitySpan(program: "care", includeHires: true)
                    == (try date("2025-03-10"))...(try date("2026-09-30")))
            #expect(try await database.activitySpan(program: "other") == nil)
            #expect(try await database.roster(program: "care").map(\.agentID) == ["a1", "a2"])
        }
    }

    @Test("the attrition history holds the roster, monthly per-agent totals, coaching and engagement")
    func history() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await TenantDatabaseTests.openWithProgram(dir)
            defer { database.close() }
            try await database.importTestRows(try Fixtures.everyKind())
            let history = try #require(try await database.attritionHistory())
            #expect(history.firstMonth == (try month("2026-08")))
            #expect(history.lastDay == (try date("2026-09-30")))
            #expect(history.roster.map(\.agentID) == ["a1", "a2"])
            #expect(history.roster[1].terminatedOn == (try date("2026-10-01")))
            let august = try #require(history.activity["care"]?[try month("2026-08")])
            #expect(august.agentDays["a1"]?.agentDays == 2)
            #expect(august.evaluations["a1"]?.evaluations == 1)
            #expect(history.activity["care"]?[try month("2026-09")]?.agentDays["a2"]?.agentDays == 1)
            #expect(history.coaching["a1"] == [try date("2026-08-21")])
            #expect(history.engagement["a1"]?.map(\.score) == [9])
        }
    }
}
