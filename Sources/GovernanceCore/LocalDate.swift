/// A calendar date without a time zone (a program's local date, SPEC section 1).
///
/// Stored as the number of days since 1970-01-01 (proleptic Gregorian), so date arithmetic
/// and comparisons are integer operations.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var dayNumber: Int

    /// Creates a date from days since 1970-01-01.
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Creates a date from its year, month (1–12) and day; `nil` when the day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Month.daysIn(year: year, month: month) else { return nil }
        self.dayNumber = Self.days(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD`; `nil` when malformed or not a real date.
    public init?<S: StringProtocol>(_ text: S) {
        guard let parsed = Self.parse(utf8: Array(text.utf8)[...]) else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes.
    public static func parse(utf8 b: ArraySlice<UInt8>) -> LocalDate? {
        guard b.count == 10 else { return nil }
        let s = b.startIndex
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-"),
            let y = Digits.value(b, s, 4), let m = Digits.value(b, s + 5, 2), let d = Digits.value(b, s + 8, 2)
        else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// The civil (year, month, day) of this date.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// The month that contains this date.
    public var month: Month {
        let c = components
        return Month(year: c.year, month: c.month)
    }

    /// This date moved by `days` (negative goes back).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

    public var description: String {
        let c = components
        return "\(Digits.pad(c.year, 4))-\(Digits.pad(c.month, 2))-\(Digits.pad(c.day, 2))"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// Small helpers for fixed-width decimal fields.
@usableFromInline
enum Digits {
    /// The value of `count` ASCII digits starting at `start`, or `nil` if any is not a digit.
    @usableFromInline
    static func value(_ b: ArraySlice<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var v = 0
        for i in start..<(start + count) {
            let c = b[i]
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
