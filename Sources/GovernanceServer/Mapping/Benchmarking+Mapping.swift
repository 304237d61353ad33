import Benchmarking
import GovernanceAPI
import GovernanceCore
import Scorecards
import Storage

extension ProgramScores {
    /// A program's scored figures from its scorecard: the gate-capped composite, the scored
    /// categories and the values of the scored metrics.
    init(_ card: Scorecard, tenant: String, program: ProgramRecord, answered: Int) {
        var categories: [Category: Double] = [:]
        for line in card.categories { if let score = line.score { categories[line.category] = score } }
        var metrics: [Metric: Double] = [:]
        for line in card.metrics where line.score != nil {
            if let value = line.value { metrics[line.metric] = value }
        }
        self.init(
            tenant: tenant, program: program.id, name: program.name, architectureVersion: card.architectureVersion,
            answered: answered, composite: card.composite, categories: categories, metrics: metrics)
    }
}

extension Governance_V1_RankedProgram {
    init(_ ranked: RankedProgram, withTenant: Bool) {
        self.init()
        if withTenant { tenant = ranked.tenant }
        programID = ranked.program
        name = ranked.name
        value = ranked.value
        rank = Int32(ranked.rank)
        gapToLeader = ranked.gapToLeader
        if let percentile = ranked.percentile { self.percentile = percentile }
    }
}

extension Governance_V1_BenchmarkReply {
    init(_ result: BenchmarkResult, tenant: String, period: Period) {
        self.init()
        self.tenant = tenant
        self.period = period.description
        subject = result.subject.description
        direction = result.subject.direction.rawValue
        programs = result.programs.map { program in
            var message = Governance_V1_BenchmarkProgram()
            message.programID = program.program
            message.name = program.name
            message.value = program.value
            if let percentile = program.percentile { message.percentile = percentile }
            message.rank = Int32(program.rank)
            message.gapToLeader = program.gapToLeader
            return message
        }
        var cohort = Governance_V1_BenchmarkCohort()
        cohort.programs = Int32(result.cohort.programs)
        cohort.tenants = Int32(result.cohort.tenants)
        if let quartiles = result.cohort.quartiles {
            cohort.p25 = quartiles.p25
            cohort.p50 = quartiles.p50
            cohort.p75 = quartiles.p75
        }
        cohort.withheld = result.cohort.withheld ?? ""
        cohort.architectureVersion = Int32(result.cohort.architectureVersion ?? 0)
        cohort.excludedOtherVersions = Int32(result.cohort.excludedOtherVersions)
        if result.cohort.excludedOtherVersions > 0 {
            cohort.versionsNote =
                "\(result.cohort.excludedOtherVersions) program(s) scored under another architecture version were left out: "
                + "only programs scored under version \(cohort.architectureVersion) are compared"
        }
        self.cohort = cohort
        ranking = result.ranking.map { Governance_V1_RankedProgram($0, withTenant: true) }
    }
}

extension Governance_V1_ProgramRankingReply {
    init(_ programs: [ProgramScores], tenant: String, period: Period) {
        self.init()
        self.tenant = tenant
        self.period = period.description
        rankings = BenchmarkSubject.all.compactMap { subject in
            let ranked = ProgramRanking.rank(programs, on: subject)
            guard !ranked.isEmpty else { return nil }
            var message = Governance_V1_SubjectRanking()
            message.subject = subject.description
            message.direction = subject.direction.rawValue
            message.programs = ranked.map { Governance_V1_RankedProgram($0, withTenant: false) }
            return message
        }
        categoryLeaders = ProgramRanking.categoryLeaders(programs).map { category, leader in
            var message = Governance_V1_CategoryLeader()
            message.category = category.rawValue
            message.programID = leader.program
            message.name = leader.name
            message.score = leader.value
            return message
        }
    }
}
