"""Who sees what: every view with the owner agency, another agency, a reviewer, a leader and anonymous."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import services
from reporting.models import AgencyReport, Attachment, CoordinationInput, ReportState
from tests.factories import ReportingPeriodFactory
from tests.reporting.report_world import build_world, submit_ready
from tests.sample_files import PDF

pytestmark = pytest.mark.django_db


def _report(world, state=ReportState.DRAFT):
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    if state != ReportState.DRAFT:
        submit_ready(report_id=report.pk, user=world.staff, version=None, today=world.period.ends_on)
    if state == ReportState.APPROVED:
        services.report_approve(report_id=report.pk, user=world.reviewer)
    if state == ReportState.RETURNED:
        services.report_return(report_id=report.pk, user=world.reviewer, reason="Thiếu")
    return AgencyReport.objects.get(pk=report.pk)


def _status(client, user, url, method="get", data=None):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        # owner, other agency, reviewer, leader
        (ReportState.DRAFT, (200, 404, 404, 404)),
        (ReportState.SUBMITTED, (200, 404, 200, 404)),
        (ReportState.RETURNED, (200, 404, 200, 404)),
        (ReportState.APPROVED, (200, 404, 200, 200)),
    ],
)
def test_report_page_is_seen_only_within_scope(client, state, expected):
    world = build_world()
    report = _report(world, state)
    url = reverse("reporting:report_detail", args=[report.pk])
    users = (world.staff, world.other_staff, world.reviewer, world.leader)
    assert tuple(_status(client, u, url) for u in users) == expected
    assert _status(client, None, url) == 302


def test_draft_content_never_reaches_another_agency(client):
    world = build_world()
    report = _report(world)
    AgencyReport.objects.filter(pk=report.pk).update(overall_assessment="Bí mật nội bộ")
    client.force_login(world.other_staff)
    for name in ("report_detail", "report_edit"):
        response = client.get(reverse(f"reporting:{name}", args=[report.pk]))
        assert response.status_code == 404
        assert "Bí mật nội bộ" not in response.content.decode()
    client.force_login(world.other_staff)
    assert "Bí mật nội bộ" not in client.get(reverse("reporting:my_reports")).content.decode()


@pytest.mark.parametrize("name", ["report_edit", "report_autosave", "report_withdraw"])
def test_only_the_owner_agency_edits(client, name):
    world = build_world()
    report = _report(world, ReportState.SUBMITTED)
    url = reverse(f"reporting:{name}", args=[report.pk])
    for user in (world.other_staff, world.reviewer, world.leader):
        assert _status(client, user, url, "post") == 404
    assert _status(client, None, url, "post") == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


@pytest.mark.parametrize("name", ["report_return", "report_approve", "report_reopen"])
def test_only_the_consolidating_reviewer_reviews(client, name):
    world = build_world()
    report = _report(world, ReportState.SUBMITTED)
    url = reverse(f"reporting:{name}", args=[report.pk])
    data = {"version": report.version, "reason": "x"}
    for user in (world.staff, world.other_staff, world.leader):
        assert _status(client, user, url, "post", data) == 404
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_reviewer_of_another_consolidating_agency_sees_nothing(client):
    from tests.factories import AgencyFactory, reviewer_of

    world = build_world()
    report = _report(world, ReportState.SUBMITTED)
    stranger = reviewer_of(AgencyFactory(name="Sở Tư pháp", code="STP"))
    client.force_login(stranger)
    assert client.get(reverse("reporting:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reporting:period_detail", args=[world.period.pk])).status_code == 404
    queue = client.get(reverse("reporting:review_queue")).content.decode()
    assert "Không có báo cáo nào cần thẩm định." in queue
    assert reverse("reporting:report_detail", args=[report.pk]) not in queue


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("review_queue", [], "get"),
        ("period_list", [], "get"),
        ("ad_hoc_create", [], "get"),
        ("period_remind", ["period"], "post"),
        ("period_open", [], "post"),
    ],
)
def test_reviewer_pages_answer_404_to_staff_and_leaders(client, name, args, method):
    world = build_world()
    url = reverse(f"reporting:{name}", args=[world.period.pk for _ in args])
    assert _status(client, world.reviewer, url, method) in (200, 302)
    for user in (world.staff, world.other_staff, world.leader):
        assert _status(client, user, url, method) == 404
    assert _status(client, None, url, method) == 302


def test_leader_reads_the_completeness_matrix_but_cannot_remind_or_open_drafts(client):
    world = build_world()
    draft = _report(world, ReportState.DRAFT)
    url = reverse("reporting:period_detail", args=[world.period.pk])
    for user in (world.staff, world.other_staff):
        assert _status(client, user, url, "get") == 404
    client.force_login(world.reviewer)
    assert reverse("reporting:period_remind", args=[world.period.pk]) in client.get(url).content.decode()
    client.force_login(world.leader)
    page = client.get(url).content.decode()
    assert world.agency.name in page
    assert reverse("reporting:period_remind", args=[world.period.pk]) not in page
    assert reverse("reporting:report_detail", args=[draft.pk]) not in page


def test_staff_cannot_start_a_report_for_a_period_they_do_not_owe(client):
    world = build_world()
    foreign = ReportingPeriodFactory()  # another plan, where the agency has no task
    assert _status(client, world.staff, reverse("reporting:report_start", args=[foreign.pk]), "post") == 404
    assert not AgencyReport.objects.filter(period=foreign).exists()


def test_files_are_served_only_within_scope_as_attachments(client):
    world = build_world()
    report = _report(world)
    services.report_save_draft(
        report_id=report.pk,
        user=world.staff,
        version=report.version,
        fields={},
        items={},
        attachments=[SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")],
    )
    attachment = Attachment.objects.get(report=report)
    url = reverse("reporting:attachment_download", args=[report.pk, attachment.pk])
    client.force_login(world.staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    for user in (world.other_staff, world.reviewer, world.leader):
        assert _status(client, user, url) == 404
    assert _status(client, None, url) == 302


def test_coordinating_agency_adds_input_seen_by_lead_and_reviewer(client):
    world = build_world()
    report = _report(world)
    client.force_login(world.other_staff)
    url = reverse("reporting:coordination", args=[world.period.pk])
    page = client.get(url)
    assert page.status_code == 200
    from tasks.models import Assignment

    coordinating = Assignment.objects.get(task=world.tasks[0], agency=world.other)
    client.post(url, {"assignment": coordinating.pk, "text": "Đã đăng 12 tin bài phối hợp."})
    client.force_login(world.staff)
    assert (
        "Đã đăng 12 tin bài phối hợp."
        in client.get(reverse("reporting:report_edit", args=[report.pk])).content.decode()
    )
    assert _status(client, world.staff, url) == 404  # the lead agency coordinates nothing here


def test_coordination_input_left_empty_is_summarised_and_leads_to_its_box(client):
    from tasks.models import Assignment

    world = build_world()
    _report(world)
    coordinating = Assignment.objects.get(task=world.tasks[0], agency=world.other)
    client.force_login(world.other_staff)
    url = reverse("reporting:coordination", args=[world.period.pk])
    page = client.post(url, {"assignment": coordinating.pk, "text": "  "}).content.decode()
    box = f"text-{coordinating.pk}"
    summary = page[page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))]
    assert f'<a href="#{box}">' in summary and "Chưa nhập nội dung này." in summary
    assert f'aria-describedby="{box}-error"' in page
    assert not CoordinationInput.objects.exists()


def test_notifications_page_lists_only_my_notifications(client):
    from reporting.models import Notification

    world = build_world()
    Notification.objects.create(recipient=world.staff, subject="Của tôi", body="...")
    Notification.objects.create(recipient=world.other_staff, subject="Của người khác", body="...")
    client.force_login(world.staff)
    page = client.get(reverse("reporting:notifications")).content.decode()
    assert "Của tôi" in page and "Của người khác" not in page
    client.post(reverse("reporting:notifications_mark_read"))
    assert not Notification.objects.filter(recipient=world.staff, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.other_staff, read_at__isnull=True).exists()
