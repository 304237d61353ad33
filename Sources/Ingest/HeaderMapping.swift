/// Where each column of a ``FileKind`` sits in one file, read from its header row.
///
/// A header must hold exactly the kind's columns, each once, in any order; names are
/// compared exactly (case and spaces matter).
public struct HeaderMapping: Sendable, Hashable {
    /// The kind of file.
    public let kind: FileKind
    /// The header names in the file's order.
    public let header: [String]
    /// For each of `kind.columns` (SPEC order), its 0-based position in the file.
    public let positions: [Int]

    /// The mapping of a file whose header is exactly `kind.columns`, in SPEC order.
    public init(kind: FileKind) {
        self.kind = kind
        self.header = kind.columns
        self.positions = Array(kind.columns.indices)
    }

    /// Maps a header row.
    /// - Parameters:
    ///   - kind: The kind the file must be.
    ///   - header: The header names, in file order.
    ///   - fileName: The file name for errors.
    ///   - line: The header's line (1 unless the header follows blank lines).
    /// - Throws: ``RowError`` for the first problem found: a repeated column, a column the
    ///   kind does not have, or the columns it has that the header lacks (all named at once).
    public init(kind: FileKind, header: [String], fileName: String, line: Int = 1) throws(RowError) {
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if let first = seen[name] {
                throw RowError(
                    file: fileName, line: line, column: index + 1, columnName: name,
                    message: "column \(quoted(name)) appears twice (columns \(first + 1) and \(index + 1))"
                )
            }
            seen[name] = index
        }
        let expected = kind.columns
        let expectedSet = Set(expected)
        if let unknown = header.firstIndex(where: { !expectedSet.contains($0) }) {
            var message =
                "unknown column \(quoted(header[unknown])) for \(kind.fileName) (its columns: "
                + expected.joined(separator: ", ") + ")"
            if let other = FileKind(header: header), other != kind {
                message += "; this header is that of \(other.fileName)"
            }
            throw RowError(
                file: fileName, line: line, column: unknown + 1, columnName: header[unknown], message: message
            )
        }
        let missing = expected.filter { seen[$0] == nil }
        if let first = missing.first {
            let list = missing.joined(separator: ", ")
            throw RowError(
                file: fileName, line: line, column: 0, columnName: first,
                message: missing.count == 1
                    ? "header has no column \(list) (\(kind.fileName) needs it)"
                    : "header has no columns \(list) (\(kind.fileName) needs them)"
            )
        }
        self.kind = kind
        self.header = header
        self.positions = expected.map { seen[$0] ?? 0 }
    }

    /// The 0-based file position of `column`, or `nil` when the kind has no such column.
    public func position(of column: String) -> Int? {
        kind.columns.firstIndex(of: column).map { positions[$0] }
    }
}
