import GovernanceCore

/// Whether two optional values agree within `tolerance` (both `nil` agrees).
public func close(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-9) -> Bool {
    switch (actual, expected) {
    case (nil, nil): return true
    case (let a?, let e?): return abs(a - e) <= tolerance
    default: return false
    }
}

/// A date literal for tests; traps on a typo in the test itself, never on input.
public func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("bad test date \(text)") }
    return date
}

/// A month literal for tests.
public func month(_ text: String) -> Month {
    guard let month = Month(text) else { fatalError("bad test month \(text)") }
    return month
}
