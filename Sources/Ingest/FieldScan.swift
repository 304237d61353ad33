/// Byte-level parsers for field values; no allocation on the happy path.
enum FieldScan {
    private static let zero = UInt8(ascii: "0")
    private static let nine = UInt8(ascii: "9")

    /// Exact powers of ten (every one up to 1e22 is exactly representable as a `Double`).
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A whole number of decimal digits only (no sign), or `nil`. At most 18 digits.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= zero, byte <= nine else { return nil }
            value = value &* 10 &+ Int(byte &- zero)
        }
        return value
    }

    /// A finite decimal number `-?D+(.D+)?([eE][+-]?D+)?`, or `nil`.
    ///
    /// Up to 15 significant digits without an exponent are converted exactly (one correctly
    /// rounded division); anything longer goes through the standard library's conversion.
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        var negative = false
        if index < end, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        let integerStart = index
        while index < end, bytes[index] >= zero, bytes[index] <= nine {
            mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- zero)
            digits += 1
            index += 1
        }
        guard index > integerStart else { return nil }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < end, bytes[index] >= zero, bytes[index] <= nine {
                mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- zero)
                digits += 1
                fractionDigits += 1
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        var hasExponent = false
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            hasExponent = true
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < end, bytes[index] >= zero, bytes[index] <= nine { index += 1 }
            guard index > exponentStart else { return nil }
        }
        guard index == end else { return nil }
        let value: Double
        if !hasExponent, digits <= 15 {
            value = Double(mantissa) / powersOfTen[fractionDigits]
        } else {
            guard let parsed = Double(String(decoding: bytes, as: UTF8.self)), parsed.isFinite else { return nil }
            return parsed == 0 ? 0 : parsed
        }
        return negative && value != 0 ? -value : value
    }
}
