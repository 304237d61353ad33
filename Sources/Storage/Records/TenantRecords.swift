import GovernanceCore

/// A program's settings as stored (SPEC section 10, program level).
public struct ProgramRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var site: String
    /// IANA time zone.
    public var timezone: String
    /// Service-level threshold T in seconds per channel.
    public var serviceLevelSeconds: [Channel: Double]
    /// `exclude_short_abandons`, `offered` or `short_abandons_met`.
    public var serviceLevelFormula: String
    public var fcrWindowDays: Int
    public var monthlyFee: Double
    public var atRiskPct: Double
    public var poolAllocationPct: Double
    public var earnBackMonths: Int

    public init(
        id: String, name: String, site: String, timezone: String, serviceLevelSeconds: [Channel: Double],
        serviceLevelFormula: String, fcrWindowDays: Int, monthlyFee: Double, atRiskPct: Double,
        poolAllocationPct: Double, earnBackMonths: Int
    ) {
        self.id = id
        self.name = name
        self.site = site
        self.timezone = timezone
        self.serviceLevelSeconds = serviceLevelSeconds
        self.serviceLevelFormula = serviceLevelFormula
        self.fcrWindowDays = fcrWindowDays
        self.monthlyFee = monthlyFee
        self.atRiskPct = atRiskPct
        self.poolAllocationPct = poolAllocationPct
        self.earnBackMonths = earnBackMonths
    }
}

/// Which versioned configuration a ``VersionRecord`` holds.
public enum VersionKind: String, Sendable, Equatable {
    /// A program scorecard config (metrics, weights, targets, thresholds).
    case scorecard
    /// A program's SLA set.
    case sla
}

/// One version of a program's scorecard or SLA set: append-only, with author and rationale.
public struct VersionRecord: Sendable, Equatable {
    public var kind: VersionKind
    public var programID: String
    /// 1, 2, … per program and kind.
    public var version: Int
    public var effectiveFrom: Month
    public var author: String
    public var rationale: String
    /// Canonical JSON of the configuration.
    public var config: String
    public var createdAt: String

    public init(
        kind: VersionKind, programID: String, version: Int, effectiveFrom: Month, author: String, rationale: String,
        config: String, createdAt: String
    ) {
        self.kind = kind
        self.programID = programID
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.author = author
        self.rationale = rationale
        self.config = config
        self.createdAt = createdAt
    }
}

/// A QA form version (SPEC section 4); `config` is the canonical JSON of its items.
public struct QAFormRecord: Sendable, Equatable {
    public var formID: String
    public var version: Int
    public var effectiveFrom: Month?
    public var config: String
    public var createdAt: String
    /// The items, for scoring evaluations (empty when read back: the config holds them).
    public var items: [QAItemRecord]

    public init(
        formID: String, version: Int, effectiveFrom: Month?, config: String, createdAt: String, items: [QAItemRecord] = []
    ) {
        self.formID = formID
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.config = config
        self.createdAt = createdAt
        self.items = items
    }
}

/// One item of a QA form version.
public struct QAItemRecord: Sendable, Equatable {
    public var itemID: String
    /// Weight of a scored item (0 for hard-fail items).
    public var weight: Double
    /// Maximum points of a scored item (1 for hard-fail items).
    public var maxPoints: Double
    /// Answered 1 (pass) or 0 (fail); never enters the quality score.
    public var hardFail: Bool

    public init(itemID: String, weight: Double, maxPoints: Double, hardFail: Bool) {
        self.itemID = itemID
        self.weight = weight
        self.maxPoints = maxPoints
        self.hardFail = hardFail
    }
}

/// One change of a tenant manifest application; a list of them commits atomically.
public enum TenantChange: Sendable, Equatable {
    case upsertProgram(ProgramRecord)
    case addVersion(VersionRecord)
    case addQAForm(QAFormRecord)
}

/// Row count of one file kind in one local month (`month == nil` for undated rows).
public struct KindMonthCount: Sendable, Equatable {
    /// The SPEC section 9 file kind name (`interactions`, …).
    public var kind: String
    public var month: Month?
    public var rows: Int64

    public init(kind: String, month: Month?, rows: Int64) {
        self.kind = kind
        self.month = month
        self.rows = rows
    }
}
