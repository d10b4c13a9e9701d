"""factory_boy factories shared by every test module."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from agencies import roles
from agencies.models import Agency, AgencyGroup, AgencyKind, User
from reporting.models import AgencyReport, PeriodKind, PeriodState, ReportingPeriod, ReportItem
from tasks.models import Assignment, AssignmentRole, Plan, Task
from tasks.timing import TimingKind


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    code = factory.Sequence(lambda n: f"S{n}")
    kind = AgencyKind.DEPARTMENT
    place_name = "Bến Tre"


class AgencyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyGroup

    name = factory.Sequence(lambda n: f"Nhóm {n}")
    code = factory.Sequence(lambda n: f"group-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn A"
    last_name = "Nguyễn"
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password("matkhau-thu-nghiem")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(role_group(extracted))


def role_group(role: str) -> Group:
    """The role's group, as migrate made it (and post_migrate remakes it after a flush)."""
    return Group.objects.get(name=role)


def staff_of(agency: Agency, **kwargs) -> User:
    return UserFactory(agency=agency, role=roles.STAFF, **kwargs)


def reviewer_of(agency: Agency, **kwargs) -> User:
    return UserFactory(agency=agency, role=roles.REVIEWER, **kwargs)


def leader(**kwargs) -> User:
    return UserFactory(role=roles.LEADER, **kwargs)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    number = factory.Sequence(lambda n: f"{1000 + n}/KH-UBND")
    issued_on = dt.date(2018, 11, 30)
    issuer = factory.SubFactory(AgencyFactory, name="Ủy ban nhân dân tỉnh", code="UBND", kind=AgencyKind.PROVINCE)
    title = factory.Sequence(lambda n: f"Kế hoạch thử nghiệm số {n}")
    consolidating_agency = factory.SubFactory(AgencyFactory, name="Sở Nội vụ", code="SNV")
    recipient = factory.SelfAttribute("issuer")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"II.{n + 1}")
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    full_text = factory.LazyAttribute(lambda o: f"{o.title}: nội dung đầy đủ.")
    timing_kind = TimingKind.BY_DATE
    timing_text = "trong năm 2019"
    due_on = dt.date(2019, 12, 31)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = AssignmentRole.LEAD


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    plan = factory.SubFactory(PlanFactory)
    kind = PeriodKind.SEMIANNUAL
    year = 2019
    label = "6 tháng đầu năm 2019"
    starts_on = dt.date(2018, 12, 15)
    ends_on = dt.date(2019, 6, 14)
    submission_due_on = dt.date(2019, 6, 17)
    consolidated_due_on = dt.date(2019, 6, 24)
    state = PeriodState.OPEN


class AgencyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyReport

    period = factory.SubFactory(ReportingPeriodFactory)
    agency = factory.SubFactory(AgencyFactory)


class ReportItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportItem

    report = factory.SubFactory(AgencyReportFactory)
    assignment = factory.SubFactory(AssignmentFactory)
