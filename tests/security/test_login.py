"""Login and session hardening: brute force is locked out, weak passwords refused, sessions end,
security headers on every response, files always downloaded (never rendered by the browser)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reporting.consolidation import services as consolidation
from tests.factories import AgencyFactory, staff_of
from tests.security.conftest import TALLY
from tests.security.world import build_security_world, fake_renderers

pytestmark = pytest.mark.django_db

PASSWORD = "matkhau-thu-nghiem"
LOCKED_MESSAGE = "tạm thời bị khóa"


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_repeated_wrong_passwords_lock_out_even_the_right_password(client):
    user = staff_of(AgencyFactory())
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, user.username, "sai-mat-khau")
        TALLY["wrong passwords tried"] += 1
        assert "_auth_user_id" not in client.session
    response = _login(client, user.username, PASSWORD)
    assert response.status_code in (403, 429)
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_failures_below_the_limit_do_not_lock_and_success_resets_the_count(client):
    user = staff_of(AgencyFactory())
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "sai-mat-khau")
    assert _login(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "sai-mat-khau")
    assert _login(client, user.username, PASSWORD).status_code == 302


def test_lockout_of_one_address_leaves_the_owner_at_another_address_free(client):
    user = staff_of(AgencyFactory())
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, "sai-mat-khau", ip="203.0.113.9")
    assert _login(Client(), user.username, PASSWORD, ip="10.0.0.8").status_code == 302


@pytest.mark.parametrize("weak", ["123456", "12345678", "password", "matkhau", "qwerty123", "nguyenvana"])
def test_weak_passwords_are_refused(weak):
    user = staff_of(AgencyFactory(), username="nguyenvana", first_name="Văn A", last_name="Nguyễn")
    TALLY["weak passwords tried"] += 1
    with pytest.raises(ValidationError):
        validate_password(weak, user)
    form = AdminPasswordChangeForm(user, data={"password1": weak, "password2": weak})
    assert not form.is_valid()


def test_a_long_unusual_password_is_accepted():
    user = staff_of(AgencyFactory())
    validate_password("Ben-Tre-2018-ke-hoach-4447", user)


def test_sessions_end_with_the_browser_and_after_a_working_day(client):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True
    user = staff_of(AgencyFactory())
    response = _login(client, user.username, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == "", "a browser-session cookie"
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_logout_ends_the_session(client):
    user = staff_of(AgencyFactory())
    _login(client, user.username, PASSWORD)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("name", ["login", "home", "reporting:my_reports", "tasks:task_list"])
def test_security_headers_are_set(client, name):
    client.force_login(staff_of(AgencyFactory()))
    response = client.get(reverse(name))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_every_download_is_an_attachment_with_nosniff(client, monkeypatch):
    monkeypatch.setattr(consolidation, "default_renderers", fake_renderers)
    world = build_security_world()
    draft = world.reports["draft"].pk
    downloads = {
        world.staff: [
            reverse("reporting:attachment_download", args=[draft, world.attachment.pk]),
            reverse("reporting:evidence_download", args=[draft, world.evidence.pk]),
            reverse("reporting:signed_scan_download", args=[draft]),
            reverse("tasks:task_export", args=["csv"]),
            reverse("tasks:task_export", args=["xlsx"]),
        ],
        world.reviewer: [
            reverse("reporting:consolidated_download", args=[world.build.pk, kind]) for kind in ("pdf", "docx", "xlsx")
        ],
        world.leader: [reverse("reporting:dashboard_export")],
    }
    for user, urls in downloads.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            TALLY["downloads checked for headers"] += 1
            assert response.status_code == 200, url
            assert response["Content-Disposition"].startswith("attachment"), url
            assert response["X-Content-Type-Options"] == "nosniff", url


def test_production_cookies_are_secure_and_https_enforced():
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    env.update({"DEBUG": "false", "SECRET_KEY": "p" * 60, "DJANGO_SETTINGS_MODULE": "plan_portal.settings"})
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
    ]
    script = "from django.conf import settings; print(" + ",".join(f"settings.{n}" for n in names) + ")"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", "import django; django.setup(); " + script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    values = result.stdout.split()
    assert values[:4] == ["True"] * 4
    assert int(values[4]) >= 31536000
