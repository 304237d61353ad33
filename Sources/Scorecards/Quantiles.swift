/// Quantiles by linear interpolation between order statistics, as numpy's default (`method="linear"`).
public enum Quantiles {
    /// The `p`-quantile (`p` in 0…1) of `values`; `nil` for an empty set or `p` outside 0…1.
    ///
    /// ```swift
    /// Quantiles.linear([1, 2, 3, 4], 0.25)  // 1.75, as numpy.quantile([1, 2, 3, 4], 0.25)
    /// ```
    public static func linear(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty, p >= 0, p <= 1 else { return nil }
        let sorted = values.sorted()
        let position = Double(sorted.count - 1) * p
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        let a = sorted[lower]
        let b = sorted[upper]
        // numpy's _lerp: interpolate from the nearer end for numerical symmetry.
        return fraction >= 0.5 ? b - (b - a) * (1 - fraction) : a + (b - a) * fraction
    }

    /// The p25, p50 and p75 of `values`; `nil` for an empty set.
    public static func quartiles(_ values: [Double]) -> (p25: Double, p50: Double, p75: Double)? {
        guard let p25 = linear(values, 0.25), let p50 = linear(values, 0.5), let p75 = linear(values, 0.75) else {
            return nil
        }
        return (p25, p50, p75)
    }
}
