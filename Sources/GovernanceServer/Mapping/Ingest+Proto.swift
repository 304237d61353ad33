import GovernanceAPI
import Ingest

extension Governance_V1_FileKind {
    init(_ kind: FileKind) {
        switch kind {
        case .interactions: self = .interactions
        case .surveys: self = .surveys
        case .evaluations: self = .evaluations
        case .evaluationAnswers: self = .evaluationAnswers
        case .agentDays: self = .agentDays
        case .roster: self = .roster
        case .plannedHeadcount: self = .plannedHeadcount
        case .engagement: self = .engagement
        case .reportedMetrics: self = .reportedMetrics
        case .coachingSessions: self = .coachingSessions
        }
    }
}

extension FileKind {
    init?(_ kind: Governance_V1_FileKind) {
        switch kind {
        case .interactions: self = .interactions
        case .surveys: self = .surveys
        case .evaluations: self = .evaluations
        case .evaluationAnswers: self = .evaluationAnswers
        case .agentDays: self = .agentDays
        case .roster: self = .roster
        case .plannedHeadcount: self = .plannedHeadcount
        case .engagement: self = .engagement
        case .reportedMetrics: self = .reportedMetrics
        case .coachingSessions: self = .coachingSessions
        default: return nil
        }
    }
}

extension Governance_V1_RowError {
    init(_ error: RowError) {
        self.init()
        file = error.file
        line = Int32(clamping: error.line)
        column = Int32(clamping: error.column)
        columnName = error.columnName ?? ""
        message = error.message
    }
}
