import datetime as dt

import pytest

from reporting.api.models import ApiClient
from reporting.models import ReportState
from tests.factories import (
    AgencyFactory,
    AgencyReportFactory,
    AssignmentFactory,
    PlanFactory,
    ReportingPeriodFactory,
    ReportItemFactory,
    TaskFactory,
)


def make_client(**fields) -> tuple[ApiClient, str]:
    plans = fields.pop("plans", [])
    client = ApiClient(name=fields.pop("name", "Hệ thống báo cáo quốc gia"), **fields)
    token = client.set_new_token()
    client.save()
    client.plans.set(plans)
    return client, token


def fill_plan(plan, agencies, tasks: int, period=None):
    """Tasks each assigned to every agency, and a period in which every agency's report is approved."""
    period = period or ReportingPeriodFactory(plan=plan)
    assignments = [
        AssignmentFactory(task=TaskFactory(plan=plan), agency=agency) for _ in range(tasks) for agency in agencies
    ]
    for agency in agencies:
        report = AgencyReportFactory(
            period=period,
            agency=agency,
            state=ReportState.APPROVED,
            first_submitted_at=dt.datetime(2019, 6, 10, tzinfo=dt.UTC),
        )
        for assignment in assignments:
            if assignment.agency == agency:
                ReportItemFactory(report=report, assignment=assignment, results=f"Kết quả của {agency.code}")
    return period


@pytest.fixture
def world(db):
    """A plan the client may read, a foreign plan it may not, and their data."""
    agencies = [AgencyFactory(), AgencyFactory()]
    plan, foreign = PlanFactory(), PlanFactory()
    period = fill_plan(plan, agencies, tasks=2)
    foreign_period = fill_plan(foreign, agencies, tasks=1)
    client, token = make_client(plans=[plan])
    return {
        "plan": plan,
        "foreign": foreign,
        "period": period,
        "foreign_period": foreign_period,
        "agencies": agencies,
        "client": client,
        "auth": {"HTTP_AUTHORIZATION": f"Bearer {token}"},
    }
