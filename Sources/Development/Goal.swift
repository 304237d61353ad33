import GovernanceCore

/// Who a development goal is for.
public enum GoalScope: String, Sendable, Hashable, CaseIterable {
    /// One agent (scope id = agent id).
    case agent
    /// A team of the roster (scope id = team id); its value pools the team's agents' records.
    case team
}

/// Where a goal stands at the month it is evaluated for.
public enum GoalStatus: String, Sendable, Hashable {
    /// The value meets the target (within 1e-9).
    case achieved
    /// Not achieved, but progress keeps pace with the time elapsed.
    case onTrack = "on_track"
    /// Not achieved and progress lags the time elapsed.
    case atRisk = "at_risk"
    /// The due month is reached or past and the target is not met.
    case missed
    /// No value for the scope in the month evaluated (no records).
    case noData = "no_data"
}

/// How a goal's target compares with the program scorecard's target for the same metric.
public enum GoalAlignment: String, Sendable, Hashable {
    /// At least as demanding as the program target.
    case aligned
    /// Less demanding than the program target: meeting the goal would still miss the program.
    case misaligned
    /// The program's scorecard does not configure the metric, so there is nothing to roll up to.
    case notInScorecard = "not_in_scorecard"
}

/// A SMART goal: a catalog metric, a target value and a due date, for an agent or a team.
/// Its baseline and progress come from the metric data, never from the goal itself.
public struct Goal: Sendable, Hashable {
    /// An agent-level catalog metric; its direction comes from the catalog.
    public var metric: Metric
    /// The target value, in the metric's unit.
    public var target: Double
    /// The month whose value is the baseline (the goal runs from the day after its last day).
    public var baselineMonth: Month
    /// When the target is due.
    public var dueDate: LocalDate

    /// Creates a goal.
    public init(metric: Metric, target: Double, baselineMonth: Month, dueDate: LocalDate) {
        self.metric = metric
        self.target = target
        self.baselineMonth = baselineMonth
        self.dueDate = dueDate
    }
}

/// A goal's computed progress at one month.
public struct GoalProgress: Sendable, Hashable {
    /// The metric value of the baseline month, when there is one.
    public var baseline: Double?
    /// The metric value of the month evaluated, when there is one.
    public var current: Double?
    /// 100 × (current − baseline) ÷ (target − baseline), clamped to 0–100; `nil` without both values.
    public var progressPercent: Double?
    /// 100 × days elapsed ÷ days planned, clamped to 0–100.
    public var elapsedPercent: Double
    /// Where the goal stands.
    public var status: GoalStatus
}

/// Goal rules: progress, status and alignment with program targets.
///
/// ```swift
/// let goal = Goal(metric: .ahtSeconds, target: 360, baselineMonth: Month(year: 2026, month: 6), dueDate: due)
/// let progress = GoalRules.progress(goal, baseline: 400, current: 380, asOf: Month(year: 2026, month: 8))
/// progress.progressPercent  // 50: 20 of the 40 seconds to cut
/// ```
public enum GoalRules {
    /// Whether `value` meets `target` in the metric's direction (SPEC section 1 tolerance).
    public static func meets(_ value: Double, target: Double, direction: Direction) -> Bool {
        switch direction {
        case .up: return value >= target - boundTolerance
        case .down: return value <= target + boundTolerance
        }
    }

    /// Progress of `goal` evaluated at month `asOf` (its value is `current`, month to date).
    ///
    /// Progress is the share of the way from the baseline to the target that the current value has
    /// covered; a move away from the target counts 0, overshooting counts 100. When the baseline
    /// already meets the target, progress is 100 while the current value meets it, else 0.
    /// Elapsed time runs from the day after the baseline month to the due date, up to `asOf`'s last day.
    public static func progress(_ goal: Goal, baseline: Double?, current: Double?, asOf: Month) -> GoalProgress {
        let start = goal.baselineMonth.lastDay
        let planned = max(start.days(to: goal.dueDate), 1)
        let elapsedDays = min(max(start.days(to: asOf.lastDay), 0), planned)
        let elapsed = 100 * Double(elapsedDays) / Double(planned)
        let direction = goal.metric.direction
        var percent: Double?
        if let baseline, let current {
            if meets(baseline, target: goal.target, direction: direction) {
                percent = meets(current, target: goal.target, direction: direction) ? 100 : 0
            } else {
                percent = min(max(100 * (current - baseline) / (goal.target - baseline), 0), 100)
            }
        }
        let status: GoalStatus
        if let current {
            if meets(current, target: goal.target, direction: direction) {
                status = .achieved
            } else if asOf >= goal.dueDate.month {
                status = .missed
            } else if let percent, percent >= elapsed - boundTolerance {
                status = .onTrack
            } else {
                status = .atRisk
            }
        } else {
            status = asOf >= goal.dueDate.month ? .missed : .noData
        }
        return GoalProgress(
            baseline: baseline, current: current, progressPercent: percent, elapsedPercent: elapsed, status: status)
    }

    /// How a goal target rolls up to the program target of its metric (`nil`: not configured).
    public static func alignment(goalTarget: Double, programTarget: Double?, metric: Metric) -> GoalAlignment {
        guard let programTarget else { return .notInScorecard }
        return meets(goalTarget, target: programTarget, direction: metric.direction) ? .aligned : .misaligned
    }
}

/// The goals of one metric rolled up against the program target.
public struct GoalRollup: Sendable, Hashable {
    /// The metric rolled up.
    public var metric: Metric
    /// The program scorecard target it rolls up to; `nil` when not configured.
    public var programTarget: Double?
    /// Goals on the metric.
    public var goals: Int
    /// Goals achieved.
    public var achieved: Int
    /// Goals less demanding than the program target.
    public var misaligned: Int
    /// Mean progress of the goals that have one.
    public var meanProgressPercent: Double?

    /// Rolls up the goals of one metric: each goal's alignment (judged against the program target
    /// in force at its due month) and progress.
    public static func make(
        metric: Metric, programTarget: Double?, goals: [(alignment: GoalAlignment, progress: GoalProgress)]
    ) -> GoalRollup {
        let progress = goals.compactMap(\.progress.progressPercent)
        return GoalRollup(
            metric: metric, programTarget: programTarget, goals: goals.count,
            achieved: goals.filter { $0.progress.status == .achieved }.count,
            misaligned: goals.filter { $0.alignment == .misaligned }.count,
            meanProgressPercent: progress.isEmpty ? nil : progress.reduce(0, +) / Double(progress.count))
    }
}
