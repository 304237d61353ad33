import GovernanceCore
import Yams

/// A dotted key path into a manifest, rendered like `programs[0].scorecard[1].metrics[2].target`.
struct ManifestPath: CustomStringConvertible, Sendable {
    /// The rendered path; empty for the document root.
    private(set) var description: String

    /// The document root.
    static let root = ManifestPath(description: "")

    /// The path of `key` inside the mapping at this path.
    func key(_ name: String) -> ManifestPath {
        ManifestPath(description: description.isEmpty ? name : description + "." + name)
    }

    /// The path of element `index` of the sequence at this path.
    func index(_ index: Int) -> ManifestPath {
        ManifestPath(description: description + "[\(index)]")
    }
}

/// A YAML mapping whose keys were checked against the keys its shape allows.
struct Fields {
    /// The mapping node (its mark locates "missing key" errors).
    let node: Node
    /// Where the mapping is.
    let path: ManifestPath
    /// The values by key, in the order they were written; `x-` extension keys are left out.
    private(set) var entries: [(key: String, value: Node)]

    /// The value written for `key`, or `nil` when the key is absent (a `null` value is returned as written).
    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }
}

/// How a number read from a manifest is bounded (SPEC section 1: values within 1e-9 of a bound equal it).
enum NumberRule {
    /// Any finite number.
    case any
    /// Greater than 0.
    case positive
    /// 0 or more.
    case nonNegative
    /// 0 to 100 inclusive.
    case percentage

    /// A message when `value` breaks the rule, else `nil`.
    func violation(_ value: Double) -> String? {
        switch self {
        case .any:
            return nil
        case .positive:
            return value > boundTolerance ? nil : "must be greater than 0, found \(formatNumber(value))"
        case .nonNegative:
            return value >= -boundTolerance ? nil : "must be 0 or more, found \(formatNumber(value))"
        case .percentage:
            return value >= -boundTolerance && value <= 100 + boundTolerance
                ? nil : "must be between 0 and 100, found \(formatNumber(value))"
        }
    }

    /// `value` (which obeys the rule) moved onto the bound it is within tolerance of, so the
    /// engine, which checks bounds exactly, accepts what the manifest accepted.
    func snapped(_ value: Double) -> Double {
        switch self {
        case .any, .positive:
            return value
        case .nonNegative:
            return max(value, 0)
        case .percentage:
            return min(max(value, 0), 100)
        }
    }
}

/// Formats a number for messages: integral values without a fraction (`110`, not `110.0`).
func formatNumber(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
        return String(Int64(value))
    }
    return String(value)
}

/// Reads YAML nodes into typed values and collects every problem on the way.
///
/// Readers return `nil` (or the default) for a value they could not read and record why; the
/// entry points throw once the whole document was read, so one run reports every problem.
struct ManifestReader {
    /// The file name used in messages.
    let file: String
    /// The problems found so far, in the order they were found.
    private(set) var errors: [ManifestError] = []

    init(file: String) {
        self.file = file
    }

    // MARK: Document

    /// Parses YAML text into its root node; syntax errors (and an empty document) are thrown.
    static func compose(yaml: String, file: String) throws(ManifestErrors) -> Node {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch let error as YamlError {
            throw ManifestErrors([syntaxError(error, file: file)])
        } catch {
            throw ManifestErrors([
                ManifestError(file: file, line: 1, column: 1, keyPath: "", message: "not valid YAML: \(error)")
            ])
        }
        guard let root, Self.tagName(root) != .null else {
            throw ManifestErrors([
                ManifestError(file: file, line: 1, column: 1, keyPath: "", message: "the file holds no YAML document")
            ])
        }
        // Aliases share nodes, so a few lines can stand for billions of them ("billion laughs");
        // every later walk would pay for the expansion. Count it, up to the limit only.
        var budget = maxExpandedNodes
        guard Self.fits(root, within: &budget) else {
            throw ManifestErrors([
                ManifestError(
                    file: file, line: 1, column: 1, keyPath: "",
                    message: "the document expands to more than \(maxExpandedNodes) YAML nodes "
                        + "(aliases repeating anchors?); a manifest is far smaller")
            ])
        }
        return root
    }

    /// The most nodes a manifest may expand to, aliases counted as copies of their anchor. The
    /// demo tenant manifests hold a few hundred; a large real one a few tens of thousands.
    static let maxExpandedNodes = 1_000_000

    /// Whether `node` expands to at most `budget` nodes; stops as soon as the budget is spent.
    private static func fits(_ node: Node, within budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias:
            return true
        case .sequence(let sequence):
            for item in sequence where !fits(item, within: &budget) { return false }
            return true
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard fits(key, within: &budget), fits(value, within: &budget) else { return false }
            }
            return true
        }
    }

    /// A syntax error from the YAML parser, located where the parser says.
    private static func syntaxError(_ error: YamlError, file: String) -> ManifestError {
        func make(_ mark: Mark?, _ message: String) -> ManifestError {
            ManifestError(
                file: file, line: max(mark?.line ?? 1, 1), column: max(mark?.column ?? 1, 1), keyPath: "",
                message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) (line \($0.mark.line)), " } ?? ""
            return make(mark, "not valid YAML: \(prefix)\(problem)")
        case .reader(let problem, _, _, _):
            return make(nil, "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // A key given twice would silently lose one of its values: always an error.
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return make(context.mark, "duplicate key \(names) in one mapping")
        default:
            return make(nil, "not valid YAML: \(error)")
        }
    }

    // MARK: Reporting

    /// Records a problem at `node` (or at line 1 when the node has no mark).
    mutating func report(_ message: String, at node: Node?, _ path: ManifestPath) {
        let mark = node?.mark
        errors.append(
            ManifestError(
                file: file, line: max(mark?.line ?? 1, 1), column: max(mark?.column ?? 1, 1),
                keyPath: path.description, message: message))
    }

    // MARK: Mappings and sequences

    /// The mapping at `node`, with its keys checked against `allowed`.
    ///
    /// A key outside `allowed` is an error naming the allowed keys (a typo such as `sevrity` must not
    /// silently drop a contract term); keys starting with `x-` are extensions and are skipped.
    mutating func fields(_ node: Node, _ path: ManifestPath, allowed: [String]) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(
                "expected a mapping with keys \(allowed.joined(separator: ", ")), found \(describe(node))", at: node,
                path)
            return nil
        }
        var entries: [(key: String, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = scalarString(keyNode) else {
                report("a key must be a plain name, found \(describe(keyNode))", at: keyNode, path)
                continue
            }
            if key.hasPrefix("x-") { continue }
            guard allowed.contains(key) else {
                report(unknownMessage("key", key, allowed: allowed), at: keyNode, path.key(key))
                continue
            }
            entries.append((key, value))
        }
        return Fields(node: node, path: path, entries: entries)
    }

    /// The elements of the sequence at `node`, or `nil` (reported) when it is not a sequence.
    mutating func sequence(_ node: Node, _ path: ManifestPath) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report("expected a list, found \(describe(node))", at: node, path)
            return nil
        }
        return Array(sequence)
    }

    /// The pairs of the mapping at `node` whose keys name `Key` cases (`{voice: 20, chat: 60}`),
    /// each with its key node and path; unknown names are reported with the valid ones.
    mutating func keyedMapping<Key: RawRepresentable & CaseIterable>(
        _ node: Node, _ path: ManifestPath, keyKind: String
    ) -> [(key: Key, keyNode: Node, value: Node, path: ManifestPath)]? where Key.RawValue == String {
        guard case .mapping(let mapping) = node else {
            report("expected a mapping of \(keyKind) names to values, found \(describe(node))", at: node, path)
            return nil
        }
        var result: [(key: Key, keyNode: Node, value: Node, path: ManifestPath)] = []
        for (keyNode, value) in mapping {
            guard let name = scalarString(keyNode) else {
                report("a key must be a plain name, found \(describe(keyNode))", at: keyNode, path)
                continue
            }
            guard let key = Key(rawValue: name) else {
                report(
                    unknownMessage(keyKind, name, allowed: Key.allCases.map(\.rawValue)), at: keyNode, path.key(name))
                continue
            }
            result.append((key, keyNode, value, path.key(name)))
        }
        return result
    }

    // MARK: Field access

    /// The value of a required key; a missing key or a `null` value is reported.
    mutating func required(_ fields: Fields, _ key: String) -> Node? {
        guard let node = fields[key] else {
            report("required key '\(key)' is missing", at: fields.node, fields.path.key(key))
            return nil
        }
        guard !isNull(node) else {
            report("'\(key)' needs a value", at: node, fields.path.key(key))
            return nil
        }
        return node
    }

    /// The value of an optional key; `nil` when the key is absent or its value is `null`.
    func optional(_ fields: Fields, _ key: String) -> Node? {
        guard let node = fields[key], !isNull(node) else { return nil }
        return node
    }

    /// A required, non-blank string.
    mutating func text(_ fields: Fields, _ key: String) -> String? {
        guard let node = required(fields, key) else { return nil }
        return text(node, fields.path.key(key))
    }

    /// The non-blank string at `node`.
    mutating func text(_ node: Node, _ path: ManifestPath) -> String? {
        guard let value = scalarString(node) else {
            report("expected text, found \(describe(node))", at: node, path)
            return nil
        }
        guard !value.allSatisfy(\.isWhitespace) else {
            report("must not be empty", at: node, path)
            return nil
        }
        return value
    }

    /// A required id (SPEC section 9: 1–64 characters from `A-Z a-z 0-9 . _ : -`).
    mutating func identifier(_ fields: Fields, _ key: String) -> String? {
        guard let node = required(fields, key), let value = text(node, fields.path.key(key)) else { return nil }
        guard Identifier.isValid(value) else {
            report(
                "'\(value.prefix(80))' is not a valid id (1–64 characters from A-Z a-z 0-9 . _ : -)", at: node,
                fields.path.key(key))
            return nil
        }
        return value
    }

    /// A required number obeying `rule`.
    mutating func number(_ fields: Fields, _ key: String, rule: NumberRule = .any) -> Double? {
        guard let node = required(fields, key) else { return nil }
        return number(node, fields.path.key(key), rule: rule)
    }

    /// An optional number obeying `rule`; `defaultValue` when absent (or unreadable, which is reported).
    mutating func number(_ fields: Fields, _ key: String, default defaultValue: Double, rule: NumberRule) -> Double {
        guard let node = optional(fields, key) else { return defaultValue }
        return number(node, fields.path.key(key), rule: rule) ?? defaultValue
    }

    /// The finite number at `node`, obeying `rule`.
    ///
    /// Only unquoted YAML numbers count: `"50"` in quotes is text, and a contract value that is
    /// text by mistake is better caught than guessed.
    mutating func number(_ node: Node, _ path: ManifestPath, rule: NumberRule = .any) -> Double? {
        guard case .scalar(let scalar) = node else {
            report("expected a number, found \(describe(node))", at: node, path)
            return nil
        }
        let value: Double?
        switch tagName(node) {
        case .int: value = Int.construct(from: scalar).map(Double.init)
        case .float: value = Double.construct(from: scalar)
        default: value = nil
        }
        guard let value, value.isFinite else {
            report("expected a number, found \(describe(node))", at: node, path)
            return nil
        }
        if let violation = rule.violation(value) {
            report(violation, at: node, path)
            return nil
        }
        return rule.snapped(value)
    }

    /// A required whole number obeying `rule`.
    mutating func integer(_ fields: Fields, _ key: String, rule: NumberRule = .any) -> Int? {
        guard let node = required(fields, key) else { return nil }
        return integer(node, fields.path.key(key), rule: rule)
    }

    /// An optional whole number obeying `rule`; `defaultValue` when absent (or unreadable, which is reported).
    mutating func integer(_ fields: Fields, _ key: String, default defaultValue: Int, rule: NumberRule) -> Int {
        guard let node = optional(fields, key) else { return defaultValue }
        return integer(node, fields.path.key(key), rule: rule) ?? defaultValue
    }

    /// The whole number at `node` (`7` or `7.0`), obeying `rule`.
    mutating func integer(_ node: Node, _ path: ManifestPath, rule: NumberRule = .any) -> Int? {
        guard let value = number(node, path, rule: .any) else { return nil }
        guard value == value.rounded(), abs(value) < 1e15 else {
            report("must be a whole number, found \(formatNumber(value))", at: node, path)
            return nil
        }
        if let violation = rule.violation(value) {
            report(violation, at: node, path)
            return nil
        }
        return Int(value)
    }

    /// An optional boolean: `defaultValue` when absent, `nil` (reported) when not a boolean.
    mutating func bool(_ fields: Fields, _ key: String, default defaultValue: Bool) -> Bool? {
        guard let node = optional(fields, key) else { return defaultValue }
        guard case .scalar(let scalar) = node, tagName(node) == .bool, let value = Bool.construct(from: scalar) else {
            report("expected true or false, found \(describe(node))", at: node, fields.path.key(key))
            return nil
        }
        return value
    }

    /// A required month `YYYY-MM`.
    mutating func month(_ fields: Fields, _ key: String) -> Month? {
        guard let node = required(fields, key) else { return nil }
        return month(node, fields.path.key(key))
    }

    /// The month `YYYY-MM` at `node`.
    mutating func month(_ node: Node, _ path: ManifestPath) -> Month? {
        guard let value = scalarString(node), let month = Month(value) else {
            report("expected a month YYYY-MM, found \(describe(node))", at: node, path)
            return nil
        }
        return month
    }

    /// A required catalog metric name.
    mutating func metric(_ fields: Fields, _ key: String) -> Metric? {
        guard let node = required(fields, key) else { return nil }
        return choice(node, fields.path.key(key), kind: "metric")
    }

    /// The case of `E` named at `node`; an unknown name is reported with the valid ones.
    mutating func choice<E: RawRepresentable & CaseIterable>(_ node: Node, _ path: ManifestPath, kind: String) -> E?
    where E.RawValue == String {
        guard let name = scalarString(node) else {
            report("expected a \(kind) name, found \(describe(node))", at: node, path)
            return nil
        }
        guard let value = E(rawValue: name) else {
            report(unknownMessage(kind, name, allowed: E.allCases.map(\.rawValue)), at: node, path)
            return nil
        }
        return value
    }

    /// An optional choice among `E`'s names; `defaultValue` when absent.
    mutating func choice<E: RawRepresentable & CaseIterable>(
        _ fields: Fields, _ key: String, kind: String, default defaultValue: E
    ) -> E where E.RawValue == String {
        guard let node = optional(fields, key) else { return defaultValue }
        return choice(node, fields.path.key(key), kind: kind) ?? defaultValue
    }

    // MARK: Helpers

    /// The resolved tag of `node` (`int`, `float`, `str`, `null`, …).
    static func tagName(_ node: Node) -> Tag.Name {
        Tag.Name(rawValue: node.tag.rawValue)
    }

    /// The resolved tag of `node`.
    func tagName(_ node: Node) -> Tag.Name {
        Self.tagName(node)
    }

    /// The text of a scalar that is not `null`, or `nil`.
    func scalarString(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else { return nil }
        return scalar.string
    }

    /// Whether `node` is a YAML null (`~`, `null`, or nothing after the colon).
    func isNull(_ node: Node) -> Bool {
        guard case .scalar = node else { return false }
        return tagName(node) == .null
    }

    /// A short description of a node for messages: `'abc'`, `a list`, `a mapping`, `nothing`.
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNull(node) { return "nothing" }
            let text = scalar.string.count > 60 ? String(scalar.string.prefix(60)) + "…" : scalar.string
            return scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? "the text \"\(text)\"" : "'\(text)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    /// "unknown metric 'servce_level' (did you mean 'service_level'?); expected one of: …".
    func unknownMessage(_ kind: String, _ name: String, allowed: [String]) -> String {
        let suggestion = closestMatch(to: name, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
        return "unknown \(kind) '\(name.prefix(80))'\(suggestion); expected one of: \(allowed.joined(separator: ", "))"
    }
}

/// The candidate within edit distance 2 of `name` (the closest; the first on a tie), if any.
func closestMatch(to name: String, in candidates: [String]) -> String? {
    let source = Array(name.lowercased().unicodeScalars)
    guard source.count <= 64 else { return nil }
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let target = Array(candidate.unicodeScalars)
        // Levenshtein distance, one row at a time.
        var previous = Array(0...target.count)
        for (i, s) in source.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: target.count)
            for (j, t) in target.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (s == t ? 0 : 1))
            }
            previous = current
        }
        let distance = previous[target.count]
        if distance <= 2, distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.candidate
}
