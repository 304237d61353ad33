import GRPCCore
import GovernanceAPI
import Synchronization

/// The standard `grpc.health.v1.Health` service, served without authentication.
///
/// `""` (the whole server) and every registered service answer SERVING until graceful
/// shutdown begins, then NOT_SERVING; an unknown service answers NOT_FOUND (`Check`) or
/// SERVICE_UNKNOWN (`Watch`).
public final class HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol, Sendable {
    private struct State {
        var serving = true
        var watchers: [Int: AsyncStream<Bool>.Continuation] = [:]
        var nextWatcher = 0
    }
    private let services: Set<String>
    private let state = Mutex(State())

    /// - Parameter services: the fully qualified names of the services the server hosts.
    public init(services: [String]) {
        self.services = Set(services + [""])
    }

    /// Marks every service NOT_SERVING (called when shutdown starts) and tells watchers.
    public func markNotServing() {
        let watchers = state.withLock { state -> [AsyncStream<Bool>.Continuation] in
            state.serving = false
            return Array(state.watchers.values)
        }
        for watcher in watchers { watcher.yield(false) }
    }

    private func status(for service: String) -> Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        guard services.contains(service) else { return .serviceUnknown }
        return state.withLock { $0.serving } ? .serving : .notServing
    }

    public func check(
        request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
    ) async throws -> Grpc_Health_V1_HealthCheckResponse {
        let status = status(for: request.service)
        guard status != .serviceUnknown else {
            throw RPCError(code: .notFound, message: "unknown service '\(request.service)'")
        }
        var reply = Grpc_Health_V1_HealthCheckResponse()
        reply.status = status
        return reply
    }

    public func watch(
        request: Grpc_Health_V1_HealthCheckRequest,
        response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
        context: ServerContext
    ) async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Bool.self)
        let id = state.withLock { state -> Int in
            state.nextWatcher += 1
            state.watchers[state.nextWatcher] = continuation
            return state.nextWatcher
        }
        defer { _ = state.withLock { $0.watchers.removeValue(forKey: id) } }
        var reply = Grpc_Health_V1_HealthCheckResponse()
        reply.status = status(for: request.service)
        try await response.write(reply)
        try await withRPCCancellationHandler {
            for await _ in stream {
                reply.status = status(for: request.service)
                try await response.write(reply)
            }
        } onCancelRPC: {
            continuation.finish()
        }
    }
}
