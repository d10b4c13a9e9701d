"""XLSX annex of a consolidated report: the agency × task matrix, who did not report, results per task.

Knows nothing of Celery or the ORM. Every text cell goes through plan_portal.exports.neutralise,
so an agency typing "=HYPERLINK(...)" gets text, not a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from plan_portal.exports import neutralise
from reporting.consolidation.document import abbreviations_of, document_context

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
SHEET_TITLES = ("Ma trận cơ quan - nhiệm vụ", "Cơ quan chưa báo cáo", "Kết quả theo nhiệm vụ")


def text(value):
    if value is None or isinstance(value, int | float):
        return value
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def render_xlsx(snapshot: dict) -> bytes:
    ctx = document_context(snapshot)
    workbook = Workbook()
    _matrix(workbook.active, ctx, abbreviations_of(snapshot))
    _non_reporting(workbook.create_sheet(SHEET_TITLES[1]), ctx)
    _results(workbook.create_sheet(SHEET_TITLES[2]), ctx)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_row(sheet, titles) -> None:
    sheet.append([text(title) for title in titles])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.alignment = WRAP


def _matrix(sheet, ctx: dict, short: dict[str, str]) -> None:
    sheet.title = SHEET_TITLES[0]
    annex = ctx["annex"]
    sheet.append([text(ctx["annex_titles"]["matrix"])])
    sheet["A1"].font = BOLD
    sheet.append([text(ctx["annex_caption"])])
    _header_row(sheet, ["Cơ quan, đơn vị", *[task["code"] for task in annex["tasks"]]])
    for row in annex["rows"]:
        sheet.append([text(row["agency"]), *[short.get(code, "") for code in row["cells"]]])
    sheet.append([])
    sheet.append([text("Ký hiệu")])
    for row in ctx["abbreviations"]:
        sheet.append([text(row["code"]), text(row["label"])])
    sheet.freeze_panes = "B4"
    sheet.column_dimensions["A"].width = 42
    for index in range(2, len(annex["tasks"]) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 9


def _non_reporting(sheet, ctx: dict) -> None:
    _header_row(sheet, ["STT", "Cơ quan, đơn vị", "Tình trạng báo cáo"])
    for index, row in enumerate(ctx["non_reporting"], start=1):
        sheet.append([index, text(row["agency"]), text(row["reason"])])
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = 32


def _results(sheet, ctx: dict) -> None:
    titles = ["Số hiệu", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", "Cơ quan báo cáo", "Tiến độ"]
    _header_row(sheet, [*titles, "Ngày hoàn thành", "Tình trạng", "Kết quả", "Văn bản minh chứng"])
    for task in ctx["tasks"]:
        if task["is_heading"]:
            sheet.append([text(task["code"]), text(task["title"])])
            sheet[sheet.max_row][1].font = BOLD
            continue
        base = [text(task["code"]), text(task["title"]), text(task["lead"]), text(task["timing_text"])]
        for item in task["contributions"]:
            evidence = "; ".join(f"{doc['number']} ({doc['issued_on']}): {doc['title']}" for doc in item["evidence"])
            sheet.append(
                [*base, text(item["agency"]), text(item["progress"]), text(item["completed_on"])]
                + [text(item["status_label"]), text(item["results"]), text(evidence)]
            )
        for agency in task["not_reported"]:
            sheet.append([*base, text(agency), text("Chưa có báo cáo được duyệt")])
    for column, width in zip("ABCDEFGHIJ", (10, 40, 30, 24, 30, 16, 14, 24, 60, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
