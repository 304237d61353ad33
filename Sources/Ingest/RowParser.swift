import GovernanceCore

/// Syntactic validation: turns one CSV record of a known file kind into a typed
/// ``IngestRow``, or a ``RowError`` naming the first bad field.
///
/// The rules (SPEC section 9, plus the choices written here):
/// - Ids: 1–64 characters from `[A-Za-z0-9._:-]`. Empty only where allowed: `customer_id`;
///   `agent_id` and `handle_seconds` of an abandoned interaction; `calibration_session_id` and
///   `expert_evaluator_id` (the expert only with a session); `terminated_on` and
///   `termination_reason` (the reason only with a date).
/// - Numbers are decimal (`12`, `12.5`, `1e3`); seconds, points and `planned_fte` are ≥ 0.
///   `agent_days` seconds are at most 90,000 (25 hours, the longest local day), with
///   `adherent_seconds` ≤ `scheduled_seconds` and `available_seconds` ≤ `staffed_seconds`.
/// - `abandoned` is `0` or `1`; `channel` is voice, chat, email, social or video.
/// - Timestamps are RFC 3339; dates `YYYY-MM-DD`; months (`planned_headcount.month`,
///   `reported_metrics.period`) `YYYY-MM` — reported values are monthly.
/// - Survey scores are whole numbers 1–5, engagement scores 0–10, `form_version` ≥ 1.
/// - `focus_metrics` names one or two distinct agent-level catalog metrics, `;`-separated.
/// - `reported_metrics.metric` is a catalog metric or `program_cost`; its value is a
///   percentage (0–100) for ratio metrics, −100…100 for `enps`, and ≥ 0 otherwise;
///   `source` is vendor or client.
/// - Free text (`root_cause`, `commitment`, `termination_reason`) is at most 4,096 bytes;
///   `root_cause` and `commitment` are required. `follow_up_on` is not before `held_on`,
///   `terminated_on` not before `hired_on`.
///
/// Bounds are compared with the SPEC's tolerance of 1e-9.
public struct RowParser: Sendable {
    /// The header mapping of the file (and so its kind).
    public let mapping: HeaderMapping
    /// The file name for errors.
    public let fileName: String

    /// The longest free-text value accepted, in UTF-8 bytes.
    public static let maxTextBytes = 4096
    /// The largest seconds figure of an agent day: 25 hours, the longest local day.
    public static let maxDaySeconds = 90_000.0

    /// Creates a parser for files with header `mapping`.
    public init(mapping: HeaderMapping, fileName: String) {
        self.mapping = mapping
        self.fileName = fileName
    }

    /// Parses one data record.
    /// - Parameter record: A record whose fields follow the header of ``mapping``.
    /// - Returns: The typed row (``InteractionRow/localDate`` and ``EvaluationRow/localDate``
    ///   stay `nil`: they need the ``ContextualValidator``).
    /// - Throws: ``RowError`` for the first problem, at the record's first line.
    public func parse(_ record: CSVRecord) throws(RowError) -> IngestRow {
        try checkFieldCount(record)
        return try record.withUnsafeFields { bytes, ranges throws(RowError) in
            try Self.parse(Fields(record: record, bytes: bytes, ranges: ranges, mapping: mapping, fileName: fileName))
        }
    }

    private func checkFieldCount(_ record: CSVRecord) throws(RowError) {
        let expected = mapping.header.count
        if record.count != expected {
            if record.count < expected {
                throw RowError(
                    file: fileName, line: record.line, column: record.count + 1,
                    columnName: mapping.header[record.count],
                    message:
                        "row has \(record.count) \(record.count == 1 ? "field" : "fields"), the header has \(expected)"
                )
            }
            throw RowError(
                file: fileName, line: record.line, column: expected + 1, columnName: nil,
                message: "row has \(record.count) fields, the header has \(expected)"
            )
        }
    }

    /// Parses one data record and runs the contextual checks on it.
    /// - Parameters:
    ///   - record: A record whose fields follow the header of ``mapping``.
    ///   - validator: The contextual validator of the same file.
    /// - Returns: The typed row, local dates filled.
    /// - Throws: ``RowError`` for the first problem, syntactic ones first.
    public func parse(_ record: CSVRecord, checkingWith validator: inout ContextualValidator) throws(RowError)
        -> IngestRow
    {
        try checkFieldCount(record)
        // Check the typed payload before wrapping it, so the row is never copied out of the enum.
        switch mapping.kind {
        case .interactions:
            var interaction = try record.withUnsafeFields { bytes, ranges throws(RowError) in
                try Fields(record: record, bytes: bytes, ranges: ranges, mapping: mapping, fileName: fileName)
                    .interaction()
            }
            try validator.check(&interaction, line: record.line)
            return .interaction(interaction)
        case .evaluations:
            var evaluation = try record.withUnsafeFields { bytes, ranges throws(RowError) in
                try Fields(record: record, bytes: bytes, ranges: ranges, mapping: mapping, fileName: fileName)
                    .evaluation()
            }
            try validator.check(&evaluation, line: record.line)
            return .evaluation(evaluation)
        default:
            let row = try parse(record)
            if case .evaluationAnswer(let answer) = row { try validator.check(answer, line: record.line) }
            if let programID = row.programID { try validator.checkProgram(programID, line: record.line) }
            return row
        }
    }

    private static func parse(_ fields: Fields) throws(RowError) -> IngestRow {
        switch fields.mapping.kind {
        case .interactions: return .interaction(try fields.interaction())
        case .surveys: return .survey(try fields.survey())
        case .evaluations: return .evaluation(try fields.evaluation())
        case .evaluationAnswers: return .evaluationAnswer(try fields.evaluationAnswer())
        case .agentDays: return .agentDay(try fields.agentDay())
        case .roster: return .roster(try fields.roster())
        case .plannedHeadcount: return .plannedHeadcount(try fields.plannedHeadcount())
        case .engagement: return .engagement(try fields.engagement())
        case .reportedMetrics: return .reportedMetric(try fields.reportedMetric())
        case .coachingSessions: return .coachingSession(try fields.coachingSession())
        }
    }
}

// MARK: - Field access

/// One record seen through a header mapping; columns are addressed by their SPEC index.
///
/// Reads fields through raw pointers (valid only inside ``CSVRecord/withUnsafeFields(_:)``)
/// so that looking at a field costs no reference counting.
private struct Fields {
    let record: CSVRecord
    let bytes: UnsafeBufferPointer<UInt8>
    let ranges: UnsafeBufferPointer<Range<Int>>
    let mapping: HeaderMapping
    let fileName: String

    subscript(column: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[ranges[mapping.positions[column]]])
    }

    /// The field as an array slice, for the parsers of GovernanceCore.
    func slice(_ column: Int) -> ArraySlice<UInt8> { record[mapping.positions[column]] }

    func name(_ column: Int) -> String { mapping.kind.columns[column] }

    func error(_ column: Int, _ message: String) -> RowError {
        RowError(
            file: fileName, line: record.line, column: mapping.positions[column] + 1, columnName: name(column),
            message: message
        )
    }

    func string(_ column: Int) -> String { String(decoding: self[column], as: UTF8.self) }

    func id(_ column: Int) throws(RowError) -> String {
        let bytes = self[column]
        guard !bytes.isEmpty else { throw error(column, "\(name(column)) is empty (an id is required)") }
        guard Identifier.isValid(bytes: bytes) else {
            throw error(column, "not a valid id (1–64 characters from A-Z a-z 0-9 . _ : -): \(quoted(bytes))")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func optionalID(_ column: Int) throws(RowError) -> String? {
        self[column].isEmpty ? nil : try id(column)
    }

    func instant(_ column: Int) throws(RowError) -> Instant {
        guard let value = Instant.parse(utf8: slice(column)) else {
            throw error(column, "not an RFC 3339 timestamp: \(quoted(self[column]))")
        }
        return value
    }

    func date(_ column: Int) throws(RowError) -> LocalDate {
        guard let value = LocalDate.parse(utf8: slice(column)) else {
            throw error(column, "not a date (YYYY-MM-DD): \(quoted(self[column]))")
        }
        return value
    }

    func optionalDate(_ column: Int) throws(RowError) -> LocalDate? {
        self[column].isEmpty ? nil : try date(column)
    }

    func month(_ column: Int) throws(RowError) -> Month {
        let bytes = self[column]
        guard bytes.count == 7, let value = Month(String(decoding: bytes, as: UTF8.self)) else {
            throw error(column, "not a month (YYYY-MM): \(quoted(bytes))")
        }
        return value
    }

    func number(_ column: Int) throws(RowError) -> Double {
        guard let value = FieldScan.decimal(self[column]) else {
            throw error(column, "not a number: \(quoted(self[column]))")
        }
        return value
    }

    func nonNegative(_ column: Int) throws(RowError) -> Double {
        let value = try number(column)
        guard value >= 0 else {
            throw error(column, "negative \(name(column)): \(quoted(self[column])) (must be ≥ 0)")
        }
        return value
    }

    func optionalNonNegative(_ column: Int) throws(RowError) -> Double? {
        self[column].isEmpty ? nil : try nonNegative(column)
    }

    func integer(_ column: Int, in range: ClosedRange<Int>, what: String) throws(RowError) -> Int {
        guard let value = FieldScan.integer(self[column]), range.contains(value) else {
            throw error(column, "\(what), got \(quoted(self[column]))")
        }
        return value
    }

    func text(_ column: Int, required: Bool) throws(RowError) -> String? {
        let bytes = self[column]
        if bytes.isEmpty {
            guard !required else { throw error(column, "\(name(column)) is empty (a value is required)") }
            return nil
        }
        guard bytes.count <= RowParser.maxTextBytes else {
            throw error(column, "\(name(column)) is longer than \(RowParser.maxTextBytes) bytes: \(quoted(bytes))")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A seconds figure of an agent day: ≥ 0 and at most ``RowParser/maxDaySeconds``.
    func daySeconds(_ column: Int) throws(RowError) -> Double {
        let value = try nonNegative(column)
        guard value <= RowParser.maxDaySeconds + boundTolerance else {
            throw error(
                column,
                "\(name(column)) exceeds 90000 (25 hours, the longest local day): \(quoted(self[column]))"
            )
        }
        return value
    }
}

// MARK: - Per kind

private let channelList = Channel.allCases.map(\.rawValue).joined(separator: ", ")

extension Fields {
    func interaction() throws(RowError) -> InteractionRow {
        let interactionID = try id(0)
        let programID = try id(1)
        let agentID = try optionalID(2)
        let customerID = try optionalID(3)
        let channelBytes = self[4]
        guard let channel = Channel(bytes: channelBytes) else {
            throw error(4, "unknown channel \(quoted(channelBytes)) (\(channelList))")
        }
        let startedAt = try instant(5)
        let wait = try nonNegative(6)
        let handle = try optionalNonNegative(7)
        let abandonedBytes = self[8]
        guard abandonedBytes.count == 1, let flag = abandonedBytes.first,
            flag == UInt8(ascii: "0") || flag == UInt8(ascii: "1")
        else {
            throw error(8, "abandoned must be 0 or 1, got \(quoted(abandonedBytes))")
        }
        let abandoned = flag == UInt8(ascii: "1")
        if !abandoned {
            if agentID == nil {
                throw error(2, "agent_id is empty but the interaction was answered (only an abandoned one may lack it)")
            }
            if handle == nil {
                throw error(
                    7, "handle_seconds is empty but the interaction was answered (only an abandoned one may lack it)"
                )
            }
        }
        return InteractionRow(
            interactionID: interactionID, programID: programID, agentID: agentID, customerID: customerID,
            channel: channel, startedAt: startedAt, waitSeconds: wait, handleSeconds: handle ?? 0,
            abandoned: abandoned
        )
    }

    func survey() throws(RowError) -> SurveyRow {
        SurveyRow(
            interactionID: try id(0),
            score: try integer(1, in: 1...5, what: "a survey score is a whole number from 1 to 5")
        )
    }

    func evaluation() throws(RowError) -> EvaluationRow {
        let evaluationID = try id(0)
        let programID = try id(1)
        let agentID = try id(2)
        let evaluatorID = try id(3)
        let interactionID = try id(4)
        let formID = try id(5)
        let formVersion = try integer(6, in: 1...Int(Int32.max), what: "form_version is a whole number ≥ 1")
        let evaluatedAt = try instant(7)
        let sessionID = try optionalID(8)
        let expertID = try optionalID(9)
        if expertID != nil, sessionID == nil {
            throw error(
                9, "expert_evaluator_id is set but calibration_session_id is empty (experts belong to a session)")
        }
        return EvaluationRow(
            evaluationID: evaluationID, programID: programID, agentID: agentID, evaluatorID: evaluatorID,
            interactionID: interactionID, formID: formID, formVersion: formVersion, evaluatedAt: evaluatedAt,
            calibrationSessionID: sessionID, expertEvaluatorID: expertID
        )
    }

    func evaluationAnswer() throws(RowError) -> EvaluationAnswerRow {
        EvaluationAnswerRow(evaluationID: try id(0), itemID: try id(1), points: try nonNegative(2))
    }

    func agentDay() throws(RowError) -> AgentDayRow {
        let agentID = try id(0)
        let programID = try id(1)
        let date = try date(2)
        let scheduled = try daySeconds(3)
        let staffed = try daySeconds(4)
        let available = try daySeconds(5)
        let adherent = try daySeconds(6)
        if available > staffed + boundTolerance {
            throw error(5, "available_seconds (\(self.string(5))) exceeds staffed_seconds (\(self.string(4)))")
        }
        if adherent > scheduled + boundTolerance {
            throw error(6, "adherent_seconds (\(self.string(6))) exceeds scheduled_seconds (\(self.string(3)))")
        }
        return AgentDayRow(
            agentID: agentID, programID: programID, date: date, scheduledSeconds: scheduled, staffedSeconds: staffed,
            availableSeconds: available, adherentSeconds: adherent
        )
    }

    func roster() throws(RowError) -> RosterRow {
        let agentID = try id(0)
        let programID = try id(1)
        let siteID = try id(2)
        let teamID = try id(3)
        let supervisorID = try id(4)
        let hiredOn = try date(5)
        let terminatedOn = try optionalDate(6)
        let reason = try text(7, required: false)
        if let terminatedOn, terminatedOn < hiredOn {
            throw error(6, "terminated_on \(terminatedOn) is before hired_on \(hiredOn)")
        }
        if reason != nil, terminatedOn == nil {
            throw error(7, "termination_reason is set but terminated_on is empty")
        }
        return RosterRow(
            agentID: agentID, programID: programID, siteID: siteID, teamID: teamID, supervisorID: supervisorID,
            hiredOn: hiredOn, terminatedOn: terminatedOn, terminationReason: reason
        )
    }

    func plannedHeadcount() throws(RowError) -> PlannedHeadcountRow {
        PlannedHeadcountRow(programID: try id(0), month: try month(1), plannedFTE: try nonNegative(2))
    }

    func engagement() throws(RowError) -> EngagementRow {
        EngagementRow(
            agentID: try id(0), programID: try id(1), surveyedOn: try date(2),
            score: try integer(3, in: 0...10, what: "an engagement score is a whole number from 0 to 10")
        )
    }

    func reportedMetric() throws(RowError) -> ReportedMetricRow {
        let programID = try id(0)
        let period = try month(1)
        let metric = string(2)
        let catalog = Metric(rawValue: metric)
        guard catalog != nil || metric == ReportedMetricRow.programCost else {
            throw error(2, "unknown metric \(quoted(metric)) (a catalog metric or program_cost)")
        }
        let value = try number(3)
        switch catalog {
        case .enps?:
            guard value >= -100 - boundTolerance, value <= 100 + boundTolerance else {
                throw error(3, "enps is between -100 and 100, got \(quoted(self[3]))")
            }
        case let ratio? where ratio.isPercentage:
            guard value >= -boundTolerance, value <= 100 + boundTolerance else {
                throw error(3, "\(metric) is a percentage from 0 to 100, got \(quoted(self[3]))")
            }
        default:
            guard value >= -boundTolerance else {
                throw error(3, "\(metric) cannot be negative, got \(quoted(self[3]))")
            }
        }
        let sourceText = string(4)
        guard let source = ReportSource(rawValue: sourceText) else {
            throw error(4, "source must be vendor or client, got \(quoted(sourceText))")
        }
        return ReportedMetricRow(programID: programID, period: period, metric: metric, value: value, source: source)
    }

    func coachingSession() throws(RowError) -> CoachingSessionRow {
        let sessionID = try id(0)
        let evaluationID = try id(1)
        let agentID = try id(2)
        let supervisorID = try id(3)
        let heldOn = try date(4)
        let focus = try focusMetrics(5)
        let rootCause = try text(6, required: true) ?? ""
        let commitment = try text(7, required: true) ?? ""
        let followUpOn = try date(8)
        if followUpOn < heldOn {
            throw error(8, "follow_up_on \(followUpOn) is before held_on \(heldOn)")
        }
        return CoachingSessionRow(
            sessionID: sessionID, evaluationID: evaluationID, agentID: agentID, supervisorID: supervisorID,
            heldOn: heldOn, focusMetrics: focus, rootCause: rootCause, commitment: commitment, followUpOn: followUpOn
        )
    }

    /// `focus_metrics`: one or two distinct agent-level catalog metrics separated by `;`
    /// (spaces around a name are ignored).
    func focusMetrics(_ column: Int) throws(RowError) -> [Metric] {
        let text = string(column)
        let names = text.isEmpty ? [] : text.split(separator: ";", omittingEmptySubsequences: false)
        guard (1...2).contains(names.count) else {
            let got = names.isEmpty ? "none" : "\(names.count)"
            throw error(column, "a coaching session names one or two focus metrics, got \(got): \(quoted(text))")
        }
        var metrics: [Metric] = []
        for raw in names {
            let name = raw.trimmingSpaces()
            guard !name.isEmpty else { throw error(column, "empty focus metric name in \(quoted(text))") }
            guard let metric = Metric(rawValue: name) else {
                throw error(column, "unknown focus metric \(quoted(name)) (agent-level metrics: \(agentLevelList))")
            }
            guard metric.isAgentLevel else {
                throw error(
                    column,
                    "focus metric \(name) is not an agent-level metric (agent-level metrics: \(agentLevelList))"
                )
            }
            guard !metrics.contains(metric) else { throw error(column, "focus metric \(name) is named twice") }
            metrics.append(metric)
        }
        return metrics
    }
}

private let agentLevelList = Metric.allCases.filter(\.isAgentLevel).map(\.rawValue).joined(separator: ", ")

extension Metric {
    /// Whether values of the metric are percentages bounded by 0 and 100.
    fileprivate var isPercentage: Bool {
        switch self {
        case .serviceLevel, .abandonRate, .qaScore, .complianceRate, .fcrRate, .csat, .occupancy, .adherence:
            return true
        default:
            return false
        }
    }
}

extension Channel {
    /// The channel spelled by `bytes`, without building a string.
    fileprivate init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count >= 4 else { return nil }
        let candidate: Channel
        let spelling: StaticString
        switch bytes[0] {
        case UInt8(ascii: "v") where bytes[1] == UInt8(ascii: "o"): (candidate, spelling) = (.voice, "voice")
        case UInt8(ascii: "v"): (candidate, spelling) = (.video, "video")
        case UInt8(ascii: "c"): (candidate, spelling) = (.chat, "chat")
        case UInt8(ascii: "e"): (candidate, spelling) = (.email, "email")
        case UInt8(ascii: "s"): (candidate, spelling) = (.social, "social")
        default: return nil
        }
        let expected = UnsafeBufferPointer(start: spelling.utf8Start, count: spelling.utf8CodeUnitCount)
        guard expected.elementsEqual(bytes) else { return nil }
        self = candidate
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var trimmed = self[...]
        while trimmed.first == " " { trimmed.removeFirst() }
        while trimmed.last == " " { trimmed.removeLast() }
        return String(trimmed)
    }
}
