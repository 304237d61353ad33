"""DuckDB baseline for the re-score benchmark (Ops/benchmarks/run.py, step 3).

Computes, from the raw CSV files loaded into plain DuckDB tables, the raw-data metric
values of SPEC section 2 per (program, local month) and per (program, agent, local
month), and materialises them into two result tables, `r_program_month` and
`r_agent_month`. Loading (`load`) is timed apart from computing (`compute`); only
`compute` is compared with governd.

What is computed (the SPEC's definitions; the same readings as
Ops/reference/spec_reference.py):

- offered / answered / abandoned; service_level by the program's formula with T per
  program and channel from the manifests; asa_seconds (real-time channels: voice, chat,
  video); abandon_rate; aht_seconds; fcr_rate with the forward window (t, t + W days]
  over the same non-empty customer in the same program (a window function: the first
  started_at strictly after t, over a RANGE frame on epoch milliseconds);
- csat through surveys -> interactions; qa_score and compliance_rate from evaluations
  (non-calibration) + answers + the manifests' qa_forms (quality score per evaluation,
  then the mean); occupancy and adherence from agent_days;
- program level only: cost_per_contact (reported program_cost / answered),
  staffing_ratio, attrition_rate, tenure_days (roster, planned_headcount) and enps
  (engagement, 3 months ending with the month).

Interactions and evaluations fall into the local month of started_at / evaluated_at in
the program's IANA time zone (DuckDB ICU `timezone()`); agent days and engagement by
their local date. Tables are plain (no keys): the workload has no duplicate keys, so
SPEC section 9's "last row wins" is not needed here.
"""
import re
import time

REAL_TIME = ("voice", "chat", "video")

KIND_COLUMNS = {
    "interactions": dict(interaction_id="VARCHAR", program_id="VARCHAR", agent_id="VARCHAR", customer_id="VARCHAR",
                         channel="VARCHAR", started_at="TIMESTAMPTZ", wait_seconds="DOUBLE", handle_seconds="DOUBLE",
                         abandoned="INTEGER"),
    "surveys": dict(interaction_id="VARCHAR", score="INTEGER"),
    "evaluations": dict(evaluation_id="VARCHAR", program_id="VARCHAR", agent_id="VARCHAR", evaluator_id="VARCHAR",
                        interaction_id="VARCHAR", form_id="VARCHAR", form_version="INTEGER", evaluated_at="TIMESTAMPTZ",
                        calibration_session_id="VARCHAR", expert_evaluator_id="VARCHAR"),
    "evaluation_answers": dict(evaluation_id="VARCHAR", item_id="VARCHAR", points="DOUBLE"),
    "agent_days": dict(agent_id="VARCHAR", program_id="VARCHAR", date="DATE", scheduled_seconds="DOUBLE",
                       staffed_seconds="DOUBLE", available_seconds="DOUBLE", adherent_seconds="DOUBLE"),
    "roster": dict(agent_id="VARCHAR", program_id="VARCHAR", site_id="VARCHAR", team_id="VARCHAR",
                   supervisor_id="VARCHAR", hired_on="DATE", terminated_on="DATE", termination_reason="VARCHAR"),
    "planned_headcount": dict(program_id="VARCHAR", month="VARCHAR", planned_fte="DOUBLE"),
    "engagement": dict(agent_id="VARCHAR", program_id="VARCHAR", surveyed_on="DATE", score="INTEGER"),
    "reported_metrics": dict(program_id="VARCHAR", period="VARCHAR", metric="VARCHAR", value="DOUBLE",
                             source="VARCHAR"),
}


def _sql_str(s):
    return "'" + str(s).replace("'", "''") + "'"


def load(con, workload_dir, manifests, log=print):
    """Creates the dimension tables from the manifests and loads the CSV files.
    Returns {kind: seconds} (not part of the compared time)."""
    con.execute("LOAD icu")
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE OR REPLACE TABLE programs(program_id VARCHAR, tenant VARCHAR, tz VARCHAR, formula VARCHAR, "
                "fcr_ms BIGINT)")
    con.execute("CREATE OR REPLACE TABLE sl_threshold(program_id VARCHAR, channel VARCHAR, t DOUBLE)")
    con.execute("CREATE OR REPLACE TABLE qa_items(tenant VARCHAR, form_id VARCHAR, version INTEGER, item_id VARCHAR, "
                "weight DOUBLE, max_points DOUBLE, hard_fail BOOLEAN)")
    prog_rows, sl_rows, qa_rows = [], [], []
    for tenant, doc in manifests.items():
        for p in doc.get("programs") or []:
            prog_rows.append((p["id"], tenant, p["timezone"], p.get("service_level_formula") or "exclude_short_abandons",
                              int(round(float(p.get("fcr_window_days", 7)) * 86400 * 1000))))
            for ch, t in (p.get("service_level_seconds") or {}).items():
                sl_rows.append((p["id"], ch, float(t)))
        for f in doc.get("qa_forms") or []:
            for it in f.get("items") or []:
                hard = bool(it.get("hard_fail", False))
                qa_rows.append((tenant, f["id"], int(f["version"]), it["item_id"],
                                None if hard else float(it["weight"]), None if hard else float(it["max_points"]), hard))
    con.executemany("INSERT INTO programs VALUES (?, ?, ?, ?, ?)", prog_rows)
    con.executemany("INSERT INTO sl_threshold VALUES (?, ?, ?)", sl_rows)
    con.executemany("INSERT INTO qa_items VALUES (?, ?, ?, ?, ?, ?, ?)", qa_rows)
    times = {}
    for kind, cols in KIND_COLUMNS.items():
        path = f"{workload_dir}/{kind}.csv"
        spec = "{" + ", ".join(f"{_sql_str(c)}: {_sql_str(t)}" for c, t in cols.items()) + "}"
        t0 = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TABLE {kind} AS SELECT * FROM read_csv({_sql_str(path)}, header = true, "
                    f"columns = {spec}, auto_detect = false, quote = '\"', escape = '\"')")
        times[kind] = time.perf_counter() - t0
        n = con.execute(f"SELECT count(*) FROM {kind}").fetchone()[0]
        log(f"  duckdb: loaded {kind}: {n} rows in {times[kind]:.2f} s")
    return times


RT = ", ".join(_sql_str(c) for c in REAL_TIME)

COMPUTE_SQL = [
    "DROP TABLE IF EXISTS r_ix", "DROP TABLE IF EXISTS r_sv", "DROP TABLE IF EXISTS r_ev", "DROP TABLE IF EXISTS r_ad",
    "DROP TABLE IF EXISTS r_pm_partner", "DROP TABLE IF EXISTS r_program_month", "DROP TABLE IF EXISTS r_agent_month",
    # Interactions: one pass, FCR by a window over (program, customer), both grouping levels at once.
    f"""
    CREATE TABLE r_ix AS
    WITH d AS (
      SELECT i.program_id, i.agent_id, i.customer_id, i.channel, i.abandoned,
             coalesce(i.wait_seconds, 0) AS w, coalesce(i.handle_seconds, 0) AS h,
             strftime(timezone(p.tz, i.started_at), '%Y-%m') AS month,
             t.t AS t, p.fcr_ms, epoch_ms(i.started_at) AS ems,
             min(epoch_ms(i.started_at)) OVER (
               PARTITION BY i.program_id, i.customer_id ORDER BY epoch_ms(i.started_at)
               RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_ms
      FROM interactions i JOIN programs p ON p.program_id = i.program_id
      LEFT JOIN sl_threshold t ON t.program_id = i.program_id AND t.channel = i.channel)
    SELECT program_id, CASE WHEN GROUPING(agent_id) = 0 THEN agent_id END AS agent_id,
           GROUPING(agent_id) AS program_level, month,
           count(*) AS offered,
           count(*) FILTER (WHERE abandoned = 0) AS answered,
           count(*) FILTER (WHERE abandoned = 1) AS abandoned,
           count(*) FILTER (WHERE abandoned = 0 AND w <= t + 1e-9) AS answered_within,
           count(*) FILTER (WHERE abandoned = 1 AND w <= t + 1e-9) AS abandoned_within,
           count(*) FILTER (WHERE abandoned = 1 AND w > t + 1e-9) AS abandoned_over,
           coalesce(sum(w) FILTER (WHERE abandoned = 0 AND channel IN ({RT})), 0) AS rt_wait,
           count(*) FILTER (WHERE abandoned = 0 AND channel IN ({RT})) AS rt_answered,
           coalesce(sum(h) FILTER (WHERE abandoned = 0), 0) AS handle_answered,
           count(*) FILTER (WHERE abandoned = 0 AND coalesce(customer_id, '') <> '') AS fcr_den,
           count(*) FILTER (WHERE abandoned = 0 AND coalesce(customer_id, '') <> ''
                            AND (next_ms IS NULL OR next_ms > ems + fcr_ms)) AS fcr_num
    FROM d
    GROUP BY GROUPING SETS ((program_id, month), (program_id, agent_id, month))
    """,
    # Surveys belong to their interaction's period, program and agent.
    """
    CREATE TABLE r_sv AS
    WITH d AS (
      SELECT i.program_id, i.agent_id, strftime(timezone(p.tz, i.started_at), '%Y-%m') AS month, s.score
      FROM surveys s JOIN interactions i ON i.interaction_id = s.interaction_id
      JOIN programs p ON p.program_id = i.program_id)
    SELECT program_id, CASE WHEN GROUPING(agent_id) = 0 THEN agent_id END AS agent_id,
           GROUPING(agent_id) AS program_level, month,
           count(*) AS surveys, count(*) FILTER (WHERE score >= 4) AS satisfied
    FROM d GROUP BY GROUPING SETS ((program_id, month), (program_id, agent_id, month))
    """,
    # QA: quality score and compliance per non-calibration evaluation, then per period.
    """
    CREATE TABLE r_ev AS
    WITH e AS (
      SELECT e.evaluation_id, e.program_id, e.agent_id, p.tenant, e.form_id, e.form_version,
             strftime(timezone(p.tz, e.evaluated_at), '%Y-%m') AS month
      FROM evaluations e JOIN programs p ON p.program_id = e.program_id
      WHERE coalesce(e.calibration_session_id, '') = ''),
    per AS (
      SELECT e.evaluation_id, any_value(e.program_id) AS program_id, any_value(e.agent_id) AS agent_id,
             any_value(e.month) AS month,
             sum(q.weight * a.points / q.max_points) FILTER (WHERE NOT q.hard_fail AND a.points IS NOT NULL) AS wp,
             sum(q.weight) FILTER (WHERE NOT q.hard_fail AND a.points IS NOT NULL) AS ws,
             count(*) FILTER (WHERE q.hard_fail AND coalesce(a.points, -1) <> 1) AS hard_fails
      FROM e JOIN qa_items q ON q.tenant = e.tenant AND q.form_id = e.form_id AND q.version = e.form_version
      LEFT JOIN evaluation_answers a ON a.evaluation_id = e.evaluation_id AND a.item_id = q.item_id
      GROUP BY e.evaluation_id),
    scored AS (
      SELECT *, CASE WHEN ws > 0 THEN 100.0 * wp / ws END AS quality FROM per)
    SELECT program_id, CASE WHEN GROUPING(agent_id) = 0 THEN agent_id END AS agent_id,
           GROUPING(agent_id) AS program_level, month,
           count(*) AS evaluations, count(quality) AS scored_evaluations, avg(quality) AS qa_score,
           count(*) FILTER (WHERE hard_fails = 0) AS compliant
    FROM scored GROUP BY GROUPING SETS ((program_id, month), (program_id, agent_id, month))
    """,
    """
    CREATE TABLE r_ad AS
    SELECT program_id, CASE WHEN GROUPING(agent_id) = 0 THEN agent_id END AS agent_id,
           GROUPING(agent_id) AS program_level, strftime(date, '%Y-%m') AS month,
           count(*) AS agent_days, coalesce(sum(available_seconds), 0) AS available,
           coalesce(sum(adherent_seconds), 0) AS adherent, coalesce(sum(scheduled_seconds), 0) AS scheduled
    FROM agent_days GROUP BY GROUPING SETS ((program_id, strftime(date, '%Y-%m')),
                                            (program_id, agent_id, strftime(date, '%Y-%m')))
    """,
    # Program-level partnership metrics, cost per contact, enps, over every program-month with data.
    """
    CREATE TABLE r_pm_partner AS
    WITH pm AS (
      SELECT DISTINCT program_id, month FROM (
        SELECT program_id, month FROM r_ix WHERE program_level = 1
        UNION ALL SELECT program_id, month FROM r_ev WHERE program_level = 1
        UNION ALL SELECT program_id, month FROM r_ad WHERE program_level = 1
        UNION ALL SELECT program_id, month FROM planned_headcount
        UNION ALL SELECT program_id, strftime(surveyed_on, '%Y-%m') FROM engagement
        UNION ALL SELECT program_id, period FROM reported_metrics WHERE length(period) = 7)),
    days AS (
      SELECT pm.program_id, pm.month, d::DATE AS day,
             (strptime(pm.month || '-01', '%Y-%m-%d') + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS last_day
      FROM pm, generate_series(strptime(pm.month || '-01', '%Y-%m-%d'),
                               strptime(pm.month || '-01', '%Y-%m-%d') + INTERVAL 1 MONTH - INTERVAL 1 DAY,
                               INTERVAL 1 DAY) AS g(d)),
    active AS (
      SELECT d.program_id, d.month, d.day, count(r.agent_id) AS active
      FROM days d LEFT JOIN roster r ON r.program_id = d.program_id AND r.hired_on <= d.day
           AND (r.terminated_on IS NULL OR r.terminated_on > d.day)
      GROUP BY d.program_id, d.month, d.day),
    mean_active AS (
      SELECT program_id, month, avg(active) AS mean_active FROM active GROUP BY program_id, month),
    terms AS (
      SELECT pm.program_id, pm.month, count(r.agent_id) AS terminations
      FROM pm LEFT JOIN roster r ON r.program_id = pm.program_id AND strftime(r.terminated_on, '%Y-%m') = pm.month
      GROUP BY pm.program_id, pm.month),
    tenure AS (
      SELECT d.program_id, d.month, median(d.last_day - r.hired_on) AS tenure_days, count(r.agent_id) AS tenure_n
      FROM (SELECT DISTINCT program_id, month, last_day FROM days) d
      JOIN roster r ON r.program_id = d.program_id AND r.hired_on <= d.last_day
           AND (r.terminated_on IS NULL OR r.terminated_on > d.last_day)
      GROUP BY d.program_id, d.month),
    enps AS (
      SELECT pm.program_id, pm.month, count(e.score) AS responses,
             100.0 * count(*) FILTER (WHERE e.score >= 9) / count(e.score)
             - 100.0 * count(*) FILTER (WHERE e.score <= 6) / count(e.score) AS enps
      FROM pm JOIN engagement e ON e.program_id = pm.program_id
           AND e.surveyed_on >= strptime(pm.month || '-01', '%Y-%m-%d') - INTERVAL 2 MONTH
           AND e.surveyed_on < strptime(pm.month || '-01', '%Y-%m-%d') + INTERVAL 1 MONTH
      GROUP BY pm.program_id, pm.month),
    cost AS (
      SELECT program_id, period AS month, arg_max(value, rowid) AS program_cost
      FROM reported_metrics WHERE metric = 'program_cost' GROUP BY program_id, period),
    plan AS (
      SELECT program_id, month, arg_max(planned_fte, rowid) AS planned_fte FROM planned_headcount
      GROUP BY program_id, month)
    SELECT pm.program_id, pm.month, ma.mean_active, coalesce(t.terminations, 0) AS terminations,
           tn.tenure_days, coalesce(tn.tenure_n, 0) AS tenure_n, en.enps, coalesce(en.responses, 0) AS enps_n,
           c.program_cost, pl.planned_fte
    FROM pm LEFT JOIN mean_active ma USING (program_id, month) LEFT JOIN terms t USING (program_id, month)
    LEFT JOIN tenure tn USING (program_id, month) LEFT JOIN enps en USING (program_id, month)
    LEFT JOIN cost c USING (program_id, month) LEFT JOIN plan pl USING (program_id, month)
    """,
    """
    CREATE TABLE r_program_month AS
    SELECT pp.program_id, pp.month,
           coalesce(x.offered, 0) AS offered, coalesce(x.answered, 0) AS answered,
           coalesce(x.abandoned, 0) AS abandoned,
           CASE p.formula
             WHEN 'offered' THEN 100.0 * x.answered_within / nullif(x.offered, 0)
             WHEN 'short_abandons_met' THEN 100.0 * (x.answered_within + x.abandoned_within) / nullif(x.offered, 0)
             ELSE 100.0 * x.answered_within / nullif(x.answered + x.abandoned_over, 0) END AS service_level,
           CASE p.formula WHEN 'offered' THEN x.offered WHEN 'short_abandons_met' THEN x.offered
             ELSE x.answered + x.abandoned_over END AS service_level_n,
           x.rt_wait / nullif(x.rt_answered, 0) AS asa_seconds, x.rt_answered AS asa_n,
           100.0 * x.abandoned / nullif(x.offered, 0) AS abandon_rate,
           x.handle_answered / nullif(x.answered, 0) AS aht_seconds,
           100.0 * x.fcr_num / nullif(x.fcr_den, 0) AS fcr_rate, x.fcr_den AS fcr_n,
           100.0 * s.satisfied / nullif(s.surveys, 0) AS csat, coalesce(s.surveys, 0) AS csat_n,
           e.qa_score, coalesce(e.scored_evaluations, 0) AS qa_n,
           100.0 * e.compliant / nullif(e.evaluations, 0) AS compliance_rate, coalesce(e.evaluations, 0) AS compliance_n,
           100.0 * coalesce(x.handle_answered, 0)
             / nullif(coalesce(x.handle_answered, 0) + coalesce(a.available, 0), 0) AS occupancy,
           coalesce(x.answered, 0) + coalesce(a.agent_days, 0) AS occupancy_n,
           100.0 * a.adherent / nullif(a.scheduled, 0) AS adherence, coalesce(a.agent_days, 0) AS adherence_n,
           pp.program_cost / nullif(x.answered, 0) AS cost_per_contact,
           100.0 * pp.mean_active / nullif(pp.planned_fte, 0) AS staffing_ratio,
           CASE WHEN pp.planned_fte IS NULL THEN 0 ELSE 1 END AS staffing_ratio_n,
           100.0 * pp.terminations / nullif(pp.mean_active, 0) AS attrition_rate,
           pp.tenure_days, pp.tenure_n, pp.enps, pp.enps_n
    FROM r_pm_partner pp JOIN programs p ON p.program_id = pp.program_id
    LEFT JOIN (SELECT * FROM r_ix WHERE program_level = 1) x ON x.program_id = pp.program_id AND x.month = pp.month
    LEFT JOIN (SELECT * FROM r_sv WHERE program_level = 1) s ON s.program_id = pp.program_id AND s.month = pp.month
    LEFT JOIN (SELECT * FROM r_ev WHERE program_level = 1) e ON e.program_id = pp.program_id AND e.month = pp.month
    LEFT JOIN (SELECT * FROM r_ad WHERE program_level = 1) a ON a.program_id = pp.program_id AND a.month = pp.month
    """,
    """
    CREATE TABLE r_agent_month AS
    WITH keys AS (
      SELECT DISTINCT program_id, agent_id, month FROM (
        SELECT program_id, agent_id, month FROM r_ix WHERE program_level = 0 AND coalesce(agent_id, '') <> ''
        UNION ALL SELECT program_id, agent_id, month FROM r_ev WHERE program_level = 0
        UNION ALL SELECT program_id, agent_id, month FROM r_ad WHERE program_level = 0))
    SELECT k.program_id, k.agent_id, k.month,
           coalesce(x.answered, 0) AS answered,
           x.handle_answered / nullif(x.answered, 0) AS aht_seconds,
           100.0 * x.fcr_num / nullif(x.fcr_den, 0) AS fcr_rate, coalesce(x.fcr_den, 0) AS fcr_n,
           100.0 * s.satisfied / nullif(s.surveys, 0) AS csat, coalesce(s.surveys, 0) AS csat_n,
           e.qa_score, coalesce(e.scored_evaluations, 0) AS qa_n,
           100.0 * e.compliant / nullif(e.evaluations, 0) AS compliance_rate, coalesce(e.evaluations, 0) AS compliance_n,
           100.0 * coalesce(x.handle_answered, 0)
             / nullif(coalesce(x.handle_answered, 0) + coalesce(a.available, 0), 0) AS occupancy,
           100.0 * a.adherent / nullif(a.scheduled, 0) AS adherence
    FROM keys k
    LEFT JOIN (SELECT * FROM r_ix WHERE program_level = 0) x USING (program_id, agent_id, month)
    LEFT JOIN (SELECT * FROM r_sv WHERE program_level = 0) s USING (program_id, agent_id, month)
    LEFT JOIN (SELECT * FROM r_ev WHERE program_level = 0) e USING (program_id, agent_id, month)
    LEFT JOIN (SELECT * FROM r_ad WHERE program_level = 0) a USING (program_id, agent_id, month)
    """,
]

PROGRAM_METRICS = ["service_level", "asa_seconds", "abandon_rate", "qa_score", "compliance_rate", "fcr_rate", "csat",
                   "aht_seconds", "occupancy", "adherence", "cost_per_contact", "staffing_ratio", "attrition_rate",
                   "tenure_days", "enps"]
AGENT_METRICS = ["qa_score", "compliance_rate", "fcr_rate", "csat", "aht_seconds", "occupancy", "adherence"]


def compute(con):
    """One run of the metric SQL; returns (seconds, program-month rows, agent-month rows)."""
    t0 = time.perf_counter()
    steps = {}
    for stmt in COMPUTE_SQL:
        t1 = time.perf_counter()
        con.execute(stmt)
        m = re.search(r"CREATE TABLE (\w+)", stmt)
        if m:
            steps[m.group(1)] = round(time.perf_counter() - t1, 3)
    seconds = time.perf_counter() - t0
    compute.last_steps = steps
    pm = con.execute("SELECT count(*) FROM r_program_month").fetchone()[0]
    am = con.execute("SELECT count(*) FROM r_agent_month").fetchone()[0]
    return seconds, pm, am


def results(con):
    """{(program, month): {metric: value}} and {(program, agent, month): {metric: value}}."""
    cols = ["program_id", "month"] + PROGRAM_METRICS
    prog = {}
    for row in con.execute(f"SELECT {', '.join(cols)} FROM r_program_month").fetchall():
        prog[(row[0], row[1])] = dict(zip(PROGRAM_METRICS, row[2:]))
    cols = ["program_id", "agent_id", "month"] + AGENT_METRICS
    agents = {}
    for row in con.execute(f"SELECT {', '.join(cols)} FROM r_agent_month").fetchall():
        agents[(row[0], row[1], row[2])] = dict(zip(AGENT_METRICS, row[3:]))
    return prog, agents
