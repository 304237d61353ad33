import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceTestSupport

/// One import batch of the crash test: a CSV of new interactions whose ids all start with
/// ``idPrefix``, sent with its own ``importID``.
struct CrashBatch: Sendable {
    let cycle: Int
    let index: Int
    let rows: Int
    let bytes: Data

    var importID: String { "crash-c" + Self.pad(cycle, 4) + "-b" + Self.pad(index, 2) }
    /// Every interaction id of the batch starts with this (10 characters: `cs0003-02-`).
    var idPrefix: String { "cs" + Self.pad(cycle, 4) + "-" + Self.pad(index, 2) + "-" }
    var fileName: String { "interactions_c" + Self.pad(cycle, 4) + "_b" + Self.pad(index, 2) + ".csv" }
    var label: String { "cycle \(cycle) batch \(index) (\(importID), \(rows) rows)" }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Interactions of northwind's `nw-care` program over two days. Batch `index` of `cycle`
    /// starts on day `cycle * 30 + index * 5` after 2026-10-25 (next to the demo data): the
    /// batches of one cycle lie within each other's FCR window (their rollups are recomputed
    /// from raw rows), while the first batch of a cycle is 13 days clear of the previous cycle
    /// (rollups built in memory). Keeping batches apart also keeps each recompute small, so a
    /// 500-cycle run does not slow down as data accumulates.
    static func make(cycle: Int, index: Int, rows: Int, using rng: inout SeededGenerator) -> CrashBatch {
        let start = 1_792_886_400 + (cycle * 30 + index * 5) * 86_400  // 2026-10-25T00:00:00Z + days
        let span = 2 * 86_400
        let channels = ["voice", "chat", "email"]
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var text = "interaction_id,program_id,agent_id,customer_id,channel,started_at,wait_seconds,handle_seconds,abandoned\n"
        text.reserveCapacity(rows * 90)
        let prefix = "cs" + pad(cycle, 4) + "-" + pad(index, 2) + "-"
        for row in 0..<rows {
            let agent = "nw-care-a" + pad(Int.random(in: 1...12, using: &rng), 4)
            let customer = "nw-c" + String(Int.random(in: 1...900, using: &rng))
            let channel = channels[Int.random(in: 0..<channels.count, using: &rng)]
            let startedAt = formatter.string(
                from: Date(timeIntervalSince1970: Double(start + Int.random(in: 0..<span, using: &rng))))
            let wait = Int.random(in: 0...120, using: &rng)
            let handle = Int.random(in: 30...900, using: &rng)
            text += "\(prefix)\(pad(row, 5)),nw-care,\(agent),\(customer),\(channel),\(startedAt),\(wait),\(handle),0\n"
        }
        return CrashBatch(cycle: cycle, index: index, rows: rows, bytes: Data(text.utf8))
    }
}

/// Streams an import with a deadline and without waiting for a connection, so an RPC to a
/// killed server fails at once instead of waiting for it to come back.
func importWithDeadline(
    _ client: GRPCClient<some ClientTransport>, tenant: String, fileName: String, bytes: Data, importID: String,
    timeout: Duration = .seconds(60)
) async throws -> Governance_V1_ImportReply {
    var options = CallOptions.defaults
    options.timeout = timeout
    options.waitForReady = false
    let request = StreamingClientRequest<Governance_V1_ImportRequest> { writer in
        var header = Governance_V1_ImportHeader()
        header.tenant = tenant
        header.fileName = fileName
        header.importID = importID
        var first = Governance_V1_ImportRequest()
        first.header = header
        try await writer.write(first)
        var offset = 0
        while offset < bytes.count {
            var message = Governance_V1_ImportRequest()
            message.chunk = bytes.subdata(in: offset..<min(bytes.count, offset + 8192))
            try await writer.write(message)
            offset += 8192
        }
    }
    return try await Governance_V1_IngestService.Client(wrapping: client).importFile(request: request, options: options) {
        try $0.message
    }
}

/// GetDataSummary of one tenant, as totals per kind (a deadline, fail fast).
func summaryTotals(_ server: TestServer, tenant: String) async throws -> [Governance_V1_FileKind: Int64] {
    try await server.client { client in
        var options = CallOptions.defaults
        options.timeout = .seconds(30)
        var request = Governance_V1_GetDataSummaryRequest()
        request.tenant = tenant
        let summary = try await Governance_V1_IngestService.Client(wrapping: client).getDataSummary(request, options: options)
        return Dictionary(uniqueKeysWithValues: summary.totals.map { ($0.kind, $0.rows) })
    }
}

/// The `sqlite3` command-line shell, run on a database file (WAL readers coexist with the server).
enum SQLiteShell {
    static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/sqlite3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `sql` on `file` and returns stdout (trimmed); throws when sqlite3 fails.
    static func query(_ file: String, _ sql: String) throws -> String {
        guard let executable else {
            throw TestServerError("the sqlite3 command-line shell is not installed (Ops/setup.sh installs it)")
        }
        let result = try TestServer.run(executable, ["-bail", "-batch", "-cmd", ".timeout 10000", file, sql])
        guard result.status == 0 else {
            throw TestServerError("sqlite3 \(file) \"\(sql)\" exited \(result.status): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `PRAGMA integrity_check` of `file`: "ok" when the file is sound.
    static func integrityCheck(_ file: String) throws -> String {
        try query(file, "PRAGMA integrity_check")
    }
}

/// Runs a system command (mount, umount, mkfs…) through `env`, so its location on PATH does not matter.
@discardableResult
func runSystem(_ arguments: [String]) throws -> TestServer.CommandResult {
    try TestServer.run("/usr/bin/env", arguments)
}

/// A small size-limited file system for the disk-full test: a tmpfs when mounting one is
/// permitted, else a loop-mounted ext4 image (no reserved blocks: root would bypass them).
struct SmallFileSystem {
    let mountPoint: String
    let kind: String
    private let image: String?

    /// Mounts a file system of about `megabytes` MB; throws a clear error when nothing size-limited can be made.
    static func mount(megabytes: Int, forceLoop: Bool = false) throws -> SmallFileSystem {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("governd-small-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        var attempts: [String] = []
        if !forceLoop {
            let tmpfs = try runSystem(["mount", "-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", base])
            if tmpfs.status == 0 { return SmallFileSystem(mountPoint: base, kind: "tmpfs (\(megabytes) MiB)", image: nil) }
            attempts.append("mount -t tmpfs: \(tmpfs.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        let image = base + ".img"
        if FileManager.default.createFile(atPath: image, contents: nil),
            let handle = FileHandle(forWritingAtPath: image)
        {
            try handle.truncate(atOffset: UInt64(megabytes) * 1_048_576)
            try handle.close()
            let mkfs = try runSystem(["mkfs.ext4", "-q", "-F", "-m", "0", image])
            if mkfs.status == 0 {
                let loop = try runSystem(["mount", "-o", "loop", image, base])
                if loop.status == 0 {
                    return SmallFileSystem(mountPoint: base, kind: "loop-mounted ext4 image (\(megabytes) MiB)", image: image)
                }
                attempts.append("mount -o loop: \(loop.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
            } else {
                attempts.append("mkfs.ext4: \(mkfs.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
        } else {
            attempts.append("cannot create the image file \(image)")
        }
        try? FileManager.default.removeItem(atPath: image)
        try? FileManager.default.removeItem(atPath: base)
        throw TestServerError(
            "the disk-full test needs a size-limited file system, and none can be made here (run as root with "
                + "CAP_SYS_ADMIN, or allow tmpfs or loop mounts): " + attempts.joined(separator: "; "))
    }

    /// Unmounts and removes the mount point (and the image); lazily if something still holds it.
    func unmount() {
        if (try? runSystem(["umount", mountPoint]))?.status != 0 { _ = try? runSystem(["umount", "-l", mountPoint]) }
        try? FileManager.default.removeItem(atPath: mountPoint)
        if let image { try? FileManager.default.removeItem(atPath: image) }
    }

    /// Bytes still free for root on the file system.
    func freeBytes() throws -> Int64 {
        let attributes = try FileManager.default.attributesOfFileSystem(forPath: mountPoint)
        return (attributes[.systemFreeSize] as? NSNumber)?.int64Value ?? 0
    }
}

/// Writes a filler file until the file system is full, then shrinks it to leave `leave` bytes
/// free; returns the filler's size.
func fillDisk(path: String, leave: Int64) throws -> Int64 {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { throw TestServerError("cannot create the filler \(path): errno \(errno)") }
    defer { close(fd) }
    var size: Int64 = 0
    for chunkSize in [1 << 20, 1 << 16, 4096] {
        let chunk = [UInt8](repeating: 0xA5, count: chunkSize)
        while true {
            let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, chunkSize) }
            if written <= 0 { break }
            size += Int64(written)
            if written < chunkSize { break }
        }
    }
    guard ftruncate(fd, off_t(max(0, size - leave))) == 0 else {
        throw TestServerError("cannot shrink the filler: errno \(errno)")
    }
    fsync(fd)
    return max(0, size - leave)
}

/// The message and code of an RPC failure, for assertions and reports.
func describe(_ error: any Error) -> String {
    if let rpc = error as? RPCError { return "\(rpc.code): \(rpc.message)" }
    return String(describing: error)
}
