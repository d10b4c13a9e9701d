"""Two people act on one report at the same instant, as real concurrent transactions on PostgreSQL.

Each contender runs in its own thread with its own database connection; a barrier releases them
together, and the lock is held a little longer than usual so the second really waits on the first.
Exactly one wins, the other gets a clear error, no update is lost, and the event log stays a chain.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from reporting import services
from reporting.models import AgencyReport, ReportEvent, ReportState
from tasks.models import Plan, PlanImportDraft
from tests.factories import ReportingPeriodFactory, reviewer_of, staff_of
from tests.reporting.report_world import World, build_world, form_data, submit_ready
from tests.tasks.test_import_views import (
    administrator,
    agencies,  # noqa: F401 - a fixture
    draft_of,
    page_url,
    small_proposal,
)
from tests.tasks.test_import_views import form_data as import_form_data

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5
LOCK_HELD_FOR = 0.3  # seconds the winner keeps the row locked, so the loser is surely waiting on it
TODAY = dt.date(2019, 6, 10)
CONFLICT_MESSAGE = "vừa được người khác lưu"


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises all writers, so row locks between concurrent transactions "
            "cannot be exercised (CI's second pass runs these with DATABASE_URL on PostgreSQL)"
        )


@pytest.fixture(autouse=True)
def _slow_lock(monkeypatch):
    real_lock = services._lock

    def lock_and_linger(report_id: int) -> AgencyReport:
        report = real_lock(report_id)
        time.sleep(LOCK_HELD_FOR)
        return report

    monkeypatch.setattr(services, "_lock", lock_and_linger)


@dataclass
class Outcome:
    name: str
    value: object = None
    error: Exception | None = None


def race(**contenders: Callable[[], object]) -> dict[str, Outcome]:
    """Run the contenders at the same instant, each in its own thread and database connection."""
    barrier = threading.Barrier(len(contenders))
    outcomes = {name: Outcome(name) for name in contenders}

    def run(name: str, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[name].value = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcomes[name].error = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in contenders.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a contender is stuck (deadlock?)"
    return outcomes


def split(outcomes: dict[str, Outcome]) -> tuple[Outcome, Outcome]:
    winners = [o for o in outcomes.values() if o.error is None]
    losers = [o for o in outcomes.values() if o.error is not None]
    assert len(winners) == 1, f"expected exactly one winner, got {outcomes}"
    return winners[0], losers[0]


def assert_event_log_is_a_chain(report: AgencyReport, *, transitions: int) -> None:
    """One event per successful transition, each starting where the previous ended, ending at the state."""
    events = list(ReportEvent.objects.filter(report=report).order_by("occurred_at", "id"))
    assert len(events) == transitions
    assert events[0].from_state == ""
    for previous, following in pairwise(events):
        assert following.from_state == previous.to_state
    assert all(event.snapshot["state"] == event.to_state for event in events)
    assert events[-1].to_state == report.state


class Desk:
    """The world plus a second person at each desk, and a fresh report for each round."""

    def __init__(self, world: World):
        self.world = world
        self.staff_b = staff_of(world.agency, email="chuyenvien2@sotttt.vn")
        self.reviewer_b = reviewer_of(world.snv, email="thamdinh2@snv.vn")
        self.rounds = 0

    def report(self, *, submitted: bool) -> AgencyReport:
        self.rounds += 1
        period = ReportingPeriodFactory(plan=self.world.plan, year=2030 + self.rounds, label=f"Kỳ {self.rounds}")
        staff = self.world.staff
        report = services.report_get_or_create_for_agency(period=period, agency=self.world.agency, user=staff)
        if submitted:
            submit_ready(report_id=report.pk, user=staff, version=None, today=TODAY)
        report.refresh_from_db()
        return report


def test_two_staff_saving_the_same_loaded_version_one_wins_the_other_sees_the_conflict_with_their_text():
    desk = Desk(build_world())
    for _ in range(ROUNDS):
        report = desk.report(submitted=False)
        clients = {}
        for name, user in (("A", desk.world.staff), ("B", desk.staff_b)):
            clients[name] = Client()
            clients[name].force_login(user)
        typed = {name: f"Đánh giá chung do đồng chí {name} viết" for name in clients}
        forms = {name: form_data(report, overall_assessment=typed[name]) for name in clients}  # both loaded now
        url = reverse("reporting:report_edit", args=[report.pk])

        outcomes = race(**{name: functools.partial(clients[name].post, url, forms[name]) for name in clients})

        saved = {name: o.value for name, o in outcomes.items() if o.error is None and o.value.status_code == 302}
        assert len(saved) == 1, {name: o.value.status_code for name, o in outcomes.items()}
        (winner,) = saved
        (loser,) = set(clients) - {winner}
        page = outcomes[loser].value
        assert page.status_code == 200
        assert CONFLICT_MESSAGE in page.content.decode()
        assert typed[loser] in page.content.decode()  # nothing typed is lost: it is still on their page
        report.refresh_from_db()
        assert report.overall_assessment == typed[winner]  # and the saved one was not overwritten
        assert report.version == forms[winner]["version"] + 1
        assert_event_log_is_a_chain(report, transitions=1)


def test_two_reviewers_acting_on_one_submission_exactly_one_transition_happens():
    desk = Desk(build_world())
    for _ in range(ROUNDS):
        report = desk.report(submitted=True)
        loaded = report.version

        outcomes = race(
            approve=functools.partial(
                services.report_approve, report_id=report.pk, user=desk.world.reviewer, comment="Đạt", version=loaded
            ),
            return_=functools.partial(
                services.report_return, report_id=report.pk, user=desk.reviewer_b, reason="Thiếu", version=loaded
            ),
        )

        winner, loser = split(outcomes)
        assert isinstance(loser.error, services.ReportConflict), loser.error
        assert "vừa được người khác" in str(loser.error.message)
        report.refresh_from_db()
        expected = ReportState.APPROVED if winner.name == "approve" else ReportState.RETURNED
        assert report.state == expected
        assert report.version == loaded + 1
        assert_event_log_is_a_chain(report, transitions=3)
        assert report.events.last().snapshot["version"] == report.version


def test_approve_racing_withdraw_exactly_one_wins_and_the_other_is_told_why():
    desk = Desk(build_world())
    for _ in range(ROUNDS):
        report = desk.report(submitted=True)
        loaded = report.version

        outcomes = race(
            approve=functools.partial(
                services.report_approve, report_id=report.pk, user=desk.world.reviewer, version=loaded
            ),
            withdraw=functools.partial(services.report_withdraw, report_id=report.pk, user=desk.world.staff),
        )

        winner, loser = split(outcomes)
        report.refresh_from_db()
        if winner.name == "approve":
            assert report.state == ReportState.APPROVED
            assert isinstance(loser.error, services.InvalidTransition), loser.error
        else:
            assert report.state == ReportState.DRAFT
            assert isinstance(loser.error, services.ReportConflict), loser.error
        assert report.version == loaded + 1
        assert_event_log_is_a_chain(report, transitions=3)


@pytest.mark.usefixtures("agencies")  # the registry the draft's parties name
def test_a_double_click_on_save_plan_saves_the_plan_once_and_both_clicks_get_a_page():
    admin = administrator(username="quantri")
    for round_ in range(ROUNDS):
        proposal = small_proposal()
        proposal.header.number = f"{round_ + 1}/KH-UBND"
        draft = draft_of(admin, proposal)
        clicks = {}
        for name in ("first", "second"):
            clicks[name] = Client()
            clicks[name].force_login(admin)
        posted = import_form_data(draft, action="save")  # the same page, clicked twice

        outcomes = race(**{name: functools.partial(c.post, page_url(draft), posted) for name, c in clicks.items()})

        assert all(o.error is None and o.value.status_code == 302 for o in outcomes.values()), outcomes
        assert Plan.objects.filter(number=f"{round_ + 1}/KH-UBND").count() == 1
        assert not PlanImportDraft.objects.filter(pk=draft.pk).exists()
