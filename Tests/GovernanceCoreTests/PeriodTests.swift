import GovernanceCore
import Testing

@Suite("Month")
struct MonthTests {
    @Test(
        "parses YYYY-MM and knows its days",
        arguments: [
            // (text, year, month, day count, first day, last day)
            ("2026-10", 2026, 10, 31, "2026-10-01", "2026-10-31"),
            ("2026-02", 2026, 2, 28, "2026-02-01", "2026-02-28"),
            ("2028-02", 2028, 2, 29, "2028-02-01", "2028-02-29"),
            ("2100-02", 2100, 2, 28, "2100-02-01", "2100-02-28"),
            ("2000-02", 2000, 2, 29, "2000-02-01", "2000-02-29"),
            ("2026-04", 2026, 4, 30, "2026-04-01", "2026-04-30"),
            ("2026-12", 2026, 12, 31, "2026-12-01", "2026-12-31"),
        ])
    func parsesMonths(text: String, year: Int, month: Int, dayCount: Int, first: String, last: String) throws {
        let parsed = try #require(Month(text))
        #expect(parsed.year == year)
        #expect(parsed.month == month)
        #expect(parsed.dayCount == dayCount)
        #expect(parsed.firstDay.description == first)
        #expect(parsed.lastDay.description == last)
        #expect(parsed.firstDay.days(to: parsed.lastDay) == dayCount - 1)
        #expect(parsed.description == text)
    }

    @Test("rejects malformed months", arguments: ["2026-13", "2026-00", "2026-1", "202610", "2026/10", "2026-1a", "", "2026-10-01"])
    func rejectsMalformedMonths(text: String) {
        #expect(Month(text) == nil)
    }

    @Test(
        "index is year × 12 + month − 1, including before year 0",
        arguments: [
            // (index, year, month): hand computed; for negatives the year is the floor of index / 12.
            (24321, 2026, 10),  // 2026 × 12 + 9
            (0, 0, 1),
            (11, 0, 12),
            (12, 1, 1),
            (-1, -1, 12),
            (-12, -1, 1),
            (-13, -2, 12),
            (-24, -2, 1),
        ])
    func indexRoundTrip(index: Int, year: Int, month: Int) {
        let m = Month(index: index)
        #expect(m.year == year)
        #expect(m.month == month)
        #expect(m.index == index)
    }

    @Test("every index from −1200 to 1200 round-trips and consecutive indices are consecutive months")
    func indexRoundTripRange() {
        var previous = Month(index: -1201)
        for index in -1200...1200 {
            let m = Month(index: index)
            #expect(m.index == index)
            #expect((1...12).contains(m.month))
            let expectedYear = previous.month == 12 ? previous.year + 1 : previous.year
            let expectedMonth = previous.month == 12 ? 1 : previous.month + 1
            #expect(m.year == expectedYear && m.month == expectedMonth, "index \(index)")
            previous = m
        }
    }

    @Test("adding months crosses year boundaries both ways")
    func addingMonths() {
        #expect(Month(year: 2026, month: 11).adding(months: 3) == Month(year: 2027, month: 2))
        #expect(Month(year: 2026, month: 1).adding(months: -1) == Month(year: 2025, month: 12))
        #expect(Month(year: 2026, month: 1).adding(months: -13) == Month(year: 2024, month: 12))
        #expect(Month(year: 2026, month: 6).adding(months: 0) == Month(year: 2026, month: 6))
    }

    @Test("range lists the months from one to another inclusive, empty when reversed")
    func range() {
        let from = Month(year: 2026, month: 11)
        let to = Month(year: 2027, month: 2)
        #expect(
            Month.range(from: from, to: to) == [
                Month(year: 2026, month: 11), Month(year: 2026, month: 12), Month(year: 2027, month: 1),
                Month(year: 2027, month: 2),
            ])
        #expect(Month.range(from: from, to: from) == [from])
        #expect(Month.range(from: to, to: from) == [])
    }

    @Test("months order chronologically, across years")
    func ordering() {
        #expect(Month(year: 2026, month: 12) < Month(year: 2027, month: 1))
        #expect(Month(year: 2026, month: 2) < Month(year: 2026, month: 10))
        #expect(!(Month(year: 2027, month: 1) < Month(year: 2026, month: 12)))
    }
}

@Suite("Period")
struct PeriodTests {
    @Test(
        "parses months, quarters and years with their months, days and day counts",
        arguments: [
            // (text, description, months, first day, last day, day count) computed by hand:
            // Q3 = 31 + 31 + 30; Q1 2026 = 31 + 28 + 31; Q1 2028 = 31 + 29 + 31.
            ("2026-10", "2026-10", ["2026-10"], "2026-10-01", "2026-10-31", 31),
            ("2026-Q3", "2026-Q3", ["2026-07", "2026-08", "2026-09"], "2026-07-01", "2026-09-30", 92),
            ("2026-Q1", "2026-Q1", ["2026-01", "2026-02", "2026-03"], "2026-01-01", "2026-03-31", 90),
            ("2028-Q1", "2028-Q1", ["2028-01", "2028-02", "2028-03"], "2028-01-01", "2028-03-31", 91),
            ("2026-Q4", "2026-Q4", ["2026-10", "2026-11", "2026-12"], "2026-10-01", "2026-12-31", 92),
            // Lower-case q is accepted and printed back in the canonical form.
            ("2026-q2", "2026-Q2", ["2026-04", "2026-05", "2026-06"], "2026-04-01", "2026-06-30", 91),
            (
                "2026", "2026",
                [
                    "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09",
                    "2026-10", "2026-11", "2026-12",
                ],
                "2026-01-01", "2026-12-31", 365
            ),
            (
                "2028", "2028",
                [
                    "2028-01", "2028-02", "2028-03", "2028-04", "2028-05", "2028-06", "2028-07", "2028-08", "2028-09",
                    "2028-10", "2028-11", "2028-12",
                ],
                "2028-01-01", "2028-12-31", 366
            ),
        ])
    func parsesPeriods(
        text: String, description: String, months: [String], firstDay: String, lastDay: String, dayCount: Int
    ) throws {
        let period = try #require(Period(text))
        #expect(period.description == description)
        #expect(period.months.map(\.description) == months)
        #expect(period.firstMonth.description == months[0])
        #expect(period.lastMonth.description == months[months.count - 1])
        #expect(period.firstDay.description == firstDay)
        #expect(period.lastDay.description == lastDay)
        #expect(period.dayCount == dayCount)
        #expect(period.isMonth == (months.count == 1))
    }

    @Test("parses into the matching case")
    func cases() {
        #expect(Period("2026-10") == .month(Month(year: 2026, month: 10)))
        #expect(Period("2026-Q3") == .quarter(year: 2026, quarter: 3))
        #expect(Period("2026") == .year(2026))
    }

    @Test(
        "rejects malformed periods",
        arguments: [
            "2026-13", "2026-00", "2026-Q0", "2026-Q5", "2026-Q", "2026-Q10", "2026-H1", "Q3-2026", "2026 Q3",
            "26", "202", "20261", "2026-1", "2026-10-01", "", "abcd", "2026-",
        ])
    func rejectsMalformedPeriods(text: String) {
        #expect(Period(text) == nil)
    }
}
