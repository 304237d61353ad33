import GovernanceCore
import Testing

@Suite("LocalDate")
struct LocalDateTests {
    // Day numbers cross-checked against Python's `(date(y, m, d) - date(1970, 1, 1)).days`.
    @Test(
        "parses a valid YYYY-MM-DD to its day number since 1970-01-01",
        arguments: [
            ("1970-01-01", 0),
            ("1969-12-31", -1),
            ("2000-01-01", 10957),
            ("2000-02-29", 11016),  // 2000 is divisible by 400: a leap year
            ("2026-10-03", 20729),
            ("2026-08-12", 20677),
            ("2028-02-29", 21243),  // 2028 is divisible by 4, not by 100: a leap year
            ("1900-03-01", -25508),
            ("1600-03-01", -135080),
            ("0001-01-01", -719162),
            ("0000-03-01", -719468),  // the origin of Hinnant's era arithmetic
            ("9999-12-31", 2932896),
        ])
    func parsesValidDates(text: String, dayNumber: Int) throws {
        let date = try #require(LocalDate(text))
        #expect(date.dayNumber == dayNumber)
        #expect(date.description == text)
    }

    @Test(
        "rejects strings that are not real dates in YYYY-MM-DD form",
        arguments: [
            "2026-02-29",  // 2026 is not a leap year
            "2100-02-29",  // divisible by 100, not by 400: not a leap year
            "1900-02-29",
            "2026-04-31",  // April has 30 days
            "2026-01-32",
            "2026-01-00",
            "2026-00-10",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "2026-01-01T",
            " 2026-01-01",
            "2026-01-0a",
            "+026-01-01",
            "２０２６-01-01",  // full-width digits are not ASCII digits
            "",
            "garbage!!!",
        ])
    func rejectsInvalidDates(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test("year, month and day constructor refuses days that do not exist")
    func componentConstructor() {
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2028, month: 2, day: 29)?.dayNumber == 21243)
        #expect(LocalDate(year: 2026, month: 13, day: 1) == nil)
        #expect(LocalDate(year: 2026, month: 0, day: 1) == nil)
        #expect(LocalDate(year: 2026, month: 6, day: 0) == nil)
        #expect(LocalDate(year: 2026, month: 6, day: 31) == nil)
    }

    @Test("day numbers round-trip through components and text from year 0000 to 9999")
    func dayNumberRoundTrips() throws {
        // 0000-01-01 is day -719528; 9999-12-31 is day 2932896. Step by a prime so every
        // month and day of month gets visited, plus every day around the ends of the range.
        var previous: (year: Int, month: Int, day: Int)?
        var dayNumbers = Array(stride(from: -719_528, through: 2_932_896, by: 7))
        dayNumbers += Array(-719_528 ... -718_000) + Array(2_931_000...2_932_896) + Array(-1_000...1_000)
        for dayNumber in dayNumbers.sorted() {
            let date = LocalDate(dayNumber: dayNumber)
            let c = date.components
            let rebuilt = try #require(LocalDate(year: c.year, month: c.month, day: c.day), "\(dayNumber) → \(c)")
            #expect(rebuilt.dayNumber == dayNumber)
            let parsed = try #require(LocalDate(date.description), "\(date)")
            #expect(parsed == date)
            #expect((1...Month.daysIn(year: c.year, month: c.month)).contains(c.day))
            previous = c
        }
        #expect(previous?.year == 9999)
    }

    @Test("consecutive day numbers are consecutive calendar days")
    func consecutiveDays() throws {
        // Walk 1999-01-01 … 2030-12-31 day by day and check each step against the calendar rules.
        var date = try #require(LocalDate(year: 1999, month: 1, day: 1))
        let end = try #require(LocalDate(year: 2030, month: 12, day: 31))
        var steps = 0
        while date < end {
            let next = date.adding(days: 1)
            let (y, m, d) = date.components
            let expected: (Int, Int, Int) =
                d < Month.daysIn(year: y, month: m) ? (y, m, d + 1) : (m < 12 ? (y, m + 1, 1) : (y + 1, 1, 1))
            let got = next.components
            #expect(got.year == expected.0 && got.month == expected.1 && got.day == expected.2, "after \(date)")
            date = next
            steps += 1
        }
        // 32 years, 8 of them leap (2000, 2004, …, 2028): 32 × 365 + 8 − 1 steps.
        #expect(steps == 32 * 365 + 8 - 1)
    }

    @Test(
        "knows the month that contains a date",
        arguments: [
            ("2026-08-01", 2026, 8),
            ("2026-08-31", 2026, 8),
            ("2026-12-31", 2026, 12),
            ("2027-01-01", 2027, 1),
            ("2028-02-29", 2028, 2),
            ("1969-12-31", 1969, 12),
        ])
    func monthOfDate(text: String, year: Int, month: Int) throws {
        let date = try #require(LocalDate(text))
        #expect(date.month == Month(year: year, month: month))
    }

    @Test(
        "adding days crosses month, year and leap-day boundaries",
        arguments: [
            ("2026-02-28", 1, "2026-03-01"),
            ("2028-02-28", 1, "2028-02-29"),
            ("2028-02-29", 1, "2028-03-01"),
            ("2026-12-31", 1, "2027-01-01"),
            ("2026-03-01", -1, "2026-02-28"),
            ("2027-01-01", -1, "2026-12-31"),
            ("2026-01-01", 365, "2027-01-01"),
            ("2028-01-01", 366, "2029-01-01"),
            ("2026-10-03", 0, "2026-10-03"),
            ("1970-01-01", -719_528, "0000-01-01"),
        ])
    func addingDays(start: String, days: Int, expected: String) throws {
        let date = try #require(LocalDate(start))
        let moved = date.adding(days: days)
        #expect(moved.description == expected)
        #expect(date.days(to: moved) == days)
    }

    @Test("dates order by day number")
    func ordering() throws {
        let a = try #require(LocalDate("2026-02-28"))
        let b = try #require(LocalDate("2026-03-01"))
        #expect(a < b)
        #expect(!(b < a))
        #expect(b.days(to: a) == -1)
    }
}
