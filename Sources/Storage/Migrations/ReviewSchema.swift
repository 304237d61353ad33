import GRDB

/// Migration "v4-review": monthly review action items and their change history (SPEC section 5).
enum ReviewSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-review") { db in
            try db.execute(
                sql: """
                    CREATE TABLE review_action (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        program_id TEXT NOT NULL REFERENCES program(id),
                        review_month INTEGER NOT NULL,   -- month index of the review that raised it
                        metric TEXT NOT NULL,
                        title TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        due_date INTEGER NOT NULL,       -- local day number
                        status TEXT NOT NULL CHECK (status IN ('open', 'done')),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE INDEX review_action_program ON review_action (program_id, review_month);
                    -- Who changed what and when; append-only like the audit log.
                    CREATE TABLE review_action_change (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        action_id INTEGER NOT NULL REFERENCES review_action(id),
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        field TEXT NOT NULL,
                        old_value TEXT NOT NULL,
                        new_value TEXT NOT NULL,
                        note TEXT NOT NULL
                    );
                    CREATE INDEX review_action_change_action ON review_action_change (action_id, seq);
                    CREATE TRIGGER review_action_change_no_update BEFORE UPDATE ON review_action_change
                        BEGIN SELECT RAISE(ABORT, 'review_action_change is append-only'); END;
                    CREATE TRIGGER review_action_change_no_delete BEFORE DELETE ON review_action_change
                        BEGIN SELECT RAISE(ABORT, 'review_action_change is append-only'); END;
                    """)
        }
    }
}
