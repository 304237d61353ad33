import GovernanceCore

/// A non-calibration evaluation, as the coaching rules see it.
public struct CoachingEvaluation: Sendable, Hashable {
    /// The evaluation id (identifies its task).
    public var evaluationID: String
    /// The program.
    public var programID: String
    /// The agent evaluated.
    public var agentID: String
    /// The local date of `evaluated_at`.
    public var localDate: LocalDate
    /// The quality score (`nil`: no scored item answered).
    public var qualityScore: Double?
    /// Whether every hard-fail item passed.
    public var compliant: Bool

    /// Creates an evaluation.
    public init(
        evaluationID: String, programID: String, agentID: String, localDate: LocalDate, qualityScore: Double?,
        compliant: Bool
    ) {
        self.evaluationID = evaluationID
        self.programID = programID
        self.agentID = agentID
        self.localDate = localDate
        self.qualityScore = qualityScore
        self.compliant = compliant
    }
}

/// A coaching session as stored (`coaching_sessions.csv` or RPC).
public struct CoachingSessionFact: Sendable, Hashable {
    /// The session id.
    public var sessionID: String
    /// The evaluation whose task it closes.
    public var evaluationID: String
    /// The agent coached.
    public var agentID: String
    /// The supervisor who coached.
    public var supervisorID: String
    /// The local date it was held.
    public var heldOn: LocalDate
    /// One or two agent-level metrics.
    public var focusMetrics: [Metric]

    /// Creates a session.
    public init(
        sessionID: String, evaluationID: String, agentID: String, supervisorID: String, heldOn: LocalDate,
        focusMetrics: [Metric]
    ) {
        self.sessionID = sessionID
        self.evaluationID = evaluationID
        self.agentID = agentID
        self.supervisorID = supervisorID
        self.heldOn = heldOn
        self.focusMetrics = focusMetrics
    }
}

/// Why a task was opened.
public enum CoachingReason: String, Sendable, Hashable, CaseIterable {
    /// The quality score is below the program's `qa_score` threshold.
    case belowThreshold = "below_threshold"
    /// A hard-fail item failed.
    case failedCompliance = "failed_compliance"
}

/// Where a task stands on a given day.
public enum CoachingStatus: String, Sendable, Hashable {
    /// Not closed, due date not passed.
    case open
    /// Not closed, due date passed.
    case overdue
    /// A coaching session closed it.
    case closed
}

/// One coaching task (SPEC section 4, coaching queue).
public struct CoachingTask: Sendable, Hashable {
    /// The evaluation that opened it (the task's identity).
    public var evaluationID: String
    /// The program.
    public var programID: String
    /// The agent to coach.
    public var agentID: String
    /// The agent's supervisor from the roster ("" when the agent has no roster row).
    public var supervisorID: String
    /// The local date of the evaluation.
    public var openedOn: LocalDate
    /// `openedOn` + 7 days.
    public var dueOn: LocalDate
    /// Why it was opened (one or both reasons).
    public var reasons: [CoachingReason]
    /// The evaluation's quality score.
    public var qualityScore: Double?
    /// The first coaching session of the evaluation, if any.
    public var closedBy: CoachingSessionFact?

    /// The day the task was closed.
    public var closedOn: LocalDate? { closedBy?.heldOn }

    /// Whether a session closed it on or before its due date.
    public var closedOnTime: Bool { closedOn.map { $0 <= dueOn } ?? false }

    /// Where the task stands on `day`.
    public func status(on day: LocalDate) -> CoachingStatus {
        if closedBy != nil { return .closed }
        return day > dueOn ? .overdue : .open
    }
}

/// The coaching rules: which evaluations open tasks, who owns them, when they are due and
/// whether they were closed in time (SPEC section 4).
public enum CoachingRules {
    /// Days from the evaluation's local date to the task's due date.
    public static let dueDays = 7

    /// The tasks the evaluations open.
    /// - Parameters:
    ///   - evaluations: Non-calibration evaluations.
    ///   - threshold: The `qa_score` threshold of the program's scorecard version in force in a
    ///     month, or `nil` when qa_score is not configured then.
    ///   - supervisors: Agent id → supervisor id (the roster).
    ///   - sessions: Coaching sessions; the earliest of an evaluation closes its task.
    public static func tasks(
        evaluations: [CoachingEvaluation], threshold: (String, Month) -> Double?, supervisors: [String: String],
        sessions: [CoachingSessionFact]
    ) -> [CoachingTask] {
        var closing: [String: CoachingSessionFact] = [:]
        for session in sessions {
            if let known = closing[session.evaluationID],
                (known.heldOn, known.sessionID) <= (session.heldOn, session.sessionID)
            {
                continue
            }
            closing[session.evaluationID] = session
        }
        return evaluations.compactMap { evaluation -> CoachingTask? in
            let reasons = reasons(evaluation, threshold: threshold(evaluation.programID, evaluation.localDate.month))
            guard !reasons.isEmpty else { return nil }
            return CoachingTask(
                evaluationID: evaluation.evaluationID, programID: evaluation.programID, agentID: evaluation.agentID,
                supervisorID: supervisors[evaluation.agentID] ?? "", openedOn: evaluation.localDate,
                dueOn: evaluation.localDate.adding(days: dueDays), reasons: reasons,
                qualityScore: evaluation.qualityScore, closedBy: closing[evaluation.evaluationID])
        }
        .sorted { ($0.dueOn, $0.evaluationID) < ($1.dueOn, $1.evaluationID) }
    }

    /// Why `evaluation` opens a task (empty: it does not). A score within 1e-9 of the threshold
    /// meets it (SPEC section 1); an evaluation without a quality score is not below it.
    public static func reasons(_ evaluation: CoachingEvaluation, threshold: Double?) -> [CoachingReason] {
        var reasons: [CoachingReason] = []
        if let threshold, let score = evaluation.qualityScore, score < threshold - boundTolerance {
            reasons.append(.belowThreshold)
        }
        if !evaluation.compliant { reasons.append(.failedCompliance) }
        return reasons
    }
}

/// `coaching_completion` of a period: 100 × tasks due in it closed on or before their due date
/// ÷ tasks due in it (SPEC section 4).
public struct CoachingCompletion: Sendable, Hashable {
    /// Tasks whose evaluation falls in the period.
    public var tasksOpened: Int
    /// Tasks due in the period.
    public var tasksDue: Int
    /// Of those, closed on or before their due date.
    public var closedOnTime: Int
    /// 100 × closedOnTime ÷ tasksDue; `nil` when no task is due.
    public var completion: Double?

    /// Counts `tasks` against the days of `period`.
    public init(tasks: [CoachingTask], period: Period) {
        let days = period.firstDay...period.lastDay
        tasksOpened = tasks.filter { days.contains($0.openedOn) }.count
        let due = tasks.filter { days.contains($0.dueOn) }
        tasksDue = due.count
        closedOnTime = due.filter(\.closedOnTime).count
        completion = tasksDue > 0 ? 100 * Double(closedOnTime) / Double(tasksDue) : nil
    }
}
