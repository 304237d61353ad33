import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

/// Tenant and program, shared by the development commands.
struct ProgramTarget: ParsableArguments {
    @Option(name: .long, help: "Tenant id.") var tenant: String
    @Option(name: .long, help: "Program id.") var program: String
}

struct GoalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goals",
        abstract: "SMART development goals for agents and teams, with progress computed from the metric data.",
        discussion: """
            A goal names an agent-level catalog metric, a target, a baseline month and a due date, for an \
            agent or a roster team. Its baseline, current value, progress (0-100 % of the way from \
            baseline to target) and status (achieved, on_track, at_risk, missed, no_data) are computed \
            from the data; nothing is typed in. `goals list` also rolls the goals up against the program \
            scorecard targets: a goal less demanding than the program target is `misaligned`.

            Examples:
              govctl goals create --tenant northwind --program nw-care --scope agent --id nw-care-a0001 \\
                --metric aht_seconds --target 360 --baseline-month 2026-09 --due 2026-12-31 --title "Cut AHT"
              govctl goals list --tenant northwind --program nw-care --as-of 2026-10
            """,
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a goal (managers; audited).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ProgramTarget
        @Option(name: .long, help: "agent or team.") var scope: String
        @Option(name: .long, help: "Agent id or team id.") var id: String
        @Option(name: .long, help: "Agent-level catalog metric (qa_score, aht_seconds, csat, ...).") var metric: String
        @Option(name: .customLong("target"), help: "Target value in the metric's unit.") var value: Double
        @Option(name: .long, help: "Baseline month YYYY-MM (its computed value is the baseline).") var baselineMonth: String
        @Option(name: .long, help: "Due date YYYY-MM-DD.") var due: String
        @Option(name: .long, help: "What the goal is about.") var title: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_CreateGoalRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.scope = scope
                request.scopeID = id
                request.metric = metric
                request.target = value
                request.baselineMonth = baselineMonth
                request.dueDate = due
                request.title = title
                let goal = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .createGoal(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(goal)
                case .table: print("goal \(goal.id): \(goal.scope) \(goal.scopeID) \(goal.metric) → \(Output.number(goal.target)) by \(goal.dueDate)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A program's goals with computed progress and the roll-up.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ProgramTarget
        @Option(name: .long, help: "Evaluate progress at this month YYYY-MM (default: current UTC month).") var asOf: String?

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ListGoalsRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.asOfMonth = asOf ?? ""
                let reply = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .listGoals(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    print("Goals of \(reply.program) at \(reply.asOfMonth)")
                    Output.printTable(
                        ["id", "scope", "metric", "target", "baseline", "current", "progress %", "elapsed %", "status", "program target", "alignment"],
                        reply.goals.map {
                            [String($0.id), "\($0.scope) \($0.scopeID)", $0.metric, Output.number($0.target),
                             $0.hasBaseline ? Output.number($0.baseline) : "-", $0.hasCurrent ? Output.number($0.current) : "-",
                             $0.hasProgressPercent ? Output.number($0.progressPercent, digits: 1) : "-",
                             Output.number($0.elapsedPercent, digits: 1), $0.status,
                             $0.hasProgramTarget ? Output.number($0.programTarget) : "-", $0.alignment]
                        })
                    print("")
                    print("Roll-up against program targets")
                    Output.printTable(
                        ["metric", "program target", "goals", "achieved", "misaligned", "mean progress %"],
                        reply.rollup.map {
                            [$0.metric, $0.hasProgramTarget ? Output.number($0.programTarget) : "-", String($0.goals),
                             String($0.achieved), String($0.misaligned),
                             $0.hasMeanProgressPercent ? Output.number($0.meanProgressPercent, digits: 1) : "-"]
                        })
                }
            }
        }
    }
}

struct TrainingNeedsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training-needs",
        abstract: "Ranked training needs from QA answers, and agents whose metric trend shows a skill gap.",
        discussion: """
            Per team, site or program: the QA items and sections failing most often compared with the \
            program (a hard-fail item answered 0 or unanswered, a scored item under half its points), \
            with the evidence (failures, answers, evaluations). Skill gaps: agents worse than the program \
            target on a configured agent-level metric in each of the 3 months ending at the period, and \
            not improving.

            Example:
              govctl training-needs --tenant northwind --program nw-care --period 2026-10 --level team
            """)
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: FormatOption
    @OptionGroup var target: ProgramTarget
    @Option(name: .long, help: "Period YYYY-MM, YYYY-Qn or YYYY.") var period: String
    @Option(name: .long, help: "team, site or program (default team).") var level: String = "team"
    @Option(name: .long, help: "Minimum answers in a group for a need to be listed (default 5).") var minAnswers: Int32 = 5

    func run() async throws {
        try await connection.withClient { client in
            var request = Governance_V1_TrainingNeedsRequest()
            request.tenant = target.tenant
            request.program = target.program
            request.period = period
            request.level = level
            request.minAnswers = minAnswers
            let reply = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                .trainingNeeds(request, options: connection.callOptions)
            switch output.format {
            case .json: try Output.printJSON(reply)
            case .table:
                print("Training needs of \(reply.program), \(reply.period), by \(reply.level) (\(reply.answers) QA answers)")
                Output.printTable(
                    ["rank", reply.level, "subject", "key", "failure %", "program %", "gap", "failures", "answers", "evaluations"],
                    reply.needs.map {
                        [String($0.rank), $0.group, $0.subject, $0.key, Output.number($0.failureRate, digits: 1),
                         Output.number($0.programFailureRate, digits: 1), Output.number($0.gapPoints, digits: 1),
                         String($0.failures), String($0.answers), String($0.evaluations)]
                    })
                print("")
                print("Skill gaps (worse than target 3 months running, not improving)")
                Output.printTable(
                    ["rank", "agent", "metric", "values", "target", "threshold", "shortfall (bands)"],
                    reply.skillGaps.map {
                        [String($0.rank), $0.agentID, $0.metric, $0.values.map { Output.number($0) }.joined(separator: ", "),
                         Output.number($0.target), Output.number($0.threshold), Output.number($0.shortfallBands)]
                    })
            }
        }
    }
}

struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Improvement plans, recognition records and disciplinary notes; sign-off, retention and purges.",
        discussion: """
            A record is editable until it is signed off; from then on it is immutable (an update answers \
            FAILED_PRECONDITION) and shows who signed it and when. Signed-off records are purged once the \
            tenant's retention period (days after sign-off; default 2555) has passed; every purge run is \
            logged (`records purges`).

            Examples:
              govctl records create --tenant northwind --program nw-care --agent nw-care-a0001 \\
                --kind improvement_plan --title "AHT plan" --plan-target aht_seconds=360 --review-date 2026-11-15
              govctl records sign-off --tenant northwind --program nw-care --id 1
              govctl records retention --tenant northwind --days 2555
              govctl records purge --tenant northwind
            """,
        subcommands: [Create.self, Update.self, SignOff.self, List.self, Retention.self, Purge.self, Purges.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an unsigned record (managers; audited).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ProgramTarget
        @Option(name: .long, help: "Agent id.") var agent: String
        @Option(name: .long, help: "improvement_plan, recognition or disciplinary.") var kind: String
        @Option(name: .long, help: "Title.") var title: String
        @Option(name: .long, help: "Text of the record.") var details: String?
        @Option(name: .long, help: "Plan target METRIC=VALUE (repeatable; improvement plans).") var planTarget: [String] = []
        @Option(name: .long, help: "Review date YYYY-MM-DD (repeatable; improvement plans).") var reviewDate: [String] = []
        @Option(name: .long, help: "open, completed, extended or failed (improvement plans; default open).") var outcome: String?

        func run() async throws {
            var request = Governance_V1_CreateRecordRequest()
            request.tenant = target.tenant
            request.program = target.program
            request.agentID = agent
            request.kind = kind
            request.title = title
            request.details = details ?? ""
            for item in planTarget {
                let parts = item.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Double(parts[1]) else {
                    throw ValidationError("--plan-target takes METRIC=VALUE, got '\(item)'")
                }
                var planTarget = Governance_V1_PlanTarget()
                planTarget.metric = String(parts[0])
                planTarget.target = value
                request.targets.append(planTarget)
            }
            request.reviewDates = reviewDate
            request.outcome = outcome ?? ""
            try await connection.withClient { client in
                let record = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .createRecord(request, options: connection.callOptions)
                try RecordsCommand.show([record], output.format)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an unsigned record (a signed one is refused).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ProgramTarget
        @Option(name: .long, help: "Record id.") var id: Int64
        @Option(name: .long, help: "New title.") var title: String?
        @Option(name: .long, help: "New text.") var details: String?
        @Option(name: .long, help: "New outcome (improvement plans).") var outcome: String?
        @Option(name: .long, help: "Replace the review dates (repeatable).") var reviewDate: [String] = []

        func run() async throws {
            var request = Governance_V1_UpdateRecordRequest()
            request.tenant = target.tenant
            request.program = target.program
            request.id = id
            if let title { request.title = title }
            if let details { request.details = details }
            request.outcome = outcome ?? ""
            request.reviewDates = reviewDate
            request.replaceReviewDates = !reviewDate.isEmpty
            try await connection.withClient { client in
                let record = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .updateRecord(request, options: connection.callOptions)
                try RecordsCommand.show([record], output.format)
            }
        }
    }

    struct SignOff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign-off", abstract: "Sign a record off: it becomes immutable (managers; audited).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ProgramTarget
        @Option(name: .long, help: "Record id.") var id: Int64

        func run() async throws {
            var request = Governance_V1_SignOffRecordRequest()
            request.tenant = target.tenant
            request.program = target.program
            request.id = id
            try await connection.withClient { client in
                let record = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .signOffRecord(request, options: connection.callOptions)
                try RecordsCommand.show([record], output.format)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A program's records, for audits.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ProgramTarget
        @Option(name: .long, help: "Only this agent's records.") var agent: String?
        @Option(name: .long, help: "Only this kind.") var kind: String?

        func run() async throws {
            var request = Governance_V1_ListRecordsRequest()
            request.tenant = target.tenant
            request.program = target.program
            request.agentID = agent ?? ""
            request.kind = kind ?? ""
            try await connection.withClient { client in
                let reply = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .listRecords(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table: try RecordsCommand.show(reply.records, .table)
                }
            }
        }
    }

    struct Retention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the tenant's retention period of signed-off records (tenant and platform admins).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Days kept after sign-off (0-36500).") var days: Int32

        func run() async throws {
            var request = Governance_V1_SetRetentionRequest()
            request.tenant = tenant
            request.retentionDays = days
            try await connection.withClient { client in
                let reply = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .setRetention(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table: print("retention of signed-off records in \(reply.tenant): \(reply.retentionDays) days")
                }
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete signed-off records past retention and log the run (tenant and platform admins).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String

        func run() async throws {
            var request = Governance_V1_PurgeRecordsRequest()
            request.tenant = tenant
            try await connection.withClient { client in
                let run = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .purgeRecords(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(run)
                case .table: RecordsCommand.showRuns([run])
                }
            }
        }
    }

    struct Purges: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The retention setting and the purge log.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String

        func run() async throws {
            var request = Governance_V1_ListPurgesRequest()
            request.tenant = tenant
            try await connection.withClient { client in
                let reply = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .listPurges(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    print("retention: \(reply.retention.retentionDays) days\(reply.retention.explicit ? "" : " (default)")")
                    RecordsCommand.showRuns(reply.runs)
                }
            }
        }
    }

    static func show(_ records: [Governance_V1_DevelopmentRecord], _ format: OutputFormat) throws {
        if format == .json, records.count == 1 { return try Output.printJSON(records[0]) }
        Output.printTable(
            ["id", "agent", "kind", "title", "outcome", "signed off by", "signed off at"],
            records.map {
                [String($0.id), $0.agentID, $0.kind, $0.title, $0.outcome, $0.signedOff ? $0.signedOffBy : "-",
                 $0.signedOff ? $0.signedOffAt : "-"]
            })
    }

    static func showRuns(_ runs: [Governance_V1_PurgeRun]) {
        Output.printTable(
            ["run", "at", "by", "as of", "retention days", "purged", "record ids"],
            runs.map {
                [String($0.id), $0.runAt, $0.runBy, $0.asOf, String($0.retentionDays), String($0.purged),
                 $0.recordIds.map(String.init).joined(separator: ",")]
            })
    }
}

struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "360-degree feedback: request, submit, and the subject's anonymous report.",
        discussion: """
            The report pools the answers of everyone but the subject and shows per-competency aggregates \
            only once at least 3 others answered; below that it shows nothing from them. No command ever \
            shows an individual answer, who gave it, or a comment.

            Examples:
              govctl feedback request --tenant northwind --program nw-care --subject nw-care-a0001 \\
                --competency empathy --competency product --respondent nw-care-a0002=peer --respondent nw-care-a0001=self
              govctl feedback submit --tenant northwind --request 1 --respondent nw-care-a0002 --rating empathy=4
              govctl feedback report --tenant northwind --request 1
            """,
        subcommands: [Request.self, Submit.self, Report.self])

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ask respondents for feedback on a subject (managers).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ProgramTarget
        @Option(name: .long, help: "Subject id (agent or team lead).") var subject: String
        @Option(name: .long, help: "Competency to rate (repeatable).") var competency: [String]
        @Option(name: .long, help: "ID=RELATIONSHIP, relationship peer, supervisor, self or direct_report (repeatable).")
        var respondent: [String]

        func run() async throws {
            var request = Governance_V1_CreateFeedbackRequestRequest()
            request.tenant = target.tenant
            request.program = target.program
            request.subjectID = subject
            request.competencies = competency
            for item in respondent {
                let parts = item.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { throw ValidationError("--respondent takes ID=RELATIONSHIP, got '\(item)'") }
                var invitee = Governance_V1_FeedbackRespondent()
                invitee.respondentID = String(parts[0])
                invitee.relationship = String(parts[1])
                request.respondents.append(invitee)
            }
            try await connection.withClient { client in
                let reply = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .createFeedbackRequest(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    print("feedback request \(reply.id) on \(reply.subjectID): \(reply.respondents.count) respondent(s), competencies \(reply.competencies.joined(separator: ", "))")
                }
            }
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record one respondent's ratings (1-5) and comment.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .customLong("request"), help: "Feedback request id.") var requestID: Int64
        @Option(name: .long, help: "The invited respondent answering.") var respondent: String
        @Option(name: .long, help: "COMPETENCY=RATING, rating 1-5 (repeatable).") var rating: [String]
        @Option(name: .long, help: "Free text (never shown back).") var comment: String?

        func run() async throws {
            var request = Governance_V1_SubmitFeedbackRequest()
            request.tenant = tenant
            request.requestID = requestID
            request.respondentID = respondent
            for item in rating {
                let parts = item.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Int32(parts[1]) else {
                    throw ValidationError("--rating takes COMPETENCY=RATING, got '\(item)'")
                }
                var entry = Governance_V1_CompetencyRating()
                entry.competency = String(parts[0])
                entry.rating = value
                request.ratings.append(entry)
            }
            request.comment = comment ?? ""
            try await connection.withClient { client in
                let reply = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .submitFeedback(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table: print("recorded; request \(reply.requestID) has \(reply.responsesReceived) response(s)")
                }
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The subject's view: aggregates once 3 others answered.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .customLong("request"), help: "Feedback request id.") var requestID: Int64

        func run() async throws {
            var request = Governance_V1_GetFeedbackReportRequest()
            request.tenant = tenant
            request.requestID = requestID
            try await connection.withClient { client in
                let reply = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .getFeedbackReport(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    print("feedback on \(reply.subjectID): \(reply.othersResponded) of \(reply.othersInvited) others answered")
                    if reply.released {
                        Output.printTable(
                            ["competency", "responses", "mean", "min", "max"],
                            reply.competencies.map {
                                [$0.competency, String($0.responses), Output.number($0.meanRating), String($0.minRating),
                                 String($0.maxRating)]
                            })
                    } else {
                        print("not released: fewer than \(reply.anonymityThreshold) responses from others")
                    }
                    if !reply.selfRatings.isEmpty {
                        print("own ratings: " + reply.selfRatings.map { "\($0.competency)=\($0.rating)" }.joined(separator: ", "))
                    }
                }
            }
        }
    }
}

struct IncentivesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incentives",
        abstract: "Incentive eligibility lists cut from the stack ranking (SPEC section 3), with the rule recorded.",
        discussion: """
            Rules: top_n N (ranks 1-N), top_percent P (the best floor(ranked x P / 100) ranks, at least 1), \
            min_percentile X (percentile >= X). Agents whose composite was gate-capped are left out. The \
            list and the rule used are stored as created.

            Examples:
              govctl incentives create --tenant northwind --program nw-care --period 2026-10 --rule top_percent --value 10
              govctl incentives list --tenant northwind --program nw-care
            """,
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build and store an eligibility list (managers; audited).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ProgramTarget
        @Option(name: .long, help: "Period YYYY-MM, YYYY-Qn or YYYY.") var period: String
        @Option(name: .long, help: "top_n, top_percent or min_percentile.") var rule: String
        @Option(name: .long, help: "The rule's parameter.") var value: Double

        func run() async throws {
            var request = Governance_V1_CreateEligibilityListRequest()
            request.tenant = target.tenant
            request.program = target.program
            request.period = period
            request.rule = rule
            request.value = value
            try await connection.withClient { client in
                let list = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .createEligibilityList(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(list)
                case .table: IncentivesCommand.show([list])
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stored eligibility lists of a program.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ProgramTarget
        @Option(name: .long, help: "Only this period.") var period: String?

        func run() async throws {
            var request = Governance_V1_ListEligibilityListsRequest()
            request.tenant = target.tenant
            request.program = target.program
            request.period = period ?? ""
            try await connection.withClient { client in
                let reply = try await Governance_V1_DevelopmentService.Client(wrapping: client)
                    .listEligibilityLists(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table: IncentivesCommand.show(reply.lists)
                }
            }
        }
    }

    static func show(_ lists: [Governance_V1_EligibilityList]) {
        for list in lists {
            print("list \(list.id), \(list.program) \(list.period): \(list.ruleText) (by \(list.createdBy) at \(list.createdAt))")
            Output.printTable(
                ["rank", "agent", "composite", "percentile"],
                list.agents.map { [String($0.rank), $0.agentID, Output.number($0.composite), Output.number($0.percentile, digits: 1)] })
            print("")
        }
    }
}
