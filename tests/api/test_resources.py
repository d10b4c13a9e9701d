import datetime as dt

import pytest

from reporting.models import PeriodKind, ReportState
from tasks.timing import Progress
from tests.api.conftest import make_client
from tests.factories import AgencyReportFactory, ReportingPeriodFactory, ReportItemFactory, leader

API = "/api/v1"


def get(client, world, path, **params):
    return client.get(f"{API}{path}", params, **world["auth"])


def test_plan_list_shows_only_the_plans_in_scope(world, client):
    body = get(client, world, "/plans").json()
    assert [p["id"] for p in body["items"]] == [world["plan"].pk]


def test_client_with_all_plans_sees_every_plan(world, client):
    _, token = make_client(name="Tất cả", all_plans=True)
    body = client.get(f"{API}/plans", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["count"] == 2


@pytest.mark.parametrize(
    "path",
    [
        "/plans/{foreign}",
        "/plans/{foreign}/tasks",
        "/plans/{foreign}/assignments",
        "/plans/{foreign}/periods",
        "/plans/{foreign}/periods/{foreign_period}/figures",
        "/plans/{foreign}/periods/{foreign_period}/approved-items",
        "/plans/{plan}/periods/{foreign_period}/figures",
    ],
)
def test_foreign_objects_answer_the_same_404_as_unknown_ones(world, client, settings, path):
    settings.DEBUG = True  # where Django would name the missing model
    ids = {"plan": world["plan"].pk, "foreign": world["foreign"].pk, "foreign_period": world["foreign_period"].pk}
    foreign = get(client, world, path.format(**ids))
    unknown = get(client, world, path.format(plan=999999, foreign=999999, foreign_period=999999))
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json()


def test_plan_detail(world, client):
    body = get(client, world, f"/plans/{world['plan'].pk}").json()
    assert body["number"] == world["plan"].number


def test_tasks_in_plan_order_with_timing(world, client):
    items = get(client, world, f"/plans/{world['plan'].pk}/tasks").json()["items"]
    assert [t["code"] for t in items] == list(world["plan"].tasks.order_by("position").values_list("code", flat=True))
    assert items[0]["timing_text"] == "trong năm 2019"
    assert items[0]["deadline"] == "2019-12-31"


def test_tasks_give_the_product_or_result_the_plan_asks_for(world, client):
    first, second = world["plan"].tasks.order_by("position")[:2]
    first.expected_output = "Quyết định phê duyệt Đề án"
    first.save(update_fields=["expected_output"])

    items = get(client, world, f"/plans/{world['plan'].pk}/tasks").json()["items"]
    client.force_login(leader())  # the schema page needs a portal login, not a token
    schema = client.get(f"{API}/openapi.json").json()

    by_code = {item["code"]: item for item in items}
    assert by_code[first.code]["expected_output"] == "Quyết định phê duyệt Đề án"
    assert by_code[second.code]["expected_output"] == ""
    assert "expected_output" in schema["components"]["schemas"]["TaskOut"]["properties"]


def test_assignments_carry_their_status(world, client):
    items = get(client, world, f"/plans/{world['plan'].pk}/assignments").json()["items"]
    assert len(items) == 4
    assert {a["status"] for a in items} == {"in_progress_overdue"}


def test_own_agency_client_sees_only_its_agency_assignments_and_items(world, client):
    mine = world["agencies"][0]
    _, token = make_client(name="Sở", agency=mine, own_agency_only=True, plans=[world["plan"]])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    plan, period = world["plan"].pk, world["period"].pk
    assignments = client.get(f"{API}/plans/{plan}/assignments", **auth).json()["items"]
    items = client.get(f"{API}/plans/{plan}/periods/{period}/approved-items", **auth).json()["items"]
    assert {a["agency"]["code"] for a in assignments} == {mine.code}
    assert {i["agency"]["code"] for i in items} == {mine.code}


def test_periods_of_a_plan(world, client):
    items = get(client, world, f"/plans/{world['plan'].pk}/periods").json()["items"]
    assert [p["id"] for p in items] == [world["period"].pk]


def test_figures_count_who_reported(world, client):
    late = world["period"].reports.get(agency=world["agencies"][1])
    late.is_late = True
    late.save()
    body = get(client, world, f"/plans/{world['plan'].pk}/periods/{world['period'].pk}/figures").json()
    assert (body["owed"], body["approved"], body["on_time"], body["late"], body["missing"]) == (2, 2, 1, 1, 0)
    assert [a["code"] for a in body["reported_late"]] == [world["agencies"][1].code]
    # At the cut-off (14/06/2019) nothing is past its deadline (31/12/2019) and nothing was reported started.
    assert body["assignment_status_counts"]["not_started"] == 4


def test_figures_give_the_statuses_known_at_the_cut_off_not_later_approvals(world, client):
    plan, period = world["plan"], world["period"]
    item = period.reports.get(agency=world["agencies"][0]).items.first()
    item.progress = Progress.IN_PROGRESS
    item.save()
    later = ReportingPeriodFactory(plan=plan, kind=PeriodKind.ANNUAL, label="Năm 2019", ends_on=dt.date(2019, 12, 14))
    report = AgencyReportFactory(period=later, agency=item.report.agency, state=ReportState.APPROVED)
    ReportItemFactory(
        report=report, assignment=item.assignment, progress=Progress.COMPLETED, completed_on=dt.date(2019, 11, 24)
    )
    item.assignment.progress, item.assignment.completed_on = Progress.COMPLETED, dt.date(2019, 11, 24)
    item.assignment.save()

    counts = get(client, world, f"/plans/{plan.pk}/periods/{period.pk}/figures").json()["assignment_status_counts"]

    assert (counts["in_progress_on_time"], counts["not_started"], counts["completed_on_time"]) == (1, 3, 0)


@pytest.mark.parametrize("state", [ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED])
def test_items_of_reports_not_approved_never_leave_the_portal(world, client, state):
    world["period"].reports.filter(agency=world["agencies"][0]).update(state=state)
    url = f"/plans/{world['plan'].pk}/periods/{world['period'].pk}/approved-items"
    items = get(client, world, url).json()["items"]
    assert {i["agency"]["code"] for i in items} == {world["agencies"][1].code}
