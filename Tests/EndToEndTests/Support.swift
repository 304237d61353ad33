import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceTestSupport

/// Paths of the demo data shipped in the repository (also used by `Ops/demo`).
enum Demo {
    static let root = TestServer.packageRoot
    static let tenantsDirectory = root.appendingPathComponent("Tenants").path
    static let architecture = tenantsDirectory + "/architecture.yaml"
    static func manifest(_ tenant: String) -> String { tenantsDirectory + "/\(tenant).yaml" }
    static func dataDirectory(_ tenant: String) -> String { root.appendingPathComponent("Ops/demo-data/\(tenant)").path }
    static func file(_ tenant: String, _ name: String) -> String { dataDirectory(tenant) + "/\(name).csv" }
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// Import order: the roster first, then everything else.
    static let kinds = [
        "roster", "planned_headcount", "interactions", "surveys", "evaluations", "evaluation_answers", "agent_days",
        "engagement", "reported_metrics", "coaching_sessions",
    ]

    /// Data rows of a CSV file (physical lines minus the header; the demo files have no embedded newlines
    /// except in quoted coaching text, which the caller avoids counting this way).
    static func dataRows(_ path: String) throws -> Int {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).count - 1
    }
}

extension TestServer {
    /// Applies the demo architecture and a tenant manifest with govctl; fails on error.
    func applyDemo(_ tenants: [String]) throws {
        let result = try govctl(["apply", Demo.architecture] + tenants.map(Demo.manifest))
        guard result.status == 0 else { throw TestServerError("govctl apply failed: \(result.stderr)") }
    }

    /// Creates a token with the admin token and returns its secret.
    func createToken(role: Governance_V1_Role, tenants: [String], name: String = "test") async throws -> (id: String, secret: String) {
        try await client { client in
            var request = Governance_V1_CreateTokenRequest()
            request.name = name
            request.role = role
            request.tenants = tenants
            let reply = try await Governance_V1_AdminService.Client(wrapping: client).createToken(request)
            return (reply.principal.tokenID, reply.token)
        }
    }

    /// Totals per kind name from GetDataSummary.
    func totals(_ tenant: String) async throws -> [Governance_V1_FileKind: Int64] {
        try await client { client in
            var request = Governance_V1_GetDataSummaryRequest()
            request.tenant = tenant
            let summary = try await Governance_V1_IngestService.Client(wrapping: client).getDataSummary(request)
            return Dictionary(uniqueKeysWithValues: summary.totals.map { ($0.kind, $0.rows) })
        }
    }
}

/// Streams raw CSV bytes through the generated client (no govctl-side validation).
func importRaw(
    _ client: GRPCClient<some ClientTransport>, tenant: String, fileName: String, bytes: Data, skipInvalid: Bool = false,
    importID: String = ""
) async throws -> Governance_V1_ImportReply {
    let request = StreamingClientRequest<Governance_V1_ImportRequest> { writer in
        var header = Governance_V1_ImportHeader()
        header.tenant = tenant
        header.fileName = fileName
        header.skipInvalid = skipInvalid
        header.importID = importID
        var first = Governance_V1_ImportRequest()
        first.header = header
        try await writer.write(first)
        var offset = 0
        while offset < bytes.count {
            var message = Governance_V1_ImportRequest()
            message.chunk = bytes.subdata(in: offset..<min(bytes.count, offset + 4096))
            try await writer.write(message)
            offset += 4096
        }
    }
    return try await Governance_V1_IngestService.Client(wrapping: client).importFile(request: request) { response in
        try response.message
    }
}

/// Parses one proto3-JSON object printed by govctl.
func jsonObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let dictionary = object as? [String: Any] else { throw TestServerError("not a JSON object: \(text)") }
    return dictionary
}

/// Parses govctl output holding one JSON object per line.
func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { try jsonObject(String($0)) }
}
