import GovernanceCore
import GovernanceTestSupport
import Scorecards
import Testing

@Suite("Scoring")
struct ScorerTests {
    @Test(
        "score = clamp(100 − (100 − threshold_score) × (target − value) ÷ band, 0, 100)",
        arguments: [
            // (value, target, threshold, threshold_score, score)
            (80.0, 80.0, 70.0, 50.0, 100.0),  // up: at target
            (70.0, 80.0, 70.0, 50.0, 50.0),  // at threshold
            (60.0, 80.0, 70.0, 50.0, 0.0),  // one band worse than threshold
            (55.0, 80.0, 70.0, 50.0, 0.0),  // clamped at 0
            (90.0, 80.0, 70.0, 50.0, 100.0),  // better than target stays 100
            (75.0, 80.0, 70.0, 50.0, 75.0),
            (65.0, 80.0, 70.0, 50.0, 25.0),
            (360.0, 360.0, 420.0, 50.0, 100.0),  // down: at target
            (420.0, 360.0, 420.0, 50.0, 50.0),  // at threshold
            (480.0, 360.0, 420.0, 50.0, 0.0),  // one band worse
            (300.0, 360.0, 420.0, 50.0, 100.0),  // better than target
            (390.0, 360.0, 420.0, 50.0, 75.0),
            (450.0, 360.0, 420.0, 50.0, 25.0),
            (70.0, 80.0, 70.0, 60.0, 60.0),  // threshold_score 60: the threshold scores 60
            (75.0, 80.0, 70.0, 60.0, 80.0),  // 100 − 40 × 5 ÷ 10
        ])
    func scoreFormula(value: Double, target: Double, threshold: Double, thresholdScore: Double, expected: Double) {
        #expect(
            close(Scorer.score(value, target: target, threshold: threshold, thresholdScore: thresholdScore), expected))
    }

    /// service_level 30 × (80/70), abandon_rate 10 × (3/8), csat 100 × (85/75), aht 40 × (360/420).
    static func serviceCustomerEfficiency() throws -> ScorecardConfig {
        try ScorecardConfig(
            version: 4, effectiveFrom: month("2026-01"),
            metrics: [
                MetricConfig(.ahtSeconds, weight: 40, target: 360, threshold: 420),
                MetricConfig(.serviceLevel, weight: 30, target: 80, threshold: 70),
                MetricConfig(.abandonRate, weight: 10, target: 3, threshold: 8),
                MetricConfig(.csat, weight: 100, target: 85, threshold: 75),
            ])
    }

    /// Scores: service_level 75, abandon_rate 90, csat 75, aht 75.
    static let values: [Metric: Double] = [.serviceLevel: 75, .abandonRate: 4, .csat: 80, .ahtSeconds: 390]

    @Test("category scores are weighted means of metric scores, the composite a W_c-weighted mean")
    func weightedComposite() throws {
        let card = Scorer.scorecard(
            for: computedSet(Self.values), config: try Self.serviceCustomerEfficiency(),
            architecture: try standardArchitecture())
        #expect(close(card[.serviceLevel]?.score, 75))
        #expect(close(card[.abandonRate]?.score, 90))  // 100 − 50 × (3 − 4) ÷ (3 − 8)
        #expect(close(card[Category.service]?.score, 78.75))  // (30 × 75 + 10 × 90) ÷ 40, not 82.5
        #expect(close(card[Category.customer]?.score, 75))
        #expect(close(card[Category.efficiency]?.score, 75))
        // (25 × 78.75 + 20 × 75 + 15 × 75) ÷ 60; a plain mean of categories would be 76.25.
        #expect(close(card.composite, 76.5625))
        #expect(close(card.compositeUncapped, 76.5625))
        #expect(card.complete)
        #expect(card.missing.isEmpty)
        #expect(card.gateCapped == false)
        #expect(card.categories.map(\.category) == [.service, .customer, .efficiency])
        #expect(card.categories.map(\.weight) == [25, 20, 15])
        #expect(card.metrics.map(\.metric) == [.serviceLevel, .abandonRate, .csat, .ahtSeconds])  // catalog order
        #expect(card.scorecardVersion == 4)
        #expect(card.architectureVersion == 1)
    }

    @Test("points lost follow SPEC section 5 and add up to 100 − composite")
    func pointsLost() throws {
        let card = Scorer.scorecard(
            for: computedSet(Self.values), config: try Self.serviceCustomerEfficiency(),
            architecture: try standardArchitecture())
        let lost = Scorer.pointsLost(in: card)
        #expect(close(lost[.serviceLevel], 7.8125))  // 25/60 × 30/40 × 25
        #expect(close(lost[.abandonRate], 25.0 / 24.0))  // 25/60 × 10/40 × 10
        #expect(close(lost[.csat], 25.0 / 3.0))  // 20/60 × 1 × 25
        #expect(close(lost[.ahtSeconds], 6.25))  // 15/60 × 1 × 25
        #expect(close(lost.values.reduce(0, +), 100 - 76.5625))
        #expect(Scorer.topGaps(in: card).map(\.metric) == [.csat, .serviceLevel, .ahtSeconds])
    }

    @Test("top gaps break ties by metric name and leave out metrics that lose nothing")
    func topGapTies() throws {
        let config = try ScorecardConfig(
            version: 1, effectiveFrom: month("2026-01"),
            metrics: [
                MetricConfig(.qaScore, weight: 1, target: 90, threshold: 80),
                MetricConfig(.fcrRate, weight: 1, target: 80, threshold: 70),
                MetricConfig(.complianceRate, weight: 1, target: 100, threshold: 90),
            ])
        // qa 85 → 75, fcr 75 → 75 (tie), compliance 100 → 100 (loses 0).
        let card = Scorer.scorecard(
            for: computedSet([.qaScore: 85, .fcrRate: 75, .complianceRate: 100]), config: config,
            architecture: try standardArchitecture())
        let gaps = Scorer.topGaps(in: card)
        #expect(gaps.map(\.metric) == [.fcrRate, .qaScore])  // "fcr_rate" < "qa_score"
        #expect(close(gaps.first?.pointsLost, 25.0 / 3.0))  // 1 × 1/3 × 25
    }

    /// Adds compliance_rate (50, 100/95) and qa_score (50, 90/80) to the quality category.
    static func withQuality() throws -> ScorecardConfig {
        try ScorecardConfig(
            version: 4, effectiveFrom: month("2026-01"),
            metrics: try serviceCustomerEfficiency().metrics + [
                MetricConfig(.complianceRate, weight: 50, target: 100, threshold: 95),
                MetricConfig(.qaScore, weight: 50, target: 90, threshold: 80),
            ])
    }

    @Test("a failed gate caps the composite at gate_cap and names the gate")
    func gateCaps() throws {
        var values = Self.values
        values[.complianceRate] = 94  // score 40: worse than the threshold 95
        values[.qaScore] = 90  // score 100
        let card = Scorer.scorecard(
            for: computedSet(values), config: try Self.withQuality(), architecture: try standardArchitecture())
        #expect(close(card[Category.quality]?.score, 70))
        // (25 × 78.75 + 25 × 70 + 20 × 75 + 15 × 75) ÷ 85
        #expect(close(card.compositeUncapped, 6343.75 / 85))
        #expect(card.composite == 50)
        #expect(card.gateCapped)
        #expect(card.failedGates == [.complianceRate])
    }

    @Test("a failed gate is flagged even when the composite is already below the cap")
    func gateBelowCap() throws {
        let values: [Metric: Double] = [
            .serviceLevel: 60, .abandonRate: 13, .csat: 65, .ahtSeconds: 480, .complianceRate: 80, .qaScore: 80,
        ]
        let card = Scorer.scorecard(
            for: computedSet(values), config: try Self.withQuality(),
            architecture: try standardArchitecture(gateCap: 40))
        // Scores: 0, 0, 0, 0, 0, 50 → quality 25, others 0 → 25 × 25 ÷ 85.
        #expect(close(card.compositeUncapped, 625.0 / 85.0))
        #expect(close(card.composite, 625.0 / 85.0))
        #expect(card.gateCapped)
        #expect(card.failedGates == [.complianceRate])
    }

    @Test(
        "a gate within 1e-9 of its threshold has not failed",
        arguments: [
            (95 - 5e-10, false),
            (95.0, false),
            (95 - 1e-6, true),
        ])
    func gateTolerance(compliance: Double, fails: Bool) throws {
        var values = Self.values
        values[.complianceRate] = compliance
        values[.qaScore] = 90
        let card = Scorer.scorecard(
            for: computedSet(values), config: try Self.withQuality(), architecture: try standardArchitecture())
        #expect(card.gateCapped == fails)
        #expect(card.failedGates == (fails ? [.complianceRate] : []))
        #expect(close(card.composite, fails ? 50 : card.compositeUncapped))
    }

    @Test("a gate with an insufficient sample is not scored and not applied")
    func gateInsufficient() throws {
        var set = computedSet(Self.values.merging([.qaScore: 90]) { a, _ in a })
        set.values[.complianceRate] = MetricValue(
            metric: .complianceRate, value: 50, n: 1, source: .computed, insufficientSample: true)
        let card = Scorer.scorecard(for: set, config: try Self.withQuality(), architecture: try standardArchitecture())
        #expect(card.gateCapped == false)
        #expect(card.failedGates.isEmpty)
        #expect(card[.complianceRate]?.score == nil)
        #expect(card[.complianceRate]?.insufficientSample == true)
        #expect(card.complete == false)
        #expect(card.missing == [MissingMetric(metric: .complianceRate, reason: .insufficientSample)])
        #expect(close(card[Category.quality]?.score, 100))  // qa alone
        // (25 × 78.75 + 25 × 100 + 20 × 75 + 15 × 75) ÷ 85
        #expect(close(card.composite, 7093.75 / 85))
    }

    @Test("a metric that is not a gate in the architecture never caps")
    func notAGate() throws {
        var values = Self.values
        values[.complianceRate] = 50
        values[.qaScore] = 90
        let card = Scorer.scorecard(
            for: computedSet(values), config: try Self.withQuality(), architecture: try standardArchitecture(gates: []))
        #expect(card.gateCapped == false)
        #expect((card.composite ?? 0) > 50)
    }

    @Test("a reported gate value worse than its threshold caps (reported values are never insufficient)")
    func reportedGate() throws {
        var set = computedSet(Self.values.merging([.qaScore: 90]) { a, _ in a })
        set.values[.complianceRate] = MetricValue(metric: .complianceRate, value: 90, n: 0, source: .reported)
        let card = Scorer.scorecard(for: set, config: try Self.withQuality(), architecture: try standardArchitecture())
        #expect(card.gateCapped)
        #expect(card[.complianceRate]?.source == .reported)
        #expect(card.complete)
    }

    @Test("a metric without a value makes the scorecard incomplete and is left out of the composite")
    func incomplete() throws {
        var values = Self.values
        values[.csat] = nil
        let card = Scorer.scorecard(
            for: computedSet(values), config: try Self.serviceCustomerEfficiency(),
            architecture: try standardArchitecture())
        #expect(card.complete == false)
        #expect(card.missing == [MissingMetric(metric: .csat, reason: .noValue)])
        #expect(card[Category.customer]?.score == nil)
        #expect(card[.csat]?.source == nil)
        // (25 × 78.75 + 15 × 75) ÷ 40: the customer weight drops out.
        #expect(close(card.composite, 3093.75 / 40))
    }

    @Test("the architecture's min_sample decides sufficiency when scoring")
    func architectureMinSample() throws {
        var set = computedSet(Self.values)
        set.values[.csat] = MetricValue(metric: .csat, value: 80, n: 12, source: .computed)
        let strict = try standardArchitecture(minSample: MinSampleRules(overrides: [.csat: 30]))
        let card = Scorer.scorecard(for: set, config: try Self.serviceCustomerEfficiency(), architecture: strict)
        #expect(card.missing == [MissingMetric(metric: .csat, reason: .insufficientSample)])
        #expect(card[.csat]?.insufficientSample == true)
        let lenient = Scorer.scorecard(
            for: set, config: try Self.serviceCustomerEfficiency(), architecture: try standardArchitecture())
        #expect(lenient.complete)
    }

    @Test("with no value at all there is no composite")
    func noComposite() throws {
        let card = Scorer.scorecard(
            for: computedSet([:]), config: try Self.serviceCustomerEfficiency(),
            architecture: try standardArchitecture())
        #expect(card.composite == nil)
        #expect(card.compositeUncapped == nil)
        #expect(card.missing.count == 4)
        #expect(card.categories.allSatisfy { $0.score == nil })
        #expect(Scorer.pointsLost(in: card).isEmpty)
    }

    @Test("an agent scorecard uses only the configured agent-level metrics")
    func agentScorecard() throws {
        let set = computedSet([.csat: 80, .ahtSeconds: 390], scope: .agent("ag-1"))
        let card = Scorer.scorecard(
            for: set, config: try Self.serviceCustomerEfficiency(), architecture: try standardArchitecture())
        #expect(card.scope == .agent("ag-1"))
        #expect(card.metrics.map(\.metric) == [.csat, .ahtSeconds])  // service_level, abandon_rate dropped
        #expect(card.categories.map(\.category) == [.customer, .efficiency])
        #expect(card.complete)
        #expect(close(card.composite, 75))
    }

    @Test("an agent's whole pipeline: totals to metrics to a gated composite")
    func agentPipeline() throws {
        let metrics = MetricCalculator().agentMetrics(
            agentID: "ag-2", for: period("2026-03"),
            interactions: InteractionTotals(
                offered: 40, answered: 40, handleSum: 15600, surveys: 10, surveysSatisfied: 8),
            evaluations: EvaluationTotals(evaluations: 4, qualityScored: 4, qualityScoreSum: 360, compliancePassed: 3))
        let card = Scorer.scorecard(
            for: metrics, config: try Self.withQuality(), architecture: try standardArchitecture())
        // aht 390 → 75; csat 80 → 75; qa 90 → 100; compliance 75 → 0 and fails its gate.
        #expect(close(card[.ahtSeconds]?.score, 75))
        #expect(close(card[.complianceRate]?.score, 0))
        #expect(close(card[Category.quality]?.score, 50))
        // (25 × 50 + 20 × 75 + 15 × 75) ÷ 60
        #expect(close(card.compositeUncapped, 3875.0 / 60))
        #expect(card.composite == 50)
        #expect(card.failedGates == [.complianceRate])
    }
}
