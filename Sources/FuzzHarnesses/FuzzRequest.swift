import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import GovernanceServer
import Ingest
import Manifests
import QBR
import SLATracking
import Scorecards
import SwiftProtobuf
import Yams

/// The callers the request harness authorises: one of each role, the scoped ones on
/// `northwind` (and `contoso` for the account manager).
let fuzzPrincipals: [Principal] = [
    Principal(tokenID: "tok_fuzzadmin01", name: "fuzz admin", role: .platformAdmin, tenants: [], createdAt: "2026-01-01T00:00:00Z"),
    Principal(
        tokenID: "tok_fuzzam00001", name: "fuzz account manager", role: .accountManager,
        tenants: ["contoso", "northwind"], createdAt: "2026-01-01T00:00:00Z"),
    Principal(
        tokenID: "tok_fuzzta00001", name: "fuzz tenant admin", role: .tenantAdmin, tenants: ["northwind"],
        createdAt: "2026-01-01T00:00:00Z"),
    Principal(
        tokenID: "tok_fuzztv00001", name: "fuzz viewer", role: .tenantViewer, tenants: ["northwind"],
        createdAt: "2026-01-01T00:00:00Z"),
    Principal(
        tokenID: "tok_fuzzdf00001", name: "fuzz feeder", role: .dataFeeder, tenants: ["northwind"],
        createdAt: "2026-01-01T00:00:00Z"),
]

/// Fuzzes request validation: the bytes are decoded as a serialized protobuf message of each
/// of several request types (`try? T(serializedBytes:)`, as the gRPC server does), and every
/// message that decodes goes through the checks the server runs on its fields before it
/// touches a database, without a server:
///
/// - the auth interceptor: `TenantScopedMessage.tenantID`, then
///   `AuthorizationPolicy.authorize(_:method:tenant:)` for one principal of each role;
/// - `Identifier.validateTenant`, `Identifier.validate` on ids, `Period(_:)` and `Month(_:)`
///   on periods and months (and what the handlers derive from them: month ranges, days);
/// - per RPC: the import header (file name, kind, import id; a chunk is validated as CSV),
///   `CreateToken`'s role, name and tenants rules, `ApplyManifest`'s size check, tenant peek
///   and parse, `AddScorecardVersion`'s metric validation and JSON document, `AddSlaVersion`'s
///   SLA rules (SLATracking);
/// - on every string field: `TokenAuthority.secret(fromAuthorization:)` and
///   `ServerConfiguration.setListen` / `apply` (hostile text in places that parse text).
///
/// Also checks that each decoded message survives a serialize/decode round trip unchanged.
/// Traps only when that round trip breaks (or the code under test traps).
public func fuzzRequest(_ data: UnsafeRawBufferPointer) {
    let bytes = Array(data)
    // The whole input as text: an `authorization` header value, a `listen` setting.
    checkText(String(decoding: bytes, as: UTF8.self))

    if let request = decode(Governance_V1_ImportRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_ProgramScorecardRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_AgentScorecardRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_AnnualReviewRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_TrendRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_CreateTokenRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_ApplyManifestRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_AddScorecardVersionRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_ListAuditRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_AddSlaVersionRequest.self, bytes) { check(request) }
    if let request = decode(Governance_V1_BuildQbrRequest.self, bytes) { check(request) }
}

/// ``fuzzRequest(_:)-(UnsafeRawBufferPointer)`` for an array.
public func fuzzRequest(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { fuzzRequest($0) }
}

// MARK: Decoding

private func decode<T: SwiftProtobuf.Message>(_ type: T.Type, _ bytes: [UInt8]) -> T? {
    guard let message = try? T(serializedBytes: bytes) else { return nil }
    // What decodes must serialize, decode and serialize again to the same bytes (bytes, not
    // `==`: a NaN double is never equal to itself).
    do {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        let once: [UInt8] = try message.serializedBytes(options: options)
        let twice: [UInt8] = try T(serializedBytes: once).serializedBytes(options: options)
        harnessCheck(once == twice, "\(T.self) changed across a serialize/decode round trip")
    } catch {
        harnessCheck(false, "a decoded \(T.self) does not serialize and decode again: \(error)")
    }
    return message
}

// MARK: The interceptor

/// What `AuthServerInterceptor` does for an RPC whose rule says the message names the tenant,
/// then the tenant checks every handler relies on.
private func interceptor(_ method: MethodDescriptor, _ message: some TenantScopedMessage) {
    let tenant = message.tenantID
    guard !tenant.isEmpty else { return }  // "the request names no tenant"
    authorizeEveryone(method, tenant: tenant)
}

private func authorizeEveryone(_ method: MethodDescriptor, tenant: String?) {
    guard let rule = AuthorizationPolicy.rules[method] else {
        harnessCheck(false, "\(method) has no row in the authorisation table")
        return
    }
    for principal in fuzzPrincipals {
        do {
            try AuthorizationPolicy.authorize(principal, method: method, tenant: tenant)
            // Allowed: the role is in the rule, and the tenant (if any) is a valid id in scope.
            harnessCheck(rule.roles.contains(principal.role), "authorize let \(principal.role) call \(method)")
            if let tenant {
                harnessCheck(principal.canSee(tenant: tenant), "authorize let a principal past its tenant scope")
                harnessCheck(Identifier.isValidTenant(tenant), "authorize accepted the tenant id '\(tenant)'")
            }
        } catch {
            consume(error.description)
        }
    }
    // A method outside the table is always refused.
    let unknown = MethodDescriptor(fullyQualifiedService: "governance.v1.Fuzz", method: tenant ?? "")
    do {
        try AuthorizationPolicy.authorize(fuzzPrincipals[0], method: unknown, tenant: tenant)
        harnessCheck(false, "authorize allowed a method that is not in the table")
    } catch {
        consume(error.description)
    }
}

// MARK: Per request type

private func check(_ request: Governance_V1_ImportRequest) {
    interceptor(Governance_V1_IngestService.Method.ImportFile.descriptor, request)
    switch request.payload {
    case .header(let header):
        checkText(header.tenant)
        checkText(header.fileName)
        validateTenant(header.tenant)
        // IngestService.importFile
        let fileName = header.fileName.isEmpty ? "upload.csv" : String(header.fileName.prefix(200))
        let declared = FileKind(header.kind)
        let kind = declared ?? FileKind(fileName: fileName)
        consume(kind)
        if !header.importID.isEmpty { validateID(header.importID, field: "import_id") }
        // The validator the server would build for this header, on an empty stream.
        var validator = FileValidator(kind: kind, fileName: fileName, context: fuzzIngestContext)
        validator.finish()
        while validator.next() != nil {}
        for error in validator.errors { consume(error.description) }
    case .chunk(let chunk):
        // A chunk outside a header-first stream is refused; its bytes are still CSV the server reads.
        let validation = FileValidator.validate(chunk, fileName: "upload.csv", context: fuzzIngestContext)
        for error in validation.errors { consume(error.description) }
    case nil:
        break
    }
}

private func check(_ request: Governance_V1_ProgramScorecardRequest) {
    interceptor(Governance_V1_ScorecardService.Method.GetProgramScorecard.descriptor, request)
    validateTenant(request.tenant)
    validateID(request.program, field: "program")
    checkPeriod(request.period)
    if request.hasArchitectureVersion { consume(Int(request.architectureVersion)) }
    if request.hasScorecardVersion { consume(Int(request.scorecardVersion)) }
    checkText(request.program)
}

private func check(_ request: Governance_V1_AgentScorecardRequest) {
    interceptor(Governance_V1_ScorecardService.Method.GetAgentScorecard.descriptor, request)
    validateTenant(request.tenant)
    validateID(request.program, field: "program")
    validateID(request.agentID, field: "agent_id")
    checkPeriod(request.period)
}

private func check(_ request: Governance_V1_AnnualReviewRequest) {
    interceptor(Governance_V1_ScorecardService.Method.GetAnnualReview.descriptor, request)
    validateTenant(request.tenant)
    validateID(request.agentID, field: "agent_id")
    // ScorecardService.getAnnualReview
    let last: Month?
    if !request.endingMonth.isEmpty {
        last = Month(request.endingMonth)
    } else if (1900...9999).contains(request.year) {
        last = Month(year: Int(request.year), month: 12)
    } else {
        last = nil
    }
    if let last {
        let months = Month.range(from: last.adding(months: -11), to: last)
        harnessCheck(months.count == 12, "an annual review of \(last) covers \(months.count) months")
        consume(months.map(\.description))
        consume((months[0].firstDay, last.lastDay))
    }
}

private func check(_ request: Governance_V1_TrendRequest) {
    interceptor(Governance_V1_ScorecardService.Method.GetTrend.descriptor, request)
    validateTenant(request.tenant)
    // ScorecardService.getTrend
    guard let from = Month(request.from), let to = Month(request.to) else { return }
    let months = Month.range(from: from, to: to)
    harnessCheck(months.isEmpty == (to < from), "Month.range(\(from), \(to)) has \(months.count) months")
    if !months.isEmpty, months.count <= 120 {
        consume(months.map { Period.month($0).description })
    }
}

private func check(_ request: Governance_V1_CreateTokenRequest) {
    let method = Governance_V1_AdminService.Method.CreateToken.descriptor
    authorizeEveryone(method, tenant: nil)  // scope .handler: the interceptor checks the role only
    checkText(request.name)
    // AdminService.createToken
    guard let role = Role(request.role) else { return }
    let name = request.name.trimmingCharacters(in: .whitespaces)
    guard !name.isEmpty, name.count <= 200 else { return }
    let tenants = Array(Set(request.tenants)).sorted()
    switch role {
    case .platformAdmin: guard tenants.isEmpty else { return }
    case .accountManager: guard !tenants.isEmpty else { return }
    case .tenantAdmin, .tenantViewer, .dataFeeder: guard tenants.count == 1 else { return }
    }
    for tenant in tenants {
        checkText(tenant)
        validateTenant(tenant)
        authorizeEveryone(method, tenant: tenant)
    }
    let principal = Principal(
        tokenID: "tok_000000000000", name: name, role: role, tenants: tenants, createdAt: "2026-01-01T00:00:00Z")
    consume(Governance_V1_Principal.with { $0.name = principal.name; $0.tenants = principal.tenants })
}

private func check(_ request: Governance_V1_ApplyManifestRequest) {
    let method = Governance_V1_ManifestService.Method.ApplyManifest.descriptor
    authorizeEveryone(method, tenant: nil)
    checkText(request.fileName)
    // ManifestService.applyManifest
    let fileName = request.fileName.isEmpty ? "manifest.yaml" : request.fileName
    guard request.yaml.utf8.count <= 4 * 1024 * 1024 else { return }
    if let document = (try? Yams.load(yaml: request.yaml)) as? [String: Any], let tenant = document["tenant"] as? String {
        consume(fuzzPrincipals.map { $0.canSee(tenant: tenant) })
    }
    do {
        switch try Manifest.parse(yaml: request.yaml, file: fileName) {
        case .architecture(let architecture):
            consume(architecture.canonicalJSON())
        case .tenant(let tenant):
            authorizeEveryone(method, tenant: tenant.tenant)
        }
    } catch {
        consume(GovernanceError(error).description)
    }
}

private func check(_ request: Governance_V1_AddScorecardVersionRequest) {
    interceptor(Governance_V1_ScorecardService.Method.AddScorecardVersion.descriptor, request)
    validateTenant(request.tenant)
    validateID(request.program, field: "program")
    // ScorecardService.addScorecardVersion, up to the database.
    guard let effectiveFrom = Month(request.effectiveFrom) else { return }
    let author = request.author.trimmingCharacters(in: .whitespacesAndNewlines)
    let rationale = request.rationale.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !author.isEmpty, !rationale.isEmpty else { return }
    var metrics: [[String: Any]] = []
    var configs: [MetricConfig] = []
    for item in request.metrics {
        guard let metric = Metric(rawValue: item.metric) else { return }
        do {
            configs.append(try MetricConfig(metric, weight: item.weight, target: item.target, threshold: item.threshold))
        } catch {
            consume(error.description)
            return
        }
        metrics.append(["metric": metric.rawValue, "weight": item.weight, "target": item.target, "threshold": item.threshold])
    }
    do {
        _ = try ScorecardConfig(version: 0, effectiveFrom: effectiveFrom, metrics: configs)
    } catch {
        consume(error.description)
        return
    }
    let document: [String: Any] = [
        "effective_from": effectiveFrom.description, "author": author, "rationale": rationale, "metrics": metrics,
    ]
    do {
        let version = try JSONDecoder().decode(
            ScorecardVersion.self, from: JSONSerialization.data(withJSONObject: document))
        consume(version.canonicalJSON())
    } catch {
        consume("\(error)")
    }
}

private func check(_ request: Governance_V1_ListAuditRequest) {
    let method = Governance_V1_AdminService.Method.ListAudit.descriptor
    authorizeEveryone(method, tenant: nil)
    // AdminService.listAudit authorises the named tenant in the handler.
    if !request.tenant.isEmpty { authorizeEveryone(method, tenant: request.tenant) }
    consume(max(1, min(Int(request.limit), 1000)))
}

/// `QbrService.buildQbr`'s checks, then the renderer with the request's text as names: whatever
/// the text, it never reaches the page unescaped.
private func check(_ request: Governance_V1_BuildQbrRequest) {
    interceptor(Governance_V1_QbrService.Method.BuildQbr.descriptor, request)
    validateTenant(request.tenant)
    if !request.program.isEmpty { validateID(request.program, field: "program") }
    checkPeriod(request.quarter)
    if let quarter = Period(request.quarter), case .quarter = quarter {
        let quarters = QbrPeriods.quarters(endingAt: quarter)
        harnessCheck(quarters.count == 5 && quarters.last == quarter, "the QBR of \(quarter) does not end with it")
        harnessCheck(QbrPeriods.trendMonths(endingAt: quarter).count == 15, "the QBR trend of \(quarter) is not 15 months")
    }
    // Escaping keeps the page's markup whatever the text: as many '<' as with harmless names.
    let page = qbrPage(tenant: request.tenant, program: request.program, quarter: request.quarter)
    let plain = qbrPage(tenant: "x", program: "x", quarter: "x")
    harnessCheck(
        page.filter { $0 == "<" }.count == plain.filter { $0 == "<" }.count, "request text changed the QBR page's markup")
    harnessCheck(!page.lowercased().contains("<script"), "the QBR page holds a script")
}

/// A QBR page whose every name is made of the given text.
private func qbrPage(tenant: String, program: String, quarter: String) -> String {
    let name = tenant + program + quarter
    let document = QbrDocument(
        tenant: tenant, tenantName: name, quarter: quarter, programFilter: program, quarters: [quarter],
        trendMonths: [name], months: [name], tenantSummary: QbrTenantSummary(quarters: [], slaTotals: nil),
        programs: [QbrProgram(id: program, name: name, notes: ["sla": name])])
    consume(try? document.canonicalJSON())
    return QbrRenderer.render(document)
}

// MARK: Field checks

private func validateTenant(_ tenant: String) {
    do {
        try Identifier.validateTenant(tenant)
        harnessCheck(Identifier.isValid(tenant), "validateTenant accepted an invalid id '\(tenant)'")
        harnessCheck(!tenant.contains("/") && tenant != "." && tenant != "..", "tenant '\(tenant)' could steer a path")
    } catch {
        consume(error.description)
    }
}

private func validateID(_ value: String, field: String) {
    do {
        try Identifier.validate(value, field: field)
    } catch {
        consume(error.description)
    }
}

/// `ScorecardService.period` and what the handlers derive from a period.
private func checkPeriod(_ text: String) {
    guard let period = Period(text) else { return }
    let months = period.months
    harnessCheck(!months.isEmpty && months.count <= 12, "period \(period) has \(months.count) months")
    consume((period.firstMonth, period.lastMonth, period.firstDay, period.lastDay, period.dayCount))
    // The description parses back to the same period.
    harnessCheck(Period(period.description) == period, "period '\(text)' prints as '\(period)', which reads differently")
    if let month = Month(text) {
        harnessCheck(Month(month.description) == month, "month '\(text)' prints as '\(month)', which reads differently")
    }
}

/// Text the server parses in other places: bearer tokens and listen addresses.
private func checkText(_ text: String) {
    if let secret = TokenAuthority.secret(fromAuthorization: text) {
        harnessCheck(secret.hasPrefix("gv_"), "a bearer secret without the gv_ prefix")
        consume(TokenAuthority.hash(secret))
    }
    consume(TokenAuthority.secret(fromAuthorization: "Bearer " + text))
    var configuration = ServerConfiguration(dataDirectory: "/nonexistent")
    do {
        try configuration.setListen(text, source: "fuzz")
        harnessCheck((0...65535).contains(configuration.port), "listen accepted port \(configuration.port)")
    } catch {
        consume(error.description)
    }
    for key in ["listen", "max_message_bytes", "plaintext_dev", "rate_limit_per_token"] {
        var other = ServerConfiguration(dataDirectory: "/nonexistent")
        do {
            try other.apply([key: text], source: "fuzz")
        } catch {
            consume(error.description)
        }
    }
}

// MARK: The server's enum mappings (internal there, so repeated here)

extension FileKind {
    fileprivate init?(_ kind: Governance_V1_FileKind) {
        switch kind {
        case .interactions: self = .interactions
        case .surveys: self = .surveys
        case .evaluations: self = .evaluations
        case .evaluationAnswers: self = .evaluationAnswers
        case .agentDays: self = .agentDays
        case .roster: self = .roster
        case .plannedHeadcount: self = .plannedHeadcount
        case .engagement: self = .engagement
        case .reportedMetrics: self = .reportedMetrics
        case .coachingSessions: self = .coachingSessions
        default: return nil
        }
    }
}

extension Role {
    fileprivate init?(_ role: Governance_V1_Role) {
        switch role {
        case .platformAdmin: self = .platformAdmin
        case .accountManager: self = .accountManager
        case .tenantAdmin: self = .tenantAdmin
        case .tenantViewer: self = .tenantViewer
        case .dataFeeder: self = .dataFeeder
        default: return nil
        }
    }
}

private func check(_ request: Governance_V1_AddSlaVersionRequest) {
    interceptor(Governance_V1_SlaService.Method.AddSlaVersion.descriptor, request)
    validateTenant(request.tenant)
    validateID(request.program, field: "program")
    // SLAService.addSlaVersion: every term through the SPEC section 6 rules, then the pool.
    var agreements: [ServiceLevelAgreement] = []
    for term in request.slas {
        guard
            let agreement = try? ServiceLevelAgreement.validated(
                metric: term.metric, minimum: term.minimum, expected: term.hasExpected ? term.expected : nil,
                severity: term.severity, allocationPct: term.hasAllocationPct ? term.allocationPct : nil)
        else { continue }
        harnessCheck(agreement.minimum.isFinite, "a validated SLA has a finite minimum")
        agreements.append(agreement)
    }
    if let month = Month(request.effectiveFrom) {
        let set = SLASet(version: 1, effectiveFrom: month, agreements: agreements)
        consume((try? set.validate(poolAllocationPct: 100)) != nil)
    }
}
