import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Calibration reports, disputes and sampling plans (SPEC section 4).",
        discussion: """
            Quality score and compliance are kept apart: hard-fail items decide compliance and never \
            enter the quality score. Evaluations come from evaluations.csv and evaluation_answers.csv \
            (`govctl import`) or the SubmitEvaluation RPC.
            """,
        subcommands: [Calibration.self, Dispute.self, Resolve.self, Disputes.self, Sample.self])

    struct Calibration: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Calibration report: calibration_mad, within_tolerance, Krippendorff's alpha with a 95 % bootstrap interval, per-evaluator mad and bias, item alignment, and the monthly trend.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ScorecardCommand.Target
        @Option(name: .long, help: "2026-10, 2026-Q3, 2026 or all.") var period: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_CalibrationReportRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.period = period
                let report = try await Governance_V1_QualityService.Client(wrapping: client)
                    .calibrationReport(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(report)
                case .table:
                    func value(_ has: Bool, _ v: Double, digits: Int = 3) -> String { has ? Output.number(v, digits: digits) : "-" }
                    print("\(report.program) \(report.period): \(report.sessions) sessions, \(report.rows) rows")
                    print("calibration_mad \(value(report.hasCalibrationMad, report.calibrationMad))  within_tolerance \(value(report.hasWithinTolerance, report.withinTolerance))  alpha \(value(report.hasAlpha, report.alpha)) [\(value(report.hasAlphaCiLow, report.alphaCiLow)), \(value(report.hasAlphaCiHigh, report.alphaCiHigh))]")
                    Output.printTable(
                        ["evaluator", "n", "mad", "bias", "flag"],
                        report.evaluators.map {
                            [$0.evaluatorID, String($0.n), Output.number($0.mad), Output.number($0.bias, digits: 2), $0.flag]
                        })
                    if !report.months.isEmpty {
                        print("")
                        Output.printTable(
                            ["month", "sessions", "rows", "mad", "within", "alpha"],
                            report.months.map {
                                [$0.month, String($0.sessions), String($0.rows), value($0.hasCalibrationMad, $0.calibrationMad),
                                 value($0.hasWithinTolerance, $0.withinTolerance), value($0.hasAlpha, $0.alpha)]
                            })
                    }
                }
            }
        }
    }

    struct Dispute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a dispute of one evaluation item (the agent's supervisor).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Evaluation id.") var evaluation: String
        @Option(name: .long, help: "Form item id.") var item: String
        @Option(name: .long, help: "Who disputes (supervisor id).") var by: String
        @Option(name: .long, help: "Why the answer is wrong.") var reason: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_OpenDisputeRequest()
                request.tenant = tenant
                request.evaluationID = evaluation
                request.itemID = item
                request.openedBy = by
                request.reason = reason
                let dispute = try await Governance_V1_QualityService.Client(wrapping: client)
                    .openDispute(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(dispute)
                case .table: QualityCommand.render([dispute])
                }
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolve a dispute (QA lead): upheld, or changed to new points (the evaluation is re-scored).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Dispute id (dsp-N).") var dispute: String
        @Option(name: .long, help: "upheld or changed.") var outcome: String
        @Option(name: .long, help: "The new points (changed only).") var points: Double?
        @Option(name: .long, help: "Who resolves (QA lead id).") var by: String
        @Option(name: .long, help: "Why.") var note: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ResolveDisputeRequest()
                request.tenant = tenant
                request.disputeID = dispute
                request.outcome = outcome
                if let points { request.points = points }
                request.resolvedBy = by
                request.note = note
                let reply = try await Governance_V1_QualityService.Client(wrapping: client)
                    .resolveDispute(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    QualityCommand.render([reply.dispute])
                    let before = reply.hasQualityScoreBefore ? Output.number(reply.qualityScoreBefore) : "-"
                    let after = reply.hasQualityScoreAfter ? Output.number(reply.qualityScoreAfter) : "-"
                    print("quality score \(before) → \(after), compliance \(reply.complianceBefore) → \(reply.complianceAfter)")
                }
            }
        }
    }

    struct Disputes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List disputes, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Only this program.") var program: String?
        @Option(name: .long, help: "Only this state: open, upheld or changed.") var state: String?

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ListDisputesRequest()
                request.tenant = tenant
                request.program = program ?? ""
                request.state = state ?? ""
                let reply = try await Governance_V1_QualityService.Client(wrapping: client)
                    .listDisputes(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table: QualityCommand.render(reply.disputes)
                }
            }
        }
    }

    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A reproducible sampling plan: N interactions per agent to evaluate, stratified by channel, never one already evaluated.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ScorecardCommand.Target
        @Option(name: .long, help: "2026-10, 2026-Q3 or 2026.") var period: String
        @Option(name: .long, help: "Interactions per agent.") var perAgent: Int32 = 4
        @Option(name: .long, help: "Seed (default: derived from tenant, program and period).") var seed: UInt64?

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_SamplingPlanRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.period = period
                request.perAgent = perAgent
                if let seed { request.seed = seed }
                let plan = try await Governance_V1_QualityService.Client(wrapping: client)
                    .samplingPlan(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(plan)
                case .table:
                    print("\(plan.program) \(plan.period): seed \(plan.seed), \(plan.eligible) eligible, \(plan.excludedEvaluated) already evaluated")
                    Output.printTable(
                        ["agent", "interaction", "channel"], plan.interactions.map { [$0.agentID, $0.interactionID, $0.channel] })
                }
            }
        }
    }

    static func render(_ disputes: [Governance_V1_Dispute]) {
        Output.printTable(
            ["dispute", "evaluation", "item", "agent", "state", "points", "opened_by", "resolved_by"],
            disputes.map { d in
                let points = Output.number(d.originalPoints, digits: 1) + (d.hasResolvedPoints ? " → " + Output.number(d.resolvedPoints, digits: 1) : "")
                return [d.disputeID, d.evaluationID, d.itemID, d.agentID, d.state + (d.alreadyOpen ? " (already open)" : ""), points, d.openedBy, d.resolvedBy]
            })
    }
}

struct CoachingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coaching",
        abstract: "The coaching queue, coaching sessions, coaching_completion and effectiveness (SPEC section 4).",
        discussion: """
            Every non-calibration evaluation below the program's qa_score threshold, or failing \
            compliance, opens a task for the agent's supervisor, due 7 days after the evaluation. A \
            coaching session (coaching_sessions.csv or `coaching record`) closes it.
            """,
        subcommands: [Queue.self, Record.self, Completion.self, Effectiveness.self])

    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A supervisor's open and overdue coaching tasks.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Supervisor id (the roster's supervisor_id).") var supervisor: String
        @Option(name: .long, help: "Only this program.") var program: String?
        @Option(name: .long, help: "Statuses as of this local date YYYY-MM-DD (default: today).") var asOf: String?
        @Flag(name: .long, help: "Also list closed tasks.") var includeClosed = false

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_CoachingQueueRequest()
                request.tenant = tenant
                request.supervisor = supervisor
                request.program = program ?? ""
                request.asOf = asOf ?? ""
                request.includeClosed = includeClosed
                let queue = try await Governance_V1_QualityService.Client(wrapping: client)
                    .coachingQueue(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(queue)
                case .table:
                    print("\(queue.supervisor): \(queue.open) open, \(queue.overdue) overdue")
                    Output.printTable(
                        ["evaluation", "program", "agent", "opened", "due", "status", "reasons", "quality"],
                        queue.tasks.map {
                            [$0.evaluationID, $0.program, $0.agentID, $0.openedOn, $0.dueOn, $0.status,
                             $0.reasons.joined(separator: ","), $0.hasQualityScore ? Output.number($0.qualityScore) : "-"]
                        })
                }
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a coaching session (closes the evaluation's task; one or two focus metrics).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Session id.") var session: String
        @Option(name: .long, help: "Evaluation id whose task it closes.") var evaluation: String
        @Option(name: .long, help: "Agent id.") var agent: String
        @Option(name: .long, help: "Supervisor id.") var supervisor: String
        @Option(name: .long, help: "Local date YYYY-MM-DD.") var heldOn: String
        @Option(name: .long, help: "Focus metrics, ';'-separated (one or two agent-level metrics).") var focus: String
        @Option(name: .long, help: "Root cause.") var rootCause: String
        @Option(name: .long, help: "The agent's commitment.") var commitment: String
        @Option(name: .long, help: "Follow-up date YYYY-MM-DD.") var followUpOn: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_RecordCoachingSessionRequest()
                request.tenant = tenant
                request.sessionID = session
                request.evaluationID = evaluation
                request.agentID = agent
                request.supervisorID = supervisor
                request.heldOn = heldOn
                request.focusMetrics = focus.split(separator: ";").map(String.init)
                request.rootCause = rootCause
                request.commitment = commitment
                request.followUpOn = followUpOn
                let reply = try await Governance_V1_QualityService.Client(wrapping: client)
                    .recordCoachingSession(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    print("session \(reply.sessionID) recorded; task of \(reply.evaluationID): \(reply.taskClosed ? (reply.closedOnTime ? "closed on time" : "closed late") : "none (the evaluation opened no task)")")
                }
            }
        }
    }

    struct Completion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "coaching_completion: 100 × tasks due in the month closed on or before their due date ÷ tasks due.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ScorecardCommand.Target
        @Option(name: .long, help: "2026-10 (or 2026-Q3, 2026).") var month: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_CoachingCompletionRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.month = month
                let reply = try await Governance_V1_QualityService.Client(wrapping: client)
                    .coachingCompletion(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    Output.printTable(
                        ["program", "month", "tasks_opened", "tasks_due", "closed_on_time", "coaching_completion"],
                        [[reply.program, reply.month, String(reply.tasksOpened), String(reply.tasksDue), String(reply.closedOnTime),
                          reply.hasCoachingCompletion ? Output.number(reply.coachingCompletion) : "-"]])
                }
            }
        }
    }

    struct Effectiveness: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Coaching effectiveness: focus metrics 30 days before and after each session, share improved per supervisor.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: ScorecardCommand.Target
        @Option(name: .long, help: "Sessions held in 2026-10, 2026-Q3 or 2026.") var period: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_CoachingEffectivenessRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.period = period
                let reply = try await Governance_V1_QualityService.Client(wrapping: client)
                    .coachingEffectiveness(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    Output.printTable(
                        ["supervisor", "sessions", "measured", "improved", "share_improved"],
                        (reply.supervisors + [reply.total]).map {
                            [$0.supervisorID.isEmpty ? "(program)" : $0.supervisorID, String($0.sessions), String($0.measured),
                             String($0.improved), $0.hasShareImproved ? Output.number($0.shareImproved, digits: 3) : "-"]
                        })
                }
            }
        }
    }
}
