/// How a respondent relates to the subject of a 360-degree feedback request.
public enum FeedbackRelationship: String, Sendable, Hashable, CaseIterable {
    /// Another agent of the program.
    case peer
    /// The subject's roster supervisor.
    case supervisor
    /// The subject about themselves.
    case selfReview = "self"
    /// An agent of the subject's team (only when the subject is a team lead).
    case directReport = "direct_report"
}

/// One submitted response: ratings 1–5 per competency.
public struct FeedbackResponse: Sendable, Hashable {
    /// Who answered (never passed on to the subject).
    public var respondentID: String
    /// How the respondent relates to the subject.
    public var relationship: FeedbackRelationship
    /// Competency → rating 1–5.
    public var ratings: [String: Int]

    /// Creates a response.
    public init(respondentID: String, relationship: FeedbackRelationship, ratings: [String: Int]) {
        self.respondentID = respondentID
        self.relationship = relationship
        self.ratings = ratings
    }
}

/// The aggregate of one competency over the others' responses.
public struct CompetencyAggregate: Sendable, Hashable {
    /// The competency.
    public var competency: String
    /// Responses that rated it.
    public var responses: Int
    /// Mean rating.
    public var meanRating: Double
    /// Lowest rating.
    public var minRating: Int
    /// Highest rating.
    public var maxRating: Int
}

/// What the subject of a request may see: aggregates per competency, and only when enough others answered.
public struct FeedbackReport: Sendable, Hashable {
    /// Responses from others than the subject.
    public var othersResponded: Int
    /// Whether `othersResponded` reaches the anonymity threshold.
    public var released: Bool
    /// Empty unless released.
    public var competencies: [CompetencyAggregate]
    /// The subject's own ratings (not anonymous to themselves), per competency.
    public var selfRatings: [String: Int]
}

/// 360-degree feedback aggregation.
///
/// ```swift
/// let report = Feedback360.report(responses, competencies: ["empathy"])
/// report.released  // false with fewer than 3 responses from others: nothing identifiable
/// ```
public enum Feedback360 {
    /// Responses from others needed before the subject sees anything of them.
    public static let anonymityThreshold = 3

    /// The subject's view. Responses from others are pooled across relationships (a per-relationship
    /// split would expose the single supervisor); below the threshold none of them is used at all.
    ///
    /// Each competency is aggregated over its ratings in waves of the threshold: the first 3, 6, 9 …
    /// ratings in submission order (`responses` must be in that order). A subject who reads the
    /// report before and after one more answer therefore never sees an aggregate move by fewer than
    /// 3 ratings, so no single answer can be recovered by difference; a competency with fewer than
    /// 3 ratings is left out.
    public static func report(_ responses: [FeedbackResponse], competencies: [String]) -> FeedbackReport {
        let others = responses.filter { $0.relationship != .selfReview }
        let selfRatings = responses.first { $0.relationship == .selfReview }?.ratings ?? [:]
        guard others.count >= anonymityThreshold else {
            return FeedbackReport(othersResponded: others.count, released: false, competencies: [], selfRatings: selfRatings)
        }
        let aggregates = competencies.compactMap { competency -> CompetencyAggregate? in
            let all = others.compactMap { $0.ratings[competency] }
            let ratings = all.prefix(all.count / anonymityThreshold * anonymityThreshold)
            guard let low = ratings.min(), let high = ratings.max() else { return nil }
            return CompetencyAggregate(
                competency: competency, responses: ratings.count,
                meanRating: Double(ratings.reduce(0, +)) / Double(ratings.count), minRating: low, maxRating: high)
        }
        return FeedbackReport(
            othersResponded: others.count, released: true, competencies: aggregates, selfRatings: selfRatings)
    }
}
