import GovernanceCore

/// A deterministic roster-and-engagement history with a planted attrition signal, for the
/// attrition-risk tests (unit and end-to-end): each agent has a hidden disengagement d in 0…1;
/// its monthly engagement score is about 10 − 9d and its monthly chance of leaving grows with d
/// (and is higher in the first 90 days), so a model on the SPEC section 8 features must rank
/// leavers above stayers well beyond chance.
///
/// ```swift
/// let workload = AttritionWorkload.generate(program: "nw-care", firstMonth: Month(year: 2024, month: 11), months: 24)
/// workload.rosterCSV  // roster.csv text
/// ```
public struct AttritionWorkload: Sendable {
    /// One roster row.
    public struct Agent: Sendable, Hashable {
        public var agentID: String
        public var hiredOn: LocalDate
        public var terminatedOn: LocalDate?
    }

    /// One engagement response.
    public struct Response: Sendable, Hashable {
        public var agentID: String
        public var surveyedOn: LocalDate
        public var score: Int
    }

    /// The program every row belongs to.
    public var program: String
    /// Roster rows, in hire order.
    public var agents: [Agent]
    /// Engagement responses, by date.
    public var responses: [Response]
    /// The last day with data (the last survey day).
    public var lastDay: LocalDate

    /// Generates the workload.
    /// - Parameters:
    ///   - program: The program id (rows use `<program>-gNNNN` agent ids).
    ///   - firstMonth: The first month with engagement responses.
    ///   - months: Months of history.
    ///   - headcount: Agents kept on the roster (leavers are backfilled each month).
    ///   - seed: The random seed.
    public static func generate(
        program: String, firstMonth: Month, months: Int, headcount: Int = 60, seed: UInt64 = 7
    ) -> AttritionWorkload {
        var random = SeededGenerator(seed: seed)
        var agents: [Agent] = []
        var disengagement: [Double] = []
        var responses: [Response] = []
        func hire(on day: LocalDate) {
            agents.append(Agent(agentID: "\(program)-g\(String(agents.count + 1).leftPadded(4))", hiredOn: day))
            disengagement.append(random.unit())
        }
        // The starting roster was hired over the two years before the first month.
        let start = firstMonth.firstDay
        for _ in 0..<headcount { hire(on: start.adding(days: -1 - Int(random.unit() * 730))) }

        for offset in 0..<months {
            let month = firstMonth.adding(months: offset)
            let surveyDay = month.firstDay.adding(days: 10)
            for i in agents.indices where agents[i].terminatedOn == nil && agents[i].hiredOn <= surveyDay {
                let noise = random.unit() * 2 - 1
                let score = Int((10 - 9 * disengagement[i] + noise).rounded())
                responses.append(Response(agentID: agents[i].agentID, surveyedOn: surveyDay, score: min(10, max(0, score))))
            }
            for i in agents.indices where agents[i].terminatedOn == nil {
                let d = disengagement[i]
                let early = agents[i].hiredOn.days(to: month.firstDay) < 90 ? 0.08 : 0
                if random.unit() < 0.005 + 0.35 * d * d * d + early {
                    let day = month.firstDay.adding(days: Int(random.unit() * Double(month.dayCount)))
                    agents[i].terminatedOn = max(day, agents[i].hiredOn.adding(days: 1))
                }
            }
            let active = agents.count(where: { $0.terminatedOn == nil })
            for _ in active..<headcount {
                hire(on: month.firstDay.adding(days: Int(random.unit() * Double(month.dayCount))))
            }
        }
        let lastDay = firstMonth.adding(months: months - 1).firstDay.adding(days: 10)
        // Terminations after the last day of data are not known yet.
        for i in agents.indices where (agents[i].terminatedOn ?? lastDay) > lastDay { agents[i].terminatedOn = nil }
        return AttritionWorkload(
            program: program, agents: agents.filter { $0.hiredOn <= lastDay }, responses: responses, lastDay: lastDay)
    }

    /// `roster.csv` (SPEC section 9) for the workload.
    public var rosterCSV: String {
        var lines = ["agent_id,program_id,site_id,team_id,supervisor_id,hired_on,terminated_on,termination_reason"]
        for agent in agents {
            let reason = agent.terminatedOn == nil ? "" : "voluntary"
            lines.append(
                "\(agent.agentID),\(program),site-1,\(program)-t01,\(program)-sup01,\(agent.hiredOn),"
                    + "\(agent.terminatedOn?.description ?? ""),\(reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `engagement.csv` (SPEC section 9) for the workload.
    public var engagementCSV: String {
        (["agent_id,program_id,surveyed_on,score"]
            + responses.map { "\($0.agentID),\(program),\($0.surveyedOn),\($0.score)" })
            .joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
