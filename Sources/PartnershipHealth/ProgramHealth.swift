import GovernanceCore
import Scorecards

/// A program's workforce health for one month: head count, staffing, attrition, tenure and eNPS
/// (SPEC section 2, partnership metrics, plus the early-tenure and quartile figures of issue 7).
public struct ProgramHealth: Sendable, Hashable {
    /// The month.
    public var month: Month
    /// Active head count: the mean over the month's days of the number of active agents.
    public var headcount: Double
    /// Agents active on the month's last day.
    public var activeOnLastDay: Int
    /// The month's `planned_fte`; `nil` when none was imported.
    public var plannedFTE: Double?
    /// `staffing_ratio` = 100 × headcount ÷ planned FTE; `nil` without a plan.
    public var staffingRatio: Double?
    /// Roster rows whose `terminated_on` falls in the month.
    public var terminations: Int
    /// `attrition_rate` = 100 × terminations ÷ headcount (monthly); `nil` with no head count.
    public var attritionRate: Double?
    /// `attrition_rate` × 12.
    public var attritionRateAnnualised: Double?
    /// Agents hired in the early-tenure window who were terminated within 90 days of hire and on or
    /// before the month's last day.
    public var earlyTerminations: Int
    /// Agents hired in the 90 days ending on the month's last day (the early-tenure window).
    public var recentHires: Int
    /// 100 × ``earlyTerminations`` ÷ ``recentHires``; `nil` without recent hires.
    public var earlyAttritionRate: Double?
    /// `tenure_days`: the median of (last day − `hired_on`) over agents active on the last day.
    public var tenureMedianDays: Double?
    /// First quartile of the same tenures (linear interpolation, as numpy).
    public var tenureP25Days: Double?
    /// Third quartile of the same tenures.
    public var tenureP75Days: Double?
    /// `enps` over the 3 months ending with this month; `nil` without responses.
    public var enps: Double?
    /// Engagement responses in those 3 months.
    public var enpsResponses: Int

    /// Creates a health record; see ``ProgramHealthCalculator`` for how the figures are defined.
    public init(
        month: Month, headcount: Double = 0, activeOnLastDay: Int = 0, plannedFTE: Double? = nil,
        staffingRatio: Double? = nil, terminations: Int = 0, attritionRate: Double? = nil,
        attritionRateAnnualised: Double? = nil, earlyTerminations: Int = 0, recentHires: Int = 0,
        earlyAttritionRate: Double? = nil, tenureMedianDays: Double? = nil, tenureP25Days: Double? = nil,
        tenureP75Days: Double? = nil, enps: Double? = nil, enpsResponses: Int = 0
    ) {
        self.month = month
        self.headcount = headcount
        self.activeOnLastDay = activeOnLastDay
        self.plannedFTE = plannedFTE
        self.staffingRatio = staffingRatio
        self.terminations = terminations
        self.attritionRate = attritionRate
        self.attritionRateAnnualised = attritionRateAnnualised
        self.earlyTerminations = earlyTerminations
        self.recentHires = recentHires
        self.earlyAttritionRate = earlyAttritionRate
        self.tenureMedianDays = tenureMedianDays
        self.tenureP25Days = tenureP25Days
        self.tenureP75Days = tenureP75Days
        self.enps = enps
        self.enpsResponses = enpsResponses
    }
}

/// Computes ``ProgramHealth`` from a program's roster, planned head count and engagement responses.
///
/// The SPEC-defined metrics (staffing_ratio, attrition_rate, tenure_days, enps) come from the
/// Scorecards library's ``PartnershipCalculator`` and ``MetricCalculator``, so the health page and the
/// scorecard can never disagree. Only computed values are used (a month with no roster has no
/// attrition here even if one was reported).
///
/// ```swift
/// let health = ProgramHealthCalculator.health(
///     roster: roster, plannedFTE: [month: 40], engagement: responses, month: month)
/// health.earlyAttritionRate  // 25.0
/// ```
public enum ProgramHealthCalculator {
    /// Days after hire within which a termination counts as early-tenure attrition, and the length
    /// of the trailing hire window.
    public static let earlyTenureDays = 90

    /// The health figures of one program and month.
    /// - Parameters:
    ///   - roster: The program's roster rows.
    ///   - plannedFTE: `planned_fte` by month.
    ///   - engagement: The program's engagement responses (any dates; the trailing 3 months are used).
    ///   - month: The month.
    /// - Returns: The month's health; values with a zero denominator are `nil`.
    public static func health(
        roster: [RosterEntry], plannedFTE: [Month: Double], engagement: [EngagementResponse], month: Month
    ) -> ProgramHealth {
        let period = Period.month(month)
        let totals = PartnershipCalculator.totals(
            roster: roster, plannedFTE: plannedFTE, engagement: engagement, period: period)
        let metrics = MetricCalculator().programMetrics(for: period, partnership: totals)
        let last = month.lastDay

        // Early tenure: of the agents hired in the 90 days ending on the month's last day, those who
        // already left (necessarily within 90 days of hire).
        let windowStart = last.adding(days: -(earlyTenureDays - 1))
        var hires = 0
        var early = 0
        var tenures: [Double] = []
        for entry in roster {
            if entry.hiredOn >= windowStart && entry.hiredOn <= last {
                hires += 1
                if let end = entry.terminatedOn, end <= last, entry.hiredOn.days(to: end) <= earlyTenureDays {
                    early += 1
                }
            }
            if entry.isActive(on: last) { tenures.append(Double(entry.hiredOn.days(to: last))) }
        }
        let quartiles = Quantiles.quartiles(tenures)

        return ProgramHealth(
            month: month,
            headcount: totals.meanActiveAgents,
            activeOnLastDay: totals.activeOnLastDay,
            plannedFTE: totals.meanPlannedFTE,
            staffingRatio: metrics[.staffingRatio]?.computed,
            terminations: totals.terminations,
            attritionRate: metrics[.attritionRate]?.computed,
            attritionRateAnnualised: metrics[.attritionRate]?.computed.flatMap { _ in metrics.attritionRateAnnualised },
            earlyTerminations: early,
            recentHires: hires,
            earlyAttritionRate: hires == 0 ? nil : 100 * Double(early) / Double(hires),
            tenureMedianDays: metrics[.tenureDays]?.computed,
            tenureP25Days: quartiles?.p25,
            tenureP75Days: quartiles?.p75,
            enps: metrics[.enps]?.computed,
            enpsResponses: totals.enpsResponses
        )
    }
}
