import GovernanceCore
import Scorecards

/// For one agent-level metric, how many agents met the target in the review month.
public struct AgentTargetCheck: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// The target of the review month's scorecard version.
    public var target: Double
    /// Agents with a scored value (a value with a sufficient sample) for the metric.
    public var agents: Int
    /// Of those, the agents whose value meets the target (at least as good, within 1e-9).
    public var meetingTarget: Int
    /// 100 × meetingTarget ÷ agents; `nil` without agents.
    public var sharePercent: Double?
    /// The share is at least 90 %: the target no longer distinguishes performers.
    public var flagged: Bool

    /// The note shown with a flagged metric.
    public static let flagNote = "target no longer distinguishes performers"
    /// The share (percent) from which a metric is flagged.
    public static let flagSharePercent = 90.0

    /// Counts the agents meeting `config`'s target among `agentValues` (one scored value per agent).
    public static func check(_ config: MetricConfig, agentValues: [Double]) -> AgentTargetCheck {
        let meeting = agentValues.filter { value in
            switch config.metric.direction {
            case .up: return value >= config.target - boundTolerance
            case .down: return value <= config.target + boundTolerance
            }
        }.count
        let share = agentValues.isEmpty ? nil : 100 * Double(meeting) / Double(agentValues.count)
        return AgentTargetCheck(
            metric: config.metric, target: config.target, agents: agentValues.count, meetingTarget: meeting,
            sharePercent: share, flagged: share.map { $0 >= flagSharePercent - boundTolerance } ?? false)
    }
}
