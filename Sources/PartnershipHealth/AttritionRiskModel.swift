import GovernanceCore

/// Risk band of a probability (SPEC section 8).
public enum RiskBand: String, Sendable, Hashable {
    /// Probability ≥ 0.5.
    case high
    /// Probability ≥ 0.25.
    case medium
    /// Below 0.25.
    case low

    /// The band of `probability` (bounds within 1e-9 count as reached).
    public init(probability: Double) {
        if probability >= 0.5 - boundTolerance {
            self = .high
        } else if probability >= 0.25 - boundTolerance {
            self = .medium
        } else {
            self = .low
        }
    }
}

/// One feature's part in an agent's score.
public struct FeatureContribution: Sendable, Hashable {
    /// The feature.
    public var feature: AttritionFeature
    /// The raw value used (after imputation).
    public var value: Double
    /// Whether the agent lacked the feature and the value was imputed.
    public var imputed: Bool
    /// The standardised value z.
    public var standardized: Double
    /// coefficient × z: positive raises the risk.
    public var contribution: Double
}

/// One scored agent.
public struct AgentRisk: Sendable, Hashable {
    /// The agent.
    public var agentID: String
    /// The agent's program.
    public var programID: String
    /// Estimated probability of leaving within 60 days of the scored month end.
    public var probability: Double
    /// The band of the probability.
    public var band: RiskBand
    /// The three features with the largest |coefficient × standardised value|, largest first.
    public var topFeatures: [FeatureContribution]
}

/// A fitted model and what it was fitted on.
public struct AttritionFit: Sendable, Hashable {
    /// The regression on standardised features.
    public var model: LogisticRegression
    /// The training standardisation.
    public var standardizer: Standardizer
    /// Training rows and how many were positive.
    public var trainRows: Int
    /// Training rows with a termination within 60 days.
    public var trainPositives: Int
    /// Held-out rows.
    public var holdoutRows: Int
    /// Held-out rows with a termination within 60 days.
    public var holdoutPositives: Int
    /// AUC on the held-out months; `nil` when they lack a class.
    public var aucHoldout: Double?
}

/// The result of a risk analysis: a fit and its scores, or the reason there is none.
public struct AttritionRiskReport: Sendable, Hashable {
    /// The fit; `nil` when there is too little history.
    public var fit: AttritionFit?
    /// Why there is no fit (or why the AUC is absent); empty otherwise.
    public var note: String
    /// Months the model was (or would be) trained on.
    public var trainMonths: [Month]
    /// The held-out months.
    public var holdoutMonths: [Month]
    /// The month whose end the agents are scored at (the month of the last day of data).
    public var scoredMonth: Month
    /// The scored agents, highest probability first (empty without a fit).
    public var agents: [AgentRisk]
}

/// SPEC section 8: a per-tenant logistic regression on the tenant's own history.
///
/// Labelled months are the months from ``AttritionHistory/firstMonth`` whose end + 60 days is on or
/// before the last day of data. The last ``holdoutMonthCount`` of them are held out; the rest train.
/// A fit needs at least ``minimumTrainMonths`` training months and ``minimumPositives`` positive and
/// as many negative training rows; otherwise the report has no fit and says why ("no fit rather than
/// a bad one").
///
/// ```swift
/// let report = AttritionRiskModel.analyse(history)
/// report.fit?.aucHoldout  // 0.78
/// report.agents.first     // the highest-risk agent with its top three features
/// ```
public enum AttritionRiskModel {
    /// The ridge penalty λ.
    public static let lambda = 1.0
    /// Labelled months held out for the AUC.
    public static let holdoutMonthCount = 3
    /// Training months a fit needs.
    public static let minimumTrainMonths = 6
    /// Positive (and negative) training rows a fit needs.
    public static let minimumPositives = 5

    /// Fits the model on `history` and scores the latest month's active agents.
    public static func analyse(_ history: AttritionHistory) -> AttritionRiskReport {
        let scoredMonth = history.lastDay.month
        var labelled: [Month] = []
        var month = history.firstMonth
        while month.lastDay.adding(days: AttritionFeatures.horizonDays) <= history.lastDay {
            labelled.append(month)
            month = month.adding(months: 1)
        }
        let observations = labelled.map { AttritionFeatures.observations(at: $0, history: history) }
        // Months with nobody active carry no rows: they neither train nor hold out.
        let used = zip(labelled, observations).filter { !$0.1.isEmpty }
        let holdoutCount = min(holdoutMonthCount, used.count)
        let train = Array(used.dropLast(holdoutCount))
        let holdout = Array(used.suffix(holdoutCount))
        var report = AttritionRiskReport(
            fit: nil, note: "", trainMonths: train.map { $0.0 }, holdoutMonths: holdout.map { $0.0 }, scoredMonth: scoredMonth,
            agents: [])

        let needed = minimumTrainMonths + holdoutMonthCount
        guard used.count >= needed else {
            report.note =
                "too little history to fit: \(used.count) labelled month(s) with active agents (a month is labelled once "
                + "its end + \(AttritionFeatures.horizonDays) days is within the data, which ends \(history.lastDay)); "
                + "the fit needs \(needed): \(minimumTrainMonths) to train and \(holdoutMonthCount) held out"
            return report
        }
        let trainRows = train.flatMap { $0.1 }
        let positives = trainRows.count(where: { $0.label == true })
        let negatives = trainRows.count - positives
        guard positives >= minimumPositives, negatives >= minimumPositives else {
            report.note =
                "too little history to fit: the training months hold \(positives) termination(s) within "
                + "\(AttritionFeatures.horizonDays) days of a month end and \(negatives) non-termination(s); "
                + "the fit needs at least \(minimumPositives) of each"
            return report
        }

        // Features every program missed take the training mean (0 once standardised), AHT ratio 1.
        let featureCount = AttritionFeature.allCases.count
        let trainingMeans: [Double] = (0..<featureCount).map { j in
            if AttritionFeature.allCases[j] == .ahtRatio { return 1 }
            let present = trainRows.compactMap { $0.values[j] }
            return present.isEmpty ? 0 : present.reduce(0, +) / Double(present.count)
        }
        func filled(_ observation: AttritionObservation) -> [Double] {
            observation.values.indices.map { observation.values[$0] ?? trainingMeans[$0] }
        }
        let standardizer = Standardizer(fitting: trainRows.map(filled))
        let model: LogisticRegression
        do {
            model = try LogisticRegression.fit(
                features: trainRows.map { standardizer.transform(filled($0)) },
                labels: trainRows.map { $0.label == true }, lambda: lambda)
        } catch {
            report.note = "the model did not converge (\(error)); no fit is reported"
            return report
        }

        let holdoutRows = holdout.flatMap { $0.1 }
        let auc = ROC.auc(
            scores: holdoutRows.map { model.probability(standardizer.transform(filled($0))) },
            labels: holdoutRows.map { $0.label == true })
        if auc == nil {
            report.note = "the held-out months lack a termination or a stay, so the holdout AUC is undefined"
        }
        report.fit = AttritionFit(
            model: model, standardizer: standardizer, trainRows: trainRows.count, trainPositives: positives,
            holdoutRows: holdoutRows.count, holdoutPositives: holdoutRows.count(where: { $0.label == true }),
            aucHoldout: auc)

        report.agents = AttritionFeatures.observations(at: scoredMonth, history: history).map { observation in
            let values = filled(observation)
            let z = standardizer.transform(values)
            let contributions = AttritionFeature.allCases.indices.map { j in
                FeatureContribution(
                    feature: AttritionFeature.allCases[j], value: values[j], imputed: observation.imputed[j],
                    standardized: z[j], contribution: model.coefficients[j] * z[j])
            }
            // Stable order on ties: the SPEC's feature order.
            let top = contributions.enumerated()
                .sorted { abs($0.element.contribution) > abs($1.element.contribution) || (abs($0.element.contribution) == abs($1.element.contribution) && $0.offset < $1.offset) }
                .prefix(3).map(\.element)
            let probability = model.probability(z)
            return AgentRisk(
                agentID: observation.agentID, programID: observation.programID, probability: probability,
                band: RiskBand(probability: probability), topFeatures: Array(top))
        }
        .sorted { $0.probability > $1.probability || ($0.probability == $1.probability && $0.agentID < $1.agentID) }
        return report
    }
}
