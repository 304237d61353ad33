import Foundation
import GRDB
import GovernanceCore
import Ingest

/// What one import stored.
public struct ImportCounts: Sendable, Equatable {
    /// Rows inserted or replaced.
    public var stored: Int64 = 0
    /// Of those, rows whose key was already stored (before this file, or earlier in it).
    public var replaced: Int64 = 0

    public init() {}
}

/// Writes validated rows into a tenant database inside one import transaction.
///
/// Each row is an upsert by its SPEC section 9 key: an `INSERT … ON CONFLICT DO NOTHING`,
/// then, only when the key existed, an `UPDATE` — so re-sending a row replaces it and never
/// double counts, and `replaced` is known without a lookup per new row.
public struct RowSink {
    let db: Database
    public private(set) var counts = ImportCounts()
    var dirtyDays = Rollups.DirtyDays()

    init(db: Database) throws {
        self.db = db
        try Rollups.prepareDirtyEvaluations(in: db)
    }

    /// Stores one row.
    public mutating func write(_ row: IngestRow) throws {
        let spec = Self.spec(for: row.kind)
        let values = Self.values(of: row)
        try markDirty(row, before: true)
        let insert = try db.cachedStatement(sql: spec.insertSQL)
        try insert.execute(arguments: StatementArguments(values))
        if db.changesCount == 0 {
            let update = try db.cachedStatement(sql: spec.updateSQL)
            try update.execute(arguments: StatementArguments(spec.updateOrder.map { values[$0] }))
            counts.replaced += 1
        }
        try markDirty(row, before: false)
        counts.stored += 1
    }

    /// Notes which derived rows the write affects (before: where a replaced row used to count).
    mutating func markDirty(_ row: IngestRow, before: Bool) throws {
        switch row {
        case .interaction(let r):
            if before {
                // A replaced interaction may move to another day or program: its old place is dirty too.
                if let old = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT program_id, local_date FROM interaction WHERE id = ?"),
                    arguments: [r.interactionID])
                {
                    dirtyDays.mark(program: old[0], day: old[1])
                }
            } else {
                dirtyDays.mark(program: r.programID, day: (r.localDate ?? r.startedAt.utcDate).dayNumber)
            }
        case .survey(let r):
            guard !before else { return }
            if let interaction = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT program_id, local_date FROM interaction WHERE id = ?"),
                arguments: [r.interactionID])
            {
                dirtyDays.mark(program: interaction[0], day: interaction[1])
            }
        case .evaluation(let r):
            if !before { try Rollups.markEvaluation(r.evaluationID, in: db) }
        case .evaluationAnswer(let r):
            if !before { try Rollups.markEvaluation(r.evaluationID, in: db) }
        default:
            break
        }
    }

    /// Brings the derived tables up to date with everything written.
    mutating func finish() throws {
        try Rollups.recompute(dirtyDays, in: db)
        try Rollups.rescoreDirtyEvaluations(in: db)
    }

    struct TableSpec {
        let insertSQL: String
        let updateSQL: String
        /// Indices into the value list: non-key columns, then key columns.
        let updateOrder: [Int]

        init(table: String, columns: [String], keys: [String]) {
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            insertSQL = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) ON CONFLICT DO NOTHING"
            let nonKeys = columns.filter { !keys.contains($0) }
            let set = nonKeys.map { "\($0) = ?" }.joined(separator: ", ")
            let condition = keys.map { "\($0) = ?" }.joined(separator: " AND ")
            updateSQL = "UPDATE \(table) SET \(set) WHERE \(condition)"
            updateOrder = (nonKeys + keys).compactMap { columns.firstIndex(of: $0) }
        }
    }

    static let specs: [FileKind: TableSpec] = [
        .interactions: TableSpec(
            table: "interaction",
            columns: ["id", "program_id", "agent_id", "customer_id", "channel", "started_at", "local_date", "wait", "handle", "abandoned"],
            keys: ["id"]),
        .surveys: TableSpec(table: "survey", columns: ["interaction_id", "score"], keys: ["interaction_id"]),
        .evaluations: TableSpec(
            table: "evaluation",
            columns: ["id", "program_id", "agent_id", "evaluator_id", "interaction_id", "form_id", "form_version", "evaluated_at", "local_date", "calibration_session_id", "expert_evaluator_id"],
            keys: ["id"]),
        .evaluationAnswers: TableSpec(
            table: "evaluation_answer", columns: ["evaluation_id", "item_id", "points"], keys: ["evaluation_id", "item_id"]),
        .agentDays: TableSpec(
            table: "agent_day",
            columns: ["agent_id", "date", "program_id", "scheduled_seconds", "staffed_seconds", "available_seconds", "adherent_seconds"],
            keys: ["agent_id", "date"]),
        .roster: TableSpec(
            table: "roster",
            columns: ["agent_id", "program_id", "site_id", "team_id", "supervisor_id", "hired_on", "terminated_on", "termination_reason"],
            keys: ["agent_id"]),
        .plannedHeadcount: TableSpec(
            table: "planned_headcount", columns: ["program_id", "month", "planned_fte"], keys: ["program_id", "month"]),
        .engagement: TableSpec(
            table: "engagement", columns: ["agent_id", "surveyed_on", "program_id", "score"], keys: ["agent_id", "surveyed_on"]),
        .reportedMetrics: TableSpec(
            table: "reported_metric", columns: ["program_id", "period", "metric", "value", "source"],
            keys: ["program_id", "period", "metric"]),
        .coachingSessions: TableSpec(
            table: "coaching_session",
            columns: ["id", "evaluation_id", "agent_id", "supervisor_id", "held_on", "focus_metrics", "root_cause", "commitment", "follow_up_on"],
            keys: ["id"]),
    ]

    static func spec(for kind: FileKind) -> TableSpec {
        // Every kind has a spec (the dictionary above is exhaustive over FileKind).
        specs[kind] ?? TableSpec(table: "invalid", columns: [], keys: [])
    }

    static func values(of row: IngestRow) -> [(any DatabaseValueConvertible)?] {
        switch row {
        case .interaction(let r):
            return [
                r.interactionID, r.programID, r.agentID, r.customerID, r.channel.code, r.startedAt.millis,
                (r.localDate ?? r.startedAt.utcDate).dayNumber, r.waitSeconds, r.handleSeconds, r.abandoned ? 1 : 0,
            ]
        case .survey(let r):
            return [r.interactionID, r.score]
        case .evaluation(let r):
            return [
                r.evaluationID, r.programID, r.agentID, r.evaluatorID, r.interactionID, r.formID, r.formVersion,
                r.evaluatedAt.millis, (r.localDate ?? r.evaluatedAt.utcDate).dayNumber, r.calibrationSessionID,
                r.expertEvaluatorID,
            ]
        case .evaluationAnswer(let r):
            return [r.evaluationID, r.itemID, r.points]
        case .agentDay(let r):
            return [
                r.agentID, r.date.dayNumber, r.programID, r.scheduledSeconds, r.staffedSeconds, r.availableSeconds,
                r.adherentSeconds,
            ]
        case .roster(let r):
            return [
                r.agentID, r.programID, r.siteID, r.teamID, r.supervisorID, r.hiredOn.dayNumber, r.terminatedOn?.dayNumber,
                r.terminationReason,
            ]
        case .plannedHeadcount(let r):
            return [r.programID, r.month.index, r.plannedFTE]
        case .engagement(let r):
            return [r.agentID, r.surveyedOn.dayNumber, r.programID, r.score]
        case .reportedMetric(let r):
            return [r.programID, r.period.index, r.metric, r.value, r.source.rawValue]
        case .coachingSession(let r):
            return [
                r.sessionID, r.evaluationID, r.agentID, r.supervisorID, r.heldOn.dayNumber,
                r.focusMetrics.map(\.rawValue).joined(separator: ";"), r.rootCause, r.commitment, r.followUpOn.dayNumber,
            ]
        }
    }
}

extension TenantDatabase {
    /// Runs one import in a single durable transaction.
    ///
    /// `produce` is called inside the write transaction and hands every row to the sink;
    /// if it throws, nothing is stored. The import log entry (for `importID`) and the audit
    /// entry commit with the rows, so an acknowledged import is complete and a crashed one
    /// left no trace.
    ///
    /// - Parameters:
    ///   - importID: an idempotency key, or `nil`.
    ///   - reply: a closure producing the serialized reply to remember under `importID`.
    public func importRows(
        importID: String?, kind: String, fileName: String, audit: @escaping @Sendable (ImportCounts) -> AuditDraft,
        reply: @escaping @Sendable (ImportCounts) -> Data,
        produce: @escaping @Sendable (inout RowSink) throws -> Void
    ) async throws(GovernanceError) -> ImportCounts {
        try await mapStorageErrors("importing \(fileName)") {
            try await pool.write { db in
                var sink = try RowSink(db: db)
                try produce(&sink)
                try sink.finish()
                let counts = sink.counts
                if let importID {
                    try db.execute(
                        sql: "INSERT INTO import_log (import_id, kind, file_name, reply, committed_at) VALUES (?, ?, ?, ?, ?)",
                        arguments: [importID, kind, fileName, reply(counts), timestampNow()])
                }
                try AuditLog.append(audit(counts), in: db)
                return counts
            }
        }
    }
}
