#!/usr/bin/env python3
"""governd benchmark harness: import, memory, re-score and RPC throughput, each against a
baseline measured in the same run. See Ops/benchmarks/README.md.

    python3 Ops/benchmarks/run.py --workload /work/bench/ref            # an existing workload
    python3 Ops/benchmarks/run.py --generate small                      # generate one first

Writes Ops/benchmarks/results-<timestamp>.json and appends a section to
Ops/benchmarks/RESULTS.md (unless --no-record). Only 127.0.0.1 traffic; every step has a
time limit.
"""
import argparse
import concurrent.futures
import datetime as dt
import glob
import importlib
import json
import os
import pathlib
import re
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # keep Ops/benchmarks free of __pycache__

KINDS = ["roster", "planned_headcount", "interactions", "surveys", "evaluations", "evaluation_answers", "agent_days",
         "engagement", "reported_metrics", "coaching_sessions"]
# imported after interactions, in dependency order (answers after evaluations, coaching after evaluations)
REST_KINDS = ["surveys", "evaluations", "evaluation_answers", "agent_days", "planned_headcount", "engagement",
              "reported_metrics", "coaching_sessions"]
SQLITE_SCHEMA = {
    "interactions": "interaction_id TEXT, program_id TEXT, agent_id TEXT, customer_id TEXT, channel TEXT, "
                    "started_at TEXT, wait_seconds INTEGER, handle_seconds INTEGER, abandoned INTEGER",
}
ARCH_WEIGHT_SETS = [  # category weights of the extra architecture versions (v2, v3, ...)
    {"service": 30, "quality": 20, "customer": 20, "efficiency": 20, "partnership": 10},
    {"service": 20, "quality": 30, "customer": 25, "efficiency": 15, "partnership": 10},
    {"service": 35, "quality": 25, "customer": 15, "efficiency": 15, "partnership": 10},
    {"service": 25, "quality": 20, "customer": 30, "efficiency": 10, "partnership": 15},
]

T_START = time.monotonic()


def log(msg):
    print(f"[{time.monotonic() - T_START:7.1f}s] {msg}", flush=True)


class BenchError(Exception):
    pass


def run_cmd(cmd, timeout, check=True, **kw):
    """subprocess.run with a time limit; returns (CompletedProcess, wall seconds, child CPU seconds)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=timeout, **kw)
    except subprocess.TimeoutExpired as e:
        raise BenchError(f"timed out after {timeout} s: {shlex.join(map(str, cmd))}") from e
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if check and p.returncode != 0:
        raise BenchError(f"exit {p.returncode}: {shlex.join(map(str, cmd))}\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return p, wall, cpu


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# ----------------------------------------------------------------------------- machine

def machine_info():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
        except Exception as e:  # noqa: BLE001
            return f"n/a ({e})"
    cpu = "unknown"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "date_utc": sh("date -u"),
        "nproc": sh("nproc"),
        "free_g": sh("free -g"),
        "cpu_model": cpu,
        "swift": sh("swift --version 2>&1 | head -1"),
        "git_commit": sh(f"git -C {shlex.quote(str(ROOT))} rev-parse --short HEAD"),
        "git_dirty_files": sh(f"git -C {shlex.quote(str(ROOT))} status --porcelain --untracked-files=no | wc -l"),
        "kernel": sh("uname -r"),
        "sqlite3": sh("sqlite3 --version | cut -d' ' -f1"),
        "h2load": sh("h2load --version | head -1"),
        "loadavg_at_start": sh("cat /proc/loadavg"),
    }


# ----------------------------------------------------------------------------- workload

def load_manifests(workload):
    import yaml
    arch, tenants = None, {}
    for f in sorted(glob.glob(f"{workload}/Tenants/*.yaml")):
        doc = yaml.safe_load(open(f))
        if "tenant" in doc:
            tenants[doc["tenant"]] = doc
        else:
            arch = (f, doc)
    if arch is None or not tenants:
        raise BenchError(f"{workload}/Tenants has no architecture.yaml or no tenant manifest")
    return arch, tenants


def tenant_prefixes(tenants):
    """tenant -> 3-char id prefix (`nw-`), from its program ids."""
    out = {}
    for t, doc in tenants.items():
        prefixes = {p["id"][:3] for p in doc.get("programs") or []}
        if len(prefixes) != 1 or not next(iter(prefixes)).endswith("-"):
            raise BenchError(f"tenant {t}: programs do not share one 3-char prefix: {sorted(prefixes)}")
        out[t] = prefixes.pop()
    return out


def generate(size, seed, out, tool):
    if (pathlib.Path(out) / "interactions.csv").exists() and (pathlib.Path(out) / "planted.json").exists():
        log(f"workload: reusing generated {out}")
        return
    log(f"workload: generating --size {size} --seed {seed} into {out} with {tool}")
    tmp = f"{out}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    run_cmd([sys.executable, tool, "--size", size, "--seed", str(seed), "--out", tmp], timeout=7200)
    os.replace(tmp, out)


def split_workload(workload, prefixes):
    """Per-tenant split into WORKLOAD/split/<xx>/<kind>.csv by the first 3 characters of each row
    (every kind's first column is an id that starts with the tenant prefix). Reused when
    present and newer than the source files."""
    split = pathlib.Path(workload) / "split"
    dirs = {p: split / p[:2] for p in prefixes.values()}
    kinds = [k for k in KINDS if (pathlib.Path(workload) / f"{k}.csv").exists()]
    fresh = all((d / f"{k}.csv").exists() and (d / f"{k}.csv").stat().st_mtime >= (pathlib.Path(workload) / f"{k}.csv").stat().st_mtime
                for d in dirs.values() for k in kinds)
    if fresh:
        log(f"split: reusing {split}")
        return split, False
    tmp = pathlib.Path(f"{split}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for d in dirs.values():
        (tmp / d.name).mkdir(parents=True)
    awk = r'''
BEGIN { n = split(pfx, a, ","); for (i = 1; i <= n; i++) dir[a[i]] = substr(a[i], 1, 2) }
NR == 1 { hdr = $0; for (p in dir) { f = out "/" dir[p] "/" kind ".csv"; print hdr > f }; next }
{ p = substr($0, 1, 3); if (!(p in dir)) { bad++; next }; print > (out "/" dir[p] "/" kind ".csv") }
END { if (bad) { print bad " rows with an unknown prefix" > "/dev/stderr"; exit 3 } }
'''
    for k in kinds:
        t0 = time.perf_counter()
        run_cmd(["awk", "-v", f"out={tmp}", "-v", f"kind={k}", "-v", "pfx=" + ",".join(prefixes.values()), awk,
                 str(pathlib.Path(workload) / f"{k}.csv")], timeout=1800)
        log(f"split: {k} in {time.perf_counter() - t0:.1f} s")
    shutil.rmtree(split, ignore_errors=True)
    os.replace(tmp, split)
    return split, True


def count_rows(path):
    p, _, _ = run_cmd(["wc", "-l", str(path)], timeout=600)
    return max(0, int(p.stdout.split()[0]) - 1)


# ----------------------------------------------------------------------------- governd

class Governd:
    def __init__(self, bin_dir, data, log_path):
        self.bin_dir, self.data, self.log_path = pathlib.Path(bin_dir), pathlib.Path(data), pathlib.Path(log_path)
        self.proc = None
        self.port = None
        # The load steps push thousands of calls a second through one token: the per-token
        # rate limit (a production guard) is turned off so the benchmark measures capacity.
        self.env = {"GOVERND_RATE_LIMIT_PER_TOKEN": "0"}

    def init(self):
        run_cmd([self.bin_dir / "governd", "init", "--data-dir", self.data], timeout=120)

    def start(self):
        out = open(self.log_path.with_suffix(".out"), "w")
        err = open(self.log_path, "w")
        self.proc = subprocess.Popen([self.bin_dir / "governd", "serve", "--data-dir", self.data,
                                      "--listen", "127.0.0.1:0"], stdout=out, stderr=err, start_new_session=True,
                                     env=dict(os.environ, **self.env))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = self.log_path.with_suffix(".out").read_text()
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", text)
            if m:
                self.port = int(m.group(1))
                return
            if self.proc.poll() is not None:
                raise BenchError(f"governd exited: {self.log_path.read_text()[-2000:]}")
            time.sleep(0.1)
        raise BenchError("governd did not report its port within 60 s")

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def cpu_seconds(self):
        fields = pathlib.Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def status(self):
        out = {}
        for line in pathlib.Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS", "VmHWM", "Threads", "RssAnon", "RssFile", "RssShmem")):
                k, v = line.split(":", 1)
                out[k] = int(v.split()[0])
        return out

    def govctl(self, *args, timeout=600, check=True):
        env = dict(os.environ, GOVCTL_SERVER=f"127.0.0.1:{self.port}", GOVCTL_CA=str(self.data / "tls/ca.pem"),
                   GOVCTL_TOKEN_FILE=str(self.data / "admin.token"))
        return run_cmd([self.bin_dir / "govctl", *args], timeout=timeout, check=check, env=env)


def open_files(pid):
    """Counts of governd's open file descriptors by kind (SQLite files show its connections)."""
    counts = {}
    for fd in pathlib.Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        m = re.search(r"\.sqlite(-wal|-shm)?$", target)
        key = f"sqlite{m.group(1) or ''}" if m else target.split(":")[0] if ":" in target else "other file"
        counts[key] = counts.get(key, 0) + 1
    return counts


class Sampler(threading.Thread):
    """Samples governd's VmRSS every 0.5 s, tagged with the current phase."""

    def __init__(self, gd, interval=0.5):
        super().__init__(daemon=True)
        self.gd, self.interval = gd, interval
        self.phase = "start"
        self.samples = []  # (t, phase, rss_kb)
        self.max_by_phase = {}
        self.peak = {}
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            try:
                st = self.gd.status()
                rss = st.get("VmRSS", 0)
                self.samples.append((round(time.monotonic() - T_START, 2), self.phase, rss))
                self.max_by_phase[self.phase] = max(self.max_by_phase.get(self.phase, 0), rss)
                if rss >= self.peak.get("VmRSS", 0):
                    self.peak = dict(st, phase=self.phase)
            except (FileNotFoundError, ProcessLookupError):
                pass
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join(timeout=5)


def system_busy_seconds():
    """Busy CPU seconds of the whole machine so far (all processes, /proc/stat)."""
    f = [int(x) for x in pathlib.Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = f[3] + (f[4] if len(f) > 4 else 0)
    return (sum(f[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class PhaseMeter:
    """Wall time, governd CPU time, child-process CPU time and whole-machine busy time of a
    phase (the machine's busy time minus ours shows other processes competing)."""

    def __init__(self, gd):
        self.gd = gd

    def __enter__(self):
        self.t0 = time.perf_counter()
        self.c0 = self.gd.cpu_seconds()
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.k0 = r.ru_utime + r.ru_stime
        s = resource.getrusage(resource.RUSAGE_SELF)
        self.s0 = s.ru_utime + s.ru_stime
        self.b0 = system_busy_seconds()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.governd_cpu = self.gd.cpu_seconds() - self.c0
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.children_cpu = r.ru_utime + r.ru_stime - self.k0
        s = resource.getrusage(resource.RUSAGE_SELF)
        self.self_cpu = s.ru_utime + s.ru_stime - self.s0
        self.busy = system_busy_seconds() - self.b0
        return False

    def as_dict(self):
        w = self.wall or 1e-9
        other = max(0.0, self.busy - self.governd_cpu - self.children_cpu - self.self_cpu)
        return dict(wall_s=round(self.wall, 3), governd_cpu_s=round(self.governd_cpu, 3),
                    governd_cpu_per_wall=round(self.governd_cpu / w, 3),
                    client_processes_cpu_s=round(self.children_cpu, 3), harness_cpu_s=round(self.self_cpu, 3),
                    machine_busy_cores=round(self.busy / w, 3), other_processes_cores=round(other / w, 3))


# ----------------------------------------------------------------------------- step 1: import

def sqlite_import(db, files, table, schema, timeout, create=None):
    """sqlite3 CLI baseline: one process per file (like govctl per tenant), WAL + synchronous=FULL.
    `create` replaces the plain CREATE TABLE (for the keyed variant)."""
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    total = 0.0
    for i, f in enumerate(files):
        script = "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n"
        if i == 0:
            script += (create or f"CREATE TABLE {table}({schema});") + "\n"
        script += f".import --csv --skip 1 {f} {table}\n"
        p, wall, _ = run_cmd(["sqlite3", "-bail", db], timeout=timeout, input=script)
        if p.stderr.strip():
            raise BenchError(f"sqlite3 import {f}: {p.stderr[-1000:]}")
        total += wall
    p, _, _ = run_cmd(["sqlite3", db, f"SELECT count(*) FROM {table};"], timeout=600)
    return total, int(p.stdout.strip())


def sqlite_schema_for(path):
    if path.stem in SQLITE_SCHEMA:
        return SQLITE_SCHEMA[path.stem]
    header = path.open().readline().strip().split(",")
    return ", ".join(f"{c} TEXT" for c in header)


def drop_caches_hint(files):
    """Reads the inputs once so that every contender starts with them in the page cache."""
    for f in files:
        with open(f, "rb") as fh:
            while fh.read(1 << 24):
                pass


def perf_available():
    return shutil.which("perf") is not None


def start_perf_stat(pid, out):
    if not perf_available():
        return None
    return subprocess.Popen(["perf", "stat", "-e", "task-clock,context-switches,cpu-migrations,page-faults",
                             "-p", str(pid), "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop_perf(p):
    if p is None:
        return
    if p.poll() is None:
        p.send_signal(signal.SIGINT)
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def perf_record_top(pid, seconds, data, out_txt, top=30):
    """A flat CPU profile of the whole machine for `seconds` (software cpu-clock event, 199 Hz;
    system-wide, so threads that governd starts later are in it too; the report filters)."""
    if not perf_available():
        return None
    p = subprocess.Popen(["perf", "record", "-a", "-e", "cpu-clock", "-F", "199", "-o", str(data),
                          "--", "sleep", str(seconds)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    return p


def perf_by_process(data, pid):
    """governd's share of the machine's CPU samples during the profile, and the busiest
    processes and governd threads (from `perf script`)."""
    try:
        p = subprocess.run(["perf", "script", "-i", str(data), "-F", "pid,tid,comm"], capture_output=True, text=True,
                           timeout=300)
        total, ours, procs, threads = 0, 0, {}, {}
        for line in p.stdout.splitlines():
            m = re.match(r"\s*(.*?)\s+(\d+)/(\d+)\s*$", line)
            if not m:
                continue
            comm, ppid, tid = m.group(1), int(m.group(2)), int(m.group(3))
            total += 1
            if ppid == pid:
                ours += 1
                threads[f"{tid}:{comm}"] = threads.get(f"{tid}:{comm}", 0) + 1
            else:
                key = f"{ppid}:{comm}"
                procs[key] = procs.get(key, 0) + 1
        top = lambda d: [f"{k} {100 * v / total:.1f}%" for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:6]]
        return dict(samples_total=total, samples_governd=ours, governd_threads=top(threads), other_processes=top(procs))
    except Exception as e:  # noqa: BLE001
        return dict(error=str(e))


def perf_report(data, out_txt, top=30, pid=None):
    try:
        p = subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--sort", "dso,symbol", "--stdio",
                            "--percent-limit", "0.7"] + (["--pid", str(pid), "--percentage", "relative"] if pid else []),
                           capture_output=True, text=True, timeout=300)
        lines = [re.sub(r"\s+", " ", l).strip().rstrip("- ").strip() for l in p.stdout.splitlines()
                 if l.strip() and not l.startswith("#")]
        if shutil.which("swift"):  # Swift symbols: demangle for reading
            d = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(lines), capture_output=True,
                               text=True, timeout=120)
            if d.returncode == 0 and d.stdout.strip():
                lines = [l[:220] for l in d.stdout.splitlines()]
        pathlib.Path(out_txt).write_text("\n".join(lines) + "\n")
        return lines[:top]
    except Exception as e:  # noqa: BLE001
        return [f"perf report failed: {e}"]


def step_import(args, gd, sampler, workload, split, tenants, prefixes, work, res):
    tdirs = {t: split / prefixes[t][:2] for t in tenants}
    inter_files = [tdirs[t] / "interactions.csv" for t in tenants]
    log("import: warming the page cache with the split files")
    drop_caches_hint([f for d in tdirs.values() for f in d.glob("*.csv")])

    arch_file, _ = res["_arch"]
    log("import: govctl apply architecture + tenant manifests")
    sampler.phase = "apply"
    manifests = [arch_file] + sorted(str(p) for p in pathlib.Path(f"{workload}/Tenants").glob("*.yaml") if str(p) != arch_file)
    _, wall, _ = gd.govctl("apply", *manifests, timeout=600)
    res["apply_manifests_s"] = round(wall, 3)

    out = res.setdefault("import", {})
    sampler.phase = "import:roster"
    roster = {}
    for t in tenants:
        f = tdirs[t] / "roster.csv"
        if f.exists():
            _, wall, _ = gd.govctl("import", "--tenant", t, "--quiet", "--format", "json", str(f), timeout=600)
            roster[t] = round(wall, 3)
    out["roster_s"] = roster
    log(f"import: roster done ({sum(roster.values()):.1f} s)")

    rows = {t: count_rows(tdirs[t] / "interactions.csv") for t in tenants}
    total_rows = sum(rows.values())
    log(f"import: {total_rows} interaction rows in {len(tenants)} tenant files")

    sqlite_runs = []
    sqlite_dir = work / "sqlite"
    sqlite_dir.mkdir(exist_ok=True)

    def sqlite_round(i):
        log(f"import: sqlite3 baseline round {i} (.import --csv --skip 1, WAL, synchronous=FULL)")
        with PhaseMeter(gd) as pm:
            wall, n = sqlite_import(sqlite_dir / "baseline.sqlite", inter_files, "interactions",
                                    SQLITE_SCHEMA["interactions"], timeout=args.step_timeout)
        if n != total_rows:
            raise BenchError(f"sqlite3 stored {n} rows, expected {total_rows}")
        sqlite_runs.append(dict(wall_s=round(wall, 3), rows=n, rows_per_s=round(n / wall, 1), meter=pm.as_dict()))
        log(f"import: sqlite3 round {i}: {n} rows in {wall:.1f} s = {n / wall:,.0f} rows/s")

    sqlite_round(1)

    # governd: every tenant's interactions, one govctl import per tenant, back to back
    sampler.phase = "import:interactions"
    per_tenant = {}
    biggest = max(tenants, key=lambda t: rows[t])
    perf_stat = start_perf_stat(gd.pid, work / "perf-stat-import.txt")
    prof = None
    with PhaseMeter(gd) as pm:
        for t in tenants:
            if t == biggest and args.profile_seconds > 0:
                prof = perf_record_top(gd.pid, args.profile_seconds, work / "perf-import.data", None)
            log(f"import: governd {t}: {rows[t]} interactions ...")
            p, wall, cpu = gd.govctl("import", "--tenant", t, "--quiet", "--format", "json",
                                     str(tdirs[t] / "interactions.csv"), timeout=args.step_timeout)
            reply = parse_json_output(p.stdout)
            per_tenant[t] = dict(rows=rows[t], wall_s=round(wall, 3), govctl_cpu_s=round(cpu, 3),
                                 rows_per_s=round(rows[t] / wall, 1), reply=reply)
            log(f"import: governd {t}: {wall:.1f} s = {rows[t] / wall:,.0f} rows/s (govctl CPU {cpu:.1f} s), "
                f"RSS {gd.status().get('VmRSS', 0) / 1024:.0f} MB")
    stop_perf(perf_stat)
    if prof is not None:
        try:
            prof.wait(timeout=args.profile_seconds + 60)
        except subprocess.TimeoutExpired:
            prof.kill()
        out["profile_top"] = perf_report(work / "perf-import.data", work / "perf-import-report.txt", pid=gd.pid)
        out["profile_by_process"] = perf_by_process(work / "perf-import.data", gd.pid)
    if (work / "perf-stat-import.txt").exists():
        out["perf_stat"] = (work / "perf-stat-import.txt").read_text()
    gd_wall = sum(v["wall_s"] for v in per_tenant.values())
    out["interactions"] = dict(rows=total_rows, wall_s=round(gd_wall, 3), rows_per_s=round(total_rows / gd_wall, 1),
                               per_tenant=per_tenant, meter=pm.as_dict())
    log(f"import: governd total {total_rows} rows in {gd_wall:.1f} s = {total_rows / gd_wall:,.0f} rows/s; "
        f"governd CPU {pm.governd_cpu:.1f} s, govctl CPU {pm.children_cpu:.1f} s over {pm.wall:.1f} s wall")

    for i in range(2, args.repeats + 1):
        sqlite_round(i)
    if args.keyed_baseline:
        # information only: the same import into a keyed table shaped like governd's (primary key,
        # WITHOUT ROWID, one secondary index), to separate key maintenance from the rest
        log("import: sqlite3 keyed variant (interaction_id PRIMARY KEY, WITHOUT ROWID, index on program/time)")
        create = ("CREATE TABLE interactions(interaction_id TEXT PRIMARY KEY NOT NULL, program_id TEXT, agent_id TEXT, "
                  "customer_id TEXT, channel TEXT, started_at TEXT, wait_seconds INTEGER, handle_seconds INTEGER, "
                  "abandoned INTEGER) WITHOUT ROWID; CREATE INDEX interactions_program_time ON interactions"
                  "(program_id, started_at);")
        with PhaseMeter(gd) as pm:
            wall, n = sqlite_import(sqlite_dir / "keyed.sqlite", inter_files, "interactions", None,
                                    timeout=args.step_timeout, create=create)
        out["sqlite3_keyed_interactions"] = dict(wall_s=round(wall, 3), rows=n, rows_per_s=round(n / wall, 1),
                                                 meter=pm.as_dict())
        log(f"import: sqlite3 keyed: {n} rows in {wall:.1f} s = {n / wall:,.0f} rows/s")
        for suffix in ("", "-wal", "-shm"):
            pathlib.Path(f"{sqlite_dir / 'keyed.sqlite'}{suffix}").unlink(missing_ok=True)
    sq = median([r["rows_per_s"] for r in sqlite_runs])
    out["sqlite3_interactions"] = dict(runs=sqlite_runs, median_rows_per_s=sq)
    out["ratio_governd_over_sqlite3"] = round(total_rows / gd_wall / sq, 4)
    log(f"import: ratio governd/sqlite3 = {out['ratio_governd_over_sqlite3']:.3f} (target >= 0.5)")

    # the remaining kinds, so the scorecards have everything
    sampler.phase = "import:rest"
    rest = {}
    for k in REST_KINDS:
        files = [(t, tdirs[t] / f"{k}.csv") for t in tenants if (tdirs[t] / f"{k}.csv").exists()]
        if not files:
            continue
        n = sum(count_rows(f) for _, f in files)
        with PhaseMeter(gd) as pm:
            for t, f in files:
                gd.govctl("import", "--tenant", t, "--quiet", "--format", "json", str(f), timeout=args.step_timeout)
        sq_wall, sq_n = sqlite_import(sqlite_dir / f"{k}.sqlite", [f for _, f in files], k,
                                      sqlite_schema_for(files[0][1]), timeout=args.step_timeout)
        rest[k] = dict(rows=n, **pm.as_dict(), rows_per_s=round(n / pm.wall, 1) if pm.wall else None,
                       sqlite3_wall_s=round(sq_wall, 3), sqlite3_rows=sq_n,
                       sqlite3_rows_per_s=round(sq_n / sq_wall, 1) if sq_wall else None)
        log(f"import: {k}: {n} rows in {pm.wall:.1f} s = {n / pm.wall:,.0f} rows/s "
            f"(sqlite3 {sq_n / sq_wall:,.0f} rows/s)")
    out["rest"] = rest
    rest_rows = sum(v["rows"] for v in rest.values())
    rest_wall = sum(v["wall_s"] for v in rest.values())
    out["rest_total"] = dict(rows=rest_rows, wall_s=round(rest_wall, 3),
                             rows_per_s=round(rest_rows / rest_wall, 1) if rest_wall else None)
    shutil.rmtree(sqlite_dir, ignore_errors=True)


def parse_json_output(text):
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        # several JSON documents (one per file) or a progress line: keep the last parseable one
        for chunk in reversed(re.split(r"\n(?=\{)", text)):
            try:
                return json.loads(chunk)
            except json.JSONDecodeError:
                continue
        return text[-500:]


# ----------------------------------------------------------------------------- stubs

def load_stubs(tmp):
    from grpc_tools import protoc
    protos_root = ROOT / "Protos"
    protos = sorted(str(p.relative_to(protos_root)) for p in (protos_root / "governance" / "v1").glob("*.proto"))
    status = protoc.main(["protoc", f"-I{protos_root}", f"--python_out={tmp}", f"--grpc_python_out={tmp}", *protos])
    if status != 0:
        raise BenchError(f"protoc failed ({status})")
    sys.path.insert(0, str(tmp))
    names = ["admin", "manifest", "ingest", "scorecard"]
    return {n: (importlib.import_module(f"governance.v1.{n}_pb2"), importlib.import_module(f"governance.v1.{n}_pb2_grpc"))
            for n in names}


def channel_for(gd):
    import grpc
    creds = grpc.ssl_channel_credentials(root_certificates=(gd.data / "tls/ca.pem").read_bytes())
    token = (gd.data / "admin.token").read_text().strip()
    ch = grpc.secure_channel(f"127.0.0.1:{gd.port}", creds,
                             options=[("grpc.max_receive_message_length", 64 * 1024 * 1024)])
    return ch, [("authorization", f"Bearer {token}")], token


# ----------------------------------------------------------------------------- step 3: re-score

def add_months(month, k):
    y, m = map(int, month.split("-"))
    m0 = y * 12 + (m - 1) + k
    return f"{m0 // 12:04d}-{m0 % 12 + 1:02d}"


def arch_version_yaml(arch_doc, version, effective_from, weights, rationale):
    import yaml
    doc = dict(arch_doc)
    doc["version"] = version
    doc["effective_from"] = effective_from
    doc["author"] = "benchmark-harness"
    doc["rationale"] = rationale
    doc["categories"] = dict(weights)
    return yaml.safe_dump(doc, sort_keys=False, default_flow_style=None)


def fetch_all(stubs, channel, metadata, work_items, concurrency, timeout):
    """GetProgramScorecard + ListAgentScorecards for every (tenant, program, month); returns
    (seconds, replies, errors)."""
    sc_pb2, sc_grpc = stubs["scorecard"]
    stub = sc_grpc.ScorecardServiceStub(channel)

    def one(item):
        kind, tenant, program, month = item
        t0 = time.perf_counter()
        try:
            if kind == "program":
                r = stub.GetProgramScorecard(sc_pb2.ProgramScorecardRequest(tenant=tenant, program=program, period=month),
                                             metadata=metadata, timeout=timeout)
            else:
                r = stub.ListAgentScorecards(sc_pb2.AgentScorecardsRequest(tenant=tenant, program=program, period=month),
                                             metadata=metadata, timeout=timeout)
            return item, r, None, time.perf_counter() - t0
        except Exception as e:  # noqa: BLE001  (grpc.RpcError)
            code = e.code().name if hasattr(e, "code") else type(e).__name__
            return item, None, f"{code}: {e.details() if hasattr(e, 'details') else e}", time.perf_counter() - t0

    t0 = time.perf_counter()
    replies, errors, lat = {}, [], []
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as ex:
        for item, r, err, secs in ex.map(one, work_items):
            lat.append(secs)
            if err:
                errors.append((item, err))
            else:
                replies[item] = r
    return time.perf_counter() - t0, replies, errors, lat


def compare_values(replies, prog_vals, agent_vals, tol=1e-6):
    """governd's computed metric values vs DuckDB's, program level and agent level."""
    compared, mismatches, missing = 0, [], 0
    for (kind, _tenant, program, month), r in replies.items():
        cards = [r] if kind == "program" else list(r.agents)
        for card in cards:
            key = (program, month) if kind == "program" else (program, card.agent_id, month)
            ref = (prog_vals if kind == "program" else agent_vals).get(key)
            for m in card.metrics:
                if m.source != "computed" or not m.HasField("value"):
                    continue
                if ref is None or m.metric not in ref:
                    missing += 1
                    continue
                compared += 1
                v, d = m.value, ref[m.metric]
                if d is None or abs(v - d) > tol * max(1.0, abs(v)):
                    mismatches.append(dict(key=list(key), metric=m.metric, governd=v, duckdb=d))
    return dict(compared=compared, mismatches=len(mismatches), not_in_duckdb=missing, first_mismatches=mismatches[:15])


def data_months(stubs, channel, metadata, tenants):
    """Local months that hold interactions, over all tenants (GetDataSummary)."""
    ing_pb2, ing_grpc = stubs["ingest"]
    months = set()
    for t in tenants:
        s = ing_grpc.IngestServiceStub(channel).GetDataSummary(ing_pb2.GetDataSummaryRequest(tenant=t),
                                                                metadata=metadata, timeout=120)
        months |= {c.month for c in s.counts if c.kind == ing_pb2.FILE_KIND_INTERACTIONS and c.month}
    return sorted(months)


def step_rescore(args, gd, sampler, workload, tenants, stubs, work, res):
    import duckdb
    import duckdb_baseline

    out = res.setdefault("rescore", {})
    channel, metadata, _ = channel_for(gd)
    months = data_months(stubs, channel, metadata, tenants)
    programs = [(t, p["id"]) for t, doc in tenants.items() for p in doc.get("programs") or []]
    items = [(kind, t, p, m) for t, p in programs for m in months for kind in ("program", "agents")]
    out.update(months=months, programs=len(programs), rpcs_per_round=len(items), concurrency=args.rescore_concurrency)
    log(f"rescore: {len(programs)} programs x {len(months)} months ({months[0]}..{months[-1]}) x 2 RPCs = "
        f"{len(items)} calls per round, concurrency {args.rescore_concurrency}")

    log("rescore: DuckDB: loading the raw CSV files (timed apart, not compared)")
    con = duckdb.connect()
    load_times = duckdb_baseline.load(con, workload, tenants, log=log)
    out["duckdb_load_s"] = {k: round(v, 3) for k, v in load_times.items()}
    out["duckdb_version"] = duckdb.__version__

    _, arch_doc = res["_arch"]
    v1 = int(arch_doc["version"])
    rounds = []
    for r in range(1, args.repeats + 1):
        version = v1 + r
        eff = add_months(str(arch_doc["effective_from"]), r)
        weights = ARCH_WEIGHT_SETS[(r - 1) % len(ARCH_WEIGHT_SETS)]
        path = work / f"architecture-v{version}.yaml"
        path.write_text(arch_version_yaml(arch_doc, version, eff, weights,
                                          f"Benchmark round {r}: category weights rebalanced ({weights})"))
        sampler.phase = f"rescore:apply-v{version}"
        _, apply_wall, _ = gd.govctl("apply", str(path), timeout=600)
        log(f"rescore round {r}: applied architecture v{version} (effective {eff}) in {apply_wall:.2f} s")
        sampler.phase = f"rescore:cold-{r}"
        with PhaseMeter(gd) as pm:
            secs, replies, errors, lat = fetch_all(stubs, channel, metadata, items, args.rescore_concurrency,
                                                  args.step_timeout)
        if errors:
            raise BenchError(f"rescore: {len(errors)} RPC errors, first: {errors[:3]}")
        log(f"rescore round {r}: governd cold {secs:.2f} s ({len(items) / secs:.1f} calls/s), governd CPU "
            f"{pm.governd_cpu:.1f} s; slowest call {max(lat):.2f} s")
        sampler.phase = f"rescore:warm-{r}"
        warm_secs, _, warm_err, _ = fetch_all(stubs, channel, metadata, items, args.rescore_concurrency,
                                              args.step_timeout)
        log(f"rescore round {r}: governd warm (cached) {warm_secs:.2f} s")
        sampler.phase = f"rescore:duckdb-{r}"
        with PhaseMeter(gd) as dm:
            d_secs, pm_rows, am_rows = duckdb_baseline.compute(con)
        log(f"rescore round {r}: DuckDB compute {d_secs:.2f} s ({pm_rows} program-months, {am_rows} agent-months)")
        rnd = dict(architecture_version=version, effective_from=eff, apply_s=round(apply_wall, 3),
                   governd_s=round(secs, 3), governd_meter=pm.as_dict(), governd_warm_s=round(warm_secs, 3),
                   duckdb_s=round(d_secs, 3), duckdb_program_months=pm_rows, duckdb_agent_months=am_rows,
                   duckdb_steps_s=getattr(duckdb_baseline.compute, "last_steps", None),
                   duckdb_meter=dict(harness_cpu_s=round(dm.self_cpu, 3), machine_busy_cores=dm.as_dict()["machine_busy_cores"],
                                     other_processes_cores=dm.as_dict()["other_processes_cores"]),
                   call_latency_s=dict(p50=round(median(lat), 4), max=round(max(lat), 4)),
                   agents_ranked=sum(len(v.agents) for k, v in replies.items() if k[0] == "agents"))
        if r == 1:
            prog_vals, agent_vals = duckdb_baseline.results(con)
            rnd["check_vs_duckdb"] = compare_values(replies, prog_vals, agent_vals)
            c = rnd["check_vs_duckdb"]
            log(f"rescore: governd vs DuckDB values: {c['compared']} compared, {c['mismatches']} differ by > 1e-6, "
                f"{c['not_in_duckdb']} not computed by DuckDB")
        rounds.append(rnd)
    con.close()
    out["rounds"] = rounds
    out["median_governd_s"] = median([r["governd_s"] for r in rounds])
    out["median_governd_warm_s"] = median([r["governd_warm_s"] for r in rounds])
    out["median_duckdb_s"] = median([r["duckdb_s"] for r in rounds])
    out["ratio_governd_over_duckdb"] = round(out["median_governd_s"] / out["median_duckdb_s"], 4)
    log(f"rescore: median governd {out['median_governd_s']:.2f} s vs DuckDB {out['median_duckdb_s']:.2f} s, ratio "
        f"{out['ratio_governd_over_duckdb']:.3f} (target < 1)")
    channel.close()


# ----------------------------------------------------------------------------- step 4: RPC throughput

def grpc_frame(msg):
    return b"\x00" + len(msg).to_bytes(4, "big") + msg


def nghttp_check(url, body, token):
    p, _, _ = run_cmd(["nghttp", "-v", "-H", "content-type: application/grpc", "-H", "te: trailers",
                       "-H", f"authorization: Bearer {token}", "-d", str(body), url], timeout=60, check=False)
    m = re.findall(r"grpc-status: (\d+)", p.stdout)
    status = re.findall(r":status: (\d+)", p.stdout)
    return dict(http_status=status[-1] if status else None, grpc_status=int(m[-1]) if m else None,
                exit=p.returncode)


def h2load(url, body, token, n, c, m, log_file, timeout):
    cmd = ["h2load", "-n", str(n), "-c", str(c), "-m", str(m), "-t", "1", "--log-file", str(log_file),
           "-d", str(body), "-H", "content-type: application/grpc", "-H", "te: trailers",
           "-H", f"authorization: Bearer {token}", url]
    p, _, _ = run_cmd(cmd, timeout=timeout)
    o = p.stdout
    res = {}
    mm = re.search(r"finished in ([\d.]+)(m?s), ([\d.]+) req/s", o)
    if not mm:
        raise BenchError(f"h2load output not understood:\n{o[-2000:]}")
    res["seconds"] = float(mm.group(1)) / (1000 if mm.group(2) == "ms" else 1)
    res["req_per_s"] = float(mm.group(3))
    mm = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, "
                   r"(\d+) timeout", o)
    if mm:
        res.update(zip(["total", "started", "done", "succeeded", "failed", "errored", "timeout"],
                       map(int, mm.groups())))
    mm = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", o)
    if mm:
        res["status_2xx"] = int(mm.group(1))
    mm = re.search(r"time for request:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", o)
    if mm:
        res["time_for_request"] = dict(zip(["min", "max", "mean", "sd"], mm.groups()))
    lat = []
    for line in pathlib.Path(log_file).read_text().splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1] == "200":
            lat.append(int(parts[2]) / 1000.0)
    lat.sort()
    if lat:
        from rpc_load import percentile
        res["latency_ms_from_log"] = dict(p50=round(percentile(lat, 0.5), 3), p90=round(percentile(lat, 0.9), 3),
                                          p99=round(percentile(lat, 0.99), 3), max=round(lat[-1], 3), count=len(lat))
    return res


def governd_status_counts(log_path, offset, method):
    """Counts per gRPC status of `method` in governd's RPC log after byte `offset`, and the
    server-side duration percentiles (the log's duration_ms)."""
    counts, durations = {}, []
    with open(log_path, "rb") as fh:
        fh.seek(offset)
        for raw in fh:
            line = raw.decode("utf-8", "replace")
            if method not in line:
                continue
            m = re.search(r"status[=:\"\s]+([A-Za-z_]+)", line)
            key = m.group(1) if m else "?"
            counts[key] = counts.get(key, 0) + 1
            d = re.search(r"duration_ms=([\d.]+)", line)
            if d:
                durations.append(float(d.group(1)))
    durations.sort()
    from rpc_load import percentile
    server = dict(p50=percentile(durations, 0.5), p99=percentile(durations, 0.99)) if durations else None
    return counts, server


def step_rpc(args, gd, sampler, tenants, stubs, work, res):
    out = res.setdefault("rpc", {})
    sc_pb2, _ = stubs["scorecard"]
    channel, metadata, token = channel_for(gd)
    program = args.rpc_program or next(iter(tenants.values()))["programs"][0]["id"]
    tenant = next(t for t, doc in tenants.items() if any(p["id"] == program for p in doc["programs"]))
    period = args.rpc_period or (res.get("rescore", {}).get("months") or data_months(stubs, channel, metadata,
                                                                                      tenants) or [None])[-1]
    if period is None:
        raise BenchError("no --rpc-period and no month with interactions")
    req = sc_pb2.ProgramScorecardRequest(tenant=tenant, program=program, period=period).SerializeToString()
    targets = {
        "health": ("/grpc.health.v1.Health/Check", b""),
        "scorecard": ("/governance.v1.ScorecardService/GetProgramScorecard", req),
    }
    bodies = {}
    for name, (path, msg) in targets.items():
        (work / f"{name}.msg").write_bytes(msg)
        (work / f"{name}.body").write_bytes(grpc_frame(msg))
        bodies[name] = work / f"{name}.body"
    url = f"https://127.0.0.1:{gd.port}"
    out.update(tenant=tenant, program=program, period=period, n=args.n, c=args.c, m=args.m)
    for name, (path, _) in targets.items():
        chk = nghttp_check(url + path, bodies[name], token)
        out[f"nghttp_check_{name}"] = chk
        log(f"rpc: nghttp check {path}: HTTP {chk['http_status']}, grpc-status {chk['grpc_status']}")
        if chk["grpc_status"] != 0:
            raise BenchError(f"nghttp: {path} answered grpc-status {chk['grpc_status']} (not 0): fix before measuring")
    # warm-up (unmeasured)
    sampler.phase = "rpc:warmup"
    for name, (path, _) in targets.items():
        h2load(url + path, bodies[name], token, min(2000, args.n), args.c, args.m, work / f"h2load-warmup-{name}.log",
               timeout=args.step_timeout)
    runs = {"h2load": {k: [] for k in targets}, "grpcio": {k: [] for k in targets}}
    for r in range(1, args.repeats + 1):
        for name, (path, _) in targets.items():
            sampler.phase = f"rpc:h2load-{name}"
            off = gd.log_path.stat().st_size
            h = h2load(url + path, bodies[name], token, args.n, args.c, args.m, work / f"h2load-{name}-{r}.log",
                       timeout=args.step_timeout)
            time.sleep(0.3)
            h["governd_log_status"], h["governd_log_duration_ms"] = governd_status_counts(
                gd.log_path, off, path.rsplit("/", 1)[1])
            runs["h2load"][name].append(h)
            lm = h.get("latency_ms_from_log", {})
            log(f"rpc: h2load {name} round {r}: {h['req_per_s']:,.0f} req/s, p50 {lm.get('p50')} ms, "
                f"p99 {lm.get('p99')} ms, {h.get('succeeded')}/{h.get('total')} HTTP ok, governd log {h['governd_log_status']}")
        if not args.no_grpcio_load:
            for name, (path, _) in targets.items():
                sampler.phase = f"rpc:grpcio-{name}"
                p, _, _ = run_cmd([sys.executable, str(HERE / "rpc_load.py"), "--target", f"127.0.0.1:{gd.port}",
                                   "--ca", str(gd.data / "tls/ca.pem"), "--token-file", str(gd.data / "admin.token"),
                                   "--method", path, "--body-file", str(work / f"{name}.msg"),
                                   "-n", str(args.n), "-c", str(args.c), "-m", str(args.m)],
                                  timeout=args.step_timeout)
                g = json.loads(p.stdout.strip().splitlines()[-1])
                runs["grpcio"][name].append(g)
                log(f"rpc: grpcio {name} round {r}: {g['req_per_s']:,.0f} req/s, p50 {g['latency_ms']['p50']} ms, "
                    f"p99 {g['latency_ms']['p99']} ms, errors {g['errors']}")
    out["runs"] = runs
    summary = {}
    for tool in runs:
        for name in targets:
            rr = runs[tool][name]
            if not rr:
                continue
            if tool == "h2load":
                summary[f"{tool}_{name}"] = dict(
                    req_per_s=median([x["req_per_s"] for x in rr]),
                    p50_ms=median([x.get("latency_ms_from_log", {}).get("p50") for x in rr]),
                    p99_ms=median([x.get("latency_ms_from_log", {}).get("p99") for x in rr]))
            else:
                summary[f"{tool}_{name}"] = dict(req_per_s=median([x["req_per_s"] for x in rr]),
                                                 p50_ms=median([x["latency_ms"]["p50"] for x in rr]),
                                                 p99_ms=median([x["latency_ms"]["p99"] for x in rr]))
    for tool in ("h2load", "grpcio"):
        if f"{tool}_health" in summary:
            summary[f"{tool}_ratio_scorecard_over_health"] = round(
                summary[f"{tool}_scorecard"]["req_per_s"] / summary[f"{tool}_health"]["req_per_s"], 4)
    out["summary"] = summary
    log(f"rpc: h2load medians: health {summary['h2load_health']['req_per_s']:,.0f} req/s, scorecard "
        f"{summary['h2load_scorecard']['req_per_s']:,.0f} req/s, ratio {summary['h2load_ratio_scorecard_over_health']:.3f}")
    channel.close()


# ----------------------------------------------------------------------------- report

def fmt(v, nd=1):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def verdict(ok):
    return "n/a" if ok is None else ("**pass**" if ok else "**FAIL**")


def results_table(res):
    rows = []
    imp = res.get("import", {})
    if "interactions" in imp:
        g = imp["interactions"]["rows_per_s"]
        b = imp["sqlite3_interactions"]["median_rows_per_s"]
        ratio = imp["ratio_governd_over_sqlite3"]
        rows.append(("1. Import interactions (rows/s, all tenants, govctl over TLS vs sqlite3 `.import`)",
                     fmt(g, 0), fmt(b, 0) + f" (median of {len(imp['sqlite3_interactions']['runs'])})", fmt(ratio, 3),
                     "≥ 0.5", verdict(ratio >= 0.5)))
        sq_cpu = median([r["meter"]["client_processes_cpu_s"] for r in imp["sqlite3_interactions"]["runs"]
                         if "meter" in r])
        gd_cpu = imp["interactions"]["meter"]["governd_cpu_s"]
        if sq_cpu and gd_cpu:
            rows.append(("1a. CPU seconds for the same rows (governd process vs sqlite3 processes; ratio = sqlite3 ÷ "
                         "governd, less sensitive to other load; info)", fmt(gd_cpu, 1) + " (+ govctl " +
                         fmt(imp["interactions"]["meter"]["client_processes_cpu_s"], 1) + ")", fmt(sq_cpu, 1),
                         fmt(sq_cpu / gd_cpu, 3), "–", "info"))
        kd = imp.get("sqlite3_keyed_interactions")
        if kd:
            rows.append(("1b. same, sqlite3 into a keyed table like governd's (PRIMARY KEY, WITHOUT ROWID, 1 index; "
                         "info, 1 round)", fmt(g, 0), fmt(kd["rows_per_s"], 0), fmt(g / kd["rows_per_s"], 3), "–",
                         "info"))
        rt = imp.get("rest_total", {})
        if rt:
            b_rest = sum(v["rows"] for v in imp["rest"].values()) / sum(v["sqlite3_wall_s"] for v in imp["rest"].values())
            rows.append(("1c. Import the other 8 kinds (rows/s, info)", fmt(rt["rows_per_s"], 0), fmt(b_rest, 0),
                         fmt(rt["rows_per_s"] / b_rest, 3), "–", "info"))
    mem = res.get("memory", {})
    if mem:
        mx = mem["max_rss_mb_import_rescore"]
        rows.append(("2. governd max RSS during import + re-score (MB, 0.5 s samples; VmHWM at end)",
                     f"{mx:,.0f} (HWM {mem['vmhwm_mb_after_rescore']:,.0f})", "–", "–", "≤ 500 MB", verdict(mx <= 500)))
    rs = res.get("rescore", {})
    if "ratio_governd_over_duckdb" in rs:
        ratio = rs["ratio_governd_over_duckdb"]
        rows.append((f"3. Re-score after an architecture change (s; {rs['rpcs_per_round']} calls, median of "
                     f"{len(rs['rounds'])})", fmt(rs["median_governd_s"], 2), fmt(rs["median_duckdb_s"], 2) + " (DuckDB)",
                     fmt(ratio, 3), "< 1", verdict(ratio < 1)))
        dcpu = median([r["duckdb_meter"]["harness_cpu_s"] for r in rs["rounds"] if "duckdb_meter" in r])
        gcpu = median([r["governd_meter"]["governd_cpu_s"] for r in rs["rounds"]])
        if dcpu:
            rows.append(("3a. CPU seconds of the same (governd process vs DuckDB in the harness; info)", fmt(gcpu, 1),
                         fmt(dcpu, 1), fmt(gcpu / dcpu, 3), "–", "info"))
        rows.append(("3b. Same calls again, served from governd's cache (s, info)", fmt(rs["median_governd_warm_s"], 2),
                     fmt(rs["median_duckdb_s"], 2), fmt(rs["median_governd_warm_s"] / rs["median_duckdb_s"], 3), "–",
                     "info"))
    rpc = res.get("rpc", {}).get("summary", {})
    if rpc:
        h, s = rpc["h2load_health"], rpc["h2load_scorecard"]
        ratio = rpc["h2load_ratio_scorecard_over_health"]
        rows.append((f"4. GetProgramScorecard vs Health/Check (req/s, h2load, median of {len(res['rpc']['runs']['h2load']['health'])})",
                     fmt(s["req_per_s"], 0),
                     fmt(h["req_per_s"], 0), fmt(ratio, 3), "≥ 0.5", verdict(ratio >= 0.5)))
        rows.append(("4a. p50 / p99 latency (ms, h2load --log-file)", f"{fmt(s['p50_ms'], 2)} / {fmt(s['p99_ms'], 2)}",
                     f"{fmt(h['p50_ms'], 2)} / {fmt(h['p99_ms'], 2)}", "–", "–", "info"))
        if "grpcio_health" in rpc:
            gh, gs = rpc["grpcio_health"], rpc["grpcio_scorecard"]
            rows.append(("4b. same, Python grpcio asyncio client (req/s)", fmt(gs["req_per_s"], 0),
                         fmt(gh["req_per_s"], 0), fmt(rpc["grpcio_ratio_scorecard_over_health"], 3), "(≥ 0.5)",
                         "info"))
            rows.append(("4c. p50 / p99 latency (ms, grpcio client)", f"{fmt(gs['p50_ms'], 2)} / {fmt(gs['p99_ms'], 2)}",
                         f"{fmt(gh['p50_ms'], 2)} / {fmt(gh['p99_ms'], 2)}", "–", "–", "info"))
    head = "| measurement | governd | baseline | ratio | target | result |\n|---|---|---|---|---|---|\n"
    return head + "".join("| " + " | ".join(r) + " |\n" for r in rows)


def markdown_section(res):
    m = res["machine"]
    free = "\n".join("    " + l for l in m["free_g"].splitlines())
    imp, rs, rpc = res.get("import", {}), res.get("rescore", {}), res.get("rpc", {})
    lines = [f"## {m['date_utc']}", "",
             f"- Machine: {m['nproc']} cores, {m['cpu_model']}; kernel {m['kernel']}; load at start {m['loadavg_at_start']}",
             f"- `free -g`:\n\n{free}\n",
             f"- Toolchain: {m['swift']}; sqlite3 {m['sqlite3']}; {m['h2load']}; DuckDB {rs.get('duckdb_version', '–')}",
             f"- Commit: `{m['git_commit']}` ({m['git_dirty_files']} tracked files modified in the work tree; "
             f"binaries {res['binaries']['governd_mtime']})",
             f"- Workload: `{res['workload']}` ({res.get('workload_rows', {}).get('interactions', '–'):,} interactions)",
             f"- Command: `{res['command']}`" + (f" (governd environment: {res['governd_env']})"
                                                   if res.get("governd_env") else ""),
             f"- Total run time: {res.get('total_s', 0) / 60:.1f} min", "",
             results_table(res)]
    notes = []
    if "interactions" in imp:
        mt = imp["interactions"]["meter"]
        notes.append(f"Import interactions: {mt['wall_s']:.1f} s wall; governd CPU {mt['governd_cpu_s']:.1f} s "
                     f"({mt['governd_cpu_per_wall']:.2f} cores), govctl CPU {mt['client_processes_cpu_s']:.1f} s "
                     f"({mt['client_processes_cpu_s'] / mt['wall_s']:.2f} cores); whole machine busy "
                     f"{mt['machine_busy_cores']:.2f} of {res['machine']['nproc']} cores, of which other processes "
                     f"{mt['other_processes_cores']:.2f}.")
        per = ", ".join(f"{t} {v['rows_per_s']:,.0f}" for t, v in imp["interactions"]["per_tenant"].items())
        notes.append(f"Per tenant (rows/s): {per}. sqlite3 rounds (rows/s): "
                     + ", ".join(f"{r['rows_per_s']:,.0f}" for r in imp["sqlite3_interactions"]["runs"]) + ".")
        if imp.get("rest"):
            notes.append("Other kinds (rows/s governd vs sqlite3): " + ", ".join(
                f"{k} {v['rows_per_s']:,.0f} vs {v['sqlite3_rows_per_s']:,.0f}" for k, v in imp["rest"].items()) + ".")
    if imp.get("sqlite3_interactions"):
        notes.append("Other processes during the sqlite3 rounds (cores): " + ", ".join(
            f"{r['meter']['other_processes_cores']:.2f}" for r in imp["sqlite3_interactions"]["runs"] if "meter" in r)
            + f"; during the governd import: {imp['interactions']['meter']['other_processes_cores']:.2f}.")
    mem = res.get("memory", {})
    if mem.get("peak_breakdown_kb"):
        pk = mem["peak_breakdown_kb"]
        notes.append(f"At the RSS peak ({pk.get('phase')}): RssAnon {pk.get('RssAnon', 0) / 1024:,.0f} MB, RssFile "
                     f"{pk.get('RssFile', 0) / 1024:,.0f} MB, RssShmem {pk.get('RssShmem', 0) / 1024:,.0f} MB, "
                     f"{pk.get('Threads')} threads; open files after the re-score: {mem.get('open_files')}.")
    if mem:
        notes.append("Max RSS by phase (MB): " + ", ".join(f"{k} {v:,.0f}" for k, v in mem["max_rss_mb_by_phase"].items())
                     + ".")
    if rs.get("rounds"):
        notes.append("Re-score rounds (governd cold / warm / DuckDB, s): " + "; ".join(
            f"v{r['architecture_version']} {r['governd_s']:.2f} / {r['governd_warm_s']:.2f} / {r['duckdb_s']:.2f}"
            for r in rs["rounds"]) + f". DuckDB CSV load (not compared): {sum(rs['duckdb_load_s'].values()):.1f} s.")
        if rs["rounds"][0].get("duckdb_meter"):
            notes.append("Other processes' load (cores) during governd cold / DuckDB rounds: " + "; ".join(
                f"{r['governd_meter']['other_processes_cores']:.2f} / {r['duckdb_meter']['other_processes_cores']:.2f}"
                for r in rs["rounds"]) + ".")
        if rs["rounds"][0].get("duckdb_steps_s"):
            notes.append("DuckDB steps of round 1 (s): " + ", ".join(
                f"{k} {v:.2f}" for k, v in rs["rounds"][0]["duckdb_steps_s"].items()) + ".")
        c = rs["rounds"][0].get("check_vs_duckdb")
        if c:
            notes.append(f"Cross-check: {c['compared']:,} computed metric values (program and agent level) from "
                         f"governd compared with DuckDB's: {c['mismatches']} differ by more than 1e-6.")
    if rpc.get("runs"):
        rr = rpc["runs"]["h2load"]
        notes.append(f"RPC: {rpc['program']} {rpc['period']}, h2load -n {rpc['n']} -c {rpc['c']} -m {rpc['m']} (TLS); "
                     f"rounds (req/s) health " + ", ".join(f"{x['req_per_s']:,.0f}" for x in rr["health"])
                     + "; scorecard " + ", ".join(f"{x['req_per_s']:,.0f}" for x in rr["scorecard"])
                     + ". governd's log statuses for the h2load calls: "
                     + ", ".join(f"{k} {x['governd_log_status']}" for k in rr for x in rr[k][:1]) + ".")
    pb = imp.get("profile_by_process") or {}
    if pb.get("samples_total"):
        notes.append(f"During the {res.get('profile_seconds')} s profile governd had {pb['samples_governd']:,} of the "
                     f"machine's {pb['samples_total']:,} CPU samples; "
                     "governd threads: " + "; ".join(pb["governd_threads"]) + "; other processes: "
                     + "; ".join(pb["other_processes"]) + ".")
    if imp.get("profile_top"):
        notes.append("Top of a flat CPU profile of governd while importing (perf, cpu-clock):\n\n"
                     + "\n".join("    " + l for l in imp["profile_top"][:20]) + "\n")
    return "\n".join(lines) + "\n" + "\n".join(f"- {n}" for n in notes) + "\n\n"


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--workload", help="an existing workload directory (workload.py output)")
    src.add_argument("--generate", choices=["tiny", "small", "reference"], help="generate a workload first")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--generate-dir", help="where --generate writes (default /tmp/governd-bench-workload-SIZE-sSEED)")
    ap.add_argument("--workload-tool", default=str(ROOT.parent / "shared" / "tools" / "workload.py"))
    ap.add_argument("--bin-dir", default=str(ROOT / ".build" / "release"))
    ap.add_argument("--work-dir", help="scratch directory (default /tmp/governd-bench/<timestamp>)")
    ap.add_argument("--keep-data", action="store_true", help="keep governd's data directory afterwards")
    ap.add_argument("--repeats", type=int, default=3, help="rounds of the interleaved measurements (medians)")
    ap.add_argument("-n", type=int, default=20000, help="RPC load: requests per run")
    ap.add_argument("-c", type=int, default=8, help="RPC load: connections")
    ap.add_argument("-m", type=int, default=16, help="RPC load: concurrent streams per connection")
    ap.add_argument("--rpc-program", help="program for the GetProgramScorecard load (default: first program)")
    ap.add_argument("--rpc-period", help="month for the GetProgramScorecard load (default: last month with data)")
    ap.add_argument("--rescore-concurrency", type=int, default=4)
    ap.add_argument("--no-keyed-baseline", dest="keyed_baseline", action="store_false",
                    help="skip the informational sqlite3 import into a keyed table")
    ap.add_argument("--no-grpcio-load", action="store_true", help="skip the Python grpcio load client")
    ap.add_argument("--profile-seconds", type=int, default=20,
                    help="perf record governd this long during the largest tenant's import (0 = off)")
    ap.add_argument("--step-timeout", type=int, default=3600, help="time limit of one command or RPC (s)")
    ap.add_argument("--skip", default="", help="comma list of steps to skip: rescore,rpc")
    ap.add_argument("--governd-env", action="append", default=[], metavar="KEY=VALUE",
                    help="extra environment for governd serve (e.g. GOVERND_LOG_LEVEL=warning, MALLOC_ARENA_MAX=2)")
    ap.add_argument("--no-record", action="store_true", help="do not write results-*.json / RESULTS.md")
    ap.add_argument("--results-dir", default=str(HERE))
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    work = pathlib.Path(args.work_dir or f"/tmp/governd-bench/{stamp}")
    work.mkdir(parents=True, exist_ok=True)
    res = {"command": "cd " + shlex.quote(os.getcwd()) + " && " + shlex.join([sys.executable] + sys.argv),
           "stamp": stamp, "work_dir": str(work)}
    src_bin = pathlib.Path(args.bin_dir)
    for b in ("governd", "govctl"):
        if not (src_bin / b).exists():
            sys.exit(f"missing {src_bin / b}: build with `swift build -c release` first")
    # run copies, so that a rebuild during the run cannot swap the binaries under us
    bin_dir = work / "bin"
    bin_dir.mkdir(exist_ok=True)
    for b in ("governd", "govctl"):
        shutil.copy2(src_bin / b, bin_dir / b)
    mtime = lambda b: dt.datetime.fromtimestamp((src_bin / b).stat().st_mtime, dt.timezone.utc).strftime(
        "%Y-%m-%d %H:%M:%SZ")
    res["binaries"] = dict(dir=str(src_bin), governd_mtime=mtime("governd"), govctl_mtime=mtime("govctl"))
    for tool in ("sqlite3", "h2load", "nghttp", "awk"):
        if shutil.which(tool) is None:
            sys.exit(f"missing {tool} (Debian: sqlite3, nghttp2-client, mawk)")
    log(f"benchmark: work dir {work}")
    res["machine"] = machine_info()
    log(f"machine: {res['machine']['nproc']} cores, {res['machine']['cpu_model']}, commit {res['machine']['git_commit']}")

    if args.generate:
        workload = args.generate_dir or f"/tmp/governd-bench-workload-{args.generate}-s{args.seed}"
        generate(args.generate, args.seed, workload, args.workload_tool)
    else:
        workload = args.workload
    workload = str(pathlib.Path(workload).resolve())
    res["workload"] = workload
    arch, tenants = load_manifests(workload)
    res["_arch"] = arch
    prefixes = tenant_prefixes(tenants)
    log(f"workload: {workload}: tenants " + ", ".join(f"{t}={p}" for t, p in prefixes.items()))
    split, made = split_workload(workload, prefixes)
    res["split"] = dict(dir=str(split), regenerated=made)

    gd = Governd(bin_dir, work / "data", work / "governd.log")
    for kv in args.governd_env:
        k, _, v = kv.partition("=")
        gd.env[k] = v
    res["governd_env"] = gd.env
    res["profile_seconds"] = args.profile_seconds
    sampler = None
    t_all = time.perf_counter()
    try:
        gd.init()
        gd.start()
        log(f"governd: pid {gd.pid}, listening on 127.0.0.1:{gd.port}")
        sampler = Sampler(gd)
        sampler.start()
        step_import(args, gd, sampler, workload, split, tenants, prefixes, work, res)
        res["workload_rows"] = {"interactions": res["import"]["interactions"]["rows"]}
        stubs = load_stubs(pathlib.Path(tempfile.mkdtemp(prefix="governd-bench-stubs-")))
        if "rescore" not in skip:
            step_rescore(args, gd, sampler, workload, tenants, stubs, work, res)
        st = gd.status()
        mx = max(rss for _, ph, rss in sampler.samples if not ph.startswith("rpc"))
        res["memory"] = dict(max_rss_mb_import_rescore=round(mx / 1024, 1),
                             peak_breakdown_kb=sampler.peak, open_files=open_files(gd.pid),
                             vmhwm_mb_after_rescore=round(st.get("VmHWM", 0) / 1024, 1),
                             threads=st.get("Threads"),
                             max_rss_mb_by_phase={k: round(v / 1024, 1) for k, v in sampler.max_by_phase.items()},
                             samples=len(sampler.samples))
        log(f"memory: max RSS {mx / 1024:.0f} MB during import + re-score; VmHWM {st.get('VmHWM', 0) / 1024:.0f} MB "
            f"(target <= 500 MB)")
        if "rpc" not in skip:
            step_rpc(args, gd, sampler, tenants, stubs, work, res)
            res["memory"]["vmhwm_mb_end"] = round(gd.status().get("VmHWM", 0) / 1024, 1)
        res["memory"]["rss_timeline"] = sampler.samples[::4]
    except BenchError as e:
        res["error"] = str(e)
        log(f"ERROR: {e}")
    finally:
        if sampler:
            sampler.stop()
        gd.stop()
        res["total_s"] = round(time.perf_counter() - t_all, 1)
        try:
            res["data_dir_bytes"] = int(subprocess.run(["du", "-sb", str(gd.data)], capture_output=True, text=True,
                                                       timeout=120).stdout.split()[0])
        except Exception:  # noqa: BLE001
            pass
        if not args.keep_data:
            shutil.rmtree(gd.data, ignore_errors=True)
            shutil.rmtree(bin_dir, ignore_errors=True)
    res["_arch"] = res["_arch"][0]
    rd = pathlib.Path(args.results_dir)
    out_json = (rd if not args.no_record else work) / f"results-{stamp}.json"
    out_json.write_text(json.dumps(res, indent=1, default=str) + "\n")
    log(f"wrote {out_json}")
    section = markdown_section(res) if "error" not in res else (
        f"## {res['machine']['date_utc']}\n\nRun failed: {res['error']}\n\nCommand: `{res['command']}`\n\n")
    if not args.no_record:
        md = rd / "RESULTS.md"
        if not md.exists():
            md.write_text("# governd benchmark results\n\nAppended by `Ops/benchmarks/run.py`; see README.md in this "
                          "folder for what each row measures.\n\n")
        with md.open("a") as fh:
            fh.write(section)
        log(f"appended to {md}")
    print(section)
    sys.exit(1 if "error" in res else 0)


if __name__ == "__main__":
    main()
