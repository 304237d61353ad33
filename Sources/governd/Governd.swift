import ArgumentParser
import Foundation
import GovernanceCore
import GovernanceServer
import Logging
import ServiceLifecycle

@main
struct Governd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "governd",
        abstract: "The governance server for BPO contact-centre programs (TLS gRPC, one SQLite file per tenant).",
        discussion: """
            First run:   governd init --data-dir ./data
            Then:        governd serve --data-dir ./data --listen 127.0.0.1:8443
            and talk to it with govctl --server 127.0.0.1:8443 --ca ./data/tls/ca.pem --token-file \
            ./data/admin.token
            """,
        subcommands: [Init.self, Serve.self, Restore.self])
}

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a data directory: control database, a development CA and server certificate, and the first admin token.",
        discussion: """
            Writes DIR/control.sqlite, DIR/tls/{ca,server}.pem (+ keys, mode 0600) and DIR/admin.token \
            (mode 0600, a platform-admin bearer token shown nowhere else). Refuses to overwrite an \
            initialised directory. Clients trust DIR/tls/ca.pem.
            """)

    @Option(name: .long, help: "The data directory to create.")
    var dataDir: String

    @Option(name: .long, help: "Extra host name or IP for the server certificate (repeatable; localhost, 127.0.0.1 and ::1 are always in).")
    var host: [String] = []

    @Flag(name: .long, help: "Do not create a development CA (you will pass --tls-cert/--tls-key to serve).")
    var noDevCertificate = false

    func run() async throws {
        let configuration = ServerConfiguration(dataDirectory: dataDir)
        do {
            let result = try await DataDirectory.initialize(
                configuration, hostNames: host, withCertificates: !noDevCertificate)
            print("initialised \(dataDir)")
            if !noDevCertificate { print("  CA certificate (give it to clients): \(result.caCertificate)") }
            print("  platform admin token (\(result.adminTokenID)): \(result.adminTokenFile)")
            print("next: governd serve --data-dir \(dataDir) --listen 127.0.0.1:8443")
        } catch {
            throw Failure(error)
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the governance API over TLS gRPC.",
        discussion: """
            Settings come from, highest precedence first: these flags, GOVERND_* environment variables \
            (GOVERND_LISTEN, GOVERND_TLS_CERT, GOVERND_MAX_CONCURRENT_STREAMS, ...), the config file \
            (--config, else DIR/governd.yaml when present), defaults. Prints `listening on HOST:PORT` \
            once bound (with the real port when --listen uses port 0). SIGTERM/SIGINT shut down \
            gracefully: in-flight RPCs finish first.
            """)

    @Option(name: .long, help: "The data directory (from `governd init`).")
    var dataDir: String?

    @Option(name: .long, help: "HOST:PORT to listen on (port 0 picks a free one). Default 127.0.0.1:8443.")
    var listen: String?

    @Option(name: .long, help: "YAML config file (keys as the GOVERND_* variables, lower-case, without the prefix).")
    var config: String?

    @Option(name: .long, help: "PEM certificate chain (default DIR/tls/server.pem).")
    var tlsCert: String?

    @Option(name: .long, help: "PEM private key (default DIR/tls/server-key.pem).")
    var tlsKey: String?

    @Flag(name: .long, help: "Serve WITHOUT TLS. Local development only: bearer tokens travel in clear text.")
    var plaintextDev = false

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    func run() async throws {
        let environment = ServerConfiguration.environmentValues()
        guard let dataDir = dataDir ?? environment["data_dir"] else {
            throw ValidationError("--data-dir (or GOVERND_DATA_DIR) is required")
        }
        var configuration = ServerConfiguration(dataDirectory: dataDir)
        do {
            let file = config ?? dataDir + "/governd.yaml"
            if config != nil || FileManager.default.fileExists(atPath: file) {
                try configuration.apply(try ServerConfiguration.fileValues(path: file), source: file)
            }
            try configuration.apply(environment, source: "environment")
            if let listen { try configuration.setListen(listen, source: "--listen") }
        } catch {
            throw Failure(error)
        }
        if let tlsCert { configuration.tlsCertificate = tlsCert }
        if let tlsKey { configuration.tlsKey = tlsKey }
        if plaintextDev { configuration.plaintextForDevelopment = true }
        if let logLevel { configuration.logLevel = logLevel }

        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "governd")
        do {
            let backend = try GovernanceBackend(configuration: configuration, logger: logger)
            let server = GovernanceServer(backend: backend) { address in
                print("governd listening on \(address)")
                fflush(nil)
            }
            let group = ServiceGroup(
                configuration: .init(
                    services: [.init(service: server)],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger))
            try await group.run()
        } catch {
            throw Failure(error)
        }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a tenant from a backup made with `govctl backup` (with the server stopped).",
        discussion: """
            Checks the file (SQLite integrity, governd schema, intact audit chain), replaces \
            DIR/tenants/<tenant>.sqlite with it and records the restore in the platform audit log. \
            Refuses while a governd serves DIR.

            Example:
              govctl backup --tenant northwind --out nw.sqlite
              systemctl stop governd
              governd restore --data-dir /var/lib/governd \\
                  --tenant northwind --from nw.sqlite
              systemctl start governd
            """)

    @Option(name: .long, help: "The data directory.") var dataDir: String
    @Option(name: .long, help: "Tenant id.") var tenant: String
    @Option(name: .long, help: "The backup file.") var from: String

    func run() async throws {
        do {
            try await DataDirectory.restore(ServerConfiguration(dataDirectory: dataDir), tenant: tenant, from: from)
            print("restored tenant \(tenant) from \(from)")
        } catch {
            throw Failure(error)
        }
    }
}

/// Prints a governance error the way operators expect and exits non-zero.
struct Failure: Error, CustomStringConvertible {
    let error: any Error
    init(_ error: any Error) { self.error = error }
    var description: String {
        if let governance = error as? GovernanceError { return "governd: \(governance.code): \(governance.message)" }
        return "governd: \(error)"
    }
}
