"""Province-scale data for benchmarks: `--scale 10` is 300 plans, 9,000 tasks, 60 agencies,
60,000 assignments, 10 periods per plan and about 600,000 report items with their events.

Rows get their ids here, so each table is written once without reading ids back: COPY on
PostgreSQL, bulk_create in batches elsewhere. Task.deadline is set explicitly because bulk
inserts skip Task.save(). Generated objects carry the code prefix `sd-` (agencies) and the
number suffix `/KH-SD` (plans) so they never collide with real data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import time

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from agencies import roles
from agencies.models import Agency, AgencyKind, User
from reporting import periods as period_rules
from reporting.models import (
    AgencyReport,
    PeriodKind,
    PeriodState,
    ReportEvent,
    ReportingPeriod,
    ReportItem,
    ReportState,
)
from tasks.models import Assignment, AssignmentRole, Plan, Task, status_facts_year
from tasks.timing import Progress, TimingKind, end_of_quarter

BATCH = 5000
REPORT_COLUMNS = (
    "id",
    "period_id",
    "agency_id",
    "state",
    "overall_assessment",
    "submitted_at",
    "first_submitted_at",
    "is_late",
    "approved_at",
)
ASSESSMENT = "Cơ bản hoàn thành các nhiệm vụ được giao."
RESULTS = "Đã triển khai theo kế hoạch."
TASKS_PER_PLAN = 30
YEARS = 5  # two periods a year (6 months, annual): ten per plan


class Ids:
    """Hands out primary keys above what the table already holds."""

    def __init__(self, model: type[models.Model]):
        self.next = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def __call__(self) -> int:
        self.next += 1
        return self.next - 1


def write_rows(model: type[models.Model], objects: list[models.Model]) -> None:
    """Insert model instances that already carry their pk, as fast as the database allows."""
    if not objects:
        return
    if connection.vendor == "postgresql":
        _copy(model, objects)
    else:
        for start in range(0, len(objects), BATCH):
            model.objects.bulk_create(objects[start : start + BATCH])


def _copy(model: type[models.Model], objects: list[models.Model]) -> None:
    fields = list(model._meta.concrete_fields)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for obj in objects:
        writer.writerow([_csv_value(field, obj) for field in fields])
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)


def _csv_value(field: models.Field, obj: models.Model):
    value = field.pre_save(obj, add=True)
    if value is None:
        return "\\N"
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


class Rows:
    """Rows of one table as plain tuples of `columns`, written by COPY (bulk_create elsewhere).

    The report tables hold millions of rows at ×30: building a model instance per row cost more
    than the database's work. Columns left out take the value a new instance would get, computed
    once (auto_now fields: the time of the run, as instances saved through COPY got)."""

    def __init__(self, model: type[models.Model], columns: tuple[str, ...]):
        self.model, self.columns, self.rows = model, columns, []
        fields = list(model._meta.concrete_fields)
        template = model()
        known = {field.attname: index for index, field in enumerate(fields)}
        self.defaults = [_csv_value(field, template) for field in fields]
        self.positions = [known[column] for column in columns]
        self.column_list = [field.column for field in fields]

    def add(self, *values) -> None:
        self.rows.append(values)

    def __len__(self) -> int:
        return len(self.rows)

    def flush(self) -> int:
        written = len(self.rows)
        if connection.vendor == "postgresql":
            self._copy()
        else:
            objects = [self.model(**dict(zip(self.columns, row, strict=True))) for row in self.rows]
            for start in range(0, len(objects), BATCH):
                self.model.objects.bulk_create(objects[start : start + BATCH])
        self.rows = []
        return written

    def _copy(self) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        positions = self.positions
        for row in self.rows:
            line = list(self.defaults)
            for position, value in zip(positions, row, strict=True):
                line[position] = _plain_csv(value)
            writer.writerow(line)
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(column) for column in self.column_list)
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(self.model._meta.db_table)
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)


def _plain_csv(value):
    if value is None:
        return "\\N"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def reset_sequences(*model_list: type[models.Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def no_style():
    from django.core.management.color import no_style as style

    return style()


class Command(BaseCommand):
    help = "Generate a province-scale data set (bulk inserts) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=10, help="10 = a whole province ×10; 1 = a tenth of that; 0.1 for tests."
        )
        parser.add_argument("--seed", type=int, default=20181130)
        parser.add_argument(
            "--users-password",
            default="",
            help="Also create users sd-leader, sd-reviewer and sd-staff with this password.",
        )

    def handle(self, *args, scale: float, seed: int, users_password: str, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if Agency.objects.filter(code__startswith="sd-").exists():
            raise CommandError("Scale data is already present (agencies with code sd-*); use a fresh database.")
        started = time.monotonic()
        generator = Generator(scale=scale, rng=random.Random(seed), today=timezone.localdate())
        with transaction.atomic():
            counts = generator.run()
            if users_password:
                generator.create_users(users_password)
        reset_sequences(Agency, Plan, Task, Assignment, ReportingPeriod, AgencyReport, ReportItem, ReportEvent)
        summary = ", ".join(f"{name} {n:,}" for name, n in counts.items())
        self.stdout.write(f"Generated in {time.monotonic() - started:.1f} s: {summary}")


class Generator:
    def __init__(self, *, scale: float, rng: random.Random, today: dt.date):
        self.scale, self.rng, self.today = scale, rng, today
        self.now = timezone.now()
        self.counts: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        agencies = self.agencies()
        plans = self.plans(agencies)
        tasks = self.tasks(plans)
        assignments = self.assignments(tasks, agencies)
        periods = self.periods(plans)
        self.reports(periods, assignments)
        return self.counts

    def _store(self, name: str, model, objects: list) -> list:
        write_rows(model, objects)
        self.counts[name] = len(objects)
        return objects

    def agencies(self) -> list[Agency]:
        total = max(round(6 * self.scale), 12)
        next_id = Ids(Agency)
        kinds = [AgencyKind.DEPARTMENT] * 2 + [AgencyKind.DISTRICT]
        rows = [
            Agency(
                id=next_id(),
                name="Sở Nội vụ (dữ liệu mô phỏng)",
                short_name="SNV-SD",
                code="sd-snv",
                kind=AgencyKind.DEPARTMENT,
                position=1000,
            )
        ]
        for n in range(1, total):
            kind = kinds[n % 3]
            label = "Sở mô phỏng" if kind == AgencyKind.DEPARTMENT else "UBND huyện mô phỏng"
            rows.append(
                Agency(
                    id=next_id(),
                    name=f"{label} {n:03d}",
                    short_name=f"{label} {n:03d}",
                    code=f"sd-{n:03d}",
                    kind=kind,
                    place_name="Bến Tre",
                    position=1000 + n,
                )
            )
        return self._store("agencies", Agency, rows)

    def plans(self, agencies: list[Agency]) -> list[Plan]:
        next_id = Ids(Plan)
        snv = agencies[0]
        rows = []
        for n in range(max(round(30 * self.scale), 1)):
            issued = dt.date(self.today.year - YEARS, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 2))
            rows.append(
                Plan(
                    id=next_id(),
                    number=f"{n + 1}/KH-SD",
                    issued_on=issued,
                    issuer=snv,
                    title=f"Kế hoạch mô phỏng số {n + 1} về cải cách hành chính",
                    short_title=f"Kế hoạch mô phỏng {n + 1}",
                    consolidating_agency=snv,
                    recipient=snv,
                    created_at=self.now,
                )
            )
        return self._store("plans", Plan, rows)

    def _timing(self) -> dict:
        year = self.today.year - YEARS + 1 + self.rng.randrange(YEARS + 1)
        pick = self.rng.random()
        if pick < 0.35:
            return {
                "timing_kind": TimingKind.WITHIN_YEAR,
                "due_on": dt.date(year, 12, 31),
                "timing_text": f"trong năm {year}",
            }
        if pick < 0.6:
            quarter = self.rng.randint(1, 4)
            return {
                "timing_kind": TimingKind.BY_QUARTER,
                "due_on": end_of_quarter(year, quarter),
                "timing_text": f"trong quý {quarter} năm {year}",
            }
        if pick < 0.7:
            due = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
            return {"timing_kind": TimingKind.BY_DATE, "due_on": due, "timing_text": f"trước ngày {due:%d/%m/%Y}"}
        if pick < 0.85:
            return {"timing_kind": TimingKind.RECURRING, "timing_text": "nhiệm vụ thường xuyên"}
        if pick < 0.95:
            triggered = self.rng.random() < 0.5
            return {
                "timing_kind": TimingKind.AFTER_EVENT,
                "timing_text": "sau khi có hướng dẫn của Trung ương",
                "trigger_occurred_on": dt.date(year, 3, 1) if triggered else None,
                "days_after_trigger": 180 if triggered else None,
            }
        return {"timing_kind": TimingKind.FROM_DATE, "starts_on": dt.date(year, 1, 1), "timing_text": f"từ năm {year}"}

    def tasks(self, plans: list[Plan]) -> list[Task]:
        next_id = Ids(Task)
        rows = []
        for plan in plans:
            for position in range(1, TASKS_PER_PLAN + 1):
                task = Task(
                    id=next_id(),
                    plan=plan,
                    position=position,
                    code=f"II.{position}",
                    title=f"Nhiệm vụ mô phỏng {position} của kế hoạch {plan.number}",
                    full_text="Triển khai thực hiện theo kế hoạch.",
                    **self._timing(),
                )
                task.deadline = task.timing.effective_due_on()  # bulk inserts skip Task.save()
                rows.append(task)
        return self._store("tasks", Task, rows)

    def _progress(self, deadline: dt.date | None) -> dict:
        if deadline is not None and deadline < self.today and self.rng.random() < 0.7:
            late = self.rng.random() < 0.25
            done = deadline + dt.timedelta(days=self.rng.randint(1, 60) if late else -self.rng.randint(0, 60))
            return {"progress": Progress.COMPLETED, "completed_on": min(done, self.today), "percent_complete": 100}
        if self.rng.random() < 0.6:
            return {"progress": Progress.IN_PROGRESS, "percent_complete": self.rng.randrange(10, 90, 10)}
        return {"progress": Progress.NOT_STARTED}

    def assignments(self, tasks: list[Task], agencies: list[Agency]) -> list[Assignment]:
        next_id = Ids(Assignment)
        others_max = min(len(agencies) - 1, 10)
        rows = []
        for task in tasks:
            chosen = self.rng.sample(agencies[1:], self.rng.randint(min(3, others_max), others_max))
            for index, agency in enumerate(chosen):
                if index == 0:
                    role = AssignmentRole.LEAD
                else:
                    role = AssignmentRole.COORDINATING if self.rng.random() < 0.05 else AssignmentRole.IMPLEMENTING
                rows.append(
                    Assignment(
                        id=next_id(),
                        task=task,
                        agency=agency,
                        role=role,
                        progress_updated_at=self.now,
                        **self._progress(task.deadline),
                    )
                )
        year = status_facts_year()
        for row in rows:
            row.apply_status_facts(year)
        return self._store("assignments", Assignment, rows)

    def periods(self, plans: list[Plan]) -> list[ReportingPeriod]:
        next_id = Ids(ReportingPeriod)
        rows = []
        for plan in plans:
            for year in range(self.today.year - YEARS + 1, self.today.year + 1):
                for kind in (PeriodKind.SEMIANNUAL, PeriodKind.ANNUAL):
                    window = period_rules.period_window(kind, year)
                    state = (
                        PeriodState.OPEN
                        if window.starts_on <= self.today <= window.consolidated_due_on
                        else (PeriodState.LOCKED if window.ends_on < self.today else PeriodState.PLANNED)
                    )
                    rows.append(
                        ReportingPeriod(
                            id=next_id(),
                            plan=plan,
                            kind=kind,
                            year=year,
                            sequence=1,
                            label=window.label,
                            starts_on=window.starts_on,
                            ends_on=window.ends_on,
                            submission_due_on=window.submission_due_on,
                            consolidated_due_on=window.consolidated_due_on,
                            state=state,
                            opened_at=self.now if state != PeriodState.PLANNED else None,
                        )
                    )
        return self._store("periods", ReportingPeriod, rows)

    def reports(self, periods: list[ReportingPeriod], assignments: list[Assignment]) -> None:
        owing: dict[tuple[int, int], list[Assignment]] = {}
        for assignment in assignments:
            if assignment.role != AssignmentRole.COORDINATING:
                owing.setdefault((assignment.task.plan_id, assignment.agency_id), []).append(assignment)
        by_plan: dict[int, list[tuple[int, list[Assignment]]]] = {}
        for (plan_id, agency_id), owed in owing.items():
            by_plan.setdefault(plan_id, []).append((agency_id, owed))
        report_id, item_id, event_id = Ids(AgencyReport), Ids(ReportItem), Ids(ReportEvent)
        reports = Rows(AgencyReport, REPORT_COLUMNS)
        items = Rows(
            ReportItem, ("id", "report_id", "assignment_id", "progress", "completed_on", "percent_complete", "results")
        )
        events = Rows(ReportEvent, ("id", "report_id", "from_state", "to_state", "snapshot"))
        totals = {"reports": 0, "report items": 0, "report events": 0}
        for period in periods:
            if period.state == PeriodState.PLANNED:
                continue
            for agency_id, owed in by_plan.get(period.plan_id, []):
                pk = report_id()  # taken before the draw, as before: the same seed gives the same ids
                report = self._report(period, agency_id)
                if report is None:
                    continue
                reports.add(pk, period.pk, agency_id, *report)
                for a in owed:
                    items.add(item_id(), pk, a.pk, a.progress, a.completed_on, a.percent_complete, RESULTS)
                state = report[0]
                if state != ReportState.DRAFT:
                    events.add(event_id(), pk, ReportState.DRAFT, ReportState.SUBMITTED, "{}")
                    if state in (ReportState.APPROVED, ReportState.RETURNED):
                        events.add(event_id(), pk, ReportState.SUBMITTED, state, "{}")
            if len(items) > 100_000:
                self._flush(reports, items, events, totals)
        self._flush(reports, items, events, totals)
        self.counts.update(totals)

    def _flush(self, reports: Rows, items: Rows, events: Rows, totals: dict) -> None:
        totals["reports"] += reports.flush()
        totals["report items"] += items.flush()
        totals["report events"] += events.flush()

    def _report(self, period: ReportingPeriod, agency_id: int) -> tuple | None:
        """The REPORT_COLUMNS after id, period and agency; None for a report not started yet."""
        is_open = period.state == PeriodState.OPEN
        if is_open and self.rng.random() < 0.35:
            return None  # not started yet: counts as missing
        late = self.rng.random() < 0.2
        sent_on = period.submission_due_on + dt.timedelta(
            days=self.rng.randint(1, 20) if late else -self.rng.randint(0, 5)
        )
        sent_at = timezone.make_aware(dt.datetime.combine(min(sent_on, self.today), dt.time(9)))
        if is_open:
            state = self.rng.choice(
                [
                    ReportState.DRAFT,
                    ReportState.SUBMITTED,
                    ReportState.SUBMITTED,
                    ReportState.RETURNED,
                    ReportState.APPROVED,
                ]
            )
        else:
            state = ReportState.APPROVED
        sent = state != ReportState.DRAFT
        return (
            state,
            ASSESSMENT,
            sent_at if sent else None,
            sent_at if sent else None,
            late and sent,
            sent_at if state == ReportState.APPROVED else None,
        )

    def create_users(self, password: str) -> None:
        snv = Agency.objects.get(code="sd-snv")
        staff_agency = Agency.objects.get(code="sd-001")
        for username, agency, role in (
            ("sd-leader", snv, roles.LEADER),
            ("sd-reviewer", snv, roles.REVIEWER),
            ("sd-staff", staff_agency, roles.STAFF),
        ):
            user = User.objects.create_user(username=username, password=password, agency=agency)
            user.groups.add(Group.objects.get(name=role))
