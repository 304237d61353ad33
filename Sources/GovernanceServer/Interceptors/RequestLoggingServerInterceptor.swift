import GRPCCore
import GovernanceCore
import Logging

/// Logs one structured line per call: RPC, tenant, caller, gRPC status and duration.
///
/// Outermost in the pipeline, so it also sees calls the auth interceptor refuses.
public struct RequestLoggingServerInterceptor: ServerInterceptor {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let requestContext = RequestContext()
        let start = ContinuousClock.now
        let rpc = context.descriptor.description
        let peer = context.remotePeer
        let logger = self.logger
        let log: @Sendable (RPCError.Code?, (any Error)?) -> Void = { code, error in
            let duration = ContinuousClock.now - start
            let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            var metadata: Logger.Metadata = [
                "rpc": "\(rpc)",
                "status": "\(code.map { "\($0)" } ?? "ok")",
                "duration_ms": "\(String(format: "%.2f", ms))",
                "peer": "\(peer)",
            ]
            if let tenant = requestContext.tenant { metadata["tenant"] = "\(tenant)" }
            if let principal = requestContext.principal { metadata["token"] = "\(principal.tokenID)" }
            if let governance = (error as? GovernanceError) ?? ((error as? RPCError)?.cause as? GovernanceError) {
                metadata["error"] = "\(governance.message)"
                if let cause = governance.cause { metadata["cause"] = "\(cause)" }
            } else if let rpc = error as? RPCError {
                metadata["error"] = "\(rpc.message)"
                if let cause = rpc.cause { metadata["cause"] = "\(cause)" }
            } else if let error {
                metadata["error"] = "\(error)"
            }
            let level: Logger.Level = code == nil ? .info : (code == .internalError || code == .unknown ? .error : .notice)
            logger.log(level: level, "rpc", metadata: metadata)
        }
        do {
            let response = try await RequestContext.$current.withValue(requestContext) {
                try await next(request, context)
            }
            switch response.accepted {
            case .success(var contents):
                let producer = contents.producer
                contents.producer = { writer in
                    do {
                        let trailers = try await RequestContext.$current.withValue(requestContext) {
                            try await producer(writer)
                        }
                        log(nil, nil)
                        return trailers
                    } catch {
                        log(Self.code(of: error), error)
                        throw error
                    }
                }
                return StreamingServerResponse(accepted: .success(contents))
            case .failure(let error):
                log(error.code, error)
                return response
            }
        } catch {
            log(Self.code(of: error), error)
            throw error
        }
    }

    static func code(of error: any Error) -> RPCError.Code {
        if let rpc = error as? RPCError { return rpc.code }
        if let convertible = error as? any RPCErrorConvertible { return convertible.rpcErrorCode }
        return .unknown
    }
}
