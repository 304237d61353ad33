import Foundation

/// Column standardisation with the training mean and population standard deviation.
public struct Standardizer: Sendable, Hashable {
    /// Per-column training means.
    public var means: [Double]
    /// Per-column population standard deviations (0 for a constant column).
    public var deviations: [Double]

    /// Learns the means and population deviations of `rows` (all rows the same width; at least one row).
    public init(fitting rows: [[Double]]) {
        let width = rows.first?.count ?? 0
        let count = Double(max(rows.count, 1))
        var means = [Double](repeating: 0, count: width)
        for row in rows { for j in 0..<width { means[j] += row[j] } }
        for j in 0..<width { means[j] /= count }
        var deviations = [Double](repeating: 0, count: width)
        for row in rows { for j in 0..<width { deviations[j] += (row[j] - means[j]) * (row[j] - means[j]) } }
        for j in 0..<width { deviations[j] = (deviations[j] / count).squareRoot() }
        self.means = means
        self.deviations = deviations
    }

    /// Creates a standardiser from known means and deviations.
    public init(means: [Double], deviations: [Double]) {
        self.means = means
        self.deviations = deviations
    }

    /// (x − mean) ÷ std per column; a column whose std is 0 (within 1e-12) becomes 0.
    public func transform(_ row: [Double]) -> [Double] {
        row.indices.map { j in deviations[j] <= 1e-12 ? 0 : (row[j] - means[j]) / deviations[j] }
    }
}

/// L2-regularised (ridge) logistic regression fitted by Newton's method (SPEC section 8).
///
/// Minimises Σᵢ log-loss(yᵢ, σ(β₀ + xᵢ·β)) + ½ λ ‖β‖², the intercept β₀ unpenalised. Each step solves
/// (XᵀWX + λĨ) Δ = −∇ with W = diag(p(1 − p)) and Ĩ the identity without its intercept entry; a step
/// that would raise the objective is halved. Stops when the largest step component is below 1e-10.
///
/// ```swift
/// let model = try LogisticRegression.fit(features: [[-1], [0], [1]], labels: [false, true, true], lambda: 1)
/// model.probability([0.5])
/// ```
public struct LogisticRegression: Sendable, Hashable {
    /// The intercept β₀.
    public var intercept: Double
    /// The coefficients β, one per feature column.
    public var coefficients: [Double]
    /// Newton iterations taken.
    public var iterations: Int

    /// Creates a model from known parameters.
    public init(intercept: Double, coefficients: [Double], iterations: Int = 0) {
        self.intercept = intercept
        self.coefficients = coefficients
        self.iterations = iterations
    }

    /// Why a fit failed.
    public enum FitError: Error, Sendable, Hashable {
        /// No rows, rows of different widths, or a label count that differs from the row count.
        case malformedInput
        /// The Newton system could not be solved (should not happen with λ > 0).
        case singular
        /// No convergence within the iteration limit.
        case noConvergence
    }

    /// The linear predictor β₀ + x·β.
    public func logit(_ x: [Double]) -> Double {
        zip(coefficients, x).reduce(intercept) { $0 + $1.0 * $1.1 }
    }

    /// σ(β₀ + x·β).
    public func probability(_ x: [Double]) -> Double {
        Self.sigmoid(logit(x))
    }

    /// The logistic function, computed without overflow for large |z|.
    public static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// The penalised objective Σ log-loss + ½ λ ‖β‖² (intercept unpenalised).
    public static func objective(
        features: [[Double]], labels: [Bool], intercept: Double, coefficients: [Double], lambda: Double
    ) -> Double {
        let model = LogisticRegression(intercept: intercept, coefficients: coefficients)
        var loss = 0.0
        for (x, y) in zip(features, labels) {
            let z = model.logit(x)
            // log(1 + e^z) − y z, stable for large |z|.
            let softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
            loss += softplus - (y ? z : 0)
        }
        return loss + 0.5 * lambda * coefficients.reduce(0) { $0 + $1 * $1 }
    }

    /// Fits the model.
    /// - Parameters:
    ///   - features: One row per example (already standardised if that is wanted).
    ///   - labels: `true` for the positive class.
    ///   - lambda: The ridge penalty λ on the coefficients (not the intercept).
    ///   - maxIterations: Newton iterations before giving up.
    /// - Throws: ``FitError``.
    public static func fit(
        features: [[Double]], labels: [Bool], lambda: Double, maxIterations: Int = 100
    ) throws(FitError) -> LogisticRegression {
        guard !features.isEmpty, features.count == labels.count else { throw .malformedInput }
        let width = features[0].count
        guard features.allSatisfy({ $0.count == width }) else { throw .malformedInput }
        let size = width + 1
        // θ = (β₀, β).
        var theta = [Double](repeating: 0, count: size)
        var current = objective(features: features, labels: labels, intercept: 0, coefficients: [], lambda: 0)
        for iteration in 1...maxIterations {
            let model = LogisticRegression(intercept: theta[0], coefficients: Array(theta[1...]))
            var gradient = [Double](repeating: 0, count: size)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
            for (x, y) in zip(features, labels) {
                let p = model.probability(x)
                let residual = p - (y ? 1 : 0)
                let weight = p * (1 - p)
                let row = [1] + x
                for a in 0..<size {
                    gradient[a] += residual * row[a]
                    let wa = weight * row[a]
                    for b in a..<size { hessian[a][b] += wa * row[b] }
                }
            }
            for a in 0..<size { for b in 0..<a { hessian[a][b] = hessian[b][a] } }
            for j in 1..<size {
                gradient[j] += lambda * theta[j]
                hessian[j][j] += lambda
            }
            guard let direction = LinearSystem.solve(hessian, gradient.map { -$0 }) else { throw .singular }
            // Damped step: halve until the objective does not increase (Newton rarely needs it).
            var scale = 1.0
            var candidate = theta
            var value = current
            for _ in 0..<30 {
                candidate = zip(theta, direction).map { $0 + scale * $1 }
                value = objective(
                    features: features, labels: labels, intercept: candidate[0],
                    coefficients: Array(candidate[1...]), lambda: lambda)
                if value <= current + 1e-12 * max(1, abs(current)) { break }
                scale /= 2
            }
            let largestStep = direction.reduce(0) { max($0, abs($1 * scale)) }
            theta = candidate
            current = value
            if largestStep < 1e-10 {
                return LogisticRegression(intercept: theta[0], coefficients: Array(theta[1...]), iterations: iteration)
            }
        }
        throw .noConvergence
    }
}

/// Dense linear systems (the Newton steps are 8 × 8).
enum LinearSystem {
    /// Solves A x = b by Gaussian elimination with partial pivoting; `nil` when A is singular.
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
        let n = rhs.count
        var a = matrix
        var b = rhs
        for column in 0..<n {
            var pivot = column
            for row in column..<n where abs(a[row][column]) > abs(a[pivot][column]) { pivot = row }
            guard abs(a[pivot][column]) > 1e-300 else { return nil }
            if pivot != column {
                a.swapAt(pivot, column)
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                guard factor != 0 else { continue }
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }
}

/// The area under the ROC curve.
public enum ROC {
    /// AUC by ranks (Mann–Whitney): the probability that a random positive scores above a random
    /// negative, ties counting ½. `nil` unless both classes are present.
    ///
    /// ```swift
    /// ROC.auc(scores: [0.1, 0.4, 0.4, 0.8], labels: [false, false, true, true])  // 0.875
    /// ```
    public static func auc(scores: [Double], labels: [Bool]) -> Double? {
        let positives = labels.count(where: { $0 })
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0, scores.count == labels.count else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        // Mid-ranks (1-based) for tied scores.
        var rankSumPositives = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            for k in start...end where labels[order[k]] { rankSumPositives += midRank }
            start = end + 1
        }
        let p = Double(positives)
        return (rankSumPositives - p * (p + 1) / 2) / (p * Double(negatives))
    }
}
