"""PostgreSQL unreachable: the portal's own Vietnamese 500 page, rendered without it, and /healthz says so."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

from tests.factories import AgencyFactory, staff_of

pytestmark = pytest.mark.django_db


@contextmanager
def database_unreachable(monkeypatch):
    """Every new connection and every statement fails, as when the server is stopped."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with monkeypatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        with connection.execute_wrapper(lambda *args: refuse()):
            yield


def test_every_page_answers_the_portals_own_500_page_while_the_database_is_down(monkeypatch):
    browser = Client(raise_request_exception=False)
    browser.force_login(staff_of(AgencyFactory()))

    with database_unreachable(monkeypatch):
        page = browser.get(reverse("reporting:my_reports"))
        posted = browser.post(reverse("reporting:my_reports"), {"overall_assessment": "Đoạn đã gõ"})

    for response in (page, posted):
        text = response.content.decode()
        assert response.status_code == 500
        assert "Hệ thống đang gặp sự cố" in text
        assert "Nội dung bạn đã gõ vẫn được giữ trong trình duyệt" in text
        assert 'class="topbar"' in text and "css/portal.css" in text  # the portal's layout


def test_healthz_says_the_database_is_unreachable_with_a_503(client, monkeypatch):
    assert client.get(reverse("healthz")).status_code == 200

    with database_unreachable(monkeypatch):
        response = client.get(reverse("healthz"))
        live = client.get(reverse("healthz_live"))

    assert response.status_code == 503
    assert "database: unreachable" in response.content.decode()
    assert live.status_code == 200  # the process itself is alive: a supervisor must not restart it


def test_healthz_says_whether_redis_answers(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    response = client.get(reverse("healthz"))

    assert response.status_code == 200  # pages work without Redis; jobs wait for the sweep
    assert response.content.decode() == "database: ok\nredis: unreachable\n"


def test_an_unknown_address_answers_the_portals_404_page_in_vietnamese(client):
    client.force_login(staff_of(AgencyFactory()))

    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang (404)" in response.content.decode()


def test_a_form_posted_after_the_session_changed_gets_the_csrf_page_saying_what_to_do():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_of(AgencyFactory()))

    response = browser.post(reverse("logout"))

    text = response.content.decode()
    assert response.status_code == 403
    assert "Trang này đã cũ nên chưa lưu được" in text
    assert "tải lại trang" in text and "Nội dung bạn đã gõ vẫn được giữ" in text


def test_a_request_the_server_cannot_read_answers_the_portals_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # a field larger than the limit, as one of 4 MB in production
    client.raise_request_exception = False

    response = client.post(reverse("login"), {"username": "x" * 4096, "password": "x"})

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ (400)" in response.content.decode()
