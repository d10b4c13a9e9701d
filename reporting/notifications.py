"""Who is told what: a Notification row in the portal and an email (in Vietnamese) for each recipient.

Every message names its occasion (dedupe_key), so a job that runs twice tells each person once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from agencies.models import User
from reporting import notice_text
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


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def deliver(*, recipients: Iterable[User], message: dict, url: str, key: str) -> int:
    """Record the notification for each recipient and email those not emailed yet. Returns emails sent.

    Stored and emailed in Vietnamese; the portal shows it in each reader's language (notice_text).
    """
    recipients = list(recipients)
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = notice_text.render(message)
    Notification.objects.bulk_create(
        [
            Notification(recipient=u, subject=subject, body=body, message=message, url=url, dedupe_key=key)
            for u in recipients
        ],
        ignore_conflicts=True,
    )
    pending = Notification.objects.filter(dedupe_key=key, recipient__in=recipients, emailed_at__isnull=True)
    sent = 0
    for note in pending.select_related("recipient"):
        if note.recipient.email:
            text = f"{note.body}\n\n{_absolute(note.url)}" if note.url else note.body
            send_mail(" ".join(note.subject.split()), text, settings.DEFAULT_FROM_EMAIL, [note.recipient.email])
            sent += 1
        # Marked even without an address: the portal copy is the delivery then.
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return sent


def notify_report_event(event_id: int) -> int:
    """Submitted: the consolidating agency's reviewers. Returned or approved: the agency's staff."""
    event = ReportEvent.objects.select_related("report__agency", "report__period__plan", "actor").get(pk=event_id)
    report, period = event.report, event.report.period
    names = {"agency": report.agency.name, "plan": period.plan.display_name, **notice_text.period_params(period)}
    if event.to_state == ReportState.SUBMITTED:
        following = report.events.filter(pk__gt=event.pk).order_by("pk").first()
        if following is not None and following.to_state == ReportState.DRAFT:
            return 0  # withdrawn before this job ran: the reviewer would open a draft they may not see
        recipients = reviewers_of(period)
        message = notice_text.message(
            gettext_noop("Báo cáo mới: %(agency)s - %(period)s"),
            [gettext_noop("%(agency)s đã gửi báo cáo kỳ %(period)s thực hiện %(plan)s. Đề nghị thẩm định.")],
            **names,
        )
    elif event.to_state == ReportState.RETURNED:
        recipients = staff_of_agencies([report.agency_id])
        message = notice_text.message(
            gettext_noop("Báo cáo bị trả lại: %(period)s"),
            [gettext_noop("Báo cáo kỳ %(period)s thực hiện %(plan)s của %(agency)s bị trả lại.\nLý do: %(reason)s")],
            reason=event.comment,
            **names,
        )
    elif event.to_state == ReportState.APPROVED:
        recipients = staff_of_agencies([report.agency_id])
        message = notice_text.message(
            gettext_noop("Báo cáo đã được duyệt: %(period)s"),
            [gettext_noop("Báo cáo kỳ %(period)s thực hiện %(plan)s của %(agency)s đã được duyệt.")],
            **names,
        )
    else:
        return 0
    url = reverse("reporting:report_detail", args=[report.pk])
    return deliver(recipients=recipients, message=message, url=url, key=f"event:{event.pk}")


def _period_names(period: ReportingPeriod) -> dict:
    return {
        "plan": period.plan.display_name,
        "due": f"{period.submission_due_on:%d/%m/%Y}",
        **notice_text.period_params(period),
    }


def notify_period_opened(period_id: int) -> int:
    period = ReportingPeriod.objects.select_related("plan").get(pk=period_id)
    agency_ids = [row.agency_id for row in completeness_matrix(period)]
    body = [gettext_noop("Đã mở kỳ báo cáo %(period)s thực hiện %(plan)s. Hạn gửi báo cáo: %(due)s.")]
    if period.request_text:
        body.append(gettext_noop("Nội dung yêu cầu: %(text)s"))
    message = notice_text.message(
        gettext_noop("Mở kỳ báo cáo: %(period)s"), body, text=period.request_text, **_period_names(period)
    )
    return deliver(
        recipients=staff_of_agencies(agency_ids),
        message=message,
        url=reverse("reporting:my_reports"),
        key=f"period-open:{period.pk}",
    )


@dataclass(frozen=True)
class ReminderRound:
    """Who a reminder on one occasion reaches: the owing agencies that have not sent (rollups' rule)."""

    to_remind: list[int]  # not reminded on this occasion yet, with someone to tell
    already_reminded: list[int]  # reminded on this occasion already: not told twice
    unreachable: list[int]  # no active staff account to tell

    @property
    def unsent(self) -> int:
        return len(self.to_remind) + len(self.already_reminded) + len(self.unreachable)


def _reminder_key(period_id: int, agency_id: int, occasion: str) -> str:
    return f"remind:{period_id}:{agency_id}:{occasion}"


def reminder_round(
    period: ReportingPeriod, *, today: dt.date, occasion: str, agency_ids: Iterable[int] | None = None
) -> ReminderRound:
    """Three queries: the period's figures, who has staff, who was reminded on this occasion."""
    unsent = [row.agency_id for row in completeness_matrix(period, today) if row.is_unsent]
    if agency_ids is not None:
        wanted = set(agency_ids)
        unsent = [pk for pk in unsent if pk in wanted]
    reachable = set(staff_of_agencies(unsent).values_list("agency_id", flat=True))
    keys = {_reminder_key(period.pk, pk, occasion): pk for pk in unsent}
    told = {keys[key] for key in Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)}
    return ReminderRound(
        to_remind=[pk for pk in unsent if pk in reachable and pk not in told],
        already_reminded=[pk for pk in unsent if pk in told],
        unreachable=[pk for pk in unsent if pk not in reachable and pk not in told],
    )


def remind_missing(period_id: int, *, today: dt.date, occasion: str, agency_ids: Iterable[int] | None = None) -> int:
    """Remind agencies that have not sent their report. `occasion` (due-soon, overdue, a day) makes the key."""
    period = ReportingPeriod.objects.select_related("plan").get(pk=period_id)
    round_ = reminder_round(period, today=today, occasion=occasion, agency_ids=agency_ids)
    if period.submission_due_on < today:
        message = notice_text.message(
            gettext_noop("Quá hạn gửi báo cáo: %(period)s"),
            [gettext_noop("Đơn vị chưa gửi báo cáo kỳ %(period)s thực hiện %(plan)s; hạn gửi là %(due)s.")],
            **_period_names(period),
        )
    else:
        message = notice_text.message(
            gettext_noop("Nhắc hạn gửi báo cáo: %(period)s"),
            [gettext_noop("Đề nghị đơn vị gửi báo cáo kỳ %(period)s thực hiện %(plan)s trước ngày %(due)s.")],
            **_period_names(period),
        )
    sent = 0
    url = reverse("reporting:my_reports")
    for agency_id in round_.to_remind:
        sent += deliver(
            recipients=staff_of_agencies([agency_id]),
            message=message,
            url=url,
            key=_reminder_key(period.pk, agency_id, occasion),
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
        sent += deliver(recipients=recipients, message=first.words, url=first.url, key=key)
    return sent
