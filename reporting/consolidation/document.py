"""The one template context the three renderers share, built from a snapshot alone.

Pure: no ORM, no Celery. The PDF template, the DOCX writer and the XLSX writer all read this,
so the three files carry the same headings, the same numbers and the same wording. Every count
printed in a status line is counted here from the same rows the lists and the annexes print.
"""

from __future__ import annotations

import datetime as dt
import re

from reporting.charts import status_chart

# Decree 30/2020 Annex I page setup, in mm: the PDF stylesheet and the DOCX sections both use it.
PAGE_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PORTRAIT_MM = (210, 297)
LANDSCAPE_MM = (297, 210)
# The header block: issuing body on the left, national title and motto on the right.
HEADER_COLUMNS_MM = (62, 103)
# Rule under the issuing body and under the subject line: 1/3 to 1/2 of the text above it.
SHORT_RULE_RATIO = 0.4
# Annex matrix on a landscape page (252 mm of text width): agency column, then one per task.
MATRIX_AGENCY_MM = 66
MATRIX_CELL_MM = 12
ANNEX_COLUMNS_PER_TABLE = 15
# Columns of the results annex (STT, agency, status, results, documents), 252 mm in all.
RESULTS_COLUMNS_MM = (12, 50, 30, 110, 50)
# Above this many reporting agencies a task's body text groups agencies by status and every
# agency's own result goes to the results annex, so the body stays readable.
CROWDED_TASK = 8
LEAD_ROLE = "Chủ trì"
NOT_REPORTED = "not_reported"
ROMAN = ("I", "II", "III", "IV", "V", "VI")

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
    "matrix": "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN, ĐƠN VỊ",
    "results": "KẾT QUẢ THỰC HIỆN CỦA TỪNG CƠ QUAN, ĐƠN VỊ",
    "non_reporting": "CƠ QUAN, ĐƠN VỊ CHƯA CÓ BÁO CÁO ĐƯỢC DUYỆT",
}
RESULTS_HEADER = ("STT", "Cơ quan, đơn vị", "Tình trạng", "Kết quả thực hiện", "Văn bản đã ban hành")
NOTHING = "Không có."
CHART_TITLE = "Số lượt nhiệm vụ theo tình trạng"
BLANK = " " * 10


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def lower_first(text: str) -> str:
    """ "Năm 2019" → "năm 2019" mid-sentence; an acronym ("UBND", "KH") keeps its case."""
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word[1:] == word[1:].lower():
        return text[:1].lower() + text[1:]
    return text


def document_context(snapshot: dict) -> dict:
    summary = snapshot["status_summary"]
    labels = status_labels(snapshot)
    plan_tasks = _with_whole_results(snapshot["tasks"])
    tasks = _numbered(_without_empty_headings(plan_tasks), labels)
    header = _header(snapshot)
    annexes = _annexes(crowded=any(task.get("crowded") for task in tasks), header=header)
    for task in tasks:
        if task.get("crowded"):
            task["annex_note"] = f"Kết quả của từng cơ quan, đơn vị: chi tiết tại {annexes['results']['name']}."
    return {
        "header": header,
        "intro": _intro(snapshot),
        "request_text": paragraphs(snapshot["period"].get("request_text", ""))
        if snapshot["period"]["kind"] == "ad_hoc"
        else [],
        "titles": SECTION_TITLES,
        "subtitles": SUBSECTION_TITLES,
        "nothing": NOTHING,
        "situation": _situation_lines(snapshot["situation"], annexes["non_reporting"]["name"]),
        "tasks": tasks,
        "plan_tasks": plan_tasks,
        "summary": summary,
        "summary_total": sum(row["count"] for row in summary),
        "summary_note": f"Tình hình thực hiện nhiệm vụ theo cơ quan, đơn vị: chi tiết tại {annexes['matrix']['name']}.",
        "chart_title": CHART_TITLE,
        "chart_svg": status_chart(
            {row["code"]: row["count"] for row in summary},
            {row["code"]: row["label"] for row in summary},
            title=CHART_TITLE,
        ),
        # Schema 2 merges them in the snapshot; an older snapshot is merged here the same way.
        "difficulties": merged(snapshot.get("difficulties_merged") or snapshot["difficulties"]),
        "proposals": merged(snapshot.get("proposals_merged") or snapshot["proposals"]),
        "narrative": {key: paragraphs(value) for key, value in snapshot["narrative"].items()},
        "signature": _signature(snapshot["signature"]),
        "recipients": snapshot["recipients"],
        "annexes": annexes,
        "annex_tables": _annex_tables(snapshot["annex"], abbreviations_of(snapshot)),
        "annex": snapshot["annex"],
        "results_annex": _results_annex(tasks),
        "results_header": RESULTS_HEADER,
        "abbreviations": snapshot["abbreviations"],
        "non_reporting": snapshot["non_reporting"],
        "layout": {
            "matrix_agency_mm": MATRIX_AGENCY_MM,
            "matrix_cell_mm": MATRIX_CELL_MM,
            "results_columns": RESULTS_COLUMNS_MM,
        },
    }


# -- header, subject, opening ---------------------------------------------------------------


def normalised_number(number: str) -> str:
    """Decree 30/2020: a document number under 10 takes a leading zero ("5/BC-SNV" → "05/BC-SNV")."""
    number = number.strip()
    return re.sub(r"^(\d)(?=/)", r"0\1", number)


def number_line(number: str) -> str:
    """A draft's number is left blank for the clerk to write in: the gap stays wide enough."""
    number = normalised_number(number)
    if not number or number.startswith("/"):
        return f"Số:{BLANK}{number}"
    return f"Số: {number}"


def _plan_reference(snapshot: dict) -> str:
    """ "Kế hoạch số 4447/KH-UBND ngày 24/9/2018 của UBND tỉnh", from the snapshot's plan and header."""
    plan, header = snapshot["plan"], snapshot["header"]
    number = header.get("plan_number", plan.get("number")) or ""
    issuer = header.get("plan_issuer") or _issuer_from_subject(header["subject"])
    reference = f"Kế hoạch số {number}" if number.strip() else "Kế hoạch"
    return f"{reference} ngày {_date(plan['issued_on'])} của {issuer}"


def _issuer_from_subject(subject: str) -> str:
    """A schema-1 snapshot names the plan's issuer only inside its subject ("… ngày … của UBND tỉnh Năm 2019")."""
    found = re.search(r" ngày \d\d/\d\d/\d{4} của (.+?)(?: về .*)?(?: \(?(?:\d+ tháng|[Nn]ăm|[Qq]uý) .*)?$", subject)
    return found.group(1) if found else "UBND tỉnh"


def subject_line(snapshot: dict) -> str:
    """The trích yếu: "Kết quả thực hiện Kế hoạch số … ngày … của UBND tỉnh về … (6 tháng đầu năm 2019)".

    The plan's short title keeps it to a few lines; its full title, often a paragraph long, is the plan's own.
    """
    header, period = snapshot["header"], snapshot["period"]
    about = header.get("plan_title") or snapshot["plan"]["title"]
    about = lower_first(re.sub(r"\s+", " ", about).removeprefix("Kế hoạch ").strip()) if about else ""
    topic = f" về {about}" if about else ""
    return f"Kết quả thực hiện {_plan_reference(snapshot)}{topic} ({lower_first(period['label'])})"


def _header(snapshot: dict) -> dict:
    header = snapshot["header"]
    return {
        **header,
        "issuing_body": header["issuing_body"].upper(),
        "parent_body": header["parent_body"].upper(),
        "number_line": number_line(header["number"]),
        # A draft's blank day and month: room for the clerk to write them in by hand.
        "date_line": header["date_line"] if header["issued_on"] else re.sub(r" {2,}", BLANK, header["date_line"]),
        "subject": subject_line(snapshot),
    }


def _intro(snapshot: dict) -> str:
    period = snapshot["period"]
    window = f"số liệu từ ngày {_date(period['starts_on'])} đến ngày {_date(period['ends_on'])}"
    body = snapshot["header"]["issuing_body_name"] or "Cơ quan tổng hợp"
    subject = subject_line(snapshot).removeprefix("Kết quả thực hiện ")
    return (
        f"Trên cơ sở báo cáo đã được thẩm định của các cơ quan, đơn vị, địa phương ({window}), "
        f"{body} báo cáo kết quả thực hiện {subject} như sau:"
    )


def _signature(signature: dict) -> dict:
    """Authority and position in capitals (Decree 30/2020); the signer's name as written."""
    return {
        "authority": (signature.get("authority") or "").strip().upper(),
        "title": (signature.get("title") or "").strip().upper(),
        "name": (signature.get("name") or "").strip(),
    }


def _annexes(*, crowded: bool, header: dict) -> dict:
    keys = ["matrix", *(["results"] if crowded else []), "non_reporting"]
    number = header["number"].strip()
    number = "…" + number if number.startswith("/") else (normalised_number(number) or "…")
    day = _date(header["issued_on"]) if header["issued_on"] else "…"
    caption = f"(Kèm theo Báo cáo số {number} ngày {day} của {header['issuing_body_name']})"
    annexes = {
        key: {"key": key, "name": f"Phụ lục {ROMAN[index]}", "title": ANNEX_TITLES[key], "caption": caption}
        for index, key in enumerate(keys)
    }
    annexes.setdefault("results", None)
    return annexes


def _situation_lines(situation: dict, annex_name: str) -> list[str]:
    missing = situation["missing_agencies"]
    return [
        f"Số cơ quan, đơn vị, địa phương phải báo cáo: {situation['owed']}.",
        f"Số cơ quan gửi báo cáo đúng hạn: {situation['on_time']}.",
        f"Số cơ quan gửi báo cáo trễ hạn: {situation['late']}"
        + (f" ({', '.join(situation['late_agencies'])})." if situation["late_agencies"] else "."),
        f"Số cơ quan chưa gửi báo cáo: {situation['not_at_all']}" + (f" ({', '.join(missing)})." if missing else "."),
        f"Số báo cáo đã được thẩm định, chấp thuận: {situation['approved']} "
        f"(cơ quan, đơn vị chưa có báo cáo được duyệt: chi tiết tại {annex_name}).",
    ]


# -- results per task -----------------------------------------------------------------------


def status_labels(snapshot: dict) -> dict[str, str]:
    """Status code → label, in the order of the annex legend (the one order every count follows)."""
    return {row["status"]: row["label"] for row in snapshot["abbreviations"]}


def abbreviations_of(snapshot: dict) -> dict[str, str]:
    """Status code → the short code printed in the annex matrix."""
    return {row["status"]: row["code"] for row in snapshot["abbreviations"]}


def _without_empty_headings(tasks: list[dict]) -> list[dict]:
    """Drop headings with no task under them (a plan's "I. MỤC ĐÍCH, YÊU CẦU" has nothing to report)."""
    task_codes = [task["code"] for task in tasks if not task["is_heading"]]
    return [
        task
        for task in tasks
        if not task["is_heading"] or any(code.startswith(task["code"] + ".") for code in task_codes)
    ]


def _with_whole_results(tasks: list[dict]) -> list[dict]:
    """Schema 2 keeps each result whole in "results_full" ("results" stays shortened for older readers)."""
    return [
        task
        if task["is_heading"]
        else {
            **task,
            "contributions": [{**c, "results": c.get("results_full", c["results"])} for c in task["contributions"]],
        }
        for task in tasks
    ]


def _sentence_case(title: str) -> str:
    """A plan's capitalised heading ("NHIỆM VỤ, GIẢI PHÁP") nested as a sub-heading of the report."""
    return title[:1] + title[1:].lower() if title.isupper() else title


def _numbered(tasks: list[dict], labels: dict[str, str]) -> list[dict]:
    """The report's own numbering (1., 1.1., 1.1.1.) under "II. KẾT QUẢ…", the plan's code kept beside.

    The plan's "II. NHIỆM VỤ…" becomes "1." here: a report never prints two headings with one number.
    """
    counters: list[int] = []
    by_code: dict[str, int] = {}
    shown = []
    for task in tasks:
        parent = next((code for code in reversed(list(by_code)) if task["code"].startswith(code + ".")), None)
        level = by_code[parent] + 1 if parent is not None else 0
        del counters[level + 1 :]
        counters.extend([0] * (level + 1 - len(counters)))
        counters[level] += 1
        number = ".".join(str(n) for n in counters[: level + 1])
        if task["is_heading"]:
            by_code = {code: depth for code, depth in by_code.items() if depth < level}
            by_code[task["code"]] = level
            shown.append({**task, "title": _sentence_case(task["title"]), "number": number, "level": level})
        else:
            shown.append({**_task(task, labels), "number": number, "level": level})
    return shown


def _task(task: dict, labels: dict[str, str]) -> dict:
    not_reported_label = labels.get(NOT_REPORTED, "Chưa có báo cáo được duyệt")
    rows = [{**item, "reported": True} for item in task["contributions"]]
    rows += [
        {"agency": name, "role": "", "status": NOT_REPORTED, "status_label": not_reported_label, "reported": False}
        for name in task["not_reported"]
    ]
    groups = _groups(rows, labels)
    crowded = len(rows) > CROWDED_TASK
    status_line = "; ".join(f"{group['label']}: {group['count']}" for group in groups)
    if len(rows) == 1:
        status_line = groups[0]["label"]
    return {
        **task,
        "crowded": crowded,
        "status_line": status_line or "chưa xác định",
        "rows": rows,
        "groups": groups,
        # A crowded task prints its lead's own words in the body; every agency's are in the annex.
        "contributions": [c for c in task["contributions"] if not crowded or c["role"] == LEAD_ROLE],
        # What several agencies reported in the same words is said once in the body, with their names.
        "shared_results": _shared_results(task, crowded),
        "not_reported": [] if crowded else task["not_reported"],
        "not_reported_label": not_reported_label,
    }


def _shared_results(task: dict, crowded: bool) -> list[dict]:
    """What several agencies of a crowded task reported in the same words, said once with who said it."""
    reporters = {c["agency"] for c in task["contributions"]}
    shared = []
    for group in task.get("result_groups", []) if crowded else []:
        if len(group["agencies"]) < 2:
            continue
        everyone = set(group["agencies"]) == reporters
        who = f"tất cả {len(reporters)} cơ quan, đơn vị đã báo cáo" if everyone else ", ".join(group["agencies"])
        shared.append({"text": group["text"], "agencies": who})
    return shared


def _groups(rows: list[dict], labels: dict[str, str]) -> list[dict]:
    """Agencies of one task grouped by status in the legend's order, named once each."""
    order = list(labels)
    grouped: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: order.index(r["status"]) if r["status"] in order else len(order)):
        name = row["agency"] + (" (chủ trì)" if row.get("role") == LEAD_ROLE else "")
        grouped.setdefault(row["status"], []).append(name)
    return [
        {"status": code, "label": labels.get(code, code), "count": len(names), "agencies": ", ".join(names)}
        for code, names in grouped.items()
    ]


def evidence_text(evidence: list[dict]) -> str:
    return "; ".join(
        f"{doc['number']}" + (f" ngày {doc['issued_on']}" if doc.get("issued_on") else "") + f": {doc['title']}"
        for doc in evidence
    )


def _results_annex(tasks: list[dict]) -> list[dict]:
    """Every owing agency's row of every crowded task, its approved result in full."""
    return [
        {
            "code": task["code"],
            "title": task["title"],
            "rows": [
                {
                    "agency": row["agency"] + (" (chủ trì)" if row.get("role") == LEAD_ROLE else ""),
                    "status": row["status_label"]
                    + (f", ngày {row['completed_on']}" if row.get("completed_on") else ""),
                    "results": row.get("results", ""),
                    "evidence": evidence_text(row.get("evidence", [])),
                }
                for row in task["rows"]
            ],
        }
        for task in tasks
        if task.get("crowded")
    ]


# -- difficulties, proposals ----------------------------------------------------------------


def _same_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".;").casefold()


def merged(entries: list[dict]) -> list[dict]:
    """Identical sentences raised by several agencies: the sentence once, its agencies and tasks listed once."""
    groups: dict[str, dict] = {}
    for entry in entries:
        fresh = {"text": entry["text"].strip(), "agencies": [], "tasks": []}
        group = groups.setdefault(_same_text(entry["text"]), fresh)
        for agency in entry.get("agencies") or [entry["agency"]]:
            if agency not in group["agencies"]:
                group["agencies"].append(agency)
        codes = entry.get("tasks") or (entry.get("task") or "").split(",")
        for code in filter(None, (c.strip() for c in codes)):
            if code not in group["tasks"]:
                group["tasks"].append(code)
    for group in groups.values():
        tasks = f"; nhiệm vụ {', '.join(group['tasks'])}" if group["tasks"] else ""
        group["by"] = ", ".join(group["agencies"]) + tasks
    return list(groups.values())


# -- annex matrix ---------------------------------------------------------------------------


def _annex_tables(annex: dict, short: dict[str, str]) -> list[dict]:
    """The matrix cut into tables narrow enough for a landscape A4 page, one real cell per task."""
    tasks = annex["tasks"]
    tables = []
    for start in range(0, max(len(tasks), 1), ANNEX_COLUMNS_PER_TABLE):
        columns = tasks[start : start + ANNEX_COLUMNS_PER_TABLE]
        rows = [
            {"agency": row["agency"], "cells": [short.get(code, "") for code in row["cells"][start:][: len(columns)]]}
            for row in annex["rows"]
        ]
        tables.append({"columns": columns, "rows": rows, "width_mm": MATRIX_AGENCY_MM + MATRIX_CELL_MM * len(columns)})
    return tables
