/// The role a token holds (one per token).
public enum Role: String, CaseIterable, Hashable, Sendable {
    /// Everything, on every tenant.
    case platformAdmin = "platform_admin"
    /// A BPO account manager: reads and manages the tenants in its scope.
    case accountManager = "account_manager"
    /// Administers one tenant.
    case tenantAdmin = "tenant_admin"
    /// Reads one tenant.
    case tenantViewer = "tenant_viewer"
    /// Imports data into one tenant.
    case dataFeeder = "data_feeder"

    /// Whether tokens of this role are scoped to exactly one tenant.
    public var isSingleTenant: Bool {
        switch self {
        case .tenantAdmin, .tenantViewer, .dataFeeder: return true
        case .platformAdmin, .accountManager: return false
        }
    }
}

/// An authenticated caller: a token's identity and scope (never its secret).
public struct Principal: Sendable, Hashable {
    /// Token id, e.g. `tok_3f9a…`.
    public var tokenID: String
    /// Human label.
    public var name: String
    public var role: Role
    /// Tenant scope; empty for platform admins, who see every tenant.
    public var tenants: [String]
    /// RFC 3339 creation time.
    public var createdAt: String
    /// RFC 3339 revocation time, `nil` while valid.
    public var revokedAt: String?

    public init(
        tokenID: String, name: String, role: Role, tenants: [String], createdAt: String, revokedAt: String? = nil
    ) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
        self.tenants = tenants
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Whether the principal's scope includes `tenant`.
    public func canSee(tenant: String) -> Bool {
        role == .platformAdmin || tenants.contains(tenant)
    }
}
