import GRDB
import GovernanceCore
import Scorecards

extension TenantDatabase {
    /// The inputs of a program's scorecards for `period`, read from the daily rollups and the
    /// small per-program tables (never from raw interactions).
    public func scorecardInputs(program: String, period: Period) async throws(GovernanceError) -> ScorecardInputs {
        try await mapStorageErrors("reading scorecard inputs") {
            try await pool.read { db in try Self.scorecardInputs(program: program, period: period, in: db) }
        }
    }

    /// Inputs for several periods of one program in one read transaction (a consistent snapshot).
    public func scorecardInputs(program: String, periods: [Period]) async throws(GovernanceError) -> [ScorecardInputs] {
        try await mapStorageErrors("reading scorecard inputs") {
            try await pool.read { db in
                try periods.map { try Self.scorecardInputs(program: program, period: $0, in: db) }
            }
        }
    }

    static func scorecardInputs(program: String, period: Period, in db: Database) throws -> ScorecardInputs {
        let first = period.firstDay.dayNumber, last = period.lastDay.dayNumber
        var inputs = ScorecardInputs(period: period)

        let interactionRows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT agent_id, sum(offered), sum(answered), sum(abandoned), sum(answered_within),
                        sum(abandoned_within), sum(rt_answered), sum(rt_wait_sum), sum(handle_sum), sum(fcr_eligible),
                        sum(fcr_resolved), sum(surveys), sum(surveys_satisfied)
                    FROM interaction_day WHERE program_id = ? AND local_date BETWEEN ? AND ?
                    GROUP BY agent_id
                    """), arguments: [program, first, last])
        while let row = try interactionRows.next() {
            inputs.interactions[row[0]] = InteractionTotals(
                offered: row[1], answered: row[2], abandoned: row[3], answeredWithinThreshold: row[4],
                abandonedWithinThreshold: row[5], realTimeAnswered: row[6], realTimeWaitSum: row[7], handleSum: row[8],
                fcrEligible: row[9], fcrResolved: row[10], surveys: row[11], surveysSatisfied: row[12])
        }

        let evaluationRows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT agent_id, count(*), count(quality_score), total(quality_score), total(compliance_pass)
                    FROM evaluation
                    WHERE program_id = ? AND local_date BETWEEN ? AND ? AND calibration_session_id IS NULL
                    GROUP BY agent_id
                    """), arguments: [program, first, last])
        while let row = try evaluationRows.next() {
            let passed: Double = row[4]
            inputs.evaluations[row[0]] = EvaluationTotals(
                evaluations: row[1], qualityScored: row[2], qualityScoreSum: row[3], compliancePassed: Int(passed))
        }

        let dayRows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT agent_id, count(*), total(scheduled_seconds), total(available_seconds), total(adherent_seconds)
                    FROM agent_day WHERE program_id = ? AND date BETWEEN ? AND ?
                    GROUP BY agent_id
                    """), arguments: [program, first, last])
        while let row = try dayRows.next() {
            inputs.agentDays[row[0]] = AgentDayTotals(
                agentDays: row[1], scheduledSeconds: row[2], availableSeconds: row[3], adherentSeconds: row[4])
        }

        let rosterRows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT agent_id, hired_on, terminated_on FROM roster WHERE program_id = ?"),
            arguments: [program])
        while let row = try rosterRows.next() {
            let terminated: Int? = row[2]
            inputs.roster.append(
                RosterEntry(
                    agentID: row[0], hiredOn: LocalDate(dayNumber: row[1]),
                    terminatedOn: terminated.map(LocalDate.init(dayNumber:))))
        }

        let planned = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT month, planned_fte FROM planned_headcount WHERE program_id = ?"),
            arguments: [program])
        while let row = try planned.next() {
            inputs.plannedFTE[Month(index: row[0])] = row[1]
        }

        // Engagement: the 3 months ending with the period's last month (SPEC section 2, enps).
        let engagementFrom = period.lastMonth.adding(months: -2).firstDay.dayNumber
        let engagement = try Row.fetchCursor(
            db.cachedStatement(
                sql: "SELECT surveyed_on, score FROM engagement WHERE program_id = ? AND surveyed_on BETWEEN ? AND ?"),
            arguments: [program, engagementFrom, last])
        while let row = try engagement.next() {
            inputs.engagement.append(EngagementResponse(surveyedOn: LocalDate(dayNumber: row[0]), score: row[1]))
        }

        let reported = try Row.fetchCursor(
            db.cachedStatement(
                sql: "SELECT period, metric, value FROM reported_metric WHERE program_id = ? AND period BETWEEN ? AND ?"),
            arguments: [program, period.firstMonth.index, period.lastMonth.index])
        while let row = try reported.next() {
            let month = Month(index: row[0])
            let name: String = row[1]
            let value: Double = row[2]
            if name == "program_cost" {
                inputs.reported.setProgramCost(value, in: month)
            } else if let metric = Metric(rawValue: name) {
                inputs.reported.set(metric, value, in: month)
            }
        }
        return inputs
    }

    /// Months in which the program has any interaction rollup, reported value or evaluation.
    public func activeMonths(program: String) async throws(GovernanceError) -> [Month] {
        try await mapStorageErrors("reading months") {
            try await pool.read { db in
                var months = Set<Month>()
                for day in try Int.fetchAll(
                    db, sql: "SELECT DISTINCT local_date FROM interaction_day WHERE program_id = ?", arguments: [program])
                {
                    months.insert(LocalDate(dayNumber: day).month)
                }
                for month in try Int.fetchAll(
                    db, sql: "SELECT DISTINCT period FROM reported_metric WHERE program_id = ?", arguments: [program])
                {
                    months.insert(Month(index: month))
                }
                return months.sorted()
            }
        }
    }
}
