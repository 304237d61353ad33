/// Additive sums over workforce-management agent days (`agent_days.csv`, SPEC section 2).
///
/// ```swift
/// let week = days.reduce(AgentDayTotals.zero, +)
/// ```
public struct AgentDayTotals: Sendable, Hashable {
    /// Number of agent-day rows (the `n` of `adherence`, and part of the `n` of `occupancy`).
    public var agentDays: Int
    /// Σ `scheduled_seconds`.
    public var scheduledSeconds: Double
    /// Σ `available_seconds` (idle and ready for a contact).
    public var availableSeconds: Double
    /// Σ `adherent_seconds`.
    public var adherentSeconds: Double

    /// Creates totals; every field defaults to zero.
    public init(
        agentDays: Int = 0, scheduledSeconds: Double = 0, availableSeconds: Double = 0, adherentSeconds: Double = 0
    ) {
        self.agentDays = agentDays
        self.scheduledSeconds = scheduledSeconds
        self.availableSeconds = availableSeconds
        self.adherentSeconds = adherentSeconds
    }

    /// Totals of no agent days.
    public static let zero = AgentDayTotals()

    /// The field-by-field sum of two totals.
    public static func + (lhs: AgentDayTotals, rhs: AgentDayTotals) -> AgentDayTotals {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// Adds `rhs` field by field.
    public static func += (lhs: inout AgentDayTotals, rhs: AgentDayTotals) {
        lhs.agentDays += rhs.agentDays
        lhs.scheduledSeconds += rhs.scheduledSeconds
        lhs.availableSeconds += rhs.availableSeconds
        lhs.adherentSeconds += rhs.adherentSeconds
    }
}
