/// Additive counts and sums over a set of interactions (SPEC section 2).
///
/// The storage layer keeps one value per program (or agent) and local day; because every field is a
/// plain count or sum, the daily values add up to any period:
///
/// ```swift
/// let quarter = dailyTotals.reduce(InteractionTotals.zero, +)
/// ```
public struct InteractionTotals: Sendable, Hashable {
    /// All interactions (answered and abandoned).
    public var offered: Int
    /// Interactions with `abandoned = 0`.
    public var answered: Int
    /// Interactions with `abandoned = 1`.
    public var abandoned: Int
    /// Answered interactions whose wait is at most T of their channel.
    public var answeredWithinThreshold: Int
    /// Abandoned interactions whose wait is at most T of their channel (the "short abandons").
    public var abandonedWithinThreshold: Int
    /// Answered interactions on a real-time channel (voice, chat, video).
    public var realTimeAnswered: Int
    /// Σ wait seconds of the answered real-time interactions.
    public var realTimeWaitSum: Double
    /// Σ handle seconds of the answered interactions.
    public var handleSum: Double
    /// Answered interactions with a non-empty `customer_id` (the FCR denominator).
    public var fcrEligible: Int
    /// Of ``fcrEligible``, those with no repeat contact in the FCR window.
    public var fcrResolved: Int
    /// Surveys attached to these interactions.
    public var surveys: Int
    /// Surveys with a score of 4 or more.
    public var surveysSatisfied: Int

    /// Creates totals; every field defaults to zero.
    public init(
        offered: Int = 0, answered: Int = 0, abandoned: Int = 0,
        answeredWithinThreshold: Int = 0, abandonedWithinThreshold: Int = 0,
        realTimeAnswered: Int = 0, realTimeWaitSum: Double = 0, handleSum: Double = 0,
        fcrEligible: Int = 0, fcrResolved: Int = 0, surveys: Int = 0, surveysSatisfied: Int = 0
    ) {
        self.offered = offered
        self.answered = answered
        self.abandoned = abandoned
        self.answeredWithinThreshold = answeredWithinThreshold
        self.abandonedWithinThreshold = abandonedWithinThreshold
        self.realTimeAnswered = realTimeAnswered
        self.realTimeWaitSum = realTimeWaitSum
        self.handleSum = handleSum
        self.fcrEligible = fcrEligible
        self.fcrResolved = fcrResolved
        self.surveys = surveys
        self.surveysSatisfied = surveysSatisfied
    }

    /// Totals of no interactions.
    public static let zero = InteractionTotals()

    /// The field-by-field sum of two totals.
    public static func + (lhs: InteractionTotals, rhs: InteractionTotals) -> InteractionTotals {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// Adds `rhs` field by field.
    public static func += (lhs: inout InteractionTotals, rhs: InteractionTotals) {
        lhs.offered += rhs.offered
        lhs.answered += rhs.answered
        lhs.abandoned += rhs.abandoned
        lhs.answeredWithinThreshold += rhs.answeredWithinThreshold
        lhs.abandonedWithinThreshold += rhs.abandonedWithinThreshold
        lhs.realTimeAnswered += rhs.realTimeAnswered
        lhs.realTimeWaitSum += rhs.realTimeWaitSum
        lhs.handleSum += rhs.handleSum
        lhs.fcrEligible += rhs.fcrEligible
        lhs.fcrResolved += rhs.fcrResolved
        lhs.surveys += rhs.surveys
        lhs.surveysSatisfied += rhs.surveysSatisfied
    }
}
