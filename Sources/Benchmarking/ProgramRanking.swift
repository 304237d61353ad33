import GovernanceCore
import Scorecards

/// One program in a ranking on one subject.
public struct RankedProgram: Sendable, Hashable {
    /// The tenant of the program.
    public var tenant: String
    /// The program id.
    public var program: String
    /// The program's display name.
    public var name: String
    /// The program's value on the subject.
    public var value: Double
    /// 1 for the best; consecutive, no shared ranks.
    public var rank: Int
    /// How far the program is behind the leader, in the subject's unit (≥ 0; 0 for the leader and
    /// programs tied with it): leader − value for `up`, value − leader for `down`.
    public var gapToLeader: Double
    /// Percentile of the value in the platform cohort (SPEC section 3; on −value for `down`);
    /// `nil` inside a tenant's own ranking and whenever the cohort is withheld from the caller.
    public var percentile: Double?
}

/// Named rankings of programs (SPEC sections 3 and 7).
///
/// ```swift
/// let ranked = ProgramRanking.rank(programs, on: .metric(.ahtSeconds))
/// ranked.first?.program  // the lowest AHT
/// ```
public enum ProgramRanking {
    /// The programs with a value on `subject`, best first: by value (descending for `up`,
    /// ascending for `down`; values within 1e-9 tie), then answered descending, then tenant
    /// and program id ascending.
    public static func rank(_ programs: [ProgramScores], on subject: BenchmarkSubject) -> [RankedProgram] {
        let sign: Double = subject.direction == .down ? -1 : 1
        var byKey: [String: ProgramScores] = [:]
        var entries: [RankingEntry] = []
        for program in programs {
            guard let value = program.value(subject) else { continue }
            // The key orders as tenant then program (NUL sorts first), so the last tie-breaker is stable.
            let key = program.tenant + "\u{0}" + program.program
            byKey[key] = program
            entries.append(RankingEntry(agentID: key, composite: sign * value, answered: program.answered))
        }
        let ranked = Ranking.rank(entries)
        guard let best = ranked.first?.composite else { return [] }
        return ranked.compactMap { entry in
            guard let program = byKey[entry.agentID] else { return nil }
            let gap = best - entry.composite
            return RankedProgram(
                tenant: program.tenant, program: program.program, name: program.name, value: sign * entry.composite,
                rank: entry.rank, gapToLeader: gap <= Percentile.tolerance ? 0 : gap, percentile: nil)
        }
    }

    /// The leading program of each category that some program has a score for, in catalog
    /// order ("who should we learn from").
    public static func categoryLeaders(_ programs: [ProgramScores]) -> [(category: Category, leader: RankedProgram)] {
        Category.allCases.compactMap { category in
            rank(programs, on: .category(category)).first.map { (category, $0) }
        }
    }
}
