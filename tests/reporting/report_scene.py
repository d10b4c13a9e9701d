"""A consolidated report worth reading back: the hand-made period plus a task every agency carries.

Twelve agencies report on II.1.a, more than the body lists one by one, so their results must reach
the results annex; each writes its own words, some starting with "-" as Vietnamese reports do.
"""

from __future__ import annotations

import datetime as dt

from reporting.consolidation.snapshot import build_snapshot
from reporting.models import EvidenceDocument, ReportItem, ReportState
from tasks.models import AssignmentRole, Task
from tasks.timing import Progress
from tests.factories import AgencyFactory, AssignmentFactory, ReportItemFactory
from tests.reporting.consolidated_fixtures import Scene, _sent, make_scene

EXTRA_AGENCIES = 10
SHARED_DIFFICULTY = "Thiếu kinh phí tổ chức hội nghị quán triệt."


LONG_TAIL = " Đồng thời rà soát, bổ sung quy hoạch cán bộ các cấp, gắn với đánh giá kết quả thực hiện nhiệm vụ." * 8


def result_text(index: int) -> str:
    text = (
        f"- Kết quả riêng của huyện thứ {index}: đã tổ chức {index + 2} hội nghị quán triệt cho cán bộ chủ chốt, "
        f"in {index * 10 + 5} tài liệu và kiểm tra {index + 1} đơn vị trực thuộc."
    )
    # The first is longer than any shortened form: it must still be printed whole.
    return text + LONG_TAIL if index == 0 else text


def crowded_scene(extra: int = EXTRA_AGENCIES, **report_fields) -> Scene:
    scene = make_scene(**report_fields)
    group_task = Task.objects.get(plan=scene.plan, code="II.1.a")
    for index in range(extra):
        agency = AgencyFactory(name=f"UBND huyện Thử {index}", code=f"HT{index}", position=100 + index)
        assignment = AssignmentFactory(task=group_task, agency=agency, role=AssignmentRole.IMPLEMENTING)
        report = _sent(scene.period, agency, state=ReportState.APPROVED, difficulties=SHARED_DIFFICULTY)
        done = index % 3 == 0
        item = ReportItemFactory(
            report=report,
            assignment=assignment,
            progress=Progress.COMPLETED if done else Progress.IN_PROGRESS,
            completed_on=dt.date(2019, 5, 2 + index) if done else None,
            results=result_text(index),
        )
        EvidenceDocument.objects.create(item=item, number=f"{index + 1}/KH-UBND", title="Kế hoạch quán triệt")
    return scene


def approved_results(scene: Scene) -> list[str]:
    """Every non-empty result of an approved item of the period, as the agencies typed it."""
    items = ReportItem.objects.filter(report__period=scene.period, report__state=ReportState.APPROVED)
    return [text for text in items.values_list("results", flat=True) if text.strip()]


def frozen(scene: Scene) -> dict:
    return build_snapshot(scene.report)
