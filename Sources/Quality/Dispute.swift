import GovernanceCore

/// The state of a dispute about one evaluation item.
public enum DisputeState: String, Sendable, Hashable, CaseIterable {
    /// Opened by the agent's supervisor, waiting for a QA lead.
    case open
    /// Resolved: the evaluator's answer stands.
    case upheld
    /// Resolved: the answer was changed (the evaluation is re-scored).
    case changed
}

/// How a QA lead resolves a dispute.
public enum DisputeResolution: Sendable, Hashable {
    /// The answer stands.
    case upheld
    /// The answer becomes `points`.
    case changed(points: Double)

    /// The state the dispute ends in.
    public var state: DisputeState {
        switch self {
        case .upheld: return .upheld
        case .changed: return .changed
        }
    }
}

/// The dispute state machine: `open → upheld` or `open → changed`; a resolved dispute is final.
///
/// ```swift
/// let next = try DisputeRules.resolve(state: .open, originalPoints: 2, resolvedPoints: nil,
///                                     with: .changed(points: 5), rule: rule)   // .changed
/// ```
public enum DisputeRules {
    /// What resolving does.
    public enum Outcome: Sendable, Hashable {
        /// Apply the resolution (store it; for `.changed`, change the answer and re-score).
        case apply(DisputeState)
        /// The same resolution was already recorded: nothing changes (a retried call).
        case alreadyResolved
    }

    /// Checks a resolution against the dispute's state and the item's rule.
    /// - Parameters:
    ///   - state: The dispute's current state.
    ///   - originalPoints: The answer disputed.
    ///   - resolvedPoints: The points recorded by an earlier `changed` resolution.
    ///   - resolution: The resolution asked for.
    ///   - problem: Why `points` would not be a valid answer to the item (`nil`: valid).
    /// - Throws: INVALID_ARGUMENT for a change to invalid points or to the same points;
    ///   FAILED_PRECONDITION for a dispute already resolved otherwise.
    public static func resolve(
        state: DisputeState, originalPoints: Double, resolvedPoints: Double?, with resolution: DisputeResolution,
        problem: (Double) -> String?
    ) throws(GovernanceError) -> Outcome {
        if case .changed(let points) = resolution {
            if let problem = problem(points) { throw GovernanceError.invalid(problem) }
            if state == .open && points == originalPoints {
                throw GovernanceError.invalid(
                    "a changed answer must differ from the disputed one (\(points)); resolve as upheld to keep it")
            }
        }
        switch state {
        case .open:
            return .apply(resolution.state)
        case .upheld, .changed:
            let same: Bool
            switch resolution {
            case .upheld: same = state == .upheld
            case .changed(let points): same = state == .changed && resolvedPoints == points
            }
            guard same else {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "the dispute is already resolved (\(state.rawValue)); a resolution is final, open a new dispute")
            }
            return .alreadyResolved
        }
    }

    /// Checks a dispute may be opened.
    /// - Throws: INVALID_ARGUMENT when the reason is empty.
    public static func validateOpening(reason: String) throws(GovernanceError) {
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw GovernanceError.invalid("a dispute needs a reason: say why the answer is wrong")
        }
    }
}
