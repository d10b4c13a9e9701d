"""A plan document as a flat list of blocks: paragraphs (with a hint of how they were set) and tables.

Markdown and plain text are read line by line (pipe tables become tables); a .docx is read in
body order with python-docx. Emphasis marks are dropped: the extractor works from numbering
("II.", "1.", "a)", "-"), not from how a given writer chose to format a heading.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _

from plan_portal.archives import ArchiveTooLarge, check_unpacked_size
from tasks.plan_import.html_tables import html_table_rows

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".md", ".txt")
DOCX_SUFFIX = ".docx"

HEADING = "heading"
BULLET = "bullet"
PLAIN = "plain"

# "- Việc …", and "-Kiểm tra …" typed without its space (a dash straight before a capital is no hyphen).
_BULLET_MARK = re.compile(r"^\s*(?:[-–•+*]\s+(?=\S)|[-–+](?=[A-ZÀ-ỸĐ]))")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s*")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TABLE_START = re.compile(r"^<table\b", re.IGNORECASE)
_HTML_TABLE_END = re.compile(r"</table\s*>", re.IGNORECASE)


class DocumentReadError(Exception):
    """The file is not a plan document we can read; the message is for the user."""


@dataclass
class Paragraph:
    text: str
    hint: str = PLAIN  # HEADING when the writer set it as a heading, BULLET for list items
    mark: str = ""  # a bullet's mark as written ("-", "+", "*"): "+" points sit under a "-" bullet


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)
    # A pipe table keeps a merged cell's text in its first row only; HTML and Word tables say what they span.
    spans_known: bool = False


Block = Paragraph | Table


def read_document(*, filename: str, content: bytes) -> list[Block]:
    suffix = PurePath(filename).suffix.lower()
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentReadError(_("Tệp lớn hơn 5 MB; hãy tải lên văn bản kế hoạch, không kèm hình ảnh."))
    if suffix == DOCX_SUFFIX:
        return read_docx(content)
    if suffix in TEXT_SUFFIXES:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentReadError(_("Tệp văn bản phải được lưu bằng mã UTF-8.")) from None
        if "\x00" in text:  # UTF-16 without its mark, or a binary file renamed: no plan text has NUL
            raise DocumentReadError(
                _(
                    "Tệp không phải văn bản thuần UTF-8 (có thể là UTF-16 hoặc tệp nhị phân đổi tên); "
                    "hãy lưu lại bằng UTF-8."
                )
            )
        return read_text(text)
    message = _("Chỉ nhận tệp .docx, .md hoặc .txt; tệp “%(name)s” không thuộc loại này.")
    raise DocumentReadError(message % {"name": filename})


def clean(text: str) -> str:
    """NFC, no emphasis marks or markdown escapes, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", text)
    text = text.replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


def read_text(text: str) -> list[Block]:
    """Markdown or plain text: one paragraph per non-empty line; consecutive pipe rows form a table."""
    blocks: list[Block] = []
    table: Table | None = None
    markup: list[str] | None = None  # the lines of an HTML table being read
    for raw in _COMMENT.sub("", text).splitlines():
        line = raw.strip()
        if markup is not None or _HTML_TABLE_START.match(line):
            markup = [*(markup or []), line]
            if _HTML_TABLE_END.search(line):
                blocks.append(Table(html_table_rows("\n".join(markup), _cell_text), spans_known=True))
                markup = None
            continue
        if line.startswith("|"):
            if table is None:
                table = Table()
                blocks.append(table)
            if not _TABLE_RULE.match(line):
                table.rows.append([_cell_text(cell) for cell in line.strip("|").split("|")])
            continue
        table = None
        if not line:
            continue
        if _MARKDOWN_HEADING.match(line):
            blocks.append(Paragraph(clean(_MARKDOWN_HEADING.sub("", line)), HEADING))
        elif bullet := _BULLET_MARK.match(line):
            blocks.append(Paragraph(clean(_BULLET_MARK.sub("", line)), BULLET, bullet[0].strip()))
        else:
            blocks.append(Paragraph(clean(line)))
    if markup is not None:  # a table left open at the end of the file is still read
        blocks.append(Table(html_table_rows("\n".join(markup), _cell_text), spans_known=True))
    return [block for block in blocks if not isinstance(block, Paragraph) or block.text]


def _cell_text(cell: str) -> str:
    """A pipe-table cell; its "<br>" line breaks (lists of agencies, dashed sub-items) stay line breaks."""
    lines = (clean(line) for line in _LINE_BREAK.split(cell))
    return "\n".join(line for line in lines if line)


def read_docx(content: bytes) -> list[Block]:
    import docx  # python-docx loads lxml; only imports of .docx files pay for it
    from docx.opc.exceptions import OpcError
    from docx.table import Table as DocxTable
    from lxml.etree import LxmlError

    try:
        check_unpacked_size(io.BytesIO(content))
        document = docx.Document(io.BytesIO(content))
    except ArchiveTooLarge:
        raise DocumentReadError(
            _(
                "Tệp .docx này giải nén ra lớn bất thường so với kích thước của nó (có thể là tệp hỏng hoặc "
                "tệp độc hại), nên không được đọc. Hãy mở bằng Word, lưu lại thành .docx rồi tải lên lại."
            )
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OpcError, LxmlError):
        # A .doc or .pdf renamed, a truncated download, a damaged part: all the same to the user.
        raise DocumentReadError(
            _(
                "Không mở được tệp .docx (tệp hỏng hoặc không phải Word). Tệp .doc hay .pdf: "
                "mở bằng Word, lưu thành .docx rồi tải lên lại."
            )
        ) from None
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            blocks.append(
                Table(
                    [[_cell_text(cell.text.replace("\n", "<br>")) for cell in _unique_cells(row)] for row in item.rows],
                    spans_known=True,  # python-docx repeats a vertically merged cell in every row it spans
                )
            )
            continue
        for line in item.text.split("\n"):
            text = clean(line)
            if text:
                blocks.append(Paragraph(*_docx_paragraph(text, item.style.name if item.style else "")))
    return blocks


def _unique_cells(row) -> list:
    """Merged cells repeat in python-docx rows; keep each once."""
    seen, cells = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _docx_paragraph(text: str, style: str) -> tuple[str, str, str]:
    if style.startswith(("Heading", "Title")):
        return text, HEADING, ""
    bullet = _BULLET_MARK.match(text)
    if style.startswith("List Bullet") or bullet:
        return _BULLET_MARK.sub("", text), BULLET, bullet[0].strip() if bullet else ""
    return text, PLAIN, ""
