import GovernanceCore
import Testing

@testable import Ingest

/// Answers checked against their evaluation's form version (SPEC section 4; issue 5).
@Suite("evaluation_answers.csv against the form version")
struct AnswerValidationTests {
    static let form = QAFormKey(formID: "nw-qa", version: 1)
    static let context: IngestContext = {
        var context = northwindContext
        context.qaFormItems = [
            form: ["greet": QAItemRule(maxPoints: 5, hardFail: false), "disclose": QAItemRule(maxPoints: 1, hardFail: true)]
        ]
        context.evaluationForms = ["ev1": form]
        return context
    }()

    @Test("each rule names the line, column and reason", arguments: [
        ("ev1,greet,5", nil as String?),
        ("ev1,greet,0", nil),
        ("ev1,greet,5.0000000001", nil),  // within 1e-9 of max_points
        ("ev1,disclose,0", nil),
        ("ev1,disclose,1", nil),
        ("ev1,greet,5.5", "evaluation_answers.csv:2:3 (points): item greet has max_points 5, got 5.5"),
        ("ev1,disclose,2", "evaluation_answers.csv:2:3 (points): item disclose is hard-fail: answer 1 (pass) or 0 (fail), got 2"),
        ("ev1,disclose,0.5", "evaluation_answers.csv:2:3 (points): item disclose is hard-fail: answer 1 (pass) or 0 (fail), got 0.5"),
        ("ev1,smile,1", "evaluation_answers.csv:2:2 (item_id): QA form nw-qa v1 has no item smile (items: disclose, greet)"),
        ("ev9,greet,1", "evaluation_answers.csv:2:1 (evaluation_id): unknown evaluation ev9: import its row of evaluations.csv first"),
    ])
    func rules(row: String, error: String?) {
        let result = validate(file(.evaluationAnswers, row), kind: .evaluationAnswers, context: Self.context)
        #expect(result.errors.map(\.description) == (error.map { [$0] } ?? []))
        #expect(result.rows.count == (error == nil ? 1 : 0))
    }

    @Test("without the evaluation map, answers are only checked syntactically")
    func skippedWithoutContext() {
        let result = validate(file(.evaluationAnswers, "ev9,smile,99"), kind: .evaluationAnswers, context: northwindContext)
        #expect(result.errors.isEmpty)
    }
}
