import Foundation
import GovernanceCore
import Testing

@testable import Manifests

/// SPEC's northwind again, written differently: other key order, block instead of flow style,
/// comments, `80.0` for `80`, lists of metrics and SLAs in another order, defaults spelt out.
private let northwindRewritten = #"""
    qa_forms:
      - items:
          - item_id: greet
            max_points: 5.0
            weight: 10
            section: conversation
          - {section: compliance, item_id: disclose, hard_fail: yes}
        version: 1
        id: care-form
    name: "Northwind Telecom"
    programs:
      - scorecard:
          - metrics:
              - {threshold: 420.0, target: 360, weight: 40, metric: aht_seconds}
              - metric: service_level
                threshold: 70
                target: 80.0
                weight: 50
            rationale: Contract schedule B
            author: am-jdoe
            effective_from: "2026-01"
        sla_versions:
          - slas:
              - {metric: abandon_rate, minimum: 6, severity: critical, allocation_pct: 30}
              - {metric: service_level, minimum: 75, severity: critical, allocation_pct: 40}
            rationale: "Amendment 2: abandon rate added"
            author: am-jdoe
            effective_from: 2026-07
        slas:
          - {severity: key, minimum: 80.0, metric: csat}
          - {allocation_pct: 40.0, severity: critical, expected: 80, minimum: 75, metric: service_level}
        earn_back_months: 3
        pool_allocation_pct: 100
        at_risk_pct: 12.0
        monthly_fee: 250_000
        fcr_window_days: 7
        service_level_formula: exclude_short_abandons
        service_level_seconds:
          email: 86400
          voice: 20.0
          chat: 60
        timezone: Asia/Manila   # Manila
        site: manila-1
        name: Customer Care
        id: nw-care
    tenant: northwind
    x-comment: extensions do not change the content
    """#

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    @Test("a scorecard version's canonical JSON is sorted-key JSON with integral numbers written plainly")
    func exactScorecardText() throws {
        let manifest = try TenantManifest.parse(yaml: Fixtures.specNorthwind, file: "n.yaml")
        #expect(
            manifest.programs[0].scorecard[0].canonicalJSON()
                == #"{"author":"am-jdoe","effective_from":"2026-01","metrics":["#
                + #"{"metric":"service_level","target":80,"threshold":70,"weight":50},"#
                + #"{"metric":"aht_seconds","target":360,"threshold":420,"weight":40}],"#
                + #""rationale":"Contract schedule B"}"#)
        #expect(
            manifest.programs[0].slaVersions[0].canonicalJSON()
                == #"{"author":"am-jdoe","effective_from":"2026-01","rationale":"Contract schedule B","slas":["#
                + #"{"allocation_pct":40,"expected":80,"metric":"service_level","minimum":75,"severity":"critical"},"#
                + #"{"metric":"csat","minimum":80,"severity":"key"}]}"#)
        #expect(
            manifest.qaForms[0].canonicalJSON()
                == #"{"id":"care-form","items":["#
                + #"{"hard_fail":false,"item_id":"greet","max_points":5,"section":"conversation","weight":10},"#
                + #"{"hard_fail":true,"item_id":"disclose","section":"compliance"}],"version":1}"#)
    }

    @Test("the same content written differently gives the same canonical JSON, part by part")
    func sameContentSameText() throws {
        let original = try TenantManifest.parse(yaml: Fixtures.specNorthwind, file: "a.yaml")
        let rewritten = try TenantManifest.parse(yaml: northwindRewritten, file: "b.yaml")
        #expect(original == rewritten)
        #expect(original.canonicalJSON() == rewritten.canonicalJSON())
        let a = original.programs[0]
        let b = rewritten.programs[0]
        #expect(a.settings.canonicalJSON() == b.settings.canonicalJSON())
        #expect(a.scorecard.map { $0.canonicalJSON() } == b.scorecard.map { $0.canonicalJSON() })
        #expect(a.slaVersions.map { $0.canonicalJSON() } == b.slaVersions.map { $0.canonicalJSON() })
        #expect(original.qaForms.map { $0.canonicalJSON() } == rewritten.qaForms.map { $0.canonicalJSON() })
    }

    @Test("a default left out or spelt out gives the same program settings")
    func defaultsSpeltOut() throws {
        let spelt = Fixtures.specNorthwind
        let implicit =
            spelt
            .replacingOccurrences(of: "    service_level_formula: exclude_short_abandons\n", with: "")
            .replacingOccurrences(of: "    fcr_window_days: 7\n", with: "")
            .replacingOccurrences(of: "    pool_allocation_pct: 100\n", with: "")
            .replacingOccurrences(of: "    earn_back_months: 3\n", with: "")
        #expect(implicit != spelt)
        let a = try TenantManifest.parse(yaml: spelt, file: "a.yaml").programs[0].settings
        let b = try TenantManifest.parse(yaml: implicit, file: "b.yaml").programs[0].settings
        #expect(a.canonicalJSON() == b.canonicalJSON())
    }

    @Test(
        "a change of content changes the canonical JSON of the part that changed",
        arguments: [
            ("target: 80, threshold: 70", "target: 81, threshold: 70", "scorecard"),
            ("rationale: \"Contract schedule B\"", "rationale: \"Contract schedule B, signed\"", "scorecard"),
            ("minimum: 75, expected: 80", "minimum: 75, expected: 81", "slas"),
            (
                "{metric: csat, minimum: 80, severity: key}",
                "{metric: csat, minimum: 80, severity: critical, allocation_pct: 1}", "slas"
            ),
            ("at_risk_pct: 12", "at_risk_pct: 12.5", "settings"),
            ("{voice: 20, chat: 60, email: 86400}", "{voice: 20, chat: 60}", "settings"),
            ("weight: 10, max_points: 5", "weight: 10, max_points: 4", "form"),
            ("{item_id: greet, section: conversation", "{item_id: greet, section: resolution", "form"),
        ])
    func changedContent(replace: String, with: String, part: String) throws {
        let before = try TenantManifest.parse(yaml: Fixtures.specNorthwind, file: "a.yaml")
        let changedText = Fixtures.specNorthwind.replacingOccurrences(of: replace, with: with)
        #expect(changedText != Fixtures.specNorthwind)
        let after = try TenantManifest.parse(yaml: changedText, file: "b.yaml")
        func text(_ manifest: TenantManifest) -> String {
            switch part {
            case "scorecard": return manifest.programs[0].scorecard[0].canonicalJSON()
            case "slas": return manifest.programs[0].slaVersions[0].canonicalJSON()
            case "settings": return manifest.programs[0].settings.canonicalJSON()
            default: return manifest.qaForms[0].canonicalJSON()
            }
        }
        #expect(text(before) != text(after))
        #expect(before.canonicalJSON() != after.canonicalJSON())
    }

    @Test("the architecture's canonical JSON ignores formatting and fills in defaults")
    func architecture() throws {
        let spelt = try ArchitectureManifest.parse(yaml: Fixtures.specArchitecture, file: "a.yaml")
        let terse = try ArchitectureManifest.parse(
            yaml: """
                categories:
                  partnership: 15
                  efficiency: 15.0
                  customer: 20
                  quality: 25
                  service: 25
                rationale: Initial platform architecture
                author: platform-admin
                effective_from: 2026-01
                version: 1
                min_sample: {csat: 10}
                """, file: "b.yaml")
        #expect(spelt == terse)
        #expect(spelt.canonicalJSON() == terse.canonicalJSON())
        let changed = try ArchitectureManifest.parse(
            yaml: Fixtures.specArchitecture.replacingOccurrences(of: "gate_cap: 50", with: "gate_cap: 40"),
            file: "c.yaml")
        #expect(changed.canonicalJSON() != spelt.canonicalJSON())
    }

    @Test("the architecture's canonical JSON is itself a valid architecture manifest")
    func architectureReparses() throws {
        let architecture = try ArchitectureManifest.parse(yaml: Fixtures.workloadArchitecture, file: "a.yaml")
        let again = try ArchitectureManifest.parse(yaml: architecture.canonicalJSON(), file: "canonical.json")
        #expect(again == architecture)
    }

    @Test(
        "canonical JSON decodes back to the same value",
        arguments: ["specNorthwind", "workloadNorthwind", "workloadContoso"])
    func roundTrip(fixture: String) throws {
        let yaml = try #require(Fixtures.all[fixture])
        let manifest = try TenantManifest.parse(yaml: yaml, file: "t.yaml")
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
            try decoder.decode(type, from: Data(text.utf8))
        }
        #expect(try decode(TenantManifest.self, manifest.canonicalJSON()) == manifest)
        for program in manifest.programs {
            #expect(try decode(ProgramSettings.self, program.settings.canonicalJSON()) == program.settings)
            for version in program.scorecard {
                #expect(try decode(ScorecardVersion.self, version.canonicalJSON()) == version)
            }
            for version in program.slaVersions {
                #expect(try decode(SLAVersion.self, version.canonicalJSON()) == version)
            }
        }
        for form in manifest.qaForms {
            #expect(try decode(QAForm.self, form.canonicalJSON()) == form)
        }
        let architecture = try ArchitectureManifest.parse(yaml: Fixtures.specArchitecture, file: "a.yaml")
        #expect(try decode(ArchitectureManifest.self, architecture.canonicalJSON()) == architecture)
    }

    @Test("Manifest's canonical JSON is the parsed manifest's")
    func manifestEnum() throws {
        let manifest = try Manifest.parse(yaml: Fixtures.specNorthwind, file: "n.yaml")
        #expect(
            manifest.canonicalJSON()
                == (try TenantManifest.parse(yaml: Fixtures.specNorthwind, file: "n.yaml")).canonicalJSON())
    }
}
