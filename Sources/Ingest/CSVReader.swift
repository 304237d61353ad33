/// A streaming RFC 4180 CSV reader: fed byte chunks of any size, it yields complete records
/// without ever holding more than the unread input and one record.
///
/// - Fields are separated by `,`; a field may be enclosed in `"`, and inside such a field a
///   doubled quote `""` stands for one quote and line breaks are data.
/// - CRLF, LF and a lone CR each end a record (and count as one physical line).
/// - A UTF-8 byte order mark at the start of the input is skipped.
/// - The last record needs no line break after it; empty lines (anywhere, including a
///   trailing one) carry no record and are skipped, but still count for line numbers.
/// - Every field must be valid UTF-8.
///
/// Malformed records (text after a closing quote, a quote inside an unquoted field, invalid
/// UTF-8) throw a ``RowError`` for that record; the reader then carries on with the next
/// record. Two problems end the input for good: a quoted field still open at the end of the
/// input, and a record longer than ``maxRecordBytes`` (``hasFailed`` then turns `true` and
/// ``next()`` returns `nil`).
///
/// Records share the reader's buffer and cost no allocation per field. Let go of a record
/// before asking for the next one, or the reader copies its buffer to keep the record intact.
///
/// ```swift
/// var reader = CSVReader(fileName: "interactions.csv")
/// for chunk in chunks {
///     reader.feed(chunk)
///     while let record = try reader.next() { handle(record) }
/// }
/// reader.finish()
/// while let record = try reader.next() { handle(record) }
/// ```
public struct CSVReader: Sendable {
    /// The file name used in errors.
    public var fileName: String
    /// The longest record accepted, in bytes; a longer one ends the input with an error.
    public let maxRecordBytes: Int
    /// Whether the input ended with an unrecoverable error; no more records follow.
    public private(set) var hasFailed = false
    /// Whether ``finish()`` was called.
    public private(set) var isFinished = false

    private var buffer: [UInt8] = []
    private var fields: [Range<Int>] = []
    private var machine = Machine()

    /// Creates a reader.
    /// - Parameters:
    ///   - fileName: The file name to put in errors.
    ///   - maxRecordBytes: The longest record accepted (default 1 MiB).
    public init(fileName: String = "", maxRecordBytes: Int = 1 << 20) {
        self.fileName = fileName
        self.maxRecordBytes = maxRecordBytes
    }

    /// Appends the next chunk of input. Chunks may split records, fields, line breaks and
    /// multi-byte characters anywhere.
    public mutating func feed<C: Collection<UInt8>>(_ bytes: C) {
        precondition(!isFinished, "CSVReader.feed(_:) after finish()")
        let consumed = machine.state == .recordStart ? machine.pos : machine.recordStart
        if consumed == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            machine.shift(by: consumed, fields: &fields)
        } else if consumed >= 1 << 16 || consumed * 2 >= buffer.count {
            buffer.removeSubrange(0..<consumed)
            machine.shift(by: consumed, fields: &fields)
        }
        buffer.append(contentsOf: bytes)
    }

    /// Marks the end of the input: the last record no longer needs a line break after it.
    public mutating func finish() {
        isFinished = true
    }

    /// The 1-based physical line the reader has reached.
    public var currentLine: Int { machine.line }

    /// The next complete record, or `nil` when more input is needed (or, after ``finish()``,
    /// when the input is exhausted).
    ///
    /// - Throws: ``RowError`` for a malformed record, located at the line of the problem and
    ///   the 1-based field index as column. The record is skipped; call again for the next.
    public mutating func next() throws(RowError) -> CSVRecord? {
        guard !hasFailed else { return nil }
        var ranges = fields
        fields = []
        var state = machine
        let finished = isFinished
        let outcome = buffer.withUnsafeMutableBufferPointer { state.run($0, &ranges, finished: finished) }
        machine = state
        fields = ranges
        switch outcome {
        case .needMore:
            if machine.state != .recordStart, machine.pos - machine.recordStart > maxRecordBytes {
                hasFailed = true
                throw RowError(
                    file: fileName, line: machine.recordLine, column: fields.count + 1, columnName: nil,
                    message: "record is longer than \(maxRecordBytes) bytes (an unclosed quote?)"
                )
            }
            return nil
        case .end:
            return nil
        case .unterminated:
            hasFailed = true
            throw RowError(
                file: fileName, line: machine.quoteLine, column: fields.count + 1, columnName: nil,
                message: "quoted field is never closed (the input ends inside quotes)"
            )
        case .record:
            if let problem = machine.recordProblem {
                machine.recordProblem = nil
                throw RowError(
                    file: fileName, line: problem.line, column: problem.column, columnName: nil,
                    message: problem.message
                )
            }
            if machine.nonASCII {
                for (index, range) in fields.enumerated() where String(validating: buffer[range], as: UTF8.self) == nil
                {
                    throw RowError(
                        file: fileName, line: machine.recordLine, column: index + 1, columnName: nil,
                        message: "field is not valid UTF-8: \(quoted(buffer[range]))"
                    )
                }
            }
            return CSVRecord(line: machine.recordLine, storage: buffer, ranges: fields)
        }
    }

    /// Reads every record of a complete input, stopping at the first error.
    ///
    /// A convenience for small inputs and tests; large files should be fed in chunks.
    /// - Throws: The first ``RowError``.
    public static func records<C: Collection<UInt8>>(in bytes: C, fileName: String = "") throws(RowError) -> [CSVRecord]
    {
        var reader = CSVReader(fileName: fileName)
        reader.feed(bytes)
        reader.finish()
        var records: [CSVRecord] = []
        // Compacted copies, so that no kept record pins (and forces copies of) the reader's buffer.
        while let record = try reader.next() { records.append(record.compacted()) }
        return records
    }
}

// MARK: - The state machine

private let comma = UInt8(ascii: ",")
private let quote = UInt8(ascii: "\"")
private let lf = UInt8(ascii: "\n")
private let cr = UInt8(ascii: "\r")
/// Bits of the bytes below 64 that stop an unquoted scan: LF (10), CR (13), `"` (34), `,` (44).
private let specialLowMask: UInt64 = (1 << 10) | (1 << 13) | (1 << 34) | (1 << 44)

/// Whether an unquoted-field scan must look at `byte` (a delimiter, a quote, or non-ASCII).
@inline(__always)
private func isSpecial(_ byte: UInt8) -> Bool {
    byte >= 64 ? byte >= 0x80 : (specialLowMask >> UInt64(byte)) & 1 != 0
}

/// The scalar state of a ``CSVReader``, kept apart from the buffer so the scan can run on a
/// raw pointer without overlapping accesses to the reader.
private struct Machine {
    enum State: UInt8 { case recordStart, fieldStart, unquoted, quoted, quoteInQuoted }
    enum Outcome { case record, needMore, end, unterminated }
    /// A quoting problem, kept as plain values so copying the machine stays a memcpy.
    struct Problem {
        enum Kind { case quoteInUnquotedField, textAfterClosingQuote }
        var kind: Kind
        var line: Int
        var column: Int
        var character: Int

        var message: String {
            switch kind {
            case .quoteInUnquotedField:
                return "quote inside an unquoted field (enclose the field in quotes and double the quote)"
                    + " (character \(character) of the line)"
            case .textAfterClosingQuote:
                return "text after the closing quote of a quoted field (character \(character) of the line)"
            }
        }
    }

    var state = State.recordStart
    /// The next byte to look at.
    var pos = 0
    /// The first byte of the record in progress.
    var recordStart = 0
    /// The first content byte of the field in progress.
    var fieldStart = 0
    /// Where the next content byte of a quoted field goes (lags `pos` once `""` was seen).
    var write = 0
    /// The physical line of `pos`, and where that line starts.
    var line = 1
    var lineStart = 0
    /// The line where the record in progress starts, and where its open quote was.
    var recordLine = 1
    var quoteLine = 1
    /// The previous byte was a CR, so an LF now completes the same line break.
    var lastWasCR = false
    /// The record in progress has bytes ≥ 0x80 (its fields then need UTF-8 validation).
    var nonASCII = false
    var bomChecked = false
    /// The first quoting problem of the record in progress.
    var recordProblem: Problem?

    /// Moves every position back by `offset` after the reader dropped consumed input.
    mutating func shift(by offset: Int, fields: inout [Range<Int>]) {
        guard offset > 0 else { return }
        pos -= offset
        recordStart -= offset
        fieldStart -= offset
        write -= offset
        lineStart -= offset
        if state == .recordStart {
            fields.removeAll(keepingCapacity: true)
        } else {
            for index in fields.indices {
                fields[index] = (fields[index].lowerBound - offset)..<(fields[index].upperBound - offset)
            }
        }
    }

    /// Notes the first quoting problem of the record; scanning goes on to the record's end.
    mutating func note(_ kind: Problem.Kind, column: Int, in p: UnsafeMutableBufferPointer<UInt8>) {
        guard recordProblem == nil else { return }
        var character = 1
        var index = max(lineStart, 0)
        while index < pos {
            if p[index] & 0xC0 != 0x80 { character += 1 }
            index += 1
        }
        recordProblem = Problem(kind: kind, line: line, column: column, character: character)
    }

    /// Scans from `pos` until a record is complete or the input runs out.
    mutating func run(
        _ p: UnsafeMutableBufferPointer<UInt8>, _ fields: inout [Range<Int>], finished: Bool
    ) -> Outcome {
        let end = p.count
        if !bomChecked {
            let bom: (UInt8, UInt8, UInt8) = (0xEF, 0xBB, 0xBF)
            let available = end - pos
            var matched = 0
            while matched < min(available, 3) {
                let expected = matched == 0 ? bom.0 : matched == 1 ? bom.1 : bom.2
                guard p[pos + matched] == expected else { break }
                matched += 1
            }
            if matched == 3 {
                pos += 3
                lineStart = pos
                bomChecked = true
            } else if matched == available, !finished {
                return .needMore
            } else {
                bomChecked = true
            }
        }
        while true {
            switch state {
            case .recordStart:
                // Line breaks here end the previous record or are empty lines.
                while pos < end {
                    let byte = p[pos]
                    if byte == lf {
                        if !lastWasCR { line += 1 }
                        lastWasCR = false
                    } else if byte == cr {
                        line += 1
                        lastWasCR = true
                    } else {
                        break
                    }
                    pos += 1
                    lineStart = pos
                }
                guard pos < end else { return finished ? .end : .needMore }
                lastWasCR = false
                recordStart = pos
                recordLine = line
                nonASCII = false
                recordProblem = nil
                fields.removeAll(keepingCapacity: true)
                state = .fieldStart

            case .fieldStart:
                guard pos < end else {
                    guard finished else { return .needMore }
                    fields.append(pos..<pos)
                    state = .recordStart
                    return .record
                }
                let byte = p[pos]
                if byte == quote {
                    pos += 1
                    fieldStart = pos
                    write = pos
                    quoteLine = line
                    state = .quoted
                } else if byte == comma {
                    fields.append(pos..<pos)
                    pos += 1
                } else if byte == lf || byte == cr {
                    fields.append(pos..<pos)
                    state = .recordStart
                    return .record
                } else {
                    fieldStart = pos
                    state = .unquoted
                }

            case .unquoted:
                // The hot loop: a local index (not the stored `pos`) stays in a register.
                var index = pos
                while index < end {
                    let byte = p[index]
                    // `-` (45) up to DEL (127) holds letters, digits and most punctuation: never special.
                    if byte &- 45 < 83 || !isSpecial(byte) {
                        index &+= 1
                    } else {
                        break
                    }
                }
                pos = index
                scan: while pos < end {
                    let byte = p[pos]
                    if !isSpecial(byte) {
                        pos += 1
                    } else if byte >= 0x80 {
                        nonASCII = true
                        pos += 1
                    } else if byte == comma {
                        fields.append(fieldStart..<pos)
                        pos += 1
                        state = .fieldStart
                        break scan
                    } else if byte == lf || byte == cr {
                        fields.append(fieldStart..<pos)
                        state = .recordStart
                        return .record
                    } else {
                        note(.quoteInUnquotedField, column: fields.count + 1, in: p)
                        pos += 1
                    }
                }
                if state == .unquoted {
                    guard finished else { return .needMore }
                    fields.append(fieldStart..<pos)
                    state = .recordStart
                    return .record
                }

            case .quoted:
                scan: while pos < end {
                    let byte = p[pos]
                    if byte == quote {
                        pos += 1
                        lastWasCR = false
                        state = .quoteInQuoted
                        break scan
                    } else if byte == lf {
                        if !lastWasCR { line += 1 }
                        lastWasCR = false
                        lineStart = pos + 1
                    } else if byte == cr {
                        line += 1
                        lastWasCR = true
                        lineStart = pos + 1
                    } else {
                        lastWasCR = false
                        if byte >= 0x80 { nonASCII = true }
                    }
                    if write != pos { p[write] = byte }
                    write += 1
                    pos += 1
                }
                if state == .quoted {
                    return finished ? .unterminated : .needMore
                }

            case .quoteInQuoted:
                guard pos < end else {
                    guard finished else { return .needMore }
                    fields.append(fieldStart..<write)
                    state = .recordStart
                    return .record
                }
                let byte = p[pos]
                if byte == quote {
                    p[write] = quote
                    write += 1
                    pos += 1
                    state = .quoted
                } else if byte == comma {
                    fields.append(fieldStart..<write)
                    pos += 1
                    state = .fieldStart
                } else if byte == lf || byte == cr {
                    fields.append(fieldStart..<write)
                    state = .recordStart
                    return .record
                } else {
                    note(.textAfterClosingQuote, column: fields.count + 1, in: p)
                    // Carry on as if unquoted so the scan finds the record's end; the record is rejected.
                    fieldStart = pos
                    state = .unquoted
                }
            }
        }
    }
}

// MARK: - Records

/// One record of a CSV file: its fields as UTF-8 byte slices, and the physical line it
/// starts on.
///
/// A collection of fields; `record[2]` is the third field's bytes, ``string(at:)`` decodes one.
public struct CSVRecord: RandomAccessCollection, Sendable, CustomStringConvertible {
    /// The 1-based physical line where the record starts.
    public let line: Int
    private let storage: [UInt8]
    private let ranges: [Range<Int>]

    init(line: Int, storage: [UInt8], ranges: [Range<Int>]) {
        self.line = line
        self.storage = storage
        self.ranges = ranges
    }

    /// A copy holding only this record's bytes (not the reader's whole buffer).
    func compacted() -> CSVRecord {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
        var compactRanges: [Range<Int>] = []
        compactRanges.reserveCapacity(ranges.count)
        for range in ranges {
            let start = bytes.count
            bytes.append(contentsOf: storage[range])
            compactRanges.append(start..<bytes.count)
        }
        return CSVRecord(line: line, storage: bytes, ranges: compactRanges)
    }

    /// Creates a record from field values (for records that did not come from a file, and tests).
    public init(line: Int, fields: [String]) {
        var storage: [UInt8] = []
        var ranges: [Range<Int>] = []
        for field in fields {
            let start = storage.count
            storage.append(contentsOf: field.utf8)
            ranges.append(start..<storage.count)
        }
        self.init(line: line, storage: storage, ranges: ranges)
    }

    /// The index of the first field (always 0).
    public var startIndex: Int { 0 }
    /// One past the index of the last field: the number of fields.
    public var endIndex: Int { ranges.count }

    /// The bytes of field `position` (0-based), quotes removed and `""` unescaped.
    public subscript(position: Int) -> ArraySlice<UInt8> {
        storage[ranges[position]]
    }

    /// The value of field `index` (0-based) as a string.
    public func string(at index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }

    /// Calls `body` with the raw bytes and the field ranges, for parsing without reference
    /// counting per field. Neither pointer may escape `body`.
    func withUnsafeFields<R>(
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) throws(RowError) -> R
    ) throws(RowError) -> R {
        let result: Result<R, RowError> = storage.withUnsafeBufferPointer { bytes in
            ranges.withUnsafeBufferPointer { ranges in Result { () throws(RowError) -> R in try body(bytes, ranges) } }
        }
        return try result.get()
    }

    /// Every field as a string.
    public var strings: [String] { indices.map(string(at:)) }

    /// `line N: [fields]`, for debugging.
    public var description: String { "line \(line): \(strings)" }
}
