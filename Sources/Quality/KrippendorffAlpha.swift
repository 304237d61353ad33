/// Krippendorff's alpha for interval data (Krippendorff 2011, "Computing Krippendorff's
/// Alpha-Reliability"): units are calibration sessions, coders evaluators, values quality scores.
///
///     n   = number of pairable values (values in units holding at least two)
///     D_o = (1 ÷ n) × Σ_units Σ_{i ≠ j in u} (v_i − v_j)² ÷ (m_u − 1)
///     D_e = Σ_{i ≠ j over all pairable values} (v_i − v_j)² ÷ (n × (n − 1))
///     α   = 1 − D_o ÷ D_e
///
/// `nil` when no unit has two values or the expected disagreement is 0 (SPEC section 4).
public enum KrippendorffAlpha {
    /// Alpha over `units`, each the values the coders gave one unit (missing values left out).
    public static func interval(_ units: [[Double]]) -> Double? {
        let pairable = units.filter { $0.count >= 2 }
        let values = pairable.flatMap { $0 }
        let n = Double(values.count)
        guard n >= 2 else { return nil }
        var observed = 0.0
        for unit in pairable {
            var sum = 0.0
            for i in unit.indices { for j in unit.indices where i != j { sum += square(unit[i] - unit[j]) } }
            observed += sum / Double(unit.count - 1)
        }
        observed /= n
        // Σ over ordered pairs (i ≠ j) of (v_i − v_j)² = 2 × (n Σ v² − (Σ v)²), computed around the mean.
        let mean = values.reduce(0, +) / n
        let squares = values.reduce(0) { $0 + square($1 - mean) }
        let expected = 2 * n * squares / (n * (n - 1))
        guard expected > 1e-12 else { return nil }
        return 1 - observed / expected
    }

    /// A percentile bootstrap interval of alpha: `resamples` times, draw as many units as there
    /// are, with replacement, from a ``SeededGenerator`` with `seed`, compute alpha (skipping
    /// draws where it is undefined), and take the `(1 − level) ÷ 2` and `(1 + level) ÷ 2`
    /// quantiles (linear interpolation between order statistics, numpy's default).
    /// - Returns: `nil` when no draw gives an alpha.
    public static func bootstrapInterval(
        _ units: [[Double]], resamples: Int = 1000, seed: UInt64, level: Double = 0.95
    ) -> (low: Double, high: Double)? {
        guard !units.isEmpty, resamples > 0 else { return nil }
        var generator = SeededGenerator(seed: seed)
        var alphas: [Double] = []
        alphas.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var draw: [[Double]] = []
            draw.reserveCapacity(units.count)
            for _ in units.indices { draw.append(units[generator.index(below: units.count)]) }
            if let alpha = interval(draw) { alphas.append(alpha) }
        }
        guard !alphas.isEmpty else { return nil }
        alphas.sort()
        return (quantile(alphas, (1 - level) / 2), quantile(alphas, (1 + level) / 2))
    }

    /// The `q` quantile of sorted `values` (numpy's linear method).
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let position = q * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        return values[lower] + (values[upper] - values[lower]) * fraction
    }

    private static func square(_ x: Double) -> Double { x * x }
}
