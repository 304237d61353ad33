import Ingest
import Testing

@Suite("CSV reader (RFC 4180, streaming)")
struct CSVReaderTests {
    @Test("plain records carry their fields and 1-based line numbers")
    func plainRecords() {
        #expect(
            records("a,b,c\n1,2,3\n")
                == [.record(line: 1, fields: ["a", "b", "c"]), .record(line: 2, fields: ["1", "2", "3"])]
        )
    }

    @Test("quoted fields keep commas, and a doubled quote is one quote")
    func quotedFields() {
        #expect(
            records("x,\"a,b\",\"say \"\"hi\"\"\",\"\"\n")
                == [.record(line: 1, fields: ["x", "a,b", "say \"hi\"", ""])]
        )
    }

    @Test("a quoted field may span lines; the record keeps its first line and later lines count on")
    func embeddedNewlines() {
        let text = "h1,h2\n\"one\ntwo\",x\nnext,\"a\r\nb\"\nlast,y\n"
        #expect(
            records(text) == [
                .record(line: 1, fields: ["h1", "h2"]),
                .record(line: 2, fields: ["one\ntwo", "x"]),
                .record(line: 4, fields: ["next", "a\r\nb"]),
                .record(line: 6, fields: ["last", "y"]),
            ]
        )
    }

    @Test("CRLF, LF and a lone CR all end a record", arguments: ["\r\n", "\n", "\r"])
    func lineEndings(ending: String) {
        let text = ["a,b", "c,d", "e,f"].joined(separator: ending) + ending
        #expect(
            records(text) == [
                .record(line: 1, fields: ["a", "b"]), .record(line: 2, fields: ["c", "d"]),
                .record(line: 3, fields: ["e", "f"]),
            ]
        )
    }

    @Test("a UTF-8 byte order mark at the start is skipped, even split across chunks")
    func byteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,score\nx,1\n".utf8)
        let expected: [ReadEvent] = [.record(line: 1, fields: ["id", "score"]), .record(line: 2, fields: ["x", "1"])]
        #expect(readEvents([bytes]) == expected)
        #expect(readEvents(chunked(bytes, size: 1)) == expected)
        #expect(readEvents(chunked(bytes, size: 2)) == expected)
    }

    @Test("a byte order mark is only skipped at the start of the input")
    func byteOrderMarkInside() {
        let bytes = Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)
        #expect(readEvents([bytes]) == [.record(line: 1, fields: ["a"]), .record(line: 2, fields: ["\u{FEFF}b"])])
    }

    @Test("the last record needs no line break; blank lines carry no record but count")
    func finalRecordAndBlankLines() {
        #expect(records("a,b\nc,d") == [.record(line: 1, fields: ["a", "b"]), .record(line: 2, fields: ["c", "d"])])
        #expect(records("a,b\n\n") == [.record(line: 1, fields: ["a", "b"])])
        #expect(records("a,b\r\n\r\n") == [.record(line: 1, fields: ["a", "b"])])
        #expect(records("a\n\n\nb\n") == [.record(line: 1, fields: ["a"]), .record(line: 4, fields: ["b"])])
        #expect(records("") == [])
        #expect(records("\n") == [])
    }

    @Test("empty fields: between commas, trailing, and quoted")
    func emptyFields() {
        #expect(records("a,,b\n") == [.record(line: 1, fields: ["a", "", "b"])])
        #expect(records("a,b,\n") == [.record(line: 1, fields: ["a", "b", ""])])
        #expect(records("a,b,") == [.record(line: 1, fields: ["a", "b", ""])])
        #expect(records(",\n") == [.record(line: 1, fields: ["", ""])])
        #expect(records("\"\"\n") == [.record(line: 1, fields: [""])])
        #expect(records("a,\"\"") == [.record(line: 1, fields: ["a", ""])])
    }

    @Test("multi-byte UTF-8 survives, whole or split byte by byte")
    func unicode() {
        let text = "name,note\nJosé,\"naïve, 日本\"\n"
        let expected: [ReadEvent] = [
            .record(line: 1, fields: ["name", "note"]), .record(line: 2, fields: ["José", "naïve, 日本"]),
        ]
        #expect(records(text) == expected)
        #expect(readEvents(chunked(Array(text.utf8), size: 1)) == expected)
    }

    @Test("text after a closing quote is an error at its line and field; reading goes on")
    func textAfterClosingQuote() {
        let events = records("a,b\n1,\"x\"y,3\n4,5\n")
        #expect(events.count == 3)
        #expect(events[0] == .record(line: 1, fields: ["a", "b"]))
        guard case .error(let error) = events[1] else {
            Issue.record("expected an error, got \(events[1])")
            return
        }
        #expect(error.line == 2)
        #expect(error.column == 2)
        #expect(error.message.contains("text after the closing quote"))
        #expect(error.message.contains("character 6 of the line"))
        #expect(events[2] == .record(line: 3, fields: ["4", "5"]))
    }

    @Test("a closing quote followed by junk on a later line of a multi-line field is located on that line")
    func textAfterClosingQuoteLaterLine() {
        let events = records("\"a\nb\"c,d\ne,f\n")
        guard case .error(let error) = events.first else {
            Issue.record("expected an error first, got \(events)")
            return
        }
        #expect(error.line == 2)
        #expect(error.column == 1)
        #expect(events.last == .record(line: 3, fields: ["e", "f"]))
    }

    @Test("a quote inside an unquoted field is an error (RFC 4180 wants the field quoted)")
    func bareQuote() {
        let events = records("id,size\nx,12\"\ny,3\n")
        #expect(events.count == 3)
        guard case .error(let error) = events[1] else {
            Issue.record("expected an error, got \(events[1])")
            return
        }
        #expect(error.line == 2)
        #expect(error.column == 2)
        #expect(error.message.contains("quote inside an unquoted field"))
        #expect(events[2] == .record(line: 3, fields: ["y", "3"]))
    }

    @Test("an unterminated quote at the end of input fails at the line where the quote opened")
    func unterminatedQuote() {
        let events = readEvents("a,b\n1,2\n3,\"open\nmore\nstill\n")
        #expect(events.count == 3)
        guard case .error(let error) = events[2] else {
            Issue.record("expected an error, got \(events[2])")
            return
        }
        #expect(error.line == 3)
        #expect(error.column == 2)
        #expect(error.message.contains("never closed"))
        #expect(error.file == "t.csv")
    }

    @Test("after a fatal error the reader reports failure and yields nothing more")
    func failedReaderStops() throws {
        var reader = CSVReader()
        reader.feed(Array("\"never".utf8))
        reader.finish()
        #expect(throws: RowError.self) { try reader.next() }
        #expect(reader.hasFailed)
        #expect(try reader.next() == nil)
    }

    @Test("fields must be valid UTF-8; the error names the field")
    func invalidUTF8() {
        let bytes = Array("a,b\nok,".utf8) + [0xC3, 0x28] + Array("\nz,y\n".utf8)
        let events = readEvents([bytes])
        #expect(events.count == 3)
        guard case .error(let error) = events[1] else {
            Issue.record("expected an error, got \(events[1])")
            return
        }
        #expect(error.line == 2)
        #expect(error.column == 2)
        #expect(error.message.contains("not valid UTF-8"))
        #expect(events[2] == .record(line: 3, fields: ["z", "y"]))
    }

    @Test("a record longer than the limit ends the input")
    func recordTooLong() {
        let text = "a,b\n\"" + String(repeating: "x", count: 200) + "\n"
        let events = readEvents(chunked(Array(text.utf8), size: 16), maxRecordBytes: 64)
        #expect(events.count == 2)
        guard case .error(let error) = events[1] else {
            Issue.record("expected an error, got \(events[1])")
            return
        }
        #expect(error.line == 2)
        #expect(error.message.contains("longer than 64 bytes"))
    }

    static let tricky: String =
        "\u{FEFF}id,text,n\r\n"
        + "1,\"quoted, with comma\",10\r\n"
        + "2,\"multi\nline\r\nfield\",20\n"
        + "3,\"\"\"quoted\"\" start\",\n"
        + "\n"
        + "4,plain é 日本,\"\"\r"
        + "5,\"bad\"x,1\n"
        + "6,x\"y,2\n"
        + "7,,\n"
        + "8,last,\"no newline\""

    @Test("feeding one byte at a time reads exactly what one whole buffer reads")
    func byteByByte() {
        let bytes = Array(Self.tricky.utf8)
        let whole = readEvents([bytes])
        #expect(whole.count == 9)
        #expect(whole.first == .record(line: 1, fields: ["id", "text", "n"]))
        #expect(whole[2] == .record(line: 3, fields: ["2", "multi\nline\r\nfield", "20"]))
        #expect(whole[3] == .record(line: 6, fields: ["3", "\"quoted\" start", ""]))
        #expect(whole[4] == .record(line: 8, fields: ["4", "plain é 日本", ""]))
        #expect(whole[7] == .record(line: 11, fields: ["7", "", ""]))
        #expect(whole.last == .record(line: 12, fields: ["8", "last", "no newline"]))
        #expect(readEvents(chunked(bytes, size: 1)) == whole)
    }

    @Test("splitting the input in two at every byte position reads the same")
    func everySplit() {
        let bytes = Array(Self.tricky.utf8)
        let whole = readEvents([bytes])
        for split in 0...bytes.count {
            let parts = [bytes[0..<split], bytes[split...]]
            #expect(readEvents(parts) == whole, "split at \(split)")
        }
    }

    @Test("chunk sizes from 2 to 17 bytes all read the same", arguments: 2...17)
    func chunkSizes(size: Int) {
        let bytes = Array(Self.tricky.utf8)
        #expect(readEvents(chunked(bytes, size: size)) == readEvents([bytes]))
    }

    @Test("a large input in uneven chunks keeps every record and line number")
    func largeInput() {
        var text = "id,value\n"
        for index in 1...5000 {
            text += index % 7 == 0 ? "\(index),\"multi\nline \(index)\"\n" : "\(index),v\(index)\n"
        }
        let events = readEvents(chunked(Array(text.utf8), size: 4093))
        #expect(events.count == 5001)
        var line = 2
        for (offset, event) in events.dropFirst().enumerated() {
            let index = offset + 1
            let value = index % 7 == 0 ? "multi\nline \(index)" : "v\(index)"
            #expect(event == .record(line: line, fields: ["\(index)", value]))
            line += index % 7 == 0 ? 2 : 1
        }
    }

    @Test("records(in:) reads a complete input and exposes fields as bytes and strings")
    func recordsConvenience() throws {
        let all = try CSVReader.records(in: Array("a,b\n\"c\"\"\",d\n".utf8))
        #expect(all.count == 2)
        #expect(all[1].line == 2)
        #expect(all[1].count == 2)
        #expect(Array(all[1][0]) == Array("c\"".utf8))
        #expect(all[1].string(at: 1) == "d")
        #expect(all[1].strings == ["c\"", "d"])
    }

    @Test("a record kept across next() calls stays intact")
    func recordSurvivesNextCall() throws {
        var reader = CSVReader()
        reader.feed(Array("\"a\"\"x\",b\n\"c\"\"y\",d\n".utf8))
        reader.finish()
        let first = try #require(try reader.next())
        let second = try #require(try reader.next())
        #expect(first.strings == ["a\"x", "b"])
        #expect(second.strings == ["c\"y", "d"])
    }
}
