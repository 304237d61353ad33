import Benchmarking
import GovernanceCore
import Testing

/// Five programs from three tenants, composites hand-chosen:
/// a1 90, a2 70 (tenant a); b1 70, b2 60 (tenant b); c1 80 (tenant c).
/// AHT (a `down` metric): a1 300, a2 350, b1 400, b2 450, c1 500.
func platform(version: (String) -> Int = { _ in 1 }) -> [ProgramScores] {
    let rows: [(String, String, Double, Double, Double, Int)] = [
        ("a", "a1", 90, 300, 95, 100), ("a", "a2", 70, 350, 60, 80), ("b", "b1", 70, 400, 85, 90),
        ("b", "b2", 60, 450, 70, 70), ("c", "c1", 80, 500, 90, 60),
    ]
    return rows.map { tenant, program, composite, aht, service, answered in
        ProgramScores(
            tenant: tenant, program: program, name: "Program \(program)", architectureVersion: version(program),
            answered: answered, composite: composite, categories: [.service: service, .efficiency: composite - 5],
            metrics: [.ahtSeconds: aht])
    }
}

@Suite("Percentile and quartiles (SPEC sections 3 and 7)")
struct FormulaTests {
    @Test(
        "the percentile is 100 × (below + ½ × equal) ÷ n, and on −value for a down metric",
        arguments: [
            // (value, values, direction, expected) — hand-computed.
            (70.0, [60.0, 70, 70, 80, 90], Direction.up, 40.0),  // (1 + 0.5 × 2) ÷ 5
            (90.0, [60.0, 70, 70, 80, 90], Direction.up, 90.0),  // (4 + 0.5) ÷ 5
            (60.0, [60.0, 70, 70, 80, 90], Direction.up, 10.0),  // (0 + 0.5) ÷ 5
            (300.0, [300.0, 350, 400, 450, 500], Direction.down, 90.0),  // lowest AHT is best: 4 below on −value
            (500.0, [300.0, 350, 400, 450, 500], Direction.down, 10.0),
            (350.0, [300.0, 350, 350, 500], Direction.down, 50.0),  // −350: below {−500} = 1, equal 2 → (1 + 1) ÷ 4
        ])
    func percentile(value: Double, values: [Double], direction: Direction, expected: Double) throws {
        let got = try #require(PlatformBenchmark.percentile(value, in: values, direction: direction))
        #expect(abs(got - expected) < 1e-9)
    }

    @Test(
        "p25, p50 and p75 interpolate linearly between order statistics (numpy's default)",
        arguments: [
            ([60.0, 70, 70, 80, 90], 70.0, 70.0, 80.0),  // positions 1, 2, 3 exactly
            ([1.0, 2, 3, 4], 1.75, 2.5, 3.25),  // positions 0.75, 1.5, 2.25
            ([100.0, 10, 50, 20, 40, 30], 22.5, 35.0, 47.5),  // sorted 10…50,100; positions 1.25, 2.5, 3.75
        ])
    func quartiles(values: [Double], p25: Double, p50: Double, p75: Double) throws {
        let programs = values.enumerated().map { index, value in
            ProgramScores(tenant: "t\(index % 3)", program: "p\(index)", architectureVersion: 1, composite: value)
        }
        let result = PlatformBenchmark.benchmark(
            programs, subject: .composite, audience: BenchmarkAudience(tenant: "t0"),
            rule: KAnonymity(minimumPrograms: 1, minimumTenants: 1))
        let quartiles = try #require(result.cohort.quartiles)
        #expect(abs(quartiles.p25 - p25) < 1e-9)
        #expect(abs(quartiles.p50 - p50) < 1e-9)
        #expect(abs(quartiles.p75 - p75) < 1e-9)
    }
}

@Suite("k-anonymity: ≥ 5 programs from ≥ 3 tenants (SPEC section 7)")
struct KAnonymityTests {
    @Test(
        "the cohort is withheld below 5 programs or below 3 tenants",
        arguments: [
            (4, 3, false), (5, 3, true), (5, 2, false), (6, 3, true), (4, 2, false), (12, 3, true), (3, 3, false),
        ])
    func thresholds(programs: Int, tenants: Int, shown: Bool) {
        #expect((KAnonymity.spec.withheldReason(programs: programs, tenants: tenants) == nil) == shown)
    }

    @Test("5 programs from 3 tenants are shown to a tenant viewer; dropping one program (4) withholds them")
    func fourAndFivePrograms() throws {
        let five = PlatformBenchmark.benchmark(platform(), subject: .composite, audience: BenchmarkAudience(tenant: "a"))
        #expect(five.cohort.programs == 5 && five.cohort.tenants == 3 && five.cohort.withheld == nil)
        let quartiles = try #require(five.cohort.quartiles)
        #expect(quartiles == CohortQuartiles(p25: 70, p50: 70, p75: 80))
        #expect(five.programs.map(\.percentile) == [90, 40])  // a1 90 → 90th, a2 70 → 40th

        let four = PlatformBenchmark.benchmark(
            platform().filter { $0.program != "b2" }, subject: .composite, audience: BenchmarkAudience(tenant: "a"))
        #expect(four.cohort.programs == 4 && four.cohort.tenants == 3)
        #expect(four.cohort.withheld != nil && four.cohort.quartiles == nil)
        #expect(four.programs.allSatisfy { $0.percentile == nil })
    }

    @Test("5 programs from only 2 tenants are withheld; from 3 tenants they are shown")
    func twoAndThreeTenants() {
        let twoTenants = platform().map { program -> ProgramScores in
            var program = program
            if program.tenant == "c" { program.tenant = "b" }
            return program
        }
        let two = PlatformBenchmark.benchmark(twoTenants, subject: .composite, audience: BenchmarkAudience(tenant: "a"))
        #expect(two.cohort.programs == 5 && two.cohort.tenants == 2)
        #expect(two.cohort.withheld != nil && two.cohort.quartiles == nil)
        let three = PlatformBenchmark.benchmark(platform(), subject: .composite, audience: BenchmarkAudience(tenant: "a"))
        #expect(three.cohort.tenants == 3 && three.cohort.withheld == nil)
    }

    @Test("a withheld reason holds counts only: no other tenant's name, id or value")
    func reasonHoldsNoIdentifiers() throws {
        let result = PlatformBenchmark.benchmark(
            platform().filter { $0.program != "b2" }, subject: .composite, audience: BenchmarkAudience(tenant: "a"))
        let reason = try #require(result.cohort.withheld)
        for forbidden in ["b1", "c1", "Program b", "Program c", "60", "80"] { #expect(!reason.contains(forbidden)) }
    }
}

@Suite("Who sees names (SPEC section 7)")
struct AudienceTests {
    @Test("a tenant's own users get its programs and counts, never another tenant's names, ids or values")
    func viewerSeesNoOtherTenant() {
        for subject in BenchmarkSubject.all {
            for cohort in [platform(), platform().filter { $0.program != "b2" }] {
                let result = PlatformBenchmark.benchmark(cohort, subject: subject, audience: BenchmarkAudience(tenant: "a"))
                #expect(result.ranking.isEmpty)
                #expect(result.programs.allSatisfy { ["a1", "a2"].contains($0.program) })
                // The quartiles are the cohort's aggregate (with 5 programs the median is one program's
                // value, unattributed: SPEC section 7 allows it); every per-program field is checked.
                let text = String(describing: (result.programs, result.ranking, result.cohort.withheld ?? ""))
                for forbidden in ["\"b\"", "\"c\"", "b1", "b2", "c1", "Program b", "Program c", "400.0", "450.0", "500.0"] {
                    #expect(!text.contains(forbidden), "\(subject): \(forbidden) in \(text)")
                }
            }
        }
    }

    @Test("an account manager sees the named ranking of its tenants only; a platform admin sees all")
    func namedRankings() {
        let manager = PlatformBenchmark.benchmark(
            platform(), subject: .composite, audience: BenchmarkAudience(tenant: "a", namedTenants: ["a", "b"]))
        #expect(manager.ranking.map(\.program) == ["a1", "b1", "a2", "b2"])  // a2 and b1 tie at 70: b1 has more answered
        #expect(manager.ranking.map(\.rank) == [1, 2, 3, 4])
        #expect(manager.ranking.map(\.percentile) == [90, 40, 40, 10])  // over the whole cohort of 5
        let admin = PlatformBenchmark.benchmark(
            platform(), subject: .composite, audience: BenchmarkAudience(tenant: "a", seesEveryTenant: true))
        #expect(admin.ranking.map(\.program) == ["a1", "c1", "b1", "a2", "b2"])
        #expect(admin.ranking.map(\.gapToLeader) == [0, 10, 20, 20, 30])
    }

    @Test("an account manager whose tenants are the whole cohort sees it even below the threshold; others do not")
    func managerOfWholeCohort() {
        let small = platform().filter { $0.tenant != "c" }  // 4 programs, 2 tenants
        let both = PlatformBenchmark.benchmark(
            small, subject: .composite, audience: BenchmarkAudience(tenant: "a", namedTenants: ["a", "b"]))
        #expect(both.cohort.withheld == nil && both.cohort.quartiles != nil)
        let one = PlatformBenchmark.benchmark(
            small, subject: .composite, audience: BenchmarkAudience(tenant: "a", namedTenants: ["a"]))
        #expect(one.cohort.withheld != nil && one.cohort.quartiles == nil && one.ranking.allSatisfy { $0.percentile == nil })
        #expect(one.ranking.map(\.program) == ["a1", "a2"])
    }
}

@Suite("Direction, versions and the within-tenant ranking")
struct RankingTests {
    @Test("for a down metric the lowest value ranks first and has the highest percentile")
    func downMetric() throws {
        let result = PlatformBenchmark.benchmark(
            platform(), subject: .metric(.ahtSeconds), audience: BenchmarkAudience(tenant: "a", seesEveryTenant: true))
        #expect(result.ranking.map(\.program) == ["a1", "a2", "b1", "b2", "c1"])
        #expect(result.ranking.map(\.percentile) == [90, 70, 50, 30, 10])
        #expect(result.ranking.map(\.gapToLeader) == [0, 50, 100, 150, 200])
        let quartiles = try #require(result.cohort.quartiles)
        #expect(quartiles == CohortQuartiles(p25: 350, p50: 400, p75: 450))  // of the values, not of −value
    }

    @Test("only programs scored under the caller's architecture version are compared; the others are counted")
    func architectureVersions() {
        let mixed = platform { $0 == "c1" ? 2 : 1 }
        let result = PlatformBenchmark.benchmark(mixed, subject: .composite, audience: BenchmarkAudience(tenant: "a"))
        #expect(result.cohort.architectureVersion == 1)
        #expect(result.cohort.programs == 4 && result.cohort.excludedOtherVersions == 1)
        #expect(result.cohort.withheld != nil)  // 4 programs left: below the threshold
        let admin = PlatformBenchmark.benchmark(
            mixed, subject: .composite, audience: BenchmarkAudience(tenant: "a", seesEveryTenant: true))
        #expect(!admin.ranking.contains { $0.program == "c1" })
    }

    @Test("inside a tenant: ranks, gap to the leader and the leader of each category")
    func withinTenant() throws {
        let tenantB = platform().filter { $0.tenant == "b" }
        let service = ProgramRanking.rank(tenantB, on: .category(.service))
        #expect(service.map(\.program) == ["b1", "b2"])
        #expect(service.map(\.gapToLeader) == [0, 15])
        let leaders = ProgramRanking.categoryLeaders(tenantB)
        #expect(leaders.map(\.category) == [.service, .efficiency])
        #expect(leaders.map(\.leader.program) == ["b1", "b1"])
        let aht = ProgramRanking.rank(tenantB, on: .metric(.ahtSeconds))
        #expect(aht.map(\.value) == [400, 450] && aht.map(\.gapToLeader) == [0, 50])
    }

    @Test("ties within 1e-9 are broken by answered, then by tenant and program id")
    func ties() {
        let programs = [
            ProgramScores(tenant: "t", program: "z", architectureVersion: 1, answered: 5, composite: 80),
            ProgramScores(tenant: "t", program: "y", architectureVersion: 1, answered: 5, composite: 80 + 1e-12),
            ProgramScores(tenant: "t", program: "x", architectureVersion: 1, answered: 9, composite: 80),
        ]
        #expect(ProgramRanking.rank(programs, on: .composite).map(\.program) == ["x", "y", "z"])
    }
}
