"""Hardening (issue 21): a Content-Security-Policy without inline code, nothing a logged-in user saw kept in
a cache, no server banner, a password-change page, and a lockout keyed on the real client behind the proxy."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from reporting.api.models import ApiClient
from reporting.consolidation import services as consolidation
from tests.factories import AgencyFactory, staff_of
from tests.security.world import build_security_world, fake_renderers

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "matkhau-thu-nghiem"
NEW_PASSWORD = "Ben-Tre-2018-ke-hoach-4447"
# What a policy without 'unsafe-inline' would block: inline scripts (a JSON data block is not run),
# event-handler attributes, style attributes and <style> elements.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<[^>]+\sstyle\s*=|<style[\s>]", re.IGNORECASE)
PDF_ONLY = {"reporting/consolidated/document.html"}  # rendered by WeasyPrint, never sent to a browser


def _inline_code(html: str) -> list[str]:
    return [found.group(0)[:80] for pattern in (INLINE_SCRIPT, HANDLER, STYLE) for found in pattern.finditer(html)]


def _policy(response) -> dict[str, str]:
    directives = (part.strip().split(None, 1) for part in response["Content-Security-Policy"].split(";"))
    return {parts[0]: parts[1] if len(parts) > 1 else "" for parts in directives if parts}


@pytest.mark.parametrize("name", ["login", "home", "tasks:task_list", "reporting:my_reports"])
def test_every_page_carries_a_policy_that_allows_only_the_portals_own_scripts_and_styles(client, name):
    if name != "login":
        client.force_login(staff_of(AgencyFactory()))
    policy = _policy(client.get(reverse(name)))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)


def test_no_template_holds_inline_scripts_handlers_or_styles():
    templates = list((ROOT / "templates").rglob("*.html"))
    assert templates
    found = {
        str(path.relative_to(ROOT / "templates")): _inline_code(path.read_text(encoding="utf-8"))
        for path in templates
        if str(path.relative_to(ROOT / "templates")) not in PDF_ONLY
    }
    assert {name: code for name, code in found.items() if code} == {}


def test_pages_as_rendered_hold_no_inline_code(client, monkeypatch):
    """Python builds some markup itself (charts, option lists): the pages as sent are checked too."""
    monkeypatch.setattr(consolidation, "default_renderers", fake_renderers)
    world = build_security_world()
    report = world.reports["submitted"].pk
    pages = {
        world.staff: [reverse("home"), reverse("tasks:task_list"), reverse("reporting:my_reports")]
        + [reverse("reporting:report_edit", args=[world.reports["draft"].pk]), reverse("password_change")],
        world.reviewer: [reverse("home"), reverse("reporting:review_queue"), reverse("reporting:period_list")]
        + [reverse("reporting:report_detail", args=[report]), reverse("tasks:plan_detail", args=[world.plan.pk])]
        + [reverse("reporting:consolidated_detail", args=[world.consolidated.pk])],
        world.leader: [reverse("home"), reverse("reporting:dashboard"), reverse("reporting:consolidated_list")],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert _inline_code(response.content.decode()) == [], url


def test_logged_in_pages_and_downloads_are_never_stored(client):
    client.force_login(staff_of(AgencyFactory()))
    for url in (reverse("home"), reverse("tasks:task_list"), reverse("tasks:task_export", args=["csv"])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_api_answers_are_never_stored(client):
    api_client = ApiClient(name="Hệ thống thử", all_plans=True)
    token = api_client.set_new_token()
    api_client.save()
    response = client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def gunicorn_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - a fixed command line of this test
        [str(gunicorn), "plan_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/healthz/live"  # liveness: the test database is not the one gunicorn would open
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 - our own local server
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_gunicorn_sends_no_server_banner(gunicorn_url):
    with urllib.request.urlopen(gunicorn_url, timeout=5) as response:  # noqa: S310 - our own local server
        assert response.status == 200
        assert response.headers.get("Server") is None


def test_the_user_menu_links_to_the_password_change_page(client):
    client.force_login(staff_of(AgencyFactory()))
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in page
    assert "Đổi mật khẩu" in page


def test_a_user_changes_their_password_and_their_other_sessions_end():
    user = staff_of(AgencyFactory())
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)

    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert "Đã đổi mật khẩu" in here.get(response.url).content.decode()
    assert here.get(reverse("home")).status_code == 200, "this session goes on"
    assert elsewhere.get(reverse("home")).status_code == 302, "the other one ended"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("sai-mat-khau", NEW_PASSWORD, "Mật khẩu cũ không chính xác"),
        (PASSWORD, "Ab-1", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
        (PASSWORD, "12345678", "Mật khẩu này quá phổ biến."),
    ],
)
def test_a_refused_password_change_says_why_in_vietnamese_and_changes_nothing(client, old, new, message):
    user = staff_of(AgencyFactory())
    client.force_login(user)
    response = client.post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def _login_through_proxy(forwarded_for: str, username: str, password: str):
    """As nginx passes it on: it connects from 127.0.0.1 and appends the client's address to the header."""
    return Client().post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_a_lockout_holds_the_attacker_not_everyone_behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = staff_of(AgencyFactory())
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The attacker writes a new address of its own into the header each time; nginx appends the real one.
        _login_through_proxy(f"198.51.100.{attempt}, 203.0.113.9", user.username, "sai-mat-khau")

    locked = _login_through_proxy("203.0.113.9", user.username, PASSWORD)
    owner = _login_through_proxy("10.0.0.8", user.username, PASSWORD)

    assert locked.status_code in (403, 429)
    assert "tạm thời bị khóa" in locked.content.decode()
    assert owner.status_code == 302, "the owner, at another address behind the same proxy, logs in"


def test_without_a_proxy_a_forged_forwarded_header_does_not_escape_the_lockout(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = staff_of(AgencyFactory())
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            reverse("login"),
            {"username": user.username, "password": "sai-mat-khau"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    retry = Client().post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert retry.status_code in (403, 429)
    assert not Session.objects.exists()


def test_the_proxy_count_is_read_from_the_environment():
    assert settings.TRUSTED_PROXY_COUNT == 0  # directly exposed unless TRUSTED_PROXY_COUNT says otherwise
    env = {"TRUSTED_PROXY_COUNT": "1", "DJANGO_SETTINGS_MODULE": "plan_portal.settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; print(s.TRUSTED_PROXY_COUNT)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "1", result.stderr
