"""generate_scale_data: a tiny scale yields rows that agree with each other and with the rules."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from agencies.models import Agency, User
from reporting.models import AgencyReport, ReportEvent, ReportItem, ReportState
from tasks.models import Assignment, Plan, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    call_command("generate_scale_data", scale=0.1, users_password="mat-khau-thu-nghiem")


def test_tiny_scale_has_the_expected_sizes(generated):
    assert Plan.objects.count() == 3
    assert Agency.objects.filter(code__startswith="sd-").count() == 12
    assert Task.objects.count() == 90
    assert Assignment.objects.count() >= 90 * 3
    assert ReportItem.objects.exists() and ReportEvent.objects.exists()


def test_every_task_deadline_follows_its_timing(generated):
    for task in Task.objects.all():
        assert task.deadline == task.timing.effective_due_on()


def test_report_items_belong_to_the_reporting_agency_and_the_periods_plan(generated):
    assert not ReportItem.objects.exclude(assignment__agency=F("report__agency")).exists()
    assert not ReportItem.objects.exclude(assignment__task__plan=F("report__period__plan")).exists()
    assert not ReportItem.objects.filter(assignment__role="coordinating").exists()


def test_sent_reports_have_events_and_drafts_none(generated):
    sent = AgencyReport.objects.exclude(state=ReportState.DRAFT)
    assert not sent.filter(first_submitted_at__isnull=True).exists()
    assert not sent.filter(events__isnull=True).exists()
    assert not ReportEvent.objects.filter(report__state=ReportState.DRAFT).exists()


def test_users_for_each_role_can_log_in(generated, client):
    for username in ("sd-leader", "sd-reviewer", "sd-staff"):
        assert User.objects.get(username=username).check_password("mat-khau-thu-nghiem")


def test_new_rows_get_fresh_ids_after_a_run(generated):
    task = Task.objects.first()
    Task.objects.create(plan=task.plan, position=999, code="X.1", title="Thêm sau")
    assert Task.objects.count() == 91


def test_refuses_to_run_twice_on_the_same_database(generated):
    with pytest.raises(CommandError):
        call_command("generate_scale_data", scale=0.1)
