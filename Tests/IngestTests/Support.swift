import Foundation
import GovernanceCore
import Ingest

/// What reading an input produced, in order: records (line and fields) and errors.
enum ReadEvent: Equatable, CustomStringConvertible {
    case record(line: Int, fields: [String])
    case error(RowError)

    var description: String {
        switch self {
        case .record(let line, let fields): return "\(line): \(fields)"
        case .error(let error): return "error \(error)"
        }
    }
}

/// Feeds `chunks` to a reader, draining after each, and lists every record and error.
func readEvents<C: Collection<UInt8>>(_ chunks: [C], fileName: String = "t.csv", maxRecordBytes: Int = 1 << 20)
    -> [ReadEvent]
{
    var reader = CSVReader(fileName: fileName, maxRecordBytes: maxRecordBytes)
    var events: [ReadEvent] = []
    func drain() {
        while true {
            do {
                guard let record = try reader.next() else { return }
                events.append(.record(line: record.line, fields: record.strings))
            } catch {
                events.append(.error(error))
            }
        }
    }
    for chunk in chunks {
        reader.feed(chunk)
        drain()
    }
    reader.finish()
    drain()
    return events
}

/// Reads `text` in one chunk.
func readEvents(_ text: String) -> [ReadEvent] {
    readEvents([Array(text.utf8)])
}

/// The records of `text`, read in one chunk, as (line, fields).
func records(_ text: String) -> [ReadEvent] { readEvents(text) }

/// Splits `bytes` into chunks of `size` bytes.
func chunked(_ bytes: [UInt8], size: Int) -> [ArraySlice<UInt8>] {
    stride(from: 0, to: bytes.count, by: size).map { bytes[$0..<min($0 + size, bytes.count)] }
}

/// The tenant context of the generator's `nw-care` program (and friends), for contextual checks.
let northwindContext = IngestContext(
    programs: [
        "nw-care": .init(timeZone: "Asia/Manila", serviceLevelSeconds: [.voice: 20, .chat: 60, .email: 86400]),
        "nw-digital": .init(timeZone: "Europe/London", serviceLevelSeconds: [.chat: 60, .email: 86400, .social: 3600]),
        "cb-tech": .init(timeZone: "America/Chicago", serviceLevelSeconds: [.voice: 30, .chat: 60, .email: 86400]),
        "cb-retention": .init(timeZone: "Asia/Manila", serviceLevelSeconds: [.voice: 20, .chat: 60]),
        "cb-partner": .init(timeZone: "Europe/London", serviceLevelSeconds: [.voice: 20]),
        "vid-care": .init(timeZone: "UTC", serviceLevelSeconds: [.video: 30]),
    ],
    qaForms: ["nw-qa": [1], "cb-qa": [1]]
)

/// Validates a whole file given as text.
func validate(
    _ text: String, kind: FileKind? = nil, fileName: String? = nil, context: IngestContext? = nil,
    errorLimit: Int = 100
) -> FileValidation {
    let name = fileName ?? kind.map(\.fileName) ?? "upload.csv"
    return FileValidator.validate(
        Array(text.utf8), kind: kind, fileName: name, context: context, errorLimit: errorLimit)
}

/// A file of `kind` with the SPEC header and `rows` (each a CSV line without line break).
func file(_ kind: FileKind, _ rows: String...) -> String {
    ([kind.columns.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
}

/// The bytes of a fixture file shipped with the tests (`Tests/IngestTests/Fixtures/`).
///
/// Read next to this source file rather than through `Bundle.module`, so the tests work
/// whether or not the package declares the folder as a resource (`.copy("Fixtures")`).
func fixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: url.path) else { throw FixtureMissing(name: name) }
    return Array(data)
}

struct FixtureMissing: Error { var name: String }
