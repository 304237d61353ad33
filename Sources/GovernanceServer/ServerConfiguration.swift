import Foundation
import GovernanceCore
import Yams

/// Everything `governd serve` needs, resolved from flags, environment and a config file.
///
/// Precedence, highest first: command-line flags, `GOVERND_*` environment variables, the
/// config file (`--config FILE`, else `DATA_DIR/governd.yaml` when present), defaults.
/// The config file uses the same keys as the environment, lower-case without the prefix:
///
/// ```yaml
/// listen: 0.0.0.0:8443
/// tls_cert: /etc/governd/server.pem
/// tls_key: /etc/governd/server-key.pem
/// max_concurrent_streams: 100
/// rate_limit_per_token: 2000
/// tenant_idle_seconds: 300
/// log_level: info
/// ```
public struct ServerConfiguration: Sendable {
    /// The data directory (control database, tenants/, tls/, tmp/).
    public var dataDirectory: String
    /// Host to bind.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one (the real port is printed once listening).
    public var port: Int = 8443
    /// PEM certificate chain; default `DATA_DIR/tls/server.pem`.
    public var tlsCertificate: String?
    /// PEM private key; default `DATA_DIR/tls/server-key.pem`.
    public var tlsKey: String?
    /// Serve without TLS. For local development only; never the default.
    public var plaintextForDevelopment = false
    /// Largest single request message, bytes.
    public var maxMessageBytes = 4 * 1024 * 1024
    /// Largest CSV stream of one import, bytes.
    public var maxImportBytes: Int64 = 16 * 1024 * 1024 * 1024
    /// Most rows in one import.
    public var maxImportRows: Int64 = 50_000_000
    /// HTTP/2 streams one connection may hold open at once.
    public var maxConcurrentStreams = 128
    /// Close a connection after this long without calls.
    public var maxConnectionIdleSeconds = 900
    /// Close a connection after this long, gracefully.
    public var maxConnectionAgeSeconds = 3600 * 4
    /// Close tenant databases unused for this long.
    public var tenantIdleSeconds = 300
    /// swift-log level name.
    public var logLevel = "info"
    /// Sustained calls per second allowed per token (0: unlimited).
    public var rateLimitPerToken = 2000
    /// Burst size of the per-token rate limit.
    public var rateLimitBurst = 4000

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    /// `DATA_DIR/control.sqlite`.
    public var controlDatabasePath: String { dataDirectory + "/control.sqlite" }
    /// `DATA_DIR/tenants`.
    public var tenantDirectory: String { dataDirectory + "/tenants" }
    /// `DATA_DIR/tls`.
    public var tlsDirectory: String { dataDirectory + "/tls" }
    /// `DATA_DIR/tmp`, for import spools.
    public var spoolDirectory: String { dataDirectory + "/tmp" }
    /// `DATA_DIR/admin.token`.
    public var adminTokenPath: String { dataDirectory + "/admin.token" }
    /// The certificate actually used.
    public var resolvedCertificate: String { tlsCertificate ?? tlsDirectory + "/server.pem" }
    /// The key actually used.
    public var resolvedKey: String { tlsKey ?? tlsDirectory + "/server-key.pem" }

    /// Overlays `values` (config-file or environment keys) onto this configuration.
    ///
    /// - Throws: INVALID_ARGUMENT naming the key when a value does not parse or a key is unknown.
    public mutating func apply(_ values: [String: String], source: String) throws(GovernanceError) {
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            func int() throws(GovernanceError) -> Int {
                guard let v = Int(value), v >= 0 else {
                    throw GovernanceError.invalid("\(source): \(key) must be a non-negative integer, got '\(value)'")
                }
                return v
            }
            switch key {
            case "listen": try setListen(value, source: source)
            case "tls_cert": tlsCertificate = value
            case "tls_key": tlsKey = value
            case "plaintext_dev": plaintextForDevelopment = ["1", "true", "yes"].contains(value.lowercased())
            case "max_message_bytes": maxMessageBytes = try int()
            case "max_import_bytes": maxImportBytes = Int64(try int())
            case "max_import_rows": maxImportRows = Int64(try int())
            case "max_concurrent_streams": maxConcurrentStreams = try int()
            case "max_connection_idle_seconds": maxConnectionIdleSeconds = try int()
            case "max_connection_age_seconds": maxConnectionAgeSeconds = try int()
            case "tenant_idle_seconds": tenantIdleSeconds = try int()
            case "log_level": logLevel = value
            case "rate_limit_per_token": rateLimitPerToken = try int()
            case "rate_limit_burst": rateLimitBurst = try int()
            case "data_dir": break  // resolved before the rest
            default:
                throw GovernanceError.invalid("\(source): unknown setting '\(key)'")
            }
        }
    }

    /// Parses `HOST:PORT` (`[::1]:8443` for IPv6).
    public mutating func setListen(_ value: String, source: String) throws(GovernanceError) {
        let hostPart: Substring
        let portPart: Substring
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
            hostPart = value[value.index(after: value.startIndex)..<close]
            let rest = value[value.index(after: close)...]
            guard rest.first == ":" else {
                throw GovernanceError.invalid("\(source): listen must be [IPv6]:PORT, got '\(value)'")
            }
            portPart = rest.dropFirst()
        } else if let colon = value.lastIndex(of: ":") {
            hostPart = value[..<colon]
            portPart = value[value.index(after: colon)...]
        } else {
            throw GovernanceError.invalid("\(source): listen must be HOST:PORT, got '\(value)'")
        }
        guard let port = Int(portPart), (0...65535).contains(port), !hostPart.isEmpty else {
            throw GovernanceError.invalid("\(source): listen must be HOST:PORT with a port 0-65535, got '\(value)'")
        }
        host = String(hostPart)
        self.port = port
    }

    /// `GOVERND_*` variables as config keys (`GOVERND_MAX_CONCURRENT_STREAMS` → `max_concurrent_streams`).
    public static func environmentValues(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String: String]
    {
        var values: [String: String] = [:]
        for (key, value) in environment where key.hasPrefix("GOVERND_") {
            values[key.dropFirst("GOVERND_".count).lowercased()] = value
        }
        return values
    }

    /// Reads a YAML config file into config keys.
    public static func fileValues(path: String) throws(GovernanceError) -> [String: String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GovernanceError(code: .invalidArgument, message: "cannot read config file \(path)", cause: error)
        }
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw GovernanceError(code: .invalidArgument, message: "\(path) is not valid YAML: \(error)", cause: error)
        }
        guard let map = loaded as? [String: Any] else {
            if loaded == nil { return [:] }
            throw GovernanceError.invalid("\(path): expected a mapping of settings")
        }
        return map.mapValues { "\($0)" }
    }
}
