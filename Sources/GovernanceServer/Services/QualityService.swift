import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import Ingest
import Quality
import Scorecards
import Storage

/// Quality management (`governance.v1.QualityService`, SPEC section 4, issue 5). Thin: storage
/// reads the evaluations, sessions and disputes, the Quality library computes, this maps.
public struct QualityService: Governance_V1_QualityService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    // MARK: Evaluations

    public func submitEvaluation(
        request: Governance_V1_SubmitEvaluationRequest, context: ServerContext
    ) async throws -> Governance_V1_SubmitEvaluationReply {
        for (value, field) in [
            (request.evaluationID, "evaluation_id"), (request.agentID, "agent_id"), (request.evaluatorID, "evaluator_id"),
            (request.interactionID, "interaction_id"), (request.formID, "form_id"),
        ] {
            try Identifier.validate(value, field: field)
        }
        for (value, field) in [
            (request.calibrationSessionID, "calibration_session_id"), (request.expertEvaluatorID, "expert_evaluator_id"),
        ] where !value.isEmpty {
            try Identifier.validate(value, field: field)
        }
        guard let evaluatedAt = Instant(request.evaluatedAt) else {
            throw GovernanceError.invalid("evaluated_at must be an RFC 3339 timestamp, got '\(request.evaluatedAt.prefix(40))'")
        }
        return try await backend.withTenant(request.tenant) { database in
            let program = try await ScorecardSetup.program(request.program, in: database)
            let form = QAFormKey(formID: request.formID, version: Int(request.formVersion))
            let forms = try await database.qaFormItems()
            guard let items = forms[form] else {
                let versions = forms.keys.filter { $0.formID == form.formID }.map { String($0.version) }.sorted()
                throw GovernanceError.invalid(
                    versions.isEmpty
                        ? "unknown QA form \(form.formID)"
                        : "QA form \(form.formID) has no version \(form.version) (known: \(versions.joined(separator: ", ")))")
            }
            var answers: [EvaluationAnswerRow] = []
            var seen = Set<String>()
            for answer in request.answers {
                guard let rule = items[answer.itemID] else {
                    throw GovernanceError.invalid(
                        "QA form \(form) has no item \(answer.itemID.prefix(64)) (items: \(items.keys.sorted().joined(separator: ", ")))")
                }
                guard seen.insert(answer.itemID).inserted else {
                    throw GovernanceError.invalid("item \(answer.itemID) is answered twice")
                }
                if let problem = rule.problem(points: answer.points, itemID: answer.itemID) {
                    throw GovernanceError.invalid(problem)
                }
                answers.append(EvaluationAnswerRow(evaluationID: request.evaluationID, itemID: answer.itemID, points: answer.points))
            }
            guard var resolver = LocalDateResolver(identifier: program.timezone) else {
                throw GovernanceError(code: .failedPrecondition, message: "program \(program.id) has an unknown time zone")
            }
            let row = EvaluationRow(
                evaluationID: request.evaluationID, programID: program.id, agentID: request.agentID,
                evaluatorID: request.evaluatorID, interactionID: request.interactionID, formID: form.formID,
                formVersion: form.version, evaluatedAt: evaluatedAt,
                calibrationSessionID: request.calibrationSessionID.isEmpty ? nil : request.calibrationSessionID,
                expertEvaluatorID: request.expertEvaluatorID.isEmpty ? nil : request.expertEvaluatorID,
                localDate: resolver.localDate(of: evaluatedAt))
            let replaced = try await database.submitEvaluation(
                row, answers: answers,
                audit: backend.audit(
                    tenant: request.tenant, action: "SubmitEvaluation",
                    detail: "evaluation \(row.evaluationID) of agent \(row.agentID) by \(row.evaluatorID) on \(form), \(answers.count) answers"))
            backend.bumpGeneration(tenant: request.tenant)
            let stored = try await database.evaluation(row.evaluationID)
            var reply = Governance_V1_SubmitEvaluationReply()
            reply.evaluationID = row.evaluationID
            if let score = stored?.qualityScore { reply.qualityScore = score }
            reply.compliancePass = stored?.compliant ?? false
            reply.replaced = replaced
            return reply
        }
    }

    // MARK: Calibration

    public func calibrationReport(
        request: Governance_V1_CalibrationReportRequest, context: ServerContext
    ) async throws -> Governance_V1_CalibrationReportReply {
        let months: ClosedRange<Month>?
        if request.period == "all" {
            months = nil
        } else {
            let period = try ScorecardService.period(request.period)
            months = period.firstMonth...period.lastMonth
        }
        // The bootstrap makes this the costliest quality read: cached until the tenant's next write.
        let key = "calibration|\(request.program)|\(request.period)"
        return try await backend.cached(tenant: request.tenant, key: key) {
            try await calibrationReply(request, months: months)
        }
    }

    private func calibrationReply(_ request: Governance_V1_CalibrationReportRequest, months: ClosedRange<Month>?)
        async throws -> Governance_V1_CalibrationReportReply
    {
        try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let rows = try await database.calibrationEvaluations(program: request.program)
            // A session belongs to the month of its earliest evaluation: filter whole sessions.
            var sessionMonth: [String: Month] = [:]
            for row in rows {
                let month = row.localDate.month
                if let known = sessionMonth[row.sessionID], known <= month { continue }
                sessionMonth[row.sessionID] = month
            }
            let selected = rows.filter { row in
                guard let months else { return true }
                return sessionMonth[row.sessionID].map(months.contains) ?? false
            }
            let report = CalibrationReport(evaluations: selected)
            var reply = Governance_V1_CalibrationReportReply(report.total)
            reply.tenant = request.tenant
            reply.program = request.program
            reply.period = request.period
            reply.months = report.months.map { Governance_V1_CalibrationMonth(month: $0.month, $0.summary) }
            reply.bootstrapResamples = Int32(CalibrationReport.defaultResamples)
            reply.bootstrapSeed = UInt32(CalibrationReport.defaultSeed)
            return reply
        }
    }

    // MARK: Coaching

    /// The tasks of `program` (or all), with each program's qa_score threshold per month.
    static func tasks(_ database: TenantDatabase, program: String?) async throws -> (
        tasks: [CoachingTask], programs: [ProgramRecord]
    ) {
        let programs = try await database.programs()
        var configs: [String: [ScorecardConfig]] = [:]
        for record in try await database.versions(.scorecard) {
            configs[record.programID, default: []].append(try ScorecardConfig(record))
        }
        let inputs = try await database.coachingInputs(program: program)
        let tasks = CoachingRules.tasks(
            evaluations: inputs.evaluations,
            threshold: { programID, month in
                configs[programID]?.filter { $0.effectiveFrom <= month }.max { $0.effectiveFrom < $1.effectiveFrom }?
                    .metrics.first { $0.metric == .qaScore }?.threshold
            },
            supervisors: inputs.supervisors, sessions: inputs.sessions)
        return (tasks, programs)
    }

    public func coachingQueue(
        request: Governance_V1_CoachingQueueRequest, context: ServerContext
    ) async throws -> Governance_V1_CoachingQueueReply {
        try Identifier.validate(request.supervisor, field: "supervisor")
        var asOf: LocalDate?
        if !request.asOf.isEmpty {
            guard let day = LocalDate(request.asOf) else {
                throw GovernanceError.invalid("as_of must be YYYY-MM-DD, got '\(request.asOf.prefix(40))'")
            }
            asOf = day
        }
        return try await backend.withTenant(request.tenant) { database in
            if !request.program.isEmpty { _ = try await ScorecardSetup.program(request.program, in: database) }
            let (all, programs) = try await Self.tasks(database, program: request.program.isEmpty ? nil : request.program)
            let inputs = try await database.coachingInputs(program: nil)
            guard inputs.supervisors.values.contains(request.supervisor) || all.contains(where: { $0.supervisorID == request.supervisor })
            else {
                throw GovernanceError.notFound("supervisor \(request.supervisor) supervises no agent on the roster")
            }
            let now = Instant(millis: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
            var today: [String: LocalDate] = [:]
            for program in programs {
                var resolver = LocalDateResolver(identifier: program.timezone)
                today[program.id] = resolver?.localDate(of: now)
            }
            var reply = Governance_V1_CoachingQueueReply()
            reply.tenant = request.tenant
            reply.supervisor = request.supervisor
            var open: Int32 = 0, overdue: Int32 = 0
            for task in all where task.supervisorID == request.supervisor {
                let day = asOf ?? today[task.programID] ?? now.utcDate
                let status = task.status(on: day)
                switch status {
                case .open: open += 1
                case .overdue: overdue += 1
                case .closed: guard request.includeClosed else { continue }
                }
                reply.tasks.append(Governance_V1_CoachingTask(task, status: status))
            }
            reply.open = open
            reply.overdue = overdue
            return reply
        }
    }

    public func recordCoachingSession(
        request: Governance_V1_RecordCoachingSessionRequest, context: ServerContext
    ) async throws -> Governance_V1_RecordCoachingSessionReply {
        let session = try Self.session(request)
        return try await backend.withTenant(request.tenant) { database in
            guard let evaluation = try await database.evaluation(session.evaluationID) else {
                throw GovernanceError.notFound("evaluation \(session.evaluationID) does not exist")
            }
            guard evaluation.agentID == session.agentID else {
                throw GovernanceError.invalid(
                    "agent_id \(session.agentID) is not the agent of evaluation \(session.evaluationID) (\(evaluation.agentID))")
            }
            try await database.recordCoachingSession(
                session,
                audit: backend.audit(
                    tenant: request.tenant, action: "RecordCoachingSession",
                    detail: "session \(session.sessionID) by \(session.supervisorID) for \(session.agentID) on evaluation \(session.evaluationID), focus \(session.focusMetrics.map(\.rawValue).joined(separator: ";"))"))
            backend.bumpGeneration(tenant: request.tenant)
            let task = try await Self.tasks(database, program: evaluation.programID).tasks
                .first { $0.evaluationID == session.evaluationID }
            var reply = Governance_V1_RecordCoachingSessionReply()
            reply.sessionID = session.sessionID
            reply.evaluationID = session.evaluationID
            reply.taskClosed = task != nil
            reply.closedOnTime = task?.closedOnTime ?? false
            return reply
        }
    }

    /// Validates a session request (SPEC sections 4 and 9) into a row.
    static func session(_ request: Governance_V1_RecordCoachingSessionRequest) throws(GovernanceError) -> CoachingSessionRow {
        for (value, field) in [
            (request.sessionID, "session_id"), (request.evaluationID, "evaluation_id"), (request.agentID, "agent_id"),
            (request.supervisorID, "supervisor_id"),
        ] {
            try Identifier.validate(value, field: field)
        }
        let names = request.focusMetrics.map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(names.count) else {
            throw GovernanceError.invalid(
                "a coaching session names one or two focus metrics, got \(names.count) (\(names.joined(separator: ", "))): coaching works on at most two behaviours at a time so the agent can act on them (SPEC section 4); split the rest into a later session")
        }
        var metrics: [Metric] = []
        for name in names {
            guard let metric = Metric(rawValue: name), metric.isAgentLevel else {
                let agentLevel = Metric.allCases.filter(\.isAgentLevel).map(\.rawValue).joined(separator: ", ")
                throw GovernanceError.invalid("focus metric '\(name.prefix(40))' is not an agent-level metric (\(agentLevel))")
            }
            guard !metrics.contains(metric) else { throw GovernanceError.invalid("focus metric \(name) is named twice") }
            metrics.append(metric)
        }
        guard let heldOn = LocalDate(request.heldOn), let followUp = LocalDate(request.followUpOn) else {
            throw GovernanceError.invalid("held_on and follow_up_on must be YYYY-MM-DD")
        }
        guard followUp >= heldOn else { throw GovernanceError.invalid("follow_up_on is before held_on") }
        let rootCause = request.rootCause.trimmingCharacters(in: .whitespacesAndNewlines)
        let commitment = request.commitment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !rootCause.isEmpty, !commitment.isEmpty else {
            throw GovernanceError.invalid("a coaching session needs a root cause and a commitment")
        }
        return CoachingSessionRow(
            sessionID: request.sessionID, evaluationID: request.evaluationID, agentID: request.agentID,
            supervisorID: request.supervisorID, heldOn: heldOn, focusMetrics: metrics, rootCause: rootCause,
            commitment: commitment, followUpOn: followUp)
    }

    public func coachingCompletion(
        request: Governance_V1_CoachingCompletionRequest, context: ServerContext
    ) async throws -> Governance_V1_CoachingCompletionReply {
        let period = try ScorecardService.period(request.month)
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let tasks = try await Self.tasks(database, program: request.program).tasks
            let completion = CoachingCompletion(tasks: tasks, period: period)
            var reply = Governance_V1_CoachingCompletionReply()
            reply.tenant = request.tenant
            reply.program = request.program
            reply.month = period.description
            reply.tasksOpened = Int32(completion.tasksOpened)
            reply.tasksDue = Int32(completion.tasksDue)
            reply.closedOnTime = Int32(completion.closedOnTime)
            if let value = completion.completion { reply.coachingCompletion = value }
            return reply
        }
    }

    public func coachingEffectiveness(
        request: Governance_V1_CoachingEffectivenessRequest, context: ServerContext
    ) async throws -> Governance_V1_CoachingEffectivenessReply {
        let period = try ScorecardService.period(request.period)
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let days = period.firstDay...period.lastDay
            let sessions = try await Self.tasks(database, program: request.program).tasks
                .compactMap(\.closedBy).filter { days.contains($0.heldOn) }
            var windows: [String: AgentWindowTotals] = [:]
            for session in sessions {
                for span in [CoachingEffectiveness.before(session.heldOn), CoachingEffectiveness.after(session.heldOn)] {
                    let key = "\(session.agentID)|\(span.lowerBound.dayNumber)"
                    if windows[key] == nil {
                        windows[key] = try await database.agentWindowTotals(
                            program: request.program, agent: session.agentID, days: span)
                    }
                }
            }
            let result = CoachingEffectiveness(sessions: sessions) { agent, span in
                windows["\(agent)|\(span.lowerBound.dayNumber)"] ?? AgentWindowTotals()
            }
            var reply = Governance_V1_CoachingEffectivenessReply()
            reply.tenant = request.tenant
            reply.program = request.program
            reply.period = period.description
            reply.total = Governance_V1_EffectivenessGroup(result.program)
            reply.supervisors = result.supervisors.map(Governance_V1_EffectivenessGroup.init)
            reply.effects = result.effects.map(Governance_V1_FocusEffect.init)
            return reply
        }
    }

    // MARK: Disputes

    public func openDispute(request: Governance_V1_OpenDisputeRequest, context: ServerContext) async throws -> Governance_V1_Dispute {
        try Identifier.validate(request.evaluationID, field: "evaluation_id")
        try Identifier.validate(request.itemID, field: "item_id")
        try Identifier.validate(request.openedBy, field: "opened_by")
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try DisputeRules.validateOpening(reason: reason)
        return try await backend.withTenant(request.tenant) { database in
            let tenant = request.tenant
            let dispute = try await database.openDispute(
                evaluationID: request.evaluationID, itemID: request.itemID, openedBy: request.openedBy, reason: reason,
                audit: { id in
                    backend.audit(
                        tenant: tenant, action: "OpenDispute",
                        detail: "\(id): \(request.openedBy) disputes item \(request.itemID) of evaluation \(request.evaluationID): \(reason)")
                })
            return Governance_V1_Dispute(dispute)
        }
    }

    public func resolveDispute(
        request: Governance_V1_ResolveDisputeRequest, context: ServerContext
    ) async throws -> Governance_V1_ResolveDisputeReply {
        try Identifier.validate(request.disputeID, field: "dispute_id")
        try Identifier.validate(request.resolvedBy, field: "resolved_by")
        let note = request.note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw GovernanceError.invalid("a resolution needs a note: say why") }
        let resolution: DisputeResolution
        switch request.outcome {
        case "upheld": resolution = .upheld
        case "changed":
            guard request.hasPoints else { throw GovernanceError.invalid("a changed resolution needs points") }
            resolution = .changed(points: request.points)
        default: throw GovernanceError.invalid("outcome must be upheld or changed, got '\(request.outcome.prefix(20))'")
        }
        return try await backend.withTenant(request.tenant) { database in
            let forms = try await database.qaFormItems()
            let tenant = request.tenant
            let result = try await database.resolveDispute(
                id: request.disputeID, resolvedBy: request.resolvedBy, note: note,
                decide: { dispute, evaluation in
                    let rule = forms[evaluation.form]?[dispute.itemID]
                    let outcome = try DisputeRules.resolve(
                        state: dispute.state, originalPoints: dispute.originalPoints, resolvedPoints: dispute.resolvedPoints,
                        with: resolution,
                        problem: { rule?.problem(points: $0, itemID: dispute.itemID) ?? nil })
                    if case .changed(let points) = resolution { return (outcome, points) }
                    return (outcome, nil)
                },
                audit: { dispute in
                    backend.audit(
                        tenant: tenant, action: "ResolveDispute",
                        detail: "\(dispute.id) \(dispute.state.rawValue) by \(request.resolvedBy): item \(dispute.itemID) of evaluation \(dispute.evaluationID) \(Self.points(dispute.originalPoints)) → \(dispute.resolvedPoints.map(Self.points) ?? "unchanged"): \(note)")
                })
            backend.bumpGeneration(tenant: request.tenant)
            var reply = Governance_V1_ResolveDisputeReply()
            reply.dispute = Governance_V1_Dispute(result.dispute)
            if let score = result.before.qualityScore { reply.qualityScoreBefore = score }
            if let score = result.after.qualityScore { reply.qualityScoreAfter = score }
            reply.complianceBefore = result.before.compliant
            reply.complianceAfter = result.after.compliant
            return reply
        }
    }

    public func listDisputes(
        request: Governance_V1_ListDisputesRequest, context: ServerContext
    ) async throws -> Governance_V1_ListDisputesReply {
        if !request.state.isEmpty, DisputeState(rawValue: request.state) == nil {
            throw GovernanceError.invalid("state must be open, upheld or changed")
        }
        return try await backend.withTenant(request.tenant) { database in
            if !request.program.isEmpty { _ = try await ScorecardSetup.program(request.program, in: database) }
            var reply = Governance_V1_ListDisputesReply()
            reply.disputes = try await database.disputes(
                program: request.program.isEmpty ? nil : request.program, state: request.state.isEmpty ? nil : request.state
            ).map(Governance_V1_Dispute.init)
            return reply
        }
    }

    // MARK: Sampling

    public func samplingPlan(
        request: Governance_V1_SamplingPlanRequest, context: ServerContext
    ) async throws -> Governance_V1_SamplingPlanReply {
        let period = try ScorecardService.period(request.period)
        guard (1...1000).contains(request.perAgent) else { throw GovernanceError.invalid("per_agent must be 1–1000") }
        let seed = request.hasSeed
            ? request.seed : SeededGenerator.seed("\(request.tenant)|\(request.program)|\(period)")
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let (candidates, evaluated) = try await database.samplingCandidates(
                program: request.program, days: period.firstDay...period.lastDay)
            let plan = SamplingPlan(candidates: candidates, evaluated: evaluated, perAgent: Int(request.perAgent), seed: seed)
            var reply = Governance_V1_SamplingPlanReply()
            reply.tenant = request.tenant
            reply.program = request.program
            reply.period = period.description
            reply.seed = seed
            reply.perAgent = request.perAgent
            reply.eligible = Int32(plan.eligible)
            reply.excludedEvaluated = Int32(plan.excluded)
            reply.interactions = plan.picks.map { pick in
                var message = Governance_V1_SampledInteraction()
                message.agentID = pick.agentID
                message.interactionID = pick.interactionID
                message.channel = pick.channel.rawValue
                return message
            }
            return reply
        }
    }

    static func points(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}
