"""Uploads are checked by content, size and name; stored under a random name; errors in Vietnamese."""

import os
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import jobs, services, uploads
from reporting.models import AgencyReport, Attachment, ReportState
from tests.reporting.report_world import build_world, form_data, submit_through_form
from tests.sample_files import JPG, PDF, PNG, office_zip


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bao-cao.pdf", PDF, "application/pdf"),
        ("anh.png", PNG, "image/png"),
        ("anh.JPG", JPG, "image/jpeg"),
        ("anh.jpeg", JPG, "image/jpeg"),
        ("bao-cao.docx", office_zip("[Content_Types].xml", "word/document.xml"), uploads.ALLOWED["docx"]),
        ("so-lieu.xlsx", office_zip("[Content_Types].xml", "xl/workbook.xml"), uploads.ALLOWED["xlsx"]),
        ("Báo cáo số 12.pdf", PDF, "application/pdf"),
    ],
)
def test_good_files_are_accepted(name, content, content_type):
    assert uploads.check_upload(_upload(name, content)).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", b"MZ\x90\x00 this is an exe", "Nội dung tệp không đúng định dạng PDF."),
        ("anh.png", PDF, "Nội dung tệp không đúng định dạng PNG."),
        (
            "bao-cao.docx",
            office_zip("[Content_Types].xml", "xl/workbook.xml"),
            "Nội dung tệp không đúng định dạng DOCX.",
        ),
        ("so-lieu.xlsx", b"PK\x03\x04 broken zip", "Nội dung tệp không đúng định dạng XLSX."),
        ("virus.exe", b"MZ\x90\x00", "Chỉ nhận tệp"),
        ("trang.html", b"<html>", "Chỉ nhận tệp"),
        ("bao-cao.pdf.exe", PDF, "Chỉ nhận tệp"),
        ("bao-cao.exe.pdf", PDF, "hai phần mở rộng"),
        ("bao-cao.docx.pdf", PDF, "hai phần mở rộng"),
        ("..pdf", PDF, "Tên tệp không hợp lệ."),
        ("bao-cao", PDF, "phần mở rộng"),
        ("rong.pdf", b"", "Tệp rỗng."),
    ],
)
def test_bad_files_are_rejected_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(_upload(name, content))
    assert message in str(error.value.messages[0])


def test_oversized_file_is_rejected(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(_upload("lon.pdf", PDF + b"0" * 2048))
    assert "Tệp quá lớn" in error.value.messages[0]


def test_path_in_the_name_never_reaches_the_file_system():
    upload = _upload("x.pdf", PDF)
    upload.name = "../../etc/x.pdf"
    checked = uploads.check_upload(upload)
    assert checked.original_name == "x.pdf"
    assert "/" not in uploads.storage_name(checked) and ".." not in uploads.storage_name(checked)


@pytest.mark.django_db
def test_stored_under_media_root_with_a_random_name(settings):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    services.report_save_draft(
        report_id=report.pk,
        user=world.staff,
        version=report.version,
        fields={},
        items={},
        attachments=[_upload("Báo cáo tháng.pdf", PDF)],
    )
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Báo cáo tháng.pdf"
    assert "Báo cáo" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT))


def _started_report(client, world, staff) -> AgencyReport:
    """The draft report of `staff`'s agency for the world's period, opened as that user."""
    client.force_login(staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    return AgencyReport.objects.get(period=world.period, agency=staff.agency)


@pytest.mark.django_db
def test_wrong_upload_in_the_form_keeps_the_typed_text(client):
    world = build_world()
    report = _started_report(client, world, world.staff)
    data = form_data(report, overall_assessment="Nội dung không được mất")
    data["signed_scan_upload"] = _upload("ban-ky.pdf", b"GIF89a not a pdf")
    response = client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    page = response.content.decode()
    assert "Nội dung tệp không đúng định dạng PDF." in page
    assert "Nội dung không được mất" in page
    report.refresh_from_db()
    assert not report.signed_scan


def _attach(client, report: AgencyReport, name: str) -> Attachment:
    data = form_data(report)
    data["attachment_upload"] = _upload(name, PDF)
    client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    return Attachment.objects.get(report=report, original_name=name)


@pytest.mark.django_db
def test_a_ticked_attachment_is_removed_with_the_save_and_the_typed_text_kept(client):
    world = build_world()
    report = _started_report(client, world, world.staff)
    wrong, right = _attach(client, report, "nham-tep.pdf"), _attach(client, report, "bien-ban.pdf")
    assert (
        f'name="remove_attachment" value="{wrong.pk}"'
        in client.get(reverse("reporting:report_edit", args=[report.pk])).content.decode()
    )

    data = form_data(report, overall_assessment="Đã bỏ tệp gửi nhầm")
    data["remove_attachment"] = [str(wrong.pk)]
    client.post(reverse("reporting:report_edit", args=[report.pk]), data)

    assert list(report.attachments.values_list("original_name", flat=True)) == ["bien-ban.pdf"]
    report.refresh_from_db()
    assert report.overall_assessment == "Đã bỏ tệp gửi nhầm"
    assert right.pk in set(report.attachments.values_list("pk", flat=True))


@pytest.mark.django_db
def test_removing_touches_only_the_reports_own_attachments(client):
    world = build_world()
    others = _started_report(client, world, world.other_staff)
    theirs = _attach(client, others, "cua-so-giao-duc.pdf")
    report = _started_report(client, world, world.staff)

    data = form_data(report)
    data["remove_attachment"] = [str(theirs.pk)]
    client.post(reverse("reporting:report_edit", args=[report.pk]), data)

    assert Attachment.objects.filter(pk=theirs.pk).exists()


def _age(field_file, hours: float = 2) -> None:
    """As if the file had been uploaded `hours` ago, past the sweep's grace period."""
    old = time.time() - hours * 3600
    os.utime(field_file.path, (old, old))


def _remove(client, report: AgencyReport, attachment: Attachment) -> None:
    report.refresh_from_db()
    data = form_data(report)
    data["remove_attachment"] = [str(attachment.pk)]
    client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.django_db
def test_a_removed_file_no_event_refers_to_is_deleted_by_the_sweep_and_a_second_run_is_harmless(client):
    world = build_world()
    report = _started_report(client, world, world.staff)
    wrong, kept = _attach(client, report, "nham-tep.pdf"), _attach(client, report, "bien-ban.pdf")
    wrong_path, kept_path = Path(wrong.file.path), Path(kept.file.path)
    _age(wrong.file), _age(kept.file)
    _remove(client, report, wrong)

    assert jobs.sweep_unreferenced_files() == 1
    assert not wrong_path.exists() and kept_path.exists()
    assert jobs.sweep_unreferenced_files() == 0
    assert kept_path.exists()
    assert client.get(reverse("reporting:attachment_download", args=[report.pk, kept.pk])).status_code == 200


@pytest.mark.django_db
def test_a_removed_file_the_history_refers_to_is_kept_and_named_in_the_event(client):
    world = build_world()
    report = _started_report(client, world, world.staff)
    sent = _attach(client, report, "bien-ban-da-gui.pdf")
    report.refresh_from_db()
    submit_through_form(client, report)
    report.refresh_from_db()
    services.report_return(report_id=report.pk, user=world.reviewer, reason="Bổ sung", item_comments={}, version=None)
    _remove(client, report, sent)
    _age(sent.file)

    assert jobs.sweep_unreferenced_files() == 0
    assert Path(sent.file.path).exists()
    submitted = report.events.get(to_state=ReportState.SUBMITTED)
    assert submitted.snapshot["attachments"] == [
        {"name": "bien-ban-da-gui.pdf", "file": sent.file.name, "size": len(PDF)}
    ]


@pytest.mark.django_db
def test_a_file_uploaded_in_the_last_hour_is_kept_even_with_no_row(settings):
    fresh = Path(settings.MEDIA_ROOT) / "reports" / "attachments" / "2026" / "dang-tai-len.pdf"
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(PDF)  # written by an upload whose row has not committed yet

    assert jobs.sweep_unreferenced_files() == 0
    assert fresh.exists()


@pytest.mark.django_db
def test_the_sweep_never_deletes_outside_the_upload_folders(settings, tmp_path):
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(PDF)
    built = Path(settings.MEDIA_ROOT) / "consolidated" / "bao-cao-tong-hop.pdf"
    built.parent.mkdir(parents=True)
    built.write_bytes(PDF)
    folder = Path(settings.MEDIA_ROOT) / "reports" / "evidence"
    folder.mkdir(parents=True)
    (folder / "link.pdf").symlink_to(outside)
    for path in (outside, built):
        old = time.time() - 7200
        os.utime(path, (old, old))

    assert jobs.sweep_unreferenced_files() == 0
    assert outside.exists() and built.exists()
