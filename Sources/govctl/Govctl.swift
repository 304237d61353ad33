import ArgumentParser

@main
struct Govctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govctl",
        abstract: "Command-line client for governd, the BPO program governance server (TLS gRPC).",
        discussion: """
            Connection settings, on every command:
              --server HOST:PORT  or GOVCTL_SERVER      (default 127.0.0.1:8443)
              --ca FILE           or GOVCTL_CA          (DATA_DIR/tls/ca.pem)
              --token-file FILE   or GOVCTL_TOKEN_FILE  (DATA_DIR/admin.token)

            Read commands take --format table|json; json is the proto3 JSON mapping of the reply, with \
            the field names of Protos/. Any error exits non-zero with the gRPC status and message on \
            stderr.

            Typical session:
              govctl apply Tenants/architecture.yaml Tenants/northwind.yaml
              govctl import --tenant northwind roster.csv interactions.csv
              govctl scorecard program --tenant northwind --program nw-care --period 2026-10
              govctl review --tenant northwind --program nw-care --month 2026-10
              govctl qbr --tenant northwind --quarter 2026-Q3 --out qbr.html
            """,
        subcommands: [
            Apply.self, Import.self, ScorecardCommand.self, ReviewCommand.self, ActionCommand.self, QualityCommand.self,
            CoachingCommand.self, SLACommand.self, BenchmarkCommand.self, QBRCommand.self, GoalsCommand.self,
            TrainingNeedsCommand.self, RecordsCommand.self, FeedbackCommand.self, IncentivesCommand.self,
            Summary.self, Tenants.self, Programs.self, Architecture.self,
            Token.self, Audit.self, Backup.self, WhoAmI.self, Health.self,
        ])
}
