import GovernanceCore

/// One month of an agent's year: its composite (if any) and answered count.
public struct MonthlyComposite: Sendable, Hashable {
    /// The month.
    public var month: Month
    /// The month's composite; `nil` when the agent had none.
    public var composite: Double?
    /// The month's answered count (the weight of the composite).
    public var answered: Int

    /// Creates a month's entry.
    public init(month: Month, composite: Double?, answered: Int) {
        self.month = month
        self.composite = composite
        self.answered = answered
    }
}

/// The direction of an agent's composite over the review year.
public enum Trajectory: String, Sendable, Hashable {
    /// Slope ≥ 1 point per month.
    case improving
    /// Slope between −1 and 1.
    case steady
    /// Slope ≤ −1 point per month.
    case declining
}

/// An agent's annual review (SPEC section 4): weighted annual composite and trajectory.
///
/// ```swift
/// let review = AnnualReview(endingAt: Month(year: 2026, month: 12), months: monthly)
/// review.annualComposite  // mean of the monthly composites weighted by answered
/// review.trajectory       // .improving
/// ```
public struct AnnualReview: Sendable, Hashable {
    /// The first month of the review window (month number 1).
    public var firstMonth: Month
    /// The last month of the review window (month number 12).
    public var lastMonth: Month
    /// The window's months that have a composite, in order.
    public var months: [MonthlyComposite]
    /// Mean of the monthly composites weighted by answered; `nil` when the weights sum to 0.
    public var annualComposite: Double?
    /// Least-squares slope of composite over month number 1–12; `nil` with fewer than 2 months.
    public var slope: Double?
    /// `improving` (slope ≥ 1), `declining` (≤ −1) or `steady`; `nil` without a slope.
    public var trajectory: Trajectory?

    /// The review of the 12 months ending at `lastMonth`. Entries outside the window are ignored; when a
    /// month appears twice, the later entry wins.
    public init(endingAt lastMonth: Month, months entries: [MonthlyComposite]) {
        let firstMonth = lastMonth.adding(months: -11)
        var byMonth: [Month: MonthlyComposite] = [:]
        for entry in entries where entry.month >= firstMonth && entry.month <= lastMonth {
            byMonth[entry.month] = entry
        }
        let months = Month.range(from: firstMonth, to: lastMonth).compactMap { month -> MonthlyComposite? in
            guard let entry = byMonth[month], let composite = entry.composite, composite.isFinite else { return nil }
            return entry
        }
        self.firstMonth = firstMonth
        self.lastMonth = lastMonth
        self.months = months

        var weightedSum = 0.0
        var weightTotal = 0.0
        for entry in months {
            let weight = Double(max(entry.answered, 0))
            weightedSum += weight * (entry.composite ?? 0)
            weightTotal += weight
        }
        annualComposite = weightTotal > 0 ? weightedSum / weightTotal : nil

        let points = months.compactMap { entry in
            entry.composite.map { (x: Double(entry.month.index - firstMonth.index + 1), y: $0) }
        }
        slope = Self.leastSquaresSlope(points)
        trajectory = slope.map { slope in
            if slope >= 1 - boundTolerance { return .improving }
            if slope <= -1 + boundTolerance { return .declining }
            return .steady
        }
    }

    /// The review of calendar year `year` (January is month number 1).
    public init(year: Int, months entries: [MonthlyComposite]) {
        self.init(endingAt: Month(year: year, month: 12), months: entries)
    }

    private static func leastSquaresSlope(_ points: [(x: Double, y: Double)]) -> Double? {
        guard points.count >= 2 else { return nil }
        let count = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / count
        let meanY = points.reduce(0) { $0 + $1.y } / count
        var sxy = 0.0
        var sxx = 0.0
        for point in points {
            sxy += (point.x - meanX) * (point.y - meanY)
            sxx += (point.x - meanX) * (point.x - meanX)
        }
        return sxx > 0 ? sxy / sxx : nil
    }
}
