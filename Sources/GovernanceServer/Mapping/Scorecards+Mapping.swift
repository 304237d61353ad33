import Foundation
import GovernanceAPI
import GovernanceCore
import Manifests
import Scorecards
import Storage

extension Architecture {
    /// The scoring architecture of a stored architecture version.
    init(_ record: ArchitectureVersionRecord) throws(GovernanceError) {
        let manifest: ArchitectureManifest
        do {
            manifest = try JSONDecoder().decode(ArchitectureManifest.self, from: Data(record.config.utf8))
        } catch {
            throw GovernanceError(code: .internal, message: "architecture version \(record.version) is unreadable", cause: error)
        }
        try self.init(manifest, version: record.version)
    }

    init(_ manifest: ArchitectureManifest, version: Int) throws(GovernanceError) {
        try self.init(
            version: version, effectiveFrom: manifest.effectiveFrom, categoryWeights: manifest.categoryWeights,
            thresholdScore: manifest.thresholdScore, gateCap: manifest.gateCap, gates: Set(manifest.gates),
            minSample: MinSampleRules(overrides: manifest.minSamples),
            reconcileTolerance: manifest.reconcileTolerances)
    }
}

extension ScorecardConfig {
    /// The scoring configuration of a stored program scorecard version.
    init(_ record: VersionRecord) throws(GovernanceError) {
        let version: ScorecardVersion
        do {
            version = try JSONDecoder().decode(ScorecardVersion.self, from: Data(record.config.utf8))
        } catch {
            throw GovernanceError(
                code: .internal, message: "scorecard version \(record.version) of \(record.programID) is unreadable",
                cause: error)
        }
        var metrics: [MetricConfig] = []
        for item in version.metrics {
            metrics.append(try MetricConfig(item.metric, weight: item.weight, target: item.target, threshold: item.threshold))
        }
        try self.init(version: record.version, effectiveFrom: record.effectiveFrom, metrics: metrics)
    }
}

extension Governance_V1_Scorecard {
    init(_ card: Scorecard, tenant: String, program: String, answered: Int) {
        self.init()
        self.tenant = tenant
        self.program = program
        period = card.period.description
        if case .agent(let id) = card.scope { agentID = id }
        if let composite = card.composite { self.composite = composite }
        if let uncapped = card.compositeUncapped { compositeUncapped = uncapped }
        gateCapped = card.gateCapped
        failedGates = card.failedGates.map(\.rawValue)
        complete = card.complete
        missing = card.missing.map { item in
            var message = Governance_V1_MissingMetric()
            message.metric = item.metric.rawValue
            message.reason = item.reason.rawValue
            return message
        }
        architectureVersion = Int32(card.architectureVersion)
        scorecardVersion = Int32(card.scorecardVersion)
        categories = card.categories.map(Governance_V1_CategoryScore.init)
        metrics = card.metrics.map { line in
            var message = Governance_V1_MetricScore()
            message.metric = line.metric.rawValue
            message.category = line.category.rawValue
            if let value = line.value { message.value = value }
            message.source = line.source?.rawValue ?? ""
            message.n = Int64(line.n)
            message.insufficientSample = line.insufficientSample
            message.weight = line.weight
            message.target = line.target
            message.threshold = line.threshold
            if let score = line.score { message.score = score }
            return message
        }
        self.answered = Int64(answered)
    }

    init(_ agent: AgentScorecard, tenant: String, program: String) {
        self.init(agent.scorecard, tenant: tenant, program: program, answered: agent.answered)
        agentID = agent.agentID
        if let rank = agent.rank { self.rank = Int32(rank) }
        if let percentile = agent.percentile { self.percentile = percentile }
    }
}

extension Governance_V1_CategoryScore {
    init(_ category: CategoryScore) {
        self.init()
        self.category = category.category.rawValue
        weight = category.weight
        if let score = category.score { self.score = score }
    }
}

extension Governance_V1_ScorecardVersionInfo {
    init(_ record: VersionRecord) {
        self.init()
        program = record.programID
        version = Int32(record.version)
        effectiveFrom = record.effectiveFrom.description
        author = record.author
        rationale = record.rationale
        createdAt = record.createdAt
        if let config = try? JSONDecoder().decode(ScorecardVersion.self, from: Data(record.config.utf8)) {
            metrics = config.metrics.map { item in
                var message = Governance_V1_MetricConfig()
                message.metric = item.metric.rawValue
                message.weight = item.weight
                message.target = item.target
                message.threshold = item.threshold
                return message
            }
        }
    }
}
