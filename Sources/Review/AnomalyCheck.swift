import GovernanceCore
import Scorecards

/// How an anomaly's z was computed (SPEC section 5).
public enum AnomalyMethod: String, Sendable, Hashable {
    /// Modified z: 0.6745 × (x − median) ÷ MAD.
    case modifiedZ = "modified_z"
    /// MAD is 0: (x − median) ÷ (1.253314 × mean |x_i − median|).
    case meanAbsoluteDeviation = "mean_absolute_deviation"
    /// MAD and the mean absolute deviation are both 0: any x ≠ median is an anomaly, z is null.
    case constant
}

/// The verdict on one metric's value at the review month against its history.
public struct AnomalyCheck: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// The value at the review month (the value the scorecard uses).
    public var value: Double
    /// Where the value comes from.
    public var source: MetricSource?
    /// The values of the 12 months before, oldest first, that exist.
    public var history: [Double]
    /// Median of the history; `nil` without a verdict.
    public var median: Double?
    /// Median |x_i − median|; `nil` without a verdict.
    public var mad: Double?
    /// Mean |x_i − median|; `nil` without a verdict.
    public var meanAbsoluteDeviation: Double?
    /// The (modified) z; `nil` for the `constant` method or without a verdict.
    public var z: Double?
    /// How z was computed; `nil` without a verdict.
    public var method: AnomalyMethod?
    /// Whether the value is an anomaly (|z| > 3.5, or ≠ median under `constant`).
    public var isAnomaly: Bool
    /// Why there is no verdict (fewer than ``AnomalyDetector/minimumHistory`` months); `nil` with one.
    public var noVerdictReason: String?
}

/// Flags a month's metric values that break with their own history (SPEC section 5, anomalies).
///
/// ```swift
/// let check = AnomalyDetector.check(.serviceLevel, value: 54, source: .reported,
///                                   history: [94, 93, 95, 94, 96, 92, 94, 95, 93, 94, 95, 94])
/// check.isAnomaly  // true: a data-entry error (54 where the pattern says 94)
/// ```
public enum AnomalyDetector {
    /// Months of history needed for a verdict.
    public static let minimumHistory = 6
    /// |z| above this is an anomaly.
    public static let zLimit = 3.5
    /// The constant of the modified z (the 0.75 quantile of the standard normal).
    public static let modifiedZConstant = 0.6745
    /// The ratio of the mean absolute deviation to σ for a normal distribution (√(π/2)).
    public static let meanDeviationConstant = 1.253314

    /// Checks `value` against `history` (the values of the 12 months before that exist).
    ///
    /// A dispersion within 1e-9 of 0 counts as 0 (SPEC section 1), and so does a difference from the
    /// median under the `constant` method.
    /// - Parameters:
    ///   - metric: The metric.
    ///   - value: Its value at the review month.
    ///   - source: Where the value comes from.
    ///   - history: Its values in the months before, oldest first.
    /// - Returns: The verdict, or a check without one (and the reason) for fewer than 6 months.
    public static func check(_ metric: Metric, value: Double, source: MetricSource?, history: [Double]) -> AnomalyCheck {
        var check = AnomalyCheck(
            metric: metric, value: value, source: source, history: history, median: nil, mad: nil,
            meanAbsoluteDeviation: nil, z: nil, method: nil, isAnomaly: false, noVerdictReason: nil)
        guard history.count >= minimumHistory else {
            check.noVerdictReason =
                "only \(history.count) of the 12 months before have a value; an anomaly verdict needs at least \(minimumHistory)"
            return check
        }
        guard let median = median(history) else { return check }
        let deviations = history.map { abs($0 - median) }
        let mad = AnomalyDetector.median(deviations) ?? 0
        let meanDeviation = deviations.reduce(0, +) / Double(deviations.count)
        check.median = median
        check.mad = mad
        check.meanAbsoluteDeviation = meanDeviation
        if mad > boundTolerance {
            let z = modifiedZConstant * (value - median) / mad
            check.z = z
            check.method = .modifiedZ
            check.isAnomaly = abs(z) > zLimit + boundTolerance
        } else if meanDeviation > boundTolerance {
            let z = (value - median) / (meanDeviationConstant * meanDeviation)
            check.z = z
            check.method = .meanAbsoluteDeviation
            check.isAnomaly = abs(z) > zLimit + boundTolerance
        } else {
            check.method = .constant
            check.isAnomaly = abs(value - median) > boundTolerance
        }
        return check
    }

    /// The median (even count: mean of the two middle values); `nil` for no values.
    public static func median(_ values: [Double]) -> Double? {
        Quantiles.linear(values, 0.5)
    }
}
