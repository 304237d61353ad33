import Foundation
import Testing

@testable import Manifests

/// One broken rule: a manifest made by replacing `replace` (which must occur exactly once) in a
/// valid base manifest, and the error expected at `line` and `keyPath` with `message` in its text.
struct Variant: Sendable, CustomTestStringConvertible {
    /// The rule, as the test's name.
    var rule: String
    /// Text of the base manifest to replace (exactly one occurrence).
    var replace: String
    /// The replacement.
    var with: String
    /// The expected 1-based line.
    var line: Int
    /// The expected key path.
    var keyPath: String
    /// A fragment of the expected message.
    var message: String
    /// How many errors the variant produces in all (1 unless the rule implies another, e.g. a
    /// misspelt required key is unknown *and* missing).
    var errorCount = 1

    init(
        _ rule: String, replace: String, with: String, line: Int, keyPath: String, message: String,
        errorCount: Int = 1
    ) {
        self.rule = rule
        self.replace = replace
        self.with = with
        self.line = line
        self.keyPath = keyPath
        self.message = message
        self.errorCount = errorCount
    }

    var testDescription: String { rule }

    /// The base with the replacement made; `nil` when `replace` does not occur exactly once.
    func apply(to base: String) -> String? {
        let parts = base.components(separatedBy: replace)
        guard parts.count == 2 else { return nil }
        return parts[0] + with + parts[1]
    }
}

/// The errors `parse` throws for `yaml`, or none.
func errors(_ parse: (String) throws(ManifestErrors) -> Void, _ yaml: String) -> [ManifestError] {
    do {
        try parse(yaml)
        return []
    } catch {
        return error.errors
    }
}

/// Checks that `found` holds the error `variant` expects, and no more errors than it expects.
func check(_ variant: Variant, _ found: [ManifestError], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
        found.count == variant.errorCount, "errors: \(found.map(\.description))", sourceLocation: sourceLocation)
    let match = found.first { $0.keyPath == variant.keyPath }
    #expect(
        match != nil, "no error at \(variant.keyPath) in \(found.map(\.description))", sourceLocation: sourceLocation)
    guard let match else { return }
    #expect(match.line == variant.line, "\(match)", sourceLocation: sourceLocation)
    #expect(match.message.contains(variant.message), "\(match)", sourceLocation: sourceLocation)
    #expect(match.file == "Tenants/test.yaml", sourceLocation: sourceLocation)
}
