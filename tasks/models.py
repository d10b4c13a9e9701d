from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, Func, Q, Value, When
from django.db.models.functions import Coalesce, Least
from django.db.models.lookups import IsNull, LessThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyGroup
from tasks.timing import Progress, Status, Timing, TimingKind, assignment_status, status_facts


def day_of_month_field(label, **options) -> models.PositiveSmallIntegerField:
    """An optional day of the month (1-31), as plans give due days: “trước ngày 20 hằng tháng”."""
    validators = [MinValueValidator(1), MaxValueValidator(31)]
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=validators, **options)


def month_field(label, **options) -> models.PositiveSmallIntegerField:
    validators = [MinValueValidator(1), MaxValueValidator(12)]
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=validators, **options)


class Plan(models.Model):
    """A Kế hoạch: its header as issued, and who consolidates its reports for whom."""

    number = models.CharField(
        _("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ 4447/KH-UBND; để trống nếu chưa rõ.")
    )
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.ForeignKey(Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+")
    title = models.TextField(_("trích yếu"))
    short_title = models.CharField(_("tên ngắn"), max_length=255, blank=True)
    supplements = models.ForeignKey(
        "self",
        verbose_name=_("bổ sung cho kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supplemented_by",
    )
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    consolidating_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan tổng hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consolidated_plans",
    )
    recipient = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan nhận báo cáo tổng hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipients_text = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    reports_semiannual = models.BooleanField(_("báo cáo 6 tháng"), default=True)
    reports_annual = models.BooleanField(_("báo cáo năm"), default=True)
    reports_quarterly = models.BooleanField(_("báo cáo quý"), default=False)
    reports_ad_hoc = models.BooleanField(_("báo cáo đột xuất khi có yêu cầu"), default=True)
    reports_monthly = models.BooleanField(_("báo cáo tháng"), default=False)
    report_due_day = day_of_month_field(
        _("hạn gửi báo cáo định kỳ (ngày trong tháng)"),
        help_text=_("Ví dụ 20 cho “trước ngày 20 hằng tháng”; để trống để tính từ ngày chốt số liệu."),
    )
    annual_report_due_day = day_of_month_field(_("hạn gửi báo cáo năm: ngày"))
    annual_report_due_month = month_field(
        _("hạn gửi báo cáo năm: tháng"), help_text=_("Ví dụ ngày 10 tháng 12 cho “trước ngày 10/12 hằng năm”.")
    )
    reporting_schedule_text = models.CharField(_("chế độ báo cáo (nguyên văn)"), max_length=255, blank=True)
    data_cutoff_day = models.PositiveSmallIntegerField(
        _("ngày chốt số liệu"),
        null=True,
        blank=True,
        help_text=_("Để trống để theo Nghị định 09/2019/NĐ-CP (ngày 14; kỳ bắt đầu từ ngày 15 tháng trước)."),
    )
    is_active = models.BooleanField(_("đang theo dõi"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The plan's name on every page and file; one without a known number is named by its date."""
        if not self.number:
            return plan_reference("", self.issued_on)
        return f"{_('Kế hoạch')} {self.number} ({self.issued_on:%d/%m/%Y})"

    @property
    def reference(self) -> str:
        """The short form for a table's column: the number, or the dated name when the number is unknown.

        Without the issuer's name: tables load plans without their issuer, and one query per row would be
        the price of it.
        """
        return plan_reference(self.number, self.issued_on)


def plan_reference(number: str, issued_on: dt.date) -> str:
    """`Plan.reference` from a value list's columns, for lists that load no Plan rows."""
    return number or str(_("Kế hoạch ngày %(date)s") % {"date": f"{issued_on:%d/%m/%Y}"})


class TaskQuerySet(models.QuerySet):
    def actionable(self):
        """Tasks that carry assignments, as opposed to section headings."""
        return self.filter(is_heading=False)


class Task(models.Model):
    """A nhiệm vụ in the plan's own order and numbering; headings group the tasks under them."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc mục"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(_("thứ tự trong kế hoạch"))
    code = models.CharField(_("số hiệu"), max_length=30, help_text=_("Theo đánh số của kế hoạch, ví dụ II.2.b.1."))
    title = models.CharField(_("tên ngắn"), max_length=500)
    full_text = models.TextField(_("nội dung đầy đủ"), blank=True)
    expected_output = models.TextField(
        _("sản phẩm / kết quả"), blank=True, help_text=_("Sản phẩm hoặc kết quả kế hoạch yêu cầu, như văn bản viết.")
    )
    is_heading = models.BooleanField(
        _("là đề mục"), default=False, help_text=_("Đề mục chỉ nhóm các nhiệm vụ, không giao cho cơ quan nào.")
    )
    unnamed_parties = models.CharField(
        _("cơ quan khác (không nêu tên)"),
        max_length=255,
        blank=True,
        help_text=_("Nguyên văn, ví dụ “các cơ quan, đơn vị liên quan”."),
    )

    timing_kind = models.CharField(
        _("loại thời hạn"), max_length=20, choices=TimingKind.choices, default=TimingKind.UNSPECIFIED, db_index=True
    )
    timing_text = models.CharField(_("thời gian thực hiện (nguyên văn)"), max_length=500, blank=True)
    starts_on = models.DateField(_("bắt đầu từ"), null=True, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True, db_index=True)
    trigger_description = models.CharField(_("điều kiện bắt đầu"), max_length=500, blank=True)
    trigger_document = models.CharField(_("văn bản kích hoạt"), max_length=255, blank=True)
    trigger_occurred_on = models.DateField(_("ngày của văn bản kích hoạt"), null=True, blank=True)
    yearly_due_day = day_of_month_field(_("hạn hằng năm: ngày"))
    yearly_due_month = month_field(
        _("hạn hằng năm: tháng"), help_text=_("Cho nhiệm vụ hằng năm có hạn, ví dụ “trước ngày 15/12 hằng năm”.")
    )
    days_after_trigger = models.PositiveIntegerField(
        _("số ngày thực hiện sau sự kiện"), null=True, blank=True, help_text=_("Để tính hạn khi chưa ấn định ngày.")
    )
    # The deadline in force, derived from the timing on save so that lists and
    # dashboards can classify thousands of assignments in SQL (see with_status).
    deadline = models.DateField(_("hạn đang áp dụng"), null=True, blank=True, editable=False, db_index=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="task_code_unique_in_plan"),
            models.UniqueConstraint(fields=["plan", "position"], name="task_position_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def save(self, *args, **kwargs):
        self.deadline = self.timing.effective_due_on()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "deadline"}
        super().save(*args, **kwargs)
        if not kwargs.get("force_insert") and self._state.db:
            self.assignments.all().refresh_status_facts(task=self)

    @property
    def timing(self) -> Timing:
        return Timing(
            kind=self.timing_kind,
            due_on=self.due_on,
            trigger_occurred_on=self.trigger_occurred_on,
            days_after_trigger=self.days_after_trigger,
            yearly_due_day=self.yearly_due_day,
            yearly_due_month=self.yearly_due_month,
            starts_on=self.starts_on,
        )

    def deadline_on(self, today: dt.date) -> dt.date | None:
        return self.timing.deadline_on(today)

    @property
    def depth(self) -> int:
        return self.code.count(".")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")
    IMPLEMENTING = "implementing", _("Thực hiện")


REPORTING_ROLES = (AssignmentRole.LEAD, AssignmentRole.IMPLEMENTING)


class AssignmentQuerySet(models.QuerySet):
    def owing_reports(self):
        """Lead and implementing assignments owe progress reports; coordinating ones do not."""
        return self.filter(role__in=REPORTING_ROLES)

    def with_status(self, today: dt.date, due_soon_days: int | None = None):
        """Annotate `status_code`: the same classification as `tasks.timing.assignment_status`, in SQL.

        Within the current year it reads the stored facts (`stored_status_expression`); for another
        year (a past cut-off, a test's date) it evaluates the whole timing rule.
        """
        if _facts_describe(today):
            return self.annotate(status_code=stored_status_expression(today, due_soon_days))
        return self.annotate(status_code=status_expression(today, due_soon_days))

    def with_deadline(self, today: dt.date):
        """Annotate `deadline_in_force`: `Task.deadline`, or this year's deadline of a yearly duty."""
        if _facts_describe(today):
            return self.annotate(deadline_in_force=F("deadline"))
        return self.annotate(deadline_in_force=deadline_expression(today))

    def refresh_status_facts(self, *, year: int | None = None, task: Task | None = None) -> int:
        """Store each assignment's `StatusFacts` for `year` (the current one by default).

        For writes that bypass `Assignment.save` (bulk updates) and for the daily job that moves
        yearly duties into a new year. `task`: the one task all these rows belong to, already loaded.
        """
        year = year or status_facts_year()
        rows = list(self if task is not None else self.select_related("task"))
        for row in rows:
            if task is not None:
                row.task = task
            row.apply_status_facts(year)
        self.model.objects.bulk_update(rows, STATUS_FACT_FIELDS, batch_size=1000)
        return len(rows)

    def overdue(self, today: dt.date):
        """Overdue on `today` in the sense of `assignment_status`; dated tasks filter on the deadline index."""
        if _facts_describe(today):
            return self.filter(settled_status="", deadline__lt=today)
        dated = Q(task__deadline__lt=today) & ~Q(progress=Progress.COMPLETED)
        yearly_done = Q(progress=Progress.COMPLETED, completed_on__year=today.year)
        past_this_year = LessThan(yearly_deadline_expression(today.year), Value(today))
        return self.filter(dated | (Q(task__timing_kind=TimingKind.YEARLY) & Q(past_this_year) & ~yearly_done))

    def status_counts(self, today: dt.date) -> dict[str, int]:
        """Assignments per status category, every category present (zero when empty), in display order.

        One grouped query; plan pages, dashboards and the consolidated report all count with it.
        """
        # COUNT(*), not COUNT(id): the assignment indexes carry the status facts but not the id, so an
        # agency's or a plan's counts are read from the index alone.
        rows = self.with_status(today).order_by().values("status_code").annotate(n=Count("*"))
        found = {row["status_code"]: row["n"] for row in rows}
        return {status.value: found.get(status.value, 0) for status in Status}


class MakeDate(Func):
    """DATE(year, month, day) on PostgreSQL and SQLite (the only two databases we run on)."""

    function = "MAKE_DATE"
    output_field = models.DateField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "DATE(PRINTF('%%%%04d-%%%%02d-%%%%02d', %(expressions)s))"
        return self.as_sql(compiler, connection, template=template, arg_joiner=", ", **extra)


def yearly_deadline_expression(year: int, prefix: str = "task__") -> Case:
    """SQL twin of `Timing.yearly_deadline_in`: the tasks' deadline in `year`, NULL before they start.

    Computed from `today` in every query rather than stored: a stored per-year deadline would go
    stale at New Year until something re-saved every yearly task.
    """
    month = Coalesce(F(f"{prefix}yearly_due_month"), Value(12))
    # Kept small: the status expression repeats this one several times, and Django compiles each copy.
    last_day = Case(
        When(**{f"{prefix}yearly_due_month__in": [4, 6, 9, 11]}, then=Value(30)),
        When(**{f"{prefix}yearly_due_month": 2}, then=Value(calendar.monthrange(year, 2)[1])),
        default=Value(31),
    )
    day = Least(Coalesce(F(f"{prefix}yearly_due_day"), Value(31)), last_day)
    deadline = MakeDate(Value(year), month, day)
    started = Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": deadline})
    return Case(When(started, then=deadline), default=None, output_field=models.DateField())


def overdue_as_of(day: dt.date) -> Q:
    """Past the deadline in force on `day` and not completed by then (for trends over past cut-offs)."""
    done_by_then = Q(progress=Progress.COMPLETED) & (Q(completed_on__isnull=True) | Q(completed_on__lte=day))
    yearly_done = Q(progress=Progress.COMPLETED, completed_on__year=day.year, completed_on__lte=day)
    past_this_year = LessThan(yearly_deadline_expression(day.year), Value(day))
    return (Q(task__deadline__lt=day) & ~done_by_then) | (
        Q(task__timing_kind=TimingKind.YEARLY) & Q(past_this_year) & ~yearly_done
    )


def deadline_expression(today: dt.date) -> Case:
    return Case(
        When(task__timing_kind=TimingKind.YEARLY, then=yearly_deadline_expression(today.year)),
        default=F("task__deadline"),
        output_field=models.DateField(),
    )


def status_facts_year() -> int:
    """The year whose facts assignments store: writes and the daily job keep them for this year."""
    return timezone.localdate().year


def _facts_describe(today: dt.date) -> bool:
    return today.year == status_facts_year()


STATUS_FACT_FIELDS = ["status_year", "deadline", "settled_status"]


def stored_status_expression(today: dt.date, due_soon_days: int | None = None) -> Case:
    """`assignment_status` on `today` from the facts stored for today's year: no join, a few comparisons."""
    days = settings.DUE_SOON_DAYS if due_soon_days is None else due_soon_days
    return Case(
        When(~Q(settled_status=""), then=F("settled_status")),
        When(deadline__lt=today, then=Value(Status.IN_PROGRESS_OVERDUE)),
        When(deadline__lte=today + dt.timedelta(days=days), then=Value(Status.DUE_SOON)),
        When(progress=Progress.IN_PROGRESS, then=Value(Status.IN_PROGRESS_ON_TIME)),
        default=Value(Status.NOT_STARTED),
        output_field=models.CharField(),
    )


def status_expression(today: dt.date, due_soon_days: int | None = None) -> Case:
    """SQL twin of `assignment_status` over Assignment rows (tests keep the two in agreement)."""
    days = settings.DUE_SOON_DAYS if due_soon_days is None else due_soon_days
    deadline = F("task__deadline")
    this_year = yearly_deadline_expression(today.year)
    completed = Case(
        When(
            Q(task__deadline__isnull=True) | Q(completed_on__isnull=True) | Q(completed_on__lte=deadline),
            then=Value(Status.COMPLETED_ON_TIME),
        ),
        default=Value(Status.COMPLETED_LATE),
    )
    completed_yearly = Case(
        When(IsNull(this_year, True), then=Value(Status.COMPLETED_ON_TIME)),
        When(LessThanOrEqual(F("completed_on"), this_year), then=Value(Status.COMPLETED_ON_TIME)),
        default=Value(Status.COMPLETED_LATE),
    )
    # A yearly duty owes this year's completion; one from an earlier year counts as not started.
    # Before the duty starts `this_year` is NULL: no comparison holds, so it is not due (as in Python).
    open_yearly = Case(
        When(LessThan(this_year, Value(today)), then=Value(Status.IN_PROGRESS_OVERDUE)),
        When(LessThanOrEqual(this_year, Value(today + dt.timedelta(days=days))), then=Value(Status.DUE_SOON)),
        When(progress=Progress.IN_PROGRESS, then=Value(Status.IN_PROGRESS_ON_TIME)),
        default=Value(Status.NOT_STARTED),
    )
    return Case(
        When(task__timing_kind=TimingKind.DONE, then=Value(Status.COMPLETED_ON_TIME)),
        When(
            task__timing_kind=TimingKind.YEARLY,
            progress=Progress.COMPLETED,
            completed_on__year=today.year,
            then=completed_yearly,
        ),
        When(task__timing_kind=TimingKind.YEARLY, then=open_yearly),
        When(progress=Progress.COMPLETED, then=completed),
        When(
            task__timing_kind=TimingKind.AFTER_EVENT,
            task__trigger_occurred_on__isnull=True,
            then=Value(Status.WAITING_TRIGGER),
        ),
        When(task__deadline__isnull=True, then=Value(Status.NO_DEADLINE)),
        When(task__deadline__lt=today, then=Value(Status.IN_PROGRESS_OVERDUE)),
        When(task__deadline__lte=today + dt.timedelta(days=days), then=Value(Status.DUE_SOON)),
        When(progress=Progress.IN_PROGRESS, then=Value(Status.IN_PROGRESS_ON_TIME)),
        default=Value(Status.NOT_STARTED),
        output_field=models.CharField(),
    )


class Assignment(models.Model):
    """Task × agency × role, with the latest approved progress of that agency on that task."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=AssignmentRole.choices, db_index=True)
    via_group = models.ForeignKey(
        AgencyGroup,
        verbose_name=_("giao qua nhóm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    progress = models.CharField(
        _("tiến độ"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED, db_index=True
    )
    percent_complete = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    progress_updated_at = models.DateTimeField(_("cập nhật tiến độ lúc"), null=True, blank=True)
    # Stored facts of the status (tasks.timing.status_facts) for `status_year`, kept on every write
    # and moved into each new year by a daily job, so lists classify without the timing rule.
    status_year = models.PositiveSmallIntegerField(null=True, editable=False)
    deadline = models.DateField(_("hạn trong năm"), null=True, editable=False)
    settled_status = models.CharField(max_length=20, blank=True, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task__position", "role", "agency__position"]
        constraints = [models.UniqueConstraint(fields=["task", "agency"], name="one_assignment_per_task_agency")]
        indexes = [
            # An agency's reporting assignments with what their status needs, read from the index alone
            # on PostgreSQL: staff home, agency filters of the task list, workload counts.
            models.Index(
                fields=["agency", "role", "task"],
                include=["progress", "settled_status", "deadline"],
                name="assignment_agency_status_idx",
            ),
            # The same facts by task: a plan's roll-up, the plan and task pages, plan filters of the list.
            models.Index(
                fields=["task", "role"],
                include=["progress", "settled_status", "deadline"],
                name="assignment_task_status_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.agency} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        self.apply_status_facts(status_facts_year())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *STATUS_FACT_FIELDS}
        super().save(*args, **kwargs)

    @property
    def owes_reports(self) -> bool:
        return self.role in REPORTING_ROLES

    def apply_status_facts(self, year: int) -> None:
        facts = status_facts(self.task.timing, self.progress, self.completed_on, year)
        self.status_year, self.deadline, self.settled_status = facts.year, facts.deadline, facts.settled

    def status(self, today: dt.date, due_soon_days: int | None = None) -> Status:
        days = settings.DUE_SOON_DAYS if due_soon_days is None else due_soon_days
        return assignment_status(self.task.timing, self.progress, self.completed_on, today, days)


class AssignmentHandover(models.Model):
    """An assignment passed from a predecessor agency to its successor (see tasks.succession).

    Keeps who owed the task before the date, also when two merged predecessors' assignments on one
    task became a single one.
    """

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="handovers"
    )
    succession = models.ForeignKey(
        "agencies.AgencySuccession", verbose_name=_("kế thừa"), on_delete=models.CASCADE, related_name="handovers"
    )
    from_agency = models.ForeignKey(Agency, verbose_name=_("từ cơ quan"), on_delete=models.PROTECT, related_name="+")
    from_role = models.CharField(_("vai trò trước"), max_length=20, choices=AssignmentRole.choices)
    from_progress = models.CharField(_("tiến độ trước"), max_length=20, choices=Progress.choices)
    effective_on = models.DateField(_("từ ngày"))
    joined_existing = models.BooleanField(
        _("gộp vào phân công sẵn có"), default=False, help_text=_("Cơ quan kế thừa đã có phân công trên nhiệm vụ này.")
    )
    heir_role_before = models.CharField(
        _("vai trò trước của cơ quan kế thừa"),
        max_length=20,
        choices=AssignmentRole.choices,
        blank=True,
        help_text=_("Khi gộp: vai trò cơ quan kế thừa đã có trên nhiệm vụ, trước khi nhận vai trò mạnh hơn."),
    )

    class Meta:
        verbose_name = _("bàn giao phân công")
        verbose_name_plural = _("bàn giao phân công")
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.assignment} ← {self.from_agency}"


class PlanImportDraftQuerySet(models.QuerySet):
    def current(self):
        """Drafts touched in the last DRAFT_KEPT_DAYS: older ones were abandoned and are not offered again."""
        from django.utils import timezone  # local: this model was appended without touching the shared imports

        since = timezone.now() - dt.timedelta(days=PlanImportDraft.DRAFT_KEPT_DAYS)
        return self.filter(updated_at__gte=since)


class PlanImportDraft(models.Model):
    """A plan read from a document, kept with the administrator's corrections between requests.

    `proposal` is `tasks.plan_import.proposal.PlanProposal.to_json()`. Saving the plan or cancelling
    deletes the draft; `revision` grows with every change so that a page left open in another tab
    cannot overwrite newer edits.
    """

    DRAFT_KEPT_DAYS = 14

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.CASCADE, related_name="+"
    )
    source_name = models.CharField(_("tệp nguồn"), max_length=255, blank=True)
    proposal = models.JSONField(_("nội dung đề xuất"))
    new_agency_kinds = models.JSONField(
        _("cơ quan sẽ tạo mới"), default=dict, blank=True, help_text=_("Tên như văn bản viết -> loại cơ quan.")
    )
    revision = models.PositiveIntegerField(_("lần sửa"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = PlanImportDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản nháp nhập kế hoạch")
        verbose_name_plural = _("bản nháp nhập kế hoạch")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.source_name or str(_("Văn bản dán vào"))
