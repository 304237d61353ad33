import GovernanceCore

/// Whether an SLA was met in a month (SPEC section 6).
public enum SLAStatus: String, Sendable, Hashable {
    /// The value is not worse than `minimum`.
    case met
    /// The value is worse than `minimum`, or there is no value.
    case missed
    /// An exclusion is recorded for the SLA and month: neither met nor missed.
    case excluded
}

/// Where the earn-back of a critical miss stands (SPEC section 6).
public enum EarnBackStatus: String, Sendable, Hashable {
    /// Not a critical miss, or the contract has no earn-back (`earn_back_months: 0`).
    case none
    /// Fewer than `earn_back_months` met months since the miss, and no later miss yet.
    case pending
    /// Met in each of the next `earn_back_months` present months: the credit is returned.
    case earnedBack = "earned_back"
    /// Missed again before the window was complete: the credit stays.
    case forfeited
}

/// One SLA in one month.
public struct SLAOutcome: Sendable, Hashable {
    /// The SLA as in force that month.
    public var agreement: ServiceLevelAgreement
    /// The metric's value (whatever its sample size); `nil` when there is none.
    public var value: Double?
    /// Met, missed or excluded.
    public var status: SLAStatus
    /// Missed because there is no value.
    public var noValue: Bool { status == .missed && value == nil }
    /// Met, but worse than `expected`.
    public var worseThanExpected: Bool
    /// The credit before the cap (critical misses only, else 0).
    public var uncappedCredit: Double = 0
    /// The credit after the month's cap (pro rata by allocation when capped).
    public var credit: Double = 0
    /// The earn-back of this miss.
    public var earnBack: EarnBackStatus = .none
    /// The month the credit was earned back, or the later miss that forfeited it.
    public var earnBackMonth: Month?
    /// Met months counted toward the earn-back so far.
    public var earnBackMonthsMet: Int = 0
    /// The credit returned (the capped credit once earned back, else 0).
    public var creditReturned: Double = 0
}

/// A key SLA missed in a month and the two months before (SPEC section 6).
public struct SLAEscalation: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// The first month of the run of consecutive misses.
    public var since: Month
    /// Consecutive missed months ending at the month listed (≥ 3).
    public var monthsMissed: Int

    /// Creates an escalation.
    public init(metric: Metric, since: Month, monthsMissed: Int) {
        self.metric = metric
        self.since = since
        self.monthsMissed = monthsMissed
    }
}

/// An expected-level default: in ≥ 4 of the 12 months ending at the month, the value was worse
/// than `expected` but not missed (SPEC section 6).
public struct ExpectedLevelDefault: Sendable, Hashable {
    /// The metric.
    public var metric: Metric
    /// The expected level in force at the month listed.
    public var expected: Double
    /// The months (within the 12) that were worse than expected but met.
    public var months: [Month]

    /// Creates a default.
    public init(metric: Metric, expected: Double, months: [Month]) {
        self.metric = metric
        self.expected = expected
        self.months = months
    }
}

/// Credits of a month or a year to date.
public struct CreditTotals: Sendable, Hashable {
    /// Σ credits of the months' critical misses, after the cap.
    public var total: Double = 0
    /// Σ credits earned back in the months (counted in the month the earn-back completed).
    public var returned: Double = 0
    /// `total − returned`.
    public var net: Double { total - returned }

    /// Creates totals.
    public init(total: Double = 0, returned: Double = 0) {
        self.total = total
        self.returned = returned
    }

    /// The sum of two totals.
    public static func + (lhs: CreditTotals, rhs: CreditTotals) -> CreditTotals {
        CreditTotals(total: lhs.total + rhs.total, returned: lhs.returned + rhs.returned)
    }
}

/// Every SLA of a program in one month, with credits, escalations and defaults.
public struct SLAMonth: Sendable, Hashable {
    /// The month.
    public var month: Month
    /// The SLA set in force (`nil` before the first version: no SLAs).
    public var version: Int?
    /// One outcome per SLA in force.
    public var outcomes: [SLAOutcome]
    /// The cap on the month's credits (the at-risk pool).
    public var cap: Double
    /// Whether the uncapped credits exceeded the cap (credits are then pro rata).
    public var capped: Bool
    /// The month's credits and the credits earned back in it.
    public var credits: CreditTotals
    /// Key SLAs missed in this month and the two before.
    public var escalations: [SLAEscalation]
    /// Expected-level defaults at this month.
    public var expectedDefaults: [ExpectedLevelDefault]

    /// The outcome of the SLA on `metric`, if one is in force.
    public func outcome(for metric: Metric) -> SLAOutcome? { outcomes.first { $0.agreement.metric == metric } }
}

/// An SLA and month an exclusion applies to.
public struct SLAMonthKey: Sendable, Hashable {
    /// The metric of the SLA.
    public var metric: Metric
    /// The month.
    public var month: Month

    /// Creates a key.
    public init(metric: Metric, month: Month) {
        self.metric = metric
        self.month = month
    }
}

/// The SLA ledger of one program: every month from its first SLA version to the last month with
/// data, evaluated with SPEC section 6.
///
/// ```swift
/// let ledger = SLALedger(
///     contract: SLAContract(monthlyFee: 250_000, atRiskPct: 12), versions: versions,
///     values: [month: [.serviceLevel: 71.5]], exclusions: [], through: lastDataMonth)
/// ledger[month]?.credits.net
/// ```
///
/// Decisions where SPEC is silent (README, SLA tracking): each month is judged with the set in force
/// that month (its minimum, expected and severity); a month in which no SLA on the metric is in
/// force counts, like an excluded month, as neither met nor missed for an earn-back window; an
/// escalation needs the key SLA missed in M, M−1 and M−2 (an excluded month breaks the run); an
/// expected-level default counts the months whose own set has an `expected` and whose value met
/// the minimum but was worse than it.
public struct SLALedger: Sendable {
    /// The commercial terms.
    public var contract: SLAContract
    /// The months evaluated, oldest first.
    public var months: [SLAMonth]

    /// Evaluates every month from the first version's `effectiveFrom` through `through`.
    ///
    /// - Parameters:
    ///   - contract: Fee, at-risk share, pool and earn-back months.
    ///   - versions: The SLA sets, any order.
    ///   - values: Metric values per month; a metric absent from a month's map has no value.
    ///   - exclusions: The SLAs and months with an active exclusion.
    ///   - through: The last month that has happened as far as the data says.
    public init(
        contract: SLAContract, versions: [SLASet], values: [Month: [Metric: Double]], exclusions: Set<SLAMonthKey>,
        through last: Month
    ) {
        self.contract = contract
        let sets = versions.sorted { $0.effectiveFrom < $1.effectiveFrom }
        guard let first = sets.first?.effectiveFrom, first <= last else {
            months = []
            return
        }
        let range = Month.range(from: first, to: last)
        var evaluated: [SLAMonth] = range.map { month in
            let set = sets.last { $0.effectiveFrom <= month }
            let outcomes = (set?.agreements ?? []).map { agreement in
                Self.outcome(agreement, value: values[month]?[agreement.metric], excluded: exclusions.contains(
                    SLAMonthKey(metric: agreement.metric, month: month)))
            }
            return SLAMonth(
                month: month, version: set?.version, outcomes: outcomes, cap: contract.cap, capped: false,
                credits: CreditTotals(), escalations: [], expectedDefaults: [])
        }
        for index in evaluated.indices { Self.applyCredits(&evaluated[index], contract: contract) }
        Self.applyEarnBack(&evaluated, earnBackMonths: contract.earnBackMonths)
        for index in evaluated.indices {
            evaluated[index].escalations = Self.escalations(evaluated, at: index)
            evaluated[index].expectedDefaults = Self.expectedDefaults(evaluated, at: index)
        }
        months = evaluated
    }

    /// The month `month`, if the ledger covers it.
    public subscript(month: Month) -> SLAMonth? {
        guard let first = months.first?.month else { return nil }
        let index = month.index - first.index
        return months.indices.contains(index) ? months[index] : nil
    }

    /// Credits from January of `month`'s year through `month`.
    public func yearToDate(_ month: Month) -> CreditTotals {
        months.filter { $0.month.year == month.year && $0.month <= month }.reduce(CreditTotals()) { $0 + $1.credits }
    }

    // MARK: Rules

    static func outcome(_ agreement: ServiceLevelAgreement, value: Double?, excluded: Bool) -> SLAOutcome {
        let status: SLAStatus
        if excluded {
            status = .excluded
        } else if let value {
            status = agreement.isWorse(value, than: agreement.minimum) ? .missed : .met
        } else {
            status = .missed
        }
        var worse = false
        if status == .met, let value, let expected = agreement.expected {
            worse = agreement.isWorse(value, than: expected)
        }
        return SLAOutcome(agreement: agreement, value: value, status: status, worseThanExpected: worse)
    }

    /// Credits of the critical misses, capped at the pool pro rata by allocation.
    static func applyCredits(_ month: inout SLAMonth, contract: SLAContract) {
        var uncapped = 0.0
        var allocated = 0.0
        for index in month.outcomes.indices
        where month.outcomes[index].status == .missed && month.outcomes[index].agreement.severity == .critical {
            let allocation = month.outcomes[index].agreement.allocationPct
            month.outcomes[index].uncappedCredit = contract.credit(allocationPct: allocation)
            uncapped += month.outcomes[index].uncappedCredit
            allocated += allocation
        }
        month.capped = uncapped > contract.cap + boundTolerance
        for index in month.outcomes.indices where month.outcomes[index].uncappedCredit > 0 {
            let outcome = month.outcomes[index]
            month.outcomes[index].credit =
                month.capped ? contract.cap * outcome.agreement.allocationPct / allocated : outcome.uncappedCredit
        }
        month.credits.total = month.outcomes.reduce(0) { $0 + $1.credit }
    }

    /// Walks each critical miss's window: excluded months (and months without an SLA on the
    /// metric) are skipped, a miss forfeits, `n` met months earn the credit back.
    static func applyEarnBack(_ months: inout [SLAMonth], earnBackMonths n: Int) {
        guard n > 0 else { return }
        for start in months.indices {
            for slot in months[start].outcomes.indices {
                let outcome = months[start].outcomes[slot]
                guard outcome.status == .missed, outcome.agreement.severity == .critical else { continue }
                var met = 0
                var result = EarnBackStatus.pending
                var resolvedAt: Int?
                for later in months.indices where later > start {
                    guard let next = months[later].outcome(for: outcome.agreement.metric), next.status != .excluded
                    else { continue }
                    if next.status == .missed {
                        result = .forfeited
                        resolvedAt = later
                        break
                    }
                    met += 1
                    if met == n {
                        result = .earnedBack
                        resolvedAt = later
                        break
                    }
                }
                months[start].outcomes[slot].earnBack = result
                months[start].outcomes[slot].earnBackMonthsMet = met
                months[start].outcomes[slot].earnBackMonth = resolvedAt.map { months[$0].month }
                if result == .earnedBack, let resolvedAt {
                    months[start].outcomes[slot].creditReturned = outcome.credit
                    months[resolvedAt].credits.returned += outcome.credit
                }
            }
        }
    }

    static func escalations(_ months: [SLAMonth], at index: Int) -> [SLAEscalation] {
        months[index].outcomes.compactMap { outcome in
            guard outcome.agreement.severity == .key, outcome.status == .missed else { return nil }
            var run = 0
            var cursor = index
            while cursor >= 0, months[cursor].outcome(for: outcome.agreement.metric)?.status == .missed {
                run += 1
                cursor -= 1
            }
            guard run >= 3 else { return nil }
            return SLAEscalation(metric: outcome.agreement.metric, since: months[index - run + 1].month, monthsMissed: run)
        }
    }

    static func expectedDefaults(_ months: [SLAMonth], at index: Int) -> [ExpectedLevelDefault] {
        months[index].outcomes.compactMap { outcome in
            guard let expected = outcome.agreement.expected else { return nil }
            let window = months[max(0, index - 11)...index]
            let worse = window.filter { $0.outcome(for: outcome.agreement.metric)?.worseThanExpected == true }.map(\.month)
            guard worse.count >= 4 else { return nil }
            return ExpectedLevelDefault(metric: outcome.agreement.metric, expected: expected, months: worse)
        }
    }
}
