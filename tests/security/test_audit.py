"""The report event log is append-only: no portal URL, no admin page and no model call edits or
deletes an event, superusers included."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from reporting.consolidation import services as consolidation
from reporting.models import AgencyReport, ReportEvent
from tests.security.conftest import TALLY
from tests.security.url_table import TABLE
from tests.security.world import build_security_world, fake_renderers

pytestmark = pytest.mark.django_db

POST_CASES = [(name, index) for name, cases in TABLE.items() for index, case in enumerate(cases) if case.post]


def _log() -> dict[int, tuple]:
    return {
        row[0]: row[1:]
        for row in ReportEvent.objects.values_list(
            "pk", "report_id", "actor_id", "occurred_at", "from_state", "to_state", "comment", "snapshot"
        )
    }


@pytest.mark.parametrize(("name", "index"), POST_CASES)
def test_no_portal_action_edits_or_deletes_a_recorded_event(client, monkeypatch, name, index):
    monkeypatch.setattr(consolidation, "default_renderers", fake_renderers)
    case = TABLE[name][index]
    world = build_security_world()
    before = _log()
    client.force_login(world.user(case.owner))
    client.post(reverse(name, kwargs=case.kwargs(world)), case.post(world))
    TALLY["owner actions checked against the event log"] += 1
    after = _log()
    assert {pk: after.get(pk) for pk in before} == before, "events are only ever appended"


def _admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_admin_cannot_add_change_or_delete_events(admin_client, monkeypatch):
    monkeypatch.setattr(consolidation, "default_renderers", fake_renderers)
    build_security_world()
    event = ReportEvent.objects.filter(comment__startswith="Thiếu").get()
    before = _log()
    assert admin_client.get(_admin_url(ReportEvent, "add")).status_code == 403
    assert admin_client.post(_admin_url(ReportEvent, "change", event.pk), {"comment": "Sửa lịch sử"}).status_code == 403
    assert admin_client.post(_admin_url(ReportEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": list(before), "post": "yes"}
    admin_client.post(_admin_url(ReportEvent, "changelist"), bulk)
    assert _log() == before


def test_deleting_a_report_in_the_admin_keeps_its_events(admin_client, monkeypatch):
    monkeypatch.setattr(consolidation, "default_renderers", fake_renderers)
    world = build_security_world()
    report = world.reports["returned"]
    before = _log()
    admin_client.post(_admin_url(AgencyReport, "delete", report.pk), {"post": "yes"})
    assert AgencyReport.objects.filter(pk=report.pk).exists()
    assert _log() == before


def test_an_event_cannot_be_saved_again_or_deleted(monkeypatch):
    monkeypatch.setattr(consolidation, "default_renderers", fake_renderers)
    build_security_world()
    event = ReportEvent.objects.first()
    event.comment = "Sửa lịch sử"
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()
    with pytest.raises(ProtectedError):
        event.report.delete()


def test_bulk_updates_and_deletes_of_events_are_refused(monkeypatch):
    monkeypatch.setattr(consolidation, "default_renderers", fake_renderers)
    build_security_world()
    before = _log()
    with pytest.raises(ValueError, match="immutable"):
        ReportEvent.objects.filter(pk__in=before).update(comment="Sửa hàng loạt")
    with pytest.raises(ValueError, match="immutable"):
        ReportEvent.objects.all().delete()
    events = list(ReportEvent.objects.all())
    with pytest.raises(ValueError, match="immutable"), transaction.atomic():
        ReportEvent.objects.bulk_update(events, ["comment"])
    assert _log() == before
