import GovernanceCore

/// One problem found in a manifest, with where it is.
///
/// The ``description`` reads like a compiler diagnostic, `file:line:column: keyPath: message`,
/// so editors and terminals can jump to it:
///
/// ```
/// Tenants/northwind.yaml:23:55: programs[0].scorecard[0].metrics[1].target: aht_seconds is a 'down'
///     metric: target 420 must be below threshold 360
/// ```
///
/// (one line in practice; wrapped here).
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name given to the parser, used only in messages.
    public var file: String
    /// The 1-based line of the offending node (from the YAML parser's marks).
    public var line: Int
    /// The 1-based column of the offending node, counted in Unicode scalars.
    public var column: Int
    /// Where in the document, e.g. `programs[0].scorecard[1].metrics[2].target`; empty for the whole document.
    public var keyPath: String
    /// What is wrong, in words an account manager can act on.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - file: The file name shown in messages.
    ///   - line: The 1-based line.
    ///   - column: The 1-based column.
    ///   - keyPath: The dotted key path of the offending node (`programs[0].timezone`), or empty.
    ///   - message: What is wrong.
    public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: keyPath: message` (the key path part is left out when empty).
    public var description: String {
        keyPath.isEmpty ? "\(file):\(line):\(column): \(message)" : "\(file):\(line):\(column): \(keyPath): \(message)"
    }
}

/// Every problem found in one manifest, in document order.
///
/// The parsers collect as many problems as they can in one pass instead of stopping at the
/// first, so an author fixes a file in one round; the CLI prints ``description``, one
/// problem per line.
public struct ManifestErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, sorted by line then column (stable for problems at the same place).
    public var errors: [ManifestError]

    /// Creates the list; `errors` is sorted by position.
    public init(_ errors: [ManifestError]) {
        self.errors = errors.enumerated()
            .sorted { a, b in
                (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
            }
            .map(\.element)
    }

    /// One problem per line.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}

extension GovernanceError {
    /// An ``GovernanceError/Code/invalidArgument`` error whose message lists every manifest problem,
    /// one per line, for the server to return when an applied manifest is rejected.
    ///
    /// - Parameter manifestErrors: The problems found by a manifest parser.
    public init(_ manifestErrors: ManifestErrors) {
        self.init(code: .invalidArgument, message: manifestErrors.description)
    }
}
