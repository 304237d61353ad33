import Foundation
import GRDB

/// How every governd SQLite file is opened.
///
/// WAL journal (GRDB's `DatabasePool` sets it) with `synchronous = FULL`: a commit returns
/// only after the WAL is fsync'ed, so an acknowledged write survives `kill -9` *and* power
/// loss. (`NORMAL` would survive a process crash but may lose the last commits on power
/// loss.) Foreign keys on; a busy timeout so a checkpoint never fails a reader.
enum DatabaseSetup {
    static func configuration(readOnly: Bool = false) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        // Memory is budgeted per open tenant: 1 writer + 2 readers. Readers keep small page
        // caches (hot reads are served from the server's result cache); the writer gets a
        // larger one for imports. Measured: 6 open tenants under import + re-score stay well
        // under 500 MB RSS (Ops/benchmarks/RESULTS.md).
        config.maximumReaderCount = 2
        config.label = "governd"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            let cacheKiB = db.configuration.readonly ? 2_000 : 8_000
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
            try db.execute(sql: "PRAGMA temp_store = FILE")
        }
        return config
    }

    /// Opens (creating if needed) a WAL database pool at `path` and runs `migrator`.
    static func openPool(path: String, migrator: DatabaseMigrator) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration())
        // GRDB sets `synchronous = NORMAL` on the writer when it enables WAL, after
        // prepareDatabase ran: put FULL back, so a commit waits for the WAL fsync.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try migrator.migrate(pool)
        return pool
    }
}

/// The current time as RFC 3339 UTC with milliseconds, for `created_at` style columns.
func timestampNow() -> String {
    let ms = Int64((Date().timeIntervalSince1970 * 1000).rounded())
    return GovernanceTime.rfc3339(millis: ms)
}

enum GovernanceTime {
    static func rfc3339(millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
