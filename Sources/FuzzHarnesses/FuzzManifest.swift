import Foundation
import GovernanceCore
import Manifests
import Scorecards

/// Fuzzes manifest parsing: the bytes, decoded as UTF-8 (invalid sequences replaced), go
/// through what `ApplyManifest` does with the `yaml` of a request:
///
/// 1. `Manifest.declaredTenant(yaml:)`, which the server runs for every scoped caller to read the `tenant:`
///    key before validating (hostile input from any tenant admin or account manager);
/// 2. `Manifests.Manifest.parse(yaml:file:)`, rendering every error on failure.
///
/// On success the harness checks the invariants the server relies on when it stores the
/// manifest's canonical JSON and reads it back later:
///
/// - architecture: `canonicalJSON()` is itself a valid architecture manifest that parses to
///   the same value (documented on `ArchitectureManifest.canonicalJSON()`), and
///   `JSONDecoder` reads it back to the same value (what the scorecard service does);
/// - tenant: the canonical JSON of the manifest and of each stored part (program settings,
///   scorecard versions, SLA versions, QA forms) decodes back to the same value;
/// - both: the scoring engine accepts what the parser accepted (`Architecture.init`,
///   `MetricConfig`/`ScorecardConfig`), since the server stores manifests without asking it.
///
/// Traps only when one of those invariants breaks (or the code under test traps).
public func fuzzManifest(_ data: UnsafeRawBufferPointer) {
    let text = String(decoding: data, as: UTF8.self)

    // ManifestService.applyManifest, scoped callers: read the tenant key before validating.
    if let tenant = Manifest.declaredTenant(yaml: text) {
        consume(fuzzPrincipals.map { $0.canSee(tenant: tenant) })
    }

    let manifest: Manifest
    do {
        manifest = try Manifest.parse(yaml: text, file: "fuzz.yaml")
    } catch {
        consume(error.description)
        consume(GovernanceError(error).description)
        for item in error.errors { consume(item.description) }
        return
    }
    let json = manifest.canonicalJSON()
    switch manifest {
    case .architecture(let architecture):
        checkArchitecture(architecture, json: json, text: text)
    case .tenant(let tenant):
        checkTenant(tenant, json: json)
    }
}

/// ``fuzzManifest(_:)-(UnsafeRawBufferPointer)`` for an array.
public func fuzzManifest(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { fuzzManifest($0) }
}

private func checkArchitecture(_ architecture: ArchitectureManifest, json: String, text: String) {
    // The dedicated entry point agrees with the dispatching one.
    let direct: ArchitectureManifest
    do {
        direct = try ArchitectureManifest.parse(yaml: text, file: "fuzz.yaml")
    } catch {
        harnessCheck(false, "Manifest.parse accepted an architecture that ArchitectureManifest.parse rejects: \(error)")
        return
    }
    harnessCheck(direct == architecture, "Manifest.parse and ArchitectureManifest.parse disagree")

    // "Its keys are the YAML keys, so the text is also a valid architecture manifest."
    do {
        let reparsed = try Manifest.parse(yaml: json, file: "canonical.json")
        harnessCheck(
            reparsed == .architecture(architecture),
            "the canonical JSON of an architecture parses to a different manifest:\n\(json)")
        harnessCheck(reparsed.canonicalJSON() == json, "the canonical JSON is not stable across a round trip:\n\(json)")
    } catch {
        harnessCheck(false, "the canonical JSON of an architecture does not parse as a manifest: \(error)\n\(json)")
    }

    // What the scorecard service reads back from the control database.
    do {
        let decoded = try JSONDecoder().decode(ArchitectureManifest.self, from: Data(json.utf8))
        harnessCheck(decoded == architecture, "JSONDecoder reads the canonical architecture back differently:\n\(json)")
    } catch {
        harnessCheck(false, "JSONDecoder cannot read the canonical architecture back: \(error)\n\(json)")
    }

    // The engine must accept what the parser accepted: the server stores it without asking.
    do {
        _ = try Architecture(
            version: architecture.version, effectiveFrom: architecture.effectiveFrom,
            categoryWeights: architecture.categoryWeights, thresholdScore: architecture.thresholdScore,
            gateCap: architecture.gateCap, gates: Set(architecture.gates),
            minSample: MinSampleRules(overrides: architecture.minSamples),
            reconcileTolerance: architecture.reconcileTolerances)
    } catch {
        harnessCheck(false, "the parser accepted an architecture the scoring engine rejects: \(error)\n\(json)")
    }
}

private func checkTenant(_ tenant: TenantManifest, json: String) {
    roundTrip(tenant, json: json, what: "tenant manifest")
    harnessCheck(Identifier.isValidTenant(tenant.tenant), "the parser accepted the tenant id '\(tenant.tenant)'")
    for program in tenant.programs {
        roundTrip(program.settings, json: program.settings.canonicalJSON(), what: "program settings")
        for version in program.scorecard {
            roundTrip(version, json: version.canonicalJSON(), what: "scorecard version")
            // ScorecardConfig(record) in the server, at scoring time.
            do {
                var metrics: [MetricConfig] = []
                for item in version.metrics {
                    metrics.append(
                        try MetricConfig(item.metric, weight: item.weight, target: item.target, threshold: item.threshold))
                }
                _ = try ScorecardConfig(version: 1, effectiveFrom: version.effectiveFrom, metrics: metrics)
            } catch {
                harnessCheck(
                    false,
                    "the parser accepted a scorecard version the scoring engine rejects: \(error)\n\(version.canonicalJSON())")
            }
        }
        for version in program.slaVersions {
            roundTrip(version, json: version.canonicalJSON(), what: "SLA version")
        }
    }
    for form in tenant.qaForms {
        roundTrip(form, json: form.canonicalJSON(), what: "QA form")
    }
}

private func roundTrip<T: Decodable & Equatable>(_ value: T, json: String, what: String) {
    do {
        let decoded = try JSONDecoder().decode(T.self, from: Data(json.utf8))
        harnessCheck(decoded == value, "JSONDecoder reads the canonical \(what) back differently:\n\(json)")
    } catch {
        harnessCheck(false, "JSONDecoder cannot read the canonical \(what) back: \(error)\n\(json)")
    }
}
