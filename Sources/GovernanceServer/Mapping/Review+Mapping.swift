import GovernanceAPI
import GovernanceCore
import Review
import Scorecards
import Storage

extension ActionItem {
    /// The domain action of a stored one; `nil` when its metric or status is not known (never stored so).
    init?(_ record: ActionRecord) {
        guard let metric = Metric(rawValue: record.metric), let status = ActionStatus(rawValue: record.status) else {
            return nil
        }
        self.init(
            id: record.id, program: record.programID, reviewMonth: record.reviewMonth, metric: metric,
            title: record.title, owner: record.owner, dueDate: record.dueDate, status: status)
    }
}

extension Governance_V1_Action {
    /// An action with its history; overdue when not done and due before `date`.
    init(_ record: ActionRecord, overdueOn date: LocalDate) {
        self.init()
        id = record.id
        program = record.programID
        reviewMonth = record.reviewMonth.description
        metric = record.metric
        title = record.title
        owner = record.owner
        dueDate = record.dueDate.description
        status = record.status
        overdue = ActionItem(record)?.isOverdue(on: date) ?? false
        history = record.history.map { change in
            var message = Governance_V1_ActionChange()
            message.at = change.at
            message.actor = change.actor
            message.field = change.field
            message.oldValue = change.oldValue
            message.newValue = change.newValue
            message.note = change.note
            return message
        }
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }
}

extension Governance_V1_ReviewPackageReply {
    /// The package's findings; the caller adds tenant, program, scorecard and trend.
    init(_ package: ReviewPackage, stored: [ActionRecord]) {
        self.init()
        month = package.month.description
        thresholdAlerts = package.thresholdAlerts.map { alert in
            var message = Governance_V1_ThresholdAlert()
            message.metric = alert.metric.rawValue
            message.value = alert.value
            message.source = alert.source?.rawValue ?? ""
            message.threshold = alert.threshold
            message.target = alert.target
            message.insufficientSample = alert.insufficientSample
            return message
        }
        anomalies = package.anomalies.map { check in
            var message = Governance_V1_Anomaly()
            message.metric = check.metric.rawValue
            message.value = check.value
            message.source = check.source?.rawValue ?? ""
            message.median = check.median ?? 0
            message.mad = check.mad ?? 0
            if let z = check.z { message.z = z }
            message.method = check.method?.rawValue ?? ""
            message.meanAbsoluteDeviation = check.meanAbsoluteDeviation ?? 0
            message.historyMonths = Int32(check.history.count)
            return message
        }
        anomalyNoVerdict = package.withoutVerdict.map { check in
            var message = Governance_V1_AnomalyNoVerdict()
            message.metric = check.metric.rawValue
            message.value = check.value
            message.historyMonths = Int32(check.history.count)
            message.reason = check.noVerdictReason ?? ""
            return message
        }
        reconciliation = package.reconciliation.map { pair in
            var message = Governance_V1_ReconciliationMismatch()
            message.metric = pair.metric.rawValue
            message.computed = pair.computed
            message.reported = pair.reported
            message.difference = pair.difference
            message.tolerance = pair.tolerance
            message.toleranceRule = pair.toleranceRule
            return message
        }
        targetReview = package.targetReview.map { finding in
            var message = Governance_V1_TargetReviewItem()
            message.metric = finding.metric.rawValue
            message.recommendation = finding.recommendation.rawValue
            message.values = finding.values
            if let suggested = finding.suggestedTarget { message.suggestedTarget = suggested }
            message.target = finding.target
            message.threshold = finding.threshold
            return message
        }
        topGaps = package.topGaps.map { gap in
            var message = Governance_V1_TopGap()
            message.metric = gap.metric.rawValue
            message.pointsLost = gap.pointsLost
            return message
        }
        agentTargetCheck = package.agentTargetChecks.map { check in
            var message = Governance_V1_AgentTargetCheck()
            message.metric = check.metric.rawValue
            message.target = check.target
            message.agents = Int32(check.agents)
            message.meetingTarget = Int32(check.meetingTarget)
            if let share = check.sharePercent { message.sharePercent = share }
            message.flagged = check.flagged
            message.note = check.flagged ? AgentTargetCheck.flagNote : ""
            return message
        }
        let records = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        actions = package.actions.compactMap { item in
            records[item.id].map { Governance_V1_Action($0, overdueOn: package.month.lastDay) }
        }
    }
}

extension Governance_V1_ReviewPackageRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_CreateActionRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_UpdateActionStatusRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ListActionsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
