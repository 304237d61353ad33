import GRPCCore
import GovernanceAPI
import GovernanceCore
import PartnershipHealth
import Scorecards
import Storage

/// Program health, retention curves and attrition risk (`governance.v1.PartnershipHealthService`).
/// Thin: storage reads the roster, engagement and activity, the PartnershipHealth library computes,
/// Mapping/PartnershipHealth+Proto.swift maps to the protocol.
public struct PartnershipHealthService: Governance_V1_PartnershipHealthService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    public func getProgramHealth(
        request: Governance_V1_ProgramHealthRequest, context: ServerContext
    ) async throws -> Governance_V1_ProgramHealth {
        guard let month = Month(request.month) else {
            throw GovernanceError.invalid("month must be YYYY-MM, got '\(request.month.prefix(40))'")
        }
        return try await backend.cached(tenant: request.tenant, key: "health|\(request.program)|\(month)") {
            try await backend.withTenant(request.tenant) { database in
                _ = try await ScorecardSetup.program(request.program, in: database)
                // The scorecard's own inputs: roster, planned head count and the trailing engagement.
                let inputs = try await database.scorecardInputs(program: request.program, period: .month(month))
                let health = ProgramHealthCalculator.health(
                    roster: inputs.roster, plannedFTE: inputs.plannedFTE, engagement: inputs.engagement, month: month)
                var reply = Governance_V1_ProgramHealth(health, tenant: request.tenant, program: request.program)
                if let setup = try await ScorecardSetup.loadIfConfigured(
                    backend: backend, database: database, program: request.program, month: month),
                    let score = setup.engine.programScorecard(inputs).scorecard[.partnership]?.score
                {
                    reply.partnershipScore = score
                }
                return reply
            }
        }
    }

    public func getRetentionCurves(
        request: Governance_V1_RetentionCurvesRequest, context: ServerContext
    ) async throws -> Governance_V1_RetentionCurves {
        var asOf: LocalDate?
        if !request.asOf.isEmpty {
            guard let date = LocalDate(request.asOf) else {
                throw GovernanceError.invalid("as_of must be YYYY-MM-DD, got '\(request.asOf.prefix(40))'")
            }
            asOf = date
        }
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            var reply = Governance_V1_RetentionCurves()
            reply.tenant = request.tenant
            reply.program = request.program
            let roster = try await database.roster(program: request.program)
            let span = try await database.activitySpan(program: request.program, includeHires: true)
            guard let day = asOf ?? span?.upperBound else { return reply }
            reply.asOf = day.description
            reply.cohorts = RetentionAnalysis.cohorts(roster: roster, asOf: day).map(Governance_V1_RetentionCohort.init)
            return reply
        }
    }

    public func getAttritionRisk(
        request: Governance_V1_AttritionRiskRequest, context: ServerContext
    ) async throws -> Governance_V1_AttritionRisk {
        guard request.limit >= 0 else { throw GovernanceError.invalid("limit must be 0 (all) or more") }
        if !request.program.isEmpty {
            // Checked first: another tenant's program is NOT_FOUND before any model work.
            try await backend.withTenant(request.tenant) { database in
                _ = try await ScorecardSetup.program(request.program, in: database)
            }
        }
        // The model is per tenant: fit once per data generation, then filter per request.
        var reply = try await backend.cached(tenant: request.tenant, key: "attrition-risk") {
            try await backend.withTenant(request.tenant) { database in
                var reply = Governance_V1_AttritionRisk()
                reply.tenant = request.tenant
                guard let history = try await database.attritionHistory() else {
                    reply.note = "too little history to fit: the tenant has no activity data (interactions, agent days, "
                        + "evaluations, engagement or coaching)"
                    return reply
                }
                return Governance_V1_AttritionRisk(
                    AttritionRiskModel.analyse(history), tenant: request.tenant, lastDataDay: history.lastDay)
            }
        }
        if !request.program.isEmpty {
            reply.program = request.program
            reply.agents = reply.agents.filter { $0.programID == request.program }
        }
        if request.limit > 0 { reply.agents = Array(reply.agents.prefix(Int(request.limit))) }
        return reply
    }
}
