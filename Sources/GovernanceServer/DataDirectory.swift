import Foundation
import GovernanceCore
import Storage

/// Creating a data directory (`governd init`).
public enum DataDirectory {
    /// What `initialize` created.
    public struct Initialized: Sendable {
        public var caCertificate: String
        public var adminTokenFile: String
        public var adminTokenID: String
    }

    /// Creates `configuration.dataDirectory`: the control database, a development CA and
    /// server certificate under `tls/` (unless `withCertificates` is false), and the first
    /// platform-admin token in `admin.token` (mode 0600).
    ///
    /// - Throws: ALREADY_EXISTS when the directory already holds a control database or an
    ///   admin token: init never overwrites.
    public static func initialize(
        _ configuration: ServerConfiguration, hostNames: [String] = [], withCertificates: Bool = true
    ) async throws(GovernanceError) -> Initialized {
        let fm = FileManager.default
        for existing in [configuration.controlDatabasePath, configuration.adminTokenPath]
        where fm.fileExists(atPath: existing) {
            throw GovernanceError(
                code: .alreadyExists,
                message: "\(existing) already exists: \(configuration.dataDirectory) is already initialised (init never overwrites)")
        }
        do {
            try fm.createDirectory(
                atPath: configuration.dataDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            try fm.createDirectory(atPath: configuration.tenantDirectory, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: configuration.spoolDirectory, withIntermediateDirectories: true)
        } catch {
            throw GovernanceError(code: .unavailable, message: "cannot create \(configuration.dataDirectory)", cause: error)
        }
        var caPath = configuration.tlsDirectory + "/ca.pem"
        if withCertificates {
            if fm.fileExists(atPath: caPath) {
                // Keep an existing CA (e.g. one the operator placed there on purpose).
            } else {
                caPath = try DevCertificateAuthority.generate(into: configuration.tlsDirectory, hostNames: hostNames)
                    .caCertificate
            }
        }
        let control = try ControlDatabase(path: configuration.controlDatabasePath)
        let secret = TokenAuthority.newSecret()
        let principal = Principal(
            tokenID: TokenAuthority.newTokenID(), name: "initial platform admin", role: .platformAdmin, tenants: [],
            createdAt: Instant(millis: Int64((Date().timeIntervalSince1970 * 1000).rounded())).description)
        try await control.insertToken(
            principal, tokenHash: TokenAuthority.hash(secret),
            audit: AuditDraft(
                actor: "init", tenant: "", action: "Init",
                detail: "initialised data directory; created platform_admin token \(principal.tokenID)"))
        guard fm.createFile(
            atPath: configuration.adminTokenPath, contents: Data((secret + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        else {
            throw GovernanceError(code: .unavailable, message: "cannot write \(configuration.adminTokenPath)")
        }
        return Initialized(caCertificate: caPath, adminTokenFile: configuration.adminTokenPath, adminTokenID: principal.tokenID)
    }

    /// Restores a tenant from a backup file (`governd restore`): takes the data directory's
    /// lock (the server must be stopped), checks the file, puts it in place, makes sure the
    /// control database lists the tenant, and audits it in the platform log.
    public static func restore(
        _ configuration: ServerConfiguration, tenant: String, from backup: String
    ) async throws(GovernanceError) {
        try Identifier.validateTenant(tenant)
        let lock = try DataDirectoryLock(dataDirectory: configuration.dataDirectory, purpose: "restoring")
        defer { withExtendedLifetime(lock) {} }
        let control = try ControlDatabase(path: configuration.controlDatabasePath)
        let registry = try TenantRegistry(directory: configuration.tenantDirectory)
        try TenantRestore.restore(tenant: tenant, from: backup, registry: registry)
        let existing = try await control.tenant(id: tenant)
        let now = Instant(millis: Int64((Date().timeIntervalSince1970 * 1000).rounded())).description
        let draft = AuditDraft(actor: "restore", tenant: tenant, action: "Restore", detail: "restored tenant \(tenant) from \(backup)")
        if existing == nil {
            _ = try await control.upsertTenant(TenantRecord(id: tenant, name: tenant, createdAt: now), audit: draft)
        } else {
            try await control.appendAudit(draft)
        }
    }
}
