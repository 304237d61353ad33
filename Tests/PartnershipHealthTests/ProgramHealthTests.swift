import GovernanceCore
import GovernanceTestSupport
import PartnershipHealth
import Scorecards
import Testing

/// A five-agent roster in March 2026 (31 days), hand-computed:
/// a1 hired 2025-01-01, active all month (31 days, tenure 454 on 03-31);
/// a2 hired 2025-06-01, terminated 2026-03-16 (15 days);
/// a3 hired 2026-02-01, terminated 2026-03-11 (10 days; a recent hire who left after 38 days);
/// a4 hired 2026-03-21 (11 days, tenure 10; a recent hire);
/// a5 hired 2025-12-15 (31 days, tenure 106; hired before the 90-day window, which starts 2026-01-01).
@Suite("Program health for a month")
struct ProgramHealthTests {
    static let roster = [
        RosterEntry(agentID: "a1", hiredOn: day("2025-01-01")),
        RosterEntry(agentID: "a2", hiredOn: day("2025-06-01"), terminatedOn: day("2026-03-16")),
        RosterEntry(agentID: "a3", hiredOn: day("2026-02-01"), terminatedOn: day("2026-03-11")),
        RosterEntry(agentID: "a4", hiredOn: day("2026-03-21")),
        RosterEntry(agentID: "a5", hiredOn: day("2025-12-15")),
    ]
    static let engagement = [
        EngagementResponse(surveyedOn: day("2025-12-31"), score: 0),  // outside Jan–Mar
        EngagementResponse(surveyedOn: day("2026-01-05"), score: 10),
        EngagementResponse(surveyedOn: day("2026-02-05"), score: 9),
        EngagementResponse(surveyedOn: day("2026-03-05"), score: 10),
        EngagementResponse(surveyedOn: day("2026-03-06"), score: 3),
        EngagementResponse(surveyedOn: day("2026-03-31"), score: 6),
        EngagementResponse(surveyedOn: day("2026-04-01"), score: 0),  // after the month
    ]

    @Test("head count, staffing, attrition, early attrition, tenure quartiles and eNPS match the hand computation")
    func handComputed() {
        let health = ProgramHealthCalculator.health(
            roster: Self.roster, plannedFTE: [month("2026-03"): 4], engagement: Self.engagement, month: month("2026-03"))
        // Active agent-days 31 + 15 + 10 + 11 + 31 = 98.
        #expect(close(health.headcount, 98.0 / 31))
        #expect(health.activeOnLastDay == 3)
        #expect(close(health.staffingRatio, 100 * (98.0 / 31) / 4))
        #expect(health.terminations == 2)
        #expect(close(health.attritionRate, 200 / (98.0 / 31)))
        #expect(close(health.attritionRateAnnualised, 12 * 200 / (98.0 / 31)))
        #expect(health.recentHires == 2)
        #expect(health.earlyTerminations == 1)
        #expect(close(health.earlyAttritionRate, 50))
        // Tenures 10, 106, 454.
        #expect(close(health.tenureMedianDays, 106))
        #expect(close(health.tenureP25Days, 58))
        #expect(close(health.tenureP75Days, 280))
        // 10, 9, 10, 3, 6: 3 promoters, 2 detractors of 5.
        #expect(close(health.enps, 20))
        #expect(health.enpsResponses == 5)
    }

    @Test("the SPEC metrics agree with the scorecard's partnership calculator")
    func agreesWithScorecard() {
        let period = Period.month(month("2026-03"))
        let totals = PartnershipCalculator.totals(
            roster: Self.roster, plannedFTE: [month("2026-03"): 4], engagement: Self.engagement, period: period)
        let metrics = MetricCalculator().programMetrics(for: period, partnership: totals)
        let health = ProgramHealthCalculator.health(
            roster: Self.roster, plannedFTE: [month("2026-03"): 4], engagement: Self.engagement, month: month("2026-03"))
        #expect(health.staffingRatio == metrics[.staffingRatio]?.value)
        #expect(health.attritionRate == metrics[.attritionRate]?.value)
        #expect(health.tenureMedianDays == metrics[.tenureDays]?.value)
        #expect(health.enps == metrics[.enps]?.value)
    }

    @Test("a month without roster, plan or responses has no values rather than zeros")
    func empty() {
        let health = ProgramHealthCalculator.health(roster: [], plannedFTE: [:], engagement: [], month: month("2026-03"))
        #expect(health.headcount == 0)
        #expect(health.staffingRatio == nil)
        #expect(health.attritionRate == nil)
        #expect(health.attritionRateAnnualised == nil)
        #expect(health.earlyAttritionRate == nil)
        #expect(health.tenureMedianDays == nil)
        #expect(health.enps == nil)
    }

    @Test(
        "early-tenure attrition counts hires of the trailing 90 days and those of them who already left",
        arguments: [
            // (hired, terminated, month, recent hires, early terminations)
            ("2026-01-01", "2026-03-31", "2026-03", 1, 1),  // first day of the window, left on the last day
            ("2025-12-31", "2026-01-15", "2026-03", 0, 0),  // hired the day before the window
            ("2026-03-10", "2026-04-02", "2026-03", 1, 0),  // leaves after the month: not yet
            ("2026-03-10", "2026-04-02", "2026-04", 1, 1),
            ("2026-02-01", "2026-02-01", "2026-03", 1, 1),  // a no-show (terminated on the hire day)
        ] as [(String, String, String, Int, Int)])
    func earlyTenure(hired: String, terminated: String, month text: String, hires: Int, early: Int) {
        let health = ProgramHealthCalculator.health(
            roster: [RosterEntry(agentID: "x", hiredOn: day(hired), terminatedOn: day(terminated))], plannedFTE: [:],
            engagement: [], month: month(text))
        #expect(health.recentHires == hires)
        #expect(health.earlyTerminations == early)
    }
}
