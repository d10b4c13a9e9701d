"""A merged agency is counted once on the leader dashboard, in its successor's row, with a note."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, SuccessionKind
from reporting import dashboards
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
    leader,
    staff_of,
)

pytestmark = pytest.mark.django_db


def merge_on(old, new, day):
    link = SuccessionLinkSpec(predecessor=old, successor=new)
    succession_record(kind=SuccessionKind.MERGE, effective_on=day, links=[link])


def merge(old, new):
    merge_on(old, new, dt.date(2025, 3, 1))


@pytest.fixture
def merged(db):
    plan = PlanFactory()
    old = AgencyFactory(name="Sở Thông tin và Truyền thông", code="STTTT")
    new = AgencyFactory(name="Sở Khoa học và Công nghệ", code="SKHCN")
    for progress in (Progress.COMPLETED, Progress.IN_PROGRESS):  # the completed one stays with the old agency
        AssignmentFactory(task=TaskFactory(plan=plan), agency=old, role=AssignmentRole.LEAD, progress=progress)
    AssignmentFactory(task=TaskFactory(plan=plan), agency=new, role=AssignmentRole.LEAD)
    merge(old, new)
    return old, new


def test_successor_row_counts_its_predecessor_once_and_names_it(merged):
    board = dashboards.build_dashboard(dashboards.DashboardFilters(), timezone.localdate())

    assert [rank.name for rank in board.ranking] == ["Sở Khoa học và Công nghệ"]
    row = board.ranking[0]
    assert row.assignments == 3
    assert row.absorbed == "Sở Thông tin và Truyền thông (01/03/2025)"


def test_dashboard_page_shows_the_note_with_bounded_queries(client, merged):
    client.force_login(leader())

    def page_and_queries():
        cache.clear()  # the figures are cached under the data version: build them each time
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("reporting:dashboard"))
        return page, len(queries)

    page, first = page_and_queries()
    for index in range(10):  # ten more merged agencies add no query
        merge(AgencyFactory(), AgencyFactory(name=f"Sở mới {index}"))
    _, more = page_and_queries()

    html = page.content.decode()
    assert "gồm cả:" in html and "Sở Thông tin và Truyền thông (01/03/2025)</a>" in html
    assert more == first


# --- Drill-down: from the successor's row to each predecessor's history -----------------------


def test_successor_row_links_to_the_predecessor_history(client, merged):
    client.force_login(leader())
    cache.clear()

    html = client.get(reverse("reporting:dashboard")).content.decode()

    row = html[
        html.rindex(f'href="{reverse("reporting:scorecard", args=["SKHCN"])}">') :
    ]  # the ranking, after the overdue list
    assert f'href="{reverse("reporting:scorecard", args=["STTTT"])}"' in row.split("</tr>")[0]


@pytest.fixture
def merged_with_report(merged):
    old, new = merged
    period = ReportingPeriodFactory(plan=old.successor_links.get().successor.assignments.first().task.plan)
    AgencyReportFactory(period=period, agency=old, first_submitted_at=timezone.now())
    return old, new, period


def test_predecessor_history_shows_its_old_reports_and_what_it_handed_over(client, merged_with_report):
    old, new, period = merged_with_report
    client.force_login(leader())

    html = client.get(reverse("reporting:scorecard", args=[old.code])).content.decode()

    assert "Kết quả thực hiện: Sở Thông tin và Truyền thông" in html
    assert period.label in html  # its report, under its own name
    assert "nhiệm vụ của cơ quan này chuyển cho:" in html
    assert reverse("reporting:scorecard", args=[new.code]) in html
    assert "Phân công đã chuyển giao" in html and "Đang thực hiện" in html
    held = reverse("tasks:task_list") + f"?held_by={old.pk}"
    assert held in html


def test_successor_page_links_each_predecessor(client, merged):
    old, new = merged
    client.force_login(leader())

    scorecard = client.get(reverse("reporting:scorecard", args=[new.code])).content.decode()
    agency_page = client.get(reverse("tasks:agency_detail", args=[new.code])).content.decode()

    assert "Kế thừa nhiệm vụ của:" in scorecard
    assert reverse("reporting:scorecard", args=[old.code]) in scorecard
    assert reverse("tasks:agency_detail", args=[old.code]) in agency_page


def test_task_list_filter_shows_everything_the_predecessor_held(client, merged):
    old, new = merged
    AssignmentFactory(agency=new, role=AssignmentRole.LEAD)  # the successor's own: not the old Sở's history
    client.force_login(leader())

    page = client.get(reverse("tasks:task_list"), {"held_by": old.pk})

    assert page.context["page"].paginator.count == 2  # the completed one it kept, the open one it passed on


def test_successor_staff_see_the_predecessor_history_other_agencies_do_not(client, merged):
    old, new = merged
    client.force_login(staff_of(new))
    assert client.get(reverse("reporting:scorecard", args=[old.code])).status_code == 200

    client.force_login(staff_of(AgencyFactory()))
    assert client.get(reverse("reporting:scorecard", args=[old.code])).status_code == 404


def test_predecessor_history_runs_the_same_queries_whatever_it_handed_over(
    client, merged, django_assert_max_num_queries
):
    old, new = merged
    client.force_login(leader())
    url = reverse("reporting:scorecard", args=[old.code])
    client.get(url)  # warm the session and translations
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    plan = PlanFactory()
    for _ in range(40):
        AssignmentFactory(task=TaskFactory(plan=plan), agency=old, role=AssignmentRole.LEAD)
    other = AgencyFactory()
    Agency.objects.filter(pk=old.pk).update(active_until=None, is_active=True)
    old.refresh_from_db()
    merge_on(old, other, dt.date(2025, 6, 1))

    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert "41 lượt chuyển giao" in html


def test_an_abolished_agencys_row_says_which_agencies_took_its_duties(client):
    plan = PlanFactory()
    district = AgencyFactory(name="UBND huyện Ba Tri")
    AssignmentFactory(task=TaskFactory(plan=plan), agency=district, role=AssignmentRole.LEAD)
    communes = [
        AgencyFactory(name=f"UBND xã {name}", position=index) for index, name in enumerate(["An Đức", "Tân Xuân"])
    ]
    ReportingPeriodFactory(plan=plan, starts_on=dt.date(2018, 12, 15), ends_on=dt.date(2019, 6, 14))
    links = [SuccessionLinkSpec(predecessor=district, successor=commune) for commune in communes]
    succession_record(kind=SuccessionKind.ABOLISH, effective_on=dt.date(2025, 7, 1), links=links)

    board = dashboards.build_dashboard(dashboards.DashboardFilters(), timezone.localdate())

    rows = {rank.name: rank for rank in board.ranking}
    assert rows["UBND huyện Ba Tri"].passed_to == "UBND xã An Đức, UBND xã Tân Xuân (01/07/2025)"
    assert rows["UBND xã An Đức"].passed_to == ""
    client.force_login(leader())
    html = client.get(reverse("reporting:dashboard")).content.decode()
    assert "đã chuyển nhiệm vụ cho: UBND xã An Đức, UBND xã Tân Xuân (01/07/2025)" in html
