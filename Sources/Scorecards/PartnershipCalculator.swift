import GovernanceCore

/// One row of a program's roster, as far as the partnership metrics need it.
public struct RosterEntry: Sendable, Hashable {
    /// The agent's id.
    public var agentID: String
    /// First day the agent is active.
    public var hiredOn: LocalDate
    /// First day the agent is no longer active; `nil` while employed.
    public var terminatedOn: LocalDate?

    /// Creates a roster entry.
    public init(agentID: String, hiredOn: LocalDate, terminatedOn: LocalDate? = nil) {
        self.agentID = agentID
        self.hiredOn = hiredOn
        self.terminatedOn = terminatedOn
    }

    /// Whether the agent is active on `day`: `hired_on ≤ day` and (`terminated_on` empty or `> day`).
    public func isActive(on day: LocalDate) -> Bool {
        guard hiredOn <= day else { return false }
        guard let terminatedOn else { return true }
        return terminatedOn > day
    }
}

/// One engagement (eNPS) survey response.
public struct EngagementResponse: Sendable, Hashable {
    /// The local date the response was given (`surveyed_on`).
    public var surveyedOn: LocalDate
    /// The score, 0–10.
    public var score: Int

    /// Creates a response.
    public init(surveyedOn: LocalDate, score: Int) {
        self.surveyedOn = surveyedOn
        self.score = score
    }
}

/// Builds ``PartnershipTotals`` from a program's roster, planned head count and engagement survey (SPEC section 2).
///
/// ```swift
/// let totals = PartnershipCalculator.totals(
///     roster: roster, plannedFTE: [Month(year: 2026, month: 3): 40], engagement: responses,
///     period: .month(Month(year: 2026, month: 3)))
/// ```
public enum PartnershipCalculator {
    /// The partnership totals of `period`.
    ///
    /// Runs in O(roster + months + responses): the sum over the period's days of the active count equals
    /// the sum over agents of the days of the period each one is active, so no per-day array is needed.
    /// - Parameters:
    ///   - roster: The program's roster (supervisors without a row of their own are not agents).
    ///   - plannedFTE: `planned_fte` per month; months outside the period are ignored.
    ///   - engagement: Engagement responses; only those in the three months ending with the period's last
    ///     month count, and scores outside 0–10 are ignored.
    ///   - period: The month, quarter or year.
    /// - Returns: The totals; a period with no roster has a mean of 0 active agents.
    public static func totals(
        roster: [RosterEntry], plannedFTE: [Month: Double], engagement: [EngagementResponse], period: Period
    ) -> PartnershipTotals {
        let first = period.firstDay
        let last = period.lastDay
        var activeDays = 0
        var terminations = 0
        var tenures: [Int] = []
        for entry in roster {
            // Active on [hired_on, terminated_on − 1]; clip to the period.
            let start = max(entry.hiredOn.dayNumber, first.dayNumber)
            let end = min(entry.terminatedOn.map { $0.dayNumber - 1 } ?? last.dayNumber, last.dayNumber)
            if end >= start { activeDays += end - start + 1 }
            if let terminatedOn = entry.terminatedOn, terminatedOn >= first, terminatedOn <= last {
                terminations += 1
            }
            if entry.isActive(on: last) { tenures.append(entry.hiredOn.days(to: last)) }
        }

        let planned = period.months.compactMap { plannedFTE[$0] }.filter { $0.isFinite }

        let windowStart = period.lastMonth.adding(months: -2).firstDay
        var responses = 0
        var promoters = 0
        var detractors = 0
        for response in engagement where response.surveyedOn >= windowStart && response.surveyedOn <= last {
            guard (0...10).contains(response.score) else { continue }
            responses += 1
            if response.score >= 9 { promoters += 1 }
            if response.score <= 6 { detractors += 1 }
        }

        return PartnershipTotals(
            meanActiveAgents: Double(activeDays) / Double(period.dayCount),
            terminations: terminations,
            tenureDaysMedian: Statistics.median(tenures.map(Double.init)),
            activeOnLastDay: tenures.count,
            meanPlannedFTE: planned.isEmpty ? nil : planned.reduce(0, +) / Double(planned.count),
            plannedMonths: planned.count,
            enpsResponses: responses,
            enpsPromoters: promoters,
            enpsDetractors: detractors
        )
    }
}

/// Small numeric helpers shared inside the module.
enum Statistics {
    /// The median; the mean of the two middle values for an even count; `nil` when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
