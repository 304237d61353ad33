import Foundation
import GovernanceCore
import Ingest
import Testing

@Suite("Contextual validation (IngestContext)")
struct ContextualValidatorTests {
    /// The generator's bad interactions file (workload.py, `bad/interactions_bad.csv`).
    static let badInteractions = """
        interaction_id,program_id,agent_id,customer_id,channel,started_at,wait_seconds,handle_seconds,abandoned
        bad-test-0001,nw-care,nw-care-a0001,nw-cbad1,voice,2026-08-11T10:00:00Z,12,300,0
        bad-test-0002,nw-care,nw-care-a0001,nw-cbad2,voice,2026-08-11T10:00:00+08:00,12,300,0
        bad-test-0003,nw-care,nw-care-a0001,nw-cbad3,voice,2026-02-30T25:61:00Z,12,300,0
        bad-test-0004,nw-care,,nw-cbad4,voice,2026-08-11T10:00:00Z,12,,1
        bad-test-0005,nw-care,nw-care-a0001,nw-cbad5,voice,2026-08-11T10:00:00Z,-12,300,0
        bad-test-0006,nw-care,nw-care-a0001,nw-cbad6,fax,2026-08-11T10:00:00Z,12,300,0
        bad test 0007,nw-care,nw-care-a0001,nw-cbad7,voice,2026-08-11T10:00:00Z,12,300,0
        bad-test-0008,nw-care,nw-care-a0001,nw-cbad8,voice,2026-08-11T10:00:00Z,12,300
        bad-test-0009,nw-care,nw-care-a0001,nw-cbad9,email,2026-08-11T10:00:00Z,7200,300,0
        bad-test-0010,nw-care,nw-care-a0001,nw-cbad10,social,2026-08-11T10:00:00Z,12,300,0

        """

    static let nwCareOnly = IngestContext(
        programs: [
            "nw-care": .init(timeZone: "Asia/Manila", serviceLevelSeconds: [.voice: 20, .chat: 60, .email: 86400])
        ]
    )

    @Test("the generator's bad file: six rows fail at the right line and column, four pass")
    func badInteractionsFile() {
        let result = validate(Self.badInteractions, fileName: "interactions_bad.csv", context: Self.nwCareOnly)
        #expect(result.kind == .interactions)
        #expect(result.rowCount == 10)
        #expect(result.errorCount == 6)
        #expect(result.errors.map(\.line) == [4, 6, 7, 8, 9, 11])
        #expect(result.errors.map(\.column) == [6, 7, 5, 1, 9, 5])
        #expect(
            result.errors.map(\.columnName) == [
                "started_at", "wait_seconds", "channel", "interaction_id", "abandoned", "channel",
            ]
        )
        #expect(
            result.errors.map(\.description) == [
                "interactions_bad.csv:4:6 (started_at): not an RFC 3339 timestamp: \"2026-02-30T25:61:00Z\"",
                "interactions_bad.csv:6:7 (wait_seconds): negative wait_seconds: \"-12\" (must be ≥ 0)",
                "interactions_bad.csv:7:5 (channel): unknown channel \"fax\" (voice, chat, email, social, video)",
                "interactions_bad.csv:8:1 (interaction_id): not a valid id (1–64 characters from A-Z a-z 0-9 . _ : -): \"bad test 0007\"",
                "interactions_bad.csv:9:9 (abandoned): row has 8 fields, the header has 9",
                "interactions_bad.csv:11:5 (channel): channel social has no service_level_seconds in program nw-care",
            ]
        )
        #expect(result.rows.map(\.line) == [2, 3, 5, 10])
        #expect(result.rows.map(\.key) == ["bad-test-0001", "bad-test-0002", "bad-test-0004", "bad-test-0009"])
    }

    @Test("without a context the channel without a threshold is not an error")
    func syntacticOnly() {
        let result = validate(Self.badInteractions, fileName: "interactions_bad.csv")
        #expect(result.errors.map(\.line) == [4, 6, 7, 8, 9])
        #expect(result.rows.map(\.line) == [2, 3, 5, 10, 11])
        #expect(
            result.rows.allSatisfy { if case .interaction(let row) = $0.row { row.localDate == nil } else { false } })
    }

    @Test("the same bad file fed one byte at a time gives the same rows and errors")
    func badFileByteByByte() {
        var validator = FileValidator(fileName: "interactions_bad.csv", context: Self.nwCareOnly)
        var rows: [ValidatedRow] = []
        for byte in Array(Self.badInteractions.utf8) {
            validator.feed(CollectionOfOne(byte))
            while let row = validator.next() { rows.append(row) }
        }
        validator.finish()
        while let row = validator.next() { rows.append(row) }
        let whole = validate(Self.badInteractions, fileName: "interactions_bad.csv", context: Self.nwCareOnly)
        #expect(rows == whole.rows)
        #expect(validator.errors == whole.errors)
        #expect(validator.errorCount == 6)
        #expect(validator.rowCount == 10)
        #expect(validator.validRowCount == 4)
    }

    static let localDates: [(String, String, String)] = [
        // Asia/Manila is UTC+8 all year.
        ("Asia/Manila", "2026-08-11T17:00:00Z", "2026-08-12"),
        ("Asia/Manila", "2026-08-11T15:59:59Z", "2026-08-11"),
        ("Asia/Manila", "2026-08-11T16:00:00Z", "2026-08-12"),
        ("Asia/Manila", "2026-08-11T10:00:00+08:00", "2026-08-11"),
        // America/Chicago: CST (UTC-6) until 2026-03-08 02:00 local, then CDT (UTC-5).
        ("America/Chicago", "2026-03-08T05:59:59Z", "2026-03-07"),
        ("America/Chicago", "2026-03-08T06:00:00Z", "2026-03-08"),
        ("America/Chicago", "2026-03-09T04:59:59Z", "2026-03-08"),
        ("America/Chicago", "2026-03-09T05:00:00Z", "2026-03-09"),
        // Back to CST on 2026-11-01 02:00 CDT: that local day is 25 hours long.
        ("America/Chicago", "2026-11-01T04:59:59Z", "2026-10-31"),
        ("America/Chicago", "2026-11-01T05:00:00Z", "2026-11-01"),
        ("America/Chicago", "2026-11-02T05:59:59Z", "2026-11-01"),
        ("America/Chicago", "2026-11-02T06:00:00Z", "2026-11-02"),
        ("UTC", "2026-12-31T23:59:59.999Z", "2026-12-31"),
    ]

    @Test("an interaction carries the local date of started_at in its program's zone", arguments: localDates)
    func localDate(zone: String, startedAt: String, expected: String) throws {
        let context = IngestContext(programs: ["p": .init(timeZone: zone, serviceLevelSeconds: [.voice: 20])])
        let result = validate(
            file(.interactions, "i-1,p,a1,c1,voice,\(startedAt),1,2,0"), kind: .interactions, context: context)
        #expect(result.errors == [])
        let row = try #require(result.rows.first)
        guard case .interaction(let interaction) = row.row else {
            Issue.record("not an interaction: \(row.row)")
            return
        }
        #expect(interaction.localDate?.description == expected)
    }

    @Test("local dates stay right when many rows share and cross zone transitions")
    func localDatesInBulk() {
        // Every 10 minutes over the two Chicago transition days, checked against the fixed offsets.
        let context = IngestContext(programs: [
            "p": .init(timeZone: "America/Chicago", serviceLevelSeconds: [.chat: 60])
        ])
        var validator = ContextualValidator(
            context: context, mapping: HeaderMapping(kind: .interactions), fileName: "i.csv")
        let springStart = Instant(seconds: 1_772_928_000)  // 2026-03-08T00:00:00Z
        let fallStart = Instant(seconds: 1_793_491_200)  // 2026-11-01T00:00:00Z
        for (start, switchAt, before, after) in [
            (springStart, Int64(1_772_956_800), -6, -5),  // 2026-03-08T08:00:00Z
            (fallStart, Int64(1_793_516_400), -5, -6),  // 2026-11-01T07:00:00Z
        ] {
            for step in 0..<(48 * 6) {
                let instant = Instant(seconds: start.seconds + Int64(step * 600))
                let offset = instant.seconds < switchAt ? before : after
                let expected = Instant(seconds: instant.seconds + Int64(offset * 3600)).utcDate
                #expect(validator.localDate(of: instant, inProgram: "p") == expected, "at \(instant)")
            }
        }
        #expect(validator.localDate(of: springStart, inProgram: "other") == nil)
    }

    @Test(
        "cached offsets match the zone at every instant of a year, in order and shuffled",
        arguments: [
            "America/Chicago", "Asia/Beirut", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu",
            "Europe/London", "Asia/Manila",
        ]
    )
    func cachedOffsetsMatchTheZone(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let context = IngestContext(programs: ["p": .init(timeZone: zone, serviceLevelSeconds: [.chat: 60])])
        let start: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
        let instants = stride(from: start, to: start + 366 * 86_400, by: 1_237).map { Instant(seconds: $0) }
        var generator = SplitMix64(seed: 42)
        for order in [instants, instants.shuffled(using: &generator)] {
            var validator = ContextualValidator(
                context: context, mapping: HeaderMapping(kind: .interactions), fileName: "i.csv")
            for instant in order {
                let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds)))
                let expected = Instant(seconds: instant.seconds + Int64(offset)).utcDate
                let got = validator.localDate(of: instant, inProgram: "p")
                if got != expected {
                    Issue.record("\(zone) at \(instant): expected \(expected), got \(String(describing: got))")
                    return
                }
            }
        }
    }

    @Test("an evaluation carries the local date of evaluated_at")
    func evaluationLocalDate() throws {
        let result = validate(
            file(.evaluations, "ev-1,nw-care,a1,qa1,i-1,nw-qa,1,2026-08-11T17:00:00Z,,"), kind: .evaluations,
            context: northwindContext
        )
        #expect(result.errors == [])
        guard case .evaluation(let evaluation) = try #require(result.rows.first).row else {
            Issue.record("not an evaluation")
            return
        }
        #expect(evaluation.localDate == LocalDate(year: 2026, month: 8, day: 12))
    }

    static let contextErrors: [(FileKind, String, Int, String, String)] = [
        (
            .interactions, "i-1,nw-kare,a1,c1,voice,2026-08-11T10:00:00Z,1,2,0", 2, "program_id",
            "unknown program nw-kare (known: cb-partner, cb-retention, cb-tech, nw-care, nw-digital, vid-care)"
        ),
        (
            .interactions, "i-1,nw-care,a1,c1,video,2026-08-11T10:00:00Z,1,2,0", 5, "channel",
            "channel video has no service_level_seconds in program nw-care"
        ),
        (.evaluations, "ev-1,nw-care,a1,qa1,i-1,xx-qa,1,2026-08-11T10:00:00Z,,", 6, "form_id", "unknown QA form xx-qa"),
        (
            .evaluations, "ev-1,nw-care,a1,qa1,i-1,nw-qa,2,2026-08-11T10:00:00Z,,", 7, "form_version",
            "QA form nw-qa has no version 2 (known: 1)"
        ),
        (.evaluations, "ev-1,zz,a1,qa1,i-1,nw-qa,1,2026-08-11T10:00:00Z,,", 2, "program_id", "unknown program zz"),
        (.agentDays, "a1,zz,2026-08-01,1,1,1,1", 2, "program_id", "unknown program zz"),
        (.roster, "a1,zz,s,t,sup,2026-01-01,,", 2, "program_id", "unknown program zz"),
        (.plannedHeadcount, "zz,2026-08,9", 1, "program_id", "unknown program zz"),
        (.engagement, "a1,zz,2026-08-11,9", 2, "program_id", "unknown program zz"),
        (.reportedMetrics, "zz,2026-08,csat,80,client", 1, "program_id", "unknown program zz"),
    ]

    @Test("rows that do not fit the tenant's configuration are errors", arguments: contextErrors)
    func contextError(kind: FileKind, row: String, column: Int, columnName: String, message: String) throws {
        let result = validate(file(kind, row), kind: kind, context: northwindContext)
        #expect(result.rows.isEmpty)
        let error = try #require(result.errors.first)
        #expect(error.line == 2)
        #expect(error.column == column)
        #expect(error.columnName == columnName)
        #expect(error.message.contains(message), "message was: \(error.message)")
    }

    @Test("kinds without a program_id pass the contextual step untouched")
    func kindsWithoutProgram() {
        #expect(validate(file(.surveys, "i-1,4"), kind: .surveys, context: northwindContext).errors == [])
        #expect(
            validate(file(.evaluationAnswers, "e,i,1"), kind: .evaluationAnswers, context: northwindContext).errors
                == [])
        #expect(
            validate(
                file(.coachingSessions, "c,e,a,s,2026-08-13,csat,x,y,2026-08-13"), kind: .coachingSessions,
                context: northwindContext
            )
            .errors == []
        )
    }

    @Test("a context without QA forms does not check forms")
    func noFormCheck() {
        let context = IngestContext(programs: northwindContext.programs)
        let result = validate(
            file(.evaluations, "ev-1,nw-care,a1,qa1,i-1,any-form,9,2026-08-11T10:00:00Z,,"), kind: .evaluations,
            context: context)
        #expect(result.errors == [])
    }

    @Test("a program whose configured time zone is unknown rejects its rows")
    func unknownTimeZone() throws {
        let context = IngestContext(programs: ["p": .init(timeZone: "Mars/Olympus", serviceLevelSeconds: [.voice: 20])])
        let result = validate(
            file(.interactions, "i-1,p,a1,c1,voice,2026-08-11T10:00:00Z,1,2,0"), kind: .interactions, context: context)
        let error = try #require(result.errors.first)
        #expect(error.column == 2)
        #expect(error.message.contains("unknown time zone \"Mars/Olympus\""))
    }

    @Test("check(_:line:) on any row fills the local date like the file path does")
    func checkAnyRow() throws {
        var validator = ContextualValidator(
            context: northwindContext, mapping: HeaderMapping(kind: .interactions), fileName: "i.csv")
        var row = IngestRow.interaction(
            InteractionRow(
                interactionID: "i", programID: "nw-care", agentID: "a", customerID: nil, channel: .chat,
                startedAt: Instant(seconds: 1_786_467_600), waitSeconds: 1, handleSeconds: 1, abandoned: false
            )
        )
        try validator.check(&row, line: 5)
        guard case .interaction(let interaction) = row else {
            Issue.record("not an interaction")
            return
        }
        #expect(interaction.localDate == LocalDate(year: 2026, month: 8, day: 12))
        #expect(northwindContext.programIDs.contains("nw-care"))
    }
}

/// A small deterministic random number generator for shuffles in tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
