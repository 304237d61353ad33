import GovernanceCore

/// Everything a program's scorecards for one period are computed from: additive totals per
/// agent (from the daily rollups), the program's roster, plan, engagement and reported values.
///
/// Storage fills it; ``ScorecardEngine`` turns it into scorecards. Agent id `""` holds records
/// without an agent (abandoned contacts): they count for the program, never for an agent.
public struct ScorecardInputs: Sendable, Hashable {
    public var period: Period
    public var interactions: [String: InteractionTotals]
    public var evaluations: [String: EvaluationTotals]
    public var agentDays: [String: AgentDayTotals]
    /// The program's roster (every row, whatever its dates).
    public var roster: [RosterEntry]
    public var plannedFTE: [Month: Double]
    /// The program's engagement responses (the calculator picks the trailing 3 months).
    public var engagement: [EngagementResponse]
    public var reported: ReportedValues

    public init(
        period: Period, interactions: [String: InteractionTotals] = [:], evaluations: [String: EvaluationTotals] = [:],
        agentDays: [String: AgentDayTotals] = [:], roster: [RosterEntry] = [], plannedFTE: [Month: Double] = [:],
        engagement: [EngagementResponse] = [], reported: ReportedValues = .none
    ) {
        self.period = period
        self.interactions = interactions
        self.evaluations = evaluations
        self.agentDays = agentDays
        self.roster = roster
        self.plannedFTE = plannedFTE
        self.engagement = engagement
        self.reported = reported
    }

    /// Program-wide interaction totals.
    public var programInteractions: InteractionTotals { interactions.values.reduce(.zero, +) }
    /// Program-wide evaluation totals.
    public var programEvaluations: EvaluationTotals { evaluations.values.reduce(.zero, +) }
    /// Program-wide agent-day totals.
    public var programAgentDays: AgentDayTotals { agentDays.values.reduce(.zero, +) }

    /// Agents who get a scorecard (SPEC section 3): on the roster on any day of the period,
    /// or with records in it.
    public var agentIDs: [String] {
        var ids = Set<String>()
        let first = period.firstDay, last = period.lastDay
        // Active on some day d of the period: hired_on ≤ d < terminated_on (SPEC section 2).
        for entry in roster where entry.hiredOn <= last && (entry.terminatedOn.map { $0 > max(entry.hiredOn, first) } ?? true) {
            ids.insert(entry.agentID)
        }
        ids.formUnion(interactions.keys)
        ids.formUnion(evaluations.keys)
        ids.formUnion(agentDays.keys)
        ids.remove("")
        return ids.sorted()
    }
}

/// One agent's scorecard with its place in the program's ranking.
public struct AgentScorecard: Sendable, Hashable {
    public var agentID: String
    public var scorecard: Scorecard
    /// Answered contacts of the agent in the period (the ranking's tie-breaker).
    public var answered: Int
    /// 1-based rank; `nil` for agents without a composite (unranked).
    public var rank: Int?
    /// Percentile among ranked agents; `nil` when unranked.
    public var percentile: Double?
}

/// Computes program and agent scorecards for a period (SPEC sections 2 and 3).
///
/// ```swift
/// let engine = ScorecardEngine(formula: .offered, architecture: architecture, config: config)
/// let card = engine.programScorecard(inputs)
/// let ranking = engine.agentScorecards(inputs)   // ranked first, then unranked by id
/// ```
public struct ScorecardEngine: Sendable {
    public var calculator: MetricCalculator
    public var architecture: Architecture
    public var config: ScorecardConfig

    public init(formula: ServiceLevelFormula, architecture: Architecture, config: ScorecardConfig) {
        self.calculator = MetricCalculator(serviceLevelFormula: formula, minSample: architecture.minSample)
        self.architecture = architecture
        self.config = config
    }

    /// The program's metric values for the period.
    public func programMetrics(_ inputs: ScorecardInputs) -> MetricSet {
        calculator.programMetrics(inputs)
    }

    /// The program's scorecard and its metric values.
    public func programScorecard(_ inputs: ScorecardInputs) -> (scorecard: Scorecard, metrics: MetricSet) {
        let metrics = programMetrics(inputs)
        return (Scorer.scorecard(for: metrics, config: config, architecture: architecture), metrics)
    }

    /// One agent's scorecard (not ranked).
    public func agentScorecard(_ agentID: String, _ inputs: ScorecardInputs) -> AgentScorecard {
        let metrics = calculator.agentMetrics(
            agentID: agentID, for: inputs.period, interactions: inputs.interactions[agentID] ?? .zero,
            evaluations: inputs.evaluations[agentID] ?? .zero, agentDays: inputs.agentDays[agentID] ?? .zero)
        return AgentScorecard(
            agentID: agentID, scorecard: Scorer.scorecard(for: metrics, config: config, architecture: architecture),
            answered: inputs.interactions[agentID]?.answered ?? 0, rank: nil, percentile: nil)
    }

    /// Every agent's scorecard, ranked (SPEC section 3): ranked agents by rank, then the
    /// unranked ones (no composite) by agent id.
    public func agentScorecards(_ inputs: ScorecardInputs) -> [AgentScorecard] {
        var cards = Dictionary(uniqueKeysWithValues: inputs.agentIDs.map { ($0, agentScorecard($0, inputs)) })
        let ranked = Ranking.rank(
            cards.values.map { RankingEntry(agentID: $0.agentID, composite: $0.scorecard.composite, answered: $0.answered) })
        var ordered: [AgentScorecard] = []
        for entry in ranked {
            guard var card = cards.removeValue(forKey: entry.agentID) else { continue }
            card.rank = entry.rank
            card.percentile = entry.percentile
            ordered.append(card)
        }
        ordered += cards.values.sorted { $0.agentID < $1.agentID }
        return ordered
    }
}

extension MetricCalculator {
    /// Every catalog metric of a program for `inputs.period`, from the inputs storage reads
    /// (the scorecard engine and the SLA ledger both use this, so they never disagree).
    public func programMetrics(_ inputs: ScorecardInputs) -> MetricSet {
        let partnership = PartnershipCalculator.totals(
            roster: inputs.roster, plannedFTE: inputs.plannedFTE, engagement: inputs.engagement, period: inputs.period)
        return programMetrics(
            for: inputs.period, interactions: inputs.programInteractions, evaluations: inputs.programEvaluations,
            agentDays: inputs.programAgentDays, partnership: partnership, reported: inputs.reported)
    }
}
