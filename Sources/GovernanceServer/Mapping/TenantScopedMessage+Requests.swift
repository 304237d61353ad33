import GovernanceAPI

extension Governance_V1_GetTenantRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ListProgramsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_GetDataSummaryRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ImportRequest: TenantScopedMessage {
    /// The tenant of the header (the first message of an import stream).
    public var tenantID: String {
        if case .header(let header) = payload { return header.tenant }
        return ""
    }
}

extension Governance_V1_ProgramScorecardRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_AgentScorecardsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_AgentScorecardRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_AnnualReviewRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_TrendRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_CompareVersionsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ListScorecardVersionsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_AddScorecardVersionRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_BackupTenantRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_SubmitEvaluationRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_CalibrationReportRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_CoachingQueueRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_RecordCoachingSessionRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_CoachingCompletionRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_CoachingEffectivenessRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_OpenDisputeRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ResolveDisputeRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ListDisputesRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_SamplingPlanRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_SlaStatusRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_BreachHistoryRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ComplianceMatrixRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_SlaProjectionRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_AddExclusionRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ListExclusionsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_WithdrawExclusionRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ListSlaVersionsRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_AddSlaVersionRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ProgramHealthRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_RetentionCurvesRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_AttritionRiskRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_BenchmarkRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ProgramRankingRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
