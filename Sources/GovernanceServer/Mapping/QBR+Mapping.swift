import GovernanceAPI
import QBR

// The QBR pack's data from the replies of the other services (never recomputed here).

extension QbrQuarterScore {
    /// A quarter's summary from its program scorecard.
    init(_ card: Governance_V1_Scorecard, quarter: String) {
        self.init(
            quarter: quarter, composite: card.hasComposite ? card.composite : nil, gateCapped: card.gateCapped,
            complete: card.complete, answered: Int(card.answered),
            categories: card.categories.map {
                QbrCategoryScore(category: $0.category, weight: $0.weight, score: $0.hasScore ? $0.score : nil)
            })
    }
}

extension QbrMetricLine {
    init(_ metric: Governance_V1_MetricScore) {
        self.init(
            metric: metric.metric, category: metric.category, value: metric.hasValue ? metric.value : nil,
            target: metric.target, threshold: metric.threshold, score: metric.hasScore ? metric.score : nil,
            insufficientSample: metric.insufficientSample)
    }
}

extension QbrCredits {
    init(_ totals: Governance_V1_CreditTotals) {
        self.init(creditsTotal: totals.creditsTotal, creditsReturned: totals.creditsReturned, creditsNet: totals.creditsNet)
    }
}

extension QbrSlaMonth {
    init(_ cell: Governance_V1_ComplianceCell) {
        self.init(
            month: cell.month, evaluated: cell.evaluated, met: Int(cell.met), missed: Int(cell.missed),
            excluded: Int(cell.excluded),
            credits: QbrCredits(
                creditsTotal: cell.creditsTotal, creditsReturned: cell.creditsReturned, creditsNet: cell.creditsNet))
    }
}

extension QbrSlaCell {
    init(_ status: Governance_V1_SlaMonthStatus, month: String) {
        self.init(
            month: month, status: status.status, value: status.hasValue ? status.value : nil, credit: status.credit,
            earnBack: status.earnBack, earnBackMonth: status.earnBackMonth, creditReturned: status.creditReturned)
    }

    /// A month the SLA was not evaluated in.
    static func notEvaluated(_ month: String) -> QbrSlaCell {
        QbrSlaCell(
            month: month, status: "not_evaluated", value: nil, credit: 0, earnBack: "none", earnBackMonth: "",
            creditReturned: 0)
    }
}

extension QbrHealthMonth {
    init(_ health: Governance_V1_ProgramHealth) {
        self.init(
            month: health.month, headcount: health.headcount, activeOnLastDay: Int(health.activeOnLastDay),
            plannedFte: health.hasPlannedFte ? health.plannedFte : nil, terminations: Int(health.terminations),
            attritionRate: health.hasAttritionRate ? health.attritionRate : nil,
            tenureMedianDays: health.hasTenureMedianDays ? health.tenureMedianDays : nil,
            enps: health.hasEnps ? health.enps : nil, enpsResponses: Int(health.enpsResponses))
    }
}

extension QbrCoaching {
    init(_ reply: Governance_V1_CoachingCompletionReply) {
        self.init(
            period: reply.month, tasksDue: Int(reply.tasksDue), closedOnTime: Int(reply.closedOnTime),
            coachingCompletion: reply.hasCoachingCompletion ? reply.coachingCompletion : nil)
    }
}

extension QbrBenchmarkLine {
    /// The line of `program` in a benchmark reply; `nil` when the program has no value on the subject.
    init?(_ reply: Governance_V1_BenchmarkReply, program: String) {
        guard let line = reply.programs.first(where: { $0.programID == program }) else { return nil }
        let cohort = reply.cohort
        self.init(
            subject: reply.subject, value: line.value, percentile: line.hasPercentile ? line.percentile : nil,
            rank: Int(line.rank), cohortPrograms: Int(cohort.programs), cohortTenants: Int(cohort.tenants),
            p25: cohort.hasP25 ? cohort.p25 : nil, p50: cohort.hasP50 ? cohort.p50 : nil,
            p75: cohort.hasP75 ? cohort.p75 : nil, withheld: cohort.withheld)
    }
}

extension QbrAnomaly {
    init(_ anomaly: Governance_V1_Anomaly, month: String) {
        self.init(
            month: month, metric: anomaly.metric, value: anomaly.value, median: anomaly.median,
            z: anomaly.hasZ ? anomaly.z : nil, method: anomaly.method)
    }
}

extension QbrTargetReview {
    init(_ item: Governance_V1_TargetReviewItem, month: String) {
        self.init(
            month: month, metric: item.metric, recommendation: item.recommendation,
            suggestedTarget: item.hasSuggestedTarget ? item.suggestedTarget : nil, target: item.target,
            threshold: item.threshold)
    }
}

extension QbrAction {
    init(_ action: Governance_V1_Action) {
        self.init(
            id: Int(action.id), title: action.title, owner: action.owner, dueDate: action.dueDate,
            status: action.status, overdue: action.overdue)
    }
}

extension Governance_V1_BuildQbrRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
