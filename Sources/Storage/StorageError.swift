import GRDB
import GovernanceCore

extension GovernanceError {
    /// Maps a storage failure to a governance error without leaking SQL text to clients.
    ///
    /// Disk full becomes ``GovernanceError/Code/resourceExhausted``; an unreadable,
    /// locked or corrupt file becomes ``GovernanceError/Code/unavailable``; anything else is
    /// ``GovernanceError/Code/internal``. The original error is kept as the cause, for logs.
    public static func storage(_ error: any Error, while action: String) -> GovernanceError {
        if let governance = error as? GovernanceError { return governance }
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_FULL:
                return GovernanceError(
                    code: .resourceExhausted, message: "\(action): the data disk is full", cause: error)
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_NOTADB,
                .SQLITE_CORRUPT, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_AUTH:
                return GovernanceError(
                    code: .unavailable, message: "\(action): the database is unavailable (\(db.resultCode))",
                    cause: error)
            default:
                break
            }
        }
        return GovernanceError(code: .internal, message: "\(action) failed", cause: error)
    }
}

/// Runs `body`, converting any storage failure with ``GovernanceError/storage(_:while:)``.
@inlinable
func mapStorageErrors<T>(_ action: String, _ body: () async throws -> T) async throws(GovernanceError) -> T {
    do {
        return try await body()
    } catch {
        throw GovernanceError.storage(error, while: action)
    }
}

/// Synchronous variant of `mapStorageErrors`.
@inlinable
func mapStorageErrorsSync<T>(_ action: String, _ body: () throws -> T) throws(GovernanceError) -> T {
    do {
        return try body()
    } catch {
        throw GovernanceError.storage(error, while: action)
    }
}
