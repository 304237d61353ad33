import Foundation
import GovernanceCore
import Testing

@testable import Manifests

/// The inputs fuzzing found (Tests/FuzzCorpus/manifest/crashes), each pinned by a readable case.
@Suite("Hostile and edge-case manifests")
struct HostileManifestTests {
    @Test(
        "a number within 1e-9 of a bound is read as the bound, so the engine accepts it",
        arguments: [
            ("threshold_score: 50", "threshold_score: -0.0000000001", "threshold_score", 0.0),
            ("gate_cap: 50", "gate_cap: 100.0000000001", "gate_cap", 100.0),
        ] as [(String, String, String, Double)])
    func snapsToBound(original: String, replacement: String, field: String, expected: Double) throws {
        let yaml = Fixtures.specArchitecture.replacingOccurrences(of: original, with: replacement)
        #expect(yaml != Fixtures.specArchitecture)
        let architecture = try ArchitectureManifest.parse(yaml: yaml, file: "a.yaml")
        #expect((field == "gate_cap" ? architecture.gateCap : architecture.thresholdScore) == expected)
    }

    @Test("text with C1 controls and Unicode line separators survives the canonical JSON round trip")
    func controlCharactersRoundTrip() throws {
        let yaml = Fixtures.specArchitecture.replacingOccurrences(
            of: "rationale: ", with: "rationale: \"NEL \\x85, C1 \\x80, DEL \\x7F, LS \\u2028, BOM \\uFEFF\"\nx-old: ")
        let architecture = try ArchitectureManifest.parse(yaml: yaml, file: "a.yaml")
        #expect(architecture.rationale == "NEL \u{85}, C1 \u{80}, DEL \u{7F}, LS \u{2028}, BOM \u{FEFF}")
        let json = architecture.canonicalJSON()
        #expect(json.contains(#"NEL \u0085, C1 \u0080, DEL \u007f, LS \u2028, BOM \ufeff"#))
        #expect(try ArchitectureManifest.parse(yaml: json, file: "canonical.json") == architecture)
        #expect(try JSONDecoder().decode(ArchitectureManifest.self, from: Data(json.utf8)) == architecture)
    }

    @Test("an alias bomb is refused quickly, saying why")
    func aliasBomb() {
        var yaml = "tenant: northwind\nx-a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...8 {
            yaml += "x-a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]\n"
        }
        let start = ContinuousClock.now
        let found = errors({ (yaml: String) throws(ManifestErrors) in _ = try Manifest.parse(yaml: yaml, file: "t.yaml") }, yaml)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("expands to more than 1000000 YAML nodes") == true)
        #expect(Manifest.declaredTenant(yaml: yaml) == nil)
    }

    @Test("a few aliases, as people use them to repeat a block, are fine")
    func modestAliases() throws {
        let yaml = Fixtures.specArchitecture + "\nx-defaults: &d {csat: 10}\nx-again: *d\n"
        _ = try ArchitectureManifest.parse(yaml: yaml, file: "a.yaml")
    }

    @Test(
        "the declared tenant is read without validating, and never from a key that is not a scalar",
        arguments: [
            ("tenant: northwind\nprograms: 3\n", "northwind"),
            ("{{}}", nil),
            ("{{}: x, tenant: contoso}", "contoso"),
            ("tenant: [a, b]\n", nil),
            ("- tenant: a\n", nil),
            (": : :", nil),
        ] as [(String, String?)])
    func declaredTenant(yaml: String, expected: String?) {
        #expect(Manifest.declaredTenant(yaml: yaml) == expected)
    }

    @Test("a mapping used as a key is a clear error, not a crash")
    func mappingKey() {
        let found = errors({ (yaml: String) throws(ManifestErrors) in _ = try Manifest.parse(yaml: yaml, file: "t.yaml") }, "{{}}")
        #expect(!found.isEmpty)
    }
}
