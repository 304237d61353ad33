import Foundation
import GovernanceCore

/// The canonical text of a manifest part: JSON with sorted keys and no insignificant whitespace.
///
/// Parsed manifests are normalised before they get here (defaults filled in, metric lists sorted
/// by the catalog, numbers as `Double`), so two files with the same content, whatever their key
/// order, flow or block style, comments or `80` versus `80.0`, give the same string.
enum CanonicalJSON {
    /// The canonical JSON of `value`.
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return escapingYAMLBreaks(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            // Parsed manifests hold only finite numbers and strings, which JSON always encodes.
            preconditionFailure("a parsed manifest could not be encoded as JSON: \(error)")
        }
    }

    /// `json` with the characters JSON may carry raw but YAML may not escaped as `\\uXXXX`.
    ///
    /// The canonical text must also read as a YAML manifest (it is re-applied and compared), but
    /// YAML treats U+0085, U+2028 and U+2029 as line breaks and refuses DEL, the other C1 controls,
    /// the byte-order mark and U+FFFE/U+FFFF, while `JSONEncoder` writes them raw. Outside strings
    /// JSON is ASCII, so every such character is inside a string, where the escape means the same.
    static func escapingYAMLBreaks(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: false)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }
}

/// Coding keys given by their string, for the dictionaries keyed by catalog names.
struct NameKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedEncodingContainer {
    /// Encodes a month as `YYYY-MM`.
    mutating func encode(_ month: Month, forKey key: Key) throws {
        try encode(month.description, forKey: key)
    }

    /// Encodes a dictionary keyed by a catalog enum as a JSON object keyed by the enum's names.
    mutating func encode<Name: RawRepresentable, Value: Encodable>(_ map: [Name: Value], forKey key: Key) throws
    where Name.RawValue == String {
        var nested = nestedContainer(keyedBy: NameKey.self, forKey: key)
        for (name, value) in map {
            try nested.encode(value, forKey: NameKey(stringValue: name.rawValue))
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a month written as `YYYY-MM`.
    func decodeMonth(forKey key: Key) throws -> Month {
        let text = try decode(String.self, forKey: key)
        guard let month = Month(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a month: \(text)")
        }
        return month
    }

    /// Decodes an optional month written as `YYYY-MM`.
    func decodeMonthIfPresent(forKey key: Key) throws -> Month? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeMonth(forKey: key)
    }

    /// Decodes a catalog name (a metric, a channel, …).
    func decodeName<Name: RawRepresentable>(_ type: Name.Type, forKey key: Key) throws -> Name
    where Name.RawValue == String {
        let text = try decode(String.self, forKey: key)
        guard let value = Name(rawValue: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "unknown name: \(text)")
        }
        return value
    }

    /// Decodes a JSON object keyed by catalog names into a dictionary keyed by the enum.
    func decodeMap<Name: RawRepresentable & Hashable, Value: Decodable>(
        _ type: [Name: Value].Type, forKey key: Key
    ) throws -> [Name: Value] where Name.RawValue == String {
        let nested = try nestedContainer(keyedBy: NameKey.self, forKey: key)
        var result: [Name: Value] = [:]
        for nameKey in nested.allKeys {
            guard let name = Name(rawValue: nameKey.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: nameKey, in: nested, debugDescription: "unknown name: \(nameKey.stringValue)")
            }
            result[name] = try nested.decode(Value.self, forKey: nameKey)
        }
        return result
    }
}

/// The position of a metric in the SPEC section 2 table, the order manifests are normalised to.
func catalogIndex(_ metric: Metric) -> Int {
    Metric.allCases.firstIndex(of: metric) ?? Int.max
}
