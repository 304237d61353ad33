import GovernanceCore
import Yams

extension TenantManifest {
    /// Parses and validates a tenant manifest, `Tenants/<tenant>.yaml` (SPEC section 10).
    ///
    /// ```swift
    /// do {
    ///     let manifest = try TenantManifest.parse(yaml: text, file: "Tenants/northwind.yaml")
    /// } catch {
    ///     print(error)  // every problem, one `file:line:column: keyPath: message` per line
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - yaml: The manifest text.
    ///   - file: The file name to show in messages (nothing is read from it).
    /// - Returns: The manifest, normalised (defaults resolved, programs by id, metrics and SLAs in catalog order).
    /// - Throws: ``ManifestErrors`` listing every problem found.
    public static func parse(yaml: String, file: String) throws(ManifestErrors) -> TenantManifest {
        let root = try ManifestReader.compose(yaml: yaml, file: file)
        var reader = ManifestReader(file: file)
        let manifest = reader.tenantManifest(root)
        return try reader.finish(manifest)
    }
}

/// The keys of each mapping of a tenant manifest (besides `x-` extensions).
enum TenantKeys {
    static let root = ["tenant", "name", "programs", "qa_forms"]
    static let program = [
        "id", "name", "site", "timezone", "service_level_seconds", "service_level_formula", "fcr_window_days",
        "monthly_fee", "at_risk_pct", "pool_allocation_pct", "earn_back_months", "scorecard", "slas", "sla_versions",
    ]
    static let scorecardVersion = ["effective_from", "author", "rationale", "metrics"]
    static let scorecardMetric = ["metric", "weight", "target", "threshold"]
    static let sla = ["metric", "minimum", "expected", "severity", "allocation_pct"]
    static let slaVersion = ["effective_from", "author", "rationale", "slas"]
    static let qaForm = ["id", "version", "effective_from", "items"]
    static let qaItem = ["item_id", "section", "weight", "max_points", "hard_fail"]
}

extension ManifestReader {
    /// Reads the tenant manifest at `root`.
    mutating func tenantManifest(_ root: Node) -> TenantManifest? {
        guard let fields = fields(root, .root, allowed: TenantKeys.root) else { return nil }
        var tenant: String?
        if let node = required(fields, "tenant"), let value = text(node, .root.key("tenant")) {
            if Identifier.isValidTenant(value) {
                tenant = value
            } else {
                report(
                    "'\(value.prefix(80))' is not a valid tenant id (1–64 characters from A-Z a-z 0-9 . _ : -)",
                    at: node, .root.key("tenant"))
            }
        }
        let name = text(fields, "name")
        let programs = programList(fields)
        let forms = qaForms(fields)
        guard let tenant, let name, let programs, let forms else { return nil }
        return TenantManifest(tenant: tenant, name: name, programs: programs, qaForms: forms)
    }

    // MARK: Programs

    /// `programs`: a list (may be empty) of programs with unique ids.
    private mutating func programList(_ fields: Fields) -> [ProgramManifest]? {
        guard let node = required(fields, "programs") else { return nil }
        let path = ManifestPath.root.key("programs")
        guard let elements = sequence(node, path) else { return nil }
        var programs: [ProgramManifest] = []
        var firstLine: [String: Int] = [:]
        var complete = true
        for (index, element) in elements.enumerated() {
            let programPath = path.index(index)
            // Duplicate ids are checked on the raw id, so they are caught even when the program has other problems.
            if case .mapping = element, let idNode = element.mapping?["id"], let id = scalarString(idNode) {
                if let line = firstLine[id] {
                    report("duplicate program id '\(id)' (first at line \(line))", at: idNode, programPath.key("id"))
                } else {
                    firstLine[id] = idNode.mark?.line ?? 1
                }
            }
            if let program = program(element, programPath) {
                programs.append(program)
            } else {
                complete = false
            }
        }
        return complete ? programs : nil
    }

    /// One program.
    private mutating func program(_ node: Node, _ path: ManifestPath) -> ProgramManifest? {
        guard let fields = fields(node, path, allowed: TenantKeys.program) else { return nil }
        let id = identifier(fields, "id")
        let name = text(fields, "name")
        let site = identifier(fields, "site")
        let timezone = timezone(fields)
        let serviceLevelSeconds = serviceLevelSeconds(fields)
        let formula = choice(
            fields, "service_level_formula", kind: "service_level_formula",
            default: ProgramSettings.defaultServiceLevelFormula)
        let fcrWindowDays = integer(
            fields, "fcr_window_days", default: ProgramSettings.defaultFCRWindowDays, rule: .positive)
        let monthlyFee = number(fields, "monthly_fee", default: ProgramSettings.defaultMonthlyFee, rule: .nonNegative)
        let atRiskPct = number(fields, "at_risk_pct", default: ProgramSettings.defaultAtRiskPct, rule: .percentage)
        // No upper bound: a pool above 100 lets the critical allocations add up to more than the
        // pool, and SPEC section 6 then caps the month's credits pro rata (workload.py plants 150).
        // `nil` only when written and invalid, so the SLA sets are not checked against a guess.
        var pool: Double? = ProgramSettings.defaultPoolAllocationPct
        if let node = optional(fields, "pool_allocation_pct") {
            pool = number(node, path.key("pool_allocation_pct"), rule: .nonNegative)
        }
        let earnBackMonths = integer(
            fields, "earn_back_months", default: ProgramSettings.defaultEarnBackMonths, rule: .nonNegative)

        let scorecard = scorecardVersions(fields)
        let slaVersions = slaVersions(fields, scorecard: scorecard, pool: pool)

        guard let id, let name, let site, let timezone, let serviceLevelSeconds, let pool, let scorecard,
            let slaVersions
        else { return nil }
        let settings = ProgramSettings(
            id: id, name: name, site: site, timezone: timezone, serviceLevelSeconds: serviceLevelSeconds,
            serviceLevelFormula: formula, fcrWindowDays: fcrWindowDays, monthlyFee: monthlyFee,
            atRiskPct: atRiskPct, poolAllocationPct: pool, earnBackMonths: earnBackMonths)
        return ProgramManifest(settings: settings, scorecard: scorecard, slaVersions: slaVersions)
    }

    /// `timezone`: a known IANA zone.
    private mutating func timezone(_ fields: Fields) -> String? {
        guard let node = required(fields, "timezone"), let value = text(node, fields.path.key("timezone")) else {
            return nil
        }
        guard LocalDateResolver.isKnownZone(value) else {
            report(
                "unknown time zone '\(value.prefix(80))' (expected an IANA name such as Asia/Manila)", at: node,
                fields.path.key("timezone"))
            return nil
        }
        return value
    }

    /// `service_level_seconds`: `{channel: seconds > 0}` with at least one channel.
    private mutating func serviceLevelSeconds(_ fields: Fields) -> [Channel: Double]? {
        let path = fields.path.key("service_level_seconds")
        guard let node = required(fields, "service_level_seconds"),
            let entries: [(key: Channel, keyNode: Node, value: Node, path: ManifestPath)] = keyedMapping(
                node, path, keyKind: "channel")
        else { return nil }
        var result: [Channel: Double] = [:]
        var complete = true
        for entry in entries {
            if let seconds = number(entry.value, entry.path, rule: .positive) {
                result[entry.key] = seconds
            } else {
                complete = false
            }
        }
        if entries.isEmpty, complete {
            report("needs at least one channel (voice, chat, email, social or video)", at: node, path)
            return nil
        }
        return complete ? result : nil
    }

    // MARK: Scorecard

    /// `scorecard`: one or more versions, `effective_from` strictly increasing.
    private mutating func scorecardVersions(_ fields: Fields) -> [ScorecardVersion]? {
        let path = fields.path.key("scorecard")
        guard let node = required(fields, "scorecard"), let elements = sequence(node, path) else { return nil }
        guard !elements.isEmpty else {
            report("needs at least one scorecard version", at: node, path)
            return nil
        }
        var versions: [ScorecardVersion] = []
        var complete = true
        var previous: Month?
        for (index, element) in elements.enumerated() {
            let versionPath = path.index(index)
            guard let fields = self.fields(element, versionPath, allowed: TenantKeys.scorecardVersion) else {
                complete = false
                continue
            }
            let effectiveFrom = month(fields, "effective_from")
            if let effectiveFrom {
                checkIncreasing(effectiveFrom, after: previous, fields, why: "the previous version's")
                previous = effectiveFrom
            }
            let author = text(fields, "author")
            let rationale = text(fields, "rationale")
            let metrics = scorecardMetrics(fields)
            guard let effectiveFrom, let author, let rationale, let metrics else {
                complete = false
                continue
            }
            versions.append(
                ScorecardVersion(effectiveFrom: effectiveFrom, author: author, rationale: rationale, metrics: metrics))
        }
        return complete ? versions : nil
    }

    /// Reports an `effective_from` that is not after `previous`; `why` says where `previous` comes from.
    private mutating func checkIncreasing(_ month: Month, after previous: Month?, _ fields: Fields, why: String) {
        guard let previous, month <= previous, let node = fields["effective_from"] else { return }
        report(
            "effective_from \(month) must be after \(previous), \(why) (versions are listed oldest first, "
                + "at most one per month)", at: node, fields.path.key("effective_from"))
    }

    /// `metrics` of a scorecard version: one or more, each catalog metric once.
    private mutating func scorecardMetrics(_ fields: Fields) -> [ScorecardMetric]? {
        let path = fields.path.key("metrics")
        guard let node = required(fields, "metrics"), let elements = sequence(node, path) else { return nil }
        guard !elements.isEmpty else {
            report("needs at least one metric", at: node, path)
            return nil
        }
        var metrics: [ScorecardMetric] = []
        var firstLine: [Metric: Int] = [:]
        var complete = true
        for (index, element) in elements.enumerated() {
            let metricPath = path.index(index)
            guard let fields = self.fields(element, metricPath, allowed: TenantKeys.scorecardMetric) else {
                complete = false
                continue
            }
            let metric = metric(fields, "metric")
            if let metric, let metricNode = fields["metric"] {
                if let line = firstLine[metric] {
                    report(
                        "\(metric.rawValue) is listed twice in this version (first at line \(line))", at: metricNode,
                        metricPath.key("metric"))
                } else {
                    firstLine[metric] = metricNode.mark?.line ?? 1
                }
            }
            let weight = number(fields, "weight", rule: .positive)
            let target = number(fields, "target")
            let threshold = number(fields, "threshold")
            guard let metric, let weight, let target, let threshold else {
                complete = false
                continue
            }
            // SPEC section 3: the band target − threshold must point the metric's way.
            let ok: Bool
            switch metric.direction {
            case .up: ok = target - threshold > boundTolerance
            case .down: ok = threshold - target > boundTolerance
            }
            guard ok else {
                report(
                    directionMessage(metric, "target", target, "threshold", threshold), at: fields["target"],
                    metricPath.key("target"))
                complete = false
                continue
            }
            metrics.append(ScorecardMetric(metric: metric, weight: weight, target: target, threshold: threshold))
        }
        return complete ? metrics : nil
    }

    /// "aht_seconds is a 'down' metric: target 420 must be below threshold 360".
    private func directionMessage(
        _ metric: Metric, _ name: String, _ value: Double, _ boundName: String, _ bound: Double
    ) -> String {
        let article = metric.direction == .up ? "an" : "a"
        let relation = metric.direction == .up ? "above" : "below"
        return "\(metric.rawValue) is \(article) '\(metric.direction.rawValue)' metric: \(name) \(formatNumber(value)) "
            + "must be \(relation) \(boundName) \(formatNumber(bound))"
    }

    // MARK: SLAs

    /// `slas` (the first SLA version, in force from the first scorecard month) and `sla_versions`.
    private mutating func slaVersions(
        _ fields: Fields, scorecard: [ScorecardVersion]?, pool: Double?
    ) -> [SLAVersion]? {
        var complete = true
        var versions: [SLAVersion] = []
        // The initial set: optional; no `slas:` means no SLAs until an amendment adds some.
        let initial: [SLA]?
        if let node = optional(fields, "slas") {
            initial = slaSet(node, fields.path.key("slas"), pool: pool)
        } else {
            initial = []
        }
        var previous: Month?
        if let first = scorecard?.first, let initial {
            versions.append(
                SLAVersion(
                    effectiveFrom: first.effectiveFrom, author: first.author, rationale: first.rationale,
                    slas: initial))
            previous = first.effectiveFrom
        } else {
            complete = false
        }
        guard let node = optional(fields, "sla_versions") else { return complete ? versions : nil }
        let path = fields.path.key("sla_versions")
        guard let elements = sequence(node, path) else { return nil }
        for (index, element) in elements.enumerated() {
            let versionPath = path.index(index)
            guard let fields = self.fields(element, versionPath, allowed: TenantKeys.slaVersion) else {
                complete = false
                continue
            }
            let effectiveFrom = month(fields, "effective_from")
            if let effectiveFrom {
                checkIncreasing(
                    effectiveFrom, after: previous, fields,
                    why: "when the previous SLA set took effect (`slas:` takes effect with the first scorecard version)"
                )
                previous = effectiveFrom
            }
            let author = text(fields, "author")
            let rationale = text(fields, "rationale")
            let slas = required(fields, "slas").flatMap { slaSet($0, versionPath.key("slas"), pool: pool) }
            guard let effectiveFrom, let author, let rationale, let slas else {
                complete = false
                continue
            }
            versions.append(SLAVersion(effectiveFrom: effectiveFrom, author: author, rationale: rationale, slas: slas))
        }
        return complete ? versions : nil
    }

    /// One SLA set: a list (may be empty) with each metric once and Σ critical `allocation_pct` ≤ `pool`.
    private mutating func slaSet(_ node: Node, _ path: ManifestPath, pool: Double?) -> [SLA]? {
        guard let elements = sequence(node, path) else { return nil }
        var slas: [SLA] = []
        var firstLine: [Metric: Int] = [:]
        var complete = true
        for (index, element) in elements.enumerated() {
            let slaPath = path.index(index)
            guard let fields = self.fields(element, slaPath, allowed: TenantKeys.sla) else {
                complete = false
                continue
            }
            if let sla = sla(fields) {
                if let line = firstLine[sla.metric] {
                    report(
                        "\(sla.metric.rawValue) has two SLAs in this set (first at line \(line))", at: fields["metric"],
                        slaPath.key("metric"))
                    complete = false
                } else {
                    firstLine[sla.metric] = fields["metric"]?.mark?.line ?? 1
                    slas.append(sla)
                }
            } else {
                complete = false
            }
        }
        guard complete else { return nil }
        let allocated = slas.reduce(0.0) { $0 + ($1.allocationPct ?? 0) }
        if let pool, allocated > pool + boundTolerance {
            report(
                "critical allocations \(formatNumber(allocated)) exceed pool_allocation_pct \(formatNumber(pool))",
                at: node, path)
            return nil
        }
        return slas
    }

    /// One SLA.
    private mutating func sla(_ fields: Fields) -> SLA? {
        let metric = metric(fields, "metric")
        let minimum = number(fields, "minimum")
        let expectedNode = optional(fields, "expected")
        var expected: Double?
        var expectedOK = true
        if let expectedNode {
            expected = number(expectedNode, fields.path.key("expected"))
            expectedOK = expected != nil
        }
        let severity: SLASeverity? = required(fields, "severity").flatMap {
            choice($0, fields.path.key("severity"), kind: "severity")
        }
        var allocation: Double?
        var allocationOK = true
        let allocationNode = optional(fields, "allocation_pct")
        switch severity {
        case .critical:
            if allocationNode == nil {
                report(
                    "a critical SLA needs allocation_pct (its share of the at-risk pool, > 0)", at: fields.node,
                    fields.path.key("allocation_pct"))
                allocationOK = false
            } else if let node = allocationNode {
                allocation = number(node, fields.path.key("allocation_pct"), rule: .positive)
                allocationOK = allocation != nil
            }
        case .key:
            if let node = allocationNode {
                report(
                    "a key SLA takes no allocation_pct: only critical SLAs earn service credits", at: node,
                    fields.path.key("allocation_pct"))
                allocationOK = false
            }
        case nil:
            allocationOK = false
        }
        guard let metric, let minimum, let severity, allocationOK, expectedOK else { return nil }
        if let expected {
            let better =
                metric.direction == .up ? expected - minimum > boundTolerance : minimum - expected > boundTolerance
            guard better else {
                report(
                    directionMessage(metric, "expected", expected, "minimum", minimum), at: expectedNode,
                    fields.path.key("expected"))
                return nil
            }
        }
        return SLA(metric: metric, minimum: minimum, expected: expected, severity: severity, allocationPct: allocation)
    }

    // MARK: QA forms

    /// `qa_forms`: optional list of forms, each (id, version) once; a form's later versions take
    /// effect later.
    private mutating func qaForms(_ fields: Fields) -> [QAForm]? {
        guard let node = optional(fields, "qa_forms") else { return [] }
        let path = ManifestPath.root.key("qa_forms")
        guard let elements = sequence(node, path) else { return nil }
        var forms: [(form: QAForm, fields: Fields)] = []
        var complete = true
        for (index, element) in elements.enumerated() {
            let formPath = path.index(index)
            guard let fields = self.fields(element, formPath, allowed: TenantKeys.qaForm) else {
                complete = false
                continue
            }
            guard let form = qaForm(fields) else {
                complete = false
                continue
            }
            if let first = forms.first(where: { $0.form.id == form.id && $0.form.version == form.version }) {
                let line = first.fields.node.mark?.line ?? 1
                report(
                    "duplicate QA form '\(form.id)' version \(form.version) (first at line \(line))",
                    at: fields["version"], formPath.key("version"))
                complete = false
                continue
            }
            forms.append((form, fields))
        }
        // Versions of one form take effect in version order.
        let byID = Dictionary(grouping: forms, by: \.form.id)
        for id in byID.keys.sorted() {
            let dated = (byID[id] ?? []).filter { $0.form.effectiveFrom != nil }.sorted {
                $0.form.version < $1.form.version
            }
            for (earlier, later) in zip(dated, dated.dropFirst()) {
                guard let from = later.form.effectiveFrom, let before = earlier.form.effectiveFrom, from <= before
                else { continue }
                report(
                    "version \(later.form.version) of QA form '\(id)' takes effect \(from), "
                        + "not after version \(earlier.form.version) (\(before))", at: later.fields["effective_from"],
                    later.fields.path.key("effective_from"))
                complete = false
            }
        }
        return complete ? forms.map(\.form) : nil
    }

    /// One QA form.
    private mutating func qaForm(_ fields: Fields) -> QAForm? {
        let id = identifier(fields, "id")
        let version = integer(fields, "version", rule: .positive)
        var effectiveFrom: Month?
        var effectiveFromOK = true
        if let node = optional(fields, "effective_from") {
            effectiveFrom = month(node, fields.path.key("effective_from"))
            effectiveFromOK = effectiveFrom != nil
        }
        let items = qaItems(fields)
        guard let id, let version, let items, effectiveFromOK else { return nil }
        return QAForm(id: id, version: version, effectiveFrom: effectiveFrom, items: items)
    }

    /// `items` of a QA form: ids unique, at least one scored item.
    private mutating func qaItems(_ fields: Fields) -> [QAFormItem]? {
        let path = fields.path.key("items")
        guard let node = required(fields, "items"), let elements = sequence(node, path) else { return nil }
        var items: [QAFormItem] = []
        var firstLine: [String: Int] = [:]
        var complete = true
        for (index, element) in elements.enumerated() {
            let itemPath = path.index(index)
            guard let fields = self.fields(element, itemPath, allowed: TenantKeys.qaItem) else {
                complete = false
                continue
            }
            guard let item = qaItem(fields) else {
                complete = false
                continue
            }
            if let line = firstLine[item.itemID] {
                report(
                    "duplicate item_id '\(item.itemID)' in this form (first at line \(line))", at: fields["item_id"],
                    itemPath.key("item_id"))
                complete = false
                continue
            }
            firstLine[item.itemID] = fields["item_id"]?.mark?.line ?? 1
            items.append(item)
        }
        guard complete else { return nil }
        guard items.contains(where: { !$0.isHardFail }) else {
            // SPEC section 4: the quality score divides by Σ weight of scored items.
            report("needs at least one scored (not hard-fail) item: the quality score is made of them", at: node, path)
            return nil
        }
        return items
    }

    /// One QA form item.
    private mutating func qaItem(_ fields: Fields) -> QAFormItem? {
        let itemID = identifier(fields, "item_id")
        let section: QASection? = required(fields, "section").flatMap {
            choice($0, fields.path.key("section"), kind: "section")
        }
        var scoring: QAFormItem.Scoring?
        switch bool(fields, "hard_fail", default: false) {
        case nil:
            // Whether weight and max_points belong here depends on hard_fail: say nothing more.
            scoring = nil
        case true?:
            var ok = true
            for key in ["weight", "max_points"] {
                if let node = optional(fields, key) {
                    report(
                        "a hard-fail item takes no \(key): it is passed or failed and never enters the quality score",
                        at: node, fields.path.key(key))
                    ok = false
                }
            }
            scoring = ok ? .hardFail : nil
        case false?:
            let weight = number(fields, "weight", rule: .positive)
            let maxPoints = number(fields, "max_points", rule: .positive)
            if let weight, let maxPoints { scoring = .scored(weight: weight, maxPoints: maxPoints) }
        }
        guard let itemID, let section, let scoring else { return nil }
        return QAFormItem(itemID: itemID, section: section, scoring: scoring)
    }
}
