import Crypto
import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import Storage

/// Tenants, tokens and the audit log (`governance.v1.AdminService`).
public struct AdminService: Governance_V1_AdminService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    public func listTenants(
        request: Governance_V1_ListTenantsRequest, context: ServerContext
    ) async throws -> Governance_V1_ListTenantsReply {
        let principal = try RequestContext.requirePrincipal()
        var reply = Governance_V1_ListTenantsReply()
        for tenant in try await backend.control.tenants() where principal.canSee(tenant: tenant.id) {
            reply.tenants.append(try await tenantMessage(tenant, withPrograms: false))
        }
        return reply
    }

    public func getTenant(
        request: Governance_V1_GetTenantRequest, context: ServerContext
    ) async throws -> Governance_V1_Tenant {
        guard let tenant = try await backend.control.tenant(id: request.tenant) else {
            throw GovernanceError.notFound("tenant \(request.tenant) does not exist")
        }
        return try await tenantMessage(tenant, withPrograms: true)
    }

    public func whoAmI(request: Governance_V1_WhoAmIRequest, context: ServerContext) async throws
        -> Governance_V1_Principal
    {
        Governance_V1_Principal(try RequestContext.requirePrincipal())
    }

    public func createToken(
        request: Governance_V1_CreateTokenRequest, context: ServerContext
    ) async throws -> Governance_V1_CreateTokenReply {
        let caller = try RequestContext.requirePrincipal()
        guard let role = Role(request.role) else {
            throw GovernanceError.invalid("role is required (platform_admin, account_manager, tenant_admin, tenant_viewer, data_feeder)")
        }
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 200 else {
            throw GovernanceError.invalid("a token needs a name (1–200 characters) saying who or what uses it")
        }
        var tenants = Array(Set(request.tenants)).sorted()
        switch role {
        case .platformAdmin:
            guard tenants.isEmpty else { throw GovernanceError.invalid("a platform admin token takes no tenants") }
        case .accountManager:
            guard !tenants.isEmpty else {
                throw GovernanceError.invalid("an account manager token needs at least one tenant")
            }
        case .tenantAdmin, .tenantViewer, .dataFeeder:
            guard tenants.count == 1 else { throw GovernanceError.invalid("a \(role.rawValue) token needs exactly one tenant") }
        }
        for tenant in tenants {
            try AuthorizationPolicy.authorize(caller, method: context.descriptor, tenant: tenant)
        }
        if caller.role == .tenantAdmin && !role.isSingleTenant {
            throw GovernanceError(
                code: .permissionDenied, message: "a tenant admin can only create tenant_admin, tenant_viewer and data_feeder tokens")
        }
        for tenant in tenants where try await backend.control.tenant(id: tenant) == nil {
            throw GovernanceError.notFound("tenant \(tenant) does not exist")
        }
        tenants.sort()
        let secret = TokenAuthority.newSecret()
        let principal = Principal(
            tokenID: TokenAuthority.newTokenID(), name: name, role: role, tenants: tenants,
            createdAt: Self.now())
        try await backend.control.insertToken(
            principal, tokenHash: TokenAuthority.hash(secret),
            audit: backend.audit(
                tenant: tenants.count == 1 ? tenants[0] : "", action: "CreateToken",
                detail: "created \(role.rawValue) token \(principal.tokenID) '\(name)' for [\(tenants.joined(separator: ","))]"))
        var reply = Governance_V1_CreateTokenReply()
        reply.principal = Governance_V1_Principal(principal)
        reply.token = secret
        return reply
    }

    public func listTokens(
        request: Governance_V1_ListTokensRequest, context: ServerContext
    ) async throws -> Governance_V1_ListTokensReply {
        let caller = try RequestContext.requirePrincipal()
        if !request.tenant.isEmpty {
            try AuthorizationPolicy.authorize(caller, method: context.descriptor, tenant: request.tenant)
            guard try await backend.control.tenant(id: request.tenant) != nil else {
                throw GovernanceError.notFound("tenant \(request.tenant) does not exist")
            }
        }
        var reply = Governance_V1_ListTokensReply()
        for token in try await backend.control.tokens() {
            if token.revokedAt != nil && !request.includeRevoked { continue }
            if !request.tenant.isEmpty && !token.tenants.contains(request.tenant) { continue }
            // Tenant admins see only tokens scoped to their own tenant alone.
            if caller.role != .platformAdmin && !(token.role.isSingleTenant && caller.tenants == token.tenants) { continue }
            reply.tokens.append(Governance_V1_Principal(token))
        }
        return reply
    }

    public func revokeToken(
        request: Governance_V1_RevokeTokenRequest, context: ServerContext
    ) async throws -> Governance_V1_Principal {
        let caller = try RequestContext.requirePrincipal()
        let tokens = try await backend.control.tokens()
        // A token outside the caller's reach answers exactly like an unknown one.
        guard let target = tokens.first(where: { $0.tokenID == request.tokenID }),
            caller.role == .platformAdmin || (target.role.isSingleTenant && target.tenants == caller.tenants)
        else {
            throw GovernanceError.notFound("token \(request.tokenID) does not exist")
        }
        let tenant = target.tenants.count == 1 ? target.tenants[0] : ""
        guard
            let revoked = try await backend.control.revokeToken(
                id: target.tokenID,
                audit: backend.audit(tenant: tenant, action: "RevokeToken", detail: "revoked token \(target.tokenID) '\(target.name)'"))
        else {
            throw GovernanceError.notFound("token \(request.tokenID) does not exist")
        }
        backend.authenticator.forget(tokenID: revoked.tokenID)
        return Governance_V1_Principal(revoked)
    }

    public func listAudit(
        request: Governance_V1_ListAuditRequest, context: ServerContext
    ) async throws -> Governance_V1_ListAuditReply {
        let caller = try RequestContext.requirePrincipal()
        let limit = request.limit <= 0 ? 100 : min(Int(request.limit), 10_000)
        let entries: [AuditRecord]
        if request.tenant.isEmpty {
            guard caller.role == .platformAdmin else {
                throw GovernanceError(code: .permissionDenied, message: "only platform admins read the platform audit log; name a tenant")
            }
            entries = try await backend.control.audit(limit: limit)
        } else {
            try AuthorizationPolicy.authorize(caller, method: context.descriptor, tenant: request.tenant)
            RequestContext.current?.tenant = request.tenant
            entries = try await backend.withTenant(request.tenant) { try await $0.audit(limit: limit) }
        }
        var reply = Governance_V1_ListAuditReply()
        reply.entries = entries.map(Governance_V1_AuditEntry.init)
        return reply
    }

    public func verifyAudit(
        request: Governance_V1_VerifyAuditRequest, context: ServerContext
    ) async throws -> Governance_V1_AuditVerification {
        let caller = try RequestContext.requirePrincipal()
        let verification: AuditVerification
        if request.tenant.isEmpty {
            guard caller.role == .platformAdmin else {
                throw GovernanceError(code: .permissionDenied, message: "only platform admins verify the platform audit log; name a tenant")
            }
            verification = try await backend.control.verifyAudit()
        } else {
            try AuthorizationPolicy.authorize(caller, method: context.descriptor, tenant: request.tenant)
            RequestContext.current?.tenant = request.tenant
            verification = try await backend.withTenant(request.tenant) { try await $0.verifyAudit() }
        }
        var reply = Governance_V1_AuditVerification()
        reply.tenant = request.tenant
        reply.entries = Int64(verification.entries)
        reply.intact = verification.firstBroken == nil
        reply.firstBroken = verification.firstBroken ?? 0
        reply.reason = verification.reason ?? ""
        return reply
    }

    public func backupTenant(
        request: Governance_V1_BackupTenantRequest, response: RPCWriter<Governance_V1_BackupChunk>,
        context: ServerContext
    ) async throws {
        let path = backend.configuration.spoolDirectory + "/backup-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await backend.withTenant(request.tenant) { database in
            try await database.backup(to: path)
            try await database.appendAudit(
                backend.audit(tenant: request.tenant, action: "BackupTenant", detail: "online backup taken"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw GovernanceError(code: .unavailable, message: "the backup file disappeared")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: Int64 = 0
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            hasher.update(data: data)
            total += Int64(data.count)
            var chunk = Governance_V1_BackupChunk()
            chunk.data = data
            try await response.write(chunk)
        }
        var last = Governance_V1_BackupChunk()
        last.totalBytes = total
        last.sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        try await response.write(last)
    }

    func tenantMessage(_ tenant: TenantRecord, withPrograms: Bool) async throws -> Governance_V1_Tenant {
        var message = Governance_V1_Tenant()
        message.id = tenant.id
        message.name = tenant.name
        message.createdAt = tenant.createdAt
        if withPrograms {
            message.programs = try await backend.withTenant(tenant.id) { try await $0.programs() }.map { program in
                var summary = Governance_V1_ProgramSummary()
                summary.id = program.id
                summary.name = program.name
                summary.site = program.site
                summary.timezone = program.timezone
                return summary
            }
        }
        return message
    }

    static func now() -> String {
        Instant(millis: Int64((Date().timeIntervalSince1970 * 1000).rounded())).description
    }
}
