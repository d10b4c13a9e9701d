"""Tasks in a table (usually an annex, Phụ lục): one row a task, columns found by their headers."""

from __future__ import annotations

import re
from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks.plan_import.agency_matching import AgencyMatcher, names_an_actor
from tasks.plan_import.fields import COORDINATING, LEAD, RESPONSIBLE, Fields, is_field_line, read_field_line
from tasks.plan_import.proposal import Evidence, PartyList, Source, TaskProposal
from tasks.plan_import.reading import HEADING, Block, Paragraph, Table
from tasks.plan_import.timing_cells import read_timing_cell
from tasks.plan_import.timing_phrases import parse_timing
from tasks.plan_import.wording import short_title
from tasks.timing import TimingKind

ANNEX_TITLE = re.compile(r"^phụ lục\b", re.IGNORECASE)
# "DANH MỤC CÁC NHIỆM VỤ …", "BIỂU …": set as a title, the other names of an annex of tasks.
LIST_TITLE = re.compile(r"^(?:danh mục|biểu)\b", re.IGNORECASE)
# Column roles by words of the header cell, checked in this order ("Cơ quan chủ trì" before "Nhiệm vụ").
COLUMNS = (
    ("number", re.compile(r"^(s?tt|số thứ tự)\b", re.IGNORECASE)),
    # "Đơn vị thực hiện" names who does the task, but "Thời gian thực hiện" says when. "Phân công
    # (nhiệm vụ)" and "Trách nhiệm (thực hiện)" name who as well, often as field lines in the cell
    # ("Chủ trì: Sở X.\nPhối hợp: Sở Y, Sở Z."); checked before "task", which "nhiệm vụ" would match.
    # A commune's plan names people: "Người thực hiện", "Cán bộ phụ trách".
    (
        "lead",
        re.compile(r"chủ trì|(?:cơ quan|đơn vị|người)\s+thực hiện|^phân công|^trách nhiệm|phụ trách", re.IGNORECASE),
    ),
    ("coordinating", re.compile(r"phối hợp", re.IGNORECASE)),
    # "Cơ quan chịu trách nhiệm quản lý nhà nước": the body answerable for a step, its doer where the row
    # names no one to carry it out ("Phê duyệt Quy hoạch" | "Thủ tướng Chính phủ" | empty | empty).
    ("accountable", re.compile(r"chịu trách nhiệm", re.IGNORECASE)),
    ("timing", re.compile(r"thời gian|thời hạn|tiến độ", re.IGNORECASE)),
    # Before "task": "Kết quả, sản phẩm" must not be read as the task column.
    ("expected_output", re.compile(r"^(?:sản phẩm|kết quả)", re.IGNORECASE)),
    (
        "task",
        re.compile(r"nhiệm vụ|nội dung|công việc|đối tượng (?:được )?(?:kiểm tra|thanh tra|giám sát)", re.IGNORECASE),
    ),
)
GROUP_ROW = re.compile(r"^([IVX]{1,5}|[A-Za-zđ]|\d{1,3})$")
LIST_MARK = re.compile(r"^\s*[-–•+*]\s*")
# Verbs that hand a matter up, written after the agency that does it.
PROCEDURE = re.compile(r"\s+(?:trình|báo cáo|tham mưu|đề xuất)\s+(?=\S)")
# A lead cell that names who will choose the doer, not the doer: "Do Chủ tịch Hội đồng quyết định".
DECIDED_LATER = re.compile(r"^\s*do\s+.{3,120}?\s(?:quyết định|phân công|chỉ định|lựa chọn)\b", re.IGNORECASE)
DECIMAL_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})+$")
COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
# A task cell that carries its own number when the table has no "TT" column: "1. Kiểm kê …".
NUMBERED_TEXT = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*|[IVX]{1,5}|[a-zđ])[.)]\s+(?P<text>\S.*)$", re.DOTALL)
# A row that sums up ("Tổng kinh phí dự kiến …: 30.000 triệu đồng", "Tổng cộng", "Cộng") is money, no task.
TOTAL_ROW = re.compile(r"^(?:tổng\s+(?:cộng|số|kinh\s+phí|nguồn\s+vốn|vốn)|cộng)\b", re.IGNORECASE)
# "Sở X (cân đối nguồn, cấp phép)", "UBND cấp xã (GPMB, thuê đất)": a bracket that names no one says the
# agency's part in the task, not its name.
BRACKET = re.compile(r"\s*\(([^()]*)\)")
LEAD_HEADER = re.compile(r"chủ trì", re.IGNORECASE)
INSPECTION = re.compile(r"kiểm tra|thanh tra|giám sát", re.IGNORECASE)
# "Sở Nội vụ có trách nhiệm:" in a group row names the agency; the tail is not part of its name.
RESPONSIBLE_TAIL = re.compile(r"\s+(?:có|chịu) trách nhiệm:?$|:$", re.IGNORECASE)
NO_LEAD = gettext_lazy("Chưa xác định được cơ quan chủ trì.")  # compared as str(NO_LEAD)


class Annex:
    def __init__(self, title: str) -> None:
        self.title = title
        self.tables: list[Table] = []


def find_annexes(blocks: list[Block]) -> tuple[list[Block], list[Annex]]:
    """Split the body from annexes that hold a task table; an annex without one stays in the body."""
    start = next(
        (i for i, block in enumerate(blocks) if _is_annex_title(block)),
        None,
    )
    if start is None:
        return blocks, []
    annexes: list[Annex] = []
    for block in blocks[start:]:
        if _is_annex_title(block):
            annexes.append(Annex(""))
        elif isinstance(block, Paragraph) and not annexes[-1].title and (block.hint == HEADING or block.text.isupper()):
            annexes[-1].title = block.text
        elif isinstance(block, Table) and is_task_table(block):
            annexes[-1].tables.append(block)
    annexes = [annex for annex in annexes if annex.tables]
    return (blocks[:start], annexes) if annexes else (blocks, [])


def _is_annex_title(block: Block) -> bool:
    if not isinstance(block, Paragraph):
        return False
    if ANNEX_TITLE.match(block.text):
        return True
    return bool(LIST_TITLE.match(block.text)) and (block.hint == HEADING or block.text.isupper())


def is_task_table(table: Table) -> bool:
    header, rows = _header(table)
    columns = _columns(header)
    if "task" in columns and "lead" in columns:
        return True
    if "task" not in columns or "timing" not in columns:
        return False
    # An inspection schedule ("Đối tượng kiểm tra | Thời gian kiểm tra"): each row is a visit to make, by
    # whoever the plan sets up to inspect; or no column of agencies, but group rows that name them.
    return bool(INSPECTION.search(header[columns["task"]]) or _agency_groups(rows, columns))


def names_agencies(annex: Annex) -> bool:
    """Whether the annex says who does its tasks (a column of agencies, or group rows naming them); an
    inspection schedule does not: its rows are visits, the work of whoever the plan's text sets up."""
    for table in annex.tables:
        header, rows = _header(table)
        columns = _columns(header)
        if "lead" in columns or _agency_groups(rows, columns):
            return True
    return False


def _agency_groups(rows: list[list[str]], columns: dict[str, int]) -> list[int]:
    """Indexes of the group rows whose text is an agency's name: a roman number or a letter, no time."""
    found = []
    for index, row in enumerate(rows):
        row_columns = _row_columns(row, columns)
        number = _number(row, row_columns)
        text = _cell(row, row_columns, "task")
        is_group = number and _level(number) in (0, 2) and text and not _cell(row, row_columns, "timing")
        if is_group and names_an_actor(RESPONSIBLE_TAIL.sub("", text)):
            found.append(index)
    return found


def _header(table: Table) -> tuple[list[str], list[list[str]]]:
    """The header and the rows under it. A header set over two rows ("Thực hiện" spanning "Đơn vị chủ trì"
    and "Đơn vị phối hợp", as Word and pipe tables keep it) is read as one: each column's words joined."""
    if not table.rows:
        return [], []
    first, *rest = table.rows
    columns = _columns(first)
    if rest and not ("task" in columns and "lead" in columns):
        second = rest[0]
        joined = [
            " ".join(dict.fromkeys(word for word in (upper, lower) if word))
            for upper, lower in zip(first + [""] * (len(second) - len(first)), second, strict=False)
        ]
        joined_columns = _columns(joined)
        if "task" in joined_columns and "lead" in joined_columns and len(joined_columns) > len(columns):
            return joined, rest[1:]
    return first, rest


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for role, pattern in COLUMNS:
            if role not in found and pattern.search(cell):
                found[role] = index
                break
    # "Lãnh đạo phụ trách" watches over the work; the column that says "chủ trì" names who leads it.
    leads = [index for index, cell in enumerate(header) if LEAD_HEADER.search(cell)]
    if leads and found.get("lead") not in leads and leads[0] not in found.values():
        found["lead"] = leads[0]
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
    """The rows of a task table under `root`.

    A numbered row that names nobody and no time groups the rows numbered one level below it ("I",
    then "1", then "a)"); a row of column numbers "(1) | (2) | ..." is part of the header; a row whose
    lead cell is empty continues the merged cell of the row above (Word keeps a merged cell's text in
    its first row only).
    """
    header, rows = _header(table)
    columns = _columns(header)
    tasks: list[TaskProposal] = []
    groups: list[tuple[int, str]] = []  # (level, code) of the open group rows
    previous: TaskProposal | None = None
    # Without a column of agencies, a group row naming one gives its rows their lead.
    agency_rows = set() if "lead" in columns else set(_agency_groups(rows, columns))
    group_leads: dict[str, PartyList] = {}
    for index, row in enumerate(rows):
        if _is_column_numbers(row):
            continue
        row_columns = _row_columns(row, columns)
        level = _level(_number(row, row_columns))
        while groups and groups[-1][0] >= level:
            groups.pop()
        group = groups[-1][1] if groups else root
        is_group = _names_a_group(row, row_columns, rows[index + 1 :], level, columns)
        position = sum(task.parent_code == group for task in tasks) + 1
        task = _row_task(row, header, row_columns, group, matcher, is_group, position)
        if task is None:
            continue
        if index in agency_rows:
            task.heading = True
            group_leads[task.code] = matcher.parse_parties(RESPONSIBLE_TAIL.sub("", _cell(row, row_columns, "task")))
        elif not task.heading and not task.lead.parties and group in group_leads:
            task.lead = _copied(group_leads[group])
            task.flags = [flag for flag in task.flags if flag != str(NO_LEAD)]
        if task.heading:
            groups.append((level, task.code))
        else:
            if not table.spans_known:
                _continue_merged_cells(task, previous, row, columns)
            previous = task
        tasks.append(task)
        if not task.heading:
            tasks += _timed_sub_items(task, _cell(row, row_columns, "task"))
    return tasks


def _timed_sub_items(task: TaskProposal, text: str) -> list[TaskProposal]:
    """A cell whose dashed items each open with their own time ("- Từ quý IV/2027 xây dựng …") holds
    sub-tasks: each its own row under the row's task, with the row's agencies and its own time."""
    items = [LIST_MARK.sub("", line).strip() for line in text.split("\n") if LIST_MARK.match(line)]
    timings = [_leading_timing(item) for item in items]
    if len(items) < 2 or not all(timings):
        return []
    return [
        replace(
            task,
            code=f"{task.code}.{number}",
            ref="-",
            title=short_title(item),
            full_text=item,
            expected_output="",
            lead=_copied(task.lead),
            coordinating=_copied(task.coordinating),
            timing=timing,
            flags=[],
            evidence=[
                *(item for item in task.evidence if item.role != "timing"),
                Evidence("timing", timing.text, Source.PHRASE),
            ],
        )
        for number, (item, timing) in enumerate(zip(items, timings, strict=True), start=1)
    ]


def _leading_timing(item: str):
    """The timing an item opens with: the longest run of its first words that reads as one."""
    words = item.split()
    for size in range(min(len(words), 10), 0, -1):
        timing = parse_timing(" ".join(words[:size]).rstrip(",;:"))
        if timing.kind != TimingKind.UNSPECIFIED and not timing.flag:
            return timing
    return None


def _copied(parties: PartyList) -> PartyList:
    return PartyList([replace(party) for party in parties.parties], parties.unnamed)


def party_cell(text: str) -> str:
    """The parties of a cell: its lines are list items ("- Bộ Xây dựng"), and a procedure written after
    the agency ("Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp") is not part of its name."""
    # A slash between names is a list too: "Vụ Kế hoạch - Tài chính/ Ban Quản lý quy hoạch".
    text = BRACKET.sub(lambda bracket: bracket[0] if names_an_actor(bracket[1]) else "", text)
    items = [LIST_MARK.sub("", line).strip(" ;,") for line in re.split(r"\n|\s*/\s*(?=[A-ZĐÀ-Ỹ])", text)]
    return "; ".join(PROCEDURE.split(item, maxsplit=1)[0] for item in items if item)


def _is_column_numbers(row: list[str]) -> bool:
    cells = [cell.strip() for cell in row if cell.strip()]
    return bool(cells) and all(COLUMN_NUMBER.match(cell) for cell in cells)


def _level(number: str) -> float:
    """0 for "I" or "A", 1 for "1", 1.5 for "1.1", 2 for "a", 3 for a row with no number (it stays in its group)."""
    if not number:
        return 3
    if DECIMAL_NUMBER.match(number):
        return 1 + 0.5 * number.count(".")
    if number.isdigit() or not GROUP_ROW.match(number):
        return 1
    return 2 if number.islower() else 0


def _row_columns(row: list[str], columns: dict[str, int]) -> dict[str, int]:
    """A table with no "TT" column may still number its group rows in its first column ("I", "1")."""
    if "number" in columns or not row or not GROUP_ROW.match(row[0].strip(" .)")):
        return columns
    return {"number": 0, **{role: index for role, index in columns.items() if index != 0}}


def _number(row: list[str], columns: dict[str, int]) -> str:
    return _cell(row, columns, "number").strip(" .)")


def _names_a_group(row, columns: dict[str, int], following: list[list[str]], level: int, table_columns) -> bool:
    """A row with a number, no one and no time, whose next row is numbered a level below (or a roman one)."""
    if any(_cell(row, columns, role) for role in ("lead", "coordinating", "timing")):
        return False
    if level == 0:
        return True
    following = [later for later in following if not _is_column_numbers(later)]
    return bool(following) and _level(_number(following[0], _row_columns(following[0], table_columns))) > level


def _continue_merged_cells(task: TaskProposal, previous: TaskProposal | None, row, columns) -> None:
    if previous is None or _cell(row, columns, "lead") or task.parent_code != previous.parent_code:
        return
    task.lead = PartyList([replace(party) for party in previous.lead.parties], previous.lead.unnamed)
    if not _cell(row, columns, "coordinating"):
        task.coordinating = PartyList(
            [replace(party) for party in previous.coordinating.parties], previous.coordinating.unnamed
        )
    task.flags = [flag for flag in task.flags if flag != str(NO_LEAD)]
    task.with_evidence("lead", "; ".join(party.written for party in task.lead.parties), Source.MERGED_CELL)


def _assigned(lead: str, coordinating: str) -> tuple[str, str]:
    """A lead cell written as field lines ("Chủ trì: Sở X.\nPhối hợp: Sở Y, Sở Z.") gives both roles."""
    if not any(is_field_line(line) for line in lead.split("\n")):
        return lead, coordinating
    fields = Fields()
    for line in lead.split("\n"):
        read_field_line(line, fields)
    return fields.text(LEAD) or fields.text(RESPONSIBLE), "; ".join(
        filter(None, [fields.text(COORDINATING), coordinating])
    )


def _cell(row: list[str], columns: dict[str, int], role: str) -> str:
    index = columns.get(role)
    return row[index].strip() if index is not None and index < len(row) else ""


def _row_task(row, header, columns, group: str, matcher, is_group: bool, position: int) -> TaskProposal | None:
    """`position`: the row's place in its group, the code of a row the table does not number."""
    text = _cell(row, columns, "task")
    number = _cell(row, columns, "number").strip(" .)")
    if not text or TOTAL_ROW.match(text):
        return None
    if not number and "number" not in columns and (own := NUMBERED_TEXT.match(text)):
        number, text = own["number"], own["text"]
    lead, coordinating = _assigned(_cell(row, columns, "lead"), _cell(row, columns, "coordinating"))
    if DECIDED_LATER.match(lead):
        lead = ""  # "Do Chủ tịch Hội đồng thẩm định quyết định (*)": whoever is chosen later, no one named
    elif not lead and not coordinating and names_an_actor(accountable := _cell(row, columns, "accountable")):
        lead = accountable
    if is_group and number:
        return TaskProposal(code=f"{group}.{number}", ref=number, title=text, heading=True)
    shown_apart = (columns.get("number"), columns.get("task"), columns.get("expected_output"))
    details = [
        f"{header[index]}: {row[index]}"
        for index in range(len(header))
        if index not in shown_apart and index < len(row) and row[index]
    ]
    task = TaskProposal(
        code=f"{group}.{number.rsplit('.', 1)[-1]}" if number else f"{group}.{position}",
        ref=_cell(row, columns, "number") or number,
        title=short_title(text),
        full_text="\n".join([text, *details]),
        expected_output=_cell(row, columns, "expected_output"),
        lead=matcher.parse_parties(party_cell(lead)) if lead else PartyList(),
        coordinating=matcher.parse_parties(party_cell(coordinating)) if coordinating else PartyList(),
        timing=read_timing_cell(_cell(row, columns, "timing")),
    )
    for role, cell in (("lead", lead), ("timing", _cell(row, columns, "timing"))):
        if cell and columns[role] < len(header):
            task.with_evidence(role, f"{header[columns[role]]}: {cell}", Source.COLUMN)
    if not number:
        task.flags.append(_("Dòng không có số thứ tự; hãy đặt số hiệu cho nhiệm vụ."))
    if not task.lead.parties:
        task.flags.append(str(NO_LEAD))
    return task
