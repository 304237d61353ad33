import GovernanceCore

/// A problem with one row (or the header, or the CSV framing) of an input file, located
/// precisely enough to fix it: file, physical line, column and column name.
///
/// The one error type of the `Ingest` module. Its ``description`` reads like a compiler
/// diagnostic:
///
/// ```
/// interactions.csv:4:6 (started_at): not an RFC 3339 timestamp: "2026-02-30T25:61:00Z"
/// ```
///
/// Values echoed in ``message`` are quoted, control characters escaped, and cut at 80
/// characters, so a message always fits on one line and never carries a whole field.
public struct RowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name as the caller gave it (for example `interactions.csv`).
    public var file: String
    /// The 1-based physical line where the row starts (the header is line 1). A row with a
    /// quoted field that spans lines is reported at its first line.
    public var line: Int
    /// The 1-based index of the field in the file's own column order; `0` when the error is
    /// about the whole row or file rather than one field.
    public var column: Int
    /// The header name of ``column``, or `nil` when the column is unknown or not applicable.
    public var columnName: String?
    /// What is wrong, with the offending value quoted.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int, columnName: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    /// `file:line:column (name): message`; the column and name are left out when not known.
    public var description: String {
        var text = "\(file):\(line)"
        if column > 0 { text += ":\(column)" }
        if let columnName { text += " (\(columnName))" }
        return text + ": " + message
    }

    /// This error as a ``GovernanceError`` with code ``GovernanceError/Code/invalidArgument``,
    /// for callers that report through the domain's single error type.
    public var governanceError: GovernanceError {
        GovernanceError(code: .invalidArgument, message: description, cause: self)
    }
}

/// Renders a field value for an error message: quoted, control characters escaped, at most
/// `limit` characters (an ellipsis marks the cut).
func quoted<C: Collection<UInt8>>(_ bytes: C, limit: Int = 80) -> String {
    quoted(String(decoding: bytes, as: UTF8.self), limit: limit)
}

/// Renders a string for an error message: quoted, control characters escaped, at most
/// `limit` characters (an ellipsis marks the cut).
func quoted(_ value: String, limit: Int = 80) -> String {
    var out = "\""
    var count = 0
    for scalar in value.unicodeScalars {
        if count == limit {
            out += "…"
            break
        }
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        count += 1
    }
    return out + "\""
}
