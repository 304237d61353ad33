/// Renders a ``QbrDocument`` as one self-contained HTML page: inline CSS and SVG, no JavaScript,
/// no external resources, print styles for A4 and Letter. Deterministic: the same document gives
/// the same bytes (no clock, fixed number formats, the document's own order).
///
/// ```swift
/// let html = QbrRenderer.render(document)
/// try html.write(toFile: "qbr.html", atomically: true, encoding: .utf8)
/// ```
public enum QbrRenderer {
    /// The whole page.
    public static func render(_ document: QbrDocument) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(e("Quarterly business review · \(document.tenantName) · \(document.quarter)"))</title>\n"
        html += "<style>\n\(stylesheet)</style>\n</head>\n<body>\n<main>\n"
        html += "<header>\n<h1>Quarterly business review</h1>\n"
        html += "<p class=\"subtitle\">\(e(document.tenantName)) (\(e(document.tenant))) · \(e(document.quarter))"
        html += " · \(e(document.months.first ?? "")) to \(e(document.months.last ?? ""))"
        if let program = document.programFilter { html += " · program \(e(program))" }
        html += "</p>\n</header>\n"
        html += contents(document)
        html += tenantSection(document)
        for (index, program) in document.programs.enumerated() {
            html += programSection(program, index: index + 1, document: document)
        }
        html += "<footer>\n<p>Figures follow the governance calculation specification (v1): scores 0–100, "
        html += "rates in %, money in the contract currency. A dash means no value. Built from the data held for "
        html += "\(e(document.tenant)); the same data always gives this same document.</p>\n</footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    // MARK: Sections

    private static func contents(_ document: QbrDocument) -> String {
        var html = "<nav aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n<li><a href=\"#tenant\">Tenant summary</a></li>\n"
        for program in document.programs {
            html += "<li><a href=\"#program-\(QbrFormat.anchor(program.id))\">\(e(program.name)) (\(e(program.id)))</a></li>\n"
        }
        return html + "</ol>\n</nav>\n"
    }

    private static func tenantSection(_ document: QbrDocument) -> String {
        let summary = document.tenantSummary
        var html = "<section id=\"tenant\" aria-labelledby=\"tenant-heading\">\n"
        html += "<h2 id=\"tenant-heading\">Tenant summary: \(e(document.tenantName))</h2>\n"
        if let program = document.programFilter {
            html += "<p class=\"note\">This pack is limited to program \(e(program)): the summary is that program's.</p>\n"
        } else {
            html += "<p class=\"note\">Program scores rolled up, weighted by answered contacts.</p>\n"
        }
        html += quarterScores(summary.quarters, id: "tenant-quarters", subject: document.tenantName)
        html += "<h3>SLA credits this quarter (every program)</h3>\n"
        if let totals = summary.slaTotals {
            html += creditTable(totals, caption: "SLA credits of \(document.quarter), every program")
        } else {
            html += empty("no SLA is in force for any program in \(document.quarter)")
        }
        return html + "</section>\n"
    }

    private static func programSection(_ program: QbrProgram, index: Int, document: QbrDocument) -> String {
        let prefix = "p\(index)"
        var html = "<section class=\"program\" id=\"program-\(QbrFormat.anchor(program.id))\" aria-labelledby=\"\(prefix)-heading\">\n"
        html += "<h2 id=\"\(prefix)-heading\">\(e(program.name)) <span class=\"id\">(\(e(program.id)))</span></h2>\n"
        html += "<h3>Scores: \(e(document.quarter)) and the four quarters before</h3>\n"
        html += quarterScores(program.quarters, id: "\(prefix)-quarters", subject: program.name)
        html += "<h3>Monthly trend</h3>\n" + trend(program, prefix: prefix, document: document)
        html += "<h3>Metrics in \(e(document.quarter))</h3>\n" + metrics(program)
        html += "<h3>SLA compliance</h3>\n" + sla(program, document: document)
        html += "<h3>Partnership health</h3>\n" + health(program)
        html += "<h3>QA and calibration</h3>\n" + quality(program)
        html += "<h3>Coaching completion</h3>\n" + coaching(program)
        html += "<h3>Benchmark percentiles</h3>\n" + benchmark(program, prefix: prefix)
        html += "<h3>Anomalies and target review</h3>\n" + findings(program)
        html += "<h3>Top gaps, actions and owners</h3>\n" + gaps(program)
        return html + "</section>\n"
    }

    private static func quarterScores(_ quarters: [QbrQuarterScore], id: String, subject: String) -> String {
        guard quarters.contains(where: { $0.composite != nil }) else {
            let reason = quarters.last?.note ?? ""
            return empty(reason.isEmpty ? "no scorecard for these quarters" : reason)
        }
        let labels = quarters.map(\.quarter)
        let composites = quarters.map(\.composite)
        var html = "<figure>\n" + SVGChart.bars(
            id: id, title: "Composite score by quarter, \(subject)",
            description: "Bar chart of the composite score (0–100) for "
                + zip(labels, composites).map { "\($0) \(QbrFormat.optional($1))" }.joined(separator: ", ") + ".",
            labels: labels, values: composites)
        html += "\n<figcaption>Composite score by quarter (0–100); the table below gives every figure.</figcaption>\n</figure>\n"
        var categories: [String] = []
        for quarter in quarters {
            for category in quarter.categories where !categories.contains(category.category) {
                categories.append(category.category)
            }
        }
        html += "<table>\n<caption>Composite and category scores by quarter, \(e(subject))</caption>\n<thead><tr><th scope=\"col\">Quarter</th><th scope=\"col\">Composite</th>"
        for category in categories { html += "<th scope=\"col\">\(e(category))</th>" }
        html += "<th scope=\"col\">Notes</th></tr></thead>\n<tbody>\n"
        for quarter in quarters {
            html += "<tr><th scope=\"row\">\(e(quarter.quarter))</th><td class=\"num\">\(QbrFormat.optional(quarter.composite))</td>"
            for category in categories {
                let score = quarter.categories.first(where: { $0.category == category })?.score
                html += "<td class=\"num\">\(QbrFormat.optional(score))</td>"
            }
            var notes: [String] = []
            if !quarter.note.isEmpty { notes.append(quarter.note) }
            if quarter.gateCapped { notes.append("gate capped") }
            if quarter.note.isEmpty && !quarter.complete { notes.append("incomplete") }
            html += "<td>\(e(notes.joined(separator: "; ")))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private static func trend(_ program: QbrProgram, prefix: String, document: QbrDocument) -> String {
        guard program.trend.contains(where: { $0.composite != nil }) else {
            return empty(program.notes["trend"] ?? "no monthly composite in \(document.trendMonths.first ?? "")–\(document.trendMonths.last ?? "")")
        }
        let labels = program.trend.map(\.month)
        let values = program.trend.map(\.composite)
        var html = "<figure>\n" + SVGChart.line(
            id: "\(prefix)-trend", title: "Monthly composite, \(program.name)",
            description: "Line chart of the monthly composite score (0–100) from \(labels.first ?? "") to \(labels.last ?? ""); "
                + "months without a composite break the line. Values: "
                + zip(labels, values).map { "\($0) \(QbrFormat.optional($1))" }.joined(separator: ", ") + ".",
            labels: labels, values: values,
            hollow: Set(program.trend.indices.filter { program.trend[$0].composite != nil && !program.trend[$0].complete }))
        html += "\n<figcaption>Monthly composite score (0–100); open circles: incomplete months (a configured metric "
            + "has no value or too small a sample).</figcaption>\n</figure>\n"
        html += "<table class=\"compact\">\n<caption>Monthly composite, \(e(program.name))</caption>\n<thead><tr><th scope=\"col\">Month</th>"
        for label in labels { html += "<th scope=\"col\">\(e(label))</th>" }
        html += "</tr></thead>\n<tbody><tr><th scope=\"row\">Composite</th>"
        for value in values { html += "<td class=\"num\">\(QbrFormat.optional(value))</td>" }
        html += "</tr>\n<tr><th scope=\"row\">Complete</th>"
        for point in program.trend { html += "<td>\(point.composite == nil ? "–" : point.complete ? "yes" : "no")</td>" }
        return html + "</tr></tbody>\n</table>\n"
    }

    private static func metrics(_ program: QbrProgram) -> String {
        guard !program.metrics.isEmpty else { return empty(program.notes["metrics"] ?? "no scorecard in force this quarter") }
        var html = "<table>\n<caption>Configured metrics, \(e(program.name))</caption>\n<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">Category</th>"
            + "<th scope=\"col\">Value</th><th scope=\"col\">Target</th><th scope=\"col\">Threshold</th><th scope=\"col\">Score</th></tr></thead>\n<tbody>\n"
        for line in program.metrics {
            let flag = line.insufficientSample ? " <span class=\"flag\">(small sample, not scored)</span>" : ""
            html += "<tr><th scope=\"row\">\(e(line.metric))</th><td>\(e(line.category))</td>"
                + "<td class=\"num\">\(QbrFormat.optional(line.value, digits: 2))\(flag)</td>"
                + "<td class=\"num\">\(QbrFormat.number(line.target, digits: 2))</td><td class=\"num\">\(QbrFormat.number(line.threshold, digits: 2))</td>"
                + "<td class=\"num\">\(QbrFormat.optional(line.score))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private static func sla(_ program: QbrProgram, document: QbrDocument) -> String {
        guard let sla = program.sla, !sla.rows.isEmpty else {
            return empty(program.notes["sla"] ?? "no SLA in force in \(document.quarter)")
        }
        var html = "<table class=\"matrix\">\n<caption>SLA compliance matrix, \(e(program.name)): ✓ met, ✗ missed, ○ excluded, – not evaluated</caption>\n"
        html += "<thead><tr><th scope=\"col\">SLA</th><th scope=\"col\">Severity</th><th scope=\"col\">Minimum</th>"
        for month in document.months { html += "<th scope=\"col\">\(e(month))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for row in sla.rows {
            let expected = row.expected.map { " (expected \(QbrFormat.number($0, digits: 2)))" } ?? ""
            html += "<tr><th scope=\"row\">\(e(row.metric))</th><td>\(e(row.severity))</td>"
                + "<td class=\"num\">\(QbrFormat.number(row.minimum, digits: 2))\(e(expected))</td>"
            for cell in row.cells { html += slaCell(cell) }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        html += "<table>\n<caption>Service credits by month, \(e(program.name))</caption>\n<thead><tr><th scope=\"col\">Month</th><th scope=\"col\">Met</th>"
            + "<th scope=\"col\">Missed</th><th scope=\"col\">Excluded</th><th scope=\"col\">Credits</th><th scope=\"col\">Earned back</th><th scope=\"col\">Net</th></tr></thead>\n<tbody>\n"
        for month in sla.months {
            guard month.evaluated else {
                html += "<tr><th scope=\"row\">\(e(month.month))</th><td colspan=\"6\">not evaluated</td></tr>\n"
                continue
            }
            html += "<tr><th scope=\"row\">\(e(month.month))</th><td class=\"num\">\(month.met)</td><td class=\"num\">\(month.missed)</td>"
                + "<td class=\"num\">\(month.excluded)</td><td class=\"num\">\(QbrFormat.money(month.credits.creditsTotal))</td>"
                + "<td class=\"num\">\(QbrFormat.money(month.credits.creditsReturned))</td><td class=\"num\">\(QbrFormat.money(month.credits.creditsNet))</td></tr>\n"
        }
        html += "<tr class=\"total\"><th scope=\"row\">Quarter</th><td></td><td></td><td></td>"
            + "<td class=\"num\">\(QbrFormat.money(sla.totals.creditsTotal))</td><td class=\"num\">\(QbrFormat.money(sla.totals.creditsReturned))</td>"
            + "<td class=\"num\">\(QbrFormat.money(sla.totals.creditsNet))</td></tr>\n"
        return html + "</tbody>\n</table>\n"
    }

    private static func slaCell(_ cell: QbrSlaCell) -> String {
        let value = QbrFormat.optional(cell.value, digits: 2)
        switch cell.status {
        case "met":
            return "<td class=\"met\">✓ met<br>\(value)</td>"
        case "missed":
            var text = "✗ missed<br>\(value)"
            if cell.credit > 0 { text += "<br>credit \(QbrFormat.money(cell.credit))" }
            switch cell.earnBack {
            case "earned_back": text += "<br>earned back \(e(cell.earnBackMonth))"
            case "pending": text += "<br>earn-back pending"
            case "forfeited": text += "<br>forfeited \(e(cell.earnBackMonth))"
            default: break
            }
            return "<td class=\"missed\">\(text)</td>"
        case "excluded":
            return "<td class=\"excluded\">○ excluded<br>\(value)</td>"
        default:
            return "<td>– not evaluated</td>"
        }
    }

    private static func health(_ program: QbrProgram) -> String {
        guard let health = program.health, !health.months.isEmpty else {
            return empty(program.notes["health"] ?? "no roster or engagement data this quarter")
        }
        var html = "<table>\n<caption>Partnership health at each month end, \(e(program.name))</caption>\n<thead><tr><th scope=\"col\">Month</th>"
            + "<th scope=\"col\">Head count</th><th scope=\"col\">Active on last day</th><th scope=\"col\">Planned FTE</th>"
            + "<th scope=\"col\">Terminations</th><th scope=\"col\">Attrition %</th><th scope=\"col\">Median tenure (days)</th>"
            + "<th scope=\"col\">eNPS</th><th scope=\"col\">eNPS responses</th></tr></thead>\n<tbody>\n"
        for month in health.months {
            html += "<tr><th scope=\"row\">\(e(month.month))</th><td class=\"num\">\(QbrFormat.number(month.headcount))</td>"
                + "<td class=\"num\">\(month.activeOnLastDay)</td><td class=\"num\">\(QbrFormat.optional(month.plannedFte))</td>"
                + "<td class=\"num\">\(month.terminations)</td><td class=\"num\">\(QbrFormat.optional(month.attritionRate, digits: 2))</td>"
                + "<td class=\"num\">\(QbrFormat.optional(month.tenureMedianDays))</td><td class=\"num\">\(QbrFormat.optional(month.enps))</td>"
                + "<td class=\"num\">\(month.enpsResponses)</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if let annualised = health.attritionRateAnnualised {
            html += "<p>Quarter attrition, annualised: <strong>\(QbrFormat.number(annualised, digits: 2)) %</strong>.</p>\n"
        }
        return html
    }

    private static func quality(_ program: QbrProgram) -> String {
        guard let quality = program.quality else {
            return empty(program.notes["quality"] ?? "no evaluations or calibration sessions this quarter")
        }
        var html = "<dl class=\"figures\">\n"
        html += figure("QA score", QbrFormat.optional(quality.qaScore))
        html += figure("Compliance rate %", QbrFormat.optional(quality.complianceRate))
        html += figure("Calibration sessions", "\(quality.calibrationSessions)")
        html += figure("Calibration MAD (points)", QbrFormat.optional(quality.calibrationMad, digits: 2))
        html += figure("Within ±5 points", quality.withinTolerance.map { QbrFormat.number($0 * 100) + " %" } ?? "–")
        html += figure("Krippendorff's alpha", QbrFormat.optional(quality.alpha, digits: 3))
        html += "</dl>\n"
        if quality.flaggedEvaluators.isEmpty {
            html += "<p>No evaluator is biased beyond ±5 points.</p>\n"
        } else {
            html += "<p>Evaluators biased beyond ±5 points: \(e(quality.flaggedEvaluators.joined(separator: ", "))).</p>\n"
        }
        return html
    }

    private static func coaching(_ program: QbrProgram) -> String {
        guard program.coaching.contains(where: { $0.tasksDue > 0 }) else {
            return empty(program.notes["coaching"] ?? "no coaching task was due this quarter")
        }
        var html = "<table>\n<caption>Coaching tasks due and closed on time, \(e(program.name))</caption>\n<thead><tr><th scope=\"col\">Period</th>"
            + "<th scope=\"col\">Tasks due</th><th scope=\"col\">Closed on time</th><th scope=\"col\">Completion %</th></tr></thead>\n<tbody>\n"
        for line in program.coaching {
            html += "<tr><th scope=\"row\">\(e(line.period))</th><td class=\"num\">\(line.tasksDue)</td>"
                + "<td class=\"num\">\(line.closedOnTime)</td><td class=\"num\">\(QbrFormat.optional(line.coachingCompletion))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private static func benchmark(_ program: QbrProgram, prefix: String) -> String {
        guard !program.benchmark.isEmpty else {
            return empty(program.notes["benchmark"] ?? "the program has no scored value to benchmark this quarter")
        }
        var html = ""
        if program.benchmark.contains(where: { $0.percentile != nil }) {
            let labels = program.benchmark.map(\.subject)
            let values = program.benchmark.map(\.percentile)
            html += "<figure>\n" + SVGChart.rows(
                id: "\(prefix)-benchmark", title: "Platform percentile by subject, \(program.name)",
                description: "Bar chart of the program's platform percentile (0–100, higher is better); the dashed line "
                    + "marks the 50th percentile. Values: "
                    + zip(labels, values).map { "\($0) \(QbrFormat.optional($1))" }.joined(separator: ", ") + ".",
                labels: labels, values: values, reference: 50)
            html += "\n<figcaption>Platform percentile (higher is better); dashed line: 50th percentile.</figcaption>\n</figure>\n"
        }
        html += "<table>\n<caption>Benchmark against the platform cohort, \(e(program.name))</caption>\n<thead><tr><th scope=\"col\">Subject</th>"
            + "<th scope=\"col\">Value</th><th scope=\"col\">Percentile</th><th scope=\"col\">Rank in tenant</th>"
            + "<th scope=\"col\">Cohort p25</th><th scope=\"col\">p50</th><th scope=\"col\">p75</th><th scope=\"col\">Cohort</th></tr></thead>\n<tbody>\n"
        for line in program.benchmark {
            let cohort = line.withheld.isEmpty
                ? "\(line.cohortPrograms) programs, \(line.cohortTenants) tenants" : "withheld: \(line.withheld)"
            html += "<tr><th scope=\"row\">\(e(line.subject))</th><td class=\"num\">\(QbrFormat.number(line.value))</td>"
                + "<td class=\"num\">\(QbrFormat.optional(line.percentile))</td><td class=\"num\">\(line.rank)</td>"
                + "<td class=\"num\">\(QbrFormat.optional(line.p25))</td><td class=\"num\">\(QbrFormat.optional(line.p50))</td>"
                + "<td class=\"num\">\(QbrFormat.optional(line.p75))</td><td>\(e(cohort))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private static func findings(_ program: QbrProgram) -> String {
        var html = ""
        if program.anomalies.isEmpty {
            html += empty(program.notes["anomalies"] ?? "no anomaly in the quarter's months")
        } else {
            html += "<table>\n<caption>Anomalies (|z| &gt; 3.5 against the 12 months before)</caption>\n<thead><tr><th scope=\"col\">Month</th>"
                + "<th scope=\"col\">Metric</th><th scope=\"col\">Value</th><th scope=\"col\">Median</th><th scope=\"col\">z</th>"
                + "<th scope=\"col\">Method</th></tr></thead>\n<tbody>\n"
            for anomaly in program.anomalies {
                html += "<tr><td>\(e(anomaly.month))</td><th scope=\"row\">\(e(anomaly.metric))</th>"
                    + "<td class=\"num\">\(QbrFormat.number(anomaly.value, digits: 2))</td><td class=\"num\">\(QbrFormat.number(anomaly.median, digits: 2))</td>"
                    + "<td class=\"num\">\(QbrFormat.optional(anomaly.z, digits: 2))</td><td>\(e(anomaly.method))</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        if program.targetReview.isEmpty {
            html += empty(program.notes["target_review"] ?? "no target-review recommendation in the quarter's months")
        } else {
            html += "<table>\n<caption>Target-review recommendations</caption>\n<thead><tr><th scope=\"col\">Month</th><th scope=\"col\">Metric</th>"
                + "<th scope=\"col\">Recommendation</th><th scope=\"col\">Target</th><th scope=\"col\">Threshold</th>"
                + "<th scope=\"col\">Suggested target</th></tr></thead>\n<tbody>\n"
            for item in program.targetReview {
                html += "<tr><td>\(e(item.month))</td><th scope=\"row\">\(e(item.metric))</th><td>\(e(item.recommendation.replacingOccurrences(of: "_", with: " ")))</td>"
                    + "<td class=\"num\">\(QbrFormat.number(item.target, digits: 2))</td><td class=\"num\">\(QbrFormat.number(item.threshold, digits: 2))</td>"
                    + "<td class=\"num\">\(QbrFormat.optional(item.suggestedTarget, digits: 2))</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        return html
    }

    private static func gaps(_ program: QbrProgram) -> String {
        guard !program.topGaps.isEmpty else {
            return empty(program.notes["top_gaps"] ?? "no composite points lost in the quarter's last month")
        }
        var html = "<table>\n<caption>Top gaps (composite points lost) with their actions</caption>\n<thead><tr><th scope=\"col\">Metric</th>"
            + "<th scope=\"col\">Points lost</th><th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th>"
            + "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n"
        for gap in program.topGaps {
            let head = "<th scope=\"row\">\(e(gap.metric))</th><td class=\"num\">\(QbrFormat.number(gap.pointsLost, digits: 2))</td>"
            guard !gap.actions.isEmpty else {
                html += "<tr>\(head)<td colspan=\"4\" class=\"flag\">no action recorded</td></tr>\n"
                continue
            }
            for action in gap.actions {
                let status = action.status + (action.overdue ? " (overdue)" : "")
                html += "<tr>\(head)<td>\(e(action.title))</td><td>\(e(action.owner))</td><td>\(e(action.dueDate))</td><td>\(e(status))</td></tr>\n"
            }
        }
        return html + "</tbody>\n</table>\n"
    }

    // MARK: Pieces

    private static func creditTable(_ credits: QbrCredits, caption: String) -> String {
        "<table class=\"credits\">\n<caption>\(e(caption))</caption>\n<thead><tr><th scope=\"col\">Credits</th><th scope=\"col\">Earned back</th>"
            + "<th scope=\"col\">Net</th></tr></thead>\n<tbody><tr><td class=\"num\">\(QbrFormat.money(credits.creditsTotal))</td>"
            + "<td class=\"num\">\(QbrFormat.money(credits.creditsReturned))</td><td class=\"num\">\(QbrFormat.money(credits.creditsNet))</td></tr></tbody>\n</table>\n"
    }

    private static func figure(_ label: String, _ value: String) -> String {
        "<div><dt>\(e(label))</dt><dd>\(value)</dd></div>\n"
    }

    private static func empty(_ reason: String) -> String {
        "<p class=\"empty\">No data: \(e(reason)).</p>\n"
    }

    private static func e(_ text: String) -> String { QbrFormat.escape(text) }

    /// Screen and print styles. Colours: text #1a1a1a on white (contrast 17:1), muted #4d4d4d
    /// (8.5:1); status cells carry a symbol and a word, never colour alone.
    static let stylesheet = """
        :root { color-scheme: light; }
        body { margin: 0; background: #ffffff; color: #1a1a1a; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
        main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 28px; margin: 0 0 4px; }
        h2 { font-size: 22px; border-bottom: 2px solid #0072b2; padding-bottom: 4px; margin-top: 40px; }
        h3 { font-size: 17px; margin: 24px 0 8px; }
        .subtitle, .note, .id, figcaption { color: #4d4d4d; }
        .empty { color: #4d4d4d; font-style: italic; border-left: 4px solid #bdbdbd; padding-left: 8px; }
        .flag { color: #8a2a00; }
        figure { margin: 8px 0 12px; }
        svg.chart { display: block; width: 100%; max-width: 720px; height: auto; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
        th, td { border: 1px solid #bdbdbd; padding: 4px 8px; vertical-align: top; text-align: left; }
        thead th { background: #eef3f8; }
        td.num { text-align: right; white-space: nowrap; }
        tbody th { white-space: nowrap; }
        table.credits { min-width: 360px; }
        table.compact { font-size: 12px; }
        table.compact th, table.compact td { padding: 2px 4px; white-space: nowrap; }
        td.met { background: #e3f1ea; color: #0b4d33; }
        td.missed { background: #fbe4d8; color: #7a2500; font-weight: 600; }
        td.excluded { background: #eeeeee; color: #333333; }
        tr.total th, tr.total td { font-weight: 700; }
        dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px; }
        dl.figures div { border: 1px solid #bdbdbd; padding: 6px 10px; }
        dt { color: #4d4d4d; font-size: 13px; }
        dd { margin: 0; font-size: 20px; font-weight: 600; }
        nav ol { columns: 2; }
        a { color: #005a8c; }
        footer { margin-top: 40px; color: #4d4d4d; font-size: 13px; }
        @page { margin: 14mm; }
        @media print {
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          section.program { break-before: page; }
          figure, table, dl, h3 { break-inside: avoid; }
          h3 { break-after: avoid; }
          svg.chart { max-width: 170mm; }
          table.compact { font-size: 7pt; }
          a { color: inherit; text-decoration: none; }
          thead th, td.met, td.missed, td.excluded { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
