import GovernanceCore
import Yams

extension ArchitectureManifest {
    /// The keys an architecture manifest may have (besides `x-` extensions).
    static let allowedKeys = [
        "version", "effective_from", "author", "rationale", "threshold_score", "gate_cap", "categories", "gates",
        "min_sample", "reconcile_tolerance",
    ]

    /// Parses and validates `Tenants/architecture.yaml` (SPEC section 10).
    ///
    /// ```swift
    /// do {
    ///     let architecture = try ArchitectureManifest.parse(yaml: text, file: "Tenants/architecture.yaml")
    /// } catch {
    ///     print(error)  // every problem, one `file:line:column: keyPath: message` per line
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - yaml: The manifest text.
    ///   - file: The file name to show in messages (nothing is read from it).
    /// - Returns: The architecture with every default resolved.
    /// - Throws: ``ManifestErrors`` listing every problem found.
    public static func parse(yaml: String, file: String) throws(ManifestErrors) -> ArchitectureManifest {
        let root = try ManifestReader.compose(yaml: yaml, file: file)
        var reader = ManifestReader(file: file)
        let architecture = reader.architecture(root)
        return try reader.finish(architecture)
    }
}

extension ManifestReader {
    /// `value` when no problem was recorded, else every recorded problem.
    func finish<T>(_ value: T?) throws(ManifestErrors) -> T {
        if let value, errors.isEmpty { return value }
        guard !errors.isEmpty else {
            throw ManifestErrors([
                ManifestError(file: file, line: 1, column: 1, keyPath: "", message: "the manifest could not be read")
            ])
        }
        throw ManifestErrors(errors)
    }

    /// Reads the architecture at `root`.
    mutating func architecture(_ root: Node) -> ArchitectureManifest? {
        guard let fields = fields(root, .root, allowed: ArchitectureManifest.allowedKeys) else { return nil }
        let version = integer(fields, "version", rule: .positive)
        let effectiveFrom = month(fields, "effective_from")
        let author = text(fields, "author")
        let rationale = text(fields, "rationale")
        var thresholdScore = number(
            fields, "threshold_score", default: ArchitectureManifest.defaultThresholdScore, rule: .percentage)
        if thresholdScore >= 100 - boundTolerance, let node = optional(fields, "threshold_score") {
            // At 100 the band formula of SPEC section 3 divides nothing: every value would score 100.
            report("must be below 100, found \(formatNumber(thresholdScore))", at: node, .root.key("threshold_score"))
            thresholdScore = ArchitectureManifest.defaultThresholdScore
        }
        let gateCap = number(fields, "gate_cap", default: ArchitectureManifest.defaultGateCap, rule: .percentage)
        let categories = categoryWeights(fields)
        let gates = gates(fields)
        let minSamples = minSamples(fields)
        let tolerances = reconcileTolerances(fields)
        guard let version, let effectiveFrom, let author, let rationale, let categories else { return nil }
        return ArchitectureManifest(
            version: version, effectiveFrom: effectiveFrom, author: author, rationale: rationale,
            thresholdScore: thresholdScore, gateCap: gateCap, categoryWeights: categories, gates: gates,
            minSamples: minSamples, reconcileTolerances: tolerances)
    }

    /// `categories`: every one of the five categories, each ≥ 0, together 100 within 1e-9.
    private mutating func categoryWeights(_ fields: Fields) -> [Category: Double]? {
        let path = ManifestPath.root.key("categories")
        guard let node = required(fields, "categories"),
            let entries: [(key: Category, keyNode: Node, value: Node, path: ManifestPath)] = keyedMapping(
                node, path, keyKind: "category")
        else { return nil }
        var weights: [Category: Double] = [:]
        var complete = true
        for entry in entries {
            if let weight = number(entry.value, entry.path, rule: .nonNegative) {
                weights[entry.key] = weight
            } else {
                complete = false
            }
        }
        let missing = Category.allCases.filter { category in !entries.contains { $0.key == category } }
        if !missing.isEmpty {
            report(
                "missing weight for \(missing.map(\.rawValue).joined(separator: ", ")) "
                    + "(all five categories need one, 0 allowed)", at: node, path)
            return nil
        }
        guard complete else { return nil }
        let sum = Category.allCases.reduce(0.0) { $0 + (weights[$1] ?? 0) }
        guard abs(sum - 100) <= boundTolerance else {
            report("category weights sum to \(formatNumber(sum)), they must sum to 100", at: node, path)
            return nil
        }
        return weights
    }

    /// `gates`: catalog metrics, each once (default `[compliance_rate]`).
    private mutating func gates(_ fields: Fields) -> [Metric] {
        guard let node = optional(fields, "gates") else { return ArchitectureManifest.defaultGates }
        let path = ManifestPath.root.key("gates")
        guard let elements = sequence(node, path) else { return [] }
        var gates: [Metric] = []
        for (index, element) in elements.enumerated() {
            guard let metric: Metric = choice(element, path.index(index), kind: "metric") else { continue }
            if gates.contains(metric) {
                report("\(metric.rawValue) is listed twice", at: element, path.index(index))
            } else {
                gates.append(metric)
            }
        }
        return gates
    }

    /// `min_sample`: per-metric overrides, whole numbers ≥ 1.
    private mutating func minSamples(_ fields: Fields) -> [Metric: Int] {
        guard let node = optional(fields, "min_sample"),
            let entries: [(key: Metric, keyNode: Node, value: Node, path: ManifestPath)] = keyedMapping(
                node, .root.key("min_sample"), keyKind: "metric")
        else { return [:] }
        var result: [Metric: Int] = [:]
        for entry in entries {
            guard let value = integer(entry.value, entry.path, rule: .any) else { continue }
            guard value >= 1 else {
                report("must be at least 1, found \(value)", at: entry.value, entry.path)
                continue
            }
            result[entry.key] = value
        }
        return result
    }

    /// `reconcile_tolerance`: per-metric overrides ≥ 0, in the unit of the metric's default.
    private mutating func reconcileTolerances(_ fields: Fields) -> [Metric: Double] {
        guard let node = optional(fields, "reconcile_tolerance"),
            let entries: [(key: Metric, keyNode: Node, value: Node, path: ManifestPath)] = keyedMapping(
                node, .root.key("reconcile_tolerance"), keyKind: "metric")
        else { return [:] }
        var result: [Metric: Double] = [:]
        for entry in entries {
            if let value = number(entry.value, entry.path, rule: .nonNegative) {
                result[entry.key] = value
            }
        }
        return result
    }
}
