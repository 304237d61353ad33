import GovernanceCore
import GovernanceTestSupport
import Scorecards
import Testing

@Suite("Partnership calculator")
struct PartnershipCalculatorTests {
    /// March 2026 (31 days). Days active in March are noted per agent.
    static let roster = [
        RosterEntry(agentID: "A", hiredOn: day("2025-01-10")),  // 31 days; tenure 445 on 03-31
        RosterEntry(agentID: "B", hiredOn: day("2026-03-11")),  // 21 days (11th–31st); tenure 20
        RosterEntry(agentID: "C", hiredOn: day("2024-06-01"), terminatedOn: day("2026-03-16")),  // 15 days; terminated
        RosterEntry(agentID: "D", hiredOn: day("2026-02-01"), terminatedOn: day("2026-04-01")),  // 31 days; tenure 58
        RosterEntry(agentID: "E", hiredOn: day("2026-04-05")),  // 0 days
        RosterEntry(agentID: "F", hiredOn: day("2025-12-01"), terminatedOn: day("2026-03-31")),  // 30 days; terminated
        RosterEntry(agentID: "G", hiredOn: day("2026-03-31")),  // 1 day (hire day counts); tenure 0
    ]
    static let planned: [Month: Double] = [month("2026-02"): 7, month("2026-03"): 5]
    static let engagement = [
        EngagementResponse(surveyedOn: day("2025-12-31"), score: 10),  // before the 3-month window
        EngagementResponse(surveyedOn: day("2026-01-01"), score: 9),  // promoter
        EngagementResponse(surveyedOn: day("2026-02-15"), score: 6),  // detractor
        EngagementResponse(surveyedOn: day("2026-03-10"), score: 7),  // passive
        EngagementResponse(surveyedOn: day("2026-03-31"), score: 10),  // promoter
        EngagementResponse(surveyedOn: day("2026-04-01"), score: 0),  // after the period
    ]

    @Test("a month's totals follow the active-day rules of SPEC section 2")
    func monthTotals() {
        let totals = PartnershipCalculator.totals(
            roster: Self.roster, plannedFTE: Self.planned, engagement: Self.engagement, period: period("2026-03"))
        // 31 + 21 + 15 + 31 + 0 + 30 + 1 = 129 agent-days over 31 days.
        #expect(close(totals.meanActiveAgents, 129.0 / 31.0))
        #expect(totals.terminations == 2)  // C and F; D's is in April
        #expect(totals.activeOnLastDay == 4)  // A, B, D, G; F left on the last day itself
        #expect(totals.tenureDaysMedian == 39)  // sorted 0, 20, 58, 445: (20 + 58) ÷ 2
        #expect(totals.meanPlannedFTE == 5)
        #expect(totals.plannedMonths == 1)
        #expect(totals.enpsResponses == 4)
        #expect(totals.enpsPromoters == 2)
        #expect(totals.enpsDetractors == 1)
    }

    @Test("the partnership metrics of that month")
    func monthMetrics() {
        let totals = PartnershipCalculator.totals(
            roster: Self.roster, plannedFTE: Self.planned, engagement: Self.engagement, period: period("2026-03"))
        let metrics = MetricCalculator().programMetrics(for: period("2026-03"), partnership: totals)
        #expect(close(metrics[.staffingRatio]?.value, 83.2258064516129))  // 100 × (129 ÷ 31) ÷ 5
        #expect(close(metrics[.attritionRate]?.value, 48.06201550387597))  // 100 × 2 ÷ (129 ÷ 31)
        #expect(metrics[.attritionRate]?.n == 4)
        #expect(metrics[.tenureDays]?.value == 39)
        #expect(metrics[.tenureDays]?.n == 4)
        #expect(close(metrics[.enps]?.value, 25))  // 50 % promoters − 25 % detractors
        #expect(metrics[.enps]?.n == 4)
    }

    @Test(
        "an agent is active from hired_on up to the day before terminated_on",
        arguments: [
            ("2026-03-15", true),
            ("2026-03-16", false),  // terminated_on itself is not active
            ("2024-06-01", true),  // hired_on itself is active
            ("2024-05-31", false),
        ])
    func activeDay(date: String, active: Bool) {
        let entry = RosterEntry(agentID: "C", hiredOn: day("2024-06-01"), terminatedOn: day("2026-03-16"))
        #expect(entry.isActive(on: day(date)) == active)
    }

    @Test("an odd count of agents active on the last day takes the middle tenure")
    func oddMedian() {
        let roster = Array(Self.roster.dropLast())  // without G: 20, 58, 445
        let totals = PartnershipCalculator.totals(
            roster: roster, plannedFTE: [:], engagement: [], period: period("2026-03"))
        #expect(totals.tenureDaysMedian == 58)
        #expect(totals.activeOnLastDay == 3)
        #expect(totals.meanPlannedFTE == nil)
        #expect(totals.plannedMonths == 0)
    }

    @Test("a quarter averages active agents over its 90 days and planned FTE over the months that have one")
    func quarterTotals() {
        let roster = [
            RosterEntry(agentID: "x", hiredOn: day("2025-01-01"), terminatedOn: day("2026-02-15")),  // 31 + 14 days
            RosterEntry(agentID: "y", hiredOn: day("2026-01-01")),  // 90 days; tenure 89 on 03-31
        ]
        let planned: [Month: Double] = [month("2026-01"): 2, month("2026-03"): 4, month("2026-04"): 100]
        let totals = PartnershipCalculator.totals(
            roster: roster, plannedFTE: planned, engagement: [], period: period("2026-Q1"))
        #expect(close(totals.meanActiveAgents, 1.5))  // 135 ÷ 90
        #expect(totals.terminations == 1)
        #expect(totals.tenureDaysMedian == 89)
        #expect(totals.meanPlannedFTE == 3)
        #expect(totals.plannedMonths == 2)
        let metrics = MetricCalculator().programMetrics(for: period("2026-Q1"), partnership: totals)
        #expect(close(metrics[.staffingRatio]?.value, 50))
        #expect(close(metrics[.attritionRate]?.value, 200.0 / 3.0))
        #expect(close(metrics.attritionRateAnnualised, 800.0 / 3.0))  // × 12 ÷ 3
        #expect(metrics[.staffingRatio]?.n == 2)
    }

    @Test(
        "eNPS counts responses in the three months ending with the period's last month",
        arguments: [
            ("2026-03", 4, 25.0),  // Jan–Mar
            ("2026-Q1", 4, 25.0),  // same window
            ("2026-02", 3, 100.0 / 3.0),  // Dec–Feb: 10, 9, 6 → 2 promoters, 1 detractor
            ("2026-05", 3, 0.0),  // Mar–May: 7, 10, 0 → 1 promoter, 1 detractor
            ("2026-06", 1, -100.0),  // Apr–Jun: the 0 alone
        ])
    func enpsWindow(periodText: String, responses: Int, expected: Double) {
        let totals = PartnershipCalculator.totals(
            roster: [], plannedFTE: [:], engagement: Self.engagement, period: period(periodText))
        let metrics = MetricCalculator().programMetrics(for: period(periodText), partnership: totals)
        #expect(totals.enpsResponses == responses)
        #expect(close(metrics[.enps]?.value, expected))
    }

    @Test("an empty roster has no active agents, so no attrition or tenure value")
    func emptyRoster() {
        let totals = PartnershipCalculator.totals(
            roster: [], plannedFTE: [:], engagement: [], period: period("2026-03"))
        #expect(totals.meanActiveAgents == 0)
        #expect(totals.tenureDaysMedian == nil)
        let metrics = MetricCalculator().programMetrics(for: period("2026-03"), partnership: totals)
        #expect(metrics[.attritionRate]?.value == nil)
        #expect(metrics[.tenureDays]?.value == nil)
        #expect(metrics[.enps]?.value == nil)
    }

    @Test("a large roster over a year is summed per agent, not per agent-day")
    func largeRoster() {
        // 200,000 agents × 365 days would be 73 million steps per day-by-day loop.
        let roster = (0..<200_000).map { index in
            RosterEntry(agentID: "a\(index)", hiredOn: day("2025-07-01").adding(days: -(index % 365)))
        }
        let totals = PartnershipCalculator.totals(
            roster: roster, plannedFTE: [:], engagement: [], period: period("2026"))
        #expect(totals.activeOnLastDay == 200_000)
        #expect(totals.meanActiveAgents == 200_000)
    }
}
