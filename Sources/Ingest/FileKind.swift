/// The ten input files of SPEC section 9, each with its exact set of columns.
public enum FileKind: String, CaseIterable, Sendable, Hashable {
    /// `interactions.csv`: contacts offered to a program.
    case interactions
    /// `surveys.csv`: customer satisfaction scores, one per interaction.
    case surveys
    /// `evaluations.csv`: quality evaluations (and calibration evaluations).
    case evaluations
    /// `evaluation_answers.csv`: points per form item of an evaluation.
    case evaluationAnswers = "evaluation_answers"
    /// `agent_days.csv`: workforce figures per agent and local day.
    case agentDays = "agent_days"
    /// `roster.csv`: agents, their teams, supervisors and employment dates.
    case roster
    /// `planned_headcount.csv`: planned FTE per program and month.
    case plannedHeadcount = "planned_headcount"
    /// `engagement.csv`: agents' eNPS answers.
    case engagement
    /// `reported_metrics.csv`: monthly values reported by the vendor or the client.
    case reportedMetrics = "reported_metrics"
    /// `coaching_sessions.csv`: coaching sessions that close coaching tasks.
    case coachingSessions = "coaching_sessions"

    /// The columns of the file, in the order of SPEC section 9 (a file may order them differently).
    public var columns: [String] {
        switch self {
        case .interactions:
            return [
                "interaction_id", "program_id", "agent_id", "customer_id", "channel", "started_at", "wait_seconds",
                "handle_seconds", "abandoned",
            ]
        case .surveys:
            return ["interaction_id", "score"]
        case .evaluations:
            return [
                "evaluation_id", "program_id", "agent_id", "evaluator_id", "interaction_id", "form_id", "form_version",
                "evaluated_at", "calibration_session_id", "expert_evaluator_id",
            ]
        case .evaluationAnswers:
            return ["evaluation_id", "item_id", "points"]
        case .agentDays:
            return [
                "agent_id", "program_id", "date", "scheduled_seconds", "staffed_seconds", "available_seconds",
                "adherent_seconds",
            ]
        case .roster:
            return [
                "agent_id", "program_id", "site_id", "team_id", "supervisor_id", "hired_on", "terminated_on",
                "termination_reason",
            ]
        case .plannedHeadcount:
            return ["program_id", "month", "planned_fte"]
        case .engagement:
            return ["agent_id", "program_id", "surveyed_on", "score"]
        case .reportedMetrics:
            return ["program_id", "period", "metric", "value", "source"]
        case .coachingSessions:
            return [
                "session_id", "evaluation_id", "agent_id", "supervisor_id", "held_on", "focus_metrics", "root_cause",
                "commitment", "follow_up_on",
            ]
        }
    }

    /// The conventional file name, e.g. `evaluation_answers.csv`.
    public var fileName: String { rawValue + ".csv" }

    /// The columns that make up a row's key (SPEC section 9): a later row with the same key
    /// replaces an earlier one.
    public var keyColumns: [String] {
        switch self {
        case .interactions: return ["interaction_id"]
        case .surveys: return ["interaction_id"]
        case .evaluations: return ["evaluation_id"]
        case .evaluationAnswers: return ["evaluation_id", "item_id"]
        case .agentDays: return ["agent_id", "date"]
        case .roster: return ["agent_id"]
        case .plannedHeadcount: return ["program_id", "month"]
        case .engagement: return ["agent_id", "surveyed_on"]
        case .reportedMetrics: return ["program_id", "period", "metric"]
        case .coachingSessions: return ["session_id"]
        }
    }

    /// The kind a file name stands for, or `nil`.
    ///
    /// Only the last path component counts (`/` and `\` both separate), compared without
    /// regard to case. It names a kind when it is the kind's name, alone or followed by `.`,
    /// `_` or `-` and anything: `interactions.csv`, `interactions_2026-10.csv`,
    /// `interactions-part2.csv`. The longest matching kind name wins, so
    /// `evaluation_answers.csv` is never taken for evaluations.
    public init?(fileName: String) {
        let base = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let name = Array(base.lowercased().utf8)
        for kind in Self.byNameLength {
            let kindName = Array(kind.rawValue.utf8)
            guard name.count >= kindName.count, name[..<kindName.count].elementsEqual(kindName) else { continue }
            if name.count == kindName.count {
                self = kind
                return
            }
            let next = name[kindName.count]
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "_") || next == UInt8(ascii: "-") {
                self = kind
                return
            }
        }
        return nil
    }

    /// The kind whose columns are exactly `header` (in any order), or `nil`.
    public init?<S: Sequence<String>>(header: S) {
        let names = Array(header)
        let set = Set(names)
        guard set.count == names.count, let kind = Self.allCases.first(where: { Set($0.columns) == set }) else {
            return nil
        }
        self = kind
    }

    /// The kind that shares the most columns with `header`, for hints in error messages.
    static func closest(to header: [String]) -> FileKind? {
        let set = Set(header)
        let scored = allCases.map { kind in (kind, kind.columns.filter(set.contains).count) }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }

    private static let byNameLength: [FileKind] = allCases.sorted { $0.rawValue.count > $1.rawValue.count }
}
