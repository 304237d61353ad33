import ArgumentParser

@main
struct Govctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govctl",
        abstract: "Command-line client for governd, the BPO program governance server (TLS gRPC).",
        discussion: """
            Connection settings (every command):
              --server HOST:PORT   or GOVCTL_SERVER      (default 127.0.0.1:8443)
              --ca FILE            or GOVCTL_CA          (the CA that signed the server certificate,
                                                          e.g. DATA_DIR/tls/ca.pem from `governd init`)
              --token-file FILE    or GOVCTL_TOKEN_FILE  (a file holding a bearer token, e.g. DATA_DIR/admin.token)
            Read commands take --format table|json; json is the proto3 JSON mapping of the reply
            (field names as in Protos/). Any error exits non-zero with the gRPC status on stderr.

            Typical session:
              govctl apply Tenants/architecture.yaml Tenants/northwind.yaml
              govctl import --tenant northwind roster.csv interactions.csv surveys.csv
              govctl summary --tenant northwind
            """,
        subcommands: [
            Apply.self, Import.self, ScorecardCommand.self, Summary.self, Tenants.self, Programs.self, Architecture.self,
            Token.self, Audit.self, Backup.self, WhoAmI.self, Health.self,
        ])
}
