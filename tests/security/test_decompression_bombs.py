"""A .docx that unpacks to far more than it weighs is refused fast, before anything parses it (issue 21)."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.models import Attachment
from tasks.models import PlanImportDraft
from tests.security.test_uploads import _post_with_file, saved_report  # noqa: F401 - fixture
from tests.tasks.test_import_bad_input import admin, importer  # noqa: F401 - fixtures
from tests.tasks.test_import_views import IMPORT_URL

pytestmark = pytest.mark.django_db


def docx_bomb(unpacked_bytes: int = 20 * 1024 * 1024) -> bytes:
    """A .docx whose word/document.xml is 20 MB of one repeated character: about 20 kB on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"a" * unpacked_bytes + b"</w:document>")
    return buffer.getvalue()


def test_the_plan_import_refuses_a_docx_bomb_fast_with_a_message(importer):  # noqa: F811
    bomb = docx_bomb()
    assert len(bomb) < 100_000
    started = time.monotonic()

    response = importer.post(IMPORT_URL, {"document": SimpleUploadedFile("ke-hoach.docx", bomb)})

    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "giải nén ra lớn bất thường" in " ".join(response.context["form"].errors["document"])
    assert not PlanImportDraft.objects.exists()


def test_a_report_attachment_that_is_a_docx_bomb_is_refused_and_nothing_is_stored(client, saved_report):  # noqa: F811
    page = _post_with_file(client, saved_report, "attachment_upload", SimpleUploadedFile("bao-cao.docx", docx_bomb()))

    assert "Tệp DOCX này giải nén ra lớn bất thường" in page
    assert not Attachment.objects.exists()


def test_a_real_docx_of_a_few_megabytes_is_still_read():
    from tasks.plan_import.reading import read_docx

    buffer = io.BytesIO()
    import docx

    document = docx.Document()
    for number in range(3000):
        document.add_paragraph(f"{number}. Tổ chức quán triệt, triển khai thực hiện nhiệm vụ số {number} của kế hoạch.")
    document.save(buffer)

    blocks = read_docx(buffer.getvalue())

    assert len(blocks) == 3000
