import GovernanceCore
import Testing

@Suite("Instant")
struct InstantTests {
    /// 2026-10-03T14:02:11Z: day 20729 × 86,400 + 14 × 3600 + 2 × 60 + 11 = 1,791,036,131 s.
    static let reference: Int64 = 1_791_036_131_000

    @Test(
        "parses RFC 3339 with Z, z, t, a space and offsets to the same UTC instant",
        arguments: [
            "2026-10-03T14:02:11Z",
            "2026-10-03T14:02:11z",
            "2026-10-03t14:02:11Z",
            "2026-10-03 14:02:11Z",
            "2026-10-03T14:02:11+00:00",
            "2026-10-03T14:02:11-00:00",
            "2026-10-03T22:02:11+08:00",  // Manila
            "2026-10-03T09:02:11-05:00",  // Chicago (CDT)
            "2026-10-03T19:32:11+05:30",  // Kolkata
            "2026-10-04T03:47:11+13:45",  // Chatham Islands daylight time
            "2026-10-03T02:02:11-12:00",
        ])
    func parsesEquivalentForms(text: String) throws {
        let instant = try #require(Instant(text))
        #expect(instant.millis == Self.reference)
        #expect(instant.description == "2026-10-03T14:02:11Z")
    }

    @Test("an offset can move the UTC date across midnight")
    func offsetCrossesMidnight() throws {
        let instant = try #require(Instant("2026-01-01T01:30:00+08:00"))
        #expect(instant.description == "2025-12-31T17:30:00Z")
        #expect(instant.utcDate.description == "2025-12-31")
    }

    @Test(
        "keeps fractional seconds of any length to the millisecond, truncating",
        arguments: [
            (".2", 200),
            (".25", 250),
            (".250", 250),
            (".2501", 250),
            (".123456", 123),
            (".123456789", 123),
            // Truncated, not rounded: rounding .9999 up would move the instant into the next second.
            (".9999", 999),
            (".999999999", 999),
            (".000000001", 0),
            ("." + String(repeating: "7", count: 40), 777),  // absurdly long, must not overflow or crash
        ])
    func fractionalSeconds(fraction: String, millis: Int64) throws {
        let zulu = try #require(Instant("2026-10-03T14:02:11\(fraction)Z"))
        #expect(zulu.millis == Self.reference + millis)
        let offset = try #require(Instant("2026-10-03T22:02:11\(fraction)+08:00"))
        #expect(offset.millis == Self.reference + millis)
    }

    @Test(
        "rejects malformed timestamps without crashing",
        arguments: [
            "2026-12-31T23:59:60Z",  // leap second
            "2026-10-03T24:00:00Z",  // hour 24
            "2026-10-03T14:60:00Z",
            "2026-02-29T00:00:00Z",  // not a date
            "2026-13-01T00:00:00Z",
            "2026-10-03T14:02:11",  // no zone
            "2026-10-03T14:02:11.",
            "2026-10-03T14:02:11.Z",
            "2026-10-03T14:02:11+0800",
            "2026-10-03T14:02:11+08",
            "2026-10-03T14:02:11+08:00:00",
            "2026-10-03T14:02:11+24:00",
            "2026-10-03T14:02:11+08:60",
            "2026-10-03T14:02:11 Z",
            "2026-10-03T14:02:11ZZ",
            "2026-10-03T14:02:11Z ",
            "2026-10-03T14:02Z",
            "2026-10-03X14:02:11Z",
            "2026-10-03T14-02-11Z",
            "2026-10-03T1a:02:11Z",
            "2026-10-03T14:02:11.12a4Z",
            "2026-10-03",
            "",
            "garbage",
            "this is not a timestamp at all",
            "2026-10-03T14:02:11+",
            "2026-10-03T14:02:11-",
        ])
    func rejectsMalformed(text: String) {
        #expect(Instant(text) == nil)
    }

    @Test(
        "parses the ends of the four-digit year range",
        arguments: [
            ("1970-01-01T00:00:00Z", Int64(0)),
            ("1969-12-31T23:59:59.500Z", Int64(-500)),
            ("0000-01-01T00:00:00Z", Int64(-62_167_219_200_000)),  // day −719528 × 86,400 s
            ("9999-12-31T23:59:59.999Z", Int64(253_402_300_799_999)),  // day 2932896 × 86,400 + 86,399 s
        ])
    func extremes(text: String, millis: Int64) throws {
        let instant = try #require(Instant(text))
        #expect(instant.millis == millis)
        #expect(instant.description == text)
    }

    @Test(
        "description is RFC 3339 UTC that parses back to the same instant",
        arguments: [
            Int64(0), 1, 999, 1000, -1, -999, -1000, -1001, -86_400_000, 1_791_036_131_250, 1_791_036_131_007,
            -62_167_219_200_000, 253_402_300_799_999,
        ])
    func descriptionRoundTrips(millis: Int64) throws {
        let instant = Instant(millis: millis)
        let parsed = try #require(Instant(instant.description), "\(instant)")
        #expect(parsed == instant)
    }

    @Test("description prints milliseconds only when there are some")
    func descriptionFormat() {
        #expect(Instant(millis: 1_791_036_131_000).description == "2026-10-03T14:02:11Z")
        #expect(Instant(millis: 1_791_036_131_250).description == "2026-10-03T14:02:11.250Z")
        #expect(Instant(millis: 1_791_036_131_007).description == "2026-10-03T14:02:11.007Z")
        #expect(Instant(millis: -1).description == "1969-12-31T23:59:59.999Z")
    }

    @Test("seconds and the UTC date floor toward the past for instants before 1970")
    func flooring() {
        #expect(Instant(millis: -1).seconds == -1)
        #expect(Instant(millis: -1000).seconds == -1)
        #expect(Instant(millis: -1001).seconds == -2)
        #expect(Instant(millis: 1999).seconds == 1)
        #expect(Instant(millis: -1).utcDate.description == "1969-12-31")
        #expect(Instant(millis: -86_400_000).utcDate.description == "1969-12-31")
        #expect(Instant(millis: -86_400_001).utcDate.description == "1969-12-30")
        #expect(Instant(seconds: 1_791_036_131).millis == Self.reference)
    }

    @Test("instants order by time regardless of the offset they were written with")
    func ordering() throws {
        // 23:00+08:00 is 15:00Z, earlier than 16:00Z.
        let manila = try #require(Instant("2026-10-03T23:00:00+08:00"))
        let utc = try #require(Instant("2026-10-03T16:00:00Z"))
        #expect(manila < utc)
    }
}
