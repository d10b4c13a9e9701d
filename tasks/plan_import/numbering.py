"""The outline of a plan's body by its numbering: sections "I.", items "1.", "1.1.", sub-items "a)", bullets.

The outline comes from numbering, not formatting. Field lines ("Đơn vị chủ trì: …") are kept apart
from the running text of the node they are written in; those after the last of several items govern
them all and go up to the node the items stand under. A plan numbered "1.", "2." with no roman number
has those as its sections; a decision that issues the plan ends ("Nơi nhận") before the plan begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasks.plan_import.annex import is_task_table
from tasks.plan_import.fields import is_field_line, is_field_title, opens_field
from tasks.plan_import.reading import BULLET, HEADING, Block, Paragraph, Table
from tasks.plan_import.timing_cells import reads_as_timing

# "V I." and "VII I.": a PDF's text layer may space the letters of a roman number.
ROMAN = re.compile(r"^(?P<num>[IVX](?: ?[IVX]){0,4})[.\-–]\s+(?P<rest>.+)$")
# "A. MỤC ĐÍCH, YÊU CẦU", "C . MỘT SỐ GIẢI PHÁP TRỌNG TÂM": a lettered part set in capitals, above or instead
# of roman sections (I, V and X are roman numbers, never parts).
PART = re.compile(r"^(?P<num>[A-HĐ])\s?\.\s+(?P<rest>\S.{3,})$")
DECIMAL = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,2})\.?\s+(?P<rest>\D.+)$")
NUMBERED = re.compile(r"^(?P<num>\d{1,2})[.)]\s+(?P<rest>.+)$")
LETTERED = re.compile(r"^(?P<num>[a-zđ])\)\s+(?P<rest>.+)$")
NOTE = re.compile(r"^(?:ghi chú|chú thích|lưu ý)\s*:?\s*$", re.IGNORECASE)
END_OF_BODY = re.compile(r"^(nơi nhận|trên đây là)", re.IGNORECASE)
BULLET_LEVEL = 3
SUB_BULLET_LEVEL = 3.5  # "+ …" under a "- …" bullet: a point of that bullet


@dataclass
class Node:
    code: str
    ref: str
    level: float  # 0 section (I.), 1 item (1.), 1.3 "1.2.", 2 sub-item (a)), 3 bullet, 3.5 "+" under a bullet
    text: str
    set_as_heading: bool = False
    body: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # task tables set inside the text, not in an annex
    fields: list[str] = field(default_factory=list)  # field lines: "Đơn vị chủ trì: …", "Thời gian: …"
    is_part: bool = False  # a lettered part ("B. NỘI DUNG …"), read as a section


def read_sections(blocks: list[Block]) -> list[Node]:
    """The outline of the body: sections with their items, sub-items, bullets and running text."""
    sections: list[Node] = []
    stack: list[Node] = []
    in_note = False
    open_field: Node | None = None  # "Thời gian thực hiện:" with its value in the bullets below
    arabic_top = not any(isinstance(block, Paragraph) and ROMAN.match(block.text) for block in blocks)
    captioned = ""  # the paragraph before, when it is a table's caption in capitals ("BẢNG PHÂN CÔNG NHIỆM VỤ")
    for block in blocks:
        if isinstance(block, Table):
            if stack and is_task_table(block) and captioned in stack[-1].body and stack[-1] is not stack[0]:
                # A captioned table is an item of its section, not part of the item written just before it.
                stack[-1].body.remove(captioned)
                section = stack[0]
                number = str(sum(child.level < 3 for child in section.children) + 1)
                node = Node(f"{section.code}.{number}", f"{number}.", 1, captioned, True, tables=[block])
                section.children.append(node)
                stack = [section, node]
            elif stack and is_task_table(block):
                stack[-1].tables.append(block)
            captioned = ""
            continue
        is_caption = block.text.isupper() and len(block.text) < 200 and _numbered_node(block, stack) is None
        captioned = block.text if is_caption else ""
        if END_OF_BODY.match(block.text):
            if any(section.children for section in sections):
                break
            # A decision issuing the plan ends ("Nơi nhận") before the plan it issues begins.
            sections, stack = [], []
            continue
        if NOTE.match(block.text):
            in_note = True  # "Ghi chú:" and the dashed remarks after it are text, not tasks
        node = _numbered_node(block, stack, arabic_top)
        if open_field and node is not None and node.level >= BULLET_LEVEL and reads_as_timing(node.text):
            # "+ Đợt 1: từ ngày … đến ngày …": part of the field's value, not a task.
            if open_field.level >= BULLET_LEVEL:
                open_field.body.append(node.text)
            else:
                open_field.fields[-1] = f"{open_field.fields[-1].rstrip()} {node.text.strip()}"
            continue
        open_field = None
        if node is not None and in_note and node.level >= BULLET_LEVEL:
            node = None
        elif node is not None:
            in_note = False
        if node is None:
            if stack:
                (stack[-1].fields if is_field_line(block.text) else stack[-1].body).append(block.text)
                if is_field_line(block.text) and opens_field(block.text):
                    open_field = stack[-1]
            continue
        if node.level >= BULLET_LEVEL and opens_field(node.text):
            open_field = node
        if node.level == 0:
            sections.append(node)
            stack = [node]
            continue
        if not stack:
            continue  # numbered lines of the preamble
        while stack[-1].level >= node.level:
            stack.pop()
        parent = stack[-1]
        if node.level >= BULLET_LEVEL:
            node.code = f"{parent.code}.{sum(child.level >= BULLET_LEVEL for child in parent.children) + 1}"
        else:
            node.code = f"{parent.code}.{node.code}"
        parent.children.append(node)
        stack.append(node)
    for section in sections:
        _lift_trailing_fields(section)
    # A part whose roman sections follow it ("B. NỘI DUNG, NHIỆM VỤ" then "I. …") holds nothing of its own.
    return [s for s in sections if not (s.is_part and not (s.children or s.body or s.fields))]


def _lift_trailing_fields(node: Node) -> None:
    """Field lines after the last of several items govern them all ("- …\n- …\nTrách nhiệm: X; Y"):
    they were read into the last item and belong to the one the items stand under."""
    for child in node.children:
        _lift_trailing_fields(child)
    work = [child for child in node.children if not is_field_title(child.text)]
    if len(work) < 2 or any(c.fields or _field_items(c) for c in work[:-1]):
        return
    last = work[-1]
    if last.fields and not last.children:
        node.fields += last.fields
        last.fields = []
    elif (items := _field_items(last)) and len(items) == len(last.children):
        # "- Thời gian thực hiện: …", "- Đơn vị chủ trì: …" written as bullets after the last of the items.
        node.children += items
        last.children = []


def _field_items(node: Node) -> list[Node]:
    return [child for child in node.children if is_field_title(child.text)]


def _numbered_node(block: Paragraph, stack: list[Node], arabic_top: bool = False) -> Node | None:
    """`arabic_top`: the document numbers its parts "1.", "2." (no roman numbers), so those are sections."""
    # Plain text has no heading marks: a short numbered line that is not a sentence is a title.
    heading = block.hint == HEADING or (len(block.text) < 250 and not block.text.endswith((".", ":", ";")))
    top = 0 if arabic_top else 1
    if match := ROMAN.match(block.text):
        number = match["num"].replace(" ", "")
        return Node(number, f"{number}.", 0, match["rest"], True)
    if (match := PART.match(block.text)) and match["rest"].isupper():
        return Node(match["num"], f"{match['num']}.", 0, match["rest"], True, is_part=True)
    if match := NUMBERED.match(block.text):
        return Node(
            match["num"], f"{match['num']}.", top, match["rest"], heading or not top and not _is_sentence(match["rest"])
        )
    if match := DECIMAL.match(block.text):  # "3.1. Tăng cường …": between "3." and "a)"
        parts = match["num"].split(".")
        return Node(parts[-1], f"{match['num']}.", top + 0.3 * (len(parts) - 1), match["rest"], heading)
    if match := LETTERED.match(block.text):
        return Node(match["num"], f"{match['num']})", 2, match["rest"], heading)
    if block.hint == BULLET and stack:
        return Node("", "-", SUB_BULLET_LEVEL if block.mark == "+" else BULLET_LEVEL, block.text)
    return None


def _is_sentence(text: str) -> bool:
    """ "Giao Sở X chủ trì …, hoàn thành trước ngày 05/10/2026." is an item of work, not a part's title."""
    return len(text) >= 120 and text.endswith((".", ";"))
