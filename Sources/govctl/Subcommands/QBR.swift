import ArgumentParser
import Foundation
import GRPCCore
import GovernanceAPI

struct QBRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qbr",
        abstract: "Builds the quarterly business review pack: one self-contained HTML document with charts.",
        discussion: """
            Writes the HTML document (inline CSS and SVG charts, no JavaScript, prints on A4 and Letter) \
            for the tenant's programs (or one, with --program) and the quarter: composite and category \
            scores with the four previous quarters, the monthly trend, the SLA compliance matrix with \
            credits and earn-backs, partnership health, QA and calibration, coaching completion, \
            benchmark percentiles (as the tenant's own users see the platform cohort), anomalies and \
            target-review recommendations, and the top gaps with their actions and owners.

            The same data always gives byte-identical output: compare two packs with the printed SHA-256.

            --out FILE writes the HTML (- for stdout); --json FILE writes the data as canonical JSON \
            (snake_case keys, sorted; see data_json in Protos/governance/v1/qbr.proto). With --format json \
            the data JSON is printed on stdout instead of the summary.

            Examples:
              govctl qbr --tenant northwind --quarter 2026-Q3 --out qbr.html
              govctl qbr --tenant northwind --quarter 2026-Q3 --program nw-care --out care.html --json care.json
              govctl qbr --tenant northwind --quarter 2026-Q3 --format json > qbr.json
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: FormatOption
    @Option(name: .long, help: "Tenant id.") var tenant: String
    @Option(name: .long, help: "Quarter YYYY-Qn, e.g. 2026-Q3.") var quarter: String
    @Option(name: .long, help: "Limit the pack to this program id (default: every program of the tenant).")
    var program: String?
    @Option(name: .long, help: "Write the HTML document to this file (- for stdout).") var out: String?
    @Option(name: .long, help: "Write the data as canonical JSON to this file.") var json: String?

    func validate() throws {
        if out == nil && json == nil && output.format == .table {
            throw ValidationError("give --out FILE (the HTML), --json FILE (the data) or --format json")
        }
        if out == "-" && output.format == .json {
            throw ValidationError("--out - and --format json both write to stdout: pick one")
        }
    }

    func run() async throws {
        try await connection.withClient { client in
            var request = Governance_V1_BuildQbrRequest()
            request.tenant = tenant
            request.quarter = quarter
            request.program = program ?? ""
            let reply = try await Governance_V1_QbrService.Client(wrapping: client)
                .buildQbr(request, options: connection.callOptions)
            if let out {
                if out == "-" { FileHandle.standardOutput.write(Data(reply.html.utf8)) } else { try Self.write(reply.html, to: out) }
            }
            if let json { try Self.write(reply.dataJson, to: json) }
            switch output.format {
            case .json: print(reply.dataJson)
            case .table where out != "-":
                Output.printTable(
                    ["tenant", "quarter", "programs", "html", "html_sha256", "data_sha256"],
                    [[reply.tenant, reply.quarter, reply.programs.joined(separator: ","), out ?? "-", reply.htmlSha256,
                      reply.dataSha256]])
                if let json { print("data: \(json)") }
            case .table: break
            }
        }
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
