import GovernanceCore
import Scorecards
import Testing

@Suite("Additive totals")
struct TotalsTests {
    @Test("interaction totals add field by field, so daily rollups sum to any period")
    func interactionTotalsAdd() {
        let monday = InteractionTotals(
            offered: 10, answered: 9, abandoned: 1, answeredWithinThreshold: 8, abandonedWithinThreshold: 1,
            realTimeAnswered: 7, realTimeWaitSum: 70, handleSum: 2700, fcrEligible: 6, fcrResolved: 5,
            surveys: 3, surveysSatisfied: 2)
        let tuesday = InteractionTotals(
            offered: 20, answered: 15, abandoned: 5, answeredWithinThreshold: 11, abandonedWithinThreshold: 2,
            realTimeAnswered: 12, realTimeWaitSum: 240.5, handleSum: 4500, fcrEligible: 10, fcrResolved: 7,
            surveys: 4, surveysSatisfied: 4)
        let expected = InteractionTotals(
            offered: 30, answered: 24, abandoned: 6, answeredWithinThreshold: 19, abandonedWithinThreshold: 3,
            realTimeAnswered: 19, realTimeWaitSum: 310.5, handleSum: 7200, fcrEligible: 16, fcrResolved: 12,
            surveys: 7, surveysSatisfied: 6)
        #expect(monday + tuesday == expected)
        var running = InteractionTotals.zero
        for day in [monday, tuesday] { running += day }
        #expect(running == expected)
        #expect([monday, tuesday].reduce(.zero, +) == expected)
    }

    @Test("evaluation totals add field by field")
    func evaluationTotalsAdd() {
        let a = EvaluationTotals(evaluations: 2, qualityScored: 2, qualityScoreSum: 170, compliancePassed: 1)
        let b = EvaluationTotals(evaluations: 3, qualityScored: 2, qualityScoreSum: 150.5, compliancePassed: 3)
        #expect(
            a + b == EvaluationTotals(evaluations: 5, qualityScored: 4, qualityScoreSum: 320.5, compliancePassed: 4))
    }

    @Test("agent-day totals add field by field")
    func agentDayTotalsAdd() {
        let a = AgentDayTotals(agentDays: 1, scheduledSeconds: 28800, availableSeconds: 3600, adherentSeconds: 27000)
        let b = AgentDayTotals(agentDays: 2, scheduledSeconds: 57600, availableSeconds: 5400, adherentSeconds: 50000)
        var sum = a
        sum += b
        #expect(
            sum
                == AgentDayTotals(
                    agentDays: 3, scheduledSeconds: 86400, availableSeconds: 9000, adherentSeconds: 77000))
    }
}
