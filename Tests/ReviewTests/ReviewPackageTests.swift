import GovernanceCore
import Review
import Scorecards
import Testing

@Suite("Review package: top gaps, actions, reconciliation, assembly (SPEC section 5)")
struct ReviewPackageTests {
    static let config = try! ScorecardConfig(
        version: 1, effectiveFrom: month("2026-01"),
        metrics: [
            try MetricConfig(.serviceLevel, weight: 50, target: 80, threshold: 70),
            try MetricConfig(.abandonRate, weight: 50, target: 3, threshold: 6),
            try MetricConfig(.csat, weight: 1, target: 85, threshold: 75),
            try MetricConfig(.ahtSeconds, weight: 1, target: 300, threshold: 400),
        ])

    /// Scores: service_level 75 → 75; abandon_rate 4.5 → 75; csat 85 → 100; aht 350 → 75.
    /// Scored categories service 25, customer 20, efficiency 15 (Σ 60):
    /// service_level (25 ÷ 60) × (50 ÷ 100) × 25 = 5.208333…, abandon_rate the same,
    /// aht (15 ÷ 60) × (1 ÷ 1) × 25 = 6.25, csat 0 (not a gap).
    static func octoberMetrics(serviceLevel: Double = 75) -> MetricSet {
        metricSet(
            month("2026-10"),
            [value(.serviceLevel, serviceLevel), value(.abandonRate, 4.5), value(.csat, 85), value(.ahtSeconds, 350)])
    }

    @Test("top gaps: points lost = (W_c ÷ Σ W) × (w_m ÷ Σ w) × (100 − score), largest first, ties by name")
    func topGaps() throws {
        let card = Scorer.scorecard(for: Self.octoberMetrics(), config: Self.config, architecture: try architecture())
        let package = ReviewPackage.build(
            month: month("2026-10"), metrics: [month("2026-10"): Self.octoberMetrics()], scorecard: card,
            config: Self.config, architecture: try architecture(), agentScorecards: [], actions: [])
        #expect(package.topGaps.map(\.metric) == [.ahtSeconds, .abandonRate, .serviceLevel])
        #expect(close(package.topGaps[0].pointsLost, 6.25))
        #expect(close(package.topGaps[1].pointsLost, 125.0 / 24))
        #expect(close(package.topGaps[2].pointsLost, 125.0 / 24))
        // Nothing below 0, and they add up to 100 − composite (83.333…).
        #expect(close(package.topGaps.map(\.pointsLost).reduce(0, +), 100 - 5000.0 / 60))
    }

    @Test("threshold alerts list configured metrics worse than their threshold")
    func thresholdAlerts() throws {
        let metrics = Self.octoberMetrics(serviceLevel: 54)
        let card = Scorer.scorecard(for: metrics, config: Self.config, architecture: try architecture())
        let package = ReviewPackage.build(
            month: month("2026-10"), metrics: [month("2026-10"): metrics], scorecard: card, config: Self.config,
            architecture: try architecture(), agentScorecards: [], actions: [])
        #expect(package.thresholdAlerts.map(\.metric) == [.serviceLevel])
        #expect(close(package.thresholdAlerts.first?.value, 54))
        #expect(close(package.thresholdAlerts.first?.threshold, 70))
    }

    @Test("anomalies use each month's value, computed or reported; under 6 months says why; mismatches are listed")
    func assembly() throws {
        var monthly: [Month: MetricSet] = [:]
        let history: [Double] = [94, 93, 95, 94, 96, 92, 94, 95, 93, 94, 95, 94]
        for (offset, sl) in history.enumerated() {
            let m = month("2025-10").adding(months: offset)
            // Computed in odd months, reported in even ones: both count as "the value used".
            var entries = [value(.serviceLevel, sl, computed: offset % 2 == 1)]
            if offset >= 8 { entries.append(value(.csat, 90)) }
            monthly[m] = metricSet(m, entries)
        }
        let october = month("2026-10")
        monthly[october] = metricSet(
            october,
            [
                value(.serviceLevel, 54, computed: true, reported: 94),  // |94 − 54| > 1 point
                value(.csat, 91, computed: true, reported: 91.5),  // within 1 point
                value(.ahtSeconds, 300, computed: true, reported: 320),  // 20 > 5 % of 300 = 15
            ])
        let card = Scorer.scorecard(for: monthly[october]!, config: Self.config, architecture: try architecture())
        let package = ReviewPackage.build(
            month: october, metrics: monthly, scorecard: card, config: Self.config, architecture: try architecture(),
            agentScorecards: [], actions: [])
        #expect(package.anomalies.map(\.metric) == [.serviceLevel])
        #expect(package.anomalies.first?.source == .computed)
        #expect(close(package.anomalies.first?.median, 94))
        #expect(package.withoutVerdict.map(\.metric) == [.csat, .ahtSeconds])
        #expect(package.withoutVerdict.first?.noVerdictReason?.contains("only 4 of the 12 months") == true)
        #expect(package.reconciliation.map(\.metric) == [.serviceLevel, .ahtSeconds])
        let aht = try #require(package.reconciliation.last)
        #expect(close(aht.difference, 20) && close(aht.tolerance, 15))
        #expect(aht.toleranceRule == "5% of computed")
        let sl = try #require(package.reconciliation.first)
        #expect(close(sl.difference, 40) && close(sl.tolerance, 1) && close(sl.computed, 54) && close(sl.reported, 94))
    }

    @Test("target review in the package needs a scored value in each of the three months")
    func targetReviewInPackage() throws {
        var monthly: [Month: MetricSet] = [:]
        for (m, sl) in [("2026-08", 86.0), ("2026-09", 90.0), ("2026-10", 88.0)] {
            // aht computed on 10 contacts: below the default min_sample of 20, so not scored.
            monthly[month(m)] = metricSet(month(m), [value(.serviceLevel, sl), value(.ahtSeconds, 200, computed: true, n: 10)])
        }
        let card = Scorer.scorecard(for: monthly[month("2026-10")]!, config: Self.config, architecture: try architecture())
        let package = ReviewPackage.build(
            month: month("2026-10"), metrics: monthly, scorecard: card, config: Self.config,
            architecture: try architecture(), agentScorecards: [], actions: [])
        #expect(package.targetReview.map(\.metric) == [.serviceLevel])
        #expect(close(package.targetReview.first?.suggestedTarget, 88))
    }
}

@Suite("Action items: which ones a review lists, and overdue")
struct ActionItemTests {
    static func action(_ id: Int64, raised: String, due: String, status: ActionStatus = .open) -> ActionItem {
        ActionItem(
            id: id, program: "p", reviewMonth: month(raised), metric: .serviceLevel, title: "t\(id)", owner: "o",
            dueDate: day(due), status: status)
    }

    @Test(
        "overdue when not done and due before the review month's last day",
        arguments: [
            ("2026-10-30", ActionStatus.open, true), ("2026-10-31", .open, false), ("2026-11-15", .open, false),
            ("2026-09-01", .done, false),
        ])
    func overdue(due: String, status: ActionStatus, overdue: Bool) {
        #expect(Self.action(1, raised: "2026-09", due: due, status: status).isOverdue(at: month("2026-10")) == overdue)
    }

    @Test("a review lists the actions raised that month and every earlier one not done")
    func listed() {
        let actions = [
            Self.action(1, raised: "2026-08", due: "2026-09-30"),
            Self.action(2, raised: "2026-09", due: "2026-10-15", status: .done),
            Self.action(3, raised: "2026-10", due: "2026-11-30", status: .done),
            Self.action(4, raised: "2026-10", due: "2026-11-15"),
            Self.action(5, raised: "2026-11", due: "2026-12-15"),
        ]
        let listed = ActionItem.forReview(of: month("2026-10"), among: actions)
        #expect(listed.map(\.id) == [1, 4, 3])
        #expect(listed.map { $0.isOverdue(at: month("2026-10")) } == [true, false, false])
    }
}
