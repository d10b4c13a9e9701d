import pytest
from django.conf import settings
from django.utils import translation

from plan_portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _grouped_as_marked(request):
    """A test of an xdist_group must run in its group's worker: the real-worker tests share a Redis queue.

    pytest-xdist marks a grouped test by suffixing its node id with "@group"; with pytest 9.2 the
    suffix is silently lost (pytest-xdist#1386) and such tests ran side by side, taking each other's jobs.
    """
    loadgroup = getattr(request.config.option, "loadgroup", False)  # set in xdist workers under --dist loadgroup
    if loadgroup and request.node.get_closest_marker("xdist_group") and "@" not in request.node.nodeid:
        pytest.fail("--dist loadgroup is not grouping this test: this pytest and pytest-xdist do not work together")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads and built reports go to a per-test folder, never the developer's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test starts with an empty private cache, even when REDIS_URL points at a shared Redis."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # A private cache means the data version comes from the database (plan_portal.versioning), as
    # without REDIS_URL; tests of the shared-cache counter switch it on themselves.
    settings.DATA_VERSION_IN_CACHE = False
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _jobs_in_process(request):
    """Jobs run in-process in tests; tests marked `worker` talk to a real worker instead."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Vietnamese: a request in English leaves that language active on the thread,
    and a later test of Vietnamese messages run in the same worker then read English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
