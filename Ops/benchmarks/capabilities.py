#!/usr/bin/env python3
"""Read latency and throughput of every capability's main RPC, side by side with a trivial RPC.

Starts a release `governd` on a fresh data directory, applies Tenants/*.yaml and imports the
demo data of both tenants (Ops/demo-data), then for each RPC below runs Ops/benchmarks/rpc_load.py
(grpcio over TLS, closed loop, every status checked) and, right before it, the baseline
grpc.health.v1.Health/Check with the same load shape. Each pair is repeated ROUNDS times; the
table gives medians and the ratio RPC req/s ÷ Health/Check req/s of the same round, so a noisy
shared machine moves both sides alike.

    python3 Ops/benchmarks/capabilities.py [--rounds 3] [-n 600] [-c 2] [-m 8] [--bin .build/release]

What is measured is the warm read path: results are cached per tenant until the tenant's next
write (see README, "Caching"), so after the first call most of the time is TLS, HTTP/2,
authorisation, the cache lookup and protobuf encoding. The first call of each RPC after the
imports is timed on its own ("cold": it computes what it needs; RPCs run in the order below, so
a later one may reuse scorecards an earlier one cached).

Writes Ops/benchmarks/capabilities-<UTC timestamp>.json and prints a Markdown table.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]

# (label, method, fields) — fields are the request's string fields by number.
RPCS = [
    ("scorecard", "/governance.v1.ScorecardService/GetProgramScorecard", {1: "northwind", 2: "nw-care", 3: "2026-10"}),
    ("review package", "/governance.v1.ReviewService/ReviewPackage", {1: "northwind", 2: "nw-care", 3: "2026-10"}),
    ("SLA status", "/governance.v1.SlaService/GetSlaStatus", {1: "northwind", 2: "nw-care", 3: "2026-10"}),
    ("program health", "/governance.v1.PartnershipHealthService/GetProgramHealth",
     {1: "northwind", 2: "nw-care", 3: "2026-10"}),
    ("calibration report", "/governance.v1.QualityService/CalibrationReport",
     {1: "northwind", 2: "nw-care", 3: "2026-10"}),
    ("benchmark (platform)", "/governance.v1.BenchmarkService/GetBenchmark", {1: "northwind", 2: "2026-10"}),
    ("training needs", "/governance.v1.DevelopmentService/TrainingNeeds", {1: "northwind", 2: "nw-care", 3: "2026-10"}),
    ("QBR pack", "/governance.v1.QbrService/BuildQbr", {1: "northwind", 2: "2026-Q4"}),
]
HEALTH = "/grpc.health.v1.Health/Check"


def encode(fields):
    """A protobuf message of string fields (wire type 2)."""
    out = bytearray()
    for number, text in sorted(fields.items()):
        data = text.encode()
        out += bytes([number << 3 | 2, len(data)]) + data
    return bytes(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("-n", type=int, default=600, help="calls per measurement")
    ap.add_argument("-c", type=int, default=2, help="connections")
    ap.add_argument("-m", type=int, default=8, help="concurrent calls per connection")
    ap.add_argument("--bin", default=str(ROOT / ".build/release"))
    args = ap.parse_args()
    bin_dir = pathlib.Path(args.bin)
    for tool in ("governd", "govctl"):
        if not (bin_dir / tool).exists():
            sys.exit(f"{bin_dir / tool} missing: swift build -c release")

    work = pathlib.Path(tempfile.mkdtemp(prefix="governd-capabilities."))
    data = work / "data"
    subprocess.run([bin_dir / "governd", "init", "--data-dir", data], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, GOVERND_RATE_LIMIT_PER_TOKEN="0")
    out = open(work / "out", "w")
    server = subprocess.Popen([bin_dir / "governd", "serve", "--data-dir", data, "--listen", "127.0.0.1:0"],
                              stdout=out, stderr=open(work / "log", "w"), env=env)
    try:
        port = None
        for _ in range(300):
            text = (work / "out").read_text()
            if "listening on " in text:
                port = int(text.split("listening on ", 1)[1].split()[0].rsplit(":", 1)[1])
                break
            time.sleep(0.1)
        if port is None:
            sys.exit("governd did not start")
        target = f"127.0.0.1:{port}"
        ca, token = data / "tls/ca.pem", data / "admin.token"
        genv = dict(os.environ, GOVCTL_SERVER=target, GOVCTL_CA=str(ca), GOVCTL_TOKEN_FILE=str(token))
        govctl = lambda *a: subprocess.run([bin_dir / "govctl", *a], check=True, env=genv, stdout=subprocess.DEVNULL)
        govctl("apply", *(str(p) for p in sorted((ROOT / "Tenants").glob("*.yaml"))))
        kinds = ["roster", "planned_headcount", "interactions", "surveys", "evaluations", "evaluation_answers",
                 "agent_days", "engagement", "reported_metrics", "coaching_sessions"]
        for tenant in ("contoso", "northwind"):
            govctl("import", "--quiet", "--tenant", tenant,
                   *(str(ROOT / "Ops/demo-data" / tenant / f"{k}.csv") for k in kinds))

        def load(method, body, n):
            path = work / "body.bin"
            path.write_bytes(body)
            result = subprocess.run(
                [sys.executable, str(ROOT / "Ops/benchmarks/rpc_load.py"), "--target", target, "--ca", str(ca),
                 "--token-file", str(token), "--method", method, "--body-file", str(path),
                 "-n", str(n), "-c", str(args.c), "-m", str(args.m)],
                check=True, capture_output=True, text=True)
            reply = json.loads(result.stdout)
            if reply["errors"]:
                sys.exit(f"{method}: errors {reply['errors']}")
            return reply

        def first_call(method, body):
            """The latency of the RPC's first call since start-up, on a warmed connection (ms)."""
            import grpc  # grpcio, as rpc_load.py; only needed here
            credentials = grpc.ssl_channel_credentials(root_certificates=ca.read_bytes())
            with grpc.secure_channel(target, credentials) as channel:
                grpc.channel_ready_future(channel).result(timeout=10)
                metadata = (("authorization", "Bearer " + token.read_text().strip()),)
                # The connection (TLS, HTTP/2) is warmed with a Health/Check, not with the RPC measured.
                channel.unary_unary(HEALTH, request_serializer=None, response_deserializer=None)(
                    b"", metadata=metadata, timeout=30)
                call = channel.unary_unary(method, request_serializer=None, response_deserializer=None)
                started = time.perf_counter()
                call(body, metadata=metadata, timeout=120)
                return (time.perf_counter() - started) * 1000

        rows = []
        for label, method, fields in RPCS:
            body = encode(fields)
            cold = first_call(method, body)  # computes (and caches) what the RPC needs
            rounds = []
            for _ in range(args.rounds):
                base = load(HEALTH, b"", args.n)
                rpc = load(method, body, args.n)
                rounds.append(dict(health=base, rpc=rpc, ratio=rpc["req_per_s"] / base["req_per_s"]))
            med = lambda f: statistics.median(f(r) for r in rounds)
            rows.append(dict(
                label=label, method=method, cold_ms=cold,
                req_per_s=med(lambda r: r["rpc"]["req_per_s"]), health_req_per_s=med(lambda r: r["health"]["req_per_s"]),
                ratio=med(lambda r: r["ratio"]),
                p50_ms=med(lambda r: r["rpc"]["latency_ms"]["p50"]), p99_ms=med(lambda r: r["rpc"]["latency_ms"]["p99"]),
                health_p50_ms=med(lambda r: r["health"]["latency_ms"]["p50"]), rounds=rounds))
            print(f"{label}: {rows[-1]['req_per_s']:.0f} req/s, ratio {rows[-1]['ratio']:.2f}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    meta = dict(date=stamp, machine=f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus",
                command=" ".join(sys.argv), n=args.n, connections=args.c, streams_per_connection=args.m,
                rounds=args.rounds)
    (ROOT / f"Ops/benchmarks/capabilities-{stamp}.json").write_text(json.dumps(dict(meta=meta, rows=rows), indent=1))
    print(f"| RPC | cold first call (ms) | req/s (median) | Health/Check req/s | ratio | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['label']} (`{r['method'].rsplit('/', 2)[1].split('.')[-1]}/{r['method'].rsplit('/', 1)[1]}`) "
              f"| {r['cold_ms']:.1f} | {r['req_per_s']:.0f} | {r['health_req_per_s']:.0f} | {r['ratio']:.2f} "
              f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |")


if __name__ == "__main__":
    main()
