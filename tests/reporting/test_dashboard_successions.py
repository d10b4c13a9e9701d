"""A merged agency is counted once on the leader dashboard, in its successor's row, with a note."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import SuccessionKind
from reporting import dashboards
from tasks.models import AssignmentRole
from tasks.succession import SuccessionLinkSpec, succession_record
from tasks.timing import Progress
from tests.factories import AgencyFactory, AssignmentFactory, PlanFactory, TaskFactory, leader

pytestmark = pytest.mark.django_db


def merge(old, new):
    link = SuccessionLinkSpec(predecessor=old, successor=new)
    succession_record(kind=SuccessionKind.MERGE, effective_on=dt.date(2025, 3, 1), links=[link])


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

    assert "gồm cả: Sở Thông tin và Truyền thông (01/03/2025)" in page.content.decode()
    assert more == first
