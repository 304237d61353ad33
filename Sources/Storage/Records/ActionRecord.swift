import GovernanceCore

/// A monthly review action item as stored (SPEC section 5).
public struct ActionRecord: Sendable, Equatable {
    public var id: Int64
    public var programID: String
    /// The month of the review that raised it.
    public var reviewMonth: Month
    /// Catalog metric name.
    public var metric: String
    public var title: String
    public var owner: String
    public var dueDate: LocalDate
    /// `open` or `done`.
    public var status: String
    public var createdAt: String
    public var updatedAt: String
    /// Every change, oldest first (the first is the creation).
    public var history: [ActionChangeRecord]
}

/// One change of an action item: who changed what, and when.
public struct ActionChangeRecord: Sendable, Equatable {
    public var at: String
    /// Token id of the actor.
    public var actor: String
    /// `created`, `status`, `title`, `owner` or `due_date`.
    public var field: String
    public var oldValue: String
    public var newValue: String
    public var note: String
}

/// A new action item (validated by the caller).
public struct ActionDraft: Sendable, Equatable {
    public var programID: String
    public var reviewMonth: Month
    public var metric: String
    public var title: String
    public var owner: String
    public var dueDate: LocalDate
    public var note: String

    public init(
        programID: String, reviewMonth: Month, metric: String, title: String, owner: String, dueDate: LocalDate,
        note: String
    ) {
        self.programID = programID
        self.reviewMonth = reviewMonth
        self.metric = metric
        self.title = title
        self.owner = owner
        self.dueDate = dueDate
        self.note = note
    }
}

/// Changes to an action item; `nil` leaves a field as it is (validated by the caller).
public struct ActionUpdate: Sendable, Equatable {
    public var status: String?
    public var title: String?
    public var owner: String?
    public var dueDate: LocalDate?
    public var note: String

    public init(status: String?, title: String?, owner: String?, dueDate: LocalDate?, note: String) {
        self.status = status
        self.title = title
        self.owner = owner
        self.dueDate = dueDate
        self.note = note
    }
}
