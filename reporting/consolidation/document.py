"""The one template context the three renderers share, built from a snapshot alone.

Pure: no ORM, no Celery. The PDF template, the DOCX writer and the XLSX writer all read this,
so the three files carry the same headings, the same numbers and the same wording.
"""

from __future__ import annotations

import datetime as dt

from reporting.charts import status_chart

ANNEX_COLUMNS_PER_TABLE = 16
# Column widths of the PDF annex matrix; the tab stops of its rows follow MATRIX_CELL_MM.
MATRIX_AGENCY_MM = 62
MATRIX_CELL_MM = 12
# Above this many reporting agencies a task's results are summarised by status (see _crowded).
CROWDED_TASK = 8
LEAD_ROLE = "Chủ trì"

SECTION_TITLES = {
    "situation": "I. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG",
    "results": "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
    "summary": "III. TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ",
    "assessment": "IV. ĐÁNH GIÁ CHUNG",
    "difficulties": "V. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT",
    "direction": "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
}
SUBSECTION_TITLES = {
    "overall_assessment": "1. Kết quả đạt được",
    "shortcomings": "2. Tồn tại, hạn chế và nguyên nhân",
    "agency_difficulties": "1. Khó khăn, vướng mắc của các cơ quan, đơn vị",
    "agency_proposals": "2. Kiến nghị, đề xuất của các cơ quan, đơn vị",
    "own_proposals": "3. Kiến nghị, đề xuất của cơ quan tổng hợp",
}
ANNEX_TITLES = {
    "matrix": "Phụ lục I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN, ĐƠN VỊ",
    "non_reporting": "Phụ lục II. CƠ QUAN, ĐƠN VỊ CHƯA CÓ BÁO CÁO ĐƯỢC DUYỆT",
}
NOTHING = "Không có."
CROWDED_NOTE = "Kết quả chi tiết của từng cơ quan: xem tệp Phụ lục (XLSX), trang “Kết quả theo nhiệm vụ”."


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def document_context(snapshot: dict) -> dict:
    header = snapshot["header"]
    period = snapshot["period"]
    narrative = snapshot["narrative"]
    summary = snapshot["status_summary"]
    return {
        "header": header,
        "intro": _intro(header, period),
        "request_text": paragraphs(period.get("request_text", "")) if period["kind"] == "ad_hoc" else [],
        "titles": SECTION_TITLES,
        "subtitles": SUBSECTION_TITLES,
        "annex_titles": ANNEX_TITLES,
        "nothing": NOTHING,
        "crowded_note": CROWDED_NOTE,
        "situation": _situation_lines(snapshot["situation"]),
        "tasks": [_task(task) for task in _without_empty_headings(snapshot["tasks"])],
        "summary": summary,
        "summary_total": sum(row["count"] for row in summary),
        "chart_svg": status_chart(
            {row["code"]: row["count"] for row in summary},
            {row["code"]: row["label"] for row in summary},
            title="Số lượt nhiệm vụ theo tình trạng",
        ),
        "difficulties": snapshot["difficulties"],
        "proposals": snapshot["proposals"],
        "narrative": {key: paragraphs(value) for key, value in narrative.items()},
        "signature": snapshot["signature"],
        "recipients": snapshot["recipients"],
        "annex_tables": _annex_tables(snapshot["annex"], abbreviations_of(snapshot)),
        "annex": snapshot["annex"],
        "annex_caption": _annex_caption(header),
        "abbreviations": snapshot["abbreviations"],
        "non_reporting": snapshot["non_reporting"],
    }


def _intro(header: dict, period: dict) -> str:
    window = f"số liệu từ ngày {_date(period['starts_on'])} đến ngày {_date(period['ends_on'])}"
    subject = header["subject"].removeprefix("Kết quả thực hiện ")
    body = header["issuing_body_name"] or "Cơ quan tổng hợp"
    return (
        f"Thực hiện {subject}, trên cơ sở báo cáo đã được thẩm định của các cơ quan, đơn vị, địa phương "
        f"({window}), {body} báo cáo kết quả như sau:"
    )


def _annex_caption(header: dict) -> str:
    number = header["number"].strip()
    number = "…" + number if number.startswith("/") else (number or "…")
    day = _date(header["issued_on"]) if header["issued_on"] else "…"
    body = header["issuing_body_name"]
    return f"(Kèm theo Báo cáo số {number} ngày {day} của {body})"


def _situation_lines(situation: dict) -> list[str]:
    lines = [
        f"Số cơ quan, đơn vị, địa phương phải báo cáo: {situation['owed']}.",
        f"Số cơ quan gửi báo cáo đúng hạn: {situation['on_time']}.",
        f"Số cơ quan gửi báo cáo trễ hạn: {situation['late']}"
        + (f" ({', '.join(situation['late_agencies'])})." if situation["late_agencies"] else "."),
        f"Số cơ quan chưa gửi báo cáo: {situation['not_at_all']}"
        + (f" ({', '.join(situation['missing_agencies'])})." if situation["missing_agencies"] else "."),
        f"Số báo cáo đã được thẩm định, chấp thuận: {situation['approved']}.",
    ]
    return lines


def _without_empty_headings(tasks: list[dict]) -> list[dict]:
    """Drop headings with no task under them (a plan's "I. MỤC ĐÍCH, YÊU CẦU" has nothing to report)."""
    task_codes = [task["code"] for task in tasks if not task["is_heading"]]
    return [
        task
        for task in tasks
        if not task["is_heading"] or any(code.startswith(task["code"] + ".") for code in task_codes)
    ]


def _task(task: dict) -> dict:
    if task["is_heading"]:
        return {**task, "indent": min(task["depth"], 3)}
    breakdown = "; ".join(f"{row['label']}: {row['count']}" for row in task["status_breakdown"])
    shown = {**task, "indent": min(task["depth"], 3), "breakdown_text": breakdown, "crowded": False}
    if len(task["contributions"]) + len(task["not_reported"]) > CROWDED_TASK:
        shown.update(_crowded(task))
    return shown


def _crowded(task: dict) -> dict:
    """A task every agency of a group carries: the lead in full, the others by status with names.

    Forty paragraphs per task would make a 300-page report nobody reads; each agency's own words
    stay in the XLSX annex (results per task).
    """
    groups: dict[str, list[str]] = {}
    for item in task["contributions"]:
        if item["role"] != LEAD_ROLE:
            groups.setdefault(item["status_label"], []).append(item["agency"])
    if task["not_reported"]:
        groups["Chưa có báo cáo được duyệt"] = task["not_reported"]
    evidence = [
        {**doc, "agency": item["agency"]}
        for item in task["contributions"]
        if item["role"] != LEAD_ROLE
        for doc in item["evidence"]
    ]
    return {
        "crowded": True,
        "contributions": [item for item in task["contributions"] if item["role"] == LEAD_ROLE],
        "groups": [
            {"label": label, "count": len(names), "agencies": ", ".join(names)} for label, names in groups.items()
        ],
        "group_evidence": evidence,
        "not_reported": [],
    }


def abbreviations_of(snapshot: dict) -> dict[str, str]:
    """Status code → the short code printed in the annex matrix."""
    return {row["status"]: row["code"] for row in snapshot["abbreviations"]}


def _annex_tables(annex: dict, short: dict[str, str]) -> list[dict]:
    """The matrix cut into tables narrow enough for a landscape A4 page."""
    tasks = annex["tasks"]
    tables = []
    for start in range(0, max(len(tasks), 1), ANNEX_COLUMNS_PER_TABLE):
        columns = tasks[start : start + ANNEX_COLUMNS_PER_TABLE]
        rows = []
        for row in annex["rows"]:
            cells = [short.get(code, "") for code in row["cells"][start : start + len(columns)]]
            # The PDF prints the cells of a row as one tab-separated line: a few hundred line
            # boxes instead of thousands of table cells, which is what makes WeasyPrint slow.
            rows.append({"agency": row["agency"], "cells": cells, "line": "\t".join(cells)})
        width = MATRIX_AGENCY_MM + MATRIX_CELL_MM * len(columns)
        tables.append({"columns": columns, "rows": rows, "width_mm": width})
    return tables
