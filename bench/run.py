# ruff: noqa: S108, S310, S603, S607, S608 - a local benchmark driving local tools with its own fixed inputs
"""`make bench`: the portal at province scale ×10 on PostgreSQL, served by gunicorn, driven by wrk.

Creates a throwaway database, migrates, generates the data, serves with 2 gunicorn workers
(DEBUG off), logs in one session per role, then loads each page from a second process on
loopback for a bounded time. Prints the table and writes it to bench/RESULTS.md.
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
DB_NAME = "plan_portal_bench"
PASSWORD = "bench-" + secrets.token_hex(8)
TARGET_MEDIAN_MS = 100
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


def prepare_database(env: dict, user: str, keep: bool, scale: float) -> None:
    exists = psql(user, f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'") == "1"
    if keep and exists:
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
        has_data = psql(user, "SELECT count(*) FROM agencies_agency WHERE code LIKE 'sd-%'", db=DB_NAME) != "0"
        if has_data:
            print("Reusing the data already in", DB_NAME, flush=True)
            set_passwords(env)
            return
    psql(user, f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(user, f"CREATE DATABASE {DB_NAME}")
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    print(f"Generating scale ×{scale:g} data…", flush=True)
    run(PYTHON, "manage.py", "generate_scale_data", "--scale", str(scale), "--users-password", PASSWORD, env=env)
    psql(user, "VACUUM ANALYZE", db=DB_NAME)


def set_passwords(env: dict) -> None:
    code = (
        "from agencies.models import User\n"
        f"for u in User.objects.filter(username__startswith='sd-'): u.set_password({PASSWORD!r}); u.save()\n"
    )
    run(PYTHON, "manage.py", "shell", "-c", code, env=env)


def redis_cache_url() -> str:
    """The machine's Redis as the web cache (dashboard figures, option lists), as in production; jobs stay eager."""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/7"
    except OSError:
        pass
    return ""


def start_server(env: dict, port: int) -> subprocess.Popen:
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
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


def first_path(env: dict, code: str) -> str:
    return run(PYTHON, "manage.py", "shell", "-c", code, env=env, capture=True).strip().splitlines()[-1]


def pages(env: dict) -> list[tuple[str, str, str]]:
    """(label, path, session role) for each measured page; None path means not available yet."""
    url = "from django.urls import reverse; print(reverse({}))"
    generated = "number__endswith='/KH-SD'"
    plan_id = first_path(
        env, f"from tasks.models import Plan; print(Plan.objects.filter({generated}).order_by('pk')[4].pk)"
    )
    agency_id = first_path(env, "from agencies.models import Agency; print(Agency.objects.get(code='sd-002').pk)")
    period_id = first_path(
        env,
        "from reporting.models import ReportingPeriod as P; "
        f"print(P.objects.filter(state='open', plan__{generated}).order_by('pk').first().pk)",
    )
    listed = []
    for label, name, query, who in (
        ("Trivial view (/healthz/live, no DB)", "'healthz_live'", "", ""),
        # For reference only: the same view with the leader's cookies, so the session and user are loaded.
        ("Trivial view, logged in (reference)", "'healthz_live'", "", "leader"),
        ("Leader dashboard (all plans)", "'reporting:dashboard'", "", "leader"),
        ("Task list, filtered", "'tasks:task_list'", f"?plan={plan_id}&status=in_progress_overdue", "leader"),
        (
            "Task list, agency + status",
            "'tasks:task_list'",
            f"?agency={agency_id}&status=in_progress_overdue",
            "leader",
        ),
        ("Agency home page (staff)", "'home'", "", "staff"),
        ("Review queue", "'reporting:review_queue'", "", "reviewer"),
        ("Completeness matrix (one period)", f"'reporting:period_detail', args=[{period_id}]", "", "reviewer"),
    ):
        try:
            path = first_path(env, url.format(name))
        except subprocess.CalledProcessError:
            path = None
        listed.append((label, path + query if path else None, who))
    return listed


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
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=10, help="load time per page")
    parser.add_argument("--rounds", type=int, default=5, help="slices per page, interleaved with the other pages")
    # One connection per gunicorn worker: each request is timed as served, not queued behind another.
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--keep", action="store_true", help="reuse the data of a previous run and keep the database")
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this text")
    parser.add_argument("--no-build", action="store_true", help="skip the report build")
    options = parser.parse_args()

    wrk = ensure_wrk()
    user = pg_user()
    database_url = f"postgres://{user}@127.0.0.1:5432/{DB_NAME}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": "/tmp/plan_portal_bench_static",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env["CACHE_URL"] = redis_cache_url()
    started = time.monotonic()
    prepare_database(env, user, options.keep, options.scale)
    pg_version = psql(user, "SHOW server_version")
    counts = {
        table: psql(user, f"SELECT count(*) FROM {table}", db=DB_NAME)
        for table in (
            "tasks_plan",
            "tasks_task",
            "agencies_agency",
            "tasks_assignment",
            "reporting_reportingperiod",
            "reporting_agencyreport",
            "reporting_reportitem",
            "reporting_reportevent",
        )
    }
    measured = [page for page in pages(env) if options.only.lower() in page[0].lower() or page[0].startswith("Trivial")]
    build = None if options.no_build else report_build(env)
    base = f"http://127.0.0.1:{options.port}"
    server = start_server(env, options.port)
    try:
        sessions = {who: login(base, f"sd-{who}") for who in ("leader", "staff", "reviewer")}
        sessions[""] = ""
        results = measure(wrk, base, measured, sessions, options)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if not options.keep:
            psql(user, f"DROP DATABASE IF EXISTS {DB_NAME}")
    text = render(results, build, counts, pg_version, options, time.monotonic() - started)
    print(text)
    if options.only or options.no_build:
        return  # a partial run leaves the recorded results alone
    (ROOT / "bench" / "RESULTS.md").write_text(text)


def render(results, build, counts, pg_version, options, elapsed) -> str:
    info = machine()
    trivial = next((r[2]["rps"] for r in results if r[2] and r[0].startswith("Trivial")), None)
    lines = [
        "# Benchmark results (`make bench`)",
        "",
        f"Machine: {info['nproc']} CPU ({info['cpu']}), {info['ram']} RAM, {info['os']}, Python {info['python']}, "
        f"PostgreSQL {pg_version}. gunicorn 2 sync workers, DEBUG off; "
        f"wrk 1 thread, {options.connections} connections (one per worker: service time at full load), "
        f"{options.seconds} s per page in {options.rounds} interleaved slices, on the same machine (loopback) — "
        "client and server share the 2 cores. "
        f"Cache: {'Redis' if redis_cache_url() else 'local memory'}; sessions in the database.",
        "",
        f"Data (scale ×{options.scale:g}): " + ", ".join(f"{t.split('_', 1)[1]} {int(n):,}" for t, n in counts.items()),
        "",
        "| page | path | median ms | p95 ms | req/s | errors | target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for label, path, figures, note in results:
        if figures is None:
            lines.append(f"| {label} | {path or '—'} | — | — | — | — | {note} |")
            continue
        verdict = (
            "ceiling"
            if label.startswith("Trivial")
            else ("median < 100 ms: " + ("met" if figures["median_ms"] < TARGET_MEDIAN_MS else "MISSED"))
        )
        if "reference" in label and trivial:
            verdict = f"session and user alone: {figures['rps'] / trivial:.0%} of the ceiling"
        if "dashboard" in label and trivial:
            ratio = figures["rps"] / trivial
            verdict += f"; {ratio:.0%} of trivial throughput (≥ 50%: {'met' if ratio >= 0.5 else 'MISSED'})"
        lines.append(
            f"| {label} | `{path}` | {figures['median_ms']:.1f} | {figures['p95_ms']:.1f} | "
            f"{figures['rps']:.0f} | {figures['errors']} | {verdict} |"
        )
    lines += [
        "",
        "Consolidated report build (100 tasks × 40 agencies): "
        + (f"\n\n```\n{build['output']}\n```" if build else "`manage.py bench_report_build` not available yet."),
    ]
    lines += ["", f"Whole run: {elapsed:.0f} s.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
