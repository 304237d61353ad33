import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// Benchmarking (SPEC section 7) against the real governd over TLS, with govctl.
///
/// Fixtures (Fixtures/benchmark): three tenants, two reported-only programs each, scored on
/// service_level (target 90, threshold 80) and aht_seconds (target 300, threshold 400), both
/// weight 50; the architecture's W: service 25, efficiency 15. Hand-computed for 2026-10:
///
/// | program | SL | AHT | service score | efficiency score | composite (25 S + 15 E) ÷ 40 |
/// |---|---|---|---|---|---|
/// | alpha/a-care   | 90 | 300 | 100 | 100 | 100 |
/// | alpha/a-sales  | 80 | 400 |  50 |  50 |  50 |
/// | bravo/b-care   | 86 | 340 |  80 |  80 |  80 |
/// | bravo/b-tech   | 84 | 360 |  70 |  70 |  70 |
/// | charlie/c-care | 88 | 380 |  90 |  60 |  78.75 |
/// | charlie/c-help | 82 | 320 |  60 |  90 |  71.25 |
///
/// Composites sorted 50, 70, 71.25, 78.75, 80, 100: p25 (position 1.25) 70.3125, p50 75, p75
/// (3.75) 79.6875; a-care's percentile 100 × 5.5 ÷ 6, a-sales' 100 × 0.5 ÷ 6. AHT sorted 300…400:
/// p25 325, p50 350, p75 375; on −value a-care (300) has percentile 100 × 5.5 ÷ 6.
@Suite("Benchmarking end to end", .serialized)
struct BenchmarkEndToEndTests {
    static let directory = Demo.fixtures + "/benchmark"
    static let period = "2026-10"
    typealias Client = Governance_V1_BenchmarkService.Client<HTTP2ClientTransport.Posix>

    /// Everything of bravo and charlie that alpha's users must never receive.
    static let foreignIdentifiers = [
        "bravo", "charlie", "b-care", "b-tech", "c-care", "c-help", "site-b", "site-c",
    ]
    /// bravo's and charlie's values on every subject (composite, category scores, metric values),
    /// leaving out the ones alpha legitimately receives itself (its SL values 80 and 90).
    static let foreignValues: [Double] = [70, 78.75, 71.25, 60, 86, 84, 88, 82, 340, 360, 380, 320]
    static let subjects: [(category: String, metric: String)] = [
        ("", ""), ("service", ""), ("efficiency", ""), ("", "service_level"), ("", "aht_seconds"),
    ]

    static func request(_ tenant: String, category: String = "", metric: String = "") -> Governance_V1_BenchmarkRequest {
        var request = Governance_V1_BenchmarkRequest()
        request.tenant = tenant
        request.period = period
        request.category = category
        request.metric = metric
        return request
    }

    static func benchmark(
        _ server: TestServer, token: String, _ request: Governance_V1_BenchmarkRequest
    ) async throws -> Governance_V1_BenchmarkReply {
        try await server.client(token: token) { try await Client(wrapping: $0).getBenchmark(request) }
    }

    static func importData(_ server: TestServer, _ tenant: String) throws {
        let result = try server.govctl(["import", "--tenant", tenant, "--quiet", "\(directory)/\(tenant)/reported_metrics.csv"])
        guard result.status == 0 else { throw TestServerError("import into \(tenant) failed: \(result.stderr)") }
    }

    /// The foreign identifiers and values found in serialised reply bytes.
    static func leaks(_ bytes: [UInt8]) -> [String] {
        var found = foreignIdentifiers.filter { IsoMatrix.contains(bytes, Array($0.utf8)) }
        for value in foreignValues {
            let pattern = withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
            if IsoMatrix.contains(bytes, pattern) { found.append("\(value)") }
        }
        return found
    }

    /// The foreign identifiers and values found anywhere in a JSON document (every string and number).
    static func leaks(json text: String) throws -> [String] {
        var found: [String] = []
        func walk(_ node: Any) {
            switch node {
            case let object as [String: Any]:
                for (key, value) in object {
                    walk(key)
                    walk(value)
                }
            case let array as [Any]: array.forEach(walk)
            case let string as String:
                found += foreignIdentifiers.filter { string.contains($0) }
                if let number = Double(string), foreignValues.contains(number) { found.append(string) }
            case let number as NSNumber:
                if foreignValues.contains(number.doubleValue) { found.append("\(number)") }
            default: break
            }
        }
        walk(try JSONSerialization.jsonObject(with: Data(text.utf8)))
        return found
    }

    static func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-6 }

    @Test("viewer, account manager and admin get what SPEC section 7 allows, with hand-computed numbers, and nothing else")
    func endToEnd() async throws {
        try await TestServer.with { server in
            let applied = try server.govctl(
                ["apply", "\(Self.directory)/architecture.yaml"] + ["alpha", "bravo", "charlie"].map { "\(Self.directory)/\($0).yaml" })
            #expect(applied.status == 0, "\(applied.stderr)")
            try Self.importData(server, "alpha")
            try Self.importData(server, "bravo")
            let viewer = try await server.createToken(role: .tenantViewer, tenants: ["alpha"], name: "viewer alpha")
            let manager = try await server.createToken(role: .accountManager, tenants: ["alpha", "bravo"], name: "am alpha+bravo")
            let feeder = try await server.createToken(role: .dataFeeder, tenants: ["alpha"], name: "feeder alpha")

            // 1. charlie has no data yet: 4 programs from 2 tenants.
            let small = try await Self.benchmark(server, token: viewer.secret, Self.request("alpha"))
            #expect(small.cohort.programs == 4 && small.cohort.tenants == 2)
            #expect(!small.cohort.withheld.isEmpty && !small.cohort.hasP50)
            #expect(small.programs.map(\.programID) == ["a-care", "a-sales"] && small.programs.allSatisfy { !$0.hasPercentile })
            #expect(small.ranking.isEmpty)
            // The account manager manages every tenant in that cohort, so nothing is hidden from it.
            let smallManager = try await Self.benchmark(server, token: manager.secret, Self.request("alpha"))
            #expect(smallManager.cohort.withheld.isEmpty)
            #expect(Self.near(smallManager.cohort.p25, 65) && Self.near(smallManager.cohort.p50, 75) && Self.near(smallManager.cohort.p75, 85))

            // 2. charlie's data arrives: 6 programs from 3 tenants (the cross-tenant cache must notice).
            try Self.importData(server, "charlie")
            let composite = try await Self.benchmark(server, token: viewer.secret, Self.request("alpha"))
            #expect(composite.cohort.programs == 6 && composite.cohort.tenants == 3 && composite.cohort.withheld.isEmpty)
            #expect(Self.near(composite.cohort.p25, 70.3125) && Self.near(composite.cohort.p50, 75) && Self.near(composite.cohort.p75, 79.6875))
            #expect(composite.programs.map(\.programID) == ["a-care", "a-sales"])
            #expect(composite.programs.map(\.rank) == [1, 2])
            #expect(Self.near(composite.programs[0].percentile, 100 * 5.5 / 6) && Self.near(composite.programs[1].percentile, 100 * 0.5 / 6))
            #expect(composite.programs.map(\.value) == [100, 50] && composite.programs.map(\.gapToLeader) == [0, 50])
            #expect(composite.ranking.isEmpty && composite.cohort.architectureVersion == 1 && composite.cohort.excludedOtherVersions == 0)

            // A down metric: the lowest AHT has the highest percentile; quartiles of the values.
            let aht = try await Self.benchmark(server, token: viewer.secret, Self.request("alpha", metric: "aht_seconds"))
            #expect(aht.direction == "down" && aht.programs.map(\.value) == [300, 400])
            #expect(Self.near(aht.programs[0].percentile, 100 * 5.5 / 6) && Self.near(aht.programs[1].percentile, 100 * 0.5 / 6))
            #expect(Self.near(aht.cohort.p25, 325) && Self.near(aht.cohort.p50, 350) && Self.near(aht.cohort.p75, 375))

            // 3. The viewer never receives bravo's or charlie's identifiers or values, in any reply.
            var viewerReplies: [(String, [UInt8])] = [("withheld composite", try small.serializedBytes())]
            for subject in Self.subjects {
                let reply = try await Self.benchmark(
                    server, token: viewer.secret, Self.request("alpha", category: subject.category, metric: subject.metric))
                viewerReplies.append((reply.subject, try reply.serializedBytes()))
            }
            let ranking = try await server.client(token: viewer.secret) { client in
                var request = Governance_V1_ProgramRankingRequest()
                request.tenant = "alpha"
                request.period = Self.period
                return try await Client(wrapping: client).getProgramRanking(request)
            }
            viewerReplies.append(("program ranking", try ranking.serializedBytes()))
            for (label, bytes) in viewerReplies {
                #expect(Self.leaks(bytes).isEmpty, "\(label): the viewer's reply carries \(Self.leaks(bytes))")
            }
            // Positive control: the admin's replies do carry those identifiers and values.
            var adminBytes: [UInt8] = []
            for subject in Self.subjects {
                adminBytes += try await Self.benchmark(
                    server, token: server.adminToken, Self.request("alpha", category: subject.category, metric: subject.metric)
                ).serializedBytes() as [UInt8]
            }
            #expect(Set(Self.leaks(adminBytes)).count == Self.foreignIdentifiers.count - 2 + Self.foreignValues.count)

            // The same through govctl --format json, every string and number checked.
            for subject in Self.subjects {
                var arguments = ["benchmark", "--tenant", "alpha", "--period", Self.period, "--format", "json"]
                if !subject.category.isEmpty { arguments += ["--category", subject.category] }
                if !subject.metric.isEmpty { arguments += ["--metric", subject.metric] }
                let result = try server.govctl(arguments, token: viewer.secret)
                #expect(result.status == 0, "\(result.stderr)")
                let jsonLeaks = try Self.leaks(json: result.stdout)
                #expect(jsonLeaks.isEmpty, "govctl \(arguments): \(result.stdout)")
                let object = try jsonObject(result.stdout)
                #expect(object["ranking"] == nil)
                let cohort = try #require(object["cohort"] as? [String: Any])
                #expect(cohort["programs"] as? Int == 6 && cohort["tenants"] as? Int == 3 && cohort["p50"] != nil)
                let programs = try #require(object["programs"] as? [[String: Any]])
                #expect(programs.map { $0["program_id"] as? String } == ["a-care", "a-sales"])
                #expect(programs.allSatisfy { $0["value"] != nil && $0["percentile"] != nil && $0["rank"] != nil })
            }
            let programsJSON = try server.govctl(
                ["benchmark", "programs", "--tenant", "alpha", "--period", Self.period, "--format", "json"], token: viewer.secret)
            let programsLeaks = try Self.leaks(json: programsJSON.stdout)
            #expect(programsJSON.status == 0 && programsLeaks.isEmpty, "\(programsJSON.stdout)")

            // 4. The account manager of alpha and bravo: the named ranking of its tenants only.
            let managed = try await Self.benchmark(server, token: manager.secret, Self.request("alpha"))
            #expect(managed.ranking.map(\.programID) == ["a-care", "b-care", "b-tech", "a-sales"])
            #expect(managed.ranking.map(\.tenant) == ["alpha", "bravo", "bravo", "alpha"])
            #expect(managed.ranking.map(\.rank) == [1, 2, 3, 4])
            let managedPercentiles = managed.ranking.map(\.percentile)
            for (got, want) in zip(managedPercentiles, [100 * 5.5 / 6, 75, 25, 100 * 0.5 / 6]) { #expect(Self.near(got, want)) }
            let managedBytes: [UInt8] = try managed.serializedBytes()
            #expect(!["charlie", "c-care", "c-help"].contains { IsoMatrix.contains(managedBytes, Array($0.utf8)) })
            let managerJSON = try server.govctl(
                ["benchmark", "--tenant", "alpha", "--period", Self.period, "--format", "json"], token: manager.secret)
            #expect(managerJSON.status == 0)
            #expect(((try jsonObject(managerJSON.stdout))["ranking"] as? [[String: Any]])?.count == 4)

            // 5. The platform admin: every program, by name.
            let admin = try await Self.benchmark(server, token: server.adminToken, Self.request("alpha"))
            #expect(admin.ranking.map(\.programID) == ["a-care", "b-care", "c-care", "c-help", "b-tech", "a-sales"])
            #expect(admin.ranking.map(\.gapToLeader) == [0, 20, 21.25, 28.75, 30, 50])

            // 6. Inside a tenant: who to learn from.
            let charlie = try server.govctl(
                ["benchmark", "programs", "--tenant", "charlie", "--period", Self.period, "--format", "json"])
            #expect(charlie.status == 0, "\(charlie.stderr)")
            let leaders = try #require(try jsonObject(charlie.stdout)["category_leaders"] as? [[String: Any]])
            #expect(leaders.map { $0["category"] as? String } == ["service", "efficiency"])
            #expect(leaders.map { $0["program_id"] as? String } == ["c-care", "c-help"])
            #expect(leaders.map { $0["score"] as? Double } == [90, 90])
            let rankings = try #require(try jsonObject(charlie.stdout)["rankings"] as? [[String: Any]])
            let compositeRanking = try #require(rankings.first { $0["subject"] as? String == "composite" })
            let rows = try #require(compositeRanking["programs"] as? [[String: Any]])
            #expect(rows.map { $0["program_id"] as? String } == ["c-care", "c-help"])
            #expect(rows.map { $0["gap_to_leader"] as? Double } == [0, 7.5])
            #expect(rows.map { $0["value"] as? Double } == [78.75, 71.25])

            // 7. Forbidden paths.
            let denied = try server.govctl(["benchmark", "--tenant", "bravo", "--period", Self.period], token: viewer.secret)
            #expect(denied.status != 0 && denied.stderr.contains("PERMISSION_DENIED"), "\(denied.stderr)")
            let fed = try server.govctl(["benchmark", "--tenant", "alpha", "--period", Self.period], token: feeder.secret)
            #expect(fed.status != 0 && fed.stderr.contains("PERMISSION_DENIED"), "\(fed.stderr)")
            let missing = try server.govctl(["benchmark", "--tenant", "delta", "--period", Self.period])
            #expect(missing.status != 0 && missing.stderr.contains("NOT_FOUND"), "\(missing.stderr)")
            await #expect(throws: RPCError.self) {
                _ = try await Self.benchmark(server, token: server.adminToken, Self.request("alpha", category: "service", metric: "csat"))
            }
            let badMetric = try server.govctl(["benchmark", "--tenant", "alpha", "--period", Self.period, "--metric", "nope"])
            #expect(badMetric.status != 0 && badMetric.stderr.contains("INVALID_ARGUMENT"), "\(badMetric.stderr)")
        }
    }
}
