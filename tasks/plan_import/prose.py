"""Tasks written as prose: numbered sections, items and bullets, each naming or inheriting its parties.

The outline (numbering.py) gives the nodes. An item with children is a heading; its intro
("Sở X chủ trì, phối hợp với ... tham mưu UBND tỉnh:") or its title ("1. Sở Nội vụ") gives the
parties and timing its children inherit unless they state their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from tasks.plan_import.agency_matching import AgencyMatcher, names_an_actor
from tasks.plan_import.annex import table_tasks
from tasks.plan_import.fields import (
    CONTENT,
    COORDINATING,
    LEAD,
    OUTPUT,
    RESPONSIBLE,
    TIMING,
    Fields,
    is_field_title,
    read_field_line,
    title_field,
)
from tasks.plan_import.numbering import Node
from tasks.plan_import.proposal import Evidence, PartyList, Source, TaskProposal, TimingProposal
from tasks.plan_import.reporting_duties import only_reports
from tasks.plan_import.timing_cells import read_timing_cell
from tasks.plan_import.timing_phrases import find_timing_in_text, parse_timing, rhythm_in_text
from tasks.plan_import.wording import (
    ACTION_START,
    COORDINATION_MARK,
    LEAD_MARK,
    clip,
    name_part,
    short_title,
    until_action,
)
from tasks.timing import TimingKind

TASK_TITLE = re.compile(r"nhiệm vụ", re.IGNORECASE)
SOLUTIONS_TITLE = re.compile(r"giải pháp", re.IGNORECASE)
# A target, not a task: "Đến năm 2020, phấn đấu đạt 100% …", "Phấn đấu …".
# Matched without spaces: a PDF's text layer may split a word ("Đ ế n năm 2020").
TARGET = re.compile(r"^(?:(?:đến|tới)(?:hết)?năm\d{4},?(?:phấnđấu|có|đạt|\d)|phấnđấu)", re.IGNORECASE)
# "Các nhiệm vụ … được xác định tại Phụ lục 2": a pointer to an annex, not a task of its own.
ANNEX_POINTER = re.compile(r"\b(?:xác định|quy định|nêu|chi tiết)\s+tại\s+(?:biểu\s+)?phụ lục\b", re.IGNORECASE)
FIELD_RHYTHM = re.compile(r"\b(?:thường xuyên|định kỳ|(?P<yearly>hằng năm|hàng năm))\b", re.IGNORECASE)
IMMEDIATE = re.compile(r"(?:^|:\s*|\bphải\s+)(?:chuyển|gửi|báo cáo|thông báo)\s+ngay\b", re.IGNORECASE)
LEADING_RHYTHM = re.compile(r"^(?:thường xuyên|định kỳ|(?P<yearly>hằng năm|hàng năm))\b[\s,]*", re.IGNORECASE)
PURPOSE_SECTION = re.compile(r"mục đích|yêu cầu", re.IGNORECASE)
ORGANISATION_SECTION = re.compile(r"tổ chức thực hiện", re.IGNORECASE)
# Sections that set targets, money or the reporting regime: what they say is no one's task.
NOT_TASK_SECTION = re.compile(
    r"^(?:về\s+)?(?:mục tiêu|chỉ tiêu|quan điểm|căn cứ|phạm vi|đối tượng|kinh phí|nguồn kinh phí|vốn|nguồn vốn|"
    r"dự toán|chế độ (?:thông tin,? )?báo cáo|thông tin,? báo cáo|báo cáo|"
    # "Hình thức kiểm tra, giám sát", "Hình thức, thời gian tuyên truyền": the ways of working, not work given.
    r"hình thức)\b",
    re.IGNORECASE,
)

# An item of a section that sets targets or money, not work: "7. Kinh phí thực hiện", "1. Mục tiêu cụ thể".
NOT_TASK_ITEM = re.compile(
    r"^(?:về\s+)?(?:mục tiêu|chỉ tiêu|kinh phí|nguồn kinh phí|nguồn vốn|dự toán)\b", re.IGNORECASE
)

# Who a sentence gives work to may follow a word of request: "Đề nghị Ủy ban MTTQ ... chủ trì".
REQUEST_START = re.compile(r"^\s*(?:đề nghị|giao|yêu cầu|phân công)\s+", re.IGNORECASE)
PARTICIPATION = re.compile(r"^[\s,]*(?:tham gia|phối hợp)\b(?!\s+(?:với|cùng)\b)", re.IGNORECASE)
SUBJECT_COLON = re.compile(r"^((?:Ông|Bà|Đ/c)\.?\s[^:;]{3,150}|[^:;.]{3,150}):\s+\S")
RESPONSIBLE_TAIL = re.compile(r"\s+(?:có|chịu) trách nhiệm:?$|:$", re.IGNORECASE)
PERIODIC_WITH_AD_HOC = re.compile(r"(?:theo )?định kỳ (?=\d|hằng|hàng|sáu|quý)[^.;:]*?đột xuất", re.IGNORECASE)
PERIODIC = re.compile(
    r"(?:theo )?định kỳ (?:\d+ tháng|sáu tháng|hằng \w+|hàng \w+)"
    r"|\bđịnh kỳ (?=báo cáo|kiểm tra|rà soát|đánh giá|sơ kết)",
    re.IGNORECASE,
)
STANDING_DUTIES = re.compile(r"nhiệm vụ thường xuyên", re.IGNORECASE)
# Lines that give no work of their own: a budget line ("Kinh phí thực hiện … theo quy định …") that puts
# no one in charge, and a catch-all ("Thực hiện các nhiệm vụ khác theo yêu cầu của …", "Thực hiện nhiệm vụ
# theo phân công tại mục II Kế hoạch này") that only points at work given elsewhere or later.
BUDGET_LINE = re.compile(r"^(?:nguồn\s+)?kinh\s*phí\b", re.IGNORECASE)
IN_CHARGE = re.compile(r"trách nhiệm|chủ trì|phối hợp|tham mưu", re.IGNORECASE)
CATCH_ALL = re.compile(
    r"^(?:thực hiện|làm|đảm nhiệm)\s+(?:các\s+|những\s+)?(?:nhiệm vụ|công việc|việc)\s+"
    r"(?:khác\b|(?:theo|được)\s+phân công\s+tại\s+(?:mục|phần|điểm)\b)",
    re.IGNORECASE,
)
# The part of an inspection plan on what is inspected, and the doer it names: "1. Đối tượng kiểm tra: Ban
# Thường trực … tiến hành kiểm tra công tác bầu cử đối với …", "Ban Thường trực … giám sát công tác bầu cử …".
OBJECTS_SECTION = re.compile(r"^đối tượng\b", re.IGNORECASE)
OBJECTS_LABEL = re.compile(r"^đối tượng[^:]{0,40}:\s*", re.IGNORECASE)
CHECK_VERB = re.compile(r"(?:^|\s)(?:tiến hành\s+)?(?P<verb>kiểm tra|giám sát)\b", re.IGNORECASE)
# A bullet that describes the work rather than giving it: who attends, where, how, by what principle.
DESCRIPTION_LABEL = re.compile(
    r"^(?:thành phần|địa điểm|phương pháp|phương thức|nguyên tắc|tài liệu|hình thức|lưu ý)\b[^:]{0,60}:", re.IGNORECASE
)
# "4. Quy định về thành phần, số lượng cử tri …", "Lưu ý: Không xem xét …": rules and norms, no one's work.
RULES = re.compile(r"^(?:quy định (?:về|chung)|nguyên tắc|lưu ý)\b", re.IGNORECASE)
# A routing case: "Đối với đơn thư …: Chuyển …", "Nếu liên quan đến …: …", "Trường hợp …: …".
CASE = re.compile(r"^(?:đối với|nếu|trường hợp)\b[^:]{0,200}:\s*\S", re.IGNORECASE)
ASKING = re.compile(r"^(?:kiến nghị|đề nghị|yêu cầu|chỉ đạo)\b", re.IGNORECASE)
LEADING_VERB = re.compile(r"^(kiểm tra|giám sát|tổ chức|xây dựng|ban hành|tuyên truyền|hướng dẫn)\b")
# "Nội dung: Hiệp thương về …": a label before the work itself.
WORK_LABEL = re.compile(r"^(?:nội dung|nhiệm vụ|công việc)\s*:\s*", re.IGNORECASE)
# A sentence that announces its particulars: "Kiểm tra việc … theo quy định tại Điều 38. Cụ thể:", "…, cụ thể
# các nội dung:", "… bao gồm:", "… như sau:". Under an action, the points after it say what the action covers.
SPECIFICS_COLON = re.compile(
    r"(?:\bcụ thể(?:\s+(?:như sau|là|gồm|các nội dung|những nội dung|các nội dung sau))?"
    r"|\bbao gồm|\bgồm|\bnhư sau)\s*:$",
    re.IGNORECASE,
)
# Plural or level words address everyone of a sort: "Các chủ đầu tư", "UBND cấp xã", "UBND các xã, phường".
# "X phối hợp với Y <làm gì>" without "chủ trì": the work is Y's, X helps.
JOINT_WORK = re.compile(r"\s+phối hợp (?:với|cùng)\s+", re.IGNORECASE)
# A condition closing a clause: "… khi có đề nghị của cơ quan thanh tra;", "… trong trường hợp nhà đầu tư đề xuất."
CLOSING_TRIGGER = re.compile(r"\b(?:khi có|trong trường hợp)\s+([^.;:()]{6,160}?)\s*(?:[.;]|…|$)", re.IGNORECASE)
# A framing clause before what is asked: "Căn cứ (vào) chức năng, nhiệm vụ (được giao), phối hợp với …".
FRAMING = re.compile(
    r"^\s*(?:căn cứ(?: vào)?|theo|trong phạm vi)\s+chức năng,?\s+nhiệm vụ(?:,? quyền hạn)?(?: được giao)?"
    r"(?: của mình)?\s*,\s*",
    re.IGNORECASE,
)
# A bracket closing an item's text, where plans put its time: "… (Quý IV/2026 và thường xuyên)."
CLOSING_BRACKET = re.compile(r"\(([^()]{4,80})\)\s*[.;]?\s*$")
# So does a role any body may hold: "Chủ đầu tư dự án hạ tầng kỹ thuật khu, cụm công nghiệp san tạo mặt bằng".
COLLECTIVE = re.compile(
    r"^(?:các|những|tất cả|chủ đầu tư|nhà đầu tư)\b|\b(?:cấp|các)\s+(?:xã|huyện|tỉnh|phường)\b", re.IGNORECASE
)


@dataclass
class Roles:
    lead: PartyList = field(default_factory=PartyList)
    coordinating: PartyList = field(default_factory=PartyList)
    implementing: PartyList = field(default_factory=PartyList)
    note: str = ""  # what a person should check about how the roles were read
    evidence: Evidence | None = None  # the words of the heading that gave them, for the items below it
    timing_source: str = ""  # where the heading's timing, handed to the items below it, was read

    def __bool__(self) -> bool:
        return bool(self.lead.parties or self.coordinating.parties or self.implementing.parties)


def section_tasks(*, sections: list[Node], matcher: AgencyMatcher) -> list[TaskProposal]:
    read: list[list[TaskProposal]] = []
    for section in sections:
        tasks: list[TaskProposal] = []
        # A part that is only a field ("2. Thời gian lấy ý kiến: từ ngày … đến ngày …") assigns nothing itself.
        only_a_field = is_field_title(section.text) and not section.children and not section.tables
        if PURPOSE_SECTION.search(section.text) or NOT_TASK_SECTION.match(section.text) or only_a_field:
            tasks.append(_purpose_heading(section))
        elif ORGANISATION_SECTION.search(section.text):
            _emit_organisation(section, matcher, tasks)
        else:
            _emit(section, Roles(), None, matcher, tasks)
        read.append(tasks)
    # Where other sections give work to someone, a section or an item of solutions that gives nobody
    # anything, at no time, states directions ("Giải pháp thực hiện"): its words stay on its heading. A
    # section that calls itself tasks ("Nhiệm vụ, giải pháp") keeps its items even when they name no one.
    if any(_gives_work(tasks) for tasks in read):
        read = [
            _without_directions(section, tasks)
            if _is_assigned(tasks) or TASK_TITLE.search(section.text)
            else [_purpose_heading(section)]
            for section, tasks in zip(sections, read, strict=True)
        ]
    tasks = [task for part in read for task in part]
    _with_doers_of_checks(sections, tasks, matcher)
    _dedupe_codes(tasks)
    return tasks


def _with_doers_of_checks(sections: list[Node], tasks: list[TaskProposal], matcher: AgencyMatcher) -> None:
    """An inspection plan names who inspects once, in its part on what is inspected ("Đối tượng kiểm tra: Ban
    Thường trực … tiến hành kiểm tra công tác bầu cử đối với: …"); the items that only say "Kiểm tra việc …" or
    "Giám sát việc …" and name no one are that body's work."""
    doers: dict[str, tuple[PartyList, str]] = {}
    for section in sections:
        if not OBJECTS_SECTION.match(section.text):
            continue
        for node in [section, *_walk(section.children)]:
            for line in [node.text, *node.body]:
                sentence = OBJECTS_LABEL.sub("", line.strip())
                if (found := CHECK_VERB.search(sentence)) and found.start() > 0:
                    parties = matcher.parse_parties(sentence[: found.start()].strip(" ,:"))
                    if parties.parties and all(p.matched or names_an_actor(p.written) for p in parties.parties):
                        doers.setdefault(found["verb"].casefold(), (parties, line))
    if not doers:
        return
    for task in tasks:
        if task.heading or task.lead.parties or task.implementing.parties or task.lead.unnamed:
            continue
        first = CHECK_VERB.match((task.full_text or task.title).strip())
        if first and (doer := doers.get(first["verb"].casefold()) or next(iter(doers.values()))):
            task.lead = _copy(doer[0])
            task.with_evidence("lead", doer[1], Source.SENTENCE)
            task.flags = [
                flag for flag in task.flags if flag != _("Chưa xác định được cơ quan chủ trì hoặc thực hiện.")
            ]


def _is_assigned(tasks: list[TaskProposal]) -> bool:
    return _gives_work(tasks) or _has_timing(tasks)


def _without_directions(section: Node, tasks: list[TaskProposal]) -> list[TaskProposal]:
    """The section's tasks without its items of solutions that assign nothing ("2. Giải pháp") and
    without targets ("Đến năm 2030, phấn đấu đạt 100% ..."), which stay as text on a heading."""
    for item in section.children:
        part = [task for task in tasks if task.code == item.code or task.code.startswith(f"{item.code}.")]
        if part and SOLUTIONS_TITLE.search(item.text) and not TASK_TITLE.search(item.text) and not _is_assigned(part):
            start = tasks.index(part[0])
            tasks = [*tasks[:start], _purpose_heading(item), *(task for task in tasks[start:] if task not in part)]
    return [
        replace(task, heading=True)
        if not task.heading and not _is_assigned([task]) and _states_no_work(task.full_text)
        else task
        for task in tasks
    ]


def _states_no_work(text: str) -> bool:
    return bool(TARGET.match(re.sub(r"\s+", "", text[:80])) or ANNEX_POINTER.search(text))


def _gives_work(tasks: list[TaskProposal]) -> bool:
    return any(task.lead.parties or task.implementing.parties for task in tasks if not task.heading)


def _has_timing(tasks: list[TaskProposal]) -> bool:
    return any(task.timing.kind != TimingKind.UNSPECIFIED for task in tasks if not task.heading)


def _purpose_heading(section: Node) -> TaskProposal:
    """Purposes and requirements assign nothing: their text stays on the section heading."""
    lines = list(section.body)
    for child in section.children:
        lines += _node_lines(child)
    full_text = "\n".join(lines)
    return TaskProposal(code=section.code, ref=section.ref, title=section.text, full_text=full_text, heading=True)


def _node_lines(node: Node) -> list[str]:
    """A node and everything under it as the document wrote it, numbering included."""
    lines = []
    for item in [node, *_walk(node.children)]:
        lines.append(f"{'+' if item.level > 3 else '-'} {item.text}" if item.level >= 3 else f"{item.ref} {item.text}")
        lines += item.body
    return lines


# "Tổ chức thực hiện" says who organises the plan and who reports to whom; what is a task there was
# decided from the real plans:
# - a part (the section's own text, an item, a bullet) whose every sentence only asks its subject to
#   report, or to consolidate and report ("Các phòng ... báo cáo kết quả thực hiện về Văn phòng ...
#   trước ngày 20 hằng tháng để tổng hợp"), is the plan's reporting duty, read by schedule.py; it is
#   not a task (nothing to carry out but the reports the portal itself collects) and its words stay
#   on the section heading;
# - a part that gives any other work is a task of the agency it names, even when the same sentence
#   also asks for reports: the seed plan's "1. Sở Nội vụ: - Tham mưu ... triển khai Kế hoạch ...;
#   đồng thời ... định kỳ ... báo cáo" and "5. Các Sở, ban ngành tỉnh ...: ... cụ thể hóa và triển
#   khai thực hiện ...; ... báo cáo", or 09/KH-BTNMT's "1. Cục Biến đổi khí hậu có trách nhiệm:
#   a) Chủ trì, phối hợp ...". Monitoring and urging ("theo dõi, đôn đốc") is such work.
def _emit_organisation(section: Node, matcher: AgencyMatcher, tasks: list[TaskProposal]) -> None:
    reporting_lines: list[str] = []
    kept = _without_reporting_parts(section, reporting_lines)
    section_is_a_task = not section.children and not _only_reports(section)  # "III. ...: Các sở triển khai ..."
    if kept.children or kept.tables or section_is_a_task:
        start = len(tasks)
        _emit(kept, Roles(), None, matcher, tasks)
        tasks[start].full_text = "\n".join(filter(None, [tasks[start].full_text, *reporting_lines]))
        return
    full_text = "\n".join([*kept.body, *reporting_lines])
    tasks.append(
        TaskProposal(code=section.code, ref=section.ref, title=section.text, full_text=full_text, heading=True)
    )


def _without_reporting_parts(node: Node, reporting_lines: list[str]) -> Node:
    """The node without the parts under it that only ask for reports; their lines go to `reporting_lines`."""
    children = []
    for child in node.children:
        kept = _without_reporting_parts(child, reporting_lines)
        if kept.children or kept.tables or not _only_reports(child):
            children.append(kept)
        else:
            reporting_lines += _node_lines(child)
    return replace(node, children=children)


def _only_reports(node: Node) -> bool:
    """A node's own words ask for reports and nothing else; a title that names the agency ("2. Các sở,
    ban, ngành tỉnh") is who, not what, and a title left with nothing under it asks nothing."""
    titled = node.set_as_heading and (node.body or node.children)
    words = " ".join(node.body) if titled else " ".join([node.text, *node.body])
    return not words or only_reports(words)


def _walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _emit(node: Node, inherited: Roles, timing: TimingProposal | None, matcher, tasks: list[TaskProposal]) -> None:
    node = _with_points_folded(node)
    if node.level > 0 and node.set_as_heading and (node.children or node.body) and NOT_TASK_ITEM.match(node.text):
        tasks.append(_purpose_heading(node))  # "7. Kinh phí thực hiện", "2. Mục tiêu cụ thể": no one's task
        return
    if node.level < 3 and node.children and RULES.match(node.text):
        tasks.append(_purpose_heading(node))  # its words stay on the heading
        return
    node = _with_handed_paragraphs(node)
    fields = _fields_of(node)
    work = [child for child in node.children if not is_field_title(child.text)]
    if work or node.tables:
        intro = _intro(node)
        title_roles = _roles_of_title(node, matcher)
        owner = title_roles or inherited
        intro_roles = _roles_in(intro, matcher, owner) or _run_in_subject(intro, matcher)
        roles = replace(_with_fields(intro_roles or owner, fields, matcher))  # a copy: `owner` may be the parent's
        roles.evidence = _heading_evidence(fields, intro_roles and intro, title_roles and node.text, inherited)
        if _has_own_fields(node) and _states_work(node) and not any(_shares_the_work(node, c) for c in work):
            # "3. Hội nghị lần thứ ba / Nội dung: Lựa chọn … / - Thời gian: … / - Đơn vị chủ trì: …" and then
            # "3.3. Báo cáo kết quả": the item is work of its own as well as the heading of the items under it.
            own = replace(node, children=[child for child in node.children if is_field_title(child.text)])
            tasks.append(_leaf_task(own, inherited, timing, matcher, fields))
        else:
            tasks.append(
                TaskProposal(
                    code=node.code,
                    ref=node.ref,
                    title=_heading_title(node),
                    full_text=intro if node.level >= 2 or not node.set_as_heading else "\n".join(node.body),
                    heading=True,
                )
            )
        for table in node.tables:
            tasks += table_tasks(table=table, root=node.code, matcher=matcher)
        heading_timing = (
            _timing_of_fields(fields)
            or _timing_of_intro(intro)
            or _timing_of_title(node, intro)
            or _standing(node.text)
        )
        roles.timing_source = (
            (Source.FIELD if fields.text(TIMING) else Source.INHERITED) if heading_timing else inherited.timing_source
        )
        for child in work:
            _emit(child, roles, heading_timing or timing, matcher, tasks)
        return
    task = _leaf_task(node, inherited, timing, matcher, fields)
    task.heading = _gives_no_work(task.full_text)  # its words stay, as a heading's text
    tasks.append(task)


def _gives_no_work(text: str) -> bool:
    """A budget line with no one in charge, or a catch-all pointing at work given elsewhere."""
    text = text.strip()
    return bool(BUDGET_LINE.match(text) and not IN_CHARGE.search(text) or CATCH_ALL.match(text) or RULES.match(text))


def _with_points_folded(node: Node) -> Node:
    """Points that detail an action are its text, not tasks of their own.

    An action announcing its particulars ("Giám sát việc lập danh sách cử tri theo quy định …. Cụ thể các
    nội dung:", "- Tuyên truyền tiêu chuẩn, cơ cấu …, cụ thể:") is followed by what it covers ("- Cách tính
    tuổi …;", "+ Về tiêu chuẩn: …"): bullets that name no one to lead and no time of their own. They join the
    text of the sentence that announced them, word for word. When that sentence is a bullet standing alone
    under its item ("1. Giám sát việc … / - Ban Thường trực … giám sát …. Cụ thể: / - … / - …"), it is the
    item's own text and the item is the task.
    """
    children = list(node.children)
    if _announces_points(_intro(node) if node.body or node.level >= 2 else node.text):
        points = _leading_points(children)
        if points:
            node = replace(node, body=[*node.body, *_points_lines(points)], children=children[len(points) :])
            children = list(node.children)
    changed = False
    for index, child in enumerate(children):
        if child.level >= 3 and not child.children and _announces_points(child.text):
            points = _leading_points(children[index + 1 :])
            if points:
                children[index] = replace(child, body=[*child.body, *_points_lines(points)])
                del children[index + 1 : index + 1 + len(points)]
                changed = True
                break
    if not changed:
        return _with_description_folded(_with_checked_things_folded(node))
    work = [child for child in children if not is_field_title(child.text)]
    if len(work) == 1 and work[0].level >= 3 and node.level < 3 and not node.body and _announces_points(work[0].text):
        # The announcing bullet is the item's only work: its words are the item's text.
        sole = work[0]
        return replace(
            node,
            body=[sole.text, *sole.body],
            fields=[*node.fields, *sole.fields],
            children=[child for child in children if child is not sole],
        )
    return replace(node, children=children)


def _with_checked_things_folded(node: Node) -> Node:
    """ "7.1. Kiểm tra việc vận động bầu cử thông qua hội nghị tiếp xúc cử tri" with "- Cơ quan chủ trì, thành phần,
    số lượng cử tri …", "- Cách bố trí địa điểm …": under a check, bullets that are things (no action of their own,
    no time) are what is checked, the check's text."""
    text = node.text.strip()
    if node.level >= 3 or node.body or not CHECK_VERB.match(text) or CHECK_VERB.match(text).start() > 0:
        return node
    bullets = [child for child in node.children if child.level >= 3 and not is_field_title(child.text)]
    if not bullets or len(bullets) != len([child for child in node.children if not is_field_title(child.text)]):
        return node
    for bullet in bullets:
        words = bullet.text.strip()
        if bullet.children or bullet.fields or CASE.match(words) or find_timing_in_text(words):
            return node
        if ACTION_START.match(words[:1].lower() + words[1:]) or COORDINATION_MARK.match(words) or ASKING.match(words):
            return node
        subject = until_action(words)
        if subject != words.strip(" ,") and names_an_actor(subject):
            return node  # "- Ban Thường trực … theo dõi, đôn đốc …": someone's work
    rest = [child for child in node.children if child not in bullets]
    return replace(node, set_as_heading=False, body=_points_lines(bullets), children=rest)


def _with_description_folded(node: Node) -> Node:
    """An item that states the work and carries its own field bullets: its other bullets say how it is done."""
    points = _described_by(node)
    if points is None:
        return node
    body = [*node.body, *_points_lines(points)]
    rest = [child for child in node.children if child not in points]
    # Its title stays the first line of its text: set as a heading, it would give the text after it instead.
    return replace(node, set_as_heading=node.set_as_heading and bool(node.body), body=body, children=rest)


def _described_by(node: Node) -> list[Node] | None:
    """The bullets describing an item that is itself the work, or None.

    "1.1. Xây dựng và ban hành Hướng dẫn …" followed by "- Bảo đảm thống nhất với …", "- Nguyên tắc …: …" and
    then its own "- Thời gian hoàn thành: …", "- Đơn vị chủ trì: …" bullets: the field bullets make the item
    a task, and bullets with no lead and no time of their own are how it is to be done. An item that is an
    agency ("1. Sở Nội vụ") or a topic ("5. Công tác tuyên truyền") does not state work, so its bullets stay
    tasks.
    """
    if not _has_own_fields(node) or not _states_work(node):
        return None
    work = [child for child in node.children if child.level >= 3 and not is_field_title(child.text)]
    if not work or len(_leading_points(work)) != len(work) or any(_shares_the_work(node, child) for child in work):
        return None
    # A bare "- Nhiệm vụ:" with its "+" points is part of the description too.
    return work if all(not child.children or WORK_LABEL.fullmatch(child.text.strip()) for child in work) else None


def _shares_the_work(node: Node, bullet: Node) -> bool:
    """ "9. Kiểm tra, giám sát việc tiếp nhận đơn thư" with "- Giám sát việc … đối với UBND" and "- Kiểm tra việc …
    đối với Ban Thường trực": a bullet opening with the item's own verb is a share of that work, not a description."""
    verb = LEADING_VERB.match(bullet.text.strip().casefold())
    title = " ".join(node.text.casefold().split()[:5])
    return bool(verb and re.search(rf"(?:^|[\s,]){re.escape(verb[1])}\b", title))


def _has_own_fields(node: Node) -> bool:
    """Field bullets ("- Thời gian: …", "- Đơn vị chủ trì: …") written under the item itself, before any numbered
    item under it: a field block after the last of its items governs those items, not the item above them."""
    if node.level >= 3:
        return False
    for child in node.children:
        if child.level < 3:
            return False
        if is_field_title(child.text):
            return True
    return False


def _states_work(node: Node) -> bool:
    """The item's own words (its title, or the text under a title) say what to do, not who or which topic."""
    if _fields_of(replace(node, children=[])).text(CONTENT):
        return True  # "3. Hội nghị lần thứ ba / Nội dung: Lựa chọn …": a content line says the work
    text = WORK_LABEL.sub("", (node.body[0] if node.body and node.set_as_heading else node.text).strip())
    if not text or text.endswith(":"):
        return False
    return bool(ACTION_START.match(text[:1].lower() + text[1:]) or COORDINATION_MARK.match(text) or text.endswith("."))


def _announces_points(text: str) -> bool:
    """An action (not a round or a label) that ends announcing its particulars."""
    text = text.strip()
    if not SPECIFICS_COLON.search(text):
        return False
    return bool(ACTION_START.search(text[:1].lower() + text[1:]))


def _leading_points(children: list[Node]) -> list[Node]:
    """The bullets at the start of `children` that are points, not tasks: no lead, no timing of their own."""
    points = []
    for child in children:
        if child.level < 3 or is_field_title(child.text) or child.fields:
            break
        words = " ".join([child.text, *child.body])
        if DESCRIPTION_LABEL.match(child.text) and not child.children or WORK_LABEL.fullmatch(child.text.strip()):
            points.append(child)  # "Thành phần: …; Ban Công tác Mặt trận (chủ trì)": who attends, not who leads
            continue
        if CASE.match(child.text):
            break  # "Đối với khiếu nại …: Chuyển đơn đến …": a case with its own work
        if LEAD_MARK.search(words) or COORDINATION_MARK.match(words) or find_timing_in_text(words):
            break
        points.append(child)
    return points


def _points_lines(points: list[Node]) -> list[str]:
    return [line for point in points for line in _node_lines(point)]


def _heading_evidence(fields: Fields, intro: str, title: str, inherited: Roles) -> Evidence | None:
    """The words a heading's roles came from: its field lines, its intro sentence, its title, or above it."""
    if words := fields.text(LEAD) or fields.text(RESPONSIBLE):
        return Evidence("lead", words, Source.FIELD)
    if intro or title:
        return Evidence("lead", intro or title, Source.SENTENCE if intro else Source.HEADING)
    return inherited.evidence


def _with_handed_paragraphs(node: Node) -> Node:
    """A titled item whose running text later hands work to someone else ("2. Các chi bộ\n…\nGiao Ban X chủ
    trì, hướng dẫn …") holds two tasks: the paragraphs up to that one, then each such paragraph."""
    if node.children or node.tables or not node.set_as_heading or len(node.body) < 2:
        return node
    starts = [0] + [
        index for index, line in enumerate(node.body) if index and REQUEST_START.match(line) and LEAD_MARK.search(line)
    ]
    if len(starts) < 2:
        return node
    parts = [node.body[start:end] for start, end in zip(starts, [*starts[1:], len(node.body)], strict=True)]
    children = [
        Node(code=f"{node.code}.{number}", ref="-", level=3, text=part[0], body=part[1:])
        for number, part in enumerate(parts, start=1)
    ]
    return replace(node, body=[], children=children)


def _fields_of(node: Node) -> Fields:
    """What the field lines of a node and its field items give ("2. Cơ quan chủ trì, phối hợp")."""
    found = Fields()
    for line in node.fields:
        read_field_line(line, found)
    has_work = any(not is_field_title(child.text) for child in node.children)
    for child in node.children:
        # "1.1. Nội dung: …" with its own "Thời gian: …", "Đơn vị chủ trì: …" lines, beside "1.2. Báo cáo …":
        # those lines time and assign that content, not the other items of the heading.
        own_lines = child.fields or child.children
        if is_field_title(child.text) and not (has_work and own_lines and title_field(child.text)[0] == CONTENT):
            _read_field_item(child, found, "")
    return found


def _read_field_item(node: Node, into: Fields, kind: str) -> None:
    """ "a) Cơ quan chủ trì" with its dashed agencies, or "3. Thời gian thực hiện: Tháng 12/2013"."""
    own_kind, value = title_field(node.text)
    kind = own_kind or kind
    into.add(kind, value)
    for line in node.body:
        into.add(kind, line)
    for line in node.fields:
        read_field_line(line, into)
    for child in node.children:
        if is_field_title(child.text):
            _read_field_item(child, into, kind)
        else:
            into.add(kind, child.text)


def _with_fields(roles: Roles, fields: Fields, matcher: AgencyMatcher) -> Roles:
    """Field lines name the parties outright: they win over what the sentences suggest."""
    given = Roles()
    if text := fields.text(LEAD):
        given.lead = matcher.parse_parties(text)
    if text := fields.text(RESPONSIBLE):
        parties = matcher.parse_parties(text)
        named = [party for party in parties.parties if not (party.group or _is_collective(party.written))]
        given.lead.parties += named
        given.implementing = PartyList([party for party in parties.parties if party not in named], parties.unnamed)
    if text := fields.text(COORDINATING):
        given.coordinating = matcher.parse_parties(text)
    if given.lead.parties or given.lead.unnamed or given.implementing.parties:
        return given
    return replace(roles, coordinating=given.coordinating) if given.coordinating.parties else roles


def _timing_of_fields(fields: Fields) -> TimingProposal | None:
    text = fields.text(TIMING)
    return read_timing_cell(text) if text else None


def _leading_rhythm(text: str) -> TimingProposal | None:
    """ "Thường xuyên rà soát …", "Hằng năm, tổ chức …": the work's rhythm written as its first word."""
    if match := LEADING_RHYTHM.match(text):
        kind = TimingKind.YEARLY if match["yearly"] else TimingKind.RECURRING
        return TimingProposal(text=match[0].strip(" ,"), kind=kind)
    return None


def _immediate(text: str) -> TimingProposal | None:
    """ "…: Chuyển ngay đến Ủy ban bầu cử", "… phải chuyển ngay đến …": the work is due as soon as what it handles
    arrives, a relative deadline with no date. Only the task's own verb counts, not a purpose ("để khắc phục ngay")."""
    if match := IMMEDIATE.search(text.split("\n", 1)[0]):
        return TimingProposal(text=match[0].strip(" :"), kind=TimingKind.AFTER_EVENT)
    return None


def _standing(title: str) -> TimingProposal | None:
    """ "3. Nhiệm vụ thường xuyên": the items under such a heading recur."""
    return TimingProposal(text=title, kind=TimingKind.RECURRING) if STANDING_DUTIES.search(title) else None


def _intro(node: Node) -> str:
    """The sentence that introduces a node's children: its own text for "b) ... :", else its running text."""
    if node.level >= 2 or not node.set_as_heading and not node.body:
        return " ".join([node.text, *node.body])
    return " ".join(node.body)


def _heading_title(node: Node) -> str:
    return clip(RESPONSIBLE_TAIL.sub("", node.text).rstrip(" :"), 500)


def _leaf_task(node: Node, inherited: Roles, timing: TimingProposal | None, matcher, fields: Fields) -> TaskProposal:
    titled = node.set_as_heading and node.body  # "3. Về chính sách nhà ở ..." followed by its text
    full_text = "\n".join(node.body) if titled else "\n".join([node.text, *node.body])
    if content := fields.text(CONTENT):  # "1. Công tác tuyên truyền" with "- Nội dung: Tuyên truyền …"
        full_text = "\n".join([full_text, content])
    title_roles = _roles_of_title(node, matcher) if titled else Roles()
    owner = title_roles or inherited
    own_roles = _roles_in(full_text, matcher, owner)
    if _restates(own_roles, owner) or _takes_part_under_fields(own_roles, owner, inherited):
        own_roles = Roles()
    roles = _with_fields(own_roles or owner, fields, matcher)
    field_timing = _timing_of_fields(fields)
    if (
        field_timing
        and field_timing.kind == TimingKind.UNSPECIFIED
        and (rhythm := FIELD_RHYTHM.search(fields.text(TIMING)))
    ):
        # "Thời gian: Duy trì thường xuyên trong giờ hành chính …": a rhythm inside a timing field not read otherwise.
        kind = TimingKind.YEARLY if rhythm["yearly"] else TimingKind.RECURRING
        field_timing = TimingProposal(text=fields.text(TIMING), kind=kind)
    own_timing = field_timing or _timing_in(full_text) or _leading_rhythm(full_text) or _immediate(full_text)
    own_timing = own_timing or (_timing_of_title(node, full_text) if titled else None)
    if titled:
        title = clip(node.text, 500)
    elif (colon := SUBJECT_COLON.match(full_text)) and own_roles and names_an_actor(colon[1]):
        title = short_title(full_text[colon.end(1) + 1 :])  # "Đồng chí Trưởng Ban xây dựng Đảng: Chỉ đạo …"
    elif own_roles and not (LEAD_MARK.search(full_text) or COORDINATION_MARK.match(full_text)):
        title = short_title(full_text[len(until_action(full_text)) :])  # "Các cơ quan, ... tổ chức X": "Tổ chức X"
    else:
        title = short_title(full_text)
    task = TaskProposal(
        code=node.code,
        ref=node.ref,
        title=title,
        full_text=full_text,
        expected_output=fields.text(OUTPUT),
        lead=_copy(roles.lead),
        coordinating=_copy(roles.coordinating),
        implementing=_copy(roles.implementing),
        # A rhythm named in passing ("theo kế hoạch hằng năm") yields to a timing the heading or its fields give.
        timing=own_timing or (replace(timing) if timing else None) or rhythm_in_text(full_text) or TimingProposal(),
    )
    field_lead = fields.text(LEAD) or fields.text(RESPONSIBLE)
    if not (task.lead.parties or task.implementing.parties):
        pass  # no one to explain
    elif field_lead:
        task.with_evidence("lead", field_lead, Source.FIELD)
    elif own_roles:
        task.with_evidence("lead", full_text.split("\n", 1)[0], Source.SENTENCE)
    elif title_roles:
        task.with_evidence("lead", node.text, Source.HEADING)
    elif inherited.evidence:
        task.with_evidence("lead", inherited.evidence.words, inherited.evidence.source)
    else:
        task.with_evidence("lead", "", Source.INHERITED)
    if task.timing.text or timing:
        timing_source = (
            Source.FIELD
            if field_timing
            else Source.PHRASE
            if own_timing
            else inherited.timing_source or Source.INHERITED
        )
        task.with_evidence("timing", task.timing.text, timing_source)
    if roles.note:
        task.flags.append(roles.note)
    if not (task.lead.parties or task.implementing.parties):
        task.flags.append(_("Chưa xác định được cơ quan chủ trì hoặc thực hiện."))
    return task


def _restates(own: Roles, owner: Roles) -> bool:
    """Under a heading that names its addressees ("2. Các chi bộ, đảng bộ cơ sở"), a sentence whose subject
    is only a collective the registry does not know ("Các cấp ủy, tổ chức đảng chủ động …") speaks of the
    same addressees in general words: the heading says who they are."""
    named = owner.lead.parties or owner.implementing.parties
    return bool(
        named
        and own
        and not own.lead.parties
        and not own.coordinating.parties
        and all(not party.matched and _is_collective(party.written) for party in own.implementing.parties)
    )


def _takes_part_under_fields(own: Roles, owner: Roles, inherited: Roles) -> bool:
    """ "Tham gia các phiên họp …" under field lines that name the lead and the coordinating parties outright
    ("Đơn vị chủ trì: …; Đơn vị phối hợp: …"): the sentence only says the addressee takes part, the fields say
    who does it and with whom; they win, as field lines do over what sentences suggest."""
    ours = {party.written for party in [*owner.lead.parties, *owner.implementing.parties]}
    return bool(
        owner is inherited
        and inherited.evidence
        and inherited.evidence.source == Source.FIELD
        and own
        and not own.lead.parties
        and not own.implementing.parties
        and all(party.written in ours for party in own.coordinating.parties)
    )


def _copy(parties: PartyList) -> PartyList:
    return PartyList([replace(party) for party in parties.parties], parties.unnamed)


def _roles_in(text: str, matcher: AgencyMatcher, owner: Roles) -> Roles:
    """Parties a sentence names; `owner` is who the heading or intro above puts the sentence to.

    "X chủ trì, phối hợp với Y ..." (without X: the owner leads); "Phối hợp với Y ..." (Y leads,
    the owner coordinates); or a subject of known parties, "X tổ chức ...".
    """
    sentence = FRAMING.sub("", text.split("\n", 1)[0])
    colon = SUBJECT_COLON.match(sentence)
    rest = FRAMING.sub("", sentence[colon.end(1) + 1 :]) if colon else ""
    if colon and (coordination := COORDINATION_MARK.match(rest)):
        # "Các bộ, ngành khác: Căn cứ chức năng, nhiệm vụ, phối hợp với Bộ X …": the subject helps, X leads.
        subject = _roles_of_subject(matcher.parse_parties(colon[1]))
        helpers = [*subject.lead.parties, *subject.implementing.parties] or [*owner.lead.parties]
        note = _("Văn bản giao phối hợp: cơ quan được nêu sau “phối hợp với” được đề xuất làm chủ trì; hãy kiểm tra.")
        partners = matcher.parse_parties(until_action(rest[coordination.end() :]))
        if partners.parties or partners.unnamed:
            return Roles(lead=partners, coordinating=PartyList(helpers), note=note)
    if coordination := COORDINATION_MARK.match(sentence):
        partners = matcher.parse_parties(until_action(sentence[coordination.end() :]))
        helpers = [*owner.lead.parties, *owner.implementing.parties]
        note = _("Văn bản giao phối hợp: cơ quan được nêu sau “phối hợp với” được đề xuất làm chủ trì; hãy kiểm tra.")
        return Roles(lead=partners, coordinating=PartyList(helpers), note=note)
    if PARTICIPATION.match(sentence):
        # "Tham gia sơ kết ...", "Phối hợp kiểm tra ...": the addressee helps, and no one is named to lead.
        return Roles(coordinating=PartyList([*owner.lead.parties, *owner.implementing.parties]))
    if (lead := LEAD_MARK.search(sentence)) and _names_actors(
        subject := _subject_before_lead(sentence, lead.start()), matcher
    ):
        roles = Roles(lead=matcher.parse_parties(subject))
        if not roles.lead.parties:  # "Chủ trì, phối hợp với ...": the owner leads
            roles.lead = PartyList([*owner.lead.parties, *owner.implementing.parties], roles.lead.unnamed)
        rest = sentence[lead.end() :]
        if coordination := COORDINATION_MARK.match(rest):
            roles.coordinating = matcher.parse_parties(until_action(rest[coordination.end() :]))
        return roles
    if (colon := SUBJECT_COLON.match(sentence)) and (roles := _roles_of_subject(matcher.parse_parties(colon[1]))):
        return roles  # "Ủy ban nhân dân cấp xã: đầu tư, hoàn thiện ..."
    if (joint := JOINT_WORK.search(sentence)) and (
        subject := _roles_of_subject(matcher.parse_parties(REQUEST_START.sub("", sentence[: joint.start()])))
    ):
        # "Công an xã phối hợp với Trưởng các thôn rà soát …": the one worked with leads, the subject helps.
        partners = matcher.parse_parties(until_action(sentence[joint.end() :]))
        if partners.parties or partners.unnamed:
            note = _(
                "Văn bản giao phối hợp: cơ quan được nêu sau “phối hợp với” được đề xuất làm chủ trì; hãy kiểm tra."
            )
            helpers = PartyList([*subject.lead.parties, *subject.implementing.parties])
            return Roles(lead=partners, coordinating=helpers, note=note)
    subject = REQUEST_START.sub("", until_action(sentence))
    if not subject or subject == sentence:
        return _partners_on_the_way(sentence, owner, matcher)
    return _roles_of_subject(matcher.parse_parties(subject)) or _partners_on_the_way(sentence, owner, matcher)


def _partners_on_the_way(sentence: str, owner: Roles, matcher: AgencyMatcher) -> Roles:
    """An item that names no subject but works with someone on the way ("Chủ động cung cấp danh mục … để phối
    hợp với Ban Tuyên giáo Huyện ủy định hướng …"): whom the heading puts it to does it, those named help."""
    if not (owner.lead.parties or owner.implementing.parties) or owner.coordinating.parties:
        return Roles()  # no one to put it to, or the heading (its field lines) already names the partners
    if not (joint := JOINT_WORK.search(sentence)) or re.search(r"\bviệc\b", sentence[: joint.start()]):
        return Roles()  # "Kiểm tra việc chủ trì, phối hợp với …": the work checked, not whom the item works with
    partners = matcher.parse_parties(until_action(sentence[joint.end() :]))
    if not partners.parties:
        return Roles()
    return Roles(lead=_copy(owner.lead), coordinating=partners, implementing=_copy(owner.implementing))


# Words after which a name is what the sentence speaks of, not who acts: "… của Ban X", "… với UBND xã".
OBJECT_WORDS = frozenset(("của", "với", "cho", "đến", "về", "tại", "theo", "và", "từ", "trong"))


def _run_in_subject(intro: str, matcher: AgencyMatcher) -> Roles:
    """A title run into its lead-in sentence: "2. Tiếp nhận và xử lý đơn thư, kiến nghị Ban Thường trực UBMTTQ
    xã thực hiện quy trình …, cụ thể:". The subject is the name that ends the words before the verb."""
    if not intro.rstrip().endswith(":"):
        return Roles()
    for verb in ACTION_START.finditer(intro):
        words = intro[: verb.start()].split()
        for index in range(1, len(words)):
            if (
                words[index][:1].isupper()
                and words[index - 1].casefold() not in OBJECT_WORDS
                and (roles := _roles_of_subject(matcher.parse_parties(" ".join(words[index:]))))
            ):
                return roles
    return Roles()


def _subject_before_lead(sentence: str, lead_start: int) -> str:
    """Who a sentence says "chủ trì": the words before it, or before a colon ahead of it when those name
    someone ("UBND cấp xã: đầu tư …; Chủ trì, phối hợp với …"); a case before the colon ("Nếu liên quan đến
    …: Ban X chủ trì xác minh") is no one. The name ends where what its holder does starts."""
    subject = sentence[:lead_start]
    if (colon := SUBJECT_COLON.match(sentence)) and colon.end(1) < lead_start:
        subject = (
            colon[1] if names_an_actor(REQUEST_START.sub("", colon[1])) else sentence[colon.end(1) + 1 : lead_start]
        )
    return name_part(REQUEST_START.sub("", subject).strip(" ,:"))


def _names_actors(subject: str, matcher: AgencyMatcher) -> bool:
    """Nothing (the owner then leads) or someone: "Kiểm tra việc chủ trì, phối hợp …" says "chủ trì" of no one."""
    parties = matcher.parse_parties(subject).parties
    return not parties or any(party.matched or names_an_actor(party.written) for party in parties)


def _roles_of_title(node: Node, matcher: AgencyMatcher) -> Roles:
    """A heading that is itself a party: "1. Sở Nội vụ", "1. Cục Biến đổi khí hậu có trách nhiệm:", or
    that introduces what its party does below it: "1. Ủy ban nhân dân tỉnh, chỉ đạo các cơ quan liên quan:"."""
    title = REQUEST_START.sub("", node.text)  # "3. Đề nghị Ủy ban MTTQ Việt Nam tỉnh và các đoàn thể"
    if roles := _roles_of_subject(matcher.parse_parties(name_part(RESPONSIBLE_TAIL.sub("", title)))):
        return roles
    if title.rstrip().endswith(":") and (subject := until_action(title)) != title.strip(" ,"):
        return _roles_of_subject(matcher.parse_parties(subject))
    return Roles()


def _roles_of_subject(parties: PartyList) -> Roles:
    """Named agencies doing a task lead it; a task put to whole groups is implemented by each member.

    A party the registry does not know counts when its words name an actor ("Sở Nông nghiệp và Môi
    trường" in a registry of older names, "UBND cấp xã"); a collective the registry does not know
    ("Các chủ đầu tư dự án ...") implements, like a group.
    """
    if not parties.parties or not all(party.matched or names_an_actor(party.written) for party in parties.parties):
        return Roles()
    if all(party.group or (not party.matched and _is_collective(party.written)) for party in parties.parties):
        return Roles(implementing=parties)
    first = parties.parties[0]
    if len(parties.parties) > 1 and not first.matched and COLLECTIVE.match(first.written):
        # "Các Sở, ban, ngành thuộc tỉnh, Công an tỉnh, …, UBND các xã": a list that opens with everyone of a
        # sort addresses each body on it alike; no one leads.
        return Roles(implementing=parties)
    return Roles(lead=parties)


def _is_collective(written: str) -> bool:
    return bool(COLLECTIVE.match(written))


def _timing_in(text: str) -> TimingProposal | None:
    if match := PERIODIC_WITH_AD_HOC.search(text) or PERIODIC.search(text):
        return TimingProposal(text=match.group(0), kind=TimingKind.RECURRING)
    if phrase := find_timing_in_text(text):
        return parse_timing(phrase)
    if (bracket := CLOSING_BRACKET.search(text)) and (reading := read_timing_cell(bracket[1])).kind != (
        TimingKind.UNSPECIFIED
    ):
        return reading  # "… tổ chức lực lượng tìm kiếm (Quý IV/2026, Quý I/2027 và thường xuyên)."
    if trigger := CLOSING_TRIGGER.search(text):
        # "… trình thành lập cụm công nghiệp khi có nhà đầu tư đề xuất.": done when that happens.
        return TimingProposal(text=trigger[0].strip(" .;"), kind=TimingKind.AFTER_EVENT, trigger=trigger[1])
    return None


def _timing_of_intro(intro: str) -> TimingProposal | None:
    if STANDING_DUTIES.search(intro):
        return TimingProposal(text="nhiệm vụ thường xuyên", kind=TimingKind.RECURRING)
    return _timing_in(intro)


def _timing_of_title(node: Node, read: str) -> TimingProposal | None:
    """A title set apart from its text times what it governs: "2.1. Đợt 1: Trong tháng 12/2025". A part's
    title in capitals ("C. NHIỆM VỤ TRỌNG TÂM TỪ NAY ĐẾN NĂM 2015") names the horizon of the whole part, not
    a deadline of each item in it."""
    letters = [char for char in node.text if char.isalpha()]
    if node.text in read or (letters and all(char.isupper() for char in letters)):
        return None
    timing = _timing_in(node.text)
    return timing if timing and timing.kind != TimingKind.UNSPECIFIED and not timing.flag else None


def _dedupe_codes(tasks: list[TaskProposal]) -> None:
    """A document numbering one item twice still gives a tree; the repeat is flagged, not merged."""
    seen: set[str] = set()
    for task in tasks:
        code = task.code
        while code in seen:
            code += "-2"
        if code != task.code:
            message = _("Số hiệu %(code)s bị trùng trong văn bản; đã đổi thành %(new)s.")
            task.flags.append(message % {"code": task.code, "new": code})
            task.code = code
        seen.add(code)
