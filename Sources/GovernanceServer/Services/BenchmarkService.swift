import GRPCCore
import GovernanceAPI
import GovernanceCore
import Benchmarking
import Scorecards
import Storage

/// Cross-program benchmarking (`governance.v1.BenchmarkService`, SPEC section 7). Thin: the
/// program scorecards of every tenant are computed as ScorecardService does, the Benchmarking
/// library assembles the cohort and decides what the caller may see, this maps to the protocol.
public struct BenchmarkService: Governance_V1_BenchmarkService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    public func getBenchmark(
        request: Governance_V1_BenchmarkRequest, context: ServerContext
    ) async throws -> Governance_V1_BenchmarkReply {
        let period = try ScorecardService.period(request.period)
        let subject = try Self.subject(category: request.category, metric: request.metric)
        let principal = try RequestContext.requirePrincipal()
        // The tenant must exist (NOT_FOUND otherwise), checked before anything platform-wide is read.
        try await backend.withTenant(request.tenant) { _ in }
        let all = try await platformScores(period)
        let audience = BenchmarkAudience(
            tenant: request.tenant,
            namedTenants: principal.role == .accountManager ? Set(principal.tenants) : [],
            seesEveryTenant: principal.role == .platformAdmin)
        let result = PlatformBenchmark.benchmark(all, subject: subject, audience: audience)
        return Governance_V1_BenchmarkReply(result, tenant: request.tenant, period: period)
    }

    public func getProgramRanking(
        request: Governance_V1_ProgramRankingRequest, context: ServerContext
    ) async throws -> Governance_V1_ProgramRankingReply {
        let period = try ScorecardService.period(request.period)
        return try await backend.cached(tenant: request.tenant, key: "benchmark-programs|\(period)") {
            let programs = try await backend.withTenant(request.tenant) { database in
                try await Self.scores(tenant: request.tenant, database: database, period: period, backend: backend)
            }
            return Governance_V1_ProgramRankingReply(programs, tenant: request.tenant, period: period)
        }
    }

    /// Every tenant's program figures for `period`, cached until any tenant's data changes.
    func platformScores(_ period: Period) async throws -> [ProgramScores] {
        try await backend.cachedPlatform(key: "benchmark|\(period)") {
            var all: [ProgramScores] = []
            for tenant in try await backend.control.tenants() {
                do {
                    all += try await backend.tenants.withTenant(tenant.id, create: true) { database in
                        try await Self.scores(tenant: tenant.id, database: database, period: period, backend: backend)
                    }
                } catch {
                    // The detail may name another tenant's programs: it goes to the log, never to the caller.
                    backend.logger.error("benchmark: scoring tenant \(tenant.id) for \(period) failed: \(error)")
                    throw GovernanceError(
                        code: .internal, message: "the platform cohort for \(period) could not be computed (see the server log)")
                }
            }
            return all
        }
    }

    /// The figures of one tenant's programs that have a scorecard configured for `period`.
    static func scores(
        tenant: String, database: TenantDatabase, period: Period, backend: GovernanceBackend
    ) async throws -> [ProgramScores] {
        var scores: [ProgramScores] = []
        for program in try await database.programs() {
            guard let setup = try await ScorecardSetup.loadIfConfigured(
                backend: backend, database: database, program: program.id, month: period.firstMonth)
            else { continue }
            let inputs = try await database.scorecardInputs(program: program.id, period: period)
            let card = setup.engine.programScorecard(inputs).scorecard
            scores.append(
                ProgramScores(card, tenant: tenant, program: program, answered: inputs.programInteractions.answered))
        }
        return scores
    }

    /// The subject a request names: composite when neither field is set.
    static func subject(category: String, metric: String) throws(GovernanceError) -> BenchmarkSubject {
        switch (category.isEmpty, metric.isEmpty) {
        case (true, true): return .composite
        case (false, true):
            guard let value = Category(rawValue: category) else {
                throw GovernanceError.invalid(
                    "unknown category '\(category.prefix(40))': one of \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .category(value)
        case (true, false):
            guard let value = Metric(rawValue: metric) else {
                throw GovernanceError.invalid("unknown metric '\(metric.prefix(40))'")
            }
            return .metric(value)
        case (false, false):
            throw GovernanceError.invalid("give category or metric, not both")
        }
    }
}
