/// Additive counts and sums over a set of non-calibration quality evaluations (SPEC sections 2 and 4).
///
/// ```swift
/// var month = EvaluationTotals.zero
/// month += EvaluationTotals(evaluations: 1, qualityScored: 1, qualityScoreSum: 87.5, compliancePassed: 1)
/// ```
public struct EvaluationTotals: Sendable, Hashable {
    /// Non-calibration evaluations (the `n` of `qa_score` and `compliance_rate`).
    public var evaluations: Int
    /// Of those, evaluations with at least one non-hard-fail item answered (they have a quality score).
    public var qualityScored: Int
    /// Σ quality score (0–100) of the ``qualityScored`` evaluations.
    public var qualityScoreSum: Double
    /// Evaluations whose every hard-fail item was answered 1.
    public var compliancePassed: Int

    /// Creates totals; every field defaults to zero.
    public init(evaluations: Int = 0, qualityScored: Int = 0, qualityScoreSum: Double = 0, compliancePassed: Int = 0) {
        self.evaluations = evaluations
        self.qualityScored = qualityScored
        self.qualityScoreSum = qualityScoreSum
        self.compliancePassed = compliancePassed
    }

    /// Totals of no evaluations.
    public static let zero = EvaluationTotals()

    /// The field-by-field sum of two totals.
    public static func + (lhs: EvaluationTotals, rhs: EvaluationTotals) -> EvaluationTotals {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// Adds `rhs` field by field.
    public static func += (lhs: inout EvaluationTotals, rhs: EvaluationTotals) {
        lhs.evaluations += rhs.evaluations
        lhs.qualityScored += rhs.qualityScored
        lhs.qualityScoreSum += rhs.qualityScoreSum
        lhs.compliancePassed += rhs.compliancePassed
    }
}
