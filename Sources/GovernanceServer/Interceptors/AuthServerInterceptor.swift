import GRPCCore
import GovernanceCore

/// Authenticates every call and authorises it against ``AuthorizationPolicy/rules``.
///
/// Health and reflection pass through unauthenticated. For tenant-scoped methods the tenant
/// is read from the first request message (unary requests and the header of a client
/// stream) through ``TenantScopedMessage``, so it always comes from the request the caller
/// is authorised for, never from anything else the client can steer. The principal and
/// tenant are bound in ``RequestContext/current`` around the handler *and* around the
/// response producer, which grpc-swift runs after interceptors return.
public struct AuthServerInterceptor: ServerInterceptor {
    let authenticator: Authenticator
    let rateLimiter: RateLimiter

    public init(authenticator: Authenticator, rateLimiter: RateLimiter = RateLimiter(ratePerSecond: 0, burst: 1)) {
        self.authenticator = authenticator
        self.rateLimiter = rateLimiter
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        if AuthorizationPolicy.unauthenticatedServices.contains(context.descriptor.service.fullyQualifiedService) {
            return try await next(request, context)
        }
        let requestContext = RequestContext.current ?? RequestContext()
        let principal = try await authenticator.authenticate(
            authorization: request.metadata[stringValues: "authorization"].first(where: { _ in true }))
        requestContext.principal = principal
        guard rateLimiter.allow(principal.tokenID) else {
            throw GovernanceError(
                code: .resourceExhausted, message: "rate limit exceeded for token \(principal.tokenID); slow down and retry")
        }
        guard let rule = AuthorizationPolicy.rules[context.descriptor] else {
            throw GovernanceError(
                code: .permissionDenied, message: "\(context.descriptor) is not in the authorisation table")
        }
        var request = request
        switch rule.scope {
        case .platform, .handler:
            try AuthorizationPolicy.authorize(principal, method: context.descriptor, tenant: nil)
        case .message:
            let (first, rest) = try await request.messages.peekFirst()
            guard let scoped = first as? any TenantScopedMessage else {
                throw GovernanceError(code: .invalidArgument, message: "the request names no tenant")
            }
            let tenant = scoped.tenantID
            guard !tenant.isEmpty else {
                throw GovernanceError(code: .invalidArgument, message: "the request names no tenant (field `tenant`)")
            }
            try AuthorizationPolicy.authorize(principal, method: context.descriptor, tenant: tenant)
            requestContext.tenant = tenant
            request.messages = rest
        }
        let response = try await RequestContext.$current.withValue(requestContext) {
            try await next(request, context)
        }
        return response.boundTo(requestContext)
    }
}

extension StreamingServerResponse {
    /// The same response with `requestContext` bound around its producer.
    func boundTo(_ requestContext: RequestContext) -> StreamingServerResponse {
        guard case .success(var contents) = accepted else { return self }
        let producer = contents.producer
        contents.producer = { writer in
            try await RequestContext.$current.withValue(requestContext) { try await producer(writer) }
        }
        return StreamingServerResponse(accepted: .success(contents))
    }
}

/// A request message that names the tenant it acts on.
public protocol TenantScopedMessage {
    /// The tenant id named by the message (empty when it names none).
    var tenantID: String { get }
}

/// Holds an iterator so the rest of a peeked stream can be handed on.
private final class IteratorBox<Element: Sendable>: @unchecked Sendable {
    // Only ever used by one task at a time: the handler consuming the request stream.
    var iterator: RPCAsyncSequence<Element, any Error>.AsyncIterator
    init(_ iterator: RPCAsyncSequence<Element, any Error>.AsyncIterator) { self.iterator = iterator }
}

private struct PrependedSequence<Element: Sendable>: AsyncSequence, Sendable {
    typealias Failure = any Error
    let first: Element
    let box: IteratorBox<Element>

    struct AsyncIterator: AsyncIteratorProtocol {
        var first: Element?
        let box: IteratorBox<Element>
        mutating func next() async throws -> Element? {
            if let first {
                self.first = nil
                return first
            }
            return try await box.iterator.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(first: first, box: box) }
}

extension RPCAsyncSequence where Failure == any Error {
    /// Reads the first element and returns it with a sequence that yields it again, then the rest.
    func peekFirst() async throws -> (Element, RPCAsyncSequence<Element, any Error>) {
        let box = IteratorBox(makeAsyncIterator())
        guard let first = try await box.iterator.next() else {
            throw GovernanceError(code: .invalidArgument, message: "the request stream is empty")
        }
        return (first, RPCAsyncSequence(wrapping: PrependedSequence(first: first, box: box)))
    }
}
