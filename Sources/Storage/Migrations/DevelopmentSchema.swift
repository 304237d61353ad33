import GRDB

/// Migration "v4-development": goals, development records (immutable once signed off),
/// retention and its purge log, 360-degree feedback and incentive eligibility lists (issue 11).
enum DevelopmentSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-development") { db in
            try db.execute(
                sql: """
                    CREATE TABLE dev_goal (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        program_id TEXT NOT NULL REFERENCES program(id),
                        scope TEXT NOT NULL CHECK (scope IN ('agent', 'team')),
                        scope_id TEXT NOT NULL,
                        metric TEXT NOT NULL,
                        target REAL NOT NULL,
                        baseline_month INTEGER NOT NULL,  -- month index
                        due_date INTEGER NOT NULL,        -- local day number
                        title TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE INDEX dev_goal_program ON dev_goal (program_id);
                    CREATE TABLE dev_record (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        program_id TEXT NOT NULL REFERENCES program(id),
                        agent_id TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('improvement_plan', 'recognition', 'disciplinary')),
                        title TEXT NOT NULL,
                        details TEXT NOT NULL,
                        targets TEXT NOT NULL,            -- JSON [{metric, target}]
                        review_dates TEXT NOT NULL,       -- JSON [YYYY-MM-DD]
                        outcome TEXT NOT NULL,
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        signed_off_by TEXT,
                        signed_off_at TEXT,
                        signed_off_on INTEGER             -- UTC day number of the sign-off (retention)
                    );
                    CREATE INDEX dev_record_program ON dev_record (program_id, agent_id);
                    -- A signed-off record never changes; only a retention purge may delete it, and an
                    -- unsigned (live) record is never purged.
                    CREATE TRIGGER dev_record_signed_immutable BEFORE UPDATE ON dev_record
                        WHEN OLD.signed_off_at IS NOT NULL
                        BEGIN SELECT RAISE(ABORT, 'dev_record is signed off and immutable'); END;
                    CREATE TRIGGER dev_record_unsigned_not_deleted BEFORE DELETE ON dev_record
                        WHEN OLD.signed_off_at IS NULL
                        BEGIN SELECT RAISE(ABORT, 'an unsigned dev_record is never deleted'); END;
                    CREATE TABLE dev_setting (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE dev_purge (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        run_at TEXT NOT NULL,
                        run_by TEXT NOT NULL,
                        as_of INTEGER NOT NULL,           -- UTC day number
                        retention_days INTEGER NOT NULL,
                        purged INTEGER NOT NULL,
                        record_ids TEXT NOT NULL          -- JSON [id]
                    );
                    CREATE TRIGGER dev_purge_no_update BEFORE UPDATE ON dev_purge
                        BEGIN SELECT RAISE(ABORT, 'dev_purge is append-only'); END;
                    CREATE TRIGGER dev_purge_no_delete BEFORE DELETE ON dev_purge
                        BEGIN SELECT RAISE(ABORT, 'dev_purge is append-only'); END;
                    CREATE TABLE dev_feedback_request (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        program_id TEXT NOT NULL REFERENCES program(id),
                        subject_id TEXT NOT NULL,
                        competencies TEXT NOT NULL,       -- JSON [name]
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE TABLE dev_feedback_respondent (
                        request_id INTEGER NOT NULL REFERENCES dev_feedback_request(id),
                        respondent_id TEXT NOT NULL,
                        relationship TEXT NOT NULL,
                        PRIMARY KEY (request_id, respondent_id)
                    );
                    CREATE TABLE dev_feedback_response (
                        request_id INTEGER NOT NULL REFERENCES dev_feedback_request(id),
                        respondent_id TEXT NOT NULL,
                        ratings TEXT NOT NULL,            -- JSON {competency: rating}
                        comment TEXT NOT NULL,
                        submitted_at TEXT NOT NULL,
                        PRIMARY KEY (request_id, respondent_id)
                    );
                    CREATE TABLE dev_eligibility (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        program_id TEXT NOT NULL REFERENCES program(id),
                        period TEXT NOT NULL,
                        rule TEXT NOT NULL,
                        rule_value REAL NOT NULL,
                        rule_text TEXT NOT NULL,
                        ranked_agents INTEGER NOT NULL,
                        agents TEXT NOT NULL,             -- JSON [{agent_id, rank, composite, percentile}]
                        created_by TEXT NOT NULL,
                        created_at TEXT NOT NULL
                    );
                    CREATE TRIGGER dev_eligibility_no_update BEFORE UPDATE ON dev_eligibility
                        BEGIN SELECT RAISE(ABORT, 'dev_eligibility is append-only'); END;
                    """)
        }
    }
}
