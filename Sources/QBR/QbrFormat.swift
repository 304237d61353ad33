import Foundation

/// Fixed, locale-free text for numbers and HTML, so the same document renders to the same bytes.
public enum QbrFormat {
    /// `value` with `digits` decimals (`12.35` → `"12.3"` for 1 digit); never `-0`.
    public static func number(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return "n/a" }
        let text = String(format: "%.\(max(0, min(digits, 6)))f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
        return text
    }

    /// `number(value)`, or an en dash when there is no value.
    public static func optional(_ value: Double?, digits: Int = 1) -> String {
        value.map { number($0, digits: digits) } ?? "–"
    }

    /// A money amount with thousands separators and 2 decimals (`1234.5` → `"1,234.50"`).
    public static func money(_ value: Double) -> String {
        let plain = number(value, digits: 2)
        let negative = plain.hasPrefix("-")
        let digits = negative ? String(plain.dropFirst()) : plain
        let parts = digits.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (negative ? "-" : "") + whole + grouped + fraction
    }

    /// An SVG coordinate: 2 decimals.
    static func coordinate(_ value: Double) -> String { number(value, digits: 2) }

    /// `text` safe inside HTML text and attribute values (`&`, `<`, `>`, `"`, `'`).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A fragment id from an arbitrary id: letters, digits, `-` and `_` kept, anything else `_`.
    static func anchor(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
    }
}
