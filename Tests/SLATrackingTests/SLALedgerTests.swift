import GovernanceCore
import SLATracking
import Testing

/// Hand-computed cases of SPEC section 6. The contract of most cases: fee 100,000, 10 % at
/// risk, so the pool (the monthly cap) is 10,000 and a critical SLA's credit is
/// 10,000 × allocation_pct ÷ 100.
func month(_ text: String) -> Month {
    guard let month = Month(text) else { preconditionFailure("bad month \(text)") }
    return month
}

func critical(_ metric: Metric, _ minimum: Double, allocation: Double, expected: Double? = nil) -> ServiceLevelAgreement {
    ServiceLevelAgreement(metric: metric, minimum: minimum, expected: expected, severity: .critical, allocationPct: allocation)
}

func key(_ metric: Metric, _ minimum: Double, expected: Double? = nil) -> ServiceLevelAgreement {
    ServiceLevelAgreement(metric: metric, minimum: minimum, expected: expected, severity: .key, allocationPct: 0)
}

let contract = SLAContract(monthlyFee: 100_000, atRiskPct: 10, poolAllocationPct: 120, earnBackMonths: 3)

/// A ledger over `values` (month text → metric values) with one SLA set from `from`.
func ledger(
    _ agreements: [ServiceLevelAgreement], from: String = "2026-01", values: [String: [Metric: Double]],
    exclusions: [(Metric, String)] = [], through: String, contract terms: SLAContract = contract
) -> SLALedger {
    SLALedger(
        contract: terms, versions: [SLASet(version: 1, effectiveFrom: month(from), agreements: agreements)],
        values: Dictionary(uniqueKeysWithValues: values.map { (month($0.key), $0.value) }),
        exclusions: Set(exclusions.map { SLAMonthKey(metric: $0.0, month: month($0.1)) }), through: month(through))
}

@Suite("SLA ledger (SPEC section 6)")
struct SLALedgerTests {
    let three = [
        critical(.serviceLevel, 80, allocation: 50), critical(.abandonRate, 5, allocation: 40),
        critical(.csat, 75, allocation: 30),
    ]

    @Test("three critical misses over the pool are capped pro rata by allocation: 10,000 × 50/120, × 40/120, × 30/120")
    func capWithSeveralCriticalMisses() throws {
        let l = ledger(three, values: ["2026-01": [.serviceLevel: 70, .abandonRate: 9, .csat: 60]], through: "2026-01")
        let m = try #require(l[month("2026-01")])
        #expect(m.capped)
        #expect(m.cap == 10_000)
        #expect(abs(try #require(m.outcome(for: .serviceLevel)).credit - 4_166.666_666_7) < 1e-6)
        #expect(abs(try #require(m.outcome(for: .abandonRate)).credit - 3_333.333_333_3) < 1e-6)
        #expect(abs(try #require(m.outcome(for: .csat)).credit - 2_500) < 1e-6)
        #expect(try #require(m.outcome(for: .serviceLevel)).uncappedCredit == 5_000)
        #expect(abs(m.credits.total - 10_000) < 1e-6)
        #expect(abs(m.credits.net - 10_000) < 1e-6)
    }

    @Test("two critical misses under the pool are not capped: 5,000 + 4,000")
    func twoMissesUnderTheCap() throws {
        let l = ledger(three, values: ["2026-01": [.serviceLevel: 70, .abandonRate: 9, .csat: 90]], through: "2026-01")
        let m = try #require(l[month("2026-01")])
        #expect(!m.capped)
        #expect(m.credits.total == 9_000)
        #expect(try #require(m.outcome(for: .csat)).status == .met)
        #expect(try #require(m.outcome(for: .csat)).credit == 0)
    }

    @Test("bounds: a value within 1e-9 of minimum is met; up metrics miss below, down metrics above")
    func bounds() throws {
        let l = ledger(
            three, values: ["2026-01": [.serviceLevel: 80 - 1e-10, .abandonRate: 5.000_000_000_1, .csat: 74.99]],
            through: "2026-01")
        let m = try #require(l[month("2026-01")])
        #expect(m.outcome(for: .serviceLevel)?.status == .met)
        #expect(m.outcome(for: .abandonRate)?.status == .met)
        #expect(m.outcome(for: .csat)?.status == .missed)
    }

    @Test("a miss at 2026-11 met in 2026-12, 2027-01 and 2027-02 is earned back in 2027-02, across the year boundary")
    func earnBackAcrossYearBoundary() throws {
        let sla = [critical(.serviceLevel, 80, allocation: 40)]
        let values: [String: [Metric: Double]] = [
            "2026-10": [.serviceLevel: 85], "2026-11": [.serviceLevel: 70], "2026-12": [.serviceLevel: 81],
            "2027-01": [.serviceLevel: 80], "2027-02": [.serviceLevel: 90],
        ]
        let l = ledger(sla, from: "2026-10", values: values, through: "2027-02")
        let miss = try #require(l[month("2026-11")]?.outcome(for: .serviceLevel))
        #expect(miss.credit == 4_000)
        #expect(miss.earnBack == .earnedBack)
        #expect(miss.earnBackMonth == month("2027-02"))
        #expect(miss.creditReturned == 4_000)
        // Counted in the month it was earned back, and in that year's year-to-date.
        #expect(l[month("2027-02")]?.credits.returned == 4_000)
        #expect(l[month("2026-11")]?.credits.returned == 0)
        #expect(l.yearToDate(month("2026-12")) == CreditTotals(total: 4_000, returned: 0))
        #expect(l.yearToDate(month("2027-02")) == CreditTotals(total: 0, returned: 4_000))
        #expect(l.yearToDate(month("2027-02")).net == -4_000)
        // One month short of the window: pending with one met month.
        let early = ledger(sla, from: "2026-10", values: values, through: "2026-12")
        let pending = try #require(early[month("2026-11")]?.outcome(for: .serviceLevel))
        #expect(pending.earnBack == .pending)
        #expect(pending.earnBackMonthsMet == 1)
        #expect(pending.creditReturned == 0)
    }

    @Test("a later miss inside the window forfeits the earn-back; the later miss starts its own window")
    func forfeitedByLaterMiss() throws {
        let sla = [critical(.serviceLevel, 80, allocation: 40)]
        let l = ledger(
            sla, from: "2026-11",
            values: [
                "2026-11": [.serviceLevel: 70], "2026-12": [.serviceLevel: 85], "2027-01": [.serviceLevel: 60],
                "2027-02": [.serviceLevel: 85],
            ], through: "2027-02")
        let first = try #require(l[month("2026-11")]?.outcome(for: .serviceLevel))
        #expect(first.earnBack == .forfeited)
        #expect(first.earnBackMonth == month("2027-01"))
        #expect(first.creditReturned == 0)
        let second = try #require(l[month("2027-01")]?.outcome(for: .serviceLevel))
        #expect(second.earnBack == .pending)
        #expect(second.earnBackMonthsMet == 1)
        #expect(l.yearToDate(month("2027-02")) == CreditTotals(total: 4_000, returned: 0))
    }

    @Test("earn_back_months 0: a critical miss has no earn-back")
    func noEarnBack() throws {
        let terms = SLAContract(monthlyFee: 100_000, atRiskPct: 10, earnBackMonths: 0)
        let l = ledger(
            [critical(.serviceLevel, 80, allocation: 40)],
            values: ["2026-01": [.serviceLevel: 70], "2026-02": [.serviceLevel: 90]], through: "2026-02", contract: terms)
        #expect(l[month("2026-01")]?.outcome(for: .serviceLevel)?.earnBack == EarnBackStatus.none)
    }

    @Test("a month without a value is missed and says so; a critical one earns its credit")
    func missWithNoData() throws {
        let l = ledger(
            [critical(.serviceLevel, 80, allocation: 40), key(.csat, 75)],
            values: ["2026-01": [.csat: 90]], through: "2026-01")
        let m = try #require(l[month("2026-01")])
        let sl = try #require(m.outcome(for: .serviceLevel))
        #expect(sl.status == .missed)
        #expect(sl.noValue)
        #expect(sl.value == nil)
        #expect(sl.credit == 4_000)
        #expect(m.outcome(for: .csat)?.noValue == false)
        #expect(SLANoValueReason.text(for: .serviceLevel).contains("no value"))
    }

    @Test("an exclusion turns a miss into neither met nor missed: no credit, and the earn-back window extends by one")
    func exclusion() throws {
        let sla = [critical(.serviceLevel, 80, allocation: 40)]
        let values: [String: [Metric: Double]] = [
            "2026-01": [.serviceLevel: 70], "2026-02": [.serviceLevel: 85], "2026-03": [.serviceLevel: 50],
            "2026-04": [.serviceLevel: 85], "2026-05": [.serviceLevel: 85],
        ]
        let without = ledger(sla, values: values, through: "2026-05")
        #expect(without[month("2026-03")]?.outcome(for: .serviceLevel)?.status == .missed)
        #expect(without[month("2026-03")]?.credits.total == 4_000)
        #expect(without[month("2026-01")]?.outcome(for: .serviceLevel)?.earnBack == .forfeited)

        let with = ledger(sla, values: values, exclusions: [(.serviceLevel, "2026-03")], through: "2026-05")
        let excluded = try #require(with[month("2026-03")]?.outcome(for: .serviceLevel))
        #expect(excluded.status == .excluded)
        #expect(excluded.credit == 0)
        #expect(with[month("2026-03")]?.credits.total == 0)
        // Feb, (Mar skipped), Apr, May: three met months, earned back in May.
        let first = try #require(with[month("2026-01")]?.outcome(for: .serviceLevel))
        #expect(first.earnBack == .earnedBack)
        #expect(first.earnBackMonth == month("2026-05"))
        #expect(with[month("2026-05")]?.credits.returned == 4_000)
    }

    @Test("a contract amendment mid-year: each month is judged by the set in force that month")
    func amendmentMidYear() throws {
        let v1 = SLASet(
            version: 1, effectiveFrom: month("2026-01"),
            agreements: [critical(.serviceLevel, 75, allocation: 40, expected: 80), key(.csat, 80)])
        let v2 = SLASet(
            version: 2, effectiveFrom: month("2026-07"),
            agreements: [critical(.serviceLevel, 80, allocation: 40), critical(.abandonRate, 6, allocation: 30)])
        let values: [Metric: Double] = [.serviceLevel: 78, .abandonRate: 7, .csat: 70]
        let l = SLALedger(
            contract: contract, versions: [v2, v1], values: [month("2026-06"): values, month("2026-07"): values],
            exclusions: [], through: month("2026-07"))
        let june = try #require(l[month("2026-06")])
        #expect(june.version == 1)
        #expect(june.outcome(for: .serviceLevel)?.status == .met)
        #expect(june.outcome(for: .serviceLevel)?.worseThanExpected == true)
        #expect(june.outcome(for: .abandonRate) == nil)
        #expect(june.outcome(for: .csat)?.status == .missed)
        #expect(june.credits.total == 0)  // csat is key: no credit
        let july = try #require(l[month("2026-07")])
        #expect(july.version == 2)
        #expect(july.outcome(for: .serviceLevel)?.status == .missed)
        #expect(july.outcome(for: .abandonRate)?.status == .missed)
        #expect(july.outcome(for: .csat) == nil)
        #expect(july.credits.total == 7_000)
        // Months before the first version are not in the ledger.
        #expect(l.months.first?.month == month("2026-01"))
    }

    @Test("a key SLA missed three months running is an escalation, listed while the run continues; an exclusion breaks it")
    func escalations() throws {
        let values: [String: [Metric: Double]] = [
            "2026-01": [.csat: 70], "2026-02": [.csat: 70], "2026-03": [.csat: 70], "2026-04": [.csat: 70],
            "2026-05": [.csat: 90],
        ]
        let l = ledger([key(.csat, 75)], values: values, through: "2026-05")
        #expect(l[month("2026-02")]?.escalations == [])
        #expect(l[month("2026-03")]?.escalations == [SLAEscalation(metric: .csat, since: month("2026-01"), monthsMissed: 3)])
        #expect(l[month("2026-04")]?.escalations == [SLAEscalation(metric: .csat, since: month("2026-01"), monthsMissed: 4)])
        #expect(l[month("2026-05")]?.escalations == [])
        let broken = ledger([key(.csat, 75)], values: values, exclusions: [(.csat, "2026-02")], through: "2026-05")
        #expect(broken[month("2026-03")]?.escalations == [])
        #expect(broken[month("2026-04")]?.escalations == [])
        // A critical SLA never escalates.
        let criticalOnly = ledger([critical(.csat, 75, allocation: 10)], values: values, through: "2026-05")
        #expect(criticalOnly[month("2026-03")]?.escalations == [])
    }

    @Test("expected-level default: 4 of the 12 months ending at M met but worse than expected (M may be missed)")
    func expectedDefaults() throws {
        let values: [String: [Metric: Double]] = [
            "2026-01": [.serviceLevel: 77], "2026-02": [.serviceLevel: 85], "2026-03": [.serviceLevel: 78],
            "2026-04": [.serviceLevel: 76], "2026-05": [.serviceLevel: 70], "2026-06": [.serviceLevel: 79.5],
            "2026-07": [.serviceLevel: 60],
        ]
        let l = ledger(
            [critical(.serviceLevel, 75, allocation: 40, expected: 80)], values: values, through: "2027-02")
        #expect(l[month("2026-04")]?.expectedDefaults == [])
        let june = [month("2026-01"), month("2026-03"), month("2026-04"), month("2026-06")]
        #expect(l[month("2026-06")]?.expectedDefaults == [ExpectedLevelDefault(metric: .serviceLevel, expected: 80, months: june)])
        // July is missed (60) and still listed: four such months in the 12 ending at July.
        #expect(l[month("2026-07")]?.expectedDefaults.first?.months == june)
        // 2027-01: the window 2026-02 … 2027-01 holds only three (January 2026 dropped out).
        #expect(l[month("2027-01")]?.expectedDefaults == [])
    }

    @Test("validation: allocations over the pool are rejected")
    func allocationOverPool() throws {
        let set = SLASet(
            version: 1, effectiveFrom: month("2026-01"),
            agreements: [critical(.serviceLevel, 80, allocation: 60), critical(.abandonRate, 5, allocation: 50)])
        #expect(throws: GovernanceError.self) { try set.validate(poolAllocationPct: 100) }
        do {
            try set.validate(poolAllocationPct: 100)
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("exceed pool_allocation_pct"))
        }
        try set.validate(poolAllocationPct: 110)
    }

    @Test(
        "validation: unknown metric, expected on the wrong side, allocation rules",
        arguments: [
            ("speed", 80.0, Double?.none, "critical", Double?.some(10), "unknown metric 'speed'"),
            ("service_level", 80, 75, "critical", 10, "must be above minimum"),
            ("abandon_rate", 5, 6, "critical", 10, "must be below minimum"),
            ("service_level", 80, nil, "critical", nil, "needs allocation_pct > 0"),
            ("csat", 80, nil, "key", 10, "takes no allocation_pct"),
            ("csat", 80, nil, "major", nil, "severity must be critical or key"),
        ])
    func validation(metric: String, minimum: Double, expected: Double?, severity: String, allocation: Double?, message: String) {
        do {
            _ = try ServiceLevelAgreement.validated(
                metric: metric, minimum: minimum, expected: expected, severity: severity, allocationPct: allocation)
            Issue.record("accepted \(metric)")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("validation accepts a down metric with expected below minimum")
    func validDown() throws {
        let sla = try ServiceLevelAgreement.validated(
            metric: "abandon_rate", minimum: 6, expected: 4, severity: "critical", allocationPct: 30)
        #expect(sla.metric == .abandonRate)
        #expect(sla.allocationPct == 30)
    }
}
