import GovernanceCore
import Testing

@testable import Manifests

/// A valid architecture whose line numbers the variants below rely on.
private let base = #"""
    version: 1
    effective_from: 2026-01
    author: platform-admin
    rationale: "Initial platform architecture"
    threshold_score: 50
    gate_cap: 50
    categories: {service: 25, quality: 25, customer: 20, efficiency: 15, partnership: 15}
    gates: [compliance_rate]
    min_sample: {csat: 10, qa_score: 2, compliance_rate: 2, fcr_rate: 20, aht_seconds: 20}
    reconcile_tolerance: {service_level: 1.0}   # points
    """#

private func parseArchitecture(_ yaml: String) throws(ManifestErrors) {
    _ = try ArchitectureManifest.parse(yaml: yaml, file: "Tenants/test.yaml")
}

private let architectureVariants: [Variant] = [
    Variant(
        "version must be > 0", replace: "version: 1", with: "version: 0", line: 1, keyPath: "version",
        message: "must be greater than 0, found 0"),
    Variant(
        "version must be whole", replace: "version: 1", with: "version: 1.5", line: 1, keyPath: "version",
        message: "must be a whole number, found 1.5"),
    Variant(
        "version must be a number", replace: "version: 1", with: "version: one", line: 1, keyPath: "version",
        message: "expected a number, found 'one'"),
    Variant(
        "effective_from must be YYYY-MM", replace: "effective_from: 2026-01", with: "effective_from: 2026-1",
        line: 2, keyPath: "effective_from", message: "expected a month YYYY-MM, found '2026-1'"),
    Variant(
        "author is required", replace: "author: platform-admin\n", with: "", line: 1, keyPath: "author",
        message: "required key 'author' is missing"),
    Variant(
        "rationale must not be empty", replace: "\"Initial platform architecture\"", with: "\"\"", line: 4,
        keyPath: "rationale", message: "must not be empty"),
    Variant(
        "threshold_score must be below 100", replace: "threshold_score: 50", with: "threshold_score: 100", line: 5,
        keyPath: "threshold_score", message: "must be below 100, found 100"),
    Variant(
        "threshold_score must be 0–100", replace: "threshold_score: 50", with: "threshold_score: -1", line: 5,
        keyPath: "threshold_score", message: "must be between 0 and 100, found -1"),
    Variant(
        "gate_cap must be 0–100", replace: "gate_cap: 50", with: "gate_cap: 101", line: 6, keyPath: "gate_cap",
        message: "must be between 0 and 100, found 101"),
    Variant(
        "an unknown category is an error", replace: "partnership: 15}", with: "partnership: 15, people: 0}", line: 7,
        keyPath: "categories.people", message: "unknown category 'people'"),
    Variant(
        "a misspelt category is unknown (and the real one missing)", replace: "{service: 25,", with: "{sevice: 25,",
        line: 7, keyPath: "categories.sevice", message: "unknown category 'sevice' (did you mean 'service'?)",
        errorCount: 2),
    Variant(
        "every category needs a weight", replace: ", partnership: 15}", with: "}", line: 7, keyPath: "categories",
        message: "missing weight for partnership (all five categories need one, 0 allowed)"),
    Variant(
        "a category weight must be ≥ 0", replace: "{service: 25, quality: 25,", with: "{service: -5, quality: 55,",
        line: 7, keyPath: "categories.service", message: "must be 0 or more, found -5"),
    Variant(
        "category weights sum to 100", replace: "partnership: 15}", with: "partnership: 10}", line: 7,
        keyPath: "categories", message: "category weights sum to 95, they must sum to 100"),
    Variant(
        "categories must be a mapping",
        replace: "categories: {service: 25, quality: 25, customer: 20, efficiency: 15, partnership: 15}",
        with: "categories: [service, quality]", line: 7, keyPath: "categories",
        message: "expected a mapping of category names to values, found a list"),
    Variant(
        "categories are required",
        replace: "categories: {service: 25, quality: 25, customer: 20, efficiency: 15, partnership: 15}\n",
        with: "", line: 1, keyPath: "categories", message: "required key 'categories' is missing"),
    Variant(
        "a gate must be a catalog metric", replace: "gates: [compliance_rate]", with: "gates: [compliance]", line: 8,
        keyPath: "gates[0]", message: "unknown metric 'compliance'"),
    Variant(
        "a gate is listed once", replace: "gates: [compliance_rate]", with: "gates: [compliance_rate, compliance_rate]",
        line: 8, keyPath: "gates[1]", message: "compliance_rate is listed twice"),
    Variant(
        "gates must be a list", replace: "gates: [compliance_rate]", with: "gates: compliance_rate", line: 8,
        keyPath: "gates", message: "expected a list, found 'compliance_rate'"),
    Variant(
        "min_sample must be ≥ 1", replace: "{csat: 10,", with: "{csat: 0,", line: 9, keyPath: "min_sample.csat",
        message: "must be at least 1, found 0"),
    Variant(
        "min_sample must be whole", replace: "{csat: 10,", with: "{csat: 2.5,", line: 9, keyPath: "min_sample.csat",
        message: "must be a whole number, found 2.5"),
    Variant(
        "min_sample keys are catalog metrics", replace: "{csat: 10,", with: "{cast: 10,", line: 9,
        keyPath: "min_sample.cast", message: "unknown metric 'cast' (did you mean 'csat'?)"),
    Variant(
        "reconcile_tolerance must be ≥ 0", replace: "{service_level: 1.0}", with: "{service_level: -0.5}", line: 10,
        keyPath: "reconcile_tolerance.service_level", message: "must be 0 or more, found -0.5"),
    Variant(
        "a misspelt top-level key is an error naming the allowed keys", replace: "gate_cap: 50", with: "gate_capp: 50",
        line: 6, keyPath: "gate_capp",
        message: "unknown key 'gate_capp' (did you mean 'gate_cap'?); expected one of: version, effective_from, "
            + "author, rationale, threshold_score, gate_cap, categories, gates, min_sample, reconcile_tolerance"),
]

@Suite("Architecture manifest validation")
struct ArchitectureValidationTests {
    @Test("the base architecture of the variants is valid")
    func baseIsValid() throws {
        let architecture = try ArchitectureManifest.parse(yaml: base, file: "Tenants/test.yaml")
        #expect(architecture.version == 1)
    }

    @Test("each broken rule is reported at its line and key path", arguments: architectureVariants)
    func brokenRule(_ variant: Variant) throws {
        let yaml = try #require(variant.apply(to: base), "'\(variant.replace)' must occur once in the base")
        check(variant, errors(parseArchitecture, yaml))
    }

    @Test("only the required keys: every default applies")
    func defaults() throws {
        let architecture = try ArchitectureManifest.parse(
            yaml: """
                version: 2
                effective_from: 2027-01
                author: a
                rationale: r
                categories: {service: 20, quality: 20, customer: 20, efficiency: 20, partnership: 20}
                """, file: "a.yaml")
        #expect(architecture.thresholdScore == 50)
        #expect(architecture.gateCap == 50)
        #expect(architecture.gates == [.complianceRate])
        for metric in Metric.allCases {
            #expect(architecture.minSample(for: metric) == metric.defaultMinSample)
            #expect(architecture.reconcileTolerance(for: metric).value == metric.defaultReconcileTolerance.value)
            #expect(architecture.reconcileTolerance(for: metric).unit == metric.defaultReconcileTolerance.unit)
        }
        #expect(architecture.minSample(for: .csat) == 10)
        #expect(architecture.minSample(for: .serviceLevel) == 1)
    }

    @Test("an empty gates list means no gates; gates are kept in catalog order")
    func gates() throws {
        let none = try ArchitectureManifest.parse(
            yaml: base.replacingOccurrences(of: "gates: [compliance_rate]", with: "gates: []"), file: "a.yaml")
        #expect(none.gates.isEmpty)
        let two = try ArchitectureManifest.parse(
            yaml: base.replacingOccurrences(of: "gates: [compliance_rate]", with: "gates: [csat, compliance_rate]"),
            file: "a.yaml")
        #expect(two.gates == [.complianceRate, .csat])
    }

    @Test("category weights may be 0 and need only sum to 100 within 1e-9")
    func categoryWeights() throws {
        let architecture = try ArchitectureManifest.parse(
            yaml: base.replacingOccurrences(
                of: "{service: 25, quality: 25, customer: 20, efficiency: 15, partnership: 15}",
                with: "{service: 33.3, quality: 33.3, customer: 33.4, efficiency: 0, partnership: 0}"), file: "a.yaml")
        #expect(architecture.categoryWeight(.efficiency) == 0)
        #expect(abs(Category.allCases.reduce(0) { $0 + architecture.categoryWeight($1) } - 100) < 1e-9)
    }

    @Test("x- extension keys are ignored")
    func extensionKeys() throws {
        let extended = try ArchitectureManifest.parse(
            yaml: base + "\nx-reviewed-by: [cfo, coo]\n", file: "a.yaml")
        #expect(extended == (try ArchitectureManifest.parse(yaml: base, file: "b.yaml")))
    }

    @Test("every problem is reported at once")
    func collectsEveryProblem() {
        let yaml =
            base
            .replacingOccurrences(of: "version: 1", with: "version: 0")
            .replacingOccurrences(of: "partnership: 15}", with: "partnership: 10}")
            .replacingOccurrences(of: "{csat: 10,", with: "{csat: 0,")
        #expect(errors(parseArchitecture, yaml).map(\.keyPath) == ["version", "categories", "min_sample.csat"])
    }
}
