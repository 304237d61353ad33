import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Benchmark a tenant's programs against the platform (SPEC section 7).",
        discussion: """
            govctl benchmark --tenant T --period 2026-10 [--category C | --metric M]
              The tenant's programs (value, percentile in the platform cohort, rank among the tenant's \
            own programs), the cohort (programs, tenants, p25/p50/p75, or `withheld` with the reason) and, \
            for account managers (their tenants) and platform admins (every tenant), the named `ranking`. \
            A tenant's own users see the cohort only when it holds at least 5 programs from 3 tenants, and \
            never another tenant's names, ids or values. Only programs scored under the same architecture \
            version are compared. Without --category or --metric the gate-capped composite is compared; \
            for a `down` metric (aht_seconds, ...) the lowest value has the highest percentile.

            govctl benchmark programs --tenant T --period P
              The named ranking of the tenant's own programs on the composite, every category and every \
            metric, with the gap to the leader and the leader of each category: who to learn from.
            """,
        subcommands: [Platform.self, Programs.self],
        defaultSubcommand: Platform.self)

    /// `govctl benchmark [platform] --tenant T --period P [--category C | --metric M]`.
    struct Platform: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The tenant's programs against the platform cohort (the default: `govctl benchmark --tenant T ...`).")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "2026-10, 2026-Q3 or 2026.") var period: String
        @Option(name: .long, help: "Compare a category score: service, quality, customer, efficiency, partnership.")
        var category: String?
        @Option(name: .long, help: "Compare a metric's value (catalog name, e.g. aht_seconds).") var metric: String?

        func validate() throws {
            if category != nil && metric != nil { throw ValidationError("give --category or --metric, not both") }
        }

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_BenchmarkRequest()
                request.tenant = tenant
                request.period = period
                request.category = category ?? ""
                request.metric = metric ?? ""
                let reply = try await Governance_V1_BenchmarkService.Client(wrapping: client)
                    .getBenchmark(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table: BenchmarkCommand.render(reply)
                }
            }
        }
    }

    static func render(_ reply: Governance_V1_BenchmarkReply) {
        let better = reply.direction == "down" ? "lower is better" : "higher is better"
        print("\(reply.tenant) \(reply.period): \(reply.subject) (\(better))")
        Output.printTable(
            ["rank", "program", "value", "percentile", "gap to leader"],
            reply.programs.map {
                [String($0.rank), $0.programID, Output.number($0.value),
                 $0.hasPercentile ? Output.number($0.percentile, digits: 1) : "-", Output.number($0.gapToLeader)]
            })
        let cohort = reply.cohort
        print("")
        print("cohort: \(cohort.programs) program(s) from \(cohort.tenants) tenant(s), architecture v\(cohort.architectureVersion)")
        if !cohort.withheld.isEmpty {
            print("withheld: \(cohort.withheld)")
        } else if cohort.hasP50 {
            print("p25 \(Output.number(cohort.p25))  p50 \(Output.number(cohort.p50))  p75 \(Output.number(cohort.p75))")
        }
        if !cohort.versionsNote.isEmpty { print("note: \(cohort.versionsNote)") }
        if !reply.ranking.isEmpty {
            print("")
            Output.printTable(
                ["rank", "tenant", "program", "value", "percentile", "gap to leader"],
                reply.ranking.map {
                    [String($0.rank), $0.tenant, $0.programID, Output.number($0.value),
                     $0.hasPercentile ? Output.number($0.percentile, digits: 1) : "-", Output.number($0.gapToLeader)]
                })
        }
    }

    struct Programs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rank a tenant's own programs on the composite, each category and each metric, with gaps and category leaders.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "2026-10, 2026-Q3 or 2026.") var period: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ProgramRankingRequest()
                request.tenant = tenant
                request.period = period
                let reply = try await Governance_V1_BenchmarkService.Client(wrapping: client)
                    .getProgramRanking(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    print("\(reply.tenant) \(reply.period): who to learn from")
                    Output.printTable(
                        ["category", "leader", "score"],
                        reply.categoryLeaders.map { [$0.category, $0.programID, Output.number($0.score)] })
                    for ranking in reply.rankings {
                        print("")
                        print("\(ranking.subject) (\(ranking.direction == "down" ? "lower" : "higher") is better)")
                        Output.printTable(
                            ["rank", "program", "value", "gap to leader"],
                            ranking.programs.map {
                                [String($0.rank), $0.programID, Output.number($0.value), Output.number($0.gapToLeader)]
                            })
                    }
                }
            }
        }
    }
}
