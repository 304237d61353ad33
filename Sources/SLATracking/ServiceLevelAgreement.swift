import GovernanceCore

/// How much an SLA matters (SPEC section 6).
public enum SLASeverity: String, Sendable, Hashable, CaseIterable {
    /// A miss earns the client a service credit (`allocation_pct` of the at-risk pool).
    case critical
    /// A miss earns no credit; three misses running are an escalation.
    case key
}

/// One contractual service level on a catalog metric (SPEC section 6).
///
/// Build one with ``validated(metric:minimum:expected:severity:allocationPct:)`` (RPC input) or
/// ``init(metric:minimum:expected:severity:allocationPct:)`` (stored, already validated input).
public struct ServiceLevelAgreement: Sendable, Hashable {
    /// The catalog metric.
    public var metric: Metric
    /// The contractual limit: a floor for an `up` metric, a ceiling for a `down` one.
    public var minimum: Double
    /// The better level the provider commits to, if any.
    public var expected: Double?
    /// Critical (credits) or key (escalations).
    public var severity: SLASeverity
    /// The share of the at-risk pool a miss costs, in percent (critical only; 0 for key SLAs).
    public var allocationPct: Double

    /// Creates an SLA without checks (for configuration that was validated when stored).
    public init(metric: Metric, minimum: Double, expected: Double?, severity: SLASeverity, allocationPct: Double) {
        self.metric = metric
        self.minimum = minimum
        self.expected = expected
        self.severity = severity
        self.allocationPct = allocationPct
    }

    /// Creates an SLA from request input, with the rules of SPEC section 6.
    ///
    /// - Parameters:
    ///   - metric: A catalog metric name.
    ///   - allocationPct: Required (> 0) for a critical SLA, absent for a key one.
    /// - Throws: INVALID_ARGUMENT for an unknown metric, `expected` not strictly better than
    ///   `minimum` for the metric's direction, a critical SLA without a positive allocation or a
    ///   key SLA with one, or a value that is not finite.
    public static func validated(
        metric name: String, minimum: Double, expected: Double?, severity: String, allocationPct: Double?
    ) throws(GovernanceError) -> ServiceLevelAgreement {
        guard let metric = Metric(rawValue: name) else {
            let known = Metric.allCases.map(\.rawValue).joined(separator: ", ")
            throw GovernanceError.invalid("unknown metric '\(name.prefix(64))' (catalog metrics: \(known))")
        }
        guard let severity = SLASeverity(rawValue: severity) else {
            throw GovernanceError.invalid("\(metric.rawValue): severity must be critical or key, got '\(severity.prefix(32))'")
        }
        guard minimum.isFinite, expected?.isFinite ?? true, allocationPct?.isFinite ?? true else {
            throw GovernanceError.invalid("\(metric.rawValue): minimum, expected and allocation_pct must be finite numbers")
        }
        if let expected {
            let better = metric.direction == .up ? expected > minimum : expected < minimum
            guard better else {
                let side = metric.direction == .up ? "above" : "below"
                throw GovernanceError.invalid(
                    "\(metric.rawValue) is a '\(metric.direction.rawValue)' metric: expected (\(expected)) must be \(side) minimum (\(minimum))")
            }
        }
        switch severity {
        case .critical:
            guard let allocationPct, allocationPct > 0 else {
                throw GovernanceError.invalid(
                    "\(metric.rawValue): a critical SLA needs allocation_pct > 0 (its share of the at-risk pool)")
            }
            return ServiceLevelAgreement(
                metric: metric, minimum: minimum, expected: expected, severity: severity, allocationPct: allocationPct)
        case .key:
            guard allocationPct == nil else {
                throw GovernanceError.invalid("\(metric.rawValue): a key SLA earns no credit and takes no allocation_pct")
            }
            return ServiceLevelAgreement(metric: metric, minimum: minimum, expected: expected, severity: severity, allocationPct: 0)
        }
    }

    /// Whether `value` is worse than `bound` for this metric's direction (values within 1e-9 of
    /// the bound count as equal to it, SPEC section 1).
    public func isWorse(_ value: Double, than bound: Double) -> Bool {
        metric.direction == .up ? value < bound - boundTolerance : value > bound + boundTolerance
    }
}

/// One version of a program's SLA set: the whole set in force from ``effectiveFrom`` until the
/// next version (a contract amendment is a new version).
public struct SLASet: Sendable, Hashable {
    /// 1, 2, … per program.
    public var version: Int
    /// The first month the set applies to.
    public var effectiveFrom: Month
    /// The SLAs, each metric at most once.
    public var agreements: [ServiceLevelAgreement]

    /// Creates a set.
    public init(version: Int, effectiveFrom: Month, agreements: [ServiceLevelAgreement]) {
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.agreements = agreements
    }

    /// The SLA on `metric`, or `nil`.
    public func agreement(for metric: Metric) -> ServiceLevelAgreement? {
        agreements.first { $0.metric == metric }
    }

    /// Σ `allocation_pct` of the critical SLAs.
    public var criticalAllocationPct: Double {
        agreements.reduce(0) { $0 + ($1.severity == .critical ? $1.allocationPct : 0) }
    }

    /// Checks the set against the program's pool: each metric once, Σ critical allocations ≤
    /// `pool_allocation_pct` (SPEC section 6).
    /// - Throws: INVALID_ARGUMENT naming the rule broken.
    public func validate(poolAllocationPct: Double) throws(GovernanceError) {
        var seen = Set<Metric>()
        for agreement in agreements {
            guard seen.insert(agreement.metric).inserted else {
                throw GovernanceError.invalid("\(agreement.metric.rawValue) has two SLAs in this set")
            }
        }
        let allocated = criticalAllocationPct
        guard allocated <= poolAllocationPct + boundTolerance else {
            throw GovernanceError.invalid(
                "critical allocations \(allocated) exceed pool_allocation_pct \(poolAllocationPct): the critical SLAs' allocation_pct may add up to at most the pool")
        }
    }
}

/// The commercial terms of a program's SLAs (SPEC section 6; program settings, not versioned).
public struct SLAContract: Sendable, Hashable {
    /// The monthly fee.
    public var monthlyFee: Double
    /// The share of the fee at risk, 0–100.
    public var atRiskPct: Double
    /// The ceiling on Σ critical `allocation_pct`.
    public var poolAllocationPct: Double
    /// Months a missed critical SLA must be met to earn its credit back (0 = no earn-back).
    public var earnBackMonths: Int

    /// Creates terms.
    public init(monthlyFee: Double, atRiskPct: Double, poolAllocationPct: Double = 100, earnBackMonths: Int = 3) {
        self.monthlyFee = monthlyFee
        self.atRiskPct = atRiskPct
        self.poolAllocationPct = poolAllocationPct
        self.earnBackMonths = earnBackMonths
    }

    /// The at-risk pool, `monthly_fee × at_risk_pct ÷ 100`: the cap on one month's credits.
    public var cap: Double { monthlyFee * atRiskPct / 100 }

    /// The uncapped credit of a missed critical SLA: `monthly_fee × at_risk_pct ÷ 100 × allocation_pct ÷ 100`.
    public func credit(allocationPct: Double) -> Double { cap * allocationPct / 100 }
}
