import GovernanceCore

/// A typed row that passed validation, with where it came from.
public struct ValidatedRow: Sendable, Hashable {
    /// The 1-based physical line where the row starts.
    public var line: Int
    /// The row.
    public var row: IngestRow

    /// Creates a validated row.
    public init(line: Int, row: IngestRow) {
        self.line = line
        self.row = row
    }

    /// The row's key (SPEC section 9; see ``IngestRow/key``).
    public var key: String { row.key }
}

/// Validates one whole input file fed in chunks: reads the header, then yields the typed rows
/// that pass every check, in file order, and collects the errors of the others.
///
/// Syntactic checks always run (``RowParser``); contextual ones (``ContextualValidator``) when
/// a context is given. Each bad row counts once, with its first error. ``errors`` keeps the
/// first ``errorLimit`` of them; ``errorCount`` counts them all. A header that does not fit
/// the kind, an empty file, an unclosed quote at the end, or an over-long record stops the
/// file: no rows follow.
///
/// SPEC section 9: a file with any error is rejected whole unless the caller skips bad rows;
/// that choice (and "the last row with a key wins", via ``ValidatedRow/key``) is the caller's.
///
/// ```swift
/// var validator = FileValidator(fileName: "interactions.csv", context: context)
/// for chunk in chunks {
///     validator.feed(chunk)
///     while let row = validator.next() { batch.append(row) }
/// }
/// validator.finish()
/// while let row = validator.next() { batch.append(row) }
/// if validator.errorCount > 0 { reject(validator.errors) }
/// ```
public struct FileValidator {
    /// The file name, as given; used in errors and to infer the kind.
    public let fileName: String
    /// The file's kind: given, inferred from the file name, or detected from the header
    /// (`nil` until the header was read when neither name nor caller said).
    public private(set) var kind: FileKind?
    /// How many errors ``errors`` keeps.
    public let errorLimit: Int
    /// The first ``errorLimit`` errors, in file order.
    public private(set) var errors: [RowError] = []
    /// Every error counted (bad rows, plus file-level problems).
    public private(set) var errorCount = 0
    /// Data rows read so far (good and bad; the header is not a data row).
    public private(set) var rowCount = 0
    /// Data rows that passed.
    public private(set) var validRowCount = 0
    /// Whether the file stopped early (bad header, unclosed quote, over-long record, empty file).
    public private(set) var isStopped = false

    private let context: IngestContext?
    private var reader: CSVReader
    private var parser: RowParser?
    private var contextual: ContextualValidator?

    /// Creates a validator for one file.
    /// - Parameters:
    ///   - kind: The file's kind; `nil` infers it from `fileName`, else from the header.
    ///   - fileName: The name to report errors under, e.g. `interactions.csv`.
    ///   - context: The tenant configuration for contextual checks; `nil` runs only syntactic ones.
    ///   - errorLimit: How many errors to keep (all are counted).
    public init(kind: FileKind? = nil, fileName: String, context: IngestContext? = nil, errorLimit: Int = 100) {
        self.kind = kind ?? FileKind(fileName: fileName)
        self.fileName = fileName
        self.context = context
        self.errorLimit = errorLimit
        self.reader = CSVReader(fileName: fileName)
    }

    /// Whether any error was found.
    public var hasErrors: Bool { errorCount > 0 }

    /// The header mapping, once the header was read and accepted.
    public var mapping: HeaderMapping? { parser?.mapping }

    /// Appends the next chunk of the file.
    public mutating func feed<C: Collection<UInt8>>(_ bytes: C) {
        reader.feed(bytes)
    }

    /// Marks the end of the file.
    public mutating func finish() {
        reader.finish()
    }

    /// The next row that passed validation; `nil` when more input is needed or, after
    /// ``finish()``, at the end. Rows that fail are counted in ``errorCount`` and skipped.
    public mutating func next() -> ValidatedRow? {
        while !isStopped {
            let record: CSVRecord
            do {
                guard let next = try reader.next() else {
                    if reader.isFinished, !reader.hasFailed, parser == nil {
                        stop(
                            RowError(
                                file: fileName, line: 1, column: 0, columnName: nil,
                                message: "file is empty (no header row)"))
                    }
                    if reader.hasFailed { isStopped = true }
                    return nil
                }
                record = next
            } catch {
                var located = error
                if let parser, located.columnName == nil, located.column >= 1,
                    located.column <= parser.mapping.header.count
                {
                    located.columnName = parser.mapping.header[located.column - 1]
                }
                if parser == nil || reader.hasFailed {
                    stop(located)
                } else {
                    rowCount += 1
                    note(located)
                }
                continue
            }
            guard let parser else {
                readHeader(record)
                continue
            }
            rowCount += 1
            do {
                let row: IngestRow
                if var validator = contextual.take() {
                    // Taken out and put back so its caches stay uniquely referenced (no copy).
                    defer { contextual = validator }
                    row = try parser.parse(record, checkingWith: &validator)
                } else {
                    row = try parser.parse(record)
                }
                validRowCount += 1
                return ValidatedRow(line: record.line, row: row)
            } catch {
                note(error)
            }
        }
        return nil
    }

    /// Validates a complete file in one call (for small inputs and tests).
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - kind: The file's kind; `nil` infers it from `fileName`, else from the header.
    ///   - fileName: The name to report errors under.
    ///   - context: The tenant configuration for contextual checks, if any.
    ///   - errorLimit: How many errors to keep (all are counted).
    /// - Returns: The rows that passed and the errors.
    public static func validate<C: Collection<UInt8>>(
        _ bytes: C, kind: FileKind? = nil, fileName: String, context: IngestContext? = nil, errorLimit: Int = 100
    ) -> FileValidation {
        var validator = FileValidator(kind: kind, fileName: fileName, context: context, errorLimit: errorLimit)
        validator.feed(bytes)
        validator.finish()
        var rows: [ValidatedRow] = []
        while let row = validator.next() { rows.append(row) }
        return FileValidation(
            kind: validator.kind, rows: rows, errors: validator.errors, errorCount: validator.errorCount,
            rowCount: validator.rowCount
        )
    }

    // MARK: Private

    private mutating func readHeader(_ record: CSVRecord) {
        let header = record.strings
        if kind == nil {
            kind = FileKind(header: header)
        }
        guard let kind else {
            var message =
                "cannot tell which file this is from its name or header (file kinds: "
                + FileKind.allCases.map(\.fileName).joined(separator: ", ") + ")"
            if let closest = FileKind.closest(to: header) {
                message += "; the header is closest to \(closest.fileName)"
            }
            stop(RowError(file: fileName, line: record.line, column: 0, columnName: nil, message: message))
            return
        }
        do {
            let mapping = try HeaderMapping(kind: kind, header: header, fileName: fileName, line: record.line)
            parser = RowParser(mapping: mapping, fileName: fileName)
            if let context {
                contextual = ContextualValidator(context: context, mapping: mapping, fileName: fileName)
            }
        } catch {
            stop(error)
        }
    }

    private mutating func note(_ error: RowError) {
        errorCount += 1
        if errors.count < errorLimit { errors.append(error) }
    }

    private mutating func stop(_ error: RowError) {
        note(error)
        isStopped = true
    }
}

/// The outcome of ``FileValidator/validate(_:kind:fileName:context:errorLimit:)``.
public struct FileValidation: Sendable {
    /// The file's kind, if known.
    public var kind: FileKind?
    /// The rows that passed, in file order.
    public var rows: [ValidatedRow]
    /// The first errors (up to the limit), in file order.
    public var errors: [RowError]
    /// Every error counted.
    public var errorCount: Int
    /// Data rows read (good and bad).
    public var rowCount: Int

    /// The rows with the last row of each key kept, in the order of their last occurrence
    /// ("inside one file the last row wins", SPEC section 9).
    public var lastRowPerKey: [ValidatedRow] {
        var lastIndex: [String: Int] = [:]
        for (index, row) in rows.enumerated() { lastIndex[row.key] = index }
        return rows.indices.filter { lastIndex[rows[$0].key] == $0 }.map { rows[$0] }
    }
}
