import Foundation
import GRDB
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

        mutating func mark(program: String, day: Int) {
            if let span = spans[program] {
                spans[program] = min(span.lowerBound, day)...max(span.upperBound, day)
            } else {
                spans[program] = day...day
            }
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

    private struct Key: Hashable {
        var day: Int32
        var channel: Int8
        var agent: String
    }

    private struct Totals {
        var offered = 0, answered = 0, abandoned = 0, answeredWithin = 0, abandonedWithin = 0, rtAnswered = 0
        var rtWaitSum = 0.0, handleSum = 0.0
        var fcrEligible = 0, fcrResolved = 0, surveys = 0, surveysSatisfied = 0
    }

    private struct Contact {
        var customer: String
        var startedAt: Int64
        var index: Int32  // into `rows`, or -1 for a look-ahead row outside the span
    }

    private static func recompute(program: String, days: ClosedRange<Int>, rules: ProgramRules, in db: Database) throws {
        // Rows of the span, plus the look-ahead days FCR needs (t + W may fall W+1 local days later).
        let lookAheadEnd = days.upperBound + rules.fcrWindowDays + 2
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT i.agent_id, i.customer_id, i.channel, i.started_at, i.local_date, i.wait, i.handle, i.abandoned,
                       s.score
                FROM interaction i LEFT JOIN survey s ON s.interaction_id = i.id
                WHERE i.program_id = ? AND i.local_date BETWEEN ? AND ?
                """,
            arguments: [program, days.lowerBound, lookAheadEnd])
        var totals: [Key: Totals] = [:]
        var contacts: [Contact] = []
        var keys: [Key] = []
        while let row = try cursor.next() {
            let day: Int = row[4]
            let customer: String? = row[1]
            let startedAt: Int64 = row[3]
            guard day <= days.upperBound else {
                if let customer, !customer.isEmpty { contacts.append(Contact(customer: customer, startedAt: startedAt, index: -1)) }
                continue
            }
            let channel: Int = row[2]
            let key = Key(day: Int32(day), channel: Int8(channel), agent: row[0] ?? "")
            let wait: Double = row[5]
            let handle: Double = row[6] ?? 0
            let abandoned: Bool = row[7]
            let score: Int? = row[8]
            let threshold = rules.thresholds[channel] ?? 0
            let within = wait <= threshold + boundTolerance
            var t = totals[key] ?? Totals()
            t.offered += 1
            if abandoned {
                t.abandoned += 1
                if within { t.abandonedWithin += 1 }
            } else {
                t.answered += 1
                if within { t.answeredWithin += 1 }
                t.handleSum += handle
                if Channel(code: channel)?.isRealTime == true {
                    t.rtAnswered += 1
                    t.rtWaitSum += wait
                }
            }
            if let score {
                t.surveys += 1
                if score >= 4 { t.surveysSatisfied += 1 }
            }
            totals[key] = t
            if let customer, !customer.isEmpty {
                // Every contact counts as a repeat; only answered ones are FCR-eligible.
                contacts.append(Contact(customer: customer, startedAt: startedAt, index: abandoned ? -1 : Int32(keys.count)))
                if !abandoned { keys.append(key) }
            }
        }
        // FCR: an answered contact is resolved when the same customer's next strictly later
        // contact (any channel, answered or not) is more than W after it, or never comes.
        contacts.sort { ($0.customer, $0.startedAt) < ($1.customer, $1.startedAt) }
        var i = 0
        while i < contacts.count {
            let contact = contacts[i]
            if contact.index >= 0 {
                var j = i + 1
                while j < contacts.count, contacts[j].customer == contact.customer, contacts[j].startedAt <= contact.startedAt {
                    j += 1
                }
                let repeated =
                    j < contacts.count && contacts[j].customer == contact.customer
                    && contacts[j].startedAt <= contact.startedAt + rules.fcrWindowMillis
                let key = keys[Int(contact.index)]
                totals[key, default: Totals()].fcrEligible += 1
                if !repeated { totals[key, default: Totals()].fcrResolved += 1 }
            }
            i += 1
        }
        try db.execute(
            sql: "DELETE FROM interaction_day WHERE program_id = ? AND local_date BETWEEN ? AND ?",
            arguments: [program, days.lowerBound, days.upperBound])
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO interaction_day (program_id, local_date, agent_id, channel, offered, answered, abandoned,
                    answered_within, abandoned_within, rt_answered, rt_wait_sum, handle_sum, fcr_eligible, fcr_resolved,
                    surveys, surveys_satisfied)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (key, t) in totals {
            try insert.execute(arguments: [
                program, Int(key.day), key.agent, Int(key.channel), t.offered, t.answered, t.abandoned, t.answeredWithin,
                t.abandonedWithin, t.rtAnswered, t.rtWaitSum, t.handleSum, t.fcrEligible, t.fcrResolved, t.surveys,
                t.surveysSatisfied,
            ])
        }
    }

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
