import GovernanceCore

/// How an incentive eligibility list is cut from the program's stack ranking (SPEC section 3).
public enum EligibilityRule: Sendable, Hashable {
    /// Ranks 1…n.
    case topN(Int)
    /// The best ⌊ranked × percent ÷ 100⌋ ranks (at least 1 when anyone is ranked).
    case topPercent(Double)
    /// Percentile ≥ the value.
    case minPercentile(Double)

    /// The rule's name in the protocol (`top_n`, `top_percent`, `min_percentile`).
    public var name: String {
        switch self {
        case .topN: return "top_n"
        case .topPercent: return "top_percent"
        case .minPercentile: return "min_percentile"
        }
    }

    /// The rule's parameter.
    public var value: Double {
        switch self {
        case .topN(let n): return Double(n)
        case .topPercent(let p), .minPercentile(let p): return p
        }
    }

    /// Parses a rule name and value; `nil` when the name is unknown or the value out of range.
    public init?(name: String, value: Double) {
        switch name {
        case "top_n" where value >= 1 && value == value.rounded() && value <= 100_000: self = .topN(Int(value))
        case "top_percent" where value > 0 && value <= 100: self = .topPercent(value)
        case "min_percentile" where value >= 0 && value <= 100: self = .minPercentile(value)
        default: return nil
        }
    }
}

/// One ranked agent as the eligibility rule sees it.
public struct RankedCandidate: Sendable, Hashable {
    /// The agent.
    public var agentID: String
    /// 1-based rank (SPEC section 3).
    public var rank: Int
    /// The (gate-capped) composite.
    public var composite: Double
    /// Percentile among the ranked agents.
    public var percentile: Double
    /// A failed gate capped the composite.
    public var gateCapped: Bool

    /// Creates a candidate.
    public init(agentID: String, rank: Int, composite: Double, percentile: Double, gateCapped: Bool) {
        self.agentID = agentID
        self.rank = rank
        self.composite = composite
        self.percentile = percentile
        self.gateCapped = gateCapped
    }
}

/// Incentive eligibility from the stack ranking.
public enum Eligibility {
    /// The candidates `rule` selects, best rank first, and a sentence recording the rule used.
    ///
    /// The cut is made on the full ranking (so ranks keep their meaning); an agent whose composite
    /// was capped by a failed gate is then left out: a compliance failure is never rewarded.
    public static func list(_ ranked: [RankedCandidate], rule: EligibilityRule) -> (eligible: [RankedCandidate], ruleText: String) {
        let ordered = ranked.sorted { $0.rank < $1.rank }
        let cut: [RankedCandidate]
        let text: String
        switch rule {
        case .topN(let n):
            cut = ordered.filter { $0.rank <= n }
            text = "stack rank (SPEC section 3) ranks 1-\(n)"
        case .topPercent(let percent):
            let count = ordered.isEmpty ? 0 : max(Int((Double(ordered.count) * percent / 100 + boundTolerance).rounded(.down)), 1)
            cut = Array(ordered.prefix(count))
            text = "stack rank (SPEC section 3) top \(format(percent))% of \(ordered.count) ranked agents = \(count)"
        case .minPercentile(let minimum):
            cut = ordered.filter { $0.percentile >= minimum - boundTolerance }
            text = "stack rank (SPEC section 3) percentile >= \(format(minimum))"
        }
        return (cut.filter { !$0.gateCapped }, text + "; gate-capped agents excluded")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
