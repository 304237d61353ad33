import GovernanceCore
import Scorecards
import GovernanceTestSupport

/// A period literal for tests.
func period(_ text: String) -> Period {
    guard let period = Period(text) else { fatalError("bad test period \(text)") }
    return period
}

/// The architecture of SPEC section 10's example.
func standardArchitecture(
    version: Int = 1, thresholdScore: Double = 50, gateCap: Double = 50, gates: Set<Metric> = [.complianceRate],
    minSample: MinSampleRules = MinSampleRules()
) throws -> Architecture {
    try Architecture(
        version: version, effectiveFrom: month("2026-01"),
        categoryWeights: [.service: 25, .quality: 25, .customer: 20, .efficiency: 15, .partnership: 15],
        thresholdScore: thresholdScore, gateCap: gateCap, gates: gates, minSample: minSample)
}

/// March 2026, the period most tests use.
let march2026 = Period.month(Month(year: 2026, month: 3))

/// A program metric set holding exactly `values` (computed, sample 1000 so never insufficient).
func computedSet(_ values: [Metric: Double], scope: MetricScope = .program, period: Period = march2026) -> MetricSet {
    var entries: [Metric: MetricValue] = [:]
    for (metric, value) in values {
        entries[metric] = MetricValue(metric: metric, value: value, n: 1000, source: .computed)
    }
    return MetricSet(scope: scope, period: period, values: entries)
}
