"""Test data shared by the cache and data-version tests."""

import pytest
from django.utils import timezone

from reporting.models import ReportState
from tests.factories import (
    AgencyFactory,
    AgencyReportFactory,
    AssignmentFactory,
    PlanFactory,
    ReportingPeriodFactory,
    TaskFactory,
    reviewer_of,
)


@pytest.fixture
def approval_world():
    plan = PlanFactory()
    consolidating = plan.consolidating_agency or AgencyFactory()
    agency = AgencyFactory()
    task = TaskFactory(plan=plan)
    AssignmentFactory(task=task, agency=agency)
    period = ReportingPeriodFactory(plan=plan)
    report = AgencyReportFactory(
        period=period, agency=agency, state=ReportState.SUBMITTED, first_submitted_at=timezone.now()
    )
    return {"plan": plan, "report": report, "reviewer": reviewer_of(consolidating)}
