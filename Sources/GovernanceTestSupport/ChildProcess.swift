#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A child process started with `posix_spawn` and reaped with `waitpid`, for the end-to-end
/// harness.
///
/// Foundation's `Process` watches each child with libdispatch sources. With hundreds of short
/// `govctl` runs in parallel suites, the test process crashed now and then inside libdispatch's
/// event loop (`_dispatch_event_loop_drain`, a known Linux issue). This type uses no dispatch
/// source, no pipe and no run loop: the child's standard streams are files, every other
/// descriptor is closed in the child, and the exit status is read with `waitpid`.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The decoded exit status once reaped: the exit code, or the signal number that ended it
    /// (as Foundation's `terminationStatus` reports it).
    private let exit = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`; `stdin` is read from, `stdout`/`stderr` are
    /// created or truncated (they may be the same file).
    public init(
        executable: String, arguments: [String], environment: [String: String],
        stdin: String = "/dev/null", stdout: String, stderr: String
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
        if stderr == stdout {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
        }
        Self.closeFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], envp + [nil])
        guard result == 0 else {
            throw TestServerError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module
    /// does not import (it needs `_GNU_SOURCE`).
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    nonisolated(unsafe) private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Whether the child has not exited yet (reaps it when it has).
    public var isRunning: Bool {
        reap(blocking: false) == nil
    }

    /// The exit status; waits for the exit.
    public var terminationStatus: Int32 {
        waitUntilExit()
    }

    /// Waits for the exit and returns the status.
    @discardableResult
    public func waitUntilExit() -> Int32 {
        while true {
            if let status = reap(blocking: true) { return status }
        }
    }

    /// Sends `signal` (SIGTERM, SIGKILL) unless the child was already reaped.
    public func send(_ signal: Int32) {
        guard exit.withLock({ $0 }) == nil else { return }
        kill(pid, signal)
    }

    private func reap(blocking: Bool) -> Int32? {
        if let status = exit.withLock({ $0 }) { return status }
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
        if result == pid {
            // WIFEXITED: the low 7 bits are 0 and the code is in the next byte; else the signal.
            let status = raw & 0x7f == 0 ? (raw >> 8) & 0xff : raw & 0x7f
            exit.withLock { $0 = status }
            return status
        }
        if result == 0 { return nil }  // WNOHANG: still running
        if errno == EINTR { return nil }
        // ECHILD: another thread reaped it a moment ago; its status is recorded or about to be.
        // Give up after 5 s (someone else reaped it without us): report -1.
        for _ in 0..<5_000 where exit.withLock({ $0 }) == nil { usleep(1_000) }
        return exit.withLock { status in
            if status == nil { status = -1 }
            return status
        }
    }
}
