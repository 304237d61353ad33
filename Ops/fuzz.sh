#!/usr/bin/env bash
# Fuzzes the input parsers with libFuzzer + AddressSanitizer (Ops/runbooks/fuzzing.md).
#
#   Ops/fuzz.sh [csv|manifest|request|all] [SECONDS]   build, fuzz for SECONDS (default 60), minimise
#   Ops/fuzz.sh build [csv|manifest|request|all]       only build the fuzzer(s)
#   Ops/fuzz.sh replay NAME FILE...                    run the fuzzer binary on given inputs (e.g. a crash)
#   Ops/fuzz.sh minimise NAME                          redo found/ from the last run's working corpus
#
# Layout, per harness NAME (csv, manifest, request):
#   Tests/FuzzCorpus/NAME/seeds/     hand-picked inputs, never deleted by this script
#   Tests/FuzzCorpus/NAME/found/     what the fuzzer found, minimised with -merge=1 after each run
#   Tests/FuzzCorpus/NAME/crashes/   crash-*, timeout-*, oom-* reproducers (-artifact_prefix)
#   Tests/FuzzCorpus/NAME.dict       libFuzzer dictionary
# FuzzReplayTests replays all of them in every `swift test`.
#
# The fuzzers build in their own scratch path (.build-fuzz), so the normal .build is untouched.
# They exist in Package.swift only when GOVERND_FUZZ is set: libFuzzer supplies main(), so
# they link only with --sanitize=fuzzer.
#
# Environment: MAX_LEN (bytes, default per harness), FUZZ_ARGS (extra libFuzzer flags, e.g.
# "-fork=1 -ignore_crashes=1" to keep going past a known crash), ARTIFACTS (where crash files go
# instead of crashes/, e.g. a scratch directory to triage a fork run), NO_MERGE=1 (keep the
# run's corpus out of found/).
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH=.build-fuzz
CORPUS=Tests/FuzzCorpus
NAMES=(csv manifest request)
MAX_FILES=200
MAX_BYTES=$((2 * 1024 * 1024))

# The Swift runtime's backtracer would hang on libFuzzer's deadly-signal handling; libFuzzer and
# ASan print the stack themselves. Leak checking is off: Swift runtime and Foundation caches
# (metadata, time zones) live for the whole process and read as leaks.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:symbolize=1}"

usage() {
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

max_len() {
    case "$1" in
        csv) echo "${MAX_LEN:-4096}" ;;
        manifest) echo "${MAX_LEN:-8192}" ;;
        request) echo "${MAX_LEN:-4096}" ;;
    esac
}

check_name() {
    case "$1" in csv | manifest | request) ;; *) echo "unknown fuzzer '$1' (csv, manifest, request)" >&2; exit 2 ;; esac
}

binary() { echo "$SCRATCH/debug/fuzz-$1"; }

build() {
    local name=$1
    echo "==> building fuzz-$name (scratch path $SCRATCH)"
    # -Xswiftc -sanitize=fuzzer,address: SwiftPM hands swiftc `-sanitize=fuzzer -sanitize=address`
    # as two flags, in no fixed order, and the Swift 6.3 driver keeps only the last one, so the
    # Swift code got either coverage or ASan, never both. The combined flag, passed last, wins.
    # SWIFT_DETERMINISTIC_HASHING=1: SwiftPM keeps the sanitizers in a Set, so without it their
    # order changes from one invocation to the next, every command line changes with it, and
    # each build recompiles everything (~15 minutes on 2 cores).
    SWIFT_DETERMINISTIC_HASHING=1 GOVERND_FUZZ=1 swift build --scratch-path "$SCRATCH" -c debug \
        --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
        --product "fuzz-$name" 2>&1 |
        grep -v "Cannot export local symbol '__asan" || true
    [ -x "$(binary "$name")" ] || { echo "build of fuzz-$name failed" >&2; exit 1; }
    # A binary without coverage instrumentation fuzzes blind (libFuzzer prints no cov:); refuse it.
    local probe
    probe=$(mktemp -d)
    printf 'x' >"$probe/x"
    if [ "$("$(binary "$name")" -runs=0 "$probe" 2>&1 | grep -c "INITED cov:")" -eq 0 ]; then
        rm -rf "$probe"
        echo "fuzz-$name has no coverage instrumentation; rebuild it (rm -rf $SCRATCH/debug/fuzz-$name*)" >&2
        exit 1
    fi
    rm -rf "$probe"
    # ...and Swift code without ASan would hide memory errors: its objects must call into ASan.
    if [ "$(nm "$SCRATCH"/debug/FuzzHarnesses.build/*.swift.o 2>/dev/null | grep -c "__asan_")" -eq 0 ]; then
        echo "the Swift objects in $SCRATCH have no AddressSanitizer instrumentation" >&2
        exit 1
    fi
}

common_flags() {
    local name=$1
    echo "-max_len=$(max_len "$name") -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1" \
        "-dict=$CORPUS/$name.dict"
}

fuzz() {
    local name=$1 seconds=$2
    local bin work fresh
    bin=$(binary "$name")
    work="$SCRATCH/corpus/$name"
    fresh="$SCRATCH/corpus/$name.merged"
    mkdir -p "$CORPUS/$name/seeds" "$CORPUS/$name/found" "$CORPUS/$name/crashes"
    # libFuzzer reads corpus directories recursively, and a known crash in crashes/ would stop
    # it at once: fuzz a flat working copy of seeds/ and found/ instead.
    rm -rf "$work" "$fresh"
    mkdir -p "$work" "$fresh"
    find "$CORPUS/$name/seeds" "$CORPUS/$name/found" -maxdepth 1 -type f ! -name '.*' -exec cp -t "$work" {} +
    echo "==> fuzzing $name for ${seconds}s ($(find "$work" -type f | wc -l) inputs to start from)"
    local status
    set +e
    # shellcheck disable=SC2046,SC2086
    "$bin" "$work" $(common_flags "$name") -max_total_time="$seconds" \
        -artifact_prefix="${ARTIFACTS:-$CORPUS/$name/crashes/}" ${FUZZ_ARGS:-} 2>&1 | tee "$SCRATCH/fuzz-$name.log"
    status=${PIPESTATUS[0]}
    set -e
    if [ "${NO_MERGE:-}" != "1" ]; then
        minimise "$name" "$bin" "$work" "$fresh"
    fi
    report "$name"
    if [ "$status" -ne 0 ]; then
        echo "==> fuzz-$name stopped with status $status: see the reproducer in $CORPUS/$name/crashes/ and $SCRATCH/fuzz-$name.log" >&2
    fi
    return "$status"
}

# found/ := a minimal subset of the run's corpus (WORK) that keeps its coverage, within budget.
# libFuzzer -merge=1 (edges only, -use_counters=0: hit-count buckets would keep hundreds of
# near-duplicates) runs every input and records its features in a control file; a greedy set
# cover then picks the inputs that add the most features first, skipping what seeds/ already
# covers, until NAME/ holds MAX_FILES files or MAX_BYTES bytes in all (seeds/ and crashes/ are
# never dropped).
minimise() {
    local name=$1 bin=$2 work=$3 fresh=$4
    local control="$SCRATCH/merge-$name.control"
    echo "==> minimising the corpus of $name (-merge=1, then a greedy set cover within budget)"
    rm -rf "$fresh" "$control"
    mkdir -p "$fresh"
    # shellcheck disable=SC2046
    "$bin" -merge=1 -merge_control_file="$control" "$fresh" "$work" $(common_flags "$name") -use_counters=0 \
        -artifact_prefix="$SCRATCH/merge-crash-$name-" 2>&1 | grep "MERGE-OUTER: [0-9]* new files" || true
    find "$CORPUS/$name/found" -maxdepth 1 -type f ! -name '.*' -delete
    python3 - "$control" "$CORPUS/$name" "$MAX_FILES" "$MAX_BYTES" <<'PY'
import hashlib, os, shutil, sys
control, corpus, max_files, max_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lines = open(control, errors="replace").read().splitlines()
count = int(lines[0])
paths = lines[2:2 + count]
features = {}
for line in lines[2 + count:]:
    parts = line.split()
    if parts and parts[0] == "FT":
        features[int(parts[1])] = set(map(int, parts[2:]))
def digest(path):
    return hashlib.sha1(open(path, "rb").read()).hexdigest()
kept = [os.path.join(d, f) for d in ("seeds", "crashes") if os.path.isdir(os.path.join(corpus, d))
        for f in os.listdir(os.path.join(corpus, d)) if not f.startswith(".")]
kept = [os.path.join(corpus, p) for p in kept]
files, size = len(kept), sum(os.path.getsize(p) for p in kept)
known = {digest(p) for p in kept}
covered = set()
by_digest = {}
for index, path in enumerate(paths):
    d = digest(path)
    if d in known:
        covered |= features.get(index, set())
    else:
        by_digest.setdefault(d, index)
candidates = {index: features.get(index, set()) - covered for index in by_digest.values()}
chosen = 0
while files < max_files and candidates:
    best = max(candidates, key=lambda i: (len(candidates[i]), -os.path.getsize(paths[i])))
    gain = candidates.pop(best)
    if not gain:
        break
    if size + os.path.getsize(paths[best]) > max_bytes:
        continue
    shutil.copy(paths[best], os.path.join(corpus, "found", digest(paths[best])))
    files, size, chosen = files + 1, size + os.path.getsize(paths[best]), chosen + 1
    covered |= gain
    for index in candidates:
        candidates[index] -= gain
left = sum(1 for g in candidates.values() if g)
total = set().union(*features.values()) if features else set()
share = f"{100 * len(covered & total) / len(total):.1f}% of the run's {len(total)} features" if total else "no features"
print(f"==> found/: {chosen} inputs kept, with seeds/ covering {share}"
      + (f"; {left} more inputs would add coverage but the budget is full" if left else ""))
PY
}

report() {
    local name=$1 files bytes
    files=$(find "$CORPUS/$name" -type f | wc -l)
    bytes=$(find "$CORPUS/$name" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    echo "==> $CORPUS/$name: $files files, $bytes bytes ($(find "$CORPUS/$name/crashes" -type f | wc -l) in crashes/)"
    if [ "$files" -gt "$MAX_FILES" ] || [ "$bytes" -gt "$MAX_BYTES" ]; then
        echo "warning: $CORPUS/$name is over the budget ($MAX_FILES files, $MAX_BYTES bytes); trim found/ before committing" >&2
    fi
}

case "${1:-all}" in
    build)
        target=${2:-all}
        if [ "$target" = all ]; then for n in "${NAMES[@]}"; do build "$n"; done; else check_name "$target"; build "$target"; fi
        ;;
    minimise)
        # Re-minimise found/ from the last run's working corpus (.build-fuzz/corpus/NAME).
        check_name "${2:-}"
        [ -d "$SCRATCH/corpus/$2" ] || { echo "no working corpus $SCRATCH/corpus/$2: run Ops/fuzz.sh $2 first" >&2; exit 1; }
        build "$2"
        minimise "$2" "$(binary "$2")" "$SCRATCH/corpus/$2" "$SCRATCH/corpus/$2.merged"
        report "$2"
        ;;
    replay)
        [ $# -ge 3 ] || usage
        check_name "$2"
        build "$2"
        name=$2
        shift 2
        # shellcheck disable=SC2046
        "$(binary "$name")" $(common_flags "$name") "$@"
        ;;
    all)
        seconds=${2:-60}
        failed=0
        for n in "${NAMES[@]}"; do
            build "$n"
            fuzz "$n" "$seconds" || failed=1
        done
        exit "$failed"
        ;;
    csv | manifest | request)
        seconds=${2:-60}
        build "$1"
        fuzz "$1" "$seconds"
        ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
