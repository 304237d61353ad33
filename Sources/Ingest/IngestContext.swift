import GovernanceCore

/// What a tenant's configuration says about incoming rows: which programs exist, their time
/// zones and service-level thresholds, and (optionally) which QA forms exist.
///
/// Used by ``ContextualValidator``; built by the server from the tenant's manifest.
public struct IngestContext: Sendable, Hashable {
    /// What the contextual checks need to know about one program.
    public struct Program: Sendable, Hashable {
        /// The program's IANA time zone, e.g. `Asia/Manila`.
        public var timeZone: String
        /// T per channel (`service_level_seconds`); an interaction on a channel without one
        /// is an import error (SPEC section 2).
        public var serviceLevelSeconds: [Channel: Double]

        /// Creates a program description.
        public init(timeZone: String, serviceLevelSeconds: [Channel: Double]) {
            self.timeZone = timeZone
            self.serviceLevelSeconds = serviceLevelSeconds
        }
    }

    /// The tenant's programs by id; any other `program_id` is an error.
    public var programs: [String: Program]
    /// The tenant's QA forms: form id → known versions. `nil` skips the form check; an empty
    /// dictionary rejects every evaluation.
    public var qaForms: [String: Set<Int>]?
    /// The items of every QA form version, for checking `evaluation_answers.csv`; `nil` skips
    /// the answer checks.
    public var qaFormItems: [QAFormKey: [String: QAItemRule]]?
    /// The form version each stored evaluation used (evaluation id → form); with
    /// ``qaFormItems`` it decides whether an answer's item and points fit. `nil` skips the checks.
    public var evaluationForms: [String: QAFormKey]?

    /// Creates a context.
    public init(
        programs: [String: Program], qaForms: [String: Set<Int>]? = nil,
        qaFormItems: [QAFormKey: [String: QAItemRule]]? = nil, evaluationForms: [String: QAFormKey]? = nil
    ) {
        self.programs = programs
        self.qaForms = qaForms
        self.qaFormItems = qaFormItems
        self.evaluationForms = evaluationForms
    }

    /// The known program ids.
    public var programIDs: Set<String> { Set(programs.keys) }
}

/// A QA form version: form id and version.
public struct QAFormKey: Sendable, Hashable, CustomStringConvertible {
    /// The form id.
    public var formID: String
    /// The version (≥ 1).
    public var version: Int

    /// Creates a key.
    public init(formID: String, version: Int) {
        self.formID = formID
        self.version = version
    }

    /// `form v2`.
    public var description: String { "\(formID) v\(version)" }
}

/// What an answer to one QA form item may be (SPEC section 4): a hard-fail item is answered
/// 1 (pass) or 0 (fail); a scored item 0 to its `max_points`.
public struct QAItemRule: Sendable, Hashable {
    /// The maximum points of a scored item (ignored for hard-fail items).
    public var maxPoints: Double
    /// Whether the item is hard-fail.
    public var hardFail: Bool

    /// Creates a rule.
    public init(maxPoints: Double, hardFail: Bool) {
        self.maxPoints = maxPoints
        self.hardFail = hardFail
    }

    /// Why `points` is not a valid answer, or `nil` when it is.
    public func problem(points: Double, itemID: String) -> String? {
        if hardFail {
            guard points == 0 || points == 1 else {
                return "item \(itemID) is hard-fail: answer 1 (pass) or 0 (fail), got \(Self.format(points))"
            }
            return nil
        }
        guard points >= 0 else { return "points of item \(itemID) must be ≥ 0, got \(Self.format(points))" }
        guard points <= maxPoints + boundTolerance else {
            return "item \(itemID) has max_points \(Self.format(maxPoints)), got \(Self.format(points))"
        }
        return nil
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// Contextual validation: checks typed rows against an ``IngestContext`` and fills in what
/// the context decides (the local date of interactions and evaluations).
///
/// Checks: the `program_id` must be a known program (with a known time zone); an
/// interaction's channel must have a `service_level_seconds` in its program; an
/// evaluation's form and version must exist when the context lists forms.
///
/// Keeps one ``LocalDateResolver`` per program (each caches zone offsets), so it is not
/// `Sendable`: every import owns its own validator.
public struct ContextualValidator {
    /// The configuration checked against.
    public let context: IngestContext
    /// The header mapping, to point errors at the right column.
    public let mapping: HeaderMapping
    /// The file name for errors.
    public let fileName: String

    /// What the validator keeps per program it has met.
    private struct Entry {
        var program: IngestContext.Program
        var resolver: LocalDateResolver?
        /// Bit `channel.code` is set when the channel has a service-level threshold.
        var channelsWithThreshold: UInt8
        /// The last 15-minute UTC bucket looked up, and its offset (rows come roughly in time order).
        var lastBucket = Int64.min
        var lastOffset = 0
    }

    private var slots: [String: Int] = [:]
    private var entries: [Entry] = []
    private var lastProgramID = ""
    private var lastSlot = -1

    /// Creates a validator for one file.
    public init(context: IngestContext, mapping: HeaderMapping, fileName: String) {
        self.context = context
        self.mapping = mapping
        self.fileName = fileName
    }

    /// Checks any row (which came from record line `line`) and fills its local date.
    /// - Throws: ``RowError`` located at the offending column.
    public mutating func check(_ row: inout IngestRow, line: Int) throws(RowError) {
        switch row {
        case .interaction(var interaction):
            try check(&interaction, line: line)
            row = .interaction(interaction)
        case .evaluation(var evaluation):
            try check(&evaluation, line: line)
            row = .evaluation(evaluation)
        case .evaluationAnswer(let answer):
            try check(answer, line: line)
        default:
            if let programID = row.programID {
                try checkProgram(programID, line: line)
            }
        }
    }

    /// Checks an interaction's program and channel, and sets its ``InteractionRow/localDate``.
    /// - Throws: ``RowError`` for an unknown program or a channel without a threshold.
    public mutating func check(_ interaction: inout InteractionRow, line: Int) throws(RowError) {
        let slot = try knownSlot(interaction.programID, line: line)
        guard entries[slot].channelsWithThreshold & (1 << UInt8(interaction.channel.code)) != 0 else {
            throw error(
                "channel", line: line,
                "channel \(interaction.channel.rawValue) has no service_level_seconds"
                    + " in program \(interaction.programID)"
            )
        }
        interaction.localDate = localDate(of: interaction.startedAt, slot: slot)
    }

    /// Checks an evaluation's program and form, and sets its ``EvaluationRow/localDate``.
    /// - Throws: ``RowError`` for an unknown program, form or form version.
    public mutating func check(_ evaluation: inout EvaluationRow, line: Int) throws(RowError) {
        let slot = try knownSlot(evaluation.programID, line: line)
        if let forms = context.qaForms {
            guard let versions = forms[evaluation.formID] else {
                throw error("form_id", line: line, "unknown QA form \(evaluation.formID)")
            }
            guard versions.contains(evaluation.formVersion) else {
                let known = versions.sorted().map(String.init).joined(separator: ", ")
                throw error(
                    "form_version", line: line,
                    "QA form \(evaluation.formID) has no version \(evaluation.formVersion) (known: \(known))"
                )
            }
        }
        evaluation.localDate = localDate(of: evaluation.evaluatedAt, slot: slot)
    }

    /// Checks an answer against its evaluation's form version: the evaluation must be stored, the
    /// item must be on the form, and the points must fit the item (``QAItemRule``).
    /// - Throws: ``RowError`` at the `evaluation_id`, `item_id` or `points` column.
    public func check(_ answer: EvaluationAnswerRow, line: Int) throws(RowError) {
        guard let evaluations = context.evaluationForms, let forms = context.qaFormItems else { return }
        guard let key = evaluations[answer.evaluationID] else {
            throw error(
                "evaluation_id", line: line,
                "unknown evaluation \(answer.evaluationID): import its row of evaluations.csv first")
        }
        guard let items = forms[key], let rule = items[answer.itemID] else {
            let known = (forms[key]?.keys.sorted() ?? []).prefix(20).joined(separator: ", ")
            throw error("item_id", line: line, "QA form \(key) has no item \(answer.itemID) (items: \(known))")
        }
        if let problem = rule.problem(points: answer.points, itemID: answer.itemID) {
            throw error("points", line: line, problem)
        }
    }

    /// Checks that `programID` is a known program with a known time zone.
    /// - Throws: ``RowError`` at the `program_id` column.
    public mutating func checkProgram(_ programID: String, line: Int) throws(RowError) {
        _ = try knownSlot(programID, line: line)
    }

    /// The local date of `instant` in the time zone of `programID`, or `nil` when the program
    /// or its zone is unknown.
    public mutating func localDate(of instant: Instant, inProgram programID: String) -> LocalDate? {
        guard let slot = slot(for: programID), entries[slot].resolver != nil else { return nil }
        return localDate(of: instant, slot: slot)
    }

    // MARK: Private

    private mutating func slot(for programID: String) -> Int? {
        if lastSlot >= 0, programID == lastProgramID { return lastSlot }
        let slot: Int
        if let known = slots[programID] {
            slot = known
        } else {
            guard let program = context.programs[programID] else { return nil }
            slot = entries.count
            var mask: UInt8 = 0
            for channel in program.serviceLevelSeconds.keys { mask |= 1 << UInt8(channel.code) }
            entries.append(
                Entry(
                    program: program, resolver: LocalDateResolver(identifier: program.timeZone),
                    channelsWithThreshold: mask)
            )
            slots[programID] = slot
        }
        lastProgramID = programID
        lastSlot = slot
        return slot
    }

    private mutating func knownSlot(_ programID: String, line: Int) throws(RowError) -> Int {
        guard let slot = slot(for: programID) else {
            let known = context.programs.keys.sorted()
            let list = known.prefix(10).joined(separator: ", ") + (known.count > 10 ? ", …" : "")
            throw error(
                "program_id", line: line, "unknown program \(programID) (known: \(list.isEmpty ? "none" : list))")
        }
        guard entries[slot].resolver != nil else {
            throw error(
                "program_id", line: line,
                "program \(programID) has an unknown time zone \(quoted(entries[slot].program.timeZone))"
                    + " in its configuration"
            )
        }
        return slot
    }

    /// The local date of `instant` in the zone of `slot`; the zone is known.
    private mutating func localDate(of instant: Instant, slot: Int) -> LocalDate {
        // Same 15-minute bucketing as LocalDateResolver: no zone transition falls inside a bucket.
        let seconds = instant.seconds
        let bucket = seconds >= 0 ? seconds / 900 : (seconds - 899) / 900
        let offset: Int
        if entries[slot].lastBucket == bucket {
            offset = entries[slot].lastOffset
        } else {
            offset = entries[slot].resolver?.offsetSeconds(at: instant) ?? 0
            entries[slot].lastBucket = bucket
            entries[slot].lastOffset = offset
        }
        let local = instant.millis + Int64(offset) * 1000
        let day = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        return LocalDate(dayNumber: Int(day))
    }

    private func error(_ column: String, line: Int, _ message: String) -> RowError {
        let position = mapping.position(of: column)
        return RowError(
            file: fileName, line: line, column: position.map { $0 + 1 } ?? 0, columnName: column, message: message
        )
    }
}
