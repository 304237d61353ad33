import Foundation
import GovernanceCore
import GovernanceTestSupport
import PartnershipHealth
import Scorecards
import Testing

/// SPEC section 8 features at the end of March 2026 on a tiny roster, hand-computed.
///
/// x1 (hired 2025-03-31, 365 days): Jan answered 10, handle 3,000 s, surveys 4 (3 satisfied), 2 evaluations
/// scoring 170, 1,000 s scheduled with 900 adherent; Mar answered 10, handle 5,000 s, surveys 4 (1 satisfied).
/// December (outside the 3 months) is ignored. Coaching on 01-01 and 03-31 (12-31 is outside); last
/// engagement on or before 03-31 scores 4 (a later one is ignored).
/// x2 (hired 2026-01-31, 59 days; leaves 2026-05-10): Mar answered 20, handle 4,000 s; 1 evaluation of 60;
/// 1,000 s scheduled, 800 adherent; no surveys and no engagement (both imputed from x1, the only agent with them).
/// x3 left on 2026-03-15: not active at month end, no row.
@Suite("Attrition-risk features")
struct AttritionFeatureTests {
    static let history = AttritionHistory(
        roster: [
            AttritionAgent(agentID: "x1", programID: "p", hiredOn: day("2025-03-31")),
            AttritionAgent(agentID: "x2", programID: "p", hiredOn: day("2026-01-31"), terminatedOn: day("2026-05-10")),
            AttritionAgent(agentID: "x3", programID: "p", hiredOn: day("2024-01-01"), terminatedOn: day("2026-03-15")),
        ],
        activity: [
            "p": [
                month("2025-12"): AgentMonthActivity(interactions: ["x1": InteractionTotals(answered: 100, handleSum: 100_000)]),
                month("2026-01"): AgentMonthActivity(
                    interactions: ["x1": InteractionTotals(answered: 10, handleSum: 3000, surveys: 4, surveysSatisfied: 3)],
                    evaluations: ["x1": EvaluationTotals(evaluations: 2, qualityScored: 2, qualityScoreSum: 170)],
                    agentDays: ["x1": AgentDayTotals(agentDays: 1, scheduledSeconds: 1000, adherentSeconds: 900)]),
                month("2026-03"): AgentMonthActivity(
                    interactions: [
                        "x1": InteractionTotals(answered: 10, handleSum: 5000, surveys: 4, surveysSatisfied: 1),
                        "x2": InteractionTotals(answered: 20, handleSum: 4000),
                    ],
                    evaluations: ["x2": EvaluationTotals(evaluations: 1, qualityScored: 1, qualityScoreSum: 60)],
                    agentDays: ["x2": AgentDayTotals(agentDays: 1, scheduledSeconds: 1000, adherentSeconds: 800)]),
            ]
        ],
        coaching: ["x1": [day("2025-12-31"), day("2026-01-01"), day("2026-03-31")]],
        engagement: [
            "x1": [
                EngagementResponse(surveyedOn: day("2025-11-11"), score: 9),
                EngagementResponse(surveyedOn: day("2026-02-11"), score: 4),
                EngagementResponse(surveyedOn: day("2026-04-02"), score: 10),
            ]
        ],
        firstMonth: month("2025-12"), lastDay: day("2026-06-30"))

    @Test("the seven features match the hand computation, with program-mean imputation")
    func features() throws {
        let rows = AttritionFeatures.observations(at: month("2026-03"), history: Self.history)
        #expect(rows.map(\.agentID) == ["x1", "x2"])
        let x1 = rows[0].values, x2 = rows[1].values
        #expect(close(x1[0], log(1 + 365 / 30.4375)))
        #expect(close(x1[1], 85))
        #expect(close(x1[2], 90))
        #expect(close(x1[3], 50))
        #expect(close(x1[4], 400.0 / 300))  // AHT 8,000/20 over the program's 12,000/40
        #expect(close(x1[5], 2))
        #expect(close(x1[6], 4))
        #expect(rows[0].imputed == [false, false, false, false, false, false, false])

        #expect(close(x2[0], log(1 + 59 / 30.4375)))
        #expect(close(x2[1], 60))
        #expect(close(x2[2], 80))
        #expect(close(x2[3], 50))  // imputed: x1's csat
        #expect(close(x2[4], 200.0 / 300))
        #expect(close(x2[5], 0))
        #expect(close(x2[6], 4))  // imputed: x1's engagement
        #expect(rows[1].imputed == [false, false, false, true, false, false, true])
    }

    @Test("labels: a termination in (month end, month end + 60 days], known once that is within the data")
    func labels() {
        let rows = AttritionFeatures.observations(at: month("2026-03"), history: Self.history)
        #expect(rows.map(\.label) == [false, true])  // x2 leaves 05-10, within 60 days of 03-31
        var short = Self.history
        short.lastDay = day("2026-05-29")  // 03-31 + 60 = 05-30 is after the data
        #expect(AttritionFeatures.observations(at: month("2026-03"), history: short).map(\.label) == [nil, nil])
    }

    @Test("too little history gives no fit and says why")
    func tooLittleHistory() {
        let report = AttritionRiskModel.analyse(Self.history)
        #expect(report.fit == nil)
        #expect(report.agents.isEmpty)
        #expect(report.note.contains("too little history"))
        #expect(report.scoredMonth == month("2026-06"))
    }
}
