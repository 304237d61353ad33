import GovernanceAPI
import GovernanceCore
import Quality
import Storage

extension Governance_V1_CalibrationReportReply {
    /// The figures of a calibration summary (tenant, program and period are the caller's).
    init(_ summary: CalibrationSummary) {
        self.init()
        sessions = Int32(summary.sessions)
        rows = Int32(summary.rows)
        if let value = summary.calibrationMAD { calibrationMad = value }
        if let value = summary.withinTolerance { withinTolerance = value }
        if let value = summary.alpha { alpha = value }
        if let interval = summary.alphaInterval {
            alphaCiLow = interval.low
            alphaCiHigh = interval.high
        }
        evaluators = summary.evaluators.map { evaluator in
            var message = Governance_V1_EvaluatorCalibration()
            message.evaluatorID = evaluator.evaluatorID
            message.n = Int32(evaluator.n)
            message.mad = evaluator.mad
            message.bias = evaluator.bias
            message.flag = evaluator.flag ?? ""
            return message
        }
        flaggedEvaluators = summary.evaluators.filter { $0.flag != nil }.map(\.evaluatorID)
        items = summary.items.map { item in
            var message = Governance_V1_ItemAlignment()
            message.itemID = item.itemID
            message.answers = Int32(item.answers)
            message.alignment = item.alignment
            return message
        }
    }
}

extension Governance_V1_CalibrationMonth {
    init(month: Month, _ summary: CalibrationSummary) {
        self.init()
        self.month = month.description
        sessions = Int32(summary.sessions)
        rows = Int32(summary.rows)
        if let value = summary.calibrationMAD { calibrationMad = value }
        if let value = summary.withinTolerance { withinTolerance = value }
        if let value = summary.alpha { alpha = value }
    }
}

extension Governance_V1_CoachingTask {
    init(_ task: CoachingTask, status: CoachingStatus) {
        self.init()
        evaluationID = task.evaluationID
        program = task.programID
        agentID = task.agentID
        supervisorID = task.supervisorID
        openedOn = task.openedOn.description
        dueOn = task.dueOn.description
        self.status = status.rawValue
        reasons = task.reasons.map(\.rawValue)
        if let score = task.qualityScore { qualityScore = score }
        if let session = task.closedBy {
            sessionID = session.sessionID
            closedOn = session.heldOn.description
        }
    }
}

extension Governance_V1_EffectivenessGroup {
    init(_ group: EffectivenessGroup) {
        self.init()
        supervisorID = group.supervisorID
        sessions = Int32(group.sessions)
        measured = Int32(group.measured)
        improved = Int32(group.improved)
        if let share = group.shareImproved { shareImproved = share }
    }
}

extension Governance_V1_FocusEffect {
    init(_ effect: FocusEffect) {
        self.init()
        sessionID = effect.session.sessionID
        evaluationID = effect.session.evaluationID
        agentID = effect.session.agentID
        supervisorID = effect.session.supervisorID
        heldOn = effect.session.heldOn.description
        metric = effect.metric.rawValue
        if let value = effect.before { before = value }
        if let value = effect.after { after = value }
        if let value = effect.improved { improved = value }
    }
}

extension Governance_V1_Dispute {
    init(_ record: DisputeRecord) {
        self.init()
        disputeID = record.id
        evaluationID = record.evaluationID
        itemID = record.itemID
        program = record.programID
        agentID = record.agentID
        openedBy = record.openedBy
        reason = record.reason
        openedAt = record.openedAt
        state = record.state.rawValue
        originalPoints = record.originalPoints
        if let points = record.resolvedPoints { resolvedPoints = points }
        resolvedBy = record.resolvedBy ?? ""
        resolutionNote = record.resolutionNote ?? ""
        resolvedAt = record.resolvedAt ?? ""
        alreadyOpen = record.alreadyOpen
    }
}
