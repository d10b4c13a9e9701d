"""Smallest files of each kind the upload checks look at, the same bytes in every test process.

The bytes must not change between processes: pytest names a parametrized test after its
arguments, and xdist refuses to run when its workers collected differently named tests.
"""

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def office_zip(*members: str) -> bytes:
    """A zip holding these members, as .docx and .xlsx files are; a fixed date, not the clock."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0)), "<x/>")
    return buffer.getvalue()
