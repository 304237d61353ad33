import Foundation
import GovernanceCore
import Ingest
import Storage

/// A failure of the test scaffolding itself (a fixture that does not parse, a CLI that failed).
struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

/// Runs `body` with a fresh, empty directory under the system temporary directory, then removes it.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("governd-storage-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// The names in `directory`, sorted (an empty list when it does not exist).
func directoryContents(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}

/// Runs SQL through the real `sqlite3` command-line tool, as someone with access to the file
/// (not the server) would, and returns its trimmed output.
///
/// The file is in WAL mode and may be open in the test's own pool at the same time; SQLite's
/// locking makes that safe, and `.timeout` waits out a checkpoint instead of failing.
@discardableResult
func sqlite3(_ path: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = ["-cmd", ".timeout 5000", path, sql]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw FixtureError(description: "sqlite3 failed (\(process.terminationStatus)): \(String(decoding: err, as: UTF8.self))")
    }
    return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Starts a `sqlite3` process that runs `setup`, then holds the write lock of `path` for
/// `seconds`, and returns once the lock is held (wait for the process to know it was released).
///
/// While the process is connected, whatever `setup` committed stays in a non-empty WAL file.
func holdWriteLock(_ path: String, seconds: Double, after setup: String = "") throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let script = "\(setup)\nBEGIN IMMEDIATE;\nSELECT 'locked';\n.shell sleep \(seconds)\nROLLBACK;\n"
    input.fileHandleForWriting.write(Data(script.utf8))
    try input.fileHandleForWriting.close()
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("locked") {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { throw FixtureError(description: "sqlite3 did not take the write lock of \(path)") }
        seen.append(chunk)
    }
    return process
}

/// Runs a task's jobs on its own dispatch queue, so synchronous work that blocks (an SQLite
/// busy wait) cannot starve, or be starved by, the small cooperative pool of a 2-CPU machine.
final class QueueExecutor: TaskExecutor {
    let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

func instant(_ text: String) throws -> Instant {
    guard let value = Instant(text) else { throw FixtureError(description: "bad instant \(text)") }
    return value
}

func date(_ text: String) throws -> LocalDate {
    guard let value = LocalDate(text) else { throw FixtureError(description: "bad date \(text)") }
    return value
}

func month(_ text: String) throws -> Month {
    guard let value = Month(text) else { throw FixtureError(description: "bad month \(text)") }
    return value
}

/// An audit entry by a test actor.
func draft(_ action: String, tenant: String = "", detail: String = "") -> AuditDraft {
    AuditDraft(actor: "tok_test", tenant: tenant, action: action, detail: detail)
}

/// Small fixtures for one tenant, program `care` in Asia/Manila (+08:00).
enum Fixtures {
    static func program(id: String = "care", name: String = "Care voice + chat") -> ProgramRecord {
        ProgramRecord(
            id: id, name: name, site: "MNL", timezone: "Asia/Manila", serviceLevelSeconds: [.voice: 20, .chat: 60],
            serviceLevelFormula: "exclude_short_abandons", fcrWindowDays: 7, monthlyFee: 100_000, atRiskPct: 10,
            poolAllocationPct: 100, earnBackMonths: 3)
    }

    static func interaction(
        _ id: String, startedAt: String, localDate: String, wait: Double = 12, agent: String? = "a1"
    ) throws -> IngestRow {
        .interaction(
            InteractionRow(
                interactionID: id, programID: "care", agentID: agent, customerID: "c-\(id)", channel: .voice,
                startedAt: try instant(startedAt), waitSeconds: wait, handleSeconds: 300, abandoned: false,
                localDate: try date(localDate)))
    }

    /// One or more rows of every kind; 19 rows in all. Local months, by kind:
    /// interactions 2026-08 ×1 and 2026-09 ×2 (i2 is 2026-08-31 in UTC but 2026-09-01 in Manila),
    /// surveys ×2 undated, evaluations 2026-08 ×1, evaluation_answers ×2 undated,
    /// agent_days 2026-08 ×2 and 2026-09 ×1, roster 2025-03 ×1 and 2026-08 ×1 (by hire date),
    /// planned_headcount 2026-08 ×1 and 2026-09 ×1, engagement 2026-09 ×1,
    /// reported_metrics 2026-08 ×2, coaching_sessions 2026-08 ×1.
    static func everyKind() throws -> [IngestRow] {
        [
            try interaction("i1", startedAt: "2026-08-11T17:00:00Z", localDate: "2026-08-12"),
            try interaction("i2", startedAt: "2026-08-31T20:00:00Z", localDate: "2026-09-01"),
            try interaction("i3", startedAt: "2026-09-15T02:00:00Z", localDate: "2026-09-15"),
            .survey(SurveyRow(interactionID: "i1", score: 5)),
            .survey(SurveyRow(interactionID: "i3", score: 2)),
            .evaluation(
                EvaluationRow(
                    evaluationID: "e1", programID: "care", agentID: "a1", evaluatorID: "qa1", interactionID: "i1",
                    formID: "voice", formVersion: 1, evaluatedAt: try instant("2026-08-20T03:00:00Z"),
                    calibrationSessionID: nil, expertEvaluatorID: nil, localDate: try date("2026-08-20"))),
            .evaluationAnswer(EvaluationAnswerRow(evaluationID: "e1", itemID: "greet", points: 5)),
            .evaluationAnswer(EvaluationAnswerRow(evaluationID: "e1", itemID: "close", points: 3)),
            .agentDay(
                AgentDayRow(
                    agentID: "a1", programID: "care", date: try date("2026-08-12"), scheduledSeconds: 28_800,
                    staffedSeconds: 28_000, availableSeconds: 3_000, adherentSeconds: 27_000)),
            .agentDay(
                AgentDayRow(
                    agentID: "a1", programID: "care", date: try date("2026-08-13"), scheduledSeconds: 28_800,
                    staffedSeconds: 28_800, availableSeconds: 2_000, adherentSeconds: 28_000)),
            .agentDay(
                AgentDayRow(
                    agentID: "a2", programID: "care", date: try date("2026-09-01"), scheduledSeconds: 28_800,
                    staffedSeconds: 27_000, availableSeconds: 4_000, adherentSeconds: 26_000)),
            .roster(
                RosterRow(
                    agentID: "a1", programID: "care", siteID: "MNL", teamID: "t1", supervisorID: "s1",
                    hiredOn: try date("2025-03-10"), terminatedOn: nil, terminationReason: nil)),
            .roster(
                RosterRow(
                    agentID: "a2", programID: "care", siteID: "MNL", teamID: "t1", supervisorID: "s1",
                    hiredOn: try date("2026-08-15"), terminatedOn: try date("2026-10-01"),
                    terminationReason: "relocated")),
            .plannedHeadcount(PlannedHeadcountRow(programID: "care", month: try month("2026-08"), plannedFTE: 40)),
            .plannedHeadcount(PlannedHeadcountRow(programID: "care", month: try month("2026-09"), plannedFTE: 42.5)),
            .engagement(EngagementRow(agentID: "a1", programID: "care", surveyedOn: try date("2026-09-30"), score: 9)),
            .reportedMetric(
                ReportedMetricRow(programID: "care", period: try month("2026-08"), metric: "csat", value: 87.5, source: .client)),
            .reportedMetric(
                ReportedMetricRow(
                    programID: "care", period: try month("2026-08"), metric: ReportedMetricRow.programCost,
                    value: 250_000, source: .vendor)),
            .coachingSession(
                CoachingSessionRow(
                    sessionID: "cs1", evaluationID: "e1", agentID: "a1", supervisorID: "s1",
                    heldOn: try date("2026-08-21"), focusMetrics: [.qaScore, .csat], rootCause: "skipped greeting",
                    commitment: "use the opening script", followUpOn: try date("2026-09-04"))),
        ]
    }

    /// The `dataSummary()` expected after storing ``everyKind()``, in the order the summary lists kinds.
    static func everyKindSummary() throws -> [KindMonthCount] {
        [
            KindMonthCount(kind: "interactions", month: try month("2026-08"), rows: 1),
            KindMonthCount(kind: "interactions", month: try month("2026-09"), rows: 2),
            KindMonthCount(kind: "surveys", month: nil, rows: 2),
            KindMonthCount(kind: "evaluations", month: try month("2026-08"), rows: 1),
            KindMonthCount(kind: "evaluation_answers", month: nil, rows: 2),
            KindMonthCount(kind: "agent_days", month: try month("2026-08"), rows: 2),
            KindMonthCount(kind: "agent_days", month: try month("2026-09"), rows: 1),
            KindMonthCount(kind: "roster", month: try month("2025-03"), rows: 1),
            KindMonthCount(kind: "roster", month: try month("2026-08"), rows: 1),
            KindMonthCount(kind: "planned_headcount", month: try month("2026-08"), rows: 1),
            KindMonthCount(kind: "planned_headcount", month: try month("2026-09"), rows: 1),
            KindMonthCount(kind: "engagement", month: try month("2026-09"), rows: 1),
            KindMonthCount(kind: "reported_metrics", month: try month("2026-08"), rows: 2),
            KindMonthCount(kind: "coaching_sessions", month: try month("2026-08"), rows: 1),
        ]
    }
}

extension TenantDatabase {
    /// Imports `rows` in one transaction with a plain audit entry, and a reply and content hash
    /// that name the counts and the file.
    @discardableResult
    func importTestRows(_ rows: [IngestRow], importID: String? = nil, fileName: String = "mixed.csv")
        async throws -> ImportCounts
    {
        try await importRows(
            importID: importID, kind: "mixed", fileName: fileName,
            audit: { counts in
                AuditDraft(
                    actor: "tok_test", tenant: "acme", action: "ImportFile",
                    detail: "\(fileName): stored \(counts.stored), replaced \(counts.replaced)")
            },
            reply: { counts in
                (Data("stored=\(counts.stored) replaced=\(counts.replaced)".utf8), contentSHA256: "sha256-of-\(fileName)")
            },
            produce: { sink in
                for row in rows { try sink.write(row) }
            })
    }
}
