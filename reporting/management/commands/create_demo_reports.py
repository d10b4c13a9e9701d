"""manage.py create_demo_reports: reporting periods and agency reports in every state, for development only.

For the seed plan (load it first with `manage.py load_seed_plan`): "6 tháng đầu năm 2019",
"Năm 2019" and the current period, with reports drafted, submitted (on time and late), returned
and approved, so a first look at the portal shows it working. The 2019 periods end closed (no
more submissions), as a reviewer would have left them. Idempotent: a report that exists is left
as it is, and a closed period stays closed.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import roles
from agencies.models import Agency, User
from reporting import period_services, selectors, services
from reporting.models import AgencyReport, PeriodKind, PeriodState, ReportingPeriod, ReportState
from tasks.models import Plan
from tasks.timing import Progress

# The states handed out in turn to the agencies that owe a report, per period.
SCRIPTS = {
    "semiannual": ["approved", "approved", "approved_late", "approved", "returned", "approved", "submitted_late"],
    "annual": ["submitted", "approved", "returned", "draft", "submitted_late", None, "approved", "submitted"],
    "current": ["draft", "submitted", None, "draft", "returned", None, "submitted", None],
}
# The demo logins (create_demo_users) see one report of each kind on their own pages.
DEMO_LOGIN_STATES = {
    ("annual", "STTTT"): "returned",
    ("current", "STTTT"): "draft",
    ("annual", "SGDDT"): "submitted_late",
    ("current", "SGDDT"): "submitted",
}
DEMO_OPEN_REASON = "Dữ liệu mẫu: mở kỳ để xem thử cổng."
DEMO_CLOSE_REASON = "Kỳ đã kết thúc, đã tổng hợp."
RESULTS = [
    "Đã quán triệt Nghị quyết số 26-NQ/TW đến toàn thể cán bộ, công chức, viên chức; 100% đơn vị tham gia.",
    "Ban hành kế hoạch triển khai, phân công cụ thể cho từng phòng chuyên môn.",
    "Đang rà soát đội ngũ cán bộ thuộc quyền quản lý, dự kiến hoàn thành trong quý tới.",
    "Đã đăng tải 24 tin, bài trên trang thông tin điện tử của đơn vị.",
]


class Command(BaseCommand):
    help = _("Tạo kỳ báo cáo và báo cáo mẫu ở mọi trạng thái cho kế hoạch mẫu (chỉ khi DEBUG bật).")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("Từ chối tạo dữ liệu mẫu khi DEBUG tắt."))
        plan = Plan.objects.filter(issued_on=dt.date(2018, 11, 30), supplements__number="4447/KH-UBND").first()
        if plan is None or plan.consolidating_agency is None:
            raise CommandError(_("Chưa có kế hoạch mẫu: chạy “manage.py load_seed_plan” trước."))
        # Demo mail would flood the console; the portal copies (Notification rows) are still made.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            created = self._create(plan)
        self.stdout.write(self.style.SUCCESS(_("Đã tạo %(n)s báo cáo mẫu.") % {"n": created}))

    @transaction.atomic
    def _create(self, plan: Plan) -> int:
        today = timezone.localdate()
        reviewer = self._reviewer(plan.consolidating_agency)
        periods = [
            (self._opened(plan, PeriodKind.SEMIANNUAL, 2019, 1, reviewer, today), "semiannual"),
            (self._opened(plan, PeriodKind.ANNUAL, 2019, 1, reviewer, today), "annual"),
        ]
        current = self._current_period(plan, reviewer, today)
        if current is not None:
            periods.append((current, "current"))
        created = 0
        for period, script in periods:
            if period.state != PeriodState.OPEN:
                continue
            rows = selectors.completeness_matrix(period)
            for row, state in zip(rows, itertools.cycle(SCRIPTS[script]), strict=False):
                agency = Agency.objects.get(pk=row.agency_id)
                state = DEMO_LOGIN_STATES.get((script, agency.code), state)
                if state is None or row.report is not None:
                    continue
                self._report(period, agency, state, reviewer)
                created += 1
        # Rounds long past take no more reports: closed, as a reviewer would have left them.
        for period, script in periods:
            if script != "current" and period.state == PeriodState.OPEN:
                period_services.period_close(period_id=period.pk, user=reviewer, reason=DEMO_CLOSE_REASON)
        return created

    def _opened(self, plan: Plan, kind: str, year: int, sequence: int, reviewer: User, today) -> ReportingPeriod:
        """The period, opened if it was only planned; one closed by an earlier run stays closed."""
        period = period_services.period_propose(plan=plan, kind=kind, year=year, sequence=sequence, user=reviewer)
        if period.state != PeriodState.PLANNED:
            return period
        return period_services.period_open_existing(
            period_id=period.pk, user=reviewer, reason=DEMO_OPEN_REASON, today=today
        )

    def _current_period(self, plan: Plan, reviewer: User, today: dt.date) -> ReportingPeriod | None:
        containing = ReportingPeriod.objects.filter(plan=plan, starts_on__lte=today, ends_on__gte=today).first()
        if containing is not None:
            return containing
        proposals = selectors.period_proposals([plan], today, per_plan=1)
        if not proposals:
            return None
        window = proposals[0].window
        return self._opened(plan, window.kind, window.year, window.sequence, reviewer, today)

    def _reviewer(self, agency: Agency) -> User:
        existing = User.objects.filter(agency=agency, groups__name=roles.REVIEWER).first()
        return existing or self._user(f"demo_{agency.code.lower()}_tham_dinh", agency, roles.REVIEWER)

    def _staff(self, agency: Agency) -> User:
        existing = User.objects.filter(agency=agency, groups__name=roles.STAFF).first()
        return existing or self._user(f"demo_{agency.code.lower()}", agency, roles.STAFF)

    def _user(self, username: str, agency: Agency, role: str) -> User:
        user, created = User.objects.get_or_create(
            username=username[:150], defaults={"agency": agency, "first_name": _("Chuyên viên"), "last_name": ""}
        )
        if created:
            user.set_unusable_password()  # authors of demo reports, not logins
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        return user

    def _backdate(self, report: AgencyReport, submitted_on: dt.date) -> None:
        """Demo history reads as it would have happened: sent on its day, not today."""
        sent = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9, 30)))
        reviewed = sent + dt.timedelta(days=2, hours=5)
        if reviewed >= timezone.now():
            return
        reports = AgencyReport.objects.filter(pk=report.pk)
        reports.update(submitted_at=sent, first_submitted_at=sent)
        reports.filter(approved_at__isnull=False).update(approved_at=reviewed)
        sending = [ReportState.DRAFT, ReportState.SUBMITTED]
        report.events.filter(to_state__in=sending).backdate(sent)
        report.events.exclude(to_state__in=sending).backdate(reviewed)

    def _report(self, period: ReportingPeriod, agency: Agency, state: str, reviewer: User) -> AgencyReport:
        staff = self._staff(agency)
        report = services.report_get_or_create_for_agency(period=period, agency=agency, user=staff)
        items = {}
        for n, item in enumerate(report.items.all()):
            done = n % 3 == 0 and state != "draft"
            items[item.pk] = {
                "progress": Progress.COMPLETED if done else Progress.IN_PROGRESS,
                "percent_complete": 100 if done else 30 + 10 * (n % 5),
                "completed_on": period.ends_on - dt.timedelta(days=20) if done else None,
                "results": RESULTS[n % len(RESULTS)],
                "difficulties": "" if n % 2 else "Kinh phí thực hiện còn hạn chế.",
            }
        report = services.report_save_draft(
            report_id=report.pk,
            user=staff,
            version=report.version,
            fields={
                "overall_assessment": _("Đơn vị đã triển khai kịp thời các nhiệm vụ được giao."),
                "difficulties": _("Một số nhiệm vụ chờ hướng dẫn của Trung ương."),
                "proposals": _("Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ."),
                "document_number": f"{10 + report.pk}/BC-{agency.code}",
            },
            items=items,
        )
        if state == "draft":
            return report
        late = state.endswith("_late")
        submitted_on = period.submission_due_on + dt.timedelta(days=4 if late else -1)
        services.report_submit(report_id=report.pk, user=staff, version=None, today=submitted_on)
        if state.startswith("approved"):
            services.report_approve(report_id=report.pk, user=reviewer, comment=_("Báo cáo đầy đủ."))
        elif state == "returned":
            services.report_return(
                report_id=report.pk,
                user=reviewer,
                reason=_("Đề nghị bổ sung số liệu cụ thể và văn bản minh chứng."),
            )
        self._backdate(report, submitted_on)
        return report
