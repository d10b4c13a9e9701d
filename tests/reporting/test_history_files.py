"""The report history lists the files each event recorded and serves them, removed ones too, to who sees the report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import services
from reporting.models import AgencyReport, Attachment, ReportEvent, ReportState
from reporting.services import EvidenceInput
from tests.reporting.report_world import World, build_world, submit_ready
from tests.sample_files import PDF

pytestmark = pytest.mark.django_db

REMOVED = "Biên bản họp số 3 (đã gỡ).pdf"
KEPT = "Kế hoạch triển khai.pdf"
TODAY = dt.date(2019, 6, 10)


@dataclass
class History:
    world: World
    report: AgencyReport
    removed: Attachment  # no longer on the report; only the history names it
    submitted: ReportEvent  # the first submission, which carried the removed file

    def url(self, stored_name: str, event: ReportEvent | None = None) -> str:
        event = event or self.submitted
        return reverse("reporting:event_file_download", args=[self.report.pk, event.pk, stored_name])


def _save(world: World, report: AgencyReport, **content) -> None:
    report.refresh_from_db()
    services.report_save_draft(report_id=report.pk, user=world.staff, version=report.version, **content)


def _submit(world: World, report: AgencyReport) -> ReportEvent:
    submit_ready(report_id=report.pk, user=world.staff, version=None, today=TODAY)
    return report.events.filter(to_state=ReportState.SUBMITTED).latest("occurred_at", "id")


def _history(world: World | None = None) -> History:
    """Submitted with two attachments, a scan and an evidence file; returned; one attachment removed; resubmitted."""
    world = world or build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    item = report.items.order_by("assignment__task__position").first()
    evidence = EvidenceInput(id=None, number="12/KH-STTTT", title="Kế hoạch", file=SimpleUploadedFile("kh.pdf", PDF))
    _save(
        world,
        report,
        fields={},
        items={},
        signed_scan=SimpleUploadedFile("ban-ky.pdf", PDF),
        attachments=[SimpleUploadedFile(REMOVED, PDF), SimpleUploadedFile(KEPT, PDF)],
        evidence={item.pk: [evidence]},
    )
    submitted = _submit(world, report)
    services.report_return(report_id=report.pk, user=world.reviewer, reason="Bỏ biên bản gửi nhầm")
    removed = report.attachments.get(original_name=REMOVED)
    _save(world, report, fields={}, items={}, remove_attachments=[removed.pk])
    _submit(world, report)
    return History(world=world, report=report, removed=removed, submitted=submitted)


def test_the_owner_downloads_a_file_since_removed_from_the_report_under_its_vietnamese_name(client):
    history = _history()
    assert not Attachment.objects.filter(pk=history.removed.pk).exists()
    client.force_login(history.world.staff)

    response = client.get(history.url(history.removed.file.name))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=utf-8''{quote(REMOVED)}" in disposition
    assert response["Content-Type"] == "application/pdf"


def test_the_reviewer_and_once_approved_a_leader_download_it_too(client):
    history = _history()
    world = history.world
    client.force_login(world.reviewer)
    assert client.get(history.url(history.removed.file.name)).status_code == 200

    client.force_login(world.leader)  # leaders read approved reports only, as the report page itself
    assert client.get(history.url(history.removed.file.name)).status_code == 404
    services.report_approve(report_id=history.report.pk, user=world.reviewer)
    assert client.get(history.url(history.removed.file.name)).status_code == 200


def test_another_agencys_user_gets_404_as_for_the_report_and_its_live_files(client):
    history = _history()
    kept = history.report.attachments.get()
    client.force_login(history.world.other_staff)

    assert client.get(history.url(history.removed.file.name)).status_code == 404
    assert client.get(reverse("reporting:report_detail", args=[history.report.pk])).status_code == 404
    live = reverse("reporting:attachment_download", args=[history.report.pk, kept.pk])
    assert client.get(live).status_code == 404


def test_only_a_name_the_event_recorded_is_served_never_a_path_from_the_url(client, settings):
    history = _history()
    world = history.world
    theirs = services.report_get_or_create_for_agency(period=world.period, agency=world.other, user=world.other_staff)
    services.report_save_draft(
        report_id=theirs.pk,
        user=world.other_staff,
        version=theirs.version,
        fields={},
        items={},
        attachments=[SimpleUploadedFile("cua-so-giao-duc.pdf", PDF)],
    )
    their_file = theirs.attachments.get().file.name  # a real upload, of another report
    (Path(settings.MEDIA_ROOT) / "secret.txt").write_text("bí mật")
    created = history.report.events.get(from_state="")
    client.force_login(world.staff)
    base = history.url("x")[: -len("x")]

    probes = [
        history.url("../../../../etc/passwd"),
        history.url("secret.txt"),
        history.url("reports/attachments/../../secret.txt"),
        base + "%2e%2e%2f%2e%2e%2fsecret.txt",
        base + "/etc/passwd",
        history.url(their_file),
        history.url(history.removed.file.name, event=created),  # the file, but this event never named it
        history.url(history.removed.file.name + "/"),
    ]
    other_event = theirs.events.get()
    probes.append(reverse("reporting:event_file_download", args=[history.report.pk, other_event.pk, their_file]))

    assert [client.get(url).status_code for url in probes] == [404] * len(probes)


def test_a_named_file_missing_on_disk_gets_a_clear_vietnamese_page_as_do_the_live_downloads(client):
    history = _history()
    kept = history.report.attachments.get()
    Path(history.removed.file.path).unlink()
    Path(kept.file.path).unlink()
    client.force_login(history.world.staff)

    from_history = client.get(history.url(history.removed.file.name))
    live = client.get(reverse("reporting:attachment_download", args=[history.report.pk, kept.pk]))

    assert (from_history.status_code, live.status_code) == (404, 404)
    assert "Không tìm thấy tệp" in from_history.content.decode()
    assert f"Tệp “{REMOVED}” không còn trên máy chủ" in from_history.content.decode()
    assert f"Tệp “{KEPT}” không còn trên máy chủ" in live.content.decode()


def _timeline_links(page: str) -> set[tuple[int, str]]:
    """(event id, file name) of every history download link on the page."""
    return {(int(event), name) for event, name in re.findall(r'/lich-su/(\d+)/tep/[^"]+">([^<]+)</a>', page)}


def test_the_timeline_lists_under_each_event_the_files_it_recorded(client):
    history = _history()
    report = history.report
    created, first, returned, second = report.events.all()
    client.force_login(history.world.staff)

    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()

    scan, evidence = f"bao-cao-STTTT-{report.period_id}.pdf", "12-KH-STTTT.pdf"
    assert _timeline_links(page) == {
        *((event.pk, name) for event in (first, returned) for name in (scan, REMOVED, KEPT, evidence)),
        *((second.pk, name) for name in (scan, KEPT, evidence)),
    }
    assert "Minh chứng nhiệm vụ II.1.0" in page and "Bản ký số/scan" in page
    assert f'{REMOVED}</a> <span class="muted">({len(PDF)}\xa0byte)</span>' in page
    assert created.pk not in {event for event, _name in _timeline_links(page)}


def test_every_timeline_link_downloads(client):
    history = _history()
    client.force_login(history.world.reviewer)
    page = client.get(reverse("reporting:report_detail", args=[history.report.pk])).content.decode()
    links = re.findall(r'href="(/[^"]*/lich-su/\d+/tep/[^"]+)"', page)

    assert len(links) == 11
    assert {client.get(link).status_code for link in links} == {200}


def test_older_snapshots_with_evidence_named_by_storage_name_still_list_and_serve_it(client):
    history = _history()
    stored = history.submitted.snapshot["signed_scan"]
    old = ReportEvent.objects.create(
        report=history.report,
        actor=history.world.staff,
        from_state=ReportState.DRAFT,
        to_state=ReportState.SUBMITTED,
        snapshot={"items": {"1": {"code": "II.1.0", "evidence_files": [stored]}}},
    )
    client.force_login(history.world.staff)

    page = client.get(reverse("reporting:report_detail", args=[history.report.pk])).content.decode()

    assert (old.pk, stored.rsplit("/", 1)[-1]) in _timeline_links(page)
    assert client.get(history.url(stored, event=old)).status_code == 200


def _report_with_events(world: World, count: int) -> AgencyReport:
    """Created, then submitted and returned in turn, a new attachment before each submission."""
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    for n in range(count - 1):
        if n % 2 == 0:
            _save(world, report, fields={}, items={}, attachments=[SimpleUploadedFile(f"Phụ lục {n}.pdf", PDF)])
            _submit(world, report)
        else:
            services.report_return(report_id=report.pk, user=world.reviewer, reason=f"Lần {n}")
    assert report.events.count() == count
    return report


def test_the_report_page_does_the_same_queries_with_3_or_30_events(client, django_assert_max_num_queries):
    counts = []
    for events in (3, 30):
        world = build_world()
        report = _report_with_events(world, events)
        client.force_login(world.staff)
        with django_assert_max_num_queries(10) as queries:
            page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
        counts.append(len(queries))
        # The k-th event after the creation names the (k + 1) // 2 attachments uploaded before it.
        assert len(_timeline_links(page)) == sum((k + 1) // 2 for k in range(1, events))
        ReportEvent.objects.all()._raw_delete(ReportEvent.objects.db)
        AgencyReport.objects.all().delete()
    assert counts[0] == counts[1]
