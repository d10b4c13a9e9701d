"""Forged posts: without the CSRF token every POST endpoint answers 403 and changes nothing;
state changes only happen by POST (a GET of any URL leaves the data as it was)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reporting.consolidation import services as consolidation
from tests.security.conftest import TALLY
from tests.security.url_table import TABLE
from tests.security.world import build_security_world, fake_renderers, fingerprint

pytestmark = pytest.mark.django_db

POST_CASES = [(name, index) for name, cases in TABLE.items() for index, case in enumerate(cases) if case.post]
ALL_CASES = [(name, index) for name, cases in TABLE.items() for index in range(len(cases))]


@pytest.fixture(autouse=True)
def fast_renderers(monkeypatch):
    monkeypatch.setattr(consolidation, "default_renderers", fake_renderers)


def _client_of(world, key: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user(key))
    return client


@pytest.mark.parametrize(("name", "index"), POST_CASES)
def test_post_without_csrf_token_is_refused_and_changes_nothing(name, index):
    case = TABLE[name][index]
    world = build_security_world()
    client = _client_of(world, case.owner)
    url = reverse(name, kwargs=case.kwargs(world))
    before = fingerprint(world)
    response = client.post(url, case.post(world))
    TALLY["forged posts (no token)"] += 1
    assert response.status_code == 403
    assert fingerprint(world) == before


@pytest.mark.parametrize(("name", "index"), POST_CASES)
def test_post_with_a_forged_token_is_refused(name, index):
    case = TABLE[name][index]
    world = build_security_world()
    client = _client_of(world, case.owner)
    client.cookies["csrftoken"] = "a" * 32
    url = reverse(name, kwargs=case.kwargs(world))
    before = fingerprint(world)
    response = client.post(url, {**case.post(world), "csrfmiddlewaretoken": "b" * 32})
    TALLY["forged posts (wrong token)"] += 1
    assert response.status_code == 403
    assert fingerprint(world) == before


def test_owner_post_with_the_page_token_still_works():
    """The control: the refusals above come from the missing token, not from a broken form."""
    world = build_security_world()
    client = _client_of(world, "staff")
    url = reverse("reporting:coordination", args=[world.periods["draft"].pk])
    page = client.get(url)
    token = page.context["csrf_token"]
    body = {"assignment": world.extra["coordinating"].pk, "text": "Ý kiến có mã chống giả mạo"}
    response = client.post(url, {**body, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert world.extra["coordinating"].coordination_inputs.filter(text=body["text"]).exists()


@pytest.mark.parametrize("name", ["login", "logout", "set_language"])
def test_login_logout_and_language_posts_need_the_token(name):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse(name), {"username": "x", "password": "y", "language": "en"})
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "index"), ALL_CASES)
def test_get_never_changes_anything(name, index):
    case = TABLE[name][index]
    world = build_security_world()
    client = _client_of(world, case.owner)
    url = reverse(name, kwargs=case.kwargs(world))
    before = fingerprint(world)
    response = client.get(url)
    TALLY["GETs checked for side effects"] += 1
    if case.post and not any(status in case.expect["owner"] for status in (200, 302)):
        assert response.status_code == 405
    assert fingerprint(world) == before
