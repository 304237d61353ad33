import GovernanceCore
import Testing

@testable import Manifests

@Suite("The example manifests parse")
struct ExampleManifestTests {
    @Test("SPEC's architecture parses with every value and default resolved")
    func specArchitecture() throws {
        let architecture = try ArchitectureManifest.parse(
            yaml: Fixtures.specArchitecture, file: "Tenants/architecture.yaml")
        #expect(architecture.version == 1)
        #expect(architecture.effectiveFrom == Month(year: 2026, month: 1))
        #expect(architecture.author == "platform-admin")
        #expect(architecture.rationale == "Initial platform architecture")
        #expect(architecture.thresholdScore == 50)
        #expect(architecture.gateCap == 50)
        #expect(
            architecture.categoryWeights == [
                .service: 25, .quality: 25, .customer: 20, .efficiency: 15, .partnership: 15,
            ])
        #expect(architecture.gates == [.complianceRate])
        #expect(architecture.isGate(.complianceRate))
        #expect(!architecture.isGate(.csat))
        #expect(architecture.minSample(for: .csat) == 10)
        #expect(architecture.minSample(for: .fcrRate) == 20)
        #expect(architecture.minSample(for: .enps) == 1)
        #expect(architecture.minSamples.count == Metric.allCases.count)
        let serviceLevel = architecture.reconcileTolerance(for: .serviceLevel)
        #expect(serviceLevel.value == 1.0 && serviceLevel.unit == .points)
        let aht = architecture.reconcileTolerance(for: .ahtSeconds)
        #expect(aht.value == 5 && aht.unit == .percentOfComputed)
        let cost = architecture.reconcileTolerance(for: .costPerContact)
        #expect(cost.value == 1 && cost.unit == .percentOfComputed)
    }

    @Test("workload architecture carries its 0.75 service_level tolerance override")
    func workloadArchitecture() throws {
        let architecture = try ArchitectureManifest.parse(
            yaml: Fixtures.workloadArchitecture, file: "Tenants/architecture.yaml")
        #expect(architecture.effectiveFrom == Month(year: 2026, month: 8))
        #expect(architecture.author == "platform-governance")
        #expect(architecture.reconcileTolerance(for: .serviceLevel).value == 0.75)
        #expect(architecture.reconcileTolerance(for: .abandonRate).value == 1.0)
        #expect(architecture.categoryWeight(.customer) == 20)
    }

    @Test("SPEC's northwind parses: settings, scorecard, both SLA versions and the QA form")
    func specNorthwind() throws {
        let manifest = try TenantManifest.parse(yaml: Fixtures.specNorthwind, file: "Tenants/northwind.yaml")
        #expect(manifest.tenant == "northwind")
        #expect(manifest.name == "Northwind Telecom")
        #expect(manifest.programs.count == 1)
        let care = try #require(manifest.program(id: "nw-care"))
        let s = care.settings
        #expect(s.name == "Customer Care")
        #expect(s.site == "manila-1")
        #expect(s.timezone == "Asia/Manila")
        #expect(s.serviceLevelSeconds == [.voice: 20, .chat: 60, .email: 86400])
        #expect(s.serviceLevelFormula == .excludeShortAbandons)
        #expect(s.fcrWindowDays == 7)
        #expect(s.monthlyFee == 250_000)
        #expect(s.atRiskPct == 12)
        #expect(s.poolAllocationPct == 100)
        #expect(s.earnBackMonths == 3)
        #expect(s.atRiskAmount == 30_000)

        #expect(care.scorecard.count == 1)
        let v1 = care.scorecard[0]
        #expect(v1.effectiveFrom == Month(year: 2026, month: 1))
        #expect(v1.author == "am-jdoe")
        #expect(v1.rationale == "Contract schedule B")
        #expect(v1.metrics.map(\.metric) == [.serviceLevel, .ahtSeconds])
        let aht = try #require(v1.configuration(of: .ahtSeconds))
        #expect(aht.weight == 40 && aht.target == 360 && aht.threshold == 420 && aht.band == -60)

        #expect(care.slaVersions.count == 2)
        let initial = care.slaVersions[0]
        #expect(initial.effectiveFrom == Month(year: 2026, month: 1))
        #expect(initial.author == "am-jdoe")
        #expect(initial.rationale == "Contract schedule B")
        #expect(
            initial.slas == [
                SLA(metric: .serviceLevel, minimum: 75, expected: 80, severity: .critical, allocationPct: 40),
                SLA(metric: .csat, minimum: 80, expected: nil, severity: .key, allocationPct: nil),
            ])
        #expect(initial.criticalAllocationPct == 40)
        let amendment = care.slaVersions[1]
        #expect(amendment.effectiveFrom == Month(year: 2026, month: 7))
        #expect(amendment.rationale == "Amendment 2: abandon rate added")
        #expect(amendment.slas.map(\.metric) == [.serviceLevel, .abandonRate])
        #expect(amendment.criticalAllocationPct == 70)

        #expect(care.scorecardVersion(inForceAt: Month(year: 2025, month: 12)) == nil)
        #expect(care.scorecardVersion(inForceAt: Month(year: 2026, month: 9)) == v1)
        #expect(care.slaVersion(inForceAt: Month(year: 2026, month: 6)) == initial)
        #expect(care.slaVersion(inForceAt: Month(year: 2026, month: 7)) == amendment)

        let form = try #require(manifest.qaForm(id: "care-form", version: 1))
        #expect(form.effectiveFrom == nil)
        #expect(
            form.items == [
                QAFormItem(itemID: "greet", section: .conversation, scoring: .scored(weight: 10, maxPoints: 5)),
                QAFormItem(itemID: "disclose", section: .compliance, scoring: .hardFail),
            ])
        #expect(form.item("disclose")?.isHardFail == true)
        #expect(form.item("greet")?.weight == 10)
        #expect(form.item("greet")?.maxPoints == 5)
        #expect(form.item("disclose")?.weight == nil)
    }

    @Test("workload northwind parses: two programs, a second scorecard version, default pool")
    func workloadNorthwind() throws {
        let manifest = try TenantManifest.parse(yaml: Fixtures.workloadNorthwind, file: "Tenants/northwind.yaml")
        #expect(manifest.programs.map(\.id) == ["nw-care", "nw-digital"])
        let care = try #require(manifest.program(id: "nw-care"))
        #expect(care.settings.poolAllocationPct == 100)  // not written: the default
        #expect(care.settings.monthlyFee == 5000)
        #expect(care.scorecard[0].metrics.count == 15)
        #expect(care.scorecard[0].metrics.map(\.metric) == Metric.allCases)  // catalog order
        #expect(care.slaVersions.count == 1)
        #expect(care.slaVersions[0].slas.count == 5)
        let digital = try #require(manifest.program(id: "nw-digital"))
        #expect(digital.settings.serviceLevelFormula == .offered)
        #expect(digital.settings.fcrWindowDays == 14)
        #expect(digital.scorecard.map(\.effectiveFrom) == [Month(year: 2026, month: 8), Month(year: 2026, month: 9)])
        #expect(digital.scorecard[1].configuration(of: .qaScore)?.threshold == 82)
        #expect(digital.scorecard[1].configuration(of: .ahtSeconds)?.target == 400)
        let form = try #require(manifest.qaForm(id: "nw-qa", version: 1))
        #expect(form.effectiveFrom == Month(year: 2026, month: 8))
        #expect(form.items.count == 9)
        #expect(form.items.filter(\.isHardFail).map(\.itemID) == ["verify_identity", "disclose"])
    }

    @Test("workload contoso parses, including a pool of 150 % with critical allocations of 110 %")
    func workloadContoso() throws {
        let manifest = try TenantManifest.parse(yaml: Fixtures.workloadContoso, file: "Tenants/contoso.yaml")
        #expect(manifest.programs.map(\.id) == ["cb-partner", "cb-retention", "cb-tech"])  // sorted by id
        let tech = try #require(manifest.program(id: "cb-tech"))
        #expect(tech.settings.poolAllocationPct == 150)
        #expect(tech.settings.serviceLevelFormula == .excludeShortAbandons)  // not written: the default
        #expect(tech.slaVersions[0].criticalAllocationPct == 110)
        let retention = try #require(manifest.program(id: "cb-retention"))
        #expect(retention.settings.serviceLevelFormula == .shortAbandonsMet)
        #expect(retention.settings.poolAllocationPct == 100)
        let abandon = try #require(retention.slaVersions[0].sla(for: .abandonRate))
        #expect(abandon.minimum == 12.4 && abandon.expected == 9.3)  // a down metric: expected below minimum
        let partner = try #require(manifest.program(id: "cb-partner"))
        #expect(partner.scorecard[0].rationale == "Partner contract: vendor-reported KPIs only")
        #expect(partner.settings.serviceLevelSeconds == [.voice: 20])
    }

    @Test(
        "Manifest.parse tells the architecture from a tenant by its top-level keys",
        arguments: [
            ("specArchitecture", true), ("workloadArchitecture", true),
            ("specNorthwind", false), ("workloadNorthwind", false), ("workloadContoso", false),
        ])
    func dispatch(fixture: String, isArchitecture: Bool) throws {
        let yaml = try #require(Fixtures.all[fixture])
        switch try Manifest.parse(yaml: yaml, file: "Tenants/x.yaml") {
        case .architecture(let architecture):
            #expect(isArchitecture)
            #expect(try architecture == ArchitectureManifest.parse(yaml: yaml, file: "x"))
        case .tenant(let tenant):
            #expect(!isArchitecture)
            #expect(try tenant == TenantManifest.parse(yaml: yaml, file: "x"))
        }
    }
}
