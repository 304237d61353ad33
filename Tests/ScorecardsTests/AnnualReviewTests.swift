import GovernanceCore
import GovernanceTestSupport
import Scorecards
import Testing

@Suite("Annual review")
struct AnnualReviewTests {
    @Test("annual composite is weighted by answered; the slope is fitted over month numbers")
    func weightedAndSlope() {
        let review = AnnualReview(
            year: 2026,
            months: [
                MonthlyComposite(month: month("2026-01"), composite: 60, answered: 100),
                MonthlyComposite(month: month("2026-02"), composite: nil, answered: 80),  // skipped
                MonthlyComposite(month: month("2026-03"), composite: 70, answered: 300),
                MonthlyComposite(month: month("2026-04"), composite: 80, answered: 0),  // weighs 0, still a point
            ])
        #expect(review.months.map(\.month) == [month("2026-01"), month("2026-03"), month("2026-04")])
        #expect(close(review.annualComposite, 67.5))  // (60 × 100 + 70 × 300) ÷ 400
        // Points (1, 60), (3, 70), (4, 80): Sxy = 30, Sxx = 14/3 → 90/14 (numpy.polyfit: 6.42857143).
        #expect(close(review.slope, 90.0 / 14.0))
        #expect(review.trajectory == .improving)
    }

    @Test(
        "trajectory: improving at slope ≥ 1, declining at ≤ −1, else steady",
        arguments: [
            (70.0, 71.0, Trajectory.improving),  // slope exactly 1
            (70.0, 70.5, .steady),
            (70.0, 69.0, .declining),  // exactly −1
            (70.0, 69.5, .steady),
            (90.0, 60.0, .declining),
        ])
    func trajectory(january: Double, february: Double, expected: Trajectory) {
        let review = AnnualReview(
            year: 2026,
            months: [
                MonthlyComposite(month: month("2026-01"), composite: january, answered: 1),
                MonthlyComposite(month: month("2026-02"), composite: february, answered: 1),
            ])
        #expect(close(review.slope, february - january))
        #expect(review.trajectory == expected)
    }

    @Test("one month with a composite has no slope and no trajectory")
    func oneMonth() {
        let review = AnnualReview(
            year: 2026,
            months: [
                MonthlyComposite(month: month("2026-05"), composite: 64, answered: 20),
                MonthlyComposite(month: month("2026-06"), composite: nil, answered: 20),
            ])
        #expect(review.slope == nil)
        #expect(review.trajectory == nil)
        #expect(review.annualComposite == 64)
    }

    @Test("when every month answered nothing there is no annual composite")
    func zeroWeights() {
        let review = AnnualReview(
            year: 2026,
            months: [
                MonthlyComposite(month: month("2026-01"), composite: 60, answered: 0),
                MonthlyComposite(month: month("2026-12"), composite: 82, answered: 0),
            ])
        #expect(review.annualComposite == nil)
        #expect(close(review.slope, 2))  // (82 − 60) ÷ (12 − 1)
    }

    @Test("the 12 months ending at a month number from the window's first month")
    func rollingWindow() {
        let review = AnnualReview(
            endingAt: month("2026-03"),
            months: [
                MonthlyComposite(month: month("2025-03"), composite: 0, answered: 1000),  // outside the window
                MonthlyComposite(month: month("2025-04"), composite: 50, answered: 10),  // month number 1
                MonthlyComposite(month: month("2026-03"), composite: 72, answered: 30),  // month number 12
            ])
        #expect(review.firstMonth == month("2025-04"))
        #expect(review.months.count == 2)
        #expect(close(review.slope, 2))  // 22 ÷ 11
        #expect(close(review.annualComposite, 66.5))  // (500 + 2160) ÷ 40
        #expect(review.trajectory == .improving)
    }
}
