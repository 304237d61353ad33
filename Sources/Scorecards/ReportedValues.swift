import GovernanceCore

/// A program's reported monthly values (`reported_metrics.csv`, SPEC section 2): one value per month and
/// catalog metric, plus the monthly `program_cost`.
///
/// ```swift
/// var reported = ReportedValues()
/// reported.set(.serviceLevel, 78.5, in: Month(year: 2026, month: 3))
/// reported.setProgramCost(250_000, in: Month(year: 2026, month: 3))
/// ```
public struct ReportedValues: Sendable, Hashable {
    /// Reported value per month and catalog metric.
    public var values: [Month: [Metric: Double]]
    /// Reported `program_cost` per month.
    public var programCost: [Month: Double]

    /// Creates reported values (none by default).
    public init(values: [Month: [Metric: Double]] = [:], programCost: [Month: Double] = [:]) {
        self.values = values
        self.programCost = programCost
    }

    /// No reported values.
    public static let none = ReportedValues()

    /// Records the reported `value` of `metric` for `month`, replacing an earlier one (a later row wins).
    public mutating func set(_ metric: Metric, _ value: Double, in month: Month) {
        values[month, default: [:]][metric] = value
    }

    /// Records the reported `program_cost` of `month`, replacing an earlier one.
    public mutating func setProgramCost(_ cost: Double, in month: Month) {
        programCost[month] = cost
    }

    /// The reported value of `metric` for `month`; `nil` when none (or not finite).
    public func value(of metric: Metric, in month: Month) -> Double? {
        values[month]?[metric].flatMap { $0.isFinite ? $0 : nil }
    }

    /// The reported value of `metric` for `period`: the mean of its monthly reported values over the
    /// period's months that have one; `nil` when none does.
    public func value(of metric: Metric, in period: Period) -> Double? {
        Self.mean(period.months.compactMap { value(of: metric, in: $0) })
    }

    /// Σ reported `program_cost` over the period's months that have one; `nil` when none does.
    public func programCost(in period: Period) -> Double? {
        let costs = period.months.compactMap { programCost[$0] }.filter { $0.isFinite }
        return costs.isEmpty ? nil : costs.reduce(0, +)
    }

    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
