import Development
import GovernanceCore
import Testing

@Suite("Training needs analysis")
struct TrainingNeedsTests {
    /// `count` answers of `item` for an agent of `team` at `site`, the first `failures` failed.
    static func answers(_ team: String, site: String = "s1", item: String, section: String = "resolution", count: Int, failures: Int)
        -> [QAItemAnswer]
    {
        (0..<count).map { i in
            QAItemAnswer(
                evaluationID: "\(team)-\(item)-\(i)", agentID: "\(team)-agent", teamID: team, siteID: site, itemID: item,
                section: section, failed: i < failures)
        }
    }

    @Test(
        "an item fails when a hard-fail item is 0 or unanswered, or a scored item earns under half its points",
        arguments: [
            (1.0 as Double?, 1.0, true, false), (0.0, 1.0, true, true), (nil, 1.0, true, true),
            (2.0, 5.0, false, true), (2.5, 5.0, false, false), (5.0, 5.0, false, false), (nil, 5.0, false, nil),
        ] as [(Double?, Double, Bool, Bool?)])
    func failure(points: Double?, maxPoints: Double, hardFail: Bool, expected: Bool?) {
        #expect(QAItemAnswer.failed(points: points, maxPoints: maxPoints, hardFail: hardFail) == expected)
    }

    @Test("team needs are ranked by the gap to the program's failure rate, with their evidence")
    func teamRanking() {
        // Item greet: team A 4/10 fail, team B 1/10 → program 5/20 = 25 %; A's gap +15 points, B below the program.
        // Item resolve: team A 1/5, team B 3/5 → program 4/10 = 40 %; B's gap +20 points.
        let all = Self.answers("A", item: "greet", section: "conversation", count: 10, failures: 4)
            + Self.answers("B", item: "greet", section: "conversation", count: 10, failures: 1)
            + Self.answers("A", item: "resolve", count: 5, failures: 1)
            + Self.answers("B", item: "resolve", count: 5, failures: 3)
        let needs = TrainingNeeds.rank(all, level: .team, program: "p", minAnswers: 5)
        let items = needs.filter { $0.subject == .item }
        #expect(items.map(\.group) == ["B", "A"])
        #expect(items.map(\.key) == ["resolve", "greet"])
        #expect(abs(items[0].gapPoints - 20) < 1e-9)
        #expect(abs(items[0].failureRate - 60) < 1e-9)
        #expect(abs(items[0].programFailureRate - 40) < 1e-9)
        #expect(items[0].failures == 3 && items[0].answers == 5 && items[0].evaluations == 5)
        #expect(abs(items[1].gapPoints - 15) < 1e-9)
        // Sections: conversation A 40 % vs 25 % (+15); resolution B 60 % vs 40 % (+20).
        let sections = needs.filter { $0.subject == .section }
        #expect(sections.map { "\($0.group):\($0.key)" } == ["B:resolution", "A:conversation"])
        // Ties on the gap: the item comes before its section (same failures), so the full order is:
        #expect(needs.map { "\($0.group):\($0.subject.rawValue):\($0.key)" } == [
            "B:item:resolve", "B:section:resolution", "A:item:greet", "A:section:conversation",
        ])
    }

    @Test("groups with fewer answers than the minimum are left out")
    func minimumEvidence() {
        let all = Self.answers("A", item: "greet", count: 4, failures: 4) + Self.answers("B", item: "greet", count: 10, failures: 0)
        #expect(TrainingNeeds.rank(all, level: .team, program: "p", minAnswers: 5).isEmpty)
        #expect(TrainingNeeds.rank(all, level: .team, program: "p", minAnswers: 4).map(\.group) == ["A", "A"])
    }

    @Test("at program level needs rank by failure rate; at site level by site")
    func programAndSite() {
        let all = Self.answers("A", site: "manila", item: "greet", count: 10, failures: 2)
            + Self.answers("B", site: "cebu", item: "greet", count: 10, failures: 6)
        let program = TrainingNeeds.rank(all, level: .program, program: "p", minAnswers: 5).filter { $0.subject == .item }
        #expect(program.count == 1)
        #expect(abs(program[0].failureRate - 40) < 1e-9 && abs(program[0].gapPoints - 40) < 1e-9)
        let site = TrainingNeeds.rank(all, level: .site, program: "p", minAnswers: 5).filter { $0.subject == .item }
        #expect(site.map(\.group) == ["cebu"])
        #expect(abs(site[0].gapPoints - 20) < 1e-9)
    }

    @Test("a skill gap is a metric worse than target three months running and not improving")
    func skillGaps() {
        let targets: [Metric: (target: Double, threshold: Double)] = [.qaScore: (85, 75), .ahtSeconds: (360, 420)]
        let values: [String: [Metric: [Double?]]] = [
            "a1": [.qaScore: [80, 78, 76], .ahtSeconds: [400, 390, 380]],  // qa declining: gap; aht improving: none
            "a2": [.qaScore: [70, 72, 70]],  // flat at 70: gap of 15/10 = 1.5 bands
            "a3": [.qaScore: [80, 86, 80]],  // met the target in month 2: none
            "a4": [.qaScore: [80, nil, 78]],  // a month missing: none
        ]
        let gaps = SkillGaps.find(values: values, targets: targets)
        #expect(gaps.map(\.agentID) == ["a2", "a1"])
        #expect(abs(gaps[0].shortfallBands - 1.5) < 1e-9)
        #expect(abs(gaps[1].shortfallBands - 0.9) < 1e-9)
        #expect(gaps[1].values == [80, 78, 76])
    }
}
