import GovernanceCore
import Testing

@Suite("Metric catalog (SPEC section 2)")
struct MetricCatalogTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var category: GovernanceCore.Category
        var direction: Direction
        var agentLevel: Bool
        var minSample: Int
        var tolerance: Double
        var unit: ToleranceUnit

        var testDescription: String { name }
    }

    /// The SPEC section 2 table, transcribed by hand: category, direction, agent level, the
    /// `min_sample` defaults (csat 10, qa_score 2, compliance_rate 2, fcr_rate 20, aht_seconds 20,
    /// others 1) and the `reconcile_tolerance` defaults (5 % of computed for asa/aht, 1 % of
    /// computed for cost_per_contact and tenure_days, 1.0 point otherwise).
    static let table: [Row] = [
        Row(name: "service_level", category: .service, direction: .up, agentLevel: false, minSample: 1, tolerance: 1, unit: .points),
        Row(name: "asa_seconds", category: .service, direction: .down, agentLevel: false, minSample: 1, tolerance: 5, unit: .percentOfComputed),
        Row(name: "abandon_rate", category: .service, direction: .down, agentLevel: false, minSample: 1, tolerance: 1, unit: .points),
        Row(name: "qa_score", category: .quality, direction: .up, agentLevel: true, minSample: 2, tolerance: 1, unit: .points),
        Row(name: "compliance_rate", category: .quality, direction: .up, agentLevel: true, minSample: 2, tolerance: 1, unit: .points),
        Row(name: "fcr_rate", category: .quality, direction: .up, agentLevel: true, minSample: 20, tolerance: 1, unit: .points),
        Row(name: "csat", category: .customer, direction: .up, agentLevel: true, minSample: 10, tolerance: 1, unit: .points),
        Row(name: "aht_seconds", category: .efficiency, direction: .down, agentLevel: true, minSample: 20, tolerance: 5, unit: .percentOfComputed),
        Row(name: "occupancy", category: .efficiency, direction: .up, agentLevel: true, minSample: 1, tolerance: 1, unit: .points),
        Row(name: "adherence", category: .efficiency, direction: .up, agentLevel: true, minSample: 1, tolerance: 1, unit: .points),
        Row(name: "cost_per_contact", category: .efficiency, direction: .down, agentLevel: false, minSample: 1, tolerance: 1, unit: .percentOfComputed),
        Row(name: "staffing_ratio", category: .partnership, direction: .up, agentLevel: false, minSample: 1, tolerance: 1, unit: .points),
        Row(name: "attrition_rate", category: .partnership, direction: .down, agentLevel: false, minSample: 1, tolerance: 1, unit: .points),
        Row(name: "tenure_days", category: .partnership, direction: .up, agentLevel: false, minSample: 1, tolerance: 1, unit: .percentOfComputed),
        Row(name: "enps", category: .partnership, direction: .up, agentLevel: false, minSample: 1, tolerance: 1, unit: .points),
    ]

    @Test("every catalog metric has the category, direction, level and defaults of SPEC section 2", arguments: table)
    func catalogRow(_ row: Row) throws {
        let metric = try #require(Metric(rawValue: row.name))
        #expect(metric.category == row.category)
        #expect(metric.direction == row.direction)
        #expect(metric.isAgentLevel == row.agentLevel)
        #expect(metric.defaultMinSample == row.minSample)
        #expect(metric.defaultReconcileTolerance.value == row.tolerance)
        #expect(metric.defaultReconcileTolerance.unit == row.unit)
    }

    @Test("the catalog has exactly the fifteen metrics of SPEC section 2")
    func catalogIsComplete() {
        #expect(Set(Metric.allCases.map(\.rawValue)) == Set(Self.table.map(\.name)))
        #expect(Metric.allCases.count == 15)
    }

    @Test("the agent-level metrics are the seven of SPEC section 2")
    func agentLevelSet() {
        let agentLevel = Set(Metric.allCases.filter(\.isAgentLevel))
        #expect(agentLevel == [.qaScore, .complianceRate, .fcrRate, .csat, .ahtSeconds, .occupancy, .adherence])
    }

    @Test("the lower-is-better metrics are exactly asa, abandon rate, aht, cost per contact and attrition")
    func downMetrics() {
        let down = Set(Metric.allCases.filter { $0.direction == .down })
        #expect(down == [.asaSeconds, .abandonRate, .ahtSeconds, .costPerContact, .attritionRate])
    }

    @Test("every category has at least one metric, and categories order as listed")
    func categories() {
        let used = Set(Metric.allCases.map(\.category))
        #expect(used == Set(GovernanceCore.Category.allCases))
        #expect(GovernanceCore.Category.allCases.map(\.rawValue) == ["service", "quality", "customer", "efficiency", "partnership"])
        #expect(GovernanceCore.Category.service < .quality)
        #expect(GovernanceCore.Category.efficiency < .partnership)
        #expect(!(GovernanceCore.Category.partnership < .service))
    }

    @Test("voice, chat and video are the real-time channels; channel codes round-trip")
    func channels() {
        #expect(Set(Channel.allCases.filter(\.isRealTime)) == [.voice, .chat, .video])
        for channel in Channel.allCases {
            #expect(Channel(code: channel.code) == channel)
        }
        #expect(Set(Channel.allCases.map(\.code)).count == Channel.allCases.count)
        #expect(Channel(code: 5) == nil)
        #expect(Channel(code: -1) == nil)
    }

    @Test("the bound tolerance of SPEC section 1 is 1e-9")
    func boundTolerance() {
        #expect(GovernanceCore.boundTolerance == 1e-9)
    }
}
