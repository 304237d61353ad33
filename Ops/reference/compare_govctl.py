#!/usr/bin/env python3
"""Compares a running governd (through govctl --format json) with reference_scorecards.json.

A quick manual companion of Tests/EndToEndTests/ScorecardReferenceTests.swift (same checks):

    GOVCTL_SERVER=127.0.0.1:PORT GOVCTL_CA=.../tls/ca.pem GOVCTL_TOKEN_FILE=.../admin.token \
        python3 Ops/reference/compare_govctl.py --govctl .build/debug/govctl \
        --reference Tests/EndToEndTests/Fixtures/reference_scorecards.json

The tenants' demo data must already be applied and imported.
"""

import argparse
import json
import subprocess
import sys

TOL = 1e-6


def govctl(binary, args, allow_fail=False):
    out = subprocess.run([binary] + args + ["--format", "json"], capture_output=True, text=True)
    if out.returncode != 0:
        if allow_fail:
            return {"__error__": out.stderr.strip()}
        raise SystemExit("govctl %s failed: %s" % (" ".join(args), out.stderr))
    return json.loads(out.stdout)


def num_eq(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= TOL


def compare_card(ctx, ref, got, agent_level, mismatches):
    def diff(what, r, g):
        mismatches.append("%s %s: reference=%r server=%r" % (ctx, what, r, g))

    for key in ("composite", "composite_uncapped"):
        if not num_eq(ref[key], got.get(key)):
            diff(key, ref[key], got.get(key))
    if ref["gate_capped"] != bool(got.get("gate_capped", False)):
        diff("gate_capped", ref["gate_capped"], got.get("gate_capped", False))
    if ref["complete"] != bool(got.get("complete", False)):
        diff("complete", ref["complete"], got.get("complete", False))
    if int(ref["answered"]) != int(got.get("answered", 0)):
        diff("answered", ref["answered"], got.get("answered", 0))
    if not agent_level:
        for key in ("architecture_version", "scorecard_version"):
            if ref[key] != got.get(key, 0):
                diff(key, ref[key], got.get(key, 0))
        if "attrition_rate_annualised" in ref and not num_eq(ref["attrition_rate_annualised"], got.get("attrition_rate_annualised")):
            diff("attrition_rate_annualised", ref["attrition_rate_annualised"], got.get("attrition_rate_annualised"))
    if sorted(ref["failed_gates"]) != sorted(got.get("failed_gates", [])):
        diff("failed_gates", ref["failed_gates"], got.get("failed_gates", []))
    rmiss = sorted(k for k, m in ref["metrics"].items() if m["value"] is None or m["insufficient_sample"])
    gmiss = sorted(m["metric"] for m in got.get("missing", []))
    if rmiss != gmiss:
        diff("missing", rmiss, gmiss)
    cats = {c["category"]: c.get("score") for c in got.get("categories", [])}
    for cat, score in ref["categories"].items():
        if not num_eq(score, cats.get(cat)):
            diff("category %s" % cat, score, cats.get(cat))
    metrics = {m["metric"]: m for m in got.get("metrics", [])}
    extra = set(metrics) - set(ref["metrics"])
    if extra:
        diff("extra metrics", [], sorted(extra))
    for name, rm in ref["metrics"].items():
        gm = metrics.get(name)
        if gm is None:
            diff("metric %s" % name, "present", "absent")
            continue
        if not num_eq(rm["value"], gm.get("value")):
            diff("%s.value" % name, rm["value"], gm.get("value"))
        if (rm["source"] or "") != gm.get("source", ""):
            diff("%s.source" % name, rm["source"], gm.get("source", ""))
        gn = float(gm.get("n", 0))
        rn = float(rm["n"])
        if (abs(rn - round(rn)) < 1e-9 and abs(gn - rn) > 1e-9) or abs(gn - rn) >= 1:
            diff("%s.n" % name, rn, gn)
        if rm["insufficient_sample"] != bool(gm.get("insufficient_sample", False)):
            diff("%s.insufficient_sample" % name, rm["insufficient_sample"], gm.get("insufficient_sample", False))
        for key in ("weight", "target", "threshold"):
            if not num_eq(rm[key], gm.get(key, 0.0)):
                diff("%s.%s" % (name, key), rm[key], gm.get(key, 0.0))
        if rm["category"] != gm.get("category"):
            diff("%s.category" % name, rm["category"], gm.get("category"))
        if not num_eq(rm["score"], gm.get("score")):
            diff("%s.score" % name, rm["score"], gm.get("score"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--govctl", required=True)
    ap.add_argument("--reference", required=True)
    args = ap.parse_args()
    ref = json.load(open(args.reference))
    mismatches = []
    checked = 0
    for tenant, tv in ref["tenants"].items():
        for program, pv in tv["programs"].items():
            for period, entry in pv["periods"].items():
                ctx = "%s/%s/%s" % (tenant, program, period)
                base = ["scorecard", "program", "--tenant", tenant, "--program", program, "--period", period]
                if entry["status"] != "OK":
                    got = govctl(args.govctl, base, allow_fail=True)
                    if entry["status"] not in got.get("__error__", ""):
                        mismatches.append("%s: reference=%s server=%s" % (ctx, entry["status"], got))
                    card = entry["program_if_earliest_version"]
                    got = govctl(args.govctl, base + ["--architecture-version", str(card["architecture_version"]),
                                                      "--scorecard-version", str(card["scorecard_version"])])
                    compare_card(ctx + " (explicit versions)", card, got, False, mismatches)
                    checked += 1
                    continue
                got = govctl(args.govctl, base)
                compare_card(ctx, entry["program"], got, False, mismatches)
                checked += 1
                if "agents" not in entry:
                    continue
                ranking = govctl(args.govctl, ["scorecard", "agents", "--tenant", tenant, "--program", program, "--period", period])
                gagents = {a.get("agent_id"): a for a in ranking.get("agents", [])}
                rids = [a["agent_id"] for a in entry["agents"]]
                if set(rids) != set(gagents):
                    mismatches.append("%s agents: reference=%s server=%s" % (ctx, sorted(rids), sorted(gagents)))
                order = [a.get("agent_id") for a in ranking.get("agents", [])]
                if order != rids:
                    mismatches.append("%s agent order: reference=%s server=%s" % (ctx, rids, order))
                for ra in entry["agents"]:
                    ga = gagents.get(ra["agent_id"])
                    if ga is None:
                        continue
                    actx = "%s agent %s" % (ctx, ra["agent_id"])
                    compare_card(actx, ra, ga, True, mismatches)
                    if ra["rank"] != ga.get("rank"):
                        mismatches.append("%s rank: reference=%r server=%r" % (actx, ra["rank"], ga.get("rank")))
                    if not num_eq(ra["percentile"], ga.get("percentile")):
                        mismatches.append("%s percentile: reference=%r server=%r" % (actx, ra["percentile"], ga.get("percentile")))
                    checked += 1
    print("checked %d scorecards, %d mismatches" % (checked, len(mismatches)))
    for m in mismatches:
        print(m)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
