import Foundation

/// Everything a quarterly business review shows, already computed by the other modules.
///
/// The server assembles it from the same code paths as the scorecard, SLA, health, quality,
/// benchmarking and review RPCs; ``QbrRenderer`` turns it into HTML without computing any metric.
/// Optional values are absent (omitted in JSON) when the source had none.
///
/// ```swift
/// let html = QbrRenderer.render(document)
/// let json = try document.canonicalJSON()
/// ```
public struct QbrDocument: Sendable, Codable, Equatable {
    /// Tenant id.
    public var tenant: String
    /// Tenant display name (the manifest's `name`).
    public var tenantName: String
    /// The quarter reviewed, `YYYY-Qn`.
    public var quarter: String
    /// The program the pack was limited to; `nil` for every program of the tenant.
    public var programFilter: String?
    /// The quarter and the four before it, oldest first.
    public var quarters: [String]
    /// The months of the monthly trend (the fifteen months of those five quarters), oldest first.
    public var trendMonths: [String]
    /// The months of the quarter.
    public var months: [String]
    /// The tenant-level roll-up of the programs.
    public var tenantSummary: QbrTenantSummary
    /// One section per program, by program id.
    public var programs: [QbrProgram]

    public init(
        tenant: String, tenantName: String, quarter: String, programFilter: String?, quarters: [String],
        trendMonths: [String], months: [String], tenantSummary: QbrTenantSummary, programs: [QbrProgram]
    ) {
        self.tenant = tenant
        self.tenantName = tenantName
        self.quarter = quarter
        self.programFilter = programFilter
        self.quarters = quarters
        self.trendMonths = trendMonths
        self.months = months
        self.tenantSummary = tenantSummary
        self.programs = programs
    }

    /// The document as canonical JSON: snake_case keys, sorted, absent values omitted, so the same
    /// document always gives the same bytes.
    /// - Throws: an `EncodingError` only for a non-finite number (never produced by the server).
    public func canonicalJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// One category's score in one quarter.
public struct QbrCategoryScore: Sendable, Codable, Equatable {
    /// Category name (`service`, `quality`, ...).
    public var category: String
    /// The architecture's category weight.
    public var weight: Double
    /// 0–100; `nil` when no metric of the category is scored.
    public var score: Double?

    public init(category: String, weight: Double, score: Double?) {
        self.category = category
        self.weight = weight
        self.score = score
    }
}

/// A program's (or the tenant's) scorecard summary for one quarter.
public struct QbrQuarterScore: Sendable, Codable, Equatable {
    /// `YYYY-Qn`.
    public var quarter: String
    /// Gate-capped composite; `nil` when no category is scored or no scorecard is in force.
    public var composite: Double?
    /// A gate capped the composite.
    public var gateCapped: Bool
    /// Every configured metric had a value with a sufficient sample.
    public var complete: Bool
    /// Answered contacts in the quarter (the tenant roll-up's weight).
    public var answered: Int
    /// Category scores in architecture order.
    public var categories: [QbrCategoryScore]
    /// Why there is no scorecard (empty when there is one).
    public var note: String

    public init(
        quarter: String, composite: Double?, gateCapped: Bool, complete: Bool, answered: Int,
        categories: [QbrCategoryScore], note: String = ""
    ) {
        self.quarter = quarter
        self.composite = composite
        self.gateCapped = gateCapped
        self.complete = complete
        self.answered = answered
        self.categories = categories
        self.note = note
    }
}

/// One month of the composite trend.
public struct QbrTrendPoint: Sendable, Codable, Equatable {
    /// `YYYY-MM`.
    public var month: String
    /// The month's gate-capped composite; `nil` when there is none.
    public var composite: Double?
    /// Every configured metric had a value with a sufficient sample (false also without a scorecard).
    public var complete: Bool

    public init(month: String, composite: Double?, complete: Bool = true) {
        self.month = month
        self.composite = composite
        self.complete = complete
    }
}

/// One configured metric of the quarter's scorecard.
public struct QbrMetricLine: Sendable, Codable, Equatable {
    public var metric: String
    public var category: String
    /// The quarter's value; `nil` without one.
    public var value: Double?
    public var target: Double
    public var threshold: Double
    /// 0–100; `nil` when not scored.
    public var score: Double?
    /// Shown but not scored (n below min_sample).
    public var insufficientSample: Bool

    public init(
        metric: String, category: String, value: Double?, target: Double, threshold: Double, score: Double?,
        insufficientSample: Bool
    ) {
        self.metric = metric
        self.category = category
        self.value = value
        self.target = target
        self.threshold = threshold
        self.score = score
        self.insufficientSample = insufficientSample
    }
}

/// Credits over a span: total after the cap, returned by earn-backs, net.
public struct QbrCredits: Sendable, Codable, Equatable {
    public var creditsTotal: Double
    public var creditsReturned: Double
    public var creditsNet: Double

    public init(creditsTotal: Double, creditsReturned: Double, creditsNet: Double) {
        self.creditsTotal = creditsTotal
        self.creditsReturned = creditsReturned
        self.creditsNet = creditsNet
    }
}

/// One SLA in one month of the quarter.
public struct QbrSlaCell: Sendable, Codable, Equatable {
    /// `YYYY-MM`.
    public var month: String
    /// `met`, `missed`, `excluded`, or `not_evaluated` (no SLA in force or no data yet).
    public var status: String
    /// The metric's value; `nil` without one.
    public var value: Double?
    /// The credit of a missed critical SLA after the cap.
    public var credit: Double
    /// `none`, `pending`, `earned_back` or `forfeited`.
    public var earnBack: String
    /// The month the credit was earned back or forfeited; empty otherwise.
    public var earnBackMonth: String
    /// The credit returned by the earn-back.
    public var creditReturned: Double

    public init(
        month: String, status: String, value: Double?, credit: Double, earnBack: String, earnBackMonth: String,
        creditReturned: Double
    ) {
        self.month = month
        self.status = status
        self.value = value
        self.credit = credit
        self.earnBack = earnBack
        self.earnBackMonth = earnBackMonth
        self.creditReturned = creditReturned
    }
}

/// One SLA across the quarter's months.
public struct QbrSlaRow: Sendable, Codable, Equatable {
    public var metric: String
    /// `critical` or `key`.
    public var severity: String
    /// The contractual limit (floor for `up` metrics, ceiling for `down` ones).
    public var minimum: Double
    /// The committed better level, if any.
    public var expected: Double?
    /// One cell per month of the quarter.
    public var cells: [QbrSlaCell]

    public init(metric: String, severity: String, minimum: Double, expected: Double?, cells: [QbrSlaCell]) {
        self.metric = metric
        self.severity = severity
        self.minimum = minimum
        self.expected = expected
        self.cells = cells
    }
}

/// A month's credit figures of one program.
public struct QbrSlaMonth: Sendable, Codable, Equatable {
    public var month: String
    /// The month is in the SLA ledger.
    public var evaluated: Bool
    public var met: Int
    public var missed: Int
    public var excluded: Int
    public var credits: QbrCredits

    public init(month: String, evaluated: Bool, met: Int, missed: Int, excluded: Int, credits: QbrCredits) {
        self.month = month
        self.evaluated = evaluated
        self.met = met
        self.missed = missed
        self.excluded = excluded
        self.credits = credits
    }
}

/// A program's SLA compliance in the quarter.
public struct QbrSla: Sendable, Codable, Equatable {
    /// Per SLA, in the order of the last SLA version in force.
    public var rows: [QbrSlaRow]
    /// Per month of the quarter.
    public var months: [QbrSlaMonth]
    /// The quarter's credits (Σ of the months).
    public var totals: QbrCredits

    public init(rows: [QbrSlaRow], months: [QbrSlaMonth], totals: QbrCredits) {
        self.rows = rows
        self.months = months
        self.totals = totals
    }
}

/// Partnership health at one month end.
public struct QbrHealthMonth: Sendable, Codable, Equatable {
    public var month: String
    /// Mean active head count over the month's days.
    public var headcount: Double
    public var activeOnLastDay: Int
    public var plannedFte: Double?
    public var terminations: Int
    /// Monthly attrition rate, %.
    public var attritionRate: Double?
    /// Median tenure in days on the month's last day.
    public var tenureMedianDays: Double?
    /// eNPS over the 3 months ending with this month.
    public var enps: Double?
    public var enpsResponses: Int

    public init(
        month: String, headcount: Double, activeOnLastDay: Int, plannedFte: Double?, terminations: Int,
        attritionRate: Double?, tenureMedianDays: Double?, enps: Double?, enpsResponses: Int
    ) {
        self.month = month
        self.headcount = headcount
        self.activeOnLastDay = activeOnLastDay
        self.plannedFte = plannedFte
        self.terminations = terminations
        self.attritionRate = attritionRate
        self.tenureMedianDays = tenureMedianDays
        self.enps = enps
        self.enpsResponses = enpsResponses
    }
}

/// Partnership health over the quarter.
public struct QbrHealth: Sendable, Codable, Equatable {
    public var months: [QbrHealthMonth]
    /// The quarter's attrition (terminations summed) × 4, from the quarter's program scorecard.
    public var attritionRateAnnualised: Double?

    public init(months: [QbrHealthMonth], attritionRateAnnualised: Double?) {
        self.months = months
        self.attritionRateAnnualised = attritionRateAnnualised
    }
}

/// QA and calibration for the quarter.
public struct QbrQuality: Sendable, Codable, Equatable {
    /// The quarter's qa_score (when configured on the scorecard).
    public var qaScore: Double?
    /// The quarter's compliance_rate (when configured on the scorecard).
    public var complianceRate: Double?
    /// Calibration sessions in the quarter.
    public var calibrationSessions: Int
    /// Mean |deviation| from consensus.
    public var calibrationMad: Double?
    /// Share 0–1 of rows within ±5 points.
    public var withinTolerance: Double?
    /// Krippendorff's alpha.
    public var alpha: Double?
    /// Evaluators whose bias is beyond ±5 points.
    public var flaggedEvaluators: [String]

    public init(
        qaScore: Double?, complianceRate: Double?, calibrationSessions: Int, calibrationMad: Double?,
        withinTolerance: Double?, alpha: Double?, flaggedEvaluators: [String]
    ) {
        self.qaScore = qaScore
        self.complianceRate = complianceRate
        self.calibrationSessions = calibrationSessions
        self.calibrationMad = calibrationMad
        self.withinTolerance = withinTolerance
        self.alpha = alpha
        self.flaggedEvaluators = flaggedEvaluators
    }
}

/// Coaching completion for one period (a month or the quarter).
public struct QbrCoaching: Sendable, Codable, Equatable {
    /// `YYYY-MM` or `YYYY-Qn`.
    public var period: String
    public var tasksDue: Int
    public var closedOnTime: Int
    /// 100 × closed_on_time ÷ tasks_due; `nil` when no task is due.
    public var coachingCompletion: Double?

    public init(period: String, tasksDue: Int, closedOnTime: Int, coachingCompletion: Double?) {
        self.period = period
        self.tasksDue = tasksDue
        self.closedOnTime = closedOnTime
        self.coachingCompletion = coachingCompletion
    }
}

/// A program's place in the platform cohort on one subject, as the tenant's own users see it.
public struct QbrBenchmarkLine: Sendable, Codable, Equatable {
    /// `composite` or `category:<name>`.
    public var subject: String
    public var value: Double
    /// Platform percentile; `nil` when the cohort is withheld (k-anonymity).
    public var percentile: Double?
    /// Rank among the tenant's own programs.
    public var rank: Int
    public var cohortPrograms: Int
    public var cohortTenants: Int
    public var p25: Double?
    public var p50: Double?
    public var p75: Double?
    /// Why the cohort is withheld; empty when shown.
    public var withheld: String

    public init(
        subject: String, value: Double, percentile: Double?, rank: Int, cohortPrograms: Int, cohortTenants: Int,
        p25: Double?, p50: Double?, p75: Double?, withheld: String
    ) {
        self.subject = subject
        self.value = value
        self.percentile = percentile
        self.rank = rank
        self.cohortPrograms = cohortPrograms
        self.cohortTenants = cohortTenants
        self.p25 = p25
        self.p50 = p50
        self.p75 = p75
        self.withheld = withheld
    }
}

/// A metric value that broke with its history in one month of the quarter.
public struct QbrAnomaly: Sendable, Codable, Equatable {
    public var month: String
    public var metric: String
    public var value: Double
    public var median: Double
    /// `nil` for method `constant`.
    public var z: Double?
    public var method: String

    public init(month: String, metric: String, value: Double, median: Double, z: Double?, method: String) {
        self.month = month
        self.metric = metric
        self.value = value
        self.median = median
        self.z = z
        self.method = method
    }
}

/// A target-review recommendation of one month of the quarter.
public struct QbrTargetReview: Sendable, Codable, Equatable {
    public var month: String
    public var metric: String
    /// `raise_target` or `unattainable`.
    public var recommendation: String
    public var suggestedTarget: Double?
    public var target: Double
    public var threshold: Double

    public init(
        month: String, metric: String, recommendation: String, suggestedTarget: Double?, target: Double,
        threshold: Double
    ) {
        self.month = month
        self.metric = metric
        self.recommendation = recommendation
        self.suggestedTarget = suggestedTarget
        self.target = target
        self.threshold = threshold
    }
}

/// An action item linked to a gap.
public struct QbrAction: Sendable, Codable, Equatable {
    public var id: Int
    public var title: String
    public var owner: String
    /// `YYYY-MM-DD`.
    public var dueDate: String
    /// `open` or `done`.
    public var status: String
    public var overdue: Bool

    public init(id: Int, title: String, owner: String, dueDate: String, status: String, overdue: Bool) {
        self.id = id
        self.title = title
        self.owner = owner
        self.dueDate = dueDate
        self.status = status
        self.overdue = overdue
    }
}

/// Composite points lost on a metric, with the actions against it.
public struct QbrGap: Sendable, Codable, Equatable {
    public var metric: String
    public var pointsLost: Double
    public var actions: [QbrAction]

    public init(metric: String, pointsLost: Double, actions: [QbrAction]) {
        self.metric = metric
        self.pointsLost = pointsLost
        self.actions = actions
    }
}

/// Everything the pack shows for one program. A `nil` section has no data; `notes` says why.
public struct QbrProgram: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    /// The quarter and the four before it, oldest first.
    public var quarters: [QbrQuarterScore]
    /// One point per month of ``QbrDocument/trendMonths``.
    public var trend: [QbrTrendPoint]
    /// The quarter's configured metrics.
    public var metrics: [QbrMetricLine]
    public var sla: QbrSla?
    public var health: QbrHealth?
    public var quality: QbrQuality?
    /// The quarter first, then each month.
    public var coaching: [QbrCoaching]
    public var benchmark: [QbrBenchmarkLine]
    public var anomalies: [QbrAnomaly]
    public var targetReview: [QbrTargetReview]
    /// Top gaps of the quarter's latest month with answered contacts, largest first.
    public var topGaps: [QbrGap]
    /// Per section name, why it has no (or partial) data.
    public var notes: [String: String]

    public init(
        id: String, name: String, quarters: [QbrQuarterScore] = [], trend: [QbrTrendPoint] = [],
        metrics: [QbrMetricLine] = [], sla: QbrSla? = nil, health: QbrHealth? = nil, quality: QbrQuality? = nil,
        coaching: [QbrCoaching] = [], benchmark: [QbrBenchmarkLine] = [], anomalies: [QbrAnomaly] = [],
        targetReview: [QbrTargetReview] = [], topGaps: [QbrGap] = [], notes: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.quarters = quarters
        self.trend = trend
        self.metrics = metrics
        self.sla = sla
        self.health = health
        self.quality = quality
        self.coaching = coaching
        self.benchmark = benchmark
        self.anomalies = anomalies
        self.targetReview = targetReview
        self.topGaps = topGaps
        self.notes = notes
    }
}

/// The tenant-level view: programs rolled up per quarter, and the tenant's SLA credits.
public struct QbrTenantSummary: Sendable, Codable, Equatable {
    /// Per quarter (oldest first): the answered-weighted mean of the programs' scores.
    public var quarters: [QbrQuarterScore]
    /// The quarter's SLA credits over every program of the tenant.
    public var slaTotals: QbrCredits?

    public init(quarters: [QbrQuarterScore], slaTotals: QbrCredits?) {
        self.quarters = quarters
        self.slaTotals = slaTotals
    }
}
