import GovernanceCore

/// The grouping a training-needs analysis compares with the program.
public enum NeedLevel: String, Sendable, Hashable, CaseIterable {
    /// Roster teams.
    case team
    /// Roster sites.
    case site
    /// The program as a whole (needs ranked by failure rate).
    case program
}

/// What a training need is about: one QA form item or a whole section.
public enum NeedSubject: String, Sendable, Hashable {
    /// One QA form item.
    case item
    /// A QA form section (all its items).
    case section
}

/// One answer of one QA item in a non-calibration evaluation, with where the agent sits.
public struct QAItemAnswer: Sendable, Hashable {
    /// The evaluation the answer belongs to.
    public var evaluationID: String
    /// The evaluated agent.
    public var agentID: String
    /// The agent's roster team.
    public var teamID: String
    /// The agent's roster site.
    public var siteID: String
    /// The QA form item.
    public var itemID: String
    /// `compliance`, `resolution` or `conversation`.
    public var section: String
    /// Whether the answer failed the item (``failed(points:maxPoints:hardFail:)``).
    public var failed: Bool

    /// Creates an answer.
    public init(
        evaluationID: String, agentID: String, teamID: String, siteID: String, itemID: String, section: String,
        failed: Bool
    ) {
        self.evaluationID = evaluationID
        self.agentID = agentID
        self.teamID = teamID
        self.siteID = siteID
        self.itemID = itemID
        self.section = section
        self.failed = failed
    }

    /// Whether an item counts as failed: a hard-fail item answered 0 or left unanswered (SPEC
    /// section 4), a scored item earning less than half its points. `nil`: an unanswered scored
    /// item, which is not evidence either way.
    public static func failed(points: Double?, maxPoints: Double, hardFail: Bool) -> Bool? {
        if hardFail { return (points ?? 0) < 1 - boundTolerance }
        guard let points else { return nil }
        return points < 0.5 * maxPoints - boundTolerance
    }
}

/// One ranked training need with the evidence behind it.
public struct TrainingNeed: Sendable, Hashable {
    /// The grouping compared with the program.
    public var level: NeedLevel
    /// Team, site or program id.
    public var group: String
    /// Item or section.
    public var subject: NeedSubject
    /// Item id, or section name.
    public var key: String
    /// Failed answers in the group.
    public var failures: Int
    /// Answers in the group.
    public var answers: Int
    /// Distinct evaluations behind the answers.
    public var evaluations: Int
    /// 100 × failures ÷ answers.
    public var failureRate: Double
    /// The program's failure rate for the same item or section.
    public var programFailureRate: Double
    /// failureRate − programFailureRate (percentage points); for the program level, its failure rate.
    public var gapPoints: Double
}

/// Training-needs analysis from QA answers.
///
/// ```swift
/// let needs = TrainingNeeds.rank(answers, level: .team, program: "nw-care", minAnswers: 5)
/// needs.first  // the team item failing most often compared with the program
/// ```
public enum TrainingNeeds {
    /// Item and section failure rates per group of `level`, compared with the program's.
    ///
    /// A need is listed when the group has at least `minAnswers` answers of it, at least one
    /// failure and (team and site levels) fails more often than the program. Ranked by gap
    /// descending, then failures descending, then group, subject (items first) and key.
    public static func rank(_ answers: [QAItemAnswer], level: NeedLevel, program: String, minAnswers: Int) -> [TrainingNeed] {
        struct Key: Hashable {
            var group: String
            var subject: NeedSubject
            var key: String
        }
        struct Tally {
            var failures = 0
            var answers = 0
            var evaluations = Set<String>()
            var rate: Double { answers == 0 ? 0 : 100 * Double(failures) / Double(answers) }
            mutating func add(_ answer: QAItemAnswer) {
                answers += 1
                if answer.failed { failures += 1 }
                evaluations.insert(answer.evaluationID)
            }
        }
        var programTallies: [Key: Tally] = [:]
        var groupTallies: [Key: Tally] = [:]
        for answer in answers {
            let group: String
            switch level {
            case .team: group = answer.teamID
            case .site: group = answer.siteID
            case .program: group = program
            }
            for (subject, key) in [(NeedSubject.item, answer.itemID), (.section, answer.section)] {
                programTallies[Key(group: program, subject: subject, key: key), default: Tally()].add(answer)
                groupTallies[Key(group: group, subject: subject, key: key), default: Tally()].add(answer)
            }
        }
        var needs: [TrainingNeed] = []
        for (key, tally) in groupTallies where tally.answers >= max(minAnswers, 1) && tally.failures > 0 {
            let programRate = programTallies[Key(group: program, subject: key.subject, key: key.key)]?.rate ?? 0
            let gap = level == .program ? tally.rate : tally.rate - programRate
            guard gap > boundTolerance else { continue }
            needs.append(
                TrainingNeed(
                    level: level, group: key.group, subject: key.subject, key: key.key, failures: tally.failures,
                    answers: tally.answers, evaluations: tally.evaluations.count, failureRate: tally.rate,
                    programFailureRate: programRate, gapPoints: gap))
        }
        return needs.sorted { lhs, rhs in
            if abs(lhs.gapPoints - rhs.gapPoints) > boundTolerance { return lhs.gapPoints > rhs.gapPoints }
            if lhs.failures != rhs.failures { return lhs.failures > rhs.failures }
            if lhs.group != rhs.group { return lhs.group < rhs.group }
            if lhs.subject != rhs.subject { return lhs.subject == .item }
            return lhs.key < rhs.key
        }
    }
}

/// An agent whose metric trend shows a skill gap.
public struct SkillGap: Sendable, Hashable {
    /// The agent.
    public var agentID: String
    /// The configured agent-level metric.
    public var metric: Metric
    /// The values of the 3 months ending at the analysed month, oldest first.
    public var values: [Double]
    /// The program target.
    public var target: Double
    /// The program threshold.
    public var threshold: Double
    /// |latest − target| ÷ |target − threshold|: how many bands the agent is short.
    public var shortfallBands: Double
}

/// Skill gaps from agents' metric trends.
public enum SkillGaps {
    /// The agents whose value of a configured agent-level metric is worse than the program target
    /// in each of the 3 months (all present) and whose latest value is no better than the first:
    /// a persistent, not improving gap. Ranked by shortfall descending, then agent and metric.
    /// - Parameters:
    ///   - values: agent → metric → the 3 monthly values oldest first (`nil` = no value that month).
    ///   - targets: metric → (target, threshold) of the program scorecard.
    public static func find(
        values: [String: [Metric: [Double?]]], targets: [Metric: (target: Double, threshold: Double)]
    ) -> [SkillGap] {
        var gaps: [SkillGap] = []
        for (agent, metrics) in values {
            for (metric, series) in metrics {
                guard let bounds = targets[metric], series.count == 3 else { continue }
                let present = series.compactMap { $0 }
                guard present.count == 3, let first = present.first, let last = present.last else { continue }
                let direction = metric.direction
                guard present.allSatisfy({ !GoalRules.meets($0, target: bounds.target, direction: direction) }) else {
                    continue
                }
                // Not improving: the latest value is no better than the first.
                let improved = direction == .up ? last > first + boundTolerance : last < first - boundTolerance
                guard !improved else { continue }
                let band = abs(bounds.target - bounds.threshold)
                gaps.append(
                    SkillGap(
                        agentID: agent, metric: metric, values: present, target: bounds.target,
                        threshold: bounds.threshold, shortfallBands: band > 0 ? abs(last - bounds.target) / band : 0))
            }
        }
        return gaps.sorted { lhs, rhs in
            if abs(lhs.shortfallBands - rhs.shortfallBands) > boundTolerance { return lhs.shortfallBands > rhs.shortfallBands }
            if lhs.agentID != rhs.agentID { return lhs.agentID < rhs.agentID }
            return lhs.metric < rhs.metric
        }
    }
}
