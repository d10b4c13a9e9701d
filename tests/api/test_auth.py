import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.api import auth
from reporting.api.models import ApiCall, ApiClient

PLANS = "/api/v1/plans"


def test_call_without_token_is_refused_with_401(world, client):
    assert client.get(PLANS).status_code == 401


def test_unknown_token_is_refused_with_401(world, client):
    assert client.get(PLANS, HTTP_AUTHORIZATION="Bearer not-a-token").status_code == 401


def test_inactive_client_is_refused_with_401(world, client):
    world["client"].is_active = False
    world["client"].save()
    assert client.get(PLANS, **world["auth"]).status_code == 401


def test_token_is_stored_hashed_only(world):
    token = world["auth"]["HTTP_AUTHORIZATION"].split()[1]
    assert token not in world["client"].token_hash


def test_api_is_not_sent_to_the_login_page_and_needs_no_session(world, client):
    response = client.get(PLANS, **world["auth"])
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_every_call_is_logged_with_client_path_and_status(world, client):
    client.get(f"{PLANS}?limit=5", **world["auth"])
    client.get(PLANS)
    calls = list(ApiCall.objects.order_by("id"))
    assert [(c.client, c.path, c.status) for c in calls] == [
        (world["client"], f"{PLANS}?limit=5", 200),
        (None, PLANS, 401),
    ]
    assert world["client"].calls.get().duration_ms >= 0


def test_last_use_of_the_client_is_recorded(world, client):
    client.get(PLANS, **world["auth"])
    world["client"].refresh_from_db()
    assert world["client"].last_used_at is not None


def test_a_busy_client_writes_its_last_use_once_a_minute_not_on_every_call(world, client):
    def client_row_writes() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PLANS, **world["auth"]).status_code == 200
        return sum(1 for q in queries if q["sql"].startswith("UPDATE") and ApiClient._meta.db_table in q["sql"])

    assert [client_row_writes(), client_row_writes()] == [1, 0]
    ApiClient.objects.update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    assert client_row_writes() == 1


@pytest.mark.parametrize("limit", [3])
def test_calls_beyond_the_rate_limit_get_429_with_retry_after(world, client, settings, limit):
    settings.API_RATE_LIMIT_PER_MINUTE = limit
    answers = [client.get(PLANS, **world["auth"]) for _ in range(limit + 1)]
    assert [r.status_code for r in answers] == [200] * limit + [429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert ApiCall.objects.filter(status=429).count() == 1


def test_rate_limit_is_per_client(world, client, settings):
    from tests.api.conftest import make_client

    settings.API_RATE_LIMIT_PER_MINUTE = 1
    _, other_token = make_client(name="Hệ thống khác", all_plans=True)
    assert client.get(PLANS, **world["auth"]).status_code == 200
    assert client.get(PLANS, **world["auth"]).status_code == 429
    assert client.get(PLANS, HTTP_AUTHORIZATION=f"Bearer {other_token}").status_code == 200


UNREACHABLE_REDIS = {  # nothing listens on port 1: every cache call is refused, as when Redis is stopped
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_the_api_answers_while_redis_is_down_and_keeps_its_limit(world, client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    answers = [client.get(PLANS, **world["auth"]).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_a_redis_outage_is_logged_once_and_its_end_once(world, client, settings, caplog):
    auth._cache_unreachable.clear()  # a new outage: an earlier test in this process may have left one open
    with caplog.at_level("WARNING", logger="reporting.api.auth"):
        settings.CACHES = UNREACHABLE_REDIS
        for _ in range(3):
            assert client.get(PLANS, **world["auth"]).status_code == 200
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        for _ in range(2):
            assert client.get(PLANS, **world["auth"]).status_code == 200
    messages = [record.getMessage() for record in caplog.records if record.name == "reporting.api.auth"]
    assert messages == [
        "API rate limit: cache unreachable, counting calls in the database",
        "API rate limit: cache reachable again, counting calls there",
    ]
