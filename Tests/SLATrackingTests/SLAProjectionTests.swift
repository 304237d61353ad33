import GovernanceCore
import SLATracking
import Scorecards
import Testing

/// In-month projection (SPEC section 6), D = 30: R = denominator ÷ d × (30 − d),
/// required = (minimum × (denominator + R) − 100 × numerator) ÷ R.
@Suite("SLA in-month projection (SPEC section 6)")
struct SLAProjectionTests {
    static let up = ServiceLevelAgreement(
        metric: .serviceLevel, minimum: 80, expected: nil, severity: .critical, allocationPct: 40)
    static let down = ServiceLevelAgreement(
        metric: .abandonRate, minimum: 5, expected: nil, severity: .critical, allocationPct: 30)

    @Test(
        "required value and status at day 1 and day D−1",
        arguments: [
            // up, day 1: 70/100, R = 2,900: (80 × 3,000 − 7,000) ÷ 2,900 = 80.344827…
            (true, 70.0, 100.0, 1, 2_900.0, 233_000.0 / 2_900, ProjectionStatus.reachable),
            // up, day 29: 2,000/2,900, R = 100: (240,000 − 200,000) ÷ 100 = 400
            (true, 2_000, 2_900, 29, 100, 400, .unreachable),
            // up, day 29: 2,800/2,900: (240,000 − 280,000) ÷ 100 = −400
            (true, 2_800, 2_900, 29, 100, -400, .secured),
            // down, day 1: 2/100, R = 2,900: (5 × 3,000 − 200) ÷ 2,900 = 5.103448…
            (false, 2, 100, 1, 2_900, 14_800.0 / 2_900, .reachable),
            // down, day 29: 100/2,900: (15,000 − 10,000) ÷ 100 = 50
            (false, 100, 2_900, 29, 100, 50, .reachable),
            // down, day 29: 50/2,900: (15,000 − 5,000) ÷ 100 = 100: even 100 % abandons end at 5
            (false, 50, 2_900, 29, 100, 100, .secured),
            // down, day 29: 200/2,900: (15,000 − 20,000) ÷ 100 = −50
            (false, 200, 2_900, 29, 100, -50, .unreachable),
        ])
    func projection(
        up: Bool, numerator: Double, denominator: Double, day: Int, remaining: Double, required: Double,
        status: ProjectionStatus
    ) throws {
        let p = SLAProjection(
            agreement: up ? Self.up : Self.down,
            monthToDate: RatioFraction(numerator: numerator, denominator: denominator), day: day, daysInMonth: 30)
        #expect(p.status == status)
        #expect(abs(p.remainingDenominator - remaining) < 1e-9)
        #expect(abs(try #require(p.required) - required) < 1e-6)
    }

    @Test("no denominator yet is no_data; a complete month is final (secured or unreachable)")
    func edges() {
        let empty = SLAProjection(
            agreement: Self.up, monthToDate: RatioFraction(numerator: 0, denominator: 0), day: 5, daysInMonth: 30)
        #expect(empty.status == .noData)
        #expect(empty.required == nil)
        let done = SLAProjection(
            agreement: Self.up, monthToDate: RatioFraction(numerator: 79, denominator: 100), day: 30, daysInMonth: 30)
        #expect(done.status == .unreachable)
        let doneMet = SLAProjection(
            agreement: Self.down, monthToDate: RatioFraction(numerator: 5, denominator: 100), day: 30, daysInMonth: 30)
        #expect(doneMet.status == .secured)
    }

    @Test("ratio fractions match the metric calculator: exclude_short_abandons 72 ÷ (90 + 10 − 4)")
    func fractions() throws {
        let totals = InteractionTotals(
            offered: 100, answered: 90, abandoned: 10, answeredWithinThreshold: 72, abandonedWithinThreshold: 4,
            fcrEligible: 50, fcrResolved: 40, surveys: 20, surveysSatisfied: 15)
        let evaluations = EvaluationTotals(evaluations: 8, compliancePassed: 6)
        let sl = try #require(
            RatioFraction.of(.serviceLevel, interactions: totals, evaluations: evaluations, formula: .excludeShortAbandons))
        #expect(sl == RatioFraction(numerator: 72, denominator: 96))
        let metrics = MetricCalculator(serviceLevelFormula: .excludeShortAbandons)
            .programMetrics(for: .month(Month(year: 2026, month: 1)), interactions: totals, evaluations: evaluations)
        for metric in [Metric.serviceLevel, .abandonRate, .fcrRate, .csat, .complianceRate] {
            let fraction = try #require(
                RatioFraction.of(metric, interactions: totals, evaluations: evaluations, formula: .excludeShortAbandons))
            #expect(abs(try #require(fraction.value) - (try #require(metrics[metric]?.value))) < 1e-9, "\(metric)")
        }
        #expect(RatioFraction.of(.ahtSeconds, interactions: totals, evaluations: evaluations, formula: .offered) == nil)
    }
}
