"""The main pages of every role, on a small world with a report in each state (browser tests)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from reporting import services
from reporting.models import ConsolidatedReport
from tests.factories import UserFactory
from tests.reporting.report_world import World, build_world, submit_ready

PASSWORD = "matkhau-thu-nghiem"


@dataclass
class PageWorld:
    world: World
    admin: object
    pages: dict[str, list[tuple[str, str]]]  # username -> (name, path)


def build_page_world() -> PageWorld:
    world = build_world(extra_agencies=2)
    today = world.period.ends_on
    mine = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    theirs = services.report_get_or_create_for_agency(period=world.period, agency=world.other, user=world.other_staff)
    submit_ready(report_id=mine.pk, user=world.staff, version=None, today=today)
    item = mine.items.first()
    services.report_return(
        report_id=mine.pk, user=world.reviewer, reason="Thiếu số liệu", item_comments={item.pk: "Ghi số người dự."}
    )
    submit_ready(report_id=theirs.pk, user=world.other_staff, version=None, today=today)
    consolidated = ConsolidatedReport.objects.create(period=world.period)
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True, agency=None)
    task = world.tasks[0]
    common = [
        ("home", reverse("home")),
        ("plan list", reverse("tasks:plan_list")),
        ("plan", reverse("tasks:plan_detail", args=[world.plan.pk])),
        ("task list", reverse("tasks:task_list")),
        ("task", reverse("tasks:task_detail", args=[task.pk])),
        ("agency list", reverse("agencies:agency_list")),
        ("agency", reverse("tasks:agency_detail", args=[world.agency.code])),
        ("notifications", reverse("reporting:notifications")),
    ]
    pages = {
        world.staff.username: [
            *common,
            ("my reports", reverse("reporting:my_reports")),
            ("returned report", reverse("reporting:report_detail", args=[mine.pk])),
            ("report form", reverse("reporting:report_edit", args=[mine.pk])),
            ("report confirmation", reverse("reporting:report_confirm", args=[mine.pk])),
        ],
        world.other_staff.username: [("coordination", reverse("reporting:coordination", args=[world.period.pk]))],
        world.reviewer.username: [
            *common,
            ("review queue", reverse("reporting:review_queue")),
            ("submitted report", reverse("reporting:report_detail", args=[theirs.pk])),
            ("return form", reverse("reporting:report_return", args=[theirs.pk])),
            ("period list", reverse("reporting:period_list")),
            ("period", reverse("reporting:period_detail", args=[world.period.pk])),
            ("ad hoc request", reverse("reporting:ad_hoc_create")),
            ("consolidated list", reverse("reporting:consolidated_list")),
            ("consolidated report", reverse("reporting:consolidated_detail", args=[consolidated.pk])),
        ],
        world.leader.username: [
            *common,
            ("dashboard", reverse("reporting:dashboard")),
            ("scorecard", reverse("reporting:scorecard", args=[world.agency.code])),
            ("consolidated list", reverse("reporting:consolidated_list")),
            ("period", reverse("reporting:period_detail", args=[world.period.pk])),
        ],
        admin.username: [
            ("home", reverse("home")),
            ("admin index", reverse("admin:index")),
            ("admin users", reverse("admin:agencies_user_changelist")),
            ("admin user", reverse("admin:agencies_user_change", args=[world.staff.pk])),
            ("admin plans", reverse("admin:tasks_plan_changelist")),
            ("admin plan", reverse("admin:tasks_plan_change", args=[world.plan.pk])),
            ("admin periods", reverse("admin:reporting_reportingperiod_changelist")),
            ("plan import", reverse("tasks:plan_import")),
        ],
    }
    return PageWorld(world=world, admin=admin, pages=pages)
