import GovernanceCore
import Review
import Scorecards
import Testing

@Suite("Anomalies: modified z against the 12 months before (SPEC section 5)")
struct AnomalyDetectorTests {
    /// A service level that runs at 92–96: median 94, |deviations| 0,0,0,0,0,1,1,1,1,1,2,2 so MAD = 1.
    static let serviceLevelHistory: [Double] = [94, 93, 95, 94, 96, 92, 94, 95, 93, 94, 95, 94]

    @Test("a service level entered as 54 where the pattern says 94 is flagged (SPEC's data-entry error)")
    func dataEntryError() {
        let check = AnomalyDetector.check(.serviceLevel, value: 54, source: .reported, history: Self.serviceLevelHistory)
        #expect(check.isAnomaly)
        #expect(check.method == .modifiedZ)
        #expect(close(check.median, 94))
        #expect(close(check.mad, 1))
        // 0.6745 × (54 − 94) ÷ 1
        #expect(close(check.z, -26.98))
        #expect(check.noVerdictReason == nil)
    }

    @Test(
        "values near the pattern are not flagged; |z| must exceed 3.5",
        arguments: [(94.0, 0.0, false), (98.0, 2.698, false), (99.0, 3.3725, false), (100.0, 4.047, true), (88.0, -4.047, true)])
    func modifiedZ(x: Double, z: Double, anomaly: Bool) {
        let check = AnomalyDetector.check(.serviceLevel, value: x, source: .computed, history: Self.serviceLevelHistory)
        #expect(close(check.z, z))
        #expect(check.isAnomaly == anomaly)
    }

    @Test(
        "MAD = 0 falls back to the mean absolute deviation: z = (x − median) ÷ (1.253314 × mean |x_i − median|)",
        arguments: [(90.0, 6.383077185765099, true), (85.0, 3.1915385928825497, false), (70.0, -6.383077185765099, true)])
    func meanAbsoluteDeviationFallback(x: Double, z: Double, anomaly: Bool) {
        // Median 80; deviations seven 0s and one 10: MAD 0, mean 10 ÷ 8 = 1.25.
        let check = AnomalyDetector.check(.csat, value: x, source: .computed, history: [80, 80, 80, 80, 80, 80, 80, 90])
        #expect(check.method == .meanAbsoluteDeviation)
        #expect(close(check.mad, 0))
        #expect(close(check.meanAbsoluteDeviation, 1.25))
        #expect(close(check.z, z))
        #expect(check.isAnomaly == anomaly)
    }

    @Test("a constant history flags any other value with z null (method constant)", arguments: [(50.5, true), (50.0, false)])
    func constantHistory(x: Double, anomaly: Bool) {
        let check = AnomalyDetector.check(.adherence, value: x, source: .computed, history: Array(repeating: 50, count: 6))
        #expect(check.method == .constant)
        #expect(check.z == nil)
        #expect(close(check.median, 50))
        #expect(close(check.mad, 0))
        #expect(check.isAnomaly == anomaly)
    }

    @Test("fewer than 6 months of history gives no verdict, and says why", arguments: [0, 1, 5])
    func tooLittleHistory(months: Int) throws {
        let check = AnomalyDetector.check(
            .serviceLevel, value: 54, source: .reported, history: Array(Self.serviceLevelHistory.prefix(months)))
        #expect(!check.isAnomaly)
        #expect(check.method == nil && check.z == nil && check.median == nil)
        let reason = try #require(check.noVerdictReason)
        #expect(reason.contains("only \(months) of the 12 months"))
        #expect(reason.contains("at least 6"))
    }

    @Test("six months are enough for a verdict")
    func sixMonths() {
        let check = AnomalyDetector.check(.serviceLevel, value: 54, source: .reported, history: [94, 93, 95, 94, 96, 92])
        #expect(check.noVerdictReason == nil)
        // Median 94, deviations 0,1,1,0,2,2 → MAD 1.
        #expect(close(check.mad, 1))
        #expect(check.isAnomaly)
    }
}
