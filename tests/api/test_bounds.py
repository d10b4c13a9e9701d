import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.api.models import ApiCall, ApiClient
from tests.api.conftest import fill_plan
from tests.factories import AgencyFactory, PlanFactory

API = "/api/v1"


@pytest.mark.parametrize("limit", [0, 201, -1])
def test_page_size_outside_1_to_200_is_refused(world, client, limit):
    response = client.get(f"{API}/plans/{world['plan'].pk}/tasks", {"limit": limit}, **world["auth"])
    assert response.status_code == 422


def test_negative_offset_is_refused(world, client):
    response = client.get(f"{API}/plans", {"offset": -1}, **world["auth"])
    assert response.status_code == 422


def test_pages_walk_the_tasks_in_a_stable_order(world, client):
    url = f"{API}/plans/{world['plan'].pk}/assignments"
    pages = [client.get(url, {"limit": 3, "offset": o}, **world["auth"]).json() for o in (0, 3)]
    ids = [a["id"] for p in pages for a in p["items"]]
    assert pages[0]["count"] == 4
    assert len(ids) == len(set(ids)) == 4


def grow_tenfold(world) -> None:
    """Ten times the agencies, tasks and approved reports in the same period, and more plans in scope."""
    more = [AgencyFactory() for _ in range(18)]
    fill_plan(world["plan"], more, tasks=4, period=world["period"])
    world["client"].plans.add(*[PlanFactory() for _ in range(9)])


ENDPOINTS = [
    "/plans",
    "/plans/{plan}",
    "/plans/{plan}/tasks",
    "/plans/{plan}/assignments",
    "/plans/{plan}/periods",
    "/plans/{plan}/periods/{period}/figures",
    "/plans/{plan}/periods/{period}/approved-items",
]


def queries_of(client, world, path) -> int:
    url = API + path.format(plan=world["plan"].pk, period=world["period"].pk)
    ApiClient.objects.update(last_used_at=None)  # measure the worst case: the call that records its use
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"limit": 200}, **world["auth"]).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_queries_per_call_do_not_grow_with_the_data(world, client, path):
    small = queries_of(client, world, path)
    grow_tenfold(world)
    large = queries_of(client, world, path)
    assert small == large
    # The period figures also read the assignments as they stood at the cut-off (rows, hand-overs, items).
    assert small <= (14 if path.endswith("/figures") else 12)
    assert ApiCall.objects.count() == 2
