import Foundation
import GovernanceTestSupport
import Testing

/// "Any language's stock client works": the README's Python grpcio example, with stubs
/// generated from Protos/ at test time, against the real server over TLS.
@Suite("Python grpcio client")
struct PythonClientTests {
    @Test("the README's Python example runs against the real server over TLS")
    func pythonExample() async throws {
        let check = try TestServer.run("/usr/bin/env", ["python3", "-c", "import grpc, grpc_tools"])
        try #require(
            check.status == 0,
            "python3 with grpcio and grpcio-tools is required (pip install grpcio grpcio-tools; .ci/run installs them): \(check.stderr)")
        try await TestServer.with { server in
            try server.applyDemo(["northwind"])
            let roster = try server.govctl(["import", "--tenant", "northwind", Demo.file("northwind", "roster")])
            #expect(roster.status == 0, "\(roster.stderr)")
            let script = Demo.root.appendingPathComponent("Ops/examples/python/governance_client.py").path
            let result = try TestServer.run(
                "/usr/bin/env",
                ["python3", script, "--server", "127.0.0.1:\(server.port)", "--ca", server.caPath,
                 "--token-file", server.adminTokenPath, "--tenant", "northwind"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("role ROLE_PLATFORM_ADMIN"))
            #expect(result.stdout.contains("tenants: northwind"))
            let rows = try Demo.dataRows(Demo.file("northwind", "roster"))
            #expect(result.stdout.contains("FILE_KIND_ROSTER \(rows)"))
            #expect(result.stdout.contains("no-such-tenant: NOT_FOUND"))
        }
    }
}
