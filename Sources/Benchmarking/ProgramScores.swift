import GovernanceCore

/// One program's scored figures for a period: what benchmarking compares (SPEC section 7).
///
/// Built from a program scorecard by the server; only *scored* values belong here (a
/// composite or category with a score, a metric with a value that entered scoring).
public struct ProgramScores: Sendable, Hashable {
    /// The tenant the program belongs to.
    public var tenant: String
    /// The program id (unique inside its tenant only).
    public var program: String
    /// The program's display name.
    public var name: String
    /// The architecture version the period was scored under.
    public var architectureVersion: Int
    /// Answered contacts in the period (the ranking's tie-breaker, as for agents in SPEC section 3).
    public var answered: Int
    /// The gate-capped composite.
    public var composite: Double?
    /// Scored categories.
    public var categories: [Category: Double]
    /// Scored metric values.
    public var metrics: [Metric: Double]

    /// Creates a program's figures.
    public init(
        tenant: String, program: String, name: String = "", architectureVersion: Int, answered: Int = 0,
        composite: Double?, categories: [Category: Double] = [:], metrics: [Metric: Double] = [:]
    ) {
        self.tenant = tenant
        self.program = program
        self.name = name
        self.architectureVersion = architectureVersion
        self.answered = answered
        self.composite = composite
        self.categories = categories
        self.metrics = metrics
    }

    /// The program's scored value for `subject`, or `nil` when it has none.
    public func value(_ subject: BenchmarkSubject) -> Double? {
        let value: Double?
        switch subject {
        case .composite: value = composite
        case .category(let category): value = categories[category]
        case .metric(let metric): value = metrics[metric]
        }
        return value.flatMap { $0.isFinite ? $0 : nil }
    }
}
