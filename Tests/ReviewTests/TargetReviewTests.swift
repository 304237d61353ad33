import GovernanceCore
import Review
import Scorecards
import Testing

@Suite("Target review: raise_target and unattainable over M − 2 … M (SPEC section 5)")
struct TargetReviewTests {
    /// Up: band 10, so a month outperforms at ≥ 85. Down: band −100, so it outperforms at ≤ 250.
    static let serviceLevel = try! MetricConfig(.serviceLevel, weight: 50, target: 80, threshold: 70)
    static let aht = try! MetricConfig(.ahtSeconds, weight: 1, target: 300, threshold: 400)

    @Test("outperforming three months running suggests raising the target to their median")
    func raiseTarget() throws {
        let finding = try #require(TargetReview.review(Self.serviceLevel, values: [86, 90, 88]))
        #expect(finding.recommendation == .raiseTarget)
        #expect(finding.values == [86, 90, 88])
        #expect(close(finding.suggestedTarget, 88))
    }

    @Test("a lower-is-better metric outperforms when (value − target) ÷ band ≥ 0.5, the bound included")
    func raiseTargetDown() throws {
        let finding = try #require(TargetReview.review(Self.aht, values: [240, 250, 230]))
        #expect(finding.recommendation == .raiseTarget)
        #expect(close(finding.suggestedTarget, 240))
    }

    @Test(
        "no finding unless every one of the three months qualifies",
        arguments: [[86.0, 84.9, 90.0] as [Double?], [86, nil, 90], [65, 70, 60], [nil, nil, nil], [86, 90]])
    func noFinding(values: [Double?]) {
        #expect(TargetReview.review(Self.serviceLevel, values: values) == nil)
    }

    @Test("worse than the threshold in all three months is unattainable")
    func unattainable() throws {
        let finding = try #require(TargetReview.review(Self.serviceLevel, values: [65, 68, 69.9]))
        #expect(finding.recommendation == .unattainable)
        #expect(finding.suggestedTarget == nil)
        let down = try #require(TargetReview.review(Self.aht, values: [401, 450, 420]))
        #expect(down.recommendation == .unattainable)
    }
}

@Suite("Agent-level target check")
struct AgentTargetCheckTests {
    static let aht = try! MetricConfig(.ahtSeconds, weight: 1, target: 300, threshold: 400)
    static let csat = try! MetricConfig(.csat, weight: 1, target: 85, threshold: 75)

    @Test("the share of agents meeting the target; 90 % or more is flagged")
    func shares() {
        let some = AgentTargetCheck.check(Self.aht, agentValues: [280, 300, 310, 250])
        #expect(some.agents == 4 && some.meetingTarget == 3)
        #expect(close(some.sharePercent, 75))
        #expect(!some.flagged)
        let most = AgentTargetCheck.check(Self.csat, agentValues: [85, 86, 90, 99, 100, 85, 87, 88, 92, 70])
        #expect(most.meetingTarget == 9)
        #expect(close(most.sharePercent, 90))
        #expect(most.flagged)
        let none = AgentTargetCheck.check(Self.csat, agentValues: [])
        #expect(none.sharePercent == nil && !none.flagged)
    }
}
