import Synchronization

/// A token bucket per bearer token: each token may make `ratePerSecond` calls a second on
/// average, with bursts up to `burst`. Past that, calls answer RESOURCE_EXHAUSTED until the
/// bucket refills, so one noisy client cannot starve the others.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }
    private let ratePerSecond: Double
    private let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    /// - Parameters:
    ///   - ratePerSecond: sustained calls per second per token; 0 disables limiting.
    ///   - burst: the bucket size.
    public init(ratePerSecond: Double, burst: Double) {
        self.ratePerSecond = ratePerSecond
        self.burst = max(1, burst)
    }

    /// Takes one call from `key`'s bucket; false when it is empty.
    public func allow(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        guard ratePerSecond > 0 else { return true }
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * ratePerSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return false
            }
            bucket.tokens -= 1
            if buckets.count > 100_000 { buckets.removeAll() }
            buckets[key] = bucket
            return true
        }
    }
}
