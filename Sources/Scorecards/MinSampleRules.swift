import GovernanceCore

/// The architecture's `min_sample` per metric (SPEC section 2): the catalog default unless overridden.
///
/// ```swift
/// let rules = MinSampleRules(overrides: [.csat: 30])
/// rules.isInsufficient(12, for: .csat)  // true
/// ```
public struct MinSampleRules: Sendable, Hashable {
    /// Per-metric overrides of ``GovernanceCore/Metric/defaultMinSample``.
    public var overrides: [Metric: Int]

    /// Creates the rules; with no overrides every metric uses its catalog default.
    public init(overrides: [Metric: Int] = [:]) {
        self.overrides = overrides
    }

    /// The minimum `n` for `metric`.
    public func minimum(for metric: Metric) -> Int {
        overrides[metric] ?? metric.defaultMinSample
    }

    /// Whether a sample of size `n` is below the minimum for `metric`.
    ///
    /// `n` is a `Double` because the `n` of `attrition_rate` is a mean head count; as for any bound
    /// (SPEC section 1), a value within 1e-9 of the minimum counts as meeting it.
    public func isInsufficient(_ n: Double, for metric: Metric) -> Bool {
        n < Double(minimum(for: metric)) - boundTolerance
    }
}
