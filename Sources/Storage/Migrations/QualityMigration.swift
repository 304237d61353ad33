import GRDB

extension TenantSchema {
    /// "v4-quality": disputes of evaluation items (issue 5). Coaching tasks are not stored: they
    /// are derived from the scored evaluations, the roster and the coaching sessions on every
    /// read, so a re-scored evaluation (a changed dispute) moves in or out of the queue at once.
    static func registerQuality(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-quality") { db in
            try db.execute(
                sql: """
                    CREATE TABLE dispute (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        evaluation_id TEXT NOT NULL,
                        item_id TEXT NOT NULL,
                        opened_by TEXT NOT NULL,
                        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                        opened_at TEXT NOT NULL,
                        state TEXT NOT NULL,              -- open | upheld | changed
                        original_points REAL NOT NULL,
                        resolved_points REAL,
                        resolved_by TEXT,
                        resolution_note TEXT,
                        resolved_at TEXT
                    );
                    CREATE INDEX dispute_evaluation ON dispute (evaluation_id, item_id);
                    """)
        }
    }
}
