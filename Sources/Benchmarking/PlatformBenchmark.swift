import GovernanceCore
import Scorecards

/// The k-anonymity rule for a tenant's own users (SPEC section 7): the platform cohort is shown
/// only when it holds at least 5 programs from at least 3 tenants.
public struct KAnonymity: Sendable, Hashable {
    /// Fewest programs in a cohort that may be shown.
    public var minimumPrograms: Int
    /// Fewest distinct tenants in a cohort that may be shown.
    public var minimumTenants: Int

    /// The SPEC's rule: 5 programs from 3 tenants.
    public static let spec = KAnonymity(minimumPrograms: 5, minimumTenants: 3)

    /// Creates a rule.
    public init(minimumPrograms: Int, minimumTenants: Int) {
        self.minimumPrograms = minimumPrograms
        self.minimumTenants = minimumTenants
    }

    /// `nil` when a cohort of `programs` programs from `tenants` tenants may be shown, else why
    /// not. The reason holds counts only, never a name, id or value.
    public func withheldReason(programs: Int, tenants: Int) -> String? {
        guard programs < minimumPrograms || tenants < minimumTenants else { return nil }
        return "the cohort holds \(programs) program(s) from \(tenants) tenant(s); at least \(minimumPrograms) programs "
            + "from \(minimumTenants) tenants are needed before it is shown"
    }
}

/// One of the caller's programs placed in the platform cohort.
public struct BenchmarkedProgram: Sendable, Hashable {
    /// The program id (the caller's own).
    public var program: String
    /// The program's display name.
    public var name: String
    /// The program's value on the subject.
    public var value: Double
    /// Rank among the tenant's own programs on the subject (1 = best).
    public var rank: Int
    /// Gap to the tenant's own leader (see ``RankedProgram/gapToLeader``).
    public var gapToLeader: Double
    /// Percentile in the platform cohort (SPEC section 3, on −value for `down`); `nil` when the
    /// cohort is withheld from the caller, or when the program was scored under another
    /// architecture version than the cohort's.
    public var percentile: Double?
}

/// The platform cohort's figures.
public struct CohortSummary: Sendable, Hashable {
    /// Programs in the cohort (same period, same architecture version, a value on the subject).
    public var programs: Int
    /// Distinct tenants of those programs.
    public var tenants: Int
    /// Quartiles of the cohort's values (linear interpolation); `nil` when withheld.
    public var quartiles: CohortQuartiles?
    /// Why the cohort is withheld from the caller; `nil` when it is shown.
    public var withheld: String?
    /// The architecture version the cohort was scored under.
    public var architectureVersion: Int?
    /// Programs with a value on the subject but scored under another architecture version, left out.
    public var excludedOtherVersions: Int

}

/// p25, p50 and p75 of a cohort's values (linear interpolation, numpy's default).
public struct CohortQuartiles: Sendable, Hashable {
    /// The 25th percentile.
    public var p25: Double
    /// The median.
    public var p50: Double
    /// The 75th percentile.
    public var p75: Double

    /// Creates quartiles.
    public init(p25: Double, p50: Double, p75: Double) {
        self.p25 = p25
        self.p50 = p50
        self.p75 = p75
    }
}

/// What a caller may see of the platform.
public struct BenchmarkAudience: Sendable, Hashable {
    /// The tenant the caller asks about (its programs are the `programs` of the result).
    public var tenant: String
    /// Tenants whose programs the caller may see by name (empty for a tenant's own users,
    /// the managed tenants for an account manager).
    public var namedTenants: Set<String>
    /// Whether the caller sees every tenant (platform admin).
    public var seesEveryTenant: Bool

    /// Creates an audience.
    public init(tenant: String, namedTenants: Set<String> = [], seesEveryTenant: Bool = false) {
        self.tenant = tenant
        self.namedTenants = namedTenants
        self.seesEveryTenant = seesEveryTenant
    }

    /// Whether `tenant`'s programs may appear by name.
    public func mayName(_ tenant: String) -> Bool { seesEveryTenant || namedTenants.contains(tenant) }
}

/// A benchmark for one tenant, period and subject, already cut to what its audience may see.
public struct BenchmarkResult: Sendable, Hashable {
    /// The subject.
    public var subject: BenchmarkSubject
    /// The caller's programs with a value on the subject, best first.
    public var programs: [BenchmarkedProgram]
    /// The cohort's counts and quartiles (or why withheld).
    public var cohort: CohortSummary
    /// The named platform ranking of the programs the audience may name; empty for a tenant's
    /// own users. Ranks count only the listed programs; percentiles are over the whole cohort
    /// and `nil` when the cohort is withheld.
    public var ranking: [RankedProgram]
}

/// The cross-platform benchmark (SPEC section 7).
///
/// ```swift
/// let result = PlatformBenchmark.benchmark(
///     all, subject: .composite, audience: BenchmarkAudience(tenant: "northwind"))
/// result.cohort.withheld  // nil once ≥ 5 programs from ≥ 3 tenants share the architecture version
/// ```
public enum PlatformBenchmark {
    /// The percentile of `value` among `values` (SPEC section 3); for a `down` subject computed
    /// on −value, so the best program has the highest percentile.
    public static func percentile(_ value: Double, in values: [Double], direction: Direction) -> Double? {
        direction == .down ? Percentile.of(-value, in: values.map { -$0 }) : Percentile.of(value, in: values)
    }

    /// Benchmarks `audience.tenant`'s programs on `subject` against every program in `all`.
    ///
    /// The cohort is the programs with a value on the subject scored under one architecture
    /// version: the version the caller's programs were scored under (the most common one among
    /// them, the highest on a tie), else the most common in `all`. Programs under another version
    /// are left out and counted. The cohort's quartiles and the percentiles are shown when the
    /// cohort passes `rule`, or when the caller sees every tenant in it; never otherwise.
    public static func benchmark(
        _ all: [ProgramScores], subject: BenchmarkSubject, audience: BenchmarkAudience, rule: KAnonymity = .spec
    ) -> BenchmarkResult {
        let scored = all.filter { $0.value(subject) != nil }
        let own = scored.filter { $0.tenant == audience.tenant }
        let version = dominantVersion(own) ?? dominantVersion(scored)
        let cohort = scored.filter { $0.architectureVersion == version }
        let values = cohort.compactMap { $0.value(subject) }
        let cohortTenants = Set(cohort.map(\.tenant))
        let visible = cohortTenants.allSatisfy(audience.mayName)
        let withheld = visible ? nil : rule.withheldReason(programs: cohort.count, tenants: cohortTenants.count)
        let direction = subject.direction
        func cohortPercentile(_ program: ProgramScores, _ value: Double) -> Double? {
            guard withheld == nil, program.architectureVersion == version else { return nil }
            return percentile(value, in: values, direction: direction)
        }
        let ownRanked = ProgramRanking.rank(own, on: subject)
        let ownByID = Dictionary(own.map { ($0.program, $0) }, uniquingKeysWith: { first, _ in first })
        let programs = ownRanked.map { ranked in
            BenchmarkedProgram(
                program: ranked.program, name: ranked.name, value: ranked.value, rank: ranked.rank,
                gapToLeader: ranked.gapToLeader,
                percentile: ownByID[ranked.program].flatMap { cohortPercentile($0, ranked.value) })
        }
        // Named ranking: only tenants the caller may name, only the cohort's architecture version.
        let named = cohort.filter { audience.mayName($0.tenant) }
        let ranking = ProgramRanking.rank(named, on: subject).map { row in
            var row = row
            row.percentile = withheld == nil ? percentile(row.value, in: values, direction: direction) : nil
            return row
        }
        let summary = CohortSummary(
            programs: cohort.count, tenants: cohortTenants.count,
            quartiles: withheld == nil ? Quantiles.quartiles(values).map { CohortQuartiles(p25: $0.p25, p50: $0.p50, p75: $0.p75) } : nil,
            withheld: withheld,
            architectureVersion: version, excludedOtherVersions: scored.count - cohort.count)
        return BenchmarkResult(
            subject: subject, programs: programs, cohort: summary, ranking: ranking)
    }

    /// The most common architecture version among `programs` (the highest on a tie); `nil` when empty.
    static func dominantVersion(_ programs: [ProgramScores]) -> Int? {
        var counts: [Int: Int] = [:]
        for program in programs { counts[program.architectureVersion, default: 0] += 1 }
        return counts.max { lhs, rhs in lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key < rhs.key }?.key
    }
}
