/// Rolls program scores up to the tenant (SPEC is silent on a tenant composite).
///
/// Decision: a tenant's composite and category scores for a quarter are the means of its
/// programs' scores weighted by answered contacts (the programs that have the score); when those
/// programs answered nothing at all, the plain mean. A program without a score is left out.
public enum TenantRollup {
    /// The tenant's score for one quarter from its programs' scores for that quarter.
    /// - Parameters:
    ///   - quarter: `YYYY-Qn`, copied to the result.
    ///   - programs: each program's score for that quarter.
    /// - Returns: the roll-up; `composite` is `nil` when no program has one.
    public static func rollUp(quarter: String, programs: [QbrQuarterScore]) -> QbrQuarterScore {
        let scored = programs.filter { $0.note.isEmpty }
        var categoryNames: [String] = []
        var weights: [String: Double] = [:]
        for program in scored {
            for category in program.categories where weights[category.category] == nil {
                categoryNames.append(category.category)
                weights[category.category] = category.weight
            }
        }
        let categories = categoryNames.map { name in
            let pairs = scored.compactMap { program -> (Double, Int)? in
                guard let score = program.categories.first(where: { $0.category == name })?.score else { return nil }
                return (score, program.answered)
            }
            return QbrCategoryScore(category: name, weight: weights[name] ?? 0, score: weightedMean(pairs))
        }
        let composite = weightedMean(scored.compactMap { program in program.composite.map { ($0, program.answered) } })
        return QbrQuarterScore(
            quarter: quarter, composite: composite, gateCapped: scored.contains(where: \.gateCapped),
            complete: !scored.isEmpty && scored.allSatisfy(\.complete),
            answered: programs.reduce(0) { $0 + $1.answered }, categories: categories,
            note: scored.isEmpty ? "no program has a scorecard for \(quarter)" : "")
    }

    /// Σ answered × value ÷ Σ answered; the plain mean when Σ answered is 0; `nil` when empty.
    static func weightedMean(_ pairs: [(value: Double, answered: Int)]) -> Double? {
        guard !pairs.isEmpty else { return nil }
        let total = pairs.reduce(0) { $0 + $1.answered }
        guard total > 0 else { return pairs.reduce(0) { $0 + $1.value } / Double(pairs.count) }
        return pairs.reduce(0) { $0 + $1.value * Double($1.answered) } / Double(total)
    }
}
