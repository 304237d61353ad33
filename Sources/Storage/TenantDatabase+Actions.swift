import GRDB
import GovernanceCore

extension TenantDatabase {
    /// Stores a new open action item, its `created` history entry and an audit entry, in one transaction.
    /// - Parameters:
    ///   - draft: The validated action.
    ///   - actor: Token id of the caller (history and audit).
    public func createAction(_ draft: ActionDraft, actor: String) async throws(GovernanceError) -> ActionRecord {
        let tenant = self.tenant
        return try await mapStorageErrors("creating an action item") {
            try await pool.write { db in
                let now = timestampNow()
                try db.execute(
                    sql: """
                        INSERT INTO review_action (program_id, review_month, metric, title, owner, due_date, status,
                            created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)
                        """,
                    arguments: [
                        draft.programID, draft.reviewMonth.index, draft.metric, draft.title, draft.owner,
                        draft.dueDate.dayNumber, now, now,
                    ])
                let id = db.lastInsertedRowID
                let summary =
                    "\(draft.metric): \(draft.title) (owner \(draft.owner), due \(draft.dueDate), review \(draft.reviewMonth))"
                try Self.recordChange(
                    id, at: now, actor: actor, field: "created", old: "", new: summary, note: draft.note, in: db)
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "CreateAction",
                        detail: "action \(id) in program \(draft.programID): \(summary)"), in: db)
                guard let record = try Self.actions(program: draft.programID, id: id, in: db).first else {
                    throw GovernanceError(code: .internal, message: "action \(id) vanished after insert")
                }
                return record
            }
        }
    }

    /// Applies `update` to action `id` of `program`, recording one history and audit entry per changed field.
    /// - Returns: The action after the update; `nil` when the program has no action `id`.
    public func updateAction(program: String, id: Int64, _ update: ActionUpdate, actor: String)
        async throws(GovernanceError) -> ActionRecord?
    {
        let tenant = self.tenant
        return try await mapStorageErrors("updating an action item") {
            try await pool.write { db -> ActionRecord? in
                guard let current = try Self.actions(program: program, id: id, in: db).first else { return nil }
                let now = timestampNow()
                var changes: [(field: String, column: String, old: String, new: String, value: any DatabaseValueConvertible)] = []
                if let status = update.status, status != current.status {
                    changes.append(("status", "status", current.status, status, status))
                }
                if let title = update.title, title != current.title {
                    changes.append(("title", "title", current.title, title, title))
                }
                if let owner = update.owner, owner != current.owner {
                    changes.append(("owner", "owner", current.owner, owner, owner))
                }
                if let due = update.dueDate, due != current.dueDate {
                    changes.append(("due_date", "due_date", current.dueDate.description, due.description, due.dayNumber))
                }
                for change in changes {
                    try db.execute(
                        sql: "UPDATE review_action SET \(change.column) = ?, updated_at = ? WHERE id = ?",
                        arguments: [change.value, now, id])
                    try Self.recordChange(
                        id, at: now, actor: actor, field: change.field, old: change.old, new: change.new,
                        note: update.note, in: db)
                    try AuditLog.append(
                        AuditDraft(
                            actor: actor, tenant: tenant, action: "UpdateActionStatus",
                            detail: "action \(id) in program \(program): \(change.field) '\(change.old)' → '\(change.new)'"
                                + (update.note.isEmpty ? "" : " (\(update.note))")), in: db)
                }
                return try Self.actions(program: program, id: id, in: db).first
            }
        }
    }

    /// A program's action items with their history, by review month then id.
    public func actions(program: String) async throws(GovernanceError) -> [ActionRecord] {
        try await mapStorageErrors("reading action items") {
            try await pool.read { db in try Self.actions(program: program, id: nil, in: db) }
        }
    }

    static func recordChange(
        _ id: Int64, at: String, actor: String, field: String, old: String, new: String, note: String, in db: Database
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO review_action_change (action_id, at, actor, field, old_value, new_value, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, at, actor, field, old, new, note])
    }

    static func actions(program: String, id: Int64?, in db: Database) throws -> [ActionRecord] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM review_action WHERE program_id = ? AND (? IS NULL OR id = ?)
                ORDER BY review_month, id
                """,
            arguments: [program, id, id])
        var history: [Int64: [ActionChangeRecord]] = [:]
        let changes = try Row.fetchAll(
            db,
            sql: """
                SELECT c.* FROM review_action_change c JOIN review_action a ON a.id = c.action_id
                WHERE a.program_id = ? AND (? IS NULL OR a.id = ?) ORDER BY c.seq
                """,
            arguments: [program, id, id])
        for row in changes {
            history[row["action_id"], default: []].append(
                ActionChangeRecord(
                    at: row["at"], actor: row["actor"], field: row["field"], oldValue: row["old_value"],
                    newValue: row["new_value"], note: row["note"]))
        }
        return rows.map { row in
            let actionID: Int64 = row["id"]
            return ActionRecord(
                id: actionID, programID: row["program_id"], reviewMonth: Month(index: row["review_month"]),
                metric: row["metric"], title: row["title"], owner: row["owner"],
                dueDate: LocalDate(dayNumber: row["due_date"]), status: row["status"], createdAt: row["created_at"],
                updatedAt: row["updated_at"], history: history[actionID] ?? [])
        }
    }
}
