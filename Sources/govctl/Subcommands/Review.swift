import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "The monthly review package of a program (SPEC section 5).",
        discussion: """
            Prints the program scorecard for the month with the previous 12 months' trend, threshold \
            alerts, anomalies (modified z against the 12 months before; at least 6 needed), \
            reconciliation mismatches between reported and computed values, target-review \
            recommendations (raise_target, unattainable), the top three gaps in composite points lost, \
            the agent-level target check and the action items (raised this month, plus every earlier \
            one not done; overdue flagged). --format json prints the ReviewPackageReply of \
            Protos/governance/v1/review.proto.

            Example:
              govctl review --tenant northwind --program nw-care --month 2026-10
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: FormatOption
    @Option(name: .long, help: "Tenant id.") var tenant: String
    @Option(name: .long, help: "Program id.") var program: String
    @Option(name: .long, help: "Review month YYYY-MM.") var month: String

    func run() async throws {
        try await connection.withClient { client in
            var request = Governance_V1_ReviewPackageRequest()
            request.tenant = tenant
            request.program = program
            request.month = month
            let reply = try await Governance_V1_ReviewService.Client(wrapping: client)
                .reviewPackage(request, options: connection.callOptions)
            switch output.format {
            case .json:
                // Every list is printed, empty or not, so scripts can rely on the names.
                let lists = [
                    "trend", "threshold_alerts", "anomalies", "anomaly_no_verdict", "reconciliation", "target_review",
                    "top_gaps", "agent_target_check", "actions",
                ]
                try Output.printJSON(reply, defaults: Dictionary(uniqueKeysWithValues: lists.map { ($0, [Any]()) }))
            case .table: Self.render(reply)
            }
        }
    }

    static func render(_ reply: Governance_V1_ReviewPackageReply) {
        print("Monthly review: \(reply.program), \(reply.month)")
        print(String(repeating: "=", count: 40))
        ScorecardCommand.render(reply.scorecard)

        section("Trend (composite)")
        Output.printTable(
            ["month", "composite", "capped", "complete"],
            reply.trend.map { point in
                [point.month, point.hasComposite ? Output.number(point.composite) : "-", point.gateCapped ? "yes" : "",
                 point.hasComposite ? (point.complete ? "yes" : "no") : ""]
            })

        section("Threshold alerts (worse than the contractual minimum)")
        if reply.thresholdAlerts.isEmpty { print("none") } else {
            Output.printTable(
                ["metric", "value", "threshold", "target", "source"],
                reply.thresholdAlerts.map {
                    [$0.metric, Output.number($0.value) + ($0.insufficientSample ? "*" : ""), Output.number($0.threshold),
                     Output.number($0.target), $0.source]
                })
        }

        section("Data verification: anomalies (|z| > 3.5 against the 12 months before)")
        if reply.anomalies.isEmpty { print("none") } else {
            Output.printTable(
                ["metric", "value", "source", "median", "MAD", "z", "method", "months"],
                reply.anomalies.map {
                    [$0.metric, Output.number($0.value), $0.source, Output.number($0.median), Output.number($0.mad),
                     $0.hasZ ? Output.number($0.z) : "null", $0.method, String($0.historyMonths)]
                })
        }
        for item in reply.anomalyNoVerdict {
            print("no verdict for \(item.metric): \(item.reason)")
        }

        section("Data verification: reconciliation (reported vs computed)")
        if reply.reconciliation.isEmpty { print("no mismatches") } else {
            Output.printTable(
                ["metric", "computed", "reported", "difference", "tolerance", "rule"],
                reply.reconciliation.map {
                    [$0.metric, Output.number($0.computed), Output.number($0.reported), Output.number($0.difference),
                     Output.number($0.tolerance), $0.toleranceRule]
                })
        }

        section("Target review")
        if reply.targetReview.isEmpty { print("no recommendation") } else {
            Output.printTable(
                ["metric", "recommendation", "last 3 months", "target", "threshold", "suggested target"],
                reply.targetReview.map {
                    [$0.metric, $0.recommendation, $0.values.map { Output.number($0) }.joined(separator: ", "),
                     Output.number($0.target), Output.number($0.threshold),
                     $0.hasSuggestedTarget ? Output.number($0.suggestedTarget) : "-"]
                })
        }

        section("Top gaps (composite points lost)")
        if reply.topGaps.isEmpty { print("none") } else {
            Output.printTable(["metric", "points lost"], reply.topGaps.map { [$0.metric, Output.number($0.pointsLost)] })
        }

        section("Agent-level target check")
        if reply.agentTargetCheck.isEmpty { print("no agent-level metric configured") } else {
            Output.printTable(
                ["metric", "target", "agents", "meeting", "share %", "note"],
                reply.agentTargetCheck.map {
                    [$0.metric, Output.number($0.target), String($0.agents), String($0.meetingTarget),
                     $0.hasSharePercent ? Output.number($0.sharePercent, digits: 1) : "-", $0.note]
                })
        }

        section("Action items")
        if reply.actions.isEmpty { print("none") } else { ActionCommand.printActions(reply.actions) }
    }

    private static func section(_ title: String) {
        print("")
        print(title)
    }
}

struct ActionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action",
        abstract: "Monthly review action items: create, update, list.",
        discussion: """
            An action item belongs to a program and the review month that raised it, addresses one \
            catalog metric, and has a title, an owner, a due date and a status (open or done). Every \
            change is kept with who made it and when (`action list --history`), and audited.
            """,
        subcommands: [Create.self, Update.self, List.self])

    struct Target: ParsableArguments {
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Program id.") var program: String
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an open action item against a review month.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "Review month that raises it, YYYY-MM.") var month: String
        @Option(name: .long, help: "Linked catalog metric (service_level, aht_seconds, ...).") var metric: String
        @Option(name: .long, help: "What is to be done.") var title: String
        @Option(name: .long, help: "Who does it.") var owner: String
        @Option(name: .long, help: "Due date YYYY-MM-DD.") var due: String
        @Option(name: .long, help: "A note kept in the history.") var note: String?

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_CreateActionRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.reviewMonth = month
                request.metric = metric
                request.title = title
                request.owner = owner
                request.dueDate = due
                request.note = note ?? ""
                let action = try await Governance_V1_ReviewService.Client(wrapping: client)
                    .createAction(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(action)
                case .table: ActionCommand.printActions([action])
                }
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an action item's status and, optionally, title, owner or due date.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "Action id.") var id: Int64
        @Option(name: .long, help: "open or done.") var status: String?
        @Option(name: .long, help: "New title.") var title: String?
        @Option(name: .long, help: "New owner.") var owner: String?
        @Option(name: .long, help: "New due date YYYY-MM-DD.") var due: String?
        @Option(name: .long, help: "A note kept in the history.") var note: String?

        func validate() throws {
            guard status != nil || title != nil || owner != nil || due != nil else {
                throw ValidationError("give at least one of --status, --title, --owner, --due")
            }
        }

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_UpdateActionStatusRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.id = id
                request.status = status ?? ""
                if let title { request.title = title }
                if let owner { request.owner = owner }
                if let due { request.dueDate = due }
                request.note = note ?? ""
                let action = try await Governance_V1_ReviewService.Client(wrapping: client)
                    .updateActionStatus(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(action)
                case .table: ActionCommand.printActions([action], history: true)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A program's action items.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "Only those raised in this review month, YYYY-MM.") var month: String?
        @Option(name: .long, help: "Only open or done ones.") var status: String?
        @Option(name: .long, help: "Judge overdue against this date YYYY-MM-DD (default: today, UTC).") var asOf: String?
        @Flag(name: .long, help: "Show who changed what and when.") var history = false

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ListActionsRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.reviewMonth = month ?? ""
                request.status = status ?? ""
                request.asOf = asOf ?? ""
                let reply = try await Governance_V1_ReviewService.Client(wrapping: client)
                    .listActions(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply, defaults: ["actions": [Any]()])
                case .table:
                    if reply.actions.isEmpty { print("no action items") } else {
                        ActionCommand.printActions(reply.actions, history: history)
                    }
                }
            }
        }
    }

    static func printActions(_ actions: [Governance_V1_Action], history: Bool = false) {
        Output.printTable(
            ["id", "review", "metric", "title", "owner", "due", "status", "overdue"],
            actions.map {
                [String($0.id), $0.reviewMonth, $0.metric, $0.title, $0.owner, $0.dueDate, $0.status, $0.overdue ? "OVERDUE" : ""]
            })
        guard history else { return }
        for action in actions {
            print("")
            print("history of action \(action.id):")
            for change in action.history {
                let what = change.field == "created" ? "created: \(change.newValue)" : "\(change.field): \(change.oldValue) → \(change.newValue)"
                print("  \(change.at)  \(change.actor)  \(what)\(change.note.isEmpty ? "" : "  (\(change.note))")")
            }
        }
    }
}
