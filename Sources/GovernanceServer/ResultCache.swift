import SwiftProtobuf
import Synchronization

/// Caches computed read replies (scorecards, rankings, trends) per tenant until the tenant's
/// data or configuration changes.
///
/// Every write to a tenant (import, manifest, version, SLA exclusion, evaluation, coaching session,
/// dispute resolution, review action) bumps that tenant's generation; an architecture change bumps
/// every tenant's. A new write RPC whose data a cached reply reads must call `bumpGeneration` after
/// its transaction commits (development records, goals and feedback feed no cached reply). An entry is served only while its generation is
/// current, so a reply is never staler than the last acknowledged write. Bounded: when full,
/// the whole cache is dropped (cheap, and recomputation is exact).
final class ResultCache: Sendable {
    private struct State {
        var generations: [String: UInt64] = [:]
        var globalGeneration: UInt64 = 0
        var entries: [String: (generation: UInt64, global: UInt64, value: any Message & Sendable)] = [:]
        /// Bumped by every write to any tenant and by architecture changes: cross-tenant results
        /// (benchmark cohorts) are valid only while it is unchanged.
        var platformGeneration: UInt64 = 0
        var platformEntries: [String: (generation: UInt64, value: any Sendable)] = [:]
    }
    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func generation(of tenant: String) -> (UInt64, UInt64) {
        state.withLock { ($0.generations[tenant] ?? 0, $0.globalGeneration) }
    }

    func value<T: Message & Sendable>(_ type: T.Type, tenant: String, key: String) -> T? {
        state.withLock { state in
            guard let entry = state.entries[tenant + "\u{0}" + key],
                entry.generation == (state.generations[tenant] ?? 0), entry.global == state.globalGeneration
            else { return nil }
            return entry.value as? T
        }
    }

    /// Stores `value` computed at generation `at` (ignored if a write happened meanwhile).
    func store(_ value: some Message & Sendable, tenant: String, key: String, at generation: (UInt64, UInt64)) {
        state.withLock { state in
            guard generation.0 == (state.generations[tenant] ?? 0), generation.1 == state.globalGeneration else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[tenant + "\u{0}" + key] = (generation.0, generation.1, value)
        }
    }

    func bump(tenant: String) {
        state.withLock {
            $0.generations[tenant, default: 0] += 1
            $0.platformGeneration += 1
        }
    }

    func bumpAll() {
        state.withLock {
            $0.globalGeneration += 1
            $0.platformGeneration += 1
        }
    }

    /// The generation cross-tenant entries are computed at.
    var platformGeneration: UInt64 { state.withLock { $0.platformGeneration } }

    /// A cross-tenant value for `key`, while no tenant has changed since it was stored.
    func platformValue<T: Sendable>(_ type: T.Type, key: String) -> T? {
        state.withLock { state in
            guard let entry = state.platformEntries[key], entry.generation == state.platformGeneration else { return nil }
            return entry.value as? T
        }
    }

    /// Stores a cross-tenant `value` computed at `generation` (ignored if any tenant changed meanwhile).
    func storePlatform(_ value: some Sendable, key: String, at generation: UInt64) {
        state.withLock { state in
            guard generation == state.platformGeneration else { return }
            if state.platformEntries.count >= 256 { state.platformEntries.removeAll(keepingCapacity: true) }
            state.platformEntries[key] = (generation, value)
        }
    }
}

extension GovernanceBackend {
    /// The cached reply for `key` in `tenant`, or `compute()`'s (then cached).
    func cached<T: Message & Sendable>(tenant: String, key: String, _ compute: () async throws -> T) async throws -> T {
        if let hit = cache.value(T.self, tenant: tenant, key: key) { return hit }
        let generation = cache.generation(of: tenant)
        let value = try await compute()
        cache.store(value, tenant: tenant, key: key, at: generation)
        return value
    }

    /// The cached cross-tenant value for `key`, or `compute()`'s (then cached until any tenant changes).
    func cachedPlatform<T: Sendable>(key: String, _ compute: () async throws -> T) async throws -> T {
        if let hit = cache.platformValue(T.self, key: key) { return hit }
        let generation = cache.platformGeneration
        let value = try await compute()
        cache.storePlatform(value, key: key, at: generation)
        return value
    }

    /// Invalidates a tenant's cached replies (after any write to it).
    func bumpGeneration(tenant: String) {
        cache.bump(tenant: tenant)
    }

    /// Invalidates every tenant's cached replies (after an architecture change).
    func bumpAllGenerations() {
        cache.bumpAll()
    }
}
