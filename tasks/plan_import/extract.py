"""Blocks of a plan document -> PlanProposal: header, task tree, reporting schedule.

Plans assign work in two ways and we read both:
- prose: sections "II.", items "1.", "a)", bullets "-", where a sentence names its parties
  ("Sở X chủ trì, phối hợp với Sở Y và các cơ quan, đơn vị liên quan tham mưu ...") or inherits
  them from the heading or intro above it;
- an annex table (Phụ lục) with columns TT | nhiệm vụ | chủ trì | phối hợp | thời gian | ...
When a plan has an annex of tasks, its rows are the tasks and the prose sections stay text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _

from tasks.plan_import import header as header_reader
from tasks.plan_import import numbering, prose
from tasks.plan_import.agency_matching import AgencyMatcher
from tasks.plan_import.annex import annex_tasks, find_annexes, names_agencies
from tasks.plan_import.proposal import PlanProposal
from tasks.plan_import.reading import Block, DocumentReadError, read_document, read_text
from tasks.plan_import.schedule import reporting_schedule

logger = logging.getLogger(__name__)


def propose_plan(*, filename: str, content: bytes, matcher: AgencyMatcher | None = None) -> PlanProposal:
    """Read an uploaded .docx, .md or .txt; raises reading.DocumentReadError with a message for the user."""
    with _reader_faults_told_to_the_user(filename):
        blocks = read_document(filename=filename, content=content)
        return propose_from_blocks(blocks=blocks, source_name=filename, matcher=matcher)


def propose_plan_from_text(*, text: str, source_name: str = "", matcher: AgencyMatcher | None = None) -> PlanProposal:
    with _reader_faults_told_to_the_user(source_name):
        return propose_from_blocks(blocks=read_text(text), source_name=source_name, matcher=matcher)


@contextmanager
def _reader_faults_told_to_the_user(source_name: str) -> Iterator[None]:
    """The last guard: the readers are tested never to raise, but a user must still never see a traceback."""
    try:
        yield
    except DocumentReadError:
        raise
    except Exception as error:
        logger.exception("Plan reader failed on %r", source_name)
        raise DocumentReadError(
            _(
                "Cổng chưa đọc được văn bản này do một lỗi của chương trình (đã ghi lại để sửa). "
                "Không có gì được lưu; hãy thử lại sau hoặc nhập nhiệm vụ bằng tay."
            )
        ) from error


def propose_from_blocks(
    *, blocks: list[Block], source_name: str = "", matcher: AgencyMatcher | None = None
) -> PlanProposal:
    matcher = matcher or AgencyMatcher.from_database()
    body, annexes = find_annexes(blocks)
    proposal = PlanProposal(source_name=source_name)
    proposal.header, proposal.flags = header_reader.read_header(blocks=body, matcher=matcher)
    sections = numbering.read_sections(body)
    if annexes and not any(names_agencies(annex) for annex in annexes):
        # An inspection schedule names no one: the tasks of the text stand, the visits come after them.
        proposal.tasks = prose.section_tasks(sections=sections, matcher=matcher)
        for number, annex in enumerate(annexes, start=1):
            proposal.tasks += annex_tasks(annex=annex, number=number, matcher=matcher)
    elif annexes:
        for number, annex in enumerate(annexes, start=1):
            proposal.tasks += annex_tasks(annex=annex, number=number, matcher=matcher)
        proposal.flags.append(
            _(
                "Kế hoạch có Phụ lục nhiệm vụ: các nhiệm vụ lấy từ Phụ lục; "
                "phần lời văn (%(sections)s) không tách thành nhiệm vụ."
            )
            % {"sections": ", ".join(section.code for section in sections) or "—"}
        )
    else:
        proposal.tasks = prose.section_tasks(sections=sections, matcher=matcher)
    if not any(not task.heading for task in proposal.tasks):
        proposal.flags.append(_("Không tìm thấy nhiệm vụ nào; hãy kiểm tra văn bản hoặc thêm nhiệm vụ bằng tay."))
    proposal.reporting = reporting_schedule(sections=sections, issuer=proposal.header.issuer, matcher=matcher)
    return proposal
