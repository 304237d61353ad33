import Crypto
import Foundation
import GovernanceCore
import SwiftASN1
import X509

/// Creates the local development CA and server certificate that `governd init` writes to
/// `DATA_DIR/tls/` (`ca.pem`, `ca-key.pem`, `server.pem`, `server-key.pem`).
///
/// The CA is a P-256 key valid for 10 years; the server certificate (P-256, 2 years) names
/// `localhost`, `127.0.0.1`, `::1` and any extra host names given, so `govctl --ca ca.pem`
/// and any gRPC client trusting `ca.pem` can verify it. Production deployments replace
/// `server.pem`/`server-key.pem` with certificates from their own PKI (`--tls-cert`/`--tls-key`).
public enum DevCertificateAuthority {
    /// Paths of the generated files.
    public struct Files: Sendable {
        public var caCertificate: String
        public var caKey: String
        public var serverCertificate: String
        public var serverKey: String

        /// The standard layout under `directory`.
        public init(directory: String) {
            caCertificate = directory + "/ca.pem"
            caKey = directory + "/ca-key.pem"
            serverCertificate = directory + "/server.pem"
            serverKey = directory + "/server-key.pem"
        }
    }

    /// Generates a CA and a server certificate into `directory` (mode 0700; keys 0600).
    ///
    /// - Parameter hostNames: extra DNS names or IP addresses for the server certificate.
    /// - Throws: ALREADY_EXISTS when a CA is already there; UNAVAILABLE when files cannot be written.
    @discardableResult
    public static func generate(into directory: String, hostNames: [String] = []) throws(GovernanceError) -> Files {
        let files = Files(directory: directory)
        if FileManager.default.fileExists(atPath: files.caCertificate) {
            throw GovernanceError(code: .alreadyExists, message: "\(files.caCertificate) already exists")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let now = Date()
            let caKey = P256.Signing.PrivateKey()
            let caName = try DistinguishedName {
                OrganizationName("governd")
                CommonName("governd development CA")
            }
            let caPublic = Certificate.PublicKey(caKey.publicKey)
            let caIdentifier = SubjectKeyIdentifier(hash: caPublic)
            let ca = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: caPublic,
                notValidBefore: now - 3600,
                notValidAfter: now + 10 * 365 * 86_400,
                issuer: caName,
                subject: caName,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                    caIdentifier
                },
                issuerPrivateKey: Certificate.PrivateKey(caKey))

            let serverKey = P256.Signing.PrivateKey()
            let serverPublic = Certificate.PublicKey(serverKey.publicKey)
            let serverName = try DistinguishedName {
                OrganizationName("governd")
                CommonName("localhost")
            }
            var names: [GeneralName] = [.dnsName("localhost")]
            for address in ["127.0.0.1", "::1"] + hostNames {
                if let bytes = ipAddressBytes(address) {
                    names.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...])))
                } else {
                    names.append(.dnsName(address))
                }
            }
            let server = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: serverPublic,
                notValidBefore: now - 3600,
                notValidAfter: now + 2 * 365 * 86_400,
                issuer: caName,
                subject: serverName,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectAlternativeNames(names)
                    SubjectKeyIdentifier(hash: serverPublic)
                    AuthorityKeyIdentifier(keyIdentifier: caIdentifier.keyIdentifier)
                },
                issuerPrivateKey: Certificate.PrivateKey(caKey))

            try write(try ca.serializeAsPEM().pemString, to: files.caCertificate, mode: 0o644)
            try write(caKey.pemRepresentation, to: files.caKey, mode: 0o600)
            try write(try server.serializeAsPEM().pemString, to: files.serverCertificate, mode: 0o644)
            try write(serverKey.pemRepresentation, to: files.serverKey, mode: 0o600)
        } catch let error as GovernanceError {
            throw error
        } catch {
            throw GovernanceError(code: .unavailable, message: "cannot create the development CA in \(directory)", cause: error)
        }
        return files
    }

    static func write(_ text: String, to path: String, mode: Int) throws {
        guard FileManager.default.createFile(
            atPath: path, contents: Data((text.hasSuffix("\n") ? text : text + "\n").utf8),
            attributes: [.posixPermissions: mode])
        else {
            throw GovernanceError(code: .unavailable, message: "cannot write \(path)")
        }
    }

    /// The bytes of an IPv4 or IPv6 literal, or `nil` for a host name.
    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
