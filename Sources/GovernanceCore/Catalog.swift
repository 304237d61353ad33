/// The five scorecard categories of the architecture (SPEC section 2).
public enum Category: String, CaseIterable, Hashable, Sendable, Comparable {
    case service, quality, customer, efficiency, partnership

    public static func < (lhs: Category, rhs: Category) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Whether higher or lower values are better.
public enum Direction: String, Hashable, Sendable {
    /// Higher is better.
    case up
    /// Lower is better.
    case down
}

/// A contact channel (SPEC section 9).
public enum Channel: String, CaseIterable, Hashable, Sendable {
    case voice, chat, email, social, video

    /// Voice, chat and video are real-time channels (used by `asa_seconds`).
    public var isRealTime: Bool {
        switch self {
        case .voice, .chat, .video: return true
        case .email, .social: return false
        }
    }

    /// A small stable integer, used as a storage key.
    public var code: Int {
        switch self {
        case .voice: return 0
        case .chat: return 1
        case .email: return 2
        case .social: return 3
        case .video: return 4
        }
    }

    /// The channel with storage key `code`.
    public init?(code: Int) {
        switch code {
        case 0: self = .voice
        case 1: self = .chat
        case 2: self = .email
        case 3: self = .social
        case 4: self = .video
        default: return nil
        }
    }
}

/// How a tolerance for reconciliation is expressed (SPEC section 2).
public enum ToleranceUnit: String, Hashable, Sendable {
    /// Absolute points of the metric's unit.
    case points
    /// A percentage of the computed value.
    case percentOfComputed
}

/// The architecture's metric catalog (SPEC section 2).
public enum Metric: String, CaseIterable, Hashable, Sendable, Comparable {
    case serviceLevel = "service_level"
    case asaSeconds = "asa_seconds"
    case abandonRate = "abandon_rate"
    case qaScore = "qa_score"
    case complianceRate = "compliance_rate"
    case fcrRate = "fcr_rate"
    case csat
    case ahtSeconds = "aht_seconds"
    case occupancy
    case adherence
    case costPerContact = "cost_per_contact"
    case staffingRatio = "staffing_ratio"
    case attritionRate = "attrition_rate"
    case tenureDays = "tenure_days"
    case enps

    /// The category the metric scores in.
    public var category: Category {
        switch self {
        case .serviceLevel, .asaSeconds, .abandonRate: return .service
        case .qaScore, .complianceRate, .fcrRate: return .quality
        case .csat: return .customer
        case .ahtSeconds, .occupancy, .adherence, .costPerContact: return .efficiency
        case .staffingRatio, .attritionRate, .tenureDays, .enps: return .partnership
        }
    }

    /// Whether higher or lower is better.
    public var direction: Direction {
        switch self {
        case .asaSeconds, .abandonRate, .ahtSeconds, .costPerContact, .attritionRate: return .down
        default: return .up
        }
    }

    /// Whether the metric exists per agent (agent scorecards use only these).
    public var isAgentLevel: Bool {
        switch self {
        case .qaScore, .complianceRate, .fcrRate, .csat, .ahtSeconds, .occupancy, .adherence: return true
        default: return false
        }
    }

    /// Whether the metric is a 0–100 ratio (used by the SLA in-month projection).
    public var isRatio: Bool {
        switch self {
        case .serviceLevel, .abandonRate, .fcrRate, .csat, .complianceRate: return true
        default: return false
        }
    }

    /// The default `min_sample` (SPEC section 2).
    public var defaultMinSample: Int {
        switch self {
        case .csat: return 10
        case .qaScore, .complianceRate: return 2
        case .fcrRate, .ahtSeconds: return 20
        default: return 1
        }
    }

    /// The default reconciliation tolerance (SPEC section 2).
    public var defaultReconcileTolerance: (value: Double, unit: ToleranceUnit) {
        switch self {
        case .asaSeconds, .ahtSeconds: return (5, .percentOfComputed)
        case .costPerContact, .tenureDays: return (1, .percentOfComputed)
        default: return (1, .points)
        }
    }

    public static func < (lhs: Metric, rhs: Metric) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Tolerance used when comparing a value against a bound (SPEC section 1).
public let boundTolerance = 1e-9
