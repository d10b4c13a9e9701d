"""No form value is a 500 (issue 21): over-long login names, line breaks in names that become e-mail headers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies.models import Agency
from reporting import services
from tests.factories import AgencyFactory, staff_of
from tests.reporting.report_world import build_world, submit_through_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_a_login_name_longer_than_any_user_name_is_refused_with_the_login_message(client, length):
    staff_of(AgencyFactory())

    response = client.post(reverse("login"), {"username": "a" * length, "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


NAMES_WITH_LINE_BREAKS = ["Sở Nội vụ\nBcc: ai@example.com", "Sở Nội vụ\r\nBcc: ai@example.com", "Sở\u2028Nội vụ"]


@pytest.mark.parametrize("name", NAMES_WITH_LINE_BREAKS)
def test_an_agency_name_with_a_line_break_is_refused_in_the_admin(admin_client, name):
    agency = AgencyFactory(name="Sở Nội vụ")
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    data = {
        "name": name,
        "short_name": "",
        "code": agency.code,
        "kind": agency.kind,
        "position": 0,
        "is_active": "on",
        "aliases-TOTAL_FORMS": 0,
        "aliases-INITIAL_FORMS": 0,
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Tên chỉ gồm một dòng" in response.content.decode()
    agency.refresh_from_db()
    assert agency.name == "Sở Nội vụ"


def test_a_notification_about_an_agency_whose_name_has_a_line_break_is_mailed_on_one_subject_line(client, mailoutbox):
    from reporting import notifications

    world = build_world()
    Agency.objects.filter(pk=world.agency.pk).update(name="Sở Thông tin\nvà Truyền thông")  # stored before the check
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    client.force_login(world.staff)

    response = submit_through_form(client, report)

    assert response.status_code == 302
    event = report.events.latest("pk")
    notifications.notify_report_event(event.pk)
    assert mailoutbox and all("\n" not in mail.subject for mail in mailoutbox)
    assert any("Sở Thông tin và Truyền thông" in mail.subject for mail in mailoutbox)
