"""Tracked reads (plan_portal.cache): what every request reads, kept in the process until Redis says it changed.

These need a real Redis (CI's second pass has REDIS_URL). They use their own Redis database, which
they flush, so they run one after another in one xdist worker.
"""

import os
import select
import time
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from plan_portal import versioning
from reporting.models import AgencyReport, ReportState
from tests.factories import leader

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("tracked-reads")]
TRACKED_DB = 13  # the worker tests use REDIS_URL's own database


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs REDIS_URL (CI's second `make test` pass runs it)")
    return urlunsplit(urlsplit(url)._replace(path=f"/{TRACKED_DB}"))


@pytest.fixture
def other_worker(redis_url):
    """A plain client, as another gunicorn worker or a Celery worker writes to Redis."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture
def shared_cache(settings, redis_url, other_worker):
    settings.CACHES = {"default": {"BACKEND": "plan_portal.cache.RedisCache", "LOCATION": redis_url}}
    settings.DATA_VERSION_IN_CACHE = True
    settings.SESSION_ENGINE = "plan_portal.sessions"
    return cache


def redis_commands_sent():
    """Counts every command this process sends to Redis, on any connection."""
    return mock.patch(
        "redis.connection.AbstractConnection.send_packed_command",
        autospec=True,
        side_effect=redis.connection.AbstractConnection.send_packed_command,
    )


def test_a_repeat_logged_in_request_makes_no_redis_round_trip(shared_cache, approval_world, client):
    client.force_login(leader())
    url = reverse("reporting:dashboard")
    client.get(url)
    client.get(url)  # the session, user and version read now are tracked

    with redis_commands_sent() as sent:
        response = client.get(url)

    assert response.status_code == 200
    assert sent.call_count == 0


def test_a_logout_in_another_worker_is_seen_by_the_next_request(shared_cache, approval_world, client, other_worker):
    client.force_login(leader())
    url = reverse("reporting:dashboard")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200

    session_key = client.cookies["sessionid"].value
    other_worker.delete(cache.make_key("django.contrib.sessions.cached_db" + session_key))
    Session.objects.filter(session_key=session_key).delete()
    _wait_for_the_push()

    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_approval_in_another_worker_shows_on_the_next_dashboard(shared_cache, approval_world, client, other_worker):
    client.force_login(leader())
    url = reverse("reporting:dashboard") + f"?plan={approval_world['plan'].pk}"
    assert 'data-completeness="approved">0<' in client.get(url).content.decode()
    client.get(url)

    # Another worker approves: the database changes and the data version moves, neither through this process.
    AgencyReport.objects.filter(pk=approval_world["report"].pk).update(state=ReportState.APPROVED)
    other_worker.incr(cache.make_key(versioning.VERSION_KEY))
    _wait_for_the_push()

    assert 'data-completeness="approved">1<' in client.get(url).content.decode()


def test_a_value_is_read_again_after_redis_reports_it_changed(shared_cache, other_worker):
    key = cache.make_key("greeting")
    shared_cache.set("greeting", "xin chào")
    assert shared_cache.get_many_tracked(["greeting"]) == {"greeting": "xin chào"}

    with redis_commands_sent() as sent:
        assert shared_cache.get_many_tracked(["greeting"]) == {"greeting": "xin chào"}
    assert sent.call_count == 0

    other_worker.set(key, shared_cache._cache._serializer.dumps("chào buổi sáng"))
    _wait_for_the_push()
    assert shared_cache.get_many_tracked(["greeting"]) == {"greeting": "chào buổi sáng"}

    other_worker.delete(key)
    _wait_for_the_push()
    assert shared_cache.get_many_tracked(["greeting"]) == {}


def test_this_processs_own_writes_are_seen_at_once_without_waiting_for_the_push(shared_cache, monkeypatch):
    shared_cache.set_many({"own": "một", "gone": "hai", "count": 1})
    assert shared_cache.get_many_tracked(["own", "gone", "count"]) == {"own": "một", "gone": "hai", "count": 1}
    tracked = shared_cache._cache.tracked
    monkeypatch.setattr(tracked, "_read_invalidations", lambda connection: None)  # no push is read

    shared_cache.set("own", "ba")
    shared_cache.delete("gone")
    shared_cache.incr("count")
    assert shared_cache.get_many_tracked(["own", "gone", "count"]) == {"own": "ba", "count": 2}


def test_a_key_that_did_not_exist_is_read_again_once_another_worker_creates_it(shared_cache, other_worker):
    assert shared_cache.get_many_tracked(["late"]) == {}
    other_worker.set(cache.make_key("late"), shared_cache._cache._serializer.dumps("đến muộn"))
    _wait_for_the_push()
    assert shared_cache.get_many_tracked(["late"]) == {"late": "đến muộn"}


def test_a_flush_drops_every_kept_value(shared_cache, other_worker):
    shared_cache.set_many({"a": "một", "b": "hai"})
    assert shared_cache.get_many_tracked(["a", "b"]) == {"a": "một", "b": "hai"}
    other_worker.flushdb()
    _wait_for_the_push()
    assert shared_cache.get_many_tracked(["a", "b"]) == {}


def test_a_kept_value_never_outlives_its_expiry_even_before_redis_removes_the_key(shared_cache, monkeypatch):
    shared_cache.set("short", "ngắn", timeout=1)
    assert shared_cache.get_many_tracked(["short"]) == {"short": "ngắn"}
    tracked = shared_cache._cache.tracked
    monkeypatch.setattr(tracked, "_read_invalidations", lambda connection: None)  # as if the push were late
    later = time.monotonic() + 1.5
    monkeypatch.setattr("plan_portal.cache.time.monotonic", lambda: later)

    with redis_commands_sent() as sent:
        shared_cache.get_many_tracked(["short"])
    assert sent.call_count == 1, "an expired copy is read again from Redis"


def test_a_lost_connection_drops_what_was_kept_and_the_next_read_is_fresh(shared_cache, other_worker):
    shared_cache.set("colour", "xanh")
    assert shared_cache.get_many_tracked(["colour"]) == {"colour": "xanh"}
    clients = [dict(field.split("=", 1) for field in line.split()) for line in _client_list(other_worker)]
    tracking = [entry["id"] for entry in clients if "t" in entry["flags"]]
    assert tracking, "the tracking connection is listed with the t flag"
    for client_id in tracking:
        other_worker.client_kill_filter(_id=client_id)
    # The invalidation for this write cannot reach the killed connection.
    other_worker.set(cache.make_key("colour"), shared_cache._cache._serializer.dumps("đỏ"))
    _wait_for_the_push()  # here: the connection's close

    with pytest.raises(redis.ConnectionError):
        shared_cache.get_many_tracked(["colour"])  # the caller falls back to a plain read (sessions do)
    assert shared_cache.get_many_tracked(["colour"]) == {"colour": "đỏ"}


@pytest.fixture
def redis_without_client_command(redis_url, other_worker):
    """A Redis user that may not run CLIENT, as some managed Redis services set up."""
    other_worker.execute_command(
        "ACL", "SETUSER", "plan-portal-no-client", "reset", "on", ">pw", "~*", "&*", "+@all", "-client"
    )
    yield urlunsplit(urlsplit(redis_url)._replace(netloc=f"plan-portal-no-client:pw@{urlsplit(redis_url).netloc}"))
    other_worker.execute_command("ACL", "DELUSER", "plan-portal-no-client")


def test_a_redis_that_refuses_tracking_gets_plain_reads(settings, redis_without_client_command, other_worker, caplog):
    settings.CACHES = {"default": {"BACKEND": "plan_portal.cache.RedisCache", "LOCATION": redis_without_client_command}}
    cache.set("plain", "một")
    assert cache.get_many_tracked(["plain"]) == {"plain": "một"}
    assert "refused key tracking" in caplog.text

    other_worker.set(cache.make_key("plain"), cache._cache._serializer.dumps("hai"))
    with redis_commands_sent() as sent:
        assert cache.get_many_tracked(["plain"]) == {"plain": "hai"}
    assert sent.call_count == 1, "one plain read, no new attempt to track"


def test_logged_in_users_keep_working_when_redis_goes_away(shared_cache, settings, approval_world, client):
    client.force_login(leader())
    url = reverse("reporting:dashboard")
    assert client.get(url).status_code == 200
    # Nothing listens on port 1: every cache call is refused, as when Redis is stopped.
    settings.CACHES = {"default": {"BACKEND": "plan_portal.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    assert client.get(url).status_code == 200, "the session is read from the database"
    assert client.get(url).status_code == 200


def _client_list(client) -> list[str]:
    return client.execute_command("CLIENT", "LIST", "TYPE", "normal").decode().splitlines()


def _wait_for_the_push():
    """Until Redis's invalidation (or the close of a killed connection) is on the tracking connection,
    as it is by the time a person's next request arrives: it follows the writer's reply by ~50 µs
    here, 4 ms at worst seen with the CPUs overloaded. A test's next line comes sooner than a click."""
    connection = cache._cache.tracked._connection
    readable, _, _ = select.select([connection._sock], [], [], 5)
    assert readable, "nothing arrived from Redis"
