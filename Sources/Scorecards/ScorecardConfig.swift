import GovernanceCore

/// One metric of a program's scorecard: its weight inside its category, target and threshold (SPEC section 3).
public struct MetricConfig: Sendable, Hashable {
    /// The catalog metric.
    public var metric: Metric
    /// The weight inside the metric's category (> 0).
    public var weight: Double
    /// The value that scores 100.
    public var target: Double
    /// The contractual minimum, scoring `threshold_score`.
    public var threshold: Double

    /// Creates and validates a metric configuration.
    /// - Throws: ``GovernanceCore/GovernanceError`` (invalid argument) when the weight is not > 0, a number
    ///   is not finite, or the target is not better than the threshold (`up`: target > threshold,
    ///   `down`: target < threshold; within 1e-9 counts as equal).
    public init(_ metric: Metric, weight: Double, target: Double, threshold: Double) throws(GovernanceError) {
        guard weight.isFinite, weight > 0 else {
            throw .invalid("scorecard: weight of \(metric.rawValue) must be > 0")
        }
        guard target.isFinite, threshold.isFinite else {
            throw .invalid("scorecard: target and threshold of \(metric.rawValue) must be numbers")
        }
        switch metric.direction {
        case .up:
            guard target > threshold + boundTolerance else {
                throw .invalid("scorecard: \(metric.rawValue) is higher-is-better, so target must exceed threshold")
            }
        case .down:
            guard target < threshold - boundTolerance else {
                throw .invalid("scorecard: \(metric.rawValue) is lower-is-better, so target must be below threshold")
            }
        }
        self.metric = metric
        self.weight = weight
        self.target = target
        self.threshold = threshold
    }

    /// `target − threshold`: positive for `up` metrics, negative for `down` ones.
    public var band: Double { target - threshold }

    /// Whether `value` is worse than the threshold; within 1e-9 of it counts as meeting it.
    public func isWorseThanThreshold(_ value: Double) -> Bool {
        switch metric.direction {
        case .up: return value < threshold - boundTolerance
        case .down: return value > threshold + boundTolerance
        }
    }
}

/// A program's scorecard configuration, one version of it (SPEC sections 3 and 10).
///
/// ```swift
/// let config = try ScorecardConfig(version: 1, effectiveFrom: Month(year: 2026, month: 1), metrics: [
///     try MetricConfig(.serviceLevel, weight: 50, target: 80, threshold: 70),
///     try MetricConfig(.ahtSeconds, weight: 40, target: 360, threshold: 420),
/// ])
/// ```
public struct ScorecardConfig: Versioned, Sendable, Hashable {
    /// The version number.
    public var version: Int
    /// The first month this version is in force.
    public var effectiveFrom: Month
    /// The configured metrics, each at most once.
    public var metrics: [MetricConfig]

    /// Creates and validates a scorecard configuration.
    /// - Throws: ``GovernanceCore/GovernanceError`` (invalid argument) when no metric is configured or a
    ///   metric is configured twice.
    public init(version: Int, effectiveFrom: Month, metrics: [MetricConfig]) throws(GovernanceError) {
        guard !metrics.isEmpty else { throw .invalid("scorecard: at least one metric must be configured") }
        var seen: Set<Metric> = []
        for config in metrics where !seen.insert(config.metric).inserted {
            throw .invalid("scorecard: \(config.metric.rawValue) is configured more than once")
        }
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.metrics = metrics
    }

    /// The configuration of `metric`, if configured.
    public subscript(metric: Metric) -> MetricConfig? {
        metrics.first { $0.metric == metric }
    }
}
