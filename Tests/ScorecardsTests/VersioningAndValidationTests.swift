import GovernanceCore
import GovernanceTestSupport
import Scorecards
import Testing

@Suite("Versions and validation")
struct VersioningAndValidationTests {
    static func configs() throws -> [ScorecardConfig] {
        let metric = try MetricConfig(.serviceLevel, weight: 1, target: 80, threshold: 70)
        return [
            try ScorecardConfig(version: 2, effectiveFrom: month("2026-07"), metrics: [metric]),
            try ScorecardConfig(version: 1, effectiveFrom: month("2026-01"), metrics: [metric]),
            try ScorecardConfig(version: 3, effectiveFrom: month("2026-04"), metrics: [metric]),
        ]
    }

    @Test(
        "the version in force is the latest effective on or before the period's first month",
        arguments: [
            ("2026-03", 1 as Int?),
            ("2026-04", 3),
            ("2026-Q2", 3),
            ("2026-Q3", 2),
            ("2026-08", 2),
            ("2026", 1),  // a year starts in January
            ("2025-12", nil),
        ])
    func versionInForce(periodText: String, expected: Int?) throws {
        #expect(VersionResolver.inForce(for: period(periodText), among: try Self.configs())?.version == expected)
    }

    @Test("any version can be asked for by number")
    func versionByNumber() throws {
        #expect(VersionResolver.version(3, among: try Self.configs())?.effectiveFrom == month("2026-04"))
        #expect(VersionResolver.version(9, among: try Self.configs()) == nil)
    }

    @Test(
        "a metric configuration needs weight > 0 and a target better than its threshold",
        arguments: [
            (Metric.serviceLevel, 1.0, 80.0, 70.0, true),
            (.serviceLevel, 1.0, 70.0, 80.0, false),  // up: target below threshold
            (.serviceLevel, 1.0, 80.0, 80.0, false),
            (.serviceLevel, 1.0, 80.0, 80 - 1e-10, false),  // equal within 1e-9
            (.ahtSeconds, 1.0, 360.0, 420.0, true),
            (.ahtSeconds, 1.0, 420.0, 360.0, false),  // down: target above threshold
            (.serviceLevel, 0.0, 80.0, 70.0, false),
            (.serviceLevel, -1.0, 80.0, 70.0, false),
        ])
    func metricConfigValidation(metric: Metric, weight: Double, target: Double, threshold: Double, valid: Bool) {
        let result = Result { () throws(GovernanceError) in
            try MetricConfig(metric, weight: weight, target: target, threshold: threshold)
        }
        #expect(((try? result.get()) != nil) == valid)
    }

    @Test("a scorecard configures each metric at most once and at least one")
    func scorecardValidation() throws {
        let metric = try MetricConfig(.csat, weight: 1, target: 85, threshold: 75)
        #expect(throws: GovernanceError.self) {
            try ScorecardConfig(version: 1, effectiveFrom: month("2026-01"), metrics: [metric, metric])
        }
        #expect(throws: GovernanceError.self) {
            try ScorecardConfig(version: 1, effectiveFrom: month("2026-01"), metrics: [])
        }
    }

    @Test(
        "architecture category weights must sum to 100",
        arguments: [
            ([Category.service: 25.0, .quality: 25, .customer: 20, .efficiency: 15, .partnership: 15], true),
            ([.service: 60, .quality: 40], true),
            ([.service: 25, .quality: 25, .customer: 20, .efficiency: 15, .partnership: 14], false),
            ([.service: 120, .quality: -20], false),
        ])
    func architectureWeights(weights: [Category: Double], valid: Bool) {
        let result = Result { () throws(GovernanceError) in
            try Architecture(version: 1, effectiveFrom: month("2026-01"), categoryWeights: weights)
        }
        #expect(((try? result.get()) != nil) == valid)
    }

    @Test("architecture defaults: threshold score 50, gate cap 50, compliance_rate the gate")
    func architectureDefaults() throws {
        let architecture = try standardArchitecture()
        #expect(architecture.thresholdScore == 50)
        #expect(architecture.gateCap == 50)
        #expect(architecture.gates == [.complianceRate])
        #expect(architecture.minSample.minimum(for: .csat) == 10)
        #expect(architecture.minSample.minimum(for: .enps) == 1)
    }

    @Test(
        "reconciliation flags |reported − computed| above the metric's tolerance",
        arguments: [
            (Metric.serviceLevel, 81.0, 80.0, false),  // 1 point is within 1.0
            (.serviceLevel, 81.5, 80.0, true),
            (.ahtSeconds, 315.0, 300.0, false),  // 5 % of 300 = 15
            (.ahtSeconds, 315.5, 300.0, true),
            (.costPerContact, 20.2, 20.0, false),  // 1 % of 20 = 0.2
            (.costPerContact, 20.3, 20.0, true),
        ])
    func reconciliation(metric: Metric, reported: Double, computed: Double, mismatch: Bool) throws {
        let architecture = try standardArchitecture()
        #expect(architecture.isReconciliationMismatch(metric, reported: reported, computed: computed) == mismatch)
    }

    @Test("a reconcile_tolerance override replaces the default in its unit")
    func reconciliationOverride() throws {
        let architecture = try Architecture(
            version: 1, effectiveFrom: month("2026-01"), categoryWeights: [.service: 100],
            reconcileTolerance: [.serviceLevel: 2, .ahtSeconds: 10])
        #expect(architecture.isReconciliationMismatch(.serviceLevel, reported: 81.5, computed: 80) == false)
        #expect(architecture.isReconciliationMismatch(.ahtSeconds, reported: 329, computed: 300) == false)
        #expect(architecture.isReconciliationMismatch(.ahtSeconds, reported: 331, computed: 300) == true)
    }
}
