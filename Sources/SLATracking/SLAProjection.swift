import GovernanceCore
import Scorecards

/// What the rest of the month needs for a ratio SLA to end at its minimum (SPEC section 6).
public enum ProjectionStatus: String, Sendable, Hashable {
    /// A value in 0–100 % over the rest of the month gets there: ``SLAProjection/required``.
    case reachable
    /// No value in 0–100 % over the rest of the month gets there.
    case unreachable
    /// Every value in 0–100 % over the rest of the month gets there.
    case secured
    /// No month-to-date denominator (no data yet): nothing to project from.
    case noData = "no_data"
}

/// A ratio's month-to-date numerator and denominator (a value is `100 × numerator ÷ denominator`).
public struct RatioFraction: Sendable, Hashable {
    /// Records that count for the metric (surveys satisfied, answered within T, …).
    public var numerator: Double
    /// Records the ratio is over (surveys, the formula's denominator, …).
    public var denominator: Double

    /// Creates a fraction.
    public init(numerator: Double, denominator: Double) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The fraction of a ratio metric (`service_level`, `abandon_rate`, `fcr_rate`, `csat`,
    /// `compliance_rate`) over program totals, exactly as ``MetricCalculator`` computes it;
    /// `nil` for a metric that is not a ratio.
    public static func of(
        _ metric: Metric, interactions t: InteractionTotals, evaluations e: EvaluationTotals, formula: ServiceLevelFormula
    ) -> RatioFraction? {
        switch metric {
        case .serviceLevel:
            let (numerator, denominator) = formula.fraction(of: t)
            return RatioFraction(numerator: Double(numerator), denominator: Double(denominator))
        case .abandonRate: return RatioFraction(numerator: Double(t.abandoned), denominator: Double(t.offered))
        case .fcrRate: return RatioFraction(numerator: Double(t.fcrResolved), denominator: Double(t.fcrEligible))
        case .csat: return RatioFraction(numerator: Double(t.surveysSatisfied), denominator: Double(t.surveys))
        case .complianceRate:
            return RatioFraction(numerator: Double(e.compliancePassed), denominator: Double(e.evaluations))
        default: return nil
        }
    }

    /// `100 × numerator ÷ denominator`, `nil` on a zero denominator.
    public var value: Double? { denominator == 0 ? nil : 100 * numerator / denominator }
}

/// The in-month projection of one ratio SLA (SPEC section 6).
///
/// With data up to local day `d` of a `D`-day month, the rest of the month is assumed to have
/// the month-to-date daily denominator, `R = denominator ÷ d × (D − d)`; the value needed over
/// those `R` records to end exactly at `minimum` is
/// `required = (minimum × (denominator + R) − 100 × numerator) ÷ R`.
///
/// ```swift
/// let p = SLAProjection(agreement: sla, monthToDate: RatioFraction(numerator: 70, denominator: 100), day: 10, daysInMonth: 30)
/// p.status    // .reachable
/// p.required  // 76.67 for a minimum of 75
/// ```
public struct SLAProjection: Sendable, Hashable {
    /// The SLA.
    public var agreement: ServiceLevelAgreement
    /// Numerator and denominator so far.
    public var monthToDate: RatioFraction
    /// `d`: the last local day with any interaction.
    public var day: Int
    /// `D`: days in the month.
    public var daysInMonth: Int
    /// `R`: the denominator assumed for the rest of the month.
    public var remainingDenominator: Double
    /// The value (percent) needed over the rest of the month to end exactly at `minimum`; for
    /// an `up` metric the least value, for a `down` one the most. `nil` without data or when the
    /// month is over (`d = D`).
    public var required: Double?
    /// Reachable, unreachable, secured or no data.
    public var status: ProjectionStatus

    /// Projects `agreement` from the month-to-date fraction.
    public init(agreement: ServiceLevelAgreement, monthToDate: RatioFraction, day: Int, daysInMonth: Int) {
        self.agreement = agreement
        self.monthToDate = monthToDate
        self.day = day
        self.daysInMonth = daysInMonth
        guard day > 0, monthToDate.denominator > 0, let current = monthToDate.value else {
            remainingDenominator = 0
            required = nil
            status = .noData
            return
        }
        let remaining = monthToDate.denominator / Double(day) * Double(max(0, daysInMonth - day))
        remainingDenominator = remaining
        guard remaining > 0 else {
            // The month is complete: the value is final.
            required = nil
            status = agreement.isWorse(current, than: agreement.minimum) ? .unreachable : .secured
            return
        }
        let needed =
            (agreement.minimum * (monthToDate.denominator + remaining) - 100 * monthToDate.numerator) / remaining
        required = needed
        switch agreement.metric.direction {
        case .up:
            // The least value over the rest that keeps the month at or above minimum.
            if needed <= boundTolerance {
                status = .secured
            } else if needed > 100 + boundTolerance {
                status = .unreachable
            } else {
                status = .reachable
            }
        case .down:
            // The most value over the rest that keeps the month at or below minimum.
            if needed >= 100 - boundTolerance {
                status = .secured
            } else if needed < -boundTolerance {
                status = .unreachable
            } else {
                status = .reachable
            }
        }
    }
}

/// Why an SLA has no value in a month, in words an account manager can act on.
public enum SLANoValueReason {
    /// The sentence for `metric` (SPEC section 2: a zero denominator is no value, not zero).
    public static func text(for metric: Metric) -> String {
        let records: String
        switch metric {
        case .serviceLevel: records = "no interactions in the service-level denominator"
        case .asaSeconds: records = "no answered real-time interactions"
        case .abandonRate: records = "no offered interactions"
        case .qaScore, .complianceRate: records = "no non-calibration evaluations"
        case .fcrRate: records = "no answered interactions with a customer id"
        case .csat: records = "no surveys"
        case .ahtSeconds: records = "no answered interactions"
        case .occupancy: records = "no handle time and no available time"
        case .adherence: records = "no scheduled agent time"
        case .costPerContact: records = "no reported program_cost or no answered interactions"
        case .staffingRatio: records = "no planned headcount"
        case .attritionRate: records = "no active agents on the roster"
        case .tenureDays: records = "no agent active on the month's last day"
        case .enps: records = "no engagement responses in the 3 months ending with the month"
        }
        return "no value: \(records) in the month and no reported value; counted as missed"
    }
}
