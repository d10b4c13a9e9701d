"""Text typed decomposed (NFD), as some keyboards and pasted text send it, is stored and searched as NFC."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import AgencyReport
from tests.factories import AgencyFactory, AssignmentFactory, TaskFactory, staff_of
from tests.reporting.report_world import build_world, form_data

pytestmark = pytest.mark.django_db

PHRASE = "Tổ chức hội nghị triển khai chuyển đổi số"


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def test_a_search_typed_in_nfd_finds_what_the_same_words_in_nfc_find(client):
    agency = AgencyFactory()
    for number in range(3):
        AssignmentFactory(task=TaskFactory(title=f"{PHRASE} đợt {number}"), agency=agency)
    AssignmentFactory(task=TaskFactory(title="Kiện toàn tổ chức bộ máy"), agency=agency)
    client.force_login(staff_of(agency))

    composed = client.get(reverse("tasks:task_list"), {"q": "chuyển đổi số"}).context["page"].object_list
    decomposed = client.get(reverse("tasks:task_list"), {"q": nfd("chuyển đổi số")}).context["page"].object_list

    assert len(composed) == 3
    assert [row.pk for row in decomposed] == [row.pk for row in composed]


def test_a_report_saved_with_nfd_text_is_stored_in_nfc(client):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    client.force_login(world.staff)

    response = client.post(
        reverse("reporting:report_edit", args=[report.pk]), form_data(report, overall_assessment=nfd(PHRASE))
    )

    assert response.status_code == 302
    assert AgencyReport.objects.get(pk=report.pk).overall_assessment == PHRASE
