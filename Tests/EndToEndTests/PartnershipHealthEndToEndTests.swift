import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import GovernanceTestSupport
import PartnershipHealth
import Scorecards
import Testing

/// Partnership health and attrition risk against the real `governd` over TLS, through the real
/// `govctl health program|retention|risk` commands (SPEC sections 2, 8 and 9).
@Suite("Partnership health (end to end)")
struct PartnershipHealthEndToEndTests {
    /// Writes `files` (name → text) into a fresh directory and returns the paths.
    static func write(_ files: [(String, String)]) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("health-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try files.map { name, text in
            let path = directory.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    static func importFiles(_ server: TestServer, tenant: String, _ files: [(String, String)]) throws {
        let result = try server.govctl(["import", "--tenant", tenant, "--quiet"] + write(files))
        guard result.status == 0 else { throw TestServerError("import failed: \(result.stderr)") }
    }

    static func number(_ object: [String: Any], _ key: String) -> Double? {
        (object[key] as? NSNumber)?.doubleValue
    }

    /// The hand-computed roster of ProgramHealthTests (March 2026) in contoso's cb-tech:
    /// active agent-days 98 of 31 days, 2 terminations, 2 recent hires of whom 1 left, tenures
    /// 10/106/454 days, eNPS responses 10, 9, 10, 3, 6, planned FTE 4.
    static let roster = """
        agent_id,program_id,site_id,team_id,supervisor_id,hired_on,terminated_on,termination_reason
        h1,cb-tech,s1,t1,sup1,2025-01-01,,
        h2,cb-tech,s1,t1,sup1,2025-06-01,2026-03-16,voluntary
        h3,cb-tech,s1,t1,sup1,2026-02-01,2026-03-11,voluntary
        h4,cb-tech,s1,t1,sup1,2026-03-21,,
        h5,cb-tech,s1,t1,sup1,2025-12-15,,

        """
    static let engagement = """
        agent_id,program_id,surveyed_on,score
        h1,cb-tech,2025-12-31,0
        h1,cb-tech,2026-01-05,10
        h2,cb-tech,2026-02-05,9
        h1,cb-tech,2026-03-05,10
        h3,cb-tech,2026-03-06,3
        h5,cb-tech,2026-03-31,6
        h4,cb-tech,2026-04-01,0

        """
    static let planned = "program_id,month,planned_fte\ncb-tech,2026-03,4\n"

    @Test("govctl health program reports the hand-computed month; other tenants' programs are NOT_FOUND")
    func programHealth() async throws {
        try await TestServer.with { server in
            try server.applyDemo(["northwind", "contoso"])
            try Self.importFiles(
                server, tenant: "contoso",
                [("roster.csv", Self.roster), ("engagement.csv", Self.engagement), ("planned_headcount.csv", Self.planned)])

            let result = try server.govctl(
                ["health", "program", "--tenant", "contoso", "--program", "cb-tech", "--month", "2026-03", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try jsonObject(result.stdout)
            let headcount = 98.0 / 31
            #expect(close(Self.number(json, "headcount"), headcount))
            #expect(close(Self.number(json, "staffing_ratio"), 100 * headcount / 4))
            #expect(close(Self.number(json, "attrition_rate"), 200 / headcount))
            #expect(close(Self.number(json, "attrition_rate_annualised"), 2400 / headcount))
            #expect(close(Self.number(json, "early_attrition_rate"), 50))
            #expect(close(Self.number(json, "tenure_median_days"), 106))
            #expect(close(Self.number(json, "tenure_p25_days"), 58))
            #expect(close(Self.number(json, "tenure_p75_days"), 280))
            #expect(close(Self.number(json, "enps"), 20))

            let table = try server.govctl(["health", "program", "--tenant", "contoso", "--program", "cb-tech", "--month", "2026-03"])
            #expect(table.status == 0)
            #expect(table.stdout.contains("early_attrition_rate"))
            #expect(table.stdout.contains("50.00"))

            // A month without roster activity has no rates (absent, not 0).
            let empty = try jsonObject(
                server.govctl(
                    ["health", "program", "--tenant", "contoso", "--program", "cb-tech", "--month", "2020-01", "--format", "json"]
                ).stdout)
            #expect(empty["attrition_rate"] == nil)
            #expect(empty["enps"] == nil)

            // Another tenant's program answers exactly like a missing one.
            let foreign = try server.govctl(
                ["health", "program", "--tenant", "northwind", "--program", "cb-tech", "--month", "2026-03"])
            let missing = try server.govctl(
                ["health", "program", "--tenant", "northwind", "--program", "zz-none", "--month", "2026-03"])
            #expect(foreign.status != 0)
            #expect(foreign.stderr.contains("NOT_FOUND"))
            #expect(foreign.stderr.replacingOccurrences(of: "cb-tech", with: "zz-none") == missing.stderr)
            for command in [["retention"], ["risk"]] {
                let other = try server.govctl(["health"] + command + ["--tenant", "northwind", "--program", "cb-tech"])
                #expect(other.stderr.contains("NOT_FOUND"), "\(command): \(other.stderr)")
            }
            // A viewer of northwind cannot read contoso at all.
            let viewer = try await server.createToken(role: .tenantViewer, tenants: ["northwind"])
            let denied = try server.govctl(
                ["health", "program", "--tenant", "contoso", "--program", "cb-tech", "--month", "2026-03"], token: viewer.secret)
            #expect(denied.stderr.contains("PERMISSION_DENIED"))
            let bad = try server.govctl(["health", "program", "--tenant", "contoso", "--program", "cb-tech", "--month", "March"])
            #expect(bad.stderr.contains("INVALID_ARGUMENT"))

            // Retention: cohorts 2024-Q… by quarter of hire; the 2026-Q1 cohort (h3) left after 38 days.
            let retention = try jsonObject(
                server.govctl(
                    ["health", "retention", "--tenant", "contoso", "--program", "cb-tech", "--as-of", "2026-03-31", "--format", "json"]
                ).stdout)
            let cohorts = try #require(retention["cohorts"] as? [[String: Any]])
            #expect(cohorts.compactMap { $0["cohort"] as? String } == ["2025-Q1", "2025-Q2", "2025-Q4", "2026-Q1"])
            let q1 = try #require(cohorts.last)
            // h4 (censored after 10 days) has left the risk set when h3 leaves after 38 days: S falls to 0.
            #expect(close(Self.number(q1, "survival_30"), 1))
            #expect(close(Self.number(q1, "survival_90"), 0))
            let q4 = try #require(cohorts.first { $0["cohort"] as? String == "2025-Q4" })
            #expect(close(Self.number(q4, "survival_90"), 1))  // h5, employed 106 days
            #expect(q4["survival_180"] == nil)

            // Three months of engagement are too little history for a risk model: said, not faked.
            let risk = try server.govctl(["health", "risk", "--tenant", "contoso", "--format", "json"])
            #expect(risk.status == 0, "\(risk.stderr)")
            let riskJSON = try jsonObject(risk.stdout)
            // Printed even though false and empty are proto3 defaults, so scripts find the names.
            #expect(riskJSON["fitted"] as? Bool == false)
            #expect((riskJSON["note"] as? String)?.hasPrefix("too little history") == true)
            #expect((riskJSON["agents"] as? [Any])?.isEmpty == true)
            #expect(riskJSON["train_months"] is [Any] && riskJSON["auc_holdout"] == nil)
            let riskTable = try server.govctl(["health", "risk", "--tenant", "contoso"])
            #expect(riskTable.stdout.hasPrefix("no fit: too little history"))

            // The server check is still `govctl health`.
            #expect(try server.govctl(["health"]).stdout.contains("SERVING"))
            #expect(try server.govctl(["health", "server"]).status == 0)
        }
    }

    @Test("bad roster and engagement rows are rejected with file, line and column, and nothing is stored")
    func validation() async throws {
        try await TestServer.with { server in
            try server.applyDemo(["contoso"])
            let header = "agent_id,program_id,site_id,team_id,supervisor_id,hired_on,terminated_on,termination_reason\n"
            let badDates = header + "r1,cb-tech,s,t,sup,2026-03-01,2026-02-28,voluntary\n"
            let badProgram = header + "r2,zz-none,s,t,sup,2026-03-01,,\n"
            // govctl checks rows locally before sending; the program is checked by the server.
            let local = try server.govctl(["import", "--tenant", "contoso"] + Self.write([("roster.csv", badDates)]))
            #expect(local.status != 0)
            #expect(local.stderr.contains("roster.csv:2:7 (terminated_on)"), "\(local.stderr)")
            #expect(local.stderr.contains("terminated_on 2026-02-28 is before hired_on 2026-03-01"))
            let unknown = try server.govctl(["import", "--tenant", "contoso"] + Self.write([("roster.csv", badProgram)]))
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("roster.csv:2:2 (program_id)"), "\(unknown.stderr)")
            #expect(unknown.stderr.contains("unknown program zz-none"))
            let engagement = try server.govctl(
                ["import", "--tenant", "contoso"]
                    + Self.write([("engagement.csv", "agent_id,program_id,surveyed_on,score\nr1,cb-tech,2026-03-01,11\n")]))
            #expect(engagement.status != 0)
            #expect(engagement.stderr.contains("engagement.csv:2:4 (score)"), "\(engagement.stderr)")
            // The server itself rejects the bad dates too (a client that skips govctl's check).
            let error = await #expect(throws: RPCError.self) {
                try await server.client { client in
                    try await importRaw(client, tenant: "contoso", fileName: "roster.csv", bytes: Data(badDates.utf8))
                }
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("roster.csv:2:7 (terminated_on)") == true, "\(error?.message ?? "")")
            let totals = try await server.totals("contoso")
            #expect((totals[.roster] ?? 0) == 0)
            #expect((totals[.engagement] ?? 0) == 0)
        }
    }

    @Test("govctl health risk fits the generated two-year history: holdout AUC well above 0.5, ranked agents with reasons")
    func risk() async throws {
        let workload = AttritionWorkload.generate(
            program: "nw-care", firstMonth: Month(year: 2024, month: 11), months: 24)
        try await TestServer.with { server in
            try server.applyDemo(["northwind"])
            try Self.importFiles(
                server, tenant: "northwind", [("roster.csv", workload.rosterCSV), ("engagement.csv", workload.engagementCSV)])

            let result = try server.govctl(["health", "risk", "--tenant", "northwind", "--program", "nw-care", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try jsonObject(result.stdout)
            #expect(json["fitted"] as? Bool == true, "\(json["note"] ?? "")")
            let auc = try #require(Self.number(json, "auc_holdout"))
            #expect(auc > 0.7)
            let train = try #require(json["train_months"] as? [String])
            let holdout = try #require(json["holdout_months"] as? [String])
            #expect(holdout.count == 3)
            #expect(train.count >= 6)
            #expect((train.last ?? "") < (holdout.first ?? ""))
            let agents = try #require(json["agents"] as? [[String: Any]])
            #expect(!agents.isEmpty)
            let probabilities = agents.compactMap { Self.number($0, "probability") }
            #expect(probabilities.count == agents.count)
            #expect(probabilities == probabilities.sorted(by: >))
            for agent in agents {
                #expect((agent["agent_id"] as? String)?.hasPrefix("nw-care-g") == true)
                #expect(agent["program_id"] as? String == "nw-care")
                #expect(["high", "medium", "low"].contains(agent["band"] as? String ?? ""))
                #expect((agent["top_features"] as? [[String: Any]])?.count == 3)
            }

            // The server's numbers are the library's on the same data.
            let history = AttritionHistory(
                roster: workload.agents.map {
                    AttritionAgent(agentID: $0.agentID, programID: "nw-care", hiredOn: $0.hiredOn, terminatedOn: $0.terminatedOn)
                },
                engagement: Dictionary(grouping: workload.responses, by: \.agentID).mapValues {
                    $0.map { EngagementResponse(surveyedOn: $0.surveyedOn, score: $0.score) }
                },
                firstMonth: Month(year: 2024, month: 11), lastDay: workload.lastDay)
            let report = AttritionRiskModel.analyse(history)
            #expect(close(report.fit?.aucHoldout, auc))
            #expect(report.agents.map(\.agentID) == agents.compactMap { $0["agent_id"] as? String })

            // --limit and the table.
            let top = try jsonObject(
                server.govctl(["health", "risk", "--tenant", "northwind", "--limit", "5", "--format", "json"]).stdout)
            #expect((top["agents"] as? [[String: Any]])?.count == 5)
            let table = try server.govctl(["health", "risk", "--tenant", "northwind", "--program", "nw-care", "--limit", "3"])
            #expect(table.stdout.contains("holdout AUC"))
            #expect(table.stdout.contains(agents.first?["agent_id"] as? String ?? "?"))
        }
    }
}
