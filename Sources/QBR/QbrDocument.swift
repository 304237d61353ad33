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

    /// Creates the value from its fields.
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

    /// Creates the value from its fields.
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

    /// Creates the value from its fields.
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

    /// Creates the value from its fields.
    public init(month: String, composite: Double?, complete: Bool = true) {
        self.month = month
        self.composite = composite
        self.complete = complete
    }
}

/// One configured metric of the quarter's scorecard.
public struct QbrMetricLine: Sendable, Codable, Equatable {
    /// Catalog metric name (`service_level`, ...).
    public var metric: String
    /// Category name (`service`, `quality`, ...).
    public var category: String
    /// The quarter's value; `nil` without one.
    public var value: Double?
    /// The target of the scorecard version in force.
    public var target: Double
    /// The threshold (contractual minimum) of the scorecard version in force.
    public var threshold: Double
    /// 0–100; `nil` when not scored.
    public var score: Double?
    /// Shown but not scored (n below min_sample).
    public var insufficientSample: Bool

    /// Creates the value from its fields.
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
    /// Credits of the misses, after the monthly cap.
    public var creditsTotal: Double
    /// Credits returned by earn-backs.
    public var creditsReturned: Double
    /// Total − returned.
    public var creditsNet: Double

    /// Creates the value from its fields.
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

    /// Creates the value from its fields.
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
    /// Catalog metric name (`service_level`, ...).
    public var metric: String
    /// `critical` or `key`.
    public var severity: String
    /// The contractual limit (floor for `up` metrics, ceiling for `down` ones).
    public var minimum: Double
    /// The committed better level, if any.
    public var expected: Double?
    /// One cell per month of the quarter.
    public var cells: [QbrSlaCell]

    /// Creates the value from its fields.
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
    /// `YYYY-MM`.
    public var month: String
    /// The month is in the SLA ledger.
    public var evaluated: Bool
    /// SLAs met.
    public var met: Int
    /// SLAs missed.
    public var missed: Int
    /// SLAs excluded (neither met nor missed).
    public var excluded: Int
    /// The month's credits.
    public var credits: QbrCredits

    /// Creates the value from its fields.
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

    /// Creates the value from its fields.
    public init(rows: [QbrSlaRow], months: [QbrSlaMonth], totals: QbrCredits) {
        self.rows = rows
        self.months = months
        self.totals = totals
    }
}

/// Partnership health at one month end.
public struct QbrHealthMonth: Sendable, Codable, Equatable {
    /// `YYYY-MM`.
    public var month: String
    /// Mean active head count over the month's days.
    public var headcount: Double
    /// Agents active on the month's last day.
    public var activeOnLastDay: Int
    /// The month's planned FTE, if imported.
    public var plannedFte: Double?
    /// Terminations dated in the month.
    public var terminations: Int
    /// Monthly attrition rate, %.
    public var attritionRate: Double?
    /// Median tenure in days on the month's last day.
    public var tenureMedianDays: Double?
    /// eNPS over the 3 months ending with this month.
    public var enps: Double?
    /// Engagement responses behind the eNPS.
    public var enpsResponses: Int

    /// Creates the value from its fields.
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
    /// One entry per month of the quarter.
    public var months: [QbrHealthMonth]
    /// The quarter's attrition (terminations summed) × 4, from the quarter's program scorecard.
    public var attritionRateAnnualised: Double?

    /// Creates the value from its fields.
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

    /// Creates the value from its fields.
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
    /// Coaching tasks due in the period.
    public var tasksDue: Int
    /// Of those, closed on or before their due date.
    public var closedOnTime: Int
    /// 100 × closed_on_time ÷ tasks_due; `nil` when no task is due.
    public var coachingCompletion: Double?

    /// Creates the value from its fields.
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
    /// The value (score 0–100, or the metric's unit).
    public var value: Double
    /// Platform percentile; `nil` when the cohort is withheld (k-anonymity).
    public var percentile: Double?
    /// Rank among the tenant's own programs.
    public var rank: Int
    /// Programs in the platform cohort.
    public var cohortPrograms: Int
    /// Distinct tenants in the cohort.
    public var cohortTenants: Int
    /// Cohort first quartile; `nil` when withheld.
    public var p25: Double?
    /// Cohort median; `nil` when withheld.
    public var p50: Double?
    /// Cohort third quartile; `nil` when withheld.
    public var p75: Double?
    /// Why the cohort is withheld; empty when shown.
    public var withheld: String

    /// Creates the value from its fields.
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
    /// `YYYY-MM`.
    public var month: String
    /// Catalog metric name (`service_level`, ...).
    public var metric: String
    /// The value (score 0–100, or the metric's unit).
    public var value: Double
    /// Median of the history (the 12 months before).
    public var median: Double
    /// `nil` for method `constant`.
    public var z: Double?
    /// `modified_z`, `mean_absolute_deviation` or `constant`.
    public var method: String

    /// Creates the value from its fields.
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
    /// `YYYY-MM`.
    public var month: String
    /// Catalog metric name (`service_level`, ...).
    public var metric: String
    /// `raise_target` or `unattainable`.
    public var recommendation: String
    /// `raise_target`: the median of the three values.
    public var suggestedTarget: Double?
    /// The target of the scorecard version in force.
    public var target: Double
    /// The threshold (contractual minimum) of the scorecard version in force.
    public var threshold: Double

    /// Creates the value from its fields.
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
    /// The id.
    public var id: Int
    /// What is to be done.
    public var title: String
    /// Who does it.
    public var owner: String
    /// `YYYY-MM-DD`.
    public var dueDate: String
    /// `open` or `done`.
    public var status: String
    /// Not done and due before the review month's last day.
    public var overdue: Bool

    /// Creates the value from its fields.
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
    /// Catalog metric name (`service_level`, ...).
    public var metric: String
    /// Composite points lost (SPEC §5).
    public var pointsLost: Double
    /// The actions on the metric.
    public var actions: [QbrAction]

    /// Creates the value from its fields.
    public init(metric: String, pointsLost: Double, actions: [QbrAction]) {
        self.metric = metric
        self.pointsLost = pointsLost
        self.actions = actions
    }
}

/// Everything the pack shows for one program. A `nil` section has no data; `notes` says why.
public struct QbrProgram: Sendable, Codable, Equatable {
    /// The id.
    public var id: String
    /// Display name.
    public var name: String
    /// The quarter and the four before it, oldest first.
    public var quarters: [QbrQuarterScore]
    /// One point per month of ``QbrDocument/trendMonths``.
    public var trend: [QbrTrendPoint]
    /// The quarter's configured metrics.
    public var metrics: [QbrMetricLine]
    /// SLA compliance; `nil` without SLAs in force.
    public var sla: QbrSla?
    /// Partnership health; `nil` without roster or engagement data.
    public var health: QbrHealth?
    /// QA and calibration; `nil` without data.
    public var quality: QbrQuality?
    /// The quarter first, then each month.
    public var coaching: [QbrCoaching]
    /// The composite and each category against the platform cohort.
    public var benchmark: [QbrBenchmarkLine]
    /// Anomalies of the quarter's months.
    public var anomalies: [QbrAnomaly]
    /// Target-review recommendations of the quarter's months.
    public var targetReview: [QbrTargetReview]
    /// Top gaps of the quarter's latest month with answered contacts, largest first.
    public var topGaps: [QbrGap]
    /// Per section name, why it has no (or partial) data.
    public var notes: [String: String]

    /// Creates the value from its fields.
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

    /// Creates the value from its fields.
    public init(quarters: [QbrQuarterScore], slaTotals: QbrCredits?) {
        self.quarters = quarters
        self.slaTotals = slaTotals
    }
}
