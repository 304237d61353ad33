import GRDB
import GovernanceCore
import Ingest
import Quality
import Scorecards

/// An evaluation as disputes and coaching sessions need it.
public struct StoredEvaluation: Sendable, Equatable {
    public var id: String
    public var programID: String
    public var agentID: String
    public var form: QAFormKey
    public var localDate: LocalDate
    public var isCalibration: Bool
    public var qualityScore: Double?
    public var compliant: Bool
    /// Item id → points.
    public var answers: [String: Double]
}

/// A stored dispute (issue 5).
public struct DisputeRecord: Sendable, Equatable {
    public var id: String
    public var evaluationID: String
    public var itemID: String
    public var programID: String
    public var agentID: String
    public var openedBy: String
    public var reason: String
    public var openedAt: String
    public var state: DisputeState
    public var originalPoints: Double
    public var resolvedPoints: Double?
    public var resolvedBy: String?
    public var resolutionNote: String?
    public var resolvedAt: String?
    /// Set by ``TenantDatabase/openDispute`` when an open dispute of the item was returned.
    public var alreadyOpen = false
}

extension TenantDatabase {
    // MARK: Forms and evaluations

    /// The items of every QA form version, as the answer checks of imports need them.
    public func qaFormItems() async throws(GovernanceError) -> [QAFormKey: [String: QAItemRule]] {
        try await mapStorageErrors("reading QA form items") {
            try await pool.read { db in
                var forms: [QAFormKey: [String: QAItemRule]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT form_id, version, item_id, max_points, hard_fail FROM qa_form_item") {
                    forms[QAFormKey(formID: row[0], version: row[1]), default: [:]][row[2]] =
                        QAItemRule(maxPoints: row[3], hardFail: row[4])
                }
                return forms
            }
        }
    }

    /// The scoring view of one form version's items.
    public func scoredItems(_ form: QAFormKey) async throws(GovernanceError) -> [ScoredItem] {
        try await mapStorageErrors("reading QA form items") {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT item_id, weight, max_points, hard_fail FROM qa_form_item WHERE form_id = ? AND version = ?",
                    arguments: [form.formID, form.version]
                ).map { ScoredItem(itemID: $0[0], weight: $0[1], maxPoints: $0[2], hardFail: $0[3]) }
            }
        }
    }

    /// Evaluation id → the form version it used, for every stored evaluation.
    public func evaluationForms() async throws(GovernanceError) -> [String: QAFormKey] {
        try await mapStorageErrors("reading evaluations") {
            try await pool.read { db in
                var forms: [String: QAFormKey] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT id, form_id, form_version FROM evaluation")
                while let row = try rows.next() { forms[row[0]] = QAFormKey(formID: row[1], version: row[2]) }
                return forms
            }
        }
    }

    /// One evaluation with its answers, or `nil`.
    public func evaluation(_ id: String) async throws(GovernanceError) -> StoredEvaluation? {
        try await mapStorageErrors("reading an evaluation") {
            try await pool.read { db in try Self.evaluation(id, in: db) }
        }
    }

    static func evaluation(_ id: String, in db: Database) throws -> StoredEvaluation? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, program_id, agent_id, form_id, form_version, local_date, calibration_session_id,
                        quality_score, compliance_pass FROM evaluation WHERE id = ?
                    """, arguments: [id])
        else { return nil }
        var answers: [String: Double] = [:]
        for answer in try Row.fetchAll(
            db, sql: "SELECT item_id, points FROM evaluation_answer WHERE evaluation_id = ?", arguments: [id])
        {
            answers[answer[0]] = answer[1]
        }
        let session: String? = row[6]
        return StoredEvaluation(
            id: row[0], programID: row[1], agentID: row[2], form: QAFormKey(formID: row[3], version: row[4]),
            localDate: LocalDate(dayNumber: row[5]), isCalibration: session != nil, qualityScore: row[7],
            compliant: row[8], answers: answers)
    }

    /// Stores one evaluation and its answers (replacing the evaluation's old answers), re-scoring
    /// it in the same transaction, with an audit entry.
    /// - Returns: Whether an evaluation with this id was replaced.
    public func submitEvaluation(
        _ evaluation: EvaluationRow, answers: [EvaluationAnswerRow], audit: AuditDraft
    ) async throws(GovernanceError) -> Bool {
        try await mapStorageErrors("storing the evaluation") {
            try await pool.write { db in
                let replaced = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM evaluation WHERE id = ?)", arguments: [evaluation.evaluationID]
                ) ?? false
                try db.execute(
                    sql: "DELETE FROM evaluation_answer WHERE evaluation_id = ?", arguments: [evaluation.evaluationID])
                var sink = try RowSink(db: db)
                try sink.write(.evaluation(evaluation))
                for answer in answers { try sink.write(.evaluationAnswer(answer)) }
                try sink.finish()
                try AuditLog.append(audit, in: db)
                return replaced
            }
        }
    }

    /// Stores a coaching session (an upsert by its id) with an audit entry.
    public func recordCoachingSession(_ session: CoachingSessionRow, audit: AuditDraft) async throws(GovernanceError) {
        try await mapStorageErrors("storing the coaching session") {
            try await pool.write { db in
                var sink = try RowSink(db: db)
                try sink.write(.coachingSession(session))
                try sink.finish()
                try AuditLog.append(audit, in: db)
            }
        }
    }

    // MARK: Calibration and coaching inputs

    /// Every calibration evaluation of a program, with answers.
    public func calibrationEvaluations(program: String) async throws(GovernanceError) -> [CalibrationEvaluation] {
        try await mapStorageErrors("reading calibration evaluations") {
            try await pool.read { db in
                var answers: [String: [String: Double]] = [:]
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.evaluation_id, a.item_id, a.points FROM evaluation_answer a
                        JOIN evaluation e ON e.id = a.evaluation_id
                        WHERE e.program_id = ? AND e.calibration_session_id IS NOT NULL
                        """, arguments: [program])
                {
                    answers[row[0], default: [:]][row[1]] = row[2]
                }
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, calibration_session_id, evaluator_id, expert_evaluator_id, evaluated_at, local_date,
                            quality_score FROM evaluation
                        WHERE program_id = ? AND calibration_session_id IS NOT NULL
                        """, arguments: [program]
                ).map { row in
                    CalibrationEvaluation(
                        evaluationID: row[0], sessionID: row[1], evaluatorID: row[2], expertEvaluatorID: row[3],
                        evaluatedAtMillis: row[4], localDate: LocalDate(dayNumber: row[5]), qualityScore: row[6],
                        answers: answers[row[0]] ?? [:])
                }
            }
        }
    }

    /// The coaching inputs: non-calibration evaluations (of one program, or all), the roster's
    /// supervisors and the coaching sessions.
    public func coachingInputs(program: String?) async throws(GovernanceError) -> (
        evaluations: [CoachingEvaluation], supervisors: [String: String], sessions: [CoachingSessionFact]
    ) {
        try await mapStorageErrors("reading coaching inputs") {
            try await pool.read { db in
                let filter = program == nil ? "" : " AND program_id = ?"
                let arguments: StatementArguments = program.map { [$0] } ?? []
                let evaluations = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, program_id, agent_id, local_date, quality_score, compliance_pass FROM evaluation
                        WHERE calibration_session_id IS NULL\(filter)
                        """, arguments: arguments
                ).map { row in
                    CoachingEvaluation(
                        evaluationID: row[0], programID: row[1], agentID: row[2], localDate: LocalDate(dayNumber: row[3]),
                        qualityScore: row[4], compliant: row[5])
                }
                var supervisors: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT agent_id, supervisor_id FROM roster") {
                    supervisors[row[0]] = row[1]
                }
                let sessions = try Row.fetchAll(
                    db,
                    sql: "SELECT id, evaluation_id, agent_id, supervisor_id, held_on, focus_metrics FROM coaching_session"
                ).map { row in
                    let focus: String = row[5]
                    return CoachingSessionFact(
                        sessionID: row[0], evaluationID: row[1], agentID: row[2], supervisorID: row[3],
                        heldOn: LocalDate(dayNumber: row[4]),
                        focusMetrics: focus.split(separator: ";").compactMap { Metric(rawValue: String($0)) })
                }
                return (evaluations, supervisors, sessions)
            }
        }
    }

    /// An agent's totals in a program over a span of local days (coaching effectiveness).
    public func agentWindowTotals(program: String, agent: String, days: ClosedRange<LocalDate>) async throws(GovernanceError)
        -> AgentWindowTotals
    {
        try await mapStorageErrors("reading agent totals") {
            try await pool.read { db in
                let first = days.lowerBound.dayNumber, last = days.upperBound.dayNumber
                var totals = AgentWindowTotals()
                if let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT count(*), total(offered), total(answered), total(abandoned), total(answered_within),
                            total(abandoned_within), total(rt_answered), total(rt_wait_sum), total(handle_sum),
                            total(fcr_eligible), total(fcr_resolved), total(surveys), total(surveys_satisfied)
                        FROM interaction_day WHERE program_id = ? AND agent_id = ? AND local_date BETWEEN ? AND ?
                        """, arguments: [program, agent, first, last])
                {
                    func int(_ i: Int) -> Int { Int((row[i] as Double?) ?? 0) }
                    totals.interactions = InteractionTotals(
                        offered: int(1), answered: int(2), abandoned: int(3), answeredWithinThreshold: int(4),
                        abandonedWithinThreshold: int(5), realTimeAnswered: int(6), realTimeWaitSum: row[7],
                        handleSum: row[8], fcrEligible: int(9), fcrResolved: int(10), surveys: int(11),
                        surveysSatisfied: int(12))
                }
                if let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT count(*), count(quality_score), total(quality_score), total(compliance_pass) FROM evaluation
                        WHERE program_id = ? AND agent_id = ? AND local_date BETWEEN ? AND ? AND calibration_session_id IS NULL
                        """, arguments: [program, agent, first, last])
                {
                    let passed: Double = row[3]
                    totals.evaluations = EvaluationTotals(
                        evaluations: row[0], qualityScored: row[1], qualityScoreSum: row[2], compliancePassed: Int(passed))
                }
                if let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT count(*), total(scheduled_seconds), total(available_seconds), total(adherent_seconds)
                        FROM agent_day WHERE program_id = ? AND agent_id = ? AND date BETWEEN ? AND ?
                        """, arguments: [program, agent, first, last])
                {
                    totals.agentDays = AgentDayTotals(
                        agentDays: row[0], scheduledSeconds: row[1], availableSeconds: row[2], adherentSeconds: row[3])
                }
                return totals
            }
        }
    }

    /// Answered interactions with an agent in a program over local days, and the interaction
    /// ids already evaluated (any program).
    public func samplingCandidates(program: String, days: ClosedRange<LocalDate>) async throws(GovernanceError) -> (
        candidates: [SamplingCandidate], evaluated: Set<String>
    ) {
        try await mapStorageErrors("reading interactions") {
            try await pool.read { db in
                let candidates = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, agent_id, channel FROM interaction
                        WHERE program_id = ? AND local_date BETWEEN ? AND ? AND abandoned = 0 AND agent_id IS NOT NULL
                        """, arguments: [program, days.lowerBound.dayNumber, days.upperBound.dayNumber]
                ).compactMap { row -> SamplingCandidate? in
                    guard let channel = Channel(code: row[2]) else { return nil }
                    return SamplingCandidate(interactionID: row[0], agentID: row[1], channel: channel)
                }
                let evaluated = Set(try String.fetchAll(
                    db, sql: "SELECT DISTINCT interaction_id FROM evaluation WHERE program_id = ?", arguments: [program]))
                return (candidates, evaluated)
            }
        }
    }

    // MARK: Disputes

    /// Opens a dispute of one answer (or returns the item's open dispute), with an audit entry.
    /// - Throws: NOT_FOUND for an unknown evaluation; INVALID_ARGUMENT when it has no answer for the item.
    public func openDispute(
        evaluationID: String, itemID: String, openedBy: String, reason: String, audit: @Sendable (String) -> AuditDraft
    ) async throws -> DisputeRecord {
        try await pool.write { db in
            guard let evaluation = try Self.evaluation(evaluationID, in: db) else {
                throw GovernanceError.notFound("evaluation \(evaluationID) does not exist")
            }
            guard let points = evaluation.answers[itemID] else {
                throw GovernanceError.invalid("evaluation \(evaluationID) has no answer for item \(itemID) to dispute")
            }
            if var open = try Self.disputes(
                in: db, where: "d.evaluation_id = ? AND d.item_id = ? AND d.state = 'open'", [evaluationID, itemID]
            ).first {
                open.alreadyOpen = true
                return open
            }
            let next = (try Int.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) + 1 FROM dispute") ?? 1)
            let id = "dsp-" + String(next)
            try db.execute(
                sql: """
                    INSERT INTO dispute (seq, id, evaluation_id, item_id, opened_by, reason, opened_at, state, original_points)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)
                    """, arguments: [next, id, evaluationID, itemID, openedBy, reason, timestampNow(), points])
            try AuditLog.append(audit(id), in: db)
            guard let stored = try Self.disputes(in: db, where: "d.id = ?", [id]).first else {
                throw GovernanceError(code: .internal, message: "the dispute was not stored")
            }
            return stored
        }
    }

    /// Resolves a dispute; a `changed` one rewrites the answer and re-scores the evaluation in the
    /// same transaction (the existing evaluation rescoring), with an audit entry.
    /// - Parameter decide: The state machine: gets the dispute, returns the outcome (or throws).
    /// - Returns: The dispute after, and the evaluation before and after.
    public func resolveDispute(
        id: String, resolvedBy: String, note: String,
        decide: @Sendable (DisputeRecord, StoredEvaluation) throws -> (DisputeRules.Outcome, Double?),
        audit: @Sendable (DisputeRecord) -> AuditDraft
    ) async throws -> (dispute: DisputeRecord, before: StoredEvaluation, after: StoredEvaluation) {
        try await pool.write { db in
            guard let dispute = try Self.disputes(in: db, where: "d.id = ?", [id]).first,
                let before = try Self.evaluation(dispute.evaluationID, in: db)
            else {
                throw GovernanceError.notFound("dispute \(id) does not exist")
            }
            let (outcome, points) = try decide(dispute, before)
            guard case .apply(let state) = outcome else { return (dispute, before, before) }
            try db.execute(
                sql: """
                    UPDATE dispute SET state = ?, resolved_points = ?, resolved_by = ?, resolution_note = ?, resolved_at = ?
                    WHERE id = ?
                    """, arguments: [state.rawValue, state == .changed ? points : nil, resolvedBy, note, timestampNow(), id])
            if state == .changed, let points {
                try db.execute(
                    sql: "UPDATE evaluation_answer SET points = ? WHERE evaluation_id = ? AND item_id = ?",
                    arguments: [points, dispute.evaluationID, dispute.itemID])
                try Rollups.prepareDirtyEvaluations(in: db)
                try Rollups.markEvaluation(dispute.evaluationID, in: db)
                try Rollups.rescoreDirtyEvaluations(in: db)
            }
            guard let after = try Self.evaluation(dispute.evaluationID, in: db),
                let resolved = try Self.disputes(in: db, where: "d.id = ?", [id]).first
            else { throw GovernanceError(code: .internal, message: "the dispute vanished") }
            try AuditLog.append(audit(resolved), in: db)
            return (resolved, before, after)
        }
    }

    /// Disputes, newest first.
    public func disputes(program: String?, state: String?) async throws(GovernanceError) -> [DisputeRecord] {
        try await mapStorageErrors("reading disputes") {
            try await pool.read { db in
                var conditions: [String] = []
                var arguments: [any DatabaseValueConvertible] = []
                if let program { conditions.append("e.program_id = ?"); arguments.append(program) }
                if let state { conditions.append("d.state = ?"); arguments.append(state) }
                return try Self.disputes(
                    in: db, where: conditions.isEmpty ? "1" : conditions.joined(separator: " AND "),
                    StatementArguments(arguments))
            }
        }
    }

    static func disputes(in db: Database, where condition: String, _ arguments: StatementArguments) throws -> [DisputeRecord] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT d.id, d.evaluation_id, d.item_id, coalesce(e.program_id, ''), coalesce(e.agent_id, ''), d.opened_by,
                    d.reason, d.opened_at, d.state, d.original_points, d.resolved_points, d.resolved_by,
                    d.resolution_note, d.resolved_at
                FROM dispute d LEFT JOIN evaluation e ON e.id = d.evaluation_id
                WHERE \(condition) ORDER BY d.seq DESC
                """, arguments: arguments
        ).map { row in
            DisputeRecord(
                id: row[0], evaluationID: row[1], itemID: row[2], programID: row[3], agentID: row[4], openedBy: row[5],
                reason: row[6], openedAt: row[7], state: DisputeState(rawValue: row[8]) ?? .open, originalPoints: row[9],
                resolvedPoints: row[10], resolvedBy: row[11], resolutionNote: row[12], resolvedAt: row[13])
        }
    }
}
