/// The one error type of the governance domain.
///
/// Modelled on grpc-swift's `RuntimeError`: an opaque ``Code`` that the server maps to a
/// gRPC status in one place, a human message that is safe to show to a client, and an
/// optional underlying cause kept for logs only (never sent over the wire).
public struct GovernanceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; decides the gRPC status code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: String, Sendable {
            case invalidArgument = "invalid argument"
            case notFound = "not found"
            case alreadyExists = "already exists"
            case failedPrecondition = "failed precondition"
            case permissionDenied = "permission denied"
            case unauthenticated
            case resourceExhausted = "resource exhausted"
            case unavailable
            case deadlineExceeded = "deadline exceeded"
            case cancelled
            case `internal`
        }
        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The input is malformed or breaks a rule (bad CSV row, bad manifest, bad id).
        public static let invalidArgument = Code(.invalidArgument)
        /// The entity does not exist, or exists in a scope the caller cannot see.
        public static let notFound = Code(.notFound)
        /// The entity already exists and the operation would overwrite it.
        public static let alreadyExists = Code(.alreadyExists)
        /// The system is not in a state where this operation makes sense.
        public static let failedPrecondition = Code(.failedPrecondition)
        /// The caller is known but may not do this.
        public static let permissionDenied = Code(.permissionDenied)
        /// The caller is not known.
        public static let unauthenticated = Code(.unauthenticated)
        /// A quota or a resource (disk, rate) is exhausted.
        public static let resourceExhausted = Code(.resourceExhausted)
        /// A dependency (a tenant file, the disk) cannot be reached right now; retry later.
        public static let unavailable = Code(.unavailable)
        /// The caller's deadline passed before the work finished.
        public static let deadlineExceeded = Code(.deadlineExceeded)
        /// The caller went away or the operation was abandoned.
        public static let cancelled = Code(.cancelled)
        /// A bug or an unexpected state; details go to the log, not the client.
        public static let `internal` = Code(.internal)

        public var description: String { wrapped.rawValue }
    }

    /// The failure kind.
    public var code: Code
    /// A message safe to show to the caller.
    public var message: String
    /// The underlying error, for logs only.
    public var cause: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause {
            return "\(code): \(message) (cause: \(cause))"
        }
        return "\(code): \(message)"
    }

    /// Shorthand for an ``Code/invalidArgument`` error.
    public static func invalid(_ message: String) -> GovernanceError {
        GovernanceError(code: .invalidArgument, message: message)
    }

    /// Shorthand for a ``Code/notFound`` error.
    public static func notFound(_ message: String) -> GovernanceError {
        GovernanceError(code: .notFound, message: message)
    }
}
