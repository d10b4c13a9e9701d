"""Logging in and out while Redis is down (README, "Logging in and out while Redis is down").

Each test starts its own redis-server on a free port, stops it and starts it again with the data it
had (an RDB file in a temporary directory), so they run in both CI passes, with or without REDIS_URL.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plan_portal import sessions
from tests.factories import leader

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server binary"),
]
PASSWORD = "matkhau-thu-nghiem"


class PrivateRedis:
    """A redis-server of this test's own, stopped and started again with the data it held."""

    def __init__(self, directory):
        self.directory = directory
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line of this test
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.directory), "--dbfilename", "dump.rdb"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def stop_keeping_data(self) -> None:
        redis.Redis.from_url(self.url).shutdown(save=True)  # writes dump.rdb, read again by start()
        self.process.wait(timeout=10)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def has(self, key: str) -> bool:
        return bool(redis.Redis.from_url(self.url).exists(key))


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def redis_sessions(settings, private_redis):
    settings.CACHES = {
        "default": {
            "BACKEND": "plan_portal.cache.RedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.DATA_VERSION_IN_CACHE = True
    settings.SESSION_ENGINE = "plan_portal.sessions"
    sessions.cache_outage_seen.clear()
    yield private_redis
    sessions.cache_outage_seen.set()  # as a new worker starts: not knowing what happened before


def _log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def _session_cache_key(session_key: str) -> str:
    return cache.make_key("django.contrib.sessions.cached_db" + session_key)


def test_a_login_while_redis_is_down_works_and_its_pages_open(redis_sessions, client):
    user = leader()
    redis_sessions.stop_keeping_data()

    response = _log_in(client, user)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert home.wsgi_request.user == user


def test_a_login_after_redis_returns_is_cached_again(redis_sessions, client):
    user = leader()
    redis_sessions.stop_keeping_data()
    _log_in(client, user)
    redis_sessions.start()

    assert client.get(reverse("home")).status_code == 200

    assert redis_sessions.has(_session_cache_key(client.cookies["sessionid"].value))


def test_a_session_ended_while_redis_is_down_stays_ended_when_redis_returns_with_it(redis_sessions, client):
    _log_in(client, leader())
    assert client.get(reverse("home")).status_code == 200  # the session and its user are now in Redis
    session_cookie = client.cookies["sessionid"].value
    redis_sessions.stop_keeping_data()

    logout = client.post(reverse("logout"))
    assert logout.status_code == 302
    assert logout.url == reverse("login")

    redis_sessions.start()
    assert redis_sessions.has(_session_cache_key(session_cookie))  # Redis came back with the ended session
    client.cookies["sessionid"] = session_cookie
    replay = client.get(reverse("home"))

    assert replay.status_code == 302
    assert replay.url.startswith(reverse("login"))
    assert not redis_sessions.has(_session_cache_key(session_cookie))  # purged before Redis was trusted again


def test_a_worker_idle_through_the_outage_refuses_a_session_another_worker_ended(redis_sessions, client):
    _log_in(client, leader())
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("home")).status_code == 200  # this worker keeps the session as a tracked copy
    session_key = client.cookies["sessionid"].value
    redis_sessions.stop_keeping_data()
    Session.objects.filter(session_key=session_key).delete()  # another worker's logout, its cache delete failed
    redis_sessions.start()

    for _replay in range(2):  # neither the first request after the outage nor the next lets it in
        client.cookies["sessionid"] = session_key  # replayed: the portal's answer told the browser to drop it
        replay = client.get(reverse("home"))
        assert replay.status_code == 302
        assert replay.url.startswith(reverse("login"))


def test_a_logged_in_page_reads_no_session_or_user_from_the_database_while_redis_is_up(redis_sessions, client):
    _log_in(client, leader())
    client.get(reverse("home"))
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200

    user_table = get_user_model()._meta.db_table
    reads = [query["sql"] for query in queries if Session._meta.db_table in query["sql"] or user_table in query["sql"]]
    assert reads == []
