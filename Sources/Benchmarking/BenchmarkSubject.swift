import GovernanceCore

/// What programs are compared on (SPEC section 7): the gate-capped composite, one category
/// score, or one metric's value.
public enum BenchmarkSubject: Sendable, Hashable, CustomStringConvertible {
    /// The gate-capped composite.
    case composite
    /// A category score (0–100).
    case category(Category)
    /// A metric's value (in the metric's own unit, not its score).
    case metric(Metric)

    /// Which way is better: `down` only for a `down` metric; scores are always `up`.
    public var direction: Direction {
        if case .metric(let metric) = self { return metric.direction }
        return .up
    }

    /// `composite`, `category:service`, `metric:aht_seconds`.
    public var description: String {
        switch self {
        case .composite: return "composite"
        case .category(let category): return "category:\(category.rawValue)"
        case .metric(let metric): return "metric:\(metric.rawValue)"
        }
    }

    /// Every subject in a fixed order: composite, the categories in catalog order, the metrics in catalog order.
    public static var all: [BenchmarkSubject] {
        [.composite] + Category.allCases.map(BenchmarkSubject.category) + Metric.allCases.map(BenchmarkSubject.metric)
    }
}
