import Development
import GovernanceCore
import GovernanceTestSupport
import Testing

@Suite("Retention, 360 feedback and incentive eligibility")
struct RecordsFeedbackEligibilityTests {
    static let signed = LocalDate(year: 2026, month: 1, day: 1)!

    @Test(
        "a signed-off record is kept retention_days whole days and purged from signed + retention_days",
        arguments: [(30, "2026-01-30", false), (30, "2026-01-31", true), (30, "2026-03-01", true), (0, "2026-01-01", true)])
    func retention(days: Int, asOf: String, due: Bool) {
        #expect(RetentionPolicy.isDue(signedOn: Self.signed, retentionDays: days, asOf: LocalDate(asOf)!) == due)
    }

    @Test("an unsigned record is never due")
    func unsignedNeverDue() {
        #expect(!RetentionPolicy.isDue(signedOn: nil, retentionDays: 0, asOf: LocalDate("2099-01-01")!))
    }

    static func response(_ id: String, _ relationship: FeedbackRelationship, _ ratings: [String: Int]) -> FeedbackResponse {
        FeedbackResponse(respondentID: id, relationship: relationship, ratings: ratings)
    }

    @Test("with 2 responses from others the subject receives nothing from them")
    func belowThreshold() {
        let report = Feedback360.report(
            [
                Self.response("p1", .peer, ["empathy": 4]), Self.response("sup", .supervisor, ["empathy": 2]),
                Self.response("me", .selfReview, ["empathy": 5]),
            ],
            competencies: ["empathy"])
        #expect(!report.released)
        #expect(report.othersResponded == 2)
        #expect(report.competencies.isEmpty)
        #expect(report.selfRatings == ["empathy": 5])  // the subject's own answer only
    }

    @Test("with 3 responses from others the subject receives aggregates per competency only")
    func atThreshold() {
        let report = Feedback360.report(
            [
                Self.response("p1", .peer, ["empathy": 4, "product": 3]),
                Self.response("p2", .peer, ["empathy": 5]),
                Self.response("sup", .supervisor, ["empathy": 2, "product": 4]),
                Self.response("me", .selfReview, ["empathy": 1, "product": 1]),  // never pooled
            ],
            competencies: ["empathy", "product"])
        #expect(report.released)
        #expect(report.othersResponded == 3)
        // product has only 2 ratings from others: left out, or its min and max would be two answers.
        #expect(report.competencies.map(\.competency) == ["empathy"])
        #expect(abs(report.competencies[0].meanRating - 11.0 / 3.0) < 1e-9)
        #expect(report.competencies[0].responses == 3)
        #expect(report.competencies[0].minRating == 2 && report.competencies[0].maxRating == 5)
    }

    @Test(
        "aggregates grow in waves of 3 in submission order, so reading before and after one answer reveals nothing",
        arguments: [
            // others' empathy ratings in submission order → responses used, mean
            ([4, 5, 2, 1], 3, 11.0 / 3.0),
            ([4, 5, 2, 1, 1], 3, 11.0 / 3.0),
            ([4, 5, 2, 1, 1, 3], 6, 16.0 / 6.0),
            ([4, 5, 2, 1, 1, 3, 5], 6, 16.0 / 6.0),
        ])
    func waves(ratings: [Int], used: Int, mean: Double) throws {
        let responses = ratings.enumerated().map { Self.response("p\($0.offset)", .peer, ["empathy": $0.element]) }
        let report = Feedback360.report(responses, competencies: ["empathy"])
        #expect(report.released && report.othersResponded == ratings.count)
        let empathy = try #require(report.competencies.first)
        #expect(empathy.responses == used)
        #expect(abs(empathy.meanRating - mean) < 1e-9)
    }

    @Test("over random answer sequences, no read-after-one-more-answer moves an aggregate by fewer than 3 ratings")
    func wavesNeverIsolateOneAnswer() throws {
        let relationships: [FeedbackRelationship] = [.peer, .peer, .supervisor, .directReport, .selfReview]
        for seed in UInt64(1)...300 {
            var random = SeededGenerator(seed: seed)
            var responses: [FeedbackResponse] = []
            var answeredSelf = false
            for index in 0..<Int(random.next() % 14) {
                var relationship = relationships[Int(random.next() % UInt64(relationships.count))]
                if relationship == .selfReview {
                    if answeredSelf { relationship = .peer }
                    answeredSelf = true
                }
                var ratings: [String: Int] = [:]
                for competency in ["empathy", "product"] where random.next() % 4 != 0 {
                    ratings[competency] = Int(random.next() % 5) + 1
                }
                responses.append(Self.response("r\(index)", relationship, ratings))
            }
            var previous: [String: CompetencyAggregate] = [:]
            for count in 0...responses.count {
                let prefix = Array(responses.prefix(count))
                let report = Feedback360.report(prefix, competencies: ["empathy", "product"])
                let others = prefix.filter { $0.relationship != .selfReview }
                #expect(report.released == (others.count >= 3), "seed \(seed), \(count) answers")
                let current = Dictionary(uniqueKeysWithValues: report.competencies.map { ($0.competency, $0) })
                for (competency, aggregate) in current {
                    let rated = others.filter { $0.ratings[competency] != nil }.count
                    #expect(aggregate.responses >= 3 && aggregate.responses % 3 == 0 && aggregate.responses <= rated)
                    #expect(Double(aggregate.minRating) <= aggregate.meanRating + 1e-12)
                    #expect(aggregate.meanRating <= Double(aggregate.maxRating) + 1e-12)
                    // Unchanged, or grown by a whole wave: one more answer is never visible on its own.
                    if let before = previous[competency], before != aggregate {
                        #expect(aggregate.responses - before.responses >= 3, "seed \(seed), \(competency)")
                    }
                }
                for competency in previous.keys { #expect(current[competency] != nil, "an aggregate disappeared") }
                previous = current
            }
        }
    }

    static let ranking = [
        RankedCandidate(agentID: "a", rank: 1, composite: 95, percentile: 90, gateCapped: false),
        RankedCandidate(agentID: "b", rank: 2, composite: 90, percentile: 70, gateCapped: true),
        RankedCandidate(agentID: "c", rank: 3, composite: 80, percentile: 50, gateCapped: false),
        RankedCandidate(agentID: "d", rank: 4, composite: 70, percentile: 30, gateCapped: false),
        RankedCandidate(agentID: "e", rank: 5, composite: 60, percentile: 10, gateCapped: false),
    ]

    @Test(
        "eligibility is cut from the stack ranking by the rule, gate-capped agents left out",
        arguments: [
            (EligibilityRule.topN(3), ["a", "c"]),
            (.topPercent(40), ["a"]),  // ⌊5 × 0.4⌋ = 2 ranks: a and b, b gate-capped
            (.topPercent(10), ["a"]),  // ⌊0.5⌋ = 0, at least 1
            (.topPercent(60), ["a", "c"]),  // 3 ranks
            (.minPercentile(50), ["a", "c"]),
        ])
    func eligibility(rule: EligibilityRule, expected: [String]) {
        let (eligible, text) = Eligibility.list(Self.ranking, rule: rule)
        #expect(eligible.map(\.agentID) == expected)
        #expect(text.hasSuffix("gate-capped agents excluded"))
    }

    @Test("the rule used is recorded in words")
    func ruleText() {
        #expect(Eligibility.list(Self.ranking, rule: .topPercent(40)).ruleText
            == "stack rank (SPEC section 3) top 40% of 5 ranked agents = 2; gate-capped agents excluded")
        #expect(EligibilityRule(name: "top_n", value: 2.5) == nil)
        #expect(EligibilityRule(name: "top_percent", value: 0) == nil)
        #expect(EligibilityRule(name: "min_percentile", value: 100) == .minPercentile(100))
    }
}
