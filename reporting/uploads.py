"""Checks on uploaded files: type by content (not by name), size, and a safe name to store under.

Accepted: PDF, DOCX, XLSX, JPG, PNG. DOCX and XLSX are zip archives, so the archive must also
hold the word/ or xl/ part that makes it one.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from plan_portal.archives import ArchiveTooLarge, check_unpacked_size

# extension -> (content type, what the content must be)
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
PDF_ONLY = ("pdf",)
# Office files are zips; which member proves which format.
_ZIP_MEMBER_PREFIX = {"docx": "word/", "xlsx": "xl/"}
_EXECUTABLE_PARTS = {"exe", "bat", "cmd", "com", "js", "vbs", "scr", "msi", "sh", "php", "html", "htm", "svg"}


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    extension: str
    content_type: str
    size: int


def _check_name(name: str, allowed: tuple[str, ...]) -> str:
    if not name or "/" in name or "\\" in name or "\x00" in name or name.startswith(".") or ".." in name:
        raise ValidationError(_("Tên tệp không hợp lệ."), code="bad_name")
    parts = name.lower().split(".")
    if len(parts) < 2:
        raise ValidationError(_("Tệp phải có phần mở rộng (.pdf, .docx, ...)."), code="no_extension")
    extension = parts[-1]
    if extension not in allowed:
        raise ValidationError(
            _("Chỉ nhận tệp %(types)s.") % {"types": ", ".join(e.upper() for e in allowed if e != "jpeg")},
            code="bad_extension",
        )
    if any(part in _EXECUTABLE_PARTS or part in ALLOWED for part in parts[1:-1]):
        raise ValidationError(_("Tên tệp có hai phần mở rộng, không được chấp nhận."), code="double_extension")
    return extension


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if extension in _ZIP_MEMBER_PREFIX:
        if kind is None or kind.mime != "application/zip" and kind.extension not in ("docx", "xlsx", "zip"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
            upload.seek(0)
            check_unpacked_size(upload)
        except zipfile.BadZipFile:
            return False
        except ArchiveTooLarge:
            raise ValidationError(
                _(
                    "Tệp %(ext)s này giải nén ra lớn bất thường so với kích thước của nó (có thể là tệp hỏng "
                    "hoặc tệp độc hại), nên không được nhận. Hãy mở bằng Word/Excel, lưu lại rồi tải lên lại."
                )
                % {"ext": extension.upper()},
                code="unpacks_too_large",
            ) from None
        finally:
            upload.seek(0)
        return any(n.startswith(_ZIP_MEMBER_PREFIX[extension]) for n in names)
    return kind is not None and kind.mime == ALLOWED[extension]


def check_upload(upload: UploadedFile, allowed: tuple[str, ...] = tuple(ALLOWED)) -> CheckedUpload:
    """Raise ValidationError (Vietnamese message) unless the file is what its name says and small enough."""
    name = os.path.basename(upload.name or "")
    if name != (upload.name or ""):
        raise ValidationError(_("Tên tệp không hợp lệ."), code="bad_name")
    extension = _check_name(name, allowed)
    if not upload.size:
        raise ValidationError(_("Tệp rỗng."), code="empty")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn: tối đa %(max)s.") % {"max": filesizeformat(settings.UPLOAD_MAX_BYTES)}, code="too_large"
        )
    if not _content_matches(upload, extension):
        raise ValidationError(
            _("Nội dung tệp không đúng định dạng %(ext)s.") % {"ext": extension.upper()}, code="bad_content"
        )
    return CheckedUpload(original_name=name, extension=extension, content_type=ALLOWED[extension], size=upload.size)


def storage_name(checked: CheckedUpload) -> str:
    """A random name for storage: the user's name never reaches the file system."""
    extension = "jpg" if checked.extension == "jpeg" else checked.extension
    return f"{uuid.uuid4().hex}.{extension}"
