import Foundation
import GRPCCore
import GovernanceAPI
import GovernanceCore
import Review
import Scorecards
import Storage

/// The monthly review package and its action items (`governance.v1.ReviewService`, SPEC section 5).
/// Thin: storage reads the inputs and actions, the Review library computes, Mapping/ converts.
public struct ReviewService: Governance_V1_ReviewService.SimpleServiceProtocol {
    let backend: GovernanceBackend

    public init(backend: GovernanceBackend) {
        self.backend = backend
    }

    public func reviewPackage(
        request: Governance_V1_ReviewPackageRequest, context: ServerContext
    ) async throws -> Governance_V1_ReviewPackageReply {
        let month = try Self.month(request.month, field: "month")
        // Cached like scorecards until the tenant's next write (imports, manifests, action changes).
        return try await backend.cached(tenant: request.tenant, key: "review|\(request.program)|\(month)") {
            try await buildPackage(request, month: month)
        }
    }

    private func buildPackage(_ request: Governance_V1_ReviewPackageRequest, month: Month) async throws
        -> Governance_V1_ReviewPackageReply
    {
        try await backend.withTenant(request.tenant) { database in
            let setup = try await ScorecardSetup.load(
                backend: backend, database: database, program: request.program, month: month)
            // M and the 12 months before, in one read transaction.
            let months = Month.range(from: month.adding(months: -12), to: month)
            let inputs = try await database.scorecardInputs(program: request.program, periods: months.map(Period.month))
            guard let current = inputs.last else { throw GovernanceError(code: .internal, message: "no inputs for \(month)") }
            var metrics: [Month: MetricSet] = [:]
            for (m, monthInputs) in zip(months, inputs) { metrics[m] = setup.engine.programMetrics(monthInputs) }
            let scorecard = setup.engine.programScorecard(current).scorecard
            let stored = try await database.actions(program: request.program)
            let package = ReviewPackage.build(
                month: month, metrics: metrics, scorecard: scorecard, config: setup.engine.config,
                architecture: setup.engine.architecture,
                agentScorecards: setup.engine.agentScorecards(current).map(\.scorecard),
                actions: stored.compactMap(ActionItem.init))

            var reply = Governance_V1_ReviewPackageReply(package, stored: stored)
            reply.tenant = request.tenant
            reply.program = request.program
            reply.scorecard = setup.programMessage(current, tenant: request.tenant)
            reply.trend = try await ScorecardSetup.trend(
                backend: backend, database: database, program: request.program, months: months, inputs: inputs)
            return reply
        }
    }

    public func createAction(
        request: Governance_V1_CreateActionRequest, context: ServerContext
    ) async throws -> Governance_V1_Action {
        let reviewMonth = try Self.month(request.reviewMonth, field: "review_month")
        guard let metric = Metric(rawValue: request.metric) else {
            throw GovernanceError.invalid("metric must be a catalog metric (service_level, aht_seconds, ...), got '\(request.metric.prefix(40))'")
        }
        let title = try Self.text(request.title, field: "title", limit: 500)
        let owner = try Self.text(request.owner, field: "owner", limit: 200)
        let due = try Self.date(request.dueDate, field: "due_date")
        let note = try Self.note(request.note)
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            let record = try await database.createAction(
                ActionDraft(
                    programID: request.program, reviewMonth: reviewMonth, metric: metric.rawValue, title: title,
                    owner: owner, dueDate: due, note: note),
                actor: actor)
            backend.bumpGeneration(tenant: request.tenant)  // cached review packages list actions
            return Governance_V1_Action(record, overdueOn: reviewMonth.lastDay)
        }
    }

    public func updateActionStatus(
        request: Governance_V1_UpdateActionStatusRequest, context: ServerContext
    ) async throws -> Governance_V1_Action {
        var status: String?
        if !request.status.isEmpty {
            guard let parsed = ActionStatus(rawValue: request.status) else {
                throw GovernanceError.invalid("status must be open or done, got '\(request.status.prefix(40))'")
            }
            status = parsed.rawValue
        }
        let update = ActionUpdate(
            status: status,
            title: request.hasTitle ? try Self.text(request.title, field: "title", limit: 500) : nil,
            owner: request.hasOwner ? try Self.text(request.owner, field: "owner", limit: 200) : nil,
            dueDate: request.hasDueDate ? try Self.date(request.dueDate, field: "due_date") : nil,
            note: try Self.note(request.note))
        guard update.status != nil || update.title != nil || update.owner != nil || update.dueDate != nil else {
            throw GovernanceError.invalid("nothing to change: give status, title, owner or due_date")
        }
        let actor = try RequestContext.requirePrincipal().tokenID
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            guard let record = try await database.updateAction(program: request.program, id: request.id, update, actor: actor)
            else {
                throw GovernanceError.notFound("action \(request.id) does not exist in program \(request.program)")
            }
            backend.bumpGeneration(tenant: request.tenant)  // cached review packages list actions
            return Governance_V1_Action(record, overdueOn: record.reviewMonth.lastDay)
        }
    }

    public func listActions(
        request: Governance_V1_ListActionsRequest, context: ServerContext
    ) async throws -> Governance_V1_ListActionsReply {
        let reviewMonth = request.reviewMonth.isEmpty ? nil : try Self.month(request.reviewMonth, field: "review_month")
        if !request.status.isEmpty, ActionStatus(rawValue: request.status) == nil {
            throw GovernanceError.invalid("status must be open or done, got '\(request.status.prefix(40))'")
        }
        let asOf = request.asOf.isEmpty ? Self.today() : try Self.date(request.asOf, field: "as_of")
        return try await backend.withTenant(request.tenant) { database in
            _ = try await ScorecardSetup.program(request.program, in: database)
            var reply = Governance_V1_ListActionsReply()
            reply.actions = try await database.actions(program: request.program)
                .filter { reviewMonth == nil || $0.reviewMonth == reviewMonth }
                .filter { request.status.isEmpty || $0.status == request.status }
                .map { Governance_V1_Action($0, overdueOn: asOf) }
            return reply
        }
    }

    // MARK: Validation

    static func month(_ text: String, field: String) throws(GovernanceError) -> Month {
        guard let month = Month(text) else {
            throw GovernanceError.invalid("\(field) must be YYYY-MM, got '\(text.prefix(40))'")
        }
        return month
    }

    static func date(_ text: String, field: String) throws(GovernanceError) -> LocalDate {
        guard let date = LocalDate(text) else {
            throw GovernanceError.invalid("\(field) must be a date YYYY-MM-DD, got '\(text.prefix(40))'")
        }
        return date
    }

    static func text(_ raw: String, field: String, limit: Int) throws(GovernanceError) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw GovernanceError.invalid("\(field) is required") }
        guard text.count <= limit else { throw GovernanceError.invalid("\(field) is longer than \(limit) characters") }
        return text
    }

    static func note(_ raw: String) throws(GovernanceError) -> String {
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 1000 else { throw GovernanceError.invalid("note is longer than 1000 characters") }
        return note
    }

    /// Today's UTC date.
    static func today() -> LocalDate {
        LocalDate(dayNumber: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
