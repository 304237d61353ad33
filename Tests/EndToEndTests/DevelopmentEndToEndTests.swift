import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// Agent development (issue 11) against the real governd over TLS, with the committed fixture in
/// Fixtures/development (devco.yaml, devother.yaml, roster.csv, agent_days.csv, evaluations.csv,
/// evaluation_answers.csv).
///
/// Hand-computed for dv-care (scorecard: adherence only, target 90, threshold 80):
/// - adherence: dv-a1 86 % (Aug), 80 % (Sep), 85 % (Oct); dv-a2 90 % (Oct); dv-a3 100 % (Sep, Oct);
///   dv-a4 75 % (Sep), 90 % (Oct). team-2 = dv-a3 + dv-a4: Sep (28800 + 21600) ÷ 57600 = 87.5 %,
///   Oct (28800 + 25920) ÷ 57600 = 95 %.
/// - Goal 1, dv-a1 to 90 from 2026-09, due 2026-12-31, at 2026-10: progress (85 − 80) ÷ (90 − 80) = 50 %;
///   elapsed 31 ÷ 92 days = 33.6957 % → on_track; aligned with the program target 90.
/// - Goal 2, team-2 to 85: baseline 87.5 already meets it, current 95 → achieved, progress 100;
///   85 < 90 → misaligned. Roll-up: 2 goals, 1 achieved, 1 misaligned, mean progress 75.
/// - Training needs by team (min 2 answers), calibration evaluation dv-c1 ignored: program greet
///   fails 2 of 5 (40 %), disclose 1 of 5 (20 %); team-1 greet 2 of 3 (66.67 %, gap 26.67), disclose
///   1 of 3 (33.33 %, gap 13.33); team-2 fails nothing.
/// - Skill gap: dv-a1 86, 80, 85, below 90 each month and 85 < 86 → shortfall |85 − 90| ÷ 10 = 0.5.
/// - Ranking 2026-10: composites dv-a2, dv-a3, dv-a4 100 (tied; answered 0; by id), dv-a1 75 →
///   top_n 2 = dv-a2, dv-a3; percentile of 100 = (1 + 0.5 × 3) ÷ 4 = 62.5.
@Suite("Agent development end to end", .serialized)
struct DevelopmentEndToEndTests {
    static let tenant = "devco"
    static let other = "devother"
    static let program = "dv-care"
    static let otherProgram = "do-care"
    static let directory = Demo.fixtures + "/development"
    static let target = ["--tenant", tenant, "--program", program]

    static func setUp(_ server: TestServer) throws {
        try EdgeYAML.architecture().write(toFile: server.dataDirectory + "/architecture.yaml", atomically: true, encoding: .utf8)
        let applied = try server.govctl([
            "apply", server.dataDirectory + "/architecture.yaml", directory + "/devco.yaml", directory + "/devother.yaml",
        ])
        guard applied.status == 0 else { throw TestServerError("apply failed: \(applied.stderr)") }
        let imported = try server.govctl(
            ["import", "--tenant", tenant, "--quiet"]
                + ["roster", "agent_days", "evaluations", "evaluation_answers"].map { directory + "/\($0).csv" })
        guard imported.status == 0 else { throw TestServerError("import failed: \(imported.stderr)\(imported.stdout)") }
    }

    static func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-6 } ?? false }

    static func development<T: Sendable>(
        _ server: TestServer, token: String?? = .none,
        _ body: (Governance_V1_DevelopmentService.Client<HTTP2ClientTransport.Posix>) async throws -> T
    ) async throws -> T {
        try await server.client(token: token) { client in try await body(.init(wrapping: client)) }
    }

    /// The status `body` ends with (nil = OK); the helper of the quality suite.
    static func code(_ body: () async throws -> Void) async -> RPCError.Code? {
        await QualityEndToEndTests.code(body)
    }

    @Test("goals: progress from the data, status, misalignment and the roll-up, through govctl")
    func goals() async throws {
        try await TestServer.with { server in
            try Self.setUp(server)
            let first = try server.govctl(
                ["goals", "create"] + Self.target
                    + ["--scope", "agent", "--id", "dv-a1", "--metric", "adherence", "--target", "90",
                       "--baseline-month", "2026-09", "--due", "2026-12-31", "--title", "Adherence back to 90"])
            #expect(first.status == 0, "\(first.stderr)")
            let second = try server.govctl(
                ["goals", "create"] + Self.target
                    + ["--scope", "team", "--id", "team-2", "--metric", "adherence", "--target", "85",
                       "--baseline-month", "2026-09", "--due", "2026-12-31", "--title", "Team adherence"])
            #expect(second.status == 0, "\(second.stderr)")
            // A metric that is not agent-level, and an agent not on the roster, change nothing.
            let programLevel = try server.govctl(
                ["goals", "create"] + Self.target
                    + ["--scope", "agent", "--id", "dv-a1", "--metric", "service_level", "--target", "90",
                       "--baseline-month", "2026-09", "--due", "2026-12-31", "--title", "x"])
            #expect(programLevel.status != 0 && programLevel.stderr.contains("INVALID_ARGUMENT"))
            let stranger = try server.govctl(
                ["goals", "create"] + Self.target
                    + ["--scope", "agent", "--id", "nobody", "--metric", "adherence", "--target", "90",
                       "--baseline-month", "2026-09", "--due", "2026-12-31", "--title", "x"])
            #expect(stranger.status != 0 && stranger.stderr.contains("NOT_FOUND"))

            let listed = try server.govctl(["goals", "list"] + Self.target + ["--as-of", "2026-10", "--format", "json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            let object = try jsonObject(listed.stdout)
            let goals = try #require(object["goals"] as? [[String: Any]])
            #expect(goals.count == 2)
            let agent = goals[0]
            #expect(Self.close(agent["baseline"] as? Double, 80) && Self.close(agent["current"] as? Double, 85))
            #expect(Self.close(agent["progress_percent"] as? Double, 50))
            #expect(Self.close(agent["elapsed_percent"] as? Double, 100 * 31.0 / 92.0))
            #expect(agent["status"] as? String == "on_track" && agent["alignment"] as? String == "aligned")
            #expect(Self.close(agent["program_target"] as? Double, 90))
            let team = goals[1]
            #expect(Self.close(team["baseline"] as? Double, 87.5) && Self.close(team["current"] as? Double, 95))
            #expect(Self.close(team["progress_percent"] as? Double, 100))
            #expect(team["status"] as? String == "achieved" && team["alignment"] as? String == "misaligned")
            let rollup = try #require((object["rollup"] as? [[String: Any]])?.first)
            #expect(rollup["metric"] as? String == "adherence" && rollup["goals"] as? Int == 2)
            #expect(rollup["achieved"] as? Int == 1 && rollup["misaligned"] as? Int == 1)
            #expect(Self.close(rollup["mean_progress_percent"] as? Double, 75))

            let table = try server.govctl(["goals", "list"] + Self.target + ["--as-of", "2026-10"])
            #expect(table.status == 0 && table.stdout.contains("misaligned") && table.stdout.contains("on_track"))
        }
    }

    @Test("training needs rank team items against the program with evidence; skill gaps and eligibility from the ranking")
    func trainingNeedsAndIncentives() async throws {
        try await TestServer.with { server in
            try Self.setUp(server)
            let result = try server.govctl(
                ["training-needs"] + Self.target + ["--period", "2026-10", "--level", "team", "--min-answers", "2", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let reply = try jsonObject(result.stdout)
            #expect(reply["answers"] as? Int == 10)
            let needs = try #require(reply["needs"] as? [[String: Any]])
            #expect(needs.map { "\($0["group"] ?? ""):\($0["subject"] ?? ""):\($0["key"] ?? "")" } == [
                "team-1:item:greet", "team-1:section:conversation", "team-1:item:disclose", "team-1:section:compliance",
            ])
            #expect(Self.close(needs[0]["failure_rate"] as? Double, 200.0 / 3))
            #expect(Self.close(needs[0]["program_failure_rate"] as? Double, 40))
            #expect(Self.close(needs[0]["gap_points"] as? Double, 200.0 / 3 - 40))
            #expect(needs[0]["failures"] as? Int == 2 && needs[0]["answers"] as? Int == 3 && needs[0]["evaluations"] as? Int == 3)
            #expect(Self.close(needs[2]["gap_points"] as? Double, 100.0 / 3 - 20))
            let gaps = try #require(reply["skill_gaps"] as? [[String: Any]])
            #expect(gaps.count == 1 && gaps.first?["agent_id"] as? String == "dv-a1")
            #expect(Self.close(gaps.first?["shortfall_bands"] as? Double, 0.5))
            #expect((gaps.first?["values"] as? [Double]).map { $0.count == 3 && abs($0[0] - 86) < 1e-6 } == true)

            let list = try server.govctl(
                ["incentives", "create"] + Self.target + ["--period", "2026-10", "--rule", "top_n", "--value", "2", "--format", "json"])
            #expect(list.status == 0, "\(list.stderr)")
            let stored = try jsonObject(list.stdout)
            let agents = try #require(stored["agents"] as? [[String: Any]])
            #expect(agents.map { $0["agent_id"] as? String ?? "" } == ["dv-a2", "dv-a3"])
            #expect(agents.map { $0["rank"] as? Int ?? 0 } == [1, 2])
            #expect(Self.close(agents[0]["percentile"] as? Double, 62.5) && Self.close(agents[0]["composite"] as? Double, 100))
            #expect(stored["ranked_agents"] as? Int == 4 && stored["rule"] as? String == "top_n")
            #expect((stored["rule_text"] as? String)?.contains("ranks 1-2") == true)
            let lists = try await Self.development(server) { client in
                var request = Governance_V1_ListEligibilityListsRequest()
                request.tenant = Self.tenant
                request.program = Self.program
                request.period = "2026-10"
                return try await client.listEligibilityLists(request)
            }
            #expect(lists.lists.count == 1 && lists.lists.first?.ruleText == stored["rule_text"] as? String)
        }
    }

    @Test("records: a signed-off record is immutable (FAILED_PRECONDITION, nothing changes); purge is logged")
    func recordsSignOffAndPurge() async throws {
        try await TestServer.with { server in
            try Self.setUp(server)
            let created = try server.govctl(
                ["records", "create"] + Self.target
                    + ["--agent", "dv-a1", "--kind", "improvement_plan", "--title", "Adherence plan",
                       "--details", "Schedule review weekly", "--plan-target", "adherence=90", "--review-date", "2026-11-15",
                       "--format", "json"])
            #expect(created.status == 0, "\(created.stderr)")
            let id = try #require(Int64(try jsonObject(created.stdout)["id"] as? String ?? ""))
            let live = try await Self.development(server) { client in
                var request = Governance_V1_CreateRecordRequest()
                request.tenant = Self.tenant
                request.program = Self.program
                request.agentID = "dv-a2"
                request.kind = "recognition"
                request.title = "Customer praise"
                return try await client.createRecord(request)
            }
            let signed = try server.govctl(["records", "sign-off"] + Self.target + ["--id", String(id), "--format", "json"])
            #expect(signed.status == 0, "\(signed.stderr)")
            let signedObject = try jsonObject(signed.stdout)
            #expect(signedObject["signed_off"] as? Bool == true && (signedObject["signed_off_by"] as? String)?.isEmpty == false)
            let before = try await Self.records(server)

            let edit = try server.govctl(["records", "update"] + Self.target + ["--id", String(id), "--title", "Rewritten"])
            #expect(edit.status != 0 && edit.stderr.contains("FAILED_PRECONDITION"))
            let again = try server.govctl(["records", "sign-off"] + Self.target + ["--id", String(id)])
            #expect(again.status != 0 && again.stderr.contains("FAILED_PRECONDITION"))
            #expect(try await Self.records(server) == before)

            // Retention 0: the signed record is due at once, the unsigned one never; the run is logged.
            let retention = try server.govctl(["records", "retention", "--tenant", Self.tenant, "--days", "0"])
            #expect(retention.status == 0, "\(retention.stderr)")
            let purge = try server.govctl(["records", "purge", "--tenant", Self.tenant, "--format", "json"])
            #expect(purge.status == 0, "\(purge.stderr)")
            let run = try jsonObject(purge.stdout)
            #expect(run["purged"] as? Int == 1 && (run["record_ids"] as? [String]) == [String(id)])
            #expect(try await Self.records(server).map(\.id) == [live.id])
            let log = try server.govctl(["records", "purges", "--tenant", Self.tenant, "--format", "json"])
            let runs = try #require(try jsonObject(log.stdout)["runs"] as? [[String: Any]])
            #expect(runs.count == 1 && (runs.first?["run_by"] as? String)?.isEmpty == false)
            let audit = try server.govctl(["audit", "--tenant", Self.tenant])
            #expect(audit.stdout.contains("PurgeRecords") && audit.stdout.contains("SignOffRecord"))
        }
    }

    static func records(_ server: TestServer) async throws -> [Governance_V1_DevelopmentRecord] {
        try await development(server) { client in
            var request = Governance_V1_ListRecordsRequest()
            request.tenant = tenant
            request.program = program
            return try await client.listRecords(request).records
        }
    }

    @Test("360 feedback: the subject never receives a respondent id or comment; aggregates only from 3 others")
    func feedbackAnonymity() async throws {
        try await TestServer.with { server in
            try Self.setUp(server)
            let requested = try server.govctl(
                ["feedback", "request"] + Self.target
                    + ["--subject", "dv-a1", "--competency", "empathy", "--competency", "product",
                       "--respondent", "dv-a1=self", "--respondent", "dv-sup=supervisor", "--respondent", "dv-a2=peer",
                       "--respondent", "dv-a3=peer", "--respondent", "dv-a4=peer", "--format", "json"])
            #expect(requested.status == 0, "\(requested.stderr)")
            let requestID = try #require(Int64(try jsonObject(requested.stdout)["id"] as? String ?? ""))
            // A supervisor who is not the subject's is refused.
            let wrong = try server.govctl(
                ["feedback", "request"] + Self.target
                    + ["--subject", "dv-a1", "--competency", "empathy", "--respondent", "dv-a2=supervisor"])
            #expect(wrong.status != 0 && wrong.stderr.contains("INVALID_ARGUMENT"))

            func submit(_ respondent: String, _ empathy: Int, comment: String) throws {
                let result = try server.govctl(
                    ["feedback", "submit", "--tenant", Self.tenant, "--request", String(requestID), "--respondent", respondent,
                     "--rating", "empathy=\(empathy)", "--comment", comment])
                #expect(result.status == 0, "\(result.stderr)")
            }
            func report() async throws -> (Governance_V1_FeedbackReport, [UInt8], String) {
                let reply = try await Self.development(server) { client in
                    var request = Governance_V1_GetFeedbackReportRequest()
                    request.tenant = Self.tenant
                    request.requestID = requestID
                    return try await client.getFeedbackReport(request)
                }
                let json = try server.govctl(["feedback", "report", "--tenant", Self.tenant, "--request", String(requestID), "--format", "json"])
                return (reply, try reply.serializedBytes(), json.stdout)
            }
            let secrets = ["dv-sup", "dv-a2", "dv-a3", "COMMENT-SUP", "COMMENT-A2", "COMMENT-A3"]
            func leaks(_ bytes: [UInt8], _ text: String) -> [String] {
                secrets.filter { secret in
                    text.contains(secret) || IsoMatrix.contains(bytes, Array(secret.utf8))
                }
            }

            try submit("dv-a1", 1, comment: "COMMENT-SELF")
            try submit("dv-sup", 2, comment: "COMMENT-SUP")
            try submit("dv-a2", 4, comment: "COMMENT-A2")
            // Two responses from others: nothing identifiable, no aggregate.
            let (early, earlyBytes, earlyJSON) = try await report()
            #expect(!early.released && early.othersResponded == 2 && early.competencies.isEmpty)
            #expect(early.selfRatings.map(\.rating) == [1])
            #expect(leaks(earlyBytes, earlyJSON).isEmpty, "leaked: \(leaks(earlyBytes, earlyJSON))")
            let duplicate = try server.govctl(
                ["feedback", "submit", "--tenant", Self.tenant, "--request", String(requestID), "--respondent", "dv-a2",
                 "--rating", "empathy=5"])
            #expect(duplicate.status != 0 && duplicate.stderr.contains("FAILED_PRECONDITION"))

            try submit("dv-a3", 5, comment: "COMMENT-A3")
            let (late, lateBytes, lateJSON) = try await report()
            #expect(late.released && late.othersResponded == 3 && late.anonymityThreshold == 3)
            #expect(late.competencies.map(\.competency) == ["empathy"])
            #expect(Self.close(late.competencies.first?.meanRating, 11.0 / 3) && late.competencies.first?.responses == 3)
            #expect(leaks(lateBytes, lateJSON).isEmpty, "leaked: \(leaks(lateBytes, lateJSON))")
            // A fourth answer does not move the aggregate (waves of 3), so reading before and after it
            // reveals nothing of it.
            try submit("dv-a4", 1, comment: "COMMENT-A4")
            let (fourth, _, _) = try await report()
            #expect(fourth.othersResponded == 4 && fourth.othersInvited == 4)
            #expect(fourth.competencies == late.competencies)
            // The audit log, readable by viewers, names neither respondents nor answers.
            let audit = try server.govctl(["audit", "--tenant", Self.tenant])
            #expect(!audit.stdout.contains("COMMENT-") && !audit.stdout.contains("dv-a3"))
        }
    }

    @Test("forbidden paths: a viewer cannot write; another tenant's ids answer NOT_FOUND and change nothing")
    func forbidden() async throws {
        try await TestServer.with { server in
            try Self.setUp(server)
            let viewer = try await server.createToken(role: .tenantViewer, tenants: [Self.tenant])
            let refused = try server.govctl(
                ["records", "create"] + Self.target + ["--agent", "dv-a1", "--kind", "recognition", "--title", "x"],
                token: viewer.secret)
            #expect(refused.status != 0 && refused.stderr.contains("PERMISSION_DENIED"))
            let purge = try server.govctl(["records", "purge", "--tenant", Self.tenant], token: viewer.secret)
            #expect(purge.status != 0 && purge.stderr.contains("PERMISSION_DENIED"))
            let read = try server.govctl(["goals", "list"] + Self.target, token: viewer.secret)
            #expect(read.status == 0, "\(read.stderr)")
            #expect(try await Self.records(server).isEmpty)

            let record = try await Self.development(server) { client in
                var request = Governance_V1_CreateRecordRequest()
                request.tenant = Self.tenant
                request.program = Self.program
                request.agentID = "dv-a1"
                request.kind = "disciplinary"
                request.title = "Late log-ins"
                return try await client.createRecord(request)
            }
            // devco's record id under devother, and devother's program under devco.
            let foreignSign = await Self.code {
                _ = try await Self.development(server) { client in
                    var request = Governance_V1_SignOffRecordRequest()
                    request.tenant = Self.other
                    request.program = Self.otherProgram
                    request.id = record.id
                    return try await client.signOffRecord(request)
                }
            }
            #expect(foreignSign == .notFound)
            let foreignProgram = await Self.code {
                _ = try await Self.development(server) { client in
                    var request = Governance_V1_CreateGoalRequest()
                    request.tenant = Self.tenant
                    request.program = Self.otherProgram
                    request.scope = "agent"
                    request.scopeID = "dv-a1"
                    request.metric = "adherence"
                    request.target = 90
                    request.baselineMonth = "2026-09"
                    request.dueDate = "2026-12-31"
                    request.title = "x"
                    return try await client.createGoal(request)
                }
            }
            #expect(foreignProgram == .notFound)
            let scoped = try await server.createToken(role: .tenantAdmin, tenants: [Self.other])
            let outOfScope = await Self.code {
                _ = try await Self.development(server, token: scoped.secret) { client in
                    var request = Governance_V1_ListRecordsRequest()
                    request.tenant = Self.tenant
                    request.program = Self.program
                    return try await client.listRecords(request)
                }
            }
            #expect(outOfScope == .permissionDenied)
            let after = try await Self.records(server)
            #expect(after.count == 1 && after.first?.signedOff == false)
        }
    }
}
