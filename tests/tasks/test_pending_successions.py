"""A succession dated in the future waits: nothing moves until the daily job runs on or after its date."""

import datetime as dt
from unittest import mock

import pytest

from agencies.models import AgencySuccession, SuccessionKind, direct_successors, heirs_on
from tasks import jobs
from tasks.models import Assignment, AssignmentHandover
from tasks.succession import SuccessionLinkSpec, succession_record
from tests.factories import AgencyFactory, AssignmentFactory

pytestmark = pytest.mark.django_db

RECORDED = dt.date(2025, 6, 2)
EFFECTIVE = dt.date(2025, 7, 1)


def run_job_on(day):
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        return jobs.apply_due_successions.apply().get()


@pytest.fixture
def pending(db):
    district = AgencyFactory(name="UBND huyện Ba Tri", code="BATRI")
    commune = AgencyFactory(name="UBND xã Ba Tri", code="XA-BATRI")
    assignment = AssignmentFactory(agency=district)
    succession = succession_record(
        kind=SuccessionKind.ABOLISH,
        effective_on=EFFECTIVE,
        links=[SuccessionLinkSpec(predecessor=district, successor=commune)],
        today=RECORDED,
    )
    return district, commune, assignment, succession


def test_recorded_before_its_date_nothing_moves(pending):
    district, commune, assignment, succession = pending

    assignment.refresh_from_db()
    district.refresh_from_db()
    assert assignment.agency == district
    assert district.is_active and district.active_until == dt.date(2025, 6, 30)
    assert succession.is_pending and not AssignmentHandover.objects.exists()
    assert direct_successors([district.pk]) == {}  # its users are not offered a move yet
    assert district.pk not in heirs_on(RECORDED)  # the dashboard keeps its own row until the date


def test_the_job_before_the_date_changes_nothing(pending):
    district, _commune, assignment, _succession = pending

    assert run_job_on(EFFECTIVE - dt.timedelta(days=1)) == 0
    assert Assignment.objects.get(pk=assignment.pk).agency == district


def test_the_job_on_the_date_moves_the_assignments_once(pending):
    district, commune, assignment, succession = pending

    assert run_job_on(EFFECTIVE) == 1
    assert run_job_on(EFFECTIVE + dt.timedelta(days=1)) == 0  # twice: nothing more

    assert Assignment.objects.get(pk=assignment.pk).agency == commune
    assert AssignmentHandover.objects.filter(assignment=assignment).count() == 1
    district.refresh_from_db()
    assert not district.is_active
    assert not AgencySuccession.objects.get(pk=succession.pk).is_pending


def test_a_job_that_missed_days_applies_late_successions_in_date_order(pending):
    _district, commune, assignment, _succession = pending
    ward = AgencyFactory(name="UBND phường An Hội", code="AN-HOI")
    succession_record(
        kind=SuccessionKind.RENAME,
        effective_on=EFFECTIVE + dt.timedelta(days=10),
        links=[SuccessionLinkSpec(predecessor=commune, successor=ward)],
        today=RECORDED,
    )

    assert run_job_on(dt.date(2025, 8, 1)) == 2
    assert Assignment.objects.get(pk=assignment.pk).agency == ward


def test_recorded_on_or_after_its_date_applies_at_once():
    old, new = AgencyFactory(), AgencyFactory()
    assignment = AssignmentFactory(agency=old)
    succession = succession_record(
        kind=SuccessionKind.RENAME,
        effective_on=EFFECTIVE,
        links=[SuccessionLinkSpec(predecessor=old, successor=new)],
        today=EFFECTIVE,
    )

    assert not succession.is_pending
    assert Assignment.objects.get(pk=assignment.pk).agency == new
