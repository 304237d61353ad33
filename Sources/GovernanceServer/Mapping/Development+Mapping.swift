import Development
import GovernanceAPI
import GovernanceCore
import Storage

extension Governance_V1_Goal {
    init(_ record: GoalRecord) {
        self.init()
        id = record.id
        program = record.programID
        scope = record.scope
        scopeID = record.scopeID
        metric = record.metric
        direction = Metric(rawValue: record.metric)?.direction.rawValue ?? ""
        target = record.target
        baselineMonth = record.baselineMonth.description
        dueDate = record.dueDate.description
        title = record.title
        createdBy = record.createdBy
        createdAt = record.createdAt
    }

    mutating func set(progress: GoalProgress, asOf: Month, programTarget: Double?, alignment: GoalAlignment) {
        asOfMonth = asOf.description
        if let baseline = progress.baseline { self.baseline = baseline }
        if let current = progress.current { self.current = current }
        if let percent = progress.progressPercent { progressPercent = percent }
        elapsedPercent = progress.elapsedPercent
        status = progress.status.rawValue
        if let programTarget { self.programTarget = programTarget }
        self.alignment = alignment.rawValue
    }
}

extension Governance_V1_GoalRollup {
    init(_ rollup: GoalRollup) {
        self.init()
        metric = rollup.metric.rawValue
        if let target = rollup.programTarget { programTarget = target }
        goals = Int32(rollup.goals)
        achieved = Int32(rollup.achieved)
        misaligned = Int32(rollup.misaligned)
        if let mean = rollup.meanProgressPercent { meanProgressPercent = mean }
    }
}

extension Governance_V1_TrainingNeed {
    init(_ need: TrainingNeed, rank: Int) {
        self.init()
        self.rank = Int32(rank)
        level = need.level.rawValue
        group = need.group
        subject = need.subject.rawValue
        key = need.key
        failures = Int32(need.failures)
        answers = Int32(need.answers)
        evaluations = Int32(need.evaluations)
        failureRate = need.failureRate
        programFailureRate = need.programFailureRate
        gapPoints = need.gapPoints
    }
}

extension Governance_V1_SkillGap {
    init(_ gap: SkillGap, rank: Int) {
        self.init()
        self.rank = Int32(rank)
        agentID = gap.agentID
        metric = gap.metric.rawValue
        values = gap.values
        target = gap.target
        threshold = gap.threshold
        shortfallBands = gap.shortfallBands
    }
}

extension Governance_V1_DevelopmentRecord {
    init(_ record: DevelopmentRecordRow) {
        self.init()
        id = record.id
        program = record.programID
        agentID = record.agentID
        kind = record.kind
        title = record.title
        details = record.details
        targets = record.targets.map {
            var target = Governance_V1_PlanTarget()
            target.metric = $0.metric
            target.target = $0.target
            return target
        }
        reviewDates = record.reviewDates
        outcome = record.outcome
        createdBy = record.createdBy
        createdAt = record.createdAt
        updatedAt = record.updatedAt
        signedOff = record.signedOffAt != nil
        signedOffBy = record.signedOffBy ?? ""
        signedOffAt = record.signedOffAt ?? ""
    }
}

extension Governance_V1_PurgeRun {
    init(_ run: PurgeRunRecord) {
        self.init()
        id = run.id
        runAt = run.runAt
        runBy = run.runBy
        asOf = run.asOf.description
        retentionDays = Int32(run.retentionDays)
        purged = Int32(run.purged)
        recordIds = run.recordIDs
    }
}

extension Governance_V1_FeedbackRequest {
    init(_ record: FeedbackRequestRecord) {
        self.init()
        id = record.id
        program = record.programID
        subjectID = record.subjectID
        competencies = record.competencies
        respondents = record.respondents.map {
            var respondent = Governance_V1_FeedbackRespondent()
            respondent.respondentID = $0.respondentID
            respondent.relationship = $0.relationship
            return respondent
        }
        createdBy = record.createdBy
        createdAt = record.createdAt
    }
}

extension Governance_V1_FeedbackReport {
    /// The subject's view: counts and aggregates only, never a respondent id, an individual answer or a comment.
    init(_ report: Development.FeedbackReport, request: FeedbackRequestRecord) {
        self.init()
        requestID = request.id
        subjectID = request.subjectID
        othersInvited = Int32(request.respondents.filter { $0.relationship != FeedbackRelationship.selfReview.rawValue }.count)
        othersResponded = Int32(report.othersResponded)
        anonymityThreshold = Int32(Feedback360.anonymityThreshold)
        released = report.released
        competencies = report.competencies.map {
            var aggregate = Governance_V1_CompetencyAggregate()
            aggregate.competency = $0.competency
            aggregate.responses = Int32($0.responses)
            aggregate.meanRating = $0.meanRating
            aggregate.minRating = Int32($0.minRating)
            aggregate.maxRating = Int32($0.maxRating)
            return aggregate
        }
        selfRatings = request.competencies.compactMap { competency in
            report.selfRatings[competency].map {
                var rating = Governance_V1_CompetencyRating()
                rating.competency = competency
                rating.rating = Int32($0)
                return rating
            }
        }
    }
}

extension Governance_V1_EligibilityList {
    init(_ record: EligibilityListRecord) {
        self.init()
        id = record.id
        program = record.programID
        period = record.period
        rule = record.rule
        value = record.value
        ruleText = record.ruleText
        rankedAgents = Int32(record.rankedAgents)
        agents = record.agents.map {
            var agent = Governance_V1_EligibleAgent()
            agent.agentID = $0.agentID
            agent.rank = Int32($0.rank)
            agent.composite = $0.composite
            agent.percentile = $0.percentile
            return agent
        }
        createdBy = record.createdBy
        createdAt = record.createdAt
    }
}

// The development requests name their tenant in `tenant` (the interceptor checks it against the token).
extension Governance_V1_CreateGoalRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_ListGoalsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_TrainingNeedsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_CreateRecordRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_UpdateRecordRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_SignOffRecordRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_ListRecordsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_SetRetentionRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_PurgeRecordsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_ListPurgesRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_CreateFeedbackRequestRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_SubmitFeedbackRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_GetFeedbackReportRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_CreateEligibilityListRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
extension Governance_V1_ListEligibilityListsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
