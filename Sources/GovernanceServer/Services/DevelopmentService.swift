import Development
import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import Manifests
import Scorecards
import Storage

/// Agent development (`governance.v1.DevelopmentService`, issue 11): goals, training needs,
/// development records with sign-off and retention, 360 feedback and incentive eligibility.
/// Thin: storage reads and writes, the Development library decides, Mapping/ converts.
public struct DevelopmentService: Governance_V1_DevelopmentService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    // MARK: Goals

    public func createGoal(request: Governance_V1_CreateGoalRequest, context: ServerContext) async throws -> Governance_V1_Goal {
        guard let scope = GoalScope(rawValue: request.scope) else {
            throw GovernanceError.invalid("scope must be agent or team, got '\(request.scope.prefix(40))'")
        }
        let metric = try Self.agentMetric(request.metric)
        guard request.target.isFinite else { throw GovernanceError.invalid("target must be a finite number") }
        let baseline = try ReviewService.month(request.baselineMonth, field: "baseline_month")
        let due = try ReviewService.date(request.dueDate, field: "due_date")
        guard due > baseline.lastDay else {
            throw GovernanceError.invalid("due_date must be after the baseline month \(baseline)")
        }
        let title = try ReviewService.text(request.title, field: "title", limit: 500)
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let roster = try await database.rosterPlacements(program: request.program)
            switch scope {
            case .agent:
                guard roster.contains(where: { $0.agentID == request.scopeID }) else {
                    throw Self.notOnRoster("agent", request.scopeID, program: request.program)
                }
            case .team:
                guard roster.contains(where: { $0.teamID == request.scopeID }) else {
                    throw Self.notOnRoster("team", request.scopeID, program: request.program)
                }
            }
            let stored = try await database.createGoal(
                GoalRecord(
                    programID: request.program, scope: scope.rawValue, scopeID: request.scopeID, metric: metric.rawValue,
                    target: request.target, baselineMonth: baseline, dueDate: due, title: title),
                actor: actor)
            return Governance_V1_Goal(stored)
        }
    }

    public func listGoals(request: Governance_V1_ListGoalsRequest, context: ServerContext) async throws
        -> Governance_V1_ListGoalsReply
    {
        let asOf = request.asOfMonth.isEmpty ? ReviewService.today().month : try ReviewService.month(request.asOfMonth, field: "as_of_month")
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let goals = try await database.goals(program: request.program)
            var reply = Governance_V1_ListGoalsReply()
            reply.tenant = request.tenant
            reply.program = request.program
            reply.asOfMonth = asOf.description
            guard !goals.isEmpty else { return reply }
            let teams = Dictionary(grouping: try await database.rosterPlacements(program: request.program), by: \.teamID)
                .mapValues { $0.map(\.agentID) }
            let months = Array(Set(goals.map(\.baselineMonth) + [asOf])).sorted()
            let monthInputs = try await database.scorecardInputs(program: request.program, periods: months.map(Period.month))
            let inputs = Dictionary(uniqueKeysWithValues: zip(months, monthInputs))
            var targets: [Month: [Metric: Double]] = [:]
            for month in Set(goals.map(\.dueDate.month) + [asOf]) {
                let setup = try await ScorecardSetup.loadIfConfigured(
                    backend: backend, database: database, program: request.program, month: month)
                targets[month] = Dictionary(
                    setup?.engine.config.metrics.map { ($0.metric, $0.target) } ?? [], uniquingKeysWith: { first, _ in first })
            }
            var byMetric: [Metric: [(alignment: GoalAlignment, progress: GoalProgress)]] = [:]
            for record in goals {
                var message = Governance_V1_Goal(record)
                guard let metric = Metric(rawValue: record.metric) else { continue }
                let members = record.scope == GoalScope.team.rawValue ? teams[record.scopeID] ?? [] : [record.scopeID]
                func value(_ month: Month) -> Double? {
                    inputs[month].flatMap { Self.value(metric, of: members, in: $0) }
                }
                let goal = Goal(metric: metric, target: record.target, baselineMonth: record.baselineMonth, dueDate: record.dueDate)
                let progress = GoalRules.progress(
                    goal, baseline: value(record.baselineMonth), current: value(asOf), asOf: asOf)
                let programTarget = targets[record.dueDate.month]?[metric]
                let alignment = GoalRules.alignment(goalTarget: record.target, programTarget: programTarget, metric: metric)
                message.set(progress: progress, asOf: asOf, programTarget: programTarget, alignment: alignment)
                reply.goals.append(message)
                byMetric[metric, default: []].append((alignment, progress))
            }
            reply.rollup = byMetric.keys.sorted().compactMap { metric in
                byMetric[metric].map {
                    Governance_V1_GoalRollup(GoalRollup.make(metric: metric, programTarget: targets[asOf]?[metric], goals: $0))
                }
            }
            return reply
        }
    }

    /// The value of `metric` pooled over the records of `agents` in `inputs`' period.
    static func value(_ metric: Metric, of agents: [String], in inputs: ScorecardInputs) -> Double? {
        var interactions = InteractionTotals.zero
        var evaluations = EvaluationTotals.zero
        var days = AgentDayTotals.zero
        for agent in agents {
            interactions += inputs.interactions[agent] ?? .zero
            evaluations += inputs.evaluations[agent] ?? .zero
            days += inputs.agentDays[agent] ?? .zero
        }
        return MetricCalculator().agentMetrics(
            agentID: agents.first ?? "", for: inputs.period, interactions: interactions, evaluations: evaluations,
            agentDays: days)[metric]?.value
    }

    // MARK: Training needs

    public func trainingNeeds(request: Governance_V1_TrainingNeedsRequest, context: ServerContext) async throws
        -> Governance_V1_TrainingNeedsReply
    {
        let period = try ScorecardService.period(request.period)
        let level = request.level.isEmpty ? NeedLevel.team : NeedLevel(rawValue: request.level)
        guard let level else { throw GovernanceError.invalid("level must be team, site or program, got '\(request.level.prefix(40))'") }
        let minAnswers = request.minAnswers == 0 ? 5 : Int(request.minAnswers)
        guard (1...100_000).contains(minAnswers) else { throw GovernanceError.invalid("min_answers must be 1 to 100000") }
        // QA answers, roster and metric data only change with writes that invalidate the cache.
        let key = "training-needs|\(request.program)|\(period)|\(level.rawValue)|\(minAnswers)"
        return try await backend.cached(tenant: request.tenant, key: key) {
            try await trainingNeedsReply(request, period: period, level: level, minAnswers: minAnswers)
        }
    }

    private func trainingNeedsReply(
        _ request: Governance_V1_TrainingNeedsRequest, period: Period, level: NeedLevel, minAnswers: Int
    ) async throws -> Governance_V1_TrainingNeedsReply {
        try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let roster = Dictionary(
                try await database.rosterPlacements(program: request.program).map { ($0.agentID, $0) },
                uniquingKeysWith: { first, _ in first })
            var forms: [String: QAForm] = [:]
            for record in try await database.qaForms() {
                if let form = try? JSONDecoder().decode(QAForm.self, from: Data(record.config.utf8)) {
                    forms["\(record.formID)#\(record.version)"] = form
                }
            }
            var answers: [QAItemAnswer] = []
            for evaluation in try await database.evaluationAnswers(
                program: request.program, days: period.firstDay...period.lastDay)
            {
                guard let form = forms["\(evaluation.formID)#\(evaluation.formVersion)"] else { continue }
                let placement = roster[evaluation.agentID]
                for item in form.items {
                    guard let failed = QAItemAnswer.failed(
                        points: evaluation.answers[item.itemID], maxPoints: item.maxPoints ?? 1, hardFail: item.isHardFail)
                    else { continue }
                    answers.append(
                        QAItemAnswer(
                            evaluationID: evaluation.evaluationID, agentID: evaluation.agentID,
                            teamID: placement?.teamID ?? "unassigned", siteID: placement?.siteID ?? "unassigned",
                            itemID: item.itemID, section: item.section.rawValue, failed: failed))
                }
            }
            var reply = Governance_V1_TrainingNeedsReply()
            reply.tenant = request.tenant
            reply.program = request.program
            reply.period = period.description
            reply.level = level.rawValue
            reply.answers = Int32(answers.count)
            reply.needs = TrainingNeeds.rank(answers, level: level, program: request.program, minAnswers: minAnswers)
                .enumerated().map { Governance_V1_TrainingNeed($1, rank: $0 + 1) }
            reply.skillGaps = try await skillGaps(database: database, program: request.program, ending: period.lastMonth)
                .enumerated().map { Governance_V1_SkillGap($1, rank: $0 + 1) }
            return reply
        }
    }

    func skillGaps(database: TenantDatabase, program: String, ending month: Month) async throws -> [SkillGap] {
        guard let setup = try await ScorecardSetup.loadIfConfigured(
            backend: backend, database: database, program: program, month: month)
        else { return [] }
        let configured = setup.engine.config.metrics.filter(\.metric.isAgentLevel)
        let months = Month.range(from: month.adding(months: -2), to: month)
        let inputs = try await database.scorecardInputs(program: program, periods: months.map(Period.month))
        guard let latest = inputs.last else { return [] }
        var values: [String: [Metric: [Double?]]] = [:]
        for agent in latest.agentIDs {
            for config in configured {
                values[agent, default: [:]][config.metric] = inputs.map { Self.value(config.metric, of: [agent], in: $0) }
            }
        }
        return SkillGaps.find(
            values: values,
            targets: Dictionary(
                configured.map { ($0.metric, (target: $0.target, threshold: $0.threshold)) },
                uniquingKeysWith: { first, _ in first }))
    }

    // MARK: Records

    public func createRecord(request: Governance_V1_CreateRecordRequest, context: ServerContext) async throws
        -> Governance_V1_DevelopmentRecord
    {
        guard let kind = DevelopmentRecordKind(rawValue: request.kind) else {
            throw GovernanceError.invalid("kind must be improvement_plan, recognition or disciplinary, got '\(request.kind.prefix(40))'")
        }
        let title = try ReviewService.text(request.title, field: "title", limit: 500)
        let details = request.details.trimmingCharacters(in: .whitespacesAndNewlines)
        guard details.count <= 5000 else { throw GovernanceError.invalid("details is longer than 5000 characters") }
        let isPlan = kind == .improvementPlan
        guard isPlan || (request.targets.isEmpty && request.reviewDates.isEmpty && request.outcome.isEmpty) else {
            throw GovernanceError.invalid("targets, review_dates and outcome belong to improvement plans only")
        }
        let targets = try request.targets.map { target in
            guard let metric = Metric(rawValue: target.metric), target.target.isFinite else {
                throw GovernanceError.invalid("each plan target needs a catalog metric and a finite target")
            }
            return PlanTargetRecord(metric: metric.rawValue, target: target.target)
        }
        let dates = try Self.reviewDates(request.reviewDates)
        let outcome = isPlan ? try Self.outcome(request.outcome.isEmpty ? "open" : request.outcome) : ""
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            guard try await database.rosterPlacements(program: request.program).contains(where: { $0.agentID == request.agentID })
            else { throw Self.notOnRoster("agent", request.agentID, program: request.program) }
            let stored = try await database.createDevelopmentRecord(
                DevelopmentRecordRow(
                    programID: request.program, agentID: request.agentID, kind: kind.rawValue, title: title,
                    details: details, targets: targets, reviewDates: dates, outcome: outcome),
                actor: actor)
            return Governance_V1_DevelopmentRecord(stored)
        }
    }

    public func updateRecord(request: Governance_V1_UpdateRecordRequest, context: ServerContext) async throws
        -> Governance_V1_DevelopmentRecord
    {
        let title = request.hasTitle ? try ReviewService.text(request.title, field: "title", limit: 500) : nil
        var details: String?
        if request.hasDetails {
            details = request.details.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (details?.count ?? 0) <= 5000 else { throw GovernanceError.invalid("details is longer than 5000 characters") }
        }
        let outcome = request.outcome.isEmpty ? nil : try Self.outcome(request.outcome)
        let dates = request.replaceReviewDates ? try Self.reviewDates(request.reviewDates) : nil
        guard title != nil || details != nil || outcome != nil || dates != nil else {
            throw GovernanceError.invalid("nothing to change: give title, details, outcome or review_dates")
        }
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            guard let current = try await database.developmentRecords(program: request.program).first(where: { $0.id == request.id })
            else { throw Self.recordNotFound(request.id, program: request.program) }
            if (outcome != nil || dates != nil) && current.kind != DevelopmentRecordKind.improvementPlan.rawValue {
                throw GovernanceError.invalid("outcome and review_dates belong to improvement plans only")
            }
            guard let updated = try await database.updateDevelopmentRecord(
                program: request.program, id: request.id,
                DevelopmentRecordUpdate(title: title, details: details, outcome: outcome, reviewDates: dates), actor: actor)
            else { throw Self.recordNotFound(request.id, program: request.program) }
            return Governance_V1_DevelopmentRecord(updated)
        }
    }

    public func signOffRecord(request: Governance_V1_SignOffRecordRequest, context: ServerContext) async throws
        -> Governance_V1_DevelopmentRecord
    {
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            guard let signed = try await database.signOffDevelopmentRecord(
                program: request.program, id: request.id, actor: actor, today: ReviewService.today())
            else { throw Self.recordNotFound(request.id, program: request.program) }
            return Governance_V1_DevelopmentRecord(signed)
        }
    }

    public func listRecords(request: Governance_V1_ListRecordsRequest, context: ServerContext) async throws
        -> Governance_V1_ListRecordsReply
    {
        if !request.kind.isEmpty, DevelopmentRecordKind(rawValue: request.kind) == nil {
            throw GovernanceError.invalid("kind must be improvement_plan, recognition or disciplinary")
        }
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            var reply = Governance_V1_ListRecordsReply()
            reply.records = try await database.developmentRecords(
                program: request.program, agent: request.agentID.isEmpty ? nil : request.agentID,
                kind: request.kind.isEmpty ? nil : request.kind
            ).map(Governance_V1_DevelopmentRecord.init)
            return reply
        }
    }

    // MARK: Retention

    public func setRetention(request: Governance_V1_SetRetentionRequest, context: ServerContext) async throws
        -> Governance_V1_RetentionSetting
    {
        guard (0...36_500).contains(request.retentionDays) else {
            throw GovernanceError.invalid("retention_days must be 0 to 36500")
        }
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            try await database.setRetentionDays(Int(request.retentionDays), actor: actor)
            return Self.retentionMessage(tenant: request.tenant, try await database.retentionDays())
        }
    }

    public func purgeRecords(request: Governance_V1_PurgeRecordsRequest, context: ServerContext) async throws
        -> Governance_V1_PurgeRun
    {
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            Governance_V1_PurgeRun(try await Self.purge(database, actor: actor, today: ReviewService.today(), logEmpty: true))
        }
    }

    /// Purges `database`'s signed-off records past the tenant's retention on `today` (UTC).
    static func purge(_ database: TenantDatabase, actor: String, today: LocalDate, logEmpty: Bool) async throws
        -> PurgeRunRecord
    {
        try await database.purgeDevelopmentRecords(asOf: today, actor: actor, logEmpty: logEmpty) { signedOn, days in
            RetentionPolicy.isDue(signedOn: signedOn, retentionDays: days, asOf: today)
        }
    }

    public func listPurges(request: Governance_V1_ListPurgesRequest, context: ServerContext) async throws
        -> Governance_V1_ListPurgesReply
    {
        try await backend.withTenant(request.tenant) { database in
            var reply = Governance_V1_ListPurgesReply()
            reply.retention = Self.retentionMessage(tenant: request.tenant, try await database.retentionDays())
            reply.runs = try await database.purgeRuns().map(Governance_V1_PurgeRun.init)
            return reply
        }
    }

    static func retentionMessage(tenant: String, _ setting: (days: Int, explicit: Bool)) -> Governance_V1_RetentionSetting {
        var message = Governance_V1_RetentionSetting()
        message.tenant = tenant
        message.retentionDays = Int32(setting.days)
        message.explicit = setting.explicit
        return message
    }

    // MARK: 360 feedback

    public func createFeedbackRequest(
        request: Governance_V1_CreateFeedbackRequestRequest, context: ServerContext
    ) async throws -> Governance_V1_FeedbackRequest {
        let competencies = try request.competencies.map { raw in
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...64).contains(name.count) else { throw GovernanceError.invalid("a competency name has 1 to 64 characters") }
            return name
        }
        guard (1...20).contains(competencies.count), Set(competencies).count == competencies.count else {
            throw GovernanceError.invalid("give 1 to 20 distinct competencies")
        }
        guard (1...50).contains(request.respondents.count),
            Set(request.respondents.map(\.respondentID)).count == request.respondents.count
        else { throw GovernanceError.invalid("give 1 to 50 distinct respondents") }
        let invitees = try request.respondents.map { respondent in
            guard let relationship = FeedbackRelationship(rawValue: respondent.relationship) else {
                throw GovernanceError.invalid("relationship must be peer, supervisor, self or direct_report")
            }
            return (respondent.respondentID, relationship)
        }
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let roster = try await database.rosterPlacements(program: request.program)
            let subject = request.subjectID
            let subjectRow = roster.first { $0.agentID == subject }
            guard subjectRow != nil || roster.contains(where: { $0.supervisorID == subject }) else {
                throw Self.notOnRoster("agent", subject, program: request.program)
            }
            for (id, relationship) in invitees {
                let row = roster.first { $0.agentID == id }
                guard row != nil || roster.contains(where: { $0.supervisorID == id }) else {
                    throw Self.notOnRoster("respondent", id, program: request.program)
                }
                let fits: Bool
                switch relationship {
                case .selfReview: fits = id == subject
                case .supervisor: fits = subjectRow?.supervisorID == id
                case .directReport: fits = row?.supervisorID == subject
                case .peer: fits = id != subject && row != nil
                }
                guard fits else {
                    throw GovernanceError.invalid("respondent \(id) is not the subject's \(relationship.rawValue) on the roster")
                }
            }
            let stored = try await database.createFeedbackRequest(
                FeedbackRequestRecord(
                    programID: request.program, subjectID: subject, competencies: competencies,
                    respondents: invitees.map { FeedbackInvitee(respondentID: $0.0, relationship: $0.1.rawValue) }),
                actor: actor)
            return Governance_V1_FeedbackRequest(stored)
        }
    }

    public func submitFeedback(request: Governance_V1_SubmitFeedbackRequest, context: ServerContext) async throws
        -> Governance_V1_SubmitFeedbackReply
    {
        guard !request.ratings.isEmpty else { throw GovernanceError.invalid("give at least one rating") }
        var ratings: [String: Int] = [:]
        for rating in request.ratings {
            guard (1...5).contains(rating.rating) else { throw GovernanceError.invalid("ratings are 1 to 5") }
            guard ratings.updateValue(Int(rating.rating), forKey: rating.competency) == nil else {
                throw GovernanceError.invalid("each competency is rated at most once")
            }
        }
        let comment = request.comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard comment.count <= 2000 else { throw GovernanceError.invalid("comment is longer than 2000 characters") }
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            guard let stored = try await database.feedbackRequest(request.requestID) else {
                throw Self.feedbackNotFound(request.requestID)
            }
            guard stored.respondents.contains(where: { $0.respondentID == request.respondentID }) else {
                throw GovernanceError.notFound("respondent \(request.respondentID) is not invited to feedback request \(request.requestID)")
            }
            if let unknown = ratings.keys.sorted().first(where: { !stored.competencies.contains($0) }) {
                throw GovernanceError.invalid("competency '\(unknown.prefix(64))' is not one of the request's")
            }
            var reply = Governance_V1_SubmitFeedbackReply()
            reply.requestID = request.requestID
            reply.responsesReceived = Int32(
                try await database.submitFeedback(
                    request: request.requestID, respondent: request.respondentID, ratings: ratings, comment: comment,
                    actor: actor))
            return reply
        }
    }

    public func getFeedbackReport(request: Governance_V1_GetFeedbackReportRequest, context: ServerContext) async throws
        -> Governance_V1_FeedbackReport
    {
        try await backend.withTenant(request.tenant) { database in
            guard let stored = try await database.feedbackRequest(request.requestID) else {
                throw Self.feedbackNotFound(request.requestID)
            }
            let relationships = Dictionary(
                stored.respondents.map { ($0.respondentID, $0.relationship) }, uniquingKeysWith: { first, _ in first })
            let responses = try await database.feedbackResponses(request: request.requestID).compactMap { response in
                relationships[response.respondentID].flatMap(FeedbackRelationship.init(rawValue:)).map {
                    FeedbackResponse(respondentID: response.respondentID, relationship: $0, ratings: response.ratings)
                }
            }
            return Governance_V1_FeedbackReport(
                Feedback360.report(responses, competencies: stored.competencies), request: stored)
        }
    }

    // MARK: Incentives

    public func createEligibilityList(
        request: Governance_V1_CreateEligibilityListRequest, context: ServerContext
    ) async throws -> Governance_V1_EligibilityList {
        let period = try ScorecardService.period(request.period)
        guard let rule = EligibilityRule(name: request.rule, value: request.value) else {
            throw GovernanceError.invalid(
                "rule must be top_n (an integer ≥ 1), top_percent (0 < value ≤ 100) or min_percentile (0–100)")
        }
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            let setup = try await ScorecardSetup.load(
                backend: backend, database: database, program: request.program, month: period.firstMonth)
            let inputs = try await database.scorecardInputs(program: request.program, period: period)
            let ranked = setup.engine.agentScorecards(inputs).compactMap { card -> RankedCandidate? in
                guard let rank = card.rank, let composite = card.scorecard.composite else { return nil }
                return RankedCandidate(
                    agentID: card.agentID, rank: rank, composite: composite, percentile: card.percentile ?? 0,
                    gateCapped: card.scorecard.gateCapped)
            }
            let (eligible, text) = Eligibility.list(ranked, rule: rule)
            let stored = try await database.createEligibilityList(
                EligibilityListRecord(
                    programID: request.program, period: period.description, rule: rule.name, value: rule.value,
                    ruleText: text, rankedAgents: ranked.count,
                    agents: eligible.map {
                        EligibleAgentRecord(agentID: $0.agentID, rank: $0.rank, composite: $0.composite, percentile: $0.percentile)
                    }),
                actor: actor)
            return Governance_V1_EligibilityList(stored)
        }
    }

    public func listEligibilityLists(
        request: Governance_V1_ListEligibilityListsRequest, context: ServerContext
    ) async throws -> Governance_V1_ListEligibilityListsReply {
        let period = request.period.isEmpty ? nil : try ScorecardService.period(request.period).description
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            var reply = Governance_V1_ListEligibilityListsReply()
            reply.lists = try await database.eligibilityLists(program: request.program, period: period)
                .map(Governance_V1_EligibilityList.init)
            return reply
        }
    }

    // MARK: Validation and errors

    static func agentMetric(_ raw: String) throws(GovernanceError) -> Metric {
        guard let metric = Metric(rawValue: raw), metric.isAgentLevel else {
            throw GovernanceError.invalid(
                "metric must be an agent-level catalog metric (qa_score, compliance_rate, fcr_rate, csat, aht_seconds, occupancy, adherence), got '\(raw.prefix(40))'")
        }
        return metric
    }

    static func reviewDates(_ raw: [String]) throws(GovernanceError) -> [String] {
        guard raw.count <= 24 else { throw GovernanceError.invalid("at most 24 review dates") }
        var dates: [String] = []
        for text in raw { dates.append(try ReviewService.date(text, field: "review_dates").description) }
        return dates
    }

    static func outcome(_ raw: String) throws(GovernanceError) -> String {
        guard let outcome = PlanOutcome(rawValue: raw) else {
            throw GovernanceError.invalid("outcome must be open, completed, extended or failed, got '\(raw.prefix(40))'")
        }
        return outcome.rawValue
    }

    static func notOnRoster(_ what: String, _ id: String, program: String) -> GovernanceError {
        GovernanceError.notFound("\(what) \(id.prefix(64)) is not on the roster of program \(program)")
    }

    static func recordNotFound(_ id: Int64, program: String) -> GovernanceError {
        GovernanceError.notFound("record \(id) does not exist in program \(program)")
    }

    static func feedbackNotFound(_ id: Int64) -> GovernanceError {
        GovernanceError.notFound("feedback request \(id) does not exist")
    }
}
