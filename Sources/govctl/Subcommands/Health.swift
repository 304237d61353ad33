import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

/// `govctl health`: the server check (the default, as before) and partnership health.
struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Server health check, and program partnership health: metrics, retention curves, attrition risk.",
        discussion: """
            `govctl health` with no subcommand (or `govctl health server`) checks the server's \
            grpc.health.v1 status, needs no token and exits 1 unless the server is SERVING. The other \
            subcommands read partnership health (SPEC sections 2 and 8):
              govctl health program --tenant T --program P --month 2026-10
              govctl health retention --tenant T --program P [--as-of 2026-10-31]
              govctl health risk --tenant T [--program P] [--limit 20]
            """,
        subcommands: [Server.self, ProgramHealth.self, Retention.self, Risk.self], defaultSubcommand: Server.self)

    struct Server: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the server's grpc.health.v1 status (no token needed; the default).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let transport = try connection.transport()
            do {
                try await withGRPCClient(transport: transport) { client in
                    let reply = try await Grpc_Health_V1_Health.Client(wrapping: client)
                        .check(Grpc_Health_V1_HealthCheckRequest(), options: connection.callOptions)
                    switch output.format {
                    case .json: try Output.printJSON(reply)
                    case .table: print(reply.status == .serving ? "SERVING" : "\(reply.status)")
                    }
                    if reply.status != .serving { throw CLIFailure(message: "server is not serving") }
                }
            } catch let error as RPCError {
                throw CLIFailure(error)
            }
        }
    }

    struct ProgramHealth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "program",
            abstract: "A program's partnership health for a month.",
            discussion: """
                Head count (daily mean of active agents), staffing_ratio, attrition_rate (monthly and \
                annualised), early_attrition_rate (of the agents hired in the 90 days ending on the \
                month's last day, the share already gone), tenure median and quartiles, eNPS over the \
                trailing 3 months and the scorecard's partnership category score. Absent values print \
                as '-' (json: the field is missing).
                """)
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Program id.") var program: String
        @Option(name: .long, help: "Month YYYY-MM.") var month: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ProgramHealthRequest()
                request.tenant = tenant
                request.program = program
                request.month = month
                let reply = try await Governance_V1_PartnershipHealthService.Client(wrapping: client)
                    .getProgramHealth(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    func value(_ has: Bool, _ number: Double, digits: Int = 2) -> String {
                        has ? Output.number(number, digits: digits) : "-"
                    }
                    print("\(reply.program) \(reply.month)")
                    Output.printTable(
                        ["figure", "value"],
                        [
                            ["headcount", Output.number(reply.headcount)],
                            ["active on last day", String(reply.activeOnLastDay)],
                            ["planned_fte", value(reply.hasPlannedFte, reply.plannedFte)],
                            ["staffing_ratio", value(reply.hasStaffingRatio, reply.staffingRatio)],
                            ["terminations", String(reply.terminations)],
                            ["attrition_rate", value(reply.hasAttritionRate, reply.attritionRate)],
                            ["attrition_rate_annualised", value(reply.hasAttritionRateAnnualised, reply.attritionRateAnnualised)],
                            ["recent hires (90 days)", String(reply.recentHires)],
                            ["early terminations", String(reply.earlyTerminations)],
                            ["early_attrition_rate", value(reply.hasEarlyAttritionRate, reply.earlyAttritionRate)],
                            ["tenure_median_days", value(reply.hasTenureMedianDays, reply.tenureMedianDays, digits: 1)],
                            ["tenure p25 / p75 days",
                             value(reply.hasTenureP25Days, reply.tenureP25Days, digits: 1) + " / "
                                + value(reply.hasTenureP75Days, reply.tenureP75Days, digits: 1)],
                            ["enps", value(reply.hasEnps, reply.enps, digits: 1) + " (\(reply.enpsResponses) responses)"],
                            ["partnership score", value(reply.hasPartnershipScore, reply.partnershipScore)],
                        ])
                }
            }
        }
    }

    struct Retention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kaplan–Meier retention by quarter of hire: share still employed 30/90/180/365 days after hire.",
            discussion: """
                One row per hire cohort; '-' where the cohort has not been followed that long yet. \
                --format json adds each curve's steps (days, survival, at_risk, events) for drawing.
                """)
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Program id.") var program: String
        @Option(name: .long, help: "Last day observed, YYYY-MM-DD (default: the program's last day of data).")
        var asOf: String?

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_RetentionCurvesRequest()
                request.tenant = tenant
                request.program = program
                request.asOf = asOf ?? ""
                let reply = try await Governance_V1_PartnershipHealthService.Client(wrapping: client)
                    .getRetentionCurves(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    print("\(reply.program) retention as of \(reply.asOf.isEmpty ? "-" : reply.asOf)")
                    func share(_ has: Bool, _ value: Double) -> String { has ? Output.number(100 * value, digits: 1) + "%" : "-" }
                    Output.printTable(
                        ["cohort", "hires", "left", "30d", "90d", "180d", "365d"],
                        reply.cohorts.map {
                            [$0.cohort, String($0.hires), String($0.terminations), share($0.hasSurvival30, $0.survival30),
                             share($0.hasSurvival90, $0.survival90), share($0.hasSurvival180, $0.survival180),
                             share($0.hasSurvival365, $0.survival365)]
                        })
                }
            }
        }
    }

    struct Risk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Agents at risk of leaving, highest first, with the features behind each score.",
            discussion: """
                The model (SPEC section 8) is fitted per tenant on its own history: logistic regression \
                on seven standardised features, trained on all labelled months but the last 3, whose AUC \
                is reported. With too little history there is no fit, and the command says why instead \
                of printing scores. --program only filters the listed agents.
                """)
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Only list this program's agents.") var program: String?
        @Option(name: .long, help: "At most this many agents (default: all).") var limit: Int32 = 0

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_AttritionRiskRequest()
                request.tenant = tenant
                request.program = program ?? ""
                request.limit = limit
                let reply = try await Governance_V1_PartnershipHealthService.Client(wrapping: client)
                    .getAttritionRisk(request, options: connection.callOptions)
                switch output.format {
                case .json:
                    // Without a fit, scripts still find `fitted`, the months and an empty `agents`.
                    try Output.printJSON(
                        reply,
                        defaults: [
                            "fitted": false, "train_months": [Any](), "holdout_months": [Any](), "agents": [Any](),
                        ])
                case .table:
                    guard reply.fitted else {
                        print("no fit: \(reply.note)")
                        return
                    }
                    print(
                        "attrition risk at the end of \(reply.scoredMonth): trained on \(reply.trainMonths.first ?? "-")"
                            + "..\(reply.trainMonths.last ?? "-") (\(reply.trainRows) agent-months, \(reply.trainPositives) left), "
                            + "holdout AUC \(reply.hasAucHoldout ? Output.number(reply.aucHoldout, digits: 3) : "-") on "
                            + reply.holdoutMonths.joined(separator: ", "))
                    if !reply.note.isEmpty { print(reply.note) }
                    Output.printTable(
                        ["agent", "program", "probability", "band", "top features (contribution)"],
                        reply.agents.map { agent in
                            [agent.agentID, agent.programID, Output.number(agent.probability, digits: 3), agent.band,
                             agent.topFeatures.map { "\($0.feature) \($0.contribution >= 0 ? "+" : "")\(Output.number($0.contribution))" }
                                .joined(separator: ", ")]
                        })
                }
            }
        }
    }
}
