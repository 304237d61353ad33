/// How a program's contract defines `service_level` (SPEC section 2, `service_level_formula`).
public enum ServiceLevelFormula: String, Sendable, Hashable, CaseIterable {
    /// 100 × answered within T ÷ (answered + abandoned after T). The default.
    case excludeShortAbandons = "exclude_short_abandons"
    /// 100 × answered within T ÷ offered.
    case offered
    /// 100 × (answered within T + abandoned within T) ÷ offered.
    case shortAbandonsMet = "short_abandons_met"

    /// The formula's numerator and denominator over `totals`.
    public func fraction(of totals: InteractionTotals) -> (numerator: Int, denominator: Int) {
        switch self {
        case .excludeShortAbandons:
            let abandonedAfterThreshold = totals.abandoned - totals.abandonedWithinThreshold
            return (totals.answeredWithinThreshold, totals.answered + abandonedAfterThreshold)
        case .offered:
            return (totals.answeredWithinThreshold, totals.offered)
        case .shortAbandonsMet:
            return (totals.answeredWithinThreshold + totals.abandonedWithinThreshold, totals.offered)
        }
    }
}
