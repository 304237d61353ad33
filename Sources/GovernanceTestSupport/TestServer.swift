import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import Synchronization

/// A real `governd` process for end-to-end tests: a fresh data directory (`governd init`,
/// with its own dev CA and admin token), `governd serve --listen 127.0.0.1:0` over TLS,
/// and helpers to call it with the generated client or the real `govctl` binary.
///
/// ```swift
/// try await TestServer.with { server in
///     let reply = try await server.client { try await Governance_V1_AdminService.Client(wrapping: $0).whoAmI(.init()) }
/// }
/// ```
public final class TestServer: Sendable {
    /// The temporary data directory.
    public let dataDirectory: String
    /// The bound port.
    public let port: Int
    /// The platform-admin bearer token from `admin.token`.
    public let adminToken: String
    /// `DATA_DIR/tls/ca.pem`.
    public var caPath: String { dataDirectory + "/tls/ca.pem" }
    /// `DATA_DIR/admin.token`.
    public var adminTokenPath: String { dataDirectory + "/admin.token" }

    private let process: ChildProcess
    private let stderrPath: String

    private init(dataDirectory: String, port: Int, adminToken: String, process: ChildProcess, stderrPath: String) {
        self.dataDirectory = dataDirectory
        self.port = port
        self.adminToken = adminToken
        self.process = process
        self.stderrPath = stderrPath
    }

    /// The `GOVERND_*` variables governd itself reads; other ones (test knobs) are not passed on.
    static let serverSettings: Set<String> = [
        "GOVERND_DATA_DIR", "GOVERND_LISTEN", "GOVERND_TLS_CERT", "GOVERND_TLS_KEY", "GOVERND_PLAINTEXT_DEV",
        "GOVERND_MAX_MESSAGE_BYTES", "GOVERND_MAX_IMPORT_BYTES", "GOVERND_MAX_IMPORT_ROWS",
        "GOVERND_MAX_CONCURRENT_STREAMS", "GOVERND_MAX_CONNECTION_IDLE_SECONDS", "GOVERND_MAX_CONNECTION_AGE_SECONDS",
        "GOVERND_TENANT_IDLE_SECONDS", "GOVERND_LOG_LEVEL", "GOVERND_RATE_LIMIT_PER_TOKEN", "GOVERND_RATE_LIMIT_BURST",
    ]

    /// Directory holding the built `governd` and `govctl` (next to the test bundle).
    public static var productsDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["GOVERND_PRODUCTS_DIR"] {
            return URL(fileURLWithPath: override)
        }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        // swift-testing on Linux runs `…/debug/governdPackageTests.xctest`; XCTest may be deeper.
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: url.appendingPathComponent("governd").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }

    /// The package root (for Tenants/ and Ops/demo-data).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Creates a fresh data directory with `governd init` (no server).
    public static func initDataDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("governd-test-\(UUID().uuidString.prefix(8))").path
        let result = try run(productsDirectory.appendingPathComponent("governd").path, ["init", "--data-dir", directory])
        guard result.status == 0 else { throw TestServerError("governd init failed: \(result.stderr)") }
        return directory
    }

    /// Starts `governd serve` on a free port; waits until it prints `listening on`.
    public static func start(dataDirectory: String? = nil, extraArguments: [String] = [], environment: [String: String] = [:])
        async throws -> TestServer
    {
        let directory = try dataDirectory ?? initDataDirectory()
        var env = ProcessInfo.processInfo.environment
        // governd refuses unknown GOVERND_* settings: pass on only the ones meant for it.
        for key in env.keys where key.hasPrefix("GOVERND_") && !Self.serverSettings.contains(key) {
            env[key] = nil
        }
        for (key, value) in environment { env[key] = value }
        let stdoutPath = directory + "/governd.stdout.log"
        let stderrPath = directory + "/governd.stderr.log"
        let process = try ChildProcess(
            executable: productsDirectory.appendingPathComponent("governd").path,
            arguments: ["serve", "--data-dir", directory, "--listen", "127.0.0.1:0", "--log-level", "info"] + extraArguments,
            environment: env, stdout: stdoutPath, stderr: stderrPath)
        let port = try await readPort(stdoutPath: stdoutPath, process: process, stderrPath: stderrPath)
        let token = try String(contentsOfFile: directory + "/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return TestServer(dataDirectory: directory, port: port, adminToken: token, process: process, stderrPath: stderrPath)
    }

    /// Runs `body` with a started server, stopping it (and removing its directory) afterwards.
    public static func with<T: Sendable>(_ body: (TestServer) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let result = try await body(server)
            server.stop()
            server.removeData()
            return result
        } catch {
            server.stop()
            FileHandle.standardError.write(Data("governd log:\n\(server.log())\n".utf8))
            server.removeData()
            throw error
        }
    }

    /// Polls governd's standard output (a file) for `listening on HOST:PORT`.
    private static func readPort(stdoutPath: String, process: ChildProcess, stderrPath: String) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on ") {
                let rest = text[range.upperBound...].prefix { $0 != "\n" }
                if let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]) {
                    return port
                }
            }
            if !process.isRunning {
                let log = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
                throw TestServerError("governd exited before listening: \(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.send(SIGTERM)
        throw TestServerError("governd did not print 'listening on' within 60 s")
    }

    /// The server's log so far.
    public func log() -> String {
        (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
    }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM and waits for the exit; returns the exit status.
    @discardableResult
    public func stop(timeout: Duration = .seconds(30)) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.send(SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning { process.send(SIGKILL) }
        return process.waitUntilExit()
    }

    /// Sends SIGKILL (no chance to clean up) and waits.
    public func kill9() {
        guard process.isRunning else { return }
        process.send(SIGKILL)
        process.waitUntilExit()
    }

    /// Deletes the data directory.
    public func removeData() {
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// A TLS transport trusting the server's dev CA.
    public func transport() throws -> HTTP2ClientTransport.Posix {
        try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: .tls { $0.trustRoots = .certificates([.file(path: caPath, format: .pem)]) })
    }

    /// Runs `body` with a client whose calls carry `token` (the admin token by default; `nil` sends none).
    public func client<T: Sendable>(
        token: String?? = .none, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T
    ) async throws -> T {
        let bearer: String? =
            switch token {
            case .none: adminToken
            case .some(let value): value
            }
        let interceptors: [any ClientInterceptor] = bearer.map { [TestBearerInterceptor(token: $0)] } ?? []
        return try await withGRPCClient(transport: try transport(), interceptors: interceptors) { client in
            try await body(client)
        }
    }

    /// Runs the real `govctl` against this server with `token` (a file is written for it).
    public func govctl(_ arguments: [String], token: String? = nil) throws -> CommandResult {
        var tokenPath = adminTokenPath
        if let token {
            tokenPath = dataDirectory + "/token-\(UUID().uuidString.prefix(8))"
            _ = FileManager.default.createFile(atPath: tokenPath, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600])
        }
        return try Self.run(
            Self.productsDirectory.appendingPathComponent("govctl").path,
            arguments,
            environment: ["GOVCTL_SERVER": "127.0.0.1:\(port)", "GOVCTL_CA": caPath, "GOVCTL_TOKEN_FILE": tokenPath])
    }

    /// The output of a finished command.
    public struct CommandResult: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs a command to completion.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> CommandResult
    {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        let process = try ChildProcess(
            executable: executable, arguments: arguments, environment: env, stdout: out.path, stderr: err.path)
        let status = process.waitUntilExit()
        return CommandResult(
            status: status,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

struct TestBearerInterceptor: ClientInterceptor {
    let token: String

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        request.metadata.addString("Bearer \(token)", forKey: "authorization")
        return try await next(request, context)
    }
}

/// A test-harness failure.
public struct TestServerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
