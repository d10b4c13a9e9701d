"""What a report must say before it may be sent for review (the rule behind "Gửi báo cáo").

Checked by services.report_submit under the report's lock and shown by the confirmation page, so the
page and the rule cannot disagree. Pure: it reads the loaded report items and touches no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from reporting.models import ReportItem
from tasks.timing import Progress


@dataclass(frozen=True)
class Gap:
    """One thing missing: the item (None for the report itself), the form field, and what to do."""

    item: ReportItem | None
    field: str
    message: str


def _item_gaps(item: ReportItem) -> list[Gap]:
    if not item.progress:
        return [Gap(item, "progress", _("Chọn tiến độ thực hiện."))]
    gaps = []
    if item.progress == Progress.COMPLETED:
        if not item.completed_on:
            gaps.append(Gap(item, "completed_on", _("Nhiệm vụ đã hoàn thành cần có ngày hoàn thành.")))
        if not item.results.strip():
            gaps.append(Gap(item, "results", _("Nhiệm vụ đã hoàn thành cần nêu kết quả đạt được.")))
    elif item.progress == Progress.IN_PROGRESS:
        if not item.results.strip():
            gaps.append(Gap(item, "results", _("Nhiệm vụ đang thực hiện cần nêu kết quả đạt được đến nay.")))
    elif not item.difficulties.strip():
        gaps.append(Gap(item, "difficulties", _("Nhiệm vụ chưa thực hiện cần nêu lý do (khó khăn, vướng mắc).")))
    return gaps


def submission_gaps(items: Iterable[ReportItem]) -> list[Gap]:
    """Every gap, in the order of the items (plan order)."""
    return [gap for item in items for gap in _item_gaps(item)]
