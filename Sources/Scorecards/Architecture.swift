import GovernanceCore

/// The platform-wide scorecard definition (SPEC sections 1–3): category weights and calculation rules.
///
/// ```swift
/// let architecture = try Architecture(
///     version: 1, effectiveFrom: Month(year: 2026, month: 1),
///     categoryWeights: [.service: 25, .quality: 25, .customer: 20, .efficiency: 15, .partnership: 15])
/// ```
public struct Architecture: Versioned, Sendable, Hashable {
    /// The version number.
    public var version: Int
    /// The first month this version is in force.
    public var effectiveFrom: Month
    /// W_c per category; they sum to 100 and a category left out weighs 0.
    public var categoryWeights: [Category: Double]
    /// The score of a value exactly at its threshold (default 50).
    public var thresholdScore: Double
    /// The composite ceiling when a gate fails (default 50).
    public var gateCap: Double
    /// The gate metrics (default `compliance_rate`).
    public var gates: Set<Metric>
    /// `min_sample` per metric.
    public var minSample: MinSampleRules
    /// Reconciliation tolerance overrides, in the unit of the metric's default (points, or % of computed).
    public var reconcileTolerance: [Metric: Double]

    /// Creates and validates an architecture.
    /// - Throws: ``GovernanceCore/GovernanceError`` (invalid argument) when a weight is negative or not finite,
    ///   the weights do not sum to 100, `thresholdScore` is not in [0, 100), `gateCap` is not in [0, 100],
    ///   or a `min_sample` or tolerance is negative.
    public init(
        version: Int,
        effectiveFrom: Month,
        categoryWeights: [Category: Double],
        thresholdScore: Double = 50,
        gateCap: Double = 50,
        gates: Set<Metric> = [.complianceRate],
        minSample: MinSampleRules = MinSampleRules(),
        reconcileTolerance: [Metric: Double] = [:]
    ) throws(GovernanceError) {
        for (category, weight) in categoryWeights where !(weight.isFinite && weight >= 0) {
            throw .invalid("architecture: weight of category \(category.rawValue) must be a number ≥ 0")
        }
        let total = categoryWeights.values.reduce(0, +)
        guard abs(total - 100) <= boundTolerance else {
            throw .invalid("architecture: category weights must sum to 100 (they sum to \(total))")
        }
        guard thresholdScore.isFinite, thresholdScore >= 0, thresholdScore < 100 else {
            throw .invalid("architecture: threshold_score must be in [0, 100)")
        }
        guard gateCap.isFinite, gateCap >= 0, gateCap <= 100 else {
            throw .invalid("architecture: gate_cap must be in [0, 100]")
        }
        for (metric, minimum) in minSample.overrides where minimum < 0 {
            throw .invalid("architecture: min_sample of \(metric.rawValue) must be ≥ 0")
        }
        for (metric, tolerance) in reconcileTolerance where !(tolerance.isFinite && tolerance >= 0) {
            throw .invalid("architecture: reconcile_tolerance of \(metric.rawValue) must be a number ≥ 0")
        }
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.categoryWeights = categoryWeights
        self.thresholdScore = thresholdScore
        self.gateCap = gateCap
        self.gates = gates
        self.minSample = minSample
        self.reconcileTolerance = reconcileTolerance
    }

    /// W_c of `category` (0 when the architecture does not list it).
    public func weight(of category: Category) -> Double {
        categoryWeights[category] ?? 0
    }

    /// The reconciliation tolerance of `metric`: the override if any, else the catalog default, in the
    /// default's unit.
    public func reconcileTolerance(for metric: Metric) -> (value: Double, unit: ToleranceUnit) {
        let fallback = metric.defaultReconcileTolerance
        return (reconcileTolerance[metric] ?? fallback.value, fallback.unit)
    }

    /// Whether a month's reported and computed values of `metric` disagree: |reported − computed| greater
    /// than the tolerance (SPEC section 2), with the 1e-9 bound tolerance of SPEC section 1.
    public func isReconciliationMismatch(_ metric: Metric, reported: Double, computed: Double) -> Bool {
        let tolerance = reconcileTolerance(for: metric)
        let allowed: Double
        switch tolerance.unit {
        case .points: allowed = tolerance.value
        case .percentOfComputed: allowed = tolerance.value / 100 * abs(computed)
        }
        return abs(reported - computed) > allowed + boundTolerance
    }
}
