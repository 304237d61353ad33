import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// The walking skeleton, end to end: the real governd binary over TLS, driven by the real
/// govctl binary and by the generated client.
@Suite("Foundation end to end", .serialized)
struct FoundationEndToEndTests {
    @Test("governd init creates the CA and a 0600 admin token, and refuses to run twice")
    func initRefusesToOverwrite() throws {
        let directory = try TestServer.initDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/admin.token")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(FileManager.default.fileExists(atPath: directory + "/tls/ca.pem"))
        let token = try String(contentsOfFile: directory + "/admin.token", encoding: .utf8)
        let again = try TestServer.run(
            TestServer.productsDirectory.appendingPathComponent("governd").path, ["init", "--data-dir", directory])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already"))
        #expect(try String(contentsOfFile: directory + "/admin.token", encoding: .utf8) == token)
    }

    @Test("apply the demo manifests, import the demo data with govctl, and read the counts back")
    func applyImportAndReadBack() async throws {
        try await TestServer.with { server in
            let apply = try server.govctl(["apply", Demo.architecture, Demo.manifest("northwind"), Demo.manifest("contoso")])
            #expect(apply.status == 0, "\(apply.stderr)")
            #expect(apply.stdout.contains("created program nw-care"))

            // Applying the same files again changes nothing and says so.
            let again = try server.govctl(["apply", "--format", "json", Demo.architecture, Demo.manifest("northwind")])
            #expect(again.status == 0, "\(again.stderr)")
            let replies = try jsonLines(again.stdout)
            #expect(replies.count == 2)
            #expect(replies.allSatisfy { $0["changed"] == nil }, "proto3 JSON omits changed=false")
            #expect(again.stdout.contains("unchanged"))

            let files = Demo.kinds.map { Demo.file("northwind", $0) }
            let imported = try server.govctl(["import", "--tenant", "northwind", "--format", "json"] + files)
            #expect(imported.status == 0, "\(imported.stderr)")

            let totals = try await server.totals("northwind")
            #expect(totals[.interactions] == Int64(try Demo.dataRows(Demo.file("northwind", "interactions"))))
            #expect(totals[.roster] == Int64(try Demo.dataRows(Demo.file("northwind", "roster"))))
            #expect(totals[.evaluationAnswers] == Int64(try Demo.dataRows(Demo.file("northwind", "evaluation_answers"))))
            #expect(totals[.agentDays] == Int64(try Demo.dataRows(Demo.file("northwind", "agent_days"))))
            #expect(totals.count == Demo.kinds.count)

            // Re-importing the same rows replaces them: every count stays the same.
            let reimport = try server.govctl(["import", "--tenant", "northwind", "--format", "json", Demo.file("northwind", "interactions")])
            #expect(reimport.status == 0, "\(reimport.stderr)")
            let reimported = try jsonObject(reimport.stdout)
            #expect(reimported["rows_replaced"] as? String == "\(totals[.interactions] ?? -1)")
            #expect(reimported["rows_stored"] as? String == "\(totals[.interactions] ?? -1)")
            #expect(try await server.totals("northwind") == totals)

            // The summary is also readable as a table and as proto3 JSON.
            let summary = try server.govctl(["summary", "--tenant", "northwind", "--format", "json"])
            #expect(summary.status == 0)
            let summaryJSON = try jsonObject(summary.stdout)
            let counts = try #require(summaryJSON["counts"] as? [[String: Any]])
            let october = counts.first { $0["kind"] as? String == "FILE_KIND_INTERACTIONS" && $0["month"] as? String == "2026-10" }
            #expect(october?["rows"] as? String != nil)
            // The other tenant saw nothing of it.
            #expect(try await server.totals("contoso").isEmpty)
        }
    }

    @Test("a bad CSV is rejected whole with file, line and column, and nothing is stored")
    func badFileRejectedWhole() async throws {
        try await TestServer.with { server in
            try server.applyDemo(["northwind"])
            let bytes = try Data(contentsOf: URL(fileURLWithPath: Demo.fixtures + "/interactions_bad.csv"))
            let error = await #expect(throws: RPCError.self) {
                try await server.client { client in
                    try await importRaw(client, tenant: "northwind", fileName: "interactions_bad.csv", bytes: bytes)
                }
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("interactions_bad.csv:4:6 (started_at)") == true)
            let trailer = error?.metadata[binaryValues: "row-errors-bin"].first(where: { _ in true })
            let list = try Governance_V1_RowErrors(serializedBytes: try #require(trailer))
            // Rows 0003, 0005, 0006, 0007, 0008 and 0010 (social has no threshold in nw-care) are bad.
            #expect(list.errors.map(\.line) == [4, 6, 7, 8, 9, 11])
            #expect(list.errors.map(\.columnName) == ["started_at", "wait_seconds", "channel", "interaction_id", "abandoned", "channel"])
            #expect(try await server.totals("northwind")[.interactions] == nil)

            // With skip_invalid the four good rows are stored and the six bad ones reported.
            let reply = try await server.client { client in
                try await importRaw(client, tenant: "northwind", fileName: "interactions_bad.csv", bytes: bytes, skipInvalid: true)
            }
            #expect(reply.rowsStored == 4)
            #expect(reply.rowsInvalid == 6)
            #expect(try await server.totals("northwind")[.interactions] == 4)

            // govctl checks the file itself first and exits non-zero with the status on stderr.
            let cli = try server.govctl(["import", "--tenant", "northwind", Demo.fixtures + "/interactions_bad.csv"])
            #expect(cli.status != 0)
            #expect(cli.stderr.contains("INVALID_ARGUMENT"))
            #expect(cli.stderr.contains("interactions_bad.csv:6:7 (wait_seconds)"))
        }
    }

    @Test("an import id makes a retried import a no-op")
    func importIDIsIdempotent() async throws {
        try await TestServer.with { server in
            try server.applyDemo(["northwind"])
            let bytes = try Data(contentsOf: URL(fileURLWithPath: Demo.file("northwind", "roster")))
            let first = try await server.client {
                try await importRaw($0, tenant: "northwind", fileName: "roster.csv", bytes: bytes, importID: "batch-1")
            }
            let second = try await server.client {
                try await importRaw($0, tenant: "northwind", fileName: "roster.csv", bytes: bytes, importID: "batch-1")
            }
            #expect(first.duplicate == false)
            #expect(second.duplicate == true)
            #expect(second.rowsStored == first.rowsStored)
            let audit = try server.govctl(["audit", "--tenant", "northwind", "--format", "json"])
            let entries = try #require(try jsonObject(audit.stdout)["entries"] as? [[String: Any]])
            #expect(entries.filter { $0["action"] as? String == "Import" }.count == 1, "one import audited")
        }
    }

    @Test("tokens: missing, revoked, out of scope and read-only callers are refused")
    func authorisation() async throws {
        try await TestServer.with { server in
            try server.applyDemo(["northwind", "contoso"])
            let roster = try Data(contentsOf: URL(fileURLWithPath: Demo.file("northwind", "roster")))

            // No token at all.
            let anonymous = await #expect(throws: RPCError.self) {
                try await server.client(token: .some(nil)) { client in
                    try await Governance_V1_AdminService.Client(wrapping: client).listTenants(.init())
                }
            }
            #expect(anonymous?.code == .unauthenticated)

            // A viewer may read its tenant but not write to it, nor read another tenant.
            let viewer = try await server.createToken(role: .tenantViewer, tenants: ["northwind"])
            let tenants = try await server.client(token: viewer.secret) { client in
                try await Governance_V1_AdminService.Client(wrapping: client).listTenants(.init())
            }
            #expect(tenants.tenants.map(\.id) == ["northwind"])
            let write = await #expect(throws: RPCError.self) {
                try await server.client(token: viewer.secret) { client in
                    try await importRaw(client, tenant: "northwind", fileName: "roster.csv", bytes: roster)
                }
            }
            #expect(write?.code == .permissionDenied)
            let otherTenant = await #expect(throws: RPCError.self) {
                try await server.client(token: viewer.secret) { client in
                    var request = Governance_V1_GetDataSummaryRequest()
                    request.tenant = "contoso"
                    return try await Governance_V1_IngestService.Client(wrapping: client).getDataSummary(request)
                }
            }
            #expect(otherTenant?.code == .permissionDenied)

            // A tenant that does not exist answers exactly like one outside the scope.
            let missing = await #expect(throws: RPCError.self) {
                try await server.client(token: viewer.secret) { client in
                    var request = Governance_V1_GetDataSummaryRequest()
                    request.tenant = "does-not-exist"
                    return try await Governance_V1_IngestService.Client(wrapping: client).getDataSummary(request)
                }
            }
            #expect(missing?.code == otherTenant?.code)
            #expect(missing?.message.replacingOccurrences(of: "does-not-exist", with: "contoso") == otherTenant?.message)

            // A data feeder of contoso cannot import into northwind; into contoso it can.
            let feeder = try await server.createToken(role: .dataFeeder, tenants: ["contoso"])
            let crossTenant = await #expect(throws: RPCError.self) {
                try await server.client(token: feeder.secret) { client in
                    try await importRaw(client, tenant: "northwind", fileName: "roster.csv", bytes: roster)
                }
            }
            #expect(crossTenant?.code == .permissionDenied)
            #expect(try await server.totals("northwind")[.roster] == nil)
            let contosoRoster = try Data(contentsOf: URL(fileURLWithPath: Demo.file("contoso", "roster")))
            let stored = try await server.client(token: feeder.secret) { client in
                try await importRaw(client, tenant: "contoso", fileName: "roster.csv", bytes: contosoRoster)
            }
            #expect(stored.rowsStored > 0)

            // An account manager of northwind cannot apply contoso's manifest, nor create tokens.
            let manager = try await server.createToken(role: .accountManager, tenants: ["northwind"])
            let applyOther = try server.govctl(["apply", Demo.manifest("contoso")], token: manager.secret)
            #expect(applyOther.status != 0)
            #expect(applyOther.stderr.contains("PERMISSION_DENIED"))
            let applyOwn = try server.govctl(["apply", Demo.manifest("northwind")], token: manager.secret)
            #expect(applyOwn.status == 0, "\(applyOwn.stderr)")
            let tokenByManager = try server.govctl(
                ["token", "create", "--name", "x", "--role", "tenant_viewer", "--tenant", "northwind"], token: manager.secret)
            #expect(tokenByManager.status != 0)

            // Revocation takes effect on the next call.
            let revoke = try server.govctl(["token", "revoke", viewer.id])
            #expect(revoke.status == 0, "\(revoke.stderr)")
            let revoked = await #expect(throws: RPCError.self) {
                try await server.client(token: viewer.secret) { client in
                    try await Governance_V1_AdminService.Client(wrapping: client).listTenants(.init())
                }
            }
            #expect(revoked?.code == .unauthenticated)

            // Every mutation above is in the audit log.
            let platformAudit = try server.govctl(["audit", "--format", "json", "--limit", "100"])
            #expect(platformAudit.stdout.contains("CreateToken"))
            #expect(platformAudit.stdout.contains("RevokeToken"))
        }
    }

    @Test("health and reflection answer without a token; plaintext is refused")
    func healthReflectionAndPlaintext() async throws {
        try await TestServer.with { server in
            let health = try server.govctl(["health"])
            #expect(health.status == 0)
            #expect(health.stdout.contains("SERVING"))

            let services = try await server.client(token: .some(nil)) { client in
                try await Grpc_Reflection_V1_ServerReflection.Client(wrapping: client).serverReflectionInfo(
                    request: StreamingClientRequest { writer in
                        var request = Grpc_Reflection_V1_ServerReflectionRequest()
                        request.listServices = ""
                        try await writer.write(request)
                        request.fileContainingSymbol = "governance.v1.IngestService"
                        try await writer.write(request)
                    }
                ) { response in
                    var names: [String] = []
                    var files = 0
                    for try await message in response.messages {
                        names += message.listServicesResponse.service.map(\.name)
                        files += message.fileDescriptorResponse.fileDescriptorProto.count
                    }
                    return (names, files)
                }
            }
            #expect(services.0.contains("governance.v1.IngestService"))
            #expect(services.0.contains("grpc.health.v1.Health"))
            #expect(services.1 >= 1)

            // A plaintext HTTP/2 client gets no answer from the TLS port.
            let plaintext = await #expect(throws: (any Error).self) {
                let transport = try HTTP2ClientTransport.Posix(
                    target: .ipv4(address: "127.0.0.1", port: server.port), transportSecurity: .plaintext)
                try await withGRPCClient(transport: transport) { client in
                    var options = CallOptions.defaults
                    options.timeout = .seconds(5)
                    _ = try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init(), options: options)
                }
            }
            #expect(plaintext != nil)
        }
    }

    @Test("SIGTERM shuts the server down gracefully")
    func gracefulShutdown() async throws {
        let server = try await TestServer.start()
        defer { server.removeData() }
        let status = server.stop(timeout: .seconds(20))
        #expect(status == 0, "\(server.log())")
        #expect(server.log().contains("graceful shutdown"))
    }
}
