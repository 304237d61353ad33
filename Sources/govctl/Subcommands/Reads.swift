import ArgumentParser
import Crypto
import Foundation
import GRPCCore
import GovernanceAPI

struct Summary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Row counts per file kind and month stored for a tenant (what arrived).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: FormatOption
    @Option(name: .long, help: "Tenant id.") var tenant: String

    func run() async throws {
        try await connection.withClient { client in
            var request = Governance_V1_GetDataSummaryRequest()
            request.tenant = tenant
            let reply = try await Governance_V1_IngestService.Client(wrapping: client)
                .getDataSummary(request, options: connection.callOptions)
            switch output.format {
            case .json:
                try Output.printJSON(reply)
            case .table:
                Output.printTable(
                    ["kind", "month", "rows"],
                    reply.counts.map { [Import.kindName($0.kind), $0.month.isEmpty ? "-" : $0.month, Output.grouped($0.rows)] })
                print("")
                Output.printTable(["kind", "total rows"], reply.totals.map { [Import.kindName($0.kind), Output.grouped($0.rows)] })
            }
        }
    }
}

struct Tenants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List tenants, or show one with its programs.",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tenants the token can see.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            try await connection.withClient { client in
                let reply = try await Governance_V1_AdminService.Client(wrapping: client)
                    .listTenants(Governance_V1_ListTenantsRequest(), options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table: Output.printTable(["tenant", "name", "created"], reply.tenants.map { [$0.id, $0.name, $0.createdAt] })
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One tenant and its programs.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Argument(help: "Tenant id.") var tenant: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_GetTenantRequest()
                request.tenant = tenant
                let reply = try await Governance_V1_AdminService.Client(wrapping: client)
                    .getTenant(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    print("\(reply.id)  \(reply.name)  (created \(reply.createdAt))")
                    Output.printTable(["program", "name", "site", "timezone"], reply.programs.map { [$0.id, $0.name, $0.site, $0.timezone] })
                }
            }
        }
    }
}

struct Programs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A tenant's programs with their settings.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: FormatOption
    @Option(name: .long, help: "Tenant id.") var tenant: String

    func run() async throws {
        try await connection.withClient { client in
            var request = Governance_V1_ListProgramsRequest()
            request.tenant = tenant
            let reply = try await Governance_V1_ManifestService.Client(wrapping: client)
                .listPrograms(request, options: connection.callOptions)
            switch output.format {
            case .json: try Output.printJSON(reply)
            case .table:
                Output.printTable(
                    ["program", "name", "timezone", "SL formula", "FCR days", "scorecard v", "SLA v"],
                    reply.programs.map {
                        [$0.id, $0.name, $0.timezone, $0.serviceLevelFormula, String($0.fcrWindowDays),
                         String($0.scorecardVersions), String($0.slaVersions)]
                    })
            }
        }
    }
}

struct Architecture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The architecture versions (categories, weights, rules).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: FormatOption

    func run() async throws {
        try await connection.withClient { client in
            let reply = try await Governance_V1_ManifestService.Client(wrapping: client)
                .listArchitectureVersions(Governance_V1_ListArchitectureVersionsRequest(), options: connection.callOptions)
            switch output.format {
            case .json: try Output.printJSON(reply)
            case .table:
                Output.printTable(
                    ["version", "effective", "author", "categories", "rationale"],
                    reply.versions.map { version in
                        let weights = version.categories.sorted { $0.key < $1.key }
                            .map { "\($0.key) \(Output.number($0.value, digits: 0))" }.joined(separator: ", ")
                        return [String(version.version), version.effectiveFrom, version.author, weights, version.rationale]
                    })
            }
        }
    }
}

struct WhoAmI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "The calling token's id, role and tenant scope.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: FormatOption

    func run() async throws {
        try await connection.withClient { client in
            let reply = try await Governance_V1_AdminService.Client(wrapping: client)
                .whoAmI(Governance_V1_WhoAmIRequest(), options: connection.callOptions)
            switch output.format {
            case .json: try Output.printJSON(reply)
            case .table: Token.printTokens([reply])
            }
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read or verify the append-only, hash-chained audit log.",
        subcommands: [List.self, Verify.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The newest audit entries (a tenant's, or the platform's with no --tenant).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id (omit for the platform log; platform admins only).") var tenant: String?
        @Option(name: .long, help: "Newest entries to show.") var limit: Int = 50

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ListAuditRequest()
                request.tenant = tenant ?? ""
                request.limit = Int32(clamping: limit)
                let reply = try await Governance_V1_AdminService.Client(wrapping: client)
                    .listAudit(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    Output.printTable(
                        ["seq", "at", "actor", "action", "detail"],
                        reply.entries.map { [String($0.sequence), $0.at, $0.actor, $0.action, $0.detail] })
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit hash chain; exits non-zero naming the first broken entry.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Tenant id (omit for the platform log; platform admins only).") var tenant: String?

        func run() async throws {
            let reply = try await connection.withClient { client in
                var request = Governance_V1_VerifyAuditRequest()
                request.tenant = tenant ?? ""
                return try await Governance_V1_AdminService.Client(wrapping: client)
                    .verifyAudit(request, options: connection.callOptions)
            }
            let scope = tenant.map { "tenant \($0)" } ?? "platform"
            switch output.format {
            case .json: try Output.printJSON(reply)
            case .table:
                if reply.intact {
                    print("\(scope) audit log intact: \(reply.entries) entries verified")
                } else {
                    print("\(scope) audit log BROKEN at entry \(reply.firstBroken): \(reply.reason) (\(reply.entries) entries verified before it)")
                }
            }
            if !reply.intact {
                throw CLIFailure(message: "DATA_LOSS: \(scope) audit log broken at entry \(reply.firstBroken): \(reply.reason)")
            }
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download an online, consistent copy of a tenant's database (imports may run meanwhile).",
        discussion: "Restore it with `governd restore --data-dir DIR --tenant T --from FILE` while the server is stopped.")
    @OptionGroup var connection: ConnectionOptions
    @Option(name: .long, help: "Tenant id.") var tenant: String
    @Option(name: .long, help: "Output file (must not exist).") var out: String

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: out) else { throw CLIFailure(message: "\(out) already exists") }
        let partial = out + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: partial)
        else { throw CLIFailure(message: "cannot write \(out)") }
        defer { try? FileManager.default.removeItem(atPath: partial) }
        var request = Governance_V1_BackupTenantRequest()
        request.tenant = tenant
        let (bytes, expected) = try await connection.withClient { client in
            try await Governance_V1_AdminService.Client(wrapping: client).backupTenant(
                request, options: connection.streamOptions
            ) { response in
                var hasher = SHA256()
                var total: Int64 = 0
                var expected = ""
                for try await chunk in response.messages {
                    if !chunk.data.isEmpty {
                        try handle.write(contentsOf: chunk.data)
                        hasher.update(data: chunk.data)
                        total += Int64(chunk.data.count)
                    }
                    if !chunk.sha256.isEmpty {
                        expected = chunk.sha256
                        guard chunk.totalBytes == total else {
                            throw CLIFailure(message: "DATA_LOSS: backup truncated (\(total) of \(chunk.totalBytes) bytes)")
                        }
                    }
                }
                let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                guard digest == expected else { throw CLIFailure(message: "DATA_LOSS: backup checksum mismatch") }
                return (total, expected)
            }
        }
        try handle.synchronize()
        try handle.close()
        try FileManager.default.moveItem(atPath: partial, toPath: out)
        print("backup of \(tenant): \(out) (\(Output.grouped(bytes)) bytes, sha256 \(expected))")
    }
}
