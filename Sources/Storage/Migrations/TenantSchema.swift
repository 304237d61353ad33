import GRDB

/// The schema of a tenant database (`DATA_DIR/tenants/<tenant>.sqlite`).
///
/// Raw rows are kept exactly as imported (keyed by their SPEC section 9 keys) so any period
/// can be recomputed; dates and timestamps are stored as integers (local day numbers since
/// 1970-01-01, UTC milliseconds, month indices `year × 12 + month − 1`) so range scans are
/// index seeks.
enum TenantSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-configuration") { db in
            try db.execute(
                sql: """
                    CREATE TABLE program (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        site TEXT NOT NULL,
                        timezone TEXT NOT NULL,
                        service_level_seconds TEXT NOT NULL, -- JSON {channel: seconds}
                        service_level_formula TEXT NOT NULL,
                        fcr_window_days INTEGER NOT NULL,
                        monthly_fee REAL NOT NULL,
                        at_risk_pct REAL NOT NULL,
                        pool_allocation_pct REAL NOT NULL,
                        earn_back_months INTEGER NOT NULL,
                        updated_at TEXT NOT NULL
                    );
                    CREATE TABLE config_version (
                        kind TEXT NOT NULL,               -- scorecard | sla
                        program_id TEXT NOT NULL REFERENCES program(id),
                        version INTEGER NOT NULL,
                        effective_from INTEGER NOT NULL,  -- month index
                        author TEXT NOT NULL,
                        rationale TEXT NOT NULL CHECK (length(trim(rationale)) > 0),
                        config TEXT NOT NULL,             -- canonical JSON
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (kind, program_id, version),
                        UNIQUE (kind, program_id, effective_from)
                    );
                    CREATE TABLE qa_form (
                        form_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        effective_from INTEGER,
                        config TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (form_id, version)
                    );
                    CREATE TABLE import_log (
                        import_id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        file_name TEXT NOT NULL,
                        reply BLOB NOT NULL,
                        committed_at TEXT NOT NULL
                    );
                    """)
            try AuditLog.createTable(db)
        }
        migrator.registerMigration("v1-raw") { db in
            try db.execute(
                sql: """
                    CREATE TABLE interaction (
                        id TEXT PRIMARY KEY NOT NULL,
                        program_id TEXT NOT NULL,
                        agent_id TEXT,
                        customer_id TEXT,
                        channel INTEGER NOT NULL,
                        started_at INTEGER NOT NULL,   -- UTC ms
                        local_date INTEGER NOT NULL,   -- program-local day number
                        wait REAL NOT NULL,
                        handle REAL,
                        abandoned INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX interaction_program_date ON interaction (program_id, local_date);
                    CREATE TABLE survey (
                        interaction_id TEXT PRIMARY KEY NOT NULL,
                        score INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE evaluation (
                        id TEXT PRIMARY KEY NOT NULL,
                        program_id TEXT NOT NULL,
                        agent_id TEXT NOT NULL,
                        evaluator_id TEXT NOT NULL,
                        interaction_id TEXT NOT NULL,
                        form_id TEXT NOT NULL,
                        form_version INTEGER NOT NULL,
                        evaluated_at INTEGER NOT NULL,
                        local_date INTEGER NOT NULL,
                        calibration_session_id TEXT,
                        expert_evaluator_id TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX evaluation_program_date ON evaluation (program_id, local_date);
                    CREATE TABLE evaluation_answer (
                        evaluation_id TEXT NOT NULL,
                        item_id TEXT NOT NULL,
                        points REAL NOT NULL,
                        PRIMARY KEY (evaluation_id, item_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE agent_day (
                        agent_id TEXT NOT NULL,
                        date INTEGER NOT NULL,
                        program_id TEXT NOT NULL,
                        scheduled_seconds REAL NOT NULL,
                        staffed_seconds REAL NOT NULL,
                        available_seconds REAL NOT NULL,
                        adherent_seconds REAL NOT NULL,
                        PRIMARY KEY (agent_id, date)
                    ) WITHOUT ROWID;
                    CREATE INDEX agent_day_program_date ON agent_day (program_id, date);
                    CREATE TABLE roster (
                        agent_id TEXT PRIMARY KEY NOT NULL,
                        program_id TEXT NOT NULL,
                        site_id TEXT NOT NULL,
                        team_id TEXT NOT NULL,
                        supervisor_id TEXT NOT NULL,
                        hired_on INTEGER NOT NULL,
                        terminated_on INTEGER,
                        termination_reason TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX roster_program ON roster (program_id);
                    CREATE TABLE planned_headcount (
                        program_id TEXT NOT NULL,
                        month INTEGER NOT NULL,
                        planned_fte REAL NOT NULL,
                        PRIMARY KEY (program_id, month)
                    ) WITHOUT ROWID;
                    CREATE TABLE engagement (
                        agent_id TEXT NOT NULL,
                        surveyed_on INTEGER NOT NULL,
                        program_id TEXT NOT NULL,
                        score INTEGER NOT NULL,
                        PRIMARY KEY (agent_id, surveyed_on)
                    ) WITHOUT ROWID;
                    CREATE TABLE reported_metric (
                        program_id TEXT NOT NULL,
                        period INTEGER NOT NULL,       -- month index
                        metric TEXT NOT NULL,
                        value REAL NOT NULL,
                        source TEXT NOT NULL,
                        PRIMARY KEY (program_id, period, metric)
                    ) WITHOUT ROWID;
                    CREATE TABLE coaching_session (
                        id TEXT PRIMARY KEY NOT NULL,
                        evaluation_id TEXT NOT NULL,
                        agent_id TEXT NOT NULL,
                        supervisor_id TEXT NOT NULL,
                        held_on INTEGER NOT NULL,
                        focus_metrics TEXT NOT NULL,   -- ';'-separated
                        root_cause TEXT NOT NULL,
                        commitment TEXT NOT NULL,
                        follow_up_on INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX coaching_session_evaluation ON coaching_session (evaluation_id);
                    """)
        }
        migrator.registerMigration("v2-rollups") { db in
            try db.execute(
                sql: """
                    -- Daily interaction totals per program, local date, agent ('' when none) and channel,
                    -- maintained on ingest in the import's own transaction, so a period's scorecard
                    -- reads at most days × agents × channels rows instead of raw interactions.
                    CREATE TABLE interaction_day (
                        program_id TEXT NOT NULL,
                        local_date INTEGER NOT NULL,
                        agent_id TEXT NOT NULL,
                        channel INTEGER NOT NULL,
                        offered INTEGER NOT NULL,
                        answered INTEGER NOT NULL,
                        abandoned INTEGER NOT NULL,
                        answered_within INTEGER NOT NULL,
                        abandoned_within INTEGER NOT NULL,
                        rt_answered INTEGER NOT NULL,
                        rt_wait_sum REAL NOT NULL,
                        handle_sum REAL NOT NULL,
                        fcr_eligible INTEGER NOT NULL,
                        fcr_resolved INTEGER NOT NULL,
                        surveys INTEGER NOT NULL,
                        surveys_satisfied INTEGER NOT NULL,
                        PRIMARY KEY (program_id, local_date, agent_id, channel)
                    ) WITHOUT ROWID;
                    -- The items of every QA form version, for scoring evaluations in SQL.
                    CREATE TABLE qa_form_item (
                        form_id TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        item_id TEXT NOT NULL,
                        weight REAL NOT NULL,
                        max_points REAL NOT NULL,
                        hard_fail INTEGER NOT NULL,
                        PRIMARY KEY (form_id, version, item_id)
                    ) WITHOUT ROWID;
                    -- Each evaluation's quality score (NULL: no scored item answered) and compliance,
                    -- kept current when evaluations or their answers are imported.
                    ALTER TABLE evaluation ADD COLUMN quality_score REAL;
                    ALTER TABLE evaluation ADD COLUMN compliance_pass INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        migrator.registerMigration("v3-import-hash") { db in
            // An import id is bound to the file's content: a retry with other bytes is refused.
            try db.execute(sql: "ALTER TABLE import_log ADD COLUMN content_sha256 TEXT")
        }
        registerQuality(&migrator)
        migrator.registerMigration(SLASchema.migrationName, migrate: SLASchema.migrate)
        ReviewSchema.register(in: &migrator)
        DevelopmentSchema.register(in: &migrator)
        return migrator
    }
}
