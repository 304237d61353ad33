import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// Abuse limits: per-token rate limits, message and stream caps, stream concurrency, old TLS.
@Suite("Abuse limits", .serialized)
struct AbuseLimitTests {
    @Test("a token over its rate limit gets RESOURCE_EXHAUSTED while another token keeps working")
    func perTokenRateLimit() async throws {
        let directory = try TestServer.initDataDirectory()
        let server = try await TestServer.start(
            dataDirectory: directory,
            environment: ["GOVERND_RATE_LIMIT_PER_TOKEN": "1", "GOVERND_RATE_LIMIT_BURST": "5"])
        defer {
            server.stop()
            server.removeData()
        }
        try server.applyDemo(["northwind"])
        let noisy = try await server.createToken(role: .tenantViewer, tenants: ["northwind"], name: "noisy")
        let quiet = try await server.createToken(role: .tenantViewer, tenants: ["northwind"], name: "quiet")
        // 30 calls at once (on a loaded machine, sequential calls could be slow enough for the
        // bucket to refill): the burst of 5 is served, and at 1 call/s most of the rest are refused.
        let start = ContinuousClock.now
        let codes = try await server.client(token: noisy.secret) { client in
            try await withThrowingTaskGroup(of: RPCError.Code?.self) { group in
                for _ in 0..<30 {
                    group.addTask {
                        do {
                            _ = try await Governance_V1_AdminService.Client(wrapping: client).whoAmI(.init())
                            return nil
                        } catch let error as RPCError {
                            return error.code
                        }
                    }
                }
                var codes: [RPCError.Code?] = []
                for try await code in group { codes.append(code) }
                return codes
            }
        }
        let seconds = Double((ContinuousClock.now - start).components.seconds) + 1
        let served = codes.filter { $0 == nil }.count
        #expect(served >= 5, "the burst is served")
        #expect(Double(served) <= 5 + seconds, "at most the burst plus 1 call/s: \(served) in \(seconds) s")
        #expect(codes.allSatisfy { $0 == nil || $0 == .resourceExhausted }, "\(codes)")
        #expect(codes.contains(.resourceExhausted))
        let other = try await server.client(token: quiet.secret) { client in
            try await Governance_V1_AdminService.Client(wrapping: client).whoAmI(.init())
        }
        #expect(other.name == "quiet")
    }

    @Test("oversize messages and a flood of streams do not stop a normal client")
    func oversizeAndManyStreams() async throws {
        try await TestServer.with { server in
            try server.applyDemo(["northwind"])
            // One message over the 4 MiB cap is refused (by the transport) and changes nothing.
            let oversize = await #expect(throws: RPCError.self) {
                try await server.client { client in
                    var request = Governance_V1_ApplyManifestRequest()
                    request.fileName = "huge.yaml"
                    request.yaml = "tenant: northwind\n# " + String(repeating: "x", count: 5 * 1024 * 1024)
                    return try await Governance_V1_ManifestService.Client(wrapping: client).applyManifest(request)
                }
            }
            #expect(oversize?.code == .resourceExhausted || oversize?.code == .internalError || oversize?.code == .unavailable,
                    "got \(String(describing: oversize?.code))")

            // 400 concurrent calls on one connection (more than max_concurrent_streams) while
            // another connection keeps answering within a second.
            let started = ContinuousClock.now
            async let flood: Int = server.client { client in
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<400 {
                        group.addTask {
                            var request = Governance_V1_GetDataSummaryRequest()
                            request.tenant = "northwind"
                            return (try? await Governance_V1_IngestService.Client(wrapping: client).getDataSummary(request)) != nil
                        }
                    }
                    var served = 0
                    for try await ok in group where ok { served += 1 }
                    return served
                }
            }
            let normal = try await server.client { client in
                let begin = ContinuousClock.now
                _ = try await Governance_V1_AdminService.Client(wrapping: client).whoAmI(.init())
                return ContinuousClock.now - begin
            }
            #expect(normal < .seconds(5))
            #expect(try await flood == 400, "queued streams are served, none lost")
            #expect(ContinuousClock.now - started < .seconds(120))
            #expect(server.isRunning)
        }
    }

    @Test("TLS 1.1 and plaintext are refused; TLS 1.2 is served")
    func oldTLSRefused() async throws {
        try await TestServer.with { server in
            // stdin is /dev/null, so s_client ends right after the handshake.
            let old = try TestServer.run("/usr/bin/openssl", ["s_client", "-tls1_1", "-connect", "127.0.0.1:\(server.port)"])
            let oldOutput = old.stdout + old.stderr
            #expect(old.status != 0, "\(oldOutput)")
            #expect(oldOutput.contains("alert protocol version") || oldOutput.contains("no protocols available"), "\(oldOutput)")
            let current = try TestServer.run(
                "/usr/bin/openssl",
                ["s_client", "-brief", "-tls1_2", "-alpn", "h2", "-CAfile", server.caPath, "-connect", "127.0.0.1:\(server.port)"])
            let output = current.stdout + current.stderr
            #expect(output.contains("Protocol version: TLSv1.2"), "\(output)")
            #expect(output.contains("Verification: OK"), "the dev CA verifies the server certificate")
        }
    }

    @Test("a stalled import past its deadline ends DEADLINE_EXCEEDED and stores nothing")
    func deadlinesHonoured() async throws {
        try await TestServer.with { server in
            try server.applyDemo(["northwind"])
            let error = await #expect(throws: RPCError.self) {
                try await server.client { client in
                    var options = CallOptions.defaults
                    options.timeout = .milliseconds(500)
                    let request = StreamingClientRequest<Governance_V1_ImportRequest> { writer in
                        var header = Governance_V1_ImportHeader()
                        header.tenant = "northwind"
                        header.fileName = "roster.csv"
                        var first = Governance_V1_ImportRequest()
                        first.header = header
                        try await writer.write(first)
                        var chunk = Governance_V1_ImportRequest()
                        chunk.chunk = Data("agent_id,program_id,site_id,team_id,supervisor_id,hired_on,terminated_on,termination_reason\n".utf8)
                        try await writer.write(chunk)
                        try await Task.sleep(for: .seconds(3))
                    }
                    return try await Governance_V1_IngestService.Client(wrapping: client).importFile(
                        request: request, options: options) { try $0.message }
                }
            }
            #expect(error?.code == .deadlineExceeded || error?.code == .cancelled, "got \(String(describing: error?.code))")
            #expect(try await server.totals("northwind")[.roster] == nil)
            // The tenant is writable again right after (the import's transaction was rolled back).
            let roster = try server.govctl(["import", "--tenant", "northwind", Demo.file("northwind", "roster")])
            #expect(roster.status == 0, "\(roster.stderr)")
        }
    }
}
