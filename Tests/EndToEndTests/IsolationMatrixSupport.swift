import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Synchronization

@testable import GovernanceServer

// The vocabulary of the tenant isolation matrix (IsolationMatrixTests.swift): who calls,
// which ids the request names, one request builder per RPC, and the expectation computed
// from `AuthorizationPolicy.rules`.

/// The fixed names the matrix uses. A = northwind, B = contoso, both from the demo manifests.
enum IsoNames {
    static let tenantA = "northwind"
    static let tenantB = "contoso"
    /// A tenant that never exists (nothing may create it).
    static let tenantMissing = "fabrikam"
    static let programA = "nw-care"
    static let programB = "cb-tech"
    static let agentA = "nw-care-a0001"
    static let agentB = "cb-tech-a0001"
    static let programMissing = "no-such-program"
    /// Same length as `agentB`, so a CSV naming it fails at the same column.
    static let agentMissing = "no-such-agent"
    static let tokenMissing = "tok_000000000000"
    /// Tenant ids that try to steer a file path.
    static let steeringTenants = ["../x", "a/b", "%2F", "x\u{0}y", "..", "."]
    static let period = "2026-10"
}

// MARK: - Identities

/// One caller of the matrix.
struct IsoIdentity: Sendable {
    enum Kind: Sendable { case noToken, revoked, token }
    var label: String
    var kind: Kind
    /// `GovernanceCore.Role.rawValue` of the token ("" without a token).
    var role: String
    var tenants: [String]
    var secret: String?

    var isPlatformAdmin: Bool { kind == .token && role == "platform_admin" }
    var isSingleTenant: Bool { ["tenant_admin", "tenant_viewer", "data_feeder"].contains(role) }
    func canSee(_ tenant: String) -> Bool { isPlatformAdmin || tenants.contains(tenant) }
}

// MARK: - Targets

/// Which ids a request names.
enum IsoTarget: String, Sendable, Hashable {
    case none = "no ids"
    case own = "own ids (tenant A, A's ids)"
    case foreignIDs = "tenant A with B's ids"
    case foreignAgent = "tenant A, A's program, B's agent"
    case foreignTenant = "tenant B (B's ids)"
    case missingIDs = "tenant A with nonexistent ids"
    case missingAgent = "tenant A, A's program, nonexistent agent"
    case missingTenant = "nonexistent tenant"
    case noTenant = "no tenant (platform-wide)"
    case steering = "path-steering tenant id"

    /// A foreign target and the missing target it must answer exactly like.
    static let pairs: [(IsoTarget, IsoTarget)] = [
        (.foreignIDs, .missingIDs), (.foreignAgent, .missingAgent), (.foreignTenant, .missingTenant),
    ]
}

/// The values a request is built from.
struct IsoValues: Sendable, CustomStringConvertible {
    var tenant = ""
    var program = ""
    var agent = ""
    var tokenID = ""

    static func of(_ target: IsoTarget) -> IsoValues {
        typealias N = IsoNames
        switch target {
        case .none: return IsoValues()
        case .own: return IsoValues(tenant: N.tenantA, program: N.programA, agent: N.agentA)
        case .foreignIDs: return IsoValues(tenant: N.tenantA, program: N.programB, agent: N.agentB)
        case .foreignAgent: return IsoValues(tenant: N.tenantA, program: N.programA, agent: N.agentB)
        case .foreignTenant: return IsoValues(tenant: N.tenantB, program: N.programB, agent: N.agentB)
        case .missingIDs:
            return IsoValues(tenant: N.tenantA, program: N.programMissing, agent: N.agentMissing, tokenID: N.tokenMissing)
        case .missingAgent: return IsoValues(tenant: N.tenantA, program: N.programA, agent: N.agentMissing)
        // B's ids under a tenant name that does not exist: answers like `.foreignTenant` with the name substituted.
        case .missingTenant: return IsoValues(tenant: N.tenantMissing, program: N.programB, agent: N.agentB)
        case .noTenant: return IsoValues(tenant: "", program: N.programA, agent: N.agentA)
        case .steering: return IsoValues(tenant: "", program: N.programA, agent: N.agentA)
        }
    }

    /// An evaluation of the named program's tenant (imported from the demo data), or a missing one.
    var evaluation: String {
        switch program {
        case IsoNames.programA: return "nw-care-ev0000001"
        case IsoNames.programB: return "cb-tech-ev0000001"
        default: return "no-such-evaluation"
        }
    }

    /// A supervisor on the named program's roster, or a missing one.
    var supervisor: String {
        switch program {
        case IsoNames.programA: return "nw-care-sup01"
        case IsoNames.programB: return "cb-tech-sup01"
        default: return "no-such-supervisor"
        }
    }

    var description: String {
        [("tenant", tenant), ("program", program), ("agent", agent), ("token", tokenID)]
            .filter { !$0.1.isEmpty }.map { "\($0.0)=\($0.1.debugDescription)" }.joined(separator: " ")
    }
}

/// The request fields a method takes, which decide the targets it is called with.
struct IsoFields: OptionSet, Sendable {
    let rawValue: Int
    /// A tenant id (`tenant`, `tenants`, an import header or a manifest's `tenant:`).
    static let tenant = IsoFields(rawValue: 1)
    /// The tenant may be left empty (platform-wide).
    static let optionalTenant = IsoFields(rawValue: 2)
    static let program = IsoFields(rawValue: 4)
    static let agent = IsoFields(rawValue: 8)
    /// A token id.
    static let token = IsoFields(rawValue: 16)

    var targets: [IsoTarget] {
        if contains(.token) && !contains(.tenant) { return [.own, .foreignIDs, .missingIDs] }
        guard contains(.tenant) else { return [.none] }
        var targets: [IsoTarget] = [.own]
        if contains(.program) { targets.append(.foreignIDs) }
        if contains(.agent) { targets.append(.foreignAgent) }
        targets.append(.foreignTenant)
        if contains(.program) { targets.append(.missingIDs) }
        if contains(.agent) { targets.append(.missingAgent) }
        targets.append(.missingTenant)
        if contains(.optionalTenant) { targets.append(.noTenant) }
        return targets
    }
}

// MARK: - Request builders

/// How the matrix calls one RPC and what its handler checks.
struct IsoMethod: Sendable {
    var fields: IsoFields
    /// The code for an id that is not in the (visible) tenant. NOT_FOUND unless the id is data
    /// inside the request (a CSV row), where the server validates it as input.
    var unknownID: RPCError.Code = .notFound
    /// For `.handler` rows: what the handler checks once the role passed (nil = OK).
    var handler: (@Sendable (IsoIdentity, IsoTarget, IsoValues) -> RPCError.Code?)?
    /// Makes the real call; returns the serialised reply (all messages of a stream, concatenated).
    var call: @Sendable (IsoHarness, IsoValues) async throws -> [UInt8]

    init(
        _ fields: IsoFields, unknownID: RPCError.Code = .notFound,
        handler: (@Sendable (IsoIdentity, IsoTarget, IsoValues) -> RPCError.Code?)? = nil,
        call: @escaping @Sendable (IsoHarness, IsoValues) async throws -> [UInt8]
    ) {
        self.fields = fields
        self.unknownID = unknownID
        self.handler = handler
        self.call = call
    }
}

enum IsoMatrix {
    typealias Admin = Governance_V1_AdminService
    typealias Manifests = Governance_V1_ManifestService
    typealias Ingest = Governance_V1_IngestService
    typealias Scorecards = Governance_V1_ScorecardService
    typealias Quality = Governance_V1_QualityService
    typealias SLAs = Governance_V1_SlaService
    typealias Health = Governance_V1_PartnershipHealthService
    typealias Benchmarks = Governance_V1_BenchmarkService
    typealias Review = Governance_V1_ReviewService
    typealias QBR = Governance_V1_QbrService
    typealias Development = Governance_V1_DevelopmentService

    /// The generated descriptors of every governance service the matrix knows, by service name.
    static let generatedDescriptors: [String: [MethodDescriptor]] = [
        Admin.descriptor.fullyQualifiedService: Admin.Method.descriptors,
        Manifests.descriptor.fullyQualifiedService: Manifests.Method.descriptors,
        Ingest.descriptor.fullyQualifiedService: Ingest.Method.descriptors,
        Scorecards.descriptor.fullyQualifiedService: Scorecards.Method.descriptors,
        Quality.descriptor.fullyQualifiedService: Quality.Method.descriptors,
        SLAs.descriptor.fullyQualifiedService: SLAs.Method.descriptors,
        Health.descriptor.fullyQualifiedService: Health.Method.descriptors,
        Benchmarks.descriptor.fullyQualifiedService: Benchmarks.Method.descriptors,
        Review.descriptor.fullyQualifiedService: Review.Method.descriptors,
        QBR.descriptor.fullyQualifiedService: QBR.Method.descriptors,
        Development.descriptor.fullyQualifiedService: Development.Method.descriptors,
    ]

    /// The standard tenant check (what the interceptor and `backend.withTenant` do): out of
    /// scope → PERMISSION_DENIED whether the tenant exists or not; a tenant in scope that does
    /// not exist → NOT_FOUND; an id that is not in the tenant → `unknownID`.
    static func standard(_ identity: IsoIdentity, _ target: IsoTarget, _ values: IsoValues, unknownID: RPCError.Code = .notFound)
        -> RPCError.Code?
    {
        guard identity.canSee(values.tenant) else { return .permissionDenied }
        if target == .missingTenant { return .notFound }
        if [.foreignIDs, .missingIDs, .foreignAgent, .missingAgent].contains(target) { return unknownID }
        return nil
    }

    /// The expected status (nil = OK), computed from the table row and, for `.handler` rows,
    /// from what the handler checks.
    static func expected(rule: AccessRule, method: IsoMethod, identity: IsoIdentity, target: IsoTarget, values: IsoValues)
        -> RPCError.Code?
    {
        if identity.kind != .token { return .unauthenticated }
        guard rule.roles.contains(where: { $0.rawValue == identity.role }) else { return .permissionDenied }
        if target == .steering {
            // A platform admin learns the id is malformed; a scoped token learns nothing.
            return identity.isPlatformAdmin ? .invalidArgument : .permissionDenied
        }
        switch rule.scope {
        case .platform: return nil
        case .message: return standard(identity, target, values, unknownID: method.unknownID)
        case .handler:
            // The test refuses a `.handler` row without an encoded handler before calling it.
            guard let handler = method.handler else { return .unknown }
            return handler(identity, target, values)
        }
    }

    /// Audit reads: no tenant is the platform log (platform admins only); else the standard check.
    static let auditHandler: @Sendable (IsoIdentity, IsoTarget, IsoValues) -> RPCError.Code? = { identity, target, values in
        if target == .noTenant { return identity.isPlatformAdmin ? nil : .permissionDenied }
        return standard(identity, target, values)
    }

    /// One request builder per method of the table.
    static let methods: [MethodDescriptor: IsoMethod] = baseMethods.merging(reviewMethods) { first, _ in first }
        .merging(qbrMethods) { first, _ in first }
        .merging(developmentMethods) { first, _ in first }

    static let baseMethods: [MethodDescriptor: IsoMethod] = [
        // MARK: AdminService
        Admin.Method.ListTenants.descriptor: IsoMethod([]) { h, _ in
            try await h.admin.listTenants(Governance_V1_ListTenantsRequest()).serializedBytes()
        },
        Admin.Method.GetTenant.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_GetTenantRequest()
            request.tenant = v.tenant
            return try await h.admin.getTenant(request).serializedBytes()
        },
        Admin.Method.WhoAmI.descriptor: IsoMethod([]) { h, _ in
            try await h.admin.whoAmI(Governance_V1_WhoAmIRequest()).serializedBytes()
        },
        // CreateToken names the tenant in `tenants`; the handler authorises each one (so a tenant
        // admin of A naming B is PERMISSION_DENIED), then a platform admin naming a missing tenant
        // gets NOT_FOUND.
        Admin.Method.CreateToken.descriptor: IsoMethod(
            .tenant, handler: { identity, target, values in standard(identity, target, values) }
        ) { h, v in
            var request = Governance_V1_CreateTokenRequest()
            request.name = "isolation matrix probe"
            request.role = .tenantViewer
            request.tenants = [v.tenant]
            let reply = try await h.admin.createToken(request)
            h.note(token: reply.principal.tokenID, tenants: reply.principal.tenants)
            return try reply.serializedBytes()
        },
        // ListTokens: an optional tenant filter, authorised in the handler; replies are filtered
        // to the caller's reach. A tenant that does not exist is NOT_FOUND for a platform admin
        // (README status table).
        Admin.Method.ListTokens.descriptor: IsoMethod(
            [.tenant, .optionalTenant],
            handler: { identity, target, values in
                target == .noTenant ? nil : standard(identity, target, values)
            }
        ) { h, v in
            var request = Governance_V1_ListTokensRequest()
            request.tenant = v.tenant
            request.includeRevoked = true
            return try await h.admin.listTokens(request).serializedBytes()
        },
        // RevokeToken names only a token id: a token outside the caller's reach (another tenant's)
        // answers exactly like an unknown one, NOT_FOUND.
        Admin.Method.RevokeToken.descriptor: IsoMethod(
            .token,
            handler: { identity, target, _ in
                let owner: String
                switch target {
                case .own: owner = IsoNames.tenantA
                case .foreignIDs: owner = IsoNames.tenantB
                default: return .notFound
                }
                if identity.isPlatformAdmin { return nil }
                return identity.isSingleTenant && identity.tenants == [owner] ? nil : .notFound
            }
        ) { h, v in
            var request = Governance_V1_RevokeTokenRequest()
            request.tokenID = v.tokenID
            return try await h.admin.revokeToken(request).serializedBytes()
        },
        Admin.Method.ListAudit.descriptor: IsoMethod([.tenant, .optionalTenant], handler: auditHandler) { h, v in
            var request = Governance_V1_ListAuditRequest()
            request.tenant = v.tenant
            request.limit = 1000
            return try await h.admin.listAudit(request).serializedBytes()
        },
        Admin.Method.VerifyAudit.descriptor: IsoMethod([.tenant, .optionalTenant], handler: auditHandler) { h, v in
            var request = Governance_V1_VerifyAuditRequest()
            request.tenant = v.tenant
            return try await h.admin.verifyAudit(request).serializedBytes()
        },
        // Server streaming: a tenant's whole database file. The bytes a scoped caller gets are
        // checked for the other tenant's identifiers like any reply.
        Admin.Method.BackupTenant.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_BackupTenantRequest()
            request.tenant = v.tenant
            return try await h.admin.backupTenant(request) { response in
                var bytes: [UInt8] = []
                for try await chunk in response.messages {
                    bytes += try chunk.serializedBytes() as [UInt8]
                }
                return bytes
            }
        },

        // MARK: ManifestService
        // The tenant comes from the manifest's `tenant:` key. A platform admin may create a new
        // tenant (sent as a dry run so the missing tenant stays missing); anyone else naming a
        // tenant outside its scope, existing or not, gets PERMISSION_DENIED.
        Manifests.Method.ApplyManifest.descriptor: IsoMethod(
            .tenant,
            handler: { identity, target, values in
                if target == .missingTenant { return identity.isPlatformAdmin ? nil : .permissionDenied }
                return standard(identity, target, values)
            }
        ) { h, v in
            var request = Governance_V1_ApplyManifestRequest()
            request.fileName = "tenant.yaml"
            request.yaml = h.fixtures.manifest(tenant: v.tenant)
            request.dryRun = v.tenant == IsoNames.tenantMissing
            return try await h.manifests.applyManifest(request).serializedBytes()
        },
        Manifests.Method.ListArchitectureVersions.descriptor: IsoMethod([]) { h, _ in
            try await h.manifests.listArchitectureVersions(Governance_V1_ListArchitectureVersionsRequest()).serializedBytes()
        },
        Manifests.Method.ListPrograms.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_ListProgramsRequest()
            request.tenant = v.tenant
            return try await h.manifests.listPrograms(request).serializedBytes()
        },

        // MARK: IngestService
        // A one-row roster CSV (a row already stored, so an accepted import changes nothing). The
        // program id is data in the CSV: one that is not in the tenant rejects the row with
        // INVALID_ARGUMENT (README, Ingest), identical for another tenant's id and a missing one.
        Ingest.Method.ImportFile.descriptor: IsoMethod([.tenant, .program], unknownID: .invalidArgument) { h, v in
            try await importRaw(
                h.client, tenant: v.tenant, fileName: "roster.csv", bytes: Data(h.fixtures.rosterCSV(v).utf8)
            ).serializedBytes()
        },
        Ingest.Method.GetDataSummary.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_GetDataSummaryRequest()
            request.tenant = v.tenant
            return try await h.ingest.getDataSummary(request).serializedBytes()
        },

        // MARK: ScorecardService
        Scorecards.Method.GetProgramScorecard.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ProgramScorecardRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.period = IsoNames.period
            return try await h.scorecards.getProgramScorecard(request).serializedBytes()
        },
        Scorecards.Method.ListAgentScorecards.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_AgentScorecardsRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.period = IsoNames.period
            return try await h.scorecards.listAgentScorecards(request).serializedBytes()
        },
        Scorecards.Method.GetAgentScorecard.descriptor: IsoMethod([.tenant, .program, .agent]) { h, v in
            var request = Governance_V1_AgentScorecardRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.agentID = v.agent
            request.period = IsoNames.period
            return try await h.scorecards.getAgentScorecard(request).serializedBytes()
        },
        Scorecards.Method.GetAnnualReview.descriptor: IsoMethod([.tenant, .program, .agent]) { h, v in
            var request = Governance_V1_AnnualReviewRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.agentID = v.agent
            request.endingMonth = IsoNames.period
            return try await h.scorecards.getAnnualReview(request).serializedBytes()
        },
        Scorecards.Method.GetTrend.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_TrendRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.from = "2026-08"
            request.to = IsoNames.period
            return try await h.scorecards.getTrend(request).serializedBytes()
        },
        Scorecards.Method.CompareVersions.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_CompareVersionsRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.period = IsoNames.period
            request.scorecardVersion = 1
            return try await h.scorecards.compareVersions(request).serializedBytes()
        },
        Scorecards.Method.ListScorecardVersions.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ListScorecardVersionsRequest()
            request.tenant = v.tenant
            request.program = v.program
            return try await h.scorecards.listScorecardVersions(request).serializedBytes()
        },
        // Always the same version (2027-01, after every demo version): the first accepted call
        // stores it, later ones get the stored version back.
        Scorecards.Method.AddScorecardVersion.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_AddScorecardVersionRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.effectiveFrom = "2027-01"
            request.author = "isolation-matrix"
            request.rationale = "isolation matrix probe"
            var metric = Governance_V1_MetricConfig()
            metric.metric = "service_level"
            metric.weight = 50
            metric.target = 95
            metric.threshold = 85
            request.metrics = [metric]
            return try await h.scorecards.addScorecardVersion(request).serializedBytes()
        },
        // The demo architecture again: the same version with the same content is "unchanged".
        Scorecards.Method.AddArchitectureVersion.descriptor: IsoMethod([]) { h, _ in
            var request = Governance_V1_AddArchitectureVersionRequest()
            request.yaml = h.fixtures.architectureYAML
            return try await h.scorecards.addArchitectureVersion(request).serializedBytes()
        },

        // MARK: QualityService
        // Program-scoped reads and writes; evaluation, dispute and supervisor ids follow the
        // program (A's demo ids, B's, or missing ones), so another tenant's id answers like a missing one.
        Quality.Method.SubmitEvaluation.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_SubmitEvaluationRequest()
            request.tenant = v.tenant
            request.evaluationID = "iso-matrix-ev"
            request.program = v.program
            request.agentID = v.program == IsoNames.programB ? IsoNames.agentB : IsoNames.agentA
            request.evaluatorID = "iso-qa"
            request.interactionID = "iso-i1"
            request.formID = v.program == IsoNames.programB ? "cb-qa" : "nw-qa"
            request.formVersion = 1
            request.evaluatedAt = "2026-10-02T10:00:00Z"
            request.calibrationSessionID = "iso-cal"
            return try await h.quality.submitEvaluation(request).serializedBytes()
        },
        Quality.Method.CalibrationReport.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_CalibrationReportRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.period = "all"
            return try await h.quality.calibrationReport(request).serializedBytes()
        },
        Quality.Method.CoachingQueue.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_CoachingQueueRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.supervisor = v.supervisor
            request.asOf = "2026-10-15"
            return try await h.quality.coachingQueue(request).serializedBytes()
        },
        Quality.Method.RecordCoachingSession.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_RecordCoachingSessionRequest()
            request.tenant = v.tenant
            request.sessionID = "iso-matrix-co"
            request.evaluationID = v.evaluation
            request.agentID = v.program == IsoNames.programA ? IsoNames.agentA : IsoNames.agentB
            request.supervisorID = v.supervisor
            request.heldOn = "2026-10-20"
            request.focusMetrics = ["qa_score"]
            request.rootCause = "isolation matrix probe"
            request.commitment = "none"
            request.followUpOn = "2026-10-27"
            return try await h.quality.recordCoachingSession(request).serializedBytes()
        },
        Quality.Method.CoachingCompletion.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_CoachingCompletionRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.month = IsoNames.period
            return try await h.quality.coachingCompletion(request).serializedBytes()
        },
        Quality.Method.CoachingEffectiveness.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_CoachingEffectivenessRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.period = IsoNames.period
            return try await h.quality.coachingEffectiveness(request).serializedBytes()
        },
        Quality.Method.OpenDispute.descriptor: IsoMethod([.tenant, .program]) { h, v in
            try await openDispute(h, v).serializedBytes()
        },
        // Opens (or finds) a dispute with the same bearer, then upholds it; the next caller opens a new one.
        Quality.Method.ResolveDispute.descriptor: IsoMethod([.tenant, .program]) { h, v in
            let dispute = try await openDispute(h, v)
            var request = Governance_V1_ResolveDisputeRequest()
            request.tenant = v.tenant
            request.disputeID = dispute.disputeID
            request.outcome = "upheld"
            request.resolvedBy = "iso-qa-lead"
            request.note = "isolation matrix probe"
            return try await h.quality.resolveDispute(request).serializedBytes()
        },
        Quality.Method.ListDisputes.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ListDisputesRequest()
            request.tenant = v.tenant
            request.program = v.program
            return try await h.quality.listDisputes(request).serializedBytes()
        },
        Quality.Method.SamplingPlan.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_SamplingPlanRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.period = IsoNames.period
            request.perAgent = 2
            return try await h.quality.samplingPlan(request).serializedBytes()
        },
        // MARK: SlaService
        SLAs.Method.GetSlaStatus.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_SlaStatusRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.month = IsoNames.period
            return try await h.slas.getSlaStatus(request).serializedBytes()
        },
        SLAs.Method.GetBreachHistory.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_BreachHistoryRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.from = "2026-08"
            request.to = IsoNames.period
            return try await h.slas.getBreachHistory(request).serializedBytes()
        },
        SLAs.Method.GetComplianceMatrix.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_ComplianceMatrixRequest()
            request.tenant = v.tenant
            request.from = "2026-08"
            request.to = IsoNames.period
            return try await h.slas.getComplianceMatrix(request).serializedBytes()
        },
        SLAs.Method.GetSlaProjection.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_SlaProjectionRequest()
            request.tenant = v.tenant
            request.program = v.program
            return try await h.slas.getSlaProjection(request).serializedBytes()
        },
        // Always the exclusion the matrix recorded before it started (nw-care, csat, 2026-09):
        // an accepted call gets the active one back and changes nothing.
        SLAs.Method.AddExclusion.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_AddExclusionRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.metric = "csat"
            request.month = "2026-09"
            request.reason = "isolation matrix probe"
            request.evidence = "ISO-1"
            return try await h.slas.addExclusion(request).serializedBytes()
        },
        SLAs.Method.ListExclusions.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ListExclusionsRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.includeWithdrawn = true
            return try await h.slas.listExclusions(request).serializedBytes()
        },
        // Exclusion 1 of A's program (recorded before the matrix); withdrawing it again returns it.
        SLAs.Method.WithdrawExclusion.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_WithdrawExclusionRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.exclusionID = 1
            request.reason = "isolation matrix probe"
            return try await h.slas.withdrawExclusion(request).serializedBytes()
        },
        SLAs.Method.ListSlaVersions.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ListSlaVersionsRequest()
            request.tenant = v.tenant
            request.program = v.program
            return try await h.slas.listSlaVersions(request).serializedBytes()
        },
        // Always the same amendment (2027-01, after every demo version): stored once, then returned.
        SLAs.Method.AddSlaVersion.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_AddSlaVersionRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.effectiveFrom = "2027-01"
            request.author = "isolation-matrix"
            request.rationale = "isolation matrix probe"
            var term = Governance_V1_SlaTerm()
            term.metric = "csat"
            term.minimum = 78
            term.severity = "key"
            request.slas = [term]
            return try await h.slas.addSlaVersion(request).serializedBytes()
        },
        // MARK: PartnershipHealthService
        Health.Method.GetProgramHealth.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ProgramHealthRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.month = IsoNames.period
            return try await h.health.getProgramHealth(request).serializedBytes()
        },
        Health.Method.GetRetentionCurves.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_RetentionCurvesRequest()
            request.tenant = v.tenant
            request.program = v.program
            return try await h.health.getRetentionCurves(request).serializedBytes()
        },
        // The model is fitted on the whole tenant; the program only filters the agents listed.
        Health.Method.GetAttritionRisk.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_AttritionRiskRequest()
            request.tenant = v.tenant
            request.program = v.program
            return try await h.health.getAttritionRisk(request).serializedBytes()
        },
        // MARK: BenchmarkService
        // Cross-tenant by nature: the scan of scoped replies below checks that no reply to a
        // token of A (viewer, admin, or an account manager of A only) names anything of B.
        Benchmarks.Method.GetBenchmark.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_BenchmarkRequest()
            request.tenant = v.tenant
            request.period = IsoNames.period
            return try await h.benchmarks.getBenchmark(request).serializedBytes()
        },
        Benchmarks.Method.GetProgramRanking.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_ProgramRankingRequest()
            request.tenant = v.tenant
            request.period = IsoNames.period
            return try await h.benchmarks.getProgramRanking(request).serializedBytes()
        },
    ]

    static func openDispute(_ h: IsoHarness, _ v: IsoValues) async throws -> Governance_V1_Dispute {
        var request = Governance_V1_OpenDisputeRequest()
        request.tenant = v.tenant
        request.evaluationID = v.evaluation
        request.itemID = "greet"
        request.openedBy = v.supervisor
        request.reason = "isolation matrix probe"
        return try await h.quality.openDispute(request)
    }

    /// The review service's builders (kept apart so the table above stays readable).
    static let reviewMethods: [MethodDescriptor: IsoMethod] = [
        Review.Method.ReviewPackage.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ReviewPackageRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.month = IsoNames.period
            return try await h.review.reviewPackage(request).serializedBytes()
        },
        Review.Method.CreateAction.descriptor: IsoMethod([.tenant, .program]) { h, v in
            try await h.review.createAction(isoActionRequest(v)).serializedBytes()
        },
        // Creates an action (same rule as the update, so both fail or pass alike), then updates it.
        Review.Method.UpdateActionStatus.descriptor: IsoMethod([.tenant, .program]) { h, v in
            let created = try await h.review.createAction(isoActionRequest(v))
            var request = Governance_V1_UpdateActionStatusRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.id = created.id
            request.status = "done"
            request.note = "isolation matrix probe"
            return try await h.review.updateActionStatus(request).serializedBytes()
        },
        Review.Method.ListActions.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ListActionsRequest()
            request.tenant = v.tenant
            request.program = v.program
            return try await h.review.listActions(request).serializedBytes()
        },
    ]

    /// The QBR pack: the quarter of `IsoNames.period`, limited to the named program.
    static let qbrMethods: [MethodDescriptor: IsoMethod] = [
        QBR.Method.BuildQbr.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_BuildQbrRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.quarter = "2026-Q4"
            return try await h.qbr.buildQbr(request).serializedBytes()
        }
    ]

    static func isoActionRequest(_ v: IsoValues) -> Governance_V1_CreateActionRequest {
        var request = Governance_V1_CreateActionRequest()
        request.tenant = v.tenant
        request.program = v.program
        request.reviewMonth = IsoNames.period
        request.metric = "service_level"
        request.title = "isolation matrix probe"
        request.owner = "matrix"
        request.dueDate = "2026-11-15"
        return request
    }

    /// gRPC's name for a status (nil = OK).
    static func name(_ code: RPCError.Code?) -> String {
        guard let code else { return "OK" }
        let names: [(RPCError.Code, String)] = [
            (.cancelled, "CANCELLED"), (.unknown, "UNKNOWN"), (.invalidArgument, "INVALID_ARGUMENT"),
            (.deadlineExceeded, "DEADLINE_EXCEEDED"), (.notFound, "NOT_FOUND"), (.alreadyExists, "ALREADY_EXISTS"),
            (.permissionDenied, "PERMISSION_DENIED"), (.resourceExhausted, "RESOURCE_EXHAUSTED"),
            (.failedPrecondition, "FAILED_PRECONDITION"), (.aborted, "ABORTED"), (.outOfRange, "OUT_OF_RANGE"),
            (.unimplemented, "UNIMPLEMENTED"), (.internalError, "INTERNAL"), (.unavailable, "UNAVAILABLE"),
            (.dataLoss, "DATA_LOSS"), (.unauthenticated, "UNAUTHENTICATED"),
        ]
        return names.first { $0.0 == code }?.1 ?? "\(code)"
    }

    /// `method` as `Service/Method` without the package.
    static func label(_ method: MethodDescriptor) -> String {
        let service = method.service.fullyQualifiedService.split(separator: ".").last.map(String.init) ?? ""
        return "\(service)/\(method.method)"
    }

    /// Whether `needle` occurs in `haystack` (memchr + memcmp: replies include whole database files).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let base = hay.baseAddress, let pinBase = pin.baseAddress else { return false }
                var start = base
                let end = base + (hay.count - pin.count + 1)
                while start < end {
                    guard let found = memchr(start, Int32(pin[0]), end - start) else { return false }
                    let position = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(position, pinBase, pin.count) == 0 { return true }
                    start = position + 1
                }
                return false
            }
        }
    }

    /// Relative paths under `root` with SQLite side files (-wal, -shm, -journal) folded into
    /// their database, leaving out the spool directory and logs.
    static func listing(_ root: String) -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var names = Set<String>()
        while let path = enumerator.nextObject() as? String {
            if path == "tmp" || path.hasPrefix("tmp/") || path.hasSuffix(".log") { continue }
            var name = path
            for suffix in ["-wal", "-shm", "-journal"] where name.hasSuffix(suffix) {
                name = String(name.dropLast(suffix.count))
            }
            names.insert(name)
        }
        return names
    }
}

// MARK: - Fixtures

/// Demo files the requests are built from.
struct IsoFixtures: Sendable {
    var architectureYAML: String
    var manifestA: String
    var manifestB: String
    var rosterHeader: String
    var rosterRowA: String
    var rosterRowB: String
    var agentsA: [String]
    var agentsB: [String]

    static func load() throws -> IsoFixtures {
        func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
        let rosterA = try read(Demo.file(IsoNames.tenantA, "roster")).split(whereSeparator: \.isNewline).map(String.init)
        let rosterB = try read(Demo.file(IsoNames.tenantB, "roster")).split(whereSeparator: \.isNewline).map(String.init)
        guard let rowA = rosterA.first(where: { $0.hasPrefix(IsoNames.agentA + ",") }),
            let rowB = rosterB.first(where: { $0.hasPrefix(IsoNames.agentB + ",") })
        else { throw TestServerError("the demo rosters no longer hold \(IsoNames.agentA) and \(IsoNames.agentB)") }
        func agents(_ lines: [String]) -> [String] {
            lines.dropFirst().compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) }
        }
        return IsoFixtures(
            architectureYAML: try read(Demo.architecture), manifestA: try read(Demo.manifest(IsoNames.tenantA)),
            manifestB: try read(Demo.manifest(IsoNames.tenantB)), rosterHeader: rosterA[0], rosterRowA: rowA,
            rosterRowB: rowB, agentsA: agents(rosterA), agentsB: agents(rosterB))
    }

    /// A one-row roster file: the stored row of `agentA` for A's ids, else B's row with the ids
    /// of `values` (so B's ids and the missing ids fail at the same line and column).
    func rosterCSV(_ values: IsoValues) -> String {
        let template = values.agent == IsoNames.agentA ? rosterRowA : rosterRowB
        var fields = template.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[0] = values.agent
        fields[1] = values.program
        return rosterHeader + "\n" + fields.joined(separator: ",") + "\n"
    }

    /// A's manifest for tenant A, B's for B; any other tenant id gets B's manifest (A's for a
    /// path-steering id) with its `tenant:` key replaced.
    func manifest(tenant: String) -> String {
        if tenant == IsoNames.tenantA { return manifestA }
        if tenant == IsoNames.tenantB { return manifestB }
        let base = tenant == IsoNames.tenantMissing ? manifestB : manifestA
        var escaped = ""
        for scalar in tenant.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\u{0}": escaped += "\\0"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return base.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("tenant:") ? "tenant: \"\(escaped)\"" : String($0) }
            .joined(separator: "\n")
    }
}

// MARK: - Harness

/// The bearer of the next call and the response messages it received.
final class IsoCallControl: Sendable {
    private let state = Mutex<(bearer: String?, messages: Int)>((nil, 0))

    func begin(bearer: String?) { state.withLock { $0 = (bearer, 0) } }
    var bearer: String? { state.withLock { $0.bearer } }
    var messages: Int { state.withLock { $0.messages } }
    func countMessage() { state.withLock { $0.messages += 1 } }
}

/// Adds the current bearer to each call and counts the response messages that arrive, so a
/// refused call can be shown to have carried no message at all (also for server streams).
struct IsoInterceptor: ClientInterceptor {
    let control: IsoCallControl

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        if let bearer = control.bearer {
            request.metadata.addString("Bearer \(bearer)", forKey: "authorization")
        }
        var response = try await next(request, context)
        if case .success(var contents) = response.accepted {
            let control = self.control
            let parts = contents.bodyParts
            contents.bodyParts = RPCAsyncSequence(
                wrapping: parts.map { part in
                    if case .message = part { control.countMessage() }
                    return part
                })
            response.accepted = .success(contents)
        }
        return response
    }
}

/// What one call answered.
struct IsoObservation: Sendable {
    var code: RPCError.Code?
    var message: String
    var bytes: [UInt8]?
    var messages: Int
    var values: IsoValues
}

/// One client (one TLS connection) for the whole matrix; calls run one at a time.
final class IsoHarness: Sendable {
    let client: GRPCClient<HTTP2ClientTransport.Posix>
    let control: IsoCallControl
    let fixtures: IsoFixtures
    let adminToken: String
    /// Every token the matrix created or saw created: id → tenants.
    private let tokens = Mutex<[String: [String]]>([:])

    init(client: GRPCClient<HTTP2ClientTransport.Posix>, control: IsoCallControl, fixtures: IsoFixtures, adminToken: String) {
        self.client = client
        self.control = control
        self.fixtures = fixtures
        self.adminToken = adminToken
    }

    var admin: Governance_V1_AdminService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var manifests: Governance_V1_ManifestService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var ingest: Governance_V1_IngestService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var scorecards: Governance_V1_ScorecardService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var quality: Governance_V1_QualityService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var slas: Governance_V1_SlaService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var health: Governance_V1_PartnershipHealthService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var benchmarks: Governance_V1_BenchmarkService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var review: Governance_V1_ReviewService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var qbr: Governance_V1_QbrService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }
    var development: Governance_V1_DevelopmentService.Client<HTTP2ClientTransport.Posix> { .init(wrapping: client) }

    func note(token id: String, tenants: [String]) {
        tokens.withLock { $0[id] = tenants }
    }

    /// Ids of the tokens scoped to `tenant` (alone or among others).
    func tokenIDs(of tenant: String) -> [String] {
        tokens.withLock { $0.filter { $0.value.contains(tenant) }.map(\.key) }
    }

    /// Creates a token with the platform-admin token.
    func createToken(role: Governance_V1_Role, tenants: [String], name: String) async throws -> (id: String, secret: String) {
        control.begin(bearer: adminToken)
        var request = Governance_V1_CreateTokenRequest()
        request.name = name
        request.role = role
        request.tenants = tenants
        let reply = try await admin.createToken(request)
        note(token: reply.principal.tokenID, tenants: reply.principal.tenants)
        return (reply.principal.tokenID, reply.token)
    }

    /// Revokes a token with the platform-admin token.
    func revoke(_ id: String) async throws {
        control.begin(bearer: adminToken)
        var request = Governance_V1_RevokeTokenRequest()
        request.tokenID = id
        _ = try await admin.revokeToken(request)
    }

    /// Calls `method` as `identity`.
    func perform(_ method: IsoMethod, as identity: IsoIdentity, values: IsoValues) async -> IsoObservation {
        control.begin(bearer: identity.secret)
        do {
            let bytes = try await method.call(self, values)
            return IsoObservation(code: nil, message: "", bytes: bytes, messages: control.messages, values: values)
        } catch let error as RPCError {
            return IsoObservation(code: error.code, message: error.message, bytes: nil, messages: control.messages, values: values)
        } catch {
            return IsoObservation(
                code: .unknown, message: "client-side error: \(error)", bytes: nil, messages: control.messages, values: values)
        }
    }
}
