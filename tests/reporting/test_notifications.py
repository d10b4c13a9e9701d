"""Notifications: Vietnamese emails, portal copies in the reader's language, sent after commit, once per occasion."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reporting import jobs, period_services, services
from reporting.models import Notification, PeriodKind, PeriodState, ReportEvent, ReportingPeriod
from tests.factories import ReportingPeriodFactory
from tests.reporting.report_world import build_world, submit_ready

pytestmark = pytest.mark.django_db


def test_submission_is_told_to_reviewers_after_commit(django_capture_on_commit_callbacks):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 1))
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Báo cáo mới: Sở Thông tin và Truyền thông - 6 tháng đầu năm 2019"
    note = Notification.objects.get(recipient=world.reviewer)
    assert note.url == reverse("reporting:report_detail", args=[report.pk])


def test_a_notification_reads_in_the_readers_language_and_is_emailed_in_vietnamese(
    client, django_capture_on_commit_callbacks
):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 1))
        services.report_return(report_id=report.pk, user=world.reviewer, reason="Thiếu số liệu 100% quý II")
    assert mail.outbox[-1].subject == "Báo cáo bị trả lại: 6 tháng đầu năm 2019"
    client.force_login(world.staff)

    vietnamese = client.get(reverse("reporting:notifications")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("reporting:notifications")).content.decode()

    assert "Báo cáo bị trả lại: 6 tháng đầu năm 2019" in vietnamese
    assert "Report returned: First 6 months of 2019" in english
    assert "bị trả lại" not in english
    assert "Thiếu số liệu 100% quý II" in english, "what the reviewer typed stays as typed"


def test_a_notification_made_without_its_message_shows_its_stored_words(client):
    world = build_world()
    Notification.objects.create(recipient=world.staff, subject="Thông báo 50% cũ", body="Nội dung gõ tay")
    client.force_login(world.staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("reporting:notifications")).content.decode()
    assert "Thông báo 50% cũ" in page and "Nội dung gõ tay" in page


def test_running_a_notification_job_twice_notifies_once(django_capture_on_commit_callbacks):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 1))
    event = report.events.get(to_state="submitted")
    jobs.notify_report_event(event.pk)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=world.reviewer).count() == 1


def test_opening_a_period_tells_the_agencies_that_owe(django_capture_on_commit_callbacks):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        period = period_services.period_open(plan=world.plan, kind=PeriodKind.ANNUAL, year=2019, user=world.reviewer)
    assert period.label == "Năm 2019" and period.state == PeriodState.OPEN
    assert sorted(m.to[0] for m in mail.outbox) == ["chuyenvien@sogd.vn", "chuyenvien@sotttt.vn"]
    assert "Đã mở kỳ báo cáo Năm 2019" in mail.outbox[0].body
    assert "Hạn gửi báo cáo: 17/12/2019" in mail.outbox[0].body


def test_ad_hoc_request_goes_only_to_the_agencies_asked(django_capture_on_commit_callbacks):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        period = period_services.ad_hoc_request_create(
            plan=world.plan,
            request_text="Báo cáo nhanh số cán bộ được quy hoạch",
            agencies=[world.agency],
            deadline=dt.date(2019, 8, 20),
            user=world.reviewer,
            today=dt.date(2019, 8, 1),
        )
    assert period.label == "Báo cáo đột xuất số 1 năm 2019"
    assert [m.to for m in mail.outbox] == [["chuyenvien@sotttt.vn"]]
    assert "Nội dung yêu cầu: Báo cáo nhanh số cán bộ được quy hoạch" in mail.outbox[0].body
    with pytest.raises(services.NotAllowed):
        services.report_get_or_create_for_agency(period=period, agency=world.other, user=world.other_staff)


def test_deadline_reminders_go_once_before_and_once_after_the_deadline():
    from unittest import mock

    world = build_world()
    services.report_get_or_create_for_agency(period=world.period, agency=world.other, user=world.other_staff)
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 1))
    mail.outbox.clear()
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2019, 6, 15)):
        jobs.send_deadline_reminders()
        jobs.send_deadline_reminders()
    assert [m.to for m in mail.outbox] == [["chuyenvien@sogd.vn"]]
    assert mail.outbox[0].subject == "Nhắc hạn gửi báo cáo: 6 tháng đầu năm 2019"
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2019, 6, 20)):
        jobs.send_deadline_reminders()
        jobs.send_deadline_reminders()
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Quá hạn gửi báo cáo: 6 tháng đầu năm 2019"


def test_open_due_periods_opens_planned_periods_on_their_start_date():
    world = build_world()
    planned = ReportingPeriodFactory(
        plan=world.plan,
        kind=PeriodKind.ANNUAL,
        label="Năm 2019",
        state=PeriodState.PLANNED,
        starts_on=dt.date(2018, 12, 15),
    )
    later = ReportingPeriodFactory(
        plan=world.plan, kind=PeriodKind.ANNUAL, year=2020, state=PeriodState.PLANNED, starts_on=dt.date(2099, 12, 15)
    )
    assert jobs.open_due_periods() == 1
    assert ReportingPeriod.objects.get(pk=planned.pk).state == PeriodState.OPEN
    assert ReportingPeriod.objects.get(pk=later.pk).state == PeriodState.PLANNED
    assert jobs.open_due_periods() == 0


def test_reviewer_reminds_missing_agencies_from_the_matrix(client, django_capture_on_commit_callbacks):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 1))
    mail.outbox.clear()
    client.force_login(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:period_remind", args=[world.period.pk]))
        client.post(reverse("reporting:period_remind", args=[world.period.pk]))
    assert [m.to for m in mail.outbox] == [["chuyenvien@sogd.vn"]]


def test_sweep_sends_what_a_lost_job_never_sent(django_capture_on_commit_callbacks):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down: the job never ran
        submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 1))
    assert mail.outbox == []
    jobs.sweep_notifications()
    jobs.sweep_notifications()
    assert [m.to for m in mail.outbox] == [["thamdinh@snv.vn"]]


def test_sweep_still_sends_after_an_outage_over_a_long_weekend(django_capture_on_commit_callbacks):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down: the job never ran
        submit_ready(report_id=report.pk, user=world.staff, version=None, today=dt.date(2019, 6, 1))
    ReportEvent.objects.filter(report=report).backdate(timezone.now() - dt.timedelta(days=5))
    jobs.sweep_notifications()
    assert [m.to for m in mail.outbox] == [["thamdinh@snv.vn"]]
