import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import Manifests
import SLATracking
import Scorecards
import Storage

/// SLA status, credits, earn-back, breach history, the compliance matrix, the in-month projection,
/// exclusions and SLA versions (`governance.v1.SlaService`, SPEC section 6). Thin: storage reads
/// the scorecard inputs, versions and exclusions, the SLATracking library evaluates, this maps.
public struct SLAService: Governance_V1_SlaService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    public func getSlaStatus(request: Governance_V1_SlaStatusRequest, context: ServerContext) async throws
        -> Governance_V1_SlaStatus
    {
        let month = try Self.month(request.month, field: "month")
        return try await backend.cached(tenant: request.tenant, key: "sla-status|\(request.program)|\(month)") {
            try await backend.withTenant(request.tenant) { database in
                let book = try await SLABook.load(database: database, program: request.program)
                guard let through = book.through, month <= through else {
                    throw GovernanceError(
                        code: .failedPrecondition,
                        message: "program \(request.program) has no data \(book.through.map { "after \($0)" } ?? "yet"): \(month) cannot be evaluated")
                }
                var reply = Governance_V1_SlaStatus()
                reply.tenant = request.tenant
                reply.program = request.program
                reply.month = month.description
                reply.dataThrough = through.description
                reply.monthlyFee = book.program.monthlyFee
                reply.atRiskPct = book.program.atRiskPct
                reply.earnBackMonths = Int32(book.program.earnBackMonths)
                reply.cap = book.ledger.contract.cap
                if let evaluated = book.ledger[month] {
                    reply.slaVersion = Int32(evaluated.version ?? 0)
                    reply.slas = book.statuses(evaluated)
                    reply.capped = evaluated.capped
                    reply.creditsTotal = evaluated.credits.total
                    reply.creditsReturned = evaluated.credits.returned
                    reply.creditsNet = evaluated.credits.net
                    reply.escalations = evaluated.escalations.map(Governance_V1_SlaEscalation.init)
                    reply.expectedDefaults = evaluated.expectedDefaults.map(Governance_V1_ExpectedLevelDefault.init)
                }
                reply.ytdProgram = Governance_V1_CreditTotals(book.ledger.yearToDate(month))
                var tenantTotals = CreditTotals()
                for program in try await database.programs() {
                    let other = program.id == book.program.id ? book : try await SLABook.load(database: database, program: program.id)
                    tenantTotals = tenantTotals + other.ledger.yearToDate(month)
                }
                reply.ytdTenant = Governance_V1_CreditTotals(tenantTotals)
                return reply
            }
        }
    }

    public func getBreachHistory(request: Governance_V1_BreachHistoryRequest, context: ServerContext) async throws
        -> Governance_V1_BreachHistory
    {
        let months = try Self.range(from: request.from, to: request.to)
        return try await backend.withTenant(request.tenant) { database in
            let books = try await SLABook.loadAll(database: database, program: request.program)
            var reply = Governance_V1_BreachHistory()
            reply.tenant = request.tenant
            reply.from = request.from
            reply.to = request.to
            var totals = CreditTotals()
            for month in months {
                for book in books {
                    guard let evaluated = book.ledger[month], month <= (book.through ?? month) else { continue }
                    totals = totals + evaluated.credits
                    let escalated = Set(evaluated.escalations.map(\.metric))
                    for outcome in evaluated.outcomes where outcome.status == .missed {
                        var breach = Governance_V1_SlaBreach()
                        breach.program = book.program.id
                        breach.month = month.description
                        breach.metric = outcome.agreement.metric.rawValue
                        breach.severity = outcome.agreement.severity.rawValue
                        breach.minimum = outcome.agreement.minimum
                        if let value = outcome.value { breach.value = value }
                        breach.noValue = outcome.noValue
                        breach.credit = outcome.credit
                        breach.earnBack = outcome.earnBack.rawValue
                        breach.earnBackMonth = outcome.earnBackMonth?.description ?? ""
                        breach.creditReturned = outcome.creditReturned
                        breach.escalation = escalated.contains(outcome.agreement.metric)
                        reply.breaches.append(breach)
                    }
                }
            }
            reply.totals = Governance_V1_CreditTotals(totals)
            return reply
        }
    }

    public func getComplianceMatrix(request: Governance_V1_ComplianceMatrixRequest, context: ServerContext) async throws
        -> Governance_V1_ComplianceMatrix
    {
        let months = try Self.range(from: request.from, to: request.to)
        return try await backend.withTenant(request.tenant) { database in
            let books = try await SLABook.loadAll(database: database, program: "")
            var reply = Governance_V1_ComplianceMatrix()
            reply.tenant = request.tenant
            reply.months = months.map(\.description)
            var all = CreditTotals()
            for book in books {
                var row = Governance_V1_ComplianceRow()
                row.program = book.program.id
                var totals = CreditTotals()
                for month in months {
                    var cell = Governance_V1_ComplianceCell()
                    cell.month = month.description
                    if let evaluated = book.ledger[month], evaluated.version != nil {
                        cell.evaluated = true
                        for outcome in evaluated.outcomes {
                            switch outcome.status {
                            case .met: cell.met += 1
                            case .missed:
                                cell.missed += 1
                                cell.missedMetrics.append(outcome.agreement.metric.rawValue)
                            case .excluded:
                                cell.excluded += 1
                                cell.excludedMetrics.append(outcome.agreement.metric.rawValue)
                            }
                        }
                        cell.creditsTotal = evaluated.credits.total
                        cell.creditsReturned = evaluated.credits.returned
                        cell.creditsNet = evaluated.credits.net
                        totals = totals + evaluated.credits
                    }
                    row.cells.append(cell)
                }
                row.totals = Governance_V1_CreditTotals(totals)
                all = all + totals
                reply.programs.append(row)
            }
            reply.totals = Governance_V1_CreditTotals(all)
            return reply
        }
    }

    public func getSlaProjection(request: Governance_V1_SlaProjectionRequest, context: ServerContext) async throws
        -> Governance_V1_SlaProjection
    {
        let asked = request.month.isEmpty ? nil : try Self.month(request.month, field: "month")
        return try await backend.withTenant(request.tenant) { database in
            let program = try await ScorecardSetup.program(request.program, in: database)
            var reply = Governance_V1_SlaProjection()
            reply.tenant = request.tenant
            reply.program = request.program
            var latest = asked
            if latest == nil { latest = try await database.lastInteractionDay(program: program.id)?.month }
            guard let month = latest else {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "program \(request.program) has no interactions yet: give --month to project a month")
            }
            reply.month = month.description
            reply.daysInMonth = Int32(month.dayCount)
            let day = try await database.lastInteractionDay(program: program.id, in: month)?.components.day ?? 0
            reply.day = Int32(day)
            let sets = try await database.versions(.sla, program: program.id).map(SLASet.init)
            guard let set = sets.last(where: { $0.effectiveFrom <= month }) else { return reply }
            reply.slaVersion = Int32(set.version)
            let inputs = try await database.scorecardInputs(program: program.id, period: .month(month))
            let formula = ServiceLevelFormula(rawValue: program.serviceLevelFormula) ?? .excludeShortAbandons
            let metrics = MetricCalculator(serviceLevelFormula: formula).programMetrics(inputs)
            for agreement in set.agreements {
                if let fraction = RatioFraction.of(
                    agreement.metric, interactions: inputs.programInteractions, evaluations: inputs.programEvaluations,
                    formula: formula)
                {
                    reply.slas.append(
                        Governance_V1_SlaProjectionLine(
                            SLAProjection(agreement: agreement, monthToDate: fraction, day: day, daysInMonth: month.dayCount)))
                } else {
                    var line = Governance_V1_SlaProjectionLine()
                    line.metric = agreement.metric.rawValue
                    line.severity = agreement.severity.rawValue
                    line.minimum = agreement.minimum
                    if let value = metrics[agreement.metric]?.value { line.value = value }
                    line.status = "not_ratio"
                    reply.slas.append(line)
                }
            }
            return reply
        }
    }

    public func addExclusion(request: Governance_V1_AddExclusionRequest, context: ServerContext) async throws
        -> Governance_V1_SlaExclusion
    {
        let principal = try RequestContext.requirePrincipal()
        guard let metric = Metric(rawValue: request.metric) else {
            throw GovernanceError.invalid("unknown metric '\(request.metric.prefix(64))'")
        }
        let month = try Self.month(request.month, field: "month")
        let reason = try Self.text(request.reason, field: "reason")
        let evidence = try Self.text(request.evidence, field: "evidence (a ticket, incident or document reference)")
        return try await backend.withTenant(request.tenant) { database in
            let program = try await ScorecardSetup.program(request.program, in: database)
            let sets = try await database.versions(.sla, program: program.id).map(SLASet.init)
            guard sets.last(where: { $0.effectiveFrom <= month })?.agreement(for: metric) != nil else {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "program \(program.id) has no SLA on \(metric.rawValue) in force at \(month): nothing to exclude")
            }
            let tenant = request.tenant
            let actor = backend.audit(tenant: tenant, action: "AddSlaExclusion", detail: "")
            let (record, existing) = try await database.addSLAExclusion(
                program: program.id, metric: metric.rawValue, month: month, reason: reason, evidence: evidence,
                recordedBy: principal.tokenID
            ) { id in
                var draft = actor
                draft.detail =
                    "excluded \(metric.rawValue) of \(program.id) for \(month) (exclusion \(id)): \(reason); evidence: \(evidence)"
                return draft
            }
            if !existing { backend.bumpGeneration(tenant: tenant) }
            return Governance_V1_SlaExclusion(record, existing: existing)
        }
    }

    public func listExclusions(request: Governance_V1_ListExclusionsRequest, context: ServerContext) async throws
        -> Governance_V1_ListExclusionsReply
    {
        try await backend.withTenant(request.tenant) { database in
            if !request.program.isEmpty { _ = try await ScorecardSetup.program(request.program, in: database) }
            var reply = Governance_V1_ListExclusionsReply()
            reply.exclusions = try await database.slaExclusions(
                program: request.program.isEmpty ? nil : request.program, includeWithdrawn: request.includeWithdrawn
            ).map { Governance_V1_SlaExclusion($0) }
            return reply
        }
    }

    public func withdrawExclusion(request: Governance_V1_WithdrawExclusionRequest, context: ServerContext) async throws
        -> Governance_V1_SlaExclusion
    {
        let principal = try RequestContext.requirePrincipal()
        let reason = try Self.text(request.reason, field: "reason")
        return try await backend.withTenant(request.tenant) { database in
            let program = try await ScorecardSetup.program(request.program, in: database)
            let actor = backend.audit(tenant: request.tenant, action: "WithdrawSlaExclusion", detail: "")
            guard
                let record = try await database.withdrawSLAExclusion(
                    id: request.exclusionID, program: program.id, withdrawnBy: principal.tokenID, reason: reason,
                    audit: { record in
                        var draft = actor
                        draft.detail =
                            "withdrew exclusion \(record.id) (\(record.metric) of \(record.programID) for \(record.month)): \(reason)"
                        return draft
                    })
            else {
                throw GovernanceError.notFound("exclusion \(request.exclusionID) of program \(program.id) does not exist")
            }
            backend.bumpGeneration(tenant: request.tenant)
            return Governance_V1_SlaExclusion(record)
        }
    }

    public func listSlaVersions(request: Governance_V1_ListSlaVersionsRequest, context: ServerContext) async throws
        -> Governance_V1_ListSlaVersionsReply
    {
        try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            var reply = Governance_V1_ListSlaVersionsReply()
            reply.versions = try await database.versions(.sla, program: request.program).map(Governance_V1_SlaVersionInfo.init)
            return reply
        }
    }

    public func addSlaVersion(request: Governance_V1_AddSlaVersionRequest, context: ServerContext) async throws
        -> Governance_V1_SlaVersionInfo
    {
        let effectiveFrom = try Self.month(request.effectiveFrom, field: "effective_from")
        let author = try Self.text(request.author, field: "author")
        let rationale = try Self.text(request.rationale, field: "rationale (say why the contract changes)")
        // Validate with the rules of SPEC section 6 before anything is read or stored.
        let agreements = try request.slas.map { term throws(GovernanceError) in
            try ServiceLevelAgreement.validated(
                metric: term.metric, minimum: term.minimum, expected: term.hasExpected ? term.expected : nil,
                severity: term.severity, allocationPct: term.hasAllocationPct ? term.allocationPct : nil)
        }
        let set = SLASet(version: 0, effectiveFrom: effectiveFrom, agreements: agreements)
        let document: [String: Any] = [
            "effective_from": effectiveFrom.description, "author": author, "rationale": rationale,
            "slas": agreements.map { sla -> [String: Any] in
                var item: [String: Any] = [
                    "metric": sla.metric.rawValue, "minimum": sla.minimum, "severity": sla.severity.rawValue,
                ]
                if let expected = sla.expected { item["expected"] = expected }
                if sla.severity == .critical { item["allocation_pct"] = sla.allocationPct }
                return item
            },
        ]
        let version = try JSONDecoder().decode(SLAVersion.self, from: JSONSerialization.data(withJSONObject: document))
        return try await backend.withTenant(request.tenant) { database in
            let program = try await ScorecardSetup.program(request.program, in: database)
            try set.validate(poolAllocationPct: program.poolAllocationPct)
            let stored = try await database.versions(.sla, program: program.id)
            var plan = ManifestPlan()
            try plan.addVersions(
                kind: .sla, program: program.id, wanted: [(effectiveFrom, author, rationale, version.canonicalJSON())],
                stored: stored, now: AdminService.now())
            guard case .addVersion(let record)? = plan.changes.first else {
                guard let same = stored.first(where: { $0.effectiveFrom == effectiveFrom }) else {
                    throw GovernanceError(code: .internal, message: "version plan is empty")
                }
                return Governance_V1_SlaVersionInfo(same)
            }
            try await database.apply(
                plan.changes,
                audit: plan.lines.map { backend.audit(tenant: request.tenant, action: "AddSlaVersion", detail: $0) })
            backend.bumpGeneration(tenant: request.tenant)
            return Governance_V1_SlaVersionInfo(record)
        }
    }

    // MARK: Input

    static func month(_ text: String, field: String) throws(GovernanceError) -> Month {
        guard let month = Month(text) else {
            throw GovernanceError.invalid("\(field) must be YYYY-MM, got '\(text.prefix(40))'")
        }
        return month
    }

    static func range(from: String, to: String) throws(GovernanceError) -> [Month] {
        let first = try month(from, field: "from"), last = try month(to, field: "to")
        let months = Month.range(from: first, to: last)
        guard !months.isEmpty, months.count <= 120 else {
            throw GovernanceError.invalid("the range must hold 1 to 120 months (from ≤ to)")
        }
        return months
    }

    static func text(_ text: String, field: String) throws(GovernanceError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw GovernanceError.invalid("\(field) is required") }
        guard trimmed.utf8.count <= 4096 else { throw GovernanceError.invalid("\(field) may be at most 4,096 bytes") }
        return trimmed
    }
}

/// One program's SLA ledger with what it was computed from.
struct SLABook: Sendable {
    var program: ProgramRecord
    /// The last month with data; `nil` when the program has none.
    var through: Month?
    var ledger: SLALedger
    var metrics: [Month: MetricSet]
    /// Active exclusions by SLA and month.
    var exclusions: [SLAMonthKey: Int64]

    /// Loads versions, exclusions and metric values (the scorecard machinery's, whatever the
    /// sample size) from the first SLA version through the last month with data.
    static func load(database: TenantDatabase, program id: String) async throws -> SLABook {
        let program = try await ScorecardSetup.program(id, in: database)
        let sets = try await database.versions(.sla, program: id).map(SLASet.init)
        let through = try await database.activeMonths(program: id).last
        var exclusions: [SLAMonthKey: Int64] = [:]
        for record in try await database.slaExclusions(program: id, includeWithdrawn: false) {
            guard let metric = Metric(rawValue: record.metric) else { continue }
            exclusions[SLAMonthKey(metric: metric, month: record.month)] = record.id
        }
        var metrics: [Month: MetricSet] = [:]
        if let first = sets.map(\.effectiveFrom).min(), let through, first <= through {
            let months = Month.range(from: first, to: through)
            let formula = ServiceLevelFormula(rawValue: program.serviceLevelFormula) ?? .excludeShortAbandons
            let calculator = MetricCalculator(serviceLevelFormula: formula)
            let inputs = try await database.scorecardInputs(program: id, periods: months.map(Period.month))
            for (month, monthInputs) in zip(months, inputs) { metrics[month] = calculator.programMetrics(monthInputs) }
        }
        var values: [Month: [Metric: Double]] = [:]
        for (month, set) in metrics {
            values[month] = set.values.compactMapValues(\.value)
        }
        let ledger = SLALedger(
            contract: SLAContract(program), versions: sets, values: values, exclusions: Set(exclusions.keys),
            through: through ?? Month(index: 0))
        return SLABook(program: program, through: through, ledger: ledger, metrics: metrics, exclusions: exclusions)
    }

    /// The book of `program`, or of every program of the tenant when it is empty.
    static func loadAll(database: TenantDatabase, program: String) async throws -> [SLABook] {
        if !program.isEmpty { return [try await load(database: database, program: program)] }
        var books: [SLABook] = []
        for record in try await database.programs() { books.append(try await load(database: database, program: record.id)) }
        return books
    }

    func statuses(_ month: SLAMonth) -> [Governance_V1_SlaMonthStatus] {
        month.outcomes.map { outcome in
            Governance_V1_SlaMonthStatus(
                outcome, source: metrics[month.month]?[outcome.agreement.metric]?.source,
                exclusionID: exclusions[SLAMonthKey(metric: outcome.agreement.metric, month: month.month)])
        }
    }
}
