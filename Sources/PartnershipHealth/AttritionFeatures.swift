import Foundation
import GovernanceCore
import Scorecards

/// The seven attrition-risk features of SPEC section 8, in model order.
public enum AttritionFeature: String, CaseIterable, Sendable, Hashable {
    /// ln(1 + days since `hired_on` ÷ 30.4375).
    case tenure
    /// The agent's qa_score pooled over the 3 months ending at the month.
    case qaScore = "qa_score"
    /// The agent's adherence over those 3 months.
    case adherence
    /// The agent's csat over those 3 months.
    case csat
    /// The agent's AHT over those 3 months ÷ the program's.
    case ahtRatio = "aht_ratio"
    /// Coaching sessions held with the agent in those 3 months.
    case coachingSessions = "coaching_sessions"
    /// The agent's last engagement score on or before the month end.
    case engagement
}

/// A roster row with its program, as the risk model needs it.
public struct AttritionAgent: Sendable, Hashable {
    /// The agent's id.
    public var agentID: String
    /// The agent's program.
    public var programID: String
    /// First active day.
    public var hiredOn: LocalDate
    /// First day no longer active; `nil` while employed.
    public var terminatedOn: LocalDate?

    /// Creates an agent.
    public init(agentID: String, programID: String, hiredOn: LocalDate, terminatedOn: LocalDate? = nil) {
        self.agentID = agentID
        self.programID = programID
        self.hiredOn = hiredOn
        self.terminatedOn = terminatedOn
    }

    /// Active on `day` (SPEC section 2).
    public func isActive(on day: LocalDate) -> Bool {
        RosterEntry(agentID: agentID, hiredOn: hiredOn, terminatedOn: terminatedOn).isActive(on: day)
    }
}

/// A program's per-agent totals for one month (the agent-level inputs of qa_score, adherence, csat, AHT).
public struct AgentMonthActivity: Sendable, Hashable {
    /// Interaction totals by agent (the program's unassigned abandons may sit under `""`).
    public var interactions: [String: InteractionTotals]
    /// Non-calibration evaluation totals by agent.
    public var evaluations: [String: EvaluationTotals]
    /// Agent-day totals by agent.
    public var agentDays: [String: AgentDayTotals]

    /// Creates a month's activity.
    public init(
        interactions: [String: InteractionTotals] = [:], evaluations: [String: EvaluationTotals] = [:],
        agentDays: [String: AgentDayTotals] = [:]
    ) {
        self.interactions = interactions
        self.evaluations = evaluations
        self.agentDays = agentDays
    }
}

/// Everything the attrition-risk model reads for one tenant.
public struct AttritionHistory: Sendable, Hashable {
    /// Every roster row of the tenant.
    public var roster: [AttritionAgent]
    /// Per program, per month, the agents' activity totals.
    public var activity: [String: [Month: AgentMonthActivity]]
    /// Coaching session dates (`held_on`) by agent.
    public var coaching: [String: [LocalDate]]
    /// Engagement responses by agent.
    public var engagement: [String: [EngagementResponse]]
    /// The first month of the tenant's history (its earliest activity record).
    public var firstMonth: Month
    /// The last day of data: labels need month end + 60 days ≤ this day; the latest month is its month.
    public var lastDay: LocalDate

    /// Creates a history.
    public init(
        roster: [AttritionAgent], activity: [String: [Month: AgentMonthActivity]] = [:],
        coaching: [String: [LocalDate]] = [:], engagement: [String: [EngagementResponse]] = [:],
        firstMonth: Month, lastDay: LocalDate
    ) {
        self.roster = roster
        self.activity = activity
        self.coaching = coaching
        self.engagement = engagement
        self.firstMonth = firstMonth
        self.lastDay = lastDay
    }
}

/// One agent at one month end: its features and, when known, its label.
public struct AttritionObservation: Sendable, Hashable {
    /// The agent.
    public var agentID: String
    /// The agent's program.
    public var programID: String
    /// The month whose last day the features are taken at.
    public var month: Month
    /// Raw feature values in ``AttritionFeature`` order, after the program-mean imputation; `nil`
    /// where every agent of the program missed the feature (filled from the training mean later).
    public var values: [Double?]
    /// Which values were imputed (missing for this agent).
    public var imputed: [Bool]
    /// Terminated in (month end, month end + 60 days]; `nil` when not known yet.
    public var label: Bool?
}

/// Builds the SPEC section 8 features.
public enum AttritionFeatures {
    /// Days in an average month, for the tenure feature.
    public static let daysPerMonth = 30.4375
    /// The label horizon: a termination within this many days after the month end.
    public static let horizonDays = 60
    /// Months pooled for the activity features (the month and the two before it).
    public static let poolMonths = 3

    /// The observations of every agent active on `month`'s last day.
    public static func observations(at month: Month, history: AttritionHistory) -> [AttritionObservation] {
        let end = month.lastDay
        let window = month.adding(months: -(poolMonths - 1))...month
        let labelKnown = end.adding(days: horizonDays) <= history.lastDay
        let calculator = MetricCalculator()
        var result: [AttritionObservation] = []
        let byProgram = Dictionary(grouping: history.roster.filter { $0.isActive(on: end) }, by: \.programID)
        for (program, agents) in byProgram.sorted(by: { $0.key < $1.key }) {
            // Pool the program's 3 months per agent.
            var interactions: [String: InteractionTotals] = [:]
            var evaluations: [String: EvaluationTotals] = [:]
            var agentDays: [String: AgentDayTotals] = [:]
            for (activityMonth, activity) in history.activity[program] ?? [:] where window.contains(activityMonth) {
                interactions.merge(activity.interactions, uniquingKeysWith: +)
                evaluations.merge(activity.evaluations, uniquingKeysWith: +)
                agentDays.merge(activity.agentDays, uniquingKeysWith: +)
            }
            func metric(_ metric: Metric, _ agent: String?) -> Double? {
                let totals = agent.map { interactions[$0] ?? .zero } ?? interactions.values.reduce(.zero, +)
                return calculator.computed(
                    metric, interactions: totals, evaluations: agent.flatMap { evaluations[$0] } ?? .zero,
                    agentDays: agent.flatMap { agentDays[$0] } ?? .zero, partnership: nil, programCost: nil
                ).value
            }
            let programAHT = metric(.ahtSeconds, nil)
            let windowStart = window.lowerBound.firstDay

            var rows: [(AttritionAgent, [Double?])] = []
            for agent in agents.sorted(by: { $0.agentID < $1.agentID }) {
                let id = agent.agentID
                let tenure = log(1 + Double(agent.hiredOn.days(to: end)) / daysPerMonth)
                let aht = metric(.ahtSeconds, id)
                let ahtRatio: Double? =
                    if let aht, let programAHT, programAHT > 0 { aht / programAHT } else { nil }
                let coaching = (history.coaching[id] ?? []).count(where: { $0 >= windowStart && $0 <= end })
                let engagement = (history.engagement[id] ?? []).filter { $0.surveyedOn <= end }
                    .max(by: { $0.surveyedOn < $1.surveyedOn })
                rows.append((
                    agent,
                    [
                        tenure, metric(.qaScore, id), metric(.adherence, id), metric(.csat, id), ahtRatio,
                        Double(coaching), engagement.map { Double($0.score) },
                    ]
                ))
            }
            // A missing value takes the mean of the feature over the program's agents that month end.
            let featureCount = AttritionFeature.allCases.count
            let means: [Double?] = (0..<featureCount).map { j in
                let present = rows.compactMap { $0.1[j] }
                return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
            }
            for (agent, values) in rows {
                let label: Bool? =
                    labelKnown
                    ? agent.terminatedOn.map { $0 > end && $0 <= end.adding(days: horizonDays) } ?? false : nil
                result.append(
                    AttritionObservation(
                        agentID: agent.agentID, programID: program, month: month,
                        values: values.indices.map { values[$0] ?? means[$0] },
                        imputed: values.map { $0 == nil }, label: label))
            }
        }
        return result
    }
}
