import Foundation
import GRPCCore
import GovernanceAPI

// The development service's request builders for the isolation matrix (IsolationMatrixSupport.swift).

extension IsoMatrix {
    /// Runs `setup` with the platform-admin token (so the call under test meets a record it may
    /// or may not see), then restores the caller's token. A failed setup (another tenant's or a
    /// missing program, agent or tenant) yields `fallback`, an id that exists nowhere, so the call
    /// under test answers exactly as for a missing id.
    static func prepared<T: Sendable>(_ h: IsoHarness, fallback: T, _ setup: () async throws -> T) async -> T {
        let caller = h.control.bearer
        h.control.begin(bearer: h.adminToken)
        defer { h.control.begin(bearer: caller) }
        do { return try await setup() } catch { return fallback }
    }

    static func isoRecordRequest(_ v: IsoValues) -> Governance_V1_CreateRecordRequest {
        var request = Governance_V1_CreateRecordRequest()
        request.tenant = v.tenant
        request.program = v.program
        request.agentID = v.agent
        request.kind = "recognition"
        request.title = "isolation matrix probe"
        return request
    }

    static func isoFeedbackRequest(_ v: IsoValues) -> Governance_V1_CreateFeedbackRequestRequest {
        var request = Governance_V1_CreateFeedbackRequestRequest()
        request.tenant = v.tenant
        request.program = v.program
        request.subjectID = v.agent
        request.competencies = ["empathy"]
        var invitee = Governance_V1_FeedbackRespondent()
        invitee.respondentID = v.agent
        invitee.relationship = "self"
        request.respondents = [invitee]
        return request
    }

    static let missingNumericID: Int64 = 999_999_999

    static let developmentMethods: [MethodDescriptor: IsoMethod] = [
        Development.Method.CreateGoal.descriptor: IsoMethod([.tenant, .program, .agent]) { h, v in
            var request = Governance_V1_CreateGoalRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.scope = "agent"
            request.scopeID = v.agent
            request.metric = "qa_score"
            request.target = 90
            request.baselineMonth = "2026-09"
            request.dueDate = "2026-12-31"
            request.title = "isolation matrix probe"
            return try await h.development.createGoal(request).serializedBytes()
        },
        Development.Method.ListGoals.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ListGoalsRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.asOfMonth = IsoNames.period
            return try await h.development.listGoals(request).serializedBytes()
        },
        Development.Method.TrainingNeeds.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_TrainingNeedsRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.period = IsoNames.period
            return try await h.development.trainingNeeds(request).serializedBytes()
        },
        Development.Method.CreateRecord.descriptor: IsoMethod([.tenant, .program, .agent]) { h, v in
            try await h.development.createRecord(isoRecordRequest(v)).serializedBytes()
        },
        Development.Method.UpdateRecord.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_UpdateRecordRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.id = await prepared(h, fallback: missingNumericID) {
                try await h.development.createRecord(isoRecordRequest(v)).id
            }
            request.title = "isolation matrix probe, edited"
            return try await h.development.updateRecord(request).serializedBytes()
        },
        Development.Method.SignOffRecord.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_SignOffRecordRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.id = await prepared(h, fallback: missingNumericID) {
                try await h.development.createRecord(isoRecordRequest(v)).id
            }
            return try await h.development.signOffRecord(request).serializedBytes()
        },
        Development.Method.ListRecords.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ListRecordsRequest()
            request.tenant = v.tenant
            request.program = v.program
            return try await h.development.listRecords(request).serializedBytes()
        },
        // The default period, set explicitly: nothing becomes due because of the matrix.
        Development.Method.SetRetention.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_SetRetentionRequest()
            request.tenant = v.tenant
            request.retentionDays = 2555
            return try await h.development.setRetention(request).serializedBytes()
        },
        Development.Method.PurgeRecords.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_PurgeRecordsRequest()
            request.tenant = v.tenant
            return try await h.development.purgeRecords(request).serializedBytes()
        },
        Development.Method.ListPurges.descriptor: IsoMethod(.tenant) { h, v in
            var request = Governance_V1_ListPurgesRequest()
            request.tenant = v.tenant
            return try await h.development.listPurges(request).serializedBytes()
        },
        Development.Method.CreateFeedbackRequest.descriptor: IsoMethod([.tenant, .program, .agent]) { h, v in
            try await h.development.createFeedbackRequest(isoFeedbackRequest(v)).serializedBytes()
        },
        // The subject answers their own (self) invitation of a fresh request.
        Development.Method.SubmitFeedback.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_SubmitFeedbackRequest()
            request.tenant = v.tenant
            request.requestID = await prepared(h, fallback: missingNumericID) {
                try await h.development.createFeedbackRequest(isoFeedbackRequest(v)).id
            }
            request.respondentID = v.agent
            var rating = Governance_V1_CompetencyRating()
            rating.competency = "empathy"
            rating.rating = 4
            request.ratings = [rating]
            return try await h.development.submitFeedback(request).serializedBytes()
        },
        Development.Method.GetFeedbackReport.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_GetFeedbackReportRequest()
            request.tenant = v.tenant
            request.requestID = await prepared(h, fallback: missingNumericID) {
                try await h.development.createFeedbackRequest(isoFeedbackRequest(v)).id
            }
            return try await h.development.getFeedbackReport(request).serializedBytes()
        },
        Development.Method.CreateEligibilityList.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_CreateEligibilityListRequest()
            request.tenant = v.tenant
            request.program = v.program
            request.period = IsoNames.period
            request.rule = "top_n"
            request.value = 3
            return try await h.development.createEligibilityList(request).serializedBytes()
        },
        Development.Method.ListEligibilityLists.descriptor: IsoMethod([.tenant, .program]) { h, v in
            var request = Governance_V1_ListEligibilityListsRequest()
            request.tenant = v.tenant
            request.program = v.program
            return try await h.development.listEligibilityLists(request).serializedBytes()
        },
    ]
}
