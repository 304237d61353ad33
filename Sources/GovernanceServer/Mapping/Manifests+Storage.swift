import Foundation
import GovernanceAPI
import GovernanceCore
import Manifests
import Storage

extension ProgramRecord {
    /// The stored form of a manifest's program settings.
    init(_ settings: ProgramSettings) {
        self.init(
            id: settings.id, name: settings.name, site: settings.site, timezone: settings.timezone,
            serviceLevelSeconds: settings.serviceLevelSeconds,
            serviceLevelFormula: settings.serviceLevelFormula.rawValue, fcrWindowDays: settings.fcrWindowDays,
            monthlyFee: settings.monthlyFee, atRiskPct: settings.atRiskPct,
            poolAllocationPct: settings.poolAllocationPct, earnBackMonths: settings.earnBackMonths)
    }
}

extension Governance_V1_Program {
    init(_ program: ProgramRecord, scorecardVersions: Int, slaVersions: Int) {
        self.init()
        id = program.id
        name = program.name
        site = program.site
        timezone = program.timezone
        for (channel, seconds) in program.serviceLevelSeconds { serviceLevelSeconds[channel.rawValue] = seconds }
        serviceLevelFormula = program.serviceLevelFormula
        fcrWindowDays = Int32(program.fcrWindowDays)
        monthlyFee = program.monthlyFee
        atRiskPct = program.atRiskPct
        poolAllocationPct = program.poolAllocationPct
        earnBackMonths = Int32(program.earnBackMonths)
        self.scorecardVersions = Int32(scorecardVersions)
        self.slaVersions = Int32(slaVersions)
    }
}

extension Governance_V1_ArchitectureVersion {
    init(_ record: ArchitectureVersionRecord) {
        self.init()
        version = Int32(record.version)
        effectiveFrom = record.effectiveFrom.description
        author = record.author
        rationale = record.rationale
        appliedAt = record.appliedAt
        if let architecture = try? JSONDecoder().decode(ArchitectureManifest.self, from: Data(record.config.utf8)) {
            thresholdScore = architecture.thresholdScore
            gateCap = architecture.gateCap
            for category in Category.allCases { categories[category.rawValue] = architecture.categoryWeight(category) }
            gates = architecture.gates.map(\.rawValue)
            for metric in Metric.allCases { minSample[metric.rawValue] = Int32(architecture.minSample(for: metric)) }
        }
    }
}

extension GovernanceError {
    /// All manifest errors as one INVALID_ARGUMENT, one error per line.
    init(_ errors: ManifestErrors) {
        let lines = errors.errors.prefix(50).map(\.description)
        var message = lines.joined(separator: "\n")
        if errors.errors.count > 50 { message += "\n… and \(errors.errors.count - 50) more" }
        self.init(code: .invalidArgument, message: message, cause: errors)
    }
}
