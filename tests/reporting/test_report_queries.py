"""Pages do a bounded number of queries: the same at 1x and 10x data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import services
from reporting.models import CoordinationInput, EvidenceDocument
from tasks.models import Assignment, AssignmentRole
from tests.reporting.report_world import build_world, submit_ready

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _submitted_world(scale: int):
    world = build_world(task_count=2 * scale, extra_agencies=scale)
    for agency in {a.agency for a in Assignment.objects.owing_reports().select_related("agency")}:
        user = world.staff if agency == world.agency else None
        if user is None:
            from tests.factories import staff_of

            user = staff_of(agency)
        report = services.report_get_or_create_for_agency(period=world.period, agency=agency, user=user)
        if agency != world.other:
            submit_ready(report_id=report.pk, user=user, version=None, today=dt.date(2019, 6, 20))
    return world


@pytest.mark.parametrize("page", ["review_queue", "period_detail", "my_reports_reviewer", "period_list"])
def test_reviewer_pages_do_the_same_queries_at_1x_and_10x(client, django_assert_max_num_queries, page):
    counts = []
    for scale in (1, 10):
        world = _submitted_world(scale)
        client.force_login(world.reviewer)
        url = {
            "review_queue": reverse("reporting:review_queue"),
            "period_detail": reverse("reporting:period_detail", args=[world.period.pk]),
            "my_reports_reviewer": reverse("reporting:my_reports"),
            "period_list": reverse("reporting:period_list"),
        }[page]
        # The review queue: session, user, permissions, open periods, count, a page; the period filter's
        # options when few periods are open, and without a shared cache the data version and the plan and
        # agency options. The matrix: its period, owing agencies, successions, reports, names, events.
        with django_assert_max_num_queries({"review_queue": 10, "period_detail": 10}.get(page, 20)):
            counts.append(_count(client, url))
        from reporting.models import AgencyReport, ReportEvent, ReportingPeriod

        ReportEvent.objects.all()._raw_delete(ReportEvent.objects.db)
        AgencyReport.objects.all().delete()
        ReportingPeriod.objects.all().delete()
        Assignment.objects.all().delete()
    assert counts[0] == counts[1]


def _form_world(scale: int):
    world = build_world(task_count=2 * scale)
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    for item in report.items.all():
        EvidenceDocument.objects.create(item=item, number="1/KH", title="Kế hoạch", issued_on=dt.date(2019, 3, 1))
    coordinating = Assignment.objects.filter(agency=world.other, role=AssignmentRole.COORDINATING)
    for assignment in coordinating:
        CoordinationInput.objects.create(period=world.period, assignment=assignment, text="Đã phối hợp")
    return world, report


@pytest.mark.parametrize("page", ["report_edit", "report_detail", "my_reports"])
def test_report_form_and_page_do_the_same_queries_at_1x_and_10x(client, django_assert_max_num_queries, page):
    counts = []
    for scale in (1, 10):
        world, report = _form_world(scale)
        client.force_login(world.staff)
        url = reverse(f"reporting:{page}", args=[] if page == "my_reports" else [report.pk])
        with django_assert_max_num_queries(20):
            counts.append(_count(client, url))
    assert counts[0] == counts[1]


def test_saving_the_report_form_does_the_same_queries_at_1x_and_10x(client):
    from tests.reporting.report_world import form_data

    counts = []
    for scale in (1, 10):
        world, report = _form_world(scale)
        client.force_login(world.staff)
        data = form_data(report, overall_assessment="Đã lưu")
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("reporting:report_edit", args=[report.pk]), data)
        assert response.status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1]
