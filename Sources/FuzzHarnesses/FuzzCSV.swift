import GovernanceCore
import Ingest

/// The tenant configuration the contextual checks run against: built in code, so the harness
/// needs no manifest. The program ids match the seed corpus (`cb-tech`, `nw-care`), so valid
/// seeds get past the program check into the time-zone and channel code; `bad-zone` has a
/// zone no system knows.
let fuzzIngestContext = IngestContext(
    programs: [
        "cb-tech": IngestContext.Program(
            timeZone: "America/Chicago", serviceLevelSeconds: [.voice: 20, .chat: 60, .email: 86_400]),
        "nw-care": IngestContext.Program(timeZone: "America/Chicago", serviceLevelSeconds: [.voice: 30, .social: 3600]),
        "bad-zone": IngestContext.Program(timeZone: "Not/A_Zone", serviceLevelSeconds: [.voice: 20]),
    ],
    qaForms: ["cb-qa": [1], "nw-qa": [1, 2]]
)

/// What one validation of a file produced; two ways of feeding the same bytes must agree on it.
struct CSVOutcome: Equatable {
    var kind: FileKind?
    var rows: [ValidatedRow]
    var errors: [RowError]
    var errorCount: Int
    var rowCount: Int
}

/// Fuzzes the CSV ingest path: `Ingest.FileValidator` (and under it `CSVReader`, `RowParser`,
/// `HeaderMapping` and `ContextualValidator`).
///
/// - Kind detected from the header (as the server does when an upload names none), with and
///   without an ``IngestContext``: the bytes are validated in one piece
///   (`FileValidator.validate`), then fed in chunks whose sizes come from a PRNG seeded by the
///   input (splitting records, CRLFs and multi-byte characters anywhere, draining `next()`
///   after every chunk), and small inputs also one byte at a time. The outcomes (kind, rows,
///   errors, counts) must be equal: the reader documents that chunks may split the input anywhere.
/// - Every ``FileKind`` given explicitly, with the context (header mapping against each
///   kind's columns); the kind the header names is also fed in chunks and checked the same way.
/// - `CSVReader.records(in:)` on its own. Every error's description is rendered, and every
///   row's key and program.
///
/// Traps only when the chunked and one-piece outcomes differ (or the code under test traps).
public func fuzzCSV(_ data: UnsafeRawBufferPointer) {
    let bytes = Array(data)
    var random = SplitMix64(seed: seed(of: data))

    // The reader itself, as the tests use it.
    do {
        let records = try CSVReader.records(in: bytes, fileName: "fuzz.csv")
        for record in records { consume(record.strings) }
    } catch {
        consume(error.description)
    }

    // Kind detected from the header (the path the server takes when the upload names no kind):
    // the full differential, with and without a context.
    var detected: FileKind?
    for context in [nil, fuzzIngestContext] {
        let fileName = "upload.csv"  // says nothing about the kind
        let whole = validateWhole(bytes, kind: nil, fileName: fileName, context: context)
        touch(whole)
        detected = whole.kind
        let chunked = validateChunked(
            bytes, kind: nil, fileName: fileName, context: context, chunkSizes: { remaining in
                // Mostly small chunks (that split everything), sometimes large ones.
                switch random.next() % 4 {
                case 0: return random.next(atMost: 3)
                case 1: return random.next(atMost: 16)
                case 2: return random.next(atMost: 256)
                default: return random.next(atMost: remaining)
                }
            })
        harnessCheck(
            whole == chunked,
            "FileValidator gave different results for the same bytes fed whole and in chunks "
                + "(context \(context != nil)):\nwhole:   \(summary(whole))\nchunked: \(summary(chunked))")
        if bytes.count <= 256 {
            let byByte = validateChunked(bytes, kind: nil, fileName: fileName, context: context, chunkSizes: { _ in 1 })
            harnessCheck(
                whole == byByte,
                "FileValidator gave different results fed byte by byte (context \(context != nil)):\n"
                    + "whole:   \(summary(whole))\nbyte by byte: \(summary(byByte))")
        }
    }
    // Every kind given explicitly (header mapping against each kind's columns). The kind the
    // header names also gets the chunked run, and the context-free one.
    for kind in FileKind.allCases {
        let whole = validateWhole(bytes, kind: kind, fileName: kind.fileName, context: fuzzIngestContext)
        touch(whole)
        guard kind == detected else { continue }
        let chunked = validateChunked(
            bytes, kind: kind, fileName: kind.fileName, context: fuzzIngestContext,
            chunkSizes: { remaining in random.next(atMost: random.next() % 2 == 0 ? 8 : remaining) })
        harnessCheck(
            whole == chunked,
            "FileValidator gave different results fed whole and in chunks (kind \(kind.rawValue)):\n"
                + "whole:   \(summary(whole))\nchunked: \(summary(chunked))")
        touch(validateWhole(bytes, kind: kind, fileName: "upload.csv", context: nil))
    }
    // The file name alone may name the kind, as the server does when the header says nothing.
    let named = validateWhole(bytes, kind: nil, fileName: "interactions_2026-10.csv", context: fuzzIngestContext)
    touch(named)
}

/// ``fuzzCSV(_:)-(UnsafeRawBufferPointer)`` for an array.
public func fuzzCSV(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { fuzzCSV($0) }
}

private func validateWhole(_ bytes: [UInt8], kind: FileKind?, fileName: String, context: IngestContext?)
    -> CSVOutcome
{
    let validation = FileValidator.validate(bytes, kind: kind, fileName: fileName, context: context)
    // The server keeps the last row per key (SPEC section 9).
    consume(validation.lastRowPerKey.count)
    return CSVOutcome(
        kind: validation.kind, rows: validation.rows, errors: validation.errors, errorCount: validation.errorCount,
        rowCount: validation.rowCount)
}

private func validateChunked(
    _ bytes: [UInt8], kind: FileKind?, fileName: String, context: IngestContext?,
    chunkSizes: (_ remaining: Int) -> Int
) -> CSVOutcome {
    var validator = FileValidator(kind: kind, fileName: fileName, context: context)
    var rows: [ValidatedRow] = []
    var offset = 0
    while offset < bytes.count {
        let size = min(max(chunkSizes(bytes.count - offset), 1), bytes.count - offset)
        validator.feed(bytes[offset..<(offset + size)])
        offset += size
        while let row = validator.next() { rows.append(row) }
    }
    validator.finish()
    while let row = validator.next() { rows.append(row) }
    // After the end, `next()` stays `nil`.
    harnessCheck(validator.next() == nil, "FileValidator.next() returned a row after the end of the input")
    harnessCheck(
        validator.validRowCount == rows.count,
        "validRowCount \(validator.validRowCount) but \(rows.count) rows were returned")
    harnessCheck(
        validator.errors.count == min(validator.errorCount, validator.errorLimit),
        "errors.count \(validator.errors.count) does not match errorCount \(validator.errorCount)")
    consume(validator.mapping)
    consume(validator.isStopped)
    return CSVOutcome(
        kind: validator.kind, rows: rows, errors: validator.errors, errorCount: validator.errorCount,
        rowCount: validator.rowCount)
}

/// Renders everything a caller would show: every error, every row's key and program.
private func touch(_ outcome: CSVOutcome) {
    for error in outcome.errors {
        consume(error.description)
        consume(error.governanceError.description)
    }
    for row in outcome.rows {
        consume(row.key)
        consume(row.row.programID)
        harnessCheck(row.row.kind == outcome.kind, "a row of kind \(row.row.kind) in a \(String(describing: outcome.kind)) file")
    }
}

private func summary(_ outcome: CSVOutcome) -> String {
    "kind \(outcome.kind?.rawValue ?? "nil"), \(outcome.rows.count) rows, \(outcome.rowCount) read, "
        + "\(outcome.errorCount) errors, first errors: \(outcome.errors.prefix(3).map(\.description))"
}
