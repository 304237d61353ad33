/// Program-level workforce figures for one period, from which the partnership metrics follow (SPEC section 2).
///
/// Unlike the other totals these do not add up across periods (a mean head count or a median tenure
/// is not a sum): build them for the period at hand with
/// ``PartnershipCalculator/totals(roster:plannedFTE:engagement:period:)``.
public struct PartnershipTotals: Sendable, Hashable {
    /// Mean over the period's days of the number of active agents.
    public var meanActiveAgents: Double
    /// Roster rows whose `terminated_on` falls inside the period.
    public var terminations: Int
    /// Median of (period's last day − `hired_on`) in days over agents active on the last day; `nil` when none is.
    public var tenureDaysMedian: Double?
    /// Agents active on the period's last day.
    public var activeOnLastDay: Int
    /// Mean `planned_fte` over the period's months that have one; `nil` when none has.
    public var meanPlannedFTE: Double?
    /// Months of the period with a `planned_fte`.
    public var plannedMonths: Int
    /// Engagement responses dated in the three months ending with the period's last month.
    public var enpsResponses: Int
    /// Of those, responses scoring 9 or 10.
    public var enpsPromoters: Int
    /// Of those, responses scoring 0 to 6.
    public var enpsDetractors: Int

    /// Creates partnership totals; every field defaults to zero or `nil`.
    public init(
        meanActiveAgents: Double = 0, terminations: Int = 0, tenureDaysMedian: Double? = nil,
        activeOnLastDay: Int = 0, meanPlannedFTE: Double? = nil, plannedMonths: Int = 0,
        enpsResponses: Int = 0, enpsPromoters: Int = 0, enpsDetractors: Int = 0
    ) {
        self.meanActiveAgents = meanActiveAgents
        self.terminations = terminations
        self.tenureDaysMedian = tenureDaysMedian
        self.activeOnLastDay = activeOnLastDay
        self.meanPlannedFTE = meanPlannedFTE
        self.plannedMonths = plannedMonths
        self.enpsResponses = enpsResponses
        self.enpsPromoters = enpsPromoters
        self.enpsDetractors = enpsDetractors
    }
}
