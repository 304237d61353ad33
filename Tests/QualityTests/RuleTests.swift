import GovernanceCore
import Scorecards
import Testing

@testable import Quality

private func day(_ m: Int, _ d: Int) -> LocalDate { LocalDate(year: 2026, month: m, day: d) ?? LocalDate(dayNumber: 0) }

@Suite("Quality score, coaching queue, completion, effectiveness, disputes and sampling (SPEC section 4)")
struct RuleTests {
    static let form = [
        ScoredItem(itemID: "greet", weight: 10, maxPoints: 5, hardFail: false),
        ScoredItem(itemID: "discover", weight: 20, maxPoints: 10, hardFail: false),
        ScoredItem(itemID: "disclose", weight: 0, maxPoints: 1, hardFail: true),
        ScoredItem(itemID: "verify", weight: 0, maxPoints: 1, hardFail: true),
    ]

    // 100 × (10 × 4/5 + 20 × 5/10) ÷ 30 = 100 × 18 ÷ 30 = 60, whatever the hard-fail answers.
    @Test("hard-fail items never enter the quality score; compliance needs every one answered 1", arguments: [
        (["greet": 4.0, "discover": 5, "disclose": 1, "verify": 1], 60.0 as Double?, true),
        (["greet": 4.0, "discover": 5, "disclose": 0, "verify": 1], 60.0, false),
        (["greet": 4.0, "discover": 5, "disclose": 1], 60.0, false),  // unanswered hard-fail item fails
        (["greet": 5.0, "disclose": 1, "verify": 1], 100.0, true),  // only answered items count
        (["disclose": 1.0, "verify": 1], nil, true),
    ])
    func qualityAndCompliance(answers: [String: Double], quality: Double?, compliant: Bool) {
        let score = QualityScore(items: Self.form, answers: answers)
        #expect(score.compliant == compliant)
        #expect((score.quality == nil) == (quality == nil))
        if let q = score.quality, let quality { #expect(abs(q - quality) < 1e-12) }
    }

    static func evaluation(_ id: String, _ score: Double?, compliant: Bool = true, on date: LocalDate = day(10, 3))
        -> CoachingEvaluation
    {
        CoachingEvaluation(
            evaluationID: id, programID: "p", agentID: "a1", localDate: date, qualityScore: score, compliant: compliant)
    }

    @Test("which evaluations open a task (threshold 80; 1e-9 of the bound meets it)", arguments: [
        (79.99, true, [CoachingReason.belowThreshold]),
        (80 - 1e-10, true, []),
        (80.0, true, []),
        (95.0, false, [.failedCompliance]),
        (50.0, false, [.belowThreshold, .failedCompliance]),
    ])
    func reasons(score: Double, compliant: Bool, expected: [CoachingReason]) {
        #expect(CoachingRules.reasons(Self.evaluation("e", score, compliant: compliant), threshold: 80) == expected)
    }

    @Test("without a configured qa_score threshold only compliance opens tasks; no score is not below it")
    func noThreshold() {
        #expect(CoachingRules.reasons(Self.evaluation("e", 10), threshold: nil).isEmpty)
        #expect(CoachingRules.reasons(Self.evaluation("e", nil), threshold: 80).isEmpty)
    }

    static func session(_ id: String, _ evaluation: String, on date: LocalDate, metrics: [Metric] = [.qaScore])
        -> CoachingSessionFact
    {
        CoachingSessionFact(
            sessionID: id, evaluationID: evaluation, agentID: "a1", supervisorID: "sup1", heldOn: date,
            focusMetrics: metrics)
    }

    @Test("a task is the supervisor's, due 7 days after the evaluation, open then overdue until a session closes it")
    func taskLifecycle() throws {
        let tasks = CoachingRules.tasks(
            evaluations: [Self.evaluation("e1", 60), Self.evaluation("e2", 90)], threshold: { _, _ in 80 },
            supervisors: ["a1": "sup1"], sessions: [])
        let task = try #require(tasks.first)
        #expect(tasks.count == 1)
        #expect(task.supervisorID == "sup1" && task.dueOn == day(10, 10))
        #expect(task.status(on: day(10, 10)) == .open)
        #expect(task.status(on: day(10, 11)) == .overdue)
        let closed = CoachingRules.tasks(
            evaluations: [Self.evaluation("e1", 60)], threshold: { _, _ in 80 }, supervisors: ["a1": "sup1"],
            sessions: [Self.session("s2", "e1", on: day(10, 12)), Self.session("s1", "e1", on: day(10, 9))])
        #expect(closed.first?.closedBy?.sessionID == "s1", "the earliest session closes the task")
        #expect(closed.first?.status(on: day(10, 30)) == .closed)
        #expect(closed.first?.closedOnTime == true)
    }

    // Due in October: e1 (due 10-08, closed 10-08 on time), e2 (due 10-10, closed 10-11 late), e3 (due
    // 10-31, open); e4 evaluated 10-28 is due 11-04 (opened in October, due in November).
    // coaching_completion = 100 × 1 ÷ 3 = 33.333…; tasks opened in October: 4.
    @Test("coaching_completion counts tasks due in the period closed on or before their due date")
    func completion() {
        let tasks = CoachingRules.tasks(
            evaluations: [
                Self.evaluation("e1", 60, on: day(10, 1)), Self.evaluation("e2", 60, on: day(10, 3)),
                Self.evaluation("e3", 60, on: day(10, 24)), Self.evaluation("e4", 60, on: day(10, 28)),
                Self.evaluation("e0", 60, on: day(9, 20)),
            ],
            threshold: { _, _ in 80 }, supervisors: [:],
            sessions: [Self.session("s1", "e1", on: day(10, 8)), Self.session("s2", "e2", on: day(10, 11))])
        let october = CoachingCompletion(tasks: tasks, period: .month(Month(year: 2026, month: 10)))
        #expect(october.tasksOpened == 4)
        #expect(october.tasksDue == 3)
        #expect(october.closedOnTime == 1)
        #expect(abs((october.completion ?? 0) - 100.0 / 3) < 1e-9)
        let december = CoachingCompletion(tasks: tasks, period: .month(Month(year: 2026, month: 12)))
        #expect(december.tasksDue == 0 && december.completion == nil)
    }

    // qa_score before: 2 evaluations summing 140 → 70; after: 1 of 80 → improved.
    // aht before 300 s (3000 ÷ 10), after 360 s (3600 ÷ 10) → worse for a "down" metric.
    @Test("effectiveness compares the focus metric 30 days before and after, per supervisor")
    func effectiveness() {
        let held = day(10, 15)
        let sessions = [
            Self.session("s1", "e1", on: held, metrics: [.qaScore]),
            Self.session("s2", "e2", on: held, metrics: [.ahtSeconds]),
            Self.session("s3", "e3", on: held, metrics: [.csat]),
        ]
        #expect(CoachingEffectiveness.before(held) == day(9, 15)...day(10, 14))
        #expect(CoachingEffectiveness.after(held) == day(10, 16)...day(11, 14))
        let effect = CoachingEffectiveness(sessions: sessions) { _, span in
            let after = span.lowerBound > held
            return AgentWindowTotals(
                interactions: InteractionTotals(answered: 10, handleSum: after ? 3600 : 3000),
                evaluations: after
                    ? EvaluationTotals(evaluations: 1, qualityScored: 1, qualityScoreSum: 80, compliancePassed: 1)
                    : EvaluationTotals(evaluations: 2, qualityScored: 2, qualityScoreSum: 140, compliancePassed: 2))
        }
        #expect(effect.effects.map(\.improved) == [true, false, nil])
        #expect(effect.effects[0].before == 70 && effect.effects[0].after == 80)
        #expect(effect.program.sessions == 3 && effect.program.measured == 2 && effect.program.improved == 1)
        #expect(effect.program.shareImproved == 0.5)
        #expect(effect.supervisors.map(\.supervisorID) == ["sup1"])
    }

    static let hardFail: @Sendable (Double) -> String? = { $0 == 0 || $0 == 1 ? nil : "answer 1 or 0" }

    @Test("the dispute state machine", arguments: [
        (DisputeState.open, DisputeResolution.upheld, nil as Double?, "apply upheld"),
        (.open, .changed(points: 0), nil, "apply changed"),
        (.open, .changed(points: 1), nil, "INVALID_ARGUMENT"),  // same as disputed
        (.open, .changed(points: 3), nil, "INVALID_ARGUMENT"),  // not a valid answer
        (.upheld, .upheld, nil, "unchanged"),
        (.upheld, .changed(points: 0), nil, "FAILED_PRECONDITION"),
        (.changed, .changed(points: 0), 0, "unchanged"),
        (.changed, .upheld, 0, "FAILED_PRECONDITION"),
    ])
    func disputes(state: DisputeState, resolution: DisputeResolution, resolved: Double?, expected: String) {
        var got: String
        do {
            switch try DisputeRules.resolve(
                state: state, originalPoints: 1, resolvedPoints: resolved, with: resolution, problem: Self.hardFail)
            {
            case .apply(let next): got = "apply \(next.rawValue)"
            case .alreadyResolved: got = "unchanged"
            }
        } catch {
            got = error.code == .invalidArgument ? "INVALID_ARGUMENT" : error.code == .failedPrecondition ? "FAILED_PRECONDITION" : "\(error)"
        }
        #expect(got == expected)
    }

    @Test("a dispute needs a reason")
    func disputeReason() {
        #expect(throws: GovernanceError.self) { try DisputeRules.validateOpening(reason: "  ") }
        #expect(throws: Never.self) { try DisputeRules.validateOpening(reason: "the disclosure was read at 02:10") }
    }

    @Test("places are shared among channels by largest remainder, each channel first getting one", arguments: [
        (4, [Channel.voice: 6, .chat: 2], [Channel.voice: 3, .chat: 1]),
        (5, [.voice: 10, .chat: 1, .email: 1], [.voice: 3, .chat: 1, .email: 1]),
        (3, [.voice: 1, .chat: 1], [.voice: 1, .chat: 1]),
        (2, [.voice: 9, .chat: 1], [.voice: 1, .chat: 1]),
    ])
    func allocation(total: Int, counts: [Channel: Int], expected: [Channel: Int]) {
        #expect(SamplingPlan.allocate(total, counts: counts).filter { $0.value > 0 } == expected)
    }

    @Test("a sampling plan is reproducible, N per agent, stratified, and skips evaluated interactions")
    func sampling() {
        var candidates: [SamplingCandidate] = []
        for agent in ["a1", "a2"] {
            for i in 0..<12 { candidates.append(SamplingCandidate(interactionID: "\(agent)-v\(i)", agentID: agent, channel: .voice)) }
            for i in 0..<4 { candidates.append(SamplingCandidate(interactionID: "\(agent)-c\(i)", agentID: agent, channel: .chat)) }
        }
        let evaluated: Set<String> = ["a1-v0", "a1-v1", "a1-c0"]
        let plan = SamplingPlan(candidates: candidates, evaluated: evaluated, perAgent: 4, seed: 42)
        let again = SamplingPlan(candidates: candidates.reversed(), evaluated: evaluated, perAgent: 4, seed: 42)
        #expect(plan == again)
        #expect(plan.eligible == 29 && plan.excluded == 3)
        #expect(plan.picks.filter { $0.agentID == "a1" }.count == 4)
        #expect(plan.picks.filter { $0.agentID == "a2" }.count == 4)
        // a2: 12 voice, 4 chat → 3 voice, 1 chat.
        #expect(plan.picks.filter { $0.agentID == "a2" && $0.channel == .chat }.count == 1)
        #expect(plan.picks.allSatisfy { !evaluated.contains($0.interactionID) })
        let other = SamplingPlan(candidates: candidates, evaluated: evaluated, perAgent: 4, seed: 43)
        #expect(other.picks != plan.picks)
    }
}
