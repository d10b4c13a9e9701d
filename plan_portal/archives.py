"""Limits on what an uploaded zip archive (.docx, .xlsx) unpacks to, checked before anything parses it.

A .docx of 60 kB can hold a document.xml of 20 MB of repeated characters: parsing it held a web
worker for 70 s and 375 MB. The central directory states each member's unpacked size, and
zipfile never reads a member past that size, so summing the stated sizes bounds the work.
"""

from __future__ import annotations

import zipfile
from typing import IO

# Real plan documents and report attachments unpack to a few MB; images inside barely compress.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
# Office XML compresses about 5 to 20 times; a large member packed much tighter is a decompression bomb.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # small members (styles, settings) may compress better; they cost nothing


class ArchiveTooLarge(Exception):
    """The archive unpacks to far more than any real document; the message names the sizes."""


def check_unpacked_size(source: IO[bytes]) -> None:
    """Raise ArchiveTooLarge for a decompression bomb; zipfile.BadZipFile for what is not a zip."""
    with zipfile.ZipFile(source) as archive:
        members = archive.infolist()
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise ArchiveTooLarge(f"unpacks to {total} bytes (limit {MAX_UNPACKED_BYTES})")
    for member in members:
        if member.file_size >= RATIO_CHECKED_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ArchiveTooLarge(f"{member.filename} unpacks from {member.compress_size} to {member.file_size} bytes")
