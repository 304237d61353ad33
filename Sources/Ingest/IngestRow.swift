import GovernanceCore

/// One validated row of any input file (SPEC section 9).
public enum IngestRow: Sendable, Hashable {
    /// A row of `interactions.csv`.
    case interaction(InteractionRow)
    /// A row of `surveys.csv`.
    case survey(SurveyRow)
    /// A row of `evaluations.csv`.
    case evaluation(EvaluationRow)
    /// A row of `evaluation_answers.csv`.
    case evaluationAnswer(EvaluationAnswerRow)
    /// A row of `agent_days.csv`.
    case agentDay(AgentDayRow)
    /// A row of `roster.csv`.
    case roster(RosterRow)
    /// A row of `planned_headcount.csv`.
    case plannedHeadcount(PlannedHeadcountRow)
    /// A row of `engagement.csv`.
    case engagement(EngagementRow)
    /// A row of `reported_metrics.csv`.
    case reportedMetric(ReportedMetricRow)
    /// A row of `coaching_sessions.csv`.
    case coachingSession(CoachingSessionRow)

    /// The file kind the row comes from.
    public var kind: FileKind {
        switch self {
        case .interaction: return .interactions
        case .survey: return .surveys
        case .evaluation: return .evaluations
        case .evaluationAnswer: return .evaluationAnswers
        case .agentDay: return .agentDays
        case .roster: return .roster
        case .plannedHeadcount: return .plannedHeadcount
        case .engagement: return .engagement
        case .reportedMetric: return .reportedMetrics
        case .coachingSession: return .coachingSessions
        }
    }

    /// The row's key (SPEC section 9): rows of one kind with equal keys are the same record,
    /// and the later one replaces the earlier ("inside one file the last row wins").
    ///
    /// Composite keys join their parts with `|`, which no id, date or month can contain:
    /// `nw-care|2026-08|csat`, `nw-care-ev0000001|greet`, `nw-care-a0001|2026-08-11`.
    public var key: String {
        switch self {
        case .interaction(let row): return row.interactionID
        case .survey(let row): return row.interactionID
        case .evaluation(let row): return row.evaluationID
        case .evaluationAnswer(let row): return row.evaluationID + "|" + row.itemID
        case .agentDay(let row): return row.agentID + "|" + row.date.description
        case .roster(let row): return row.agentID
        case .plannedHeadcount(let row): return row.programID + "|" + row.month.description
        case .engagement(let row): return row.agentID + "|" + row.surveyedOn.description
        case .reportedMetric(let row): return row.programID + "|" + row.period.description + "|" + row.metric
        case .coachingSession(let row): return row.sessionID
        }
    }

    /// The program the row names, for the kinds that have a `program_id` column.
    public var programID: String? {
        switch self {
        case .interaction(let row): return row.programID
        case .evaluation(let row): return row.programID
        case .agentDay(let row): return row.programID
        case .roster(let row): return row.programID
        case .plannedHeadcount(let row): return row.programID
        case .engagement(let row): return row.programID
        case .reportedMetric(let row): return row.programID
        case .survey, .evaluationAnswer, .coachingSession: return nil
        }
    }
}

// MARK: - interactions.csv

/// A row of `interactions.csv`: one contact offered to a program.
public struct InteractionRow: Sendable, Hashable {
    /// The interaction's id (the key).
    public var interactionID: String
    /// The program the contact was offered to.
    public var programID: String
    /// The agent who handled it; `nil` only for an abandoned contact with an empty `agent_id`.
    public var agentID: String?
    /// The customer; `nil` when the column is empty (such contacts never count for FCR).
    public var customerID: String?
    /// The contact channel.
    public var channel: Channel
    /// When the contact started (UTC).
    public var startedAt: Instant
    /// Seconds in queue before answer or abandon (≥ 0, fractions allowed).
    public var waitSeconds: Double
    /// Handle seconds (≥ 0, fractions allowed); 0 when empty, which only an abandoned contact may be.
    public var handleSeconds: Double
    /// Whether the customer hung up before an agent answered.
    public var abandoned: Bool
    /// The local date of ``startedAt`` in the program's time zone, which decides the period
    /// (SPEC section 1). Filled by ``ContextualValidator``; `nil` until then.
    public var localDate: LocalDate?

    /// Creates a row.
    public init(
        interactionID: String, programID: String, agentID: String?, customerID: String?, channel: Channel,
        startedAt: Instant, waitSeconds: Double, handleSeconds: Double, abandoned: Bool, localDate: LocalDate? = nil
    ) {
        self.interactionID = interactionID
        self.programID = programID
        self.agentID = agentID
        self.customerID = customerID
        self.channel = channel
        self.startedAt = startedAt
        self.waitSeconds = waitSeconds
        self.handleSeconds = handleSeconds
        self.abandoned = abandoned
        self.localDate = localDate
    }
}

// MARK: - surveys.csv

/// A row of `surveys.csv`: a customer's satisfaction score for one interaction.
public struct SurveyRow: Sendable, Hashable {
    /// The interaction surveyed (the key; one survey per interaction).
    public var interactionID: String
    /// The score, 1–5 (4 and 5 count as satisfied for `csat`).
    public var score: Int

    /// Creates a row.
    public init(interactionID: String, score: Int) {
        self.interactionID = interactionID
        self.score = score
    }
}

// MARK: - evaluations.csv

/// A row of `evaluations.csv`: one quality evaluation of an interaction on a QA form.
public struct EvaluationRow: Sendable, Hashable {
    /// The evaluation's id (the key).
    public var evaluationID: String
    /// The program.
    public var programID: String
    /// The agent evaluated.
    public var agentID: String
    /// Who evaluated.
    public var evaluatorID: String
    /// The interaction evaluated.
    public var interactionID: String
    /// The QA form.
    public var formID: String
    /// The form's version (≥ 1).
    public var formVersion: Int
    /// When the evaluation was made (UTC).
    public var evaluatedAt: Instant
    /// The calibration session, when this is a calibration evaluation.
    public var calibrationSessionID: String?
    /// The expert of the calibration session, when the row names one.
    public var expertEvaluatorID: String?
    /// The local date of ``evaluatedAt`` in the program's time zone (SPEC section 1). Filled by
    /// ``ContextualValidator``; `nil` until then.
    public var localDate: LocalDate?

    /// Whether the evaluation belongs to a calibration session (and so never counts toward QA metrics).
    public var isCalibration: Bool { calibrationSessionID != nil }

    /// Creates a row.
    public init(
        evaluationID: String, programID: String, agentID: String, evaluatorID: String, interactionID: String,
        formID: String, formVersion: Int, evaluatedAt: Instant, calibrationSessionID: String?,
        expertEvaluatorID: String?, localDate: LocalDate? = nil
    ) {
        self.evaluationID = evaluationID
        self.programID = programID
        self.agentID = agentID
        self.evaluatorID = evaluatorID
        self.interactionID = interactionID
        self.formID = formID
        self.formVersion = formVersion
        self.evaluatedAt = evaluatedAt
        self.calibrationSessionID = calibrationSessionID
        self.expertEvaluatorID = expertEvaluatorID
        self.localDate = localDate
    }
}

// MARK: - evaluation_answers.csv

/// A row of `evaluation_answers.csv`: the points given for one form item in one evaluation.
public struct EvaluationAnswerRow: Sendable, Hashable {
    /// The evaluation.
    public var evaluationID: String
    /// The form item.
    public var itemID: String
    /// The points (≥ 0; hard-fail items use 1 = pass, 0 = fail).
    public var points: Double

    /// Creates a row.
    public init(evaluationID: String, itemID: String, points: Double) {
        self.evaluationID = evaluationID
        self.itemID = itemID
        self.points = points
    }
}

// MARK: - agent_days.csv

/// A row of `agent_days.csv`: one agent's workforce figures for one local day.
///
/// Every figure is in seconds, ≥ 0 and at most 90,000 (the 25 hours of the longest local
/// day, when clocks go back); `adherent_seconds` ≤ `scheduled_seconds` and
/// `available_seconds` ≤ `staffed_seconds`.
public struct AgentDayRow: Sendable, Hashable {
    /// The agent.
    public var agentID: String
    /// The program.
    public var programID: String
    /// The local date.
    public var date: LocalDate
    /// Seconds the agent was scheduled to work.
    public var scheduledSeconds: Double
    /// Seconds the agent was logged in.
    public var staffedSeconds: Double
    /// Seconds the agent was idle and ready for a contact (part of staffed time).
    public var availableSeconds: Double
    /// Seconds the agent's state matched the schedule (part of scheduled time).
    public var adherentSeconds: Double

    /// Creates a row.
    public init(
        agentID: String, programID: String, date: LocalDate, scheduledSeconds: Double, staffedSeconds: Double,
        availableSeconds: Double, adherentSeconds: Double
    ) {
        self.agentID = agentID
        self.programID = programID
        self.date = date
        self.scheduledSeconds = scheduledSeconds
        self.staffedSeconds = staffedSeconds
        self.availableSeconds = availableSeconds
        self.adherentSeconds = adherentSeconds
    }
}

// MARK: - roster.csv

/// A row of `roster.csv`: an agent's place in the organisation and employment dates.
public struct RosterRow: Sendable, Hashable {
    /// The agent (the key).
    public var agentID: String
    /// The program.
    public var programID: String
    /// The delivery site.
    public var siteID: String
    /// The team.
    public var teamID: String
    /// The agent's supervisor (an agent id that needs no roster row of its own).
    public var supervisorID: String
    /// The first day of employment (local date).
    public var hiredOn: LocalDate
    /// The day employment ended (the agent is no longer active on it); `nil` while employed.
    public var terminatedOn: LocalDate?
    /// Why employment ended; free text, only with ``terminatedOn``.
    public var terminationReason: String?

    /// Creates a row.
    public init(
        agentID: String, programID: String, siteID: String, teamID: String, supervisorID: String, hiredOn: LocalDate,
        terminatedOn: LocalDate?, terminationReason: String?
    ) {
        self.agentID = agentID
        self.programID = programID
        self.siteID = siteID
        self.teamID = teamID
        self.supervisorID = supervisorID
        self.hiredOn = hiredOn
        self.terminatedOn = terminatedOn
        self.terminationReason = terminationReason
    }
}

// MARK: - planned_headcount.csv

/// A row of `planned_headcount.csv`: the contracted staffing plan of a program for a month.
public struct PlannedHeadcountRow: Sendable, Hashable {
    /// The program.
    public var programID: String
    /// The month.
    public var month: Month
    /// Planned full-time equivalents (≥ 0).
    public var plannedFTE: Double

    /// Creates a row.
    public init(programID: String, month: Month, plannedFTE: Double) {
        self.programID = programID
        self.month = month
        self.plannedFTE = plannedFTE
    }
}

// MARK: - engagement.csv

/// A row of `engagement.csv`: one agent's answer to the eNPS question.
public struct EngagementRow: Sendable, Hashable {
    /// The agent.
    public var agentID: String
    /// The program.
    public var programID: String
    /// The local date of the survey.
    public var surveyedOn: LocalDate
    /// The score, 0–10 (9–10 promoters, 0–6 detractors).
    public var score: Int

    /// Creates a row.
    public init(agentID: String, programID: String, surveyedOn: LocalDate, score: Int) {
        self.agentID = agentID
        self.programID = programID
        self.surveyedOn = surveyedOn
        self.score = score
    }
}

// MARK: - reported_metrics.csv

/// Who reported a metric value.
public enum ReportSource: String, CaseIterable, Sendable, Hashable {
    /// The BPO (vendor) reported it.
    case vendor
    /// The client organisation reported it.
    case client
}

/// A row of `reported_metrics.csv`: a monthly metric value reported from outside the raw data.
///
/// `period` is always a single month (`YYYY-MM`): reported values are monthly, and quarters
/// or years are derived from them (SPEC section 2).
public struct ReportedMetricRow: Sendable, Hashable {
    /// The metric name that means the program's cost for the month (only ever reported).
    public static let programCost = "program_cost"

    /// The program.
    public var programID: String
    /// The month the value is for.
    public var period: Month
    /// A catalog ``Metric`` raw value, or ``programCost``.
    public var metric: String
    /// The value, in the metric's unit.
    public var value: Double
    /// Who reported it.
    public var source: ReportSource

    /// The catalog metric, or `nil` for `program_cost`.
    public var catalogMetric: Metric? { Metric(rawValue: metric) }

    /// Creates a row.
    public init(programID: String, period: Month, metric: String, value: Double, source: ReportSource) {
        self.programID = programID
        self.period = period
        self.metric = metric
        self.value = value
        self.source = source
    }
}

// MARK: - coaching_sessions.csv

/// A row of `coaching_sessions.csv`: a supervisor's coaching session that closes the coaching
/// task of an evaluation (SPEC section 4).
public struct CoachingSessionRow: Sendable, Hashable {
    /// The session's id (the key).
    public var sessionID: String
    /// The evaluation whose coaching task the session closes.
    public var evaluationID: String
    /// The agent coached.
    public var agentID: String
    /// The supervisor who coached.
    public var supervisorID: String
    /// The local date of the session.
    public var heldOn: LocalDate
    /// One or two agent-level catalog metrics, in the order given.
    public var focusMetrics: [Metric]
    /// The root cause found (free text, not empty).
    public var rootCause: String
    /// What the agent committed to (free text, not empty).
    public var commitment: String
    /// When the supervisor follows up (not before ``heldOn``).
    public var followUpOn: LocalDate

    /// Creates a row.
    public init(
        sessionID: String, evaluationID: String, agentID: String, supervisorID: String, heldOn: LocalDate,
        focusMetrics: [Metric], rootCause: String, commitment: String, followUpOn: LocalDate
    ) {
        self.sessionID = sessionID
        self.evaluationID = evaluationID
        self.agentID = agentID
        self.supervisorID = supervisorID
        self.heldOn = heldOn
        self.focusMetrics = focusMetrics
        self.rootCause = rootCause
        self.commitment = commitment
        self.followUpOn = followUpOn
    }
}
