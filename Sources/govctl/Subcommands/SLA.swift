import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

struct SLACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Contractual SLAs: monthly status and service credits, breaches, the compliance matrix, the in-month projection and exclusions.",
        discussion: """
            Months are YYYY-MM in the program's local time (SPEC section 6). An SLA is met, missed (also \
            when the metric has no value) or excluded; a missed critical SLA earns a credit of \
            monthly_fee × at_risk_pct ÷ 100 × allocation_pct ÷ 100, capped per month at the pool (pro \
            rata), and is earned back when met in each of the next earn_back_months months.

            Examples:
              govctl sla status --tenant northwind --program nw-care --month 2026-10
              govctl sla projection --tenant northwind --program nw-care
              govctl sla exclude --tenant northwind --program nw-care --metric csat --month 2026-09 \\
                  --reason "Carrier outage" --evidence INC-4711
            """,
        subcommands: [Status.self, History.self, Matrix.self, Projection.self, Exclude.self, Exclusions.self, Withdraw.self, Versions.self])

    struct Target: ParsableArguments {
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Program id.") var program: String
    }

    static func money(_ value: Double) -> String { Output.number(value) }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A program's SLAs for one month: met/missed/excluded, credits (capped), earn-back, escalations, expected-level defaults and year-to-date credits.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "YYYY-MM.") var month: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_SlaStatusRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.month = month
                let status = try await Governance_V1_SlaService.Client(wrapping: client)
                    .getSlaStatus(request, options: connection.callOptions)
                switch output.format {
                case .json:
                    let totals: [String: Any] = ["credits_total": 0, "credits_returned": 0, "credits_net": 0]
                    try Output.printJSON(
                        status,
                        defaults: totals.merging([
                            "slas": [Any](), "cap": 0, "capped": false, "escalations": [Any](), "expected_defaults": [Any](),
                            "sla_version": 0, "ytd_program": totals, "ytd_tenant": totals,
                        ]) { a, _ in a },
                        each: [
                            "slas": [
                                "no_value": false, "allocation_pct": 0, "credit": 0, "credit_returned": 0,
                                "credit_uncapped": 0, "earn_back_months_met": 0, "worse_than_expected": false,
                            ]
                        ])
                case .table: SLACommand.render(status)
                }
            }
        }
    }

    static func render(_ status: Governance_V1_SlaStatus) {
        print("\(status.program) \(status.month)  SLA version \(status.slaVersion)  data through \(status.dataThrough)")
        Output.printTable(
            ["metric", "severity", "minimum", "expected", "value", "status", "allocation", "credit", "earn-back"],
            status.slas.map { sla in
                [sla.metric, sla.severity, Output.number(sla.minimum), sla.hasExpected ? Output.number(sla.expected) : "-",
                 sla.hasValue ? Output.number(sla.value) : "no value", sla.status,
                 sla.severity == "critical" ? Output.number(sla.allocationPct, digits: 0) + "%" : "-",
                 sla.credit > 0 ? money(sla.credit) : "-",
                 sla.earnBack == "none" ? "-" : sla.earnBack + (sla.earnBackMonth.isEmpty ? "" : " " + sla.earnBackMonth)]
            })
        for sla in status.slas where sla.noValue { print("\(sla.metric): \(sla.noValueReason)") }
        print(
            "credits \(money(status.creditsTotal))\(status.capped ? " (capped at \(money(status.cap)), pro rata)" : "")  returned \(money(status.creditsReturned))  net \(money(status.creditsNet))"
        )
        print(
            "year to date: program net \(money(status.ytdProgram.creditsNet)) (credits \(money(status.ytdProgram.creditsTotal)), returned \(money(status.ytdProgram.creditsReturned)))  tenant net \(money(status.ytdTenant.creditsNet))"
        )
        for escalation in status.escalations {
            print("ESCALATION: \(escalation.metric) missed \(escalation.monthsMissed) months running since \(escalation.since)")
        }
        for item in status.expectedDefaults {
            print("EXPECTED-LEVEL DEFAULT: \(item.metric) worse than expected \(Output.number(item.expected)) in \(item.monthsWorse) of 12 months (\(item.months.joined(separator: ", ")))")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every missed SLA over a range of months, with credits and earn-back.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Program id (default: every program).") var program: String = ""
        @Option(name: .long, help: "First month, YYYY-MM.") var from: String
        @Option(name: .long, help: "Last month, YYYY-MM (at most 120 months).") var to: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_BreachHistoryRequest()
                request.tenant = tenant
                request.program = program
                request.from = from
                request.to = to
                let history = try await Governance_V1_SlaService.Client(wrapping: client)
                    .getBreachHistory(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(history, defaults: ["breaches": [Any]()])
                case .table:
                    Output.printTable(
                        ["month", "program", "metric", "severity", "minimum", "value", "credit", "earn-back", "escalation"],
                        history.breaches.map { b in
                            [b.month, b.program, b.metric, b.severity, Output.number(b.minimum),
                             b.hasValue ? Output.number(b.value) : "no value", b.credit > 0 ? money(b.credit) : "-",
                             b.earnBack == "none" ? "-" : b.earnBack + (b.earnBackMonth.isEmpty ? "" : " " + b.earnBackMonth),
                             b.escalation ? "yes" : ""]
                        })
                    print("credits \(money(history.totals.creditsTotal))  returned \(money(history.totals.creditsReturned))  net \(money(history.totals.creditsNet))")
                }
            }
        }
    }

    struct Matrix: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The tenant's compliance matrix: programs × months, met/missed/excluded and net credits.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "First month, YYYY-MM.") var from: String
        @Option(name: .long, help: "Last month, YYYY-MM (at most 120 months).") var to: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ComplianceMatrixRequest()
                request.tenant = tenant
                request.from = from
                request.to = to
                let matrix = try await Governance_V1_SlaService.Client(wrapping: client)
                    .getComplianceMatrix(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(matrix)
                case .table:
                    print("cells: met/missed/excluded, net credits")
                    Output.printTable(
                        ["program"] + matrix.months + ["net credits"],
                        matrix.programs.map { row in
                            [row.program]
                                + row.cells.map { c in
                                    c.evaluated ? "\(c.met)/\(c.missed)/\(c.excluded) \(money(c.creditsNet))" : "-"
                                } + [money(row.totals.creditsNet)]
                        })
                }
            }
        }
    }

    struct Projection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The month in progress: for each ratio SLA, the value needed over the rest of the month to end at minimum (reachable, unreachable or secured).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "YYYY-MM (default: the month of the program's last day with interactions).") var month: String?

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_SlaProjectionRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.month = month ?? ""
                let projection = try await Governance_V1_SlaService.Client(wrapping: client)
                    .getSlaProjection(request, options: connection.callOptions)
                switch output.format {
                case .json:
                    try Output.printJSON(
                        projection, defaults: ["slas": [Any](), "day": 0],
                        each: ["slas": ["numerator": 0, "denominator": 0, "remaining_denominator": 0, "ratio": false]])
                case .table:
                    print("\(projection.program) \(projection.month)  data through day \(projection.day) of \(projection.daysInMonth)")
                    Output.printTable(
                        ["metric", "severity", "minimum", "month to date", "needed over the rest", "status"],
                        projection.slas.map { line in
                            [line.metric, line.severity, Output.number(line.minimum),
                             line.hasValue ? Output.number(line.value) : "-",
                             line.hasRequired ? Output.number(line.required) : "-", line.status]
                        })
                }
            }
        }
    }

    struct Exclude: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Records an exclusion for an SLA and month (account managers and platform admins): the month then counts as neither met nor missed.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "The SLA's metric (e.g. service_level).") var metric: String
        @Option(name: .long, help: "YYYY-MM.") var month: String
        @Option(name: .long, help: "Why the month should not count.") var reason: String
        @Option(name: .long, help: "Evidence reference: ticket, incident or document.") var evidence: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_AddExclusionRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.metric = metric
                request.month = month
                request.reason = reason
                request.evidence = evidence
                let exclusion = try await Governance_V1_SlaService.Client(wrapping: client)
                    .addExclusion(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(exclusion)
                case .table:
                    print(
                        exclusion.existing
                            ? "exclusion \(exclusion.id) was already active for \(exclusion.metric) \(exclusion.month); nothing changed"
                            : "recorded exclusion \(exclusion.id): \(exclusion.metric) of \(exclusion.program) for \(exclusion.month)")
                }
            }
        }
    }

    struct Exclusions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists exclusions, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Program id (default: every program).") var program: String = ""
        @Flag(name: .long, help: "Also list withdrawn exclusions.") var includeWithdrawn = false

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ListExclusionsRequest()
                request.tenant = tenant
                request.program = program
                request.includeWithdrawn = includeWithdrawn
                let reply = try await Governance_V1_SlaService.Client(wrapping: client)
                    .listExclusions(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply, defaults: ["exclusions": [Any]()])
                case .table:
                    Output.printTable(
                        ["id", "program", "metric", "month", "reason", "evidence", "recorded by", "withdrawn"],
                        reply.exclusions.map { e in
                            [String(e.id), e.program, e.metric, e.month, e.reason, e.evidence, e.recordedBy,
                             e.withdrawn ? "\(e.withdrawnAt): \(e.withdrawalReason)" : ""]
                        })
                }
            }
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraws an exclusion (account managers and platform admins): the month counts again.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Argument(help: "Exclusion id (from `govctl sla exclusions`).") var id: Int64
        @Option(name: .long, help: "Why it is withdrawn.") var reason: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_WithdrawExclusionRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.exclusionID = id
                request.reason = reason
                let exclusion = try await Governance_V1_SlaService.Client(wrapping: client)
                    .withdrawExclusion(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(exclusion)
                case .table: print("withdrew exclusion \(exclusion.id): \(exclusion.metric) of \(exclusion.program) for \(exclusion.month)")
                }
            }
        }
    }

    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A program's SLA versions (contract amendments), with author and rationale.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ListSlaVersionsRequest()
                request.tenant = target.tenant
                request.program = target.program
                let reply = try await Governance_V1_SlaService.Client(wrapping: client)
                    .listSlaVersions(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    for version in reply.versions {
                        print("v\(version.version) from \(version.effectiveFrom) by \(version.author): \(version.rationale)")
                        for sla in version.slas {
                            print(
                                "  \(sla.metric) \(sla.severity) minimum \(Output.number(sla.minimum))"
                                    + (sla.hasExpected ? " expected \(Output.number(sla.expected))" : "")
                                    + (sla.hasAllocationPct ? " allocation \(Output.number(sla.allocationPct, digits: 0))%" : ""))
                        }
                    }
                }
            }
        }
    }
}
