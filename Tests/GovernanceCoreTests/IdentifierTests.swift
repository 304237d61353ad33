import GovernanceCore
import Testing

@Suite("Identifier")
struct IdentifierTests {
    @Test(
        "accepts 1–64 characters from A-Z a-z 0-9 . _ : -",
        arguments: [
            "a", "Z", "0", "nw-care-a0001", "tok_3f9a", "site:MNL.1", "A-Z_0.9:x", ".hidden", "...",
            String(repeating: "x", count: 64),
        ])
    func acceptsValidIDs(id: String) {
        #expect(Identifier.isValid(id))
        #expect(Identifier.isValid(bytes: Array(id.utf8)))
        #expect(Identifier.isValidTenant(id))
        #expect(throws: Never.self) { try Identifier.validate(id, field: "agent_id") }
        #expect(throws: Never.self) { try Identifier.validateTenant(id) }
    }

    @Test(
        "rejects empty, too long, and anything outside the alphabet",
        arguments: [
            "",
            String(repeating: "x", count: 65),
            "a/b",
            "/etc/passwd",
            "../x",
            "a%2Fb",
            "a\u{0}b",
            "\u{0}",
            "a b",
            "a\\b",
            "a\nb",
            "a+b",
            "a*",
            "café",  // non-ASCII
            "ａ",  // full-width a
        ])
    func rejectsInvalidIDs(id: String) {
        #expect(!Identifier.isValid(id))
        #expect(!Identifier.isValidTenant(id))
        #expect(throws: GovernanceError.self) { try Identifier.validate(id, field: "agent_id") }
        #expect(throws: GovernanceError.self) { try Identifier.validateTenant(id) }
    }

    @Test("length is counted in bytes: 64 is the last valid length")
    func lengthBoundary() {
        #expect(Identifier.isValid(String(repeating: "a", count: 63)))
        #expect(Identifier.isValid(String(repeating: "a", count: 64)))
        #expect(!Identifier.isValid(String(repeating: "a", count: 65)))
    }

    @Test("'.' and '..' are valid ids but never tenant ids (they would name a directory)", arguments: [".", ".."])
    func dotsAreNotTenants(id: String) throws {
        #expect(Identifier.isValid(id))
        #expect(!Identifier.isValidTenant(id))
        let error = try #require(throws: GovernanceError.self) { try Identifier.validateTenant(id) }
        #expect(error.code == .invalidArgument)
    }

    @Test("a validation error is INVALID_ARGUMENT and names the field and the value")
    func validationMessage() throws {
        let error = try #require(throws: GovernanceError.self) { try Identifier.validate("a/b", field: "program_id") }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("program_id"))
        #expect(error.message.contains("'a/b'"))
    }

    @Test("a validation error quotes at most 80 characters of a long value")
    func validationMessageIsBounded() throws {
        let long = String(repeating: "y", count: 10_000)
        let error = try #require(throws: GovernanceError.self) { try Identifier.validateTenant(long) }
        #expect(error.message.contains(String(repeating: "y", count: 80)))
        #expect(!error.message.contains(String(repeating: "y", count: 81)))
    }
}
