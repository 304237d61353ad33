import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI
import Ingest
import Synchronization

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import CSV files (SPEC section 9) into a tenant, streamed over TLS.",
        discussion: """
            The kind of each file comes from its name (interactions.csv, roster_2026-10.csv, ...) or \
            --kind. Every file is checked here as it is read and again by the server; a bad row names \
            its file, line and column, and rejects the whole file (nothing stored) unless \
            --skip-invalid. Rows are upserted by their key, so re-importing a file changes nothing. \
            Files go one after another, in the order given (import roster.csv before files that depend \
            on it); the first failure stops the run. Large files are streamed, never loaded whole. A \
            progress bar (rows, rows/s, ETA) is drawn when stderr is a terminal.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: FormatOption

    @Option(name: .long, help: "Tenant id.")
    var tenant: String

    @Option(name: .long, help: "File kind for every file, when the names do not say (interactions, surveys, evaluations, evaluation_answers, agent_days, roster, planned_headcount, engagement, reported_metrics, coaching_sessions).")
    var kind: String?

    @Flag(name: .long, help: "Store the good rows and report the bad ones instead of rejecting the file.")
    var skipInvalid = false

    @Option(name: .long, help: "Idempotency key for the import (one file only): a retry with the same id is not applied twice.")
    var importID: String?

    @Option(name: .long, help: "Bytes per streamed message.")
    var chunkBytes: Int = 256 * 1024

    @Flag(name: .long, help: "Never draw a progress bar.")
    var quiet = false

    @Argument(help: "CSV files.")
    var files: [String]

    func validate() throws {
        if let kind, FileKind(rawValue: kind) == nil {
            throw ValidationError("unknown --kind '\(kind)'; one of: \(FileKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if importID != nil && files.count != 1 {
            throw ValidationError("--import-id names one import: give exactly one file")
        }
        guard (1024...(1 << 22)).contains(chunkBytes) else {
            throw ValidationError("--chunk-bytes must be between 1024 and 4194304")
        }
    }

    func run() async throws {
        for file in files {
            guard FileManager.default.isReadableFile(atPath: file) else { throw CLIFailure(message: "cannot read \(file)") }
            let fileKind = kind.flatMap(FileKind.init(rawValue:)) ?? FileKind(fileName: file)
            if fileKind == nil && kind == nil {
                Output.note("\(file): kind not evident from the name; the server will detect it from the header")
            }
        }
        try await connection.withClient { client in
            let ingest = Governance_V1_IngestService.Client(wrapping: client)
            for file in files {
                let reply = try await importOne(file, ingest: ingest)
                switch output.format {
                case .json:
                    try Output.printJSON(reply)
                case .table:
                    var line = "\(file): \(Output.grouped(reply.rowsStored)) rows stored (\(Output.grouped(reply.rowsReplaced)) replaced)"
                    if reply.rowsInvalid > 0 { line += ", \(Output.grouped(reply.rowsInvalid)) invalid rows skipped" }
                    if reply.duplicate { line += " (import id already applied: nothing done)" }
                    line += String(format: " in %.2fs", reply.seconds)
                    print(line)
                    for error in reply.errors { print("  skipped \(Self.describe(error))") }
                }
            }
        }
    }

    func importOne(
        _ file: String, ingest: Governance_V1_IngestService.Client<some ClientTransport>
    ) async throws -> Governance_V1_ImportReply {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? nil
        let progress = Progress(file: file, totalBytes: size ?? 0, draw: !quiet)
        let localFailure = Mutex<[RowError]?>(nil)
        let fileKind = kind.flatMap(FileKind.init(rawValue:)) ?? FileKind(fileName: file)
        let fileName = (file as NSString).lastPathComponent
        var header = Governance_V1_ImportHeader()
        header.tenant = tenant
        header.fileName = fileName
        header.skipInvalid = skipInvalid
        header.importID = importID ?? ""
        if let fileKind { header.kind = Governance_V1_FileKind(fileKind) }
        let headerMessage = header
        let chunkBytes = self.chunkBytes
        let skipInvalid = self.skipInvalid
        let request = StreamingClientRequest<Governance_V1_ImportRequest> { writer in
            var first = Governance_V1_ImportRequest()
            first.header = headerMessage
            try await writer.write(first)
            guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIFailure(message: "cannot read \(file)") }
            defer { try? handle.close() }
            // Checked here too, so a malformed file fails fast, before the server has it all.
            var validator = FileValidator(kind: fileKind, fileName: fileName)
            var sent: Int64 = 0
            while let chunk = try handle.read(upToCount: chunkBytes), !chunk.isEmpty {
                validator.feed(chunk)
                while validator.next() != nil {}
                if validator.hasErrors && (!skipInvalid || validator.isStopped) {
                    // Keep reading to report every bad row, but send nothing more.
                    while let rest = try handle.read(upToCount: 1 << 20), !rest.isEmpty {
                        validator.feed(rest)
                        while validator.next() != nil {}
                    }
                    validator.finish()
                    while validator.next() != nil {}
                    localFailure.withLock { $0 = validator.errors }
                    throw LocalValidationFailure(total: validator.errorCount)
                }
                var message = Governance_V1_ImportRequest()
                message.chunk = chunk
                try await writer.write(message)
                sent += Int64(chunk.count)
                progress.update(bytes: sent, rows: Int64(validator.rowCount))
            }
            validator.finish()
            while validator.next() != nil {}
            if validator.hasErrors && !skipInvalid {
                localFailure.withLock { $0 = validator.errors }
                throw LocalValidationFailure(total: validator.errorCount)
            }
            progress.update(bytes: sent, rows: Int64(validator.rowCount), force: true)
            progress.waitingForServer()
        }
        do {
            let reply = try await ingest.importFile(request: request, options: connection.streamOptions) { response in
                if case .failure(let error) = response.accepted {
                    throw ServerRejection(error: error)
                }
                return try response.message
            }
            progress.finish()
            return reply
        } catch let rejection as ServerRejection {
            progress.finish()
            // A failure of our own request producer (bad rows found here) also ends as a failed response.
            if let errors = localFailure.withLock({ $0 }) { throw Self.localRejection(file, errors) }
            let bytes = rejection.error.metadata[binaryValues: "row-errors-bin"].first(where: { _ in true })
            if let bytes, let list = try? Governance_V1_RowErrors(serializedBytes: bytes) {
                let lines = list.errors.map(Self.describe).joined(separator: "\n  ")
                throw CLIFailure(
                    message: "\(CLIFailure.statusName(rejection.error.code)): \(file) rejected by the server, nothing stored: \(list.total) bad row(s)\n  \(lines)")
            }
            throw CLIFailure(rejection.error)
        } catch {
            progress.finish()
            if let errors = localFailure.withLock({ $0 }) { throw Self.localRejection(file, errors) }
            throw error
        }
    }

    static func localRejection(_ file: String, _ errors: [RowError]) -> CLIFailure {
        let lines = errors.map(\.description).joined(separator: "\n  ")
        return CLIFailure(
            message: "INVALID_ARGUMENT: \(file) rejected, nothing stored: \(errors.count) bad row(s) found before sending\n  \(lines)")
    }

    static func describe(_ error: Governance_V1_RowError) -> String {
        let column = error.column > 0 ? ":\(error.column)" + (error.columnName.isEmpty ? "" : " (\(error.columnName))") : ""
        return "\(error.file):\(error.line)\(column): \(error.message)"
    }

    static func kindName(_ kind: Governance_V1_FileKind) -> String {
        FileKind(kind)?.rawValue ?? "\(kind)"
    }
}

extension Governance_V1_FileKind {
    init(_ kind: FileKind) {
        switch kind {
        case .interactions: self = .interactions
        case .surveys: self = .surveys
        case .evaluations: self = .evaluations
        case .evaluationAnswers: self = .evaluationAnswers
        case .agentDays: self = .agentDays
        case .roster: self = .roster
        case .plannedHeadcount: self = .plannedHeadcount
        case .engagement: self = .engagement
        case .reportedMetrics: self = .reportedMetrics
        case .coachingSessions: self = .coachingSessions
        }
    }
}

extension FileKind {
    init?(_ kind: Governance_V1_FileKind) {
        guard let match = FileKind.allCases.first(where: { Governance_V1_FileKind($0) == kind }) else { return nil }
        self = match
    }
}

struct LocalValidationFailure: Error {
    var total: Int
}

struct ServerRejection: Error {
    var error: RPCError
}

/// A progress bar on a terminal (rows, rows/s, ETA), plain lines otherwise.
final class Progress: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var drewBar = false
        var bytes: Int64 = 0
        var rows: Int64 = 0
    }
    let file: String
    let totalBytes: Int64
    let draw: Bool
    let isTerminal: Bool
    let started = ContinuousClock.now
    private let state = Mutex(State())

    init(file: String, totalBytes: Int64, draw: Bool) {
        self.file = file
        self.totalBytes = totalBytes
        self.draw = draw
        self.isTerminal = isatty(2) == 1
    }

    func update(bytes: Int64, rows: Int64, force: Bool = false) {
        guard draw else { return }
        let now = ContinuousClock.now
        let text: String? = state.withLock { state in
            state.bytes = bytes
            state.rows = rows
            let interval: Duration = isTerminal ? .milliseconds(100) : .seconds(5)
            let last = state.lastDraw ?? (isTerminal ? nil : started)
            if let last, now - last < interval, !(force && (isTerminal || state.lastDraw != nil)) { return nil }
            state.lastDraw = now
            if isTerminal { state.drewBar = true }
            return render(bytes: bytes, rows: rows, now: now)
        }
        guard let text else { return }
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        } else {
            Output.note(text)
        }
    }

    func waitingForServer() {
        guard draw, isTerminal else { return }
        FileHandle.standardError.write(Data(" — committing…".utf8))
    }

    func finish() {
        let drew = state.withLock { state -> Bool in
            defer { state.drewBar = false }
            return state.drewBar
        }
        if drew { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func render(bytes: Int64, rows: Int64, now: ContinuousClock.Instant) -> String {
        let elapsed = now - started
        let seconds = max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        let fraction = totalBytes > 0 ? min(1, Double(bytes) / Double(totalBytes)) : 0
        let rate = Double(rows) / seconds
        let eta = fraction > 0 ? seconds * (1 - fraction) / fraction : 0
        let name = (file as NSString).lastPathComponent
        let stats = "\(Output.grouped(rows)) rows, \(Output.grouped(Int64(rate))) rows/s, ETA \(Int(eta.rounded()))s"
        if isTerminal {
            let width = 24
            let filled = Int(Double(width) * fraction)
            let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "")
                + String(repeating: " ", count: max(0, width - filled - 1))
            return "\(name) [\(bar)] \(Int(fraction * 100))% \(stats)"
        }
        return "\(name): \(Int(fraction * 100))% \(stats)"
    }
}
