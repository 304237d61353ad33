import Testing

@testable import GovernanceServer

/// Cross-tenant entries (benchmark cohorts) must not outlive a write to any tenant.
@Suite("ResultCache platform entries")
struct ResultCacheTests {
    @Test("a platform entry is served until any tenant or the architecture changes")
    func platformEntryInvalidation() {
        let cache = ResultCache()
        cache.storePlatform([1, 2, 3], key: "benchmark|2026-10", at: cache.platformGeneration)
        #expect(cache.platformValue([Int].self, key: "benchmark|2026-10") == [1, 2, 3])
        cache.bump(tenant: "some-other-tenant")
        #expect(cache.platformValue([Int].self, key: "benchmark|2026-10") == nil)

        cache.storePlatform([4], key: "benchmark|2026-10", at: cache.platformGeneration)
        #expect(cache.platformValue([Int].self, key: "benchmark|2026-10") == [4])
        cache.bumpAll()
        #expect(cache.platformValue([Int].self, key: "benchmark|2026-10") == nil)
    }

    @Test("a platform value computed before a write is not stored")
    func staleComputationIsDropped() {
        let cache = ResultCache()
        let generation = cache.platformGeneration
        cache.bump(tenant: "a")  // a write lands while the cohort is being computed
        cache.storePlatform([1], key: "k", at: generation)
        #expect(cache.platformValue([Int].self, key: "k") == nil)
    }
}
