import GovernanceCore
import Synchronization

/// What the interceptors learn about a call, shared with the handler and the log line.
public final class RequestContext: Sendable {
    private struct State {
        var principal: Principal?
        var tenant: String?
    }
    private let state = Mutex(State())

    public init() {}

    /// The authenticated caller.
    public var principal: Principal? {
        get { state.withLock { $0.principal } }
        set { state.withLock { $0.principal = newValue } }
    }

    /// The tenant the call acts on, once known.
    public var tenant: String? {
        get { state.withLock { $0.tenant } }
        set { state.withLock { $0.tenant = newValue } }
    }

    /// The context of the current call.
    @TaskLocal public static var current: RequestContext?

    /// The authenticated principal of the current call.
    ///
    /// - Throws: UNAUTHENTICATED when called outside an authenticated call (a wiring bug).
    public static func requirePrincipal() throws(GovernanceError) -> Principal {
        guard let principal = current?.principal else {
            throw GovernanceError(code: .unauthenticated, message: "no authenticated caller")
        }
        return principal
    }
}
