/// The percentile rule of SPEC section 3.
public enum Percentile {
    /// Values within this distance count as equal (SPEC section 1).
    public static let tolerance = 1e-9

    /// 100 × (count below `x` + 0.5 × count equal to `x`) ÷ n, where `x` itself, when it is in `values`,
    /// counts among the equal ones; `nil` for an empty set.
    ///
    /// ```swift
    /// Percentile.of(3, in: [1, 3, 3, 5])  // 100 × (1 + 0.5 × 2) ÷ 4 = 50
    /// ```
    public static func of(_ x: Double, in values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var below = 0
        var equal = 0
        for value in values {
            if abs(value - x) <= tolerance {
                equal += 1
            } else if value < x {
                below += 1
            }
        }
        return 100 * (Double(below) + 0.5 * Double(equal)) / Double(values.count)
    }
}
