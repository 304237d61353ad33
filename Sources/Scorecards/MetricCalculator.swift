import GovernanceCore

/// Computes the catalog metrics of SPEC section 2 for a program or an agent and a period.
///
/// ```swift
/// let calculator = MetricCalculator(serviceLevelFormula: .offered, minSample: architecture.minSample)
/// let metrics = calculator.programMetrics(
///     for: .month(Month(year: 2026, month: 3)),
///     interactions: interactions, evaluations: evaluations, agentDays: agentDays,
///     partnership: partnership, reported: reported)
/// metrics[.serviceLevel]?.value  // 81.25
/// ```
public struct MetricCalculator: Sendable, Hashable {
    /// The program's `service_level_formula`.
    public var serviceLevelFormula: ServiceLevelFormula
    /// The architecture's `min_sample` rules.
    public var minSample: MinSampleRules

    /// Creates a calculator.
    public init(
        serviceLevelFormula: ServiceLevelFormula = .excludeShortAbandons, minSample: MinSampleRules = MinSampleRules()
    ) {
        self.serviceLevelFormula = serviceLevelFormula
        self.minSample = minSample
    }

    /// Every catalog metric of a program for `period`.
    ///
    /// A metric takes its computed value whenever the records give one (flagged when the sample is
    /// insufficient), else the period's reported value (the mean of the monthly ones), which is never
    /// insufficient.
    /// - Parameters:
    ///   - period: The month, quarter or year; the totals must cover exactly its days.
    ///   - interactions: The program's interaction totals over the period.
    ///   - evaluations: The program's non-calibration evaluation totals over the period.
    ///   - agentDays: The program's agent-day totals over the period.
    ///   - partnership: The program's partnership totals for the period; `nil` when there is no roster data.
    ///   - reported: The program's reported values (any months; only the period's are used).
    /// - Returns: One ``MetricValue`` per catalog metric, and the annualised attrition rate.
    public func programMetrics(
        for period: Period,
        interactions: InteractionTotals = .zero,
        evaluations: EvaluationTotals = .zero,
        agentDays: AgentDayTotals = .zero,
        partnership: PartnershipTotals? = nil,
        reported: ReportedValues = .none
    ) -> MetricSet {
        var values: [Metric: MetricValue] = [:]
        let programCost = reported.programCost(in: period)
        for metric in Metric.allCases {
            let raw = computed(
                metric, interactions: interactions, evaluations: evaluations, agentDays: agentDays,
                partnership: partnership, programCost: programCost)
            values[metric] = resolve(metric, raw, reported: reported.value(of: metric, in: period))
        }
        var annualised: Double?
        if let attrition = values[.attritionRate], let rate = attrition.value {
            // A computed rate covers the whole period; a reported one is a (mean) monthly figure.
            let months = attrition.source == .computed ? period.months.count : 1
            annualised = rate * 12 / Double(months)
        }
        return MetricSet(scope: .program, period: period, values: values, attritionRateAnnualised: annualised)
    }

    /// The agent-level metrics of one agent for `period` (SPEC section 2: the agent's own records;
    /// surveys through their interaction). Agents have no reported values.
    /// - Parameters:
    ///   - agentID: The agent.
    ///   - period: The month, quarter or year.
    ///   - interactions: The agent's interaction totals over the period.
    ///   - evaluations: The agent's non-calibration evaluation totals over the period.
    ///   - agentDays: The agent's agent-day totals over the period.
    /// - Returns: One ``MetricValue`` per agent-level catalog metric.
    public func agentMetrics(
        agentID: String,
        for period: Period,
        interactions: InteractionTotals = .zero,
        evaluations: EvaluationTotals = .zero,
        agentDays: AgentDayTotals = .zero
    ) -> MetricSet {
        var values: [Metric: MetricValue] = [:]
        for metric in Metric.allCases where metric.isAgentLevel {
            let raw = computed(
                metric, interactions: interactions, evaluations: evaluations, agentDays: agentDays,
                partnership: nil, programCost: nil)
            values[metric] = resolve(metric, raw, reported: nil)
        }
        return MetricSet(scope: .agent(agentID), period: period, values: values)
    }

    /// The value computed from raw records and its sample size `n`; the value is `nil` on a zero denominator
    /// (or, for the partnership metrics and `cost_per_contact`, when their inputs are absent).
    public func computed(
        _ metric: Metric,
        interactions t: InteractionTotals,
        evaluations e: EvaluationTotals,
        agentDays d: AgentDayTotals,
        partnership p: PartnershipTotals?,
        programCost: Double?
    ) -> (value: Double?, n: Double) {
        switch metric {
        case .serviceLevel:
            let (numerator, denominator) = serviceLevelFormula.fraction(of: t)
            return (Self.percent(Double(numerator), Double(denominator)), Double(denominator))
        case .asaSeconds:
            return (Self.ratio(t.realTimeWaitSum, Double(t.realTimeAnswered)), Double(t.realTimeAnswered))
        case .abandonRate:
            return (Self.percent(Double(t.abandoned), Double(t.offered)), Double(t.offered))
        case .qaScore:
            // Mean over evaluations that have a quality score; n counts every evaluation (SPEC's n column).
            return (Self.ratio(e.qualityScoreSum, Double(e.qualityScored)), Double(e.evaluations))
        case .complianceRate:
            return (Self.percent(Double(e.compliancePassed), Double(e.evaluations)), Double(e.evaluations))
        case .fcrRate:
            return (Self.percent(Double(t.fcrResolved), Double(t.fcrEligible)), Double(t.fcrEligible))
        case .csat:
            return (Self.percent(Double(t.surveysSatisfied), Double(t.surveys)), Double(t.surveys))
        case .ahtSeconds:
            return (Self.ratio(t.handleSum, Double(t.answered)), Double(t.answered))
        case .occupancy:
            return (
                Self.percent(t.handleSum, t.handleSum + d.availableSeconds), Double(t.answered + d.agentDays)
            )
        case .adherence:
            return (Self.percent(d.adherentSeconds, d.scheduledSeconds), Double(d.agentDays))
        case .costPerContact:
            guard let programCost else { return (nil, Double(t.answered)) }
            return (Self.ratio(programCost, Double(t.answered)), Double(t.answered))
        case .staffingRatio:
            guard let p, let planned = p.meanPlannedFTE else { return (nil, Double(p?.plannedMonths ?? 0)) }
            return (Self.percent(p.meanActiveAgents, planned), Double(p.plannedMonths))
        case .attritionRate:
            guard let p else { return (nil, 0) }
            return (Self.percent(Double(p.terminations), p.meanActiveAgents), p.meanActiveAgents)
        case .tenureDays:
            guard let p else { return (nil, 0) }
            return (p.activeOnLastDay > 0 ? p.tenureDaysMedian : nil, Double(p.activeOnLastDay))
        case .enps:
            guard let p else { return (nil, 0) }
            let net = Double(p.enpsPromoters - p.enpsDetractors)
            return (Self.percent(net, Double(p.enpsResponses)), Double(p.enpsResponses))
        }
    }

    private func resolve(_ metric: Metric, _ raw: (value: Double?, n: Double), reported: Double?) -> MetricValue {
        // Whole-number n for display; `+ boundTolerance` keeps `n ≥ min_sample` consistent with the flag.
        let n = Int((raw.n + boundTolerance).rounded(.down))
        if let value = raw.value {
            return MetricValue(
                metric: metric, value: value, n: n, sampleSize: raw.n, source: .computed,
                insufficientSample: minSample.isInsufficient(raw.n, for: metric), reported: reported)
        }
        if let reported {
            return MetricValue(
                metric: metric, value: reported, n: n, sampleSize: raw.n, source: .reported, reported: reported)
        }
        return MetricValue(metric: metric, value: nil, n: n, sampleSize: raw.n, source: nil)
    }

    private static func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator == 0 ? nil : numerator / denominator
    }

    private static func percent(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator == 0 ? nil : 100 * numerator / denominator
    }
}
