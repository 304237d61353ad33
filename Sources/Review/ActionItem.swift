import GovernanceCore

/// The status of an action item (SPEC section 5).
public enum ActionStatus: String, Sendable, Hashable, CaseIterable {
    case open
    case done
}

/// An action item raised in a monthly review.
public struct ActionItem: Sendable, Hashable {
    /// The id, unique in the tenant.
    public var id: Int64
    /// The program it belongs to.
    public var program: String
    /// The month of the review that raised it.
    public var reviewMonth: Month
    /// The metric it addresses.
    public var metric: Metric
    /// What is to be done.
    public var title: String
    /// Who does it.
    public var owner: String
    /// When it is due.
    public var dueDate: LocalDate
    /// Open or done.
    public var status: ActionStatus

    /// Creates an action item.
    public init(
        id: Int64, program: String, reviewMonth: Month, metric: Metric, title: String, owner: String,
        dueDate: LocalDate, status: ActionStatus
    ) {
        self.id = id
        self.program = program
        self.reviewMonth = reviewMonth
        self.metric = metric
        self.title = title
        self.owner = owner
        self.dueDate = dueDate
        self.status = status
    }

    /// Whether the item is overdue as of `month`'s review: not done and due before the month's last day.
    public func isOverdue(at month: Month) -> Bool {
        isOverdue(on: month.lastDay)
    }

    /// Whether the item is overdue on `date`: not done and due before it.
    public func isOverdue(on date: LocalDate) -> Bool {
        status != .done && dueDate < date
    }

    /// The actions a review of `month` lists: those raised at `month`, and every earlier one not done,
    /// ordered by review month, then due date, then id.
    public static func forReview(of month: Month, among actions: [ActionItem]) -> [ActionItem] {
        actions
            .filter { $0.reviewMonth == month || ($0.reviewMonth < month && $0.status != .done) }
            .sorted { ($0.reviewMonth, $0.dueDate, $0.id) < ($1.reviewMonth, $1.dueDate, $1.id) }
    }
}
