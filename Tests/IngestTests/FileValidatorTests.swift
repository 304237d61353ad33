import GovernanceCore
import Ingest
import Testing

@Suite("Whole files (FileValidator)")
struct FileValidatorTests {
    @Test(
        "every fixture from the generator validates with zero errors, whole or in odd chunks",
        arguments: FileKind.allCases)
    func fixturesAreClean(kind: FileKind) throws {
        let bytes = try fixture(kind.fileName)
        let lines = bytes.split(separator: UInt8(ascii: "\n")).count
        for size in [bytes.count, 4096, 7] {
            var validator = FileValidator(fileName: kind.fileName, context: northwindContext)
            var rows: [ValidatedRow] = []
            for chunk in chunked(bytes, size: size) {
                validator.feed(chunk)
                while let row = validator.next() { rows.append(row) }
            }
            validator.finish()
            while let row = validator.next() { rows.append(row) }
            #expect(validator.errors == [], "chunk size \(size)")
            #expect(validator.kind == kind)
            #expect(rows.count == lines - 1, "chunk size \(size)")
            #expect(rows.allSatisfy { $0.row.kind == kind })
        }
    }

    @Test("fixture interactions all get a local date, and abandoned ones may lack agent and handle")
    func fixtureInteractions() throws {
        let result = FileValidator.validate(
            try fixture("interactions.csv"), fileName: "interactions.csv", context: northwindContext)
        let interactions = result.rows.compactMap { row -> InteractionRow? in
            if case .interaction(let interaction) = row.row { return interaction }
            return nil
        }
        #expect(interactions.allSatisfy { $0.localDate != nil })
        #expect(interactions.contains { $0.abandoned && $0.agentID == nil })
        #expect(interactions.contains { $0.customerID == nil })
        #expect(Set(interactions.map(\.programID)) == ["nw-care", "cb-tech", "nw-digital", "cb-retention"])
    }

    @Test("the generator's bad coaching file: four rows fail on focus metrics and held_on")
    func badCoachingFixture() throws {
        let result = FileValidator.validate(
            try fixture("coaching_sessions_bad.csv"), fileName: "coaching_sessions_bad.csv", context: northwindContext
        )
        #expect(result.kind == .coachingSessions)
        #expect(result.errors.map(\.line) == [3, 4, 5, 6])
        #expect(result.errors.map(\.columnName) == ["focus_metrics", "focus_metrics", "focus_metrics", "held_on"])
        #expect(result.errors[0].message.hasPrefix("a coaching session names one or two focus metrics, got 3"))
        #expect(result.errors[1].message.hasPrefix("focus metric service_level is not an agent-level metric"))
        #expect(result.rows.map(\.line) == [2, 7])
        guard case .coachingSession(let session) = result.rows.last?.row else {
            Issue.record("no coaching session on line 7")
            return
        }
        #expect(session.commitment == "Re-read the \"hold\" policy, then practise")
    }

    @Test("the generator's bad interactions fixture gives the documented six errors")
    func badInteractionsFixture() throws {
        let result = FileValidator.validate(
            try fixture("interactions_bad.csv"), fileName: "interactions_bad.csv",
            context: ContextualValidatorTests.nwCareOnly
        )
        #expect(result.errors.map(\.line) == [4, 6, 7, 8, 9, 11])
        #expect(result.rows.count == 4)
    }

    @Test("errors are kept up to the limit but all are counted")
    func errorLimit() {
        let rows = (1...150).map { "i-\($0),9" }
        let text = file(.surveys, rows.joined(separator: "\n"), "ok,4")
        let result = validate(text, kind: .surveys, errorLimit: 100)
        #expect(result.errors.count == 100)
        #expect(result.errorCount == 150)
        #expect(result.rowCount == 151)
        #expect(result.errors.first?.line == 2)
        #expect(result.errors.last?.line == 101)
        #expect(result.rows.map(\.line) == [152])
    }

    @Test("an empty file is rejected; a header alone is an empty, valid file")
    func emptyFiles() {
        let empty = validate("", kind: .surveys)
        #expect(empty.errors.map(\.message) == ["file is empty (no header row)"])
        #expect(empty.errors.first?.line == 1)
        let headerOnly = validate("interaction_id,score\r\n", kind: .surveys)
        #expect(headerOnly.errors == [])
        #expect(headerOnly.rows.isEmpty)
    }

    @Test("a malformed data row is counted with its column name and reading goes on")
    func csvErrorInDataRow() {
        let result = validate("interaction_id,score\ni-1,\"4\"x\ni-2,5\n", kind: .surveys)
        #expect(result.errorCount == 1)
        #expect(result.errors.first?.line == 2)
        #expect(result.errors.first?.column == 2)
        #expect(result.errors.first?.columnName == "score")
        #expect(result.rows.map(\.key) == ["i-2"])
    }

    @Test("an unclosed quote stops the file at the line where it opened")
    func unclosedQuoteStops() {
        let result = validate("interaction_id,score\ni-1,4\n\"i-2,5\ni-3,4\n", kind: .surveys)
        #expect(result.errorCount == 1)
        #expect(result.errors.first?.line == 3)
        #expect(result.errors.first?.message.contains("never closed") == true)
        #expect(result.rows.map(\.key) == ["i-1"])
    }

    @Test("inside one file the last row with a key wins")
    func lastRowWins() {
        let text = file(
            .reportedMetrics,
            "nw-care,2026-08,csat,80,client",
            "nw-care,2026-08,aht_seconds,400,vendor",
            "nw-care,2026-08,csat,82,vendor",
            "nw-care,2026-09,csat,85,client"
        )
        let result = validate(text, kind: .reportedMetrics)
        #expect(
            result.rows.map(\.key) == [
                "nw-care|2026-08|csat", "nw-care|2026-08|aht_seconds", "nw-care|2026-08|csat", "nw-care|2026-09|csat",
            ])
        let kept = result.lastRowPerKey
        #expect(kept.map(\.line) == [3, 4, 5])
        guard case .reportedMetric(let csat) = kept[1].row else {
            Issue.record("expected a reported metric")
            return
        }
        #expect(csat.value == 82)
        #expect(csat.source == .vendor)
        #expect(csat.catalogMetric == .csat)
    }

    @Test("a byte order mark and CRLF line ends are fine in a real file")
    func bomAndCRLF() {
        let text = "\u{FEFF}interaction_id,score\r\ni-1,4\r\ni-2,5\r\n"
        let result = validate(text, kind: .surveys)
        #expect(result.errors == [])
        #expect(result.rows.map(\.line) == [2, 3])
    }

    @Test("RowError converts to a GovernanceError with the invalid-argument code")
    func governanceError() {
        let error = RowError(file: "f.csv", line: 3, column: 2, columnName: "score", message: "bad")
        #expect(error.governanceError.code == .invalidArgument)
        #expect(error.governanceError.message == "f.csv:3:2 (score): bad")
    }
}
