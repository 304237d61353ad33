import Foundation
import GRDB
import GovernanceCore

/// A tenant as the control database knows it.
public struct TenantRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var createdAt: String

    public init(id: String, name: String, createdAt: String) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// A stored architecture version (SPEC section 10); `config` is the canonical JSON.
public struct ArchitectureVersionRecord: Sendable, Equatable {
    public var version: Int
    /// Month index (`year × 12 + month − 1`) of `effective_from`.
    public var effectiveFrom: Month
    public var author: String
    public var rationale: String
    /// Canonical JSON of the whole architecture.
    public var config: String
    public var appliedAt: String

    public init(version: Int, effectiveFrom: Month, author: String, rationale: String, config: String, appliedAt: String) {
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.author = author
        self.rationale = rationale
        self.config = config
        self.appliedAt = appliedAt
    }
}

/// The platform-level store: tenants, tokens, architecture versions and platform audit.
///
/// Kept small and behind a protocol so the server can later run on another engine; no SQL
/// crosses this boundary.
public protocol ControlStore: Sendable {
    /// All tenants, by id.
    func tenants() async throws(GovernanceError) -> [TenantRecord]
    /// One tenant, `nil` when it does not exist.
    func tenant(id: String) async throws(GovernanceError) -> TenantRecord?
    /// Creates a tenant (or renames it) and audits it.
    func upsertTenant(_ tenant: TenantRecord, audit: AuditDraft) async throws(GovernanceError) -> Bool
    /// The principal whose token hashes to `tokenHash`, revoked or not.
    func principal(tokenHash: String) async throws(GovernanceError) -> Principal?
    /// Stores a new token (hash only) and audits it.
    func insertToken(_ principal: Principal, tokenHash: String, audit: AuditDraft) async throws(GovernanceError)
    /// All tokens.
    func tokens() async throws(GovernanceError) -> [Principal]
    /// Marks a token revoked; returns it, or `nil` when unknown.
    func revokeToken(id: String, audit: AuditDraft) async throws(GovernanceError) -> Principal?
    /// Architecture versions, oldest first.
    func architectureVersions() async throws(GovernanceError) -> [ArchitectureVersionRecord]
    /// Appends an architecture version and audits it.
    func addArchitectureVersion(_ record: ArchitectureVersionRecord, audit: AuditDraft) async throws(GovernanceError)
    /// Appends a platform audit entry.
    func appendAudit(_ draft: AuditDraft) async throws(GovernanceError)
    /// The newest `limit` platform audit entries, oldest first.
    func audit(limit: Int) async throws(GovernanceError) -> [AuditRecord]
    /// Checks the platform audit hash chain.
    func verifyAudit() async throws(GovernanceError) -> AuditVerification
}

/// The SQLite control database (`DATA_DIR/control.sqlite`).
public final class ControlDatabase: ControlStore {
    let pool: DatabasePool

    /// Opens (creating and migrating if needed) the control database at `path`.
    public init(path: String) throws(GovernanceError) {
        pool = try mapStorageErrorsSync("opening the control database") {
            try DatabaseSetup.openPool(path: path, migrator: Self.migrator)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tenant (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE token (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        tenants TEXT NOT NULL,          -- JSON array of tenant ids
                        token_hash TEXT NOT NULL UNIQUE, -- hex SHA-256 of the secret
                        created_at TEXT NOT NULL,
                        revoked_at TEXT
                    );
                    CREATE TABLE architecture_version (
                        version INTEGER PRIMARY KEY NOT NULL,
                        effective_from INTEGER NOT NULL UNIQUE, -- month index
                        author TEXT NOT NULL,
                        rationale TEXT NOT NULL CHECK (length(trim(rationale)) > 0),
                        config TEXT NOT NULL,
                        applied_at TEXT NOT NULL
                    );
                    """)
            try AuditLog.createTable(db)
        }
        return migrator
    }

    public func tenants() async throws(GovernanceError) -> [TenantRecord] {
        try await mapStorageErrors("listing tenants") {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM tenant ORDER BY id").map(Self.tenant(from:))
            }
        }
    }

    public func tenant(id: String) async throws(GovernanceError) -> TenantRecord? {
        try await mapStorageErrors("reading a tenant") {
            try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM tenant WHERE id = ?", arguments: [id]).map(Self.tenant(from:))
            }
        }
    }

    public func upsertTenant(_ tenant: TenantRecord, audit: AuditDraft) async throws(GovernanceError) -> Bool {
        try await mapStorageErrors("storing a tenant") {
            try await pool.write { db in
                if let existing = try Row.fetchOne(db, sql: "SELECT name FROM tenant WHERE id = ?", arguments: [tenant.id]) {
                    let name: String = existing["name"]
                    guard name != tenant.name else { return false }
                    try db.execute(sql: "UPDATE tenant SET name = ? WHERE id = ?", arguments: [tenant.name, tenant.id])
                } else {
                    try db.execute(
                        sql: "INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)",
                        arguments: [tenant.id, tenant.name, tenant.createdAt])
                }
                try AuditLog.append(audit, in: db)
                return true
            }
        }
    }

    public func principal(tokenHash: String) async throws(GovernanceError) -> Principal? {
        try await mapStorageErrors("checking a token") {
            try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM token WHERE token_hash = ?", arguments: [tokenHash])
                    .flatMap(Self.principal(from:))
            }
        }
    }

    public func insertToken(_ principal: Principal, tokenHash: String, audit: AuditDraft) async throws(GovernanceError) {
        let tenants = Self.encode(principal.tenants)
        try await mapStorageErrors("storing a token") {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO token (id, name, role, tenants, token_hash, created_at, revoked_at)
                        VALUES (?, ?, ?, ?, ?, ?, NULL)
                        """,
                    arguments: [
                        principal.tokenID, principal.name, principal.role.rawValue, tenants, tokenHash,
                        principal.createdAt,
                    ])
                try AuditLog.append(audit, in: db)
            }
        }
    }

    public func tokens() async throws(GovernanceError) -> [Principal] {
        try await mapStorageErrors("listing tokens") {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM token ORDER BY created_at, id").compactMap(Self.principal(from:))
            }
        }
    }

    public func revokeToken(id: String, audit: AuditDraft) async throws(GovernanceError) -> Principal? {
        try await mapStorageErrors("revoking a token") {
            try await pool.write { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM token WHERE id = ?", arguments: [id]),
                    var principal = Self.principal(from: row)
                else { return nil }
                if principal.revokedAt == nil {
                    let now = timestampNow()
                    try db.execute(sql: "UPDATE token SET revoked_at = ? WHERE id = ?", arguments: [now, id])
                    principal.revokedAt = now
                    try AuditLog.append(audit, in: db)
                }
                return principal
            }
        }
    }

    public func architectureVersions() async throws(GovernanceError) -> [ArchitectureVersionRecord] {
        try await mapStorageErrors("reading architecture versions") {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM architecture_version ORDER BY version").map { row in
                    ArchitectureVersionRecord(
                        version: row["version"], effectiveFrom: Month(index: row["effective_from"]),
                        author: row["author"], rationale: row["rationale"], config: row["config"],
                        appliedAt: row["applied_at"])
                }
            }
        }
    }

    public func addArchitectureVersion(_ record: ArchitectureVersionRecord, audit: AuditDraft) async throws(GovernanceError) {
        try await mapStorageErrors("storing an architecture version") {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO architecture_version (version, effective_from, author, rationale, config, applied_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.version, record.effectiveFrom.index, record.author, record.rationale, record.config,
                        record.appliedAt,
                    ])
                try AuditLog.append(audit, in: db)
            }
        }
    }

    public func appendAudit(_ draft: AuditDraft) async throws(GovernanceError) {
        try await mapStorageErrors("writing the audit log") {
            try await pool.write { db in _ = try AuditLog.append(draft, in: db) }
        }
    }

    public func audit(limit: Int) async throws(GovernanceError) -> [AuditRecord] {
        try await mapStorageErrors("reading the audit log") {
            try await pool.read { db in try AuditLog.entries(limit: limit, in: db) }
        }
    }

    public func verifyAudit() async throws(GovernanceError) -> AuditVerification {
        try await mapStorageErrors("verifying the audit log") {
            try await pool.read { db in try AuditLog.verify(in: db) }
        }
    }

    // MARK: Row mapping

    static func tenant(from row: Row) -> TenantRecord {
        TenantRecord(id: row["id"], name: row["name"], createdAt: row["created_at"])
    }

    static func principal(from row: Row) -> Principal? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        return Principal(
            tokenID: row["id"], name: row["name"], role: role, tenants: decode(row["tenants"]),
            createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }

    static func encode(_ list: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(list), as: UTF8.self)) ?? "[]"
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
