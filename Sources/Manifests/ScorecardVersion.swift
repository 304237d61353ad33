import GovernanceCore

/// One version of a program's scorecard configuration (SPEC sections 3 and 10).
///
/// A period is scored with the version in force at its first month; versions are never
/// overwritten, a change is a new version.
public struct ScorecardVersion: Sendable, Equatable, Codable {
    /// The first month this version scores.
    public let effectiveFrom: Month
    /// Who made this version.
    public let author: String
    /// Why this version exists (never blank).
    public let rationale: String
    /// The configured metrics, each catalog metric at most once, in catalog order (SPEC section 2's table).
    public let metrics: [ScorecardMetric]

    init(effectiveFrom: Month, author: String, rationale: String, metrics: [ScorecardMetric]) {
        self.effectiveFrom = effectiveFrom
        self.author = author
        self.rationale = rationale
        self.metrics = metrics.sorted { catalogIndex($0.metric) < catalogIndex($1.metric) }
    }

    /// The configuration of `metric`, or `nil` when this version does not score it.
    public func configuration(of metric: Metric) -> ScorecardMetric? {
        metrics.first { $0.metric == metric }
    }

    /// A deterministic JSON text of this version (sorted keys, metrics in catalog order), equal
    /// for equal content whatever the YAML's key order, list order or formatting.
    public func canonicalJSON() -> String {
        CanonicalJSON.encode(self)
    }

    enum CodingKeys: String, CodingKey {
        case author, rationale, metrics
        case effectiveFrom = "effective_from"
    }

    /// Decodes the form written by ``canonicalJSON()`` (trusted input: it is not validated again).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            effectiveFrom: try c.decodeMonth(forKey: .effectiveFrom),
            author: try c.decode(String.self, forKey: .author),
            rationale: try c.decode(String.self, forKey: .rationale),
            metrics: try c.decode([ScorecardMetric].self, forKey: .metrics))
    }

    /// Encodes the canonical form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(effectiveFrom, forKey: .effectiveFrom)
        try c.encode(author, forKey: .author)
        try c.encode(rationale, forKey: .rationale)
        try c.encode(metrics, forKey: .metrics)
    }
}

/// How a program scores one catalog metric (SPEC section 3).
///
/// Validated on parse: `weight > 0`; for an `up` metric `target > threshold`, for a `down`
/// metric `target < threshold` (by more than 1e-9), so the band `target − threshold` is never 0.
public struct ScorecardMetric: Sendable, Equatable, Codable {
    /// The catalog metric.
    public let metric: Metric
    /// The metric's weight inside its category (> 0).
    public let weight: Double
    /// The value that scores 100.
    public let target: Double
    /// The contractual minimum; scores the architecture's `threshold_score`.
    public let threshold: Double

    init(metric: Metric, weight: Double, target: Double, threshold: Double) {
        self.metric = metric
        self.weight = weight
        self.target = target
        self.threshold = threshold
    }

    /// `target − threshold` (positive for `up` metrics, negative for `down` ones).
    public var band: Double { target - threshold }

    enum CodingKeys: String, CodingKey {
        case metric, weight, target, threshold
    }

    /// Decodes the form written by the canonical encoding (trusted input).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            metric: try c.decodeName(Metric.self, forKey: .metric),
            weight: try c.decode(Double.self, forKey: .weight),
            target: try c.decode(Double.self, forKey: .target),
            threshold: try c.decode(Double.self, forKey: .threshold))
    }

    /// Encodes the canonical form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric.rawValue, forKey: .metric)
        try c.encode(weight, forKey: .weight)
        try c.encode(target, forKey: .target)
        try c.encode(threshold, forKey: .threshold)
    }
}
