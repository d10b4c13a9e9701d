"""XLSX annex of a consolidated report: the agency × task matrix, who did not report, results per task.

Knows nothing of Celery or the ORM. A text cell is always written as a string cell, never as a
formula, so an agency typing "=HYPERLINK(...)" gets text and a line starting "- " shows as typed:
the leading-apostrophe guard belongs to CSV (plan_portal.exports), where there is no cell type.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reporting.consolidation.document import (
    NOT_REPORTED,
    abbreviations_of,
    document_context,
    evidence_text,
    status_labels,
)

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
DATE_FORMAT = "dd/mm/yyyy"
SHEET_TITLES = ("Ma trận cơ quan - nhiệm vụ", "Cơ quan chưa báo cáo", "Kết quả theo nhiệm vụ")
RESULTS_HEADER = (
    "Số hiệu",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Thời gian thực hiện",
    "Cơ quan báo cáo",
    "Tiến độ",
    "Ngày hoàn thành",
    "Tình trạng",
    "Kết quả",
    "Văn bản minh chứng",
)
RESULTS_WIDTHS = (10, 40, 30, 24, 30, 16, 14, 24, 70, 40)


def render_xlsx(snapshot: dict) -> bytes:
    ctx = document_context(snapshot)
    workbook = Workbook()
    _matrix(workbook.active, ctx, abbreviations_of(snapshot))
    _non_reporting(workbook.create_sheet(SHEET_TITLES[1]), ctx)
    not_reported = status_labels(snapshot).get(NOT_REPORTED, "Chưa có báo cáo được duyệt")
    _results(workbook.create_sheet(SHEET_TITLES[2]), ctx["plan_tasks"], not_reported)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _put(sheet, row: int, values, *, style: Alignment = WRAP, font: Font | None = None) -> None:
    for column, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"  # openpyxl takes a string starting with "=" for a formula
        else:
            cell.value = value
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
        cell.alignment = style
        if font:
            cell.font = font


def _print_setup(sheet, *, title_rows: str) -> None:
    """Landscape A4, every column on one page wide, the header rows on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def _matrix(sheet, ctx: dict, short: dict[str, str]) -> None:
    sheet.title = SHEET_TITLES[0]
    annex = ctx["annexes"]["matrix"]
    tasks = ctx["annex"]["tasks"]
    _put(sheet, 1, [f"{annex['name']}. {annex['title']}"], style=Alignment(), font=BOLD)
    _put(sheet, 2, [annex["caption"]], style=Alignment())
    _put(sheet, 3, ["Cơ quan, đơn vị", *[task["code"] for task in tasks]], style=CENTRE, font=BOLD)
    # Each code with its task's title beside it, so the sheet reads without the plan at hand.
    _put(sheet, 4, ["Nhiệm vụ", *[task["title"] for task in tasks]], style=CENTRE)
    row_number = 5
    for row in ctx["annex"]["rows"]:
        _put(sheet, row_number, [row["agency"]])
        _put(sheet, row_number, [None, *[short.get(code, "") for code in row["cells"]]], style=CENTRE)
        row_number += 1
    row_number += 1
    _put(sheet, row_number, ["Ký hiệu"], font=BOLD)
    for entry in ctx["abbreviations"]:
        row_number += 1
        _put(sheet, row_number, [entry["code"], entry["label"]])
    sheet.freeze_panes = "B5"
    sheet.column_dimensions["A"].width = 42
    for index in range(2, len(tasks) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.row_dimensions[4].height = 90
    _print_setup(sheet, title_rows="3:4")


def _non_reporting(sheet, ctx: dict) -> None:
    _put(sheet, 1, ["STT", "Cơ quan, đơn vị", "Tình trạng báo cáo"], style=CENTRE, font=BOLD)
    for index, row in enumerate(ctx["non_reporting"], start=1):
        _put(sheet, index + 1, [index, row["agency"], row["reason"]])
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = 32
    sheet.freeze_panes = "A2"
    _print_setup(sheet, title_rows="1:1")


def _day(text: str) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _results(sheet, tasks: list[dict], not_reported: str) -> None:
    """One row per owing agency per task, every approved result in full, headings between."""
    _put(sheet, 1, RESULTS_HEADER, style=CENTRE, font=BOLD)
    row_number = 2
    for task in tasks:
        if task["is_heading"]:
            _put(sheet, row_number, [task["code"], task["title"]], font=BOLD)
            row_number += 1
            continue
        base = [task["code"], task["title"], task["lead"], task["timing_text"]]
        for item in task["contributions"]:
            _put(
                sheet,
                row_number,
                [*base, item["agency"], item["progress"], _day(item["completed_on"])]
                + [item["status_label"], item["results"], evidence_text(item["evidence"])],
            )
            row_number += 1
        for agency in task["not_reported"]:
            _put(sheet, row_number, [*base, agency, "", None, not_reported])
            row_number += 1
    for index, width in enumerate(RESULTS_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(RESULTS_HEADER))}{max(row_number - 1, 1)}"
    _print_setup(sheet, title_rows="1:1")
