import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import Manifests
import Scorecards
import Storage

/// Program and agent scorecards, rankings, trends, annual reviews and versions
/// (`governance.v1.ScorecardService`). Thin: storage reads the inputs, the Scorecards library
/// computes, this maps to and from the protocol.
public struct ScorecardService: Governance_V1_ScorecardService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    public func getProgramScorecard(
        request: Governance_V1_ProgramScorecardRequest, context: ServerContext
    ) async throws -> Governance_V1_Scorecard {
        let period = try Self.period(request.period)
        let key = "program|\(request.program)|\(period)|\(request.architectureVersion)|\(request.scorecardVersion)"
        return try await backend.cached(tenant: request.tenant, key: key) {
            try await backend.withTenant(request.tenant) { database in
                let setup = try await ScorecardSetup.load(
                    backend: backend, database: database, program: request.program, month: period.firstMonth,
                    architectureVersion: request.hasArchitectureVersion ? Int(request.architectureVersion) : nil,
                    scorecardVersion: request.hasScorecardVersion ? Int(request.scorecardVersion) : nil)
                let inputs = try await database.scorecardInputs(program: request.program, period: period)
                return setup.programMessage(inputs, tenant: request.tenant)
            }
        }
    }

    public func listAgentScorecards(
        request: Governance_V1_AgentScorecardsRequest, context: ServerContext
    ) async throws -> Governance_V1_AgentRanking {
        let period = try Self.period(request.period)
        return try await backend.cached(tenant: request.tenant, key: "agents|\(request.program)|\(period)") {
            try await backend.withTenant(request.tenant) { database in
                let setup = try await ScorecardSetup.load(
                    backend: backend, database: database, program: request.program, month: period.firstMonth)
                let inputs = try await database.scorecardInputs(program: request.program, period: period)
                var reply = Governance_V1_AgentRanking()
                reply.tenant = request.tenant
                reply.program = request.program
                reply.period = period.description
                reply.architectureVersion = Int32(setup.engine.architecture.version)
                reply.scorecardVersion = Int32(setup.engine.config.version)
                reply.agents = setup.engine.agentScorecards(inputs).map {
                    Governance_V1_Scorecard($0, tenant: request.tenant, program: request.program)
                }
                return reply
            }
        }
    }

    public func getAgentScorecard(
        request: Governance_V1_AgentScorecardRequest, context: ServerContext
    ) async throws -> Governance_V1_Scorecard {
        var ranking = Governance_V1_AgentScorecardsRequest()
        ranking.tenant = request.tenant
        ranking.program = request.program
        ranking.period = request.period
        let all = try await listAgentScorecards(request: ranking, context: context)
        guard let card = all.agents.first(where: { $0.agentID == request.agentID }) else {
            throw GovernanceError.notFound(
                "agent \(request.agentID) has no scorecard in program \(request.program) for \(request.period) (not on the roster and no records)")
        }
        return card
    }

    public func getAnnualReview(
        request: Governance_V1_AnnualReviewRequest, context: ServerContext
    ) async throws -> Governance_V1_AnnualReview {
        let last: Month
        if !request.endingMonth.isEmpty {
            guard let month = Month(request.endingMonth) else {
                throw GovernanceError.invalid("ending_month must be YYYY-MM, got '\(request.endingMonth)'")
            }
            last = month
        } else if (1900...9999).contains(request.year) {
            last = Month(year: Int(request.year), month: 12)
        } else {
            throw GovernanceError.invalid("give year (YYYY) or ending_month (YYYY-MM)")
        }
        let months = Month.range(from: last.adding(months: -11), to: last)
        return try await backend.withTenant(request.tenant) { database in
            let inputs = try await database.scorecardInputs(program: request.program, periods: months.map(Period.month))
            var entries: [MonthlyComposite] = []
            var known = false
            for (month, monthInputs) in zip(months, inputs) {
                guard let setup = try await ScorecardSetup.loadIfConfigured(
                    backend: backend, database: database, program: request.program, month: month)
                else {
                    entries.append(MonthlyComposite(month: month, composite: nil, answered: 0))
                    continue
                }
                if monthInputs.agentIDs.contains(request.agentID) { known = true }
                let card = setup.engine.agentScorecard(request.agentID, monthInputs)
                entries.append(MonthlyComposite(month: month, composite: card.scorecard.composite, answered: card.answered))
            }
            guard known else {
                throw GovernanceError.notFound(
                    "agent \(request.agentID) has no scorecard in program \(request.program) between \(months[0]) and \(last)")
            }
            let review = AnnualReview(endingAt: last, months: entries)
            var reply = Governance_V1_AnnualReview()
            reply.tenant = request.tenant
            reply.program = request.program
            reply.agentID = request.agentID
            reply.firstMonth = review.firstMonth.description
            reply.lastMonth = review.lastMonth.description
            reply.months = entries.map { entry in
                var message = Governance_V1_MonthlyComposite()
                message.month = entry.month.description
                if let composite = entry.composite { message.composite = composite }
                message.answered = Int64(entry.answered)
                return message
            }
            if let annual = review.annualComposite { reply.annualComposite = annual }
            if let slope = review.slope { reply.slope = slope }
            reply.trajectory = review.trajectory?.rawValue ?? ""
            return reply
        }
    }

    public func getTrend(request: Governance_V1_TrendRequest, context: ServerContext) async throws -> Governance_V1_Trend {
        guard let from = Month(request.from), let to = Month(request.to) else {
            throw GovernanceError.invalid("from and to must be YYYY-MM")
        }
        let months = Month.range(from: from, to: to)
        guard !months.isEmpty, months.count <= 120 else {
            throw GovernanceError.invalid("the range must hold 1 to 120 months (from ≤ to)")
        }
        return try await backend.cached(tenant: request.tenant, key: "trend|\(request.program)|\(from)|\(to)") {
            try await backend.withTenant(request.tenant) { database in
                _ = try await ScorecardSetup.program(request.program, in: database)
                let inputs = try await database.scorecardInputs(program: request.program, periods: months.map(Period.month))
                var reply = Governance_V1_Trend()
                reply.tenant = request.tenant
                reply.program = request.program
                reply.points = try await ScorecardSetup.trend(
                    backend: backend, database: database, program: request.program, months: months, inputs: inputs)
                return reply
            }
        }
    }

    public func compareVersions(
        request: Governance_V1_CompareVersionsRequest, context: ServerContext
    ) async throws -> Governance_V1_VersionComparison {
        let period = try Self.period(request.period)
        return try await backend.withTenant(request.tenant) { database in
            let asScored = try await ScorecardSetup.load(
                backend: backend, database: database, program: request.program, month: period.firstMonth)
            let rescored = try await ScorecardSetup.load(
                backend: backend, database: database, program: request.program, month: period.firstMonth,
                architectureVersion: request.hasArchitectureVersion ? Int(request.architectureVersion) : nil,
                scorecardVersion: request.hasScorecardVersion ? Int(request.scorecardVersion) : nil)
            let inputs = try await database.scorecardInputs(program: request.program, period: period)
            var reply = Governance_V1_VersionComparison()
            reply.asScored = asScored.programMessage(inputs, tenant: request.tenant)
            reply.rescored = rescored.programMessage(inputs, tenant: request.tenant)
            if reply.asScored.hasComposite && reply.rescored.hasComposite {
                reply.compositeChange = reply.rescored.composite - reply.asScored.composite
            }
            return reply
        }
    }

    public func listScorecardVersions(
        request: Governance_V1_ListScorecardVersionsRequest, context: ServerContext
    ) async throws -> Governance_V1_ListScorecardVersionsReply {
        try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            var reply = Governance_V1_ListScorecardVersionsReply()
            reply.versions = try await database.versions(.scorecard, program: request.program)
                .map(Governance_V1_ScorecardVersionInfo.init)
            return reply
        }
    }

    public func addScorecardVersion(
        request: Governance_V1_AddScorecardVersionRequest, context: ServerContext
    ) async throws -> Governance_V1_ScorecardVersionInfo {
        guard let effectiveFrom = Month(request.effectiveFrom) else {
            throw GovernanceError.invalid("effective_from must be YYYY-MM, got '\(request.effectiveFrom)'")
        }
        let author = request.author.trimmingCharacters(in: .whitespacesAndNewlines)
        let rationale = request.rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !author.isEmpty else { throw GovernanceError.invalid("author is required") }
        guard !rationale.isEmpty else {
            throw GovernanceError.invalid("rationale is required: say why the scorecard changes (COPC: log every change with a rationale)")
        }
        // Validate with the scoring rules (direction, weights, duplicates) before anything is stored.
        var metrics: [[String: Any]] = []
        var configs: [MetricConfig] = []
        for item in request.metrics {
            guard let metric = Metric(rawValue: item.metric) else {
                throw GovernanceError.invalid("unknown metric '\(item.metric)'")
            }
            configs.append(try MetricConfig(metric, weight: item.weight, target: item.target, threshold: item.threshold))
            metrics.append(["metric": metric.rawValue, "weight": item.weight, "target": item.target, "threshold": item.threshold])
        }
        _ = try ScorecardConfig(version: 0, effectiveFrom: effectiveFrom, metrics: configs)
        let document: [String: Any] = [
            "effective_from": effectiveFrom.description, "author": author, "rationale": rationale, "metrics": metrics,
        ]
        let version = try JSONDecoder().decode(
            ScorecardVersion.self, from: JSONSerialization.data(withJSONObject: document))
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let stored = try await database.versions(.scorecard, program: request.program)
            var plan = ManifestPlan()
            try plan.addVersions(
                kind: .scorecard, program: request.program,
                wanted: [(effectiveFrom, author, rationale, version.canonicalJSON())], stored: stored,
                now: AdminService.now())
            guard case .addVersion(let record)? = plan.changes.first else {
                // Same effective month and content: nothing to add.
                guard let same = stored.first(where: { $0.effectiveFrom == effectiveFrom }) else {
                    throw GovernanceError(code: .internal, message: "version plan is empty")
                }
                return Governance_V1_ScorecardVersionInfo(same)
            }
            try await database.apply(
                plan.changes,
                audit: plan.lines.map { backend.audit(tenant: request.tenant, action: "AddScorecardVersion", detail: $0) })
            backend.bumpGeneration(tenant: request.tenant)
            return Governance_V1_ScorecardVersionInfo(record)
        }
    }

    public func addArchitectureVersion(
        request: Governance_V1_AddArchitectureVersionRequest, context: ServerContext
    ) async throws -> Governance_V1_AddArchitectureVersionReply {
        let architecture: ArchitectureManifest
        do {
            architecture = try ArchitectureManifest.parse(yaml: request.yaml, file: "architecture")
        } catch {
            throw GovernanceError(error)
        }
        let applied = try await ManifestService(backend: backend).applyArchitecture(architecture, dryRun: false)
        var reply = Governance_V1_AddArchitectureVersionReply()
        reply.version = Int32(architecture.version)
        reply.effectiveFrom = architecture.effectiveFrom.description
        reply.changed = applied.changed
        return reply
    }

    static func period(_ text: String) throws(GovernanceError) -> Period {
        guard let period = Period(text) else {
            throw GovernanceError.invalid("period must be YYYY-MM, YYYY-Qn or YYYY, got '\(text.prefix(40))'")
        }
        return period
    }
}

/// The versions and program settings a scorecard is computed with.
struct ScorecardSetup: Sendable {
    var program: ProgramRecord
    var engine: ScorecardEngine

    static func program(_ id: String, in database: TenantDatabase) async throws -> ProgramRecord {
        guard let program = try await database.programs().first(where: { $0.id == id }) else {
            throw GovernanceError.notFound("program \(id) does not exist")
        }
        return program
    }

    /// Loads the versions in force at `month`, or the ones asked for.
    static func load(
        backend: GovernanceBackend, database: TenantDatabase, program id: String, month: Month,
        architectureVersion: Int? = nil, scorecardVersion: Int? = nil
    ) async throws -> ScorecardSetup {
        let program = try await program(id, in: database)
        let architectures = try await backend.control.architectureVersions()
        let architecture: ArchitectureVersionRecord
        if let wanted = architectureVersion {
            guard let found = architectures.first(where: { $0.version == wanted }) else {
                throw GovernanceError.notFound("architecture version \(wanted) does not exist")
            }
            architecture = found
        } else {
            guard let found = architectures.last(where: { $0.effectiveFrom <= month }) else {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "no architecture version is in force at \(month): apply Tenants/architecture.yaml (effective_from ≤ \(month))")
            }
            architecture = found
        }
        let versions = try await database.versions(.scorecard, program: id)
        let config: VersionRecord
        if let wanted = scorecardVersion {
            guard let found = versions.first(where: { $0.version == wanted }) else {
                throw GovernanceError.notFound("scorecard version \(wanted) of program \(id) does not exist")
            }
            config = found
        } else {
            guard let found = versions.last(where: { $0.effectiveFrom <= month }) else {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "program \(id) has no scorecard version in force at \(month)")
            }
            config = found
        }
        let formula = ServiceLevelFormula(rawValue: program.serviceLevelFormula) ?? .excludeShortAbandons
        return ScorecardSetup(
            program: program,
            engine: ScorecardEngine(formula: formula, architecture: try Architecture(architecture), config: try ScorecardConfig(config)))
    }

    /// Like ``load``, but `nil` when no architecture or scorecard version is in force at `month`.
    static func loadIfConfigured(
        backend: GovernanceBackend, database: TenantDatabase, program: String, month: Month
    ) async throws -> ScorecardSetup? {
        do {
            return try await load(backend: backend, database: database, program: program, month: month)
        } catch let error as GovernanceError where error.code == .failedPrecondition {
            return nil
        }
    }

    /// One trend point per month, each scored with the versions in force that month (a month
    /// without them has only its month set).
    static func trend(
        backend: GovernanceBackend, database: TenantDatabase, program: String, months: [Month], inputs: [ScorecardInputs]
    ) async throws -> [Governance_V1_TrendPoint] {
        var points: [Governance_V1_TrendPoint] = []
        for (month, monthInputs) in zip(months, inputs) {
            var point = Governance_V1_TrendPoint()
            point.month = month.description
            if let setup = try await loadIfConfigured(backend: backend, database: database, program: program, month: month) {
                let card = setup.engine.programScorecard(monthInputs).scorecard
                if let composite = card.composite { point.composite = composite }
                if let uncapped = card.compositeUncapped { point.compositeUncapped = uncapped }
                point.gateCapped = card.gateCapped
                point.complete = card.complete
                point.categories = card.categories.map(Governance_V1_CategoryScore.init)
                point.architectureVersion = Int32(card.architectureVersion)
                point.scorecardVersion = Int32(card.scorecardVersion)
            }
            points.append(point)
        }
        return points
    }

    func programMessage(_ inputs: ScorecardInputs, tenant: String) -> Governance_V1_Scorecard {
        let (card, metrics) = engine.programScorecard(inputs)
        var message = Governance_V1_Scorecard(
            card, tenant: tenant, program: program.id, answered: inputs.programInteractions.answered)
        if let annualised = metrics.attritionRateAnnualised { message.attritionRateAnnualised = annualised }
        return message
    }
}
