"""Every page, file, reminder and API answer shows the same report figures (reporting.rollups).

One plan, seven agencies that owe, and two rounds: one whose deadline has passed with every case
(on time, late, never sent, a draft, awaiting review, returned, approved), one whose deadline has
not come (one agency sent, six have not: "Chưa đến hạn", not "Chưa gửi").
"""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reporting import notifications
from reporting.api.models import ApiClient
from reporting.consolidation.snapshot import build_snapshot
from reporting.models import ConsolidatedReport, PeriodKind, ReportState
from tests.factories import (
    AgencyFactory,
    AgencyReportFactory,
    AssignmentFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
    leader,
    reviewer_of,
    staff_of,
)

pytestmark = pytest.mark.django_db

FIGURES = ("owed", "on_time", "late", "missing", "not_yet_due", "submitted", "returned", "approved")
# (state, sent late?) per agency in the round whose deadline has passed; None: no report at all.
PAST_CASES = {
    "A": (ReportState.APPROVED, False),
    "B": (ReportState.SUBMITTED, True),
    "C": (ReportState.RETURNED, False),
    "D": (ReportState.DRAFT, None),
    "E": None,
    "F": (ReportState.SUBMITTED, False),
    "G": (ReportState.APPROVED, True),
}
PAST = {
    "owed": 7,
    "on_time": 3,
    "late": 2,
    "missing": 2,
    "not_yet_due": 0,
    "submitted": 2,
    "returned": 1,
    "approved": 2,
}
UPCOMING = {
    "owed": 7,
    "on_time": 1,
    "late": 0,
    "missing": 0,
    "not_yet_due": 6,
    "submitted": 1,
    "returned": 0,
    "approved": 0,
}


@pytest.fixture
def world():
    today = timezone.localdate()
    snv = AgencyFactory(name="Sở Nội vụ", code="SNV")
    plan = PlanFactory(consolidating_agency=snv)
    task = TaskFactory(plan=plan)
    agencies = {code: AgencyFactory(name=f"Đơn vị {code}", code=f"DV{code}") for code in PAST_CASES}
    for agency in agencies.values():
        AssignmentFactory(task=task, agency=agency)
        staff_of(agency)

    def period(year: int, ends_on: dt.date, due_on: dt.date):
        return ReportingPeriodFactory(
            plan=plan,
            kind=PeriodKind.ANNUAL,
            year=year,
            label=f"Năm {year}",
            starts_on=ends_on - dt.timedelta(days=364),
            ends_on=ends_on,
            submission_due_on=due_on,
            consolidated_due_on=due_on + dt.timedelta(days=7),
        )

    past = period(today.year - 1, today - dt.timedelta(days=60), today - dt.timedelta(days=50))
    upcoming = period(today.year, today + dt.timedelta(days=5), today + dt.timedelta(days=8))
    sent = timezone.now()
    for code, case in PAST_CASES.items():
        if case is not None:
            state, late = case
            AgencyReportFactory(
                period=past,
                agency=agencies[code],
                state=state,
                first_submitted_at=None if late is None else sent,
                is_late=bool(late),
            )
    AgencyReportFactory(period=upcoming, agency=agencies["A"], state=ReportState.SUBMITTED, first_submitted_at=sent)
    return {"plan": plan, "snv": snv, "agencies": agencies, "past": past, "upcoming": upcoming}


def _value(period) -> str:
    return f"{period.kind}:{period.year}:{period.sequence}"


def from_dashboard(client, world, period) -> dict:
    client.force_login(leader())
    html = client.get(reverse("reporting:dashboard"), {"plan": world["plan"].pk, "period": _value(period)}).content
    shown = dict(re.findall(r'data-completeness="(\w+)">(\d+)<', html.decode()))
    return {name: int(shown[name]) for name in FIGURES}


def from_export(client, world, period) -> dict:
    client.force_login(leader())
    url = reverse("reporting:dashboard_export")
    response = client.get(url, {"plan": world["plan"].pk, "period": _value(period)})
    sheet = load_workbook(io.BytesIO(response.content))["Tình hình báo cáo"]
    by_label = dict(sheet.iter_rows(min_row=2, values_only=True))
    labels = {
        "owed": "Phải báo cáo",
        "on_time": "Đã gửi đúng hạn",
        "late": "Đã gửi trễ hạn",
        "missing": "Chưa gửi",
        "not_yet_due": "Chưa đến hạn",
        "submitted": "Chờ thẩm định",
        "returned": "Bị trả lại",
        "approved": "Đã duyệt",
    }
    return {name: by_label[label] for name, label in labels.items()}


def from_period_page(client, world, period) -> dict:
    client.force_login(reviewer_of(world["snv"]))
    html = client.get(reverse("reporting:period_detail", args=[period.pk])).content.decode()
    shown = dict(re.findall(r'data-figure="(\w+)">(\d+)<', html))
    return {name: int(shown[name]) for name in FIGURES}


def from_reviewer_home(client, world, period) -> dict:
    client.force_login(reviewer_of(world["snv"]))
    rows = {row.period.pk: row.tally for row in client.get(reverse("home")).context["review_periods"]}
    tally = rows[period.pk]
    return {name: getattr(tally, name) for name in FIGURES}


def from_api(client, world, period) -> dict:
    api_client = ApiClient(name="Hệ thống báo cáo quốc gia")
    token = api_client.set_new_token()
    api_client.save()
    api_client.plans.set([world["plan"]])
    url = f"/api/v1/plans/{world['plan'].pk}/periods/{period.pk}/figures"
    body = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    return {**{name: body[name] for name in FIGURES if name != "submitted"}, "submitted": body["awaiting_review"]}


SOURCES = [from_dashboard, from_export, from_period_page, from_reviewer_home, from_api]


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.__name__)
def test_a_round_past_its_deadline_shows_the_same_figures_everywhere(client, world, source):
    assert source(client, world, world["past"]) == PAST


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.__name__)
def test_a_round_before_its_deadline_counts_nobody_as_not_sent(client, world, source):
    assert source(client, world, world["upcoming"]) == UPCOMING


def test_the_consolidated_report_states_the_same_situation(world):
    situation = build_snapshot(ConsolidatedReport.objects.create(period=world["past"]))["situation"]
    figures = {name: situation[name] for name in ("owed", "on_time", "late", "approved")}
    assert {**figures, "missing": situation["not_at_all"]} == {
        name: PAST[name] for name in ("owed", "on_time", "late", "approved", "missing")
    }
    assert situation["missing_agencies"] == ["Đơn vị D", "Đơn vị E"]
    assert "Đơn vị C" in situation["on_time_agencies"]  # returned, but it was sent on time


@pytest.mark.parametrize(("period", "unsent"), [("past", PAST), ("upcoming", UPCOMING)])
def test_reminders_go_to_exactly_the_agencies_not_sent(world, period, unsent):
    today = timezone.localdate()
    round_ = notifications.reminder_round(world[period], today=today, occasion=today.isoformat())
    assert round_.unsent == unsent["missing"] + unsent["not_yet_due"]
    if period == "past":
        codes = {code for code, agency in world["agencies"].items() if agency.pk in round_.to_remind}
        assert codes == {"D", "E"}  # the returned report C was sent: its agency is not reminded
