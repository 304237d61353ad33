import GovernanceCore
import Scorecards

/// An agent's totals over a span of days (for a focus metric's value before or after a session).
public struct AgentWindowTotals: Sendable, Hashable {
    /// Interaction totals.
    public var interactions: InteractionTotals
    /// Non-calibration evaluation totals.
    public var evaluations: EvaluationTotals
    /// Agent-day totals.
    public var agentDays: AgentDayTotals

    /// Creates totals (zero by default).
    public init(interactions: InteractionTotals = .zero, evaluations: EvaluationTotals = .zero, agentDays: AgentDayTotals = .zero) {
        self.interactions = interactions
        self.evaluations = evaluations
        self.agentDays = agentDays
    }
}

/// One focus metric of one session: its agent value before and after.
public struct FocusEffect: Sendable, Hashable {
    /// The session.
    public var session: CoachingSessionFact
    /// The focus metric.
    public var metric: Metric
    /// The agent's value over the 30 days before the session (`nil`: no data).
    public var before: Double?
    /// The agent's value over the 30 days after it (`nil`: no data).
    public var after: Double?

    /// Better after than before in the metric's direction; `nil` when either value is missing.
    public var improved: Bool? {
        guard let before, let after else { return nil }
        return metric.direction == .up ? after > before + boundTolerance : after < before - boundTolerance
    }
}

/// Sessions, measured sessions and improved sessions of a group (a supervisor, or the program).
public struct EffectivenessGroup: Sendable, Hashable {
    /// The supervisor id ("" for the program total).
    public var supervisorID: String
    /// Sessions that closed a task.
    public var sessions: Int
    /// Of those, sessions with a before and an after value for at least one focus metric.
    public var measured: Int
    /// Of those, sessions where every measured focus metric improved.
    public var improved: Int
    /// improved ÷ measured (0–1); `nil` when none was measured.
    public var shareImproved: Double? { measured > 0 ? Double(improved) / Double(measured) : nil }
}

/// Coaching effectiveness (issue 5; SPEC section 4 is silent on the formula): for each session
/// that closed a task, each focus metric's agent value over the 30 days before the session
/// (held_on − 30 … held_on − 1) and the 30 days after (held_on + 1 … held_on + 30); a session
/// is improved when every focus metric that has both values is better after.
public struct CoachingEffectiveness: Sendable {
    /// Days on each side of the session.
    public static let windowDays = 30

    /// Every focus metric of every session.
    public var effects: [FocusEffect]
    /// Per supervisor, by id.
    public var supervisors: [EffectivenessGroup]
    /// All sessions together.
    public var program: EffectivenessGroup

    /// The day span before a session held on `day`.
    public static func before(_ day: LocalDate) -> ClosedRange<LocalDate> {
        day.adding(days: -windowDays)...day.adding(days: -1)
    }

    /// The day span after a session held on `day`.
    public static func after(_ day: LocalDate) -> ClosedRange<LocalDate> {
        day.adding(days: 1)...day.adding(days: windowDays)
    }

    /// Measures `sessions`.
    /// - Parameters:
    ///   - sessions: Sessions that closed a task.
    ///   - calculator: Computes agent-level values (its `min_sample` is not applied: a coaching
    ///     follow-up looks at whatever the agent did).
    ///   - totals: The agent's totals over a span of days.
    public init(
        sessions: [CoachingSessionFact], calculator: MetricCalculator = MetricCalculator(),
        totals: (String, ClosedRange<LocalDate>) -> AgentWindowTotals
    ) {
        func value(_ metric: Metric, _ t: AgentWindowTotals) -> Double? {
            calculator.computed(
                metric, interactions: t.interactions, evaluations: t.evaluations, agentDays: t.agentDays,
                partnership: nil, programCost: nil
            ).value
        }
        var effects: [FocusEffect] = []
        var groups: [String: EffectivenessGroup] = [:]
        var program = EffectivenessGroup(supervisorID: "", sessions: 0, measured: 0, improved: 0)
        for session in sessions.sorted(by: { ($0.heldOn, $0.sessionID) < ($1.heldOn, $1.sessionID) }) {
            let before = totals(session.agentID, Self.before(session.heldOn))
            let after = totals(session.agentID, Self.after(session.heldOn))
            let sessionEffects = session.focusMetrics.map {
                FocusEffect(session: session, metric: $0, before: value($0, before), after: value($0, after))
            }
            effects += sessionEffects
            let measured = sessionEffects.compactMap(\.improved)
            var group = groups[session.supervisorID]
                ?? EffectivenessGroup(supervisorID: session.supervisorID, sessions: 0, measured: 0, improved: 0)
            group.sessions += 1
            program.sessions += 1
            if !measured.isEmpty {
                group.measured += 1
                program.measured += 1
                if measured.allSatisfy({ $0 }) {
                    group.improved += 1
                    program.improved += 1
                }
            }
            groups[session.supervisorID] = group
        }
        self.effects = effects
        self.supervisors = groups.keys.sorted().compactMap { groups[$0] }
        self.program = program
    }
}
