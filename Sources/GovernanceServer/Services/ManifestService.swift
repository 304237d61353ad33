import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import Manifests
import Storage

/// Applies manifests and lists configuration (`governance.v1.ManifestService`).
public struct ManifestService: Governance_V1_ManifestService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    public func applyManifest(
        request: Governance_V1_ApplyManifestRequest, context: ServerContext
    ) async throws -> Governance_V1_ApplyManifestReply {
        let principal = try RequestContext.requirePrincipal()
        let fileName = request.fileName.isEmpty ? "manifest.yaml" : request.fileName
        guard request.yaml.utf8.count <= 4 * 1024 * 1024 else {
            throw GovernanceError.invalid("\(fileName): a manifest may be at most 4 MiB")
        }
        // A scoped caller learns nothing about a tenant outside its scope, not even whether
        // that tenant's manifest would be valid: check the `tenant:` key before validating.
        if principal.role != .platformAdmin, let tenant = Manifest.declaredTenant(yaml: request.yaml),
            !principal.canSee(tenant: tenant)
        {
            throw GovernanceError(
                code: .permissionDenied, message: "tenant \(tenant.prefix(80)) is outside this token's scope")
        }
        let manifest: Manifest
        do {
            manifest = try Manifest.parse(yaml: request.yaml, file: fileName)
        } catch {
            throw GovernanceError(error)
        }
        switch manifest {
        case .architecture(let architecture):
            guard principal.role == .platformAdmin else {
                throw GovernanceError(code: .permissionDenied, message: "only a platform admin may change the architecture")
            }
            return try await applyArchitecture(architecture, dryRun: request.dryRun)
        case .tenant(let tenant):
            RequestContext.current?.tenant = tenant.tenant
            try AuthorizationPolicy.authorize(principal, method: context.descriptor, tenant: tenant.tenant)
            return try await applyTenant(tenant, principal: principal, dryRun: request.dryRun)
        }
    }

    func applyArchitecture(_ architecture: ArchitectureManifest, dryRun: Bool) async throws
        -> Governance_V1_ApplyManifestReply
    {
        var reply = Governance_V1_ApplyManifestReply()
        reply.kind = "architecture"
        let existing = try await backend.control.architectureVersions()
        let config = architecture.canonicalJSON()
        if let same = existing.first(where: { $0.version == architecture.version }) {
            guard same.config == config else {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "architecture version \(architecture.version) already exists with other content; versions are never overwritten: add version \((existing.map(\.version).max() ?? 0) + 1) with its effective_from, author and rationale")
            }
            reply.changes = ["architecture version \(architecture.version) unchanged"]
            return reply
        }
        if let latest = existing.last {
            guard architecture.version > latest.version else {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "architecture version \(architecture.version) is older than the latest stored version \(latest.version)")
            }
            guard architecture.effectiveFrom > latest.effectiveFrom else {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "architecture version \(architecture.version) must take effect after version \(latest.version) (effective \(latest.effectiveFrom)), got \(architecture.effectiveFrom)")
            }
        }
        let change = "added architecture version \(architecture.version) effective \(architecture.effectiveFrom) by \(architecture.author): \(architecture.rationale)"
        reply.changed = true
        reply.changes = [change]
        if !dryRun {
            try await backend.control.addArchitectureVersion(
                ArchitectureVersionRecord(
                    version: architecture.version, effectiveFrom: architecture.effectiveFrom, author: architecture.author,
                    rationale: architecture.rationale, config: config, appliedAt: AdminService.now()),
                audit: backend.audit(tenant: "", action: "ApplyManifest", detail: change))
            backend.bumpAllGenerations()
        }
        return reply
    }

    func applyTenant(_ manifest: TenantManifest, principal: Principal, dryRun: Bool) async throws
        -> Governance_V1_ApplyManifestReply
    {
        var reply = Governance_V1_ApplyManifestReply()
        reply.kind = "tenant"
        reply.tenant = manifest.tenant
        var lines: [String] = []
        let stored = try await backend.control.tenant(id: manifest.tenant)
        if stored == nil {
            guard principal.role == .platformAdmin else {
                // Same answer as for any tenant outside the caller's scope.
                throw GovernanceError(
                    code: .permissionDenied, message: "tenant \(manifest.tenant) is outside this token's scope")
            }
            lines.append("created tenant \(manifest.tenant) '\(manifest.name)'")
        } else if stored?.name != manifest.name {
            lines.append("renamed tenant \(manifest.tenant) to '\(manifest.name)'")
        }
        if stored == nil && dryRun {
            // Nothing stored yet: everything in the manifest would be new.
            for program in manifest.programs {
                lines.append("created program \(program.id)")
                for version in program.scorecard {
                    lines.append("added scorecard version of \(program.id) effective \(version.effectiveFrom)")
                }
                for version in program.slaVersions {
                    lines.append("added SLA version of \(program.id) effective \(version.effectiveFrom)")
                }
            }
            for form in manifest.qaForms { lines.append("added QA form \(form.id) version \(form.version)") }
            reply.changed = true
            reply.changes = lines
            return reply
        }
        if !dryRun && (stored == nil || stored?.name != manifest.name) {
            _ = try await backend.control.upsertTenant(
                TenantRecord(id: manifest.tenant, name: manifest.name, createdAt: stored?.createdAt ?? AdminService.now()),
                audit: backend.audit(tenant: manifest.tenant, action: "ApplyManifest", detail: lines.joined(separator: "; ")))
        }
        let tenantLines = try await backend.tenants.withTenant(manifest.tenant, create: true) { database in
            let plan = try await ManifestPlan.make(manifest: manifest, database: database)
            if !dryRun && !plan.changes.isEmpty {
                let drafts = plan.lines.map {
                    backend.audit(tenant: manifest.tenant, action: "ApplyManifest", detail: $0)
                }
                try await database.apply(plan.changes, audit: drafts)
                backend.bumpGeneration(tenant: manifest.tenant)
            }
            return plan.lines
        }
        lines += tenantLines
        reply.changed = !lines.isEmpty
        reply.changes = lines.isEmpty ? ["tenant \(manifest.tenant) unchanged"] : lines
        return reply
    }

    public func listArchitectureVersions(
        request: Governance_V1_ListArchitectureVersionsRequest, context: ServerContext
    ) async throws -> Governance_V1_ListArchitectureVersionsReply {
        var reply = Governance_V1_ListArchitectureVersionsReply()
        reply.versions = try await backend.control.architectureVersions().map(Governance_V1_ArchitectureVersion.init)
        return reply
    }

    public func listPrograms(
        request: Governance_V1_ListProgramsRequest, context: ServerContext
    ) async throws -> Governance_V1_ListProgramsReply {
        try await backend.withTenant(request.tenant) { database in
            let scorecards = try await database.versions(.scorecard)
            let slas = try await database.versions(.sla)
            var reply = Governance_V1_ListProgramsReply()
            reply.programs = try await database.programs().map { program in
                Governance_V1_Program(
                    program, scorecardVersions: scorecards.filter { $0.programID == program.id }.count,
                    slaVersions: slas.filter { $0.programID == program.id }.count)
            }
            return reply
        }
    }
}

/// The changes a tenant manifest makes to what a tenant database holds.
///
/// Versions are append-only: a version whose `effective_from` is stored with the same
/// content is unchanged; with other content it is refused (FAILED_PRECONDITION) and must be
/// added as a new, later version; a new version must take effect after every stored one,
/// so periods already scored keep their version. Programs and QA forms absent from the
/// manifest are kept (nothing is ever deleted by a manifest).
struct ManifestPlan: Sendable {
    var changes: [TenantChange] = []
    var lines: [String] = []

    static func make(manifest: TenantManifest, database: TenantDatabase) async throws -> ManifestPlan {
        var plan = ManifestPlan()
        let now = AdminService.now()
        let programs = Dictionary(uniqueKeysWithValues: try await database.programs().map { ($0.id, $0) })
        let scorecards = try await database.versions(.scorecard)
        let slas = try await database.versions(.sla)
        for program in manifest.programs {
            let record = ProgramRecord(program.settings)
            if let existing = programs[program.id] {
                if existing.timezone != record.timezone {
                    throw GovernanceError(
                        code: .failedPrecondition,
                        message: "program \(program.id): the timezone cannot change (\(existing.timezone) → \(record.timezone)); it decides how stored data is bucketed into periods")
                }
                if existing != record {
                    plan.changes.append(.upsertProgram(record))
                    plan.lines.append("updated settings of program \(program.id)")
                }
            } else {
                plan.changes.append(.upsertProgram(record))
                plan.lines.append("created program \(program.id) '\(program.settings.name)'")
            }
            try plan.addVersions(
                kind: .scorecard, program: program.id,
                wanted: program.scorecard.map { ($0.effectiveFrom, $0.author, $0.rationale, $0.canonicalJSON()) },
                stored: scorecards.filter { $0.programID == program.id }, now: now)
            try plan.addVersions(
                kind: .sla, program: program.id,
                wanted: program.slaVersions.map { ($0.effectiveFrom, $0.author, $0.rationale, $0.canonicalJSON()) },
                stored: slas.filter { $0.programID == program.id }, now: now)
        }
        let forms = try await database.qaForms()
        for form in manifest.qaForms {
            let config = form.canonicalJSON()
            if let existing = forms.first(where: { $0.formID == form.id && $0.version == form.version }) {
                guard existing.config == config else {
                    throw GovernanceError(
                        code: .failedPrecondition,
                        message: "QA form \(form.id) version \(form.version) already exists with other items; add version \(forms.filter { $0.formID == form.id }.map(\.version).max().map { $0 + 1 } ?? 1) instead")
                }
            } else {
                plan.changes.append(
                    .addQAForm(
                        QAFormRecord(
                            formID: form.id, version: form.version, effectiveFrom: form.effectiveFrom, config: config,
                            createdAt: now,
                            items: form.items.map { item in
                                QAItemRecord(
                                    itemID: item.itemID, weight: item.weight ?? 0, maxPoints: item.maxPoints ?? 1,
                                    hardFail: item.isHardFail)
                            })))
                plan.lines.append("added QA form \(form.id) version \(form.version)")
            }
        }
        return plan
    }

    mutating func addVersions(
        kind: VersionKind, program: String, wanted: [(Month, String, String, String)], stored: [VersionRecord],
        now: String
    ) throws {
        let label = kind == .scorecard ? "scorecard" : "SLA"
        var latest = stored.last
        var next = (stored.map(\.version).max() ?? 0) + 1
        for (effectiveFrom, author, rationale, config) in wanted {
            if let same = stored.first(where: { $0.effectiveFrom == effectiveFrom }) {
                guard same.config == config else {
                    throw GovernanceError(
                        code: .failedPrecondition,
                        message: "\(label) version \(same.version) of \(program) (effective \(effectiveFrom)) already exists with other content; versions are never overwritten: add a new version with a later effective_from, an author and a rationale")
                }
                continue
            }
            if let latest, effectiveFrom <= latest.effectiveFrom {
                throw GovernanceError(
                    code: .failedPrecondition,
                    message: "new \(label) version of \(program) effective \(effectiveFrom) must take effect after the latest stored version \(latest.version) (effective \(latest.effectiveFrom)), so periods already scored keep their version")
            }
            let record = VersionRecord(
                kind: kind, programID: program, version: next, effectiveFrom: effectiveFrom, author: author,
                rationale: rationale, config: config, createdAt: now)
            changes.append(.addVersion(record))
            lines.append("added \(label) version \(next) of \(program) effective \(effectiveFrom) by \(author): \(rationale)")
            latest = record
            next += 1
        }
    }
}
