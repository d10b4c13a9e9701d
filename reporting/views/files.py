"""Files of agency reports, streamed only to users who may see the report."""

from __future__ import annotations

import logging
import mimetypes

from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from reporting import access
from reporting.models import AgencyReport, Attachment, EvidenceDocument
from reporting.snapshots import evidence_filename, signed_scan_filename, snapshot_file_list

logger = logging.getLogger(__name__)


def _send(
    request: HttpRequest,
    report: AgencyReport,
    storage: Storage,
    stored_name: str,
    filename: str,
    content_type: str | None = None,
) -> HttpResponse:
    try:
        handle = storage.open(stored_name, "rb")
    except FileNotFoundError:
        # A row or an event names it but the disk lost it (a restore, a hand-made deletion): say so plainly.
        logger.warning("Report %s: file %s is missing from storage", report.pk, stored_name)
        return render(request, "reporting/file_missing.html", {"report": report, "filename": filename}, status=404)
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _send_field(
    request: HttpRequest, report: AgencyReport, field_file: FieldFile, filename: str, content_type: str | None = None
) -> HttpResponse:
    if not field_file:
        raise Http404
    return _send(request, report, field_file.storage, field_file.name, filename, content_type)


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    attachment = get_object_or_404(Attachment, report=report, pk=attachment_pk)
    return _send_field(request, report, attachment.file, attachment.original_name, attachment.content_type)


def signed_scan_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    return _send_field(request, report, report.signed_scan, signed_scan_filename(report), "application/pdf")


def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    document = get_object_or_404(EvidenceDocument, item__report=report, pk=evidence_pk)
    return _send_field(request, report, document.file, evidence_filename(document.number, document.file.name))


def event_file_download(request: HttpRequest, pk: int, event_pk: int, stored_name: str) -> HttpResponse:
    """A file as one event of the report's history recorded it, even one since removed from the report.

    Only a name that event's snapshot holds is served: the URL never chooses a storage path.
    """
    report = access.get_report_for_user(request.user, pk)
    event = get_object_or_404(report.events.only("snapshot"), pk=event_pk)
    files = snapshot_file_list(event.snapshot, signed_scan_name=signed_scan_filename(report))
    named = next((file for file in files if file.stored_name == stored_name), None)
    if named is None:
        raise Http404
    # Attachments, scans and evidence all live in the default storage.
    return _send(request, report, default_storage, named.stored_name, named.name)
