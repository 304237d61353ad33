import GovernanceCore

/// One item of a QA form as scoring sees it (SPEC section 4).
public struct ScoredItem: Sendable, Hashable {
    /// The item id.
    public var itemID: String
    /// The weight of a scored item (ignored for hard-fail items).
    public var weight: Double
    /// The maximum points of a scored item (ignored for hard-fail items).
    public var maxPoints: Double
    /// Whether the item is hard-fail (decides compliance, never the quality score).
    public var hardFail: Bool

    /// Creates an item.
    public init(itemID: String, weight: Double, maxPoints: Double, hardFail: Bool) {
        self.itemID = itemID
        self.weight = weight
        self.maxPoints = maxPoints
        self.hardFail = hardFail
    }
}

/// An evaluation's quality score and compliance, kept apart (SPEC section 4: "separate hard
/// fails from coaching traits").
///
/// ```swift
/// let result = QualityScore(items: form, answers: ["greet": 4, "disclose": 0])
/// result.quality      // 80 — the hard-fail item does not enter it
/// result.compliant    // false
/// ```
public struct QualityScore: Sendable, Hashable {
    /// 100 × Σ weight × points ÷ max_points ÷ Σ weight over the answered non-hard-fail items;
    /// `nil` when no scored item was answered.
    public var quality: Double?
    /// Whether every hard-fail item of the form was answered 1 (an unanswered one fails).
    public var compliant: Bool

    /// Scores `answers` (item id → points) on a form's `items`; answers to unknown items are ignored.
    public init(items: [ScoredItem], answers: [String: Double]) {
        var weighted = 0.0
        var weights = 0.0
        var compliant = true
        for item in items {
            let points = answers[item.itemID]
            if item.hardFail {
                if points != 1 { compliant = false }
            } else if let points, item.maxPoints > 0 {
                weighted += item.weight * points / item.maxPoints
                weights += item.weight
            }
        }
        self.quality = weights > 0 ? 100 * weighted / weights : nil
        self.compliant = compliant
    }
}
