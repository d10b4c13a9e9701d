"""Files of agency reports, streamed only to users who may see the report."""

from __future__ import annotations

import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from reporting import access
from reporting.models import Attachment, EvidenceDocument


def _send(field_file: FieldFile, filename: str, content_type: str | None = None) -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = content_type or mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    report = access.get_report_for_user(request.user, pk)
    attachment = get_object_or_404(Attachment, report=report, pk=attachment_pk)
    return _send(attachment.file, attachment.original_name, attachment.content_type)


def signed_scan_download(request: HttpRequest, pk: int) -> FileResponse:
    report = access.get_report_for_user(request.user, pk)
    return _send(report.signed_scan, f"bao-cao-{report.agency.code}-{report.period_id}.pdf", "application/pdf")


def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    report = access.get_report_for_user(request.user, pk)
    document = get_object_or_404(EvidenceDocument, item__report=report, pk=evidence_pk)
    extension = document.file.name.rsplit(".", 1)[-1] if document.file else "pdf"
    return _send(document.file, f"{document.number or 'van-ban'}.{extension}".replace("/", "-"))
