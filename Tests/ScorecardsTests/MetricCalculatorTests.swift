import GovernanceCore
import GovernanceTestSupport
import Scorecards
import Testing

/// One month of a program, with round numbers so each metric is easy to check by hand.
private enum March {
    static let period = Period.month(Month(year: 2026, month: 3))
    static let interactions = InteractionTotals(
        offered: 100, answered: 90, abandoned: 10, answeredWithinThreshold: 72, abandonedWithinThreshold: 4,
        realTimeAnswered: 80, realTimeWaitSum: 1600, handleSum: 27000, fcrEligible: 40, fcrResolved: 30,
        surveys: 12, surveysSatisfied: 9)
    static let evaluations = EvaluationTotals(
        evaluations: 3, qualityScored: 3, qualityScoreSum: 255, compliancePassed: 2)
    static let agentDays = AgentDayTotals(
        agentDays: 5, scheduledSeconds: 36000, availableSeconds: 9000, adherentSeconds: 27000)
    static let partnership = PartnershipTotals(
        meanActiveAgents: 40, terminations: 2, tenureDaysMedian: 400.5, activeOnLastDay: 4, meanPlannedFTE: 50,
        plannedMonths: 1, enpsResponses: 10, enpsPromoters: 5, enpsDetractors: 2)
    static var reported: ReportedValues {
        var reported = ReportedValues()
        reported.setProgramCost(27000, in: Month(year: 2026, month: 3))
        return reported
    }

    static func metrics(_ calculator: MetricCalculator = MetricCalculator()) -> MetricSet {
        calculator.programMetrics(
            for: period, interactions: interactions, evaluations: evaluations, agentDays: agentDays,
            partnership: partnership, reported: reported)
    }
}

@Suite("Metric calculator")
struct MetricCalculatorTests {
    @Test(
        "each catalog metric follows its SPEC formula and n",
        arguments: [
            (Metric.serviceLevel, 75.0, 96),  // 72 ÷ (90 + 10 − 4)
            (.asaSeconds, 20.0, 80),  // 1600 ÷ 80
            (.abandonRate, 10.0, 100),  // 10 ÷ 100
            (.qaScore, 85.0, 3),  // 255 ÷ 3
            (.complianceRate, 200.0 / 3.0, 3),  // 2 ÷ 3
            (.fcrRate, 75.0, 40),  // 30 ÷ 40
            (.csat, 75.0, 12),  // 9 ÷ 12
            (.ahtSeconds, 300.0, 90),  // 27000 ÷ 90
            (.occupancy, 75.0, 95),  // 27000 ÷ (27000 + 9000); n = 90 answered + 5 agent days
            (.adherence, 75.0, 5),  // 27000 ÷ 36000
            (.costPerContact, 300.0, 90),  // 27000 ÷ 90
            (.staffingRatio, 80.0, 1),  // 40 ÷ 50
            (.attritionRate, 5.0, 40),  // 2 ÷ 40
            (.tenureDays, 400.5, 4),
            (.enps, 30.0, 10),  // 50 % − 20 %
        ])
    func catalogFormula(metric: Metric, expected: Double, n: Int) throws {
        let value = try #require(March.metrics()[metric])
        #expect(close(value.value, expected))
        #expect(value.n == n)
        #expect(value.source == .computed)
        #expect(value.insufficientSample == false)
    }

    @Test("a program metric set has one entry per catalog metric")
    func everyMetricPresent() {
        #expect(Set(March.metrics().values.keys) == Set(Metric.allCases))
    }

    @Test(
        "service level follows the program's formula",
        arguments: [
            // (formula, offered, answered, abandoned, answered ≤ T, abandoned ≤ T, value, n)
            (ServiceLevelFormula.excludeShortAbandons, 100, 90, 10, 72, 4, 75.0 as Double?, 96),
            (.offered, 100, 90, 10, 72, 4, 72.0, 100),
            (.shortAbandonsMet, 100, 90, 10, 72, 4, 76.0, 100),
            // all abandoned, 2 of 5 within T
            (.excludeShortAbandons, 5, 0, 5, 0, 2, 0.0, 3),
            (.offered, 5, 0, 5, 0, 2, 0.0, 5),
            (.shortAbandonsMet, 5, 0, 5, 0, 2, 40.0, 5),
            // all abandoned within T: the default formula has a zero denominator
            (.excludeShortAbandons, 5, 0, 5, 0, 5, nil, 0),
            (.shortAbandonsMet, 5, 0, 5, 0, 5, 100.0, 5),
            // nothing offered
            (.excludeShortAbandons, 0, 0, 0, 0, 0, nil, 0),
            (.offered, 0, 0, 0, 0, 0, nil, 0),
            (.shortAbandonsMet, 0, 0, 0, 0, 0, nil, 0),
        ])
    func serviceLevel(
        formula: ServiceLevelFormula, offered: Int, answered: Int, abandoned: Int, answeredWithin: Int,
        abandonedWithin: Int, expected: Double?, n: Int
    ) throws {
        let totals = InteractionTotals(
            offered: offered, answered: answered, abandoned: abandoned, answeredWithinThreshold: answeredWithin,
            abandonedWithinThreshold: abandonedWithin)
        let metrics = MetricCalculator(serviceLevelFormula: formula).programMetrics(
            for: March.period, interactions: totals)
        let value = try #require(metrics[.serviceLevel])
        #expect(close(value.value, expected))
        #expect(value.n == n)
        #expect(value.source == (expected == nil ? nil : .computed))
    }

    @Test("no records at all give no value for any metric, never zero")
    func zeroDenominators() {
        let metrics = MetricCalculator().programMetrics(for: March.period)
        for metric in Metric.allCases {
            #expect(metrics[metric]?.value == nil, "\(metric.rawValue)")
            #expect(metrics[metric]?.source == nil, "\(metric.rawValue)")
            #expect(metrics[metric]?.insufficientSample == false, "\(metric.rawValue)")
        }
        #expect(metrics.attritionRateAnnualised == nil)
    }

    @Test("all abandoned: abandon rate 100, no ASA and no AHT")
    func allAbandoned() {
        let totals = InteractionTotals(offered: 4, abandoned: 4, abandonedWithinThreshold: 1)
        let metrics = MetricCalculator().programMetrics(for: March.period, interactions: totals)
        #expect(close(metrics[.abandonRate]?.value, 100))
        #expect(metrics[.asaSeconds]?.value == nil)
        #expect(metrics[.ahtSeconds]?.value == nil)
        #expect(metrics[.fcrRate]?.value == nil)
        #expect(close(metrics[.serviceLevel]?.value, 0))  // 0 ÷ (0 + 3)
    }

    @Test(
        "a zero numerator is a value of 0, a zero denominator is no value",
        arguments: [
            // (handle, available, scheduled, adherent, agent days, occupancy, adherence)
            (0.0, 3600.0, 28800.0, 0.0, 1, 0.0 as Double?, 0.0 as Double?),
            (0.0, 0.0, 0.0, 0.0, 1, nil, nil),
            (1800.0, 0.0, 0.0, 0.0, 0, 100.0, nil),
        ])
    func occupancyAndAdherenceDenominators(
        handle: Double, available: Double, scheduled: Double, adherent: Double, days: Int, occupancy: Double?,
        adherence: Double?
    ) {
        let metrics = MetricCalculator().agentMetrics(
            agentID: "a1", for: March.period,
            interactions: InteractionTotals(offered: 1, answered: 1, handleSum: handle),
            agentDays: AgentDayTotals(
                agentDays: days, scheduledSeconds: scheduled, availableSeconds: available, adherentSeconds: adherent))
        #expect(close(metrics[.occupancy]?.value, occupancy))
        #expect(close(metrics[.adherence]?.value, adherence))
    }

    @Test(
        "min_sample: n below the default is insufficient, n at it is not",
        arguments: [
            (Metric.csat, 9, true), (.csat, 10, false),
            (.fcrRate, 19, true), (.fcrRate, 20, false),
            (.ahtSeconds, 19, true), (.ahtSeconds, 20, false),
            (.qaScore, 1, true), (.qaScore, 2, false),
            (.complianceRate, 1, true), (.complianceRate, 2, false),
            (.adherence, 1, false), (.serviceLevel, 1, false),
        ])
    func minSampleBoundary(metric: Metric, n: Int, insufficient: Bool) throws {
        let interactions = InteractionTotals(
            offered: n, answered: n, answeredWithinThreshold: n, handleSum: 300 * Double(n), fcrEligible: n,
            fcrResolved: n, surveys: n, surveysSatisfied: n)
        let evaluations = EvaluationTotals(
            evaluations: n, qualityScored: n, qualityScoreSum: 90 * Double(n), compliancePassed: n)
        let agentDays = AgentDayTotals(agentDays: n, scheduledSeconds: 28800, adherentSeconds: 28800)
        let metrics = MetricCalculator().programMetrics(
            for: March.period, interactions: interactions, evaluations: evaluations, agentDays: agentDays)
        let value = try #require(metrics[metric])
        #expect(value.value != nil)
        #expect(value.n == n)
        #expect(value.insufficientSample == insufficient)
        #expect(value.source == .computed)
    }

    @Test("an architecture override of min_sample replaces the default")
    func minSampleOverride() {
        let calculator = MetricCalculator(minSample: MinSampleRules(overrides: [.csat: 30]))
        #expect(March.metrics(calculator)[.csat]?.insufficientSample == true)  // 12 surveys < 30
        #expect(March.metrics()[.csat]?.insufficientSample == false)  // 12 ≥ 10
    }

    @Test(
        "attrition's n is a mean head count, compared to min_sample with the 1e-9 tolerance",
        arguments: [
            (0.5, true, 0),
            (1 - 1e-8, true, 0),
            (1 - 1e-10, false, 1),
            (1.0, false, 1),
            (12.6, false, 12),
        ])
    func attritionSample(meanActive: Double, insufficient: Bool, n: Int) throws {
        let partnership = PartnershipTotals(meanActiveAgents: meanActive, terminations: 1)
        let value = try #require(
            MetricCalculator().programMetrics(for: March.period, partnership: partnership)[.attritionRate])
        #expect(close(value.value, 100 / meanActive))
        #expect(value.insufficientSample == insufficient)
        #expect(value.n == n)
        #expect(value.sampleSize == meanActive)
    }

    @Test("a reported value fills in when the records give none, and is never insufficient")
    func reportedFallback() throws {
        var reported = ReportedValues()
        reported.set(.serviceLevel, 78.5, in: Month(year: 2026, month: 3))
        reported.set(.csat, 91, in: Month(year: 2026, month: 3))
        let metrics = MetricCalculator().programMetrics(for: March.period, reported: reported)
        let serviceLevel = try #require(metrics[.serviceLevel])
        #expect(serviceLevel.value == 78.5)
        #expect(serviceLevel.source == .reported)
        #expect(serviceLevel.insufficientSample == false)
        #expect(serviceLevel.n == 0)
        #expect(metrics[.csat]?.source == .reported)
        #expect(metrics[.csat]?.insufficientSample == false)
    }

    @Test("a computed value wins over a reported one, even with an insufficient sample")
    func computedWins() throws {
        var reported = ReportedValues()
        reported.set(.serviceLevel, 78.5, in: Month(year: 2026, month: 3))
        reported.set(.csat, 90, in: Month(year: 2026, month: 3))
        let interactions = InteractionTotals(
            offered: 100, answered: 90, abandoned: 10, answeredWithinThreshold: 72, abandonedWithinThreshold: 4,
            surveys: 5, surveysSatisfied: 4)
        let metrics = MetricCalculator().programMetrics(
            for: March.period, interactions: interactions, reported: reported)
        #expect(close(metrics[.serviceLevel]?.value, 75))
        #expect(metrics[.serviceLevel]?.source == .computed)
        #expect(metrics[.serviceLevel]?.reported == 78.5)
        let csat = try #require(metrics[.csat])
        #expect(close(csat.value, 80))  // 4 of 5, not the reported 90
        #expect(csat.source == .computed)
        #expect(csat.insufficientSample)
    }

    @Test(
        "for a quarter a reported-only metric is the mean of its monthly reported values",
        arguments: [
            ([1: 70.0, 2: 80.0], 75.0 as Double?),
            ([1: 70.0, 2: 80.0, 3: 84.0], 78.0),
            ([3: 84.0, 4: 10.0], 84.0),  // April is outside Q1
            ([4: 10.0], nil),
        ])
    func quarterMeanOfReported(monthly: [Int: Double], expected: Double?) {
        var reported = ReportedValues()
        for (monthNumber, value) in monthly {
            reported.set(.serviceLevel, value, in: Month(year: 2026, month: monthNumber))
        }
        let metrics = MetricCalculator().programMetrics(for: .quarter(year: 2026, quarter: 1), reported: reported)
        #expect(close(metrics[.serviceLevel]?.value, expected))
        #expect(metrics[.serviceLevel]?.source == (expected == nil ? nil : .reported))
    }

    @Test(
        "cost per contact divides the period's reported program cost by answered",
        arguments: [
            // (period, program cost per month, reported cost_per_contact per month, answered, value, source)
            ("2026-03", [3: 30000.0], [Int: Double](), 1500, 20.0 as Double?, MetricSource.computed as MetricSource?),
            ("2026-Q1", [1: 30000.0, 2: 30000.0], [:], 4000, 15.0, .computed),  // March has no cost: 60000 ÷ 4000
            ("2026-03", [:], [3: 4.2], 1500, 4.2, .reported),
            ("2026-03", [3: 30000.0], [3: 25.0], 1500, 20.0, .computed),
            ("2026-03", [3: 30000.0], [:], 0, nil, nil),
            ("2026-03", [2: 30000.0], [:], 1500, nil, nil),  // February's cost is not March's
        ])
    func costPerContact(
        periodText: String, costs: [Int: Double], reportedCPC: [Int: Double], answered: Int, expected: Double?,
        source: MetricSource?
    ) throws {
        var reported = ReportedValues()
        for (monthNumber, cost) in costs { reported.setProgramCost(cost, in: Month(year: 2026, month: monthNumber)) }
        for (monthNumber, value) in reportedCPC {
            reported.set(.costPerContact, value, in: Month(year: 2026, month: monthNumber))
        }
        let metrics = MetricCalculator().programMetrics(
            for: period(periodText), interactions: InteractionTotals(offered: answered, answered: answered),
            reported: reported)
        let value = try #require(metrics[.costPerContact])
        #expect(close(value.value, expected))
        #expect(value.source == source)
        #expect(value.n == answered)
    }

    @Test(
        "attrition sums terminations over the period and annualises × 12 ÷ months",
        arguments: [
            ("2026-03", 2, 5.0, 60.0),
            ("2026-Q1", 6, 15.0, 60.0),
            ("2026", 12, 30.0, 30.0),
        ])
    func attritionAnnualised(periodText: String, terminations: Int, rate: Double, annualised: Double) {
        let partnership = PartnershipTotals(meanActiveAgents: 40, terminations: terminations)
        let metrics = MetricCalculator().programMetrics(for: period(periodText), partnership: partnership)
        #expect(close(metrics[.attritionRate]?.value, rate))
        #expect(close(metrics.attritionRateAnnualised, annualised))
    }

    @Test("a reported-only attrition rate is a monthly figure, annualised × 12")
    func reportedAttritionAnnualised() {
        var reported = ReportedValues()
        reported.set(.attritionRate, 2, in: Month(year: 2026, month: 1))
        reported.set(.attritionRate, 4, in: Month(year: 2026, month: 2))
        let metrics = MetricCalculator().programMetrics(for: .quarter(year: 2026, quarter: 1), reported: reported)
        #expect(close(metrics[.attritionRate]?.value, 3))
        #expect(metrics[.attritionRate]?.source == .reported)
        #expect(close(metrics.attritionRateAnnualised, 36))
    }

    @Test(
        "partnership metrics without their inputs have no value",
        arguments: [
            (Metric.staffingRatio, PartnershipTotals(meanActiveAgents: 4, meanPlannedFTE: nil)),
            (.staffingRatio, PartnershipTotals(meanActiveAgents: 4, meanPlannedFTE: 0, plannedMonths: 1)),
            (.attritionRate, PartnershipTotals(meanActiveAgents: 0, terminations: 1)),
            (.tenureDays, PartnershipTotals(meanActiveAgents: 4, tenureDaysMedian: nil, activeOnLastDay: 0)),
            (.enps, PartnershipTotals(meanActiveAgents: 4, enpsResponses: 0)),
        ])
    func partnershipWithoutInputs(metric: Metric, totals: PartnershipTotals) {
        let metrics = MetricCalculator().programMetrics(for: March.period, partnership: totals)
        #expect(metrics[metric]?.value == nil)
    }

    @Test("staffing ratio of 0 active agents against a plan is 0, not missing")
    func staffingZero() {
        let totals = PartnershipTotals(meanActiveAgents: 0, meanPlannedFTE: 12, plannedMonths: 1)
        let metrics = MetricCalculator().programMetrics(for: March.period, partnership: totals)
        #expect(metrics[.staffingRatio]?.value == 0)
        #expect(metrics[.staffingRatio]?.n == 1)
    }

    @Test("an agent's metric set holds exactly the seven agent-level metrics and no reported values")
    func agentScope() throws {
        let metrics = MetricCalculator().agentMetrics(
            agentID: "ag-7", for: March.period, interactions: March.interactions, evaluations: March.evaluations,
            agentDays: March.agentDays)
        #expect(metrics.scope == .agent("ag-7"))
        #expect(
            Set(metrics.values.keys)
                == [.qaScore, .complianceRate, .fcrRate, .csat, .ahtSeconds, .occupancy, .adherence])
        #expect(close(metrics[.ahtSeconds]?.value, 300))
        #expect(close(metrics[.occupancy]?.value, 75))
        #expect(metrics.attritionRateAnnualised == nil)
    }

    @Test("qa_score averages scored evaluations but its n counts every evaluation")
    func qaScoreSample() throws {
        // Two evaluations, one answered only hard-fail items: mean over the one scored, n = 2.
        let evaluations = EvaluationTotals(evaluations: 2, qualityScored: 1, qualityScoreSum: 80, compliancePassed: 1)
        let value = try #require(
            MetricCalculator().programMetrics(for: March.period, evaluations: evaluations)[.qaScore])
        #expect(close(value.value, 80))
        #expect(value.n == 2)
        #expect(value.insufficientSample == false)
    }
}
