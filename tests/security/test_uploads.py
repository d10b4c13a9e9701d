"""Bad files sent through the real report form: a clear Vietnamese message, nothing stored on disk
or in the database, and the text typed in the same form is shown back, not lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from reporting import services
from reporting.models import AgencyReport, Attachment, EvidenceDocument
from tests.reporting.report_world import build_world, form_data
from tests.sample_files import PDF, PNG, office_zip
from tests.security.conftest import TALLY

pytestmark = pytest.mark.django_db

SAVED = "Nội dung đã lưu trước đó"
TYPED = "Nội dung mới đang gõ dở"


# (form field, file name, content, the message the user reads)
BAD_FILES = [
    ("attachment_upload", "bao-cao.pdf", b"MZ\x90\x00 an executable", "Nội dung tệp không đúng định dạng PDF."),
    ("attachment_upload", "bao-cao.pdf", b"<html><script>alert(1)</script></html>", "không đúng định dạng PDF"),
    ("attachment_upload", "anh.png", PDF, "Nội dung tệp không đúng định dạng PNG."),
    ("attachment_upload", "bao-cao.docx", office_zip("xl/workbook.xml"), "Nội dung tệp không đúng định dạng DOCX."),
    ("attachment_upload", "bao-cao.exe.pdf", PDF, "hai phần mở rộng"),
    ("attachment_upload", "bao-cao.php.pdf", PDF, "hai phần mở rộng"),
    ("attachment_upload", "bao-cao.pdf.exe", PDF, "Chỉ nhận tệp"),
    ("attachment_upload", "anh.svg", b"<svg onload='alert(1)'/>", "Chỉ nhận tệp"),
    ("attachment_upload", "trang.html", b"<html></html>", "Chỉ nhận tệp"),
    ("attachment_upload", "bao-cao", PDF, "phần mở rộng"),
    ("attachment_upload", "..pdf", PDF, "Tên tệp không hợp lệ."),
    ("attachment_upload", "rong.pdf", b"", "rỗng"),
    ("signed_scan_upload", "ban-ky.png", PNG, "Chỉ nhận tệp PDF"),
    ("signed_scan_upload", "ban-ky.pdf", b"GIF89a not a pdf", "Nội dung tệp không đúng định dạng PDF."),
    ("evidence", "van-ban.pdf", b"MZ\x90\x00", "Nội dung tệp không đúng định dạng PDF."),
    ("evidence", "van-ban.exe.pdf", PDF, "hai phần mở rộng"),
]


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def saved_report(client):
    world = build_world()
    report = services.report_get_or_create_for_agency(period=world.period, agency=world.agency, user=world.staff)
    client.force_login(world.staff)
    response = client.post(
        reverse("reporting:report_edit", args=[report.pk]), form_data(report, overall_assessment=SAVED)
    )
    assert response.status_code == 302
    return AgencyReport.objects.get(pk=report.pk)


def _post_with_file(client, report: AgencyReport, field: str, upload) -> str:
    data = form_data(report, overall_assessment=TYPED)
    if field == "evidence":
        item = report.items.order_by("pk").first()
        data.update(
            {f"ev-{item.pk}-0-number": "12/KH", f"ev-{item.pk}-0-title": "Kế hoạch", f"ev-{item.pk}-0-file": upload}
        )
    else:
        data[field] = upload
    response = client.post(reverse("reporting:report_edit", args=[report.pk]), data)
    assert response.status_code == 200, "a bad file re-shows the form with its error"
    return response.content.decode()


def _assert_nothing_kept(settings, report: AgencyReport, page: str) -> None:
    assert TYPED in page, "the text typed in the same form is shown back"
    fresh = AgencyReport.objects.get(pk=report.pk)
    assert (fresh.overall_assessment, fresh.version, fresh.signed_scan.name) == (SAVED, report.version, "")
    assert not Attachment.objects.exists() and not EvidenceDocument.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.parametrize(("field", "name", "content", "message"), BAD_FILES)
def test_bad_file_is_refused_with_a_message_and_nothing_is_stored(
    client, settings, saved_report, field, name, content, message
):
    page = _post_with_file(client, saved_report, field, SimpleUploadedFile(name, content))
    TALLY["bad uploads tried"] += 1
    assert message in page
    _assert_nothing_kept(settings, saved_report, page)


@pytest.mark.parametrize("field", ["attachment_upload", "signed_scan_upload", "evidence"])
def test_oversized_file_is_refused(client, settings, saved_report, field):
    settings.UPLOAD_MAX_BYTES = 1024
    page = _post_with_file(client, saved_report, field, SimpleUploadedFile("lon.pdf", PDF + b"0" * 4096))
    TALLY["bad uploads tried"] += 1
    assert "Tệp quá lớn: tối đa 1,0" in page
    _assert_nothing_kept(settings, saved_report, page)


def _raw_multipart_post(client, report: AgencyReport, filename: str, content: bytes):
    """The test client strips directories from file names; a hostile browser does not."""
    data = form_data(report, overall_assessment=TYPED)
    body = encode_multipart(BOUNDARY, data).decode("utf-8")
    part = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachment_upload"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    raw = body.replace(f"--{BOUNDARY}--", "").encode() + part.encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()
    return client.generic("POST", reverse("reporting:report_edit", args=[report.pk]), raw, MULTIPART_CONTENT)


@pytest.mark.parametrize("filename", ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf"])
def test_path_traversal_name_with_bad_content_is_refused(client, settings, saved_report, filename):
    response = _raw_multipart_post(client, saved_report, filename, b"root:x:0:0:root:/root:/bin/bash\n")
    TALLY["bad uploads tried"] += 1
    page = response.content.decode()
    assert response.status_code == 200 and "không đúng định dạng PDF" in page
    _assert_nothing_kept(settings, saved_report, page)


def test_path_traversal_name_never_reaches_the_file_system(client, settings, saved_report, tmp_path):
    """Django keeps only the last path component; the file is stored under a random name in MEDIA_ROOT."""
    response = _raw_multipart_post(client, saved_report, "../../../evil.pdf", PDF)
    TALLY["bad uploads tried"] += 1
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "evil.pdf"
    stored = _stored_files(settings)
    assert len(stored) == 1 and stored[0].name != "evil.pdf"
    assert Path(settings.MEDIA_ROOT).resolve() in stored[0].resolve().parents
    assert list(tmp_path.rglob("evil.pdf")) == []  # MEDIA_ROOT is tmp_path/media: "../" would land here
    download = client.get(reverse("reporting:attachment_download", args=[saved_report.pk, attachment.pk]))
    assert 'filename="evil.pdf"' in download["Content-Disposition"]
