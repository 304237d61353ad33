import Crypto
import Foundation
import GovernanceCore

/// Creates and checks bearer tokens.
///
/// A token is `gv_` followed by 32 random bytes in base64url (256 bits of entropy). Only
/// its SHA-256 is stored; the secret is shown once, at creation. A fast hash is right here:
/// the secret is random, not a password, so there is nothing to brute-force.
public enum TokenAuthority {
    /// A new random secret.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "gv_" + base64url(bytes)
    }

    /// A new token id (`tok_` + 12 random hex characters); safe to show and log.
    public static func newTokenID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "tok_" + (0..<6).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
            .joined()
    }

    /// Hex SHA-256 of a secret.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The secret from an `authorization` metadata value (`Bearer <secret>`), or `nil`.
    public static func secret(fromAuthorization value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let secret = trimmed.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard secret.hasPrefix("gv_"), secret.count < 200 else { return nil }
        return secret
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
