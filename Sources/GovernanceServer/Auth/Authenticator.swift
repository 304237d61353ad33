import GovernanceCore
import Storage
import Synchronization

/// Resolves bearer secrets to principals, with a small cache in front of the control store.
///
/// Revocation goes through ``forget(tokenID:)`` on this same process, so a revoked token's
/// next call answers UNAUTHENTICATED at once; entries also expire after `ttl`.
public final class Authenticator: Sendable {
    private struct Cached {
        var principal: Principal
        var at: ContinuousClock.Instant
    }
    private let control: any ControlStore
    private let cache = Mutex<[String: Cached]>([:])
    private let ttl: Duration

    public init(control: any ControlStore, ttl: Duration = .seconds(30)) {
        self.control = control
        self.ttl = ttl
    }

    /// The valid (not revoked) principal for an `authorization` metadata value.
    ///
    /// - Throws: UNAUTHENTICATED when the value is missing, malformed, unknown or revoked.
    public func authenticate(authorization: String?) async throws(GovernanceError) -> Principal {
        guard let authorization, let secret = TokenAuthority.secret(fromAuthorization: authorization) else {
            throw GovernanceError(
                code: .unauthenticated, message: "missing or malformed bearer token (authorization: Bearer gv_...)")
        }
        let hash = TokenAuthority.hash(secret)
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[hash] }), now - cached.at < ttl {
            return cached.principal
        }
        guard let principal = try await control.principal(tokenHash: hash), principal.revokedAt == nil else {
            throw GovernanceError(code: .unauthenticated, message: "unknown or revoked token")
        }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[hash] = Cached(principal: principal, at: now)
        }
        return principal
    }

    /// Drops a token from the cache (after revocation).
    public func forget(tokenID: String) {
        cache.withLock { cache in
            cache = cache.filter { $0.value.principal.tokenID != tokenID }
        }
    }
}
