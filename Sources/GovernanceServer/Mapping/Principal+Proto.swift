import GovernanceAPI
import GovernanceCore
import Storage

extension Governance_V1_Principal {
    init(_ principal: Principal) {
        self.init()
        tokenID = principal.tokenID
        name = principal.name
        role = Governance_V1_Role(principal.role)
        tenants = principal.tenants
        createdAt = principal.createdAt
        revokedAt = principal.revokedAt ?? ""
    }
}

extension Governance_V1_Role {
    init(_ role: Role) {
        switch role {
        case .platformAdmin: self = .platformAdmin
        case .accountManager: self = .accountManager
        case .tenantAdmin: self = .tenantAdmin
        case .tenantViewer: self = .tenantViewer
        case .dataFeeder: self = .dataFeeder
        }
    }
}

extension Role {
    init?(_ role: Governance_V1_Role) {
        switch role {
        case .platformAdmin: self = .platformAdmin
        case .accountManager: self = .accountManager
        case .tenantAdmin: self = .tenantAdmin
        case .tenantViewer: self = .tenantViewer
        case .dataFeeder: self = .dataFeeder
        default: return nil
        }
    }
}

extension Governance_V1_AuditEntry {
    init(_ record: AuditRecord) {
        self.init()
        sequence = record.sequence
        at = record.at
        actor = record.actor
        tenant = record.tenant
        action = record.action
        detail = record.detail
        hash = record.hash
    }
}
