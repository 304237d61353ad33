import GovernanceCore

/// A definition that changes by new versions, each in force from a month (SPEC section 10).
public protocol Versioned {
    /// The version number.
    var version: Int { get }
    /// The first month the version is in force.
    var effectiveFrom: Month { get }
}

/// Picks the version of a definition in force for a period (SPEC section 10).
///
/// ```swift
/// let config = VersionResolver.inForce(for: .quarter(year: 2026, quarter: 3), among: program.scorecards)
/// ```
public enum VersionResolver {
    /// The version in force at `month`: the latest `effectiveFrom ≤ month` (on a tie, the highest version
    /// number); `nil` when every version starts later.
    public static func inForce<V: Versioned>(at month: Month, among versions: some Sequence<V>) -> V? {
        var best: V?
        for candidate in versions where candidate.effectiveFrom <= month {
            guard let current = best else {
                best = candidate
                continue
            }
            if (candidate.effectiveFrom, candidate.version) > (current.effectiveFrom, current.version) {
                best = candidate
            }
        }
        return best
    }

    /// The version in force for `period`: the one in force at the period's first month.
    public static func inForce<V: Versioned>(for period: Period, among versions: some Sequence<V>) -> V? {
        inForce(at: period.firstMonth, among: versions)
    }

    /// The version numbered `number` (any period can be re-scored under any version on request).
    public static func version<V: Versioned>(_ number: Int, among versions: some Sequence<V>) -> V? {
        versions.first { $0.version == number }
    }
}
