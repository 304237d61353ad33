import Foundation
import GRPCCore
import GRPCInProcessTransport
import GovernanceAPI
import GovernanceCore
import Logging
import Storage
import Testing

@testable import GovernanceServer

typealias AdminMethods = Governance_V1_AdminService.Method
typealias ManifestMethods = Governance_V1_ManifestService.Method
typealias IngestMethods = Governance_V1_IngestService.Method
typealias HealthMethods = Governance_V1_PartnershipHealthService.Method
typealias DevelopmentMethods = Governance_V1_DevelopmentService.Method

@Suite("AuthorizationPolicy")
struct AuthorizationPolicyTests {
    static func principal(_ role: Role, tenants: [String]) -> Principal {
        Principal(tokenID: "tok_000000000000", name: "test", role: role, tenants: tenants, createdAt: "2026-10-03T00:00:00.000Z")
    }

    @Test("every method of the admin, manifest and ingest services has a row")
    func coreServicesCovered() {
        let methods = AdminMethods.descriptors + ManifestMethods.descriptors + IngestMethods.descriptors
        // The generated lists are what the server registers; check they are the real ones.
        #expect(Set(methods).count == methods.count)
        let names = Set(methods.map { "\($0.service.fullyQualifiedService)/\($0.method)" })
        #expect(names.isSuperset(of: [
            "governance.v1.AdminService/CreateToken", "governance.v1.AdminService/RevokeToken",
            "governance.v1.ManifestService/ApplyManifest", "governance.v1.IngestService/ImportFile",
            "governance.v1.IngestService/GetDataSummary",
        ]))
        for method in methods {
            #expect(AuthorizationPolicy.rules[method] != nil, "\(method) has no authorisation row")
        }
    }

    @Test("the table has exactly one row per method the server registers, and no other rows")
    func tableMatchesRegisteredMethods() async throws {
        try await withTemporaryDirectory { dir in
            let configuration = ServerConfiguration(dataDirectory: dir)
            _ = try ControlDatabase(path: configuration.controlDatabasePath)
            let backend = try GovernanceBackend(configuration: configuration, logger: Logger(label: "test"))
            var router = RPCRouter<InProcessTransport.Server>()
            for service in GovernanceServer.governanceServices(backend: backend) {
                service.registerMethods(with: &router)
            }
            let registered = Set(router.methods)
            let table = Set(AuthorizationPolicy.rules.keys)
            #expect(registered.subtracting(table).isEmpty, "without a row: \(registered.subtracting(table))")
            #expect(table.subtracting(registered).isEmpty, "rows for unregistered methods: \(table.subtracting(registered))")
            // The three core services are all registered.
            let core = AdminMethods.descriptors + ManifestMethods.descriptors + IngestMethods.descriptors
            #expect(Set(core).isSubset(of: registered))
        }
    }

    @Test("health and reflection are the only services served without a token, and have no rows")
    func unauthenticatedServices() {
        #expect(
            AuthorizationPolicy.unauthenticatedServices == ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection"])
        for method in AuthorizationPolicy.rules.keys {
            #expect(!AuthorizationPolicy.unauthenticatedServices.contains(method.service.fullyQualifiedService))
        }
    }

    @Test("a method missing from the table is refused, even for a platform admin")
    func unknownMethodRefused() throws {
        let unknown = MethodDescriptor(fullyQualifiedService: "governance.v1.AdminService", method: "DropEverything")
        let error = try #require(throws: GovernanceError.self) {
            try AuthorizationPolicy.authorize(Self.principal(.platformAdmin, tenants: []), method: unknown, tenant: nil)
        }
        #expect(error.code == .permissionDenied)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var role: Role
        var method: MethodDescriptor
        var allowed: Bool
        var testDescription: String { "\(role.rawValue) \(allowed ? "may" : "may not") call \(method.method)" }
    }

    @Test(
        "roles may call only the methods of their row",
        arguments: [
            Case(role: .tenantViewer, method: IngestMethods.ImportFile.descriptor, allowed: false),
            Case(role: .tenantViewer, method: HealthMethods.GetProgramHealth.descriptor, allowed: true),
            Case(role: .tenantViewer, method: HealthMethods.GetAttritionRisk.descriptor, allowed: true),
            Case(role: .dataFeeder, method: HealthMethods.GetAttritionRisk.descriptor, allowed: false),
            Case(role: .dataFeeder, method: HealthMethods.GetRetentionCurves.descriptor, allowed: false),
            Case(role: .tenantViewer, method: IngestMethods.GetDataSummary.descriptor, allowed: true),
            Case(role: .tenantViewer, method: ManifestMethods.ApplyManifest.descriptor, allowed: false),
            Case(role: .tenantViewer, method: AdminMethods.CreateToken.descriptor, allowed: false),
            Case(role: .tenantViewer, method: AdminMethods.ListAudit.descriptor, allowed: true),
            Case(role: .dataFeeder, method: IngestMethods.ImportFile.descriptor, allowed: true),
            Case(role: .dataFeeder, method: ManifestMethods.ApplyManifest.descriptor, allowed: false),
            Case(role: .dataFeeder, method: AdminMethods.ListAudit.descriptor, allowed: false),
            Case(role: .dataFeeder, method: AdminMethods.WhoAmI.descriptor, allowed: true),
            Case(role: .tenantAdmin, method: ManifestMethods.ApplyManifest.descriptor, allowed: true),
            Case(role: .tenantAdmin, method: AdminMethods.CreateToken.descriptor, allowed: true),
            Case(role: .accountManager, method: AdminMethods.CreateToken.descriptor, allowed: false),
            Case(role: .accountManager, method: AdminMethods.RevokeToken.descriptor, allowed: false),
            Case(role: .accountManager, method: IngestMethods.ImportFile.descriptor, allowed: true),
            Case(role: .platformAdmin, method: AdminMethods.RevokeToken.descriptor, allowed: true),
            // Agent development: viewers read, never write; the survey tool (data feeder) submits
            // 360 answers but reads nothing; retention and purges are tenant policy.
            Case(role: .tenantViewer, method: DevelopmentMethods.ListGoals.descriptor, allowed: true),
            Case(role: .tenantViewer, method: DevelopmentMethods.CreateRecord.descriptor, allowed: false),
            Case(role: .tenantViewer, method: DevelopmentMethods.SignOffRecord.descriptor, allowed: false),
            Case(role: .tenantViewer, method: DevelopmentMethods.SubmitFeedback.descriptor, allowed: false),
            Case(role: .dataFeeder, method: DevelopmentMethods.SubmitFeedback.descriptor, allowed: true),
            Case(role: .dataFeeder, method: DevelopmentMethods.GetFeedbackReport.descriptor, allowed: false),
            Case(role: .accountManager, method: DevelopmentMethods.PurgeRecords.descriptor, allowed: false),
            Case(role: .accountManager, method: DevelopmentMethods.SignOffRecord.descriptor, allowed: true),
            Case(role: .tenantAdmin, method: DevelopmentMethods.PurgeRecords.descriptor, allowed: true),
        ])
    func roleRows(_ c: Case) throws {
        let principal = Self.principal(c.role, tenants: c.role == .platformAdmin ? [] : ["acme"])
        if c.allowed {
            #expect(throws: Never.self) { try AuthorizationPolicy.authorize(principal, method: c.method, tenant: "acme") }
        } else {
            let error = try #require(throws: GovernanceError.self) {
                try AuthorizationPolicy.authorize(principal, method: c.method, tenant: "acme")
            }
            #expect(error.code == .permissionDenied)
            #expect(error.message.contains(c.role.rawValue))
        }
    }

    @Test("a tenant admin of one tenant is denied every other tenant, existing or not")
    func tenantScope() throws {
        let acmeAdmin = Self.principal(.tenantAdmin, tenants: ["acme"])
        let method = IngestMethods.GetDataSummary.descriptor
        #expect(throws: Never.self) { try AuthorizationPolicy.authorize(acmeAdmin, method: method, tenant: "acme") }
        for other in ["globex", "ACME", "acme2", "does-not-exist"] {
            let error = try #require(throws: GovernanceError.self) {
                try AuthorizationPolicy.authorize(acmeAdmin, method: method, tenant: other)
            }
            #expect(error.code == .permissionDenied, "\(other)")
        }
        // Without a tenant (platform-scoped calls) only the role is checked.
        #expect(throws: Never.self) {
            try AuthorizationPolicy.authorize(acmeAdmin, method: AdminMethods.ListTenants.descriptor, tenant: nil)
        }
    }

    @Test("an account manager sees exactly the tenants in its scope; a platform admin sees all")
    func multiTenantScopes() throws {
        let manager = Self.principal(.accountManager, tenants: ["acme", "globex"])
        let method = AdminMethods.GetTenant.descriptor
        #expect(throws: Never.self) { try AuthorizationPolicy.authorize(manager, method: method, tenant: "globex") }
        #expect(throws: GovernanceError.self) { try AuthorizationPolicy.authorize(manager, method: method, tenant: "initech") }
        let platform = Self.principal(.platformAdmin, tenants: [])
        #expect(throws: Never.self) { try AuthorizationPolicy.authorize(platform, method: method, tenant: "initech") }
    }

    @Test(
        "an invalid tenant id is INVALID_ARGUMENT, even for a platform admin",
        arguments: ["../x", "..", ".", "a/b", "a%2Fb", "", "a\u{0}b", String(repeating: "t", count: 65)])
    func invalidTenant(tenant: String) throws {
        for role in [Role.platformAdmin, .tenantAdmin] {
            let principal = Self.principal(role, tenants: role == .platformAdmin ? [] : [tenant])
            let error = try #require(throws: GovernanceError.self) {
                try AuthorizationPolicy.authorize(principal, method: IngestMethods.GetDataSummary.descriptor, tenant: tenant)
            }
            #expect(error.code == .invalidArgument, "\(role)")
        }
    }
}
