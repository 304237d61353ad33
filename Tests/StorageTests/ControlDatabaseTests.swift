import Foundation
import GovernanceCore
import Testing

@testable import Storage

@Suite("ControlDatabase")
struct ControlDatabaseTests {
    @Test("migrates an empty file into an empty control database with every table")
    func migratesFromEmpty() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/control.sqlite"
            #expect(!FileManager.default.fileExists(atPath: path))
            let control = try ControlDatabase(path: path)
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(try await control.tenants() == [])
            #expect(try await control.tokens() == [])
            #expect(try await control.architectureVersions() == [])
            #expect(try await control.audit(limit: 10) == [])
            #expect(try await control.verifyAudit() == AuditVerification(entries: 0, firstBroken: nil, reason: nil))
            let tables = try sqlite3(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            #expect(
                tables.split(separator: "\n").filter { !$0.hasPrefix("sqlite_") && !$0.hasPrefix("grdb_") }
                    == ["architecture_version", "audit_log", "tenant", "token"])
            // WAL with synchronous = FULL is what makes an acknowledged write durable.
            #expect(try sqlite3(path, "PRAGMA journal_mode") == "wal")
        }
    }

    /// DatabaseSetup promises `synchronous = FULL` so an acknowledged commit survives power
    /// loss, not just a crash. It must hold on the connection that writes, after the pool's own
    /// WAL set-up has run.
    @Test("the connection that writes runs with synchronous = FULL")
    func writerIsFullySynchronous() async throws {
        try await withTemporaryDirectory { dir in
            let control = try ControlDatabase(path: dir + "/control.sqlite")
            let tenant = try TenantDatabase(tenant: "acme", path: dir + "/acme.sqlite")
            defer { tenant.close() }
            // PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
            let controlLevel = try await control.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            let tenantLevel = try await tenant.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            // GRDB's DatabasePool runs `PRAGMA synchronous = NORMAL` in its WAL set-up, after
            // `prepareDatabase` ran; DatabaseSetup.openPool puts FULL (2) back on the writer.
            #expect(controlLevel == 2)
            #expect(tenantLevel == 2)
        }
    }

    @Test("reopening an existing file keeps its data and does not re-run migrations")
    func reopens() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/control.sqlite"
            do {
                let control = try ControlDatabase(path: path)
                let created = try await control.upsertTenant(
                    TenantRecord(id: "acme", name: "Acme", createdAt: "2026-10-03T14:02:11.000Z"),
                    audit: draft("CreateTenant", tenant: "acme"))
                #expect(created)
            }
            let reopened = try ControlDatabase(path: path)
            #expect(try await reopened.tenants().map(\.id) == ["acme"])
            #expect(try await reopened.verifyAudit().entries == 1)
        }
    }

    @Test("upserting a tenant creates it, renames it, and reports no change for the same name")
    func upsertTenant() async throws {
        try await withTemporaryDirectory { dir in
            let control = try ControlDatabase(path: dir + "/control.sqlite")
            let original = TenantRecord(id: "acme", name: "Acme", createdAt: "2026-10-03T14:02:11.000Z")

            #expect(try await control.upsertTenant(original, audit: draft("CreateTenant", tenant: "acme")))
            #expect(try await control.tenant(id: "acme") == original)

            // A rename keeps the original creation time, whatever the new record says.
            let renamed = TenantRecord(id: "acme", name: "Acme Corp", createdAt: "2030-01-01T00:00:00.000Z")
            #expect(try await control.upsertTenant(renamed, audit: draft("RenameTenant", tenant: "acme")))
            #expect(
                try await control.tenant(id: "acme")
                    == TenantRecord(id: "acme", name: "Acme Corp", createdAt: "2026-10-03T14:02:11.000Z"))

            #expect(try await !control.upsertTenant(renamed, audit: draft("RenameTenant", tenant: "acme")))

            #expect(try await control.tenant(id: "globex") == nil)
            #expect(
                try await control.upsertTenant(
                    TenantRecord(id: "globex", name: "Globex", createdAt: "2026-10-04T00:00:00.000Z"),
                    audit: draft("CreateTenant", tenant: "globex")))
            #expect(try await control.tenants().map(\.id) == ["acme", "globex"])

            // Only the three real changes were audited, not the no-op.
            let audit = try await control.audit(limit: 100)
            #expect(audit.map(\.action) == ["CreateTenant", "RenameTenant", "CreateTenant"])
            #expect(audit.map(\.sequence) == [1, 2, 3])
        }
    }

    @Test("a token is found by the hash of its secret, revoked once, and a second revoke writes nothing")
    func tokens() async throws {
        try await withTemporaryDirectory { dir in
            let control = try ControlDatabase(path: dir + "/control.sqlite")
            let viewer = Principal(
                tokenID: "tok_aaaaaaaaaaaa", name: "Acme viewer", role: .tenantViewer, tenants: ["acme"],
                createdAt: "2026-10-03T14:02:11.000Z")
            let feeder = Principal(
                tokenID: "tok_bbbbbbbbbbbb", name: "Feeder", role: .dataFeeder, tenants: ["acme", "globex"],
                createdAt: "2026-10-03T14:05:00.000Z")
            let viewerHash = String(repeating: "a", count: 64)
            let feederHash = String(repeating: "b", count: 64)
            try await control.insertToken(viewer, tokenHash: viewerHash, audit: draft("CreateToken"))
            try await control.insertToken(feeder, tokenHash: feederHash, audit: draft("CreateToken"))

            #expect(try await control.principal(tokenHash: viewerHash) == viewer)
            #expect(try await control.principal(tokenHash: feederHash) == feeder)
            #expect(try await control.principal(tokenHash: String(repeating: "c", count: 64)) == nil)
            #expect(try await control.tokens() == [viewer, feeder])
            // Only the hash is stored: the table holds nothing else that could be the secret.
            #expect(try sqlite3(dir + "/control.sqlite", "SELECT token_hash FROM token ORDER BY id") == "\(viewerHash)\n\(feederHash)")

            let revoked = try #require(try await control.revokeToken(id: viewer.tokenID, audit: draft("RevokeToken")))
            let revokedAt = try #require(revoked.revokedAt)
            #expect(Instant(revokedAt) != nil, "revoked_at is RFC 3339: \(revokedAt)")
            #expect(try await control.principal(tokenHash: viewerHash)?.revokedAt == revokedAt)
            #expect(try await control.principal(tokenHash: feederHash)?.revokedAt == nil)
            let entriesAfterFirstRevoke = try await control.audit(limit: 100).count
            #expect(entriesAfterFirstRevoke == 3)

            let again = try #require(try await control.revokeToken(id: viewer.tokenID, audit: draft("RevokeToken")))
            #expect(again.revokedAt == revokedAt, "a second revoke keeps the first revocation time")
            #expect(try await control.audit(limit: 100).count == entriesAfterFirstRevoke)

            #expect(try await control.revokeToken(id: "tok_unknown00000", audit: draft("RevokeToken")) == nil)
            #expect(try await control.audit(limit: 100).count == entriesAfterFirstRevoke)
            #expect(try await control.verifyAudit().firstBroken == nil)
        }
    }

    @Test("a token whose hash is already stored is refused and leaves no audit entry behind")
    func duplicateTokenHash() async throws {
        try await withTemporaryDirectory { dir in
            let control = try ControlDatabase(path: dir + "/control.sqlite")
            let hash = String(repeating: "d", count: 64)
            let first = Principal(
                tokenID: "tok_111111111111", name: "one", role: .platformAdmin, tenants: [], createdAt: "2026-10-03T00:00:00.000Z")
            var second = first
            second.tokenID = "tok_222222222222"
            try await control.insertToken(first, tokenHash: hash, audit: draft("CreateToken"))
            await #expect(throws: GovernanceError.self) {
                try await control.insertToken(second, tokenHash: hash, audit: draft("CreateToken"))
            }
            #expect(try await control.tokens() == [first])
            // The token row and its audit entry share one transaction: both or neither.
            #expect(try await control.audit(limit: 100).count == 1)
        }
    }

    @Test("architecture versions are stored in version order with their effective month")
    func architectureVersions() async throws {
        try await withTemporaryDirectory { dir in
            let control = try ControlDatabase(path: dir + "/control.sqlite")
            let v1 = ArchitectureVersionRecord(
                version: 1, effectiveFrom: try month("2026-01"), author: "ops", rationale: "initial",
                config: #"{"categories":{}}"#, appliedAt: "2026-01-02T00:00:00.000Z")
            let v2 = ArchitectureVersionRecord(
                version: 2, effectiveFrom: try month("2026-07"), author: "ops", rationale: "reweight quality",
                config: #"{"categories":{"quality":30}}"#, appliedAt: "2026-06-20T00:00:00.000Z")
            // Added out of order; read back by version.
            try await control.addArchitectureVersion(v2, audit: draft("AddArchitectureVersion"))
            try await control.addArchitectureVersion(v1, audit: draft("AddArchitectureVersion"))
            #expect(try await control.architectureVersions() == [v1, v2])
            // Stored as the month index 2026 × 12 + 6 = 24318.
            #expect(try sqlite3(dir + "/control.sqlite", "SELECT effective_from FROM architecture_version WHERE version = 2") == "24318")

            // A second version effective the same month, and a blank rationale, are refused.
            var sameMonth = v2
            sameMonth.version = 3
            await #expect(throws: GovernanceError.self) {
                try await control.addArchitectureVersion(sameMonth, audit: draft("AddArchitectureVersion"))
            }
            var blank = v2
            blank.version = 4
            blank.effectiveFrom = try month("2027-01")
            blank.rationale = "   "
            await #expect(throws: GovernanceError.self) {
                try await control.addArchitectureVersion(blank, audit: draft("AddArchitectureVersion"))
            }
            #expect(try await control.architectureVersions().map(\.version) == [1, 2])
            #expect(try await control.audit(limit: 100).count == 2)
        }
    }
}

@Suite("Audit hash chain")
struct AuditChainTests {
    /// Five entries in a fresh control database.
    static func fiveEntries(_ path: String) async throws -> ControlDatabase {
        let control = try ControlDatabase(path: path)
        for n in 1...5 {
            try await control.appendAudit(draft("Action\(n)", tenant: "acme", detail: "detail \(n)"))
        }
        return control
    }

    @Test("entries link to each other from a genesis of 64 zeros and verify intact")
    func intactChain() async throws {
        try await withTemporaryDirectory { dir in
            let control = try await Self.fiveEntries(dir + "/control.sqlite")
            let entries = try await control.audit(limit: 100)
            #expect(entries.map(\.sequence) == [1, 2, 3, 4, 5])
            #expect(entries.map(\.action) == ["Action1", "Action2", "Action3", "Action4", "Action5"])
            #expect(entries[0].previousHash == String(repeating: "0", count: 64))
            for (earlier, later) in zip(entries, entries.dropFirst()) {
                #expect(later.previousHash == earlier.hash)
            }
            for entry in entries {
                #expect(entry.hash.count == 64)
                #expect(entry.hash.allSatisfy { $0.isHexDigit && !$0.isUppercase })
                #expect(Instant(entry.at) != nil, "at is RFC 3339: \(entry.at)")
            }
            #expect(Set(entries.map(\.hash)).count == 5)
            #expect(try await control.verifyAudit() == AuditVerification(entries: 5, firstBroken: nil, reason: nil))
        }
    }

    @Test("the newest entries come back oldest first")
    func limit() async throws {
        try await withTemporaryDirectory { dir in
            let control = try await Self.fiveEntries(dir + "/control.sqlite")
            #expect(try await control.audit(limit: 3).map(\.sequence) == [3, 4, 5])
            #expect(try await control.audit(limit: 0) == [])
        }
    }

    @Test("editing an entry with file access breaks the chain at that entry")
    func tamperedEntry() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/control.sqlite"
            let control = try await Self.fiveEntries(path)
            // The triggers stop a plain UPDATE even from the sqlite3 tool…
            #expect(throws: FixtureError.self) { try sqlite3(path, "UPDATE audit_log SET detail = 'x' WHERE seq = 3") }
            #expect(try await control.verifyAudit().firstBroken == nil)
            // …so an attacker with the file drops the trigger first.
            try sqlite3(path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail='x' WHERE seq=3;")
            #expect(try sqlite3(path, "SELECT detail FROM audit_log WHERE seq = 3") == "x")
            #expect(
                try await control.verifyAudit()
                    == AuditVerification(entries: 2, firstBroken: 3, reason: "its content does not match its hash"))
        }
    }

    @Test("rewriting an entry's stored hash breaks the link of the next entry")
    func tamperedHash() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/control.sqlite"
            let control = try await Self.fiveEntries(path)
            // Only entry 2's stored hash changes, so entry 2 no longer matches its own content.
            try sqlite3(path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash = '\(String(repeating: "f", count: 64))' WHERE seq = 2;")
            let verification = try await control.verifyAudit()
            #expect(verification.firstBroken == 2)
            #expect(verification.entries == 1)
        }
    }

    @Test("deleting a middle entry is detected as a missing entry")
    func deletedEntry() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/control.sqlite"
            let control = try await Self.fiveEntries(path)
            #expect(throws: FixtureError.self) { try sqlite3(path, "DELETE FROM audit_log WHERE seq = 3") }
            try sqlite3(path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;")
            #expect(try sqlite3(path, "SELECT count(*) FROM audit_log") == "4")
            #expect(
                try await control.verifyAudit()
                    == AuditVerification(entries: 2, firstBroken: 3, reason: "entry 3 is missing"))
        }
    }

    @Test("renumbering entries after a deletion is detected too")
    func deletedAndRenumbered() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/control.sqlite"
            let control = try await Self.fiveEntries(path)
            // Close the gap so the sequence looks complete: the new entry 3 (old 4) still names the deleted
            // entry's hash as its previous one, so it no longer links to entry 2.
            try sqlite3(
                path,
                """
                DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;
                DELETE FROM audit_log WHERE seq = 3;
                UPDATE audit_log SET seq = 3 WHERE seq = 4;
                UPDATE audit_log SET seq = 4 WHERE seq = 5;
                """)
            #expect(try sqlite3(path, "SELECT group_concat(seq) FROM (SELECT seq FROM audit_log ORDER BY seq)") == "1,2,3,4")
            let verification = try await control.verifyAudit()
            #expect(verification.firstBroken == 3)
            #expect(verification.entries == 2)
        }
    }

    @Test("the server's own connection cannot update or delete audit entries")
    func serverCannotRewrite() async throws {
        try await withTemporaryDirectory { dir in
            let control = try await Self.fiveEntries(dir + "/control.sqlite")
            let update = try await #require(throws: (any Error).self) {
                try await control.pool.write { db in
                    try db.execute(sql: "UPDATE audit_log SET detail = 'x' WHERE seq = 1")
                }
            }
            #expect("\(update)".contains("audit_log is append-only"))
            let delete = try await #require(throws: (any Error).self) {
                try await control.pool.write { db in
                    try db.execute(sql: "DELETE FROM audit_log WHERE seq = 5")
                }
            }
            #expect("\(delete)".contains("audit_log is append-only"))
            #expect(try await control.verifyAudit() == AuditVerification(entries: 5, firstBroken: nil, reason: nil))
        }
    }

    @Test("a tenant database keeps its own chain, checked the same way")
    func tenantChain() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/acme.sqlite"
            let tenant = try TenantDatabase(tenant: "acme", path: path)
            for n in 1...4 { try await tenant.appendAudit(draft("Step\(n)", tenant: "acme")) }
            #expect(try await tenant.verifyAudit() == AuditVerification(entries: 4, firstBroken: nil, reason: nil))
            try sqlite3(path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='someone_else' WHERE seq=4;")
            #expect(
                try await tenant.verifyAudit()
                    == AuditVerification(entries: 3, firstBroken: 4, reason: "its content does not match its hash"))
            tenant.close()
        }
    }
}
