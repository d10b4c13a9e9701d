# ruff: noqa: T201 - a command-line benchmark helper that prints its results
"""In-process page timings for `make bench`: no server, no network.

Reads a JSON list of pages ([label, path, username], ...) from --pages, logs each user in with
Django's test Client (a real database session), warms each page up, then times --requests
requests per page with time.perf_counter and counts the SQL queries of one request with
CaptureQueriesContext. Prints one JSON object per line: {"label", "status", "median_ms",
"queries"}. With --profile LABEL it prints a cProfile of that page instead (top functions by
cumulative time), and with --sql it prints the page's queries with their time.

Run with the same environment as the server (DATABASE_URL, DEBUG off, …):

    .venv/bin/python bench/inprocess.py --pages pages.json --requests 30
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan_portal.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", required=True, help="JSON file: [[label, path, username or ''], ...]")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", default="", help="profile the page whose label contains this text")
    parser.add_argument("--callers", default="", help="with --profile: print the callers of functions matching this")
    parser.add_argument("--sql", action="store_true", help="print each page's queries with their time")
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agencies.models import User

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    pages = json.loads(Path(options.pages).read_text())
    clients: dict[str, Client] = {}
    for _, _, username in pages:
        if username not in clients:
            client = Client()
            if username:
                client.force_login(User.objects.get(username=username))
            clients[username] = client

    for label, path, username in pages:
        client = clients[username]
        if options.profile and options.profile.lower() not in label.lower():
            continue
        response = client.get(path)
        if response.status_code != 200:
            print(json.dumps({"label": label, "status": response.status_code}), flush=True)
            continue
        for _ in range(options.warmup):
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = captured.captured_queries  # read now: each request resets the connection's log
        if options.sql:
            for query in queries:
                print(f"-- {query['time']} s\n{query['sql']}\n", file=sys.stderr)
        if options.profile:
            profile(client, path, options.requests, options.callers)
            return
        timings, cpu = [], []
        for _ in range(options.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        figures = {
            "label": label,
            "status": 200,
            "median_ms": round(statistics.median(timings), 2),
            # This process's CPU alone (Python, templates, driver): less shaken by other load than wall time.
            "cpu_ms": round(statistics.median(cpu), 2),
            "sql_ms": round(sum(float(query["time"]) for query in queries) * 1000, 1),
            "queries": len(queries),
        }
        print(json.dumps(figures), flush=True)


def profile(client, path: str, requests: int, callers: str = "") -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    if callers:
        stats.sort_stats("cumulative").print_callers(callers)
        return
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(r"/(agencies|reporting|tasks|plan_portal|templates)/", 40)


if __name__ == "__main__":
    main()
