import GovernanceCore

/// Where a metric's value comes from (SPEC section 2, `source`).
public enum MetricSource: String, Sendable, Hashable {
    /// Computed from the raw records.
    case computed
    /// Taken from `reported_metrics.csv` because the raw records give no value.
    case reported
}

/// Whose records a set of metrics covers.
public enum MetricScope: Sendable, Hashable {
    /// The whole program: every catalog metric, reported values as fallback.
    case program
    /// One agent's records: agent-level metrics only, no reported values.
    case agent(String)
}

/// One catalog metric's value for a scope and period (SPEC section 2).
public struct MetricValue: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// The value used: computed when the raw records give one, else reported; `nil` when neither exists.
    public var value: Double?
    /// The sample size compared against `min_sample` (the `n` column of SPEC section 2), as a whole number:
    /// for `attrition_rate`, whose `n` is a mean head count, the exact figure is ``sampleSize``.
    public var n: Int
    /// The exact sample size; differs from ``n`` only for `attrition_rate` (mean active agents).
    public var sampleSize: Double
    /// Which source ``value`` comes from; `nil` when there is no value.
    public var source: MetricSource?
    /// Whether a computed value rests on fewer than `min_sample` records (reported values never are).
    public var insufficientSample: Bool
    /// The period's reported value (mean of the monthly ones for a quarter or year), used or not;
    /// kept for reconciliation.
    public var reported: Double?

    /// Creates a metric value.
    public init(
        metric: Metric, value: Double?, n: Int, sampleSize: Double? = nil, source: MetricSource?,
        insufficientSample: Bool = false, reported: Double? = nil
    ) {
        self.metric = metric
        self.value = value
        self.n = n
        self.sampleSize = sampleSize ?? Double(n)
        self.source = source
        self.insufficientSample = insufficientSample
        self.reported = reported
    }

    /// The computed value, when ``value`` is one.
    public var computed: Double? { source == .computed ? value : nil }

    /// Whether the value may enter scoring: it exists and its sample is sufficient.
    public var isScorable: Bool { value != nil && !insufficientSample }
}
