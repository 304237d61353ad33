import GRDB

/// The SLA tracking tables of a tenant database (migration `v4-sla`).
///
/// SLA versions themselves live in `config_version` (kind `sla`) since `v1-configuration`;
/// this adds the exclusions (SPEC section 6): append-only apart from withdrawal, and at most one
/// active exclusion per program, metric and month.
enum SLASchema {
    static let migrationName = "v4-sla"

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE sla_exclusion (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    program_id TEXT NOT NULL REFERENCES program(id),
                    metric TEXT NOT NULL,
                    month INTEGER NOT NULL,               -- month index
                    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                    evidence TEXT NOT NULL CHECK (length(trim(evidence)) > 0),
                    recorded_by TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    withdrawn_by TEXT,
                    withdrawn_at TEXT,
                    withdrawal_reason TEXT
                );
                CREATE UNIQUE INDEX sla_exclusion_active ON sla_exclusion (program_id, metric, month)
                    WHERE withdrawn_at IS NULL;
                """)
    }
}
