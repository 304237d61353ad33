import Foundation
import GovernanceCore

/// Hands batches of validated rows from the async RPC handler (which parses and validates
/// them on the cooperative pool) to the import transaction, which runs synchronously on the
/// tenant database's writer thread — so parsing and writing proceed on two cores at once.
///
/// Bounded (a few batches in flight), so a fast client cannot fill memory: `put` suspends the
/// handler (never blocking a cooperative thread) until the writer has taken a batch; `take`
/// blocks the writer thread (a GRDB dispatch thread, not the cooperative pool) until a batch
/// arrives, the stream ends, or the import is abandoned.
final class BoundedPipe<Element: Sendable>: @unchecked Sendable {
    // All state is guarded by `condition`.
    private let condition = NSCondition()
    private var chunks: [Element] = []
    private var finished = false
    private var abandoned = false
    private var spaceWaiter: CheckedContinuation<Void, Never>?
    private let capacity: Int
    private let idleTimeout: TimeInterval

    init(capacity: Int = 8, idleTimeout: TimeInterval = 120) {
        self.capacity = capacity
        self.idleTimeout = idleTimeout
    }

    private enum Append {
        case appended, full, abandoned
    }

    /// Appends a chunk, waiting while the pipe is full. Returns false once the consumer gave up.
    func put(_ chunk: Element) async -> Bool {
        while true {
            switch tryAppend(chunk) {
            case .appended: return true
            case .abandoned: return false
            case .full:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    if !waitForSpace(continuation) { continuation.resume() }
                }
            }
        }
    }

    private func tryAppend(_ chunk: Element) -> Append {
        condition.lock()
        defer { condition.unlock() }
        if abandoned { return .abandoned }
        guard chunks.count < capacity else { return .full }
        chunks.append(chunk)
        condition.signal()
        return .appended
    }

    /// Parks `continuation` until the consumer takes a chunk; false when there is room already.
    private func waitForSpace(_ continuation: CheckedContinuation<Void, Never>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if abandoned || chunks.count < capacity { return false }
        spaceWaiter = continuation
        return true
    }

    /// The end of the stream.
    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    /// Stops the exchange from either side (client gone, or the consumer failed).
    func abandon() {
        condition.lock()
        abandoned = true
        let waiter = spaceWaiter
        spaceWaiter = nil
        condition.broadcast()
        condition.unlock()
        waiter?.resume()
    }

    /// Whether the exchange was abandoned.
    var isAbandoned: Bool {
        condition.lock()
        defer { condition.unlock() }
        return abandoned
    }

    /// The next batch; `nil` at the end of the stream.
    ///
    /// - Throws: ``GovernanceError`` when the import was abandoned or no chunk came for `idleTimeout`.
    func take() throws(GovernanceError) -> Element? {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: idleTimeout)
        while chunks.isEmpty && !finished && !abandoned {
            if !condition.wait(until: deadline) && chunks.isEmpty && !finished && !abandoned {
                abandoned = true
                condition.unlock()
                throw GovernanceError(code: .deadlineExceeded, message: "the import stream stalled for \(Int(idleTimeout)) s")
            }
        }
        if abandoned {
            condition.unlock()
            throw GovernanceError(code: .cancelled, message: "the import was abandoned")
        }
        guard !chunks.isEmpty else {
            condition.unlock()
            return nil
        }
        let chunk = chunks.removeFirst()
        let waiter = spaceWaiter
        spaceWaiter = nil
        condition.unlock()
        waiter?.resume()
        return chunk
    }
}
