import GovernanceCore
import Scorecards

/// One step of a Kaplan–Meier curve: the survival just after `days`.
public struct SurvivalPoint: Sendable, Hashable {
    /// Days since hire at which terminations happened.
    public var days: Int
    /// Share of the cohort still employed `days` days after hire, S(days) = P(T > days).
    public var survival: Double
    /// Agents still employed and observed at `days` (the risk set).
    public var atRisk: Int
    /// Terminations at exactly `days` days after hire.
    public var events: Int

    /// Creates a point.
    public init(days: Int, survival: Double, atRisk: Int, events: Int) {
        self.days = days
        self.survival = survival
        self.atRisk = atRisk
        self.events = events
    }
}

/// One agent's time on the roster for a survival analysis.
public struct SurvivalObservation: Sendable, Hashable {
    /// Days from `hired_on` to `terminated_on` (an event), or to the as-of date (censored).
    public var days: Int
    /// Whether the agent left (`true`) or is still employed at the as-of date (`false`, censored).
    public var terminated: Bool

    /// Creates an observation.
    public init(days: Int, terminated: Bool) {
        self.days = days
        self.terminated = terminated
    }
}

/// The Kaplan–Meier product-limit estimator.
///
/// T is the number of days an agent stays: an agent is employed `t` days after hire when
/// `terminated_on > hired_on + t`, so S(t) = P(T > t). A censored agent (still employed at the
/// as-of date, `c` days after hire) is known to have T > c and stays in the risk set of every
/// event time ≤ c (including one equal to c, the usual convention).
///
/// ```swift
/// let curve = KaplanMeier.curve([.init(days: 10, terminated: true), .init(days: 40, terminated: false)])
/// KaplanMeier.survival(at: 30, curve: curve, observations: observations)  // 0.5
/// ```
public enum KaplanMeier {
    /// The curve's steps, one per distinct event time, in increasing order.
    public static func curve(_ observations: [SurvivalObservation]) -> [SurvivalPoint] {
        let eventTimes = Set(observations.filter(\.terminated).map(\.days)).sorted()
        var survival = 1.0
        var points: [SurvivalPoint] = []
        points.reserveCapacity(eventTimes.count)
        for time in eventTimes {
            let atRisk = observations.count(where: { $0.days >= time })
            let events = observations.count(where: { $0.terminated && $0.days == time })
            guard atRisk > 0 else { continue }
            survival *= 1 - Double(events) / Double(atRisk)
            points.append(SurvivalPoint(days: time, survival: survival, atRisk: atRisk, events: events))
        }
        return points
    }

    /// S(`days`); `nil` when no agent of the cohort was followed that long (the curve does not
    /// reach that far yet) unless the curve has already fallen to 0.
    public static func survival(at days: Int, curve: [SurvivalPoint], observations: [SurvivalObservation]) -> Double? {
        let value = curve.last(where: { $0.days <= days })?.survival ?? 1
        if value == 0 { return 0 }
        guard let longest = observations.map(\.days).max(), longest >= days else { return nil }
        return value
    }
}

/// A hire cohort's retention: the agents hired in one calendar quarter.
public struct RetentionCohort: Sendable, Hashable {
    /// The hire quarter, e.g. `2026-Q1`.
    public var quarter: Period
    /// Agents hired in the quarter (on or before the as-of date).
    public var hires: Int
    /// Of those, agents terminated on or before the as-of date.
    public var terminations: Int
    /// The Kaplan–Meier steps.
    public var curve: [SurvivalPoint]
    /// S(t) at each of ``RetentionAnalysis/marks`` (in that order); `nil` where the cohort has not
    /// been followed that long.
    public var survivalAtMarks: [Double?]

    /// Creates a cohort.
    public init(quarter: Period, hires: Int, terminations: Int, curve: [SurvivalPoint], survivalAtMarks: [Double?]) {
        self.quarter = quarter
        self.hires = hires
        self.terminations = terminations
        self.curve = curve
        self.survivalAtMarks = survivalAtMarks
    }
}

/// Retention curves by quarter of hire, so "our new hires leave by day 60" is visible.
public enum RetentionAnalysis {
    /// The days after hire at which the share still employed is reported.
    public static let marks = [30, 90, 180, 365]

    /// One cohort per quarter of hire that has hires on or before `asOf`, oldest first.
    /// - Parameters:
    ///   - roster: The roster rows (any programs the caller chose).
    ///   - asOf: The last day observed: later terminations are not known yet (censored), later hires
    ///     are left out.
    public static func cohorts(roster: [RosterEntry], asOf: LocalDate) -> [RetentionCohort] {
        var byQuarter: [Period: [SurvivalObservation]] = [:]
        for entry in roster where entry.hiredOn <= asOf {
            let month = entry.hiredOn.month
            let quarter = Period.quarter(year: month.year, quarter: (month.month - 1) / 3 + 1)
            let observation: SurvivalObservation
            if let end = entry.terminatedOn, end <= asOf {
                observation = SurvivalObservation(days: entry.hiredOn.days(to: end), terminated: true)
            } else {
                observation = SurvivalObservation(days: entry.hiredOn.days(to: asOf), terminated: false)
            }
            byQuarter[quarter, default: []].append(observation)
        }
        return byQuarter.sorted { $0.key.firstDay < $1.key.firstDay }.map { quarter, observations in
            let curve = KaplanMeier.curve(observations)
            return RetentionCohort(
                quarter: quarter, hires: observations.count, terminations: observations.count(where: \.terminated),
                curve: curve,
                survivalAtMarks: marks.map { KaplanMeier.survival(at: $0, curve: curve, observations: observations) })
        }
    }
}
