import Foundation
import GRDB
import GovernanceCore

extension TenantDatabase {
    /// Writes a transactionally consistent copy of the database to `path` (SQLite `VACUUM INTO`),
    /// while other connections keep reading and writing (WAL).
    ///
    /// - Throws: ALREADY_EXISTS when `path` exists; storage errors otherwise.
    public func backup(to path: String) async throws(GovernanceError) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw GovernanceError(code: .alreadyExists, message: "backup target exists")
        }
        try await mapStorageErrors("backing up tenant \(tenant)") {
            try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [path])
            }
        }
    }

    /// Verifies the tenant's file structurally (`PRAGMA integrity_check`).
    public func integrityCheck() async throws(GovernanceError) -> String {
        try await mapStorageErrors("checking tenant \(tenant)") {
            try await pool.read { db in
                try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            }
        }
    }
}

/// Restoring a tenant from a backup file (`governd restore`), with the server stopped.
public enum TenantRestore {
    /// Checks `backup` is a sound governd tenant database, then puts it in place of the
    /// tenant's file (atomically, by rename) and removes the old WAL.
    ///
    /// - Throws: INVALID_ARGUMENT when the file is not a sound tenant database.
    public static func restore(tenant: String, from backup: String, registry: TenantRegistry) throws(GovernanceError) {
        let target = try registry.path(for: tenant)
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: backup, configuration: configuration)
            let verdict = try queue.read { db -> String in
                let check = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                guard check == "ok" else { return check }
                guard try db.tableExists("program"), try db.tableExists("interaction"), try db.tableExists("audit_log") else {
                    return "not a governd tenant database"
                }
                let chain = try AuditLog.verify(in: db)
                if let broken = chain.firstBroken { return "audit log broken at entry \(broken)" }
                return "ok"
            }
            try queue.close()
            guard verdict == "ok" else {
                throw GovernanceError.invalid("\(backup) cannot be restored: \(verdict)")
            }
        } catch let error as GovernanceError {
            throw error
        } catch {
            throw GovernanceError(code: .invalidArgument, message: "\(backup) is not a readable SQLite database", cause: error)
        }
        let fm = FileManager.default
        let staging = target + ".restore"
        do {
            try? fm.removeItem(atPath: staging)
            try fm.copyItem(atPath: backup, toPath: staging)
            for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: target + suffix) }
            if fm.fileExists(atPath: target) {
                _ = try fm.replaceItemAt(URL(fileURLWithPath: target), withItemAt: URL(fileURLWithPath: staging))
            } else {
                try fm.moveItem(atPath: staging, toPath: target)
            }
        } catch {
            throw GovernanceError(code: .unavailable, message: "cannot put the backup in place of \(target)", cause: error)
        }
    }
}
