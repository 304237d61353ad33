import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import GovernanceAPI
import GovernanceTestSupport
import Testing

@testable import GovernanceServer

/// The tenant isolation matrix: the project's security promise, checked against the real
/// governd binary over TLS.
///
/// It is generated from the one authorisation table, `AuthorizationPolicy.rules`: every RPC
/// the server registers must have a row (a new RPC that is missing from the table fails the
/// test) and a request builder in `IsoMatrix.methods` (a new RPC forces the matrix to grow).
/// Each RPC is called by every identity (no token, a revoked token, tenant_viewer, data_feeder
/// and tenant_admin of A, tenant_admin of B, an account manager of A only, the platform admin)
/// on every target (A's own ids; A with B's ids; tenant B; ids and a tenant that do not exist;
/// path-steering tenant ids), and the status must be the one the table gives:
///
/// - no token or a revoked one → UNAUTHENTICATED;
/// - a role not in the row → PERMISSION_DENIED;
/// - a tenant outside the token's scope → PERMISSION_DENIED, with the same message for a tenant
///   that does not exist (name substituted);
/// - in scope, but an id of the other tenant or one that does not exist → NOT_FOUND, and the
///   two answers are identical except for the id text;
/// - a path-steering tenant id → INVALID_ARGUMENT for a platform admin, PERMISSION_DENIED for
///   a scoped token, and no file appears in the data directory;
/// - otherwise OK.
///
/// Never data: a refused call receives no response message at all (counted by a client
/// interceptor, streams included), and an accepted reply to a token scoped to one tenant
/// holds none of the other tenant's identifiers (tenant, program, agent and token ids),
/// checked on the serialised bytes.
@Suite("Tenant isolation matrix", .serialized)
struct IsolationMatrixTests {
    typealias N = IsoNames

    // MARK: Coverage

    /// Why the matrix does not cover every RPC the server registers (empty when it does).
    static func coverageProblems() throws -> [String] {
        var problems: [String] = []
        var served = Set<MethodDescriptor>()
        // The governance services the server serves, through their generated descriptors.
        for name in GovernanceServer.serviceNames where !AuthorizationPolicy.unauthenticatedServices.contains(name) {
            guard let descriptors = IsoMatrix.generatedDescriptors[name] else {
                problems.append(
                    "the server serves \(name), whose generated descriptors the matrix does not list: add them to IsoMatrix.generatedDescriptors")
                continue
            }
            served.formUnion(descriptors)
        }
        // The methods the service implementations actually register.
        let directory = try TestServer.initDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let backend = try GovernanceBackend(
            configuration: ServerConfiguration(dataDirectory: directory), logger: .init(label: "isolation-matrix"))
        var router = RPCRouter<HTTP2ServerTransport.Posix>()
        for service in GovernanceServer.governanceServices(backend: backend) {
            service.registerMethods(with: &router)
        }
        for method in Set(router.methods).subtracting(served).sorted(by: { $0.description < $1.description }) {
            problems.append("\(IsoMatrix.label(method)) is registered but is not a method of a service in GovernanceServer.serviceNames")
        }
        served.formUnion(router.methods)

        for method in served.sorted(by: { $0.description < $1.description }) where AuthorizationPolicy.rules[method] == nil {
            problems.append(
                "\(IsoMatrix.label(method)) is registered by the server but missing from AuthorizationPolicy.rules (a new RPC that is missing from the table fails the test)")
        }
        for (method, rule) in AuthorizationPolicy.rules.sorted(by: { $0.key.description < $1.key.description }) {
            if !served.contains(method) {
                problems.append("\(IsoMatrix.label(method)) has a row in AuthorizationPolicy.rules but the server does not register it")
            }
            guard let builder = IsoMatrix.methods[method] else {
                problems.append(
                    "\(IsoMatrix.label(method)) has no request builder in the isolation matrix: add one to IsoMatrix.methods (IsolationMatrixSupport.swift)")
                continue
            }
            if rule.scope == .handler && builder.handler == nil {
                problems.append(
                    "\(IsoMatrix.label(method)) is `.handler`-scoped in the table, but the matrix does not encode what its handler checks: give its IsoMethod a `handler`")
            }
        }
        for method in IsoMatrix.methods.keys.sorted(by: { $0.description < $1.description })
        where AuthorizationPolicy.rules[method] == nil {
            problems.append("the matrix has a request builder for \(IsoMatrix.label(method)), which has no row in the table")
        }
        return problems
    }

    @Test("every RPC the server registers has a row in the authorisation table and a request builder in the matrix")
    func coverage() throws {
        let problems = try Self.coverageProblems()
        let covered = problems.isEmpty
        #expect(covered, "\(problems.count) coverage problem(s):\n\(problems.joined(separator: "\n"))")
    }

    // MARK: The matrix

    /// What the matrix saw.
    struct Report {
        var mismatches: [String] = []
        var calls = 0
        var tally: [String: Int] = [:]
        /// Accepted replies to tokens scoped to one tenant: checked for the other tenant's ids at the end.
        var scopedReplies: [(row: String, tenants: [String], bytes: [UInt8])] = []
        /// Accepted replies to the platform admin: the positive control of the leak scan.
        var platformReplies: [[UInt8]] = []
        /// Foreign/missing pairs whose messages were compared.
        var pairComparisons = 0

        mutating func check(
            _ method: MethodDescriptor, _ identity: IsoIdentity, _ target: String, expected: RPCError.Code?,
            _ observation: IsoObservation
        ) {
            calls += 1
            tally[IsoMatrix.name(expected), default: 0] += 1
            let row = "\(IsoMatrix.label(method)) | \(identity.label) | \(target) [\(observation.values)]"
            if observation.code != expected {
                mismatches.append(
                    "\(row) | expected \(IsoMatrix.name(expected)) | got \(IsoMatrix.name(observation.code)) | \(observation.message.debugDescription)")
            }
            if observation.code != nil && observation.messages > 0 {
                mismatches.append(
                    "\(row) | \(IsoMatrix.name(observation.code)) after \(observation.messages) response message(s): a refused call must carry no data")
            }
            if observation.code == nil && observation.messages == 0 {
                mismatches.append("\(row) | OK but no response message was counted: the matrix's message counter is broken")
            }
            if observation.code == nil, let bytes = observation.bytes, identity.kind == .token {
                if identity.isPlatformAdmin {
                    platformReplies.append(bytes)
                } else {
                    scopedReplies.append((row, identity.tenants, bytes))
                }
            }
        }
    }

    /// `text` with the ids of `from` replaced by those of `to`, longest first.
    static func substitute(_ text: String, from: IsoValues, to: IsoValues) -> String {
        let pairs = [(from.evaluation, to.evaluation), (from.supervisor, to.supervisor), (from.agent, to.agent), (from.program, to.program), (from.tenant, to.tenant), (from.tokenID, to.tokenID)]
            .filter { !$0.0.isEmpty && $0.0 != $0.1 }
            .sorted { $0.0.count > $1.0.count }
        return pairs.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    @Test("every RPC × identity × target answers as the authorisation table says, and never with data")
    func matrix() async throws {
        let coverage = try Self.coverageProblems()
        try await TestServer.with { server in
            try server.applyDemo([N.tenantA, N.tenantB])
            for tenant in [N.tenantA, N.tenantB] {
                let imported = try server.govctl(
                    [
                        "import", "--tenant", tenant, "--quiet", Demo.file(tenant, "roster"), Demo.file(tenant, "interactions"),
                        Demo.file(tenant, "evaluations"), Demo.file(tenant, "evaluation_answers"),
                    ])
                guard imported.status == 0 else { throw TestServerError("import into \(tenant) failed: \(imported.stderr)") }
            }
            // Exclusion 1 of A's program, which the SlaService rows record again and withdraw.
            let excluded = try server.govctl([
                "sla", "exclude", "--tenant", N.tenantA, "--program", N.programA, "--metric", "csat", "--month", "2026-09",
                "--reason", "isolation matrix probe", "--evidence", "ISO-1",
            ])
            guard excluded.status == 0 else { throw TestServerError("sla exclude failed: \(excluded.stderr)") }
            let fixtures = try IsoFixtures.load()
            let control = IsoCallControl()
            let started = ContinuousClock.now
            let report = try await withGRPCClient(
                transport: try server.transport(), interceptors: [IsoInterceptor(control: control)]
            ) { client in
                let harness = IsoHarness(client: client, control: control, fixtures: fixtures, adminToken: server.adminToken)
                return try await Self.run(harness, server: server)
            }
            let elapsed = ContinuousClock.now - started
            let tally = report.tally.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print(
                "isolation matrix: \(report.calls) calls in \(elapsed): expected \(tally); \(report.pairComparisons) foreign/missing answer pairs compared; \(report.scopedReplies.count) scoped and \(report.platformReplies.count) platform replies scanned; \(report.mismatches.count) mismatch(es)"
            )
            let covered = coverage.isEmpty
            #expect(covered, "\(coverage.count) coverage problem(s):\n\(coverage.joined(separator: "\n"))")
            let mismatches = report.mismatches
            let noMismatches = mismatches.isEmpty
            #expect(
                noMismatches,
                "\(mismatches.count) mismatch(es) in \(report.calls) calls (method | identity | target [values] | expected | got | message):\n\(mismatches.joined(separator: "\n"))"
            )
        }
    }

    static func run(_ h: IsoHarness, server: TestServer) async throws -> Report {
        var report = Report()

        // Identities, created once.
        let viewerA = try await h.createToken(role: .tenantViewer, tenants: [N.tenantA], name: "matrix viewer A")
        let feederA = try await h.createToken(role: .dataFeeder, tenants: [N.tenantA], name: "matrix feeder A")
        let adminA = try await h.createToken(role: .tenantAdmin, tenants: [N.tenantA], name: "matrix admin A")
        let adminB = try await h.createToken(role: .tenantAdmin, tenants: [N.tenantB], name: "matrix admin B")
        let managerA = try await h.createToken(role: .accountManager, tenants: [N.tenantA], name: "matrix manager A")
        let revoked = try await h.createToken(role: .tenantAdmin, tenants: [N.tenantA], name: "matrix revoked admin A")
        try await h.revoke(revoked.id)
        let identities = [
            IsoIdentity(label: "no token", kind: .noToken, role: "", tenants: [], secret: nil),
            IsoIdentity(label: "revoked token", kind: .revoked, role: "tenant_admin", tenants: [N.tenantA], secret: revoked.secret),
            IsoIdentity(label: "tenant_viewer of A", kind: .token, role: "tenant_viewer", tenants: [N.tenantA], secret: viewerA.secret),
            IsoIdentity(label: "data_feeder of A", kind: .token, role: "data_feeder", tenants: [N.tenantA], secret: feederA.secret),
            IsoIdentity(label: "tenant_admin of A", kind: .token, role: "tenant_admin", tenants: [N.tenantA], secret: adminA.secret),
            IsoIdentity(label: "tenant_admin of B", kind: .token, role: "tenant_admin", tenants: [N.tenantB], secret: adminB.secret),
            IsoIdentity(
                label: "account_manager of A only", kind: .token, role: "account_manager", tenants: [N.tenantA],
                secret: managerA.secret),
            IsoIdentity(label: "platform_admin", kind: .token, role: "platform_admin", tenants: [], secret: h.adminToken),
        ]

        let methods = AuthorizationPolicy.rules.keys.sorted { $0.description < $1.description }

        // 1. Own, foreign and missing ids.
        for method in methods {
            let rule = AuthorizationPolicy.rules[method]!
            guard let spec = IsoMatrix.methods[method] else {
                report.mismatches.append(
                    "\(IsoMatrix.label(method)) | no request builder: add one to IsoMatrix.methods so the matrix covers it")
                continue
            }
            if rule.scope == .handler && spec.handler == nil {
                report.mismatches.append(
                    "\(IsoMatrix.label(method)) | `.handler` row without an encoded handler expectation in IsoMatrix.methods")
                continue
            }
            for identity in identities {
                var seen: [IsoTarget: (expected: RPCError.Code?, observation: IsoObservation)] = [:]
                for target in spec.fields.targets {
                    var values = IsoValues.of(target)
                    if spec.fields.contains(.token) && (target == .own || target == .foreignIDs) {
                        // A fresh token to revoke, of the tenant the target names.
                        let owner = target == .own ? N.tenantA : N.tenantB
                        values.tokenID = try await h.createToken(role: .tenantViewer, tenants: [owner], name: "matrix victim").id
                    }
                    let expected = IsoMatrix.expected(rule: rule, method: spec, identity: identity, target: target, values: values)
                    let observation = await h.perform(spec, as: identity, values: values)
                    report.check(method, identity, target.rawValue, expected: expected, observation)
                    seen[target] = (expected, observation)
                }
                // Another tenant's id answers exactly like one that does not exist.
                for (foreign, missing) in IsoTarget.pairs {
                    guard let f = seen[foreign], let m = seen[missing], f.expected != nil, f.expected == m.expected,
                        let code = f.observation.code, code == m.observation.code
                    else { continue }
                    report.pairComparisons += 1
                    let substituted = Self.substitute(f.observation.message, from: f.observation.values, to: m.observation.values)
                    if substituted != m.observation.message {
                        report.mismatches.append(
                            "\(IsoMatrix.label(method)) | \(identity.label) | \(foreign.rawValue) vs \(missing.rawValue) | both \(IsoMatrix.name(code)) but the answers differ beyond the id text | \(f.observation.message.debugDescription) vs \(m.observation.message.debugDescription)"
                        )
                    }
                }
            }
        }

        // 2. Path steering through the tenant field.
        let tenantsDirectory = server.dataDirectory + "/tenants"
        let before = IsoMatrix.listing(server.dataDirectory)
        for method in methods {
            let rule = AuthorizationPolicy.rules[method]!
            guard let spec = IsoMatrix.methods[method], spec.fields.contains(.tenant) else { continue }
            for bad in N.steeringTenants {
                for identity in identities {
                    var values = IsoValues.of(.steering)
                    values.tenant = bad
                    let expected = IsoMatrix.expected(rule: rule, method: spec, identity: identity, target: .steering, values: values)
                    let observation = await h.perform(spec, as: identity, values: values)
                    report.check(method, identity, "\(IsoTarget.steering.rawValue) \(bad.debugDescription)", expected: expected, observation)
                }
            }
        }
        let created = IsoMatrix.listing(server.dataDirectory).subtracting(before)
        if !created.isEmpty {
            report.mismatches.append("path steering created files in the data directory: \(created.sorted())")
        }
        let tenantFiles = IsoMatrix.listing(tenantsDirectory)
        let unexpected = tenantFiles.subtracting(["\(N.tenantA).sqlite", "\(N.tenantB).sqlite"])
        if !unexpected.isEmpty {
            report.mismatches.append("tenants/ holds files for no existing tenant: \(unexpected.sorted())")
        }

        // 3. Never the other tenant's data: scan every accepted reply to a single-tenant-scoped token.
        func programs(_ tenant: String) async throws -> [String] {
            h.control.begin(bearer: h.adminToken)
            var request = Governance_V1_ListProgramsRequest()
            request.tenant = tenant
            return try await h.manifests.listPrograms(request).programs.map(\.id)
        }
        let identifiers: [String: [String]] = [
            N.tenantA: [N.tenantA] + (try await programs(N.tenantA)) + h.fixtures.agentsA + h.tokenIDs(of: N.tenantA),
            N.tenantB: [N.tenantB] + (try await programs(N.tenantB)) + h.fixtures.agentsB + h.tokenIDs(of: N.tenantB),
        ]
        // Positive control: the platform admin's replies do show each tenant's identifiers, so
        // the scan below can see them when they leak.
        for (tenant, ids) in identifiers.sorted(by: { $0.key < $1.key }) {
            let found = Set(ids.filter { id in report.platformReplies.contains { IsoMatrix.contains($0, Array(id.utf8)) } })
            let tokens = h.tokenIDs(of: tenant)
            let agents = tenant == N.tenantA ? h.fixtures.agentsA : h.fixtures.agentsB
            let programIDs = ids.filter { !tokens.contains($0) && !agents.contains($0) && $0 != tenant }
            if !found.contains(tenant) || programIDs.isEmpty || !found.isSuperset(of: programIDs)
                || found.isDisjoint(with: agents) || found.isDisjoint(with: tokens)
            {
                report.mismatches.append(
                    "self-check: the platform admin's replies should show tenant \(tenant)'s id, programs \(programIDs), an agent and a token id; found only \(found.sorted())")
            }
        }
        for reply in report.scopedReplies {
            guard reply.tenants.count == 1, let own = reply.tenants.first else { continue }
            for (tenant, ids) in identifiers where tenant != own {
                let leaked = ids.filter { IsoMatrix.contains(reply.bytes, Array($0.utf8)) }
                if !leaked.isEmpty {
                    report.mismatches.append(
                        "\(reply.row) | OK, but the reply (\(reply.bytes.count) bytes) carries tenant \(tenant)'s identifiers \(leaked.sorted())")
                }
            }
        }
        return report
    }
}
