"""The data version behind cached pages, and the whole-page cache of the leader dashboard."""

import re

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import Client
from django.urls import reverse

from plan_portal import pagecache, versioning
from reporting import services
from tests.factories import (
    PlanFactory,
    leader,
)

pytestmark = pytest.mark.django_db
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(params=["counter", "database"])
def version_mode(request, settings):
    settings.DATA_VERSION_IN_CACHE = request.param == "counter"
    return request.param


def test_saving_a_tracked_row_changes_the_version(version_mode):
    before = versioning.data_version()
    PlanFactory()
    assert versioning.data_version() != before


def test_counter_version_costs_no_query(settings, django_assert_num_queries):
    settings.DATA_VERSION_IN_CACHE = True
    versioning.data_version()
    with django_assert_num_queries(0):
        versioning.data_version()


def test_counter_changes_again_when_the_transaction_commits(settings, django_capture_on_commit_callbacks):
    settings.DATA_VERSION_IN_CACHE = True
    start = versioning.data_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        versioning.bump_data_version()
        during = versioning.data_version()
    for callback in callbacks:
        callback()
    assert start != during != versioning.data_version()


def test_counter_restarts_above_old_values_after_eviction(settings):
    from django.core.cache import cache

    settings.DATA_VERSION_IN_CACHE = True
    cache.set(versioning.VERSION_KEY, 5)
    cache.delete(versioning.VERSION_KEY)
    versioning.bump_data_version()
    assert int(versioning.data_version()[1:]) > 5


def test_dashboard_page_is_served_whole_from_the_cache_on_a_repeat_view(
    version_mode, approval_world, client, django_assert_max_num_queries
):
    client.force_login(leader())
    url = reverse("reporting:dashboard") + f"?plan={approval_world['plan'].pk}"
    first = client.get(url).content.decode()
    # Session, user, permissions and, without a shared cache, the database version.
    with django_assert_max_num_queries(4):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content.decode().count('data-completeness="approved"') == first.count('data-completeness="approved"')


def test_cached_dashboard_posts_with_a_valid_csrf_token(version_mode, approval_world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader())
    url = reverse("reporting:dashboard")
    client.get(url)
    tokens = [CSRF_FIELD.search(client.get(url).content.decode())[1] for _ in range(2)]

    assert "@@csrf-token@@" not in tokens
    assert tokens[0] != tokens[1], "each view masks the token afresh"
    response = client.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302, "the token from a cached page is accepted"


def test_csrf_masks_skip_bytes_that_would_favour_some_letters(monkeypatch):
    biased = bytes(range(248, 256))  # 248..255 % 62 would give the first letters a fifth more often
    fair = bytes(range(64))
    monkeypatch.setattr(pagecache.os, "urandom", lambda count: (biased + fair)[:count])

    assert pagecache._random_chars(32) == "".join(CSRF_ALLOWED_CHARS[byte % 62] for byte in fair[:32])


def test_cached_dashboard_is_not_stale_after_an_approval_through_the_service(version_mode, approval_world, client):
    client.force_login(leader())
    url = reverse("reporting:dashboard") + f"?plan={approval_world['plan'].pk}"
    assert 'data-completeness="approved">0<' in client.get(url).content.decode()
    client.get(url)  # now cached
    report = approval_world["report"]
    services.report_approve(report_id=report.pk, user=approval_world["reviewer"])
    assert 'data-completeness="approved">1<' in client.get(url).content.decode()


def test_pages_still_work_while_the_shared_cache_is_down(settings, approval_world, client):
    client.force_login(leader())
    settings.DATA_VERSION_IN_CACHE = True
    # Nothing listens on port 1: every cache call is refused, as when Redis is stopped.
    settings.CACHES = {"default": {"BACKEND": "plan_portal.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    assert client.get(reverse("reporting:dashboard")).status_code == 200
    assert client.get(reverse("tasks:task_list")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_a_repeat_dashboard_view_makes_one_cache_round_trip_and_no_query(
    settings, approval_world, client, django_assert_num_queries
):
    from unittest import mock

    from django.core.cache import cache

    settings.DATA_VERSION_IN_CACHE = True
    settings.SESSION_ENGINE = "plan_portal.sessions"
    client.force_login(leader())
    client.get(reverse("reporting:dashboard"))
    reads, inside = [], []
    original_get, original_get_many = cache.get, cache.get_many

    def get(*args, **kwargs):
        if not inside:  # the memory cache answers a get_many with gets; Redis with one MGET
            reads.append("get")
        return original_get(*args, **kwargs)

    def get_many(*args, **kwargs):
        reads.append("get_many")
        inside.append(True)
        try:
            return original_get_many(*args, **kwargs)
        finally:
            inside.pop()

    patches = mock.patch.object(cache, "get", get), mock.patch.object(cache, "get_many", get_many)
    with patches[0], patches[1], django_assert_num_queries(0):
        assert client.get(reverse("reporting:dashboard")).status_code == 200
    # The session, the data version and the user together; the page from this worker's memory.
    assert reads == ["get_many"], reads


def test_an_outage_logs_its_traceback_once_not_on_every_request(settings, approval_world, client, caplog):
    versioning._outage_logged.clear()  # a new outage: an earlier test in this process may have left one open
    client.force_login(leader())
    settings.DATA_VERSION_IN_CACHE = True
    settings.CACHES = {"default": {"BACKEND": "plan_portal.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with caplog.at_level("WARNING", logger="plan_portal.versioning"):
        for _ in range(3):
            assert client.get(reverse("tasks:task_list")).status_code == 200
    failures = [record for record in caplog.records if record.name == "plan_portal.versioning"]
    assert len(failures) >= 3, "every failed cache read is still reported"
    assert sum(1 for record in failures if record.exc_info) == 1
