import Foundation
import GovernanceCore
import Logging
import Storage

/// The object graph the services share: stores, authenticator, configuration, logger.
public final class GovernanceBackend: Sendable {
    public let configuration: ServerConfiguration
    public let control: any ControlStore
    public let tenants: TenantRegistry
    public let authenticator: Authenticator
    public let logger: Logger
    let cache = ResultCache()
    let lock: DataDirectoryLock

    /// Opens the control database and the tenant registry of `configuration.dataDirectory`.
    ///
    /// - Throws: FAILED_PRECONDITION when the directory was never initialised (`governd init`).
    public init(configuration: ServerConfiguration, logger: Logger) throws(GovernanceError) {
        guard FileManager.default.fileExists(atPath: configuration.controlDatabasePath) else {
            throw GovernanceError(
                code: .failedPrecondition,
                message: "\(configuration.dataDirectory) is not a governd data directory: run `governd init --data-dir \(configuration.dataDirectory)` first"
            )
        }
        self.configuration = configuration
        self.lock = try DataDirectoryLock(dataDirectory: configuration.dataDirectory, purpose: "serving it")
        let control = try ControlDatabase(path: configuration.controlDatabasePath)
        self.control = control
        self.tenants = try TenantRegistry(directory: configuration.tenantDirectory)
        self.authenticator = Authenticator(control: control)
        self.logger = logger
        try? FileManager.default.createDirectory(atPath: configuration.spoolDirectory, withIntermediateDirectories: true)
    }

    /// Runs `body` on a tenant's database after checking the tenant exists.
    ///
    /// - Throws: NOT_FOUND when the control database does not list the tenant.
    public func withTenant<T: Sendable>(_ tenant: String, _ body: (TenantDatabase) async throws -> T) async throws -> T {
        try Identifier.validateTenant(tenant)
        guard try await control.tenant(id: tenant) != nil else {
            throw GovernanceError.notFound("tenant \(tenant) does not exist")
        }
        return try await tenants.withTenant(tenant, create: true, body)
    }

    /// An audit entry by the current caller.
    func audit(tenant: String, action: String, detail: String) -> AuditDraft {
        AuditDraft(
            actor: RequestContext.current?.principal?.tokenID ?? "system", tenant: tenant, action: action,
            detail: detail)
    }
}
