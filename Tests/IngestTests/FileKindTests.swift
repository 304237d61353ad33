import Ingest
import Testing

@Suite("File kinds and headers")
struct FileKindTests {
    @Test(
        "a file name names its kind by its stem",
        arguments: [
            ("/x/y/interactions.csv", FileKind.interactions),
            ("interactions_2026-10.csv", .interactions),
            ("interactions-part2.csv", .interactions),
            ("interactions.2026.csv", .interactions),
            ("interactions", .interactions),
            ("bad/interactions_bad.csv", .interactions),
            ("evaluation_answers.csv", .evaluationAnswers),
            ("evaluation_answers_2026-10.csv", .evaluationAnswers),
            ("evaluations.csv", .evaluations),
            ("evaluations-q3.csv", .evaluations),
            ("Evaluations.CSV", .evaluations),
            ("C:\\exports\\roster.csv", .roster),
            ("agent_days.csv", .agentDays),
            ("planned_headcount.csv", .plannedHeadcount),
            ("engagement.csv", .engagement),
            ("reported_metrics.csv", .reportedMetrics),
            ("coaching_sessions_bad.csv", .coachingSessions),
            ("surveys.csv", .surveys),
        ]
    )
    func kindFromFileName(name: String, kind: FileKind) {
        #expect(FileKind(fileName: name) == kind)
    }

    @Test(
        "names that only look like a kind name none",
        arguments: ["interactionsx.csv", "my_interactions.csv", "foo.csv", "", "/", "evaluation.csv", "agent.csv"]
    )
    func noKindFromFileName(name: String) {
        #expect(FileKind(fileName: name) == nil)
    }

    @Test("there are ten kinds with the column counts of SPEC section 9")
    func columnCounts() {
        let counts = Dictionary(uniqueKeysWithValues: FileKind.allCases.map { ($0, $0.columns.count) })
        #expect(
            counts == [
                .interactions: 9, .surveys: 2, .evaluations: 10, .evaluationAnswers: 3, .agentDays: 7, .roster: 8,
                .plannedHeadcount: 3, .engagement: 4, .reportedMetrics: 5, .coachingSessions: 9,
            ]
        )
        #expect(FileKind.allCases.map(\.rawValue).contains("evaluation_answers"))
        #expect(FileKind.reportedMetrics.fileName == "reported_metrics.csv")
    }

    @Test("every kind is detected from its header, in any column order", arguments: FileKind.allCases)
    func kindFromHeader(kind: FileKind) {
        #expect(FileKind(header: kind.columns) == kind)
        #expect(FileKind(header: kind.columns.reversed()) == kind)
        #expect(FileKind(header: kind.columns.dropLast()) == nil)
        #expect(FileKind(header: kind.columns + ["extra"]) == nil)
        #expect(FileKind(header: kind.columns + [kind.columns[0]]) == nil)
    }

    @Test("a header in another order maps every column to its position")
    func reorderedHeader() throws {
        let mapping = try HeaderMapping(kind: .surveys, header: ["score", "interaction_id"], fileName: "s.csv")
        #expect(mapping.positions == [1, 0])
        #expect(mapping.position(of: "score") == 0)
        #expect(mapping.position(of: "nope") == nil)
        let result = validate("score,interaction_id\n4,nw-care-1\n", fileName: "surveys.csv")
        #expect(result.errors == [])
        #expect(result.rows.map(\.row) == [.survey(SurveyRow(interactionID: "nw-care-1", score: 4))])
    }

    @Test("a missing column is named, on line 1")
    func missingColumn() {
        let header = FileKind.interactions.columns.filter { $0 != "abandoned" }.joined(separator: ",")
        let result = validate(header + "\n", fileName: "interactions.csv")
        #expect(
            result.errors == [
                RowError(
                    file: "interactions.csv", line: 1, column: 0, columnName: "abandoned",
                    message: "header has no column abandoned (interactions.csv needs it)"
                )
            ]
        )
        #expect(
            result.errors[0].description
                == "interactions.csv:1 (abandoned): header has no column abandoned (interactions.csv needs it)")
    }

    @Test("several missing columns are named together")
    func missingColumns() throws {
        #expect {
            try HeaderMapping(kind: .surveys, header: [], fileName: "surveys.csv")
        } throws: { error in
            (error as? RowError)?.message == "header has no columns interaction_id, score (surveys.csv needs them)"
        }
    }

    @Test("an unknown column is named with its position")
    func unknownColumn() {
        let result = validate("interaction_id,score,comment\nx,4,nice\n", fileName: "surveys.csv")
        #expect(result.errors.count == 1)
        #expect(result.errors[0].line == 1)
        #expect(result.errors[0].column == 3)
        #expect(result.errors[0].columnName == "comment")
        #expect(result.errors[0].message.hasPrefix("unknown column \"comment\" for surveys.csv"))
        #expect(result.rows.isEmpty)
        #expect(result.rowCount == 0)
    }

    @Test("a header of another kind says so")
    func headerOfAnotherKind() {
        let result = validate(file(.evaluations), fileName: "interactions.csv")
        #expect(result.errors.count == 1)
        #expect(result.errors[0].message.contains("this header is that of evaluations.csv"))
    }

    @Test("a repeated column is an error at its second position")
    func duplicateColumn() {
        let result = validate("interaction_id,score,score\n", fileName: "surveys.csv")
        #expect(result.errors.count == 1)
        #expect(result.errors[0].column == 3)
        #expect(result.errors[0].columnName == "score")
        #expect(result.errors[0].message.contains("appears twice (columns 2 and 3)"))
    }

    @Test("a file whose name says nothing is recognised by its header")
    func kindFromHeaderInValidator() {
        let result = validate(file(.plannedHeadcount, "nw-care,2026-08,9.5"), fileName: "upload.csv")
        #expect(result.kind == .plannedHeadcount)
        #expect(result.errors == [])
        #expect(result.rows.count == 1)
    }

    @Test("a file with neither a known name nor a known header is rejected")
    func unknownKind() {
        let result = validate("a,b\n1,2\n", fileName: "upload.csv")
        #expect(result.kind == nil)
        #expect(result.errors.count == 1)
        #expect(result.errors[0].line == 1)
        #expect(result.errors[0].message.hasPrefix("cannot tell which file this is"))
    }
}
