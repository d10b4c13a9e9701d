"""The data version behind the cached dashboard figures and option lists."""

import pytest
from django.urls import reverse

from plan_portal import versioning
from reporting import services
from tests.factories import (
    PlanFactory,
    leader,
)

pytestmark = pytest.mark.django_db
UNREACHABLE_REDIS = {  # nothing listens on port 1: every cache call is refused, as when Redis is stopped
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


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


def test_a_repeat_dashboard_view_takes_its_figures_from_the_cache(
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
    settings.CACHES = UNREACHABLE_REDIS
    assert client.get(reverse("reporting:dashboard")).status_code == 200
    assert client.get(reverse("tasks:task_list")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_an_outage_logs_its_traceback_once_not_on_every_request(settings, approval_world, client, caplog):
    versioning._outage_logged.clear()  # a new outage: an earlier test in this process may have left one open
    client.force_login(leader())
    settings.DATA_VERSION_IN_CACHE = True
    settings.CACHES = UNREACHABLE_REDIS
    with caplog.at_level("WARNING", logger="plan_portal.versioning"):
        for _ in range(3):
            assert client.get(reverse("tasks:task_list")).status_code == 200
    failures = [record for record in caplog.records if record.name == "plan_portal.versioning"]
    assert len(failures) >= 3, "every failed cache read is still reported"
    assert sum(1 for record in failures if record.exc_info) == 1


def test_a_change_made_while_the_cache_was_unreachable_moves_the_version_once_it_answers(settings, monkeypatch):
    """A frozen Redis comes back with the figures it held: they must not pass for current."""
    from django.core.cache import cache

    settings.DATA_VERSION_IN_CACHE = True
    before = versioning.data_version()

    def refused(*args, **kwargs):
        raise ConnectionError("Redis is frozen")

    with monkeypatch.context() as frozen:
        frozen.setattr(cache, "incr", refused)
        versioning.bump_data_version()

    assert versioning.data_version() != before
