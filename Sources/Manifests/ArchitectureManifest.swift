import GovernanceCore

/// The platform-wide scorecard architecture of `Tenants/architecture.yaml` (SPEC sections 2, 3 and 10).
///
/// Every value is resolved: a key the file leaves out holds its SPEC default here, and
/// ``minSamples`` and ``reconcileTolerances`` hold an entry for every catalog metric. Get one
/// from ``parse(yaml:file:)``:
///
/// ```swift
/// let architecture = try ArchitectureManifest.parse(yaml: text, file: "Tenants/architecture.yaml")
/// architecture.minSample(for: .csat)                // 10
/// architecture.reconcileTolerance(for: .ahtSeconds)  // (5, .percentOfComputed)
/// ```
public struct ArchitectureManifest: Sendable, Equatable, Codable {
    /// The architecture version (a positive integer).
    public let version: Int
    /// The first month this version scores.
    public let effectiveFrom: Month
    /// Who made this version.
    public let author: String
    /// Why this version exists (never blank).
    public let rationale: String
    /// The score for a value exactly at its threshold (SPEC section 3; default 50, in `0..<100`).
    public let thresholdScore: Double
    /// The composite cap applied when a gate fails (SPEC section 3; default 50, in `0...100`).
    public let gateCap: Double
    /// The weight `W_c` of each of the five categories (each ≥ 0, together 100 within 1e-9).
    public let categoryWeights: [Category: Double]
    /// The gate metrics, in catalog order (default `[compliance_rate]`; may be empty).
    public let gates: [Metric]
    /// `min_sample` for every catalog metric: the file's overrides over ``Metric/defaultMinSample``.
    public let minSamples: [Metric: Int]
    /// `reconcile_tolerance` for every catalog metric, in the unit of its default
    /// (``Metric/defaultReconcileTolerance``): the file's overrides over the defaults.
    public let reconcileTolerances: [Metric: Double]

    /// The `threshold_score` when the file has none.
    public static let defaultThresholdScore = 50.0
    /// The `gate_cap` when the file has none.
    public static let defaultGateCap = 50.0
    /// The `gates` when the file has none.
    public static let defaultGates: [Metric] = [.complianceRate]

    init(
        version: Int, effectiveFrom: Month, author: String, rationale: String, thresholdScore: Double,
        gateCap: Double, categoryWeights: [Category: Double], gates: [Metric], minSamples: [Metric: Int],
        reconcileTolerances: [Metric: Double]
    ) {
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.author = author
        self.rationale = rationale
        self.thresholdScore = thresholdScore
        self.gateCap = gateCap
        self.categoryWeights = categoryWeights
        self.gates = gates.sorted { catalogIndex($0) < catalogIndex($1) }
        var samples: [Metric: Int] = [:]
        var tolerances: [Metric: Double] = [:]
        for metric in Metric.allCases {
            samples[metric] = minSamples[metric] ?? metric.defaultMinSample
            tolerances[metric] = reconcileTolerances[metric] ?? metric.defaultReconcileTolerance.value
        }
        self.minSamples = samples
        self.reconcileTolerances = tolerances
    }

    /// The weight `W_c` of `category` (0 when absent).
    public func categoryWeight(_ category: Category) -> Double {
        categoryWeights[category] ?? 0
    }

    /// Whether `metric` is a gate.
    public func isGate(_ metric: Metric) -> Bool {
        gates.contains(metric)
    }

    /// The smallest `n` at which a value of `metric` is scored (SPEC section 2).
    public func minSample(for metric: Metric) -> Int {
        minSamples[metric] ?? metric.defaultMinSample
    }

    /// The reconciliation tolerance of `metric` and its unit (absolute points, or percent of the computed value).
    public func reconcileTolerance(for metric: Metric) -> (value: Double, unit: ToleranceUnit) {
        let fallback = metric.defaultReconcileTolerance
        return (reconcileTolerances[metric] ?? fallback.value, fallback.unit)
    }

    /// A deterministic JSON text of the whole resolved architecture (sorted keys, defaults filled
    /// in), equal for equal content whatever the YAML's key order or formatting.
    ///
    /// Its keys are the YAML keys, so the text is also a valid architecture manifest.
    public func canonicalJSON() -> String {
        CanonicalJSON.encode(self)
    }

    // MARK: Codable

    enum CodingKeys: String, CodingKey {
        case version, author, rationale, categories, gates
        case effectiveFrom = "effective_from"
        case thresholdScore = "threshold_score"
        case gateCap = "gate_cap"
        case minSample = "min_sample"
        case reconcileTolerance = "reconcile_tolerance"
    }

    /// Decodes the form written by ``canonicalJSON()``.
    ///
    /// Decoding trusts its input (it reads back what this module wrote); use
    /// ``parse(yaml:file:)`` for text from people.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let gateNames = try c.decode([String].self, forKey: .gates)
        var gates: [Metric] = []
        for name in gateNames {
            guard let metric = Metric(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .gates, in: c, debugDescription: "unknown metric: \(name)")
            }
            gates.append(metric)
        }
        self.init(
            version: try c.decode(Int.self, forKey: .version),
            effectiveFrom: try c.decodeMonth(forKey: .effectiveFrom),
            author: try c.decode(String.self, forKey: .author),
            rationale: try c.decode(String.self, forKey: .rationale),
            thresholdScore: try c.decode(Double.self, forKey: .thresholdScore),
            gateCap: try c.decode(Double.self, forKey: .gateCap),
            categoryWeights: try c.decodeMap([Category: Double].self, forKey: .categories),
            gates: gates,
            minSamples: try c.decodeMap([Metric: Int].self, forKey: .minSample),
            reconcileTolerances: try c.decodeMap([Metric: Double].self, forKey: .reconcileTolerance))
    }

    /// Encodes the canonical form (the YAML keys, every default filled in).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(effectiveFrom, forKey: .effectiveFrom)
        try c.encode(author, forKey: .author)
        try c.encode(rationale, forKey: .rationale)
        try c.encode(thresholdScore, forKey: .thresholdScore)
        try c.encode(gateCap, forKey: .gateCap)
        try c.encode(categoryWeights, forKey: .categories)
        try c.encode(gates.map(\.rawValue), forKey: .gates)
        try c.encode(minSamples, forKey: .minSample)
        try c.encode(reconcileTolerances, forKey: .reconcileTolerance)
    }
}
