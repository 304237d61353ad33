import GovernanceCore
import Testing

@testable import Quality

@Suite("Krippendorff's alpha and calibration (SPEC section 4)")
struct CalibrationTests {
    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 observers × 12
    /// units example (missing values left out); the paper gives α_interval = 0.849. Checked
    /// independently: a 10-line Python script of the definition and the `krippendorff` PyPI
    /// package (0.5.x) both print 0.8491071428571428.
    static let textbook: [[Double]] = [
        [1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
        [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3],
    ]

    @Test("alpha of the textbook interval example is 0.8491071428571428")
    func textbookAlpha() throws {
        let alpha = try #require(KrippendorffAlpha.interval(Self.textbook))
        #expect(abs(alpha - 0.8491071428571428) < 1e-12)
        #expect(abs(alpha - 0.849) < 5e-4)
    }

    // Hand: pairable 80, 90, 70, 75, 72 (n 5; the lone 60 is not pairable). D_o = (200 + 76 ÷ 2) ÷ 5
    // = 47.6; mean 77.4, Σ(v − mean)² = 255.2, D_e = 2 × 5 × 255.2 ÷ 20 = 127.6; α = 1 − 47.6 ÷ 127.6.
    @Test("alpha by hand, and undefined without pairs or without disagreement", arguments: [
        ([[80.0, 90], [70, 75, 72], [60]], 0.6269592476489028 as Double?),
        ([[80.0], [70]], nil),
        ([[80.0, 80], [80, 80, 80]], nil),
        ([[1.0, 2], [1, 2]], -0.5),  // D_o = (2 + 2) ÷ 4 = 1; D_e = 2 × 4 × 1 ÷ 12 = 2/3; α = 1 − 1.5
    ])
    func alphaByHand(units: [[Double]], expected: Double?) {
        let alpha = KrippendorffAlpha.interval(units)
        #expect((alpha == nil) == (expected == nil))
        if let alpha, let expected { #expect(abs(alpha - expected) < 1e-12) }
    }

    @Test("the bootstrap interval is reproducible with the fixed seed and brackets the estimate")
    func bootstrapIsReproducible() throws {
        let first = try #require(KrippendorffAlpha.bootstrapInterval(Self.textbook, resamples: 1000, seed: 20_261_001))
        let second = try #require(KrippendorffAlpha.bootstrapInterval(Self.textbook, resamples: 1000, seed: 20_261_001))
        #expect(first.low == second.low && first.high == second.high)
        #expect(first.low < 0.8491071428571428 && 0.8491071428571428 < first.high)
        #expect(first.high <= 1)
        let other = try #require(KrippendorffAlpha.bootstrapInterval(Self.textbook, resamples: 1000, seed: 7))
        #expect(other.low != first.low || other.high != first.high)
    }

    @Test("SplitMix64 gives the published first outputs for seed 0")
    func splitMix() {
        var generator = SeededGenerator(seed: 0)
        // Reference values of SplitMix64 from seed 0 (as in the xoshiro authors' splitmix64.c).
        #expect(generator.next() == 0xe220_a839_7b1d_cdaf)
        #expect(generator.next() == 0x6e78_9e6a_a1b9_65f4)
    }

    static func row(
        _ id: String, session: String, evaluator: String, expert: String? = nil, score: Double?, day: Int = 0,
        answers: [String: Double] = [:]
    ) -> CalibrationEvaluation {
        let date = LocalDate(year: 2026, month: 10, day: 5 + day) ?? LocalDate(dayNumber: 0)
        return CalibrationEvaluation(
            evaluationID: id, sessionID: session, evaluatorID: evaluator, expertEvaluatorID: expert,
            evaluatedAtMillis: Int64(date.dayNumber) * 86_400_000, localDate: date, qualityScore: score, answers: answers)
    }

    // s1: expert X 80 (consensus), A 85 (+5), B 78 (−2). s2: no expert row → median(70, 74, 90) = 74:
    // A −4, B 0, C +16. calibration_mad = (5 + 2 + 4 + 0 + 16) ÷ 5 = 5.4; within ±5: 4 of 5 = 0.8.
    // A: n 2, mad 4.5, bias 0.5; B: n 2, mad 1, bias −1; C: n 1, mad 16, bias 16.
    @Test("consensus, deviations, calibration_mad, within_tolerance and per-evaluator mad and bias by hand")
    func deviationsByHand() throws {
        let rows = [
            Self.row("e1", session: "s1", evaluator: "X", expert: "X", score: 80, answers: ["greet": 4, "close": 5]),
            Self.row("e2", session: "s1", evaluator: "A", score: 85, answers: ["greet": 4, "close": 4]),
            Self.row("e3", session: "s1", evaluator: "B", expert: "", score: 78, answers: ["greet": 3, "close": 5]),
            Self.row("e4", session: "s2", evaluator: "A", expert: "Z", score: 70, day: 1, answers: ["greet": 2]),
            Self.row("e5", session: "s2", evaluator: "B", score: 74, day: 1, answers: ["greet": 3]),
            Self.row("e6", session: "s2", evaluator: "C", score: 90, day: 1, answers: ["greet": 3]),
        ]
        let report = CalibrationReport(evaluations: rows, resamples: 0)
        let total = report.total
        #expect(total.sessions == 2)
        #expect(total.rows == 5)
        #expect(abs((total.calibrationMAD ?? -1) - 5.4) < 1e-12)
        #expect(abs((total.withinTolerance ?? -1) - 0.8) < 1e-12)
        let byID = Dictionary(uniqueKeysWithValues: total.evaluators.map { ($0.evaluatorID, $0) })
        #expect(byID["X"] == nil, "the expert's own row is excluded")
        #expect(byID["A"] == EvaluatorCalibration(evaluatorID: "A", n: 2, mad: 4.5, bias: 0.5))
        #expect(byID["B"] == EvaluatorCalibration(evaluatorID: "B", n: 2, mad: 1, bias: -1))
        #expect(byID["C"] == EvaluatorCalibration(evaluatorID: "C", n: 1, mad: 16, bias: 16))
        // Alpha includes the expert's row: units [80, 85, 78] and [70, 74, 90].
        let alpha = try #require(total.alpha)
        #expect(abs(alpha - (KrippendorffAlpha.interval([[80, 85, 78], [70, 74, 90]]) ?? .nan)) < 1e-12)
        // Items: greet consensus s1 = expert 4 (A 4 equal, B 3 not), s2 = lower median of 2, 3, 3 = 3
        // (B, C equal; A not) → 3 of 5 = 0.6; close: consensus 5, A 4, B 5 → 1 of 2 = 0.5.
        #expect(total.items == [
            ItemAlignment(itemID: "close", answers: 2, alignment: 0.5),
            ItemAlignment(itemID: "greet", answers: 5, alignment: 0.6),
        ])
        #expect(report.months.map(\.month) == [Month(year: 2026, month: 10)])
    }

    @Test("an expert named but without a row falls back to the median, and every row deviates")
    func expertWithoutRow() {
        let rows = [
            Self.row("e1", session: "s", evaluator: "A", expert: "X", score: 60),
            Self.row("e2", session: "s", evaluator: "B", score: 70),
        ]
        let session = CalibrationSession(sessionID: "s", rows: rows)
        #expect(session.consensus == 65)
        #expect(!session.consensusIsExpert)
        #expect(session.deviations.map(\.deviation) == [-5, 5])
    }

    @Test("a session belongs to the month of its earliest evaluation")
    func sessionMonth() {
        let september = LocalDate(year: 2026, month: 9, day: 30) ?? LocalDate(dayNumber: 0)
        var early = Self.row("e1", session: "s", evaluator: "A", score: 60)
        early.localDate = september
        early.evaluatedAtMillis = 0
        let rows = [early, Self.row("e2", session: "s", evaluator: "B", score: 70)]
        #expect(CalibrationSession(sessionID: "s", rows: rows).month == Month(year: 2026, month: 9))
    }

    @Test("an evaluator with a planted +8 bias stands out in the report")
    func plantedBias() throws {
        var rows: [CalibrationEvaluation] = []
        for i in 0..<12 {
            let expert = 60 + Double(i * 3)
            let session = "cal-\(i)"
            rows.append(Self.row("x\(i)", session: session, evaluator: "qa-expert", expert: "qa-expert", score: expert))
            rows.append(Self.row("a\(i)", session: session, evaluator: "qa-fair", score: expert + (i % 2 == 0 ? 1 : -1)))
            rows.append(Self.row("b\(i)", session: session, evaluator: "qa-steady", score: expert + (i % 3 == 0 ? -2 : 1)))
            rows.append(Self.row("c\(i)", session: session, evaluator: "qa-lenient", score: expert + 8))
        }
        let report = CalibrationReport(evaluations: rows)
        let worst = try #require(report.total.evaluators.max { abs($0.bias) < abs($1.bias) })
        #expect(worst.evaluatorID == "qa-lenient")
        #expect(abs(worst.bias - 8) < 1e-12 && abs(worst.mad - 8) < 1e-12 && worst.n == 12)
        #expect(report.total.evaluators.filter { $0.flag != nil }.map(\.evaluatorID) == ["qa-lenient"])
        #expect(worst.flag == "lenient")
        // 24 of the 36 non-expert rows are within ±5.
        #expect(abs((report.total.withinTolerance ?? 0) - 24.0 / 36) < 1e-12)
        let interval = try #require(report.total.alphaInterval)
        #expect(interval.low <= interval.high)
    }
}
