"""No query value is a 500: every page of the URL table, read by its owner, with odd filter values (issue 21).

Unicode digits ("²", "٣") pass str.isdigit() but are not numbers to the database; numbers past 64
bits overflow it; empty, negative and non-numeric values must all fall back to a page, never a traceback.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import TALLY
from tests.security.url_table import OK, TABLE
from tests.security.world import build_security_world

pytestmark = pytest.mark.django_db

# Every query parameter a list, filter or dashboard of the portal reads.
PARAMS = [
    "plan",
    "period",
    "agency",
    "held_by",
    "agency_kind",
    "state",
    "is_late",
    "role",
    "timing_kind",
    "status",
    "o",
    "q",
    "page",
]
ODD_VALUES = [
    "²",
    "٣",
    "⁴",
    "１２",
    "१२",
    "",
    " ",
    "-1",
    "0",
    "00",
    "1.5",
    "1e3",
    "+1",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64 + 1),
    "9" * 40,
    "true",
    "null",
    "'",
    "%",
    "\x00",
    "a\nb",
]
# The pages a user reads (GET answers 200 to their owner), with the arguments the world gives them.
PAGES = sorted(
    (name, index) for name, cases in TABLE.items() for index, case in enumerate(cases) if case.expect["owner"] == OK
)

values = st.sampled_from(ODD_VALUES) | st.integers(min_value=-(2**70), max_value=2**70).map(str) | st.text(max_size=8)
queries = st.dictionaries(st.sampled_from(PARAMS), values, min_size=1, max_size=3)


def _url(world, name: str, index: int) -> str:
    return reverse(name, kwargs=TABLE[name][index].kwargs(world))


@pytest.fixture
def world_client(client):
    world = build_security_world()
    return world, client


def _get_twice(client, world, name: str, index: int, query: dict) -> None:
    """Twice: a page answered from a cache (the dashboard) must survive the second reader too."""
    case = TABLE[name][index]
    client.force_login(world.user(case.owner))
    url = _url(world, name, index)
    for _ in range(2):
        response = client.get(url, query)
        TALLY["odd query values tried"] += 1
        assert response.status_code < 500, f"{url}?{query}: {response.status_code}"


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("reporting:my_reports", {"period": "²"}),
        ("reporting:my_reports", {"plan": "²"}),
        ("reporting:review_queue", {"period": "²"}),
        ("reporting:dashboard", {"plan": "⁴"}),
        ("home", {"plan": "⁴"}),
        ("reporting:my_reports", {"plan": str(2**64)}),
        ("tasks:task_list", {"plan": "٣", "agency": str(2**63)}),
    ],
)
def test_the_values_that_answered_500_now_answer_a_page(world_client, name, query):
    world, client = world_client
    index = next(i for n, i in PAGES if n == name)
    _get_twice(client, world, name, index, query)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(PAGES), query=queries)
def test_no_odd_query_value_on_any_page_is_a_500(world_client, page, query):
    world, client = world_client
    _get_twice(client, world, *page, query)
