import GRPCCore
import GovernanceCore

/// The one mapping from governance error codes to gRPC status codes.
extension GovernanceError: RPCErrorConvertible {
    public var rpcErrorCode: RPCError.Code {
        switch code {
        case .invalidArgument: return .invalidArgument
        case .notFound: return .notFound
        case .alreadyExists: return .alreadyExists
        case .failedPrecondition: return .failedPrecondition
        case .permissionDenied: return .permissionDenied
        case .unauthenticated: return .unauthenticated
        case .resourceExhausted: return .resourceExhausted
        case .unavailable: return .unavailable
        case .deadlineExceeded: return .deadlineExceeded
        case .cancelled: return .cancelled
        default: return .internalError
        }
    }

    public var rpcErrorMessage: String {
        // Internal errors never carry details to the client; the cause goes to the log.
        code == .internal ? "internal error: \(message)" : message
    }

    public var rpcErrorMetadata: Metadata { metadata }

    // The cause chain stays on the server (grpc-swift never sends an RPCError's cause over the
    // wire): the request log prints it; clients only see the code and `rpcErrorMessage`.
    public var rpcErrorCause: (any Error)? { cause.map { _ in self } }
}

extension GovernanceError {
    /// Extra trailing metadata to send with the status (e.g. `row-errors-bin`).
    var metadata: Metadata {
        if let carrier = cause as? MetadataCarrier { return carrier.metadata }
        return [:]
    }
}

/// A cause that carries trailing metadata for the client (kept in the error's cause slot).
struct MetadataCarrier: Error, Sendable {
    var metadata: Metadata
}
