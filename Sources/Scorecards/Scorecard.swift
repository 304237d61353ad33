import GovernanceCore

/// A program's or agent's scorecard for a period (SPEC section 3), built by ``Scorer``.
public struct Scorecard: Sendable, Hashable {
    /// Whose scorecard this is.
    public var scope: MetricScope
    /// The period scored.
    public var period: Period
    /// The composite after gates (0–100); `nil` when no category has a scored metric.
    public var composite: Double?
    /// The composite before gates.
    public var compositeUncapped: Double?
    /// Whether a failed gate capped the composite (true even when it was already below the cap).
    public var gateCapped: Bool
    /// The gate metrics that failed, in catalog order.
    public var failedGates: [Metric]
    /// Whether every configured metric has a value with a sufficient sample.
    public var complete: Bool
    /// The configured metrics left out of scoring, and why, in catalog order.
    public var missing: [MissingMetric]
    /// The categories with at least one configured metric, in catalog order.
    public var categories: [CategoryScore]
    /// The configured metrics (agent-level ones only for an agent), in catalog order.
    public var metrics: [MetricScore]
    /// The architecture version used.
    public var architectureVersion: Int
    /// The scorecard configuration version used.
    public var scorecardVersion: Int

    /// Creates a scorecard.
    public init(
        scope: MetricScope, period: Period, composite: Double?, compositeUncapped: Double?, gateCapped: Bool,
        failedGates: [Metric], complete: Bool, missing: [MissingMetric], categories: [CategoryScore],
        metrics: [MetricScore], architectureVersion: Int, scorecardVersion: Int
    ) {
        self.scope = scope
        self.period = period
        self.composite = composite
        self.compositeUncapped = compositeUncapped
        self.gateCapped = gateCapped
        self.failedGates = failedGates
        self.complete = complete
        self.missing = missing
        self.categories = categories
        self.metrics = metrics
        self.architectureVersion = architectureVersion
        self.scorecardVersion = scorecardVersion
    }

    /// The score line of `metric`, if configured.
    public subscript(metric: Metric) -> MetricScore? { metrics.first { $0.metric == metric } }

    /// The category line of `category`, if it has a configured metric.
    public subscript(category: Category) -> CategoryScore? { categories.first { $0.category == category } }
}

/// Why a configured metric did not enter the score.
public enum MissingReason: String, Sendable, Hashable {
    /// Neither the records nor the reported values give a value.
    case noValue = "no_value"
    /// The computed value rests on fewer than `min_sample` records.
    case insufficientSample = "insufficient_sample"
}

/// A configured metric that did not enter the score.
public struct MissingMetric: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// Why it is missing.
    public var reason: MissingReason

    /// Creates an entry.
    public init(metric: Metric, reason: MissingReason) {
        self.metric = metric
        self.reason = reason
    }
}

/// One category of a scorecard.
public struct CategoryScore: Sendable, Hashable {
    /// The category.
    public var category: Category
    /// W_c from the architecture.
    public var weight: Double
    /// Weighted mean of the category's scored metrics; `nil` when none is scored.
    public var score: Double?

    /// Creates a category line.
    public init(category: Category, weight: Double, score: Double?) {
        self.category = category
        self.weight = weight
        self.score = score
    }
}

/// One configured metric of a scorecard.
public struct MetricScore: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// Its category.
    public var category: Category
    /// The value used; `nil` when there is none.
    public var value: Double?
    /// Where the value comes from; `nil` when there is none.
    public var source: MetricSource?
    /// The sample size compared against `min_sample`.
    public var n: Int
    /// Whether the computed value's sample is below `min_sample` (then it is not scored).
    public var insufficientSample: Bool
    /// The configured weight inside the category.
    public var weight: Double
    /// The configured target.
    public var target: Double
    /// The configured threshold.
    public var threshold: Double
    /// The 0–100 score; `nil` when the metric is not scored.
    public var score: Double?

    /// Creates a metric line.
    public init(
        metric: Metric, category: Category, value: Double?, source: MetricSource?, n: Int,
        insufficientSample: Bool, weight: Double, target: Double, threshold: Double, score: Double?
    ) {
        self.metric = metric
        self.category = category
        self.value = value
        self.source = source
        self.n = n
        self.insufficientSample = insufficientSample
        self.weight = weight
        self.target = target
        self.threshold = threshold
        self.score = score
    }
}
