"""Redis down or frozen (README, "When Redis is down or frozen"): sessions live in the database, so a logout holds
whatever Redis does, and the pages and the API keep answering, only slower.

Each test starts its own redis-server on a free port, stops it (or pauses it with SIGSTOP) and starts it
again with the data it had (an RDB file in a temporary directory), so they run in both CI passes, with or
without REDIS_URL.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from plan_portal import rediscache, versioning
from reporting import services
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

    @contextlib.contextmanager
    def frozen(self):
        """Paused, not down: connections stay open and nothing answers, as a Redis stuck on its disk."""
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
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


QUIET_SECONDS = 0.2  # the cache leaves a failed Redis alone this long (5 s in production: tests wait it out)


@pytest.fixture
def shared_cache(settings, private_redis, monkeypatch):
    """The production cache settings, pointed at this test's own Redis."""
    timeouts = {
        "socket_connect_timeout": settings.CACHE_TIMEOUT_SECONDS,
        "socket_timeout": settings.CACHE_TIMEOUT_SECONDS,
    }
    backend = {"BACKEND": "plan_portal.rediscache.RedisCache", "LOCATION": private_redis.url, "OPTIONS": timeouts}
    settings.CACHES = {"default": backend}
    settings.DATA_VERSION_IN_CACHE = True
    monkeypatch.setattr(rediscache, "QUIET_SECONDS", QUIET_SECONDS)
    rediscache._quiet_until.clear()
    return private_redis


def _quiet_period_over() -> None:
    time.sleep(QUIET_SECONDS + 0.05)


def _log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def _refused(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_login_while_redis_is_down_works_and_its_pages_open(shared_cache, client):
    user = leader()
    shared_cache.stop_keeping_data()

    response = _log_in(client, user)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert home.wsgi_request.user == user


def test_a_session_ended_while_redis_is_down_stays_ended_when_redis_returns(shared_cache, client):
    _log_in(client, leader())
    assert client.get(reverse("home")).status_code == 200
    session_cookie = client.cookies["sessionid"].value
    shared_cache.stop_keeping_data()

    logout = client.post(reverse("logout"))
    assert logout.status_code == 302

    shared_cache.start()
    client.cookies["sessionid"] = session_cookie
    assert _refused(client.get(reverse("home")))


def test_a_logged_out_cookie_replayed_while_redis_is_frozen_is_refused(shared_cache, client):
    _log_in(client, leader())
    assert client.get(reverse("home")).status_code == 200
    session_cookie = client.cookies["sessionid"].value

    with shared_cache.frozen():
        assert client.post(reverse("logout")).status_code == 302
        for _replay in range(3):
            client.cookies["sessionid"] = session_cookie
            assert _refused(client.get(reverse("home")))

    client.cookies["sessionid"] = session_cookie
    assert _refused(client.get(reverse("home"))), "nor once Redis resumes"


def test_pages_answer_while_redis_is_frozen(shared_cache, client, approval_world):
    _log_in(client, leader())
    client.get(reverse("reporting:dashboard"))  # figures and options now cached

    with shared_cache.frozen():
        for name in ("reporting:dashboard", "tasks:task_list"):
            assert client.get(reverse(name)).status_code == 200, name


def test_an_approval_in_another_worker_shows_on_the_next_dashboard(shared_cache, client, approval_world):
    _log_in(client, leader())
    url = reverse("reporting:dashboard") + f"?plan={approval_world['plan'].pk}"
    assert 'data-completeness="approved">0<' in client.get(url).content.decode()

    # Another worker approves: the database changes and the shared data version moves, not through this process.
    report = approval_world["report"]
    type(report).objects.filter(pk=report.pk).update(state="approved")
    redis.Redis.from_url(shared_cache.url).incr(cache.make_key(versioning.VERSION_KEY))

    assert 'data-completeness="approved">1<' in client.get(url).content.decode()


def test_an_approval_made_while_redis_is_frozen_shows_once_it_resumes(shared_cache, client, approval_world):
    _log_in(client, leader())
    url = reverse("reporting:dashboard") + f"?plan={approval_world['plan'].pk}"
    assert 'data-completeness="approved">0<' in client.get(url).content.decode()

    with shared_cache.frozen():
        services.report_approve(report_id=approval_world["report"].pk, user=approval_world["reviewer"])
    _quiet_period_over()

    assert 'data-completeness="approved">1<' in client.get(url).content.decode()


def test_after_a_call_to_a_frozen_redis_fails_the_next_ones_fail_at_once_until_it_is_asked_again(shared_cache):
    cache.set("figures", "cached")
    with shared_cache.frozen():
        with pytest.raises(redis.TimeoutError):
            cache.get("figures")  # waited for the socket timeout
        with pytest.raises(redis.ConnectionError, match="not asked again yet"):
            cache.get("figures")
        with pytest.raises(redis.ConnectionError, match="not asked again yet"):
            cache.set("figures", "new")
    with pytest.raises(redis.ConnectionError, match="not asked again yet"):
        cache.get("figures")  # resumed, but still within the quiet seconds

    _quiet_period_over()

    assert cache.get("figures") == "cached"


def test_the_api_answers_while_redis_is_frozen(shared_cache, client):
    from tests.api.conftest import make_client

    _api_client, token = make_client(all_plans=True)
    with shared_cache.frozen():
        answers = [client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {token}").status_code for _ in range(2)]
    assert answers == [200, 200]
