import GovernanceCore

/// A tenant's manifest, `Tenants/<tenant>.yaml` (SPEC section 10): its programs and QA forms.
///
/// Get one from ``parse(yaml:file:)``:
///
/// ```swift
/// let manifest = try TenantManifest.parse(yaml: text, file: "Tenants/northwind.yaml")
/// let care = manifest.program(id: "nw-care")
/// let version = care?.scorecardVersion(inForceAt: Month(year: 2026, month: 9))
/// ```
public struct TenantManifest: Sendable, Equatable, Codable {
    /// The tenant id (a valid tenant id: it also names the tenant's database file).
    public let tenant: String
    /// The tenant's display name.
    public let name: String
    /// The programs, sorted by id (ids are unique), so list order in the file does not matter.
    public let programs: [ProgramManifest]
    /// The QA forms, sorted by id then version (each (id, version) once).
    public let qaForms: [QAForm]

    init(tenant: String, name: String, programs: [ProgramManifest], qaForms: [QAForm]) {
        self.tenant = tenant
        self.name = name
        self.programs = programs.sorted { $0.id < $1.id }
        self.qaForms = qaForms.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
    }

    /// The program with `id`, or `nil`.
    public func program(id: String) -> ProgramManifest? {
        programs.first { $0.id == id }
    }

    /// The QA form `id` at `version`, or `nil`.
    public func qaForm(id: String, version: Int) -> QAForm? {
        qaForms.first { $0.id == id && $0.version == version }
    }

    /// A deterministic JSON text of the whole manifest (sorted keys, defaults filled in, programs
    /// by id, forms by id and version), equal for equal content whatever the YAML's formatting.
    public func canonicalJSON() -> String {
        CanonicalJSON.encode(self)
    }

    enum CodingKeys: String, CodingKey {
        case tenant, name, programs
        case qaForms = "qa_forms"
    }

    /// Decodes the form written by ``canonicalJSON()`` (trusted input: it is not validated again).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            tenant: try c.decode(String.self, forKey: .tenant),
            name: try c.decode(String.self, forKey: .name),
            programs: try c.decode([ProgramManifest].self, forKey: .programs),
            qaForms: try c.decode([QAForm].self, forKey: .qaForms))
    }

    /// Encodes the canonical form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tenant, forKey: .tenant)
        try c.encode(name, forKey: .name)
        try c.encode(programs, forKey: .programs)
        try c.encode(qaForms, forKey: .qaForms)
    }
}

/// One program of a tenant manifest: its settings, its scorecard versions and its SLA versions.
public struct ProgramManifest: Sendable, Equatable, Codable {
    /// Everything that is not versioned.
    public let settings: ProgramSettings
    /// The scorecard versions, oldest first (at least one; `effective_from` strictly increasing).
    public let scorecard: [ScorecardVersion]
    /// The SLA versions, oldest first: the manifest's `slas:` (in force from the first scorecard
    /// month) followed by its `sla_versions:` (`effective_from` strictly increasing).
    public let slaVersions: [SLAVersion]

    init(settings: ProgramSettings, scorecard: [ScorecardVersion], slaVersions: [SLAVersion]) {
        self.settings = settings
        self.scorecard = scorecard
        self.slaVersions = slaVersions
    }

    /// The program id.
    public var id: String { settings.id }

    /// The scorecard version in force at `month` (the latest with `effectiveFrom ≤ month`), or
    /// `nil` before the first version. A period is scored with the version in force at its first month.
    public func scorecardVersion(inForceAt month: Month) -> ScorecardVersion? {
        scorecard.last { $0.effectiveFrom <= month }
    }

    /// The SLA version in force at `month`, or `nil` before the first one.
    public func slaVersion(inForceAt month: Month) -> SLAVersion? {
        slaVersions.last { $0.effectiveFrom <= month }
    }

    enum CodingKeys: String, CodingKey {
        case settings, scorecard
        case slaVersions = "sla_versions"
    }

    /// Decodes the form written by the canonical encoding (trusted input).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            settings: try c.decode(ProgramSettings.self, forKey: .settings),
            scorecard: try c.decode([ScorecardVersion].self, forKey: .scorecard),
            slaVersions: try c.decode([SLAVersion].self, forKey: .slaVersions))
    }

    /// Encodes the canonical form: `settings`, `scorecard` and every SLA version.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(settings, forKey: .settings)
        try c.encode(scorecard, forKey: .scorecard)
        try c.encode(slaVersions, forKey: .slaVersions)
    }
}
