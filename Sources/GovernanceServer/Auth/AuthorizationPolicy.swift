import GRPCCore
import GovernanceAPI
import GovernanceCore

/// How an RPC finds the tenant it acts on.
public enum TenantScope: Sendable, Hashable {
    /// Not tenant-scoped (lists filtered to the caller's scope, token administration).
    case platform
    /// The request message names the tenant (`tenant` field, or the header of a stream).
    case message
    /// The tenant is only known once the handler has read the request (a manifest's
    /// `tenant:` key); the handler calls ``AuthorizationPolicy/authorize(_:method:tenant:)``.
    case handler
}

/// Who may call one RPC.
public struct AccessRule: Sendable, Hashable {
    /// Roles allowed to call it at all.
    public var roles: Set<Role>
    /// Where the tenant comes from.
    public var scope: TenantScope

    public init(roles: Set<Role>, scope: TenantScope) {
        self.roles = roles
        self.scope = scope
    }
}

/// The one authorisation table: every RPC the server registers has exactly one row.
///
/// The ``AuthServerInterceptor`` consults it for every call: no token → UNAUTHENTICATED,
/// a role not in the row → PERMISSION_DENIED, a tenant outside the token's scope →
/// PERMISSION_DENIED (whether or not that tenant exists, so scope probing learns nothing).
/// A method missing from the table is refused; a test checks every registered method has a row.
public enum AuthorizationPolicy {
    static let everyone: Set<Role> = Set(Role.allCases)
    static let readers: Set<Role> = [.platformAdmin, .accountManager, .tenantAdmin, .tenantViewer]
    static let managers: Set<Role> = [.platformAdmin, .accountManager, .tenantAdmin]
    static let feeders: Set<Role> = [.platformAdmin, .accountManager, .tenantAdmin, .dataFeeder]

    /// The table, keyed by method.
    public static let rules: [MethodDescriptor: AccessRule] = [
        // Admin
        Governance_V1_AdminService.Method.ListTenants.descriptor: AccessRule(roles: everyone, scope: .platform),
        Governance_V1_AdminService.Method.GetTenant.descriptor: AccessRule(roles: everyone, scope: .message),
        Governance_V1_AdminService.Method.WhoAmI.descriptor: AccessRule(roles: everyone, scope: .platform),
        Governance_V1_AdminService.Method.CreateToken.descriptor: AccessRule(
            roles: [.platformAdmin, .tenantAdmin], scope: .handler),
        Governance_V1_AdminService.Method.ListTokens.descriptor: AccessRule(
            roles: [.platformAdmin, .tenantAdmin], scope: .handler),
        Governance_V1_AdminService.Method.RevokeToken.descriptor: AccessRule(
            roles: [.platformAdmin, .tenantAdmin], scope: .handler),
        Governance_V1_AdminService.Method.ListAudit.descriptor: AccessRule(roles: readers, scope: .handler),
        Governance_V1_AdminService.Method.VerifyAudit.descriptor: AccessRule(roles: readers, scope: .handler),
        Governance_V1_AdminService.Method.BackupTenant.descriptor: AccessRule(
            roles: [.platformAdmin, .tenantAdmin], scope: .message),
        // Manifests
        Governance_V1_ManifestService.Method.ApplyManifest.descriptor: AccessRule(roles: managers, scope: .handler),
        Governance_V1_ManifestService.Method.ListArchitectureVersions.descriptor: AccessRule(
            roles: everyone, scope: .platform),
        Governance_V1_ManifestService.Method.ListPrograms.descriptor: AccessRule(roles: everyone, scope: .message),
        // Ingest
        Governance_V1_IngestService.Method.ImportFile.descriptor: AccessRule(roles: feeders, scope: .message),
        Governance_V1_IngestService.Method.GetDataSummary.descriptor: AccessRule(roles: everyone, scope: .message),
        // Scorecards
        Governance_V1_ScorecardService.Method.GetProgramScorecard.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_ScorecardService.Method.ListAgentScorecards.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_ScorecardService.Method.GetAgentScorecard.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_ScorecardService.Method.GetAnnualReview.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_ScorecardService.Method.GetTrend.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_ScorecardService.Method.CompareVersions.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_ScorecardService.Method.ListScorecardVersions.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_ScorecardService.Method.AddScorecardVersion.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_ScorecardService.Method.AddArchitectureVersion.descriptor: AccessRule(
            roles: [.platformAdmin], scope: .platform),
        // Quality (supervisors and QA leads act through tenant_admin or account_manager tokens)
        Governance_V1_QualityService.Method.SubmitEvaluation.descriptor: AccessRule(roles: feeders, scope: .message),
        Governance_V1_QualityService.Method.CalibrationReport.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_QualityService.Method.CoachingQueue.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_QualityService.Method.RecordCoachingSession.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_QualityService.Method.CoachingCompletion.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_QualityService.Method.CoachingEffectiveness.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_QualityService.Method.OpenDispute.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_QualityService.Method.ResolveDispute.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_QualityService.Method.ListDisputes.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_QualityService.Method.SamplingPlan.descriptor: AccessRule(roles: readers, scope: .message),
        // SLAs (exclusions are recorded and withdrawn by account managers and platform admins only)
        Governance_V1_SlaService.Method.GetSlaStatus.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_SlaService.Method.GetBreachHistory.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_SlaService.Method.GetComplianceMatrix.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_SlaService.Method.GetSlaProjection.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_SlaService.Method.ListExclusions.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_SlaService.Method.ListSlaVersions.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_SlaService.Method.AddExclusion.descriptor: AccessRule(
            roles: [.platformAdmin, .accountManager], scope: .message),
        Governance_V1_SlaService.Method.WithdrawExclusion.descriptor: AccessRule(
            roles: [.platformAdmin, .accountManager], scope: .message),
        Governance_V1_SlaService.Method.AddSlaVersion.descriptor: AccessRule(roles: managers, scope: .message),
        // Partnership health (reads)
        Governance_V1_PartnershipHealthService.Method.GetProgramHealth.descriptor: AccessRule(
            roles: readers, scope: .message),
        Governance_V1_PartnershipHealthService.Method.GetRetentionCurves.descriptor: AccessRule(
            roles: readers, scope: .message),
        Governance_V1_PartnershipHealthService.Method.GetAttritionRisk.descriptor: AccessRule(
            roles: readers, scope: .message),
        // Benchmarking: what each role sees of other tenants is decided in the handler (SPEC section 7).
        Governance_V1_BenchmarkService.Method.GetBenchmark.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_BenchmarkService.Method.GetProgramRanking.descriptor: AccessRule(roles: readers, scope: .message),
        // Monthly review
        Governance_V1_ReviewService.Method.ReviewPackage.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_ReviewService.Method.CreateAction.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_ReviewService.Method.UpdateActionStatus.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_ReviewService.Method.ListActions.descriptor: AccessRule(roles: readers, scope: .message),
        // QBR pack (reads only; benchmark figures always as the tenant's own users see them)
        Governance_V1_QbrService.Method.BuildQbr.descriptor: AccessRule(roles: readers, scope: .message),
        // Agent development. No RPC returns an identifiable 360 response: GetFeedbackReport gives
        // every reader the subject's view (aggregates once 3 others answered). Respondents' answers
        // arrive through the survey tool's data-feeder token or a manager; retention and purges are
        // tenant policy (tenant and platform admins).
        Governance_V1_DevelopmentService.Method.CreateGoal.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_DevelopmentService.Method.ListGoals.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_DevelopmentService.Method.TrainingNeeds.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_DevelopmentService.Method.CreateRecord.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_DevelopmentService.Method.UpdateRecord.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_DevelopmentService.Method.SignOffRecord.descriptor: AccessRule(roles: managers, scope: .message),
        Governance_V1_DevelopmentService.Method.ListRecords.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_DevelopmentService.Method.SetRetention.descriptor: AccessRule(
            roles: [.platformAdmin, .tenantAdmin], scope: .message),
        Governance_V1_DevelopmentService.Method.PurgeRecords.descriptor: AccessRule(
            roles: [.platformAdmin, .tenantAdmin], scope: .message),
        Governance_V1_DevelopmentService.Method.ListPurges.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_DevelopmentService.Method.CreateFeedbackRequest.descriptor: AccessRule(
            roles: managers, scope: .message),
        Governance_V1_DevelopmentService.Method.SubmitFeedback.descriptor: AccessRule(roles: feeders, scope: .message),
        Governance_V1_DevelopmentService.Method.GetFeedbackReport.descriptor: AccessRule(roles: readers, scope: .message),
        Governance_V1_DevelopmentService.Method.CreateEligibilityList.descriptor: AccessRule(
            roles: managers, scope: .message),
        Governance_V1_DevelopmentService.Method.ListEligibilityLists.descriptor: AccessRule(
            roles: readers, scope: .message),
    ]

    /// Methods served without a token (health checks and reflection describe no tenant data).
    public static let unauthenticatedServices: Set<String> = [
        Grpc_Health_V1_Health.descriptor.fullyQualifiedService,
        Grpc_Reflection_V1_ServerReflection.descriptor.fullyQualifiedService,
    ]

    /// Checks `principal` may call `method`, and (when given) act on `tenant`.
    ///
    /// - Throws: ``GovernanceError`` PERMISSION_DENIED when the role or the tenant scope
    ///   does not allow it; INVALID_ARGUMENT when `tenant` is not a valid tenant id.
    public static func authorize(_ principal: Principal, method: MethodDescriptor, tenant: String?)
        throws(GovernanceError)
    {
        guard let rule = rules[method] else {
            throw GovernanceError(code: .permissionDenied, message: "\(method) is not in the authorisation table")
        }
        guard rule.roles.contains(principal.role) else {
            throw GovernanceError(
                code: .permissionDenied,
                message: "role \(principal.role.rawValue) may not call \(method.method)")
        }
        if let tenant {
            // Scope first: a malformed id is never in a token's scope, so a scoped token gets the
            // same PERMISSION_DENIED for it as for any other tenant it cannot see.
            guard principal.canSee(tenant: tenant) else {
                throw GovernanceError(
                    code: .permissionDenied, message: "tenant \(tenant.prefix(80)) is outside this token's scope")
            }
            try Identifier.validateTenant(tenant)
        }
    }
}
