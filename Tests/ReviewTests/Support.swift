import GovernanceCore
import Scorecards

/// Whether two optional values agree to 1e-9 (both `nil` agrees).
func close(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-9) -> Bool {
    switch (actual, expected) {
    case (nil, nil): return true
    case (let a?, let e?): return abs(a - e) <= tolerance
    default: return false
    }
}

/// A month literal for tests; traps on a typo in the test itself.
func month(_ text: String) -> Month {
    guard let month = Month(text) else { fatalError("bad test month \(text)") }
    return month
}

/// A date literal for tests.
func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("bad test date \(text)") }
    return date
}

/// SPEC section 10's example architecture (service 25, quality 25, customer 20, efficiency 15, partnership 15).
func architecture(minSample: MinSampleRules = MinSampleRules()) throws -> Architecture {
    try Architecture(
        version: 1, effectiveFrom: month("2026-01"),
        categoryWeights: [.service: 25, .quality: 25, .customer: 20, .efficiency: 15, .partnership: 15],
        minSample: minSample)
}

/// A metric value: reported (never insufficient) unless `computed` with a sample of `n`.
func value(_ metric: Metric, _ x: Double, computed: Bool = false, n: Int = 1000, reported: Double? = nil) -> MetricValue {
    MetricValue(
        metric: metric, value: x, n: n, source: computed ? .computed : .reported, reported: computed ? reported : x)
}

/// A program metric set of `month` holding `values`.
func metricSet(_ month: Month, _ values: [MetricValue]) -> MetricSet {
    MetricSet(
        scope: .program, period: .month(month),
        values: Dictionary(uniqueKeysWithValues: values.map { ($0.metric, $0) }))
}
