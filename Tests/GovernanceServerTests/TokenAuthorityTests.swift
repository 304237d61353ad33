import GovernanceServer
import Testing

@Suite("TokenAuthority")
struct TokenAuthorityTests {
    static let base64url = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    @Test("a secret is gv_ and 43 base64url characters: 32 random bytes without padding")
    func secretFormat() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let secret = TokenAuthority.newSecret()
            #expect(secret.hasPrefix("gv_"))
            // 32 bytes = 256 bits = 42⅔ base64 digits, so 43 characters once the '=' is dropped.
            #expect(secret.count == 46)
            #expect(secret.dropFirst(3).allSatisfy { Self.base64url.contains($0) }, "\(secret)")
            seen.insert(secret)
        }
        #expect(seen.count == 200)
    }

    @Test("a token id is tok_ and 12 lower-case hex characters, and a valid id")
    func tokenIDFormat() {
        let id = TokenAuthority.newTokenID()
        #expect(id.hasPrefix("tok_"))
        #expect(id.count == 16)
        #expect(id.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(TokenAuthority.newTokenID() != id)
    }

    @Test("the hash is the lower-case hex SHA-256 of the secret")
    func hash() {
        // FIPS 180-2 test vectors.
        #expect(TokenAuthority.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TokenAuthority.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let secret = TokenAuthority.newSecret()
        let hash = TokenAuthority.hash(secret)
        #expect(hash.count == 64)
        #expect(hash.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(TokenAuthority.hash(secret) == hash)
        #expect(!hash.contains(secret.dropFirst(3)))
    }

    @Test(
        "reads the secret from 'Bearer <secret>' in any case",
        arguments: [
            ("Bearer gv_abc", "gv_abc"),
            ("bearer gv_abc", "gv_abc"),
            ("BEARER gv_abc", "gv_abc"),
            ("BeArEr gv_abc", "gv_abc"),
            ("  Bearer gv_abc  ", "gv_abc"),
            ("Bearer   gv_abc", "gv_abc"),
        ])
    func acceptsBearer(header: String, secret: String) {
        #expect(TokenAuthority.secret(fromAuthorization: header) == secret)
    }

    @Test("a real secret survives the round trip through the header")
    func roundTrip() {
        let secret = TokenAuthority.newSecret()
        #expect(TokenAuthority.secret(fromAuthorization: "Bearer \(secret)") == secret)
    }

    @Test(
        "rejects anything that is not a bearer gv_ secret",
        arguments: [
            "", "Bearer", "Bearer ", "Bearer        ", "gv_abc", "Basic gv_abc", "Bearergv_abc", "Token gv_abc",
            "Bearer abc", "Bearer GV_abc", "Bearer: gv_abc", "Bearer gv_" + String(repeating: "a", count: 200),
        ])
    func rejectsOthers(header: String) {
        #expect(TokenAuthority.secret(fromAuthorization: header) == nil)
    }
}
