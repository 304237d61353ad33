/// One agent's figures for ranking (SPEC section 3).
public struct RankingEntry: Sendable, Hashable {
    /// The agent's id.
    public var agentID: String
    /// The agent's composite; agents without one are unranked.
    public var composite: Double?
    /// The agent's answered count in the period (the first tie-breaker).
    public var answered: Int

    /// Creates an entry.
    public init(agentID: String, composite: Double?, answered: Int) {
        self.agentID = agentID
        self.composite = composite
        self.answered = answered
    }
}

/// One ranked agent.
public struct RankedAgent: Sendable, Hashable {
    /// The agent's id.
    public var agentID: String
    /// The agent's composite.
    public var composite: Double
    /// The agent's answered count.
    public var answered: Int
    /// 1 for the best; consecutive, no shared ranks.
    public var rank: Int
    /// The percentile of the composite among the ranked agents' composites (``Percentile/of(_:in:)``).
    public var percentile: Double

    /// Creates a ranked agent.
    public init(agentID: String, composite: Double, answered: Int, rank: Int, percentile: Double) {
        self.agentID = agentID
        self.composite = composite
        self.answered = answered
        self.rank = rank
        self.percentile = percentile
    }
}

/// Ranks a program's agents for a period (SPEC section 3).
///
/// ```swift
/// let entries = cards.map { RankingEntry(agentID: $0.id, composite: $0.composite, answered: $0.answered) }
/// let ranked = Ranking.rank(entries)
/// ranked.first?.rank  // 1
/// ```
public enum Ranking {
    /// Agents with a composite, by composite descending, then answered descending, then agent id ascending
    /// (plain `String` order); ranks 1…n and percentiles within the ranked set.
    ///
    /// Composites within 1e-9 of each other (SPEC section 1) count as tied, so the tie-breakers decide.
    public static func rank(_ entries: [RankingEntry]) -> [RankedAgent] {
        let ranked = entries.compactMap { entry in entry.composite.map { (entry, $0) } }
            .filter { $0.1.isFinite }
            .sorted { $0.1 > $1.1 }
        // Group composites that tie within the tolerance of the group's best, then order each group.
        var ordered: [(entry: RankingEntry, composite: Double)] = []
        var start = 0
        while start < ranked.count {
            var end = start + 1
            while end < ranked.count, ranked[start].1 - ranked[end].1 <= Percentile.tolerance { end += 1 }
            let group = ranked[start..<end].sorted { lhs, rhs in
                if lhs.0.answered != rhs.0.answered { return lhs.0.answered > rhs.0.answered }
                return lhs.0.agentID < rhs.0.agentID
            }
            ordered.append(contentsOf: group.map { (entry: $0.0, composite: $0.1) })
            start = end
        }
        let composites = ordered.map(\.composite)
        return ordered.enumerated().map { index, item in
            RankedAgent(
                agentID: item.entry.agentID, composite: item.composite, answered: item.entry.answered,
                rank: index + 1, percentile: Percentile.of(item.composite, in: composites) ?? 0)
        }
    }
}
