import GovernanceCore

/// The metric values of one scope and period, as produced by ``MetricCalculator``.
public struct MetricSet: Sendable, Hashable {
    /// Whose records these are.
    public var scope: MetricScope
    /// The period.
    public var period: Period
    /// One entry per catalog metric of the scope (all metrics for a program, agent-level ones for an agent).
    public var values: [Metric: MetricValue]
    /// `attrition_rate` × 12 ÷ months of the period (a reported value, being a monthly figure, × 12);
    /// `nil` without an attrition value or for an agent.
    public var attritionRateAnnualised: Double?

    /// Creates a metric set.
    public init(
        scope: MetricScope, period: Period, values: [Metric: MetricValue], attritionRateAnnualised: Double? = nil
    ) {
        self.scope = scope
        self.period = period
        self.values = values
        self.attritionRateAnnualised = attritionRateAnnualised
    }

    /// The value of `metric`, if the set has an entry for it.
    public subscript(metric: Metric) -> MetricValue? { values[metric] }
}
