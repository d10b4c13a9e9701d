from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from reporting import notice_text
from reporting.periods import display_period_label
from tasks.models import Assignment, Plan
from tasks.timing import Progress


class PeriodKind(models.TextChoices):
    SEMIANNUAL = "semiannual", _("6 tháng")
    ANNUAL = "annual", _("Năm")
    QUARTERLY = "quarterly", _("Quý")
    NINE_MONTHS = "nine_months", _("9 tháng")
    MONTHLY = "monthly", _("Tháng")
    AD_HOC = "ad_hoc", _("Đột xuất")


class PeriodState(models.TextChoices):
    """A period's life cycle: planned → open → closed (no new submissions; review goes on) → locked
    (consolidated: nothing changes); a closed or locked period can be reopened with a reason, and a
    planned or open one nobody has sent to can be cancelled (opened by mistake)."""

    PLANNED = "planned", _("Chưa mở")
    OPEN = "open", _("Đang nhận báo cáo")
    CLOSED = "closed", _("Đã đóng, không nhận báo cáo")
    LOCKED = "locked", _("Đã khóa")
    CANCELLED = "cancelled", _("Đã hủy")


class ReportingPeriod(models.Model):
    """A reporting round of one plan: its data cut-off window and its deadlines."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("loại kỳ"), max_length=20, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveSmallIntegerField(
        _("số thứ tự trong năm"), default=1, help_text=_("Quý 1-4; với kỳ đột xuất là số lần yêu cầu.")
    )
    label = models.CharField(_("tên kỳ"), max_length=120)
    starts_on = models.DateField(_("số liệu từ ngày"))
    ends_on = models.DateField(_("số liệu đến ngày"))
    submission_due_on = models.DateField(_("hạn đơn vị gửi báo cáo"))
    consolidated_due_on = models.DateField(_("hạn báo cáo tổng hợp"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=PeriodState.choices, default=PeriodState.PLANNED, db_index=True
    )
    request_text = models.TextField(_("nội dung yêu cầu"), blank=True)
    requested_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan được yêu cầu"), blank=True, related_name="ad_hoc_requests"
    )
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-ends_on", "plan_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "year", "sequence"], name="one_period_per_plan_kind_year"),
        ]
        indexes = [models.Index(fields=["state", "starts_on"])]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        """The label in the reader's language; the stored one is Vietnamese, and one typed by hand stays as typed."""
        return display_period_label(self.label, self.kind, self.year, self.sequence)


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class AgencyReport(models.Model):
    """Báo cáo của đơn vị: one per period × agency (the period belongs to one plan)."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1, help_text=_("Tăng mỗi lần lưu; chống ghi đè."))
    overall_assessment = models.TextField(_("đánh giá chung"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    document_number = models.CharField(_("số văn bản của đơn vị"), max_length=60, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    signed_scan = models.FileField(_("bản ký số/scan (PDF)"), upload_to="reports/signed/%Y/", blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    is_late = models.BooleanField(_("gửi trễ hạn"), default=False)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "agency__position"]
        constraints = [models.UniqueConstraint(fields=["period", "agency"], name="one_report_per_period_agency")]
        indexes = [
            models.Index(fields=["state", "submitted_at"]),
            # The review queue pages through one state oldest first: the index gives its full order.
            models.Index(fields=["state", "submitted_at", "id"], name="report_queue_order_idx"),
            # An agency's reports in its open periods (home page, report list).
            models.Index(fields=["agency", "period"], name="report_agency_period_idx"),
            # The review queue's count of one state in the reviewer's periods, from the index alone.
            models.Index(fields=["state", "period"], name="report_state_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.period}"


class ReportItem(models.Model):
    """The agency's progress on one assignment it owes, within one report."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="items")
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("phân công"), on_delete=models.PROTECT, related_name="report_items"
    )
    progress = models.CharField(_("tiến độ"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    percent_complete = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    reviewer_comment = models.TextField(_("ý kiến của Sở Nội vụ"), blank=True)

    class Meta:
        verbose_name = _("nội dung báo cáo theo nhiệm vụ")
        verbose_name_plural = _("nội dung báo cáo theo nhiệm vụ")
        ordering = ["assignment__task__position"]
        constraints = [models.UniqueConstraint(fields=["report", "assignment"], name="one_item_per_report_assignment")]

    def __str__(self) -> str:
        return f"{self.report} · {self.assignment.task.code}"


class EvidenceDocument(models.Model):
    """A document the agency issued as evidence of its results (văn bản đã ban hành)."""

    item = models.ForeignKey(ReportItem, on_delete=models.CASCADE, related_name="evidence")
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    file = models.FileField(_("tệp"), upload_to="reports/evidence/%Y/", blank=True)

    class Meta:
        verbose_name = _("văn bản minh chứng")
        verbose_name_plural = _("văn bản minh chứng")
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CoordinationInput(models.Model):
    """A coordinating agency's contribution to a lead's task in a period."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="coordination_inputs")
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("phân công phối hợp"), on_delete=models.CASCADE, related_name="coordination_inputs"
    )
    text = models.TextField(_("nội dung phối hợp"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến phối hợp")
        verbose_name_plural = _("ý kiến phối hợp")
        ordering = ["created_at"]


class Attachment(models.Model):
    """Another file attached to an agency report; stored under MEDIA_ROOT, served by an access-checked view."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="reports/attachments/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ReportEventQuerySet(models.QuerySet):
    """Bulk writes bypass the model's save/delete guards, so the audit trail refuses them here too."""

    def update(self, **kwargs):
        raise ValueError("Report events are immutable.")

    def delete(self):
        raise ValueError("Report events are immutable.")

    def backdate(self, occurred_at) -> int:
        """Demo data and tests only: history that reads as if it happened on its day."""
        return super().update(occurred_at=occurred_at)


class ReportEvent(models.Model):
    """An immutable record of a report transition, with a snapshot of the content at that moment."""

    report = models.ForeignKey(AgencyReport, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    from_state = models.CharField(_("từ"), max_length=10, choices=ReportState.choices, blank=True)
    to_state = models.CharField(_("sang"), max_length=10, choices=ReportState.choices)
    comment = models.TextField(_("ghi chú"), blank=True)
    snapshot = models.JSONField(_("nội dung tại thời điểm"), default=dict)

    objects = ReportEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện báo cáo")
        verbose_name_plural = _("sự kiện báo cáo")
        ordering = ["occurred_at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Report events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Report events are immutable.")


class PeriodEvent(models.Model):
    """An immutable step of a period's life cycle: who, when, from which state to which, and why."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    from_state = models.CharField(_("từ"), max_length=10, choices=PeriodState.choices, blank=True)
    to_state = models.CharField(_("sang"), max_length=10, choices=PeriodState.choices)
    reason = models.TextField(_("lý do"), blank=True)

    objects = ReportEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện kỳ báo cáo")
        verbose_name_plural = _("sự kiện kỳ báo cáo")
        ordering = ["occurred_at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Period events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Period events are immutable.")


class Notification(models.Model):
    """What the portal told a user; also sent by email."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    # What subject and body were made from (reporting.notice_text), to show them in the reader's language.
    message = models.JSONField(default=dict, editable=False)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Names the occasion (an event, a reminder of a day) so a job run twice notifies once.
    dedupe_key = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="one_notification_per_recipient_occasion",
            )
        ]

    @property
    def words(self) -> dict:
        """What subject and body are made from; for rows made without one (older, or by hand), the stored words."""
        return self.message or notice_text.message("%(subject)s", ["%(body)s"], subject=self.subject, body=self.body)

    @cached_property
    def _shown(self) -> tuple[str, str]:
        return notice_text.render(self.words)

    @property
    def shown_subject(self) -> str:
        """The subject in the reader's language."""
        return self._shown[0]

    @property
    def shown_body(self) -> str:
        return self._shown[1]


class ConsolidatedReport(models.Model):
    """Báo cáo tổng hợp of a plan for a period, written by the reviewer and built by a job."""

    period = models.OneToOneField(ReportingPeriod, on_delete=models.PROTECT, related_name="consolidated_report")
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ 123/BC-SNV."))
    issued_on = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    signer_authority = models.CharField(
        _("quyền hạn ký"), max_length=60, blank=True, help_text=_("Ví dụ KT. GIÁM ĐỐC.")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    recipients_text = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    overall_assessment = models.TextField(_("đánh giá chung"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    difficulties_and_proposals = models.TextField(_("khó khăn, vướng mắc và kiến nghị"), blank=True)
    next_period_direction = models.TextField(_("phương hướng, nhiệm vụ kỳ tới"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")

    def __str__(self) -> str:
        return f"{self.period.plan} · {self.period}"


class BuildState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    BUILDING = "building", _("Đang tạo")
    READY = "ready", _("Hoàn tất")
    FAILED = "failed", _("Lỗi")


class ReportBuild(models.Model):
    """One version of a consolidated report: its frozen data snapshot and the files made from it."""

    consolidated_report = models.ForeignKey(ConsolidatedReport, on_delete=models.PROTECT, related_name="builds")
    version = models.PositiveIntegerField(_("phiên bản"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=BuildState.choices, default=BuildState.QUEUED, db_index=True
    )
    percent = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("lý do lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    snapshot = models.JSONField(null=True, blank=True)
    pdf = models.FileField(upload_to="consolidated/", blank=True)
    docx = models.FileField(upload_to="consolidated/", blank=True)
    xlsx = models.FileField(upload_to="consolidated/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_automatic_draft = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The running job's heartbeat: it pushes this forward while it works; past it, its worker is gone.
    alive_until = models.DateTimeField(null=True, blank=True)
    # Times the sweep found the build's worker gone and ran it again (once; the second time it fails).
    restarts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("bản dựng báo cáo tổng hợp")
        verbose_name_plural = _("bản dựng báo cáo tổng hợp")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["consolidated_report", "version"], name="one_build_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.consolidated_report} v{self.version}"

    def notice(self, now: dt.datetime | None = None) -> str:
        """What the page says about a build in progress whose worker went away (empty when all is well)."""
        now = now or timezone.now()
        if self.state == BuildState.BUILDING and self.alive_until is not None and self.alive_until < now:
            return str(
                _(
                    "Không còn nhận được tín hiệu từ tiến trình tạo báo cáo (máy xử lý nền có thể đã dừng); "
                    "hệ thống sẽ tự chạy lại trong vài phút."
                )
            )
        if self.state in (BuildState.QUEUED, BuildState.BUILDING) and self.restarts:
            return str(_("Lần chạy trước bị dừng giữa chừng; báo cáo đang được tạo lại."))
        return ""


# Registered with this app; kept in their own module (the API is a package of its own).
from reporting.api.models import ApiCall, ApiClient  # noqa: E402, F401
