import GovernanceCore

/// A program's settings: everything in its manifest entry except the versioned scorecard and SLAs
/// (SPEC sections 2, 6 and 10). Defaults are resolved.
public struct ProgramSettings: Sendable, Equatable, Codable {
    /// The program id (a valid id, unique within the tenant).
    public let id: String
    /// The display name.
    public let name: String
    /// The BPO delivery site (a valid id).
    public let site: String
    /// The IANA time zone whose local dates decide periods (a known zone).
    public let timezone: String
    /// The service-level threshold T in seconds (> 0) per channel; a channel without one cannot be imported.
    public let serviceLevelSeconds: [Channel: Double]
    /// How `service_level` is computed (default ``ServiceLevelFormula/excludeShortAbandons``).
    public let serviceLevelFormula: ServiceLevelFormula
    /// The FCR window W in days (a whole number > 0; default 7).
    public let fcrWindowDays: Int
    /// The monthly fee (≥ 0; default 0).
    public let monthlyFee: Double
    /// The share of the fee at risk, 0–100 (default 0).
    public let atRiskPct: Double
    /// The ceiling on the critical SLAs' Σ `allocation_pct` (≥ 0; default 100). Above 100 is
    /// allowed: the month's credits are then capped at the pool, pro rata (SPEC section 6).
    public let poolAllocationPct: Double
    /// Months a missed critical SLA must be met in a row to earn its credit back (≥ 0; default 3; 0 = no earn-back).
    public let earnBackMonths: Int

    /// The `service_level_formula` when the file has none.
    public static let defaultServiceLevelFormula = ServiceLevelFormula.excludeShortAbandons
    /// The `fcr_window_days` when the file has none.
    public static let defaultFCRWindowDays = 7
    /// The `monthly_fee` when the file has none.
    public static let defaultMonthlyFee = 0.0
    /// The `at_risk_pct` when the file has none.
    public static let defaultAtRiskPct = 0.0
    /// The `pool_allocation_pct` when the file has none.
    public static let defaultPoolAllocationPct = 100.0
    /// The `earn_back_months` when the file has none.
    public static let defaultEarnBackMonths = 3

    init(
        id: String, name: String, site: String, timezone: String, serviceLevelSeconds: [Channel: Double],
        serviceLevelFormula: ServiceLevelFormula, fcrWindowDays: Int, monthlyFee: Double, atRiskPct: Double,
        poolAllocationPct: Double, earnBackMonths: Int
    ) {
        self.id = id
        self.name = name
        self.site = site
        self.timezone = timezone
        self.serviceLevelSeconds = serviceLevelSeconds
        self.serviceLevelFormula = serviceLevelFormula
        self.fcrWindowDays = fcrWindowDays
        self.monthlyFee = monthlyFee
        self.atRiskPct = atRiskPct
        self.poolAllocationPct = poolAllocationPct
        self.earnBackMonths = earnBackMonths
    }

    /// The at-risk pool in money: `monthly_fee × at_risk_pct ÷ 100`, the cap on a month's credits.
    public var atRiskAmount: Double { monthlyFee * atRiskPct / 100 }

    /// A deterministic JSON text of these settings (sorted keys, defaults filled in), equal for
    /// equal content whatever the YAML's key order or formatting.
    public func canonicalJSON() -> String {
        CanonicalJSON.encode(self)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, site, timezone
        case serviceLevelSeconds = "service_level_seconds"
        case serviceLevelFormula = "service_level_formula"
        case fcrWindowDays = "fcr_window_days"
        case monthlyFee = "monthly_fee"
        case atRiskPct = "at_risk_pct"
        case poolAllocationPct = "pool_allocation_pct"
        case earnBackMonths = "earn_back_months"
    }

    /// Decodes the form written by ``canonicalJSON()`` (trusted input: it is not validated again).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            name: try c.decode(String.self, forKey: .name),
            site: try c.decode(String.self, forKey: .site),
            timezone: try c.decode(String.self, forKey: .timezone),
            serviceLevelSeconds: try c.decodeMap([Channel: Double].self, forKey: .serviceLevelSeconds),
            serviceLevelFormula: try c.decode(ServiceLevelFormula.self, forKey: .serviceLevelFormula),
            fcrWindowDays: try c.decode(Int.self, forKey: .fcrWindowDays),
            monthlyFee: try c.decode(Double.self, forKey: .monthlyFee),
            atRiskPct: try c.decode(Double.self, forKey: .atRiskPct),
            poolAllocationPct: try c.decode(Double.self, forKey: .poolAllocationPct),
            earnBackMonths: try c.decode(Int.self, forKey: .earnBackMonths))
    }

    /// Encodes the canonical form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(site, forKey: .site)
        try c.encode(timezone, forKey: .timezone)
        try c.encode(serviceLevelSeconds, forKey: .serviceLevelSeconds)
        try c.encode(serviceLevelFormula, forKey: .serviceLevelFormula)
        try c.encode(fcrWindowDays, forKey: .fcrWindowDays)
        try c.encode(monthlyFee, forKey: .monthlyFee)
        try c.encode(atRiskPct, forKey: .atRiskPct)
        try c.encode(poolAllocationPct, forKey: .poolAllocationPct)
        try c.encode(earnBackMonths, forKey: .earnBackMonths)
    }
}
