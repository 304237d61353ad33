import GovernanceCore
import GovernanceTestSupport
import PartnershipHealth
import Scorecards
import Testing

/// The model on the deterministic generated workload (GovernanceTestSupport.AttritionWorkload),
/// whose leavers are the disengaged agents: the holdout AUC must be well above chance.
@Suite("Attrition risk on generated data")
struct GeneratedWorkloadTests {
    static func history(_ workload: AttritionWorkload) -> AttritionHistory {
        AttritionHistory(
            roster: workload.agents.map {
                AttritionAgent(agentID: $0.agentID, programID: workload.program, hiredOn: $0.hiredOn, terminatedOn: $0.terminatedOn)
            },
            engagement: Dictionary(grouping: workload.responses, by: \.agentID).mapValues {
                $0.map { EngagementResponse(surveyedOn: $0.surveyedOn, score: $0.score) }
            },
            firstMonth: workload.responses.map(\.surveyedOn).min().map(\.month) ?? month("2024-11"),
            lastDay: workload.lastDay)
    }

    @Test("two years of history: a fit whose holdout AUC is well above 0.5, agents ranked with their reasons")
    func fits() throws {
        let workload = AttritionWorkload.generate(program: "p", firstMonth: month("2024-11"), months: 24)
        let report = AttritionRiskModel.analyse(Self.history(workload))
        let fit = try #require(report.fit, "no fit: \(report.note)")
        let auc = try #require(fit.aucHoldout)
        #expect(auc > 0.7, "holdout AUC \(auc)")
        #expect(report.holdoutMonths.count == 3)
        #expect(report.trainMonths.count >= 6)
        #expect(report.holdoutMonths.first.map { $0 > (report.trainMonths.last ?? $0) } == true)
        #expect(fit.trainPositives >= 5)
        // Disengagement shows as low engagement: its coefficient is negative.
        let engagement = try #require(AttritionFeature.allCases.firstIndex(of: .engagement))
        #expect(fit.model.coefficients[engagement] < 0)
        #expect(!report.agents.isEmpty)
        #expect(zip(report.agents, report.agents.dropFirst()).allSatisfy { $0.probability >= $1.probability })
        for agent in report.agents {
            #expect(agent.topFeatures.count == 3)
            #expect(agent.band == RiskBand(probability: agent.probability))
            let sizes = agent.topFeatures.map { abs($0.contribution) }
            #expect(sizes == sizes.sorted(by: >))
        }
    }

    @Test("the same data gives the same fit (deterministic)")
    func deterministic() {
        let workload = AttritionWorkload.generate(program: "p", firstMonth: month("2024-11"), months: 24)
        #expect(AttritionRiskModel.analyse(Self.history(workload)) == AttritionRiskModel.analyse(Self.history(workload)))
    }

    @Test("six months of history is too little: no fit rather than a bad one")
    func tooShort() {
        let workload = AttritionWorkload.generate(program: "p", firstMonth: month("2026-01"), months: 6)
        let report = AttritionRiskModel.analyse(Self.history(workload))
        #expect(report.fit == nil)
        #expect(report.agents.isEmpty)
        #expect(report.note.hasPrefix("too little history"))
    }
}
