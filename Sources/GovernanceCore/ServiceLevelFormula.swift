/// How a program's contract defines `service_level` (SPEC section 2, `service_level_formula`);
/// contracts differ, so the contract says which.
public enum ServiceLevelFormula: String, Sendable, Hashable, CaseIterable, Codable {
    /// 100 × answered within T ÷ (answered + abandoned after T). The default.
    case excludeShortAbandons = "exclude_short_abandons"
    /// 100 × answered within T ÷ offered.
    case offered
    /// 100 × (answered within T + abandoned within T) ÷ offered.
    case shortAbandonsMet = "short_abandons_met"
}
