import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceCore
import Logging
import ServiceLifecycle

/// The governd gRPC server as a swift-service-lifecycle `Service`.
///
/// Serves every governance service plus health and reflection over HTTP/2 with TLS 1.2+
/// (plaintext only when ``ServerConfiguration/plaintextForDevelopment`` is set), with the
/// logging and auth interceptors in front of every call. On graceful shutdown (SIGTERM,
/// SIGINT) health turns NOT_SERVING, the listener closes, in-flight RPCs finish, then
/// tenant databases close.
///
/// ```swift
/// let backend = try GovernanceBackend(configuration: config, logger: logger)
/// let server = GovernanceServer(backend: backend) { address in print("listening on \(address)") }
/// let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
public struct GovernanceServer: Service {
    let backend: GovernanceBackend
    let onListening: @Sendable (String) -> Void

    /// - Parameter onListening: called once with `HOST:PORT` (the real port) when bound.
    public init(backend: GovernanceBackend, onListening: @escaping @Sendable (String) -> Void) {
        self.backend = backend
        self.onListening = onListening
    }

    /// Every governance service, for the router, health and reflection.
    static func governanceServices(backend: GovernanceBackend) -> [any RegistrableRPCService] {
        [
            AdminService(backend: backend),
            ManifestService(backend: backend),
            IngestService(backend: backend),
            ScorecardService(backend: backend),
            QualityService(backend: backend),
            SLAService(backend: backend),
            PartnershipHealthService(backend: backend),
            BenchmarkService(backend: backend),
            ReviewService(backend: backend),
            QbrService(backend: backend),
            DevelopmentService(backend: backend),
        ]
    }

    /// Fully qualified names of every service served.
    static let serviceNames: [String] = [
        Governance_V1_AdminService.descriptor.fullyQualifiedService,
        Governance_V1_ManifestService.descriptor.fullyQualifiedService,
        Governance_V1_IngestService.descriptor.fullyQualifiedService,
        Governance_V1_ScorecardService.descriptor.fullyQualifiedService,
        Governance_V1_QualityService.descriptor.fullyQualifiedService,
        Governance_V1_SlaService.descriptor.fullyQualifiedService,
        Governance_V1_PartnershipHealthService.descriptor.fullyQualifiedService,
        Governance_V1_BenchmarkService.descriptor.fullyQualifiedService,
        Governance_V1_ReviewService.descriptor.fullyQualifiedService,
        Governance_V1_QbrService.descriptor.fullyQualifiedService,
        Governance_V1_DevelopmentService.descriptor.fullyQualifiedService,
        Grpc_Health_V1_Health.descriptor.fullyQualifiedService,
        Grpc_Reflection_V1_ServerReflection.descriptor.fullyQualifiedService,
    ]

    public func run() async throws {
        let configuration = backend.configuration
        let logger = backend.logger
        let health = HealthService(services: Self.serviceNames)
        let reflection = try ReflectionService(services: Self.serviceNames)
        let security: HTTP2ServerTransport.Posix.TransportSecurity
        if configuration.plaintextForDevelopment {
            logger.warning("serving PLAINTEXT gRPC: local development only, tokens travel unencrypted")
            security = .plaintext
        } else {
            for path in [configuration.resolvedCertificate, configuration.resolvedKey]
            where !FileManager.default.isReadableFile(atPath: path) {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "TLS file \(path) is missing or unreadable (run `governd init` or pass --tls-cert/--tls-key)")
            }
            security = .tls(
                certificateChain: [.file(path: configuration.resolvedCertificate, format: .pem)],
                privateKey: .file(path: configuration.resolvedKey, format: .pem))
        }
        let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
        guard DevCertificateAuthority.ipAddressBytes(host) != nil else {
            throw GovernanceError(
                code: .invalidArgument,
                message: "listen host '\(configuration.host)' must be an IP address (0.0.0.0, 127.0.0.1, ::) or localhost")
        }
        let address: GRPCNIOTransportCore.SocketAddress =
            host.contains(":") ? .ipv6(host: host, port: configuration.port) : .ipv4(host: host, port: configuration.port)
        let transport = HTTP2ServerTransport.Posix(
            address: address,
            transportSecurity: security,
            config: .defaults { config in
                config.rpc.maxRequestPayloadSize = configuration.maxMessageBytes
                config.http2.maxConcurrentStreams = configuration.maxConcurrentStreams
                config.connection.maxIdleTime = .seconds(configuration.maxConnectionIdleSeconds)
                config.connection.maxAge = .seconds(configuration.maxConnectionAgeSeconds)
                config.connection.maxGraceTime = .seconds(60)
            })
        var services = Self.governanceServices(backend: backend)
        services.append(health)
        services.append(reflection)
        let server = GRPCServer(
            transport: transport,
            services: services,
            interceptorPipeline: [
                .apply(RequestLoggingServerInterceptor(logger: logger), to: .all),
                .apply(
                    AuthServerInterceptor(
                        authenticator: backend.authenticator,
                        rateLimiter: RateLimiter(
                            ratePerSecond: Double(configuration.rateLimitPerToken),
                            burst: Double(configuration.rateLimitBurst))),
                    to: .all),
            ])

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await server.serve() }
                group.addTask {
                    let listening = try await transport.listeningAddress
                    guard let bound = listening.ipv4.map({ "\($0.host):\($0.port)" })
                        ?? listening.ipv6.map({ "[\($0.host)]:\($0.port)" })
                    else { return }
                    logger.info("listening", metadata: ["address": "\(bound)", "tls": "\(!configuration.plaintextForDevelopment)"])
                    onListening(bound)
                }
                group.addTask {
                    // Close tenant files nobody used for a while; stops when shutdown begins.
                    let idle = Duration.seconds(configuration.tenantIdleSeconds)
                    try? await cancelWhenGracefulShutdown {
                        while !Task.isCancelled {
                            try await Task.sleep(for: .seconds(max(1, min(30, configuration.tenantIdleSeconds))))
                            let closed = backend.tenants.closeIdle(olderThan: idle)
                            if !closed.isEmpty {
                                logger.debug("closed idle tenants", metadata: ["tenants": "\(closed)"])
                            }
                        }
                    }
                }
                group.addTask {
                    // The daily retention sweep of development records; stops when shutdown begins.
                    try? await cancelWhenGracefulShutdown { try await RetentionSweep(backend: backend).run() }
                }
            }
        } onGracefulShutdown: {
            logger.info("graceful shutdown: finishing in-flight RPCs")
            health.markNotServing()
            server.beginGracefulShutdown()
        }
        backend.tenants.closeAll()
        logger.info("stopped")
    }
}
