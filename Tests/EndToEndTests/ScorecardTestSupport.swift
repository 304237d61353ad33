import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// Helpers for the hand-computed scorecard edge cases (`ScorecardEdgeCaseTests`): small inline
/// manifests and CSV files, and typed reads of the ScorecardService.
typealias EdgeClient = GRPCClient<HTTP2ClientTransport.Posix>

/// Inline manifests (SPEC section 10).
enum EdgeYAML {
    /// `min_sample` low enough that every tiny sample is scored.
    static let lowMinSample = "{csat: 1, fcr_rate: 1, aht_seconds: 1, qa_score: 1, compliance_rate: 1}"

    /// An architecture, version 1 effective 2026-01 with the SPEC's example category weights
    /// (service 25, quality 25, customer 20, efficiency 15, partnership 15), threshold_score 50,
    /// gate_cap 50 and gate compliance_rate. `minSample` `nil` leaves the catalog defaults
    /// (csat 10, qa_score 2, compliance_rate 2, fcr_rate 20, aht_seconds 20, others 1).
    static func architecture(
        minSample: String? = lowMinSample, version: Int = 1, effectiveFrom: String = "2026-01",
        categories: String = "{service: 25, quality: 25, customer: 20, efficiency: 15, partnership: 15}"
    ) -> String {
        var text = """
            version: \(version)
            effective_from: \(effectiveFrom)
            author: edge-tests
            rationale: "Hand-computed scorecard edge cases"
            threshold_score: 50
            gate_cap: 50
            categories: \(categories)
            gates: [compliance_rate]

            """
        if let minSample { text += "min_sample: \(minSample)\n" }
        return text
    }

    /// One scorecard version of a program: `metrics` are flow mappings such as
    /// `{metric: aht_seconds, weight: 30, target: 300, threshold: 400}`.
    struct Version {
        var effectiveFrom: String
        var metrics: [String]
        var rationale = "Hand-computed edge case"
    }

    /// A program of the edge-case tenant.
    struct Program {
        var id: String
        var timezone = "Etc/UTC"
        var formula = "exclude_short_abandons"
        var fcrWindowDays = 7
        var serviceLevelSeconds = "{voice: 20, chat: 60, email: 3600}"
        var versions: [Version]
    }

    /// The QA form every edge-case tenant has: two scored items and two hard-fail items.
    /// quality = 100 × (10 × greet ÷ 5 + 30 × resolve ÷ 10) ÷ 40 (SPEC section 4).
    static let qaForm = """
        qa_forms:
          - id: form1
            version: 1
            items:
              - {item_id: greet, section: conversation, weight: 10, max_points: 5}
              - {item_id: resolve, section: resolution, weight: 30, max_points: 10}
              - {item_id: disclose, section: compliance, hard_fail: true}
              - {item_id: verify, section: compliance, hard_fail: true}
        """

    /// A tenant manifest holding `programs` and the QA form.
    static func tenant(_ tenant: String, _ programs: [Program]) -> String {
        var text = "tenant: \(tenant)\nname: Edge case tenant \(tenant)\nprograms:\n"
        for program in programs {
            text += """
                  - id: \(program.id)
                    name: Program \(program.id)
                    site: site-1
                    timezone: \(program.timezone)
                    service_level_seconds: \(program.serviceLevelSeconds)
                    service_level_formula: \(program.formula)
                    fcr_window_days: \(program.fcrWindowDays)
                    scorecard:

                """
            for version in program.versions {
                text += """
                          - effective_from: \(version.effectiveFrom)
                            author: edge-tests
                            rationale: "\(version.rationale)"
                            metrics:

                    """
                for metric in version.metrics { text += "              - \(metric)\n" }
            }
        }
        return text + qaForm + "\n"
    }
}

/// CSV headers (SPEC section 9).
enum EdgeCSV {
    static let interactions =
        "interaction_id,program_id,agent_id,customer_id,channel,started_at,wait_seconds,handle_seconds,abandoned"
    static let surveys = "interaction_id,score"
    static let evaluations =
        "evaluation_id,program_id,agent_id,evaluator_id,interaction_id,form_id,form_version,evaluated_at,calibration_session_id,expert_evaluator_id"
    static let evaluationAnswers = "evaluation_id,item_id,points"
    static let roster = "agent_id,program_id,site_id,team_id,supervisor_id,hired_on,terminated_on,termination_reason"
    static let plannedHeadcount = "program_id,month,planned_fte"
    static let engagement = "agent_id,program_id,surveyed_on,score"
    static let reportedMetrics = "program_id,period,metric,value,source"

    /// A file: the header, then the rows, newline-terminated.
    static func file(_ header: String, _ rows: [String]) -> Data {
        Data(([header] + rows).joined(separator: "\n").appending("\n").utf8)
    }
}

/// Applies a manifest (architecture or tenant) with the generated client.
@discardableResult
func applyEdgeManifest(_ client: EdgeClient, _ yaml: String, file: String = "edge.yaml") async throws
    -> Governance_V1_ApplyManifestReply
{
    var request = Governance_V1_ApplyManifestRequest()
    request.fileName = file
    request.yaml = yaml
    return try await Governance_V1_ManifestService.Client(wrapping: client).applyManifest(request)
}

/// Streams a CSV file; the file name tells its kind.
@discardableResult
func importEdge(_ client: EdgeClient, tenant: String, _ fileName: String, _ header: String, _ rows: [String])
    async throws -> Governance_V1_ImportReply
{
    try await importRaw(client, tenant: tenant, fileName: fileName, bytes: EdgeCSV.file(header, rows))
}

/// The evaluation answers of one evaluation of `form1`; `nil` leaves an item unanswered.
func edgeAnswers(_ evaluation: String, greet: Int?, resolve: Int?, disclose: Int?, verify: Int?) -> [String] {
    var rows: [String] = []
    if let greet { rows.append("\(evaluation),greet,\(greet)") }
    if let resolve { rows.append("\(evaluation),resolve,\(resolve)") }
    if let disclose { rows.append("\(evaluation),disclose,\(disclose)") }
    if let verify { rows.append("\(evaluation),verify,\(verify)") }
    return rows
}

func programCard(
    _ client: EdgeClient, _ tenant: String, _ program: String, _ period: String, scorecardVersion: Int32? = nil
) async throws -> Governance_V1_Scorecard {
    var request = Governance_V1_ProgramScorecardRequest()
    request.tenant = tenant
    request.program = program
    request.period = period
    if let scorecardVersion { request.scorecardVersion = scorecardVersion }
    return try await Governance_V1_ScorecardService.Client(wrapping: client).getProgramScorecard(request)
}

func agentRanking(_ client: EdgeClient, _ tenant: String, _ program: String, _ period: String) async throws
    -> Governance_V1_AgentRanking
{
    var request = Governance_V1_AgentScorecardsRequest()
    request.tenant = tenant
    request.program = program
    request.period = period
    return try await Governance_V1_ScorecardService.Client(wrapping: client).listAgentScorecards(request)
}

func agentCard(_ client: EdgeClient, _ tenant: String, _ program: String, _ agent: String, _ period: String)
    async throws -> Governance_V1_Scorecard
{
    var request = Governance_V1_AgentScorecardRequest()
    request.tenant = tenant
    request.program = program
    request.agentID = agent
    request.period = period
    return try await Governance_V1_ScorecardService.Client(wrapping: client).getAgentScorecard(request)
}

extension Governance_V1_Scorecard {
    func metric(_ name: String) -> Governance_V1_MetricScore? { metrics.first { $0.metric == name } }
    func category(_ name: String) -> Governance_V1_CategoryScore? { categories.first { $0.category == name } }
    /// `metric:reason`, sorted.
    var missingList: [String] { missing.map { "\($0.metric):\($0.reason)" }.sorted() }
}

/// What a test expects of an optional number.
enum Expect: Sendable {
    /// Not checked.
    case skip
    /// Must be absent (proto3 `optional` not set).
    case absent
    /// Must be present and within 1e-6.
    case value(Double)
}

let edgeTolerance = 1e-6

/// Checks an optional proto field against an expectation.
func expectNumber(
    _ label: String, has: Bool, _ actual: Double, _ expected: Expect, sourceLocation: SourceLocation = #_sourceLocation
) {
    switch expected {
    case .skip: break
    case .absent:
        #expect(!has, "\(label): expected no value, got \(actual)", sourceLocation: sourceLocation)
    case .value(let value):
        #expect(has, "\(label): expected \(value), got no value", sourceLocation: sourceLocation)
        if has {
            #expect(
                abs(actual - value) <= edgeTolerance, "\(label): expected \(value), got \(actual)",
                sourceLocation: sourceLocation)
        }
    }
}

/// Checks one metric line of a scorecard.
func expectMetric(
    _ card: Governance_V1_Scorecard, _ name: String, value: Expect, n: Int64? = nil, score: Expect = .skip,
    source: String? = nil, insufficient: Bool? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let line = card.metric(name) else {
        Issue.record("\(card.period) \(card.agentID): metric \(name) is not on the scorecard", sourceLocation: sourceLocation)
        return
    }
    let label = "\(card.program) \(card.agentID) \(card.period) \(name)"
    expectNumber("\(label) value", has: line.hasValue, line.value, value, sourceLocation: sourceLocation)
    expectNumber("\(label) score", has: line.hasScore, line.score, score, sourceLocation: sourceLocation)
    if let n { #expect(line.n == n, "\(label) n", sourceLocation: sourceLocation) }
    if let source { #expect(line.source == source, "\(label) source", sourceLocation: sourceLocation) }
    if let insufficient {
        #expect(line.insufficientSample == insufficient, "\(label) insufficient_sample", sourceLocation: sourceLocation)
    }
}

/// Checks a category score.
func expectCategory(
    _ card: Governance_V1_Scorecard, _ name: String, _ expected: Expect, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let category = card.category(name) else {
        if case .absent = expected { return }
        Issue.record("\(card.period): category \(name) is not on the scorecard", sourceLocation: sourceLocation)
        return
    }
    expectNumber(
        "\(card.program) \(card.agentID) \(card.period) category \(name)", has: category.hasScore, category.score,
        expected, sourceLocation: sourceLocation)
}

/// Checks the composite (and optionally the uncapped composite).
func expectComposite(
    _ card: Governance_V1_Scorecard, _ expected: Expect, uncapped: Expect = .skip,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let label = "\(card.program) \(card.agentID) \(card.period)"
    expectNumber("\(label) composite", has: card.hasComposite, card.composite, expected, sourceLocation: sourceLocation)
    expectNumber(
        "\(label) composite_uncapped", has: card.hasCompositeUncapped, card.compositeUncapped, uncapped,
        sourceLocation: sourceLocation)
}
