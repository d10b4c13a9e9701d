"""Who is told what, in Vietnamese: a Notification row in the portal and an email for each recipient.

Every message names its occasion (dedupe_key), so a job that runs twice tells each person once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import User
from reporting.models import Notification, ReportEvent, ReportingPeriod, ReportState
from reporting.selectors import completeness_matrix


def _holders(codename: str) -> Q:
    return Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename)


def reviewers_of(period: ReportingPeriod) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, agency_id=period.plan.consolidating_agency_id)
        .filter(_holders("review_agency_reports"))
        .distinct()
    )


def staff_of_agencies(agency_ids: Iterable[int]) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, agency_id__in=list(agency_ids))
        .filter(_holders("submit_agency_reports"))
        .distinct()
    )


def _period_names(period: ReportingPeriod) -> dict[str, str]:
    return {"period": period.label, "plan": period.plan.display_name, "due": f"{period.submission_due_on:%d/%m/%Y}"}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def deliver(*, recipients: Iterable[User], subject: str, body: str, url: str, key: str) -> int:
    """Record the notification for each recipient and email those not emailed yet. Returns emails sent."""
    recipients = list(recipients)
    Notification.objects.bulk_create(
        [Notification(recipient=u, subject=subject, body=body, url=url, dedupe_key=key) for u in recipients],
        ignore_conflicts=True,
    )
    pending = Notification.objects.filter(dedupe_key=key, recipient__in=recipients, emailed_at__isnull=True)
    sent = 0
    for note in pending.select_related("recipient"):
        if note.recipient.email:
            message = f"{note.body}\n\n{_absolute(note.url)}" if note.url else note.body
            send_mail(note.subject, message, settings.DEFAULT_FROM_EMAIL, [note.recipient.email])
            sent += 1
        # Marked even without an address: the portal copy is the delivery then.
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return sent


def notify_report_event(event_id: int) -> int:
    """Submitted: the consolidating agency's reviewers. Returned or approved: the agency's staff."""
    event = ReportEvent.objects.select_related("report__agency", "report__period__plan", "actor").get(pk=event_id)
    report, period = event.report, event.report.period
    url = reverse("reporting:report_detail", args=[report.pk])
    with translation.override(settings.LANGUAGE_CODE):
        names = {"agency": report.agency.name, "period": period.label, "plan": period.plan.display_name}
        if event.to_state == ReportState.SUBMITTED:
            recipients = reviewers_of(period)
            subject = _("Báo cáo mới: %(agency)s - %(period)s") % names
            body = _("%(agency)s đã gửi báo cáo kỳ %(period)s thực hiện %(plan)s. Đề nghị thẩm định.") % names
        elif event.to_state == ReportState.RETURNED:
            recipients = staff_of_agencies([report.agency_id])
            subject = _("Báo cáo bị trả lại: %(period)s") % names
            body = _("Báo cáo kỳ %(period)s thực hiện %(plan)s của %(agency)s bị trả lại.\nLý do: %(reason)s") % {
                **names,
                "reason": event.comment,
            }
        elif event.to_state == ReportState.APPROVED:
            recipients = staff_of_agencies([report.agency_id])
            subject = _("Báo cáo đã được duyệt: %(period)s") % names
            body = _("Báo cáo kỳ %(period)s thực hiện %(plan)s của %(agency)s đã được duyệt.") % names
        else:
            return 0
    return deliver(recipients=recipients, subject=subject, body=body, url=url, key=f"event:{event.pk}")


def notify_period_opened(period_id: int) -> int:
    period = ReportingPeriod.objects.select_related("plan").get(pk=period_id)
    agency_ids = [row.agency_id for row in completeness_matrix(period)]
    with translation.override(settings.LANGUAGE_CODE):
        names = {
            "period": period.label,
            "plan": period.plan.display_name,
            "due": f"{period.submission_due_on:%d/%m/%Y}",
        }
        subject = _("Mở kỳ báo cáo: %(period)s") % names
        body = _("Đã mở kỳ báo cáo %(period)s thực hiện %(plan)s. Hạn gửi báo cáo: %(due)s.") % names
        if period.request_text:
            body += "\n" + _("Nội dung yêu cầu: %(text)s") % {"text": period.request_text}
    return deliver(
        recipients=staff_of_agencies(agency_ids),
        subject=subject,
        body=body,
        url=reverse("reporting:my_reports"),
        key=f"period-open:{period.pk}",
    )


def remind_missing(period_id: int, *, today: dt.date, occasion: str, agency_ids: Iterable[int] | None = None) -> int:
    """Remind agencies that have not sent their report. `occasion` (due-soon, overdue, a day) makes the key."""
    period = ReportingPeriod.objects.select_related("plan").get(pk=period_id)
    missing = [row.agency_id for row in completeness_matrix(period) if row.is_missing]
    if agency_ids is not None:
        wanted = set(agency_ids)
        missing = [pk for pk in missing if pk in wanted]
    days = (period.submission_due_on - today).days
    with translation.override(settings.LANGUAGE_CODE):
        names = {
            "period": period.label,
            "plan": period.plan.display_name,
            "due": f"{period.submission_due_on:%d/%m/%Y}",
        }
        if days < 0:
            subject = _("Quá hạn gửi báo cáo: %(period)s") % names
            body = _("Đơn vị chưa gửi báo cáo kỳ %(period)s thực hiện %(plan)s; hạn gửi là %(due)s.") % names
        else:
            subject = _("Nhắc hạn gửi báo cáo: %(period)s") % names
            body = _("Đề nghị đơn vị gửi báo cáo kỳ %(period)s thực hiện %(plan)s trước ngày %(due)s.") % names
    sent = 0
    url = reverse("reporting:my_reports")
    for agency_id in missing:
        sent += deliver(
            recipients=staff_of_agencies([agency_id]),
            subject=subject,
            body=body,
            url=url,
            key=f"remind:{period.pk}:{agency_id}:{occasion}",
        )
    return sent


NOTIFIED_STATES = (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.APPROVED)


def sweep_unsent(*, since: dt.datetime) -> int:
    """Catch up after a broker outage: events since `since` nobody was told about, and unsent emails."""
    event_ids = list(
        ReportEvent.objects.filter(occurred_at__gte=since, to_state__in=NOTIFIED_STATES).values_list("pk", flat=True)
    )
    keys = {f"event:{pk}" for pk in event_ids}
    told = set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    sent = sum(notify_report_event(pk) for pk in event_ids if f"event:{pk}" not in told)
    unsent = Notification.objects.filter(created_at__gte=since, emailed_at__isnull=True).exclude(dedupe_key="")
    for key in set(unsent.values_list("dedupe_key", flat=True)):
        recipients = User.objects.filter(notifications__dedupe_key=key, notifications__emailed_at__isnull=True)
        first = unsent.filter(dedupe_key=key).first()
        sent += deliver(recipients=recipients, subject=first.subject, body=first.body, url=first.url, key=key)
    return sent
