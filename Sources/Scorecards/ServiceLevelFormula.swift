import GovernanceCore

extension ServiceLevelFormula {
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
