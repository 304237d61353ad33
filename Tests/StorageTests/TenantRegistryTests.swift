import Foundation
import GovernanceCore
import Testing

@testable import Storage

@Suite("TenantRegistry")
struct TenantRegistryTests {
    @Test(
        "refuses tenant ids that could steer a path, and creates no file for them",
        arguments: ["a/b", "../x", "..", ".", "a%2Fb", "%2F", "a\u{0}b", "", "x/../../etc", String(repeating: "t", count: 65)])
    func rejectsBadTenantIDs(tenant: String) async throws {
        try await withTemporaryDirectory { dir in
            let registry = try TenantRegistry(directory: dir + "/tenants")
            #expect(throws: GovernanceError.self) { try registry.path(for: tenant) }
            let error = try await #require(throws: GovernanceError.self) {
                try await registry.withTenant(tenant, create: true) { _ in true }
            }
            #expect(error.code == .invalidArgument)
            #expect(directoryContents(dir + "/tenants") == [])
            #expect(directoryContents(dir) == ["tenants"])
            #expect(registry.openTenants == [])
        }
    }

    @Test("a valid tenant's file is <directory>/<tenant>.sqlite")
    func path() async throws {
        try await withTemporaryDirectory { dir in
            let registry = try TenantRegistry(directory: dir + "/nested/tenants")
            #expect(FileManager.default.fileExists(atPath: dir + "/nested/tenants"))
            #expect(try registry.path(for: "acme") == dir + "/nested/tenants/acme.sqlite")
            #expect(try registry.path(for: "...") == dir + "/nested/tenants/....sqlite")
        }
    }

    @Test("opens a tenant file only on first use, and only creates it when asked")
    func opensLazily() async throws {
        try await withTemporaryDirectory { dir in
            let tenants = dir + "/tenants"
            let registry = try TenantRegistry(directory: tenants)
            #expect(directoryContents(tenants) == [])

            let missing = try await #require(throws: GovernanceError.self) {
                try await registry.withTenant("acme") { _ in true }
            }
            #expect(missing.code == .unavailable)
            #expect(directoryContents(tenants) == [])
            #expect(registry.openTenants == [])

            let name = try await registry.withTenant("acme", create: true) { database in database.tenant }
            #expect(name == "acme")
            #expect(FileManager.default.fileExists(atPath: tenants + "/acme.sqlite"))
            #expect(registry.openTenants == ["acme"])
            #expect(!FileManager.default.fileExists(atPath: tenants + "/globex.sqlite"))
        }
    }

    @Test("closes tenants idle past the limit and reopens them, data intact, on next use")
    func closesIdleAndReopens() async throws {
        try await withTemporaryDirectory { dir in
            let registry = try TenantRegistry(directory: dir + "/tenants")
            try await registry.withTenant("acme", create: true) { database in
                try await database.appendAudit(draft("CreateTenant", tenant: "acme"))
            }
            try await registry.withTenant("globex", create: true) { _ in }
            #expect(registry.openTenants == ["acme", "globex"])

            // Nothing has been idle for an hour.
            #expect(registry.closeIdle(olderThan: .seconds(3600)) == [])
            #expect(registry.openTenants == ["acme", "globex"])

            // A tenant in use is never closed, whatever its age.
            let closedWhileInUse = try await registry.withTenant("acme") { _ in registry.closeIdle(olderThan: .zero) }
            #expect(closedWhileInUse == ["globex"])
            #expect(registry.openTenants == ["acme"])

            #expect(registry.closeIdle(olderThan: .zero) == ["acme"])
            #expect(registry.openTenants == [])

            // Reopened without `create`: the file exists, and the entry written before is still there.
            let audit = try await registry.withTenant("acme") { database in try await database.audit(limit: 10) }
            #expect(audit.map(\.action) == ["CreateTenant"])
            #expect(registry.openTenants == ["acme"])

            registry.closeAll()
            #expect(registry.openTenants == [])
        }
    }

    @Test("concurrent uses of a closed tenant reopen it once and share it")
    func concurrentOpens() async throws {
        try await withTemporaryDirectory { dir in
            let registry = try TenantRegistry(directory: dir + "/tenants")
            // Create and migrate the file first (see the test below for racing on a new file).
            try await registry.withTenant("acme", create: true) { _ in }
            registry.closeAll()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<16 {
                    group.addTask {
                        try await registry.withTenant("acme") { database in
                            try await database.appendAudit(draft("Call\(n)", tenant: "acme"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(registry.openTenants == ["acme"])
            let verification = try await registry.withTenant("acme") { try await $0.verifyAudit() }
            #expect(verification == AuditVerification(entries: 16, firstBroken: nil, reason: nil))
            registry.closeAll()
        }
    }

    /// Two first uses racing on a file that still needs migrations both open a pool and both
    /// run the migrator. GRDB reads the applied migrations outside the migration transaction,
    /// so the loser re-runs a migration the winner just committed and fails ("table … already
    /// exists"), and the RPC gets INTERNAL. This hits a brand-new tenant, and every tenant
    /// after an upgrade that adds a migration. The race is made certain, not lucky: another
    /// process holds the file's write lock while both uses start, so both have read "nothing
    /// applied" before either can migrate.
    @Test("concurrent first uses of a tenant file that needs migrating both succeed")
    func concurrentFirstOpensDoNotRaceMigrations() async throws {
        try await withTemporaryDirectory { dir in
            let tenants = dir + "/tenants"
            let registry = try TenantRegistry(directory: tenants)
            let path = tenants + "/acme.sqlite"
            // A WAL database with GRDB's bookkeeping table and no migration applied: the state of a
            // file whose migrations are all pending. The same process then holds the write lock.
            // While it is connected the WAL file is non-empty and the bookkeeping table exists, so
            // opening a pool and starting the migrator need no write lock: both uses get as far as
            // reading "nothing applied" and then wait for the lock to run the first migration.
            let lock = try holdWriteLock(
                path, seconds: 1.5,
                after: "PRAGMA journal_mode = WAL; CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);")
            // Each use on its own thread: both must really be inside `acquire` at once.
            let executors = [QueueExecutor(label: "first-use-1"), QueueExecutor(label: "first-use-2")]
            let outcomes = await withTaskGroup(of: String.self) { group in
                for executor in executors {
                    group.addTask(executorPreference: executor) {
                        do {
                            return try await registry.withTenant("acme") { database in
                                try await database.programs().isEmpty ? "ok" : "unexpected programs"
                            }
                        } catch {
                            return String(describing: error).prefix(100) + "…"
                        }
                    }
                }
                var outcomes: [String] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            lock.waitUntilExit()
            // The registry serialises opening: both callers share one pool, migrated once.
            #expect(outcomes == ["ok", "ok"])
            // Whatever happened, the file ends up fully migrated and usable.
            #expect(try await registry.withTenant("acme") { try await $0.dataSummary() } == [])
            registry.closeAll()
        }
    }
}
