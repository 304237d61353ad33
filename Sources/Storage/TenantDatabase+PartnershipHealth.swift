import GRDB
import GovernanceCore
import PartnershipHealth
import Scorecards

extension TenantDatabase {
    /// The longest history the attrition-risk model reads, in months before the last day of data.
    public static let attritionHistoryMonths = 60

    /// A program's roster rows.
    public func roster(program: String) async throws(GovernanceError) -> [RosterEntry] {
        try await mapStorageErrors("reading the roster") {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT agent_id, hired_on, terminated_on FROM roster WHERE program_id = ? ORDER BY agent_id",
                    arguments: [program]
                ).map { row in
                    let terminated: Int? = row[2]
                    return RosterEntry(
                        agentID: row[0], hiredOn: LocalDate(dayNumber: row[1]),
                        terminatedOn: terminated.map(LocalDate.init(dayNumber:)))
                }
            }
        }
    }

    /// The first and last day of a program's (or, with `nil`, the tenant's) activity data: interaction
    /// rollups, agent days, evaluations, engagement responses and coaching sessions, plus, with
    /// `includeHires`, roster `hired_on` dates. `nil` when there is none.
    public func activitySpan(program: String?, includeHires: Bool = false) async throws(GovernanceError)
        -> ClosedRange<LocalDate>?
    {
        try await mapStorageErrors("reading the data span") {
            try await pool.read { db in try Self.activitySpan(program: program, includeHires: includeHires, in: db) }
        }
    }

    static func activitySpan(program: String?, includeHires: Bool, in db: Database) throws -> ClosedRange<LocalDate>? {
        let filter = program == nil ? "" : " WHERE program_id = ?"
        let coachingFilter = program == nil ? "" : " WHERE agent_id IN (SELECT agent_id FROM roster WHERE program_id = ?)"
        var parts = [
            "SELECT min(local_date) AS lo, max(local_date) AS hi FROM interaction_day" + filter,
            "SELECT min(date), max(date) FROM agent_day" + filter,
            "SELECT min(local_date), max(local_date) FROM evaluation" + filter,
            "SELECT min(surveyed_on), max(surveyed_on) FROM engagement" + filter,
            "SELECT min(held_on), max(held_on) FROM coaching_session" + coachingFilter,
        ]
        if includeHires { parts.append("SELECT min(hired_on), max(hired_on) FROM roster" + filter) }
        let sql = "SELECT min(lo), max(hi) FROM (" + parts.joined(separator: " UNION ALL ") + ")"
        let arguments = StatementArguments(program.map { Array(repeating: $0, count: parts.count) } ?? [])
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments),
            let low = row[0] as Int?, let high = row[1] as Int?
        else { return nil }
        return LocalDate(dayNumber: low)...LocalDate(dayNumber: high)
    }

    /// Everything the attrition-risk model reads, in one read transaction; `nil` when the tenant has
    /// no activity data at all. The history starts at the month of the earliest activity record (at most
    /// ``attritionHistoryMonths`` before the last one) and ends at the last day of activity data.
    public func attritionHistory() async throws(GovernanceError) -> AttritionHistory? {
        try await mapStorageErrors("reading the attrition history") {
            try await pool.read { db -> AttritionHistory? in
                guard let span = try Self.activitySpan(program: nil, includeHires: false, in: db) else { return nil }
                let lastDay = span.upperBound
                let firstMonth = max(span.lowerBound.month, lastDay.month.adding(months: -(Self.attritionHistoryMonths - 1)))
                let months = Month.range(from: firstMonth, to: lastDay.month)

                let roster = try Row.fetchAll(
                    db, sql: "SELECT agent_id, program_id, hired_on, terminated_on FROM roster ORDER BY agent_id"
                ).map { row in
                    let terminated: Int? = row[3]
                    return AttritionAgent(
                        agentID: row[0], programID: row[1], hiredOn: LocalDate(dayNumber: row[2]),
                        terminatedOn: terminated.map(LocalDate.init(dayNumber:)))
                }
                // The per-agent monthly totals are the scorecard's own inputs (rollups, not raw rows).
                var activity: [String: [Month: AgentMonthActivity]] = [:]
                for program in Set(roster.map(\.programID)).sorted() {
                    for month in months {
                        let inputs = try Self.scorecardInputs(program: program, period: .month(month), in: db)
                        activity[program, default: [:]][month] = AgentMonthActivity(
                            interactions: inputs.interactions, evaluations: inputs.evaluations, agentDays: inputs.agentDays)
                    }
                }
                var coaching: [String: [LocalDate]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT agent_id, held_on FROM coaching_session") {
                    coaching[row[0], default: []].append(LocalDate(dayNumber: row[1]))
                }
                var engagement: [String: [EngagementResponse]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT agent_id, surveyed_on, score FROM engagement") {
                    engagement[row[0], default: []].append(
                        EngagementResponse(surveyedOn: LocalDate(dayNumber: row[1]), score: row[2]))
                }
                return AttritionHistory(
                    roster: roster, activity: activity, coaching: coaching, engagement: engagement, firstMonth: firstMonth,
                    lastDay: lastDay)
            }
        }
    }
}
