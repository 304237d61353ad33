import GovernanceAPI
import GovernanceCore
import PartnershipHealth

extension Governance_V1_ProgramHealth {
    init(_ health: ProgramHealth, tenant: String, program: String) {
        self.init()
        self.tenant = tenant
        self.program = program
        month = health.month.description
        headcount = health.headcount
        activeOnLastDay = Int64(health.activeOnLastDay)
        if let value = health.plannedFTE { plannedFte = value }
        if let value = health.staffingRatio { staffingRatio = value }
        terminations = Int64(health.terminations)
        if let value = health.attritionRate { attritionRate = value }
        if let value = health.attritionRateAnnualised { attritionRateAnnualised = value }
        recentHires = Int64(health.recentHires)
        earlyTerminations = Int64(health.earlyTerminations)
        if let value = health.earlyAttritionRate { earlyAttritionRate = value }
        if let value = health.tenureMedianDays { tenureMedianDays = value }
        if let value = health.tenureP25Days { tenureP25Days = value }
        if let value = health.tenureP75Days { tenureP75Days = value }
        if let value = health.enps { enps = value }
        enpsResponses = Int64(health.enpsResponses)
    }
}

extension Governance_V1_RetentionCohort {
    init(_ cohort: RetentionCohort) {
        self.init()
        self.cohort = cohort.quarter.description
        hires = Int64(cohort.hires)
        terminations = Int64(cohort.terminations)
        for (mark, value) in zip(RetentionAnalysis.marks, cohort.survivalAtMarks) {
            guard let value else { continue }
            switch mark {
            case 30: survival30 = value
            case 90: survival90 = value
            case 180: survival180 = value
            default: survival365 = value
            }
        }
        points = cohort.curve.map { point in
            var message = Governance_V1_SurvivalPoint()
            message.days = Int64(point.days)
            message.survival = point.survival
            message.atRisk = Int64(point.atRisk)
            message.events = Int64(point.events)
            return message
        }
    }
}

extension Governance_V1_AttritionRisk {
    init(_ report: AttritionRiskReport, tenant: String, lastDataDay: LocalDate) {
        self.init()
        self.tenant = tenant
        note = report.note
        trainMonths = report.trainMonths.map(\.description)
        holdoutMonths = report.holdoutMonths.map(\.description)
        scoredMonth = report.scoredMonth.description
        self.lastDataDay = lastDataDay.description
        guard let fit = report.fit else { return }
        fitted = true
        if let auc = fit.aucHoldout { aucHoldout = auc }
        trainRows = Int64(fit.trainRows)
        trainPositives = Int64(fit.trainPositives)
        holdoutRows = Int64(fit.holdoutRows)
        holdoutPositives = Int64(fit.holdoutPositives)
        intercept = fit.model.intercept
        coefficients = AttritionFeature.allCases.enumerated().map { j, feature in
            var message = Governance_V1_FeatureCoefficient()
            message.feature = feature.rawValue
            message.coefficient = fit.model.coefficients[j]
            message.trainingMean = fit.standardizer.means[j]
            message.trainingStd = fit.standardizer.deviations[j]
            return message
        }
        agents = report.agents.map { agent in
            var message = Governance_V1_AgentRisk()
            message.agentID = agent.agentID
            message.programID = agent.programID
            message.probability = agent.probability
            message.band = agent.band.rawValue
            message.topFeatures = agent.topFeatures.map { part in
                var feature = Governance_V1_FeatureContribution()
                feature.feature = part.feature.rawValue
                feature.value = part.value
                feature.imputed = part.imputed
                feature.standardized = part.standardized
                feature.contribution = part.contribution
                return feature
            }
            return message
        }
    }
}
