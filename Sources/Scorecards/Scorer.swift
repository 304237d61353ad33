import GovernanceCore

/// Turns metric values into scores, category scores and a composite (SPEC section 3).
///
/// ```swift
/// let metrics = calculator.programMetrics(for: period, interactions: totals, reported: reported)
/// let card = Scorer.scorecard(for: metrics, config: config, architecture: architecture)
/// card.composite     // 72.5
/// card.failedGates   // [.complianceRate]
/// ```
public enum Scorer {
    /// The 0–100 score of `value`: `clamp(100 − (100 − thresholdScore) × (target − value) ÷ band, 0, 100)`
    /// with `band = target − threshold`, which works for both directions by its sign.
    ///
    /// At the target it scores 100, at the threshold `thresholdScore`, better than the target stays 100.
    public static func score(
        _ value: Double, target: Double, threshold: Double, thresholdScore: Double = 50
    ) -> Double {
        let band = target - threshold
        let raw = 100 - (100 - thresholdScore) * (target - value) / band
        return min(max(raw, 0), 100)
    }

    /// The scorecard of `metrics` under a scorecard configuration and an architecture.
    ///
    /// For an agent's metric set only the configured agent-level metrics take part. Whether a sample is
    /// sufficient is decided by `architecture.minSample` (so a period can be re-scored under another
    /// architecture version); reported values are never insufficient.
    /// - Parameters:
    ///   - metrics: The values of the scope and period, from ``MetricCalculator``.
    ///   - config: The program's scorecard configuration (in force for the period, or any version asked for).
    ///   - architecture: The architecture (idem).
    /// - Returns: The scorecard, with the composite before and after gates and what is missing.
    public static func scorecard(
        for metrics: MetricSet, config: ScorecardConfig, architecture: Architecture
    ) -> Scorecard {
        let isAgent: Bool
        switch metrics.scope {
        case .program: isAgent = false
        case .agent: isAgent = true
        }
        let configured = config.metrics
            .filter { !isAgent || $0.metric.isAgentLevel }
            .sorted { Self.catalogOrder($0.metric) < Self.catalogOrder($1.metric) }

        var lines: [MetricScore] = []
        var missing: [MissingMetric] = []
        var failedGates: [Metric] = []
        for item in configured {
            let entry = metrics[item.metric]
            let value = entry?.value
            // Reported values are never insufficient; computed ones are judged by this architecture's rules.
            var insufficient = false
            if let entry, entry.source == .computed {
                insufficient = architecture.minSample.isInsufficient(entry.sampleSize, for: item.metric)
            }
            var score: Double?
            if let value, !insufficient {
                score = Self.score(
                    value, target: item.target, threshold: item.threshold, thresholdScore: architecture.thresholdScore)
                if architecture.gates.contains(item.metric), item.isWorseThanThreshold(value) {
                    failedGates.append(item.metric)
                }
            } else {
                missing.append(
                    MissingMetric(metric: item.metric, reason: value == nil ? .noValue : .insufficientSample))
            }
            lines.append(
                MetricScore(
                    metric: item.metric, category: item.metric.category, value: value,
                    source: value == nil ? nil : entry?.source,
                    n: entry?.n ?? 0, insufficientSample: value != nil && insufficient,
                    weight: item.weight, target: item.target, threshold: item.threshold, score: score))
        }

        var categories: [CategoryScore] = []
        var weightedSum = 0.0
        var weightTotal = 0.0
        for category in Category.allCases {
            let members = lines.filter { $0.category == category }
            guard !members.isEmpty else { continue }
            let scored = members.compactMap { line in line.score.map { (weight: line.weight, score: $0) } }
            let categoryWeight = architecture.weight(of: category)
            var categoryScore: Double?
            if !scored.isEmpty {
                let metricWeights = scored.reduce(0) { $0 + $1.weight }
                let value = scored.reduce(0) { $0 + $1.weight * $1.score } / metricWeights
                categoryScore = value
                weightedSum += categoryWeight * value
                weightTotal += categoryWeight
            }
            categories.append(CategoryScore(category: category, weight: categoryWeight, score: categoryScore))
        }

        // With every scored category at weight 0 the weighted mean is undefined: no composite.
        let uncapped: Double? = weightTotal > 0 ? weightedSum / weightTotal : nil
        let gateCapped = !failedGates.isEmpty
        let composite = gateCapped ? uncapped.map { min($0, architecture.gateCap) } : uncapped

        return Scorecard(
            scope: metrics.scope, period: metrics.period, composite: composite, compositeUncapped: uncapped,
            gateCapped: gateCapped, failedGates: failedGates, complete: missing.isEmpty, missing: missing,
            categories: categories, metrics: lines,
            architectureVersion: architecture.version, scorecardVersion: config.version)
    }

    /// Points lost per scored metric (SPEC section 5, top gaps):
    /// (W_c ÷ Σ W over scored categories) × (w_m ÷ Σ w over scored metrics in its category) × (100 − score).
    ///
    /// Over a scorecard whose composite exists, the points lost add up to 100 − ``Scorecard/compositeUncapped``.
    public static func pointsLost(in scorecard: Scorecard) -> [Metric: Double] {
        let scoredCategories = scorecard.categories.filter { $0.score != nil }
        let categoryTotal = scoredCategories.reduce(0) { $0 + $1.weight }
        guard categoryTotal > 0 else { return [:] }
        var lost: [Metric: Double] = [:]
        for category in scoredCategories {
            let scored = scorecard.metrics.filter { $0.category == category.category && $0.score != nil }
            let metricTotal = scored.reduce(0) { $0 + $1.weight }
            for line in scored {
                guard let score = line.score else { continue }
                lost[line.metric] = category.weight / categoryTotal * line.weight / metricTotal * (100 - score)
            }
        }
        return lost
    }

    /// The largest points lost above 0 (SPEC section 5): largest first, ties (within 1e-9) by metric name.
    /// - Parameters:
    ///   - scorecard: The scorecard.
    ///   - limit: How many to return (3 in the monthly review package).
    public static func topGaps(in scorecard: Scorecard, limit: Int = 3) -> [MetricGap] {
        pointsLost(in: scorecard)
            .filter { $0.value > boundTolerance }
            .map { MetricGap(metric: $0.key, pointsLost: $0.value) }
            .sorted { lhs, rhs in
                if abs(lhs.pointsLost - rhs.pointsLost) > boundTolerance { return lhs.pointsLost > rhs.pointsLost }
                return lhs.metric.rawValue < rhs.metric.rawValue
            }
            .prefix(max(limit, 0))
            .map { $0 }
    }

    private static func catalogOrder(_ metric: Metric) -> Int {
        Metric.allCases.firstIndex(of: metric) ?? Metric.allCases.count
    }
}

/// Points a scorecard loses on one metric (SPEC section 5, top gaps).
public struct MetricGap: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// Composite points lost on it.
    public var pointsLost: Double

    /// Creates a gap.
    public init(metric: Metric, pointsLost: Double) {
        self.metric = metric
        self.pointsLost = pointsLost
    }
}
