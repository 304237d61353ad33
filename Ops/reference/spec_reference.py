#!/usr/bin/env python3
"""Independent reference implementation of SPEC sections 2 and 3 (scorecards).

Written from /work/shared/SPEC.md only (not from the Swift code), so that the
server's numbers can be checked against a second implementation.  Stdlib +
PyYAML only.

    python3 Ops/reference/spec_reference.py --tenants Tenants --data Ops/demo-data \
        --out Tests/EndToEndTests/Fixtures/reference_scorecards.json

Inputs: --tenants DIR holds architecture.yaml and one <tenant>.yaml per tenant
(SPEC section 10); --data DIR holds one directory per tenant with the CSV files
of SPEC section 9 (missing files are treated as empty).

Output (JSON): tenants -> programs -> periods -> {"program": scorecard,
"agents": ranking (months only)}.  Periods: every local month with data for the
program, every quarter and every year containing one of those months.

Readings of the SPEC where it is silent or ambiguous (the choices made here):

 R1  Period membership: interactions by the local date of started_at in the
     program's IANA timezone, evaluations by the local date of evaluated_at,
     agent days by `date`, engagement by `surveyed_on`, surveys through their
     interaction (its period, program and agent).  Reported values and planned
     headcount by their month column.
 R2  "Months with data" of a program: local months holding any interaction,
     evaluation, agent day, engagement response, planned headcount row or
     reported metric of that program.  Quarters/years: those containing one of
     these months.
 R3  Versions: a period is scored with the latest scorecard entry whose
     effective_from <= the period's first month (version number = its 1-based
     index in the program's `scorecard` list), and with the architecture when
     its effective_from <= that month (one file = one version, its `version`).
     When no scorecard entry or no architecture is in force at the period's
     first month (the demo: 2026-Q3 starts in 2026-07 and the year 2026 in
     2026-01, but everything takes effect from 2026-08), SPEC is silent; the
     project's README ("Decisions where the SPEC is silent") decided that the
     answer is FAILED_PRECONDITION, and this reference follows that: such a
     period is emitted as {"status": "FAILED_PRECONDITION", ...}.  For
     information it also carries "program_if_earliest_version": the card the
     period would get under the earliest versions (so the fixture can be used
     if that decision changes).
 R4  Partnership metrics use ALL calendar days of the period, literally:
     "mean over the period's days of active agents" averages over every day
     from the first day of the first month to the last day of the last month
     (a quarter 92/91/90 days, a year 365/366), and tenure_days / its n use
     the period's last calendar day (e.g. 2026-12-31 for 2026-Q4 and 2026),
     even when no data exists yet for the later months.
 R5  Active agents come from roster rows of the program only (supervisors
     without a row are never active): hired_on <= d and (terminated_on empty
     or terminated_on > d).  Terminations "dated in the period": roster rows of
     the program with terminated_on inside the period's days.
 R6  attrition_rate n = the mean active agents (a real number, compared with
     min_sample using the 1e-9 tolerance).  The proto's `n` is int64, so the
     server can only carry an integer approximation of it (see the test).
     attrition_rate_annualised is emitted for quarters only (x 12 / 3).
 R7  staffing_ratio: mean planned_fte over the period's months that have a
     planned_headcount row; no such month (or a zero mean) = no value; n = the
     number of those months.  A zero mean of active agents gives a value of 0.
 R8  cost_per_contact is "computed" (raw answered count with the reported
     program_cost); it has no value when no month of the period has a
     program_cost or when answered = 0; n = answered (also when there is no
     value).  When it has no value a reported cost_per_contact (if any) is the
     fallback like every other metric.
 R9  n of a metric is always the computed count of its `n` column, also when
     the value has no value or comes from a reported fallback (0 for a
     program without raw records).  insufficient_sample is only ever true for
     a computed value (a missing value is "no value", not "insufficient").
 R10 Reported fallback for a quarter or year: the mean of the monthly reported
     values of the period's months that have one (a later row for the same
     (program, period, metric) replaces an earlier one).  A reported row whose
     period is itself a quarter or year is ignored (reported values are monthly).
 R11 QA: an evaluation's quality score uses its form (form_id, form_version)
     from the tenant manifest; non-hard-fail items answered only; an
     evaluation with no answered non-hard-fail item (sum of weights 0) has no
     quality score and is left out of the qa_score mean, but qa_score's n is
     the SPEC's n column literally, "evaluations" (every non-calibration
     evaluation, like compliance_rate's n).  Hard-fail: points == 1 pass, anything else
     or unanswered = fail.  Calibration evaluations (non-empty
     calibration_session_id) are excluded from qa_score and compliance_rate.
     Answers for item ids not on the form are ignored.
 R12 FCR: the window check uses every interaction of the program (any
     channel, answered or abandoned, any period) of the same non-empty
     customer_id with a different interaction_id: success when none has
     t < started_at <= t + W x 86400 s (UTC instants).
 R13 Service level: each interaction's T is its program's
     service_level_seconds[channel]; "wait <= T" and "wait > T" use the 1e-9
     tolerance.  Empty wait/handle fields count as 0.
 R14 Program-level interaction metrics use every interaction of the program
     (also those of agents not on the roster); agent-level ones those whose
     agent_id is the agent.  occupancy/adherence use agent_days rows whose
     program_id is the program (and agent_id the agent for agent level).
 R15 Agents with a scorecard for a period: roster rows of the program active
     on at least one day of the period, plus agent ids with records in the
     period, where records are interactions, non-calibration evaluations and
     agent days of the program with that agent_id (surveys only reach an agent
     through an interaction).  Agent scorecards use only the agent-level
     metrics configured for the program (same weights/targets/thresholds,
     same architecture, gates apply when a gate metric is agent-level).
 R16 Rankings: by gate-capped composite descending, then answered
     descending, then agent_id ascending; composites within 1e-9 are treated
     as equal both in the ordering and in the percentile's "below"/"equal"
     counts.  Rank is 1-based position in that order (no shared ranks).
 R17 Gates: worse than threshold means value < threshold - 1e-9 (up) or
     value > threshold + 1e-9 (down); min_sample: insufficient when
     n < min_sample - 1e-9.
 R18 Category list: every architecture category is emitted; its score is null
     when none of its configured metrics is scored.
"""

import argparse
import csv
import json
import math
import os
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import yaml

EPS = 1e-9

# SPEC section 2 catalog: metric -> (category, direction, agent_level)
CATALOG = {
    "service_level": ("service", "up", False),
    "asa_seconds": ("service", "down", False),
    "abandon_rate": ("service", "down", False),
    "qa_score": ("quality", "up", True),
    "compliance_rate": ("quality", "up", True),
    "fcr_rate": ("quality", "up", True),
    "csat": ("customer", "up", True),
    "aht_seconds": ("efficiency", "down", True),
    "occupancy": ("efficiency", "up", True),
    "adherence": ("efficiency", "up", True),
    "cost_per_contact": ("efficiency", "down", False),
    "staffing_ratio": ("partnership", "up", False),
    "attrition_rate": ("partnership", "down", False),
    "tenure_days": ("partnership", "up", False),
    "enps": ("partnership", "up", False),
}
DEFAULT_MIN_SAMPLE = {"csat": 10, "qa_score": 2, "compliance_rate": 2, "fcr_rate": 20, "aht_seconds": 20}
REAL_TIME = {"voice", "chat", "video"}

# CSV keys (SPEC section 9): the last row with a key wins.
KEYS = {
    "interactions": ("interaction_id",),
    "surveys": ("interaction_id",),
    "evaluations": ("evaluation_id",),
    "evaluation_answers": ("evaluation_id", "item_id"),
    "agent_days": ("agent_id", "date"),
    "roster": ("agent_id",),
    "planned_headcount": ("program_id", "month"),
    "engagement": ("agent_id", "surveyed_on"),
    "reported_metrics": ("program_id", "period", "metric"),
}


# ----------------------------------------------------------------------------- helpers

def parse_instant(text):
    s = text.strip()
    if s[-1:] in ("Z", "z"):
        s = s[:-1] + "+00:00"
    s = s.replace("t", "T")
    dt = datetime.fromisoformat(s)
    if dt.tzinfo is None:
        raise ValueError("timestamp without offset: " + text)
    return dt.astimezone(timezone.utc)


def parse_date(text):
    return date.fromisoformat(text.strip())


def num(text):
    text = (text or "").strip()
    return float(text) if text else 0.0


def month_of(d):
    return "%04d-%02d" % (d.year, d.month)


def month_first_day(m):
    y, mo = int(m[:4]), int(m[5:7])
    return date(y, mo, 1)


def month_last_day(m):
    y, mo = int(m[:4]), int(m[5:7])
    nxt = date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)
    return nxt - timedelta(days=1)


def add_months(m, k):
    y, mo = int(m[:4]), int(m[5:7])
    idx = y * 12 + (mo - 1) + k
    return "%04d-%02d" % (idx // 12, idx % 12 + 1)


def period_months(period):
    if len(period) == 7 and period[4] == "-" and period[5] != "Q":
        return [period]
    if "-Q" in period:
        y, q = int(period[:4]), int(period[-1])
        return ["%04d-%02d" % (y, 3 * (q - 1) + i) for i in (1, 2, 3)]
    y = int(period)
    return ["%04d-%02d" % (y, i) for i in range(1, 13)]


def quarter_of(m):
    return "%s-Q%d" % (m[:4], (int(m[5:7]) - 1) // 3 + 1)


def read_csv(path, kind):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    key = KEYS.get(kind)
    if key is None:
        return rows
    latest = {}
    for r in rows:
        latest[tuple(r[k] for k in key)] = r  # last row wins, keeps first position ordering irrelevant
    return list(latest.values())


def median(values):
    v = sorted(values)
    n = len(v)
    if n == 0:
        return None
    if n % 2:
        return float(v[n // 2])
    return (v[n // 2 - 1] + v[n // 2]) / 2.0


def ratio(num_, den, scale=1.0):
    if den == 0:
        return None
    return scale * num_ / den


# ----------------------------------------------------------------------------- model

class Architecture:
    def __init__(self, doc):
        self.version = int(doc.get("version", 1))
        self.effective_from = str(doc.get("effective_from", "0000-01"))
        self.threshold_score = float(doc.get("threshold_score", 50))
        self.gate_cap = float(doc.get("gate_cap", 50))
        self.categories = {k: float(v) for k, v in (doc.get("categories") or {}).items()}
        gates = doc.get("gates")
        self.gates = list(gates) if gates is not None else ["compliance_rate"]
        self.min_sample = dict(DEFAULT_MIN_SAMPLE)
        for k, v in (doc.get("min_sample") or {}).items():
            self.min_sample[k] = float(v)

    def min_sample_of(self, metric):
        return float(self.min_sample.get(metric, 1))


class Program:
    def __init__(self, doc):
        self.id = doc["id"]
        self.tz = ZoneInfo(doc["timezone"])
        self.sl_seconds = {k: float(v) for k, v in (doc.get("service_level_seconds") or {}).items()}
        self.sl_formula = doc.get("service_level_formula") or "exclude_short_abandons"
        self.fcr_window_days = float(doc.get("fcr_window_days", 7))
        self.scorecards = []
        for entry in doc.get("scorecard") or []:
            self.scorecards.append({
                "effective_from": str(entry["effective_from"]),
                "metrics": [
                    {"metric": m["metric"], "weight": float(m["weight"]), "target": float(m["target"]),
                     "threshold": float(m["threshold"])}
                    for m in entry.get("metrics") or []
                ],
            })

    def scorecard_for(self, first_month):
        """(1-based version, entry) in force at first_month; see R3."""
        chosen = None
        for i, entry in enumerate(self.scorecards):
            if entry["effective_from"] <= first_month:
                if chosen is None or entry["effective_from"] >= self.scorecards[chosen]["effective_from"]:
                    chosen = i
        if chosen is None:
            chosen = min(range(len(self.scorecards)), key=lambda i: self.scorecards[i]["effective_from"])
        return chosen + 1, self.scorecards[chosen]


class TenantData:
    """Raw rows of one tenant, pre-bucketed by program, local month and agent."""

    def __init__(self, manifest, data_dir):
        self.programs = {p["id"]: Program(p) for p in manifest.get("programs") or []}
        self.forms = {}
        for form in manifest.get("qa_forms") or []:
            self.forms[(str(form["id"]), str(form["version"]))] = form.get("items") or []
        rd = lambda kind: read_csv(os.path.join(data_dir, kind + ".csv"), kind)

        # interactions
        self.interactions = defaultdict(list)  # program -> list of dicts
        for r in rd("interactions"):
            prog = self.programs.get(r["program_id"])
            if prog is None:
                continue
            t = parse_instant(r["started_at"])
            local = t.astimezone(prog.tz).date()
            self.interactions[r["program_id"]].append({
                "id": r["interaction_id"], "agent": r.get("agent_id", "").strip(),
                "customer": r.get("customer_id", "").strip(), "channel": r["channel"].strip(),
                "t": t, "month": month_of(local), "wait": num(r.get("wait_seconds")),
                "handle": num(r.get("handle_seconds")), "abandoned": r["abandoned"].strip() == "1",
            })
        self.by_id = {}
        for pid, rows in self.interactions.items():
            for x in rows:
                self.by_id[x["id"]] = (pid, x)
        # FCR success per interaction (R12)
        for pid, rows in self.interactions.items():
            window = timedelta(seconds=self.programs[pid].fcr_window_days * 86400)
            by_customer = defaultdict(list)
            for x in rows:
                if x["customer"]:
                    by_customer[x["customer"]].append(x)
            for x in rows:
                x["fcr_ok"] = None
                if x["abandoned"] or not x["customer"]:
                    continue
                t0, t1 = x["t"], x["t"] + window
                repeat = any(o["id"] != x["id"] and t0 < o["t"] <= t1 for o in by_customer[x["customer"]])
                x["fcr_ok"] = not repeat
        # surveys -> attach to interaction
        for r in rd("surveys"):
            hit = self.by_id.get(r["interaction_id"])
            if hit is None:
                continue
            hit[1]["survey"] = float(r["score"])

        # evaluations
        answers = defaultdict(dict)
        for r in rd("evaluation_answers"):
            answers[r["evaluation_id"]][r["item_id"]] = r["points"].strip()
        self.evaluations = defaultdict(list)
        for r in rd("evaluations"):
            prog = self.programs.get(r["program_id"])
            if prog is None:
                continue
            local = parse_instant(r["evaluated_at"]).astimezone(prog.tz).date()
            items = self.forms.get((r["form_id"].strip(), r["form_version"].strip()))
            if items is None:
                raise SystemExit("unknown form %s v%s" % (r["form_id"], r["form_version"]))
            ans = answers.get(r["evaluation_id"], {})
            wsum = 0.0
            acc = 0.0
            passed = True
            for item in items:
                iid = str(item["item_id"])
                if item.get("hard_fail"):
                    p = ans.get(iid)
                    if p is None or p == "" or float(p) != 1.0:
                        passed = False
                    continue
                p = ans.get(iid)
                if p is None or p == "":
                    continue
                w = float(item["weight"])
                wsum += w
                acc += w * float(p) / float(item["max_points"])
            quality = 100.0 * acc / wsum if wsum > 0 else None
            self.evaluations[r["program_id"]].append({
                "id": r["evaluation_id"], "agent": r["agent_id"].strip(), "month": month_of(local),
                "calibration": r.get("calibration_session_id", "").strip() != "",
                "quality": quality, "passed": passed,
            })

        # agent days
        self.agent_days = defaultdict(list)
        for r in rd("agent_days"):
            if r["program_id"] not in self.programs:
                continue
            d = parse_date(r["date"])
            self.agent_days[r["program_id"]].append({
                "agent": r["agent_id"].strip(), "month": month_of(d),
                "scheduled": num(r.get("scheduled_seconds")), "available": num(r.get("available_seconds")),
                "adherent": num(r.get("adherent_seconds")),
            })

        # roster
        self.roster = defaultdict(list)
        for r in rd("roster"):
            term = (r.get("terminated_on") or "").strip()
            self.roster[r["program_id"]].append({
                "agent": r["agent_id"].strip(), "hired": parse_date(r["hired_on"]),
                "terminated": parse_date(term) if term else None,
            })

        # planned headcount
        self.planned = defaultdict(dict)
        for r in rd("planned_headcount"):
            self.planned[r["program_id"]][r["month"].strip()] = float(r["planned_fte"])

        # engagement
        self.engagement = defaultdict(list)
        for r in rd("engagement"):
            d = parse_date(r["surveyed_on"])
            self.engagement[r["program_id"]].append({"month": month_of(d), "score": float(r["score"])})

        # reported metrics (monthly only, R10)
        self.reported = defaultdict(dict)  # program -> {(month, metric): value}
        for r in rd("reported_metrics"):
            period = r["period"].strip()
            if len(period) != 7 or "Q" in period:
                continue
            self.reported[r["program_id"]][(period, r["metric"].strip())] = float(r["value"])

    def months_with_data(self, pid):
        months = set()
        for x in self.interactions.get(pid, []):
            months.add(x["month"])
        for x in self.evaluations.get(pid, []):
            months.add(x["month"])
        for x in self.agent_days.get(pid, []):
            months.add(x["month"])
        for x in self.engagement.get(pid, []):
            months.add(x["month"])
        months.update(self.planned.get(pid, {}).keys())
        months.update(m for (m, _metric) in self.reported.get(pid, {}).keys())
        return sorted(months)


# ----------------------------------------------------------------------------- metrics

def active_on(row, d):
    return row["hired"] <= d and (row["terminated"] is None or row["terminated"] > d)


def compute_metrics(td, prog, months, agent=None):
    """Computed (value, n) per catalog metric for a program (agent=None) or one agent."""
    mset = set(months)
    pid = prog.id
    out = {}
    inter = [x for x in td.interactions.get(pid, []) if x["month"] in mset and (agent is None or x["agent"] == agent)]
    answered = [x for x in inter if not x["abandoned"]]
    abandoned = [x for x in inter if x["abandoned"]]
    n_ans = len(answered)

    def T(x):
        if x["channel"] not in prog.sl_seconds:
            raise SystemExit("interaction %s: channel %s has no T" % (x["id"], x["channel"]))
        return prog.sl_seconds[x["channel"]]

    within = lambda x: x["wait"] <= T(x) + EPS
    beyond = lambda x: x["wait"] > T(x) + EPS

    if agent is None:
        ans_in = sum(1 for x in answered if within(x))
        ab_in = sum(1 for x in abandoned if within(x))
        ab_out = sum(1 for x in abandoned if beyond(x))
        offered = len(inter)
        if prog.sl_formula == "exclude_short_abandons":
            den = n_ans + ab_out
            out["service_level"] = (ratio(ans_in, den, 100.0), den)
        elif prog.sl_formula == "offered":
            out["service_level"] = (ratio(ans_in, offered, 100.0), offered)
        elif prog.sl_formula == "short_abandons_met":
            out["service_level"] = (ratio(ans_in + ab_in, offered, 100.0), offered)
        else:
            raise SystemExit("unknown service_level_formula " + prog.sl_formula)
        rt = [x for x in answered if x["channel"] in REAL_TIME]
        out["asa_seconds"] = (ratio(sum(x["wait"] for x in rt), len(rt)), len(rt))
        out["abandon_rate"] = (ratio(len(abandoned), offered, 100.0), offered)

    evals = [e for e in td.evaluations.get(pid, []) if e["month"] in mset and not e["calibration"]
             and (agent is None or e["agent"] == agent)]
    q = [e["quality"] for e in evals if e["quality"] is not None]
    out["qa_score"] = (ratio(sum(q), len(q)), len(evals))
    out["compliance_rate"] = (ratio(sum(1 for e in evals if e["passed"]), len(evals), 100.0), len(evals))

    with_c = [x for x in answered if x["customer"]]
    out["fcr_rate"] = (ratio(sum(1 for x in with_c if x["fcr_ok"]), len(with_c), 100.0), len(with_c))

    surveys = [x["survey"] for x in inter if "survey" in x]
    out["csat"] = (ratio(sum(1 for s in surveys if s >= 4 - EPS), len(surveys), 100.0), len(surveys))

    handle = sum(x["handle"] for x in answered)
    out["aht_seconds"] = (ratio(handle, n_ans), n_ans)

    days = [d for d in td.agent_days.get(pid, []) if d["month"] in mset and (agent is None or d["agent"] == agent)]
    avail = sum(d["available"] for d in days)
    out["occupancy"] = (ratio(handle, handle + avail, 100.0), n_ans + len(days))
    out["adherence"] = (ratio(sum(d["adherent"] for d in days), sum(d["scheduled"] for d in days), 100.0), len(days))

    if agent is None:
        costs = [td.reported[pid][(m, "program_cost")] for m in months if (m, "program_cost") in td.reported.get(pid, {})]
        out["cost_per_contact"] = (ratio(sum(costs), n_ans) if costs else None, n_ans)

        first, last = month_first_day(months[0]), month_last_day(months[-1])
        ndays = (last - first).days + 1
        roster = td.roster.get(pid, [])
        active_total = 0
        d = first
        while d <= last:
            active_total += sum(1 for r in roster if active_on(r, d))
            d += timedelta(days=1)
        mean_active = active_total / ndays
        planned = [td.planned[pid][m] for m in months if m in td.planned.get(pid, {})]
        if planned:
            mean_planned = sum(planned) / len(planned)
            out["staffing_ratio"] = (ratio(mean_active, mean_planned, 100.0), len(planned))
        else:
            out["staffing_ratio"] = (None, 0)
        terms = sum(1 for r in roster if r["terminated"] is not None and first <= r["terminated"] <= last)
        out["attrition_rate"] = (ratio(terms, mean_active, 100.0), mean_active)
        on_last = [(last - r["hired"]).days for r in roster if active_on(r, last)]
        out["tenure_days"] = (median(on_last), len(on_last))
        window = {add_months(months[-1], -k) for k in (0, 1, 2)}
        resp = [e["score"] for e in td.engagement.get(pid, []) if e["month"] in window]
        if resp:
            prom = sum(1 for s in resp if s >= 9 - EPS)
            det = sum(1 for s in resp if s <= 6 + EPS)
            out["enps"] = (100.0 * prom / len(resp) - 100.0 * det / len(resp), len(resp))
        else:
            out["enps"] = (None, 0)
    return out, n_ans


def score_of(value, target, threshold, ts):
    band = target - threshold
    s = 100.0 - (100.0 - ts) * (target - value) / band
    return max(0.0, min(100.0, s))


def worse_than(metric, value, threshold):
    if CATALOG[metric][1] == "up":
        return value < threshold - EPS
    return value > threshold + EPS


def build_scorecard(arch, entry, computed, reported_for, agent_level):
    metrics = {}
    for mc in entry["metrics"]:
        name = mc["metric"]
        category, _direction, is_agent = CATALOG[name]
        if agent_level and not is_agent:
            continue
        value, n = computed.get(name, (None, 0))
        source = None
        insufficient = False
        if value is not None:
            source = "computed"
            insufficient = n < arch.min_sample_of(name) - EPS
        elif reported_for is not None:
            rep = reported_for(name)
            if rep is not None:
                value, source = rep, "reported"
        score = None
        if value is not None and not insufficient:
            score = score_of(value, mc["target"], mc["threshold"], arch.threshold_score)
        metrics[name] = {
            "category": category, "value": value, "source": source, "n": n,
            "insufficient_sample": insufficient, "score": score,
            "weight": mc["weight"], "target": mc["target"], "threshold": mc["threshold"],
        }
    categories = {}
    for cat in arch.categories:
        scored = [m for m in metrics.values() if m["category"] == cat and m["score"] is not None]
        if scored:
            categories[cat] = sum(m["weight"] * m["score"] for m in scored) / sum(m["weight"] for m in scored)
        else:
            categories[cat] = None
    scored_cats = [c for c, s in categories.items() if s is not None]
    composite = None
    if scored_cats:
        composite = sum(arch.categories[c] * categories[c] for c in scored_cats) / sum(arch.categories[c] for c in scored_cats)
    failed = []
    for gate in arch.gates:
        m = metrics.get(gate)
        if m is not None and m["score"] is not None and worse_than(gate, m["value"], m["threshold"]):
            failed.append(gate)
    capped = composite
    if failed and composite is not None:
        capped = min(composite, arch.gate_cap)
    missing = [{"metric": k, "reason": "no_value" if m["value"] is None else "insufficient_sample"}
               for k, m in metrics.items() if m["value"] is None or m["insufficient_sample"]]
    return {
        "metrics": metrics, "categories": categories, "composite": capped, "composite_uncapped": composite,
        "gate_capped": bool(failed), "failed_gates": failed, "complete": not missing, "missing": missing,
    }


def percentile(x, values):
    below = sum(1 for v in values if v < x - EPS)
    equal = sum(1 for v in values if abs(v - x) <= EPS)
    return 100.0 * (below + 0.5 * equal) / len(values)


def agents_for(td, pid, months):
    mset = set(months)
    first, last = month_first_day(months[0]), month_last_day(months[-1])
    agents = set()
    for r in td.roster.get(pid, []):
        # active on some day of [first, last]
        start = max(first, r["hired"])
        if start <= last and (r["terminated"] is None or r["terminated"] > start):
            agents.add(r["agent"])
    for x in td.interactions.get(pid, []):
        if x["agent"] and x["month"] in mset:
            agents.add(x["agent"])
    for e in td.evaluations.get(pid, []):
        if e["agent"] and not e["calibration"] and e["month"] in mset:
            agents.add(e["agent"])
    for d in td.agent_days.get(pid, []):
        if d["agent"] and d["month"] in mset:
            agents.add(d["agent"])
    return sorted(agents)


def run(tenants_dir, data_dir):
    with open(os.path.join(tenants_dir, "architecture.yaml")) as f:
        arch = Architecture(yaml.safe_load(f))
    result = {"spec": "SPEC sections 2 and 3", "generator": "Ops/reference/spec_reference.py",
              "architecture_version": arch.version, "tenants": {}}
    for name in sorted(os.listdir(tenants_dir)):
        if not name.endswith((".yaml", ".yml")) or name.startswith("architecture."):
            continue
        with open(os.path.join(tenants_dir, name)) as f:
            manifest = yaml.safe_load(f)
        tenant = manifest["tenant"]
        tdir = os.path.join(data_dir, tenant)
        if not os.path.isdir(tdir):
            continue
        td = TenantData(manifest, tdir)
        tout = {"programs": {}}
        for pid, prog in td.programs.items():
            months = td.months_with_data(pid)
            if not months:
                continue
            periods = list(months)
            periods += sorted({quarter_of(m) for m in months})
            periods += sorted({m[:4] for m in months})
            pout = {}
            for period in periods:
                pm = period_months(period)
                version, entry = prog.scorecard_for(pm[0])
                in_force = arch.effective_from <= pm[0] and any(
                    e["effective_from"] <= pm[0] for e in prog.scorecards)

                def reported_for(metric, pm=pm, pid=pid):
                    vals = [td.reported[pid][(m, metric)] for m in pm if (m, metric) in td.reported.get(pid, {})]
                    return sum(vals) / len(vals) if vals else None

                computed, answered = compute_metrics(td, prog, pm)
                card = build_scorecard(arch, entry, computed, reported_for, agent_level=False)
                card.update({"architecture_version": arch.version, "scorecard_version": version, "answered": answered})
                if "-Q" in period:
                    att = card["metrics"].get("attrition_rate")
                    if att is not None and att["value"] is not None:
                        card["attrition_rate_annualised"] = att["value"] * 12.0 / len(pm)
                if not in_force:
                    pout[period] = {
                        "status": "FAILED_PRECONDITION",
                        "reason": "no architecture or scorecard version in force at %s (R3)" % pm[0],
                        "program_if_earliest_version": card,
                    }
                    continue
                entry_out = {"status": "OK", "program": card}
                if len(pm) == 1:
                    agents = []
                    for agent in agents_for(td, pid, pm):
                        comp, ans = compute_metrics(td, prog, pm, agent=agent)
                        ac = build_scorecard(arch, entry, comp, None, agent_level=True)
                        ac.update({"agent_id": agent, "answered": ans})
                        agents.append(ac)
                    ranked = [a for a in agents if a["composite"] is not None]

                    # sort: composite desc (1e-9 ties), answered desc, agent_id asc
                    import functools

                    def cmp(a, b):
                        if abs(a["composite"] - b["composite"]) > EPS:
                            return -1 if a["composite"] > b["composite"] else 1
                        if a["answered"] != b["answered"]:
                            return -1 if a["answered"] > b["answered"] else 1
                        return -1 if a["agent_id"] < b["agent_id"] else (1 if a["agent_id"] > b["agent_id"] else 0)

                    ranked.sort(key=functools.cmp_to_key(cmp))
                    comps = [a["composite"] for a in ranked]
                    for i, a in enumerate(ranked):
                        a["rank"] = i + 1
                        a["percentile"] = percentile(a["composite"], comps)
                    unranked = sorted((a for a in agents if a["composite"] is None), key=lambda a: a["agent_id"])
                    for a in unranked:
                        a["rank"] = None
                        a["percentile"] = None
                    entry_out["agents"] = ranked + unranked
                    entry_out["agent_ranking_versions"] = {"architecture_version": arch.version,
                                                           "scorecard_version": version}
                pout[period] = entry_out
            tout["programs"][pid] = {"periods": pout}
        result["tenants"][tenant] = tout
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tenants", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    result = run(args.tenants, args.data)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True, allow_nan=False)
        f.write("\n")
    n = sum(len(p["periods"]) for t in result["tenants"].values() for p in t["programs"].values())
    print("wrote %s: %d program-periods" % (args.out, n), file=sys.stderr)


if __name__ == "__main__":
    main()
