import Foundation
import GovernanceCore
import GovernanceServer
import Testing

@Suite("DevCertificateAuthority")
struct DevCertificateAuthorityTests {
    @Test("generates a CA and a server certificate as four PEM files, keys readable by the owner only")
    func generates() async throws {
        try await withTemporaryDirectory { dir in
            let tls = dir + "/tls"
            let files = try DevCertificateAuthority.generate(into: tls, hostNames: ["governd.internal", "10.1.2.3"])
            #expect(files.caCertificate == tls + "/ca.pem")
            #expect(files.caKey == tls + "/ca-key.pem")
            #expect(files.serverCertificate == tls + "/server.pem")
            #expect(files.serverKey == tls + "/server-key.pem")
            #expect(
                (try FileManager.default.contentsOfDirectory(atPath: tls)).sorted()
                    == ["ca-key.pem", "ca.pem", "server-key.pem", "server.pem"])

            for certificate in [files.caCertificate, files.serverCertificate] {
                let text = try String(contentsOfFile: certificate, encoding: .utf8)
                #expect(text.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
                #expect(text.hasSuffix("-----END CERTIFICATE-----\n"))
                #expect(try permissions(certificate) == 0o644)
            }
            for key in [files.caKey, files.serverKey] {
                let text = try String(contentsOfFile: key, encoding: .utf8)
                #expect(text.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
                #expect(text.hasSuffix("-----END PRIVATE KEY-----\n"))
                #expect(try permissions(key) == 0o600, "\(key)")
            }
            #expect(try permissions(tls) == 0o700)
        }
    }

    @Test("the server certificate verifies against the CA for localhost, loopback and the extra names")
    func verifiesWithOpenSSL() async throws {
        let openssl = "/usr/bin/openssl"
        try #require(FileManager.default.isExecutableFile(atPath: openssl), "needs the openssl command-line tool")
        try await withTemporaryDirectory { dir in
            let files = try DevCertificateAuthority.generate(into: dir + "/tls", hostNames: ["governd.internal", "10.1.2.3"])
            let base = ["verify", "-CAfile", files.caCertificate, "-purpose", "sslserver"]
            for host in ["localhost", "governd.internal"] {
                let result = try run(openssl, base + ["-verify_hostname", host, files.serverCertificate])
                #expect(result.status == 0, "\(host): \(result.output)")
            }
            for ip in ["127.0.0.1", "::1", "10.1.2.3"] {
                let result = try run(openssl, base + ["-verify_ip", ip, files.serverCertificate])
                #expect(result.status == 0, "\(ip): \(result.output)")
            }
            // A name the certificate does not carry fails, so the checks above mean something.
            let wrong = try run(openssl, base + ["-verify_hostname", "example.com", files.serverCertificate])
            #expect(wrong.status != 0)
            // The CA is a CA; the server certificate is not.
            let ca = try run(openssl, ["x509", "-in", files.caCertificate, "-noout", "-text"])
            #expect(ca.output.contains("CA:TRUE"))
            let server = try run(openssl, ["x509", "-in", files.serverCertificate, "-noout", "-text"])
            #expect(server.output.contains("CA:FALSE"))
        }
    }

    @Test("a second run refuses with ALREADY_EXISTS and leaves the first CA untouched")
    func refusesSecondRun() async throws {
        try await withTemporaryDirectory { dir in
            let tls = dir + "/tls"
            let files = try DevCertificateAuthority.generate(into: tls)
            let before = try [files.caCertificate, files.caKey, files.serverCertificate, files.serverKey].map {
                try String(contentsOfFile: $0, encoding: .utf8)
            }
            let error = try #require(throws: GovernanceError.self) { try DevCertificateAuthority.generate(into: tls) }
            #expect(error.code == .alreadyExists)
            let after = try [files.caCertificate, files.caKey, files.serverCertificate, files.serverKey].map {
                try String(contentsOfFile: $0, encoding: .utf8)
            }
            #expect(after == before)
        }
    }
}
