import Foundation
import GRDB
import GRDBSQLite
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
/// double counts, and `replaced` is known without a lookup per new row. The insert is bound
/// and stepped through the SQLite C API on a statement prepared once per import: this is the
/// hot path of a 10-million-row import.
public struct RowSink: ~Copyable {
    let db: Database
    public private(set) var counts = ImportCounts()
    var dirtyDays = Rollups.DirtyDays()
    private var inserts: [FileKind: OpaquePointer] = [:]
    /// Rollups built from the import's own rows, per program, while no existing data is near.
    private var builders: [String: Rollups.DayTotalsBuilder] = [:]
    /// Programs whose rollups must be recomputed from raw rows at the end.
    private var slowPrograms: Set<String> = []
    private var rules: [String: Rollups.ProgramRules] = [:]
    private let surveysExist: Bool
    /// Beyond this many contacts a program's in-memory builder gives way to a recompute (RSS bound).
    private static let builderContactLimit = 4_000_000
    /// The text parameters of the row being written, copied once into a buffer that outlives
    /// the statement's step, so SQLite binds them without copying (SQLITE_STATIC) — instead of
    /// a malloc and free per text column per row.
    private let arena: UnsafeMutablePointer<UInt8>
    private static let arenaCapacity = 1 << 16
    private var arenaUsed = 0
    /// The program of the previous interaction: rows of one program come in runs, so most rows
    /// skip the dictionary lookups below.
    private var currentProgram = ""
    private var currentBuilder: Rollups.DayTotalsBuilder?

    init(db: Database) throws {
        try Rollups.prepareDirtyEvaluations(in: db)
        let surveysExist = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM survey)") ?? true
        self.db = db
        self.surveysExist = surveysExist
        self.arena = .allocate(capacity: Self.arenaCapacity)
    }

    deinit {
        for statement in inserts.values { sqlite3_finalize(statement) }
        arena.deallocate()
    }

    /// Stores one row.
    public mutating func write(_ row: IngestRow) throws {
        let kind = row.kind
        let statement = try insertStatement(kind)
        sqlite3_reset(statement)
        arenaUsed = 0
        bind(row, to: statement)
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            sqlite3_reset(statement)
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        let replaced = sqlite3_changes(db.sqliteConnection) == 0
        var oldSurveyScore: Int?
        if replaced {
            // The key is stored already: note where the old row counted, then replace it.
            if case .interaction(let r) = row {
                if let old = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT program_id, local_date FROM interaction WHERE id = ?"),
                    arguments: [r.interactionID])
                {
                    let program: String = old[0]
                    dirtyDays.mark(program: program, day: old[1])
                    markSlow(program)
                }
                markSlow(r.programID)
            } else if case .survey(let r) = row {
                oldSurveyScore = try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT score FROM survey WHERE interaction_id = ?"), arguments: [r.interactionID])
            }
            let spec = Self.spec(for: kind)
            // Explicit DatabaseValues: an `[Any]` holding nil would not convert (NULL columns).
            let values = Self.values(of: row).map { $0?.databaseValue ?? .null }
            try db.cachedStatement(sql: spec.updateSQL)
                .execute(arguments: StatementArguments(spec.updateOrder.map { values[$0] }))
            counts.replaced += 1
        }
        switch row {
        case .interaction(let r):
            let day = (r.localDate ?? r.startedAt.utcDate).dayNumber
            dirtyDays.mark(program: r.programID, day: day)
            if !replaced { try accumulate(r, day: day) }
        case .survey(let r):
            try applySurvey(r, oldScore: oldSurveyScore, replaced: replaced)
        case .evaluation(let r):
            try Rollups.markEvaluation(r.evaluationID, in: db)
        case .evaluationAnswer(let r):
            try Rollups.markEvaluation(r.evaluationID, in: db)
        default:
            break
        }
        counts.stored += 1
    }

    /// Adds a new interaction to its program's in-memory rollup builder (the fast path).
    private mutating func accumulate(_ r: InteractionRow, day: Int) throws {
        if r.programID != currentProgram || currentBuilder == nil {
            try switchProgram(to: r.programID)
        }
        guard currentBuilder != nil else { return }
        var score: Int?
        if surveysExist {
            score = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT score FROM survey WHERE interaction_id = ?"), arguments: [r.interactionID])
        }
        currentBuilder?.add(
            day: day, channel: r.channel.code, agent: r.agentID, customer: r.customerID, startedAt: r.startedAt.millis,
            wait: r.waitSeconds, handle: r.handleSeconds, abandoned: r.abandoned, surveyScore: score)
        if (currentBuilder?.contacts.count ?? 0) > Self.builderContactLimit {
            currentBuilder = nil
            builders[currentProgram] = nil
            slowPrograms.insert(currentProgram)
        }
    }

    /// Parks the current program's builder and takes out `program`'s (creating it if needed).
    private mutating func switchProgram(to program: String) throws {
        if let builder = currentBuilder, !currentProgram.isEmpty { builders[currentProgram] = builder }
        currentBuilder = nil
        currentProgram = program
        guard !slowPrograms.contains(program) else { return }
        if let builder = builders.removeValue(forKey: program) {
            currentBuilder = builder
            return
        }
        guard let programRules = try rules[program] ?? Rollups.rules(program: program, in: db) else {
            slowPrograms.insert(program)
            return
        }
        rules[program] = programRules
        currentBuilder = Rollups.DayTotalsBuilder(rules: programRules, baseDay: -1_000_000)
    }

    /// A survey changes its interaction's daily totals directly (no recompute): +1 survey and
    /// ±1 satisfied, or the change of satisfied when a survey is replaced.
    private mutating func applySurvey(_ r: SurveyRow, oldScore: Int?, replaced: Bool) throws {
        let surveysDelta = replaced ? 0 : 1
        let satisfiedDelta = (r.score >= 4 ? 1 : 0) - ((oldScore ?? 0) >= 4 ? 1 : 0)
        guard surveysDelta != 0 || satisfiedDelta != 0 else { return }
        try db.cachedStatement(
            sql: """
                UPDATE interaction_day SET surveys = surveys + ?, surveys_satisfied = surveys_satisfied + ?
                WHERE (program_id, local_date, agent_id, channel) IN (
                    SELECT program_id, local_date, coalesce(agent_id, ''), channel FROM interaction WHERE id = ?)
                """
        ).execute(arguments: [surveysDelta, satisfiedDelta, r.interactionID])
    }

    private mutating func insertStatement(_ kind: FileKind) throws -> OpaquePointer {
        if let statement = inserts[kind] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(
            db.sqliteConnection, Self.spec(for: kind).insertSQL, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot prepare the \(kind.rawValue) insert")
        }
        inserts[kind] = statement
        return statement
    }

    private mutating func markSlow(_ program: String) {
        slowPrograms.insert(program)
        builders[program] = nil
        if program == currentProgram { currentBuilder = nil }
    }

    /// Brings the derived tables up to date with everything written.
    ///
    /// A program whose new rows landed where it had no data yet (nothing within its FCR window
    /// either side) writes the rollups built in memory; any other is recomputed from raw rows
    /// over the touched span, widened by the window.
    mutating func finish() throws {
        if let builder = currentBuilder, !currentProgram.isEmpty { builders[currentProgram] = builder }
        currentBuilder = nil
        dirtyDays.flush()
        for (program, span) in dirtyDays.spans.sorted(by: { $0.key < $1.key }) {
            if !slowPrograms.contains(program), var builder = builders[program], builder.lowestDay <= builder.highestDay {
                let window = builder.rules.fcrWindowDays + 2
                let near = (builder.lowestDay - window)...(builder.highestDay + window)
                if try !Rollups.hasData(program: program, days: near, in: db) {
                    try builder.write(program: program, days: builder.lowestDay...builder.highestDay, in: db)
                    continue
                }
            }
            var single = Rollups.DirtyDays()
            single.spans[program] = span
            try Rollups.recompute(single, in: db)
        }
        builders.removeAll()
        try Rollups.rescoreDirtyEvaluations(in: db)
    }

    // MARK: Binding

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private mutating func bind(_ text: String?, _ index: Int32, _ statement: OpaquePointer) {
        guard var text else {
            sqlite3_bind_null(statement, index)
            return
        }
        text.withUTF8 { bytes in
            let count = bytes.count
            guard let base = bytes.baseAddress else {
                _ = sqlite3_bind_text(statement, index, "", 0, Self.transient)
                return
            }
            if arenaUsed + count <= Self.arenaCapacity {
                // Valid until the next row resets the arena, after this statement was stepped.
                let target = arena + arenaUsed
                target.update(from: base, count: count)
                arenaUsed += count
                _ = sqlite3_bind_text(
                    statement, index, UnsafeRawPointer(target).assumingMemoryBound(to: CChar.self), Int32(count), nil)
            } else {
                _ = sqlite3_bind_text(
                    statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(count),
                    Self.transient)
            }
        }
    }

    private func bind(_ value: Int?, _ index: Int32, _ statement: OpaquePointer) {
        if let value { sqlite3_bind_int64(statement, index, Int64(value)) } else { sqlite3_bind_null(statement, index) }
    }

    private func bind(_ value: Double, _ index: Int32, _ statement: OpaquePointer) {
        sqlite3_bind_double(statement, index, value)
    }

    /// Binds the insert's parameters in the column order of ``specs``.
    mutating func bind(_ row: IngestRow, to s: OpaquePointer) {
        switch row {
        case .interaction(let r):
            bind(r.interactionID, 1, s)
            bind(r.programID, 2, s)
            bind(r.agentID, 3, s)
            bind(r.customerID, 4, s)
            bind(r.channel.code, 5, s)
            sqlite3_bind_int64(s, 6, r.startedAt.millis)
            bind((r.localDate ?? r.startedAt.utcDate).dayNumber, 7, s)
            bind(r.waitSeconds, 8, s)
            bind(r.handleSeconds, 9, s)
            bind(r.abandoned ? 1 : 0, 10, s)
        case .survey(let r):
            bind(r.interactionID, 1, s)
            bind(r.score, 2, s)
        case .evaluation(let r):
            bind(r.evaluationID, 1, s)
            bind(r.programID, 2, s)
            bind(r.agentID, 3, s)
            bind(r.evaluatorID, 4, s)
            bind(r.interactionID, 5, s)
            bind(r.formID, 6, s)
            bind(r.formVersion, 7, s)
            sqlite3_bind_int64(s, 8, r.evaluatedAt.millis)
            bind((r.localDate ?? r.evaluatedAt.utcDate).dayNumber, 9, s)
            bind(r.calibrationSessionID, 10, s)
            bind(r.expertEvaluatorID, 11, s)
        case .evaluationAnswer(let r):
            bind(r.evaluationID, 1, s)
            bind(r.itemID, 2, s)
            bind(r.points, 3, s)
        case .agentDay(let r):
            bind(r.agentID, 1, s)
            bind(r.date.dayNumber, 2, s)
            bind(r.programID, 3, s)
            bind(r.scheduledSeconds, 4, s)
            bind(r.staffedSeconds, 5, s)
            bind(r.availableSeconds, 6, s)
            bind(r.adherentSeconds, 7, s)
        case .roster(let r):
            bind(r.agentID, 1, s)
            bind(r.programID, 2, s)
            bind(r.siteID, 3, s)
            bind(r.teamID, 4, s)
            bind(r.supervisorID, 5, s)
            bind(r.hiredOn.dayNumber, 6, s)
            bind(r.terminatedOn?.dayNumber, 7, s)
            bind(r.terminationReason, 8, s)
        case .plannedHeadcount(let r):
            bind(r.programID, 1, s)
            bind(r.month.index, 2, s)
            bind(r.plannedFTE, 3, s)
        case .engagement(let r):
            bind(r.agentID, 1, s)
            bind(r.surveyedOn.dayNumber, 2, s)
            bind(r.programID, 3, s)
            bind(r.score, 4, s)
        case .reportedMetric(let r):
            bind(r.programID, 1, s)
            bind(r.period.index, 2, s)
            bind(r.metric, 3, s)
            bind(r.value, 4, s)
            bind(r.source.rawValue, 5, s)
        case .coachingSession(let r):
            bind(r.sessionID, 1, s)
            bind(r.evaluationID, 2, s)
            bind(r.agentID, 3, s)
            bind(r.supervisorID, 4, s)
            bind(r.heldOn.dayNumber, 5, s)
            bind(r.focusMetrics.map(\.rawValue).joined(separator: ";"), 6, s)
            bind(r.rootCause, 7, s)
            bind(r.commitment, 8, s)
            bind(r.followUpOn.dayNumber, 9, s)
        }
    }

    // MARK: Tables

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

    /// The row's values in column order (for the rare replace path).
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

/// A previously committed import, by its import id.
public struct ImportLogEntry: Sendable, Equatable {
    /// The serialized reply sent the first time.
    public var reply: Data
    /// Hex SHA-256 of the file's bytes.
    public var contentSHA256: String
    public var kind: String
}

extension TenantDatabase {
    /// Runs one import in a single durable transaction.
    ///
    /// `produce` is called on the database's writer (it may block there, e.g. waiting for the
    /// next network chunk) inside the write transaction, and hands every row to the sink; if
    /// it throws, nothing is stored. The derived tables, the import log entry (for
    /// `importID`) and the audit entry commit with the rows, so an acknowledged import is
    /// complete and a failed or crashed one left no trace.
    public func importRows(
        importID: String?, kind: String, fileName: String,
        audit: @escaping @Sendable (ImportCounts) -> AuditDraft,
        reply: @escaping @Sendable (ImportCounts) -> (data: Data, contentSHA256: String),
        produce: @escaping @Sendable (inout RowSink) throws -> Void
    ) async throws -> ImportCounts {
        do {
            return try await pool.write { db in
                var sink = try RowSink(db: db)
                try produce(&sink)
                try sink.finish()
                let counts = sink.counts
                if let importID {
                    // Two imports raced with the same id: the later one rolls back (no double work).
                    if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM import_log WHERE import_id = ?)", arguments: [importID]) ?? false {
                        throw GovernanceError(
                            code: .alreadyExists,
                            message: "import id \(importID) was committed by a concurrent import; resend it to get that import's reply")
                    }
                    let (data, hash) = reply(counts)
                    try db.execute(
                        sql: """
                            INSERT INTO import_log (import_id, kind, file_name, reply, committed_at, content_sha256)
                            VALUES (?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [importID, kind, fileName, data, timestampNow(), hash])
                }
                try AuditLog.append(audit(counts), in: db)
                return counts
            }
        } catch let error as DatabaseError {
            throw GovernanceError.storage(error, while: "importing \(fileName)")
        }
    }

    /// The committed import with this id, if any.
    public func importLogEntry(id: String) async throws(GovernanceError) -> ImportLogEntry? {
        try await mapStorageErrors("reading the import log") {
            try await pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT reply, content_sha256, kind FROM import_log WHERE import_id = ?", arguments: [id]
                ).map { row in
                    ImportLogEntry(reply: row["reply"], contentSHA256: row["content_sha256"] ?? "", kind: row["kind"])
                }
            }
        }
    }
}
