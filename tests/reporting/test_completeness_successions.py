"""The completeness matrix after a merger: a retired agency never owes on its own row, its successor
owes once with a note, and a report the predecessor sent before the date counts for the successor."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import SuccessionKind
from reporting import dashboards
from reporting.consolidation.snapshot import build_snapshot
from reporting.models import PeriodKind
from reporting.rollups import completeness, owing_rows, report_tallies
from reporting.selectors import completeness_matrix
from tasks.models import AssignmentRole
from tasks.succession import SuccessionLinkSpec, succession_record
from tasks.timing import Progress
from tests.factories import (
    AgencyFactory,
    AgencyReportFactory,
    AssignmentFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
    reviewer_of,
)
from tests.reporting.consolidated_fixtures import make_scene

pytestmark = pytest.mark.django_db

MERGER = dt.date(2025, 3, 1)
NOTE = "Sở Thông tin và Truyền thông (01/03/2025)"


def merge(old, new, on=MERGER):
    succession_record(
        kind=SuccessionKind.MERGE, effective_on=on, links=[SuccessionLinkSpec(predecessor=old, successor=new)]
    )


def period(plan, starts_on, ends_on, **fields):
    defaults = {
        "submission_due_on": ends_on + dt.timedelta(days=3),
        "consolidated_due_on": ends_on + dt.timedelta(days=10),
    }
    return ReportingPeriodFactory(
        plan=plan, year=ends_on.year, starts_on=starts_on, ends_on=ends_on, **{**defaults, **fields}
    )


@pytest.fixture
def merged(db):
    plan = PlanFactory()
    old = AgencyFactory(name="Sở Thông tin và Truyền thông", code="STTTT", position=1)
    new = AgencyFactory(name="Sở Khoa học và Công nghệ", code="SKHCN", position=2)
    AssignmentFactory(task=TaskFactory(plan=plan), agency=old, role=AssignmentRole.LEAD)
    # A completed assignment stays with the old Sở; it must not make the retired Sở owe later reports.
    AssignmentFactory(task=TaskFactory(plan=plan), agency=old, role=AssignmentRole.LEAD, progress=Progress.COMPLETED)
    AssignmentFactory(task=TaskFactory(plan=plan), agency=new, role=AssignmentRole.LEAD)
    return plan, old, new


def rows_of(matrix):
    return [(row.agency_name, row.absorbed) for row in matrix]


def test_period_before_the_merger_keeps_both_agencies_under_their_names(merged):
    plan, old, new = merged
    before = period(plan, dt.date(2023, 12, 15), dt.date(2024, 6, 14))
    merge(old, new)

    assert rows_of(completeness_matrix(before)) == [(old.name, ""), (new.name, "")]


def test_period_after_the_merger_lists_the_successor_once_with_the_note(merged):
    plan, old, new = merged
    merge(old, new)
    after = period(plan, dt.date(2025, 12, 15), dt.date(2026, 12, 14), kind=PeriodKind.ANNUAL, label="Năm 2026")

    assert rows_of(completeness_matrix(after)) == [(new.name, NOTE)]
    assert completeness(after).owed == 1


def test_predecessors_report_sent_before_the_merger_counts_for_the_successor_in_a_spanning_period(merged):
    plan, old, new = merged
    spanning = period(plan, dt.date(2024, 12, 15), dt.date(2025, 6, 14), submission_due_on=dt.date(2025, 2, 25))
    sent_before = timezone.make_aware(dt.datetime(2025, 2, 20, 9, 0))
    report = AgencyReportFactory(period=spanning, agency=old, state="submitted", first_submitted_at=sent_before)
    merge(old, new)

    matrix = completeness_matrix(spanning)
    figures = completeness(spanning)

    assert rows_of(matrix) == [(new.name, NOTE)]
    assert matrix[0].report == report and matrix[0].report_is_inherited and not matrix[0].is_missing
    assert (figures.owed, figures.on_time, figures.submitted, figures.missing) == (1, 1, 1, 0)


def test_the_successors_own_report_wins_over_the_predecessors(merged):
    plan, old, new = merged
    spanning = period(plan, dt.date(2024, 12, 15), dt.date(2025, 6, 14))
    AgencyReportFactory(period=spanning, agency=old, first_submitted_at=timezone.now())
    own = AgencyReportFactory(period=spanning, agency=new, first_submitted_at=timezone.now(), state="approved")
    merge(old, new)

    assert completeness_matrix(spanning)[0].report == own
    assert completeness(spanning).approved == 1


def test_an_agency_inactive_before_the_period_without_heir_owes_nothing(merged):
    plan, old, new = merged
    old.active_until, old.is_active = dt.date(2025, 1, 31), False
    old.save()
    after = period(plan, dt.date(2025, 12, 15), dt.date(2026, 12, 14), kind=PeriodKind.ANNUAL, label="Năm 2026")

    assert rows_of(completeness_matrix(after)) == [(new.name, "")]


def test_matrix_page_shows_the_note_and_whose_report_counts_with_bounded_queries(
    client, merged, django_assert_max_num_queries
):
    plan, old, new = merged
    snv = AgencyFactory(code="SNV")
    plan.consolidating_agency = snv
    plan.save()
    spanning = period(plan, dt.date(2024, 12, 15), dt.date(2025, 6, 14))
    AgencyReportFactory(period=spanning, agency=old, first_submitted_at=timezone.now(), state="submitted")
    merge(old, new)
    for index in range(10):  # more merged agencies, more rows: the same queries
        extra_old, extra_new = AgencyFactory(name=f"Sở cũ {index}"), AgencyFactory(name=f"Sở mới {index}")
        AssignmentFactory(task=TaskFactory(plan=plan), agency=extra_old, role=AssignmentRole.LEAD)
        merge(extra_old, extra_new)
    client.force_login(reviewer_of(snv))

    with django_assert_max_num_queries(14):
        html = client.get(reverse("reporting:period_detail", args=[spanning.pk])).content.decode()

    assert f"gồm cả: {NOTE}" in html
    assert "Tính báo cáo của cơ quan trước: Sở Thông tin và Truyền thông" in html
    assert html.count(">Sở Thông tin và Truyền thông<") == 0  # no row of its own


def test_consolidated_report_spanning_the_change_date_counts_the_merged_agency_once():
    scene = make_scene()
    before = build_snapshot(scene.report)["situation"]
    successor = AgencyFactory(name="Sở Khoa học và Công nghệ", code="SKHCN", position=9)
    scene.period.starts_on, scene.period.ends_on = dt.date(2024, 12, 15), dt.date(2025, 6, 14)
    scene.period.save()
    merge(scene.agency_a, successor)

    snapshot = build_snapshot(scene.report)
    situation = snapshot["situation"]

    assert situation["owed"] == before["owed"]  # Sở Khoa học và Công nghệ in place of the old Sở, once
    assert "Sở Thông tin và Truyền thông" in situation["on_time_agencies"]  # its approved report, its name
    assert "Sở Khoa học và Công nghệ" not in situation["missing_agencies"]
    assert all(row["agency"] != "Sở Khoa học và Công nghệ" for row in snapshot["non_reporting"])


def test_dashboard_counts_the_successor_once_for_a_period_after_the_merger(merged):
    plan, old, new = merged
    merge(old, new)
    period(plan, dt.date(2025, 12, 15), dt.date(2026, 12, 14), kind=PeriodKind.ANNUAL, label="Năm 2026")

    board = dashboards.build_dashboard(dashboards.DashboardFilters(plan_id=plan.pk), dt.date(2026, 12, 20))

    assert [(rank.name, rank.tally.owed) for rank in board.ranking] == [(new.name, 1)]
    assert board.completeness.owed == 1


@pytest.fixture
def abolished_district(db):
    """A district UBND whose duties passed to two new communes on 01/07/2025, with a period on each side."""
    plan = PlanFactory()
    district = AgencyFactory(name="UBND huyện Ba Tri", code="UBND-BATRI")
    AssignmentFactory(task=TaskFactory(plan=plan), agency=district, role=AssignmentRole.LEAD)
    communes = [AgencyFactory(name=f"UBND xã {name}") for name in ("Ba Tri", "Tân Xuân")]
    periods = [
        period(plan, dt.date(2018, 12, 15), dt.date(2019, 6, 14)),
        period(plan, dt.date(2025, 6, 15), dt.date(2025, 12, 14), sequence=2),
    ]
    succession_record(
        kind=SuccessionKind.ABOLISH,
        effective_on=dt.date(2025, 7, 1),
        links=[SuccessionLinkSpec(predecessor=district, successor=commune) for commune in communes],
    )
    return district, communes, periods


def test_dashboard_tallies_owe_whoever_held_the_duty_at_each_periods_cut_off(abolished_district):
    district, communes, (before, after) = abolished_district

    tallies = report_tallies(type(before).objects.filter(pk__in=[before.pk, after.pk]), per_period=True)
    owed = {
        period_id: {agency_id for key, agency_id in tallies if key == period_id} for period_id in (before.pk, after.pk)
    }

    assert owed[before.pk] == {district.pk} == {row.agency_id for row in owing_rows(before)}
    assert owed[after.pk] == {commune.pk for commune in communes} == {row.agency_id for row in owing_rows(after)}
