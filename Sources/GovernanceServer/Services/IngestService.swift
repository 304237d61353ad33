import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import Ingest
import Storage

/// CSV imports and data summaries (`governance.v1.IngestService`).
///
/// An import runs in two passes so a bad file never touches the database and a big one
/// never sits in memory: while the stream arrives, every chunk is appended to a spool file
/// under `DATA_DIR/tmp/` and fed to the validator; when the stream ends without errors (or
/// with `skip_invalid`), the spool is parsed again inside one write transaction and every
/// good row is upserted. The reply is sent after that transaction commits durably.
public struct IngestService: Governance_V1_IngestService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    public func importFile(
        request: RPCAsyncSequence<Governance_V1_ImportRequest, any Error>, context: ServerContext
    ) async throws -> Governance_V1_ImportReply {
        let started = ContinuousClock.now
        var iterator = request.makeAsyncIterator()
        guard let first = try await iterator.next(), case .header(let header) = first.payload else {
            throw GovernanceError.invalid("the first message of an import must be its header")
        }
        let fileName = header.fileName.isEmpty ? "upload.csv" : String(header.fileName.prefix(200))
        var kind: FileKind? = FileKind(header.kind)
        if header.kind != .unspecified && kind == nil {
            throw GovernanceError.invalid("unknown file kind \(header.kind.rawValue)")
        }
        if kind == nil { kind = FileKind(fileName: fileName) }
        let importID = header.importID.isEmpty ? nil : header.importID
        if let importID { try Identifier.validate(importID, field: "import_id") }
        let configuration = backend.configuration

        return try await backend.withTenant(header.tenant) { database in
            if let importID, let stored = try await database.importReply(id: importID) {
                var reply = try Governance_V1_ImportReply(serializedBytes: stored)
                reply.duplicate = true
                return reply
            }
            let context = try await Self.context(database)
            let spool = Spool(directory: configuration.spoolDirectory)
            defer { spool.remove() }
            try spool.open()

            // Pass 1: spool and validate as the bytes arrive.
            var validator = FileValidator(kind: kind, fileName: fileName, context: context)
            var bytes: Int64 = 0
            while let message = try await iterator.next() {
                guard case .chunk(let chunk) = message.payload else {
                    throw GovernanceError.invalid("an import stream carries one header, then only chunks")
                }
                bytes += Int64(chunk.count)
                guard bytes <= configuration.maxImportBytes else {
                    throw GovernanceError(
                        code: .resourceExhausted,
                        message: "\(fileName): the import exceeds \(configuration.maxImportBytes) bytes; split the file")
                }
                try spool.append(chunk)
                validator.feed(chunk)
                while validator.next() != nil {}
                guard Int64(validator.rowCount) <= configuration.maxImportRows else {
                    throw GovernanceError(
                        code: .resourceExhausted,
                        message: "\(fileName): the import exceeds \(configuration.maxImportRows) rows; split the file")
                }
            }
            validator.finish()
            while validator.next() != nil {}
            try spool.close()
            guard let resolvedKind = validator.kind else {
                throw GovernanceError.invalid("\(fileName): cannot tell the file kind from its name or header")
            }
            if validator.hasErrors && (!header.skipInvalid || validator.isStopped) {
                throw Self.rejection(validator, fileName: fileName)
            }

            // Pass 2: parse the spool again and write every good row in one transaction.
            let path = spool.path
            let rowsRead = Int64(validator.rowCount)
            let invalid = Int64(validator.errorCount)
            let errors = validator.errors.map(Governance_V1_RowError.init)
            let skipInvalid = header.skipInvalid
            let makeReply: @Sendable (ImportCounts) -> Governance_V1_ImportReply = { counts in
                var reply = Governance_V1_ImportReply()
                reply.kind = Governance_V1_FileKind(resolvedKind)
                reply.fileName = fileName
                reply.rowsRead = rowsRead
                reply.rowsStored = counts.stored
                reply.rowsReplaced = counts.replaced
                reply.rowsInvalid = skipInvalid ? invalid : 0
                reply.errors = errors
                return reply
            }
            let counts = try await database.importRows(
                importID: importID, kind: resolvedKind.rawValue, fileName: fileName,
                audit: { counts in
                    backend.audit(
                        tenant: database.tenant, action: "Import",
                        detail: "imported \(fileName) (\(resolvedKind.rawValue)): \(counts.stored) rows stored, \(counts.replaced) replaced, \(invalid) invalid skipped")
                },
                reply: { counts in (try? makeReply(counts).serializedData()) ?? Data() },
                produce: { sink in
                    var second = FileValidator(kind: resolvedKind, fileName: fileName, context: context, errorLimit: 1)
                    try Spool.read(path) { chunk in
                        second.feed(chunk)
                        while let row = second.next() { try sink.write(row.row) }
                    }
                    second.finish()
                    while let row = second.next() { try sink.write(row.row) }
                })
            backend.bumpGeneration(tenant: database.tenant)
            var reply = makeReply(counts)
            let elapsed = ContinuousClock.now - started
            reply.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return reply
        }
    }

    public func getDataSummary(
        request: Governance_V1_GetDataSummaryRequest, context: ServerContext
    ) async throws -> Governance_V1_DataSummary {
        try await backend.withTenant(request.tenant) { database in
            var summary = Governance_V1_DataSummary()
            summary.tenant = request.tenant
            var totals: [String: Int64] = [:]
            for count in try await database.dataSummary() {
                guard let kind = FileKind(rawValue: count.kind) else { continue }
                var message = Governance_V1_KindCount()
                message.kind = Governance_V1_FileKind(kind)
                message.month = count.month?.description ?? ""
                message.rows = count.rows
                summary.counts.append(message)
                totals[count.kind, default: 0] += count.rows
            }
            for kind in FileKind.allCases {
                guard let rows = totals[kind.rawValue] else { continue }
                var message = Governance_V1_KindCount()
                message.kind = Governance_V1_FileKind(kind)
                message.rows = rows
                summary.totals.append(message)
            }
            return summary
        }
    }

    /// The tenant configuration the validator checks rows against.
    static func context(_ database: TenantDatabase) async throws -> IngestContext {
        var programs: [String: IngestContext.Program] = [:]
        for program in try await database.programs() {
            programs[program.id] = IngestContext.Program(
                timeZone: program.timezone, serviceLevelSeconds: program.serviceLevelSeconds)
        }
        var forms: [String: Set<Int>] = [:]
        for form in try await database.qaForms() { forms[form.formID, default: []].insert(form.version) }
        return IngestContext(programs: programs, qaForms: forms)
    }

    /// INVALID_ARGUMENT naming the first bad rows, with all kept errors in `row-errors-bin`.
    static func rejection(_ validator: FileValidator, fileName: String) -> GovernanceError {
        var list = Governance_V1_RowErrors()
        list.errors = validator.errors.map(Governance_V1_RowError.init)
        list.total = Int64(validator.errorCount)
        var metadata = Metadata()
        if let bytes = try? list.serializedBytes() as [UInt8] {
            metadata.addBinary(bytes, forKey: "row-errors-bin")
        }
        let shown = validator.errors.prefix(10).map(\.description).joined(separator: "\n")
        let more = validator.errorCount > 10 ? "\n… \(validator.errorCount - 10) more errors" : ""
        return GovernanceError(
            code: .invalidArgument,
            message: "\(fileName) rejected, nothing stored: \(validator.errorCount) bad row(s)\n\(shown)\(more)",
            cause: MetadataCarrier(metadata: metadata))
    }
}

/// A temporary file holding an import's bytes between the two passes.
final class Spool: @unchecked Sendable {
    // Used by one import task at a time.
    let path: String
    private var handle: FileHandle?

    init(directory: String) {
        path = directory + "/import-" + UUID().uuidString + ".csv"
    }

    func open() throws(GovernanceError) {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw GovernanceError(code: .unavailable, message: "cannot create an import spool file (is the data disk full?)")
        }
        self.handle = handle
    }

    func append(_ data: Data) throws(GovernanceError) {
        do {
            try handle?.write(contentsOf: data)
        } catch {
            throw Self.diskError(error)
        }
    }

    func close() throws(GovernanceError) {
        do {
            try handle?.close()
        } catch {
            throw Self.diskError(error)
        }
        handle = nil
    }

    func remove() {
        try? handle?.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Reads `path` in 1 MiB chunks.
    static func read(_ path: String, _ body: (Data) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw GovernanceError(code: .unavailable, message: "the import spool file disappeared")
        }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            try body(chunk)
        }
    }

    static func diskError(_ error: any Error) -> GovernanceError {
        let text = "\(error)"
        if text.contains("No space") || text.contains("ENOSPC") || (error as NSError).code == 28 {
            return GovernanceError(code: .resourceExhausted, message: "the data disk is full", cause: error)
        }
        return GovernanceError(code: .unavailable, message: "cannot write the import spool file", cause: error)
    }
}
