"""Sending a report means something: what it must say, the confirmation step, the answer to a return,
comments settled by approval, a withdrawal that takes back the reviewer's notice."""

import pytest
from django.core import mail
from django.urls import reverse

from reporting import services
from reporting.models import AgencyReport, Notification, ReportState
from reporting.notifications import notify_report_event
from tasks.timing import Progress
from tests.reporting.report_world import build_world, form_data, item_key, submit_ready, submit_through_form

pytestmark = pytest.mark.django_db


def _started(client, world) -> AgencyReport:
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    return AgencyReport.objects.get(agency=world.agency, period=world.period)


def test_an_untouched_report_cannot_be_sent_and_the_reviewer_hears_nothing(client, django_capture_on_commit_callbacks):
    world = build_world()
    report = _started(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:report_edit", args=[report.pk]), form_data(report, action="review"))
        page = client.get(reverse("reporting:report_confirm", args=[report.pk])).content.decode()
        report.refresh_from_db()
        refused = client.post(reverse("reporting:report_confirm", args=[report.pk]), {"version": report.version})
    assert "Chưa gửi được: còn 2 mục cần bổ sung" in page
    assert "Nhiệm vụ chưa thực hiện cần nêu lý do (khó khăn, vướng mắc)." in page
    assert f"#id_item-{report.items.first().pk}-difficulties" in page  # each gap links to its field
    assert "Gửi báo cáo đến Sở Nội vụ</button>" not in page
    assert "Báo cáo chưa đủ nội dung để gửi" in refused.content.decode()
    assert AgencyReport.objects.get(pk=report.pk).state == ReportState.DRAFT
    assert mail.outbox == [] and not Notification.objects.exists()


@pytest.mark.parametrize(
    "progress, filled, missing",
    [
        (Progress.COMPLETED, {"results": "Đã xong"}, "Nhiệm vụ đã hoàn thành cần có ngày hoàn thành."),
        (Progress.COMPLETED, {"completed_on": "2019-05-01"}, "Nhiệm vụ đã hoàn thành cần nêu kết quả đạt được."),
        (Progress.IN_PROGRESS, {"difficulties": "Thiếu kinh phí"}, "cần nêu kết quả đạt được đến nay."),
        (Progress.NOT_STARTED, {"results": "—"}, "Nhiệm vụ chưa thực hiện cần nêu lý do"),
    ],
)
def test_each_progress_state_asks_for_what_the_reviewer_needs(progress, filled, missing):
    world = build_world(task_count=1)
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    report.items.update(progress=progress, **filled)
    with pytest.raises(services.ReportIncomplete) as refused:
        services.report_submit(report_id=report.pk, user=world.staff, version=None, today=world.period.ends_on)
    assert [missing in str(gap.message) for gap in refused.value.gaps] == [True]


def test_the_confirmation_shows_each_task_and_only_its_button_sends(client, django_capture_on_commit_callbacks):
    world = build_world()
    report = _started(client, world)
    data = form_data(
        report,
        action="review",
        **{
            item_key(report, 0, "progress"): Progress.COMPLETED,
            item_key(report, 0, "completed_on"): "2019-05-20",
            item_key(report, 0, "results"): "Tổ chức 3 hội nghị quán triệt.",
            item_key(report, 1, "progress"): Progress.NOT_STARTED,
            item_key(report, 1, "difficulties"): "Chờ hướng dẫn của Trung ương.",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    assert saved.url == reverse("reporting:report_confirm", args=[report.pk])
    page = client.get(saved.url).content.decode()
    assert "Tổ chức 3 hội nghị quán triệt." in page and "20/05/2019" in page and "Chưa thực hiện" in page
    assert "Gửi báo cáo đến Sở Nội vụ</button>" in page
    assert AgencyReport.objects.get(pk=report.pk).state == ReportState.DRAFT and mail.outbox == []
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(saved.url, {"version": report.version})
    assert sent.url == reverse("reporting:report_detail", args=[report.pk])
    assert AgencyReport.objects.get(pk=report.pk).state == ReportState.SUBMITTED
    assert [m.to for m in mail.outbox] == [["thamdinh@snv.vn"]]


def test_return_reason_and_task_comments_lead_the_page_and_the_answer_reaches_the_reviewer(client):
    world = build_world()
    report = _started(client, world)
    submit_through_form(client, report)
    item = report.items.order_by("assignment__task__position")[0]
    services.report_return(
        report_id=report.pk, user=world.reviewer, reason="Thiếu số liệu", item_comments={item.pk: "Ghi số người dự."}
    )
    for url in ("reporting:report_detail", "reporting:report_edit"):
        page = client.get(reverse(url, args=[report.pk])).content.decode()
        top = page.index('id="return-notice"')
        assert top < page.index("report-item") and "Thiếu số liệu" in page[top:] and "Ghi số người dự." in page[top:]
        assert f'href="#item-{item.pk}"' in page or f"#item-{item.pk}" in page

    submit_through_form(client, report, reply="Đã bổ sung số người dự ở nhiệm vụ II.1.0.")
    resubmitted = report.events.filter(to_state=ReportState.SUBMITTED).last()
    assert resubmitted.comment == "Đã bổ sung số người dự ở nhiệm vụ II.1.0."
    client.force_login(world.reviewer)
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    notice = page[page.index('id="return-notice"') : page.index("</section>", page.index('id="return-notice"'))]
    assert "Giải trình của đơn vị" in notice and "Đã bổ sung số người dự" in notice


def test_approval_settles_the_comments_which_stay_in_the_history(client):
    world = build_world()
    report = _started(client, world)
    submit_through_form(client, report)
    item = report.items.order_by("assignment__task__position")[0]
    services.report_return(
        report_id=report.pk, user=world.reviewer, reason="Bổ sung", item_comments={item.pk: "Ghi rõ"}
    )
    submit_through_form(client, report)
    services.report_approve(report_id=report.pk, user=world.reviewer)
    item.refresh_from_db()
    assert item.reviewer_comment == ""
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert 'id="return-notice"' not in page and 'class="reviewer-comment"' not in page
    history = page[page.index('id="timeline-title"') :]
    assert "Ghi rõ" in history  # the returned event's snapshot still shows what was asked


def test_a_withdrawn_draft_shows_no_sending_time_and_the_reviewer_loses_its_notice(
    client, django_capture_on_commit_callbacks
):
    world = build_world()
    report = _started(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        submit_through_form(client, report)
    assert Notification.objects.filter(recipient=world.reviewer).count() == 1
    client.post(reverse("reporting:report_withdraw", args=[report.pk]))
    assert not Notification.objects.filter(recipient=world.reviewer).exists()
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "Gửi lúc" not in page


def test_a_submission_notice_whose_job_runs_after_the_withdrawal_is_not_sent():
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=world.period.ends_on)
    services.report_withdraw(report_id=report.pk, user=world.staff)

    assert notify_report_event(report.events.get(to_state=ReportState.SUBMITTED).pk) == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize("tasks", [2, 12])
def test_the_confirmation_page_does_a_bounded_number_of_queries(client, django_assert_max_num_queries, tasks):
    world = build_world(task_count=tasks)
    report = _started(client, world)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reporting:report_confirm", args=[report.pk])).status_code == 200
