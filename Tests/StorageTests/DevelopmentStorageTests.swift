import Foundation
import GovernanceCore
import Testing

@testable import Storage

@Suite("Development records in storage (migration v4-development)")
struct DevelopmentStorageTests {
    static func plan(agent: String = "a1") -> DevelopmentRecordRow {
        DevelopmentRecordRow(
            programID: "care", agentID: agent, kind: "improvement_plan", title: "AHT plan", details: "weekly review",
            targets: [PlanTargetRecord(metric: "aht_seconds", target: 360)], reviewDates: ["2026-11-15"], outcome: "open")
    }

    /// The rule of `RetentionPolicy.isDue` (Development), restated: kept `days` whole days after sign-off.
    static func isDue(asOf: LocalDate) -> @Sendable (LocalDate?, Int) -> Bool {
        { signedOn, days in signedOn.map { asOf >= $0.adding(days: days) } ?? false }
    }

    @Test("a signed-off record refuses changes (FAILED_PRECONDITION), and the trigger refuses them to SQL too")
    func signOffImmutability() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await TenantDatabaseTests.openWithProgram(dir)
            defer { database.close() }
            let today = try #require(LocalDate("2026-01-01"))
            let record = try await database.createDevelopmentRecord(Self.plan(), actor: "tok_a")
            let edited = try await database.updateDevelopmentRecord(
                program: "care", id: record.id,
                DevelopmentRecordUpdate(title: "AHT plan v2", details: nil, outcome: "extended", reviewDates: nil), actor: "tok_a")
            #expect(edited?.title == "AHT plan v2" && edited?.outcome == "extended")
            let signed = try await database.signOffDevelopmentRecord(program: "care", id: record.id, actor: "tok_b", today: today)
            #expect(signed?.signedOffBy == "tok_b" && signed?.signedOffAt != nil)
            let before = try await database.developmentRecords(program: "care")

            do {
                _ = try await database.updateDevelopmentRecord(
                    program: "care", id: record.id,
                    DevelopmentRecordUpdate(title: "tampered", details: nil, outcome: nil, reviewDates: nil), actor: "tok_a")
                Issue.record("a signed record was changed")
            } catch let error as GovernanceError {
                #expect(error.code == .failedPrecondition)
            }
            do {
                _ = try await database.signOffDevelopmentRecord(program: "care", id: record.id, actor: "tok_c", today: today)
                Issue.record("a second sign-off was accepted")
            } catch let error as GovernanceError {
                #expect(error.code == .failedPrecondition)
            }
            // Someone with the file but not the server: the trigger refuses the update.
            #expect(throws: FixtureError.self) {
                try sqlite3(dir + "/acme.sqlite", "UPDATE dev_record SET title = 'tampered' WHERE id = \(record.id)")
            }
            #expect(try await database.developmentRecords(program: "care") == before)
            // Another program's id is not found (nil), not refused.
            #expect(try await database.signOffDevelopmentRecord(program: "sales", id: record.id, actor: "tok_c", today: today) == nil)
            let audit = try await database.audit(limit: 20).map(\.action)
            #expect(audit.filter { $0 == "SignOffRecord" }.count == 1 && audit.contains("CreateRecord"))
        }
    }

    @Test("a purge deletes signed records from sign-off + retention days on, never unsigned ones, and logs each run")
    func purgeBoundary() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await TenantDatabaseTests.openWithProgram(dir)
            defer { database.close() }
            let signedOn = try #require(LocalDate("2026-01-01"))
            let signed = try await database.createDevelopmentRecord(Self.plan(), actor: "tok_a")
            _ = try await database.signOffDevelopmentRecord(program: "care", id: signed.id, actor: "tok_a", today: signedOn)
            let live = try await database.createDevelopmentRecord(Self.plan(agent: "a2"), actor: "tok_a")
            #expect(try await database.retentionDays() == (2555, false))
            try await database.setRetentionDays(30, actor: "tok_admin")
            #expect(try await database.retentionDays() == (30, true))

            let early = try #require(LocalDate("2026-01-30"))
            let kept = try await database.purgeDevelopmentRecords(asOf: early, actor: "tok_admin", isDue: Self.isDue(asOf: early))
            #expect(kept.purged == 0 && kept.retentionDays == 30)
            let due = try #require(LocalDate("2026-01-31"))
            let run = try await database.purgeDevelopmentRecords(asOf: due, actor: "tok_admin", isDue: Self.isDue(asOf: due))
            #expect(run.purged == 1 && run.recordIDs == [signed.id] && run.runBy == "tok_admin")
            #expect(try await database.developmentRecords(program: "care").map(\.id) == [live.id])

            let runs = try await database.purgeRuns()
            #expect(runs.map(\.purged) == [1, 0] && runs.first?.asOf == due)
            #expect(throws: FixtureError.self) { try sqlite3(dir + "/acme.sqlite", "DELETE FROM dev_purge") }
            #expect(throws: FixtureError.self) {
                try sqlite3(dir + "/acme.sqlite", "DELETE FROM dev_record WHERE id = \(live.id)")
            }
            #expect(try await database.audit(limit: 20).map(\.action).filter { $0 == "PurgeRecords" }.count == 2)
            #expect(try await database.verifyAudit().firstBroken == nil)
        }
    }

    @Test("a respondent answers once; responses are stored apart from the request")
    func feedbackOnce() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await TenantDatabaseTests.openWithProgram(dir)
            defer { database.close() }
            let request = try await database.createFeedbackRequest(
                FeedbackRequestRecord(
                    programID: "care", subjectID: "a1", competencies: ["empathy"],
                    respondents: [FeedbackInvitee(respondentID: "a2", relationship: "peer")]),
                actor: "tok_a")
            #expect(try await database.feedbackRequest(request.id)?.respondents.map(\.respondentID) == ["a2"])
            #expect(try await database.submitFeedback(request: request.id, respondent: "a2", ratings: ["empathy": 4], comment: "kind", actor: "tok_f") == 1)
            do {
                _ = try await database.submitFeedback(request: request.id, respondent: "a2", ratings: ["empathy": 1], comment: "", actor: "tok_f")
                Issue.record("a second answer was accepted")
            } catch let error as GovernanceError {
                #expect(error.code == .failedPrecondition)
            }
            #expect(try await database.feedbackResponses(request: request.id).map(\.ratings) == [["empathy": 4]])
            let audit = try await database.audit(limit: 5).map(\.detail).joined(separator: "\n")
            #expect(!audit.contains("kind") && !audit.contains("a2 "))
        }
    }
}
