import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke API tokens.",
        discussion: """
            Roles: platform_admin (everything), account_manager (the tenants given with --tenant), \
            tenant_admin, tenant_viewer and data_feeder (exactly one --tenant). A new token's secret is \
            printed once (or written to --out, mode 0600) and stored by the server only as a hash.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    static let roles: [String: Governance_V1_Role] = [
        "platform_admin": .platformAdmin, "account_manager": .accountManager, "tenant_admin": .tenantAdmin,
        "tenant_viewer": .tenantViewer, "data_feeder": .dataFeeder,
    ]

    static func roleName(_ role: Governance_V1_Role) -> String {
        roles.first { $0.value == role }?.key ?? "\(role)"
    }

    static func printTokens(_ tokens: [Governance_V1_Principal]) {
        Output.printTable(
            ["token", "name", "role", "tenants", "created", "revoked"],
            tokens.map {
                [$0.tokenID, $0.name, roleName($0.role), $0.tenants.joined(separator: ","), $0.createdAt,
                 $0.revokedAt.isEmpty ? "-" : $0.revokedAt]
            })
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; its secret is shown once.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Who or what uses it (e.g. 'nightly feed', 'jdoe laptop').") var name: String
        @Option(name: .long, help: "platform_admin, account_manager, tenant_admin, tenant_viewer or data_feeder.") var role: String
        @Option(name: .long, help: "Tenant in scope (repeat for account managers).") var tenant: [String] = []
        @Option(name: .long, help: "Write the secret to this file (mode 0600) instead of printing it.") var out: String?

        func validate() throws {
            guard Token.roles[role] != nil else {
                throw ValidationError("unknown --role '\(role)'; one of: \(Token.roles.keys.sorted().joined(separator: ", "))")
            }
        }

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_CreateTokenRequest()
                request.name = name
                request.role = Token.roles[role] ?? .unspecified
                request.tenants = tenant
                var reply = try await Governance_V1_AdminService.Client(wrapping: client)
                    .createToken(request, options: connection.callOptions)
                if let out {
                    guard FileManager.default.createFile(
                        atPath: out, contents: Data((reply.token + "\n").utf8), attributes: [.posixPermissions: 0o600])
                    else { throw CLIFailure(message: "created token \(reply.principal.tokenID) but cannot write \(out)") }
                    reply.token = ""
                }
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table:
                    Token.printTokens([reply.principal])
                    if let out {
                        print("secret written to \(out)")
                    } else {
                        print("secret (shown once): \(reply.token)")
                    }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Option(name: .long, help: "Only tokens scoped to this tenant.") var tenant: String?
        @Flag(name: .long, help: "Include revoked tokens.") var includeRevoked = false

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_ListTokensRequest()
                request.tenant = tenant ?? ""
                request.includeRevoked = includeRevoked
                let reply = try await Governance_V1_AdminService.Client(wrapping: client)
                    .listTokens(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table: Token.printTokens(reply.tokens)
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token at once.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: FormatOption
        @Argument(help: "Token id (tok_...).") var tokenID: String

        func run() async throws {
            try await connection.withClient { client in
                var request = Governance_V1_RevokeTokenRequest()
                request.tokenID = tokenID
                let reply = try await Governance_V1_AdminService.Client(wrapping: client)
                    .revokeToken(request, options: connection.callOptions)
                switch output.format {
                case .json: try Output.printJSON(reply)
                case .table: print("revoked \(reply.tokenID) '\(reply.name)' at \(reply.revokedAt)")
                }
            }
        }
    }
}
