import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// SLA tracking through the real governd binary over TLS and the real govctl (SPEC section 6).
///
/// Program `sla-care` (fee 100,000, 10 % at risk: a pool of 10,000; earn-back 3 months) has
/// service_level ≥ 80 (expected 85, critical, 50 %), abandon_rate ≤ 5 (critical, 40 %) and
/// csat ≥ 75 (key). January–March come from reported values; April is the month in progress:
/// days 1–10 with 10 voice contacts a day (8 answered within T, 1 answered late, 1 abandoned
/// after T), so service_level = 8 ÷ (9 + 1) = 80 % (met, at the minimum), abandon_rate = 10 %
/// (missed) and csat has no surveys (missed, no value).
///
/// | month | service_level | abandon_rate | csat |
/// |---|---|---|---|
/// | 2026-01 | 70 missed: 5,000 | 6 missed: 4,000 | 70 missed |
/// | 2026-02 | 90 | 4 | 70 missed |
/// | 2026-03 | 90 | 4 | 70 missed (escalation since 2026-01) |
/// | 2026-04 | 80 met: January's 5,000 earned back | 10 missed: 4,000; forfeits January's | no value |
@Suite("SLA tracking end to end", .serialized)
struct SLAEndToEndTests {
    static let tenant = "slaco"
    static let program = "sla-care"
    static let otherTenant = "slaother"
    static let otherProgram = "other-care"

    static func manifest(_ tenant: String, _ program: String) -> String {
        """
        tenant: \(tenant)
        name: SLA tenant \(tenant)
        programs:
          - id: \(program)
            name: Care
            site: site-1
            timezone: Etc/UTC
            service_level_seconds: {voice: 20}
            monthly_fee: 100000
            at_risk_pct: 10
            earn_back_months: 3
            scorecard:
              - effective_from: 2026-01
                author: am-test
                rationale: "Contract schedule B"
                metrics:
                  - {metric: service_level, weight: 50, target: 85, threshold: 80}
            slas:
              - {metric: service_level, minimum: 80, expected: 85, severity: critical, allocation_pct: 50}
              - {metric: abandon_rate, minimum: 5, severity: critical, allocation_pct: 40}
              - {metric: csat, minimum: 75, severity: key}

        """
    }

    static func setUp(_ server: TestServer) async throws {
        try await server.client { client in
            try await applyEdgeManifest(client, EdgeYAML.architecture())
            try await applyEdgeManifest(client, manifest(tenant, program))
            try await applyEdgeManifest(client, manifest(otherTenant, otherProgram))
            var reported: [String] = []
            for (month, sl, ab, csat) in [("2026-01", 70, 6, 70), ("2026-02", 90, 4, 70), ("2026-03", 90, 4, 70)] {
                reported += [
                    "\(program),\(month),service_level,\(sl),vendor", "\(program),\(month),abandon_rate,\(ab),vendor",
                    "\(program),\(month),csat,\(csat),vendor",
                ]
            }
            try await importEdge(client, tenant: tenant, "reported_metrics.csv", EdgeCSV.reportedMetrics, reported)
            var rows: [String] = []
            for day in 1...10 {
                let date = String(format: "2026-04-%02d", day)
                for n in 0..<10 {
                    let id = "i-\(day)-\(n)"
                    let started = "\(date)T10:\(String(format: "%02d", n)):00Z"
                    switch n {
                    case 8: rows.append("\(id),\(program),a1,c\(day)\(n),voice,\(started),30,200,0")
                    case 9: rows.append("\(id),\(program),,c\(day)\(n),voice,\(started),40,,1")
                    default: rows.append("\(id),\(program),a1,c\(day)\(n),voice,\(started),5,200,0")
                    }
                }
            }
            try await importEdge(client, tenant: tenant, "interactions.csv", EdgeCSV.interactions, rows)
        }
    }

    static func status(_ server: TestServer, _ month: String, token: String? = nil) throws -> [String: Any] {
        let result = try server.govctl(
            ["sla", "status", "--tenant", tenant, "--program", program, "--month", month, "--format", "json"], token: token)
        guard result.status == 0 else { throw TestServerError("sla status failed: \(result.stderr)") }
        return try jsonObject(result.stdout)
    }

    static func sla(_ status: [String: Any], _ metric: String) throws -> [String: Any] {
        let slas = try #require(status["slas"] as? [[String: Any]])
        return try #require(slas.first { $0["metric"] as? String == metric })
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    @Test("status, earn-back, escalation, projection, exclusions and the forbidden paths, over TLS")
    func endToEnd() async throws {
        try await TestServer.with { server in
            try await Self.setUp(server)

            // January: two critical misses, 5,000 + 4,000, under the 10,000 cap.
            let january = try Self.status(server, "2026-01")
            for key in [
                "slas", "cap", "capped", "credits_total", "credits_returned", "credits_net", "escalations", "expected_defaults",
            ] {
                #expect(january[key] != nil, "status JSON lacks \(key)")
            }
            #expect(Self.number(january["cap"]) == 10_000)
            #expect(january["capped"] as? Bool == false)
            #expect(Self.number(january["credits_total"]) == 9_000)
            let sl = try Self.sla(january, "service_level")
            for key in ["metric", "severity", "minimum", "expected", "value", "status", "no_value", "allocation_pct", "credit", "earn_back"] {
                #expect(sl[key] != nil, "sla JSON lacks \(key)")
            }
            #expect(sl["status"] as? String == "missed")
            #expect(Self.number(sl["value"]) == 70)
            #expect(Self.number(sl["credit"]) == 5_000)
            #expect(sl["earn_back"] as? String == "earned_back")
            #expect(sl["earn_back_month"] as? String == "2026-04")
            let ab = try Self.sla(january, "abandon_rate")
            #expect(Self.number(ab["credit"]) == 4_000)
            #expect(ab["earn_back"] as? String == "forfeited")
            #expect(try Self.sla(january, "csat")["earn_back"] as? String == "none")

            // March: csat missed three months running.
            let march = try Self.status(server, "2026-03")
            let escalations = try #require(march["escalations"] as? [[String: Any]])
            #expect(escalations.count == 1)
            #expect(escalations.first?["metric"] as? String == "csat")
            #expect(escalations.first?["since"] as? String == "2026-01")

            // April: service_level 80 % met at the minimum, abandon_rate 10 % missed, csat no value.
            let april = try Self.status(server, "2026-04")
            #expect(Self.number(try Self.sla(april, "service_level")["value"]).map { abs($0 - 80) < 1e-9 } == true)
            #expect(try Self.sla(april, "service_level")["status"] as? String == "met")
            #expect(try Self.sla(april, "abandon_rate")["status"] as? String == "missed")
            let csat = try Self.sla(april, "csat")
            #expect(csat["status"] as? String == "missed")
            #expect(csat["no_value"] as? Bool == true)
            #expect(csat["value"] == nil)
            #expect((csat["no_value_reason"] as? String)?.contains("no surveys") == true)
            #expect(Self.number(april["credits_total"]) == 4_000)
            #expect(Self.number(april["credits_returned"]) == 5_000)
            #expect(Self.number(april["credits_net"]) == -1_000)
            let ytd = try #require(april["ytd_program"] as? [String: Any])
            #expect(Self.number(ytd["credits_total"]) == 13_000)
            #expect(Self.number(ytd["credits_net"]) == 8_000)
            #expect(((april["escalations"] as? [[String: Any]])?.first?["months_missed"] as? NSNumber)?.intValue == 4)

            // Projection of April: d = 10, D = 30, R = 100 ÷ 10 × 20 = 200.
            let projected = try server.govctl(
                ["sla", "projection", "--tenant", Self.tenant, "--program", Self.program, "--format", "json"])
            #expect(projected.status == 0, "\(projected.stderr)")
            let projection = try jsonObject(projected.stdout)
            #expect(projection["month"] as? String == "2026-04")
            #expect((projection["day"] as? NSNumber)?.intValue == 10)
            let lines = try #require(projection["slas"] as? [[String: Any]])
            let slLine = try #require(lines.first { $0["metric"] as? String == "service_level" })
            // (80 × 300 − 100 × 80) ÷ 200 = 80
            #expect(Self.number(slLine["required"]).map { abs($0 - 80) < 1e-9 } == true)
            #expect(slLine["status"] as? String == "reachable")
            let abLine = try #require(lines.first { $0["metric"] as? String == "abandon_rate" })
            // (5 × 300 − 100 × 10) ÷ 200 = 2.5
            #expect(Self.number(abLine["required"]).map { abs($0 - 2.5) < 1e-9 } == true)
            #expect(lines.first { $0["metric"] as? String == "csat" }?["status"] as? String == "no_data")
            let table = try server.govctl(["sla", "projection", "--tenant", Self.tenant, "--program", Self.program])
            #expect(table.stdout.contains("reachable"))

            // Exclusions: a viewer sees them but cannot record one; an account manager can.
            let viewer = try await server.createToken(role: .tenantViewer, tenants: [Self.tenant])
            let manager = try await server.createToken(role: .accountManager, tenants: [Self.tenant])
            let exclude = [
                "sla", "exclude", "--tenant", Self.tenant, "--program", Self.program, "--metric", "abandon_rate",
                "--month", "2026-04", "--reason", "Carrier outage 2026-04-03", "--evidence", "INC-4711", "--format", "json",
            ]
            let refused = try server.govctl(exclude, token: viewer.secret)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("PERMISSION_DENIED"), "\(refused.stderr)")
            #expect(try Self.status(server, "2026-04")["credits_total"].flatMap(Self.number) == 4_000)

            let recorded = try server.govctl(exclude, token: manager.secret)
            #expect(recorded.status == 0, "\(recorded.stderr)")
            let exclusion = try jsonObject(recorded.stdout)
            let id = try #require(exclusion["id"] as? String)
            let excluded = try Self.status(server, "2026-04", token: viewer.secret)
            #expect(try Self.sla(excluded, "abandon_rate")["status"] as? String == "excluded")
            #expect(Self.number(try Self.sla(excluded, "abandon_rate")["credit"]) == 0)
            #expect(Self.number(excluded["credits_total"]) == 0)
            // January's abandon_rate: February and March met, April skipped: pending.
            #expect(try Self.sla(try Self.status(server, "2026-01"), "abandon_rate")["earn_back"] as? String == "pending")
            let listed = try server.govctl(
                ["sla", "exclusions", "--tenant", Self.tenant, "--program", Self.program, "--format", "json"], token: viewer.secret)
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stdout.contains("INC-4711"))
            let audit = try server.govctl(["audit", "--tenant", Self.tenant, "--format", "json"])
            #expect(audit.stdout.contains("AddSlaExclusion"))

            let viewerWithdraw = try server.govctl(
                ["sla", "withdraw", "--tenant", Self.tenant, "--program", Self.program, id, "--reason", "no"], token: viewer.secret)
            #expect(viewerWithdraw.stderr.contains("PERMISSION_DENIED"))
            let withdrawn = try server.govctl(
                ["sla", "withdraw", "--tenant", Self.tenant, "--program", Self.program, id, "--reason", "Outage was ours"],
                token: manager.secret)
            #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
            #expect(try Self.sla(try Self.status(server, "2026-04"), "abandon_rate")["status"] as? String == "missed")

            // Another tenant's program answers NOT_FOUND, exactly like a missing one.
            let foreign = try server.govctl(
                ["sla", "status", "--tenant", Self.tenant, "--program", Self.otherProgram, "--month", "2026-01"])
            #expect(foreign.stderr.contains("NOT_FOUND"), "\(foreign.stderr)")
            let foreignExclusion = try server.govctl(
                ["sla", "exclude", "--tenant", Self.tenant, "--program", Self.otherProgram, "--metric", "csat", "--month",
                 "2026-01", "--reason", "x", "--evidence", "y"], token: manager.secret)
            #expect(foreignExclusion.stderr.contains("NOT_FOUND"), "\(foreignExclusion.stderr)")
            let foreignProjection = try server.govctl(
                ["sla", "projection", "--tenant", Self.tenant, "--program", Self.otherProgram])
            #expect(foreignProjection.stderr.contains("NOT_FOUND"))

            // History and matrix.
            let history = try jsonObject(
                try server.govctl(
                    ["sla", "history", "--tenant", Self.tenant, "--from", "2026-01", "--to", "2026-04", "--format", "json"]
                ).stdout)
            let breaches = try #require(history["breaches"] as? [[String: Any]])
            // January 3, February 1, March 1, April 2 (service_level met; abandon_rate and csat missed).
            let expectedBreaches = 7
            #expect(breaches.count == expectedBreaches)
            let matrix = try jsonObject(
                try server.govctl(
                    ["sla", "matrix", "--tenant", Self.tenant, "--from", "2026-01", "--to", "2026-04", "--format", "json"]
                ).stdout)
            let rows = try #require(matrix["programs"] as? [[String: Any]])
            #expect(rows.count == 1)
            let cells = try #require(rows.first?["cells"] as? [[String: Any]])
            #expect((cells.first?["missed"] as? NSNumber)?.intValue == 3)
        }
    }

    @Test("SLA versions by RPC: an amendment is validated (pool, direction, unknown metric) and then applies from its month")
    func versions() async throws {
        try await TestServer.with { server in
            try await Self.setUp(server)
            try await server.client { client in
                let slas = Governance_V1_SlaService.Client(wrapping: client)
                func term(_ metric: String, _ minimum: Double, _ severity: String, allocation: Double? = nil, expected: Double? = nil)
                    -> Governance_V1_SlaTerm
                {
                    var t = Governance_V1_SlaTerm()
                    t.metric = metric
                    t.minimum = minimum
                    t.severity = severity
                    if let allocation { t.allocationPct = allocation }
                    if let expected { t.expected = expected }
                    return t
                }
                func request(_ terms: [Governance_V1_SlaTerm]) -> Governance_V1_AddSlaVersionRequest {
                    var r = Governance_V1_AddSlaVersionRequest()
                    r.tenant = Self.tenant
                    r.program = Self.program
                    r.effectiveFrom = "2026-03"
                    r.author = "am-test"
                    r.rationale = "Amendment 2"
                    r.slas = terms
                    return r
                }
                let invalid: [[Governance_V1_SlaTerm]] = [
                    [term("service_level", 80, "critical", allocation: 60), term("abandon_rate", 5, "critical", allocation: 50)],
                    [term("abandon_rate", 5, "critical", allocation: 40, expected: 6)],
                    [term("speed_of_light", 5, "key")],
                ]
                for terms in invalid {
                    await #expect {
                        _ = try await slas.addSlaVersion(request(terms))
                    } throws: { error in
                        (error as? RPCError)?.code == .invalidArgument
                    }
                }
                // Amendment: service_level minimum 95 from March, so March (90) is now missed.
                let added = try await slas.addSlaVersion(request([term("service_level", 95, "critical", allocation: 50)]))
                #expect(added.version == 2)
                var status = Governance_V1_SlaStatusRequest()
                status.tenant = Self.tenant
                status.program = Self.program
                status.month = "2026-03"
                let march = try await slas.getSlaStatus(status)
                #expect(march.slaVersion == 2)
                #expect(march.slas.map(\.metric) == ["service_level"])
                #expect(march.slas.first?.status == "missed")
                #expect(march.creditsTotal == 5_000)
                status.month = "2026-02"
                #expect(try await slas.getSlaStatus(status).slaVersion == 1)
            }
        }
    }
}
