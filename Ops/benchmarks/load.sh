#!/usr/bin/env bash
# The documented load run: h2load holds 200 concurrent streams (2 connections x 100) for
# DURATION seconds (default 60) against ScorecardService/GetProgramScorecard over TLS on a
# warm server with the demo data, and checks zero errors both in h2load's counts and in
# governd's own per-RPC log. Prints p50/p99 from h2load's per-request log.
#
#   Ops/benchmarks/load.sh [DURATION]        (release binaries; builds them if missing)
#
# The per-token rate limit (a production guard, 2000 req/s by default) is turned off for the
# run with GOVERND_RATE_LIMIT_PER_TOKEN=0, so the run measures the server, not the limiter.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-60}"
command -v h2load >/dev/null || { echo "h2load missing: apt-get install nghttp2-client" >&2; exit 1; }
[ -x .build/release/governd ] && [ -x .build/release/govctl ] || swift build -c release
BIN=.build/release
WORK="$(mktemp -d /tmp/governd-load.XXXXXX)"
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$BIN/governd" init --data-dir "$WORK/data" >/dev/null
GOVERND_RATE_LIMIT_PER_TOKEN=0 "$BIN/governd" serve --data-dir "$WORK/data" --listen 127.0.0.1:0 \
    >"$WORK/out" 2>"$WORK/log" &
PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/out" && break; sleep 0.1; done
PORT=$(grep -o "listening on [0-9.:]*" "$WORK/out" | sed 's/.*://')
export GOVCTL_SERVER=127.0.0.1:$PORT GOVCTL_CA=$WORK/data/tls/ca.pem GOVCTL_TOKEN_FILE=$WORK/data/admin.token
"$BIN/govctl" apply Tenants/architecture.yaml Tenants/northwind.yaml >/dev/null
for kind in roster planned_headcount interactions surveys evaluations evaluation_answers agent_days engagement \
    reported_metrics coaching_sessions; do
    "$BIN/govctl" import --quiet --tenant northwind "Ops/demo-data/northwind/$kind.csv" >/dev/null
done
# The request: ProgramScorecardRequest{tenant: northwind, program: nw-care, period: 2026-10}, gRPC-framed.
python3 - "$WORK/body" <<'PY'
import sys
def field(number, text):
    data = text.encode()
    return bytes([number << 3 | 2, len(data)]) + data
msg = field(1, "northwind") + field(2, "nw-care") + field(3, "2026-10")
open(sys.argv[1], "wb").write(b"\x00" + len(msg).to_bytes(4, "big") + msg)
PY
TOKEN=$(cat "$WORK/data/admin.token")
URL="https://127.0.0.1:$PORT/governance.v1.ScorecardService/GetProgramScorecard"
H=(-H "content-type: application/grpc" -H "te: trailers" -H "authorization: Bearer $TOKEN")
nghttp -v "${H[@]}" -d "$WORK/body" "$URL" | grep -q "grpc-status: 0" || { echo "the request does not answer grpc-status 0" >&2; exit 1; }
BEFORE=$(grep -c "GetProgramScorecard status=ok" "$WORK/log" || true)
h2load -D "$DURATION" -c 2 -m 100 -t 1 --log-file "$WORK/h2load.log" -d "$WORK/body" "${H[@]}" "$URL" > "$WORK/h2load.out"
sleep 1
OK=$(( $(grep -c "GetProgramScorecard status=ok" "$WORK/log" || true) - BEFORE ))
NOTOK=$(grep "GetProgramScorecard" "$WORK/log" | grep -vc "status=ok" || true)
grep -E "finished in|requests:|status codes:" "$WORK/h2load.out"
python3 - "$WORK/h2load.log" "$OK" "$NOTOK" "$DURATION" <<'PY'
import sys
lat = sorted(int(l.split("\t")[2]) / 1000 for l in open(sys.argv[1]) if l.split("\t")[1] == "200")
pct = lambda p: lat[min(len(lat) - 1, int(round(p * (len(lat) - 1))))]
print(f"200 streams for {sys.argv[4]} s: {len(lat)} responses, governd log: {sys.argv[2]} ok, {sys.argv[3]} not ok; "
      f"latency p50 {pct(0.5):.2f} ms, p99 {pct(0.99):.2f} ms, max {lat[-1]:.2f} ms")
PY
test "$NOTOK" = 0
