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

extension Governance_V1_BenchmarkRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}

extension Governance_V1_ProgramRankingRequest: TenantScopedMessage {
    public var tenantID: String { tenant }
}
