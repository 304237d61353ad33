import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// Crash safety of the real governd binary: `kill -9` in the middle of concurrent imports,
/// a full disk, and a tenant file that cannot be opened.
///
/// The kill -9 test runs `GOVERND_CRASH_CYCLES` cycles (default 20; `Ops/runbooks/crash-safety.md`
/// documents the 500-cycle long run). Every cycle is reproducible from `GOVERND_CRASH_SEED`.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static let tenant = "northwind"

    /// The knobs, read once from the environment.
    ///
    /// `governd serve` refuses any `GOVERND_*` variable it does not know, and the test servers
    /// inherit this process's environment, so the knobs are removed from it once read.
    struct Settings: Sendable {
        /// `GOVERND_CRASH_CYCLES`, default 20.
        var cycles = 20
        /// `GOVERND_CRASH_SEED`: the base seed; each cycle derives its own from it.
        var seed: UInt64 = 20_261_124
        /// `GOVERND_CRASH_TRACE=1` prints each cycle's kill delay and outcomes.
        var trace = false
        /// `GOVERND_DISKFULL_FORCE_LOOP=1` skips tmpfs and tries the loop-mounted image.
        var forceLoop = false
    }

    static let settings: Settings = {
        let environment = ProcessInfo.processInfo.environment
        var settings = Settings()
        if let text = environment["GOVERND_CRASH_CYCLES"], let cycles = Int(text) { settings.cycles = cycles }
        if let text = environment["GOVERND_CRASH_SEED"], let seed = UInt64(text) { settings.seed = seed }
        settings.trace = environment["GOVERND_CRASH_TRACE"] == "1"
        settings.forceLoop = environment["GOVERND_DISKFULL_FORCE_LOOP"] == "1"
        for key in environment.keys where key.hasPrefix("GOVERND_CRASH_") || key.hasPrefix("GOVERND_DISKFULL_") {
            unsetenv(key)
        }
        return settings
    }()

    // MARK: kill -9

    @Test("kill -9 during concurrent imports: acknowledged batches survive whole, unacknowledged ones are all or nothing, re-sending never duplicates, integrity_check ok")
    func killNineDuringImports() async throws {
        let cycles = Self.settings.cycles
        let seed = Self.settings.seed
        try #require(cycles >= 1, "GOVERND_CRASH_CYCLES must be at least 1")
        try #require(SQLiteShell.executable != nil, "the sqlite3 command-line shell is needed (Ops/setup.sh installs it)")

        let clock = ContinuousClock()
        let started = clock.now
        var run = try await CrashRun(tenant: Self.tenant, seed: seed)
        // The data directory is kept for inspection unless the run completes without a violation.
        var completed = false
        defer {
            if completed && run.violations.isEmpty {
                try? FileManager.default.removeItem(atPath: run.directory)
            } else {
                print("CrashSafety kill -9: data directory kept at \(run.directory)")
            }
        }

        for cycle in 0...cycles {
            let server = try await TestServer.start(dataDirectory: run.directory)
            do {
                try await run.verifyAfterRestart(server, cycle: cycle)
            } catch {
                server.stop()
                run.violation("cycle \(cycle): the check after the restart failed: \(describe(error))", log: server.log())
                throw error
            }
            guard cycle < cycles, run.violations.count < 10 else {
                let status = server.stop()
                if status != 0 { run.violation("governd exited \(status) on SIGTERM after the last cycle", log: server.log()) }
                break
            }
            do {
                try await run.importAndKill(server, cycle: cycle)
            } catch {
                server.kill9()
                run.violation("cycle \(cycle): could not stream the imports: \(describe(error))", log: server.log())
                throw error
            }
        }

        // With the server stopped: the files are sound, and nothing is left half-written.
        let tenantIntegrity = try SQLiteShell.integrityCheck(run.tenantFile)
        let controlIntegrity = try SQLiteShell.integrityCheck(run.directory + "/control.sqlite")
        #expect(tenantIntegrity == "ok", "tenant file after the last stop: \(tenantIntegrity)")
        #expect(controlIntegrity == "ok", "control.sqlite after the last stop: \(controlIntegrity)")
        #expect(try SQLiteShell.query(run.tenantFile, "PRAGMA journal_mode") == "wal")

        completed = true
        let duration = clock.now - started
        let stats = run.stats
        print(
            """
            CrashSafety kill -9: seed \(seed), \(stats.cycles) cycles (kills), \(stats.batches) batches sent, \
            \(stats.acknowledged) acknowledged, \(stats.inDoubt) in doubt (\(stats.inDoubtCommitted) found committed, \
            \(stats.inDoubtAbsent) found absent), \(stats.rowsSent) rows sent, \(stats.spotChecks) older batches re-sent, \
            \(run.violations.count) violations; client errors at kill: \(stats.killErrors.sorted { $0.key < $1.key }); \
            duration \(String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)) s
            """)
        #expect(run.violations.isEmpty, "\(run.violations.count) violations (seed \(seed)):\n\(run.violations.joined(separator: "\n"))")
        #expect(stats.acknowledged > 0, "no import was ever acknowledged before a kill: the test checked nothing durable")
        #expect(stats.inDoubt > 0, "no kill ever hit an import in flight: the test checked no crash")
    }

    // MARK: Disk full

    @Test("a full disk: the import answers RESOURCE_EXHAUSTED naming the full disk, stores nothing, and succeeds once space is freed, without a restart")
    func diskFull() async throws {
        _ = Self.settings  // clears the test's GOVERND_* knobs before any server starts
        try #require(SQLiteShell.executable != nil, "the sqlite3 command-line shell is needed (Ops/setup.sh installs it)")
        // Throws a clear error (failing the test) when no size-limited file system can be made here.
        let disk = try SmallFileSystem.mount(megabytes: 12, forceLoop: Self.settings.forceLoop)
        defer { disk.unmount() }
        let directory = disk.mountPoint + "/data"
        let initialised = try TestServer.run(
            TestServer.productsDirectory.appendingPathComponent("governd").path, ["init", "--data-dir", directory])
        try #require(initialised.status == 0, "governd init on the \(disk.kind): \(initialised.stderr)")
        let server = try await TestServer.start(dataDirectory: directory)
        defer { server.stop() }
        let tenantFile = directory + "/tenants/\(Self.tenant).sqlite"

        try server.applyDemo([Self.tenant])
        var rng = SeededGenerator(seed: 7)
        let first = CrashBatch.make(cycle: 0, index: 0, rows: 300, using: &rng)
        let firstReply = try await server.client {
            try await importWithDeadline($0, tenant: Self.tenant, fileName: first.fileName, bytes: first.bytes, importID: first.importID)
        }
        #expect(firstReply.rowsStored == Int64(first.rows))
        let before = try await summaryTotals(server, tenant: Self.tenant)
        let logBefore = try SQLiteShell.query(tenantFile, "SELECT count(*) FROM import_log")

        // Fill the disk, leaving 256 KiB: far less than the 12,000-row import below needs.
        let filler = disk.mountPoint + "/filler"
        let fillerSize = try fillDisk(path: filler, leave: 256 * 1024)
        let free = try disk.freeBytes()
        let big = CrashBatch.make(cycle: 0, index: 1, rows: 12_000, using: &rng)
        print("CrashSafety disk full: \(disk.kind), filler \(fillerSize) bytes, \(free) bytes free, import of \(big.bytes.count) bytes")
        let error = await #expect(throws: RPCError.self) {
            try await server.client {
                try await importWithDeadline($0, tenant: Self.tenant, fileName: big.fileName, bytes: big.bytes, importID: big.importID)
            }
        }
        #expect(error?.code == .resourceExhausted, "a full disk must answer RESOURCE_EXHAUSTED, got \(error.map(describe) ?? "success")")
        let message = error?.message.lowercased() ?? ""
        #expect(message.contains("disk") && message.contains("full"), "the message must say the disk is full: \(error?.message ?? "")")
        print("CrashSafety disk full: answer \(error.map(describe) ?? "success")")

        // Nothing partial: same totals, no row of the file, no import-log entry; the file is sound.
        #expect(try await summaryTotals(server, tenant: Self.tenant) == before)
        #expect(try SQLiteShell.query(tenantFile, "SELECT count(*) FROM interaction WHERE id >= '\(big.idPrefix)' AND id < '\(big.idPrefix)~'") == "0")
        #expect(try SQLiteShell.query(tenantFile, "SELECT count(*) FROM import_log") == logBefore)
        #expect(try SQLiteShell.integrityCheck(tenantFile) == "ok")

        // Free the space: the very same import (same import id) now succeeds, on the same server.
        try FileManager.default.removeItem(atPath: filler)
        let retry = try await server.client {
            try await importWithDeadline($0, tenant: Self.tenant, fileName: big.fileName, bytes: big.bytes, importID: big.importID)
        }
        #expect(retry.duplicate == false)
        #expect(retry.rowsStored == Int64(big.rows))
        #expect(retry.rowsReplaced == 0)
        var expected = before
        expected[.interactions, default: 0] += Int64(big.rows)
        #expect(try await summaryTotals(server, tenant: Self.tenant) == expected)
        #expect(try SQLiteShell.integrityCheck(tenantFile) == "ok")
        #expect(try SQLiteShell.integrityCheck(directory + "/control.sqlite") == "ok")
        #expect(server.isRunning, "governd must survive a full disk")
    }

    // MARK: Unopenable tenant file

    /// Ways to make a tenant file unopenable that root cannot bypass (`chmod 000` does not stop root).
    enum Breakage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// A directory where the file should be (SQLITE_CANTOPEN).
        case directoryInPlace
        /// The file with its 100-byte header overwritten (SQLITE_NOTADB).
        case corruptHeader

        var testDescription: String { rawValue }
    }

    @Test("an unopenable tenant file answers UNAVAILABLE naming the tenant, other tenants keep working, and the tenant works again once restored, without a restart",
          arguments: Breakage.allCases)
    func unopenableTenantFile(_ breakage: Breakage) async throws {
        _ = Self.settings  // clears the test's GOVERND_* knobs before any server starts
        let other = "contoso"
        var server = try await TestServer.start()
        let directory = server.dataDirectory
        defer {
            server.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
        try server.applyDemo([Self.tenant, other])
        for tenant in [Self.tenant, other] {
            let imported = try server.govctl(["import", "--tenant", tenant, "--quiet", Demo.file(tenant, "roster")])
            try #require(imported.status == 0, "\(imported.stderr)")
        }
        let before = try await summaryTotals(server, tenant: Self.tenant)
        let otherBefore = try await summaryTotals(server, tenant: other)
        try #require(server.stop() == 0)

        // Move the tenant's files aside, then put something unopenable in their place.
        let file = directory + "/tenants/\(Self.tenant).sqlite"
        let aside = directory + "/aside"
        try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: true)
        let manager = FileManager.default
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: file + suffix) {
            try manager.moveItem(atPath: file + suffix, toPath: aside + "/\(Self.tenant).sqlite" + suffix)
        }
        switch breakage {
        case .directoryInPlace:
            try manager.createDirectory(atPath: file, withIntermediateDirectories: false)
        case .corruptHeader:
            var bytes = try Data(contentsOf: URL(fileURLWithPath: aside + "/\(Self.tenant).sqlite"))
            try #require(bytes.count > 100)
            bytes.replaceSubrange(0..<100, with: Data(repeating: 0x5A, count: 100))
            try bytes.write(to: URL(fileURLWithPath: file))
        }

        server = try await TestServer.start(dataDirectory: directory)
        let read = await #expect(throws: RPCError.self) { try await summaryTotals(server, tenant: Self.tenant) }
        #expect(read?.code == .unavailable, "a tenant file that cannot be opened must answer UNAVAILABLE, got \(read.map(describe) ?? "success")")
        #expect(read?.message.contains(Self.tenant) == true, "the message must name the tenant: \(read?.message ?? "")")
        #expect(read?.message.lowercased().contains("unavailable") == true, "the message must say the database is unavailable: \(read?.message ?? "")")
        print("CrashSafety \(breakage.rawValue): read answers \(read.map(describe) ?? "success")")
        var rng = SeededGenerator(seed: 11)
        let batch = CrashBatch.make(cycle: 0, index: 0, rows: 200, using: &rng)
        let write = await #expect(throws: RPCError.self) {
            try await server.client {
                try await importWithDeadline($0, tenant: Self.tenant, fileName: batch.fileName, bytes: batch.bytes, importID: batch.importID)
            }
        }
        #expect(write?.code == .unavailable, "an import into it must answer UNAVAILABLE, got \(write.map(describe) ?? "success")")

        // The other tenant is unaffected: reads and writes work.
        #expect(try await summaryTotals(server, tenant: other) == otherBefore)
        let reimport = try server.govctl(["import", "--tenant", other, "--quiet", Demo.file(other, "planned_headcount")])
        #expect(reimport.status == 0, "\(reimport.stderr)")
        #expect(try server.govctl(["health"]).status == 0)

        // Restore the file: the same server opens it on the next call (failed opens are not cached).
        try manager.removeItem(atPath: file)
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: file + suffix) }
        for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: aside + "/\(Self.tenant).sqlite" + suffix) {
            try manager.moveItem(atPath: aside + "/\(Self.tenant).sqlite" + suffix, toPath: file + suffix)
        }
        let restored = try await summaryTotals(server, tenant: Self.tenant)
        #expect(restored == before, "the restored tenant must read as before")
        let stored = try await server.client {
            try await importWithDeadline($0, tenant: Self.tenant, fileName: batch.fileName, bytes: batch.bytes, importID: batch.importID)
        }
        #expect(stored.rowsStored == Int64(batch.rows) && stored.duplicate == false)
        #expect(server.isRunning)
        #expect(server.stop() == 0)
        #expect(try SQLiteShell.integrityCheck(file) == "ok")
    }
}

// MARK: - The kill -9 run

/// Counters of a kill -9 run, for the report.
struct CrashStats {
    var cycles = 0
    var batches = 0
    var rowsSent = 0
    var acknowledged = 0
    var inDoubt = 0
    var inDoubtCommitted = 0
    var inDoubtAbsent = 0
    var spotChecks = 0
    /// Client-side error codes of the imports cut by a kill.
    var killErrors: [String: Int] = [:]
}

/// The state of a kill -9 run: one data directory, the batches sent so far and what is known about them.
struct CrashRun {
    let tenant: String
    let seed: UInt64
    let directory: String
    var tenantFile: String { directory + "/tenants/\(tenant).sqlite" }
    /// Interactions stored before the first cycle (the demo data).
    private(set) var baseline: Int64 = 0
    /// Interactions that must be stored: the baseline plus every batch known to be committed.
    private(set) var expectedInteractions: Int64 = 0
    /// Batches known to be committed (acknowledged, found committed, or re-sent).
    private(set) var committed: [CrashBatch] = []
    /// The previous cycle's batches, with the replies that arrived before the kill.
    private var pending: [CrashBatch] = []
    private var replies: [String: Governance_V1_ImportReply] = [:]
    private(set) var stats = CrashStats()
    private(set) var violations: [String] = []

    /// A data directory with the demo manifest, roster and interactions of `tenant`.
    init(tenant: String, seed: UInt64) async throws {
        self.tenant = tenant
        self.seed = seed
        let directory = try TestServer.initDataDirectory()
        self.directory = directory
        do {
            let server = try await TestServer.start(dataDirectory: directory)
            defer { server.stop() }
            try server.applyDemo([tenant])
            let imported = try server.govctl([
                "import", "--tenant", tenant, "--quiet", Demo.file(tenant, "roster"), Demo.file(tenant, "interactions"),
            ])
            guard imported.status == 0 else { throw TestServerError("demo import failed: \(imported.stderr)") }
            baseline = try await summaryTotals(server, tenant: tenant)[.interactions] ?? 0
            expectedInteractions = baseline
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    mutating func violation(_ text: String, log: String? = nil) {
        violations.append(text)
        Issue.record(Comment(rawValue: "seed \(seed): \(text)"))
        if let log { print("governd log (tail):\n\(log.suffix(4000))") }
    }

    // MARK: One cycle

    /// Streams 2–4 new batches concurrently over one connection, each after a short random
    /// delay, and `kill -9`s the server 10–300 ms after the connection is ready; records which
    /// replies arrived.
    mutating func importAndKill(_ server: TestServer, cycle: Int) async throws {
        var rng = SeededGenerator(seed: seed &+ UInt64(cycle + 1) &* 0x9E37_79B9_7F4A_7C15)
        let count = Int.random(in: 2...4, using: &rng)
        var batches: [CrashBatch] = []
        for index in 0..<count {
            batches.append(CrashBatch.make(cycle: cycle, index: index, rows: Int.random(in: 200...2000, using: &rng), using: &rng))
        }
        let killAfter = Int.random(in: 10...300, using: &rng)
        let delays = batches.map { _ in Int.random(in: 0...(killAfter * 2 / 3), using: &rng) }
        let tenant = tenant

        enum Outcome: Sendable {
            case reply(Int, Governance_V1_ImportReply)
            case failure(Int, code: String, message: String, at: ContinuousClock.Instant)
            case killed(at: ContinuousClock.Instant, wasRunning: Bool)
        }
        // One connection, established first, carries the cycle's concurrent import streams, so
        // the kill delay counts from when the imports can start (not from the TLS handshake).
        let outcomes = try await server.client { client in
            var options = CallOptions.defaults
            options.timeout = .seconds(30)
            _ = try await Governance_V1_AdminService.Client(wrapping: client).whoAmI(.init(), options: options)
            return await withTaskGroup(of: Outcome.self) { group in
                for (index, batch) in batches.enumerated() {
                    let delay = delays[index]
                    group.addTask {
                        try? await Task.sleep(for: .milliseconds(delay))
                        do {
                            let reply = try await importWithDeadline(
                                client, tenant: tenant, fileName: batch.fileName, bytes: batch.bytes,
                                importID: batch.importID, timeout: .seconds(30))
                            return .reply(index, reply)
                        } catch let error as RPCError {
                            return .failure(index, code: "\(error.code)", message: error.message, at: .now)
                        } catch {
                            return .failure(index, code: "\(type(of: error))", message: "\(error)", at: .now)
                        }
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(killAfter))
                    let wasRunning = server.isRunning
                    let at = ContinuousClock.now
                    server.kill9()
                    return .killed(at: at, wasRunning: wasRunning)
                }
                var all: [Outcome] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
        }

        stats.cycles += 1
        stats.batches += batches.count
        stats.rowsSent += batches.reduce(0) { $0 + $1.rows }
        var killedAt: ContinuousClock.Instant?
        for case .killed(at: let at, wasRunning: let wasRunning) in outcomes {
            killedAt = at
            if !wasRunning { violation("cycle \(cycle): governd was no longer running when the kill came", log: server.log()) }
        }
        replies = [:]
        if CrashSafetyTests.settings.trace {
            let described = outcomes.map { outcome -> String in
                switch outcome {
                case .reply(let index, let reply): return "b\(index) ok (\(Int(reply.seconds * 1000)) ms in the server)"
                case .failure(let index, code: let code, message: _, at: _): return "b\(index) \(code)"
                case .killed: return "kill"
                }
            }
            print("cycle \(cycle): kill after \(killAfter) ms, start delays \(delays) ms, rows \(batches.map(\.rows)): \(described)")
        }
        for outcome in outcomes {
            switch outcome {
            case .reply(let index, let reply):
                let batch = batches[index]
                replies[batch.importID] = reply
                stats.acknowledged += 1
                if reply.rowsStored != Int64(batch.rows) || reply.rowsReplaced != 0 || reply.duplicate {
                    violation("\(batch.label): acknowledged with rows_stored \(reply.rowsStored), rows_replaced \(reply.rowsReplaced), duplicate \(reply.duplicate)")
                }
            case .failure(let index, code: let code, message: let message, at: let at):
                stats.killErrors[code, default: 0] += 1
                let refusals = ["invalidArgument", "failedPrecondition", "resourceExhausted", "permissionDenied",
                                "unauthenticated", "notFound", "alreadyExists", "unimplemented", "dataLoss", "outOfRange"]
                if refusals.contains(code) || killedAt.map({ at < $0 }) ?? true {
                    violation("\(batches[index].label): failed for another reason than the kill: \(code): \(message)", log: server.log())
                }
            case .killed:
                break
            }
        }
        pending = batches
    }

    // MARK: Checks after a restart

    /// Checks the previous cycle's batches on the restarted server, then re-sends them all.
    mutating func verifyAfterRestart(_ server: TestServer, cycle: Int) async throws {
        // The server opens the tenant first (and so recovers its WAL), then the shell looks.
        let totals = try await summaryTotals(server, tenant: tenant)
        let onDisk = try prefixCounts(cycle: cycle - 1)
        let integrity = try SQLiteShell.integrityCheck(tenantFile)
        if integrity != "ok" { violation("cycle \(cycle): integrity_check after kill -9: \(integrity)", log: server.log()) }
        let derived = try SQLiteShell.query(
            tenantFile,
            "SELECT (SELECT count(*) FROM interaction), (SELECT coalesce(sum(offered), 0) FROM interaction_day), (SELECT count(*) FROM import_log WHERE import_id LIKE 'crash-%')"
        ).split(separator: "|").map { Int64($0) ?? -1 }

        var present: Int64 = 0
        var logged = committed.count
        for batch in pending {
            let count = onDisk[batch.idPrefix] ?? 0
            if replies[batch.importID] != nil {
                if count != batch.rows {
                    violation("\(batch.label): acknowledged, but \(count) of its \(batch.rows) rows survived kill -9", log: server.log())
                }
            } else {
                stats.inDoubt += 1
                if count == batch.rows {
                    stats.inDoubtCommitted += 1
                } else if count == 0 {
                    stats.inDoubtAbsent += 1
                } else {
                    violation("\(batch.label): not acknowledged and partially stored: \(count) of \(batch.rows) rows", log: server.log())
                }
            }
            present += Int64(count)
            if count > 0 { logged += 1 }
        }
        let interactions = totals[.interactions] ?? 0
        if interactions != expectedInteractions + present {
            violation("cycle \(cycle): GetDataSummary counts \(interactions) interactions, the rows by batch prefix say \(expectedInteractions + present)")
        }
        if derived.count == 3 {
            if derived[0] != derived[1] {
                violation("cycle \(cycle): \(derived[0]) interactions but the daily rollups count \(derived[1]) offered: derived data out of step")
            }
            if derived[2] != Int64(logged) {
                violation("cycle \(cycle): \(derived[2]) crash import-log entries, expected \(logged): the import log is out of step with the rows")
            }
        } else {
            violation("cycle \(cycle): unexpected answer to the consistency query: \(derived)")
        }

        // Re-send every batch of the last cycle with its import id.
        let earlier = committed
        for batch in pending {
            let reply = try await resend(batch, server)
            let count = onDisk[batch.idPrefix] ?? 0
            if let first = replies[batch.importID] {
                if !reply.duplicate || reply.rowsStored != first.rowsStored || reply.rowsReplaced != first.rowsReplaced
                    || reply.rowsRead != first.rowsRead
                {
                    violation("\(batch.label): re-sending an acknowledged batch must answer its first reply with duplicate: got duplicate \(reply.duplicate), rows_stored \(reply.rowsStored) (first \(first.rowsStored)), rows_replaced \(reply.rowsReplaced)")
                }
            } else if count == batch.rows {
                if !reply.duplicate || reply.rowsStored != Int64(batch.rows) {
                    violation("\(batch.label): committed before the kill, but re-sending it answered duplicate \(reply.duplicate), rows_stored \(reply.rowsStored), rows_replaced \(reply.rowsReplaced)")
                }
            } else if reply.duplicate || reply.rowsStored != Int64(batch.rows) || reply.rowsReplaced != 0 {
                violation("\(batch.label): absent after the kill, so re-sending must store every row as new: got duplicate \(reply.duplicate), rows_stored \(reply.rowsStored), rows_replaced \(reply.rowsReplaced)")
            }
            committed.append(batch)
            expectedInteractions += Int64(batch.rows)
        }
        // A few older batches: still duplicates, cycles later.
        var rng = SeededGenerator(seed: seed ^ UInt64(cycle) &* 0xD1B5_4A32_D192_ED03)
        for _ in 0..<min(2, earlier.count) {
            let batch = earlier[Int.random(in: 0..<earlier.count, using: &rng)]
            let reply = try await resend(batch, server)
            stats.spotChecks += 1
            if !reply.duplicate || reply.rowsStored != Int64(batch.rows) {
                violation("\(batch.label): re-sent \(cycle - batch.cycle) cycles later, answered duplicate \(reply.duplicate), rows_stored \(reply.rowsStored)")
            }
        }

        // No duplicates: the total is the demo data plus every batch exactly once.
        let after = try await summaryTotals(server, tenant: tenant)[.interactions] ?? 0
        if after != expectedInteractions {
            violation("cycle \(cycle): \(after) interactions after re-sending, expected \(expectedInteractions) (demo \(baseline) + \(committed.count) batches once each)")
        }
        let recount = try prefixCounts(cycle: cycle - 1)
        for batch in pending where recount[batch.idPrefix] != batch.rows {
            violation("\(batch.label): \(recount[batch.idPrefix] ?? 0) rows stored after re-sending")
        }
        pending = []
        replies = [:]
    }

    private func resend(_ batch: CrashBatch, _ server: TestServer) async throws -> Governance_V1_ImportReply {
        try await server.client {
            try await importWithDeadline(
                $0, tenant: tenant, fileName: batch.fileName, bytes: batch.bytes, importID: batch.importID, timeout: .seconds(60))
        }
    }

    /// Rows per batch prefix of one cycle, counted in the tenant file by the sqlite3 shell.
    private func prefixCounts(cycle: Int) throws -> [String: Int] {
        guard cycle >= 0 else { return [:] }
        let low = "cs" + CrashBatch.pad(cycle, 4) + "-"
        let output = try SQLiteShell.query(
            tenantFile,
            "SELECT substr(id, 1, 10), count(*) FROM interaction WHERE id >= '\(low)' AND id < '\(low)~' GROUP BY 1")
        var counts: [String: Int] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "|")
            if parts.count == 2, let n = Int(parts[1]) { counts[String(parts[0])] = n }
        }
        return counts
    }
}
