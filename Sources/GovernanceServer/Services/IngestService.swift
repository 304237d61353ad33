import Crypto
import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import Ingest
import Storage

/// CSV imports and data summaries (`governance.v1.IngestService`).
///
/// An import is one pass and one transaction: the handler parses and validates chunks as they
/// arrive and hands batches of good rows through a bounded ``BoundedPipe`` to the tenant's
/// writer, which upserts them in one transaction — parsing and writing run on two cores, and
/// memory stays flat whatever the file size. Any bad row (without `skip_invalid`) stops the
/// rows flowing (validation continues to report every error) and rolls the whole transaction
/// back; otherwise the derived tables are brought up to date and
/// everything commits durably before the reply is sent. Imports of one tenant run one at a
/// time (SQLite has one writer); reads are never blocked (WAL).
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
        let declaredKind = FileKind(header.kind)
        if header.kind != .unspecified && declaredKind == nil {
            throw GovernanceError.invalid("unknown file kind \(header.kind.rawValue)")
        }
        let kind = declaredKind ?? FileKind(fileName: fileName)
        let importID = header.importID.isEmpty ? nil : header.importID
        if let importID { try Identifier.validate(importID, field: "import_id") }
        let configuration = backend.configuration
        let skipInvalid = header.skipInvalid

        return try await backend.withTenant(header.tenant) { database in
            if let importID, let previous = try await database.importLogEntry(id: importID) {
                // A retry: the same bytes get the first reply; other bytes are refused.
                var hasher = SHA256()
                while let message = try await iterator.next() {
                    if case .chunk(let chunk) = message.payload { hasher.update(data: chunk) }
                }
                guard Self.hex(hasher.finalize()) == previous.contentSHA256 else {
                    throw GovernanceError(
                        code: .failedPrecondition,
                        message: "import id \(importID) was already used for another file (\(previous.kind)); use a new id")
                }
                var reply = try Governance_V1_ImportReply(serializedBytes: previous.reply)
                reply.duplicate = true
                return reply
            }
            let context = try await Self.context(database, kind: kind)
            let pipe = BoundedPipe<[IngestRow]>()
            let outcome = ImportOutcome()

            // The writer: store batches of validated rows as they arrive, in one transaction.
            async let stored = database.importRows(
                importID: importID, kind: kind?.rawValue ?? "", fileName: fileName,
                audit: { counts in
                    let (kind, rows, invalid) = outcome.summary
                    return backend.audit(
                        tenant: database.tenant, action: "Import",
                        detail: "imported \(fileName) (\(kind)): \(rows) rows read, \(counts.stored) stored, \(counts.replaced) replaced, \(invalid) invalid skipped")
                },
                reply: { counts in
                    ((try? outcome.reply(counts, fileName: fileName, skipInvalid: skipInvalid).serializedData()) ?? Data(), outcome.contentSHA256)
                },
                produce: { sink in
                    do {
                        while let batch = try pipe.take() {
                            for row in batch { try sink.write(row) }
                        }
                    } catch {
                        pipe.abandon()
                        throw error
                    }
                    // The reader decided before finishing the pipe: a rejected file rolls back whole.
                    if let rejection = outcome.rejection { throw rejection }
                })

            // The reader: parse and validate chunks as they arrive (on this task, in parallel with
            // the writer), and hand the good rows on in batches.
            do {
                var validator = FileValidator(kind: kind, fileName: fileName, context: context)
                // The content hash binds an import id to its bytes; without an id it is not needed.
                var hasher: SHA256? = importID == nil ? nil : SHA256()
                var bytes: Int64 = 0
                var storing = true
                func drain() -> [IngestRow] {
                    var batch: [IngestRow] = []
                    batch.reserveCapacity(4096)
                    while let row = validator.next() {
                        if validator.hasErrors && !skipInvalid { storing = false }
                        if storing { batch.append(row.row) }
                    }
                    if validator.hasErrors && (!skipInvalid || validator.isStopped) { storing = false }
                    return storing ? batch : []
                }
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
                    hasher?.update(data: chunk)
                    validator.feed(chunk)
                    let batch = drain()
                    guard Int64(validator.rowCount) <= configuration.maxImportRows else {
                        throw GovernanceError(
                            code: .resourceExhausted,
                            message: "\(fileName): the import exceeds \(configuration.maxImportRows) rows; split the file")
                    }
                    if !batch.isEmpty { guard await pipe.put(batch) else { break } }
                }
                validator.finish()
                let last = drain()
                if !last.isEmpty { _ = await pipe.put(last) }
                outcome.record(validator, contentSHA256: hasher.map { Self.hex($0.finalize()) } ?? "")
                if validator.kind == nil {
                    outcome.reject(GovernanceError.invalid("\(fileName): cannot tell the file kind from its name or header"))
                } else if validator.hasErrors && (!skipInvalid || validator.isStopped) {
                    outcome.reject(Self.rejection(validator, fileName: fileName))
                }
                pipe.finish()
            } catch {
                pipe.abandon()
                _ = try? await stored
                throw error
            }
            let counts = try await stored
            backend.bumpGeneration(tenant: database.tenant)
            var reply = outcome.reply(counts, fileName: fileName, skipInvalid: skipInvalid)
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
    /// For answers (or a file whose kind the header will tell), the form items and each stored
    /// evaluation's form are loaded too, so an answer is checked against its form version.
    static func context(_ database: TenantDatabase, kind: FileKind? = nil) async throws -> IngestContext {
        var programs: [String: IngestContext.Program] = [:]
        for program in try await database.programs() {
            programs[program.id] = IngestContext.Program(
                timeZone: program.timezone, serviceLevelSeconds: program.serviceLevelSeconds)
        }
        var forms: [String: Set<Int>] = [:]
        for form in try await database.qaForms() { forms[form.formID, default: []].insert(form.version) }
        guard kind == nil || kind == .evaluationAnswers else { return IngestContext(programs: programs, qaForms: forms) }
        return IngestContext(
            programs: programs, qaForms: forms, qaFormItems: try await database.qaFormItems(),
            evaluationForms: try await database.evaluationForms())
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

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// What the writer learned about the file, for the reply (set once, on the writer thread,
/// before the transaction commits; read after).
final class ImportOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var kind: FileKind?
    private var rowsRead: Int64 = 0
    private var invalid: Int64 = 0
    private var errors: [Governance_V1_RowError] = []
    private var hash = ""
    private var rejectionError: GovernanceError?

    /// Marks the file rejected: the writer throws this after the last batch (rolling back).
    func reject(_ error: GovernanceError) {
        lock.lock()
        defer { lock.unlock() }
        rejectionError = error
    }

    var rejection: GovernanceError? {
        lock.lock()
        defer { lock.unlock() }
        return rejectionError
    }

    func record(_ validator: FileValidator, contentSHA256: String) {
        lock.lock()
        defer { lock.unlock() }
        kind = validator.kind
        rowsRead = Int64(validator.rowCount)
        invalid = Int64(validator.errorCount)
        errors = validator.errors.map(Governance_V1_RowError.init)
        hash = contentSHA256
    }

    var contentSHA256: String {
        lock.lock()
        defer { lock.unlock() }
        return hash
    }

    var summary: (String, Int64, Int64) {
        lock.lock()
        defer { lock.unlock() }
        return (kind?.rawValue ?? "unknown", rowsRead, invalid)
    }

    func reply(_ counts: ImportCounts, fileName: String, skipInvalid: Bool) -> Governance_V1_ImportReply {
        lock.lock()
        defer { lock.unlock() }
        var reply = Governance_V1_ImportReply()
        if let kind { reply.kind = Governance_V1_FileKind(kind) }
        reply.fileName = fileName
        reply.rowsRead = rowsRead
        reply.rowsStored = counts.stored
        reply.rowsReplaced = counts.replaced
        reply.rowsInvalid = skipInvalid ? invalid : 0
        reply.errors = skipInvalid ? errors : []
        return reply
    }
}
