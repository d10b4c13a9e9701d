"""Files chosen on a form that came back with errors are kept, so nobody has to choose them again.

The browser forgets a chosen file whenever the page is drawn again. A file that passed its own
checks is stored under reports/kept/ and the form carries a signed token in its place
(KeepableFileInput shows "Đã giữ tệp …"); the next post puts the file back among the uploads and
it goes through every check again. The token names the report and the user, so it opens nothing
else; the file sweep deletes kept files nobody came back for.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext as _

FOLDER = "reports/kept"
MAX_AGE = 24 * 3600
SUFFIX = "-kept"


@dataclass(frozen=True)
class KeptUpload:
    token: str
    original_name: str


class KeptFile(File):
    """A kept upload put back among the request's files; knows its own token to be kept again."""

    def __init__(self, file, *, name: str, kept: KeptUpload, stored_name: str):
        super().__init__(file, name=name)
        self.kept = kept
        self.stored_name = stored_name


class KeepableFileInput(forms.FileInput):
    """A file input that, once its file is kept, also carries the token and says which file is kept."""

    kept: KeptUpload | None = None

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.kept is None:
            return html
        note = _("Đã giữ tệp %(name)s: tệp sẽ được lưu khi bạn lưu báo cáo; chọn tệp khác nếu muốn thay.")
        return format_html(
            '{}<input type="hidden" name="{}" value="{}"><span class="kept-file">{}</span>',
            html,
            name + SUFFIX,
            self.kept.token,
            note % {"name": self.kept.original_name},
        )


def _signer(scope: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"reporting.kept-upload:{scope}")


def keep(upload, *, scope: str) -> KeptUpload:
    """Store the upload (once) and give the token that brings it back."""
    if isinstance(upload, KeptFile):
        return upload.kept
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else "bin"
    upload.seek(0)
    stored = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{extension}", upload)
    upload.seek(0)
    token = _signer(scope).sign_object({"stored": stored, "name": upload.name})
    return KeptUpload(token=token, original_name=upload.name)


def restore(data, files, *, scope: str) -> MultiValueDict:
    """The request's files plus the kept ones the form still names; a newly chosen file wins."""
    restored = MultiValueDict(files or {})
    if not data:
        return restored
    for key in data:
        if not key.endswith(SUFFIX):
            continue
        field_name = key[: -len(SUFFIX)]
        if restored.get(field_name):
            continue
        try:
            kept = _signer(scope).unsign_object(data[key], max_age=MAX_AGE)
            handle = default_storage.open(kept["stored"])
        except (signing.BadSignature, KeyError, TypeError, OSError):
            continue  # expired, forged or swept: the field is simply empty, as if never chosen
        restored[field_name] = KeptFile(
            handle, name=kept["name"], kept=KeptUpload(data[key], kept["name"]), stored_name=kept["stored"]
        )
    return restored


def discard(files) -> None:
    """After a successful save the service stored its own copy: the kept one can go."""
    for upload in files.values():
        if isinstance(upload, KeptFile):
            upload.close()
            default_storage.delete(upload.stored_name)
