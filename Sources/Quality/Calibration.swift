import GovernanceCore

/// One calibration evaluation (an evaluation with a `calibration_session_id`).
public struct CalibrationEvaluation: Sendable, Hashable {
    /// The evaluation id.
    public var evaluationID: String
    /// The calibration session.
    public var sessionID: String
    /// Who scored.
    public var evaluatorID: String
    /// The expert the row names, if any.
    public var expertEvaluatorID: String?
    /// `evaluated_at` in UTC milliseconds (orders the session's rows).
    public var evaluatedAtMillis: Int64
    /// The local date of `evaluated_at`.
    public var localDate: LocalDate
    /// The quality score; `nil` when no scored item was answered (the row then takes no part).
    public var qualityScore: Double?
    /// The answers: item id → points.
    public var answers: [String: Double]

    /// Creates a row.
    public init(
        evaluationID: String, sessionID: String, evaluatorID: String, expertEvaluatorID: String?,
        evaluatedAtMillis: Int64, localDate: LocalDate, qualityScore: Double?, answers: [String: Double] = [:]
    ) {
        self.evaluationID = evaluationID
        self.sessionID = sessionID
        self.evaluatorID = evaluatorID
        self.expertEvaluatorID = expertEvaluatorID
        self.evaluatedAtMillis = evaluatedAtMillis
        self.localDate = localDate
        self.qualityScore = qualityScore
        self.answers = answers
    }
}

/// One calibration session: its consensus and the deviations of its non-expert rows.
public struct CalibrationSession: Sendable, Hashable {
    /// The session id.
    public var sessionID: String
    /// The month of its earliest `evaluated_at` (the session belongs to it).
    public var month: Month
    /// The expert named (first non-empty `expert_evaluator_id`, by `evaluated_at` then evaluation id).
    public var expertEvaluatorID: String?
    /// Whether the consensus is the expert's score (else the median of the evaluators' scores).
    public var consensusIsExpert: Bool
    /// The consensus quality score; `nil` when no row has a score.
    public var consensus: Double?
    /// Every scored row's quality score (the expert's included): alpha's values for this unit.
    public var scores: [Double]
    /// The non-expert rows: evaluator and deviation (score − consensus).
    public var deviations: [(evaluatorID: String, deviation: Double)]
    /// Per item: the consensus answer and the non-expert answers.
    public var items: [String: (consensus: Double, answers: [Double])]

    public static func == (lhs: CalibrationSession, rhs: CalibrationSession) -> Bool {
        lhs.sessionID == rhs.sessionID && lhs.month == rhs.month && lhs.consensus == rhs.consensus
            && lhs.scores == rhs.scores && lhs.deviations.map(\.deviation) == rhs.deviations.map(\.deviation)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sessionID)
    }

    /// Builds a session from its rows (SPEC section 4, calibration).
    ///
    /// Consensus = the expert's quality score when the expert has a scored row, else the median
    /// of the rows' scores. Deviations exclude the expert's own row. The consensus answer of an
    /// item is the expert's answer, else the lower median of the answers (so it is an answer
    /// someone gave); alignment compares the non-expert answers with it.
    public init(sessionID: String, rows: [CalibrationEvaluation]) {
        let ordered = rows.sorted { ($0.evaluatedAtMillis, $0.evaluationID) < ($1.evaluatedAtMillis, $1.evaluationID) }
        self.sessionID = sessionID
        self.month = ordered.map(\.localDate).min()?.month ?? Month(index: 0)
        let expert = ordered.lazy.compactMap(\.expertEvaluatorID).first { !$0.isEmpty }
        self.expertEvaluatorID = expert
        let scored = ordered.filter { $0.qualityScore != nil }
        let expertRow = expert.flatMap { id in scored.first { $0.evaluatorID == id } }
        self.consensusIsExpert = expertRow != nil
        let scores = scored.compactMap(\.qualityScore)
        self.scores = scores
        self.consensus = expertRow?.qualityScore ?? Self.median(scores)
        let others = scored.filter { expertRow == nil || $0.evaluatorID != expertRow?.evaluatorID }
        if let consensus {
            self.deviations = others.compactMap { row in
                row.qualityScore.map { (row.evaluatorID, $0 - consensus) }
            }
        } else {
            self.deviations = []
        }
        var items: [String: (consensus: Double, answers: [Double])] = [:]
        let answering = ordered.filter { expertRow == nil || $0.evaluatorID != expertRow?.evaluatorID }
        let itemIDs = Set(ordered.flatMap(\.answers.keys))
        for item in itemIDs {
            let answers = answering.compactMap { $0.answers[item] }
            let consensusAnswer = expertRow?.answers[item] ?? Self.lowerMedian(answers)
            guard let consensusAnswer, !answers.isEmpty else { continue }
            items[item] = (consensusAnswer, answers)
        }
        self.items = items
    }

    /// The median (mean of the middle two for an even count); `nil` for no values.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func lowerMedian(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return values.sorted()[(values.count - 1) / 2]
    }
}

/// One evaluator's calibration: rows, mean absolute deviation and bias (mean signed deviation).
public struct EvaluatorCalibration: Sendable, Hashable {
    /// The evaluator.
    public var evaluatorID: String
    /// Non-expert calibration rows of the evaluator.
    public var n: Int
    /// Mean |score − consensus|.
    public var mad: Double
    /// Mean (score − consensus): positive = lenient, negative = harsh.
    public var bias: Double

    /// `lenient` when the bias is above the tolerance (+5 points), `harsh` when below −5, else
    /// `nil`: a consistently lenient or harsh evaluator stands out by name.
    public var flag: String? {
        if bias > CalibrationReport.tolerance + boundTolerance { return "lenient" }
        if bias < -CalibrationReport.tolerance - boundTolerance { return "harsh" }
        return nil
    }
}

/// Item-level alignment: the share of answers equal to the consensus answer.
public struct ItemAlignment: Sendable, Hashable {
    /// The item.
    public var itemID: String
    /// Non-expert answers compared.
    public var answers: Int
    /// Share (0–1) equal to the session's consensus answer.
    public var alignment: Double
}

/// The calibration figures of a set of sessions (one month, or a range).
public struct CalibrationSummary: Sendable, Hashable {
    /// Sessions with at least one scored row.
    public var sessions: Int
    /// Non-expert rows with a deviation.
    public var rows: Int
    /// Mean |deviation| over the rows; `nil` without rows.
    public var calibrationMAD: Double?
    /// Share (0–1) of rows with |deviation| ≤ the tolerance; `nil` without rows.
    public var withinTolerance: Double?
    /// Krippendorff's alpha (interval), expert rows included; `nil` when undefined.
    public var alpha: Double?
    /// 95 % percentile bootstrap interval of alpha (sessions resampled); `nil` when undefined.
    public var alphaInterval: (low: Double, high: Double)?
    /// Per evaluator, by evaluator id.
    public var evaluators: [EvaluatorCalibration]
    /// Per item, by item id.
    public var items: [ItemAlignment]

    public static func == (lhs: CalibrationSummary, rhs: CalibrationSummary) -> Bool {
        lhs.sessions == rhs.sessions && lhs.rows == rhs.rows && lhs.calibrationMAD == rhs.calibrationMAD
            && lhs.withinTolerance == rhs.withinTolerance && lhs.alpha == rhs.alpha
            && lhs.alphaInterval?.low == rhs.alphaInterval?.low && lhs.alphaInterval?.high == rhs.alphaInterval?.high
            && lhs.evaluators == rhs.evaluators && lhs.items == rhs.items
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sessions)
        hasher.combine(rows)
    }
}

/// The calibration report of a program (SPEC section 4): over a period, and month by month.
///
/// ```swift
/// let report = CalibrationReport(evaluations: rows, seed: CalibrationReport.defaultSeed)
/// report.total.calibrationMAD
/// report.total.evaluators.max { abs($0.bias) < abs($1.bias) }?.evaluatorID
/// ```
public struct CalibrationReport: Sendable {
    /// |deviation| ≤ this many points is within tolerance (SPEC section 4).
    public static let tolerance = 5.0
    /// Bootstrap draws for alpha's interval.
    public static let defaultResamples = 1000
    /// The fixed bootstrap seed, so the same data always gives the same interval.
    public static let defaultSeed: UInt64 = 20_261_001

    /// The sessions, by month then id.
    public var sessions: [CalibrationSession]
    /// Everything together.
    public var total: CalibrationSummary
    /// Month by month (the trend), in month order.
    public var months: [(month: Month, summary: CalibrationSummary)]

    /// Groups calibration `evaluations` into sessions and summarises them.
    /// - Parameters:
    ///   - evaluations: Calibration rows (any months; the caller filters by period).
    ///   - resamples: Bootstrap draws (0 leaves the interval out).
    ///   - seed: The bootstrap seed.
    public init(evaluations: [CalibrationEvaluation], resamples: Int = defaultResamples, seed: UInt64 = defaultSeed) {
        let grouped = Dictionary(grouping: evaluations, by: \.sessionID)
        sessions = grouped.map { CalibrationSession(sessionID: $0.key, rows: $0.value) }
            .filter { !$0.scores.isEmpty }
            .sorted { ($0.month, $0.sessionID) < ($1.month, $1.sessionID) }
        total = Self.summarise(sessions, resamples: resamples, seed: seed)
        let byMonth = Dictionary(grouping: sessions, by: \.month)
        months = byMonth.keys.sorted().map { month in
            (month, Self.summarise(byMonth[month] ?? [], resamples: resamples, seed: seed))
        }
    }

    /// The figures of `sessions`.
    public static func summarise(_ sessions: [CalibrationSession], resamples: Int, seed: UInt64) -> CalibrationSummary {
        let deviations = sessions.flatMap(\.deviations)
        let rows = deviations.count
        let absolute = deviations.map { abs($0.deviation) }
        let mad = rows > 0 ? absolute.reduce(0, +) / Double(rows) : nil
        let within = rows > 0
            ? Double(absolute.filter { $0 <= tolerance + boundTolerance }.count) / Double(rows) : nil
        var evaluators: [String: (n: Int, absolute: Double, signed: Double)] = [:]
        for (evaluator, deviation) in deviations {
            evaluators[evaluator, default: (0, 0, 0)].n += 1
            evaluators[evaluator, default: (0, 0, 0)].absolute += abs(deviation)
            evaluators[evaluator, default: (0, 0, 0)].signed += deviation
        }
        var items: [String: (answers: Int, equal: Int)] = [:]
        for session in sessions {
            for (item, entry) in session.items {
                items[item, default: (0, 0)].answers += entry.answers.count
                items[item, default: (0, 0)].equal += entry.answers.filter { abs($0 - entry.consensus) <= boundTolerance }.count
            }
        }
        let units = sessions.map(\.scores)
        return CalibrationSummary(
            sessions: sessions.count, rows: rows, calibrationMAD: mad, withinTolerance: within,
            alpha: KrippendorffAlpha.interval(units),
            alphaInterval: resamples > 0 ? KrippendorffAlpha.bootstrapInterval(units, resamples: resamples, seed: seed) : nil,
            evaluators: evaluators.keys.sorted().map { id in
                let e = evaluators[id] ?? (0, 0, 0)
                return EvaluatorCalibration(
                    evaluatorID: id, n: e.n, mad: e.absolute / Double(e.n), bias: e.signed / Double(e.n))
            },
            items: items.keys.sorted().map { id in
                let e = items[id] ?? (0, 0)
                return ItemAlignment(itemID: id, answers: e.answers, alignment: Double(e.equal) / Double(e.answers))
            })
    }
}
