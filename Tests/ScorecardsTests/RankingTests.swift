import GovernanceTestSupport
import Scorecards
import Testing

@Suite("Ranking, percentiles and quantiles")
struct RankingTests {
    @Test("agents rank by composite, then answered descending, then agent id ascending")
    func rankingOrder() {
        let entries = [
            RankingEntry(agentID: "c", composite: 70, answered: 10),
            RankingEntry(agentID: "a1", composite: 80, answered: 100),
            RankingEntry(agentID: "a3", composite: nil, answered: 500),  // no composite: unranked
            RankingEntry(agentID: "a4", composite: 80 + 1e-12, answered: 100),  // ties with 80 within 1e-9
            RankingEntry(agentID: "b1", composite: 80, answered: 120),
            RankingEntry(agentID: "Z9", composite: 80, answered: 100),  // "Z9" < "a1" in plain String order
            RankingEntry(agentID: "a2", composite: 90, answered: 50),
        ]
        let ranked = Ranking.rank(entries)
        #expect(ranked.map(\.agentID) == ["a2", "b1", "Z9", "a1", "a4", "c"])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4, 5, 6])
        // Composites 90, 80 ×4, 70 → 100 × (5 + 0.5) ÷ 6, 100 × (1 + 0.5 × 4) ÷ 6, 100 × 0.5 ÷ 6.
        let percentiles = ranked.map(\.percentile)
        let expected = [550.0 / 6, 50, 50, 50, 50, 50.0 / 6]
        #expect(zip(percentiles, expected).allSatisfy { close($0, $1) })
    }

    @Test("no agent with a composite gives an empty ranking")
    func emptyRanking() {
        #expect(Ranking.rank([RankingEntry(agentID: "a", composite: nil, answered: 3)]).isEmpty)
    }

    @Test(
        "percentile = 100 × (below + 0.5 × equal, x included) ÷ n",
        arguments: [
            (3.0, [1.0, 3, 3, 5], 50.0 as Double?),  // (1 + 0.5 × 2) ÷ 4
            (5.0, [1.0, 3, 3, 5], 87.5),  // (3 + 0.5) ÷ 4
            (1.0, [1.0, 3, 3, 5], 12.5),  // (0 + 0.5) ÷ 4
            (4.0, [1.0, 3, 3, 5], 75.0),  // not in the set: 3 below
            (7.0, [7.0], 50.0),
            (2.0, [2.0, 2, 2], 50.0),
            (1.0, [], nil),
        ])
    func percentile(x: Double, values: [Double], expected: Double?) {
        #expect(close(Percentile.of(x, in: values), expected))
    }

    @Test(
        "linear quantiles match numpy.quantile",
        arguments: [
            // numpy.quantile(values, p), numpy 2.4
            ([1.0, 2, 3, 4], 0.25, 1.75),
            ([1.0, 2, 3, 4], 0.5, 2.5),
            ([1.0, 2, 3, 4], 0.75, 3.25),
            ([72.5, 88.0, 91.25, 64.0, 79.5], 0.25, 72.5),
            ([72.5, 88.0, 91.25, 64.0, 79.5], 0.5, 79.5),
            ([72.5, 88.0, 91.25, 64.0, 79.5], 0.75, 88.0),
            ([72.5, 88.0, 91.25, 64.0, 79.5], 0.9, 89.95),
            ([5.0, 1, 3, 3, 9, 7, 2], 0.25, 2.5),
            ([5.0, 1, 3, 3, 9, 7, 2], 0.5, 3.0),
            ([5.0, 1, 3, 3, 9, 7, 2], 0.75, 6.0),
            ([5.0, 1, 3, 3, 9, 7, 2], 0.9, 7.800000000000001),
            ([5.0, 1, 3, 3, 9, 7, 2], 0.0, 1.0),
            ([5.0, 1, 3, 3, 9, 7, 2], 1.0, 9.0),
            ([10.0], 0.25, 10.0),
            ([0.1, 0.2, 0.3], 0.25, 0.15000000000000002),
        ])
    func quantiles(values: [Double], p: Double, expected: Double) {
        #expect(close(Quantiles.linear(values, p), expected, tolerance: 1e-12))
    }

    @Test("quartiles of an empty set or an out-of-range p are nil")
    func quantileEdges() {
        #expect(Quantiles.linear([], 0.5) == nil)
        #expect(Quantiles.linear([1, 2], 1.5) == nil)
        #expect(Quantiles.quartiles([]) == nil)
        let quartiles = Quantiles.quartiles([1, 2, 3, 4])
        #expect(quartiles?.p25 == 1.75)
        #expect(quartiles?.p50 == 2.5)
        #expect(quartiles?.p75 == 3.25)
    }
}
