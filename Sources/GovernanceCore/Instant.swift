import Foundation

/// A UTC instant with millisecond precision, parsed from RFC 3339 (SPEC section 1).
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millis: Int64

    /// Creates an instant from milliseconds since the epoch.
    public init(millis: Int64) { self.millis = millis }

    /// Creates an instant from whole seconds since the epoch.
    public init(seconds: Int64) { self.millis = seconds * 1000 }

    /// Parses RFC 3339 (`2026-10-03T14:02:11Z`, `2026-10-03T14:02:11.250+08:00`); `nil` when malformed.
    public init?<S: StringProtocol>(_ text: S) {
        guard let parsed = Self.parse(utf8: Array(text.utf8)[...]) else { return nil }
        self = parsed
    }

    /// Parses RFC 3339 from UTF-8 bytes.
    ///
    /// Accepts `T`, `t` or a space between date and time, fractional seconds of any length
    /// (kept to the millisecond), and `Z`, `z` or `±HH:MM`. Leap seconds (`:60`) are rejected.
    public static func parse(utf8 b: ArraySlice<UInt8>) -> Instant? {
        guard b.count >= 20 else { return nil }
        let s = b.startIndex
        guard let date = LocalDate.parse(utf8: b[s..<(s + 10)]) else { return nil }
        let sep = b[s + 10]
        guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " ") else { return nil }
        guard b[s + 13] == UInt8(ascii: ":"), b[s + 16] == UInt8(ascii: ":"),
            let hh = Digits.value(b, s + 11, 2), let mm = Digits.value(b, s + 14, 2),
            let ss = Digits.value(b, s + 17, 2), hh < 24, mm < 60, ss < 60
        else { return nil }
        var i = s + 19
        var fracMillis = 0
        if i < b.endIndex, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.endIndex, b[i] >= 48, b[i] <= 57 {
                if digits < 3 { fracMillis = fracMillis * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { fracMillis *= 10 } }
        }
        guard i < b.endIndex else { return nil }
        var offsetSeconds = 0
        let z = b[i]
        if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
            i += 1
        } else if z == UInt8(ascii: "+") || z == UInt8(ascii: "-") {
            guard b.endIndex - i == 6, b[i + 3] == UInt8(ascii: ":"),
                let oh = Digits.value(b, i + 1, 2), let om = Digits.value(b, i + 4, 2), oh < 24, om < 60
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (z == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.endIndex else { return nil }
        let seconds = Int64(date.dayNumber) * 86_400 + Int64(hh * 3600 + mm * 60 + ss) - Int64(offsetSeconds)
        return Instant(millis: seconds * 1000 + Int64(fracMillis))
    }

    /// Whole seconds since the epoch (floor).
    public var seconds: Int64 { millis >= 0 ? millis / 1000 : (millis - 999) / 1000 }

    /// The UTC date of this instant.
    public var utcDate: LocalDate {
        let day = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        return LocalDate(dayNumber: Int(day))
    }

    public var description: String {
        let date = utcDate
        let secondOfDay = Int(seconds - Int64(date.dayNumber) * 86_400)
        let h = secondOfDay / 3600, m = secondOfDay / 60 % 60, s = secondOfDay % 60
        let ms = Int(millis - seconds * 1000)
        let base = "\(date)T\(Digits.pad(h, 2)):\(Digits.pad(m, 2)):\(Digits.pad(s, 2))"
        return ms == 0 ? base + "Z" : base + ".\(Digits.pad(ms, 3))Z"
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.millis < rhs.millis }
}

/// Maps UTC instants to local dates in one IANA time zone (SPEC section 1: an interaction
/// belongs to the local date of `started_at` in its program's time zone).
///
/// Offsets are cached per 15-minute bucket: every zone transition in the modern tz data
/// falls on a quarter hour in UTC, so a bucket never straddles one. Not `Sendable`: each
/// import task owns its own resolver.
public struct LocalDateResolver {
    /// The IANA identifier, e.g. `America/Chicago`.
    public let identifier: String
    private let zone: TimeZone
    private var cache: [Int64: Int32] = [:]

    /// Creates a resolver; `nil` when `identifier` is not a known IANA zone.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
    }

    /// Whether `identifier` names a known IANA time zone.
    public static func isKnownZone(_ identifier: String) -> Bool {
        TimeZone(identifier: identifier) != nil
    }

    /// The UTC offset, in seconds, in force at `instant`.
    public mutating func offsetSeconds(at instant: Instant) -> Int {
        let bucket = instant.seconds >= 0 ? instant.seconds / 900 : (instant.seconds - 899) / 900
        if let cached = cache[bucket] { return Int(cached) }
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(bucket * 900)))
        if cache.count > 100_000 { cache.removeAll(keepingCapacity: true) }
        cache[bucket] = Int32(offset)
        return offset
    }

    /// The local date of `instant`.
    public mutating func localDate(of instant: Instant) -> LocalDate {
        let local = instant.millis + Int64(offsetSeconds(at: instant)) * 1000
        let day = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        return LocalDate(dayNumber: Int(day))
    }
}
