import Foundation
import GovernanceCore

/// An exclusive advisory lock on `DATA_DIR/governd.lock` (flock): held by `governd serve` for
/// its lifetime and by offline maintenance (`governd restore`), so the two never run on the
/// same directory at once. Released when the process exits, even on kill -9.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock, or throws FAILED_PRECONDITION naming what holds it.
    public init(dataDirectory: String, purpose: String) throws(GovernanceError) {
        let path = dataDirectory + "/governd.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw GovernanceError(code: .unavailable, message: "cannot open \(path)")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw GovernanceError(
                code: .failedPrecondition,
                message: "\(dataDirectory) is in use by another governd (serve or restore); stop it before \(purpose)")
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
