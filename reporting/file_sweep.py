"""Deleting uploaded files that nothing refers to any more (removed or replaced attachments, scans, evidence).

A file is kept while an attachment, a report's signed scan, an evidence document or any report
event's snapshot names it, so the history can still show what was there. Files younger than the
grace period are kept too: an upload in progress has its file written before its row commits.
Only the upload folders are swept, and only regular files that really lie inside MEDIA_ROOT.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from django.conf import settings

from reporting.models import AgencyReport, Attachment, EvidenceDocument, ReportEvent
from reporting.snapshots import snapshot_files

logger = logging.getLogger(__name__)

# reports/kept: files kept for a form that came back with errors (reporting.kept_uploads).
SWEPT_FOLDERS = ("reports/attachments", "reports/signed", "reports/evidence", "reports/kept")
GRACE = dt.timedelta(hours=1)


def _candidates(media_root: Path, older_than: float) -> list[tuple[Path, str]]:
    found = []
    for folder in SWEPT_FOLDERS:
        for directory, _dirs, names in os.walk(media_root / folder):  # os.walk does not follow symlinks
            for name in names:
                path = Path(directory) / name
                if path.is_symlink() or not path.is_file() or path.stat().st_mtime >= older_than:
                    continue
                if not path.resolve().is_relative_to(media_root):
                    continue
                found.append((path, path.relative_to(media_root).as_posix()))
    return found


def referenced_files() -> set[str]:
    names = set(Attachment.objects.values_list("file", flat=True))
    names.update(AgencyReport.objects.exclude(signed_scan="").values_list("signed_scan", flat=True))
    names.update(EvidenceDocument.objects.exclude(file="").values_list("file", flat=True))
    for snapshot in ReportEvent.objects.values_list("snapshot", flat=True).iterator(chunk_size=2000):
        names.update(snapshot_files(snapshot))
    return names


def unreferenced_files_sweep(*, now: dt.datetime, grace: dt.timedelta = GRACE) -> list[str]:
    """Delete the old files that nothing refers to; returns their names. Running it again deletes nothing more."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    candidates = _candidates(media_root, older_than=(now - grace).timestamp())
    if not candidates:
        return []
    referenced = referenced_files()  # read after listing, so a row committed meanwhile still protects its file
    deleted = []
    for path, name in candidates:
        if name not in referenced:
            path.unlink(missing_ok=True)
            deleted.append(name)
    if deleted:
        logger.info("File sweep: deleted %d unreferenced uploads", len(deleted))
    return deleted
