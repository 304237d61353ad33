import Foundation
import GovernanceAPI
import GovernanceCore
import Manifests
import SLATracking
import Scorecards
import Storage

extension SLASet {
    /// The ledger's form of a stored SLA version (the manifest's canonical JSON).
    init(_ record: VersionRecord) throws(GovernanceError) {
        let stored = try SLAVersion.decode(record)
        self.init(
            version: record.version, effectiveFrom: record.effectiveFrom,
            agreements: stored.slas.map { sla in
                ServiceLevelAgreement(
                    metric: sla.metric, minimum: sla.minimum, expected: sla.expected,
                    severity: sla.severity == .critical ? .critical : .key, allocationPct: sla.allocationPct ?? 0)
            })
    }
}

extension SLAVersion {
    /// Decodes a stored SLA version.
    static func decode(_ record: VersionRecord) throws(GovernanceError) -> SLAVersion {
        do {
            return try JSONDecoder().decode(SLAVersion.self, from: Data(record.config.utf8))
        } catch {
            throw GovernanceError(
                code: .internal, message: "SLA version \(record.version) of \(record.programID) is unreadable", cause: error)
        }
    }
}

extension SLAContract {
    /// The SLA terms of a program's settings.
    init(_ program: ProgramRecord) {
        self.init(
            monthlyFee: program.monthlyFee, atRiskPct: program.atRiskPct, poolAllocationPct: program.poolAllocationPct,
            earnBackMonths: program.earnBackMonths)
    }
}

extension Governance_V1_SlaMonthStatus {
    init(_ outcome: SLAOutcome, source: MetricSource?, exclusionID: Int64?) {
        self.init()
        let sla = outcome.agreement
        metric = sla.metric.rawValue
        severity = sla.severity.rawValue
        minimum = sla.minimum
        if let expected = sla.expected { self.expected = expected }
        if let value = outcome.value { self.value = value }
        status = outcome.status.rawValue
        noValue = outcome.noValue
        noValueReason = outcome.noValue ? SLANoValueReason.text(for: sla.metric) : ""
        allocationPct = sla.allocationPct
        credit = outcome.credit
        creditUncapped = outcome.uncappedCredit
        earnBack = outcome.earnBack.rawValue
        earnBackMonth = outcome.earnBackMonth?.description ?? ""
        earnBackMonthsMet = Int32(outcome.earnBackMonthsMet)
        creditReturned = outcome.creditReturned
        worseThanExpected = outcome.worseThanExpected
        self.source = outcome.value == nil ? "" : (source?.rawValue ?? "")
        self.exclusionID = outcome.status == .excluded ? (exclusionID ?? 0) : 0
    }
}

extension Governance_V1_CreditTotals {
    init(_ totals: CreditTotals) {
        self.init()
        creditsTotal = totals.total
        creditsReturned = totals.returned
        creditsNet = totals.net
    }
}

extension Governance_V1_SlaEscalation {
    init(_ escalation: SLAEscalation) {
        self.init()
        metric = escalation.metric.rawValue
        since = escalation.since.description
        monthsMissed = Int32(escalation.monthsMissed)
    }
}

extension Governance_V1_ExpectedLevelDefault {
    init(_ item: SLATracking.ExpectedLevelDefault) {
        self.init()
        metric = item.metric.rawValue
        expected = item.expected
        monthsWorse = Int32(item.months.count)
        months = item.months.map(\.description)
    }
}

extension Governance_V1_SlaExclusion {
    init(_ record: SLAExclusionRecord, existing: Bool = false) {
        self.init()
        id = record.id
        program = record.programID
        metric = record.metric
        month = record.month.description
        reason = record.reason
        evidence = record.evidence
        recordedBy = record.recordedBy
        recordedAt = record.recordedAt
        withdrawn = !record.isActive
        withdrawnBy = record.withdrawnBy ?? ""
        withdrawnAt = record.withdrawnAt ?? ""
        withdrawalReason = record.withdrawalReason ?? ""
        self.existing = existing
    }
}

extension Governance_V1_SlaVersionInfo {
    init(_ record: VersionRecord) {
        self.init()
        program = record.programID
        version = Int32(record.version)
        effectiveFrom = record.effectiveFrom.description
        author = record.author
        rationale = record.rationale
        createdAt = record.createdAt
        if let stored = try? SLAVersion.decode(record) {
            slas = stored.slas.map { sla in
                var term = Governance_V1_SlaTerm()
                term.metric = sla.metric.rawValue
                term.minimum = sla.minimum
                if let expected = sla.expected { term.expected = expected }
                term.severity = sla.severity.rawValue
                if let allocation = sla.allocationPct { term.allocationPct = allocation }
                return term
            }
        }
    }
}

extension Governance_V1_SlaProjectionLine {
    init(_ projection: SLAProjection) {
        self.init()
        let sla = projection.agreement
        metric = sla.metric.rawValue
        severity = sla.severity.rawValue
        minimum = sla.minimum
        ratio = true
        if let value = projection.monthToDate.value { self.value = value }
        numerator = projection.monthToDate.numerator
        denominator = projection.monthToDate.denominator
        remainingDenominator = projection.remainingDenominator
        if let required = projection.required { self.required = required }
        status = projection.status.rawValue
    }
}
