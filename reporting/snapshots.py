"""The content of an agency report as JSON (kept in each ReportEvent) and the diff of two of them.

One place defines what "the content" is, so the timeline, the diff and the consolidated report
all agree on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reporting.models import AgencyReport, ReportItem
from tasks.timing import Progress

REPORT_FIELDS = ("overall_assessment", "difficulties", "proposals", "document_number", "document_date")
ITEM_FIELDS = ("progress", "percent_complete", "completed_on", "results", "difficulties")

FIELD_LABELS = {
    "overall_assessment": _("Đánh giá chung"),
    "difficulties": _("Khó khăn, vướng mắc"),
    "proposals": _("Kiến nghị, đề xuất"),
    "document_number": _("Số văn bản của đơn vị"),
    "document_date": _("Ngày văn bản"),
    "progress": _("Tiến độ"),
    "percent_complete": _("Tỷ lệ hoàn thành (%)"),
    "completed_on": _("Ngày hoàn thành"),
    "results": _("Kết quả đạt được"),
    "evidence": _("Văn bản minh chứng"),
}


def _plain(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


def item_snapshot(item: ReportItem) -> dict:
    """Needs item.assignment.task and item.evidence prefetched to stay query-free."""
    data = {name: _plain(getattr(item, name)) for name in ITEM_FIELDS}
    data["code"] = item.assignment.task.code
    data["title"] = item.assignment.task.title
    data["reviewer_comment"] = item.reviewer_comment
    data["evidence"] = [
        " · ".join(p for p in (doc.number, _plain(doc.issued_on), doc.title) if p) for doc in item.evidence.all()
    ]
    # Stored names, so the file sweep keeps what the history refers to and the timeline can offer them.
    data["evidence_files"] = [
        {"name": evidence_filename(doc.number, doc.file.name), "file": doc.file.name}
        for doc in item.evidence.all()
        if doc.file
    ]
    return data


def report_snapshot(report: AgencyReport, items: Iterable[ReportItem]) -> dict:
    return {
        "state": report.state,
        "version": report.version,
        "fields": {name: _plain(getattr(report, name)) for name in REPORT_FIELDS},
        "items": {str(item.assignment_id): item_snapshot(item) for item in items},
        "signed_scan": report.signed_scan.name or "",
        "attachments": [
            {"name": a.original_name, "file": a.file.name, "size": a.size} for a in report.attachments.all()
        ],
    }


def evidence_filename(number: str, stored_name: str) -> str:
    """An evidence file is downloaded under its document's number ("12-KH-UBND.pdf")."""
    extension = stored_name.rsplit(".", 1)[-1] if "." in stored_name else "pdf"
    return f"{number or 'van-ban'}.{extension}".replace("/", "-")


def signed_scan_filename(report: AgencyReport) -> str:
    """Needs report.agency loaded."""
    return f"bao-cao-{report.agency.code}-{report.period_id}.pdf"


@dataclass(frozen=True)
class SnapshotFile:
    """A file an event's snapshot names: where storage keeps it and the name a user downloads it under."""

    kind: str  # "signed_scan", "attachment" or "evidence"
    stored_name: str
    name: str
    size: int | None = None  # recorded for attachments since snapshots carried it
    task_code: str = ""  # the task an evidence file was given for

    @property
    def label(self) -> str:
        if self.kind == "signed_scan":
            return str(_("Bản ký số/scan"))
        if self.kind == "attachment":
            return str(pgettext_lazy("one file in a report's history", "Tệp đính kèm"))
        return str(_("Minh chứng nhiệm vụ %(code)s") % {"code": self.task_code})


def _basename(stored_name: str) -> str:
    return stored_name.rsplit("/", 1)[-1]


def snapshot_file_list(snapshot: dict, *, signed_scan_name: str = "") -> list[SnapshotFile]:
    """Every file an event's snapshot names, in the order the report page shows them.

    Older snapshots name fewer (none before files were recorded; evidence by stored name only).
    """
    files = []
    if snapshot.get("signed_scan"):
        stored = snapshot["signed_scan"]
        files.append(SnapshotFile("signed_scan", stored, signed_scan_name or _basename(stored)))
    for entry in snapshot.get("attachments", []):
        if entry.get("file"):
            name = entry.get("name") or _basename(entry["file"])
            files.append(SnapshotFile("attachment", entry["file"], name, entry.get("size")))
    for item in snapshot.get("items", {}).values():
        for entry in item.get("evidence_files", []):
            stored, name = (entry, "") if isinstance(entry, str) else (entry.get("file", ""), entry.get("name", ""))
            if stored:
                files.append(
                    SnapshotFile("evidence", stored, name or _basename(stored), task_code=item.get("code", ""))
                )
    return files


def snapshot_files(snapshot: dict) -> set[str]:
    """The stored file names an event's snapshot refers to (what the file sweep must keep)."""
    return {file.stored_name for file in snapshot_file_list(snapshot)}


@dataclass(frozen=True)
class Change:
    """One changed field: where (report-wide, or a task's code), which field, before and after."""

    where: str
    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))


def _display(field: str, value) -> str:
    if field == "progress" and value:
        return str(Progress(value).label)
    if isinstance(value, list):
        return "\n".join(value)
    return "" if value is None else str(value)


def _norm(value):
    return "" if value is None or value == [] else value


def snapshot_diff(before: dict, after: dict) -> list[Change]:
    """What changed from one snapshot to the next: report fields first, then items in plan order."""
    changes = []
    old_fields, new_fields = before.get("fields", {}), after.get("fields", {})
    for name in REPORT_FIELDS:
        if _norm(old_fields.get(name)) != _norm(new_fields.get(name)):
            changes.append(Change("", name, _display(name, old_fields.get(name)), _display(name, new_fields.get(name))))
    old_items, new_items = before.get("items", {}), after.get("items", {})
    for key, new_item in new_items.items():
        old_item = old_items.get(key, {})
        for name in (*ITEM_FIELDS, "evidence"):
            if _norm(old_item.get(name)) != _norm(new_item.get(name)):
                changes.append(
                    Change(
                        new_item.get("code", ""),
                        name,
                        _display(name, old_item.get(name)),
                        _display(name, new_item.get(name)),
                    )
                )
    return changes
