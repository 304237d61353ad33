/// Rules for the ids of SPEC section 9: case-sensitive strings of 1–64 characters from
/// `[A-Za-z0-9._:-]`.
///
/// Tenant ids use the same alphabet, which is what keeps a tenant id from ever steering a
/// file path: `/`, `%` and NUL are not in it, and `.`/`..` alone are rejected too.
public enum Identifier {
    /// Whether `bytes` is a valid id.
    @inlinable
    public static func isValid<C: Collection>(bytes: C) -> Bool where C.Element == UInt8 {
        let count = bytes.count
        guard count >= 1, count <= 64 else { return false }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: ":"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return true
    }

    /// Whether `string` is a valid id.
    public static func isValid(_ string: String) -> Bool {
        isValid(bytes: string.utf8)
    }

    /// Whether `string` may name a tenant: a valid id that is not `.` or `..`.
    public static func isValidTenant(_ string: String) -> Bool {
        isValid(string) && string != "." && string != ".."
    }

    /// Throws an ``GovernanceError/Code/invalidArgument`` error naming `field` unless `value` is a valid id.
    public static func validate(_ value: String, field: String) throws(GovernanceError) {
        guard isValid(value) else {
            throw GovernanceError.invalid(
                "\(field) '\(value.prefix(80))' is not a valid id (1–64 characters from A-Z a-z 0-9 . _ : -)"
            )
        }
    }

    /// Throws unless `value` is a valid tenant id.
    public static func validateTenant(_ value: String) throws(GovernanceError) {
        guard isValidTenant(value) else {
            throw GovernanceError.invalid(
                "tenant '\(value.prefix(80))' is not a valid tenant id (1–64 characters from A-Z a-z 0-9 . _ : -)"
            )
        }
    }
}
