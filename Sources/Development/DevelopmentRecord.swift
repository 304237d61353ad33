import GovernanceCore

/// The kinds of people-development records kept for audits.
public enum DevelopmentRecordKind: String, Sendable, Hashable, CaseIterable {
    /// A performance improvement plan: metrics and targets, review dates, outcome.
    case improvementPlan = "improvement_plan"
    /// A recognition record.
    case recognition
    /// A disciplinary note.
    case disciplinary
}

/// Outcomes of an improvement plan.
public enum PlanOutcome: String, Sendable, Hashable, CaseIterable {
    /// Running.
    case open
    /// The targets were met.
    case completed
    /// Given more time.
    case extended
    /// The targets were not met.
    case failed
}

/// The per-tenant retention rule of signed-off records.
public enum RetentionPolicy {
    /// Seven years, the common employment-record retention, when a tenant sets none.
    public static let defaultDays = 2555

    /// Whether a record signed off on `signedOn` is due for purging on `asOf`: it is kept for
    /// `retentionDays` whole days after its sign-off date and purged from day signedOn + retentionDays.
    /// Unsigned records are live documents and never due.
    public static func isDue(signedOn: LocalDate?, retentionDays: Int, asOf: LocalDate) -> Bool {
        guard let signedOn else { return false }
        return asOf >= signedOn.adding(days: retentionDays)
    }
}
