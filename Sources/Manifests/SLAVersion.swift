import GovernanceCore

/// One version of a program's SLA set (SPEC sections 6 and 10): the whole set in force from
/// ``effectiveFrom`` until the next version.
///
/// The manifest's `slas:` list becomes the first version, in force from the first scorecard
/// version's month and carrying that version's author and rationale (the SLAs come with the
/// contract the first scorecard describes); each `sla_versions:` entry adds a later one.
public struct SLAVersion: Sendable, Equatable, Codable {
    /// The first month this set applies to.
    public let effectiveFrom: Month
    /// Who made this version.
    public let author: String
    /// Why this version exists (never blank).
    public let rationale: String
    /// The SLAs, each catalog metric at most once, in catalog order (may be empty: no SLAs).
    public let slas: [SLA]

    init(effectiveFrom: Month, author: String, rationale: String, slas: [SLA]) {
        self.effectiveFrom = effectiveFrom
        self.author = author
        self.rationale = rationale
        self.slas = slas.sorted { catalogIndex($0.metric) < catalogIndex($1.metric) }
    }

    /// The SLA on `metric`, or `nil` when this set has none.
    public func sla(for metric: Metric) -> SLA? {
        slas.first { $0.metric == metric }
    }

    /// Σ `allocation_pct` of the critical SLAs (at most the program's `pool_allocation_pct`).
    public var criticalAllocationPct: Double {
        slas.reduce(0) { $0 + ($1.allocationPct ?? 0) }
    }

    /// A deterministic JSON text of this set (sorted keys, SLAs in catalog order), equal for equal
    /// content whatever the YAML's key order, list order or formatting.
    public func canonicalJSON() -> String {
        CanonicalJSON.encode(self)
    }

    enum CodingKeys: String, CodingKey {
        case author, rationale, slas
        case effectiveFrom = "effective_from"
    }

    /// Decodes the form written by ``canonicalJSON()`` (trusted input: it is not validated again).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            effectiveFrom: try c.decodeMonth(forKey: .effectiveFrom),
            author: try c.decode(String.self, forKey: .author),
            rationale: try c.decode(String.self, forKey: .rationale),
            slas: try c.decode([SLA].self, forKey: .slas))
    }

    /// Encodes the canonical form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(effectiveFrom, forKey: .effectiveFrom)
        try c.encode(author, forKey: .author)
        try c.encode(rationale, forKey: .rationale)
        try c.encode(slas, forKey: .slas)
    }
}

/// How much an SLA matters (SPEC section 6).
public enum SLASeverity: String, Sendable, Equatable, CaseIterable, Codable {
    /// A miss earns the client a service credit.
    case critical
    /// A miss earns no credit; three misses in a row are an escalation.
    case key
}

/// One service-level agreement on a catalog metric (SPEC section 6).
///
/// Validated on parse: `expected`, when given, is strictly better than `minimum` (above it for
/// an `up` metric, below it for a `down` one); a critical SLA has `allocation_pct > 0`; a key
/// SLA has none (writing one is an error, as a key SLA never earns a credit).
public struct SLA: Sendable, Equatable, Codable {
    /// The catalog metric.
    public let metric: Metric
    /// The contractual limit: a floor for an `up` metric, a ceiling for a `down` one.
    public let minimum: Double
    /// The better level the provider commits to, if any.
    public let expected: Double?
    /// Critical or key.
    public let severity: SLASeverity
    /// The share of the at-risk pool a miss costs (critical SLAs only; `nil` for key SLAs).
    public let allocationPct: Double?

    init(metric: Metric, minimum: Double, expected: Double?, severity: SLASeverity, allocationPct: Double?) {
        self.metric = metric
        self.minimum = minimum
        self.expected = expected
        self.severity = severity
        self.allocationPct = allocationPct
    }

    enum CodingKeys: String, CodingKey {
        case metric, minimum, expected, severity
        case allocationPct = "allocation_pct"
    }

    /// Decodes the form written by the canonical encoding (trusted input).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            metric: try c.decodeName(Metric.self, forKey: .metric),
            minimum: try c.decode(Double.self, forKey: .minimum),
            expected: try c.decodeIfPresent(Double.self, forKey: .expected),
            severity: try c.decode(SLASeverity.self, forKey: .severity),
            allocationPct: try c.decodeIfPresent(Double.self, forKey: .allocationPct))
    }

    /// Encodes the canonical form (absent optional values are left out).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric.rawValue, forKey: .metric)
        try c.encode(minimum, forKey: .minimum)
        try c.encodeIfPresent(expected, forKey: .expected)
        try c.encode(severity, forKey: .severity)
        try c.encodeIfPresent(allocationPct, forKey: .allocationPct)
    }
}
