import GovernanceCore
import Yams

/// A parsed file of `Tenants/`: the architecture or one tenant's manifest (SPEC section 10).
///
/// ## Validation policy
///
/// - Every problem is collected and thrown together as ``ManifestErrors``, each with its file,
///   line, column and key path.
/// - **Unknown keys are errors**, naming the key (with a "did you mean" when one is close) and
///   listing the allowed keys: a contract file must not silently drop a misspelt term such as
///   `sevrity`. A key starting with `x-` is an extension and is ignored at any level, so new
///   tooling can annotate files without a parser change. Keys the SPEC adds later are added here.
/// - A key given twice in one mapping is an error (YAML would keep only one value).
/// - A key written with no value (or `~`/`null`) counts as absent: the default applies, or a
///   required key is reported.
/// - Numbers must be unquoted YAML numbers and finite; whole-number fields accept `7` or `7.0`.
/// - Bounds compare with the 1e-9 tolerance of SPEC section 1.
public enum Manifest: Sendable, Equatable {
    /// `Tenants/architecture.yaml`.
    case architecture(ArchitectureManifest)
    /// `Tenants/<tenant>.yaml`.
    case tenant(TenantManifest)

    /// Parses either kind of manifest, deciding by the top-level keys: a `tenant:` key makes a
    /// tenant manifest, else a `version:` or `categories:` key makes the architecture.
    ///
    /// ```swift
    /// switch try Manifest.parse(yaml: text, file: path) {
    /// case .architecture(let architecture): apply(architecture)
    /// case .tenant(let tenant): apply(tenant)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - yaml: The manifest text.
    ///   - file: The file name to show in messages (nothing is read from it).
    /// - Returns: The parsed manifest.
    /// - Throws: ``ManifestErrors`` listing every problem found, or saying the kind could not be told.
    public static func parse(yaml: String, file: String) throws(ManifestErrors) -> Manifest {
        let root = try ManifestReader.compose(yaml: yaml, file: file)
        var reader = ManifestReader(file: file)
        var keys: Set<String> = []
        if case .mapping(let mapping) = root {
            for key in mapping.keys {
                if let name = reader.scalarString(key) { keys.insert(name) }
            }
        }
        if keys.contains("tenant") {
            let tenant = reader.tenantManifest(root)
            return .tenant(try reader.finish(tenant))
        }
        if keys.contains("version") || keys.contains("categories") {
            let architecture = reader.architecture(root)
            return .architecture(try reader.finish(architecture))
        }
        reader.report(
            "cannot tell the kind of manifest: a tenant manifest has a 'tenant:' key, "
                + "the architecture has 'version:' and 'categories:'", at: root, .root)
        throw ManifestErrors(reader.errors)
    }

    /// The tenant a manifest names in its top-level `tenant:` key, read without validating the
    /// rest; `nil` when the text is not YAML, not a mapping, or has no such scalar key.
    ///
    /// The server reads it before validating, so a scoped caller learns nothing about a tenant
    /// outside its scope. It goes through the same bounded composer as ``parse(yaml:file:)``, so
    /// hostile documents (alias bombs, mappings used as keys) cost no more here than there.
    public static func declaredTenant(yaml: String) -> String? {
        guard let root = try? ManifestReader.compose(yaml: yaml, file: ""), case .mapping(let mapping) = root else {
            return nil
        }
        let reader = ManifestReader(file: "")
        for (key, value) in mapping where reader.scalarString(key) == "tenant" {
            return reader.scalarString(value)
        }
        return nil
    }

    /// The canonical JSON of the architecture or tenant manifest.
    public func canonicalJSON() -> String {
        switch self {
        case .architecture(let architecture): return architecture.canonicalJSON()
        case .tenant(let tenant): return tenant.canonicalJSON()
        }
    }
}
