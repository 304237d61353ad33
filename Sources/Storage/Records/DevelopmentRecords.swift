import GovernanceCore

/// A stored development goal (issue 11).
public struct GoalRecord: Sendable, Equatable {
    public var id: Int64
    public var programID: String
    /// `agent` or `team`.
    public var scope: String
    public var scopeID: String
    public var metric: String
    public var target: Double
    public var baselineMonth: Month
    public var dueDate: LocalDate
    public var title: String
    public var createdBy: String
    public var createdAt: String

    public init(
        id: Int64 = 0, programID: String, scope: String, scopeID: String, metric: String, target: Double,
        baselineMonth: Month, dueDate: LocalDate, title: String, createdBy: String = "", createdAt: String = ""
    ) {
        self.id = id
        self.programID = programID
        self.scope = scope
        self.scopeID = scopeID
        self.metric = metric
        self.target = target
        self.baselineMonth = baselineMonth
        self.dueDate = dueDate
        self.title = title
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// A metric target of an improvement plan.
public struct PlanTargetRecord: Sendable, Equatable, Codable {
    public var metric: String
    public var target: Double

    public init(metric: String, target: Double) {
        self.metric = metric
        self.target = target
    }
}

/// A stored improvement plan, recognition record or disciplinary note.
public struct DevelopmentRecordRow: Sendable, Equatable {
    public var id: Int64
    public var programID: String
    public var agentID: String
    public var kind: String
    public var title: String
    public var details: String
    public var targets: [PlanTargetRecord]
    public var reviewDates: [String]
    public var outcome: String
    public var createdBy: String
    public var createdAt: String
    public var updatedAt: String
    public var signedOffBy: String?
    public var signedOffAt: String?

    public init(
        id: Int64 = 0, programID: String, agentID: String, kind: String, title: String, details: String,
        targets: [PlanTargetRecord], reviewDates: [String], outcome: String, createdBy: String = "",
        createdAt: String = "", updatedAt: String = "", signedOffBy: String? = nil, signedOffAt: String? = nil
    ) {
        self.id = id
        self.programID = programID
        self.agentID = agentID
        self.kind = kind
        self.title = title
        self.details = details
        self.targets = targets
        self.reviewDates = reviewDates
        self.outcome = outcome
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.signedOffBy = signedOffBy
        self.signedOffAt = signedOffAt
    }
}

/// Changes to an unsigned record; `nil` keeps a field.
public struct DevelopmentRecordUpdate: Sendable, Equatable {
    public var title: String?
    public var details: String?
    public var outcome: String?
    public var reviewDates: [String]?

    public init(title: String?, details: String?, outcome: String?, reviewDates: [String]?) {
        self.title = title
        self.details = details
        self.outcome = outcome
        self.reviewDates = reviewDates
    }
}

/// One logged purge run.
public struct PurgeRunRecord: Sendable, Equatable {
    public var id: Int64
    public var runAt: String
    public var runBy: String
    public var asOf: LocalDate
    public var retentionDays: Int
    public var purged: Int
    public var recordIDs: [Int64]
}

/// A stored 360 feedback request with its invited respondents.
public struct FeedbackRequestRecord: Sendable, Equatable {
    public var id: Int64
    public var programID: String
    public var subjectID: String
    public var competencies: [String]
    /// (respondent id, relationship), in invitation order.
    public var respondents: [FeedbackInvitee]
    public var createdBy: String
    public var createdAt: String

    public init(
        id: Int64 = 0, programID: String, subjectID: String, competencies: [String], respondents: [FeedbackInvitee],
        createdBy: String = "", createdAt: String = ""
    ) {
        self.id = id
        self.programID = programID
        self.subjectID = subjectID
        self.competencies = competencies
        self.respondents = respondents
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// One invited respondent.
public struct FeedbackInvitee: Sendable, Equatable {
    public var respondentID: String
    public var relationship: String

    public init(respondentID: String, relationship: String) {
        self.respondentID = respondentID
        self.relationship = relationship
    }
}

/// One stored response (never sent to a client as such).
public struct FeedbackResponseRecord: Sendable, Equatable {
    public var respondentID: String
    public var ratings: [String: Int]
    public var comment: String
}

/// One agent of a stored eligibility list.
public struct EligibleAgentRecord: Sendable, Equatable, Codable {
    public var agentID: String
    public var rank: Int
    public var composite: Double
    public var percentile: Double

    public init(agentID: String, rank: Int, composite: Double, percentile: Double) {
        self.agentID = agentID
        self.rank = rank
        self.composite = composite
        self.percentile = percentile
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case rank, composite, percentile
    }
}

/// A stored incentive eligibility list.
public struct EligibilityListRecord: Sendable, Equatable {
    public var id: Int64
    public var programID: String
    public var period: String
    public var rule: String
    public var value: Double
    public var ruleText: String
    public var rankedAgents: Int
    public var agents: [EligibleAgentRecord]
    public var createdBy: String
    public var createdAt: String

    public init(
        id: Int64 = 0, programID: String, period: String, rule: String, value: Double, ruleText: String,
        rankedAgents: Int, agents: [EligibleAgentRecord], createdBy: String = "", createdAt: String = ""
    ) {
        self.id = id
        self.programID = programID
        self.period = period
        self.rule = rule
        self.value = value
        self.ruleText = ruleText
        self.rankedAgents = rankedAgents
        self.agents = agents
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// A roster row with the groupings development needs.
public struct RosterPlacement: Sendable, Equatable {
    public var agentID: String
    public var siteID: String
    public var teamID: String
    public var supervisorID: String
}

/// A non-calibration evaluation with its answers, for training needs.
public struct EvaluationAnswers: Sendable, Equatable {
    public var evaluationID: String
    public var agentID: String
    public var formID: String
    public var formVersion: Int
    /// Item id → points.
    public var answers: [String: Double]
}
