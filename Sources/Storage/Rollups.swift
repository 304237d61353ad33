import Foundation
import GRDB
import GRDBSQLite
import GovernanceCore

/// Maintains the derived tables (`interaction_day`, evaluation scores) inside the transaction
/// that changed the raw rows, so they are never out of date and never half-written.
///
/// Interactions: after an import, every (program, local date) range that the import touched
/// is recomputed from raw rows, widened backwards by the program's FCR window (an earlier
/// answered contact stops being "resolved" when the same customer calls back within W days,
/// SPEC section 2). FCR is computed in memory from the window's rows sorted by customer and
/// time, so the raw table needs no customer index.
enum Rollups {
    /// Per program, the span of local dates whose interactions (or surveys) changed.
    struct DirtyDays {
        var spans: [String: ClosedRange<Int>] = [:]

        private var lastProgram = ""
        private var lastSpan: ClosedRange<Int>?

        mutating func mark(program: String, day: Int) {
            // Rows of one program come in runs: widen a local span, store it when the program changes.
            if program == lastProgram, let span = lastSpan {
                if !span.contains(day) { lastSpan = min(span.lowerBound, day)...max(span.upperBound, day) }
                return
            }
            flush()
            lastProgram = program
            lastSpan = spans[program].map { min($0.lowerBound, day)...max($0.upperBound, day) } ?? day...day
        }

        mutating func flush() {
            if let span = lastSpan { spans[lastProgram] = span }
        }

        var isEmpty: Bool { spans.isEmpty }
    }

    struct ProgramRules {
        var fcrWindowMillis: Int64
        var fcrWindowDays: Int
        var thresholds: [Int: Double]
    }

    static func rules(program: String, in db: Database) throws -> ProgramRules? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT fcr_window_days, service_level_seconds FROM program WHERE id = ?", arguments: [program])
        else { return nil }
        let days: Int = row["fcr_window_days"]
        let json: String = row["service_level_seconds"]
        let raw = (try? JSONDecoder().decode([String: Double].self, from: Data(json.utf8))) ?? [:]
        var thresholds: [Int: Double] = [:]
        for (name, seconds) in raw { if let channel = Channel(rawValue: name) { thresholds[channel.code] = seconds } }
        return ProgramRules(fcrWindowMillis: Int64(days) * 86_400_000, fcrWindowDays: days, thresholds: thresholds)
    }

    /// Rebuilds all of a program's interaction rollups (after its thresholds or window changed).
    static func rebuild(program: String, in db: Database) throws {
        guard
            let span = try Row.fetchOne(
                db, sql: "SELECT min(local_date) AS lo, max(local_date) AS hi FROM interaction WHERE program_id = ?",
                arguments: [program]),
            let lo: Int = span["lo"], let hi: Int = span["hi"]
        else {
            try db.execute(sql: "DELETE FROM interaction_day WHERE program_id = ?", arguments: [program])
            return
        }
        try recompute(program: program, days: lo...hi, in: db)
    }

    /// Recomputes the interaction rollups of every dirty span.
    static func recompute(_ dirty: DirtyDays, in db: Database) throws {
        var dirty = dirty
        dirty.flush()
        for (program, span) in dirty.spans.sorted(by: { $0.key < $1.key }) {
            guard let rules = try rules(program: program, in: db) else { continue }
            // Earlier contacts of the same customers may have lost their FCR: widen by W (+1 for zones).
            let from = span.lowerBound - rules.fcrWindowDays - 1
            try recompute(program: program, days: from...span.upperBound, rules: rules, in: db)
        }
    }

    static func recompute(program: String, days: ClosedRange<Int>, in db: Database) throws {
        guard let rules = try rules(program: program, in: db) else { return }
        try recompute(program: program, days: days, rules: rules, in: db)
    }

    /// Daily interaction totals of one program over a span of local days, built row by row,
    /// with FCR resolved at the end (SPEC section 2). Fed from SQL by ``recompute`` or, for a
    /// program whose span held no data yet, straight from the rows of the import.
    struct DayTotalsBuilder {
        struct Totals {
            var offered: Int32 = 0, answered: Int32 = 0, abandoned: Int32 = 0, answeredWithin: Int32 = 0
            var abandonedWithin: Int32 = 0, rtAnswered: Int32 = 0
            var rtWaitSum = 0.0, handleSum = 0.0
            var fcrEligible: Int32 = 0, fcrResolved: Int32 = 0, surveys: Int32 = 0, surveysSatisfied: Int32 = 0
        }

        /// One contact of a customer, for the FCR window: sorted by (customer, time).
        struct Contact {
            var customer: Int32
            var startedAt: Int64
            /// Index of the answered contact's totals slot, or -1 (abandoned, or a look-ahead row).
            var slot: Int32
        }

        let rules: ProgramRules
        /// The first day keys are relative to (keys hold day − base).
        let baseDay: Int
        var lowestDay = Int.max
        var highestDay = Int.min
        private var thresholds = [Double](repeating: 0, count: 8)
        private var agentIDs: [String] = [""]
        private var agentIndex: [String: Int32] = ["": 0]
        private var customerIndex: [String: Int32] = [:]
        private var slots: [UInt64: Int32] = [:]
        private var slotKeys: [UInt64] = []
        private var totals: [Totals] = []
        private(set) var contacts: [Contact] = []

        init(rules: ProgramRules, baseDay: Int) {
            self.rules = rules
            self.baseDay = baseDay
            for (code, seconds) in rules.thresholds where code >= 0 && code < 8 { thresholds[code] = seconds }
        }

        private mutating func customerID(_ id: String?) -> Int32 {
            guard let id, !id.isEmpty else { return -1 }
            if let known = customerIndex[id] { return known }
            let next = Int32(customerIndex.count)
            customerIndex[id] = next
            return next
        }

        /// A contact after the span: it only matters as a possible repeat for FCR.
        mutating func addLookAhead(customer: String?, startedAt: Int64) {
            let customer = customerID(customer)
            if customer >= 0 { contacts.append(Contact(customer: customer, startedAt: startedAt, slot: -1)) }
        }

        /// One interaction of the span.
        mutating func add(
            day: Int, channel: Int, agent agentID: String?, customer customerID: String?, startedAt: Int64,
            wait: Double, handle: Double, abandoned: Bool, surveyScore: Int?
        ) {
            lowestDay = min(lowestDay, day)
            highestDay = max(highestDay, day)
            var agent: Int32 = 0
            if let agentID {
                if let known = agentIndex[agentID] {
                    agent = known
                } else {
                    agent = Int32(agentIDs.count)
                    agentIDs.append(agentID)
                    agentIndex[agentID] = agent
                }
            }
            // (day − base) | channel | agent, packed into one integer key.
            let key = UInt64(day - baseDay) << 40 | UInt64(channel & 0xff) << 32 | UInt64(UInt32(agent))
            let slot: Int32
            if let known = slots[key] {
                slot = known
            } else {
                slot = Int32(totals.count)
                slots[key] = slot
                slotKeys.append(key)
                totals.append(Totals())
            }
            let within = wait <= (channel >= 0 && channel < 8 ? thresholds[channel] : 0) + boundTolerance
            let index = Int(slot)
            totals[index].offered += 1
            if abandoned {
                totals[index].abandoned += 1
                if within { totals[index].abandonedWithin += 1 }
            } else {
                totals[index].answered += 1
                if within { totals[index].answeredWithin += 1 }
                totals[index].handleSum += handle
                if Channel(code: channel)?.isRealTime == true {
                    totals[index].rtAnswered += 1
                    totals[index].rtWaitSum += wait
                }
            }
            if let surveyScore {
                totals[index].surveys += 1
                if surveyScore >= 4 { totals[index].surveysSatisfied += 1 }
            }
            let customer = self.customerID(customerID)
            if customer >= 0 {
                // Every contact counts as a repeat; only answered ones are FCR-eligible.
                contacts.append(Contact(customer: customer, startedAt: startedAt, slot: abandoned ? -1 : slot))
            }
        }

        /// Resolves FCR and replaces the program's rollup rows for `days` with the built ones.
        ///
        /// An answered contact is resolved when the same customer's next strictly later contact
        /// (any channel, answered or not) is more than W after it, or never comes.
        mutating func write(program: String, days: ClosedRange<Int>, in db: Database) throws {
            contacts.sort { ($0.customer, $0.startedAt) < ($1.customer, $1.startedAt) }
            var i = 0
            while i < contacts.count {
                let contact = contacts[i]
                if contact.slot >= 0 {
                    var j = i + 1
                    while j < contacts.count, contacts[j].customer == contact.customer,
                        contacts[j].startedAt <= contact.startedAt
                    {
                        j += 1
                    }
                    let repeated =
                        j < contacts.count && contacts[j].customer == contact.customer
                        && contacts[j].startedAt <= contact.startedAt + rules.fcrWindowMillis
                    totals[Int(contact.slot)].fcrEligible += 1
                    if !repeated { totals[Int(contact.slot)].fcrResolved += 1 }
                }
                i += 1
            }
            try db.execute(
                sql: "DELETE FROM interaction_day WHERE program_id = ? AND local_date BETWEEN ? AND ?",
                arguments: [program, days.lowerBound, days.upperBound])
            var insert: OpaquePointer?
            let sql = """
                INSERT INTO interaction_day (program_id, local_date, agent_id, channel, offered, answered, abandoned,
                    answered_within, abandoned_within, rt_answered, rt_wait_sum, handle_sum, fcr_eligible, fcr_resolved,
                    surveys, surveys_satisfied)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            guard sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &insert, nil) == SQLITE_OK, let insert else {
                throw DatabaseError(message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            defer { sqlite3_finalize(insert) }
            _ = program.withCString { sqlite3_bind_text(insert, 1, $0, -1, Rollups.transient) }
            for (slot, key) in slotKeys.enumerated() {
                let t = totals[slot]
                let agent = agentIDs[Int(UInt32(truncatingIfNeeded: key))]
                sqlite3_reset(insert)
                sqlite3_bind_int64(insert, 2, Int64(Int(key >> 40) + baseDay))
                _ = agent.withCString { sqlite3_bind_text(insert, 3, $0, -1, Rollups.transient) }
                sqlite3_bind_int64(insert, 4, Int64((key >> 32) & 0xff))
                let counts = [t.offered, t.answered, t.abandoned, t.answeredWithin, t.abandonedWithin, t.rtAnswered]
                for (offset, value) in counts.enumerated() { sqlite3_bind_int64(insert, Int32(5 + offset), Int64(value)) }
                sqlite3_bind_double(insert, 11, t.rtWaitSum)
                sqlite3_bind_double(insert, 12, t.handleSum)
                sqlite3_bind_int64(insert, 13, Int64(t.fcrEligible))
                sqlite3_bind_int64(insert, 14, Int64(t.fcrResolved))
                sqlite3_bind_int64(insert, 15, Int64(t.surveys))
                sqlite3_bind_int64(insert, 16, Int64(t.surveysSatisfied))
                let code = sqlite3_step(insert)
                guard code == SQLITE_DONE else {
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
        }
    }

    /// Rebuilds the rollups of `days` from the raw rows (reading the C API directly: no row objects).
    private static func recompute(program: String, days: ClosedRange<Int>, rules: ProgramRules, in db: Database) throws {
        // Rows of the span, plus the look-ahead days FCR needs (t + W may fall W+1 local days later).
        let lookAheadEnd = days.upperBound + rules.fcrWindowDays + 2
        var statement: OpaquePointer?
        let sql = """
            SELECT i.local_date, i.channel, i.agent_id, i.customer_id, i.started_at, i.wait, i.handle, i.abandoned,
                   s.score
            FROM interaction i LEFT JOIN survey s ON s.interaction_id = i.id
            WHERE i.program_id = ? AND i.local_date BETWEEN ? AND ?
            """
        guard sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw DatabaseError(message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        defer { sqlite3_finalize(statement) }
        _ = program.withCString { sqlite3_bind_text(statement, 1, $0, -1, transient) }
        sqlite3_bind_int64(statement, 2, Int64(days.lowerBound))
        sqlite3_bind_int64(statement, 3, Int64(lookAheadEnd))

        func text(_ column: Int32) -> String? {
            guard let pointer = sqlite3_column_text(statement, column) else { return nil }
            let count = Int(sqlite3_column_bytes(statement, column))
            return pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
                String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
            }
        }

        var builder = DayTotalsBuilder(rules: rules, baseDay: days.lowerBound)
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let day = Int(sqlite3_column_int64(statement, 0))
            let startedAt = sqlite3_column_int64(statement, 4)
            guard day <= days.upperBound else {
                builder.addLookAhead(customer: text(3), startedAt: startedAt)
                continue
            }
            builder.add(
                day: day, channel: Int(sqlite3_column_int64(statement, 1)), agent: text(2), customer: text(3),
                startedAt: startedAt, wait: sqlite3_column_double(statement, 5),
                handle: sqlite3_column_double(statement, 6), abandoned: sqlite3_column_int64(statement, 7) != 0,
                surveyScore: sqlite3_column_type(statement, 8) == SQLITE_NULL
                    ? nil : Int(sqlite3_column_int64(statement, 8)))
        }
        try builder.write(program: program, days: days, in: db)
    }

    /// Whether the program has rollups (so raw data) anywhere in `days`.
    static func hasData(program: String, days: ClosedRange<Int>, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM interaction_day WHERE program_id = ? AND local_date BETWEEN ? AND ?)",
            arguments: [program, days.lowerBound, days.upperBound]) ?? true
    }

    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    // MARK: Evaluations

    static func prepareDirtyEvaluations(in db: Database) throws {
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS dirty_evaluation (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
                DELETE FROM dirty_evaluation;
                """)
    }

    static func markEvaluation(_ id: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO dirty_evaluation (id) VALUES (?)").execute(arguments: [id])
    }

    /// Recomputes quality score and compliance of the evaluations marked dirty (SPEC section 4):
    /// quality = 100 × Σ weight × points ÷ max_points ÷ Σ weight over answered scored items;
    /// compliance passes when every hard-fail item of the form version is answered 1.
    static func rescoreDirtyEvaluations(in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE evaluation SET
                    quality_score = (
                        SELECT 100.0 * sum(f.weight * a.points / f.max_points) / sum(f.weight)
                        FROM evaluation_answer a
                        JOIN qa_form_item f ON f.form_id = evaluation.form_id AND f.version = evaluation.form_version
                            AND f.item_id = a.item_id AND f.hard_fail = 0
                        WHERE a.evaluation_id = evaluation.id),
                    compliance_pass = NOT EXISTS (
                        SELECT 1 FROM qa_form_item f
                        WHERE f.form_id = evaluation.form_id AND f.version = evaluation.form_version AND f.hard_fail = 1
                          AND NOT EXISTS (
                            SELECT 1 FROM evaluation_answer a
                            WHERE a.evaluation_id = evaluation.id AND a.item_id = f.item_id AND a.points = 1))
                WHERE id IN (SELECT id FROM dirty_evaluation)
                """)
        try db.execute(sql: "DELETE FROM dirty_evaluation")
    }
}
