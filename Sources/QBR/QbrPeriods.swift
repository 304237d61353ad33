import GovernanceCore

/// The periods a QBR covers.
public enum QbrPeriods {
    /// The quarter and the four before it, oldest first (`2026-Q1` → `2025-Q1` … `2026-Q1`).
    /// - Parameter quarter: a `.quarter` period (another period is taken as the quarter of its first month).
    public static func quarters(endingAt quarter: Period) -> [Period] {
        (0...4).reversed().map { back in
            let first = quarter.firstMonth.adding(months: -3 * back)
            return Period.quarter(year: first.year, quarter: (first.month - 1) / 3 + 1)
        }
    }

    /// The fifteen months of those five quarters, oldest first.
    public static func trendMonths(endingAt quarter: Period) -> [Month] {
        let quarters = quarters(endingAt: quarter)
        return Month.range(from: quarters[0].firstMonth, to: quarters[quarters.count - 1].lastMonth)
    }
}
