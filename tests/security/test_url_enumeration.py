"""Every URL of the portal, probed anonymously, by another agency, by a leader and by the owner.

Outside their scope users get a redirect to login, 404 or 405, never data: the unique markers
written into agency A's drafts, submissions, returns, files, coordination input and notifications
never appear in a response they may not read, and a refused POST changes nothing.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from reporting.consolidation import services as consolidation
from tests.security.conftest import TALLY
from tests.security.url_table import PUBLIC, REFUSED, TABLE, Case, probed_names, walk
from tests.security.world import LEADER_MAY_SEE, MARK, build_security_world, fake_renderers, fingerprint

pytestmark = pytest.mark.django_db

FORBIDDEN = {
    "anonymous": set(MARK),
    "other": set(MARK),
    "leader": set(MARK) - LEADER_MAY_SEE,
}


def body_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", errors="replace")


def report_links(world) -> dict[str, str]:
    """A link to one of A's reports gives away that it exists and its state, even without its text."""
    return {state: f'"{reverse("reporting:report_detail", args=[r.pk])}"' for state, r in world.reports.items()}


def assert_no_markers(response, who: str, where: str, world=None) -> None:
    body = body_of(response)
    text = body + " ".join(f"{k}: {v}" for k, v in response.items())
    leaked = [key for key in FORBIDDEN[who] if MARK[key] in text]
    if world is not None:
        leaked += [
            f"link to {state} report"
            for state, link in report_links(world).items()
            if state in FORBIDDEN[who] and link in body
        ]
    assert not leaked, f"{who} read {leaked} at {where} (status {response.status_code})"


def _as(client, world, who: str):
    client.logout()
    user = world.user(who)
    if user is not None:
        client.force_login(user)
    return client


def _owner_key(case: Case) -> str:
    return case.owner


def _probe_anonymous(client, world, url: str, case: Case) -> None:
    _as(client, world, "anonymous")
    methods = ["get", "post"] if case.post else ["get"]
    for method in methods:
        response = getattr(client, method)(url, case.post(world) if method == "post" else None)
        TALLY["requests: anonymous"] += 1
        assert response.status_code == 302, f"anonymous {method} {url}"
        assert response.url.startswith(reverse(settings.LOGIN_URL)), response.url
        assert_no_markers(response, "anonymous", url)


def _probe_outsider(client, world, url: str, case: Case, who: str) -> None:
    _as(client, world, who)
    response = client.get(url)
    TALLY[f"requests: {who}"] += 1
    assert response.status_code in case.expect[who], f"{who} GET {url}: {response.status_code}"
    assert_no_markers(response, who, url, world)
    if case.post is None:
        return
    before = fingerprint(world)
    response = client.post(url, case.post(world))
    TALLY[f"requests: {who}"] += 1
    assert_no_markers(response, who, url, world)
    if who not in case.post_self_scoped:
        assert response.status_code in REFUSED, f"{who} POST {url} was accepted: {response.status_code}"
    assert fingerprint(world) == before, f"{who} POST {url} changed the owner's data"


def _probe_owner(client, world, url: str, case: Case) -> None:
    _as(client, world, case.owner)
    response = client.get(url)
    TALLY["requests: owner"] += 1
    assert response.status_code in case.expect["owner"], f"owner GET {url}: {response.status_code}"
    if case.post is None or case.expect["owner"] == frozenset({404}):
        return
    before = fingerprint(world)
    response = client.post(url, case.post(world))
    TALLY["requests: owner"] += 1
    assert response.status_code in case.owner_post, f"owner POST {url}: {response.status_code}"
    if case.owner_post_changes:
        assert fingerprint(world) != before, f"owner POST {url} did nothing: the probe proves nothing"


def test_every_url_pattern_has_an_access_entry():
    missing = [name for name in probed_names() if name not in TABLE]
    assert not missing, f"URL patterns without an entry in tests/security/url_table.py: {missing}"
    stale = sorted(set(TABLE) - set(probed_names()))
    assert not stale, f"Entries for URLs that no longer exist: {stale}"


def test_public_urls_carry_no_data(client):
    for route in walk():
        if route.name in PUBLIC:
            response = client.get("/" + route.route)
            assert response.status_code == 200
            # "ok", or the health check's lines: which services answer, nothing else.
            assert re.fullmatch(rb"ok|((database|redis): (ok|unreachable|not used)\n)+", response.content)


@pytest.mark.parametrize("name", probed_names())
def test_url_refuses_users_outside_its_scope(client, name, fast_renderers):
    assert name in TABLE, f"{name} has no entry in tests/security/url_table.py"
    for case in TABLE[name]:
        world = build_security_world()
        url = reverse(name, kwargs=case.kwargs(world))
        assert resolve(url).view_name == name
        _probe_anonymous(client, world, url, case)
        for who in ("other", "leader"):
            _probe_outsider(client, world, url, case, who)
        _probe_owner(client, world, url, case)
        TALLY["url cases probed"] += 1
    TALLY["url names probed"] += 1


@pytest.fixture
def fast_renderers(monkeypatch):
    monkeypatch.setattr(consolidation, "default_renderers", fake_renderers)
