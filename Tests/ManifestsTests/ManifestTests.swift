import GovernanceCore
import Testing

@testable import Manifests

@Suite("Manifest kinds and errors")
struct ManifestTests {
    @Test("a file with neither tenant: nor the architecture's keys is rejected, saying why")
    func unknownKind() {
        let found = errors(
            { (yaml: String) throws(ManifestErrors) in _ = try Manifest.parse(yaml: yaml, file: "Tenants/test.yaml") },
            "name: Acme\nprograms: []\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 1 && found.first?.keyPath == "")
        #expect(found.first?.message.contains("cannot tell the kind of manifest") == true)
    }

    @Test("a tenant: key wins, and architecture keys in a tenant file are unknown keys")
    func tenantWins() {
        let found = errors(
            { (yaml: String) throws(ManifestErrors) in _ = try Manifest.parse(yaml: yaml, file: "Tenants/test.yaml") },
            "tenant: acme\nname: Acme\nprograms: []\ncategories: {service: 100}\n")
        #expect(found.map(\.keyPath) == ["categories"])
        #expect(found.first?.line == 4)
        #expect(found.first?.message.hasPrefix("unknown key 'categories'") == true)
    }

    @Test("an architecture with a problem is reported through Manifest.parse too")
    func architectureErrors() {
        let yaml = Fixtures.specArchitecture.replacingOccurrences(of: "gate_cap: 50", with: "gate_cap: 500")
        let found = errors(
            { (yaml: String) throws(ManifestErrors) in _ = try Manifest.parse(yaml: yaml, file: "Tenants/test.yaml") },
            yaml)
        #expect(found.map(\.keyPath) == ["gate_cap"])
        #expect(found.first?.line == 7)  // the fixture starts with a comment line
    }

    @Test("ManifestErrors sorts by line, then column, keeping the order of ties")
    func ordering() {
        func error(_ line: Int, _ column: Int, _ keyPath: String) -> ManifestError {
            ManifestError(file: "f", line: line, column: column, keyPath: keyPath, message: "m")
        }
        let sorted = ManifestErrors([error(3, 1, "c"), error(1, 5, "b"), error(1, 2, "a"), error(1, 5, "b2")])
        #expect(sorted.errors.map(\.keyPath) == ["a", "b", "b2", "c"])
        #expect(sorted.description == "f:1:2: a: m\nf:1:5: b: m\nf:1:5: b2: m\nf:3:1: c: m")
    }

    @Test("an error without a key path leaves it out of the description")
    func descriptionWithoutKeyPath() {
        let error = ManifestError(file: "Tenants/x.yaml", line: 2, column: 3, keyPath: "", message: "not valid YAML")
        #expect(error.description == "Tenants/x.yaml:2:3: not valid YAML")
    }
}
