import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

struct ScorecardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "Program and agent scorecards, rankings, trends, annual reviews and versions.",
        discussion: """
            Periods: 2026-10 (month), 2026-Q3 (quarter), 2026 (year), in the program's local time. A \
            period is scored with the versions in force at its first month; --architecture-version and \
            --scorecard-version re-score it under others (see also `scorecard compare`).
            """,
        subcommands: [Program.self, Agents.self, Agent.self, Annual.self, Trend.self, Compare.self, Versions.self])

    struct Target: ParsableArguments {
        @Option(name: .long, help: "Tenant id.") var tenant: String
        @Option(name: .long, help: "Program id.") var program: String
    }

    struct Program: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A program's scorecard for a month, quarter or year.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "2026-10, 2026-Q3 or 2026.") var period: String
        @Option(name: .long, help: "Score under this architecture version.") var architectureVersion: Int32?
        @Option(name: .long, help: "Score under this program scorecard version.") var scorecardVersion: Int32?

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ProgramScorecardRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.period = period
                if let architectureVersion { request.architectureVersion = architectureVersion }
                if let scorecardVersion { request.scorecardVersion = scorecardVersion }
                let card = try await Governance_V1_ScorecardService.Client(wrapping: client)
                    .getProgramScorecard(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(card)
                case .table: ScorecardCommand.render(card)
                }
            }
        }
    }

    struct Agents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The program's agent ranking for a period, each row with the agent's scorecard.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "2026-10, 2026-Q3 or 2026.") var period: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_AgentScorecardsRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.period = period
                let ranking = try await Governance_V1_ScorecardService.Client(wrapping: client)
                    .listAgentScorecards(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(ranking)
                case .table:
                    print("\(ranking.program) \(ranking.period)  architecture v\(ranking.architectureVersion), scorecard v\(ranking.scorecardVersion)")
                    let metricNames = ranking.agents.first?.metrics.map(\.metric) ?? []
                    Output.printTable(
                        ["rank", "agent", "composite", "percentile", "answered", "complete"] + metricNames,
                        ranking.agents.map { agent in
                            [agent.hasRank ? String(agent.rank) : "-", agent.agentID,
                             agent.hasComposite ? Output.number(agent.composite) : "-",
                             agent.hasPercentile ? Output.number(agent.percentile, digits: 1) : "-",
                             String(agent.answered), agent.complete ? "yes" : "no"]
                                + agent.metrics.map { $0.hasValue ? Output.number($0.value) + ($0.insufficientSample ? "*" : "") : "-" }
                        })
                    print("* insufficient sample (not scored)")
                }
            }
        }
    }

    struct Agent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One agent's scorecard for a period, with rank and percentile.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "Agent id.") var agent: String
        @Option(name: .long, help: "2026-10, 2026-Q3 or 2026.") var period: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_AgentScorecardRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.agentID = agent
                request.period = period
                let card = try await Governance_V1_ScorecardService.Client(wrapping: client)
                    .getAgentScorecard(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(card)
                case .table: ScorecardCommand.render(card)
                }
            }
        }
    }

    struct Annual: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An agent's annual review: monthly composites, annual composite, slope, trajectory.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "Agent id.") var agent: String
        @Option(name: .long, help: "Calendar year YYYY.") var year: Int32?
        @Option(name: .long, help: "Or: the 12 months ending at YYYY-MM.") var endingMonth: String?

        func validate() throws {
            guard (year == nil) != (endingMonth == nil) else { throw ValidationError("give --year or --ending-month") }
        }

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_AnnualReviewRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.agentID = agent
                if let year { request.year = year }
                if let endingMonth { request.endingMonth = endingMonth }
                let review = try await Governance_V1_ScorecardService.Client(wrapping: client)
                    .getAnnualReview(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(review)
                case .table:
                    print("\(review.agentID) in \(review.program), \(review.firstMonth) to \(review.lastMonth)")
                    Output.printTable(
                        ["month", "composite", "answered"],
                        review.months.map { [$0.month, $0.hasComposite ? Output.number($0.composite) : "-", String($0.answered)] })
                    print("annual composite: \(review.hasAnnualComposite ? Output.number(review.annualComposite) : "-")")
                    print("slope: \(review.hasSlope ? Output.number(review.slope, digits: 3) : "-") per month  trajectory: \(review.trajectory.isEmpty ? "-" : review.trajectory)")
                }
            }
        }
    }

    struct Trend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Composite and category scores over a range of months.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "First month YYYY-MM.") var from: String
        @Option(name: .long, help: "Last month YYYY-MM.") var to: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_TrendRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.from = from
                request.to = to
                let trend = try await Governance_V1_ScorecardService.Client(wrapping: client)
                    .getTrend(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(trend)
                case .table:
                    let categories = ["service", "quality", "customer", "efficiency", "partnership"]
                    Output.printTable(
                        ["month", "composite", "capped"] + categories,
                        trend.points.map { point in
                            [point.month, point.hasComposite ? Output.number(point.composite) : "-", point.gateCapped ? "yes" : ""]
                                + categories.map { name in
                                    point.categories.first { $0.category == name }.flatMap { $0.hasScore ? Output.number($0.score) : nil } ?? "-"
                                }
                        })
                }
            }
        }
    }

    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A period as scored and re-scored under other versions, side by side.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target
        @Option(name: .long, help: "2026-10, 2026-Q3 or 2026.") var period: String
        @Option(name: .long, help: "Re-score under this architecture version.") var architectureVersion: Int32?
        @Option(name: .long, help: "Re-score under this program scorecard version.") var scorecardVersion: Int32?

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_CompareVersionsRequest()
                request.tenant = target.tenant
                request.program = target.program
                request.period = period
                if let architectureVersion { request.architectureVersion = architectureVersion }
                if let scorecardVersion { request.scorecardVersion = scorecardVersion }
                let reply = try await Governance_V1_ScorecardService.Client(wrapping: client)
                    .compareVersions(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    let a = reply.asScored, b = reply.rescored
                    print("\(a.program) \(a.period)")
                    Output.printTable(
                        ["", "as scored", "re-scored"],
                        [["versions", "arch v\(a.architectureVersion) / card v\(a.scorecardVersion)", "arch v\(b.architectureVersion) / card v\(b.scorecardVersion)"],
                         ["composite", a.hasComposite ? Output.number(a.composite) : "-", b.hasComposite ? Output.number(b.composite) : "-"]]
                            + a.categories.map { category in
                                let other = b.categories.first { $0.category == category.category }
                                return [category.category, category.hasScore ? Output.number(category.score) : "-",
                                        other.flatMap { $0.hasScore ? Output.number($0.score) : nil } ?? "-"]
                            })
                    if reply.hasCompositeChange { print("composite change: \(Output.number(reply.compositeChange))") }
                }
            }
        }
    }

    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A program's scorecard versions with author and rationale.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @OptionGroup var target: Target

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ListScorecardVersionsRequest()
                request.tenant = target.tenant
                request.program = target.program
                let reply = try await Governance_V1_ScorecardService.Client(wrapping: client)
                    .listScorecardVersions(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    Output.printTable(
                        ["version", "effective", "author", "metrics", "rationale"],
                        reply.versions.map { [String($0.version), $0.effectiveFrom, $0.author, String($0.metrics.count), $0.rationale] })
                }
            }
        }
    }

    /// A scorecard for people: headline, categories, metrics.
    static func render(_ card: Governance_V1_Scorecard) {
        let who = card.agentID.isEmpty ? card.program : "\(card.agentID) (\(card.program))"
        var headline = "\(who) \(card.period): composite \(card.hasComposite ? Output.number(card.composite) : "-")"
        if card.gateCapped {
            headline += " (capped by \(card.failedGates.joined(separator: ", ")); uncapped \(card.hasCompositeUncapped ? Output.number(card.compositeUncapped) : "-"))"
        }
        if card.hasRank { headline += "  rank \(card.rank), percentile \(Output.number(card.percentile, digits: 1))" }
        print(headline)
        print("architecture v\(card.architectureVersion), scorecard v\(card.scorecardVersion), answered \(card.answered), complete: \(card.complete ? "yes" : "no")")
        if !card.missing.isEmpty {
            print("missing: " + card.missing.map { "\($0.metric) (\($0.reason))" }.joined(separator: ", "))
        }
        print("")
        Output.printTable(
            ["category", "weight", "score"],
            card.categories.map { [$0.category, Output.number($0.weight, digits: 0), $0.hasScore ? Output.number($0.score) : "-"] })
        print("")
        Output.printTable(
            ["metric", "category", "value", "source", "n", "target", "threshold", "weight", "score"],
            card.metrics.map { line in
                [line.metric, line.category,
                 line.hasValue ? Output.number(line.value) + (line.insufficientSample ? "*" : "") : "-",
                 line.source.isEmpty ? "-" : line.source, String(line.n), Output.number(line.target),
                 Output.number(line.threshold), Output.number(line.weight, digits: 0),
                 line.hasScore ? Output.number(line.score) : "-"]
            })
        if card.metrics.contains(where: \.insufficientSample) { print("* insufficient sample (not scored)") }
    }
}
