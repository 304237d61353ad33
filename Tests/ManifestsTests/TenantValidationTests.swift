import GovernanceCore
import Testing

@testable import Manifests

/// A valid tenant manifest whose line numbers the variants below rely on.
private let base = #"""
    tenant: acme
    name: Acme Corp
    programs:
      - id: acme-care
        name: Care
        site: manila-1
        timezone: Asia/Manila
        service_level_seconds: {voice: 20, chat: 60}
        monthly_fee: 1000
        at_risk_pct: 10
        scorecard:
          - effective_from: 2026-01
            author: am-jdoe
            rationale: Contract schedule B
            metrics:
              - {metric: service_level, weight: 50, target: 80, threshold: 70}
              - {metric: aht_seconds, weight: 40, target: 360, threshold: 420}
        slas:
          - {metric: service_level, minimum: 75, expected: 80, severity: critical, allocation_pct: 40}
          - {metric: csat, minimum: 80, severity: key}
        sla_versions:
          - effective_from: 2026-07
            author: am-ksmith
            rationale: Amendment 2
            slas:
              - {metric: abandon_rate, minimum: 6, severity: critical, allocation_pct: 30}
    qa_forms:
      - id: care-form
        version: 1
        items:
          - {item_id: greet, section: conversation, weight: 10, max_points: 5}
          - {item_id: disclose, section: compliance, hard_fail: true}
    """#

private func parseTenant(_ yaml: String) throws(ManifestErrors) {
    _ = try TenantManifest.parse(yaml: yaml, file: "Tenants/test.yaml")
}

/// A second scorecard version appended after line 17.
private let secondVersion = """
              - {metric: aht_seconds, weight: 40, target: 360, threshold: 420}
          - effective_from: 2025-12
            author: am-jdoe
            rationale: Amendment
            metrics:
              - {metric: csat, weight: 1, target: 90, threshold: 80}
    """

/// A second program appended after line 26.
private let secondProgram = """
              - {metric: abandon_rate, minimum: 6, severity: critical, allocation_pct: 30}
      - id: acme-care
        name: Care again
        site: cebu-1
        timezone: Asia/Manila
        service_level_seconds: {voice: 20}
        scorecard:
          - effective_from: 2026-01
            author: am-jdoe
            rationale: r
            metrics:
              - {metric: csat, weight: 1, target: 90, threshold: 80}
    """

private let tenantVariants: [Variant] = [
    // Top level
    Variant(
        "tenant must be a valid tenant id", replace: "tenant: acme", with: "tenant: acme/evil", line: 1,
        keyPath: "tenant", message: "not a valid tenant id"),
    Variant(
        "tenant '..' is not a tenant id", replace: "tenant: acme", with: "tenant: '..'", line: 1, keyPath: "tenant",
        message: "not a valid tenant id"),
    Variant(
        "name is required", replace: "name: Acme Corp\n", with: "", line: 1, keyPath: "name",
        message: "required key 'name' is missing"),
    Variant(
        "name must not be blank", replace: "name: Acme Corp", with: "name: '  '", line: 2, keyPath: "name",
        message: "must not be empty"),
    Variant(
        "an unknown top-level key is an error listing the allowed keys", replace: "name: Acme Corp",
        with: "name: Acme Corp\nnotes: hello", line: 3, keyPath: "notes",
        message: "unknown key 'notes'; expected one of: tenant, name, programs, qa_forms"),
    Variant(
        "programs must be a list", replace: "programs:\n  - id: acme-care",
        with: "programs: acme-care\nold_programs:\n  - id: acme-care", line: 3, keyPath: "programs",
        message: "expected a list", errorCount: 2),
    Variant(
        "a duplicate program id is an error",
        replace: "          - {metric: abandon_rate, minimum: 6, severity: critical, allocation_pct: 30}\n",
        with: secondProgram + "\n", line: 27, keyPath: "programs[1].id",
        message: "duplicate program id 'acme-care' (first at line 4)"),

    // Program settings
    Variant(
        "program id must be a valid id", replace: "- id: acme-care", with: "- id: acme care", line: 4,
        keyPath: "programs[0].id", message: "not a valid id"),
    Variant(
        "site must be a valid id", replace: "site: manila-1", with: "site: manila/1", line: 6,
        keyPath: "programs[0].site", message: "not a valid id"),
    Variant(
        "timezone must be a known IANA zone", replace: "Asia/Manila", with: "Asia/Manilla", line: 7,
        keyPath: "programs[0].timezone", message: "unknown time zone 'Asia/Manilla'"),
    Variant(
        "timezone is required", replace: "    timezone: Asia/Manila\n", with: "", line: 4,
        keyPath: "programs[0].timezone", message: "required key 'timezone' is missing"),
    Variant(
        "service_level_seconds keys are channels", replace: "chat: 60}", with: "phone: 60}", line: 8,
        keyPath: "programs[0].service_level_seconds.phone", message: "unknown channel 'phone'"),
    Variant(
        "service_level_seconds must be > 0", replace: "{voice: 20,", with: "{voice: 0,", line: 8,
        keyPath: "programs[0].service_level_seconds.voice", message: "must be greater than 0, found 0"),
    Variant(
        "service_level_seconds needs a channel", replace: "{voice: 20, chat: 60}", with: "{}", line: 8,
        keyPath: "programs[0].service_level_seconds", message: "needs at least one channel"),
    Variant(
        "service_level_formula is one of three", replace: "    monthly_fee: 1000",
        with: "    monthly_fee: 1000\n    service_level_formula: offerd", line: 10,
        keyPath: "programs[0].service_level_formula", message: "(did you mean 'offered'?)"),
    Variant(
        "fcr_window_days must be > 0", replace: "    monthly_fee: 1000",
        with: "    monthly_fee: 1000\n    fcr_window_days: 0",
        line: 10, keyPath: "programs[0].fcr_window_days", message: "must be greater than 0"),
    Variant(
        "fcr_window_days must be whole", replace: "    monthly_fee: 1000",
        with: "    monthly_fee: 1000\n    fcr_window_days: 2.5", line: 10, keyPath: "programs[0].fcr_window_days",
        message: "must be a whole number, found 2.5"),
    Variant(
        "monthly_fee must be ≥ 0", replace: "monthly_fee: 1000", with: "monthly_fee: -1", line: 9,
        keyPath: "programs[0].monthly_fee", message: "must be 0 or more, found -1"),
    Variant(
        "at_risk_pct must be 0–100", replace: "at_risk_pct: 10", with: "at_risk_pct: 120", line: 10,
        keyPath: "programs[0].at_risk_pct", message: "must be between 0 and 100, found 120"),
    Variant(
        "a quoted number is text, not a number", replace: "at_risk_pct: 10", with: "at_risk_pct: \"10\"", line: 10,
        keyPath: "programs[0].at_risk_pct", message: "expected a number, found the text \"10\""),
    Variant(
        "a number must be finite", replace: "at_risk_pct: 10", with: "at_risk_pct: .nan", line: 10,
        keyPath: "programs[0].at_risk_pct", message: "expected a number"),
    Variant(
        "pool_allocation_pct must be ≥ 0", replace: "    monthly_fee: 1000",
        with: "    monthly_fee: 1000\n    pool_allocation_pct: -5", line: 10,
        keyPath: "programs[0].pool_allocation_pct",
        message: "must be 0 or more"),
    Variant(
        "earn_back_months must be ≥ 0", replace: "    monthly_fee: 1000",
        with: "    monthly_fee: 1000\n    earn_back_months: -1", line: 10, keyPath: "programs[0].earn_back_months",
        message: "must be 0 or more, found -1"),
    Variant(
        "a misspelt program key is unknown (and the real one missing)", replace: "    timezone: Asia/Manila",
        with: "    timzone: Asia/Manila", line: 7, keyPath: "programs[0].timzone",
        message: "unknown key 'timzone' (did you mean 'timezone'?)", errorCount: 2),

    // Scorecard
    Variant(
        "effective_from must be YYYY-MM", replace: "effective_from: 2026-01", with: "effective_from: 2026-13", line: 12,
        keyPath: "programs[0].scorecard[0].effective_from", message: "expected a month YYYY-MM, found '2026-13'"),
    Variant(
        "a full date is not a month", replace: "effective_from: 2026-01", with: "effective_from: 2026-01-01", line: 12,
        keyPath: "programs[0].scorecard[0].effective_from", message: "expected a month YYYY-MM"),
    Variant(
        "a scorecard version needs an author", replace: "        author: am-jdoe\n", with: "", line: 12,
        keyPath: "programs[0].scorecard[0].author", message: "required key 'author' is missing"),
    Variant(
        "a scorecard version needs a rationale", replace: "rationale: Contract schedule B", with: "rationale: \"\"",
        line: 14, keyPath: "programs[0].scorecard[0].rationale", message: "must not be empty"),
    Variant(
        "a rationale with no value is missing", replace: "rationale: Contract schedule B", with: "rationale:", line: 14,
        keyPath: "programs[0].scorecard[0].rationale", message: "'rationale' needs a value"),
    Variant(
        "a scorecard needs a version",
        replace: """
                scorecard:
                  - effective_from: 2026-01
                    author: am-jdoe
                    rationale: Contract schedule B
                    metrics:
                      - {metric: service_level, weight: 50, target: 80, threshold: 70}
                      - {metric: aht_seconds, weight: 40, target: 360, threshold: 420}
            """, with: "    scorecard: []", line: 11, keyPath: "programs[0].scorecard",
        message: "needs at least one scorecard version"),
    Variant(
        "a version needs metrics",
        replace: """
                    metrics:
                      - {metric: service_level, weight: 50, target: 80, threshold: 70}
                      - {metric: aht_seconds, weight: 40, target: 360, threshold: 420}
            """, with: "        metrics: []", line: 15, keyPath: "programs[0].scorecard[0].metrics",
        message: "needs at least one metric"),
    Variant(
        "versions are oldest first",
        replace: "          - {metric: aht_seconds, weight: 40, target: 360, threshold: 420}",
        with: secondVersion, line: 18, keyPath: "programs[0].scorecard[1].effective_from",
        message: "effective_from 2025-12 must be after 2026-01, the previous version's"),
    Variant(
        "two versions may not share a month",
        replace: "          - {metric: aht_seconds, weight: 40, target: 360, threshold: 420}",
        with: secondVersion.replacingOccurrences(of: "2025-12", with: "2026-01"), line: 18,
        keyPath: "programs[0].scorecard[1].effective_from", message: "effective_from 2026-01 must be after 2026-01"),
    Variant(
        "metric must be in the catalog", replace: "metric: service_level, weight: 50",
        with: "metric: service_levle, weight: 50", line: 16, keyPath: "programs[0].scorecard[0].metrics[0].metric",
        message: "unknown metric 'service_levle' (did you mean 'service_level'?)"),
    Variant(
        "weight must be > 0", replace: "weight: 50", with: "weight: 0", line: 16,
        keyPath: "programs[0].scorecard[0].metrics[0].weight", message: "must be greater than 0, found 0"),
    Variant(
        "an up metric needs target above threshold", replace: "target: 80, threshold: 70",
        with: "target: 70, threshold: 80", line: 16, keyPath: "programs[0].scorecard[0].metrics[0].target",
        message: "service_level is an 'up' metric: target 70 must be above threshold 80"),
    Variant(
        "a down metric needs target below threshold", replace: "target: 360, threshold: 420",
        with: "target: 420, threshold: 360", line: 17, keyPath: "programs[0].scorecard[0].metrics[1].target",
        message: "aht_seconds is a 'down' metric: target 420 must be below threshold 360"),
    Variant(
        "target within 1e-9 of threshold is equal to it", replace: "target: 80, threshold: 70",
        with: "target: 80, threshold: 79.9999999999", line: 16, keyPath: "programs[0].scorecard[0].metrics[0].target",
        message: "must be above threshold"),
    Variant(
        "a metric listed twice in a version is an error",
        replace: "metric: aht_seconds, weight: 40, target: 360, threshold: 420",
        with: "metric: service_level, weight: 40, target: 90, threshold: 85", line: 17,
        keyPath: "programs[0].scorecard[0].metrics[1].metric",
        message: "service_level is listed twice in this version (first at line 16)"),
    Variant(
        "target is required", replace: "target: 80, threshold: 70", with: "threshold: 70", line: 16,
        keyPath: "programs[0].scorecard[0].metrics[0].target", message: "required key 'target' is missing"),
    Variant(
        "a misspelt metric key is unknown", replace: "weight: 50,", with: "wieght: 50,", line: 16,
        keyPath: "programs[0].scorecard[0].metrics[0].wieght", message: "(did you mean 'weight'?)", errorCount: 2),

    // SLAs
    Variant(
        "a misspelt severity key is unknown (and severity missing)", replace: "severity: key}", with: "sevrity: key}",
        line: 20, keyPath: "programs[0].slas[1].sevrity",
        message: "unknown key 'sevrity' (did you mean 'severity'?); expected one of: metric, minimum, expected, "
            + "severity, allocation_pct", errorCount: 2),
    Variant(
        "severity is critical or key", replace: "severity: key}", with: "severity: minor}", line: 20,
        keyPath: "programs[0].slas[1].severity", message: "unknown severity 'minor'"),
    Variant(
        "SLA metric must be in the catalog", replace: "{metric: csat, minimum: 80", with: "{metric: nps, minimum: 80",
        line: 20, keyPath: "programs[0].slas[1].metric", message: "unknown metric 'nps'"),
    Variant(
        "a critical SLA needs allocation_pct", replace: ", allocation_pct: 40}", with: "}", line: 19,
        keyPath: "programs[0].slas[0].allocation_pct", message: "a critical SLA needs allocation_pct"),
    Variant(
        "a critical allocation_pct must be > 0", replace: "allocation_pct: 40}", with: "allocation_pct: 0}", line: 19,
        keyPath: "programs[0].slas[0].allocation_pct", message: "must be greater than 0"),
    Variant(
        "a key SLA takes no allocation_pct", replace: "severity: key}", with: "severity: key, allocation_pct: 10}",
        line: 20, keyPath: "programs[0].slas[1].allocation_pct", message: "a key SLA takes no allocation_pct"),
    Variant(
        "expected must be better than minimum (up)", replace: "minimum: 75, expected: 80",
        with: "minimum: 75, expected: 70", line: 19, keyPath: "programs[0].slas[0].expected",
        message: "service_level is an 'up' metric: expected 70 must be above minimum 75"),
    Variant(
        "expected equal to minimum is not better", replace: "minimum: 75, expected: 80",
        with: "minimum: 75, expected: 75.0", line: 19, keyPath: "programs[0].slas[0].expected",
        message: "must be above minimum 75"),
    Variant(
        "expected must be better than minimum (down)", replace: "{metric: abandon_rate, minimum: 6,",
        with: "{metric: abandon_rate, minimum: 6, expected: 8,", line: 26,
        keyPath: "programs[0].sla_versions[0].slas[0].expected",
        message: "abandon_rate is a 'down' metric: expected 8 must be below minimum 6"),
    Variant(
        "minimum is required", replace: "{metric: csat, minimum: 80, ", with: "{metric: csat, ", line: 20,
        keyPath: "programs[0].slas[1].minimum", message: "required key 'minimum' is missing"),
    Variant(
        "critical allocations may not exceed the default pool of 100", replace: "allocation_pct: 40}",
        with: "allocation_pct: 40}\n      - {metric: abandon_rate, minimum: 6, severity: critical, allocation_pct: 70}",
        line: 19, keyPath: "programs[0].slas", message: "critical allocations 110 exceed pool_allocation_pct 100"),
    Variant(
        "critical allocations may not exceed an explicit pool", replace: "    monthly_fee: 1000",
        with: "    monthly_fee: 1000\n    pool_allocation_pct: 30", line: 20, keyPath: "programs[0].slas",
        message: "critical allocations 40 exceed pool_allocation_pct 30"),
    Variant(
        "one SLA per metric in a set", replace: "{metric: csat, minimum: 80, severity: key}",
        with: "{metric: service_level, minimum: 80, severity: key}", line: 20, keyPath: "programs[0].slas[1].metric",
        message: "service_level has two SLAs in this set (first at line 19)"),
    Variant(
        "an SLA version starts after the first scorecard month", replace: "effective_from: 2026-07",
        with: "effective_from: 2026-01", line: 22, keyPath: "programs[0].sla_versions[0].effective_from",
        message: "effective_from 2026-01 must be after 2026-01, when the previous SLA set took effect"),
    Variant(
        "an SLA version needs a rationale", replace: "rationale: Amendment 2", with: "rationale: ~", line: 24,
        keyPath: "programs[0].sla_versions[0].rationale", message: "'rationale' needs a value"),
    Variant(
        "an SLA version needs an author", replace: "        author: am-ksmith\n", with: "", line: 22,
        keyPath: "programs[0].sla_versions[0].author", message: "required key 'author' is missing"),
    Variant(
        "an SLA version needs its slas",
        replace: """
                    slas:
                      - {metric: abandon_rate, minimum: 6, severity: critical, allocation_pct: 30}
            """, with: "", line: 22, keyPath: "programs[0].sla_versions[0].slas",
        message: "required key 'slas' is missing"),

    // QA forms
    Variant(
        "form version must be a positive whole number", replace: "    version: 1", with: "    version: 0", line: 29,
        keyPath: "qa_forms[0].version", message: "must be greater than 0, found 0"),
    Variant(
        "form id must be a valid id", replace: "- id: care-form", with: "- id: 'care form'", line: 28,
        keyPath: "qa_forms[0].id", message: "not a valid id"),
    Variant(
        "form effective_from must be a month", replace: "    version: 1",
        with: "    version: 1\n    effective_from: soon",
        line: 30, keyPath: "qa_forms[0].effective_from", message: "expected a month YYYY-MM, found 'soon'"),
    Variant(
        "section is compliance, resolution or conversation", replace: "section: conversation",
        with: "section: tone", line: 31, keyPath: "qa_forms[0].items[0].section", message: "unknown section 'tone'"),
    Variant(
        "a scored item needs a weight", replace: "weight: 10, max_points: 5", with: "max_points: 5", line: 31,
        keyPath: "qa_forms[0].items[0].weight", message: "required key 'weight' is missing"),
    Variant(
        "max_points must be > 0", replace: "max_points: 5", with: "max_points: 0", line: 31,
        keyPath: "qa_forms[0].items[0].max_points", message: "must be greater than 0"),
    Variant(
        "a hard-fail item takes no weight", replace: "hard_fail: true}", with: "hard_fail: true, weight: 5}", line: 32,
        keyPath: "qa_forms[0].items[1].weight", message: "a hard-fail item takes no weight"),
    Variant(
        "hard_fail is true or false", replace: "hard_fail: true}", with: "hard_fail: maybe}", line: 32,
        keyPath: "qa_forms[0].items[1].hard_fail", message: "expected true or false, found 'maybe'"),
    Variant(
        "item ids are unique in a form", replace: "item_id: disclose", with: "item_id: greet", line: 32,
        keyPath: "qa_forms[0].items[1].item_id", message: "duplicate item_id 'greet' in this form (first at line 31)"),
    Variant(
        "a form needs a scored item", replace: "{item_id: greet, section: conversation, weight: 10, max_points: 5}",
        with: "{item_id: greet, section: conversation, hard_fail: true}", line: 31, keyPath: "qa_forms[0].items",
        message: "needs at least one scored (not hard-fail) item"),
    Variant(
        "a form version appears once", replace: "hard_fail: true}",
        with: "hard_fail: true}\n  - id: care-form\n    version: 1\n    items:\n"
            + "      - {item_id: a, section: resolution, weight: 1, max_points: 1}",
        line: 34, keyPath: "qa_forms[1].version",
        message: "duplicate QA form 'care-form' version 1 (first at line 28)"),
    Variant(
        "a later form version takes effect later", replace: "    version: 1\n",
        with: "    version: 1\n    effective_from: 2026-09\n",
        line: 36, keyPath: "qa_forms[1].effective_from",
        message: "version 2 of QA form 'care-form' takes effect 2026-08, not after version 1 (2026-09)"),

    // YAML itself
    Variant(
        "a key given twice is an error", replace: "    name: Care\n", with: "    name: Care\n    name: Care 2\n",
        line: 5, keyPath: "", message: "duplicate key 'name'"),
    Variant(
        "a syntax error is located", replace: "{voice: 20, chat: 60}", with: "{voice: 20, chat: 60", line: 9,
        keyPath: "", message: "not valid YAML"),
]

@Suite("Tenant manifest validation")
struct TenantValidationTests {
    @Test("the base manifest of the variants is valid")
    func baseIsValid() throws {
        let manifest = try TenantManifest.parse(yaml: base, file: "Tenants/test.yaml")
        #expect(manifest.programs.count == 1)
        #expect(manifest.qaForms.count == 1)
    }

    @Test("each broken rule is reported at its line and key path", arguments: tenantVariants)
    func brokenRule(_ variant: Variant) throws {
        var yaml = try #require(variant.apply(to: base), "'\(variant.replace)' must occur once in the base")
        if variant.rule == "a later form version takes effect later" {
            yaml +=
                "\n  - id: care-form\n    version: 2\n    effective_from: 2026-08\n    items:\n"
                + "      - {item_id: a, section: resolution, weight: 1, max_points: 1}\n"
        }
        check(variant, errors(parseTenant, yaml))
    }

    @Test("every problem in a file is reported, in line order")
    func collectsEveryProblem() {
        let yaml =
            base
            .replacingOccurrences(of: "Asia/Manila", with: "Mars/Olympus")
            .replacingOccurrences(of: "target: 360, threshold: 420", with: "target: 420, threshold: 360")
            .replacingOccurrences(of: "severity: key}", with: "sevrity: key}")
            .replacingOccurrences(of: "section: conversation", with: "section: tone")
        let found = errors(parseTenant, yaml)
        #expect(
            found.map(\.keyPath) == [
                "programs[0].timezone",
                "programs[0].scorecard[0].metrics[1].target",
                "programs[0].slas[1].severity",  // missing: reported at the mapping's `{`, before the typo
                "programs[0].slas[1].sevrity",
                "qa_forms[0].items[0].section",
            ])
        #expect(found.map(\.line) == [7, 17, 20, 20, 31])
    }

    @Test("the description reads file:line:column: keyPath: message")
    func description() throws {
        let yaml = try #require(
            Variant(
                "", replace: "target: 360, threshold: 420", with: "target: 420, threshold: 360", line: 0, keyPath: "",
                message: ""
            ).apply(to: base))
        let found = errors(parseTenant, yaml)
        // Line 17 is `          - {metric: aht_seconds, weight: 40, target: 420, threshold: 360}`: the value 420
        // starts at column 55.
        #expect(
            found.map(\.description) == [
                "Tenants/test.yaml:17:55: programs[0].scorecard[0].metrics[1].target: aht_seconds is a 'down' metric: "
                    + "target 420 must be below threshold 360"
            ])
        #expect(ManifestErrors(found).description == found[0].description)
        let wrapped = GovernanceError(ManifestErrors(found))
        #expect(wrapped.code == .invalidArgument)
        #expect(wrapped.message == found[0].description)
    }

    @Test("a missing key is reported at the mapping that lacks it")
    func missingKeyColumn() throws {
        let yaml = try #require(
            Variant("", replace: "    timezone: Asia/Manila\n", with: "", line: 0, keyPath: "", message: "").apply(
                to: base))
        let found = errors(parseTenant, yaml)
        #expect(found.count == 1)
        #expect(found.first?.line == 4)
        #expect(found.first?.column == 5)  // `id:` of the program's mapping, after `  - `
    }

    @Test("x- extension keys are ignored at any level; other unknown keys are not")
    func extensionKeys() throws {
        let yaml =
            base
            .replacingOccurrences(of: "name: Acme Corp", with: "name: Acme Corp\nx-owner: platform-team")
            .replacingOccurrences(
                of: "    at_risk_pct: 10", with: "    at_risk_pct: 10\n    x-notes: {renewal: 2027-01}"
            )
            .replacingOccurrences(of: "severity: key}", with: "severity: key, x-ticket: GOV-12}")
        let withExtensions = try TenantManifest.parse(yaml: yaml, file: "Tenants/test.yaml")
        #expect(withExtensions == (try TenantManifest.parse(yaml: base, file: "Tenants/test.yaml")))
    }

    @Test("optional keys left empty take their defaults")
    func nullOptionalTakesDefault() throws {
        let yaml = base.replacingOccurrences(
            of: "    at_risk_pct: 10", with: "    at_risk_pct:\n    fcr_window_days: ~")
        let manifest = try TenantManifest.parse(yaml: yaml, file: "Tenants/test.yaml")
        #expect(manifest.programs[0].settings.atRiskPct == 0)
        #expect(manifest.programs[0].settings.fcrWindowDays == 7)
    }

    @Test("a program without slas has an empty first SLA version")
    func noSLAs() throws {
        let yaml = try #require(
            Variant(
                "",
                replace: """
                        slas:
                          - {metric: service_level, minimum: 75, expected: 80, severity: critical, allocation_pct: 40}
                          - {metric: csat, minimum: 80, severity: key}

                    """, with: "", line: 0, keyPath: "", message: ""
            ).apply(to: base))
        let program = try TenantManifest.parse(yaml: yaml, file: "Tenants/test.yaml").programs[0]
        #expect(program.slaVersions.map(\.slas.count) == [0, 1])
        #expect(program.slaVersion(inForceAt: Month(year: 2026, month: 3))?.slas == [])
    }

    @Test("whole-number fields accept 7.0; a pool above 100 is allowed")
    func integralFloatsAndLargePool() throws {
        let yaml = base.replacingOccurrences(
            of: "    at_risk_pct: 10",
            with: "    at_risk_pct: 10\n    fcr_window_days: 14.0\n    pool_allocation_pct: 150")
        let settings = try TenantManifest.parse(yaml: yaml, file: "Tenants/test.yaml").programs[0].settings
        #expect(settings.fcrWindowDays == 14)
        #expect(settings.poolAllocationPct == 150)
    }

    @Test("versions of one QA form may take effect in version order, or say nothing")
    func formVersions() throws {
        let yaml =
            base.replacingOccurrences(of: "    version: 1\n", with: "    version: 1\n    effective_from: 2026-01\n")
            + "\n  - id: care-form\n    version: 2\n    effective_from: 2026-09\n    items:\n"
            + "      - {item_id: a, section: resolution, weight: 1, max_points: 1}\n"
            + "  - id: care-form\n    version: 3\n    items:\n"
            + "      - {item_id: b, section: resolution, weight: 1, max_points: 1}\n"
        let manifest = try TenantManifest.parse(yaml: yaml, file: "Tenants/test.yaml")
        #expect(manifest.qaForms.map(\.version) == [1, 2, 3])
        #expect(
            manifest.qaForms.map(\.effectiveFrom) == [Month(year: 2026, month: 1), Month(year: 2026, month: 9), nil])
        #expect(manifest.qaForm(id: "care-form", version: 2)?.items.map(\.itemID) == ["a"])
        #expect(manifest.qaForm(id: "care-form", version: 4) == nil)
    }

    @Test("a tenant may list no programs and no QA forms")
    func emptyTenant() throws {
        let manifest = try TenantManifest.parse(yaml: "tenant: acme\nname: Acme\nprograms: []\n", file: "t.yaml")
        #expect(manifest.programs.isEmpty && manifest.qaForms.isEmpty)
    }

    @Test(
        "documents that are not a manifest mapping are rejected",
        arguments: [
            ("", "the file holds no YAML document"),
            ("# only a comment\n", "the file holds no YAML document"),
            ("- a\n- b\n", "expected a mapping with keys tenant, name, programs, qa_forms, found a list"),
            ("tenant: a\n---\ntenant: b\n", "not valid YAML"),
        ])
    func notAMapping(yaml: String, message: String) {
        let found = errors(parseTenant, yaml)
        #expect(found.count == 1)
        #expect(found.first?.message.contains(message) == true, "\(found)")
        #expect(found.first?.line ?? 0 >= 1)
    }
}
