"""Two "Lập báo cáo" at once on the embedded default's SQLite: both wait their turn, none is "database is locked"."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

ALIAS = "concurrent-sqlite"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker) -> Iterator[None]:
    """A SQLite file configured as the portal configures its embedded default (settings.SQLITE_OPTIONS).

    Outside the test database (the writers need a real file, shared by two connections).
    """
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "portal.sqlite3"),
        "OPTIONS": dict(settings.SQLITE_OPTIONS),
        "TEST": {"NAME": None},
    }
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE report (agency INTEGER UNIQUE)")
        connections[ALIAS].close()
        yield
    del connections.settings[ALIAS]


def _start_report(agency: int, barrier: threading.Barrier, outcomes: list) -> None:
    """As report_get_or_create does: look for the report, then create it, in one transaction."""
    try:
        barrier.wait()
        with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM report WHERE agency = %s", [agency])
            exists = cursor.fetchone()[0]
            time.sleep(0.2)  # the other request reads meanwhile
            if not exists:
                cursor.execute("INSERT INTO report (agency) VALUES (%s)", [agency])
        outcomes.append("ok")
    except OperationalError as error:
        outcomes.append(str(error))
    finally:
        connections[ALIAS].close()


def test_two_requests_starting_a_report_at_once_both_answer(sqlite_file):
    barrier, outcomes = threading.Barrier(2), []
    threads = [threading.Thread(target=_start_report, args=(1, barrier, outcomes)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == ["ok", "ok"]
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM report")
        assert cursor.fetchone()[0] == 1
    connections[ALIAS].close()
