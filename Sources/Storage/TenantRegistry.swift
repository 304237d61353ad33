import Foundation
import GovernanceCore
import Synchronization

/// Opens tenant databases lazily and closes the ones left idle.
///
/// The tenant id is validated before it ever becomes part of a path (only
/// `[A-Za-z0-9._:-]`, never `.` or `..`), and the caller must already have checked that
/// the tenant exists in the control database: the registry never creates a file for an
/// unknown tenant unless asked to with `create: true`.
public final class TenantRegistry: Sendable {
    private struct Entry {
        var database: TenantDatabase
        var users: Int
        var lastUsed: ContinuousClock.Instant
    }

    /// The directory holding `<tenant>.sqlite` files.
    public let directory: String
    private let entries = Mutex<[String: Entry]>([:])
    private let openingLock = Mutex<Void>(())

    /// Creates a registry over `directory` (created if missing).
    public init(directory: String) throws(GovernanceError) {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GovernanceError(code: .unavailable, message: "cannot create the tenant directory", cause: error)
        }
    }

    /// The file path of a tenant's database.
    public func path(for tenant: String) throws(GovernanceError) -> String {
        try Identifier.validateTenant(tenant)
        return directory + "/" + tenant + ".sqlite"
    }

    /// Runs `body` with the tenant's open database, opening it first if needed.
    ///
    /// - Parameter create: create the file when it does not exist (only when the control
    ///   database already lists the tenant, or is about to).
    public func withTenant<T: Sendable>(
        _ tenant: String, create: Bool = false, _ body: (TenantDatabase) async throws -> T
    ) async throws -> T {
        let database = try acquire(tenant, create: create)
        defer { release(tenant) }
        return try await body(database)
    }

    private func acquire(_ tenant: String, create: Bool) throws(GovernanceError) -> TenantDatabase {
        let path = try path(for: tenant)
        let now = ContinuousClock.now
        if let database = entries.withLock({ entries -> TenantDatabase? in
            guard var entry = entries[tenant] else { return nil }
            entry.users += 1
            entry.lastUsed = now
            entries[tenant] = entry
            return entry.database
        }) {
            return database
        }
        // Opening (and migrating) is serialised so one file is never opened by two pools at once:
        // two migrators racing on a fresh file would fail one caller.
        return try openingLock.withLock { _ throws(GovernanceError) -> TenantDatabase in
            if let database = entries.withLock({ entries -> TenantDatabase? in
                guard var entry = entries[tenant] else { return nil }
                entry.users += 1
                entry.lastUsed = now
                entries[tenant] = entry
                return entry.database
            }) {
                return database
            }
            if !create && !FileManager.default.fileExists(atPath: path) {
                throw GovernanceError(code: .unavailable, message: "the database of tenant \(tenant) is missing")
            }
            if FileManager.default.fileExists(atPath: path) && !FileManager.default.isReadableFile(atPath: path) {
                throw GovernanceError(code: .unavailable, message: "the database of tenant \(tenant) is not readable")
            }
            let opened = try TenantDatabase(tenant: tenant, path: path)
            entries.withLock { $0[tenant] = Entry(database: opened, users: 1, lastUsed: now) }
            return opened
        }
    }

    private func release(_ tenant: String) {
        entries.withLock { entries in
            guard var entry = entries[tenant] else { return }
            entry.users -= 1
            entry.lastUsed = ContinuousClock.now
            entries[tenant] = entry
        }
    }

    /// Closes databases unused for longer than `idle`; returns the tenants closed.
    @discardableResult
    public func closeIdle(olderThan idle: Duration) -> [String] {
        let now = ContinuousClock.now
        let closing = entries.withLock { entries -> [(String, TenantDatabase)] in
            let idleOnes = entries.filter { $0.value.users == 0 && now - $0.value.lastUsed > idle }
            for (tenant, _) in idleOnes { entries[tenant] = nil }
            return idleOnes.map { ($0.key, $0.value.database) }
        }
        for (_, database) in closing { database.close() }
        return closing.map(\.0).sorted()
    }

    /// Closes every idle database (used at shutdown, after in-flight RPCs finished).
    public func closeAll() {
        closeIdle(olderThan: .zero)
    }

    /// Tenants with an open database.
    public var openTenants: [String] {
        entries.withLock { Array($0.keys).sorted() }
    }
}
