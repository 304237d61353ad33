import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// The monthly review package (SPEC section 5) against the real governd over TLS, with the committed
/// fixture in Fixtures/review (reviewco.yaml, reported_metrics.csv, roster.csv, agent_days.csv).
///
/// Hand-computed for rv-care, 2026-10 (scorecard: service_level 50/90/80, abandon_rate 50/3/6,
/// adherence 1/90/80; architecture: service 25, quality 25, customer 20, efficiency 15, partnership 15):
/// - service_level: reported 94, 93, 95, 94, 96, 92, 94, 95, 93, 94, 95, 94 in 2025-10 … 2026-09, then 54
///   (the SPEC's data-entry error): median 94, MAD 1, z = 0.6745 × (54 − 94) ÷ 1 = −26.98 → anomaly;
///   54 < 80 → threshold alert; score clamp(100 − 50 × 36 ÷ 10) = 0.
/// - abandon_rate: history median 2.0, MAD 0.15, M = 1.4: z = −2.698 → no anomaly; 1.5, 1.0, 1.4 in
///   2026-08 … 10 are all ≤ 1.5 ((v − 3) ÷ −3 ≥ 0.5) → raise_target with the median 1.4; score 100.
/// - adherence: computed (28800 + 27360 + 25920 + 26496) ÷ (4 × 28800) = 94.25 %, reported 97:
///   difference 2.75 > 1 point → reconciliation; no history → no anomaly verdict; agents 100, 95, 90,
///   92 % all meet 90 → share 100 % → flagged.
/// - Top gaps: service (25) and efficiency (15) scored, Σ 40: service_level (25 ÷ 40) × (50 ÷ 100) × 100
///   = 31.25, the only gap above 0; composite (25 × 50 + 15 × 100) ÷ 40 = 68.75.
@Suite("Monthly review package end to end", .serialized)
struct ReviewEndToEndTests {
    static let tenant = "reviewco"
    static let other = "reviewother"
    static let program = "rv-care"
    static let otherProgram = "ro-care"
    static let directory = Demo.fixtures + "/review"

    static func setUp(_ server: TestServer) throws {
        try EdgeYAML.architecture().write(toFile: server.dataDirectory + "/architecture.yaml", atomically: true, encoding: .utf8)
        let applied = try server.govctl([
            "apply", server.dataDirectory + "/architecture.yaml", directory + "/reviewco.yaml", directory + "/reviewother.yaml",
        ])
        guard applied.status == 0 else { throw TestServerError("apply failed: \(applied.stderr)") }
        let imported = try server.govctl([
            "import", "--tenant", tenant, "--quiet", directory + "/roster.csv", directory + "/agent_days.csv",
            directory + "/reported_metrics.csv",
        ])
        guard imported.status == 0 else { throw TestServerError("import failed: \(imported.stderr)\(imported.stdout)") }
    }

    static func package(_ server: TestServer, program: String = program, tenant: String = tenant) async throws
        -> Governance_V1_ReviewPackageReply
    {
        try await server.client { client in
            var request = Governance_V1_ReviewPackageRequest()
            request.tenant = tenant
            request.program = program
            request.month = "2026-10"
            return try await Governance_V1_ReviewService.Client(wrapping: client).reviewPackage(request)
        }
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 }

    @Test("the package holds the hand-computed anomalies, reconciliation, target review, gaps and agent check")
    func package() async throws {
        try await TestServer.with { server in
            try Self.setUp(server)
            let reply = try await Self.package(server)

            #expect(Self.close(reply.scorecard.composite, 68.75))
            #expect(reply.trend.map(\.month).first == "2025-10" && reply.trend.map(\.month).last == "2026-10")
            #expect(reply.trend.count == 13)
            #expect(reply.thresholdAlerts.map(\.metric) == ["service_level"])

            #expect(reply.anomalies.map(\.metric) == ["service_level"])
            let anomaly = try #require(reply.anomalies.first)
            #expect(Self.close(anomaly.value, 54) && Self.close(anomaly.median, 94) && Self.close(anomaly.mad, 1))
            #expect(anomaly.hasZ && Self.close(anomaly.z, -26.98))
            #expect(anomaly.method == "modified_z" && anomaly.source == "reported" && anomaly.historyMonths == 12)
            let adherenceVerdict = try #require(reply.anomalyNoVerdict.first { $0.metric == "adherence" })
            #expect(adherenceVerdict.reason.contains("only 0 of the 12 months"))

            #expect(reply.reconciliation.map(\.metric) == ["adherence"])
            let pair = try #require(reply.reconciliation.first)
            #expect(Self.close(pair.computed, 94.25) && Self.close(pair.reported, 97))
            #expect(Self.close(pair.difference, 2.75) && Self.close(pair.tolerance, 1))

            #expect(reply.targetReview.map(\.metric) == ["abandon_rate"])
            let finding = try #require(reply.targetReview.first)
            #expect(finding.recommendation == "raise_target")
            #expect(finding.values.count == 3 && Self.close(finding.suggestedTarget, 1.4))

            #expect(reply.topGaps.map(\.metric) == ["service_level"])
            #expect(Self.close(reply.topGaps.first?.pointsLost ?? 0, 31.25))

            let agents = try #require(reply.agentTargetCheck.first { $0.metric == "adherence" })
            #expect(agents.agents == 4 && agents.meetingTarget == 4 && Self.close(agents.sharePercent, 100))
            #expect(agents.flagged && agents.note == "target no longer distinguishes performers")
        }
    }

    @Test("actions: created with govctl, listed in the package (overdue flagged), history kept, forbidden paths refused")
    func actions() async throws {
        try await TestServer.with { server in
            try Self.setUp(server)
            func govctl(_ arguments: [String], token: String? = nil) throws -> TestServer.CommandResult {
                try server.govctl(arguments, token: token)
            }
            let target = ["--tenant", Self.tenant, "--program", Self.program]
            func create(_ month: String, _ due: String, _ title: String) throws -> Int64 {
                let result = try govctl(
                    ["action", "create"] + target
                        + ["--month", month, "--metric", "service_level", "--title", title, "--owner", "ops lead",
                           "--due", due, "--format", "json"])
                guard result.status == 0 else { throw TestServerError("action create failed: \(result.stderr)") }
                let object = try jsonObject(result.stdout)
                guard let id = (object["id"] as? String).flatMap({ Int64($0) }) ?? (object["id"] as? Int).map(Int64.init) else {
                    throw TestServerError("no id in \(result.stdout)")
                }
                return id
            }
            // Read (and cache) the package first: creating actions must show in the next read.
            #expect(try await Self.package(server).actions.isEmpty)
            let late = try create("2026-09", "2026-09-20", "Fix the vendor SL feed")
            let finished = try create("2026-09", "2026-09-25", "Recalibrate QA")
            let current = try create("2026-10", "2026-11-30", "Explain the 54% service level")
            let done = try govctl(["action", "update"] + target + ["--id", String(finished), "--status", "done", "--note", "closed in review"])
            #expect(done.status == 0, "\(done.stderr)")

            let reply = try await Self.package(server)
            #expect(reply.actions.map(\.id) == [late, current])
            #expect(reply.actions.map(\.overdue) == [true, false])
            #expect(reply.actions.first?.reviewMonth == "2026-09" && reply.actions.first?.owner == "ops lead")

            // The history says who changed what and when.
            let listed = try govctl(["action", "list"] + target + ["--format", "json"])
            #expect(listed.status == 0)
            let actions = try #require(try jsonObject(listed.stdout)["actions"] as? [[String: Any]])
            #expect(actions.count == 3)
            let closed = try #require(actions.first { ($0["id"] as? String) == String(finished) })
            let history = try #require(closed["history"] as? [[String: Any]])
            #expect(history.map { $0["field"] as? String } == ["created", "status"])
            #expect(history.last?["old_value"] as? String == "open" && history.last?["new_value"] as? String == "done")
            #expect((history.last?["actor"] as? String)?.isEmpty == false && history.last?["at"] != nil)

            // A viewer reads but cannot write; nothing changes.
            let viewer = try await server.createToken(role: .tenantViewer, tenants: [Self.tenant])
            let refused = try govctl(
                ["action", "create"] + target
                    + ["--month", "2026-10", "--metric", "csat", "--title", "x", "--owner", "y", "--due", "2026-11-01"],
                token: viewer.secret)
            #expect(refused.status != 0 && refused.stderr.contains("PERMISSION_DENIED"))
            let refusedUpdate = try govctl(
                ["action", "update"] + target + ["--id", String(late), "--status", "done"], token: viewer.secret)
            #expect(refusedUpdate.status != 0 && refusedUpdate.stderr.contains("PERMISSION_DENIED"))
            let viewed = try govctl(["review"] + target + ["--month", "2026-10"], token: viewer.secret)
            #expect(viewed.status == 0)
            #expect(viewed.stdout.contains("Monthly review: rv-care, 2026-10"))
            #expect(viewed.stdout.contains("OVERDUE") && viewed.stdout.contains("raise_target"))
            #expect(viewed.stdout.contains("target no longer distinguishes performers"))
            let after = try await Self.package(server)
            #expect(after.actions.map(\.status) == ["open", "open"])

            // Invalid input is INVALID_ARGUMENT and stores nothing.
            let invalid = try govctl(
                ["action", "create"] + target
                    + ["--month", "2026-10", "--metric", "no_such_metric", "--title", "x", "--owner", "y", "--due", "2026-11-01"])
            #expect(invalid.status != 0 && invalid.stderr.contains("INVALID_ARGUMENT"))

            // Another tenant's program answers NOT_FOUND, exactly like one that does not exist.
            let otherID = try await server.client { client in
                var request = Governance_V1_CreateActionRequest()
                request.tenant = Self.other
                request.program = Self.otherProgram
                request.reviewMonth = "2026-10"
                request.metric = "service_level"
                request.title = "other tenant's action"
                request.owner = "them"
                request.dueDate = "2026-10-01"
                return try await Governance_V1_ReviewService.Client(wrapping: client).createAction(request).id
            }
            for program in [Self.otherProgram, "no-such-program"] {
                let review = try govctl(["review", "--tenant", Self.tenant, "--program", program, "--month", "2026-10"])
                #expect(review.status != 0 && review.stderr.contains("NOT_FOUND"))
                let update = try govctl(
                    ["action", "update", "--tenant", Self.tenant, "--program", program, "--id", String(otherID), "--status", "done"])
                #expect(update.status != 0 && update.stderr.contains("NOT_FOUND"))
                let create = try govctl(
                    ["action", "create", "--tenant", Self.tenant, "--program", program, "--month", "2026-10", "--metric",
                     "csat", "--title", "x", "--owner", "y", "--due", "2026-11-01"])
                #expect(create.status != 0 && create.stderr.contains("NOT_FOUND"))
            }
            // An action id of the same tenant but another program is NOT_FOUND too.
            let wrongProgram = try govctl(["action", "update"] + target + ["--id", "999", "--status", "done"])
            #expect(wrongProgram.status != 0 && wrongProgram.stderr.contains("NOT_FOUND"))
            let still = try govctl(["action", "list"] + target + ["--format", "json"])
            #expect((try jsonObject(still.stdout)["actions"] as? [[String: Any]])?.count == 3)

            // Every change is audited.
            let audit = try govctl(["audit", "--tenant", Self.tenant, "--format", "json"])
            #expect(audit.stdout.contains("CreateAction") && audit.stdout.contains("UpdateActionStatus"))
        }
    }

    @Test("govctl review --format json prints the reply with the SPEC's field names")
    func json() async throws {
        try await TestServer.with { server in
            try Self.setUp(server)
            let result = try server.govctl([
                "review", "--tenant", Self.tenant, "--program", Self.program, "--month", "2026-10", "--format", "json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try jsonObject(result.stdout)
            let anomaly = try #require((object["anomalies"] as? [[String: Any]])?.first)
            #expect(Set(anomaly.keys).isSuperset(of: ["metric", "value", "source", "median", "mad", "z", "method"]))
            let pair = try #require((object["reconciliation"] as? [[String: Any]])?.first)
            #expect(Set(pair.keys).isSuperset(of: ["metric", "computed", "reported", "difference", "tolerance"]))
            let finding = try #require((object["target_review"] as? [[String: Any]])?.first)
            #expect(Set(finding.keys).isSuperset(of: ["metric", "recommendation", "values", "suggested_target"]))
            let gap = try #require((object["top_gaps"] as? [[String: Any]])?.first)
            #expect(Set(gap.keys).isSuperset(of: ["metric", "points_lost"]))
            #expect(object["scorecard"] != nil && object["trend"] != nil && object["threshold_alerts"] != nil)
            // Lists are printed even when empty, so scripts can rely on every name.
            for list in ["anomalies", "reconciliation", "target_review", "top_gaps", "actions", "agent_target_check"] {
                #expect(object[list] is [Any], "\(list) missing")
            }
            let empty = try server.govctl([
                "review", "--tenant", Self.tenant, "--program", Self.program, "--month", "2026-08", "--format", "json",
            ])
            #expect(empty.status == 0, "\(empty.stderr)")
            let early = try jsonObject(empty.stdout)
            // No action was created in this test and 2026-08 has no reported-vs-computed pair.
            #expect((early["actions"] as? [Any])?.isEmpty == true && (early["reconciliation"] as? [Any])?.isEmpty == true)
        }
    }
}
