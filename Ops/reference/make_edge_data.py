#!/usr/bin/env python3
"""Writes a small edge-case tenant for cross-checking governd with spec_reference.py.

The demo data (Ops/demo-data) never hits several SPEC rules; this data set does, on a
separate server with its own architecture:

  * architecture: threshold_score 40, gate_cap 25, two gates (compliance_rate, abandon_rate),
    min_sample overrides, non-default category weights, versions in force from 2026-01 so
    that 2026-Q1 and the year 2026 are scored directly;
  * America/Los_Angeles (DST change 2026-03-08) and Asia/Kolkata (+05:30) local-date
    bucketing, timestamps with offsets, rows at local midnight;
  * FCR window boundaries (a repeat exactly t + W days counts, t + W days + 1 s does not),
    repeats through abandoned and other-channel contacts across a month end;
  * wait exactly T (answered and abandoned), video and email channels, formulas
    short_abandons_met and exclude_short_abandons;
  * QA: unanswered hard-fail items, unanswered scored items, an evaluation with no
    scored item answered, two form versions, calibration evaluations;
  * a compliance threshold of 66.666666667 (2 of 3 passed = 66.6666666666667 is within
    1e-9 of it: not worse, no gate), gate-capped ties broken by answered then agent_id;
  * roster: hired mid-month, terminated mid-month / on the last day of the quarter / after
    the data, hired_on = terminated_on (never active), an agent with records and no roster row;
  * planned headcount missing for some months, engagement windows, a year with no
    engagement in its last 3 months;
  * reported fallback: reported-only months in a raw program, a later reported row
    replacing an earlier one, a reported cost_per_contact for a month without program_cost.

    python3 Ops/reference/make_edge_data.py --out /tmp/edge
    python3 Ops/reference/spec_reference.py --tenants /tmp/edge/tenants --data /tmp/edge/data --out /tmp/edge/ref.json
"""

import argparse
import csv
import os
import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

ARCH = """version: 1
effective_from: 2026-01
author: reference-check
rationale: Edge-case architecture for the SPEC reference cross-check
threshold_score: 40
gate_cap: 25
categories: {service: 30, quality: 20, customer: 20, efficiency: 20, partnership: 10}
gates: [compliance_rate, abandon_rate]
min_sample: {csat: 3, qa_score: 1, compliance_rate: 2, fcr_rate: 5, aht_seconds: 5, attrition_rate: 3, occupancy: 10}
"""

METRICS_V1 = """    - {metric: service_level, weight: 50, target: 85, threshold: 70}
    - {metric: asa_seconds, weight: 20, target: 15, threshold: 40}
    - {metric: abandon_rate, weight: 30, target: 4, threshold: 10}
    - {metric: qa_score, weight: 40, target: 90, threshold: 75}
    - {metric: compliance_rate, weight: 30, target: 99, threshold: 66.666666667}
    - {metric: fcr_rate, weight: 30, target: 85, threshold: 60}
    - {metric: csat, weight: 100, target: 85, threshold: 60}
    - {metric: aht_seconds, weight: 30, target: 300, threshold: 420}
    - {metric: occupancy, weight: 20, target: 85, threshold: 60}
    - {metric: adherence, weight: 30, target: 95, threshold: 80}
    - {metric: cost_per_contact, weight: 20, target: 4.0, threshold: 6.0}
    - {metric: staffing_ratio, weight: 30, target: 100, threshold: 90}
    - {metric: attrition_rate, weight: 30, target: 2.0, threshold: 8.0}
    - {metric: tenure_days, weight: 15, target: 400, threshold: 150}
    - {metric: enps, weight: 25, target: 20, threshold: -10}
"""

TENANT = """tenant: edgeco
name: Edge Case Co
programs:
- id: ed-voice
  name: Edge voice
  site: site-1
  timezone: America/Los_Angeles
  service_level_seconds: {voice: 20, chat: 60, video: 30, email: 3600}
  fcr_window_days: 2
  scorecard:
  - effective_from: 2026-01
    author: reference-check
    rationale: first schedule
    metrics:
""" + METRICS_V1 + """  - effective_from: 2026-03
    author: reference-check
    rationale: tighter AHT and QA
    metrics:
""" + METRICS_V1.replace("target: 300, threshold: 420", "target: 280, threshold: 380").replace(
    "target: 90, threshold: 75", "target: 92, threshold: 80") + """- id: ed-mix
  name: Edge mixed raw and reported
  site: site-2
  timezone: Asia/Kolkata
  service_level_seconds: {voice: 15, chat: 45, social: 600}
  service_level_formula: short_abandons_met
  fcr_window_days: 1
  scorecard:
  - effective_from: 2026-01
    author: reference-check
    rationale: first schedule
    metrics:
""" + METRICS_V1 + """qa_forms:
- id: edge-form
  version: 1
  effective_from: 2026-01
  items:
  - {item_id: greet, section: conversation, weight: 10, max_points: 5}
  - {item_id: verify, section: compliance, hard_fail: true}
  - {item_id: resolve, section: resolution, weight: 30, max_points: 10}
  - {item_id: disclose, section: compliance, hard_fail: true}
  - {item_id: empathy, section: conversation, weight: 20, max_points: 4}
- id: edge-form
  version: 2
  effective_from: 2026-02
  items:
  - {item_id: greet, section: conversation, weight: 5, max_points: 5}
  - {item_id: verify, section: compliance, hard_fail: true}
  - {item_id: resolve, section: resolution, weight: 40, max_points: 10}
  - {item_id: empathy, section: conversation, weight: 25, max_points: 5}
"""

HEADERS = {
    "interactions": "interaction_id,program_id,agent_id,customer_id,channel,started_at,wait_seconds,handle_seconds,abandoned",
    "surveys": "interaction_id,score",
    "evaluations": "evaluation_id,program_id,agent_id,evaluator_id,interaction_id,form_id,form_version,evaluated_at,calibration_session_id,expert_evaluator_id",
    "evaluation_answers": "evaluation_id,item_id,points",
    "agent_days": "agent_id,program_id,date,scheduled_seconds,staffed_seconds,available_seconds,adherent_seconds",
    "roster": "agent_id,program_id,site_id,team_id,supervisor_id,hired_on,terminated_on,termination_reason",
    "planned_headcount": "program_id,month,planned_fte",
    "engagement": "agent_id,program_id,surveyed_on,score",
    "reported_metrics": "program_id,period,metric,value,source",
    "coaching_sessions": "session_id,evaluation_id,agent_id,supervisor_id,held_on,focus_metrics,root_cause,commitment,follow_up_on",
}


def iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "tenants"), exist_ok=True)
    ddir = os.path.join(args.out, "data", "edgeco")
    os.makedirs(ddir, exist_ok=True)
    open(os.path.join(args.out, "tenants", "architecture.yaml"), "w").write(ARCH)
    open(os.path.join(args.out, "tenants", "edgeco.yaml"), "w").write(TENANT)
    rows = {k: [] for k in HEADERS}

    # ------------------------------------------------------------------ roster
    V, M = "ed-voice", "ed-mix"
    roster = [
        ("ed-voice-a01", V, "2025-03-01", ""),
        ("ed-voice-a02", V, "2024-07-15", ""),
        ("ed-voice-a03", V, "2025-03-01", ""),
        ("ed-voice-a04", V, "2023-01-10", "2026-03-31"),   # last day of Q1: not active that day
        ("ed-voice-a05", V, "2026-01-20", "2026-01-20"),   # never active
        ("ed-voice-a06", V, "2025-11-02", "2026-02-10"),
        ("ed-voice-a07", V, "2026-02-15", ""),
        ("ed-voice-a08", V, "2022-05-05", "2026-04-15"),   # after the data, inside the year
        ("ed-mix-m01", M, "2025-01-01", ""),
        ("ed-mix-m02", M, "2025-09-09", ""),
        ("ed-mix-m03", M, "2026-02-20", ""),
        ("ed-mix-m04", M, "2025-06-01", "2026-01-01"),     # terminated on the first day of January
    ]
    for agent, prog, hired, term in roster:
        rows["roster"].append([agent, prog, "site", prog + "-t1", prog + "-sup01", hired, term,
                               "resignation" if term else ""])

    def active(agent, d):
        for a, _p, hired, term in roster:
            if a == agent:
                return date.fromisoformat(hired) <= d and (not term or date.fromisoformat(term) > d)
        return True  # ed-voice-a09: no roster row, records only

    # ------------------------------------------------------------------ interactions
    seq = [0]

    def add_interaction(prog, agent, customer, channel, when, wait, handle, abandoned, survey=None):
        seq[0] += 1
        iid = "%s-i%05d" % (prog, seq[0])
        if abandoned:
            agent = ""
            handle = rnd.choice(["", "0"])
        rows["interactions"].append([iid, prog, agent, customer, channel, when, str(wait), str(handle), "1" if abandoned else "0"])
        if survey is not None and not abandoned:
            rows["surveys"].append([iid, str(survey)])
        return iid

    tz_v = ZoneInfo("America/Los_Angeles")
    tz_m = ZoneInfo("Asia/Kolkata")
    voice_agents = ["ed-voice-a0%d" % i for i in (1, 2, 3, 4, 6, 7, 8)] + ["ed-voice-a09"]
    answered_ids = {V: [], M: []}
    day = date(2026, 1, 1)
    while day <= date(2026, 3, 31):
        month = day.month
        # ed-voice: a03 mirrors a01's daily volume (tie on answered)
        counts = {}
        for agent in voice_agents:
            if not active(agent, day):
                continue
            counts[agent] = rnd.randint(0, 3)
        if "ed-voice-a01" in counts and "ed-voice-a03" in counts:
            counts["ed-voice-a03"] = counts["ed-voice-a01"]
        for agent, k in counts.items():
            for _ in range(k):
                local = datetime(day.year, day.month, day.day, rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59), tzinfo=tz_v)
                channel = rnd.choice(["voice", "voice", "chat", "video", "email"])
                T = {"voice": 20, "chat": 60, "video": 30, "email": 3600}[channel]
                wait = rnd.choice([rnd.randint(0, T), rnd.randint(0, 2 * T), T])
                customer = rnd.choice(["", "cv%03d" % rnd.randint(1, 70), "cv%03d" % rnd.randint(1, 70)])
                stamp = local.isoformat() if rnd.random() < 0.3 else iso(local)
                iid = add_interaction(V, agent, customer, channel, stamp, wait, rnd.randint(120, 600), False,
                                      survey=rnd.choice([None, None, 1, 2, 3, 4, 5, 5, 4]))
                answered_ids[V].append((iid, agent, local))
        p_abandon = {1: 0.18, 2: 0.05, 3: 0.08}[month]
        for _ in range(rnd.randint(0, 4)):
            if rnd.random() < p_abandon * 3:
                local = datetime(day.year, day.month, day.day, rnd.randint(0, 23), rnd.randint(0, 59), tzinfo=tz_v)
                channel = rnd.choice(["voice", "chat", "video"])
                T = {"voice": 20, "chat": 60, "video": 30}[channel]
                add_interaction(V, "", "cv%03d" % rnd.randint(1, 70), channel, iso(local),
                                rnd.choice([T, rnd.randint(0, T), rnd.randint(T + 1, 3 * T)]), 0, True)
        # ed-mix: raw interactions in January and February only
        if month <= 2:
            for agent in ("ed-mix-m01", "ed-mix-m02", "ed-mix-m03"):
                if not active(agent, day):
                    continue
                for _ in range(rnd.randint(0, 2)):
                    local = datetime(day.year, day.month, day.day, rnd.randint(0, 23), rnd.randint(0, 59), tzinfo=tz_m)
                    channel = rnd.choice(["voice", "chat", "social"])
                    T = {"voice": 15, "chat": 45, "social": 600}[channel]
                    iid = add_interaction(M, agent, rnd.choice(["", "cm%02d" % rnd.randint(1, 25)]), channel,
                                          local.isoformat() if rnd.random() < 0.5 else iso(local),
                                          rnd.choice([T, rnd.randint(0, 2 * T)]), rnd.randint(100, 700), False,
                                          survey=rnd.choice([None, 2, 4, 5]))
                    answered_ids[M].append((iid, agent, local))
            if rnd.random() < 0.5:
                local = datetime(day.year, day.month, day.day, rnd.randint(0, 23), 5, tzinfo=tz_m)
                add_interaction(M, "", "cm%02d" % rnd.randint(1, 25), "voice", iso(local), rnd.choice([15, 5, 40]), 0, True)
        day += timedelta(days=1)

    # hand-made edge rows (ed-voice, LA time)
    utc = timezone.utc
    t0 = datetime(2026, 1, 10, 10, 0, 0, tzinfo=utc)
    add_interaction(V, "ed-voice-a02", "edge1", "voice", iso(t0), 20, 300, False, survey=4)           # wait = T
    add_interaction(V, "", "edge1", "email", iso(t0 + timedelta(days=2)), 3700, 0, True)              # exactly t + W: repeat
    add_interaction(V, "ed-voice-a02", "edge2", "chat", iso(t0), 61, 200, False, survey=3)
    add_interaction(V, "ed-voice-a04", "edge2", "voice", iso(t0 + timedelta(days=2, seconds=1)), 5, 250, False)  # W + 1 s: no repeat
    add_interaction(V, "ed-voice-a01", "edge3", "voice", "2026-01-31T20:00:00-08:00", 3, 310, False, survey=5)
    add_interaction(V, "ed-voice-a06", "edge3", "chat", "2026-02-01T10:00:00-08:00", 9, 280, False)  # Feb repeat of a Jan contact
    add_interaction(V, "ed-voice-a02", "edge4", "video", "2026-01-31T23:59:59-08:00", 30, 400, False)  # last second of January
    add_interaction(V, "ed-voice-a02", "edge4", "video", "2026-02-01T08:00:00Z", 31, 410, False)     # = 00:00 Feb 1 local
    add_interaction(V, "ed-voice-a07", "edge5", "voice", "2026-03-08T01:30:00-08:00", 12, 333, False)  # DST night
    add_interaction(V, "ed-voice-a07", "edge5", "voice", "2026-03-08T03:30:00-07:00", 12, 222, False)
    add_interaction(V, "ed-voice-a09", "", "voice", "2026-03-01T07:59:00Z", 2, 100, False)           # Feb 28 local
    add_interaction(M, "ed-mix-m01", "edgem", "voice", "2026-01-31T18:29:59Z", 15, 321, False)        # Jan 31 23:59:59 IST
    add_interaction(M, "ed-mix-m02", "edgem", "voice", "2026-01-31T18:30:00Z", 16, 123, False)        # Feb 1 00:00 IST
    add_interaction(M, "", "", "voice", "2026-02-01T00:00:00+05:30", 15, 0, True)                     # short abandon (= T)

    # ------------------------------------------------------------------ evaluations
    ev = [0]

    def add_eval(prog, agent, when, answers, version=1, calibration="", expert="", evaluator="ed-qa01"):
        ev[0] += 1
        eid = "%s-ev%04d" % (prog, ev[0])
        pool = [i for (i, a, _l) in answered_ids[prog] if a == agent] or [answered_ids[prog][0][0]]
        rows["evaluations"].append([eid, prog, agent, evaluator, rnd.choice(pool), "edge-form", str(version), when,
                                    calibration, expert])
        for item, points in answers.items():
            rows["evaluation_answers"].append([eid, item, str(points)])
        return eid

    def answers(version, fail=False, skip=()):
        a = {"greet": rnd.randint(2, 5), "verify": 1, "resolve": rnd.randint(5, 10),
             "empathy": rnd.randint(1, 4 if version == 1 else 5)}
        if version == 1:
            a["disclose"] = 1
        if fail:
            a["verify"] = 0
        for s in skip:
            a.pop(s, None)
        return a

    for month in (1, 2, 3):
        version = 1 if month == 1 else 2
        for agent in ["ed-voice-a0%d" % i for i in (1, 2, 3, 4, 6, 7, 8)]:
            if month == 2 and agent in ("ed-voice-a01", "ed-voice-a02", "ed-voice-a03"):
                continue  # February QA of these three is hand-made below
            for k in range(rnd.randint(1, 4)):
                d = date(2026, month, rnd.randint(1, 28))
                if not active(agent, d):
                    continue
                when = datetime(d.year, d.month, d.day, rnd.randint(8, 18), 0, tzinfo=tz_v)
                add_eval(V, agent, iso(when), answers(version, fail=rnd.random() < 0.1, skip=("empathy",) if rnd.random() < 0.2 else ()), version)
        for agent in ("ed-mix-m01", "ed-mix-m02"):
            if month <= 2:
                when = datetime(2026, month, 10, 12, tzinfo=tz_m)
                add_eval(M, agent, when.isoformat(), answers(version), version)
    # February ties and the 1e-9 gate: a01 and a03 1 of 2 passed (gate), a02 2 of 3 passed (no gate)
    for agent, fails in (("ed-voice-a01", [True, False]), ("ed-voice-a03", [False, True]), ("ed-voice-a02", [False, True, False])):
        for k, fail in enumerate(fails):
            add_eval(V, agent, "2026-02-%02dT18:00:00Z" % (20 + k), answers(2, fail=fail), 2)
    # unanswered hard-fail item (disclose missing) and an evaluation with no scored item answered
    add_eval(V, "ed-voice-a04", "2026-01-12T17:00:00Z", {"verify": 1, "greet": 5, "resolve": 9, "empathy": 4})
    add_eval(V, "ed-voice-a04", "2026-01-13T17:00:00Z", {"verify": 1, "disclose": 1})
    # local-midnight evaluation: Feb 28 23:30 in Los Angeles = Mar 1 UTC
    add_eval(V, "ed-voice-a08", "2026-02-28T23:30:00-08:00", answers(2), 2)
    # a calibration session (excluded from QA metrics) on a02's contact, failing everything
    for evaluator in ("ed-qa01", "ed-qa02", "ed-qalead"):
        add_eval(V, "ed-voice-a02", "2026-01-20T19:00:00Z", {"greet": 0, "verify": 0, "resolve": 0, "disclose": 0, "empathy": 0},
                 calibration="cal-1", expert="ed-qalead", evaluator=evaluator)

    # ------------------------------------------------------------------ agent days
    day = date(2026, 1, 1)
    while day <= date(2026, 3, 31):
        if day.weekday() < 5:
            for agent in ["ed-voice-a0%d" % i for i in (1, 2, 3, 4, 6, 7, 8)] + ["ed-mix-m01", "ed-mix-m02", "ed-mix-m03"]:
                if not active(agent, day):
                    continue
                prog = V if agent.startswith("ed-voice") else M
                scheduled = rnd.choice([28800, 28800, 14400])
                staffed = scheduled - rnd.randint(0, 1800)
                available = rnd.randint(0, 5000)
                rows["agent_days"].append([agent, prog, day.isoformat(), scheduled, staffed, min(available, staffed),
                                           scheduled - rnd.randint(0, 4000)])
        day += timedelta(days=1)

    # ------------------------------------------------------------------ planned headcount, engagement, reported
    rows["planned_headcount"] += [[V, "2026-01", "7.0"], [V, "2026-02", "7.5"], [M, "2026-02", "2.5"]]
    for agent, d, s in (("ed-voice-a01", "2026-01-05", 9), ("ed-voice-a02", "2026-01-31", 10), ("ed-voice-a04", "2026-01-15", 6),
                        ("ed-voice-a06", "2026-01-16", 7), ("ed-voice-a08", "2026-02-01", 0), ("ed-voice-a03", "2026-02-27", 8),
                        ("ed-voice-a07", "2026-03-01", 10), ("ed-voice-a01", "2026-03-31", 10), ("ed-voice-a04", "2026-03-02", 3)):
        rows["engagement"].append([agent, V, d, str(s)])
    rows["reported_metrics"] += [
        [V, "2026-01", "program_cost", "2100.50", "client"],
        [V, "2026-02", "program_cost", "1999.99", "client"],
        [V, "2026-03", "program_cost", "2300.00", "client"],
        [V, "2026-01", "service_level", "50.0", "vendor"],        # computed wins
        [M, "2026-01", "program_cost", "1000", "client"],
        [M, "2026-03", "program_cost", "1200", "client"],
        [M, "2026-02", "cost_per_contact", "9.99", "client"],    # no February program_cost: fallback
        [M, "2026-02", "service_level", "88.0", "vendor"],       # computed wins
        [M, "2026-03", "service_level", "91.0", "vendor"],       # reported only
        [M, "2026-03", "abandon_rate", "3.0", "vendor"],
        [M, "2026-03", "aht_seconds", "410", "vendor"],
        [M, "2026-03", "aht_seconds", "420", "vendor"],          # a later row replaces the earlier one
        [M, "2026-03", "csat", "85", "client"],
        [M, "2026-03", "enps", "12.5", "client"],
    ]

    # inside one file the last row with a key wins (SPEC section 9)
    first = rows["interactions"][0]
    rows["interactions"].append(first[:6] + [str(int(first[6]) + 17), "777"] + first[8:])
    ans0 = rows["evaluation_answers"][0]
    rows["evaluation_answers"].append([ans0[0], ans0[1], "0"])

    for kind, header in HEADERS.items():
        with open(os.path.join(ddir, kind + ".csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header.split(","))
            for r in rows[kind]:
                w.writerow(r)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
