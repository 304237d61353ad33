import Foundation
import GovernanceCore
import GovernanceServer
import Testing

@Suite("ServerConfiguration")
struct ServerConfigurationTests {
    @Test("defaults are loopback on 8443 with TLS files under the data directory")
    func defaults() {
        let config = ServerConfiguration(dataDirectory: "/var/lib/governd")
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8443)
        #expect(!config.plaintextForDevelopment)
        #expect(config.resolvedCertificate == "/var/lib/governd/tls/server.pem")
        #expect(config.resolvedKey == "/var/lib/governd/tls/server-key.pem")
        #expect(config.controlDatabasePath == "/var/lib/governd/control.sqlite")
        #expect(config.tenantDirectory == "/var/lib/governd/tenants")
    }

    @Test("file values, then environment values, then the listen flag: the later source wins")
    func precedence() throws {
        var config = ServerConfiguration(dataDirectory: "/data")
        try config.apply(
            [
                "listen": "0.0.0.0:9000", "max_concurrent_streams": "50", "log_level": "debug",
                "tls_cert": "/file/cert.pem", "tenant_idle_seconds": "60",
            ],
            source: "governd.yaml")
        #expect(config.host == "0.0.0.0")
        #expect(config.port == 9000)
        #expect(config.maxConcurrentStreams == 50)

        let environment = ServerConfiguration.environmentValues([
            "GOVERND_MAX_CONCURRENT_STREAMS": "64", "GOVERND_LISTEN": "127.0.0.1:9100",
            "GOVERND_TLS_CERT": "/env/cert.pem", "PATH": "/usr/bin", "HOME": "/root",
        ])
        try config.apply(environment, source: "environment")
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 9100)

        try config.setListen("[::1]:8443", source: "--listen")

        #expect(config.host == "::1")
        #expect(config.port == 8443)
        #expect(config.maxConcurrentStreams == 64)  // environment over file
        #expect(config.tlsCertificate == "/env/cert.pem")
        #expect(config.resolvedCertificate == "/env/cert.pem")
        #expect(config.logLevel == "debug")  // only the file set it
        #expect(config.tenantIdleSeconds == 60)
        #expect(config.tlsKey == nil)
    }

    @Test("environmentValues keeps only GOVERND_ variables, as lower-case keys without the prefix")
    func environmentValues() {
        let values = ServerConfiguration.environmentValues([
            "GOVERND_MAX_CONCURRENT_STREAMS": "7",
            "GOVERND_LOG_LEVEL": "trace",
            "GOVERNDX": "1",
            "governd_listen": "lower-case prefix is not ours",
            "MY_GOVERND_LISTEN": "x",
            "PATH": "/usr/bin",
        ])
        #expect(values == ["max_concurrent_streams": "7", "log_level": "trace"])
    }

    @Test(
        "every documented key is applied",
        arguments: [
            ("max_message_bytes", "1024"), ("max_import_bytes", "2048"), ("max_import_rows", "10"),
            ("max_concurrent_streams", "3"), ("max_connection_idle_seconds", "30"),
            ("max_connection_age_seconds", "600"), ("tenant_idle_seconds", "5"), ("tls_key", "/k.pem"),
            ("log_level", "warning"), ("plaintext_dev", "true"),
        ])
    func appliesKey(key: String, value: String) throws {
        var config = ServerConfiguration(dataDirectory: "/data")
        try config.apply([key: value], source: "test")
        switch key {
        case "max_message_bytes": #expect(config.maxMessageBytes == 1024)
        case "max_import_bytes": #expect(config.maxImportBytes == 2048)
        case "max_import_rows": #expect(config.maxImportRows == 10)
        case "max_concurrent_streams": #expect(config.maxConcurrentStreams == 3)
        case "max_connection_idle_seconds": #expect(config.maxConnectionIdleSeconds == 30)
        case "max_connection_age_seconds": #expect(config.maxConnectionAgeSeconds == 600)
        case "tenant_idle_seconds": #expect(config.tenantIdleSeconds == 5)
        case "tls_key": #expect(config.resolvedKey == "/k.pem")
        case "log_level": #expect(config.logLevel == "warning")
        case "plaintext_dev": #expect(config.plaintextForDevelopment)
        default: Issue.record("no expectation for \(key)")
        }
    }

    @Test("data_dir is accepted but does not change the already-resolved data directory")
    func dataDirIsResolvedFirst() throws {
        var config = ServerConfiguration(dataDirectory: "/data")
        try config.apply(["data_dir": "/elsewhere"], source: "environment")
        #expect(config.dataDirectory == "/data")
    }

    @Test("an unknown key is INVALID_ARGUMENT naming the key and its source")
    func unknownKey() throws {
        var config = ServerConfiguration(dataDirectory: "/data")
        let error = try #require(throws: GovernanceError.self) {
            try config.apply(["max_streams": "5"], source: "governd.yaml")
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("'max_streams'"))
        #expect(error.message.contains("governd.yaml"))
    }

    @Test("a bad integer is INVALID_ARGUMENT naming the key", arguments: ["abc", "-1", "1.5", "", " 5", "99999999999999999999"])
    func badInteger(value: String) throws {
        var config = ServerConfiguration(dataDirectory: "/data")
        let error = try #require(throws: GovernanceError.self) {
            try config.apply(["max_concurrent_streams": value], source: "environment")
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("max_concurrent_streams"))
        #expect(config.maxConcurrentStreams == 128)
    }

    @Test(
        "listen parses HOST:PORT and bracketed IPv6",
        arguments: [
            ("[::1]:8443", "::1", 8443),
            ("0.0.0.0:0", "0.0.0.0", 0),
            ("127.0.0.1:65535", "127.0.0.1", 65535),
            ("localhost:50051", "localhost", 50051),
            ("[2001:db8::7]:443", "2001:db8::7", 443),
        ])
    func listen(value: String, host: String, port: Int) throws {
        var config = ServerConfiguration(dataDirectory: "/data")
        try config.setListen(value, source: "--listen")
        #expect(config.host == host)
        #expect(config.port == port)
    }

    @Test(
        "listen rejects values without a host or a valid port",
        arguments: ["8443", "host:", ":8443", "host:65536", "host:-1", "host:http", "[::1]", "[]:80", ""])
    func badListen(value: String) throws {
        var config = ServerConfiguration(dataDirectory: "/data")
        let error = try #require(throws: GovernanceError.self) { try config.setListen(value, source: "--listen") }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("--listen"))
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8443)
    }

    @Test("listen rejects a bracketed IPv6 host not followed by ':'")
    func bracketWithoutColon() {
        // "[::1]8443" has no ':' between the host and the port; taking it as port 443 would
        // silently bind the wrong port.
        var config = ServerConfiguration(dataDirectory: "/data")
        #expect(throws: GovernanceError.self) { try config.setListen("[::1]8443", source: "--listen") }
    }

    @Test("a YAML config file becomes string settings that apply like the environment")
    func fileValues() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/governd.yaml"
            let yaml = """
                # governd settings
                listen: "[::]:9443"
                max_concurrent_streams: 100
                plaintext_dev: false
                log_level: notice

                """
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            let values = try ServerConfiguration.fileValues(path: path)
            #expect(
                values == [
                    "listen": "[::]:9443", "max_concurrent_streams": "100", "plaintext_dev": "false",
                    "log_level": "notice",
                ])
            var config = ServerConfiguration(dataDirectory: dir)
            try config.apply(values, source: path)
            #expect(config.host == "::")
            #expect(config.port == 9443)
            #expect(config.maxConcurrentStreams == 100)
            #expect(!config.plaintextForDevelopment)
        }
    }

    @Test("an empty config file has no settings; a missing or non-mapping one is INVALID_ARGUMENT")
    func badFiles() async throws {
        try await withTemporaryDirectory { dir in
            try "".write(toFile: dir + "/empty.yaml", atomically: true, encoding: .utf8)
            #expect(try ServerConfiguration.fileValues(path: dir + "/empty.yaml") == [:])

            try "- listen\n- port\n".write(toFile: dir + "/list.yaml", atomically: true, encoding: .utf8)
            let notMapping = try #require(throws: GovernanceError.self) {
                try ServerConfiguration.fileValues(path: dir + "/list.yaml")
            }
            #expect(notMapping.code == .invalidArgument)

            let missing = try #require(throws: GovernanceError.self) {
                try ServerConfiguration.fileValues(path: dir + "/absent.yaml")
            }
            #expect(missing.code == .invalidArgument)
            #expect(missing.message.contains("absent.yaml"))
        }
    }
}
