import Foundation
import GovernanceCore
import Testing

@testable import Storage

@Suite("Review action items in storage (migration v4-review)")
struct ActionStorageTests {
    @Test("actions are created, updated field by field with history, audited, and scoped to their program")
    func lifecycle() async throws {
        try await withTemporaryDirectory { dir in
            let database = try await TenantDatabaseTests.openWithProgram(dir)
            defer { database.close() }
            guard let due = LocalDate("2026-11-15"), let later = LocalDate("2026-11-30"), let month = Month("2026-10") else {
                throw FixtureError(description: "bad literal")
            }
            let created = try await database.createAction(
                ActionDraft(
                    programID: "care", reviewMonth: month, metric: "service_level", title: "Fix the feed", owner: "ops",
                    dueDate: due, note: "raised in review"),
                actor: "tok_a")
            #expect(created.status == "open" && created.history.map(\.field) == ["created"])
            #expect(created.history.first?.actor == "tok_a" && created.history.first?.note == "raised in review")

            let updated = try await database.updateAction(
                program: "care", id: created.id,
                ActionUpdate(status: "done", title: nil, owner: "lead", dueDate: later, note: "closed"), actor: "tok_b")
            #expect(updated?.status == "done" && updated?.owner == "lead" && updated?.dueDate == later)
            #expect(updated?.history.map(\.field) == ["created", "status", "owner", "due_date"])
            #expect(updated?.history.last?.oldValue == "2026-11-15" && updated?.history.last?.newValue == "2026-11-30")
            #expect(updated?.history.dropFirst().allSatisfy { $0.actor == "tok_b" && $0.note == "closed" } == true)

            // Unchanged values record nothing; another program's id is not found.
            let same = try await database.updateAction(
                program: "care", id: created.id,
                ActionUpdate(status: "done", title: nil, owner: nil, dueDate: nil, note: ""), actor: "tok_b")
            #expect(same?.history.count == 4)
            let elsewhere = try await database.updateAction(
                program: "sales", id: created.id,
                ActionUpdate(status: "open", title: nil, owner: nil, dueDate: nil, note: ""), actor: "tok_b")
            #expect(elsewhere == nil)

            let audit = try await database.audit(limit: 10).map(\.action)
            #expect(audit.filter { $0 == "CreateAction" }.count == 1)
            #expect(audit.filter { $0 == "UpdateActionStatus" }.count == 3)
            #expect(try await database.verifyAudit().firstBroken == nil)
            #expect(try await database.actions(program: "care").count == 1)
            #expect(try await database.actions(program: "sales").isEmpty)
        }
    }
}
