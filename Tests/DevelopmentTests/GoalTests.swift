import Development
import GovernanceCore
import Testing

@Suite("Goal progress and alignment")
struct GoalTests {
    static let june = Month(year: 2026, month: 6)
    // Baseline month June (last day 06-30), due 2026-09-30: 92 days planned.
    static let due = LocalDate(year: 2026, month: 9, day: 30)!

    @Test(
        "progress is the share of the way from baseline to target, in the metric's direction",
        arguments: [
            // metric, target, baseline, current, as-of month, progress %, status
            (Metric.qaScore, 80.0, 70.0, 75.0, 8, 50.0, GoalStatus.atRisk),  // 62 of 92 days = 67.39 % elapsed > 50 %
            (Metric.ahtSeconds, 360.0, 400.0, 380.0, 7, 50.0, GoalStatus.onTrack),  // 31 of 92 days = 33.70 %
            (Metric.ahtSeconds, 360.0, 400.0, 410.0, 7, 0.0, GoalStatus.atRisk),  // moved away: 0
            (Metric.qaScore, 80.0, 70.0, 85.0, 7, 100.0, GoalStatus.achieved),  // overshoot counts 100
            (Metric.ahtSeconds, 360.0, 400.0, 359.0, 8, 100.0, GoalStatus.achieved),
            (Metric.qaScore, 80.0, 70.0, 79.0, 9, 90.0, GoalStatus.missed),  // due month reached, not met
        ])
    func progress(
        metric: Metric, target: Double, baseline: Double, current: Double, month: Int, expected: Double, status: GoalStatus
    ) {
        let goal = Goal(metric: metric, target: target, baselineMonth: Self.june, dueDate: Self.due)
        let result = GoalRules.progress(goal, baseline: baseline, current: current, asOf: Month(year: 2026, month: month))
        #expect(abs((result.progressPercent ?? -1) - expected) < 1e-9)
        #expect(result.status == status)
    }

    @Test("elapsed time runs from the baseline month's last day to the due date")
    func elapsed() {
        let goal = Goal(metric: .csat, target: 90, baselineMonth: Self.june, dueDate: Self.due)
        let july = GoalRules.progress(goal, baseline: 80, current: 84, asOf: Month(year: 2026, month: 7))
        #expect(abs(july.elapsedPercent - 100 * 31.0 / 92.0) < 1e-9)
        #expect(abs((july.progressPercent ?? 0) - 40) < 1e-9)
        #expect(july.status == .onTrack)  // 40 ≥ 33.70
    }

    @Test("without a current value the goal has no data until its due month, then it is missed")
    func noData() {
        let goal = Goal(metric: .csat, target: 90, baselineMonth: Self.june, dueDate: Self.due)
        #expect(GoalRules.progress(goal, baseline: 80, current: nil, asOf: Month(year: 2026, month: 7)).status == .noData)
        #expect(GoalRules.progress(goal, baseline: 80, current: nil, asOf: Month(year: 2026, month: 9)).status == .missed)
        #expect(GoalRules.progress(goal, baseline: nil, current: 85, asOf: Month(year: 2026, month: 7)).progressPercent == nil)
    }

    @Test("a baseline already meeting the target gives 100 while the current value meets it, else 0")
    func baselineMeetsTarget() {
        let goal = Goal(metric: .ahtSeconds, target: 360, baselineMonth: Self.june, dueDate: Self.due)
        #expect(GoalRules.progress(goal, baseline: 350, current: 355, asOf: Month(year: 2026, month: 7)).progressPercent == 100)
        #expect(GoalRules.progress(goal, baseline: 350, current: 365, asOf: Month(year: 2026, month: 7)).progressPercent == 0)
    }

    @Test(
        "a goal less demanding than the program target is misaligned",
        arguments: [
            (Metric.qaScore, 78.0, 80.0 as Double?, GoalAlignment.misaligned),
            (Metric.qaScore, 80.0, 80.0, GoalAlignment.aligned),
            (Metric.qaScore, 85.0, 80.0, GoalAlignment.aligned),
            (Metric.ahtSeconds, 380.0, 360.0, GoalAlignment.misaligned),  // down: 380 s is easier than 360 s
            (Metric.ahtSeconds, 340.0, 360.0, GoalAlignment.aligned),
            (Metric.csat, 90.0, nil, GoalAlignment.notInScorecard),
        ])
    func alignment(metric: Metric, goalTarget: Double, programTarget: Double?, expected: GoalAlignment) {
        #expect(GoalRules.alignment(goalTarget: goalTarget, programTarget: programTarget, metric: metric) == expected)
    }

    @Test("the roll-up counts goals, achievements and misaligned goals and averages progress")
    func rollup() {
        let goal = Goal(metric: .qaScore, target: 80, baselineMonth: Self.june, dueDate: Self.due)
        let july = Month(year: 2026, month: 7)
        let a = GoalRules.progress(goal, baseline: 70, current: 75, asOf: july)  // 50
        let b = GoalRules.progress(goal, baseline: 70, current: 81, asOf: july)  // 100, achieved
        let rollup = GoalRollup.make(metric: .qaScore, programTarget: 82, goals: [(.misaligned, a), (.misaligned, b)])
        #expect(rollup.goals == 2)
        #expect(rollup.achieved == 1)
        #expect(rollup.misaligned == 2)
        #expect(abs((rollup.meanProgressPercent ?? 0) - 75) < 1e-9)
    }
}
