import GovernanceCore
import Scorecards

/// What the target review recommends for a metric (SPEC section 5).
public enum TargetRecommendation: String, Sendable, Hashable {
    /// The metric outperformed its target in the review month and the 2 months before.
    case raiseTarget = "raise_target"
    /// The metric was worse than its threshold in all three months.
    case unattainable
}

/// A target-review finding for one configured metric.
public struct TargetReviewFinding: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// The recommendation.
    public var recommendation: TargetRecommendation
    /// The three months' values, oldest first (M − 2, M − 1, M).
    public var values: [Double]
    /// `raise_target`: the median of the three values; `nil` for `unattainable`.
    public var suggestedTarget: Double?
    /// The target of the review month's scorecard version.
    public var target: Double
    /// The threshold of the review month's scorecard version.
    public var threshold: Double
}

/// Reviews targets against the last three months (SPEC section 5, target review).
///
/// ```swift
/// let config = try MetricConfig(.serviceLevel, weight: 1, target: 80, threshold: 70)
/// TargetReview.review(config, values: [86, 88, 90])?.suggestedTarget  // 88: raise the target
/// ```
public enum TargetReview {
    /// Outperforming means (value − target) ÷ band at least this.
    public static let outperformBands = 0.5

    /// Whether `value` outperforms: (value − target) ÷ band ≥ 0.5, band = target − threshold (its sign
    /// makes this work for `down` metrics too); within 1e-9 of the bound counts as meeting it.
    public static func outperforms(_ value: Double, _ config: MetricConfig) -> Bool {
        (value - config.target) / config.band >= outperformBands - boundTolerance
    }

    /// The finding for one metric, or `nil` when there is none.
    /// - Parameters:
    ///   - config: The metric's configuration in the review month's scorecard version (applied to all three months).
    ///   - values: The scored values of M − 2, M − 1 and M, oldest first; `nil` for a month without a scored
    ///     value (then there is no finding).
    public static func review(_ config: MetricConfig, values: [Double?]) -> TargetReviewFinding? {
        let scored = values.compactMap { $0 }
        guard values.count == 3, scored.count == 3 else { return nil }
        if scored.allSatisfy({ outperforms($0, config) }) {
            return TargetReviewFinding(
                metric: config.metric, recommendation: .raiseTarget, values: scored,
                suggestedTarget: AnomalyDetector.median(scored), target: config.target, threshold: config.threshold)
        }
        if scored.allSatisfy({ config.isWorseThanThreshold($0) }) {
            return TargetReviewFinding(
                metric: config.metric, recommendation: .unattainable, values: scored, suggestedTarget: nil,
                target: config.target, threshold: config.threshold)
        }
        return nil
    }
}
