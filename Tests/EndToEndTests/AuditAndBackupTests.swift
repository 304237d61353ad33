import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// The tamper-evident audit log and online backups, end to end.
@Suite("Audit chain and backups", .serialized)
struct AuditAndBackupTests {
    @Test("editing one audit row with sqlite3 makes `govctl audit verify` name that entry")
    func tamperedAuditIsDetected() async throws {
        let directory = try TestServer.initDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var server = try await TestServer.start(dataDirectory: directory)
        try server.applyDemo(["northwind"])
        for kind in ["roster", "planned_headcount", "engagement"] {
            let result = try server.govctl(["import", "--tenant", "northwind", Demo.file("northwind", kind)])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let intact = try server.govctl(["audit", "verify", "--tenant", "northwind", "--format", "json"])
        #expect(intact.status == 0, "\(intact.stderr)")
        let verified = try jsonObject(intact.stdout)
        #expect(verified["intact"] as? Bool == true)
        let entries = Int(verified["entries"] as? String ?? "") ?? 0
        #expect(entries >= 5, "manifest changes and imports are audited")

        // Scorecard configuration changes carry author, date and rationale in the log.
        let log = try server.govctl(["audit", "--tenant", "northwind", "--format", "json"])
        #expect(log.stdout.contains("added scorecard version 1 of nw-care effective 2026-08 by account-manager: Contract schedule B"))

        // An attacker with file access drops the append-only trigger and edits entry 3.
        server.stop()
        let tenantFile = directory + "/tenants/northwind.sqlite"
        let edit = try TestServer.run(
            "/usr/bin/env",
            ["sqlite3", tenantFile, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 3;"])
        #expect(edit.status == 0, "\(edit.stderr)")
        server = try await TestServer.start(dataDirectory: directory)
        defer { server.stop() }
        let broken = try server.govctl(["audit", "verify", "--tenant", "northwind"])
        #expect(broken.status != 0)
        #expect(broken.stdout.contains("BROKEN at entry 3"), "\(broken.stdout)")
        #expect(broken.stderr.contains("entry 3"))
        // The platform log is untouched.
        #expect(try server.govctl(["audit", "verify"]).status == 0)
    }

    @Test("an online backup taken during imports restores to a tenant with the same scorecards")
    func backupAndRestore() async throws {
        let source = try await TestServer.start()
        defer {
            source.stop()
            source.removeData()
        }
        try source.applyDemo(["northwind"])
        for kind in Demo.kinds where kind != "interactions" {
            let result = try source.govctl(["import", "--tenant", "northwind", Demo.file("northwind", kind)])
            #expect(result.status == 0, "\(result.stderr)")
        }
        // Take the backup while a large import streams in: the copy holds the import whole or not at all.
        let backupPath = source.dataDirectory + "/northwind-backup.sqlite"
        async let importing = Task.detached {
            try source.govctl(["import", "--tenant", "northwind", Demo.file("northwind", "interactions")])
        }.value
        let backup = try source.govctl(["backup", "--tenant", "northwind", "--out", backupPath])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(try await importing.status == 0)
        // A second backup after the import completed.
        let finalBackup = source.dataDirectory + "/northwind-final.sqlite"
        #expect(try source.govctl(["backup", "--tenant", "northwind", "--out", finalBackup]).status == 0)
        let sqlite = try TestServer.run("/usr/bin/env", ["sqlite3", backupPath, "PRAGMA integrity_check; SELECT count(*) FROM interaction;"])
        let lines = sqlite.stdout.split(separator: "\n")
        #expect(lines.first == "ok")
        let rows = Int(lines.last ?? "") ?? -1
        let fileRows = try Demo.dataRows(Demo.file("northwind", "interactions"))
        #expect(rows == 0 || rows == fileRows, "no partial import in the copy")

        let original = try source.govctl(
            ["scorecard", "program", "--tenant", "northwind", "--program", "nw-care", "--period", "2026-Q4", "--format", "json"])
        #expect(original.status == 0, "\(original.stderr)")

        // Restore into a fresh data directory (with the server there stopped), then compare.
        let target = try TestServer.initDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: target) }
        let governd = TestServer.productsDirectory.appendingPathComponent("governd").path
        let restore = try TestServer.run(governd, ["restore", "--data-dir", target, "--tenant", "northwind", "--from", finalBackup])
        #expect(restore.status == 0, "\(restore.stderr)")
        let restored = try await TestServer.start(dataDirectory: target)
        defer { restored.stop() }
        // The architecture lives in the control database, not the tenant file.
        #expect(try restored.govctl(["apply", Demo.architecture]).status == 0)
        let again = try restored.govctl(
            ["scorecard", "program", "--tenant", "northwind", "--program", "nw-care", "--period", "2026-Q4", "--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == original.stdout)
        #expect(try restored.govctl(["audit", "verify", "--tenant", "northwind"]).status == 0)

        // Restoring while a server holds the directory is refused.
        let busy = try TestServer.run(governd, ["restore", "--data-dir", target, "--tenant", "northwind", "--from", finalBackup])
        #expect(busy.status != 0)
        #expect(busy.stderr.contains("in use"))
        // A file that is not a sound tenant database is refused.
        let junk = target + "/junk.sqlite"
        _ = FileManager.default.createFile(atPath: junk, contents: Data("not a database".utf8))
        restored.stop()
        let refused = try TestServer.run(governd, ["restore", "--data-dir", target, "--tenant", "northwind", "--from", junk])
        #expect(refused.status != 0)
    }
}
