"""Rules of the report workflow, at the service level."""

import datetime as dt

import pytest

from reporting import services
from reporting.models import PeriodState, ReportEvent, ReportState
from reporting.snapshots import snapshot_diff
from tests.reporting.report_world import build_world, submit_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _report(world):
    return services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)


@pytest.mark.parametrize(
    ("submitted_on", "late"),
    [(dt.date(2019, 6, 14), False), (dt.date(2019, 6, 17), False), (dt.date(2019, 6, 18), True)],
)
def test_late_submission_is_allowed_and_marked(world, submitted_on, late):
    report = submit_ready(report_id=_report(world).pk, user=world.staff, version=None, today=submitted_on)
    assert (report.state, report.is_late) == (ReportState.SUBMITTED, late)


def test_resubmission_keeps_the_lateness_of_the_first_submission(world):
    report = _report(world)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 10))
    services.report_return(report_id=report.pk, user=world.reviewer, reason="Bổ sung")
    again = submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 7, 1))
    assert again.is_late is False


def test_withdraw_only_while_not_yet_reviewed(world):
    report = _report(world)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 10))
    services.report_approve(report_id=report.pk, user=world.reviewer)
    with pytest.raises(services.InvalidTransition):
        services.report_withdraw(report_id=report.pk, user=world.staff)


def test_second_reviewer_acting_on_a_stale_page_gets_a_conflict(world):
    report = _report(world)
    submitted = submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 10))
    services.report_approve(report_id=report.pk, user=world.reviewer, version=submitted.version)
    with pytest.raises(services.ReportConflict):
        services.report_return(report_id=report.pk, user=world.reviewer, reason="x", version=submitted.version)


def test_return_needs_a_reason(world):
    report = _report(world)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 10))
    with pytest.raises(services.ReportingError):
        services.report_return(report_id=report.pk, user=world.reviewer, reason="  ")


def test_only_reviewers_reopen(world):
    report = _report(world)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 10))
    services.report_approve(report_id=report.pk, user=world.reviewer)
    with pytest.raises(services.NotAllowed):
        services.report_reopen(report_id=report.pk, user=world.staff, reason="Sửa số liệu")


def test_locked_period_cannot_be_edited(world):
    report = _report(world)
    world.period.state = PeriodState.LOCKED
    world.period.save()
    with pytest.raises(services.PeriodClosed):
        services.report_save_draft(report_id=report.pk, user=world.staff, version=report.version, fields={}, items={})


def test_every_transition_is_an_immutable_event_with_a_snapshot(world):
    report = _report(world)
    services.report_save_draft(
        report_id=report.pk, user=world.staff, version=report.version, fields={"proposals": "Tăng kinh phí"}, items={}
    )
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 10))
    event = ReportEvent.objects.get(report=report, to_state=ReportState.SUBMITTED)
    assert (event.actor, event.from_state) == (world.staff, ReportState.DRAFT)
    assert event.snapshot["fields"]["proposals"] == "Tăng kinh phí"
    assert [i["code"] for i in event.snapshot["items"].values()] == ["II.1.0", "II.1.1"]
    event.comment = "sửa"
    with pytest.raises(ValueError):
        event.save()


def test_forged_evidence_id_never_touches_another_reports_documents(world):
    from reporting.models import EvidenceDocument

    other_report = services.report_get_or_create_for_agency(
        period=world.period, agency=world.other, user=world.other_staff
    )
    foreign = EvidenceDocument.objects.create(item=other_report.items.first(), number="1/KH", title="Của đơn vị khác")
    report = _report(world)
    item = report.items.first()
    services.report_save_draft(
        report_id=report.pk,
        user=world.staff,
        version=report.version,
        fields={},
        items={},
        evidence={item.pk: [services.EvidenceInput(id=foreign.pk, number="X", title="Ghi đè", delete=False)]},
    )
    foreign.refresh_from_db()
    assert foreign.title == "Của đơn vị khác"


def test_diff_lists_changed_fields_per_item():
    before = {
        "fields": {"proposals": "A"},
        "items": {"1": {"code": "II.1", "results": "cũ", "progress": "in_progress", "evidence": []}},
    }
    after = {
        "fields": {"proposals": "A"},
        "items": {"1": {"code": "II.1", "results": "mới", "progress": "completed", "evidence": ["1/KH · Kế hoạch"]}},
    }
    changes = {(c.where, c.field): (c.before, c.after) for c in snapshot_diff(before, after)}
    assert changes == {
        ("II.1", "results"): ("cũ", "mới"),
        ("II.1", "progress"): ("Đang thực hiện", "Đã hoàn thành"),
        ("II.1", "evidence"): ("", "1/KH · Kế hoạch"),
    }
