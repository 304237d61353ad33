import Crypto
import Foundation
import GRDB

/// One audit entry to append: who did what, when, in which tenant.
public struct AuditDraft: Sendable, Equatable {
    /// Token id of the actor (`system` for the server itself, `init` for `governd init`).
    public var actor: String
    /// Tenant id, or empty for platform-level actions.
    public var tenant: String
    /// The RPC or action name.
    public var action: String
    /// What changed, human readable.
    public var detail: String

    public init(actor: String, tenant: String, action: String, detail: String) {
        self.actor = actor
        self.tenant = tenant
        self.action = action
        self.detail = detail
    }
}

/// A stored audit entry.
public struct AuditRecord: Sendable, Equatable {
    public var sequence: Int64
    public var at: String
    public var actor: String
    public var tenant: String
    public var action: String
    public var detail: String
    public var previousHash: String
    public var hash: String
}

/// The append-only, hash-chained audit log kept in every governd database.
///
/// Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields,
/// so editing or deleting any row breaks the chain from that row on (``verify(_:)``).
/// Tenant entries live in the tenant's own file and commit in the same transaction as the
/// change they describe; platform entries (tokens, tenant creation) live in the control file.
enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    static func createTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                -- Append-only: the server never updates or deletes an entry.
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                """)
    }

    static func entryHash(previous: String, sequence: Int64, at: String, draft: AuditDraft) -> String {
        var hasher = SHA256()
        for part in [previous, String(sequence), at, draft.actor, draft.tenant, draft.action, draft.detail] {
            let bytes = Array(part.utf8)
            var length = UInt32(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Appends `draft` inside the caller's transaction.
    @discardableResult
    static func append(_ draft: AuditDraft, in db: Database) throws -> AuditRecord {
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        let previous: String = last?["hash"] ?? genesis
        let sequence: Int64 = (last?["seq"] ?? 0) + 1
        let at = timestampNow()
        let hash = entryHash(previous: previous, sequence: sequence, at: at, draft: draft)
        try db.execute(
            sql: """
                INSERT INTO audit_log (seq, at, actor, tenant, action, detail, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [sequence, at, draft.actor, draft.tenant, draft.action, draft.detail, previous, hash])
        return AuditRecord(
            sequence: sequence, at: at, actor: draft.actor, tenant: draft.tenant, action: draft.action,
            detail: draft.detail, previousHash: previous, hash: hash)
    }

    static func entries(limit: Int, in db: Database) throws -> [AuditRecord] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM (SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) ORDER BY seq",
            arguments: [limit])
        return rows.map(record(from:))
    }

    static func record(from row: Row) -> AuditRecord {
        AuditRecord(
            sequence: row["seq"], at: row["at"], actor: row["actor"], tenant: row["tenant"],
            action: row["action"], detail: row["detail"], previousHash: row["prev_hash"], hash: row["hash"])
    }

    /// Walks the whole chain; returns the first entry whose link or hash does not verify.
    static func verify(in db: Database) throws -> AuditVerification {
        var previous = genesis
        var expectedSequence: Int64 = 1
        var count = 0
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
        while let row = try cursor.next() {
            let entry = record(from: row)
            let draft = AuditDraft(actor: entry.actor, tenant: entry.tenant, action: entry.action, detail: entry.detail)
            if entry.sequence != expectedSequence {
                return AuditVerification(
                    entries: count, firstBroken: expectedSequence, reason: "entry \(expectedSequence) is missing")
            }
            if entry.previousHash != previous {
                return AuditVerification(
                    entries: count, firstBroken: entry.sequence, reason: "does not link to the previous entry")
            }
            if entryHash(previous: previous, sequence: entry.sequence, at: entry.at, draft: draft) != entry.hash {
                return AuditVerification(
                    entries: count, firstBroken: entry.sequence, reason: "its content does not match its hash")
            }
            previous = entry.hash
            expectedSequence += 1
            count += 1
        }
        return AuditVerification(entries: count, firstBroken: nil, reason: nil)
    }
}

/// The result of checking an audit hash chain.
public struct AuditVerification: Sendable, Equatable {
    /// Entries verified before the first break (all of them when intact).
    public var entries: Int
    /// Sequence number of the first broken entry, `nil` when the chain is intact.
    public var firstBroken: Int64?
    /// Why that entry is broken.
    public var reason: String?
}
