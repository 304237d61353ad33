import Benchmarking
import Crypto
import GRPCCore
import GovernanceAPI
import GovernanceCore
import QBR
import Storage

/// The quarterly business review pack (`governance.v1.QbrService`). Thin: every figure comes from
/// the handlers (or the cached computations behind them) of the scorecard, SLA, health, quality,
/// benchmark and review services; Mapping/QBR+Mapping.swift copies them into the QBR library's
/// document, which renders the HTML.
public struct QbrService: Governance_V1_QbrService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    public func buildQbr(request: Governance_V1_BuildQbrRequest, context: ServerContext) async throws
        -> Governance_V1_BuildQbrReply
    {
        guard let quarter = Period(request.quarter), case .quarter = quarter else {
            throw GovernanceError.invalid("quarter must be YYYY-Qn (e.g. 2026-Q3), got '\(request.quarter.prefix(40))'")
        }
        let all = try await backend.withTenant(request.tenant) { database in try await database.programs() }
        let programs: [ProgramRecord]
        if request.program.isEmpty {
            programs = all.sorted { $0.id < $1.id }
        } else {
            guard let program = all.first(where: { $0.id == request.program }) else {
                throw GovernanceError.notFound("program \(request.program) does not exist")
            }
            programs = [program]
        }
        guard !programs.isEmpty else {
            throw GovernanceError(
                code: .failedPrecondition, message: "tenant \(request.tenant) has no programs: apply its manifest first")
        }
        let tenantName = try await backend.control.tenant(id: request.tenant)?.name ?? request.tenant
        let assembler = QbrAssembler(backend: backend, context: context, tenant: request.tenant, quarter: quarter)
        let matrix = try await assembler.complianceMatrix()
        var sections: [QbrProgram] = []
        for program in programs { sections.append(try await assembler.program(program, matrix: matrix)) }
        let evaluated = matrix.programs.contains { row in
            programs.contains { $0.id == row.program } && row.cells.contains(where: \.evaluated)
        }
        let slaTotals: QbrCredits?
        if !evaluated {
            slaTotals = nil
        } else if request.program.isEmpty {
            slaTotals = QbrCredits(matrix.totals)
        } else {
            slaTotals = matrix.programs.first { $0.program == request.program }.map { QbrCredits($0.totals) }
        }
        let summary = QbrTenantSummary(
            quarters: assembler.quarters.indices.map { index in
                TenantRollup.rollUp(
                    quarter: assembler.quarters[index].description, programs: sections.map { $0.quarters[index] })
            },
            slaTotals: slaTotals)
        let document = QbrDocument(
            tenant: request.tenant, tenantName: tenantName, quarter: quarter.description,
            programFilter: request.program.isEmpty ? nil : request.program,
            quarters: assembler.quarters.map(\.description), trendMonths: assembler.trendMonths.map(\.description),
            months: quarter.months.map(\.description), tenantSummary: summary, programs: sections)

        var reply = Governance_V1_BuildQbrReply()
        reply.tenant = request.tenant
        reply.quarter = quarter.description
        reply.program = request.program
        reply.html = QbrRenderer.render(document)
        reply.dataJson = try document.canonicalJSON()
        reply.htmlSha256 = Self.sha256(reply.html)
        reply.dataSha256 = Self.sha256(reply.dataJson)
        reply.programs = sections.map(\.id)
        return reply
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// Gathers one quarter's figures through the other services' handlers.
struct QbrAssembler: Sendable {
    let backend: GovernanceBackend
    let context: ServerContext
    let tenant: String
    let quarter: Period
    /// The quarter and the four before it, oldest first.
    let quarters: [Period]
    /// The months of those quarters.
    let trendMonths: [Month]

    init(backend: GovernanceBackend, context: ServerContext, tenant: String, quarter: Period) {
        self.backend = backend
        self.context = context
        self.tenant = tenant
        self.quarter = quarter
        self.quarters = QbrPeriods.quarters(endingAt: quarter)
        self.trendMonths = QbrPeriods.trendMonths(endingAt: quarter)
    }

    func complianceMatrix() async throws -> Governance_V1_ComplianceMatrix {
        var request = Governance_V1_ComplianceMatrixRequest()
        request.tenant = tenant
        request.from = quarter.firstMonth.description
        request.to = quarter.lastMonth.description
        return try await SLAService(backend: backend).getComplianceMatrix(request: request, context: context)
    }

    /// Every section of one program; a section without data gets a note instead.
    /// - Parameter matrix: the tenant's SLA compliance matrix over the quarter's months.
    func program(_ program: ProgramRecord, matrix: Governance_V1_ComplianceMatrix) async throws -> QbrProgram {
        var section = QbrProgram(id: program.id, name: program.name)
        var notes: [String: String] = [:]

        // Scores: the quarter and the four before.
        var current: Governance_V1_Scorecard?
        for period in quarters {
            var request = Governance_V1_ProgramScorecardRequest()
            request.tenant = tenant
            request.program = program.id
            request.period = period.description
            let card = try await noted("scores", &notes) {
                try await ScorecardService(backend: backend).getProgramScorecard(request: request, context: context)
            }
            if let card {
                section.quarters.append(QbrQuarterScore(card, quarter: period.description))
                if period == quarter { current = card }
            } else {
                section.quarters.append(
                    QbrQuarterScore(
                        quarter: period.description, composite: nil, gateCapped: false, complete: false, answered: 0,
                        categories: [], note: "no scorecard version in force"))
            }
        }
        notes["scores"] = nil  // per-quarter notes are in the quarters themselves
        section.metrics = current?.metrics.map(QbrMetricLine.init) ?? []
        if current == nil { notes["metrics"] = "no scorecard version is in force in \(quarter)" }

        // Monthly trend.
        var trendRequest = Governance_V1_TrendRequest()
        trendRequest.tenant = tenant
        trendRequest.program = program.id
        trendRequest.from = trendMonths[0].description
        trendRequest.to = quarter.lastMonth.description
        let trend = try await ScorecardService(backend: backend).getTrend(request: trendRequest, context: context)
        section.trend = trend.points.map {
            QbrTrendPoint(month: $0.month, composite: $0.hasComposite ? $0.composite : nil, complete: $0.complete)
        }

        section.sla = try await sla(program, matrix: matrix, notes: &notes)
        section.health = try await health(program, quarterCard: current, notes: &notes)
        section.quality = try await quality(program, quarterCard: current, notes: &notes)
        section.coaching = try await coaching(program, notes: &notes)
        section.benchmark = try await benchmark(program)
        if section.benchmark.isEmpty { notes["benchmark"] = "the program has no scored value in \(quarter)" }
        try await review(program, into: &section, notes: &notes)
        section.notes = notes
        return section
    }

    // MARK: Sections

    private func sla(
        _ program: ProgramRecord, matrix: Governance_V1_ComplianceMatrix, notes: inout [String: String]
    ) async throws -> QbrSla? {
        var statuses: [(month: String, status: Governance_V1_SlaStatus?)] = []
        for month in quarter.months {
            var request = Governance_V1_SlaStatusRequest()
            request.tenant = tenant
            request.program = program.id
            request.month = month.description
            let status = try await noted("sla", &notes) {
                try await SLAService(backend: backend).getSlaStatus(request: request, context: context)
            }
            statuses.append((month.description, status))
        }
        // Rows in the order of the latest month that has SLAs, then any other metric.
        var order: [(metric: String, status: Governance_V1_SlaMonthStatus)] = []
        for (_, status) in statuses.reversed() {
            for line in status?.slas ?? [] where !order.contains(where: { $0.metric == line.metric }) {
                order.append((line.metric, line))
            }
        }
        guard !order.isEmpty else {
            if notes["sla"] == nil { notes["sla"] = "no SLA is in force in \(quarter)" }
            return nil
        }
        notes["sla"] = nil
        let rows = order.map { metric, latest in
            QbrSlaRow(
                metric: metric, severity: latest.severity, minimum: latest.minimum,
                expected: latest.hasExpected ? latest.expected : nil,
                cells: statuses.map { month, status in
                    status?.slas.first(where: { $0.metric == metric }).map { QbrSlaCell($0, month: month) }
                        ?? .notEvaluated(month)
                })
        }
        guard let row = matrix.programs.first(where: { $0.program == program.id }) else { return nil }
        return QbrSla(rows: rows, months: row.cells.map(QbrSlaMonth.init), totals: QbrCredits(row.totals))
    }

    private func health(
        _ program: ProgramRecord, quarterCard: Governance_V1_Scorecard?, notes: inout [String: String]
    ) async throws -> QbrHealth? {
        var months: [QbrHealthMonth] = []
        for month in quarter.months {
            var request = Governance_V1_ProgramHealthRequest()
            request.tenant = tenant
            request.program = program.id
            request.month = month.description
            let health = try await PartnershipHealthService(backend: backend).getProgramHealth(
                request: request, context: context)
            months.append(QbrHealthMonth(health))
        }
        guard months.contains(where: { $0.headcount > 0 || $0.enpsResponses > 0 || $0.terminations > 0 }) else {
            notes["health"] = "no roster or engagement data in \(quarter)"
            return nil
        }
        let annualised = quarterCard.flatMap { $0.hasAttritionRateAnnualised ? $0.attritionRateAnnualised : nil }
        return QbrHealth(months: months, attritionRateAnnualised: annualised)
    }

    private func quality(
        _ program: ProgramRecord, quarterCard: Governance_V1_Scorecard?, notes: inout [String: String]
    ) async throws -> QbrQuality? {
        var request = Governance_V1_CalibrationReportRequest()
        request.tenant = tenant
        request.program = program.id
        request.period = quarter.description
        let calibration = try await QualityService(backend: backend).calibrationReport(request: request, context: context)
        func value(_ metric: String) -> Double? {
            guard let line = quarterCard?.metrics.first(where: { $0.metric == metric }), line.hasValue else { return nil }
            return line.value
        }
        let quality = QbrQuality(
            qaScore: value("qa_score"), complianceRate: value("compliance_rate"),
            calibrationSessions: Int(calibration.sessions),
            calibrationMad: calibration.hasCalibrationMad ? calibration.calibrationMad : nil,
            withinTolerance: calibration.hasWithinTolerance ? calibration.withinTolerance : nil,
            alpha: calibration.hasAlpha ? calibration.alpha : nil, flaggedEvaluators: calibration.flaggedEvaluators)
        guard quality.qaScore != nil || quality.complianceRate != nil || quality.calibrationSessions > 0 else {
            notes["quality"] = "no QA metric configured with a value and no calibration session in \(quarter)"
            return nil
        }
        return quality
    }

    private func coaching(_ program: ProgramRecord, notes: inout [String: String]) async throws -> [QbrCoaching] {
        var lines: [QbrCoaching] = []
        for period in [quarter] + quarter.months.map(Period.month) {
            var request = Governance_V1_CoachingCompletionRequest()
            request.tenant = tenant
            request.program = program.id
            request.month = period.description
            lines.append(
                QbrCoaching(try await QualityService(backend: backend).coachingCompletion(request: request, context: context)))
        }
        if !lines.contains(where: { $0.tasksDue > 0 }) { notes["coaching"] = "no coaching task was due in \(quarter)" }
        return lines
    }

    /// The composite and each category, as the tenant's own users see the cohort (SPEC section 7),
    /// whoever asks: the pack is handed to the client.
    private func benchmark(_ program: ProgramRecord) async throws -> [QbrBenchmarkLine] {
        let scores = try await BenchmarkService(backend: backend).platformScores(quarter)
        let audience = BenchmarkAudience(tenant: tenant)
        let subjects = [BenchmarkSubject.composite] + Category.allCases.map(BenchmarkSubject.category)
        return subjects.compactMap { subject in
            let result = PlatformBenchmark.benchmark(scores, subject: subject, audience: audience)
            return QbrBenchmarkLine(Governance_V1_BenchmarkReply(result, tenant: tenant, period: quarter), program: program.id)
        }
    }

    /// Anomalies and target review of each month; top gaps and their actions of the quarter's latest
    /// month with answered contacts (else its last month with a package).
    private func review(_ program: ProgramRecord, into section: inout QbrProgram, notes: inout [String: String]) async throws {
        var last: Governance_V1_ReviewPackageReply?
        for month in quarter.months {
            var request = Governance_V1_ReviewPackageRequest()
            request.tenant = tenant
            request.program = program.id
            request.month = month.description
            guard let package = try await noted("review", &notes, {
                try await ReviewService(backend: backend).reviewPackage(request: request, context: context)
            }) else { continue }
            section.anomalies += package.anomalies.map { QbrAnomaly($0, month: month.description) }
            section.targetReview += package.targetReview.map { QbrTargetReview($0, month: month.description) }
            // The latest month with answered contacts, so a quarter in progress still shows its gaps
            // (months after the data can still score partnership metrics from the roster alone).
            if package.scorecard.answered > 0 || last == nil || last?.scorecard.answered == 0 { last = package }
        }
        if let reason = notes.removeValue(forKey: "review") {
            notes["anomalies"] = reason
            notes["target_review"] = reason
        }
        guard let last else {
            notes["top_gaps"] = "no review package in \(quarter): \(notes["anomalies"] ?? "no scorecard")"
            return
        }
        section.topGaps = last.topGaps.map { gap in
            QbrGap(
                metric: gap.metric, pointsLost: gap.pointsLost,
                actions: last.actions.filter { $0.metric == gap.metric }.map(QbrAction.init))
        }
    }

    /// `body`'s value; `nil` with a note under `section` when it fails for a missing precondition
    /// (no scorecard or SLA version in force, no data yet).
    private func noted<T: Sendable>(
        _ section: String, _ notes: inout [String: String], _ body: () async throws -> T
    ) async throws -> T? {
        do {
            return try await body()
        } catch let error as GovernanceError where error.code == .failedPrecondition {
            if notes[section] == nil { notes[section] = error.message }
            return nil
        }
    }
}
