import GovernanceCore
import GovernanceTestSupport
import PartnershipHealth
import Testing

/// The regression against references computed independently with numpy
/// (Ops/reference/attrition_logistic_reference.py), and the holdout AUC by ranks.
@Suite("Logistic regression and AUC")
struct LogisticRegressionTests {
    static let features: [[Double]] = [[1, 7], [2, 3], [3, 8], [4, 1], [5, 6], [6, 2], [7, 9], [8, 4]]
    static let labels = [true, true, false, true, false, true, false, false]

    @Test("standardising uses the training mean and the population standard deviation")
    func standardizer() {
        let standardizer = Standardizer(fitting: Self.features)
        #expect(close(standardizer.means[0], 4.5))
        #expect(close(standardizer.means[1], 5))
        #expect(close(standardizer.deviations[0], 2.29128784747792))  // sqrt(5.25)
        #expect(close(standardizer.deviations[1], 2.7386127875258306))  // sqrt(7.5)
        #expect(standardizer.transform([4.5, 5]) == [0, 0])
    }

    @Test("a constant column standardises to 0")
    func constantColumn() {
        let standardizer = Standardizer(fitting: [[1, 3], [2, 3], [3, 3]])
        #expect(standardizer.deviations[1] == 0)
        #expect(standardizer.transform([2, 10])[1] == 0)
    }

    @Test("Newton's method with λ = 1 and an unpenalised intercept reproduces numpy's fit")
    func matchesNumpy() throws {
        let standardizer = Standardizer(fitting: Self.features)
        let model = try LogisticRegression.fit(
            features: Self.features.map(standardizer.transform), labels: Self.labels, lambda: 1)
        #expect(close(model.intercept, -0.03445084356365201))
        #expect(close(model.coefficients[0], -0.8688091437869722))
        #expect(close(model.coefficients[1], -1.0254757898910447))
        let expected = [
            0.6326902376770972, 0.8405598147277411, 0.3568564859408688, 0.8392882892141995,
            0.3546889233582678, 0.6271787501044078, 0.0772577581123239, 0.27147974086509347,
        ]
        for (row, probability) in zip(Self.features, expected) {
            #expect(close(model.probability(standardizer.transform(row)), probability))
        }
        let objective = LogisticRegression.objective(
            features: Self.features.map(standardizer.transform), labels: Self.labels, intercept: model.intercept,
            coefficients: model.coefficients, lambda: 1)
        #expect(close(objective, 3.4529565329994205))
    }

    @Test("the ridge keeps a perfectly separable case finite; the intercept is not shrunk")
    func separable() throws {
        let model = try LogisticRegression.fit(
            features: [[-2], [-1], [1], [2]], labels: [false, false, true, true], lambda: 1)
        #expect(close(model.coefficients[0], 1.0065943148735454))
        #expect(close(model.intercept, 0))
    }

    @Test("the intercept alone fits the base rate (no penalty on it)")
    func interceptOnly() throws {
        // A zero feature: β = 0, and σ(β₀) equals the share of positives, 1/4.
        let model = try LogisticRegression.fit(
            features: [[0], [0], [0], [0]], labels: [true, false, false, false], lambda: 1)
        #expect(close(LogisticRegression.sigmoid(model.intercept), 0.25))
        #expect(close(model.coefficients[0], 0))
    }

    @Test(
        "AUC by ranks counts ties as one half",
        arguments: [
            ([0.1, 0.4, 0.4, 0.8], [false, false, true, true], 0.875),
            ([0.1, 0.4, 0.4, 0.8, 0.35, 0.9], [false, false, true, true, false, true], 0.9444444444444444),  // numpy pairs
            ([0.5, 0.5, 0.5], [true, false, false], 0.5),
            ([0.9, 0.1], [false, true], 0.0),
            ([0.1, 0.9], [false, true], 1.0),
        ] as [([Double], [Bool], Double)])
    func auc(scores: [Double], labels: [Bool], expected: Double) {
        #expect(close(ROC.auc(scores: scores, labels: labels), expected))
    }

    @Test("AUC is undefined without both classes")
    func aucOneClass() {
        #expect(ROC.auc(scores: [0.1, 0.2], labels: [true, true]) == nil)
        #expect(ROC.auc(scores: [], labels: []) == nil)
    }

    @Test("bands: high from 0.5, medium from 0.25", arguments: [(0.5, .high), (0.4999, .medium), (0.25, .medium), (0.2499, .low), (0.99, .high)] as [(Double, RiskBand)])
    func bands(probability: Double, band: RiskBand) {
        #expect(RiskBand(probability: probability) == band)
    }
}
