import GovernanceCore
import Scorecards

/// A configured metric worse than its threshold in the review month.
public struct ThresholdAlert: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// Its value.
    public var value: Double
    /// Where the value comes from.
    public var source: MetricSource?
    /// The contractual minimum it is worse than.
    public var threshold: Double
    /// The target.
    public var target: Double
    /// The value rests on fewer than `min_sample` records (shown, not scored).
    public var insufficientSample: Bool
}

/// A month's reported and computed values of a metric that disagree beyond the tolerance (SPEC section 2).
public struct ReconciliationMismatch: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// The value computed from the raw records.
    public var computed: Double
    /// The value in `reported_metrics.csv`.
    public var reported: Double
    /// reported − computed.
    public var difference: Double
    /// The largest |difference| allowed, in the metric's unit.
    public var tolerance: Double
    /// The architecture's rule, e.g. `1 point` or `5% of computed`.
    public var toleranceRule: String
}

/// The monthly review package of a program (SPEC section 5), without the scorecard and trend
/// (the caller has those).
public struct ReviewPackage: Sendable, Hashable {
    /// The review month M.
    public var month: Month
    /// Configured metrics worse than their threshold at M, in catalog order.
    public var thresholdAlerts: [ThresholdAlert]
    /// Every catalog metric with a value at M and its anomaly check, in catalog order (with or without a verdict).
    public var anomalyChecks: [AnomalyCheck]
    /// Reported/computed pairs of M that disagree beyond the tolerance, in catalog order.
    public var reconciliation: [ReconciliationMismatch]
    /// Target-review findings, in catalog order.
    public var targetReview: [TargetReviewFinding]
    /// The three largest gaps in composite points lost, largest first.
    public var topGaps: [MetricGap]
    /// Per configured agent-level metric, the share of agents meeting the target.
    public var agentTargetChecks: [AgentTargetCheck]
    /// The actions raised at M and every earlier one not done.
    public var actions: [ActionItem]

    /// The anomalies: checks with a verdict that flag the value.
    public var anomalies: [AnomalyCheck] { anomalyChecks.filter(\.isAnomaly) }
    /// The checks without a verdict (too little history).
    public var withoutVerdict: [AnomalyCheck] { anomalyChecks.filter { $0.noVerdictReason != nil } }

    /// Builds the package.
    ///
    /// ```swift
    /// let package = ReviewPackage.build(month: m, metrics: monthly, scorecard: card, config: config,
    ///                                   architecture: architecture, agentScorecards: agents, actions: stored)
    /// package.anomalies.map(\.metric)   // [.serviceLevel]
    /// ```
    /// - Parameters:
    ///   - month: The review month M.
    ///   - metrics: The program's metric values per month; M and the 12 months before are used (missing months
    ///     count as months without values).
    ///   - scorecard: The program's scorecard at M.
    ///   - config: The scorecard version in force at M (its targets and thresholds apply to all three
    ///     months of the target review).
    ///   - architecture: The architecture in force at M (its `min_sample` decides "scored" in all three months,
    ///     its tolerances the reconciliation).
    ///   - agentScorecards: The agents' scorecards at M.
    ///   - actions: The program's action items (any months).
    public static func build(
        month: Month, metrics: [Month: MetricSet], scorecard: Scorecard, config: ScorecardConfig,
        architecture: Architecture, agentScorecards: [Scorecard], actions: [ActionItem]
    ) -> ReviewPackage {
        let current = metrics[month]
        let previous = Month.range(from: month.adding(months: -12), to: month.adding(months: -1))

        var anomalyChecks: [AnomalyCheck] = []
        var reconciliation: [ReconciliationMismatch] = []
        for metric in Metric.allCases {
            guard let entry = current?[metric], let value = entry.value else { continue }
            let history = previous.compactMap { metrics[$0]?[metric]?.value }
            anomalyChecks.append(AnomalyDetector.check(metric, value: value, source: entry.source, history: history))
            if let computed = entry.computed, let reported = entry.reported,
                architecture.isReconciliationMismatch(metric, reported: reported, computed: computed)
            {
                reconciliation.append(mismatch(metric, computed: computed, reported: reported, architecture))
            }
        }

        var alerts: [ThresholdAlert] = []
        for line in scorecard.metrics {
            guard let value = line.value, let item = config[line.metric], item.isWorseThanThreshold(value) else { continue }
            alerts.append(
                ThresholdAlert(
                    metric: line.metric, value: value, source: line.source, threshold: line.threshold,
                    target: line.target, insufficientSample: line.insufficientSample))
        }

        let trailing = Month.range(from: month.adding(months: -2), to: month)
        var findings: [TargetReviewFinding] = []
        for item in config.metrics.sorted(by: { catalogOrder($0.metric) < catalogOrder($1.metric) }) {
            let values = trailing.map { metrics[$0]?[item.metric].flatMap { scoredValue($0, architecture) } }
            if let finding = TargetReview.review(item, values: values) { findings.append(finding) }
        }

        var agentChecks: [AgentTargetCheck] = []
        for item in config.metrics.sorted(by: { catalogOrder($0.metric) < catalogOrder($1.metric) })
        where item.metric.isAgentLevel {
            let values = agentScorecards.compactMap { card in card[item.metric].flatMap { $0.score == nil ? nil : $0.value } }
            agentChecks.append(AgentTargetCheck.check(item, agentValues: values))
        }

        return ReviewPackage(
            month: month, thresholdAlerts: alerts, anomalyChecks: anomalyChecks, reconciliation: reconciliation,
            targetReview: findings, topGaps: Scorer.topGaps(in: scorecard, limit: 3), agentTargetChecks: agentChecks,
            actions: ActionItem.forReview(of: month, among: actions))
    }

    /// The value of `entry` when it would be scored under `architecture`: it exists and, when computed, its
    /// sample reaches `min_sample` (reported values are never insufficient).
    static func scoredValue(_ entry: MetricValue, _ architecture: Architecture) -> Double? {
        guard let value = entry.value else { return nil }
        if entry.source == .computed, architecture.minSample.isInsufficient(entry.sampleSize, for: entry.metric) {
            return nil
        }
        return value
    }

    static func mismatch(
        _ metric: Metric, computed: Double, reported: Double, _ architecture: Architecture
    ) -> ReconciliationMismatch {
        let rule = architecture.reconcileTolerance(for: metric)
        let tolerance: Double
        let text: String
        switch rule.unit {
        case .points:
            tolerance = rule.value
            text = "\(formatted(rule.value)) point\(rule.value == 1 ? "" : "s")"
        case .percentOfComputed:
            tolerance = rule.value / 100 * abs(computed)
            text = "\(formatted(rule.value))% of computed"
        }
        return ReconciliationMismatch(
            metric: metric, computed: computed, reported: reported, difference: reported - computed,
            tolerance: tolerance, toleranceRule: text)
    }

    private static func formatted(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func catalogOrder(_ metric: Metric) -> Int {
        Metric.allCases.firstIndex(of: metric) ?? Metric.allCases.count
    }
}
