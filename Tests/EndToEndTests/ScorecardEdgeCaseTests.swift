import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Testing

/// Scorecard edge cases against the real `governd` over TLS, each with a tiny hand-made data set
/// whose expected numbers are worked out by hand in the comments (SPEC sections 1–4, 9, 10).
///
/// Unless a test says otherwise: architecture version 1 effective 2026-01, category weights
/// service 25, quality 25, customer 20, efficiency 15, partnership 15, threshold_score 50,
/// gate_cap 50, gate compliance_rate, `min_sample {csat: 1, fcr_rate: 1, aht_seconds: 1, qa_score: 1,
/// compliance_rate: 1}`; programs in Etc/UTC with T = {voice 20 s, chat 60 s, email 3600 s} and W = 7 days.
///
/// Score with threshold_score 50: score = clamp(100 − 50 × (target − value) ÷ (target − threshold), 0, 100).
@Suite("Scorecard edge cases (hand-computed, end to end)")
struct ScorecardEdgeCaseTests {
    static let tenant = "edge"

    // MARK: 1. Every interaction metric

    /// Interaction metrics of case 1 (and 2, 5): weight, target, threshold.
    static let interactionMetrics = [
        "{metric: service_level, weight: 50, target: 60, threshold: 40}",
        "{metric: asa_seconds, weight: 20, target: 30, threshold: 60}",
        "{metric: abandon_rate, weight: 30, target: 5, threshold: 30}",
        "{metric: fcr_rate, weight: 30, target: 90, threshold: 70}",
        "{metric: csat, weight: 100, target: 80, threshold: 60}",
        "{metric: aht_seconds, weight: 30, target: 300, threshold: 400}",
    ]

    /// Eight interactions in 2026-04 for program `p` (ids prefixed with `p`):
    ///
    /// | id | agent | customer | channel | wait | handle | abandoned | wait ≤ T? |
    /// |----|-------|----------|---------|------|--------|-----------|-----------|
    /// | i1 | a1 | c1 | voice | 10   | 300 | 0 | yes (T 20)   |
    /// | i2 | a1 | c2 | voice | 30   | 200 | 0 | no           |
    /// | i3 | a2 | c3 | chat  | 50   | 400 | 0 | yes (T 60)   |
    /// | i4 | a2 | c4 | email | 7200 | 600 | 0 | no (T 3600)  |
    /// | i5 | –  | c5 | voice | 5    | –   | 1 | yes (short abandon) |
    /// | i6 | –  | –  | voice | 40   | –   | 1 | no           |
    /// | i7 | a1 | c1 | chat  | 70   | 500 | 0 | no           |
    /// | i8 | a2 | –  | email | 100  | 100 | 0 | yes          |
    ///
    /// i7 (04-10) is c1 again 4 days after i1 (04-06), inside W = 7 days: i1 is not resolved.
    static func case1Interactions(_ p: String) -> [String] {
        [
            "\(p)-i1,\(p),a1,c1,voice,2026-04-06T10:00:00Z,10,300,0",
            "\(p)-i2,\(p),a1,c2,voice,2026-04-06T11:00:00Z,30,200,0",
            "\(p)-i3,\(p),a2,c3,chat,2026-04-07T10:00:00Z,50,400,0",
            "\(p)-i4,\(p),a2,c4,email,2026-04-08T10:00:00Z,7200,600,0",
            "\(p)-i5,\(p),,c5,voice,2026-04-09T10:00:00Z,5,,1",
            "\(p)-i6,\(p),,,voice,2026-04-09T11:00:00Z,40,,1",
            "\(p)-i7,\(p),a1,c1,chat,2026-04-10T10:00:00Z,70,500,0",
            "\(p)-i8,\(p),a2,,email,2026-04-11T10:00:00Z,100,100,0",
        ]
    }

    /// Surveys: i1 5, i2 3, i3 4, i7 2 → satisfied (≥ 4): i1, i3.
    static func case1Surveys(_ p: String) -> [String] {
        ["\(p)-i1,5", "\(p)-i2,3", "\(p)-i3,4", "\(p)-i7,2"]
    }

    @Test("1. every interaction metric, the three service-level formulas, category and composite weighting")
    func everyInteractionMetric() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                let formulas = [("p-excl", "exclude_short_abandons"), ("p-off", "offered"), ("p-sam", "short_abandons_met")]
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        formulas.map {
                            EdgeYAML.Program(
                                id: $0.0, formula: $0.1,
                                versions: [.init(effectiveFrom: "2026-01", metrics: Self.interactionMetrics)])
                        }))
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions,
                    formulas.flatMap { Self.case1Interactions($0.0) })
                try await importEdge(
                    client, tenant: Self.tenant, "surveys.csv", EdgeCSV.surveys, formulas.flatMap { Self.case1Surveys($0.0) })

                // Shared by the three programs:
                // offered 8, answered 6 (i1 i2 i3 i4 i7 i8), abandoned 2 (i5 i6).
                // answered with wait ≤ T: i1, i3, i8 = 3; abandoned with wait ≤ T: i5 = 1; abandoned with wait > T: i6 = 1.
                // asa: real-time answered i1 10 + i2 30 + i3 50 + i7 70 = 160 ÷ 4 = 40 s (emails i4, i8 excluded), n 4;
                //      score 100 − 50 × (30 − 40) ÷ (30 − 60) = 100 − 50 × 1/3 = 83.333…
                // abandon_rate: 100 × 2 ÷ 8 = 25, n 8; score 100 − 50 × (5 − 25) ÷ (5 − 30) = 100 − 40 = 60.
                // aht: (300 + 200 + 400 + 600 + 500 + 100) ÷ 6 = 2100 ÷ 6 = 350, n 6;
                //      score 100 − 50 × (300 − 350) ÷ (300 − 400) = 100 − 25 = 75.
                // fcr: answered with a customer: i1 i2 i3 i4 i7 = 5 (i8 has none); resolved: all but i1 = 4
                //      → 100 × 4 ÷ 5 = 80, n 5; score 100 − 50 × (90 − 80) ÷ 20 = 75.
                // csat: 100 × 2 ÷ 4 = 50, n 4; score 100 − 50 × (80 − 50) ÷ 20 = 25.
                //
                // service_level and its score (target 60, threshold 40, so score = 100 − 2.5 × (60 − SL)):
                //   exclude_short_abandons: 100 × 3 ÷ (6 + 1) = 300/7 = 42.857…, n 7; score 100 − 2.5 × 120/7 = 400/7 = 57.142857…
                //   offered:                100 × 3 ÷ 8 = 37.5, n 8;             score 100 − 2.5 × 22.5 = 43.75
                //   short_abandons_met:     100 × (3 + 1) ÷ 8 = 50, n 8;         score 100 − 2.5 × 10 = 75
                // service category = (50 × SLscore + 20 × 250/3 + 30 × 60) ÷ (50 + 20 + 30):
                //   excl (2857.142857 + 1666.666667 + 1800) ÷ 100 = 63.238095238
                //   off  (2187.5      + 1666.666667 + 1800) ÷ 100 = 56.541666667
                //   sam  (3750        + 1666.666667 + 1800) ÷ 100 = 72.166666667
                // quality = fcr 75; customer = csat 25; efficiency = aht 75; partnership: nothing configured.
                // composite = (25 × service + 25 × 75 + 20 × 25 + 15 × 75) ÷ (25 + 25 + 20 + 15) = (25 × service + 3500) ÷ 85:
                //   excl (1580.952381 + 3500) ÷ 85 = 59.775910364   (a plain mean of categories would be 59.56)
                //   off  (1413.541667 + 3500) ÷ 85 = 57.806372549
                //   sam  (1804.166667 + 3500) ÷ 85 = 62.401960784
                let expected: [(program: String, sl: Double, n: Int64, slScore: Double, service: Double, composite: Double)] = [
                    ("p-excl", 300.0 / 7, 7, 400.0 / 7, 6323.809523809524 / 100, 5080.952380952381 / 85),
                    ("p-off", 37.5, 8, 43.75, 56.541666666666667, 4913.541666666667 / 85),
                    ("p-sam", 50, 8, 75, 72.166666666666667, 5304.166666666667 / 85),
                ]
                for item in expected {
                    let card = try await programCard(client, Self.tenant, item.program, "2026-04")
                    expectMetric(card, "service_level", value: .value(item.sl), n: item.n, score: .value(item.slScore), source: "computed")
                    expectMetric(card, "asa_seconds", value: .value(40), n: 4, score: .value(250.0 / 3))
                    expectMetric(card, "abandon_rate", value: .value(25), n: 8, score: .value(60))
                    expectMetric(card, "aht_seconds", value: .value(350), n: 6, score: .value(75), insufficient: false)
                    expectMetric(card, "fcr_rate", value: .value(80), n: 5, score: .value(75))
                    expectMetric(card, "csat", value: .value(50), n: 4, score: .value(25))
                    expectCategory(card, "service", .value(item.service))
                    expectCategory(card, "quality", .value(75))
                    expectCategory(card, "customer", .value(25))
                    expectCategory(card, "efficiency", .value(75))
                    expectCategory(card, "partnership", .absent)
                    expectComposite(card, .value(item.composite), uncapped: .value(item.composite))
                    #expect(card.answered == 6)
                    #expect(card.complete, "\(item.program): \(card.missingList)")
                    #expect(card.missing.isEmpty)
                    #expect(!card.gateCapped)
                    #expect(card.scorecardVersion == 1 && card.architectureVersion == 1)
                }

                // Agents of p-excl (agent-level metrics only: fcr, csat, aht; never service_level, asa, abandon_rate).
                // a1: i1 i2 i7. aht (300 + 200 + 500) ÷ 3 = 333.333; fcr i1 ✗ i2 ✓ i7 ✓ = 2/3 → 66.667;
                //     csat i1 5 ✓, i2 3 ✗, i7 2 ✗ = 1/3 → 33.333.
                //     scores: fcr 100 − 50 × (90 − 66.667) ÷ 20 = 41.667; csat 100 − 50 × 46.667 ÷ 20 < 0 → 0;
                //     aht 100 − 50 × 33.333 ÷ 100 = 83.333.
                //     composite = (25 × 41.667 + 20 × 0 + 15 × 83.333) ÷ (25 + 20 + 15) = 2291.667 ÷ 60 = 38.194444
                // a2: i3 i4 i8. aht (400 + 600 + 100) ÷ 3 = 366.667 → 100 − 50 × 66.667 ÷ 100 = 66.667;
                //     fcr i3 ✓ i4 ✓ = 100 → 100; csat i3 4 ✓ = 100 → 100.
                //     composite = (25 × 100 + 20 × 100 + 15 × 66.667) ÷ 60 = 5500 ÷ 60 = 91.666667
                // ranking: a2 (rank 1, percentile 100 × (1 + 0.5) ÷ 2 = 75), a1 (rank 2, 100 × 0.5 ÷ 2 = 25).
                let ranking = try await agentRanking(client, Self.tenant, "p-excl", "2026-04")
                #expect(ranking.agents.map(\.agentID) == ["a2", "a1"])
                let a1 = try await agentCard(client, Self.tenant, "p-excl", "a1", "2026-04")
                #expect(a1.metrics.map(\.metric).sorted() == ["aht_seconds", "csat", "fcr_rate"])
                expectMetric(a1, "aht_seconds", value: .value(1000.0 / 3), n: 3, score: .value(250.0 / 3))
                expectMetric(a1, "fcr_rate", value: .value(200.0 / 3), n: 3, score: .value(125.0 / 3))
                expectMetric(a1, "csat", value: .value(100.0 / 3), n: 3, score: .value(0))
                expectComposite(a1, .value(2291.6666666666667 / 60))
                #expect(a1.answered == 3)
                #expect(a1.rank == 2)
                expectNumber("a1 percentile", has: a1.hasPercentile, a1.percentile, .value(25))
                let a2 = try await agentCard(client, Self.tenant, "p-excl", "a2", "2026-04")
                expectComposite(a2, .value(5500.0 / 60))
                #expect(a2.rank == 1)
                expectNumber("a2 percentile", has: a2.hasPercentile, a2.percentile, .value(75))
            }
        }
    }

    // MARK: 2. Zero denominators

    @Test("2. a month with only abandoned contacts: no aht, asa, fcr or csat; abandon_rate 100; incomplete")
    func zeroDenominators() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [.init(id: "p-zero", versions: [.init(effectiveFrom: "2026-01", metrics: Self.interactionMetrics)])]))
                // Two abandoned contacts in 2026-05: voice wait 20 (= T 20: ≤ T, a short abandon), chat wait 90 (> T 60).
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions,
                    [
                        "z-i1,p-zero,,c1,voice,2026-05-04T10:00:00Z,20,,1",
                        "z-i2,p-zero,,c2,chat,2026-05-05T10:00:00Z,90,0,1",
                    ])
                let card = try await programCard(client, Self.tenant, "p-zero", "2026-05")
                // offered 2, answered 0, abandoned 2.
                // abandon_rate = 100 × 2 ÷ 2 = 100, n 2; score 100 − 50 × (5 − 100) ÷ (5 − 30) = 100 − 190 → 0.
                // service_level (exclude_short_abandons) = 100 × 0 ÷ (0 answered + 1 abandoned with wait > T) = 0, n 1
                //   (a value of 0, not "no value"); score 100 − 2.5 × (60 − 0) < 0 → 0.
                // aht (÷ answered 0), asa (÷ real-time answered 0), fcr (÷ answered with customer 0), csat (÷ surveys 0):
                //   zero denominators → no value, no score, n 0.
                expectMetric(card, "abandon_rate", value: .value(100), n: 2, score: .value(0))
                expectMetric(card, "service_level", value: .value(0), n: 1, score: .value(0))
                for name in ["aht_seconds", "asa_seconds", "fcr_rate", "csat"] {
                    expectMetric(card, name, value: .absent, n: 0, score: .absent, source: "", insufficient: false)
                }
                #expect(card.answered == 0)
                #expect(!card.complete)
                #expect(card.missingList == ["aht_seconds:no_value", "asa_seconds:no_value", "csat:no_value", "fcr_rate:no_value"])
                // Only the service category is scored: (50 × 0 + 30 × 0) ÷ 80 = 0 → composite = 25 × 0 ÷ 25 = 0.
                expectCategory(card, "service", .value(0))
                expectCategory(card, "quality", .absent)
                expectCategory(card, "customer", .absent)
                expectCategory(card, "efficiency", .absent)
                expectComposite(card, .value(0))

                // A month with no data at all: every metric absent, no composite, all six missing.
                let empty = try await programCard(client, Self.tenant, "p-zero", "2026-06")
                for name in ["service_level", "asa_seconds", "abandon_rate", "fcr_rate", "csat", "aht_seconds"] {
                    expectMetric(empty, name, value: .absent, n: 0, score: .absent)
                }
                expectComposite(empty, .absent, uncapped: .absent)
                #expect(!empty.complete)
                #expect(empty.missing.count == 6)
                #expect(empty.missing.allSatisfy { $0.reason == "no_value" })
                // Nobody answered anything: no agent scorecards.
                #expect(try await agentRanking(client, Self.tenant, "p-zero", "2026-05").agents.isEmpty)
            }
        }
    }

    // MARK: 3. min_sample

    @Test("3. default min_sample: 3 surveys (< 10) show a csat value, flagged, unscored and missing")
    func insufficientSample() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                // No min_sample key: the catalog defaults (csat 10, aht_seconds 20, service_level 1).
                try await applyEdgeManifest(client, EdgeYAML.architecture(minSample: nil))
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [
                            .init(
                                id: "p-min",
                                versions: [
                                    .init(
                                        effectiveFrom: "2026-01",
                                        metrics: [
                                            "{metric: service_level, weight: 50, target: 60, threshold: 40}",
                                            "{metric: csat, weight: 100, target: 80, threshold: 60}",
                                            "{metric: aht_seconds, weight: 30, target: 300, threshold: 400}",
                                            "{metric: compliance_rate, weight: 30, target: 100, threshold: 90}",
                                        ])
                                ])
                        ]))
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions,
                    [
                        "m-i1,p-min,a1,c1,voice,2026-04-06T10:00:00Z,10,100,0",
                        "m-i2,p-min,a1,c2,voice,2026-04-07T10:00:00Z,10,200,0",
                        // wait exactly T (20 s) is within the service level.
                        "m-i3,p-min,a2,c3,voice,2026-04-08T10:00:00Z,20,300,0",
                    ])
                // One evaluation failing a hard-fail item: compliance 100 × 0 ÷ 1 = 0, but n 1 < 2 (default).
                try await importEdge(
                    client, tenant: Self.tenant, "evaluations.csv", EdgeCSV.evaluations,
                    ["m-e1,p-min,a1,qa1,m-i1,form1,1,2026-04-09T10:00:00Z,,"])
                try await importEdge(
                    client, tenant: Self.tenant, "evaluation_answers.csv", EdgeCSV.evaluationAnswers,
                    edgeAnswers("m-e1", greet: 5, resolve: 10, disclose: 0, verify: 1))
                try await importEdge(
                    client, tenant: Self.tenant, "surveys.csv", EdgeCSV.surveys, ["m-i1,5", "m-i2,4", "m-i3,1"])
                // A reported csat for the same month must not replace the computed one, even though the
                // computed sample is insufficient (SPEC section 2, reported values).
                try await importEdge(
                    client, tenant: Self.tenant, "reported_metrics.csv", EdgeCSV.reportedMetrics,
                    ["p-min,2026-04,csat,95,vendor"])

                let card = try await programCard(client, Self.tenant, "p-min", "2026-04")
                // csat = 100 × 2 (scores 5, 4) ÷ 3 = 66.667, n 3 < 10 → shown, insufficient, no score.
                expectMetric(card, "csat", value: .value(200.0 / 3), n: 3, score: .absent, source: "computed", insufficient: true)
                // aht = (100 + 200 + 300) ÷ 3 = 200, n 3 < 20 → insufficient too.
                expectMetric(card, "aht_seconds", value: .value(200), n: 3, score: .absent, insufficient: true)
                // service_level = 100 × 3 ÷ (3 + 0) = 100, n 3 ≥ 1 → scored 100.
                expectMetric(card, "service_level", value: .value(100), n: 3, score: .value(100), insufficient: false)
                // compliance_rate 0 is far below its threshold 90, but with n 1 < 2 it is not scored, so the gate
                // does not fire (SPEC section 3: a gate needs a scored value).
                expectMetric(card, "compliance_rate", value: .value(0), n: 1, score: .absent, insufficient: true)
                #expect(!card.gateCapped)
                #expect(card.failedGates.isEmpty)
                #expect(!card.complete)
                #expect(
                    card.missingList == [
                        "aht_seconds:insufficient_sample", "compliance_rate:insufficient_sample", "csat:insufficient_sample",
                    ])
                expectCategory(card, "quality", .absent)
                expectCategory(card, "customer", .absent)
                expectCategory(card, "efficiency", .absent)
                // Only service is scored: composite = 25 × 100 ÷ 25 = 100 (uncapped 100).
                expectComposite(card, .value(100), uncapped: .value(100))

                // May: exactly 10 surveys (8 × score 5, 2 × score 2) → n 10 = min_sample → sufficient:
                // csat 100 × 8 ÷ 10 = 80 → score 100 (at target). aht 100 with n 10 < 20 → still insufficient.
                try await importEdge(
                    client, tenant: Self.tenant, "interactions_2026-05.csv", EdgeCSV.interactions,
                    (1...10).map { "m-j\($0),p-min,a1,,voice,2026-05-\(10 + $0)T10:00:00Z,10,100,0" })
                try await importEdge(
                    client, tenant: Self.tenant, "surveys_2026-05.csv", EdgeCSV.surveys,
                    (1...10).map { "m-j\($0),\($0 <= 8 ? 5 : 2)" })
                let may = try await programCard(client, Self.tenant, "p-min", "2026-05")
                expectMetric(may, "csat", value: .value(80), n: 10, score: .value(100), insufficient: false)
                expectMetric(may, "aht_seconds", value: .value(100), n: 10, score: .absent, insufficient: true)
                #expect(may.missingList == ["aht_seconds:insufficient_sample", "compliance_rate:no_value"])
                // composite = (25 × 100 + 20 × 100) ÷ 45 = 100.
                expectComposite(may, .value(100))
            }
        }
    }

    // MARK: 4. FCR forward window

    @Test("4. FCR window (t, t + W]: the end is inside, +1 s is outside, abandoned callbacks count, later files change earlier months")
    func fcrForwardWindow() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                let fcrOnly = [EdgeYAML.Version(effectiveFrom: "2026-01", metrics: ["{metric: fcr_rate, weight: 30, target: 90, threshold: 70}"])]
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [.init(id: "p-fcr", fcrWindowDays: 3, versions: fcrOnly), .init(id: "p-other", fcrWindowDays: 3, versions: fcrOnly)]))
                // W = 3 days = 259,200 s.
                try await importEdge(
                    client, tenant: Self.tenant, "interactions_2026-04.csv", EdgeCSV.interactions,
                    [
                        // cust-A: f2 exactly t + 3 days after f1 → inside (t, t + W] → f1 not resolved.
                        "f1,p-fcr,a1,cust-A,voice,2026-04-10T12:00:00Z,5,100,0",
                        "f2,p-fcr,a1,cust-A,chat,2026-04-13T12:00:00Z,5,100,0",
                        // cust-B: f4 at t + 3 days + 1 s → outside → f3 resolved.
                        "f3,p-fcr,a1,cust-B,voice,2026-04-10T12:00:00Z,5,100,0",
                        "f4,p-fcr,a2,cust-B,voice,2026-04-13T12:00:01Z,5,100,0",
                        // cust-C: an abandoned callback one day later still is a repeat → f5 not resolved.
                        "f5,p-fcr,a2,cust-C,voice,2026-04-15T08:00:00Z,5,100,0",
                        "f6,p-fcr,,cust-C,voice,2026-04-16T08:00:00Z,50,,1",
                        // cust-D: resolved until the callback of the second file arrives.
                        "f7,p-fcr,a2,cust-D,voice,2026-04-29T12:00:00Z,5,100,0",
                        // cust-E: two contacts at the same instant; neither is *after* the other → both resolved.
                        "f8,p-fcr,a1,cust-E,voice,2026-04-20T09:00:00Z,5,100,0",
                        "f9,p-fcr,a2,cust-E,chat,2026-04-20T09:00:00Z,5,100,0",
                        // cust-E again one day later, but in another program: not a repeat for p-fcr.
                        "o1,p-other,a9,cust-E,voice,2026-04-21T09:00:00Z,5,100,0",
                        // cust-F: resolved (nothing after it in this file).
                        "f11,p-fcr,a1,cust-F,voice,2026-04-30T20:00:00Z,5,100,0",
                    ])
                // April: eligible (answered with a customer) f1 f2 f3 f4 f5 f7 f8 f9 f11 = 9;
                // resolved f2 f3 f4 f7 f8 f9 f11 = 7 (f1 ✗, f5 ✗) → 100 × 7 ÷ 9 = 77.777778.
                var april = try await programCard(client, Self.tenant, "p-fcr", "2026-04")
                expectMetric(april, "fcr_rate", value: .value(700.0 / 9), n: 9)
                // a1: f1 ✗ f2 ✓ f3 ✓ f8 ✓ f11 ✓ = 4/5 = 80; a2: f4 ✓ f5 ✗ f7 ✓ f9 ✓ = 3/4 = 75.
                expectMetric(try await agentCard(client, Self.tenant, "p-fcr", "a1", "2026-04"), "fcr_rate", value: .value(80), n: 5)
                expectMetric(try await agentCard(client, Self.tenant, "p-fcr", "a2", "2026-04"), "fcr_rate", value: .value(75), n: 4)
                // p-other: o1 alone → 100 (the p-fcr contacts of cust-E are not its repeats either).
                expectMetric(try await programCard(client, Self.tenant, "p-other", "2026-04"), "fcr_rate", value: .value(100), n: 1)

                // Second file:
                // - cust-D calls back on 2026-05-01T10:00Z, 1 day 22 h after f7 (inside 3 days) → f7 ✗ now;
                // - late-arriving f12 of cust-F on 04-28 20:00, 2 days before the already stored f11 → f12 ✗.
                try await importEdge(
                    client, tenant: Self.tenant, "interactions_2026-05.csv", EdgeCSV.interactions,
                    [
                        "f10,p-fcr,a1,cust-D,email,2026-05-01T10:00:00Z,5,100,0",
                        "f12,p-fcr,a2,cust-F,voice,2026-04-28T20:00:00Z,5,100,0",
                    ])
                // April again: eligible 9 + f12 = 10; resolved f2 f3 f4 f8 f9 f11 = 6 → 60 (the earlier month changed).
                april = try await programCard(client, Self.tenant, "p-fcr", "2026-04")
                expectMetric(april, "fcr_rate", value: .value(60), n: 10)
                // a2: f4 ✓ f5 ✗ f7 ✗ f9 ✓ f12 ✗ = 2/5 = 40; a1 unchanged at 4/5 = 80.
                expectMetric(try await agentCard(client, Self.tenant, "p-fcr", "a2", "2026-04"), "fcr_rate", value: .value(40), n: 5)
                expectMetric(try await agentCard(client, Self.tenant, "p-fcr", "a1", "2026-04"), "fcr_rate", value: .value(80), n: 5)
                // May: f10, no later contact → 1/1 = 100. Q2: resolved 6 + 1 = 7 of 11 → 63.636364.
                expectMetric(try await programCard(client, Self.tenant, "p-fcr", "2026-05"), "fcr_rate", value: .value(100), n: 1)
                expectMetric(try await programCard(client, Self.tenant, "p-fcr", "2026-Q2"), "fcr_rate", value: .value(700.0 / 11), n: 11)
            }
        }
    }

    // MARK: 5. Re-import

    @Test("5. re-importing the same file changes no number; a changed row replaces, and sending the original restores")
    func reimportIsIdempotent() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [.init(id: "p-excl", versions: [.init(effectiveFrom: "2026-01", metrics: Self.interactionMetrics)])]))
                let rows = Self.case1Interactions("p-excl")
                let surveys = Self.case1Surveys("p-excl")

                func snapshot() async throws -> [String] {
                    [
                        try await programCard(client, Self.tenant, "p-excl", "2026-04").jsonString(),
                        try await programCard(client, Self.tenant, "p-excl", "2026-Q2").jsonString(),
                        try await programCard(client, Self.tenant, "p-excl", "2026").jsonString(),
                        try await agentRanking(client, Self.tenant, "p-excl", "2026-04").jsonString(),
                    ]
                }

                try await importEdge(client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions, rows)
                try await importEdge(client, tenant: Self.tenant, "surveys.csv", EdgeCSV.surveys, surveys)
                let before = try await snapshot()
                expectMetric(try await programCard(client, Self.tenant, "p-excl", "2026-04"), "aht_seconds", value: .value(350), n: 6)

                let again = try await importEdge(client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions, rows)
                #expect(again.rowsStored == 8 && again.rowsReplaced == 8)
                let surveysAgain = try await importEdge(client, tenant: Self.tenant, "surveys.csv", EdgeCSV.surveys, surveys)
                #expect(surveysAgain.rowsReplaced == 4)
                let after = try await snapshot()
                #expect(after == before)
                let totals = try await server.totals(Self.tenant)
                #expect(totals[.interactions] == 8 && totals[.surveys] == 4)

                // The same id with handle 200 → 800 replaces the row: aht = (2100 − 200 + 800) ÷ 6 = 2700 ÷ 6 = 450,
                // answered stays 6 (nothing double counted).
                var changed = rows
                changed[1] = "p-excl-i2,p-excl,a1,c2,voice,2026-04-06T11:00:00Z,30,800,0"
                try await importEdge(client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions, changed)
                let changedCard = try await programCard(client, Self.tenant, "p-excl", "2026-04")
                expectMetric(changedCard, "aht_seconds", value: .value(450), n: 6)
                #expect(changedCard.answered == 6)

                // Sending the original file again restores every number.
                try await importEdge(client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions, rows)
                #expect(try await snapshot() == before)

                // Re-sent rows may move: i7 (c1's callback) from 04-10 to 04-20 (14 days after i1, outside W = 7)
                // and i8 from April to 2026-05-02.
                // April: answered i1 i2 i3 i4 i7 = 5, aht (2100 − 100) ÷ 5 = 400; fcr: i1 now resolved → 5/5 = 100.
                // May: answered 1 (i8), aht 100.
                var moved = rows
                moved[6] = "p-excl-i7,p-excl,a1,c1,chat,2026-04-20T10:00:00Z,70,500,0"
                moved[7] = "p-excl-i8,p-excl,a2,,email,2026-05-02T10:00:00Z,100,100,0"
                try await importEdge(client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions, moved)
                let movedApril = try await programCard(client, Self.tenant, "p-excl", "2026-04")
                #expect(movedApril.answered == 5)
                expectMetric(movedApril, "aht_seconds", value: .value(400), n: 5)
                expectMetric(movedApril, "fcr_rate", value: .value(100), n: 5)
                let movedMay = try await programCard(client, Self.tenant, "p-excl", "2026-05")
                #expect(movedMay.answered == 1)
                expectMetric(movedMay, "aht_seconds", value: .value(100), n: 1)
                // And back: everything as before, May empty again.
                try await importEdge(client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions, rows)
                #expect(try await snapshot() == before)
                #expect(try await programCard(client, Self.tenant, "p-excl", "2026-05").answered == 0)
            }
        }
    }

    // MARK: 6. Time zones and DST

    @Test("6. America/Chicago: local-month bucketing across DST start, DST end and month ends")
    func timezoneBucketing() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [
                            .init(
                                id: "p-chi", timezone: "America/Chicago",
                                versions: [
                                    .init(
                                        effectiveFrom: "2026-01",
                                        metrics: [
                                            "{metric: abandon_rate, weight: 30, target: 5, threshold: 30}",
                                            "{metric: qa_score, weight: 40, target: 90, threshold: 70}",
                                            "{metric: aht_seconds, weight: 30, target: 300, threshold: 400}",
                                            "{metric: occupancy, weight: 20, target: 85, threshold: 75}",
                                            "{metric: adherence, weight: 30, target: 92, threshold: 85}",
                                        ])
                                ])
                        ]))
                // Chicago: CST = UTC−6 until 2026-03-08 08:00Z, CDT = UTC−5 until 2026-11-01 07:00Z, then CST.
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions,
                    [
                        "z01,p-chi,a1,,voice,2026-03-01T05:30:00Z,0,100,0",  // Feb 28 23:30 CST → Feb
                        "z02,p-chi,a1,,voice,2026-03-01T06:00:00Z,0,100,0",  // Mar 1 00:00 CST → Mar
                        "z03,p-chi,a1,,voice,2026-03-08T07:30:00Z,0,100,0",  // Mar 8 01:30 CST (before the jump) → Mar
                        "z04,p-chi,a1,,voice,2026-03-08T08:30:00Z,0,100,0",  // Mar 8 03:30 CDT (after) → Mar
                        "z05,p-chi,a1,,voice,2026-04-01T04:30:00Z,0,100,0",  // Mar 31 23:30 CDT → Mar
                        "z06,p-chi,a1,,voice,2026-04-01T05:00:00Z,0,100,0",  // Apr 1 00:00 CDT → Apr
                        "z07,p-chi,a1,,voice,2026-11-01T04:30:00Z,0,100,0",  // Oct 31 23:30 CDT → Oct
                        "z08,p-chi,a1,,voice,2026-10-31T23:45:00-05:00,0,200,0",  // = Nov 1 04:45Z, Oct 31 23:45 CDT → Oct
                        "z09,p-chi,a1,,voice,2026-11-01T00:15:00+01:00,0,300,0",  // = Oct 31 23:15Z, Oct 31 18:15 CDT → Oct
                        "z10,p-chi,,,voice,2026-11-01T04:59:59Z,0,,1",  // Oct 31 23:59:59 CDT → Oct (abandoned)
                        "z11,p-chi,a1,,voice,2026-11-01T05:00:00Z,0,100,0",  // Nov 1 00:00 CDT → Nov
                        "z12,p-chi,a1,,voice,2026-11-01T06:30:00Z,0,200,0",  // Nov 1 01:30 CDT (first 01:30) → Nov
                        "z13,p-chi,a1,,voice,2026-11-01T07:30:00Z,0,400,0",  // Nov 1 01:30 CST (second 01:30) → Nov
                        "z14,p-chi,a1,,voice,2026-12-01T05:30:00Z,0,500,0",  // Nov 30 23:30 CST → Nov
                        "z15,p-chi,a1,,voice,2026-12-01T06:00:00Z,0,100,0",  // Dec 1 00:00 CST → Dec
                    ])
                // Evaluations belong to the local date of evaluated_at.
                try await importEdge(
                    client, tenant: Self.tenant, "evaluations.csv", EdgeCSV.evaluations,
                    [
                        "ze1,p-chi,a1,qa1,z07,form1,1,2026-11-01T04:30:00Z,,",  // Oct 31 23:30 CDT → Oct
                        "ze2,p-chi,a1,qa1,z11,form1,1,2026-11-01T05:00:00Z,,",  // Nov 1 00:00 CDT → Nov
                    ])
                try await importEdge(
                    client, tenant: Self.tenant, "evaluation_answers.csv", EdgeCSV.evaluationAnswers,
                    // ze1: 100 × (10 × 5/5 + 30 × 10/10) ÷ 40 = 100; ze2: 100 × (10 × 4/5 + 30 × 8/10) ÷ 40 = 80.
                    edgeAnswers("ze1", greet: 5, resolve: 10, disclose: 1, verify: 1)
                        + edgeAnswers("ze2", greet: 4, resolve: 8, disclose: 1, verify: 1))

                // agent_days carry local dates already: 2026-10-31 is October, 2026-11-01 November.
                try await importEdge(
                    client, tenant: Self.tenant, "agent_days.csv",
                    "agent_id,program_id,date,scheduled_seconds,staffed_seconds,available_seconds,adherent_seconds",
                    ["a1,p-chi,2026-10-31,28800,28000,1400,27000", "a1,p-chi,2026-11-01,28800,28800,0,28800"])
                // October: occupancy = 100 × handle 600 ÷ (600 + available 1400) = 30, n 3 answered + 1 day = 4;
                //          adherence = 100 × 27000 ÷ 28800 = 93.75, n 1.
                // November: occupancy = 100 × 1200 ÷ (1200 + 0) = 100, n 4 + 1 = 5; adherence 100 × 28800 ÷ 28800 = 100.
                let octoberDays = try await programCard(client, Self.tenant, "p-chi", "2026-10")
                expectMetric(octoberDays, "occupancy", value: .value(30), n: 4)
                expectMetric(octoberDays, "adherence", value: .value(93.75), n: 1)
                let novemberDays = try await programCard(client, Self.tenant, "p-chi", "2026-11")
                expectMetric(novemberDays, "occupancy", value: .value(100), n: 5)
                expectMetric(novemberDays, "adherence", value: .value(100), n: 1)

                // month: answered, offered, aht
                // Jan 0 / 0 / –; Feb 1 / 1 / 100; Mar 4 (z02–z05) / 4 / 100; Apr 1 / 1 / 100;
                // Oct 3 (z07 z08 z09) / 4 (+ z10) / (100 + 200 + 300) ÷ 3 = 200, abandon 100 × 1 ÷ 4 = 25;
                // Nov 4 (z11–z14) / 4 / (100 + 200 + 400 + 500) ÷ 4 = 300; Dec 1 / 1 / 100.
                let months: [(period: String, answered: Int64, offered: Int64, aht: Expect, abandon: Expect)] = [
                    ("2026-01", 0, 0, .absent, .absent),
                    ("2026-02", 1, 1, .value(100), .value(0)),
                    ("2026-03", 4, 4, .value(100), .value(0)),
                    ("2026-04", 1, 1, .value(100), .value(0)),
                    ("2026-10", 3, 4, .value(200), .value(25)),
                    ("2026-11", 4, 4, .value(300), .value(0)),
                    ("2026-12", 1, 1, .value(100), .value(0)),
                    // Q1: 0 + 1 + 4 = 5 answered, 5 offered; aht 500 ÷ 5 = 100.
                    ("2026-Q1", 5, 5, .value(100), .value(0)),
                    // Q4: 3 + 4 + 1 = 8 answered, 9 offered; aht (600 + 1200 + 100) ÷ 8 = 237.5; abandon 100 ÷ 9 = 11.111.
                    ("2026-Q4", 8, 9, .value(237.5), .value(100.0 / 9)),
                    // Year: 5 + 1 + 8 = 14 answered, 15 offered; aht (500 + 100 + 1900) ÷ 14 = 2500 ÷ 14; abandon 100 ÷ 15.
                    ("2026", 14, 15, .value(2500.0 / 14), .value(100.0 / 15)),
                ]
                for month in months {
                    let card = try await programCard(client, Self.tenant, "p-chi", month.period)
                    #expect(card.answered == month.answered, "\(month.period) answered")
                    expectMetric(card, "aht_seconds", value: month.aht, n: month.answered)
                    expectMetric(card, "abandon_rate", value: month.abandon, n: month.offered)
                }
                // QA: Oct n 1 value 100, Nov n 1 value 80; Q4 n 2 value 90.
                expectMetric(try await programCard(client, Self.tenant, "p-chi", "2026-10"), "qa_score", value: .value(100), n: 1)
                expectMetric(try await programCard(client, Self.tenant, "p-chi", "2026-11"), "qa_score", value: .value(80), n: 1)
                expectMetric(try await programCard(client, Self.tenant, "p-chi", "2026-Q4"), "qa_score", value: .value(90), n: 2)
            }
        }
    }

    // MARK: 7. Quarter and year aggregation

    @Test("7. quarters and years pool records; reported-only metrics average their months; computed beats reported")
    func quarterAndYear() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [
                            .init(
                                id: "p-q",
                                versions: [
                                    .init(
                                        effectiveFrom: "2026-01",
                                        metrics: [
                                            "{metric: abandon_rate, weight: 30, target: 5, threshold: 30}",
                                            "{metric: qa_score, weight: 40, target: 90, threshold: 70}",
                                            "{metric: csat, weight: 100, target: 80, threshold: 60}",
                                            "{metric: aht_seconds, weight: 30, target: 300, threshold: 400}",
                                            "{metric: cost_per_contact, weight: 20, target: 700, threshold: 900}",
                                        ])
                                ])
                        ]))
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions,
                    [
                        "q1,p-q,a1,,voice,2026-01-15T10:00:00Z,0,100,0",  // Jan: aht 100
                        "q2,p-q,a1,,voice,2026-02-10T10:00:00Z,0,200,0",  // Feb: aht (200 × 3) ÷ 3 = 200
                        "q3,p-q,a1,,voice,2026-02-11T10:00:00Z,0,200,0",
                        "q4,p-q,a2,,voice,2026-02-12T10:00:00Z,0,200,0",
                        "q5,p-q,a2,,voice,2026-03-20T10:00:00Z,0,500,0",  // Mar: aht 500
                        "q6,p-q,a2,,voice,2026-04-20T10:00:00Z,0,300,0",  // Apr: aht 300
                    ])
                try await importEdge(
                    client, tenant: Self.tenant, "reported_metrics.csv", EdgeCSV.reportedMetrics,
                    [
                        // csat is reported only (no surveys at all).
                        "p-q,2026-01,csat,80,vendor",
                        "p-q,2026-02,csat,90,vendor",
                        "p-q,2026-03,csat,70,client",
                        "p-q,2026-04,csat,60,vendor",
                        // qa_score is reported only, and only for January and March.
                        "p-q,2026-01,qa_score,80,vendor",
                        "p-q,2026-03,qa_score,90,vendor",
                        // Raw data exists for these: the computed values win.
                        "p-q,2026-01,aht_seconds,999,vendor",
                        "p-q,2026-02,abandon_rate,50,client",
                        // program_cost for January and February only.
                        "p-q,2026-01,program_cost,1000,client",
                        "p-q,2026-02,program_cost,3000,client",
                    ])

                let january = try await programCard(client, Self.tenant, "p-q", "2026-01")
                expectMetric(january, "aht_seconds", value: .value(100), n: 1, source: "computed")
                expectMetric(january, "csat", value: .value(80), source: "reported", insufficient: false)
                let february = try await programCard(client, Self.tenant, "p-q", "2026-02")
                // abandon_rate computed 100 × 0 ÷ 3 = 0 (a real 0) beats the reported 50.
                expectMetric(february, "abandon_rate", value: .value(0), n: 3, source: "computed")
                // No qa_score reported or computed in February.
                expectMetric(february, "qa_score", value: .absent, score: .absent)
                // cost_per_contact: Jan 1000 ÷ 1 = 1000; Feb 3000 ÷ 3 = 1000; Mar: no program_cost → no value.
                expectMetric(january, "cost_per_contact", value: .value(1000), n: 1)
                expectMetric(february, "cost_per_contact", value: .value(1000), n: 3)
                expectMetric(try await programCard(client, Self.tenant, "p-q", "2026-03"), "cost_per_contact", value: .absent, n: 1)

                let quarter = try await programCard(client, Self.tenant, "p-q", "2026-Q1")
                // Pooled: aht = (100 + 200 + 200 + 200 + 500) ÷ 5 = 1200 ÷ 5 = 240 (the mean of the monthly AHTs
                // would be (100 + 200 + 500) ÷ 3 = 266.67). Score: better than target 300 → 100.
                expectMetric(quarter, "aht_seconds", value: .value(240), n: 5, score: .value(100), source: "computed")
                // csat reported-only: (80 + 90 + 70) ÷ 3 = 80 → score 100 (reported values are never insufficient,
                // even with n 0 under min_sample 1).
                expectMetric(quarter, "csat", value: .value(80), score: .value(100), source: "reported", insufficient: false)
                // qa_score reported-only in Jan and Mar: (80 + 90) ÷ 2 = 85 → 100 − 50 × (90 − 85) ÷ 20 = 87.5.
                expectMetric(quarter, "qa_score", value: .value(85), score: .value(87.5), source: "reported")
                // abandon_rate computed: 0 ÷ 5 = 0 → 100.
                expectMetric(quarter, "abandon_rate", value: .value(0), n: 5, score: .value(100), source: "computed")
                // cost_per_contact = (1000 + 3000) ÷ 5 answered in the quarter = 800;
                //   score 100 − 50 × (700 − 800) ÷ (700 − 900) = 75.
                expectMetric(quarter, "cost_per_contact", value: .value(800), n: 5, score: .value(75))
                #expect(quarter.answered == 5)
                // efficiency = (30 × 100 + 20 × 75) ÷ 50 = 90.
                // composite = (25 × 100 + 25 × 87.5 + 20 × 100 + 15 × 90) ÷ 85 = 8037.5 ÷ 85 = 94.558824
                expectCategory(quarter, "efficiency", .value(90))
                expectComposite(quarter, .value(8037.5 / 85))
                #expect(quarter.complete)

                let year = try await programCard(client, Self.tenant, "p-q", "2026")
                // aht = (1200 + 300) ÷ 6 = 250; csat = (80 + 90 + 70 + 60) ÷ 4 = 75; qa (80 + 90) ÷ 2 = 85.
                expectMetric(year, "aht_seconds", value: .value(250), n: 6, source: "computed")
                expectMetric(year, "csat", value: .value(75), source: "reported")
                expectMetric(year, "qa_score", value: .value(85), source: "reported")
                // cost_per_contact = 4000 ÷ 6 = 666.666667.
                expectMetric(year, "cost_per_contact", value: .value(4000.0 / 6), n: 6)
                #expect(year.answered == 6)
            }
        }
    }

    // MARK: 8. Gates

    @Test("8. compliance_rate below its threshold caps the composite at 50; calibration evaluations are excluded")
    func complianceGate() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [
                            .init(
                                id: "p-gate",
                                versions: [
                                    .init(
                                        effectiveFrom: "2026-01",
                                        metrics: [
                                            "{metric: service_level, weight: 50, target: 60, threshold: 40}",
                                            "{metric: qa_score, weight: 40, target: 90, threshold: 70}",
                                            "{metric: compliance_rate, weight: 30, target: 100, threshold: 90}",
                                        ])
                                ])
                        ]))
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions,
                    [
                        "g-i1,p-gate,a1,,voice,2026-04-06T10:00:00Z,10,100,0",
                        "g-i2,p-gate,a2,,voice,2026-04-07T10:00:00Z,10,100,0",
                        "g-i3,p-gate,a1,,voice,2026-05-06T10:00:00Z,10,100,0",
                        "g-i4,p-gate,a1,,voice,2026-06-01T10:00:00Z,10,100,0",
                    ])
                var evaluations = [
                    "e1,p-gate,a1,qa1,g-i1,form1,1,2026-04-10T10:00:00Z,,",
                    "e2,p-gate,a1,qa1,g-i1,form1,1,2026-04-11T10:00:00Z,,",
                    "e3,p-gate,a2,qa1,g-i2,form1,1,2026-04-12T10:00:00Z,,",
                    "e4,p-gate,a2,qa2,g-i2,form1,1,2026-04-13T10:00:00Z,,",
                    // A calibration session: scored 0 and failing, but excluded from every QA metric.
                    "e5,p-gate,a1,qa2,g-i1,form1,1,2026-04-14T10:00:00Z,cal-1,qa3",
                    "e6,p-gate,a1,qa3,g-i1,form1,1,2026-04-14T11:00:00Z,cal-1,qa3",
                    "e7,p-gate,a1,qa1,g-i3,form1,1,2026-05-10T10:00:00Z,,",
                    "e8,p-gate,a1,qa2,g-i3,form1,1,2026-05-11T10:00:00Z,,",
                ]
                var answers =
                    edgeAnswers("e1", greet: 5, resolve: 10, disclose: 1, verify: 1)  // 100 × (10 + 30) ÷ 40 = 100, pass
                    + edgeAnswers("e2", greet: 3, resolve: 6, disclose: 0, verify: 1)  // 100 × (6 + 18) ÷ 40 = 60, fail
                    + edgeAnswers("e3", greet: 4, resolve: 8, disclose: 1, verify: nil)  // 100 × (8 + 24) ÷ 40 = 80, fail (verify unanswered)
                    + edgeAnswers("e4", greet: 5, resolve: 5, disclose: 1, verify: 1)  // 100 × (10 + 15) ÷ 40 = 62.5, pass
                    + edgeAnswers("e5", greet: 0, resolve: 0, disclose: 0, verify: 0)  // 0, fail (calibration)
                    + edgeAnswers("e6", greet: 0, resolve: 0, disclose: 0, verify: 0)  // 0, fail (calibration)
                    + edgeAnswers("e7", greet: 5, resolve: 9, disclose: 1, verify: 1)  // 100 × (10 + 27) ÷ 40 = 92.5, pass
                    + edgeAnswers("e8", greet: 4, resolve: 10, disclose: 1, verify: 1)  // 100 × (8 + 30) ÷ 40 = 95, pass
                // June: ten evaluations of 100, nine passing, one failing disclose → compliance exactly 90 = threshold.
                for index in 1...10 {
                    evaluations.append("j\(index),p-gate,a1,qa1,g-i4,form1,1,2026-06-0\(min(index, 9))T12:00:00Z,,")
                    answers += edgeAnswers("j\(index)", greet: 5, resolve: 10, disclose: index == 10 ? 0 : 1, verify: 1)
                }
                try await importEdge(client, tenant: Self.tenant, "evaluations.csv", EdgeCSV.evaluations, evaluations)
                try await importEdge(client, tenant: Self.tenant, "evaluation_answers.csv", EdgeCSV.evaluationAnswers, answers)

                let april = try await programCard(client, Self.tenant, "p-gate", "2026-04")
                // qa = (100 + 60 + 80 + 62.5) ÷ 4 = 302.5 ÷ 4 = 75.625, n 4 (with e5, e6 it would be ÷ 6);
                //   score 100 − 50 × (90 − 75.625) ÷ 20 = 100 − 35.9375 = 64.0625.
                // compliance = 100 × 2 (e1, e4) ÷ 4 = 50, n 4; score 100 − 50 × (100 − 50) ÷ 10 < 0 → 0.
                // quality = (40 × 64.0625 + 30 × 0) ÷ 70 = 2562.5 ÷ 70 = 36.607142857.
                // service_level = 100 × 2 ÷ 2 = 100 → 100.
                // uncapped = (25 × 100 + 25 × 36.607142857) ÷ 50 = 3415.178571 ÷ 50 = 68.303571429 → capped at 50.
                expectMetric(april, "qa_score", value: .value(75.625), n: 4, score: .value(64.0625))
                expectMetric(april, "compliance_rate", value: .value(50), n: 4, score: .value(0))
                expectCategory(april, "quality", .value(2562.5 / 70))
                expectComposite(april, .value(50), uncapped: .value(3415.178571428571 / 50))
                #expect(april.gateCapped)
                #expect(april.failedGates == ["compliance_rate"])

                // a1 in April: qa (100 + 60) ÷ 2 = 80 → 75; compliance 1/2 = 50 → 0; quality = 40 × 75 ÷ 70 = 42.857143.
                // Only quality is agent-level and scored: uncapped 42.857143; already below 50 → composite 42.857143,
                // but gate_capped is still true.
                let a1 = try await agentCard(client, Self.tenant, "p-gate", "a1", "2026-04")
                expectComposite(a1, .value(3000.0 / 70), uncapped: .value(3000.0 / 70))
                #expect(a1.gateCapped)
                #expect(a1.failedGates == ["compliance_rate"])
                // a2: qa (80 + 62.5) ÷ 2 = 71.25 → 100 − 50 × 18.75 ÷ 20 = 53.125; compliance 50 → 0;
                // quality = 40 × 53.125 ÷ 70 = 2125 ÷ 70 = 30.357143.
                let a2 = try await agentCard(client, Self.tenant, "p-gate", "a2", "2026-04")
                expectMetric(a2, "qa_score", value: .value(71.25), n: 2, score: .value(53.125))
                expectComposite(a2, .value(2125.0 / 70))
                #expect(a2.gateCapped)

                // May: qa (92.5 + 95) ÷ 2 = 93.75 → 100; compliance 100 → 100; service 100 → composite 100, no gate.
                let may = try await programCard(client, Self.tenant, "p-gate", "2026-05")
                expectComposite(may, .value(100), uncapped: .value(100))
                #expect(!may.gateCapped)
                #expect(may.failedGates.isEmpty)

                // June: compliance 100 × 9 ÷ 10 = 90 = threshold → not worse than it → no cap; score 50.
                // qa 100 → 100; quality = (40 × 100 + 30 × 50) ÷ 70 = 5500 ÷ 70 = 78.571429;
                // composite = (25 × 100 + 25 × 78.571429) ÷ 50 = 4464.285714 ÷ 50 = 89.285714.
                let june = try await programCard(client, Self.tenant, "p-gate", "2026-06")
                expectMetric(june, "compliance_rate", value: .value(90), n: 10, score: .value(50))
                expectComposite(june, .value(4464.285714285714 / 50))
                #expect(!june.gateCapped)
            }
        }
    }

    // MARK: 9. Versions

    @Test("9. a period is scored with the version in force at its first month; compareVersions; append-only versions")
    func scorecardVersions() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [
                            .init(
                                id: "p-ver",
                                versions: [
                                    .init(
                                        effectiveFrom: "2026-01",
                                        metrics: [
                                            "{metric: service_level, weight: 50, target: 80, threshold: 60}",
                                            "{metric: aht_seconds, weight: 30, target: 250, threshold: 300}",
                                        ]),
                                    .init(
                                        effectiveFrom: "2026-03",
                                        metrics: [
                                            "{metric: service_level, weight: 50, target: 90, threshold: 80}",
                                            "{metric: abandon_rate, weight: 50, target: 2, threshold: 10}",
                                            "{metric: aht_seconds, weight: 30, target: 200, threshold: 400}",
                                        ], rationale: "Amendment 1"),
                                ])
                        ]))
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions,
                    [
                        "v-i1,p-ver,a1,,voice,2026-01-10T10:00:00Z,10,300,0",
                        "v-i2,p-ver,a1,,voice,2026-01-11T10:00:00Z,30,300,0",
                        "v-i3,p-ver,a1,,voice,2026-03-10T10:00:00Z,10,250,0",
                        "v-i4,p-ver,a1,,voice,2026-03-11T10:00:00Z,10,250,0",
                    ])
                let scorecards = Governance_V1_ScorecardService.Client(wrapping: client)

                // 2026-01 (v1): SL 100 × 1 ÷ 2 = 50 → 100 − 50 × (80 − 50) ÷ 20 = 25; aht 300 = threshold → 50.
                //   composite = (25 × 25 + 15 × 50) ÷ 40 = 1375 ÷ 40 = 34.375
                let january = try await programCard(client, Self.tenant, "p-ver", "2026-01")
                #expect(january.scorecardVersion == 1)
                expectComposite(january, .value(34.375))
                // 2026-03 (v2): SL 100 → 100; abandon 0 → 100; service 100; aht 250 → 100 − 50 × (200 − 250) ÷ (200 − 400) = 87.5.
                //   composite = (25 × 100 + 15 × 87.5) ÷ 40 = 3812.5 ÷ 40 = 95.3125
                let march = try await programCard(client, Self.tenant, "p-ver", "2026-03")
                #expect(march.scorecardVersion == 2)
                expectComposite(march, .value(95.3125))
                #expect(march.metric("abandon_rate") != nil)
                // 2026-Q1 uses v1 (in force in January): SL 100 × 3 ÷ 4 = 75 → 100 − 50 × 5 ÷ 20 = 87.5;
                //   aht (300 + 300 + 250 + 250) ÷ 4 = 275 → 100 − 50 × (250 − 275) ÷ (250 − 300) = 75.
                //   composite = (25 × 87.5 + 15 × 75) ÷ 40 = 3312.5 ÷ 40 = 82.8125
                let quarter = try await programCard(client, Self.tenant, "p-ver", "2026-Q1")
                #expect(quarter.scorecardVersion == 1)
                #expect(quarter.metric("abandon_rate") == nil)
                expectComposite(quarter, .value(82.8125))
                // The year 2026 also starts in January: v1, same records as Q1 → 82.8125.
                let year = try await programCard(client, Self.tenant, "p-ver", "2026")
                #expect(year.scorecardVersion == 1)
                expectComposite(year, .value(82.8125))
                // Q2 starts in April: v2 (no data → no composite).
                #expect(try await programCard(client, Self.tenant, "p-ver", "2026-Q2").scorecardVersion == 2)
                // Q1 under v2: SL 75 → 100 − 50 × 15 ÷ 10 = 25; abandon 0 → 100; service (50 × 25 + 50 × 100) ÷ 100 = 62.5;
                //   aht 275 → 100 − 50 × (200 − 275) ÷ (200 − 400) = 81.25.
                //   composite = (25 × 62.5 + 15 × 81.25) ÷ 40 = 2781.25 ÷ 40 = 69.53125; change 69.53125 − 82.8125 = −13.28125.
                var compare = Governance_V1_CompareVersionsRequest()
                compare.tenant = Self.tenant
                compare.program = "p-ver"
                compare.period = "2026-Q1"
                compare.scorecardVersion = 2
                let comparison = try await scorecards.compareVersions(compare)
                #expect(comparison.asScored.scorecardVersion == 1)
                #expect(comparison.rescored.scorecardVersion == 2)
                expectComposite(comparison.asScored, .value(82.8125))
                expectComposite(comparison.rescored, .value(69.53125))
                expectCategory(comparison.rescored, "service", .value(62.5))
                expectNumber("composite_change", has: comparison.hasCompositeChange, comparison.compositeChange, .value(-13.28125))
                // The same through GetProgramScorecard with scorecard_version.
                expectComposite(try await programCard(client, Self.tenant, "p-ver", "2026-Q1", scorecardVersion: 2), .value(69.53125))

                // Architecture version 2 (effective 2026-06): categories service 50, quality 20, customer 20,
                // efficiency 10, partnership 0, and no min_sample key (catalog defaults: aht_seconds needs 20).
                // Q1 re-scored under architecture 2 (scorecard v1 still in force): SL 75 → 87.5 (n 4 ≥ 1);
                // aht 275 with n 4 < 20 → insufficient, unscored → composite = 50 × 87.5 ÷ 50 = 87.5, incomplete.
                // (Had aht been scored: (50 × 87.5 + 10 × 75) ÷ 60 = 85.416667.)
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.architecture(
                        minSample: nil, version: 2, effectiveFrom: "2026-06",
                        categories: "{service: 50, quality: 20, customer: 20, efficiency: 10, partnership: 0}"))
                var compareArchitecture = Governance_V1_CompareVersionsRequest()
                compareArchitecture.tenant = Self.tenant
                compareArchitecture.program = "p-ver"
                compareArchitecture.period = "2026-Q1"
                compareArchitecture.architectureVersion = 2
                let byArchitecture = try await scorecards.compareVersions(compareArchitecture)
                #expect(byArchitecture.asScored.architectureVersion == 1)
                #expect(byArchitecture.rescored.architectureVersion == 2)
                #expect(byArchitecture.rescored.scorecardVersion == 1)
                expectComposite(byArchitecture.asScored, .value(82.8125))
                expectMetric(byArchitecture.rescored, "aht_seconds", value: .value(275), n: 4, score: .absent, insufficient: true)
                expectComposite(byArchitecture.rescored, .value(87.5))
                #expect(!byArchitecture.rescored.complete)
                // 87.5 − 82.8125 = 4.6875
                expectNumber(
                    "architecture composite_change", has: byArchitecture.hasCompositeChange, byArchitecture.compositeChange,
                    .value(4.6875))

                // Trend: Jan 34.375 (v1), Feb no data (v1, no composite), Mar 95.3125 (v2).
                var trendRequest = Governance_V1_TrendRequest()
                trendRequest.tenant = Self.tenant
                trendRequest.program = "p-ver"
                trendRequest.from = "2026-01"
                trendRequest.to = "2026-03"
                let trend = try await scorecards.getTrend(trendRequest)
                #expect(trend.points.map(\.month) == ["2026-01", "2026-02", "2026-03"])
                #expect(trend.points.map(\.scorecardVersion) == [1, 1, 2])
                #expect(trend.points.map(\.hasComposite) == [true, false, true])
                if trend.points.count == 3 {
                    expectNumber("trend Jan", has: trend.points[0].hasComposite, trend.points[0].composite, .value(34.375))
                    expectNumber("trend Mar", has: trend.points[2].hasComposite, trend.points[2].composite, .value(95.3125))
                }

                // Append-only versions.
                func versionCount() async throws -> Int {
                    var request = Governance_V1_ListScorecardVersionsRequest()
                    request.tenant = Self.tenant
                    request.program = "p-ver"
                    return try await scorecards.listScorecardVersions(request).versions.count
                }
                func add(_ effectiveFrom: String, rationale: String) -> Governance_V1_AddScorecardVersionRequest {
                    var request = Governance_V1_AddScorecardVersionRequest()
                    request.tenant = Self.tenant
                    request.program = "p-ver"
                    request.effectiveFrom = effectiveFrom
                    request.author = "am-test"
                    request.rationale = rationale
                    var metric = Governance_V1_MetricConfig()
                    metric.metric = "service_level"
                    metric.weight = 50
                    metric.target = 95
                    metric.threshold = 85
                    request.metrics = [metric]
                    return request
                }
                #expect(try await versionCount() == 2)
                for rationale in ["", "   "] {
                    let error = await #expect(throws: RPCError.self) {
                        try await scorecards.addScorecardVersion(add("2026-07", rationale: rationale))
                    }
                    #expect(error?.code == .invalidArgument, "rationale '\(rationale)'")
                }
                #expect(try await versionCount() == 2)
                // Before the latest (2026-03), and at the latest month with other content: both refused.
                for month in ["2026-02", "2026-03"] {
                    let error = await #expect(throws: RPCError.self) {
                        try await scorecards.addScorecardVersion(add(month, rationale: "Too early"))
                    }
                    #expect(error?.code == .failedPrecondition, "effective \(month)")
                }
                #expect(try await versionCount() == 2)
                // A later one is stored as version 3 and changes nothing before 2026-07.
                let added = try await scorecards.addScorecardVersion(add("2026-07", rationale: "Amendment 2"))
                #expect(added.version == 3)
                #expect(try await versionCount() == 3)
                let quarterAgain = try await programCard(client, Self.tenant, "p-ver", "2026-Q1")
                #expect(quarterAgain.scorecardVersion == 1)
                expectComposite(quarterAgain, .value(82.8125))
            }
        }
    }

    // MARK: 10. Ranking

    @Test("10. one ranked agent (rank 1, percentile 50), a rostered agent without records is unranked; tie-breaks")
    func ranking() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [
                            .init(
                                id: "p-rank",
                                versions: [
                                    .init(
                                        effectiveFrom: "2026-01",
                                        metrics: ["{metric: aht_seconds, weight: 30, target: 300, threshold: 400}"])
                                ])
                        ]))
                // a1 and a2 on the roster (supervisor sup-1 has no row of its own).
                // a3 left on 2026-04-01 (not active on any April day: terminated_on > d fails on the 1st);
                // a4 starts on 2026-04-30 (active on April's last day); a5 starts on 2026-05-01.
                try await importEdge(
                    client, tenant: Self.tenant, "roster.csv", EdgeCSV.roster,
                    [
                        "a1,p-rank,site-1,t1,sup-1,2025-01-01,,",
                        "a2,p-rank,site-1,t1,sup-1,2025-01-01,,",
                        "a3,p-rank,site-1,t1,sup-1,2024-01-01,2026-04-01,resigned",
                        "a4,p-rank,site-1,t1,sup-1,2026-04-30,,",
                        "a5,p-rank,site-1,t1,sup-1,2026-05-01,,",
                    ])
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions,
                    [
                        // April: only a1 has a record: aht 300 → score 100 → composite 100.
                        "r-1,p-rank,a1,,voice,2026-04-06T10:00:00Z,0,300,0",
                        // May: composites (aht score = composite):
                        //   a0: (300 × 3) ÷ 3 = 300 → 100, answered 3
                        //   a1: (300 + 300) ÷ 2 = 300 → 100, answered 2
                        //   a2: (250 + 350) ÷ 2 = 300 → 100, answered 2
                        //   a10: 350 → 100 − 50 × 50 ÷ 100 = 75, answered 1 (no roster row: records only)
                        //   a9:  350 → 75, answered 1
                        "r-2,p-rank,a0,,voice,2026-05-04T10:00:00Z,0,300,0",
                        "r-3,p-rank,a0,,voice,2026-05-05T10:00:00Z,0,300,0",
                        "r-4,p-rank,a0,,voice,2026-05-06T10:00:00Z,0,300,0",
                        "r-5,p-rank,a1,,voice,2026-05-04T10:00:00Z,0,300,0",
                        "r-6,p-rank,a1,,voice,2026-05-05T10:00:00Z,0,300,0",
                        "r-7,p-rank,a2,,voice,2026-05-04T10:00:00Z,0,250,0",
                        "r-8,p-rank,a2,,voice,2026-05-05T10:00:00Z,0,350,0",
                        "r-9,p-rank,a10,,voice,2026-05-04T10:00:00Z,0,350,0",
                        "r-10,p-rank,a9,,voice,2026-05-04T10:00:00Z,0,350,0",
                    ])

                // April: ranked a1, then the unranked rostered agents by id (a2, a4); not a3, a5 or sup-1.
                let april = try await agentRanking(client, Self.tenant, "p-rank", "2026-04")
                #expect(april.agents.map(\.agentID) == ["a1", "a2", "a4"])
                #expect(april.agents.map(\.hasRank) == [true, false, false])
                let a1 = try await agentCard(client, Self.tenant, "p-rank", "a1", "2026-04")
                expectComposite(a1, .value(100))
                #expect(a1.hasRank && a1.rank == 1)
                // percentile = 100 × (0 below + 0.5 × 1 equal) ÷ 1 = 50
                expectNumber("a1 percentile", has: a1.hasPercentile, a1.percentile, .value(50))
                #expect(a1.answered == 1)
                let a2 = try await agentCard(client, Self.tenant, "p-rank", "a2", "2026-04")
                #expect(!a2.hasRank)
                #expect(!a2.hasPercentile)
                expectComposite(a2, .absent)
                #expect(a2.answered == 0)
                let unknown = await #expect(throws: RPCError.self) {
                    try await agentCard(client, Self.tenant, "p-rank", "nobody", "2026-04")
                }
                #expect(unknown?.code == .notFound)

                // May order: 100s first — a0 (3 answered) before a1, a2 (2 each, then id ascending);
                // then the 75s with equal answered by id ascending as strings: "a10" < "a9".
                // Percentile of 100: 100 × (2 below + 0.5 × 3) ÷ 5 = 70; of 75: 100 × (0 + 0.5 × 2) ÷ 5 = 20.
                // Then the unranked rostered agents without May records, by id: a4, a5.
                let may = try await agentRanking(client, Self.tenant, "p-rank", "2026-05")
                #expect(may.agents.map(\.agentID) == ["a0", "a1", "a2", "a10", "a9", "a4", "a5"])
                #expect(may.agents.prefix(5).map(\.rank) == [1, 2, 3, 4, 5])
                #expect(may.agents.map(\.hasRank) == [true, true, true, true, true, false, false])
                let percentiles = may.agents.prefix(5).map(\.percentile)
                let expectedPercentiles: [Double] = [70, 70, 70, 20, 20]
                #expect(percentiles.count == 5 && zip(percentiles, expectedPercentiles).allSatisfy { abs($0 - $1) <= edgeTolerance }, "\(percentiles)")
                #expect(may.agents.map(\.answered) == [3, 2, 2, 1, 1, 0, 0])
            }
        }
    }

    // MARK: 11. Annual review

    @Test("11. annual review: answered-weighted annual composite, least-squares slope, trajectory")
    func annualReview() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [
                            .init(
                                id: "p-ann",
                                versions: [
                                    .init(
                                        effectiveFrom: "2026-01",
                                        metrics: [
                                            "{metric: qa_score, weight: 40, target: 90, threshold: 70}",
                                            "{metric: aht_seconds, weight: 30, target: 300, threshold: 400}",
                                        ])
                                ])
                        ]))
                try await importEdge(
                    client, tenant: Self.tenant, "roster.csv", EdgeCSV.roster,
                    ["x1,p-ann,site-1,t1,sup-1,2025-01-01,,", "x2,p-ann,site-1,t1,sup-1,2025-01-01,,"])
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions,
                    [
                        // x1 (agent composite = aht score, or qa score in November):
                        "y1,p-ann,x1,,voice,2026-01-15T10:00:00Z,0,300,0",  // Jan: 300 → 100, answered 1
                        "y2,p-ann,x1,,voice,2026-03-10T10:00:00Z,0,350,0",  // Mar: 350 → 75, answered 2
                        "y3,p-ann,x1,,voice,2026-03-11T10:00:00Z,0,350,0",
                        "y4,p-ann,x1,,voice,2026-06-15T10:00:00Z,0,400,0",  // Jun: 400 → 50, answered 1
                        "y5,p-ann,x1,,voice,2026-09-01T10:00:00Z,0,380,0",  // Sep: 380 → 100 − 50 × 80 ÷ 100 = 60, answered 4
                        "y6,p-ann,x1,,voice,2026-09-02T10:00:00Z,0,380,0",
                        "y7,p-ann,x1,,voice,2026-09-03T10:00:00Z,0,380,0",
                        "y8,p-ann,x1,,voice,2026-09-04T10:00:00Z,0,380,0",
                        // x2: Jan 400 → 50; Feb 350 → 75.
                        "y9,p-ann,x2,,voice,2026-01-20T10:00:00Z,0,400,0",
                        "y10,p-ann,x2,,voice,2026-02-20T10:00:00Z,0,350,0",
                        // x3 (records only): Apr 300 → 100.
                        "y11,p-ann,x3,,voice,2026-04-20T10:00:00Z,0,300,0",
                    ])
                // x1 in November: one evaluation of 100 × (10 × 4/5 + 30 × 8/10) ÷ 40 = 80 → qa score
                // 100 − 50 × (90 − 80) ÷ 20 = 75 → composite 75 with answered 0 (weighs 0, still a slope point).
                try await importEdge(
                    client, tenant: Self.tenant, "evaluations.csv", EdgeCSV.evaluations,
                    ["ax1,p-ann,x1,qa1,y8,form1,1,2026-11-10T10:00:00Z,,"])
                try await importEdge(
                    client, tenant: Self.tenant, "evaluation_answers.csv", EdgeCSV.evaluationAnswers,
                    edgeAnswers("ax1", greet: 4, resolve: 8, disclose: 1, verify: 1))
                let scorecards = Governance_V1_ScorecardService.Client(wrapping: client)
                func review(_ agent: String, year: Int32 = 0, ending: String = "") async throws -> Governance_V1_AnnualReview {
                    var request = Governance_V1_AnnualReviewRequest()
                    request.tenant = Self.tenant
                    request.program = "p-ann"
                    request.agentID = agent
                    request.year = year
                    request.endingMonth = ending
                    return try await scorecards.getAnnualReview(request)
                }

                // x1, 2026: months with a composite: Jan (1) 100 ×1, Mar (3) 75 ×2, Jun (6) 50 ×1, Sep (9) 60 ×4, Nov (11) 75 ×0.
                // annual = (1 × 100 + 2 × 75 + 1 × 50 + 4 × 60 + 0 × 75) ÷ (1 + 2 + 1 + 4 + 0) = 540 ÷ 8 = 67.5
                // slope over x = 1, 3, 6, 9, 11 (mean 6), y = 100, 75, 50, 60, 75 (mean 72):
                //   Σdx·dy = (−5)(28) + (−3)(3) + 0(−22) + 3(−12) + 5(3) = −140 − 9 + 0 − 36 + 15 = −170
                //   Σdx²   = 25 + 9 + 0 + 9 + 25 = 68 → slope −170 ÷ 68 = −2.5 → declining
                let x1 = try await review("x1", year: 2026)
                #expect(x1.firstMonth == "2026-01" && x1.lastMonth == "2026-12")
                #expect(x1.months.count == 12)
                #expect(x1.months.filter(\.hasComposite).map(\.month) == ["2026-01", "2026-03", "2026-06", "2026-09", "2026-11"])
                let composites = x1.months.filter(\.hasComposite).map(\.composite)
                #expect(composites.count == 5 && zip(composites, [100, 75, 50, 60, 75]).allSatisfy { abs($0 - $1) <= edgeTolerance }, "\(composites)")
                #expect(x1.months.filter(\.hasComposite).map(\.answered) == [1, 2, 1, 4, 0])
                expectNumber("x1 annual", has: x1.hasAnnualComposite, x1.annualComposite, .value(67.5))
                expectNumber("x1 slope", has: x1.hasSlope, x1.slope, .value(-2.5))
                #expect(x1.trajectory == "declining")

                // x1, 12 months ending 2027-02 (2026-03 … 2027-02): Mar x1 75 ×2, Jun x4 50 ×1, Sep x7 60 ×4, Nov x9 75 ×0.
                // annual = (150 + 50 + 240 + 0) ÷ 7 = 440 ÷ 7 = 62.857143
                // x mean 21 ÷ 4 = 5.25, y mean 260 ÷ 4 = 65; Σdx·dy = (−4.25)(10) + (−1.25)(−15) + (1.75)(−5) + (3.75)(10)
                //   = −42.5 + 18.75 − 8.75 + 37.5 = 5; Σdx² = 18.0625 + 1.5625 + 3.0625 + 14.0625 = 36.75
                //   slope = 5 ÷ 36.75 = 0.136054 → steady
                let rolling = try await review("x1", ending: "2027-02")
                #expect(rolling.firstMonth == "2026-03" && rolling.lastMonth == "2027-02")
                expectNumber("x1 rolling annual", has: rolling.hasAnnualComposite, rolling.annualComposite, .value(440.0 / 7))
                expectNumber("x1 rolling slope", has: rolling.hasSlope, rolling.slope, .value(5 / 36.75))
                #expect(rolling.trajectory == "steady")

                // x2: Jan 50 ×1, Feb 75 ×1 → annual 62.5; slope (75 − 50) ÷ (2 − 1) = 25 → improving.
                let x2 = try await review("x2", year: 2026)
                expectNumber("x2 annual", has: x2.hasAnnualComposite, x2.annualComposite, .value(62.5))
                expectNumber("x2 slope", has: x2.hasSlope, x2.slope, .value(25))
                #expect(x2.trajectory == "improving")
                // x3: one month → annual 100, no slope, no trajectory.
                let x3 = try await review("x3", year: 2026)
                expectNumber("x3 annual", has: x3.hasAnnualComposite, x3.annualComposite, .value(100))
                #expect(!x3.hasSlope)
                #expect(x3.trajectory == "")
            }
        }
    }

    // MARK: 12. Partnership

    @Test("12. partnership: staffing_ratio, attrition_rate, tenure_days (even median), enps over 3 months")
    func partnership() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                try await applyEdgeManifest(
                    client,
                    EdgeYAML.tenant(
                        Self.tenant,
                        [
                            .init(
                                id: "p-part",
                                versions: [
                                    .init(
                                        effectiveFrom: "2026-01",
                                        metrics: [
                                            "{metric: staffing_ratio, weight: 30, target: 100, threshold: 90}",
                                            "{metric: attrition_rate, weight: 30, target: 3, threshold: 6}",
                                            "{metric: tenure_days, weight: 15, target: 510, threshold: 300}",
                                            "{metric: enps, weight: 25, target: 15, threshold: -5}",
                                        ])
                                ])
                        ]))
                // Active on d: hired_on ≤ d and (no terminated_on or terminated_on > d). sup-1 has no row.
                try await importEdge(
                    client, tenant: Self.tenant, "roster.csv", EdgeCSV.roster,
                    [
                        "p1,p-part,site-1,t1,sup-1,2025-06-01,,",  // June: 30 days; Q2: 91
                        "p2,p-part,site-1,t1,sup-1,2026-01-15,,",  // June: 30; Q2: 91
                        "p3,p-part,site-1,t1,sup-1,2026-06-11,,",  // June: 11–30 = 20; Q2: 20
                        "p4,p-part,site-1,t1,sup-1,2024-03-01,2026-06-16,resigned",  // June: 1–15 = 15; Q2: 30 + 31 + 15 = 76
                        "p5,p-part,site-1,t1,sup-1,2023-01-01,2026-07-10,resigned",  // June: 30; Q2: 91
                        "p6,p-part,site-1,t1,sup-1,2026-07-01,,",  // not yet hired: 0
                        "p7,p-part,site-1,t1,sup-1,2025-01-01,2026-06-01,dismissed",  // June: 0 (inactive on its termination day); Q2: Apr + May = 61
                    ])
                try await importEdge(
                    client, tenant: Self.tenant, "planned_headcount.csv", EdgeCSV.plannedHeadcount,
                    ["p-part,2026-04,4", "p-part,2026-06,5"])  // no plan for May
                try await importEdge(
                    client, tenant: Self.tenant, "engagement.csv", EdgeCSV.engagement,
                    [
                        "p4,p-part,2026-03-31,0",  // before the window (April–June): ignored
                        "p2,p-part,2026-04-01,3",  // detractor (first day of the window)
                        "p1,p-part,2026-04-15,10",  // promoter
                        "p2,p-part,2026-05-20,9",  // promoter
                        "p5,p-part,2026-06-05,7",  // passive
                        "p3,p-part,2026-06-20,6",  // detractor
                        "p1,p-part,2026-06-30,10",  // promoter (last day of the window)
                        "p5,p-part,2026-07-01,0",  // after the period: ignored
                        "p2,p-part,2026-12-31,10",  // only the year's window (Oct–Dec) holds it
                    ])

                let june = try await programCard(client, Self.tenant, "p-part", "2026-06")
                // Active agent-days in June: 30 + 30 + 20 + 15 + 30 + 0 + 0 = 125 → mean 125 ÷ 30 = 4.1667.
                // staffing_ratio = 100 × (125 ÷ 30) ÷ 5 = 83.333333; n 1 (months with a plan);
                //   score 100 − 50 × (100 − 83.333) ÷ 10 = 16.666667.
                expectMetric(june, "staffing_ratio", value: .value(250.0 / 3), n: 1, score: .value(50.0 / 3))
                // attrition_rate: terminations dated in June: p4 (06-16), p7 (06-01) = 2 → 100 × 2 ÷ (125 ÷ 30) = 48;
                //   score 100 − 50 × (3 − 48) ÷ (3 − 6) < 0 → 0.
                expectMetric(june, "attrition_rate", value: .value(48), score: .value(0))
                // tenure_days on 2026-06-30 over agents active that day (p1, p2, p3, p5):
                //   p1 2025-06-01 → 365 + 29 = 394; p2 2026-01-15 → 181 − 15 = 166; p3 2026-06-11 → 19;
                //   p5 2023-01-01 → 365 + 366 + 365 + 180 = 1276. Sorted 19, 166, 394, 1276 → (166 + 394) ÷ 2 = 280; n 4.
                //   score 100 − 50 × (510 − 280) ÷ 210 = 45.238095.
                expectMetric(june, "tenure_days", value: .value(280), n: 4, score: .value(100 - 50 * 230.0 / 210))
                // enps over 2026-04-01 … 2026-06-30: 6 responses (3, 10, 9, 7, 6, 10): promoters 3, detractors 2
                //   → 100 × 3 ÷ 6 − 100 × 2 ÷ 6 = 16.666667; n 6; better than target 15 → 100.
                expectMetric(june, "enps", value: .value(50.0 / 3), n: 6, score: .value(100))
                // partnership = (30 × 16.666667 + 30 × 0 + 15 × 45.238095 + 25 × 100) ÷ 100
                //             = (500 + 0 + 678.571429 + 2500) ÷ 100 = 36.785714 = composite (only category).
                expectCategory(june, "partnership", .value(3678.5714285714286 / 100))
                expectComposite(june, .value(3678.5714285714286 / 100))
                #expect(june.complete)
                // Per the proto (attrition_rate × 12 ÷ months of the period): 48 × 12 = 576.
                expectNumber(
                    "June attrition_rate_annualised", has: june.hasAttritionRateAnnualised, june.attritionRateAnnualised,
                    .value(576))

                let quarter = try await programCard(client, Self.tenant, "p-part", "2026-Q2")
                // Q2 has 30 + 31 + 30 = 91 days; active agent-days 91 + 91 + 20 + 76 + 91 + 0 + 61 = 430.
                // staffing = 100 × (430 ÷ 91) ÷ mean(4, 5) = 100 × 4.725275 ÷ 4.5 = 105.006105; n 2.
                expectMetric(quarter, "staffing_ratio", value: .value(100 * 430.0 / 91 / 4.5), n: 2)
                // attrition = 100 × 2 ÷ (430 ÷ 91) = 18200 ÷ 430 = 42.325581; annualised × 12 ÷ 3 = 169.302326.
                expectMetric(quarter, "attrition_rate", value: .value(18200.0 / 430))
                expectNumber(
                    "Q2 attrition_rate_annualised", has: quarter.hasAttritionRateAnnualised, quarter.attritionRateAnnualised,
                    .value(4 * 18200.0 / 430))
                // tenure and enps look at the quarter's last day / its last 3 months: same as June.
                expectMetric(quarter, "tenure_days", value: .value(280), n: 4)
                expectMetric(quarter, "enps", value: .value(50.0 / 3), n: 6)

                let year = try await programCard(client, Self.tenant, "p-part", "2026")
                // Active agent-days in 2026: p1 365; p2 Jan 15–Dec 31 = 351; p3 Jun 11–Dec 31 = 204;
                // p4 Jan 1–Jun 15 = 166; p5 Jan 1–Jul 9 = 190; p6 Jul 1–Dec 31 = 184; p7 Jan 1–May 31 = 151
                // → 1611 ÷ 365 = 4.413699 mean active agents.
                // attrition: terminations p4, p5, p7 = 3 → 100 × 3 ÷ (1611 ÷ 365) = 109500 ÷ 1611 = 67.970205.
                expectMetric(year, "attrition_rate", value: .value(109500.0 / 1611))
                // staffing: planned months Apr 4, Jun 5 → 4.5 → 100 × (1611 ÷ 365) ÷ 4.5 = 98.082192; n 2.
                expectMetric(year, "staffing_ratio", value: .value(100 * 1611.0 / 365 / 4.5), n: 2)
                // tenure on 2026-12-31 over p1 (578), p2 (350), p3 (203), p6 (183): sorted 183, 203, 350, 578
                // → (203 + 350) ÷ 2 = 276.5; n 4.
                expectMetric(year, "tenure_days", value: .value(276.5), n: 4)
                // enps over Oct–Dec only: one promoter of one → 100; n 1.
                expectMetric(year, "enps", value: .value(100), n: 1)
            }
        }
    }

    // MARK: 13. Changing a program's T and FCR window

    @Test("13. re-applying a program with another T and FCR window re-scores the stored interactions")
    func programSettingsChange() async throws {
        try await TestServer.with { server in
            try await server.client { client in
                try await applyEdgeManifest(client, EdgeYAML.architecture())
                var program = EdgeYAML.Program(
                    id: "p-excl", versions: [.init(effectiveFrom: "2026-01", metrics: Self.interactionMetrics)])
                try await applyEdgeManifest(client, EdgeYAML.tenant(Self.tenant, [program]))
                try await importEdge(
                    client, tenant: Self.tenant, "interactions.csv", EdgeCSV.interactions, Self.case1Interactions("p-excl"))
                var card = try await programCard(client, Self.tenant, "p-excl", "2026-04")
                expectMetric(card, "service_level", value: .value(300.0 / 7), n: 7)
                expectMetric(card, "fcr_rate", value: .value(80), n: 5)

                // Voice T 20 → 30 s and W 7 → 3 days.
                program.serviceLevelSeconds = "{voice: 30, chat: 60, email: 3600}"
                program.fcrWindowDays = 3
                try await applyEdgeManifest(client, EdgeYAML.tenant(Self.tenant, [program]))
                card = try await programCard(client, Self.tenant, "p-excl", "2026-04")
                // answered within T: i1 (10), i2 (30 ≤ 30 now), i3, i8 = 4; abandoned with wait > T: i6 (40 > 30) = 1.
                // SL = 100 × 4 ÷ (6 + 1) = 400/7 = 57.142857, n 7.
                expectMetric(card, "service_level", value: .value(400.0 / 7), n: 7)
                // FCR: i7 is 4 days after i1, outside W = 3 → i1 resolved → 5/5 = 100.
                expectMetric(card, "fcr_rate", value: .value(100), n: 5)
            }
        }
    }
}
