"""Tasks in a table (usually an annex, Phụ lục): one row a task, columns found by their headers."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from tasks.plan_import.agency_matching import AgencyMatcher
from tasks.plan_import.proposal import PartyList, TaskProposal
from tasks.plan_import.reading import HEADING, Block, Paragraph, Table
from tasks.plan_import.timing_cells import read_timing_cell
from tasks.plan_import.wording import short_title

ANNEX_TITLE = re.compile(r"^phụ lục\b", re.IGNORECASE)
# Column roles by words of the header cell, checked in this order ("Cơ quan chủ trì" before "Nhiệm vụ").
COLUMNS = (
    ("number", re.compile(r"^(s?tt|số thứ tự)\b", re.IGNORECASE)),
    # "Đơn vị thực hiện" names who does the task, but "Thời gian thực hiện" says when.
    ("lead", re.compile(r"chủ trì|(?:cơ quan|đơn vị)\s+thực hiện", re.IGNORECASE)),
    ("coordinating", re.compile(r"phối hợp", re.IGNORECASE)),
    ("timing", re.compile(r"thời gian|thời hạn|tiến độ", re.IGNORECASE)),
    # Before "task": "Kết quả, sản phẩm" must not be read as the task column.
    ("expected_output", re.compile(r"^(?:sản phẩm|kết quả)", re.IGNORECASE)),
    ("task", re.compile(r"nhiệm vụ|nội dung|công việc", re.IGNORECASE)),
)
GROUP_ROW = re.compile(r"^([IVX]{1,5}|[A-Z])\.?$")


class Annex:
    def __init__(self, title: str) -> None:
        self.title = title
        self.tables: list[Table] = []


def find_annexes(blocks: list[Block]) -> tuple[list[Block], list[Annex]]:
    """Split the body from annexes that hold a task table; an annex without one stays in the body."""
    start = next(
        (i for i, block in enumerate(blocks) if isinstance(block, Paragraph) and ANNEX_TITLE.match(block.text)),
        None,
    )
    if start is None:
        return blocks, []
    annexes: list[Annex] = []
    for block in blocks[start:]:
        if isinstance(block, Paragraph) and ANNEX_TITLE.match(block.text):
            annexes.append(Annex(""))
        elif isinstance(block, Paragraph) and not annexes[-1].title and (block.hint == HEADING or block.text.isupper()):
            annexes[-1].title = block.text
        elif isinstance(block, Table) and is_task_table(block):
            annexes[-1].tables.append(block)
    annexes = [annex for annex in annexes if annex.tables]
    return (blocks[:start], annexes) if annexes else (blocks, [])


def is_task_table(table: Table) -> bool:
    columns = _columns(table.rows[0] if table.rows else [])
    return "task" in columns and "lead" in columns


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for role, pattern in COLUMNS:
            if role not in found and pattern.search(cell):
                found[role] = index
                break
    return found


def annex_tasks(*, annex: Annex, number: int, matcher: AgencyMatcher) -> list[TaskProposal]:
    root = "PL" if number == 1 else f"PL{number}"
    tasks = [
        TaskProposal(
            code=root,
            ref=_("Phụ lục"),
            title=annex.title or _("Phụ lục %(number)s") % {"number": number},
            full_text=_("Phụ lục ban hành kèm theo Kế hoạch; mỗi dòng của bảng là một nhiệm vụ."),
            heading=True,
        )
    ]
    for table in annex.tables:
        tasks += table_tasks(table=table, root=root, matcher=matcher)
    return tasks


def table_tasks(*, table: Table, root: str, matcher: AgencyMatcher) -> list[TaskProposal]:
    """The rows of a task table under `root`; a row "I | Nhóm nhiệm vụ ..." groups the rows after it."""
    header, *rows = table.rows
    columns = _columns(header)
    tasks, group = [], root
    for row in rows:
        task = _row_task(row, header, columns, root, group, matcher)
        if task is None:
            continue
        if task.heading:
            group = task.code
        tasks.append(task)
    return tasks


def _cell(row: list[str], columns: dict[str, int], role: str) -> str:
    index = columns.get(role)
    return row[index].strip() if index is not None and index < len(row) else ""


def _row_task(row, header, columns, root: str, group: str, matcher: AgencyMatcher) -> TaskProposal | None:
    text = _cell(row, columns, "task")
    number = _cell(row, columns, "number").rstrip(".")
    if not text:
        return None
    lead, coordinating = _cell(row, columns, "lead"), _cell(row, columns, "coordinating")
    if GROUP_ROW.match(number) and not lead:
        return TaskProposal(code=f"{root}.{number}", ref=number, title=text, heading=True)
    shown_apart = (columns.get("number"), columns.get("task"), columns.get("expected_output"))
    details = [
        f"{header[index]}: {row[index]}"
        for index in range(len(header))
        if index not in shown_apart and index < len(row) and row[index]
    ]
    task = TaskProposal(
        code=f"{group}.{number}" if number else f"{group}.?",
        ref=_cell(row, columns, "number"),
        title=short_title(text),
        full_text="\n".join([text, *details]),
        expected_output=_cell(row, columns, "expected_output"),
        lead=matcher.parse_parties(lead) if lead else PartyList(),
        coordinating=matcher.parse_parties(coordinating) if coordinating else PartyList(),
        timing=read_timing_cell(_cell(row, columns, "timing")),
    )
    if not number:
        task.flags.append(_("Dòng không có số thứ tự; hãy đặt số hiệu cho nhiệm vụ."))
    if not task.lead.parties:
        task.flags.append(_("Chưa xác định được cơ quan chủ trì."))
    return task
