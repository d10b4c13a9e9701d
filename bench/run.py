# ruff: noqa: S108, S310, S603, S607, S608 - a local benchmark driving local tools with its own fixed inputs
"""`make bench`: the portal at province scale ×1, ×10 and ×30 on PostgreSQL.

For each scale: creates a throwaway database (`--db`, default plan_portal_bench_x<scale>), migrates,
generates the data, times each page in process (Django's test Client, no network: median time and
SQL queries per request, bench/inprocess.py), then serves it with 2 gunicorn workers (DEBUG off),
logs in one session per role and loads each page with wrk from a second process on loopback for a
bounded time. Prints a table per scale and one across scales (queries per request must not change
with the data) and writes them to bench/RESULTS.md.

    make bench                                   # ×1, ×10, ×30: about 15–20 minutes
    make bench BENCH_ARGS="--scales 10 --keep"   # one scale, keeping its database for the next run
    .venv/bin/python bench/run.py --scales 10 --keep --only "Task list" --seconds 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PASSWORD = "bench-" + secrets.token_hex(8)
TARGET_MEDIAN_MS = 50  # DESIGN.md: a page answers within 50 ms at province scale ×10
TARGET_BUILD_S = 15


def run(*args: str, env: dict | None = None, capture: bool = False) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=capture)
    return result.stdout if capture else ""


def pg_user() -> str:
    for user in ("postgres", "root"):
        probe = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", user, "-d", "postgres", "-tAc", "select 1"],
            capture_output=True,
            text=True,
        )
        if probe.returncode == 0:
            return user
    sys.exit("PostgreSQL on 127.0.0.1:5432 is not reachable with trust auth as postgres or root.")


def psql(user: str, sql: str, db: str = "postgres") -> str:
    return run("psql", "-h", "127.0.0.1", "-U", user, "-d", db, "-tAc", sql, capture=True).strip()


def ensure_wrk() -> str:
    if shutil.which("wrk") is None:
        print("Installing wrk (Debian package)…", flush=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    if shutil.which("wrk") is None:
        sys.exit("wrk is required: apt-get install wrk")
    return shutil.which("wrk")


def database_name(pattern: str, scale: float) -> str:
    """`--db plan_portal_bench` gives plan_portal_bench_x10 at ×10; a `{scale}` in the name is filled in."""
    label = f"{scale:g}".replace(".", "_")
    return pattern.format(scale=label) if "{scale}" in pattern else f"{pattern}_x{label}"


def prepare_database(env: dict, user: str, db: str, keep: bool, scale: float) -> float | None:
    """A database holding the scale's data; the generation time in seconds, None when reused."""
    exists = psql(user, f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"
    if keep and exists:
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
        has_data = psql(user, "SELECT count(*) FROM agencies_agency WHERE code LIKE 'sd-%'", db=db) != "0"
        if has_data:
            print("Reusing the data already in", db, flush=True)
            set_passwords(env)
            psql(user, "VACUUM ANALYZE", db=db)
            return None
    psql(user, f"DROP DATABASE IF EXISTS {db}")
    psql(user, f"CREATE DATABASE {db}")
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    print(f"Generating scale ×{scale:g} data…", flush=True)
    started = time.monotonic()
    run(PYTHON, "manage.py", "generate_scale_data", "--scale", str(scale), "--users-password", PASSWORD, env=env)
    psql(user, "VACUUM ANALYZE", db=db)
    return time.monotonic() - started


def set_passwords(env: dict) -> None:
    code = (
        "from agencies.models import User\n"
        f"for u in User.objects.filter(username__startswith='sd-'): u.set_password({PASSWORD!r}); u.save()\n"
    )
    run(PYTHON, "manage.py", "shell", "-c", code, env=env)


def redis_cache_url(db: int) -> str:
    """The machine's Redis as the web cache (dashboard figures, option lists), as in production; jobs stay eager.

    The database is emptied first: each scale's database starts its data version at the same number, so
    figures cached for another scale would otherwise be served under the same keys."""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(f"SELECT {db}\r\nFLUSHDB\r\n".encode())
            answer = b""
            while answer.count(b"\r\n") < 2:
                chunk = sock.recv(64)
                if not chunk:
                    break
                answer += chunk
            if answer.startswith(b"+OK"):
                return f"redis://127.0.0.1:6379/{db}"
    except OSError:
        pass
    return ""


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [GUNICORN, "plan_portal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=2)
            return server
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    sys.exit("gunicorn did not answer /healthz/live within 60 s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base: str, username: str) -> str:
    """The session and CSRF cookies a browser holds after logging in through the real login form."""
    with urllib.request.urlopen(base + "/accounts/login/") as response:
        page = response.read().decode()
        csrf_cookie = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=body, headers={"Cookie": f"csrftoken={csrf_cookie}"}
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request)
    except urllib.error.HTTPError as redirect:
        cookies = [c.split(";")[0] for c in redirect.headers.get_all("Set-Cookie") or []]
        session = next((c for c in cookies if c.startswith("sessionid=")), None)
        csrf = next((c for c in cookies if c.startswith("csrftoken=")), None)
        if redirect.code == 302 and session and csrf:
            return f"{session}; {csrf}"  # what a browser sends after logging in
    sys.exit(f"could not log in as {username}")


def check(base: str, path: str, cookie: str) -> int:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def load(wrk: str, base: str, path: str, cookie: str, seconds: int, connections: int) -> dict:
    for _ in range(5):  # warm caches and connections in both workers
        check(base, path, cookie)
    args = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
    ]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*args, base + path], capture_output=True, text=True, timeout=seconds + 30).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line[len("BENCH ") :])


def measure(wrk: str, base: str, measured, sessions: dict, options) -> list:
    """Each page loaded in `rounds` slices, round-robin, so drift in the shared machine's speed
    falls on every page alike and the dashboard/trivial ratio compares like with like."""
    results, slices = [], {}
    for label, path, who in measured:
        status = check(base, path, sessions[who]) if path else None
        if path is None:
            results.append((label, None, None, "not available yet"))
        elif status != 200:
            results.append((label, path, None, f"HTTP {status}"))
        else:
            results.append((label, path, None, ""))
            slices[label] = []
    seconds = max(1, options.seconds // options.rounds)
    for round_number in range(1, options.rounds + 1):
        for label, path, who in measured:
            if label in slices:
                print(f"Round {round_number}/{options.rounds}: {path} for {seconds} s…", flush=True)
                slices[label].append(load(wrk, base, path, sessions[who], seconds, options.connections))
    return [
        (label, path, combine(slices[label]) if label in slices else None, note) for label, path, _, note in results
    ]


def combine(parts: list[dict]) -> dict:
    """Throughput over all slices; latency as the median of the slices' figures."""
    requests = sum(part["requests"] for part in parts)
    seconds = sum(part["seconds"] for part in parts)
    return {
        "requests": requests,
        "seconds": seconds,
        "rps": requests / seconds,
        "median_ms": statistics.median(part["median_ms"] for part in parts),
        "p95_ms": statistics.median(part["p95_ms"] for part in parts),
        "errors": sum(part["errors"] for part in parts),
    }


PAGES = (
    # (label, role, URL name and arguments, query string); the arguments are filled in from the data.
    ("Trivial view (/healthz/live, no DB)", "", "'healthz_live'", ""),
    # For reference only: the same view with the leader's cookies: the session and the user are loaded.
    ("Trivial view, logged in (reference)", "leader", "'healthz_live'", ""),
    ("Leader dashboard (all plans)", "leader", "'reporting:dashboard'", ""),
    ("Task list, plan + status", "leader", "'tasks:task_list'", "?plan={plan}&status=in_progress_overdue"),
    ("Task list, agency + status", "leader", "'tasks:task_list'", "?agency={agency}&status=in_progress_overdue"),
    ("Agency home page (staff)", "staff", "'home'", ""),
    ("Review queue", "reviewer", "'reporting:review_queue'", ""),
    ("Completeness matrix (one period)", "reviewer", "'reporting:period_detail', args=[{period}]", ""),
    ("Plan list (staff)", "staff", "'tasks:plan_list'", ""),
    ("Report form (staff)", "staff", "'reporting:report_edit', args=[{report}]", ""),
)

PAGE_IDS = """
import json
from django.urls import reverse
from agencies.models import Agency
from reporting.models import AgencyReport, ReportingPeriod
from tasks.models import Plan
generated = Plan.objects.filter(number__endswith='/KH-SD').order_by('pk')
period = ReportingPeriod.objects.filter(state='open', plan__in=generated).order_by('pk').first()
report = (
    AgencyReport.objects.filter(agency__code='sd-001', period__state='open', state__in=['draft', 'returned'])
    .order_by('pk').first()
)
ids = {
    'plan': generated[4].pk,
    'agency': Agency.objects.get(code='sd-002').pk,
    'period': period.pk if period else None,
    'report': report.pk if report else None,
}
paths = {}
for label, role, name, query in PAGES:
    try:
        paths[label] = eval('reverse(' + name.format(**ids) + ')') + query.format(**ids)
    except Exception:
        paths[label] = None
print(json.dumps(paths))
"""


def pages(env: dict) -> list[tuple[str, str | None, str]]:
    """(label, path, session role) for each measured page; None path when the data has no such page."""
    code = f"PAGES = {PAGES!r}\n{PAGE_IDS}"
    found = json.loads(run(PYTHON, "manage.py", "shell", "-c", code, env=env, capture=True).strip().splitlines()[-1])
    return [(label, found[label], role) for label, role, _, _ in PAGES]


def in_process(env: dict, measured: list, requests: int) -> dict[str, dict]:
    """Each page through Django's test Client in one process (bench/inprocess.py): median time, queries."""
    listed = [[label, path, f"sd-{who}" if who else ""] for label, path, who in measured if path]
    pages_file = Path(f"/tmp/plan_portal_bench_pages_{os.getpid()}.json")
    pages_file.write_text(json.dumps(listed))
    try:
        output = run(
            PYTHON,
            str(ROOT / "bench" / "inprocess.py"),
            "--pages",
            str(pages_file),
            "--requests",
            str(requests),
            env=env,
            capture=True,
        )
    finally:
        pages_file.unlink(missing_ok=True)
    figures = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return {entry["label"]: entry for entry in figures}


def report_build(env: dict) -> dict | None:
    commands = run(PYTHON, "manage.py", "help", "--commands", env=env, capture=True).split()
    if "bench_report_build" not in commands:
        return None
    output = run(PYTHON, "manage.py", "bench_report_build", env=env, capture=True)
    return {"output": output.strip()}


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,30", help="comma-separated data scales, run in this order")
    parser.add_argument("--seconds", type=int, default=10, help="load time per page and scale")
    parser.add_argument("--rounds", type=int, default=5, help="slices per page, interleaved with the other pages")
    # One connection per gunicorn worker: each request is timed as served, not queued behind another.
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--requests", type=int, default=30, help="in-process requests per page")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument(
        "--db",
        default="plan_portal_bench",
        help="database name; _x<scale> is appended (or fills a {scale} in the name)",
    )
    parser.add_argument("--redis-db", type=int, default=7, help="Redis database used (and emptied) as the cache")
    parser.add_argument("--keep", action="store_true", help="reuse the data of a previous run and keep the databases")
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this text")
    parser.add_argument("--no-build", action="store_true", help="skip the report build")
    options = parser.parse_args()
    scales = [float(part) for part in options.scales.split(",") if part.strip()]

    wrk = ensure_wrk()
    user = pg_user()
    started = time.monotonic()
    runs = []
    for scale in scales:
        runs.append(run_scale(scale, wrk, user, options))
    text = render(runs, options, time.monotonic() - started)
    print(text)
    if options.only or options.no_build:
        return  # a partial run leaves the recorded results alone
    (ROOT / "bench" / "RESULTS.md").write_text(text)


def run_scale(scale: float, wrk: str, user: str, options) -> dict:
    db = database_name(options.db, scale)
    scale_started = time.monotonic()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{user}@127.0.0.1:5432/{db}",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_ROOT": f"/tmp/{options.db}_static",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env["CACHE_URL"] = redis_cache_url(options.redis_db)
    print(f"=== Scale ×{scale:g} ({db}), {time.strftime('%H:%M:%S')} ===", flush=True)
    generated_in = prepare_database(env, user, db, options.keep, scale)
    counts = {table: psql(user, f"SELECT count(*) FROM {table}", db=db) for table in COUNTED_TABLES}
    measured = [page for page in pages(env) if options.only.lower() in page[0].lower() or page[0].startswith("Trivial")]
    build = None if options.no_build or scale != 10 else report_build(env)
    server = None
    try:
        run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
        print(f"In-process timings ({options.requests} requests per page), {time.strftime('%H:%M:%S')}…", flush=True)
        local = in_process(env, measured, options.requests)
        base = f"http://127.0.0.1:{options.port}"
        server = start_server(env, options.port)
        sessions = {who: login(base, f"sd-{who}") for who in ("leader", "staff", "reviewer")}
        sessions[""] = ""
        results = measure(wrk, base, measured, sessions, options)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if not options.keep:
            psql(user, f"DROP DATABASE IF EXISTS {db}")
    return {
        "scale": scale,
        "db": db,
        "counts": counts,
        "generated_in": generated_in,
        "results": results,
        "local": local,
        "build": build,
        "pg_version": psql(user, "SHOW server_version"),
        "cache": bool(env["CACHE_URL"]),
        "elapsed": time.monotonic() - scale_started,
    }


COUNTED_TABLES = (
    "tasks_plan",
    "tasks_task",
    "agencies_agency",
    "tasks_assignment",
    "reporting_reportingperiod",
    "reporting_agencyreport",
    "reporting_reportitem",
    "reporting_reportevent",
)


def verdict(label: str, scale: float, figures: dict) -> str:
    if label.startswith("Trivial"):
        return "reference"
    met = figures["median_ms"] <= TARGET_MEDIAN_MS
    if scale == 10:
        return f"≤ {TARGET_MEDIAN_MS} ms: " + ("met" if met else "MISSED")
    return "≤ 50 ms" if met else "> 50 ms"


def render(runs: list[dict], options, elapsed: float) -> str:
    info = machine()
    first = runs[0] if runs else {"pg_version": "?", "cache": False}
    lines = [
        "# Benchmark results (`make bench`)",
        "",
        f"Machine: {info['nproc']} CPU ({info['cpu']}), {info['ram']} RAM, {info['os']}, Python {info['python']}, "
        f"PostgreSQL {first['pg_version']} (random_page_cost 1.1, set per connection by the settings). "
        "The machine is shared: other work ran during the measurements, so absolute figures move by tens of "
        "per cent from run to run; the queries per request do not.",
        "",
        "Method, for every scale:",
        "",
        "- **Under load**: gunicorn, 2 sync workers, DEBUG off, served from a fresh database holding the scale's "
        f"data (`generate_scale_data`); wrk, 1 thread, {options.connections} connections (one per worker: "
        f"service time at full load), {options.seconds} s per page in {options.rounds} interleaved slices, on the "
        "same machine (loopback: client and server share the cores). Median and p95 of the slices' figures. "
        f"Cache: {'Redis (emptied before each scale)' if first['cache'] else 'local memory'}; sessions in the "
        "database; every page is built on each request (no page cache).",
        f"- **In process**: the same database, Django's test Client in one process, no network: {options.requests} "
        "requests per page after 3 warm-up ones, median wall time (`time.perf_counter`) and median CPU time of "
        "that process (Python and templates; SQL runs in PostgreSQL's process), and the SQL queries of one "
        "request (`CaptureQueriesContext`). `bench/inprocess.py`, also usable alone (`--profile`, `--sql`).",
        f"- Target: median ≤ {TARGET_MEDIAN_MS} ms under load at ×10 (DESIGN.md), and the same number of queries "
        "per request at every scale.",
        "",
    ]
    for entry in runs:
        scale = entry["scale"]
        counts = ", ".join(f"{t.split('_', 1)[1]} {int(n):,}" for t, n in entry["counts"].items())
        generated = (
            f"generated in {entry['generated_in']:.0f} s" if entry["generated_in"] is not None else "data reused"
        )
        lines += [
            f"## Scale ×{scale:g}",
            "",
            f"Data: {counts} ({generated}; this scale's whole run {entry['elapsed']:.0f} s).",
            "",
            "| page | path | median ms | p95 ms | req/s | errors | in-process ms | CPU ms | queries | target |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for label, path, figures, note in entry["results"]:
            local = entry["local"].get(label, {})
            local_cells = (
                f"{local['median_ms']:.1f} | {local['cpu_ms']:.1f} | {local['queries']}"
                if local.get("status") == 200
                else "— | — | —"
            )
            if figures is None:
                lines.append(f"| {label} | {f'`{path}`' if path else '—'} | — | — | — | — | {local_cells} | {note} |")
                continue
            lines.append(
                f"| {label} | `{path}` | {figures['median_ms']:.1f} | {figures['p95_ms']:.1f} | "
                f"{figures['rps']:.0f} | {figures['errors']} | {local_cells} | {verdict(label, scale, figures)} |"
            )
        if entry["build"]:
            lines += [
                "",
                f"Consolidated report build (100 tasks × 40 agencies):\n\n```\n{entry['build']['output']}\n```",
            ]
        lines.append("")
    lines += summary(runs)
    lines += ["", f"Whole run: {elapsed / 60:.1f} min.", "", HISTORY]
    return "\n".join(lines)


def summary(runs: list[dict]) -> list[str]:
    """Queries per request and medians side by side across the scales; a changing query count is flagged."""
    if not runs:
        return []
    scales = " / ".join(f"×{entry['scale']:g}" for entry in runs)
    lines = [
        "## Across scales",
        "",
        f"| page | queries per request {scales} | median ms under load {scales} | in-process ms {scales} |",
        "|---|---|---|---|",
    ]
    for label, _, _, _ in runs[0]["results"]:
        queries, medians, local_ms = [], [], []
        for entry in runs:
            local = entry["local"].get(label, {})
            queries.append(local.get("queries"))
            local_ms.append(f"{local['median_ms']:.1f}" if local.get("status") == 200 else "—")
            figures = next((r[2] for r in entry["results"] if r[0] == label), None)
            medians.append(f"{figures['median_ms']:.1f}" if figures else "—")
        shown = " / ".join("—" if q is None else str(q) for q in queries)
        known = {q for q in queries if q is not None}
        if len(known) > 1:
            shown += " **CHANGES WITH SCALE**"
        lines.append(f"| {label} | {shown} | {' / '.join(medians)} | {' / '.join(local_ms)} |")
    return lines


HISTORY = """## History

Earlier passes (issues 5 and 22, before this table) measured one scale (×10) and served the leader
dashboard from a whole-page cache (1.8 ms), which issue 22 removed with the own session engine and
the Redis client tracking: every figure above is a real build of the page. At ×10 the task lists
went from 280–326 ms (first pass) to 91–112 ms (sixth pass, status as an 8 KB SQL CASE), then to
32–46 ms once each assignment stored the facts its status needs (status year, deadline, settled
status), with the review queue at 68 ms. Issue 22's bench pass (this file) added ×1 and ×30, the
in-process figures and the query counts, then: the review queue counted from an index on (state,
period) with its row labels translated once; the task list's role and status labels worked out once
per page; the plan list paged (it built all 300 plan cards at ×10); an assignment index on
(task, role) with the status facts, and random_page_cost 1.1 so the planner uses it.
"""


if __name__ == "__main__":
    main()
