import GovernanceCore

/// A QA evaluation form of a tenant, identified by ``id`` and ``version`` (SPEC section 4).
public struct QAForm: Sendable, Equatable, Codable {
    /// The form id.
    public let id: String
    /// The form version (a positive integer); evaluations name the id and version they used.
    public let version: Int
    /// The month from which evaluators use this version, when the manifest says.
    public let effectiveFrom: Month?
    /// The items, in the order the form shows them (at least one scored item; ids unique).
    public let items: [QAFormItem]

    init(id: String, version: Int, effectiveFrom: Month?, items: [QAFormItem]) {
        self.id = id
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.items = items
    }

    /// The item with `itemID`, or `nil`.
    public func item(_ itemID: String) -> QAFormItem? {
        items.first { $0.itemID == itemID }
    }

    /// A deterministic JSON text of this form (sorted keys; items keep the form's order, which is
    /// part of the form), equal for equal content whatever the YAML's key order or formatting.
    public func canonicalJSON() -> String {
        CanonicalJSON.encode(self)
    }

    enum CodingKeys: String, CodingKey {
        case id, version, items
        case effectiveFrom = "effective_from"
    }

    /// Decodes the form written by ``canonicalJSON()`` (trusted input: it is not validated again).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            version: try c.decode(Int.self, forKey: .version),
            effectiveFrom: try c.decodeMonthIfPresent(forKey: .effectiveFrom),
            items: try c.decode([QAFormItem].self, forKey: .items))
    }

    /// Encodes the canonical form (no `effective_from` key when there is none).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(version, forKey: .version)
        if let effectiveFrom { try c.encode(effectiveFrom, forKey: .effectiveFrom) }
        try c.encode(items, forKey: .items)
    }
}

/// The section of a QA form an item belongs to (SPEC section 4).
public enum QASection: String, Sendable, Equatable, CaseIterable, Codable {
    /// Regulatory and policy items (where hard-fail items usually sit).
    case compliance
    /// Items about solving the customer's problem.
    case resolution
    /// Items about how the conversation was held.
    case conversation
}

/// One item of a QA form (SPEC section 4).
public struct QAFormItem: Sendable, Equatable, Codable {
    /// How an item counts.
    public enum Scoring: Sendable, Equatable {
        /// Enters the quality score: `weight × points ÷ maxPoints` (both > 0).
        case scored(weight: Double, maxPoints: Double)
        /// Answered 1 (pass) or 0 (fail); decides compliance and never enters the quality score.
        case hardFail
    }

    /// The item id, unique within its form.
    public let itemID: String
    /// The section.
    public let section: QASection
    /// Scored or hard-fail.
    public let scoring: Scoring

    init(itemID: String, section: QASection, scoring: Scoring) {
        self.itemID = itemID
        self.section = section
        self.scoring = scoring
    }

    /// Whether the item is hard-fail.
    public var isHardFail: Bool { scoring == .hardFail }

    /// The weight of a scored item; `nil` for a hard-fail item.
    public var weight: Double? {
        if case .scored(let weight, _) = scoring { return weight }
        return nil
    }

    /// The maximum points of a scored item; `nil` for a hard-fail item.
    public var maxPoints: Double? {
        if case .scored(_, let maxPoints) = scoring { return maxPoints }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case section, weight
        case itemID = "item_id"
        case maxPoints = "max_points"
        case hardFail = "hard_fail"
    }

    /// Decodes the form written by the canonical encoding (trusted input).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let scoring: Scoring
        if try c.decode(Bool.self, forKey: .hardFail) {
            scoring = .hardFail
        } else {
            scoring = .scored(
                weight: try c.decode(Double.self, forKey: .weight),
                maxPoints: try c.decode(Double.self, forKey: .maxPoints))
        }
        self.init(
            itemID: try c.decode(String.self, forKey: .itemID),
            section: try c.decode(QASection.self, forKey: .section),
            scoring: scoring)
    }

    /// Encodes the canonical form: `hard_fail` always, `weight` and `max_points` for scored items.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(itemID, forKey: .itemID)
        try c.encode(section, forKey: .section)
        try c.encode(isHardFail, forKey: .hardFail)
        if case .scored(let weight, let maxPoints) = scoring {
            try c.encode(weight, forKey: .weight)
            try c.encode(maxPoints, forKey: .maxPoints)
        }
    }
}
