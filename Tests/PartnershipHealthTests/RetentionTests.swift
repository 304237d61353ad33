import GovernanceCore
import GovernanceTestSupport
import PartnershipHealth
import Scorecards
import Testing

@Suite("Kaplan–Meier retention")
struct RetentionTests {
    /// Six agents: left after 10, 30, 30 and 50 days; still employed after 20 and 40 days.
    /// S(10) = 5/6; at 30 the risk set is {30, 30, 40, 50}: S = 5/6 × 2/4 = 5/12; at 50 one at risk
    /// leaves: S = 0.
    static let observations = [
        SurvivalObservation(days: 10, terminated: true), SurvivalObservation(days: 20, terminated: false),
        SurvivalObservation(days: 30, terminated: true), SurvivalObservation(days: 30, terminated: true),
        SurvivalObservation(days: 40, terminated: false), SurvivalObservation(days: 50, terminated: true),
    ]

    @Test("the product-limit steps match the hand computation")
    func steps() {
        let curve = KaplanMeier.curve(Self.observations)
        #expect(curve.map(\.days) == [10, 30, 50])
        #expect(curve.map(\.atRisk) == [6, 4, 1])
        #expect(curve.map(\.events) == [1, 2, 1])
        #expect(close(curve[0].survival, 5.0 / 6))
        #expect(close(curve[1].survival, 5.0 / 12))
        #expect(curve[2].survival == 0)
    }

    @Test(
        "survival at a day is the last step at or before it",
        arguments: [(0, 1.0), (9, 1.0), (10, 5.0 / 6), (29, 5.0 / 6), (30, 5.0 / 12), (49, 5.0 / 12), (50, 0.0), (365, 0.0)] as [(Int, Double)])
    func survival(at days: Int, expected: Double) {
        let curve = KaplanMeier.curve(Self.observations)
        #expect(close(KaplanMeier.survival(at: days, curve: curve, observations: Self.observations), expected))
    }

    @Test("beyond the longest follow-up the survival is unknown, not carried forward")
    func censoredTail() {
        let observations = [SurvivalObservation(days: 10, terminated: true), SurvivalObservation(days: 100, terminated: false)]
        let curve = KaplanMeier.curve(observations)
        #expect(close(KaplanMeier.survival(at: 90, curve: curve, observations: observations), 0.5))
        #expect(close(KaplanMeier.survival(at: 100, curve: curve, observations: observations), 0.5))
        #expect(KaplanMeier.survival(at: 180, curve: curve, observations: observations) == nil)
    }

    @Test("cohorts are quarters of hire; later terminations are censored at the as-of date; later hires are left out")
    func cohorts() {
        let roster = [
            // 2026-Q1: left after 40 days, left after 20 days, still employed on 06-30 (after 149 days).
            RosterEntry(agentID: "q1a", hiredOn: day("2026-01-01"), terminatedOn: day("2026-02-10")),
            RosterEntry(agentID: "q1b", hiredOn: day("2026-03-01"), terminatedOn: day("2026-03-21")),
            RosterEntry(agentID: "q1c", hiredOn: day("2026-02-01")),
            // 2026-Q2: terminated after the as-of date: censored at 06-30 (after 60 days).
            RosterEntry(agentID: "q2a", hiredOn: day("2026-05-01"), terminatedOn: day("2026-08-01")),
            // Hired after the as-of date.
            RosterEntry(agentID: "q3a", hiredOn: day("2026-07-01")),
        ]
        let cohorts = RetentionAnalysis.cohorts(roster: roster, asOf: day("2026-06-30"))
        #expect(cohorts.map(\.quarter.description) == ["2026-Q1", "2026-Q2"])
        #expect(cohorts[0].hires == 3)
        #expect(cohorts[0].terminations == 2)
        // S(20) = 2/3, S(40) = 2/3 × 1/2 = 1/3; followed up to 149 days.
        #expect(close(cohorts[0].survivalAtMarks[0] ?? -1, 2.0 / 3))  // 30 days
        #expect(close(cohorts[0].survivalAtMarks[1] ?? -1, 1.0 / 3))  // 90 days
        #expect(cohorts[0].survivalAtMarks[2] == nil)  // 180 days: nobody followed that long
        #expect(cohorts[1].hires == 1)
        #expect(cohorts[1].terminations == 0)
        #expect(cohorts[1].survivalAtMarks[0] == 1)
        #expect(cohorts[1].survivalAtMarks[1] == nil)
    }
}
