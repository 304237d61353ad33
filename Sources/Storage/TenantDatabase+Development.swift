import Foundation
import GRDB
import GovernanceCore

extension TenantDatabase {
    // MARK: Roster and QA answers

    /// The program's roster with site, team and supervisor, by agent id.
    public func rosterPlacements(program: String) async throws(GovernanceError) -> [RosterPlacement] {
        try await mapStorageErrors("reading the roster") {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT agent_id, site_id, team_id, supervisor_id FROM roster WHERE program_id = ? ORDER BY agent_id",
                    arguments: [program]
                ).map { RosterPlacement(agentID: $0[0], siteID: $0[1], teamID: $0[2], supervisorID: $0[3]) }
            }
        }
    }

    /// The program's non-calibration evaluations dated in `days`, with their answers.
    public func evaluationAnswers(program: String, days: ClosedRange<LocalDate>) async throws(GovernanceError)
        -> [EvaluationAnswers]
    {
        try await mapStorageErrors("reading QA answers") {
            try await pool.read { db in
                var evaluations: [String: EvaluationAnswers] = [:]
                var order: [String] = []
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.id, e.agent_id, e.form_id, e.form_version, a.item_id, a.points
                        FROM evaluation e LEFT JOIN evaluation_answer a ON a.evaluation_id = e.id
                        WHERE e.program_id = ? AND e.local_date BETWEEN ? AND ?
                          AND (e.calibration_session_id IS NULL OR e.calibration_session_id = '')
                        ORDER BY e.id
                        """,
                    arguments: [program, days.lowerBound.dayNumber, days.upperBound.dayNumber])
                for row in rows {
                    let id: String = row[0]
                    if evaluations[id] == nil {
                        order.append(id)
                        evaluations[id] = EvaluationAnswers(
                            evaluationID: id, agentID: row[1], formID: row[2], formVersion: row[3], answers: [:])
                    }
                    if let item: String = row[4], let points: Double = row[5] { evaluations[id]?.answers[item] = points }
                }
                return order.compactMap { evaluations[$0] }
            }
        }
    }

    // MARK: Goals

    /// Stores a goal and its audit entry.
    public func createGoal(_ goal: GoalRecord, actor: String) async throws(GovernanceError) -> GoalRecord {
        let tenant = self.tenant
        return try await mapStorageErrors("creating a goal") {
            try await pool.write { db in
                let now = timestampNow()
                try db.execute(
                    sql: """
                        INSERT INTO dev_goal (program_id, scope, scope_id, metric, target, baseline_month, due_date,
                            title, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        goal.programID, goal.scope, goal.scopeID, goal.metric, goal.target, goal.baselineMonth.index,
                        goal.dueDate.dayNumber, goal.title, actor, now,
                    ])
                var stored = goal
                stored.id = db.lastInsertedRowID
                stored.createdBy = actor
                stored.createdAt = now
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "CreateGoal",
                        detail: "goal \(stored.id) in program \(goal.programID): \(goal.scope) \(goal.scopeID) "
                            + "\(goal.metric) to \(goal.target) by \(goal.dueDate) from baseline \(goal.baselineMonth)"),
                    in: db)
                return stored
            }
        }
    }

    /// A program's goals by id.
    public func goals(program: String) async throws(GovernanceError) -> [GoalRecord] {
        try await mapStorageErrors("reading goals") {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM dev_goal WHERE program_id = ? ORDER BY id", arguments: [program])
                    .map { row in
                        GoalRecord(
                            id: row["id"], programID: row["program_id"], scope: row["scope"], scopeID: row["scope_id"],
                            metric: row["metric"], target: row["target"], baselineMonth: Month(index: row["baseline_month"]),
                            dueDate: LocalDate(dayNumber: row["due_date"]), title: row["title"],
                            createdBy: row["created_by"], createdAt: row["created_at"])
                    }
            }
        }
    }

    // MARK: Records

    /// Stores an unsigned development record and its audit entry.
    public func createDevelopmentRecord(_ record: DevelopmentRecordRow, actor: String) async throws(GovernanceError)
        -> DevelopmentRecordRow
    {
        let tenant = self.tenant
        return try await mapStorageErrors("creating a development record") {
            try await pool.write { db in
                let now = timestampNow()
                try db.execute(
                    sql: """
                        INSERT INTO dev_record (program_id, agent_id, kind, title, details, targets, review_dates, outcome,
                            created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.programID, record.agentID, record.kind, record.title, record.details,
                        try Self.json(record.targets), try Self.json(record.reviewDates), record.outcome, actor, now, now,
                    ])
                let id = db.lastInsertedRowID
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "CreateRecord",
                        detail: "\(record.kind) \(id) for agent \(record.agentID) in program \(record.programID): \(record.title)"),
                    in: db)
                return try Self.developmentRecords(program: record.programID, id: id, in: db)[0]
            }
        }
    }

    /// Applies `update` to unsigned record `id` of `program`.
    /// - Returns: The record after the change; `nil` when the program has no record `id`.
    /// - Throws: FAILED_PRECONDITION when the record is signed off (nothing changes).
    public func updateDevelopmentRecord(program: String, id: Int64, _ update: DevelopmentRecordUpdate, actor: String)
        async throws(GovernanceError) -> DevelopmentRecordRow?
    {
        let tenant = self.tenant
        return try await mapStorageErrors("updating a development record") {
            try await pool.write { db -> DevelopmentRecordRow? in
                guard var record = try Self.developmentRecords(program: program, id: id, in: db).first else { return nil }
                try Self.requireUnsigned(record)
                var changed: [String] = []
                if let title = update.title, title != record.title { record.title = title; changed.append("title") }
                if let details = update.details, details != record.details { record.details = details; changed.append("details") }
                if let outcome = update.outcome, outcome != record.outcome { record.outcome = outcome; changed.append("outcome") }
                if let dates = update.reviewDates, dates != record.reviewDates {
                    record.reviewDates = dates
                    changed.append("review_dates")
                }
                guard !changed.isEmpty else { return record }
                try db.execute(
                    sql: "UPDATE dev_record SET title = ?, details = ?, outcome = ?, review_dates = ?, updated_at = ? WHERE id = ?",
                    arguments: [record.title, record.details, record.outcome, try Self.json(record.reviewDates), timestampNow(), id])
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "UpdateRecord",
                        detail: "\(record.kind) \(id) in program \(program): changed \(changed.joined(separator: ", "))"),
                    in: db)
                return try Self.developmentRecords(program: program, id: id, in: db).first
            }
        }
    }

    /// Signs record `id` of `program` off: from then on it is immutable.
    /// - Returns: The signed record; `nil` when the program has no record `id`.
    /// - Throws: FAILED_PRECONDITION when it is already signed off.
    public func signOffDevelopmentRecord(program: String, id: Int64, actor: String, today: LocalDate)
        async throws(GovernanceError) -> DevelopmentRecordRow?
    {
        let tenant = self.tenant
        return try await mapStorageErrors("signing off a development record") {
            try await pool.write { db -> DevelopmentRecordRow? in
                guard let record = try Self.developmentRecords(program: program, id: id, in: db).first else { return nil }
                try Self.requireUnsigned(record)
                let now = timestampNow()
                try db.execute(
                    sql: "UPDATE dev_record SET signed_off_by = ?, signed_off_at = ?, signed_off_on = ?, updated_at = ? WHERE id = ?",
                    arguments: [actor, now, today.dayNumber, now, id])
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "SignOffRecord",
                        detail: "\(record.kind) \(id) for agent \(record.agentID) in program \(program) signed off"),
                    in: db)
                return try Self.developmentRecords(program: program, id: id, in: db).first
            }
        }
    }

    /// A program's records by id, optionally one agent's or one kind.
    public func developmentRecords(program: String, agent: String? = nil, kind: String? = nil)
        async throws(GovernanceError) -> [DevelopmentRecordRow]
    {
        try await mapStorageErrors("reading development records") {
            try await pool.read { db in
                try Self.developmentRecords(program: program, id: nil, in: db)
                    .filter { agent == nil || $0.agentID == agent }
                    .filter { kind == nil || $0.kind == kind }
            }
        }
    }

    static func requireUnsigned(_ record: DevelopmentRecordRow) throws(GovernanceError) {
        if let by = record.signedOffBy, let at = record.signedOffAt {
            throw GovernanceError(
                code: .failedPrecondition,
                message: "record \(record.id) was signed off by \(by) at \(at) and can no longer change")
        }
    }

    static func developmentRecords(program: String, id: Int64?, in db: Database) throws -> [DevelopmentRecordRow] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM dev_record WHERE program_id = ? AND (? IS NULL OR id = ?) ORDER BY id",
            arguments: [program, id, id]
        ).map { row in
            DevelopmentRecordRow(
                id: row["id"], programID: row["program_id"], agentID: row["agent_id"], kind: row["kind"],
                title: row["title"], details: row["details"],
                targets: try decode([PlanTargetRecord].self, row["targets"]),
                reviewDates: try decode([String].self, row["review_dates"]), outcome: row["outcome"],
                createdBy: row["created_by"], createdAt: row["created_at"], updatedAt: row["updated_at"],
                signedOffBy: row["signed_off_by"], signedOffAt: row["signed_off_at"])
        }
    }

    // MARK: Retention

    /// The tenant's retention period in days and whether it was set explicitly.
    public func retentionDays() async throws(GovernanceError) -> (days: Int, explicit: Bool) {
        try await mapStorageErrors("reading the retention period") {
            try await pool.read { db in try Self.retention(db) }
        }
    }

    /// Sets the tenant's retention period (audited).
    public func setRetentionDays(_ days: Int, actor: String) async throws(GovernanceError) {
        let tenant = self.tenant
        try await mapStorageErrors("setting the retention period") {
            try await pool.write { db in
                let old = try Self.retention(db)
                try db.execute(
                    sql: "INSERT INTO dev_setting (key, value) VALUES ('retention_days', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [String(days)])
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "SetRetention",
                        detail: "retention of signed-off development records: \(old.days) → \(days) days"),
                    in: db)
            }
        }
    }

    /// Deletes the signed-off records due under `isDue(signedOn, retentionDays)` and logs the run
    /// (purge log and audit), in one transaction.
    /// - Parameter logEmpty: Whether a run that deletes nothing is logged too (requested runs are;
    ///   the server's daily sweep logs only the runs that delete something). An unlogged run has id 0.
    public func purgeDevelopmentRecords(
        asOf: LocalDate, actor: String, logEmpty: Bool = true, isDue: @Sendable (LocalDate?, Int) -> Bool
    ) async throws(GovernanceError) -> PurgeRunRecord {
        let tenant = self.tenant
        return try await mapStorageErrors("purging development records") {
            try await pool.write { db in
                let retention = try Self.retention(db).days
                let signed = try Row.fetchAll(
                    db, sql: "SELECT id, signed_off_on FROM dev_record WHERE signed_off_at IS NOT NULL ORDER BY id")
                let due: [Int64] = signed.compactMap { row in
                    let id: Int64 = row[0]
                    let day: Int? = row[1]
                    return isDue(day.map(LocalDate.init(dayNumber:)), retention) ? id : nil
                }
                let now = timestampNow()
                guard logEmpty || !due.isEmpty else {
                    return PurgeRunRecord(
                        id: 0, runAt: now, runBy: actor, asOf: asOf, retentionDays: retention, purged: 0, recordIDs: [])
                }
                for id in due { try db.execute(sql: "DELETE FROM dev_record WHERE id = ?", arguments: [id]) }
                try db.execute(
                    sql: "INSERT INTO dev_purge (run_at, run_by, as_of, retention_days, purged, record_ids) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [now, actor, asOf.dayNumber, retention, due.count, try Self.json(due)])
                let run = PurgeRunRecord(
                    id: db.lastInsertedRowID, runAt: now, runBy: actor, asOf: asOf, retentionDays: retention,
                    purged: due.count, recordIDs: due)
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "PurgeRecords",
                        detail: "purge \(run.id) as of \(asOf), retention \(retention) days: \(due.count) record(s) deleted"
                            + (due.isEmpty ? "" : " (\(due.map(String.init).joined(separator: ", ")))")),
                    in: db)
                return run
            }
        }
    }

    /// The purge log, newest first.
    public func purgeRuns() async throws(GovernanceError) -> [PurgeRunRecord] {
        try await mapStorageErrors("reading the purge log") {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM dev_purge ORDER BY id DESC").map { row in
                    PurgeRunRecord(
                        id: row["id"], runAt: row["run_at"], runBy: row["run_by"],
                        asOf: LocalDate(dayNumber: row["as_of"]), retentionDays: row["retention_days"],
                        purged: row["purged"], recordIDs: try decode([Int64].self, row["record_ids"]))
                }
            }
        }
    }

    static func retention(_ db: Database) throws -> (days: Int, explicit: Bool) {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM dev_setting WHERE key = 'retention_days'"),
            let days = Int(text)
        else { return (2555, false) }
        return (days, true)
    }

    // MARK: 360 feedback

    /// Stores a feedback request with its respondents (audited).
    public func createFeedbackRequest(_ request: FeedbackRequestRecord, actor: String) async throws(GovernanceError)
        -> FeedbackRequestRecord
    {
        let tenant = self.tenant
        return try await mapStorageErrors("creating a feedback request") {
            try await pool.write { db in
                let now = timestampNow()
                try db.execute(
                    sql: "INSERT INTO dev_feedback_request (program_id, subject_id, competencies, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [request.programID, request.subjectID, try Self.json(request.competencies), actor, now])
                let id = db.lastInsertedRowID
                for invitee in request.respondents {
                    try db.execute(
                        sql: "INSERT INTO dev_feedback_respondent (request_id, respondent_id, relationship) VALUES (?, ?, ?)",
                        arguments: [id, invitee.respondentID, invitee.relationship])
                }
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "CreateFeedbackRequest",
                        detail: "feedback request \(id) on \(request.subjectID) in program \(request.programID): "
                            + "\(request.respondents.count) respondent(s), \(request.competencies.count) competencies"),
                    in: db)
                var stored = request
                stored.id = id
                stored.createdBy = actor
                stored.createdAt = now
                return stored
            }
        }
    }

    /// Feedback request `id`, or `nil`.
    public func feedbackRequest(_ id: Int64) async throws(GovernanceError) -> FeedbackRequestRecord? {
        try await mapStorageErrors("reading a feedback request") {
            try await pool.read { db in try Self.feedbackRequest(id, in: db) }
        }
    }

    static func feedbackRequest(_ id: Int64, in db: Database) throws -> FeedbackRequestRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dev_feedback_request WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let invitees = try Row.fetchAll(
            db, sql: "SELECT respondent_id, relationship FROM dev_feedback_respondent WHERE request_id = ? ORDER BY rowid",
            arguments: [id]
        ).map { FeedbackInvitee(respondentID: $0[0], relationship: $0[1]) }
        return FeedbackRequestRecord(
            id: row["id"], programID: row["program_id"], subjectID: row["subject_id"],
            competencies: try decode([String].self, row["competencies"]), respondents: invitees,
            createdBy: row["created_by"], createdAt: row["created_at"])
    }

    /// Stores one respondent's answer (audited without its content).
    /// - Returns: Responses received so far.
    /// - Throws: FAILED_PRECONDITION when the respondent already answered.
    public func submitFeedback(
        request id: Int64, respondent: String, ratings: [String: Int], comment: String, actor: String
    ) async throws(GovernanceError) -> Int {
        let tenant = self.tenant
        return try await mapStorageErrors("storing a feedback response") {
            try await pool.write { db in
                let exists = try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM dev_feedback_response WHERE request_id = ? AND respondent_id = ?",
                    arguments: [id, respondent]) ?? false
                if exists {
                    throw GovernanceError(
                        code: .failedPrecondition, message: "this respondent already answered feedback request \(id)")
                }
                try db.execute(
                    sql: "INSERT INTO dev_feedback_response (request_id, respondent_id, ratings, comment, submitted_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [id, respondent, try Self.json(ratings), comment, timestampNow()])
                // The audit entry names neither the respondent nor the answer: the log is readable by viewers.
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "SubmitFeedback",
                        detail: "a response to feedback request \(id) was recorded"),
                    in: db)
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM dev_feedback_response WHERE request_id = ?", arguments: [id]) ?? 0
            }
        }
    }

    /// The responses of request `id`.
    public func feedbackResponses(request id: Int64) async throws(GovernanceError) -> [FeedbackResponseRecord] {
        try await mapStorageErrors("reading feedback responses") {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT respondent_id, ratings, comment FROM dev_feedback_response WHERE request_id = ? ORDER BY rowid",
                    arguments: [id]
                ).map { FeedbackResponseRecord(respondentID: $0[0], ratings: try decode([String: Int].self, $0[1]), comment: $0[2]) }
            }
        }
    }

    // MARK: Eligibility

    /// Stores an eligibility list (audited).
    public func createEligibilityList(_ list: EligibilityListRecord, actor: String) async throws(GovernanceError)
        -> EligibilityListRecord
    {
        let tenant = self.tenant
        return try await mapStorageErrors("storing an eligibility list") {
            try await pool.write { db in
                let now = timestampNow()
                try db.execute(
                    sql: """
                        INSERT INTO dev_eligibility (program_id, period, rule, rule_value, rule_text, ranked_agents, agents,
                            created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        list.programID, list.period, list.rule, list.value, list.ruleText, list.rankedAgents,
                        try Self.json(list.agents), actor, now,
                    ])
                var stored = list
                stored.id = db.lastInsertedRowID
                stored.createdBy = actor
                stored.createdAt = now
                try AuditLog.append(
                    AuditDraft(
                        actor: actor, tenant: tenant, action: "CreateEligibilityList",
                        detail: "eligibility list \(stored.id) for program \(list.programID), \(list.period): "
                            + "\(list.ruleText): \(list.agents.count) of \(list.rankedAgents) ranked agents"),
                    in: db)
                return stored
            }
        }
    }

    /// A program's eligibility lists by id, optionally one period's.
    public func eligibilityLists(program: String, period: String?) async throws(GovernanceError) -> [EligibilityListRecord] {
        try await mapStorageErrors("reading eligibility lists") {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM dev_eligibility WHERE program_id = ? AND (? IS NULL OR period = ?) ORDER BY id",
                    arguments: [program, period, period]
                ).map { row in
                    EligibilityListRecord(
                        id: row["id"], programID: row["program_id"], period: row["period"], rule: row["rule"],
                        value: row["rule_value"], ruleText: row["rule_text"], rankedAgents: row["ranked_agents"],
                        agents: try decode([EligibleAgentRecord].self, row["agents"]), createdBy: row["created_by"],
                        createdAt: row["created_at"])
                }
            }
        }
    }

    // MARK: JSON columns

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(text.utf8))
}
