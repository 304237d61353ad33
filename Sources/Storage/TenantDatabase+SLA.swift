import GRDB
import GovernanceCore

/// An exclusion of one SLA and month (SPEC section 6): recorded by an account manager with a
/// reason and an evidence reference; withdrawn rather than deleted.
public struct SLAExclusionRecord: Sendable, Equatable {
    public var id: Int64
    public var programID: String
    /// Catalog metric name of the SLA.
    public var metric: String
    public var month: Month
    public var reason: String
    public var evidence: String
    /// Token id of the caller who recorded it.
    public var recordedBy: String
    public var recordedAt: String
    public var withdrawnBy: String?
    public var withdrawnAt: String?
    public var withdrawalReason: String?

    /// Whether the exclusion still applies.
    public var isActive: Bool { withdrawnAt == nil }

    init(row: Row) {
        id = row["id"]
        programID = row["program_id"]
        metric = row["metric"]
        month = Month(index: row["month"])
        reason = row["reason"]
        evidence = row["evidence"]
        recordedBy = row["recorded_by"]
        recordedAt = row["recorded_at"]
        withdrawnBy = row["withdrawn_by"]
        withdrawnAt = row["withdrawn_at"]
        withdrawalReason = row["withdrawal_reason"]
    }
}

extension TenantDatabase {
    /// Exclusions of one program (or every program), newest first.
    public func slaExclusions(program: String?, includeWithdrawn: Bool) async throws(GovernanceError)
        -> [SLAExclusionRecord]
    {
        try await mapStorageErrors("reading SLA exclusions") {
            try await pool.read { db in
                var sql = "SELECT * FROM sla_exclusion WHERE 1"
                var arguments: StatementArguments = []
                if let program {
                    sql += " AND program_id = ?"
                    arguments += [program]
                }
                if !includeWithdrawn { sql += " AND withdrawn_at IS NULL" }
                sql += " ORDER BY id DESC"
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map(SLAExclusionRecord.init(row:))
            }
        }
    }

    /// Records an exclusion and its audit entry in one transaction; when an active exclusion of
    /// the same program, metric and month exists, returns it and changes nothing.
    /// - Returns: The exclusion, and whether it already existed.
    public func addSLAExclusion(
        program: String, metric: String, month: Month, reason: String, evidence: String, recordedBy: String,
        audit: @escaping @Sendable (Int64) -> AuditDraft
    ) async throws(GovernanceError) -> (record: SLAExclusionRecord, existing: Bool) {
        try await mapStorageErrors("recording an SLA exclusion") {
            try await pool.write { db in
                if let row = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM sla_exclusion WHERE program_id = ? AND metric = ? AND month = ? AND withdrawn_at IS NULL",
                    arguments: [program, metric, month.index])
                {
                    return (SLAExclusionRecord(row: row), true)
                }
                try db.execute(
                    sql: """
                        INSERT INTO sla_exclusion (program_id, metric, month, reason, evidence, recorded_by, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [program, metric, month.index, reason, evidence, recordedBy, timestampNow()])
                let id = db.lastInsertedRowID
                try AuditLog.append(audit(id), in: db)
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sla_exclusion WHERE id = ?", arguments: [id]) else {
                    throw GovernanceError(code: .internal, message: "exclusion \(id) vanished")
                }
                return (SLAExclusionRecord(row: row), false)
            }
        }
    }

    /// Withdraws exclusion `id` of `program` and appends its audit entry in one transaction; a
    /// withdrawn one is returned unchanged.
    /// - Returns: The exclusion, or `nil` when `program` has no exclusion `id`.
    public func withdrawSLAExclusion(
        id: Int64, program: String, withdrawnBy: String, reason: String,
        audit: @escaping @Sendable (SLAExclusionRecord) -> AuditDraft
    ) async throws(GovernanceError) -> SLAExclusionRecord? {
        try await mapStorageErrors("withdrawing an SLA exclusion") {
            try await pool.write { db in
                let select = "SELECT * FROM sla_exclusion WHERE id = ? AND program_id = ?"
                guard let row = try Row.fetchOne(db, sql: select, arguments: [id, program]) else { return nil }
                let record = SLAExclusionRecord(row: row)
                guard record.isActive else { return record }
                try db.execute(
                    sql: "UPDATE sla_exclusion SET withdrawn_by = ?, withdrawn_at = ?, withdrawal_reason = ? WHERE id = ?",
                    arguments: [withdrawnBy, timestampNow(), reason, id])
                try AuditLog.append(audit(record), in: db)
                return try Row.fetchOne(db, sql: select, arguments: [id, program]).map(SLAExclusionRecord.init(row:))
            }
        }
    }

    /// The program's last local day with any interaction, within `month` when given.
    public func lastInteractionDay(program: String, in month: Month? = nil) async throws(GovernanceError) -> LocalDate? {
        try await mapStorageErrors("reading the last interaction day") {
            try await pool.read { db in
                let day: Int?
                if let month {
                    day = try Int.fetchOne(
                        db,
                        sql: "SELECT max(local_date) FROM interaction_day WHERE program_id = ? AND local_date BETWEEN ? AND ?",
                        arguments: [program, month.firstDay.dayNumber, month.lastDay.dayNumber])
                } else {
                    day = try Int.fetchOne(
                        db, sql: "SELECT max(local_date) FROM interaction_day WHERE program_id = ?", arguments: [program])
                }
                return day.map(LocalDate.init(dayNumber:))
            }
        }
    }
}
