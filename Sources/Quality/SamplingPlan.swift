import GovernanceCore

/// An interaction a sampling plan may pick.
public struct SamplingCandidate: Sendable, Hashable {
    /// The interaction id.
    public var interactionID: String
    /// The agent who handled it.
    public var agentID: String
    /// Its channel.
    public var channel: Channel

    /// Creates a candidate.
    public init(interactionID: String, agentID: String, channel: Channel) {
        self.interactionID = interactionID
        self.agentID = agentID
        self.channel = channel
    }
}

/// A reproducible list of interactions to evaluate (issue 5): N per agent, stratified by
/// channel, excluding interactions already evaluated, so evaluators do not pick their own.
///
/// Per agent, the N places are shared among the agent's channels in proportion to the agent's
/// eligible interactions per channel (largest remainder; ties to the channel with more
/// interactions, then the channel name), every channel with interactions getting at least one
/// place while places remain; inside a channel, interactions are drawn without replacement by a
/// ``SeededGenerator`` seeded with the plan's seed and the agent id, after sorting by id — so the
/// same data and seed always give the same plan.
public struct SamplingPlan: Sendable, Hashable {
    /// One pick.
    public struct Pick: Sendable, Hashable {
        /// The agent.
        public var agentID: String
        /// The interaction to evaluate.
        public var interactionID: String
        /// Its channel.
        public var channel: Channel
    }

    /// The picks, by agent then channel then interaction id.
    public var picks: [Pick]
    /// Candidates after excluding evaluated interactions.
    public var eligible: Int
    /// Candidates excluded because they were already evaluated.
    public var excluded: Int

    /// Builds a plan.
    /// - Parameters:
    ///   - candidates: Answered interactions with an agent in the program and period.
    ///   - evaluated: Interaction ids already evaluated.
    ///   - perAgent: N (≥ 1).
    ///   - seed: The seed.
    public init(candidates: [SamplingCandidate], evaluated: Set<String>, perAgent: Int, seed: UInt64) {
        let eligible = candidates.filter { !evaluated.contains($0.interactionID) }
        self.eligible = eligible.count
        self.excluded = candidates.count - eligible.count
        var picks: [Pick] = []
        let byAgent = Dictionary(grouping: eligible, by: \.agentID)
        for agent in byAgent.keys.sorted() {
            let byChannel = Dictionary(grouping: byAgent[agent] ?? [], by: \.channel)
            let quotas = Self.allocate(perAgent, counts: byChannel.mapValues(\.count))
            var generator = SeededGenerator(seed: seed ^ SeededGenerator.seed(agent))
            for channel in byChannel.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                var pool = (byChannel[channel] ?? []).map(\.interactionID).sorted()
                var chosen: [String] = []
                for _ in 0..<min(quotas[channel] ?? 0, pool.count) {
                    chosen.append(pool.remove(at: generator.index(below: pool.count)))
                }
                picks += chosen.sorted().map { Pick(agentID: agent, interactionID: $0, channel: channel) }
            }
        }
        self.picks = picks
    }

    /// Shares `total` places among channels: one place to each channel first (most interactions
    /// first, then by name) while places remain, then the rest in proportion to what each channel
    /// has left (largest remainder, ties in the same order); never more than a channel holds.
    public static func allocate(_ total: Int, counts: [Channel: Int]) -> [Channel: Int] {
        let available = counts.values.reduce(0, +)
        guard total > 0, available > 0 else { return [:] }
        if total >= available { return counts }
        let order = counts.keys.filter { (counts[$0] ?? 0) > 0 }
            .sorted { (counts[$0] ?? 0, $1.rawValue) > (counts[$1] ?? 0, $0.rawValue) }
        var quotas: [Channel: Int] = [:]
        var left = total
        for channel in order where left > 0 {
            quotas[channel] = 1
            left -= 1
        }
        let capacity = order.map { (counts[$0] ?? 0) - (quotas[$0] ?? 0) }
        let room = capacity.reduce(0, +)
        guard left > 0, room > 0 else { return quotas }
        let share = left
        var remainders: [(index: Int, remainder: Double)] = []
        for (index, channel) in order.enumerated() {
            let exact = Double(share) * Double(capacity[index]) / Double(room)
            let whole = Int(exact.rounded(.down))
            quotas[channel, default: 0] += whole
            left -= whole
            remainders.append((index, exact - Double(whole)))
        }
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        for entry in remainders where left > 0 {
            let channel = order[entry.index]
            if (quotas[channel] ?? 0) < (counts[channel] ?? 0) {
                quotas[channel, default: 0] += 1
                left -= 1
            }
        }
        return quotas
    }
}
