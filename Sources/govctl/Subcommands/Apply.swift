import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply manifests: Tenants/architecture.yaml and Tenants/<tenant>.yaml (SPEC section 10).",
        discussion: """
            Creates or updates the architecture, tenants, programs, scorecard and SLA versions and QA \
            forms. Idempotent: applying the same file twice changes nothing and says so. Versions are \
            append-only: change a scorecard by adding a version with a later effective_from, an author \
            and a rationale. Validation errors name the file, line and key; nothing is changed then. \
            Files are applied in the order given (put architecture.yaml first).
            """)

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Validate and show what would change, without changing anything.")
    var dryRun = false

    @OptionGroup var output: FormatOption

    @Argument(help: "Manifest files (YAML).")
    var files: [String]

    func run() async throws {
        var texts: [(String, String)] = []
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CLIFailure(message: "cannot read \(file)")
            }
            texts.append((file, text))
        }
        try await connection.withClient { client in
            let manifests = Governance_V1_ManifestService.Client(wrapping: client)
            for (file, text) in texts {
                var request = Governance_V1_ApplyManifestRequest()
                request.fileName = file
                request.yaml = text
                request.dryRun = dryRun
                let reply = try await manifests.applyManifest(request, options: connection.callOptions)
                switch output.format {
                case .json:
                    try Output.printJSON(reply)
                case .table:
                    let what = reply.kind == "tenant" ? "tenant \(reply.tenant)" : "architecture"
                    let verdict = reply.changed ? (dryRun ? "would change" : "changed") : "unchanged"
                    print("\(file): \(what) \(verdict)")
                    for line in reply.changes where reply.changed { print("  \(line)") }
                }
            }
        }
    }
}
