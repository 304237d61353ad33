import GovernanceCore
import Ingest
import Testing

/// One syntactic rule broken by one row: where the error must point and what it must say.
struct BrokenRule: Sendable, CustomTestStringConvertible {
    var kind: FileKind
    var row: String
    var column: Int
    var columnName: String?
    var message: String

    init(_ kind: FileKind, _ row: String, _ column: Int, _ columnName: String?, _ message: String) {
        self.kind = kind
        self.row = row
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    var testDescription: String { "\(kind.rawValue): \(row) → \(columnName ?? "-") \(message)" }
}

// Valid field values reused below.
private let answered = "i-1,nw-care,nw-care-a0001,nw-c1"
private let ts = "2026-08-11T10:00:00Z"
private let evaluationHead = "ev-1,nw-care,nw-care-a0001,nw-qa01,i-1,nw-qa"

@Suite("Syntactic validation (RowParser)")
struct RowParserTests {
    static let broken: [BrokenRule] = [
        // interactions.csv
        .init(
            .interactions, "i-1,nw-care,nw-care-a0001,nw-c1,voice,\(ts),12,300", 9, "abandoned",
            "row has 8 fields, the header has 9"),
        .init(.interactions, "\(answered),voice,\(ts),12,300,0,extra", 10, nil, "row has 10 fields, the header has 9"),
        .init(.interactions, "i,nw-care", 3, "agent_id", "row has 2 fields, the header has 9"),
        .init(
            .interactions, ",nw-care,nw-care-a0001,nw-c1,voice,\(ts),12,300,0", 1, "interaction_id",
            "interaction_id is empty (an id is required)"),
        .init(
            .interactions, "bad test 0007,nw-care,a,c,voice,\(ts),12,300,0", 1, "interaction_id",
            "not a valid id (1–64 characters from A-Z a-z 0-9 . _ : -): \"bad test 0007\""),
        .init(
            .interactions, "\(String(repeating: "x", count: 65)),nw-care,a,c,voice,\(ts),12,300,0", 1, "interaction_id",
            "not a valid id"),
        .init(.interactions, "i-1,nw/care,a,c,voice,\(ts),12,300,0", 2, "program_id", "not a valid id"),
        .init(.interactions, "i-1,nw-care,a b,c,voice,\(ts),12,300,0", 3, "agent_id", "not a valid id"),
        .init(.interactions, "i-1,nw-care,a,c!,voice,\(ts),12,300,0", 4, "customer_id", "not a valid id"),
        .init(
            .interactions, "i-1,nw-care,,c,voice,\(ts),12,300,0", 3, "agent_id",
            "agent_id is empty but the interaction was answered"),
        .init(
            .interactions, "\(answered),voice,\(ts),12,,0", 8, "handle_seconds",
            "handle_seconds is empty but the interaction was answered"),
        .init(
            .interactions, "\(answered),fax,\(ts),12,300,0", 5, "channel",
            "unknown channel \"fax\" (voice, chat, email, social, video)"),
        .init(.interactions, "\(answered),Voice,\(ts),12,300,0", 5, "channel", "unknown channel \"Voice\""),
        .init(.interactions, "\(answered),,\(ts),12,300,0", 5, "channel", "unknown channel \"\""),
        .init(
            .interactions, "\(answered),voice,2026-02-30T25:61:00Z,12,300,0", 6, "started_at",
            "not an RFC 3339 timestamp: \"2026-02-30T25:61:00Z\""),
        .init(
            .interactions, "\(answered),voice,2026-08-11 10:00:00,12,300,0", 6, "started_at",
            "not an RFC 3339 timestamp"),
        .init(.interactions, "\(answered),voice,2026-08-11,12,300,0", 6, "started_at", "not an RFC 3339 timestamp"),
        .init(
            .interactions, "\(answered),voice,\(ts),-12,300,0", 7, "wait_seconds",
            "negative wait_seconds: \"-12\" (must be ≥ 0)"),
        .init(.interactions, "\(answered),voice,\(ts),twelve,300,0", 7, "wait_seconds", "not a number: \"twelve\""),
        .init(.interactions, "\(answered),voice,\(ts),,300,0", 7, "wait_seconds", "not a number: \"\""),
        .init(.interactions, "\(answered),voice,\(ts),1.,300,0", 7, "wait_seconds", "not a number"),
        .init(.interactions, "\(answered),voice,\(ts),nan,300,0", 7, "wait_seconds", "not a number"),
        .init(.interactions, "\(answered),voice,\(ts),1e999,300,0", 7, "wait_seconds", "not a number"),
        .init(.interactions, "\(answered),voice,\(ts),12,-0.5,0", 8, "handle_seconds", "negative handle_seconds"),
        .init(.interactions, "\(answered),voice,\(ts),12,300,2", 9, "abandoned", "abandoned must be 0 or 1, got \"2\""),
        .init(.interactions, "\(answered),voice,\(ts),12,300,", 9, "abandoned", "abandoned must be 0 or 1, got \"\""),
        .init(.interactions, "\(answered),voice,\(ts),12,300,true", 9, "abandoned", "abandoned must be 0 or 1"),
        // surveys.csv
        .init(.surveys, "i-1,0", 2, "score", "a survey score is a whole number from 1 to 5, got \"0\""),
        .init(.surveys, "i-1,6", 2, "score", "a survey score is a whole number from 1 to 5, got \"6\""),
        .init(.surveys, "i-1,4.0", 2, "score", "a survey score is a whole number from 1 to 5"),
        .init(.surveys, "i-1,", 2, "score", "a survey score is a whole number from 1 to 5"),
        .init(.surveys, ",4", 1, "interaction_id", "interaction_id is empty"),
        // evaluations.csv
        .init(
            .evaluations, "\(evaluationHead),0,\(ts),,", 7, "form_version",
            "form_version is a whole number ≥ 1, got \"0\""),
        .init(.evaluations, "\(evaluationHead),1.5,\(ts),,", 7, "form_version", "form_version is a whole number ≥ 1"),
        .init(.evaluations, "\(evaluationHead),1,2026-08-11T10:00Z,,", 8, "evaluated_at", "not an RFC 3339 timestamp"),
        .init(
            .evaluations, "ev-1,nw-care,nw-care-a0001,,i-1,nw-qa,1,\(ts),,", 4, "evaluator_id", "evaluator_id is empty"),
        .init(
            .evaluations, "ev-1,nw-care,nw-care-a0001,nw-qa01,,nw-qa,1,\(ts),,", 5, "interaction_id",
            "interaction_id is empty"),
        .init(
            .evaluations, "\(evaluationHead),1,\(ts),,nw-qalead", 10, "expert_evaluator_id",
            "expert_evaluator_id is set but calibration_session_id is empty"),
        .init(.evaluations, "\(evaluationHead),1,\(ts),cs 1,", 9, "calibration_session_id", "not a valid id"),
        // evaluation_answers.csv
        .init(.evaluationAnswers, "ev-1,greet,-1", 3, "points", "negative points"),
        .init(.evaluationAnswers, "ev-1,greet,", 3, "points", "not a number"),
        .init(.evaluationAnswers, "ev-1,gr eet,1", 2, "item_id", "not a valid id"),
        // agent_days.csv
        .init(
            .agentDays, "a1,nw-care,2026-02-29,28800,28000,100,26000", 3, "date",
            "not a date (YYYY-MM-DD): \"2026-02-29\""),
        .init(.agentDays, "a1,nw-care,2026-8-1,28800,28000,100,26000", 3, "date", "not a date"),
        .init(
            .agentDays, "a1,nw-care,2026-08-01,90001,28000,100,26000", 4, "scheduled_seconds",
            "scheduled_seconds exceeds 90000 (25 hours, the longest local day)"),
        .init(.agentDays, "a1,nw-care,2026-08-01,28800,-1,0,26000", 5, "staffed_seconds", "negative staffed_seconds"),
        .init(
            .agentDays, "a1,nw-care,2026-08-01,28800,28000,28001,26000", 6, "available_seconds",
            "available_seconds (28001) exceeds staffed_seconds (28000)"),
        .init(
            .agentDays, "a1,nw-care,2026-08-01,28800,28000,100,28801", 7, "adherent_seconds",
            "adherent_seconds (28801) exceeds scheduled_seconds (28800)"),
        // roster.csv
        .init(
            .roster, "a1,nw-care,manila-1,t1,sup1,2026-03-01,2026-02-28,resigned", 7, "terminated_on",
            "terminated_on 2026-02-28 is before hired_on 2026-03-01"),
        .init(
            .roster, "a1,nw-care,manila-1,t1,sup1,2026-03-01,,resigned", 8, "termination_reason",
            "termination_reason is set but terminated_on is empty"),
        .init(.roster, "a1,nw-care,manila-1,t1,,2026-03-01,,", 5, "supervisor_id", "supervisor_id is empty"),
        .init(.roster, "a1,nw-care,manila-1,t1,sup1,03/01/2026,,", 6, "hired_on", "not a date"),
        .init(.roster, "a1,nw-care,manila-1,t1,sup1,2026-03-01,2026-13-01,", 7, "terminated_on", "not a date"),
        .init(.roster, "a1,nw-care,manila 1,t1,sup1,2026-03-01,,", 3, "site_id", "not a valid id"),
        // planned_headcount.csv
        .init(.plannedHeadcount, "nw-care,2026-13,9", 2, "month", "not a month (YYYY-MM): \"2026-13\""),
        .init(.plannedHeadcount, "nw-care,2026-8,9", 2, "month", "not a month"),
        .init(.plannedHeadcount, "nw-care,2026-08-01,9", 2, "month", "not a month"),
        .init(.plannedHeadcount, "nw-care,2026-08,-1", 3, "planned_fte", "negative planned_fte"),
        // engagement.csv
        .init(
            .engagement, "a1,nw-care,2026-08-11,11", 4, "score",
            "an engagement score is a whole number from 0 to 10, got \"11\""),
        .init(
            .engagement, "a1,nw-care,2026-08-11,-1", 4, "score", "an engagement score is a whole number from 0 to 10"),
        .init(
            .engagement, "a1,nw-care,2026-08-11,7.5", 4, "score", "an engagement score is a whole number from 0 to 10"),
        .init(.engagement, "a1,nw-care,11/08/2026,7", 3, "surveyed_on", "not a date"),
        // reported_metrics.csv
        .init(
            .reportedMetrics, "nw-care,2026-08,nps,10,vendor", 3, "metric",
            "unknown metric \"nps\" (a catalog metric or program_cost)"),
        .init(.reportedMetrics, "nw-care,2026-Q3,csat,80,vendor", 2, "period", "not a month (YYYY-MM): \"2026-Q3\""),
        .init(.reportedMetrics, "nw-care,2026,csat,80,vendor", 2, "period", "not a month"),
        .init(
            .reportedMetrics, "nw-care,2026-08,csat,101,client", 4, "value",
            "csat is a percentage from 0 to 100, got \"101\""),
        .init(
            .reportedMetrics, "nw-care,2026-08,service_level,-1,client", 4, "value",
            "service_level is a percentage from 0 to 100"),
        .init(.reportedMetrics, "nw-care,2026-08,enps,-100.5,client", 4, "value", "enps is between -100 and 100"),
        .init(.reportedMetrics, "nw-care,2026-08,aht_seconds,-5,vendor", 4, "value", "aht_seconds cannot be negative"),
        .init(
            .reportedMetrics, "nw-care,2026-08,program_cost,-5,vendor", 4, "value", "program_cost cannot be negative"),
        .init(.reportedMetrics, "nw-care,2026-08,csat,high,vendor", 4, "value", "not a number: \"high\""),
        .init(
            .reportedMetrics, "nw-care,2026-08,csat,80,bpo", 5, "source", "source must be vendor or client, got \"bpo\""
        ),
        .init(.reportedMetrics, "nw-care,2026-08,csat,80,Vendor", 5, "source", "source must be vendor or client"),
        // coaching_sessions.csv
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,qa_score;csat;aht_seconds,gap,plan,2026-08-13", 6,
            "focus_metrics", "a coaching session names one or two focus metrics, got 3"),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,,gap,plan,2026-08-13", 6, "focus_metrics",
            "a coaching session names one or two focus metrics, got none"),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,service_level,gap,plan,2026-08-13", 6, "focus_metrics",
            "focus metric service_level is not an agent-level metric"),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,qa_score;enps,gap,plan,2026-08-13", 6, "focus_metrics",
            "focus metric enps is not an agent-level metric"),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,qa_scores,gap,plan,2026-08-13", 6, "focus_metrics",
            "unknown focus metric \"qa_scores\""),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,csat;csat,gap,plan,2026-08-13", 6, "focus_metrics",
            "focus metric csat is named twice"),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,csat;,gap,plan,2026-08-13", 6, "focus_metrics",
            "empty focus metric name"),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-13-01,qa_score,gap,plan,2026-08-13", 5, "held_on",
            "not a date (YYYY-MM-DD): \"2026-13-01\""),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,qa_score,,plan,2026-08-13", 7, "root_cause",
            "root_cause is empty (a value is required)"),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,qa_score,gap,,2026-08-13", 8, "commitment",
            "commitment is empty (a value is required)"),
        .init(
            .coachingSessions, "co-1,ev-1,a1,sup1,2026-08-13,qa_score,gap,plan,2026-08-12", 9, "follow_up_on",
            "follow_up_on 2026-08-12 is before held_on 2026-08-13"),
        .init(
            .coachingSessions,
            "co-1,ev-1,a1,sup1,2026-08-13,qa_score,gap,\(String(repeating: "x", count: 4097)),2026-08-20", 8,
            "commitment", "commitment is longer than 4096 bytes"),
    ]

    @Test("each broken rule is one error at line 2 with the right column", arguments: broken)
    func brokenRule(rule: BrokenRule) throws {
        let result = validate(file(rule.kind, rule.row), kind: rule.kind)
        #expect(result.rows.isEmpty)
        #expect(result.errorCount == 1)
        let error = try #require(result.errors.first)
        #expect(error.file == rule.kind.fileName)
        #expect(error.line == 2)
        #expect(error.column == rule.column)
        #expect(error.columnName == rule.columnName)
        #expect(error.message.contains(rule.message), "message was: \(error.message)")
    }

    @Test("the bad-file error reads like a compiler diagnostic")
    func diagnosticFormat() throws {
        let result = validate(
            file(.interactions, "\(answered),voice,2026-02-30T25:61:00Z,12,300,0"), kind: .interactions)
        let error = try #require(result.errors.first)
        #expect(
            error.description
                == "interactions.csv:2:6 (started_at): not an RFC 3339 timestamp: \"2026-02-30T25:61:00Z\""
        )
    }

    @Test("echoed values are cut at 80 characters and keep to one line")
    func echoedValuesAreCapped() throws {
        let long = String(repeating: "y", count: 300)
        let result = validate(file(.interactions, "\(answered),\(long),\(ts),12,300,0"), kind: .interactions)
        let error = try #require(result.errors.first)
        #expect(
            error.message
                == "unknown channel \"\(String(repeating: "y", count: 80))…\" (voice, chat, email, social, video)")
        let multiLine = validate("interaction_id,score\n\"a\nb\",4\n", kind: .surveys)
        #expect(multiLine.errors.first?.message.contains("\"a\\nb\"") == true)
    }

    static let valid: [(FileKind, String, IngestRow)] = [
        (
            .interactions, "i-1,nw-care,nw-care-a0001,nw-c1,voice,2026-08-11T10:00:00+08:00,12.5,300,0",
            .interaction(
                InteractionRow(
                    interactionID: "i-1", programID: "nw-care", agentID: "nw-care-a0001", customerID: "nw-c1",
                    channel: .voice, startedAt: Instant(seconds: 1_786_413_600), waitSeconds: 12.5,
                    handleSeconds: 300, abandoned: false
                )
            )
        ),
        (
            .interactions, "i-4,nw-care,,,video,\(ts),12,,1",
            .interaction(
                InteractionRow(
                    interactionID: "i-4", programID: "nw-care", agentID: nil, customerID: nil, channel: .video,
                    startedAt: Instant(seconds: 1_786_442_400), waitSeconds: 12, handleSeconds: 0, abandoned: true
                )
            )
        ),
        (
            .interactions, "i-5,nw-care,nw-care-a0001,,social,\(ts),0.25,1e2,1",
            .interaction(
                InteractionRow(
                    interactionID: "i-5", programID: "nw-care", agentID: "nw-care-a0001", customerID: nil,
                    channel: .social, startedAt: Instant(seconds: 1_786_442_400), waitSeconds: 0.25,
                    handleSeconds: 100, abandoned: true
                )
            )
        ),
        (.surveys, "i-1,5", .survey(SurveyRow(interactionID: "i-1", score: 5))),
        (
            .evaluations, "ev-1,nw-care,a1,qa1,i-1,nw-qa,2,\(ts),cs-1,qa-lead",
            .evaluation(
                EvaluationRow(
                    evaluationID: "ev-1", programID: "nw-care", agentID: "a1", evaluatorID: "qa1", interactionID: "i-1",
                    formID: "nw-qa", formVersion: 2, evaluatedAt: Instant(seconds: 1_786_442_400),
                    calibrationSessionID: "cs-1", expertEvaluatorID: "qa-lead"
                )
            )
        ),
        (
            .evaluationAnswers, "ev-1,greet,4.5",
            .evaluationAnswer(EvaluationAnswerRow(evaluationID: "ev-1", itemID: "greet", points: 4.5))
        ),
        (
            .agentDays, "a1,nw-care,2026-11-01,90000,90000,0,90000",
            .agentDay(
                AgentDayRow(
                    agentID: "a1", programID: "nw-care", date: LocalDate(year: 2026, month: 11, day: 1)!,
                    scheduledSeconds: 90000, staffedSeconds: 90000, availableSeconds: 0, adherentSeconds: 90000
                )
            )
        ),
        (
            .roster, "a1,nw-care,manila-1,t1,sup1,2026-03-01,2026-03-01,\"performance, attendance\"",
            .roster(
                RosterRow(
                    agentID: "a1", programID: "nw-care", siteID: "manila-1", teamID: "t1", supervisorID: "sup1",
                    hiredOn: LocalDate(year: 2026, month: 3, day: 1)!,
                    terminatedOn: LocalDate(year: 2026, month: 3, day: 1)!,
                    terminationReason: "performance, attendance"
                )
            )
        ),
        (
            .roster, "a2,nw-care,manila-1,t1,sup1,2024-03-29,,",
            .roster(
                RosterRow(
                    agentID: "a2", programID: "nw-care", siteID: "manila-1", teamID: "t1", supervisorID: "sup1",
                    hiredOn: LocalDate(year: 2024, month: 3, day: 29)!, terminatedOn: nil, terminationReason: nil
                )
            )
        ),
        (
            .plannedHeadcount, "nw-care,2026-08,9.5",
            .plannedHeadcount(
                PlannedHeadcountRow(programID: "nw-care", month: Month(year: 2026, month: 8), plannedFTE: 9.5))
        ),
        (
            .engagement, "a1,nw-care,2026-08-11,0",
            .engagement(
                EngagementRow(
                    agentID: "a1", programID: "nw-care", surveyedOn: LocalDate(year: 2026, month: 8, day: 11)!, score: 0
                )
            )
        ),
        (
            .reportedMetrics, "nw-care,2026-08,enps,-30,client",
            .reportedMetric(
                ReportedMetricRow(
                    programID: "nw-care", period: Month(year: 2026, month: 8), metric: "enps", value: -30,
                    source: .client)
            )
        ),
        (
            .reportedMetrics, "nw-care,2026-09,program_cost,1372.58,vendor",
            .reportedMetric(
                ReportedMetricRow(
                    programID: "nw-care", period: Month(year: 2026, month: 9), metric: "program_cost", value: 1372.58,
                    source: .vendor
                )
            )
        ),
        (
            .coachingSessions,
            "co-1,ev-1,a1,sup1,2026-08-13,qa_score; adherence,\"call control, long holds\",\"Use the \"\"verify first\"\" checklist\",2026-08-27",
            .coachingSession(
                CoachingSessionRow(
                    sessionID: "co-1", evaluationID: "ev-1", agentID: "a1", supervisorID: "sup1",
                    heldOn: LocalDate(year: 2026, month: 8, day: 13)!, focusMetrics: [.qaScore, .adherence],
                    rootCause: "call control, long holds", commitment: "Use the \"verify first\" checklist",
                    followUpOn: LocalDate(year: 2026, month: 8, day: 27)!
                )
            )
        ),
    ]

    @Test("valid rows become the expected typed rows", arguments: valid)
    func validRow(kind: FileKind, row: String, expected: IngestRow) {
        let result = validate(file(kind, row), kind: kind)
        #expect(result.errors == [])
        #expect(result.rows.map(\.row) == [expected])
        #expect(result.rows.map(\.line) == [2])
    }

    @Test("decimal numbers convert exactly to the nearest double")
    func decimals() {
        let rows = [
            "0.1", "123.456", "1e3", "2.5E-1", "0", "-0", "000012", "0.000000000000000001", "12345678901234567890",
        ]
        let text = file(
            .evaluationAnswers, rows.enumerated().map { "ev,i\($0.offset),\($0.element)" }.joined(separator: "\n"))
        let result = validate(text, kind: .evaluationAnswers)
        #expect(result.errors == [])
        let points = result.rows.compactMap { row -> Double? in
            if case .evaluationAnswer(let answer) = row.row { return answer.points }
            return nil
        }
        #expect(points == [0.1, 123.456, 1000, 0.25, 0, 0, 12, 1e-18, 1.234_567_890_123_456_7e19])
    }

    @Test(
        "the key of each kind follows SPEC section 9",
        arguments: [
            (FileKind.interactions, "i-1,nw-care,a1,c1,voice,\(ts),1,2,0", "i-1"),
            (.surveys, "i-1,4", "i-1"),
            (.evaluations, "ev-1,nw-care,a1,qa1,i-1,nw-qa,1,\(ts),,", "ev-1"),
            (.evaluationAnswers, "ev-1,greet,4", "ev-1|greet"),
            (.agentDays, "a1,nw-care,2026-08-01,1,1,1,1", "a1|2026-08-01"),
            (.roster, "a1,nw-care,s,t,sup,2026-01-01,,", "a1"),
            (.plannedHeadcount, "nw-care,2026-08,9", "nw-care|2026-08"),
            (.engagement, "a1,nw-care,2026-08-11,9", "a1|2026-08-11"),
            (.reportedMetrics, "nw-care,2026-08,csat,80,client", "nw-care|2026-08|csat"),
            (.coachingSessions, "co-1,ev-1,a1,sup,2026-08-13,csat,x,y,2026-08-14", "co-1"),
        ]
    )
    func keys(kind: FileKind, row: String, key: String) throws {
        let result = validate(file(kind, row), kind: kind)
        #expect(result.errors == [])
        let validated = try #require(result.rows.first)
        #expect(validated.key == key)
        #expect(validated.row.kind == kind)
    }

    @Test("RowParser works on records built by hand, mapped through any header order")
    func parserDirectly() throws {
        let mapping = try HeaderMapping(kind: .surveys, header: ["score", "interaction_id"], fileName: "s.csv")
        let parser = RowParser(mapping: mapping, fileName: "s.csv")
        #expect(
            try parser.parse(CSVRecord(line: 7, fields: ["3", "i-9"]))
                == .survey(SurveyRow(interactionID: "i-9", score: 3)))
        #expect {
            try parser.parse(CSVRecord(line: 7, fields: ["9", "i-9"]))
        } throws: { error in
            (error as? RowError).map { $0.line == 7 && $0.column == 1 && $0.columnName == "score" } == true
        }
    }
}
