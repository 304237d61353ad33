import Foundation
import GovernanceCore
import Testing

@testable import QBR

/// A small document with every section filled, names chosen to need escaping.
func sampleDocument(programName: String = "Care <voice> & \"chat\"") -> QbrDocument {
    let quarters = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    let categories = [
        QbrCategoryScore(category: "service", weight: 25, score: 80),
        QbrCategoryScore(category: "quality", weight: 25, score: nil),
    ]
    let scores = quarters.enumerated().map { index, quarter in
        QbrQuarterScore(
            quarter: quarter, composite: index == 0 ? nil : 60 + Double(index) * 5, gateCapped: index == 4,
            complete: index != 3, answered: 1_000, categories: index == 0 ? [] : categories,
            note: index == 0 ? "no scorecard version in force" : "")
    }
    let months = ["2026-07", "2026-08", "2026-09"]
    let program = QbrProgram(
        id: "nw-care", name: programName, quarters: scores,
        trend: (0..<15).map { QbrTrendPoint(month: "m\($0)", composite: $0 == 3 ? nil : Double($0) * 6, complete: $0 != 14) },
        metrics: [
            QbrMetricLine(
                metric: "service_level", category: "service", value: 78.25, target: 80, threshold: 70, score: 91.25,
                insufficientSample: false)
        ],
        sla: QbrSla(
            rows: [
                QbrSlaRow(
                    metric: "service_level", severity: "critical", minimum: 75, expected: 80,
                    cells: [
                        QbrSlaCell(
                            month: months[0], status: "missed", value: 70, credit: 12_000, earnBack: "earned_back",
                            earnBackMonth: "2026-10", creditReturned: 12_000),
                        QbrSlaCell(
                            month: months[1], status: "met", value: 81, credit: 0, earnBack: "none", earnBackMonth: "",
                            creditReturned: 0),
                        QbrSlaCell(
                            month: months[2], status: "excluded", value: nil, credit: 0, earnBack: "none",
                            earnBackMonth: "", creditReturned: 0),
                    ])
            ],
            months: months.map {
                QbrSlaMonth(
                    month: $0, evaluated: true, met: 1, missed: 0, excluded: 0,
                    credits: QbrCredits(creditsTotal: 12_000, creditsReturned: 0, creditsNet: 12_000))
            },
            totals: QbrCredits(creditsTotal: 36_000, creditsReturned: 0, creditsNet: 36_000)),
        health: QbrHealth(
            months: months.map {
                QbrHealthMonth(
                    month: $0, headcount: 41.5, activeOnLastDay: 42, plannedFte: 45, terminations: 2,
                    attritionRate: 4.819, tenureMedianDays: 300, enps: 12.5, enpsResponses: 40)
            }, attritionRateAnnualised: 57.8),
        quality: QbrQuality(
            qaScore: 86.4, complianceRate: 97, calibrationSessions: 3, calibrationMad: 3.25, withinTolerance: 0.8,
            alpha: 0.71, flaggedEvaluators: ["qa-<lead>"]),
        coaching: [QbrCoaching(period: "2026-Q3", tasksDue: 10, closedOnTime: 7, coachingCompletion: 70)],
        benchmark: [
            QbrBenchmarkLine(
                subject: "composite", value: 72, percentile: 64, rank: 1, cohortPrograms: 6, cohortTenants: 3,
                p25: 60, p50: 68, p75: 75, withheld: "")
        ],
        anomalies: [QbrAnomaly(month: "2026-08", metric: "aht_seconds", value: 500, median: 360, z: 4.2, method: "modified_z")],
        targetReview: [
            QbrTargetReview(
                month: "2026-09", metric: "csat", recommendation: "raise_target", suggestedTarget: 91, target: 85,
                threshold: 80)
        ],
        topGaps: [
            QbrGap(
                metric: "service_level", pointsLost: 2.1875,
                actions: [
                    QbrAction(
                        id: 7, title: "Hire <2> & train", owner: "ops \"lead\"", dueDate: "2026-10-15", status: "open",
                        overdue: false)
                ])
        ])
    return QbrDocument(
        tenant: "northwind", tenantName: "Northwind & Co", quarter: "2026-Q3", programFilter: nil, quarters: quarters,
        trendMonths: (0..<15).map { "m\($0)" }, months: months,
        tenantSummary: QbrTenantSummary(
            quarters: quarters.indices.map { TenantRollup.rollUp(quarter: quarters[$0], programs: [scores[$0]]) },
            slaTotals: QbrCredits(creditsTotal: 36_000, creditsReturned: 12_000, creditsNet: 24_000)),
        programs: [program])
}

func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

@Suite("QBR line chart geometry")
struct LineChartTests {
    @Test("a known series lands on the hand-computed coordinates")
    func knownSeries() {
        // Plot area x 44…624 (580 wide), y 16…216 (200 high): 0 → y 216, 50 → 116, 100 → 16.
        let svg = SVGChart.line(id: "t", title: "T", description: "D", labels: ["a", "b", "c"], values: [0, 50, 100])
        #expect(svg.contains("d=\"M44.00 216.00L334.00 116.00L624.00 16.00\""))
        #expect(svg.contains("<circle cx=\"334.00\" cy=\"116.00\""))
    }

    @Test("a missing month breaks the line into two runs")
    func gapBreaksLine() {
        let svg = SVGChart.line(id: "t", title: "T", description: "D", labels: ["a", "b", "c", "d"], values: [10, nil, 30, 40])
        // x step 580 ÷ 3 = 193.33; y(10) = 196, y(30) = 156, y(40) = 136.
        #expect(svg.contains("d=\"M44.00 196.00M430.67 156.00L624.00 136.00\""))
        #expect(occurrences(of: "<circle", in: svg) == 3)
    }

    @Test("values outside 0–100 are clamped to the plot", arguments: [(-20.0, 216.0), (130.0, 16.0), (25.0, 166.0)])
    func clamping(value: Double, y: Double) {
        #expect(SVGChart.lineFrame.y(value) == y)
    }

    @Test("hollow points are open circles, the others filled")
    func hollow() {
        let svg = SVGChart.line(id: "t", title: "T", description: "D", labels: ["a", "b"], values: [10, 20], hollow: [1])
        #expect(svg.contains("<circle cx=\"44.00\" cy=\"196.00\" r=\"3.5\" fill=\"#0072B2\">"))
        #expect(svg.contains("<circle cx=\"624.00\" cy=\"176.00\" r=\"3.5\" fill=\"#FFFFFF\" stroke=\"#0072B2\" stroke-width=\"2\">"))
    }

    @Test("a single point sits in the middle")
    func singlePoint() {
        #expect(SVGChart.lineFrame.x(0, of: 1) == 334)
    }
}

@Suite("QBR bar charts")
struct BarChartTests {
    @Test("two bars: slots of 290, bars 60 % wide, 50 reaches half the plot")
    func bars() {
        // Plot y 20…204 (184 high): 50 → y 112, height 92; slot 290 → x 44 + 58 = 102, width 174.
        let svg = SVGChart.bars(id: "b", title: "T", description: "D", labels: ["Q1", "Q2"], values: [50, nil])
        #expect(svg.contains("<rect x=\"102.00\" y=\"112.00\" width=\"174.00\" height=\"92.00\""))
        #expect(svg.contains(">no data</text>"))
        #expect(occurrences(of: "<rect", in: svg) == 1)
    }

    @Test("percentile rows: 64 is 64 % of the 414-wide plot after the labels")
    func rows() {
        let svg = SVGChart.rows(id: "r", title: "T", description: "D", labels: ["composite"], values: [64], reference: 50)
        // 414 × 0.64 = 264.96; reference line at 170 + 207 = 377.
        #expect(svg.contains("<rect x=\"170.00\" y=\"13.00\" width=\"264.96\" height=\"16\""))
        #expect(svg.contains("x1=\"377.00\""))
    }
}

@Suite("QBR document")
struct DocumentTests {
    @Test("the same document renders to the same bytes and the same JSON")
    func deterministic() throws {
        let first = sampleDocument()
        let second = sampleDocument()
        #expect(QbrRenderer.render(first) == QbrRenderer.render(second))
        #expect(try first.canonicalJSON() == second.canonicalJSON())
    }

    @Test("a different figure changes the output")
    func sensitive() {
        var changed = sampleDocument()
        changed.programs[0].trend[5].composite = 31
        #expect(QbrRenderer.render(changed) != QbrRenderer.render(sampleDocument()))
    }

    @Test("names with < & \" ' are escaped everywhere")
    func escaping() {
        let html = QbrRenderer.render(sampleDocument(programName: "Care <voice> & \"chat\" 'x'"))
        #expect(!html.contains("<voice>"))
        #expect(html.contains("Care &lt;voice&gt; &amp; &quot;chat&quot; &#39;x&#39;"))
        #expect(html.contains("Hire &lt;2&gt; &amp; train"))
        #expect(html.contains("ops &quot;lead&quot;"))
        #expect(html.contains("qa-&lt;lead&gt;"))
        #expect(html.contains("<title>Quarterly business review · Northwind &amp; Co · 2026-Q3</title>"))
    }

    @Test("self-contained: no script, no external resource, every chart has a title and a description")
    func selfContained() {
        let html = QbrRenderer.render(sampleDocument())
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href=\"http"))
        #expect(!html.contains("@import"))
        let charts = occurrences(of: "<svg", in: html)
        #expect(charts == 4)  // tenant quarters, program quarters, trend, benchmark
        #expect(occurrences(of: "-title\">", in: html) == charts)
        #expect(occurrences(of: "-desc\">", in: html) == charts)
        #expect(occurrences(of: "role=\"img\"", in: html) == charts)
        #expect(html.contains("@page"))
        #expect(html.contains("@media print"))
    }

    @Test("the SLA matrix says met, missed and excluded in words, with credits and earn-backs")
    func slaMatrix() {
        let html = QbrRenderer.render(sampleDocument())
        #expect(html.contains("<td class=\"missed\">✗ missed<br>70.00<br>credit 12,000.00<br>earned back 2026-10</td>"))
        #expect(html.contains("<td class=\"met\">✓ met<br>81.00</td>"))
        #expect(html.contains("<td class=\"excluded\">○ excluded<br>–</td>"))
        #expect(html.contains("36,000.00"))
    }

    @Test("a program without data says so in every section and draws no chart")
    func emptySections() {
        var document = sampleDocument()
        document.programs = [QbrProgram(id: "empty", name: "Empty", notes: ["sla": "no SLA is in force in 2026-Q3"])]
        document.tenantSummary = QbrTenantSummary(quarters: [], slaTotals: nil)
        let html = QbrRenderer.render(document)
        #expect(!html.contains("<svg"))
        #expect(html.contains("No data: no SLA is in force in 2026-Q3."))
        // scores, trend, metrics, sla, health, quality, coaching, benchmark, anomalies, target review, gaps
        // plus the tenant's scores and SLA credits.
        #expect(occurrences(of: "<p class=\"empty\">No data:", in: html) == 13)
    }

    @Test("canonical JSON uses snake_case keys, sorted, and omits absent values")
    func json() throws {
        let json = try sampleDocument().canonicalJSON()
        #expect(json.contains("\"tenant_name\" : \"Northwind & Co\""))
        #expect(json.contains("\"points_lost\" : 2.1875"))
        #expect(json.contains("\"attrition_rate_annualised\" : 57.8"))
        #expect(!json.contains("null"))
        let decoded = try JSONDecoder().decode(QbrDocument.self, from: Data(json.utf8), snakeCase: true)
        #expect(decoded == sampleDocument())
    }
}

@Suite("QBR tenant roll-up")
struct TenantRollupTests {
    static func score(_ composite: Double?, answered: Int, service: Double?, note: String = "") -> QbrQuarterScore {
        QbrQuarterScore(
            quarter: "2026-Q3", composite: composite, gateCapped: false, complete: true, answered: answered,
            categories: [QbrCategoryScore(category: "service", weight: 25, score: service)], note: note)
    }

    @Test(
        "composite is weighted by answered contacts",
        arguments: [
            // 80 × 100 + 60 × 300 = 26,000 over 400 → 65.
            ([score(80, answered: 100, service: 90), score(60, answered: 300, service: 50)], 65.0, 60.0),
            // Nothing answered: plain mean.
            ([score(80, answered: 0, service: 90), score(60, answered: 0, service: 50)], 70.0, 70.0),
            // A program without a scorecard is left out.
            ([score(80, answered: 100, service: 90), score(nil, answered: 900, service: nil, note: "none")], 80.0, 90.0),
        ])
    func weighted(programs: [QbrQuarterScore], composite: Double, service: Double) {
        let rollup = TenantRollup.rollUp(quarter: "2026-Q3", programs: programs)
        #expect(abs((rollup.composite ?? -1) - composite) < 1e-9)
        #expect(abs((rollup.categories.first?.score ?? -1) - service) < 1e-9)
    }

    @Test("no program with a scorecard gives no composite and says why")
    func none() {
        let rollup = TenantRollup.rollUp(quarter: "2026-Q3", programs: [Self.score(nil, answered: 5, service: nil, note: "x")])
        #expect(rollup.composite == nil)
        #expect(rollup.note == "no program has a scorecard for 2026-Q3")
    }
}

@Suite("QBR number formats")
struct FormatTests {
    @Test(
        "fixed formats",
        arguments: [
            (QbrFormat.money(1_234_567.891), "1,234,567.89"), (QbrFormat.money(-1500), "-1,500.00"),
            (QbrFormat.money(12), "12.00"), (QbrFormat.number(-0.04), "0.0"), (QbrFormat.number(2.25, digits: 2), "2.25"),
            (QbrFormat.optional(nil), "–"),
        ])
    func formats(actual: String, expected: String) {
        #expect(actual == expected)
    }
}

extension JSONDecoder {
    fileprivate func decode<T: Decodable>(_ type: T.Type, from data: Data, snakeCase: Bool) throws -> T {
        keyDecodingStrategy = snakeCase ? .convertFromSnakeCase : .useDefaultKeys
        return try decode(type, from: data)
    }
}

@Suite("QBR periods")
struct PeriodTests {
    @Test(
        "the quarter and the four before, across year ends",
        arguments: [
            ("2026-Q3", ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"], "2025-07", "2026-09"),
            ("2026-Q1", ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"], "2025-01", "2026-03"),
        ])
    func quarters(quarter: String, expected: [String], first: String, last: String) throws {
        let period = try #require(Period(quarter))
        #expect(QbrPeriods.quarters(endingAt: period).map(\.description) == expected)
        let months = QbrPeriods.trendMonths(endingAt: period)
        #expect(months.count == 15)
        #expect(months.first?.description == first && months.last?.description == last)
    }
}
