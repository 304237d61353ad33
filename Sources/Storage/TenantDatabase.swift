import Foundation
import GRDB
import GovernanceCore

/// One tenant's SQLite database: its programs, versioned configuration, raw data and audit log.
///
/// Every tenant lives in its own file, so a query for one tenant can never read another's
/// rows; the ``TenantRegistry`` opens files lazily and closes idle ones.
public final class TenantDatabase: Sendable {
    /// The tenant id.
    public let tenant: String
    let pool: DatabasePool

    /// Opens (creating and migrating if needed) the tenant database at `path`.
    public init(tenant: String, path: String) throws(GovernanceError) {
        self.tenant = tenant
        pool = try mapStorageErrorsSync("opening tenant \(tenant)") {
            try DatabaseSetup.openPool(path: path, migrator: TenantSchema.migrator)
        }
    }

    /// Closes the file; further calls fail.
    public func close() {
        try? pool.close()
    }

    // MARK: Configuration

    /// The tenant's programs, by id.
    public func programs() async throws(GovernanceError) -> [ProgramRecord] {
        try await mapStorageErrors("reading programs") {
            try await pool.read { db in try Self.programs(db) }
        }
    }

    static func programs(_ db: Database) throws -> [ProgramRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM program ORDER BY id").map { row in
            let slsJSON: String = row["service_level_seconds"]
            let raw = (try? JSONDecoder().decode([String: Double].self, from: Data(slsJSON.utf8))) ?? [:]
            var sls: [Channel: Double] = [:]
            for (key, value) in raw { if let channel = Channel(rawValue: key) { sls[channel] = value } }
            return ProgramRecord(
                id: row["id"], name: row["name"], site: row["site"], timezone: row["timezone"],
                serviceLevelSeconds: sls, serviceLevelFormula: row["service_level_formula"],
                fcrWindowDays: row["fcr_window_days"], monthlyFee: row["monthly_fee"], atRiskPct: row["at_risk_pct"],
                poolAllocationPct: row["pool_allocation_pct"], earnBackMonths: row["earn_back_months"])
        }
    }

    /// All versions of one kind (optionally of one program), by program then version.
    public func versions(_ kind: VersionKind, program: String? = nil) async throws(GovernanceError) -> [VersionRecord] {
        try await mapStorageErrors("reading \(kind.rawValue) versions") {
            try await pool.read { db in try Self.versions(db, kind: kind, program: program) }
        }
    }

    static func versions(_ db: Database, kind: VersionKind, program: String?) throws -> [VersionRecord] {
        let rows: [Row]
        if let program {
            rows = try Row.fetchAll(
                db, sql: "SELECT * FROM config_version WHERE kind = ? AND program_id = ? ORDER BY version",
                arguments: [kind.rawValue, program])
        } else {
            rows = try Row.fetchAll(
                db, sql: "SELECT * FROM config_version WHERE kind = ? ORDER BY program_id, version",
                arguments: [kind.rawValue])
        }
        return rows.map { row in
            VersionRecord(
                kind: kind, programID: row["program_id"], version: row["version"],
                effectiveFrom: Month(index: row["effective_from"]), author: row["author"],
                rationale: row["rationale"], config: row["config"], createdAt: row["created_at"])
        }
    }

    /// All QA form versions, by form then version.
    public func qaForms() async throws(GovernanceError) -> [QAFormRecord] {
        try await mapStorageErrors("reading QA forms") {
            try await pool.read { db in try Self.qaForms(db) }
        }
    }

    static func qaForms(_ db: Database) throws -> [QAFormRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM qa_form ORDER BY form_id, version").map { row in
            let from: Int? = row["effective_from"]
            return QAFormRecord(
                formID: row["form_id"], version: row["version"], effectiveFrom: from.map(Month.init(index:)),
                config: row["config"], createdAt: row["created_at"])
        }
    }

    /// Applies a list of configuration changes and their audit entries in one transaction.
    public func apply(_ changes: [TenantChange], audit: [AuditDraft]) async throws(GovernanceError) {
        try await mapStorageErrors("applying the manifest") {
            try await pool.write { db in
                for change in changes {
                    switch change {
                    case .upsertProgram(let program):
                        var sls: [String: Double] = [:]
                        for (channel, seconds) in program.serviceLevelSeconds { sls[channel.rawValue] = seconds }
                        let encoder = JSONEncoder()
                        encoder.outputFormatting = .sortedKeys
                        let slsJSON = String(decoding: try encoder.encode(sls), as: UTF8.self)
                        try db.execute(
                            sql: """
                                INSERT INTO program (id, name, site, timezone, service_level_seconds,
                                    service_level_formula, fcr_window_days, monthly_fee, at_risk_pct,
                                    pool_allocation_pct, earn_back_months, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                ON CONFLICT (id) DO UPDATE SET name = excluded.name, site = excluded.site,
                                    timezone = excluded.timezone, service_level_seconds = excluded.service_level_seconds,
                                    service_level_formula = excluded.service_level_formula,
                                    fcr_window_days = excluded.fcr_window_days, monthly_fee = excluded.monthly_fee,
                                    at_risk_pct = excluded.at_risk_pct, pool_allocation_pct = excluded.pool_allocation_pct,
                                    earn_back_months = excluded.earn_back_months, updated_at = excluded.updated_at
                                """,
                            arguments: [
                                program.id, program.name, program.site, program.timezone, slsJSON,
                                program.serviceLevelFormula, program.fcrWindowDays, program.monthlyFee,
                                program.atRiskPct, program.poolAllocationPct, program.earnBackMonths, timestampNow(),
                            ])
                    case .addVersion(let version):
                        try db.execute(
                            sql: """
                                INSERT INTO config_version (kind, program_id, version, effective_from, author,
                                    rationale, config, created_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                                """,
                            arguments: [
                                version.kind.rawValue, version.programID, version.version, version.effectiveFrom.index,
                                version.author, version.rationale, version.config, version.createdAt,
                            ])
                    case .addQAForm(let form):
                        try db.execute(
                            sql: """
                                INSERT INTO qa_form (form_id, version, effective_from, config, created_at)
                                VALUES (?, ?, ?, ?, ?)
                                """,
                            arguments: [form.formID, form.version, form.effectiveFrom?.index, form.config, form.createdAt])
                        for item in form.items {
                            try db.execute(
                                sql: """
                                    INSERT INTO qa_form_item (form_id, version, item_id, weight, max_points, hard_fail)
                                    VALUES (?, ?, ?, ?, ?, ?)
                                    """,
                                arguments: [form.formID, form.version, item.itemID, item.weight, item.maxPoints, item.hardFail])
                        }
                    }
                }
                // A program whose thresholds or FCR window changed gets its rollups rebuilt.
                for change in changes {
                    if case .upsertProgram(let program) = change { try Rollups.rebuild(program: program.id, in: db) }
                }
                for draft in audit { try AuditLog.append(draft, in: db) }
            }
        }
    }

    // MARK: Reads

    /// Row counts per file kind and local month.
    public func dataSummary() async throws(GovernanceError) -> [KindMonthCount] {
        try await mapStorageErrors("counting rows") {
            try await pool.read { db in
                var counts: [KindMonthCount] = []
                func byDay(_ kind: String, _ sql: String) throws {
                    var perMonth: [Month: Int64] = [:]
                    for row in try Row.fetchAll(db, sql: sql) {
                        let day: Int = row[0]
                        let n: Int64 = row[1]
                        perMonth[LocalDate(dayNumber: day).month, default: 0] += n
                    }
                    for (month, n) in perMonth.sorted(by: { $0.key < $1.key }) {
                        counts.append(KindMonthCount(kind: kind, month: month, rows: n))
                    }
                }
                func byMonth(_ kind: String, _ sql: String) throws {
                    for row in try Row.fetchAll(db, sql: sql) {
                        let month: Int = row[0]
                        counts.append(KindMonthCount(kind: kind, month: Month(index: month), rows: row[1]))
                    }
                }
                func undated(_ kind: String, _ sql: String) throws {
                    let n = try Int64.fetchOne(db, sql: sql) ?? 0
                    if n > 0 { counts.append(KindMonthCount(kind: kind, month: nil, rows: n)) }
                }
                try byDay("interactions", "SELECT local_date, count(*) FROM interaction GROUP BY local_date")
                try undated("surveys", "SELECT count(*) FROM survey")
                try byDay("evaluations", "SELECT local_date, count(*) FROM evaluation GROUP BY local_date")
                try undated("evaluation_answers", "SELECT count(*) FROM evaluation_answer")
                try byDay("agent_days", "SELECT date, count(*) FROM agent_day GROUP BY date")
                try byDay("roster", "SELECT hired_on, count(*) FROM roster GROUP BY hired_on")
                try byMonth("planned_headcount", "SELECT month, count(*) FROM planned_headcount GROUP BY month")
                try byDay("engagement", "SELECT surveyed_on, count(*) FROM engagement GROUP BY surveyed_on")
                try byMonth("reported_metrics", "SELECT period, count(*) FROM reported_metric GROUP BY period")
                try byDay("coaching_sessions", "SELECT held_on, count(*) FROM coaching_session GROUP BY held_on")
                return counts
            }
        }
    }

    // MARK: Audit

    /// Appends an audit entry on its own.
    public func appendAudit(_ draft: AuditDraft) async throws(GovernanceError) {
        try await mapStorageErrors("writing the audit log") {
            try await pool.write { db in _ = try AuditLog.append(draft, in: db) }
        }
    }

    /// The newest `limit` audit entries, oldest first.
    public func audit(limit: Int) async throws(GovernanceError) -> [AuditRecord] {
        try await mapStorageErrors("reading the audit log") {
            try await pool.read { db in try AuditLog.entries(limit: limit, in: db) }
        }
    }

    /// Checks the tenant's audit hash chain.
    public func verifyAudit() async throws(GovernanceError) -> AuditVerification {
        try await mapStorageErrors("verifying the audit log") {
            try await pool.read { db in try AuditLog.verify(in: db) }
        }
    }
}
