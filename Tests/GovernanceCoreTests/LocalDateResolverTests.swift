import GovernanceCore
import Testing

@Suite("LocalDateResolver")
struct LocalDateResolverTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var zone: String
        var instant: String
        var localDate: String
        /// UTC offset in seconds in force at `instant`.
        var offset: Int

        var testDescription: String { "\(instant) in \(zone) → \(localDate) (\(offset) s)" }
    }

    @Test(
        "maps UTC instants to the local date of the zone",
        arguments: [
            // Asia/Manila is +08:00 all year.
            Case(zone: "Asia/Manila", instant: "2026-08-11T17:00:00Z", localDate: "2026-08-12", offset: 28_800),
            Case(zone: "Asia/Manila", instant: "2026-08-11T15:59:59Z", localDate: "2026-08-11", offset: 28_800),
            Case(zone: "Asia/Manila", instant: "2026-08-11T16:00:00Z", localDate: "2026-08-12", offset: 28_800),
            // Asia/Kolkata is +05:30: local midnight is 18:30Z the day before.
            Case(zone: "Asia/Kolkata", instant: "2026-08-11T18:29:59Z", localDate: "2026-08-11", offset: 19_800),
            Case(zone: "Asia/Kolkata", instant: "2026-08-11T18:30:00Z", localDate: "2026-08-12", offset: 19_800),
            // America/Chicago, spring forward on Sunday 2026-03-08 at 02:00 CST (−6) = 08:00Z.
            // Before it, local midnight of the 8th is 06:00Z; after it, local midnight of the 9th is 05:00Z.
            Case(zone: "America/Chicago", instant: "2026-03-08T05:59:59Z", localDate: "2026-03-07", offset: -21_600),
            Case(zone: "America/Chicago", instant: "2026-03-08T06:00:00Z", localDate: "2026-03-08", offset: -21_600),
            Case(zone: "America/Chicago", instant: "2026-03-08T07:59:59Z", localDate: "2026-03-08", offset: -21_600),
            Case(zone: "America/Chicago", instant: "2026-03-08T08:00:00Z", localDate: "2026-03-08", offset: -18_000),
            Case(zone: "America/Chicago", instant: "2026-03-09T04:59:59Z", localDate: "2026-03-08", offset: -18_000),
            Case(zone: "America/Chicago", instant: "2026-03-09T05:00:00Z", localDate: "2026-03-09", offset: -18_000),
            // Fall back on Sunday 2026-11-01 at 02:00 CDT (−5) = 07:00Z, when clocks return to 01:00 CST.
            // Local midnight of the 1st is 05:00Z (CDT); local midnight of the 2nd is 06:00Z (CST).
            Case(zone: "America/Chicago", instant: "2026-11-01T04:59:59Z", localDate: "2026-10-31", offset: -18_000),
            Case(zone: "America/Chicago", instant: "2026-11-01T05:30:00Z", localDate: "2026-11-01", offset: -18_000),
            Case(zone: "America/Chicago", instant: "2026-11-01T06:59:59Z", localDate: "2026-11-01", offset: -18_000),
            Case(zone: "America/Chicago", instant: "2026-11-01T07:00:00Z", localDate: "2026-11-01", offset: -21_600),
            Case(zone: "America/Chicago", instant: "2026-11-02T05:59:59Z", localDate: "2026-11-01", offset: -21_600),
            Case(zone: "America/Chicago", instant: "2026-11-02T06:00:00Z", localDate: "2026-11-02", offset: -21_600),
            // UTC itself.
            Case(zone: "UTC", instant: "2026-12-31T23:59:59.999Z", localDate: "2026-12-31", offset: 0),
        ])
    func localDates(_ c: Case) throws {
        var resolver = try #require(LocalDateResolver(identifier: c.zone))
        #expect(resolver.identifier == c.zone)
        let instant = try #require(Instant(c.instant))
        #expect(resolver.offsetSeconds(at: instant) == c.offset)
        #expect(resolver.localDate(of: instant).description == c.localDate)
    }

    @Test("one resolver gives the same answers in any order (the offset cache never straddles a transition)")
    func cacheIsConsistent() throws {
        var resolver = try #require(LocalDateResolver(identifier: "America/Chicago"))
        // Every second from 07:50Z to 08:10Z on the spring-forward day, forwards then backwards.
        let start = try #require(Instant("2026-03-08T07:50:00Z"))
        let seconds = Array(0..<1200)
        var forwards: [Int] = []
        for s in seconds { forwards.append(resolver.offsetSeconds(at: Instant(millis: start.millis + Int64(s) * 1000))) }
        var backwards: [Int] = []
        for s in seconds.reversed() {
            backwards.append(resolver.offsetSeconds(at: Instant(millis: start.millis + Int64(s) * 1000)))
        }
        #expect(forwards == backwards.reversed())
        // 07:50:00Z … 07:59:59Z is 600 s of CST, then 600 s of CDT.
        #expect(forwards == Array(repeating: -21_600, count: 600) + Array(repeating: -18_000, count: 600))
    }

    @Test("unknown zones give no resolver", arguments: ["Mars/Olympus_Mons", "America/Chicag", "Not a zone"])
    func unknownZone(identifier: String) {
        #expect(LocalDateResolver(identifier: identifier) == nil)
        #expect(!LocalDateResolver.isKnownZone(identifier))
    }

    @Test("known zones are recognised", arguments: ["Asia/Manila", "America/Chicago", "Asia/Kolkata", "Europe/London"])
    func knownZone(identifier: String) {
        #expect(LocalDateResolver.isKnownZone(identifier))
    }
}
