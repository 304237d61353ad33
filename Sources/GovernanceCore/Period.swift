/// A calendar month `YYYY-MM`, the review period of SPEC section 1.
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    /// 1–12.
    public var month: Int

    /// Creates a month; `month` must be 1–12.
    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month out of range")
        self.year = year
        self.month = month
    }

    /// Creates a month from a running index (`year × 12 + month − 1`).
    public init(index: Int) {
        self.year = index >= 0 ? index / 12 : (index - 11) / 12
        self.month = index - self.year * 12 + 1
    }

    /// Parses `YYYY-MM`; `nil` when malformed.
    public init?<S: StringProtocol>(_ text: S) {
        let b = Array(text.utf8)[...]
        guard b.count == 7, b[4] == UInt8(ascii: "-"), let y = Digits.value(b, 0, 4), let m = Digits.value(b, 5, 2),
            (1...12).contains(m)
        else { return nil }
        self.init(year: y, month: m)
    }

    /// `year × 12 + month − 1`: consecutive months have consecutive indices.
    public var index: Int { year * 12 + month - 1 }

    /// Number of days in the month.
    public var dayCount: Int { Self.daysIn(year: year, month: month) }

    /// The first day of the month.
    public var firstDay: LocalDate { LocalDate(dayNumber: LocalDate.days(year: year, month: month, day: 1)) }

    /// The last day of the month.
    public var lastDay: LocalDate { firstDay.adding(days: dayCount - 1) }

    /// This month moved by `months` (negative goes back).
    public func adding(months: Int) -> Month { Month(index: index + months) }

    public var description: String { "\(Digits.pad(year, 4))-\(Digits.pad(month, 2))" }

    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.index < rhs.index }

    /// Days in a month of a year (Gregorian leap years).
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The months from `from` through `to`, inclusive; empty when `to` is before `from`.
    public static func range(from: Month, to: Month) -> [Month] {
        guard from <= to else { return [] }
        return (from.index...to.index).map(Month.init(index:))
    }
}

/// A scorecard period: a month `YYYY-MM`, a quarter `YYYY-Qn` or a year `YYYY` (SPEC section 1).
public enum Period: Hashable, Sendable, CustomStringConvertible {
    case month(Month)
    case quarter(year: Int, quarter: Int)
    case year(Int)

    /// Parses `2026-10`, `2026-Q3` or `2026`; `nil` when malformed.
    public init?<S: StringProtocol>(_ text: S) {
        let s = String(text)
        if let m = Month(s) {
            self = .month(m)
            return
        }
        let b = Array(s.utf8)[...]
        if b.count == 7, b[4] == UInt8(ascii: "-"), b[5] == UInt8(ascii: "Q") || b[5] == UInt8(ascii: "q"),
            let y = Digits.value(b, 0, 4), let q = Digits.value(b, 6, 1), (1...4).contains(q)
        {
            self = .quarter(year: y, quarter: q)
            return
        }
        if b.count == 4, let y = Digits.value(b, 0, 4) {
            self = .year(y)
            return
        }
        return nil
    }

    /// The months of the period, in order.
    public var months: [Month] {
        switch self {
        case .month(let m): return [m]
        case .quarter(let y, let q): return (0..<3).map { Month(year: y, month: (q - 1) * 3 + 1 + $0) }
        case .year(let y): return (1...12).map { Month(year: y, month: $0) }
        }
    }

    /// The first month of the period (decides the scorecard version in force, SPEC section 10).
    public var firstMonth: Month { months[0] }

    /// The last month of the period.
    public var lastMonth: Month { months[months.count - 1] }

    /// The first local day of the period.
    public var firstDay: LocalDate { firstMonth.firstDay }

    /// The last local day of the period.
    public var lastDay: LocalDate { lastMonth.lastDay }

    /// Number of days in the period.
    public var dayCount: Int { lastDay.dayNumber - firstDay.dayNumber + 1 }

    /// Whether this is a single month.
    public var isMonth: Bool {
        if case .month = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .month(let m): return m.description
        case .quarter(let y, let q): return "\(Digits.pad(y, 4))-Q\(q)"
        case .year(let y): return Digits.pad(y, 4)
        }
    }
}
