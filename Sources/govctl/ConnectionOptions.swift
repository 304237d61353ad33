import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// Where and how to reach governd; shared by every subcommand.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: "governd address HOST:PORT (env GOVCTL_SERVER; default 127.0.0.1:8443).")
    var server: String?

    @Option(name: .long, help: "PEM CA certificate that signed the server's certificate (env GOVCTL_CA).")
    var ca: String?

    @Option(name: .long, help: "File holding the bearer token (env GOVCTL_TOKEN_FILE).")
    var tokenFile: String?

    @Flag(name: .long, help: "Connect without TLS (only to a server started with --plaintext-dev).")
    var plaintextDev = false

    @Option(name: .long, help: "Deadline per call in seconds (default 60; imports have none unless given).")
    var timeout: Double?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    func resolvedServer() throws -> (host: String, port: Int) {
        let value = server ?? environment["GOVCTL_SERVER"] ?? "127.0.0.1:8443"
        var host: Substring
        var port: Substring
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
            host = value[value.index(after: value.startIndex)..<close]
            port = value[value.index(after: close)...].dropFirst()
        } else if let colon = value.lastIndex(of: ":") {
            host = value[..<colon]
            port = value[value.index(after: colon)...]
        } else {
            throw CLIFailure(message: "--server must be HOST:PORT, got '\(value)'")
        }
        guard let number = Int(port), (1...65535).contains(number), !host.isEmpty else {
            throw CLIFailure(message: "--server must be HOST:PORT, got '\(value)'")
        }
        return (String(host), number)
    }

    func token() throws -> String {
        guard let path = tokenFile ?? environment["GOVCTL_TOKEN_FILE"] else {
            throw CLIFailure(message: "a token is needed: --token-file FILE or GOVCTL_TOKEN_FILE (governd init writes DATA_DIR/admin.token)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIFailure(message: "cannot read the token file \(path)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw CLIFailure(message: "the token file \(path) is empty") }
        return token
    }

    func transport() throws -> HTTP2ClientTransport.Posix {
        let (host, port) = try resolvedServer()
        let isIPv4 = host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
        let target: any ResolvableTarget =
            isIPv4 ? .ipv4(address: host, port: port) : host.contains(":") ? .ipv6(address: host, port: port)
            : .dns(host: host, port: port)
        if plaintextDev {
            return try HTTP2ClientTransport.Posix(target: target, transportSecurity: .plaintext)
        }
        guard let caPath = ca ?? environment["GOVCTL_CA"] else {
            throw CLIFailure(message: "--ca FILE (or GOVCTL_CA) is required for TLS: the server's CA certificate, e.g. DATA_DIR/tls/ca.pem")
        }
        guard FileManager.default.isReadableFile(atPath: caPath) else {
            throw CLIFailure(message: "cannot read the CA certificate \(caPath)")
        }
        return try HTTP2ClientTransport.Posix(
            target: target,
            transportSecurity: .tls { config in
                config.trustRoots = .certificates([.file(path: caPath, format: .pem)])
            })
    }

    /// Runs `body` with a connected client that sends the bearer token on every call.
    func withClient<T: Sendable>(
        _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T
    ) async throws -> T {
        let token = try token()
        let transport = try transport()
        do {
            return try await withGRPCClient(
                transport: transport, interceptors: [BearerTokenClientInterceptor(token: token)]
            ) { client in
                try await body(client)
            }
        } catch let error as RPCError {
            throw CLIFailure(error)
        }
    }

    var callOptions: CallOptions {
        var options = CallOptions.defaults
        options.timeout = .milliseconds(Int64((timeout ?? 60) * 1000))
        return options
    }

    /// Options for long streams: a deadline only when `--timeout` was given.
    var streamOptions: CallOptions {
        var options = CallOptions.defaults
        options.timeout = timeout.map { .milliseconds(Int64($0 * 1000)) }
        return options
    }
}

/// Adds `authorization: Bearer …` to every call.
struct BearerTokenClientInterceptor: ClientInterceptor {
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

/// An error printed as `govctl: STATUS: message` with a non-zero exit.
struct CLIFailure: Error, CustomStringConvertible {
    var description: String

    init(_ error: RPCError) {
        description = "\(Self.statusName(error.code)): \(error.message)"
    }

    /// The canonical gRPC status name (`INVALID_ARGUMENT`).
    static func statusName(_ code: RPCError.Code) -> String {
        switch code {
        case .cancelled: return "CANCELLED"
        case .unknown: return "UNKNOWN"
        case .invalidArgument: return "INVALID_ARGUMENT"
        case .deadlineExceeded: return "DEADLINE_EXCEEDED"
        case .notFound: return "NOT_FOUND"
        case .alreadyExists: return "ALREADY_EXISTS"
        case .permissionDenied: return "PERMISSION_DENIED"
        case .resourceExhausted: return "RESOURCE_EXHAUSTED"
        case .failedPrecondition: return "FAILED_PRECONDITION"
        case .aborted: return "ABORTED"
        case .outOfRange: return "OUT_OF_RANGE"
        case .unimplemented: return "UNIMPLEMENTED"
        case .internalError: return "INTERNAL"
        case .unavailable: return "UNAVAILABLE"
        case .dataLoss: return "DATA_LOSS"
        case .unauthenticated: return "UNAUTHENTICATED"
        default: return "\(code)"
        }
    }

    init(message: String) {
        description = message
    }
}
