import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// Quality management against the real `governd` over TLS (SPEC section 4, issue 5), on a tiny
/// hand-made tenant. Form `form1`: quality = 100 × (10 × greet ÷ 5 + 30 × resolve ÷ 10) ÷ 40
/// = 5 × greet + 7.5 × resolve; hard-fail items disclose and verify. Program q1 (Etc/UTC),
/// scorecard 2026-01: qa_score target 95 threshold 80, compliance_rate target 100 threshold 90.
@Suite("Quality management (end to end)")
struct QualityEndToEndTests {
    static let tenant = "qual"
    static let other = "qual2"

    static func manifest(_ tenant: String) -> String {
        EdgeYAML.tenant(
            tenant,
            [
                EdgeYAML.Program(
                    id: "q1",
                    versions: [
                        EdgeYAML.Version(
                            effectiveFrom: "2026-01",
                            metrics: [
                                "{metric: qa_score, weight: 50, target: 95, threshold: 80}",
                                "{metric: compliance_rate, weight: 50, target: 100, threshold: 90}",
                            ])
                    ])
            ])
    }

    /// Roster: a1 and a2 report to s1, a3 to s2.
    static let roster = [
        "a1,q1,site-1,t1,s1,2025-01-01,,", "a2,q1,site-1,t1,s1,2025-01-01,,", "a3,q1,site-1,t2,s2,2025-01-01,,",
    ]

    /// | evaluation | agent | date  | greet | resolve | disclose | quality | compliant | task (due)          |
    /// |------------|-------|-------|-------|---------|----------|---------|-----------|---------------------|
    /// | e1         | a1    | 10-01 | 5     | 10      | 1        | 100     | yes       | none                |
    /// | e2         | a1    | 10-02 | 4     | 6       | 1        | 65      | yes       | below 80 (10-09)    |
    /// | e3         | a2    | 10-03 | 5     | 10      | 0        | 100     | no        | compliance (10-10)  |
    /// | e4         | a2    | 10-20 | 5     | 8       | 1        | 85      | yes       | none                |
    /// | e5         | a3    | 10-28 | 2     | 4       | 1        | 40      | yes       | below 80 (11-04)    |
    ///
    /// Calibration (agent a1): cs0 (09-20) A 100, B 100. cs1 (10-05, expert X named on every row):
    /// X g4 r8 = 80 (consensus), A g5 r8 = 85 (+5), B g4 r7 = 72.5 (−7.5). cs2 (10-06, no expert):
    /// A g4 r6 = 65, B g3 r6 = 60, X g4 r8 = 80 → median 65: A 0, B −5, X +15.
    static let evaluations: [String] = {
        var rows = [
            "e1,q1,a1,qa1,i1,form1,1,2026-10-01T10:00:00Z,,", "e2,q1,a1,qa1,i2,form1,1,2026-10-02T10:00:00Z,,",
            "e3,q1,a2,qa1,i3,form1,1,2026-10-03T10:00:00Z,,", "e4,q1,a2,qa1,i4,form1,1,2026-10-20T10:00:00Z,,",
            "e5,q1,a3,qa1,i5,form1,1,2026-10-28T10:00:00Z,,",
            "c0a,q1,a1,A,i9,form1,1,2026-09-20T10:00:00Z,cs0,", "c0b,q1,a1,B,i9,form1,1,2026-09-20T11:00:00Z,cs0,",
        ]
        for (evaluator, hour) in [("X", 10), ("A", 11), ("B", 12)] {
            rows.append("c1\(evaluator),q1,a1,\(evaluator),i7,form1,1,2026-10-05T\(hour):00:00Z,cs1,X")
            rows.append("c2\(evaluator),q1,a1,\(evaluator),i8,form1,1,2026-10-06T\(hour):00:00Z,cs2,")
        }
        return rows
    }()

    static let answers: [String] =
        edgeAnswers("e1", greet: 5, resolve: 10, disclose: 1, verify: 1)
        + edgeAnswers("e2", greet: 4, resolve: 6, disclose: 1, verify: 1)
        + edgeAnswers("e3", greet: 5, resolve: 10, disclose: 0, verify: 1)
        + edgeAnswers("e4", greet: 5, resolve: 8, disclose: 1, verify: 1)
        + edgeAnswers("e5", greet: 2, resolve: 4, disclose: 1, verify: 1)
        + edgeAnswers("c0a", greet: 5, resolve: 10, disclose: 1, verify: 1)
        + edgeAnswers("c0b", greet: 5, resolve: 10, disclose: 1, verify: 1)
        + edgeAnswers("c1X", greet: 4, resolve: 8, disclose: 1, verify: 1)
        + edgeAnswers("c1A", greet: 5, resolve: 8, disclose: 1, verify: 1)
        + edgeAnswers("c1B", greet: 4, resolve: 7, disclose: 1, verify: 1)
        + edgeAnswers("c2X", greet: 4, resolve: 8, disclose: 1, verify: 1)
        + edgeAnswers("c2A", greet: 4, resolve: 6, disclose: 1, verify: 1)
        + edgeAnswers("c2B", greet: 3, resolve: 6, disclose: 1, verify: 1)

    static let sessionsHeader =
        "session_id,evaluation_id,agent_id,supervisor_id,held_on,focus_metrics,root_cause,commitment,follow_up_on"

    static func setUp(_ client: EdgeClient) async throws {
        try await applyEdgeManifest(client, EdgeYAML.architecture())
        for tenant in [tenant, other] {
            try await applyEdgeManifest(client, manifest(tenant))
            try await importEdge(client, tenant: tenant, "roster.csv", EdgeCSV.roster, roster)
        }
        try await importEdge(client, tenant: tenant, "evaluations.csv", EdgeCSV.evaluations, evaluations)
        try await importEdge(client, tenant: tenant, "evaluation_answers.csv", EdgeCSV.evaluationAnswers, answers)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func code(_ body: () async throws -> Void) async -> RPCError.Code? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return error.code
        } catch {
            return .unknown
        }
    }

    @Test("imports reject answers that do not fit the form version, naming file, line and column, storing nothing")
    func importValidation() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await Self.setUp(client)
                let cases: [(String, [String], String)] = [
                    ("evaluation_answers.csv", ["e1,greet,5", "e1,smile,3"], "evaluation_answers.csv:3:2 (item_id): QA form form1 v1 has no item smile"),
                    ("evaluation_answers.csv", ["e1,greet,6"], "evaluation_answers.csv:2:3 (points): item greet has max_points 5, got 6"),
                    ("evaluation_answers.csv", ["e1,disclose,2"], "evaluation_answers.csv:2:3 (points): item disclose is hard-fail: answer 1 (pass) or 0 (fail), got 2"),
                    ("evaluation_answers.csv", ["zz,greet,1"], "evaluation_answers.csv:2:1 (evaluation_id): unknown evaluation zz"),
                    ("evaluations.csv", ["e9,q1,a1,qa1,i1,form1,2,2026-10-01T10:00:00Z,,"], "evaluations.csv:2:7 (form_version): QA form form1 has no version 2"),
                    ("evaluations.csv", ["e9,q1,a1,qa1,i1,nope,1,2026-10-01T10:00:00Z,,"], "evaluations.csv:2:6 (form_id): unknown QA form nope"),
                ]
                for (file, rows, message) in cases {
                    let header = file == "evaluations.csv" ? EdgeCSV.evaluations : EdgeCSV.evaluationAnswers
                    var caught: RPCError?
                    do { try await importEdge(client, tenant: Self.tenant, file, header, rows) } catch let error as RPCError { caught = error }
                    #expect(caught?.code == .invalidArgument)
                    #expect(caught?.message.contains(message) == true, "\(caught?.message ?? "accepted") should contain \(message)")
                }
                // Nothing stored: e1's greet is still 5, its score still 100 (the first file had a good row).
                var request = Governance_V1_ListDisputesRequest()
                request.tenant = Self.tenant
                _ = try await Governance_V1_QualityService.Client(wrapping: client).listDisputes(request)
                let card = try await agentCard(client, Self.tenant, "q1", "a1", "2026-10")
                expectValue(card.metric("qa_score"), 82.5)
            }
        }
    }

    @Test("calibration report by hand through govctl json: mad, within_tolerance, alpha and its interval, evaluators")
    func calibration() async throws {
        try await TestServer.with { server in
            try await server.client { client in try await Self.setUp(client) }
            let result = try server.govctl(
                ["quality", "calibration", "--tenant", Self.tenant, "--program", "q1", "--period", "2026-10", "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let report = try Self.json(result.stdout)
            // rows: cs1 A +5, B −7.5; cs2 A 0, B −5, X +15 → mad 32.5 ÷ 5 = 6.5; within ±5: 3 of 5.
            #expect(report["sessions"] as? Int == 2)
            #expect(report["rows"] as? Int == 5)
            #expect(abs((report["calibration_mad"] as? Double ?? 0) - 6.5) < 1e-9)
            #expect(abs((report["within_tolerance"] as? Double ?? 0) - 0.6) < 1e-9)
            // Units {80, 85, 72.5} and {65, 60, 80}; the `krippendorff` PyPI package gives 0.2163355408388521.
            let alpha = report["alpha"] as? Double ?? .nan
            #expect(abs(alpha - 0.2163355408388521) < 1e-9)
            let low = report["alpha_ci_low"] as? Double ?? .nan, high = report["alpha_ci_high"] as? Double ?? .nan
            #expect(low <= alpha + 1e-9 || high >= alpha - 1e-9)
            #expect(low <= high)
            let evaluators = report["evaluators"] as? [[String: Any]] ?? []
            let byID = Dictionary(uniqueKeysWithValues: evaluators.map { ($0["evaluator_id"] as? String ?? "", $0) })
            for (id, n, mad, bias) in [("A", 2, 2.5, 2.5), ("B", 2, 6.25, -6.25), ("X", 1, 15.0, 15.0)] {
                #expect(byID[id]?["n"] as? Int == n)
                #expect(abs((byID[id]?["mad"] as? Double ?? .nan) - mad) < 1e-9)
                #expect(abs((byID[id]?["bias"] as? Double ?? .nan) - bias) < 1e-9)
            }
            // B (−6.25) is harsh and X (+15) lenient beyond ±5; A (+2.5) is not flagged.
            #expect(report["flagged_evaluators"] as? [String] == ["B", "X"])
            #expect(byID["B"]?["flag"] as? String == "harsh" && byID["X"]?["flag"] as? String == "lenient")
            #expect(byID["A"]?["flag"] == nil)
            // The same data twice gives the same interval (fixed seed).
            let again = try Self.json(
                try server.govctl(["quality", "calibration", "--tenant", Self.tenant, "--program", "q1", "--period", "2026-10", "--format", "json"]).stdout)
            #expect(again["alpha_ci_low"] as? Double == low && again["alpha_ci_high"] as? Double == high)
            // all: three sessions and a two-month trend; Q3: cs0 only, no disagreement → no alpha.
            let all = try Self.json(
                try server.govctl(["quality", "calibration", "--tenant", Self.tenant, "--program", "q1", "--period", "all", "--format", "json"]).stdout)
            #expect(all["sessions"] as? Int == 3)
            #expect((all["months"] as? [[String: Any]])?.compactMap { $0["month"] as? String } == ["2026-09", "2026-10"])
            let q3 = try Self.json(
                try server.govctl(["quality", "calibration", "--tenant", Self.tenant, "--program", "q1", "--period", "2026-Q3", "--format", "json"]).stdout)
            #expect(q3["sessions"] as? Int == 1 && q3["alpha"] == nil)
            #expect(abs((q3["calibration_mad"] as? Double ?? .nan) - 0) < 1e-12)
        }
    }

    @Test("coaching queue, sessions (CSV and RPC), three focus metrics refused, coaching_completion")
    func coaching() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await Self.setUp(client)
                try await importEdge(
                    client, tenant: Self.tenant, "coaching_sessions.csv", Self.sessionsHeader,
                    ["co1,e2,a1,s1,2026-10-09,qa_score,rushed discovery,use the discovery checklist,2026-10-23"])
            }
            // As of 10-11: e2 closed (on its due date), e3 overdue (due 10-10).
            let queue = try server.govctl(
                ["coaching", "queue", "--tenant", Self.tenant, "--supervisor", "s1", "--as-of", "2026-10-11", "--format", "json"])
            #expect(queue.status == 0, "\(queue.stderr)")
            let tasks = try Self.json(queue.stdout)["tasks"] as? [[String: Any]] ?? []
            #expect(tasks.compactMap { $0["evaluation_id"] as? String } == ["e3"])
            #expect(tasks.first?["status"] as? String == "overdue")
            #expect(tasks.first?["due_on"] as? String == "2026-10-10")
            #expect(tasks.first?["reasons"] as? [String] == ["failed_compliance"])
            let s2 = try Self.json(
                try server.govctl(["coaching", "queue", "--tenant", Self.tenant, "--supervisor", "s2", "--as-of", "2026-10-30", "--format", "json"]).stdout)
            #expect((s2["tasks"] as? [[String: Any]])?.first?["status"] as? String == "open")
            #expect(s2["open"] as? Int == 1)

            try await server.client { client in
                let quality = Governance_V1_QualityService.Client(wrapping: client)
                var request = Governance_V1_RecordCoachingSessionRequest()
                request.tenant = Self.tenant
                request.sessionID = "co2"
                request.evaluationID = "e3"
                request.agentID = "a2"
                request.supervisorID = "s1"
                request.heldOn = "2026-10-12"
                request.focusMetrics = ["compliance_rate", "qa_score", "csat"]
                request.rootCause = "skipped disclosure"
                request.commitment = "read the disclosure first"
                request.followUpOn = "2026-10-26"
                var refusal: RPCError?
                do { _ = try await quality.recordCoachingSession(request) } catch let error as RPCError { refusal = error }
                #expect(refusal?.code == .invalidArgument)
                #expect(refusal?.message.contains("one or two focus metrics, got 3") == true)
                #expect(refusal?.message.contains("at most two behaviours") == true)
                request.focusMetrics = ["compliance_rate"]
                let reply = try await quality.recordCoachingSession(request)
                #expect(reply.taskClosed && !reply.closedOnTime)
            }
            // October: opened e2, e3, e5; due e2 (on time), e3 (late) → 100 × 1 ÷ 2 = 50.
            let completion = try server.govctl(
                ["coaching", "completion", "--tenant", Self.tenant, "--program", "q1", "--month", "2026-10", "--format", "json"])
            #expect(completion.status == 0, "\(completion.stderr)")
            let figures = try Self.json(completion.stdout)
            #expect(figures["tasks_opened"] as? Int == 3)
            #expect(figures["tasks_due"] as? Int == 2)
            #expect(figures["closed_on_time"] as? Int == 1)
            #expect(abs((figures["coaching_completion"] as? Double ?? .nan) - 50) < 1e-9)
            let table = try server.govctl(["coaching", "queue", "--tenant", Self.tenant, "--supervisor", "s1", "--as-of", "2026-10-13"])
            #expect(table.status == 0 && table.stdout.contains("0 open, 0 overdue"))
        }
    }

    @Test("a dispute that changes an answer re-scores the evaluation and the agent's qa_score; forbidden paths")
    func disputes() async throws {
        try await TestServer.with { server in
            try await server.client { client in try await Self.setUp(client) }
            let viewer = try await server.createToken(role: .tenantViewer, tenants: [Self.tenant])
            let otherAdmin = try await server.createToken(role: .tenantAdmin, tenants: [Self.other])
            try await server.client { client in
                let quality = Governance_V1_QualityService.Client(wrapping: client)
                // a1 in October: (100 + 65) ÷ 2 = 82.5.
                expectValue(try await agentCard(client, Self.tenant, "q1", "a1", "2026-10").metric("qa_score"), 82.5)
                var open = Governance_V1_OpenDisputeRequest()
                open.tenant = Self.tenant
                open.evaluationID = "e2"
                open.itemID = "resolve"
                open.openedBy = "s1"
                open.reason = "the customer's issue was resolved on the call"
                let dispute = try await quality.openDispute(open)
                #expect(dispute.state == "open" && dispute.originalPoints == 6 && dispute.agentID == "a1")
                #expect(try await quality.openDispute(open).alreadyOpen)

                var resolve = Governance_V1_ResolveDisputeRequest()
                resolve.tenant = Self.tenant
                resolve.disputeID = dispute.disputeID
                resolve.outcome = "changed"
                resolve.points = 10
                resolve.resolvedBy = "qa-lead"
                resolve.note = "recording confirms resolution"
                // A viewer cannot resolve; another tenant's admin cannot see the dispute.
                try await server.client(token: viewer.secret) { viewerClient in
                    let code = await Self.code { _ = try await Governance_V1_QualityService.Client(wrapping: viewerClient).resolveDispute(resolve) }
                    #expect(code == .permissionDenied)
                }
                try await server.client(token: otherAdmin.secret) { otherClient in
                    let other = Governance_V1_QualityService.Client(wrapping: otherClient)
                    var foreign = resolve
                    foreign.tenant = Self.other
                    #expect(await Self.code { _ = try await other.resolveDispute(foreign) } == .notFound)
                    var foreignOpen = open
                    foreignOpen.tenant = Self.other
                    #expect(await Self.code { _ = try await other.openDispute(foreignOpen) } == .notFound)
                    var session = Governance_V1_RecordCoachingSessionRequest()
                    session.tenant = Self.other
                    session.sessionID = "x1"
                    session.evaluationID = "e2"
                    session.agentID = "a1"
                    session.supervisorID = "s1"
                    session.heldOn = "2026-10-09"
                    session.focusMetrics = ["qa_score"]
                    session.rootCause = "r"
                    session.commitment = "c"
                    session.followUpOn = "2026-10-10"
                    #expect(await Self.code { _ = try await other.recordCoachingSession(session) } == .notFound)
                    var wrongScope = resolve
                    wrongScope.tenant = Self.tenant
                    #expect(await Self.code { _ = try await other.resolveDispute(wrongScope) } == .permissionDenied)
                }
                // Still unchanged after the refused calls.
                expectValue(try await agentCard(client, Self.tenant, "q1", "a1", "2026-10").metric("qa_score"), 82.5)

                // e2 = 5 × 4 + 7.5 × 10 = 95; a1 = (100 + 95) ÷ 2 = 97.5.
                let resolved = try await quality.resolveDispute(resolve)
                #expect(resolved.dispute.state == "changed" && resolved.dispute.resolvedPoints == 10)
                #expect(resolved.qualityScoreBefore == 65 && resolved.qualityScoreAfter == 95)
                expectValue(try await agentCard(client, Self.tenant, "q1", "a1", "2026-10").metric("qa_score"), 97.5)
                // Final: the same resolution again is a no-op, another one is refused.
                #expect(try await quality.resolveDispute(resolve).dispute.state == "changed")
                var upheld = resolve
                upheld.outcome = "upheld"
                upheld.clearPoints()
                #expect(await Self.code { _ = try await quality.resolveDispute(upheld) } == .failedPrecondition)
            }
            // The trail: listed, and audited.
            let listed = try Self.json(try server.govctl(["quality", "disputes", "--tenant", Self.tenant, "--format", "json"]).stdout)
            #expect((listed["disputes"] as? [[String: Any]])?.first?["resolved_by"] as? String == "qa-lead")
            let audit = try server.govctl(["audit", "--tenant", Self.tenant])
            #expect(audit.stdout.contains("ResolveDispute") && audit.stdout.contains("OpenDispute"))
        }
    }

    @Test("submitting an evaluation validates it against its form version and stores nothing when refused")
    func submit() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await Self.setUp(client)
                let quality = Governance_V1_QualityService.Client(wrapping: client)
                var request = Governance_V1_SubmitEvaluationRequest()
                request.tenant = Self.tenant
                request.evaluationID = "e6"
                request.program = "q1"
                request.agentID = "a3"
                request.evaluatorID = "qa2"
                request.interactionID = "i6"
                request.formID = "form1"
                request.formVersion = 1
                request.evaluatedAt = "2026-10-15T10:00:00Z"
                func answer(_ item: String, _ points: Double) -> Governance_V1_EvaluationAnswer {
                    var a = Governance_V1_EvaluationAnswer()
                    a.itemID = item
                    a.points = points
                    return a
                }
                for bad in [[answer("greet", 6)], [answer("verify", 0.5)], [answer("smile", 1)]] {
                    request.answers = bad
                    #expect(await Self.code { _ = try await quality.submitEvaluation(request) } == .invalidArgument)
                }
                request.answers = [answer("greet", 5)]
                request.formVersion = 3
                #expect(await Self.code { _ = try await quality.submitEvaluation(request) } == .invalidArgument)
                expectValue(try await agentCard(client, Self.tenant, "q1", "a3", "2026-10").metric("qa_score"), 40)
                // greet 3, resolve 10, both hard-fail items passed: 15 + 75 = 90; a3 = (40 + 90) ÷ 2 = 65.
                request.formVersion = 1
                request.answers = [answer("greet", 3), answer("resolve", 10), answer("disclose", 1), answer("verify", 1)]
                let reply = try await quality.submitEvaluation(request)
                #expect(reply.qualityScore == 90 && reply.compliancePass && !reply.replaced)
                expectValue(try await agentCard(client, Self.tenant, "q1", "a3", "2026-10").metric("qa_score"), 65)
            }
        }
    }
}

/// Expects a metric present with `value` (1e-6).
func expectValue(_ metric: Governance_V1_MetricScore?, _ value: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(metric?.hasValue == true, sourceLocation: sourceLocation)
    #expect(abs((metric?.value ?? .nan) - value) < 1e-6, "\(metric?.value ?? .nan) ≠ \(value)", sourceLocation: sourceLocation)
}
