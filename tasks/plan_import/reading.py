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
    numbering = _WordNumbering(document)
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            blocks.append(
                Table(
                    [[_cell_text(cell.text.replace("\n", "<br>")) for cell in _unique_cells(row)] for row in item.rows],
                    spans_known=True,  # python-docx repeats a vertically merged cell in every row it spans
                )
            )
            continue
        label = numbering.label(item)
        for line in item.text.split("\n"):
            text = clean(line)
            if text and label == BULLET:
                blocks.append(Paragraph(text, BULLET))
            elif text:
                blocks.append(Paragraph(*_docx_paragraph(f"{label} {text}" if label else text, _style_name(item))))
            label = ""  # a line break inside the paragraph continues its item
    return blocks


def _style_name(paragraph) -> str:
    try:
        return paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, AttributeError, ValueError):  # a style id the styles part does not define
        return ""


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"))
_ROMAN += ((9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(number: int) -> str:
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text, number = text + letters, number - value
        if not number:
            break
    return text


def _letter(number: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[(number - 1) % 26] * ((number - 1) // 26 + 1)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda number: f"{number:02d}",
    "lowerLetter": _letter,
    "upperLetter": lambda number: _letter(number).upper(),
    "lowerRoman": lambda number: _roman(number).lower(),
    "upperRoman": _roman,
}


class _WordNumbering:
    """Word's automatic numbering, which python-docx leaves out of a paragraph's text: a bulleted
    paragraph is a BULLET; a numbered one gets its number written back ("1.", "a)", "II.") as a
    plan typed by hand would have it. Anything unexpected in the numbering part reads as no number."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (format, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError, ValueError):
            return
        abstract = {}
        for definition in root.findall(_w("abstractNum")):
            levels = {}
            for level in definition.findall(_w("lvl")):
                levels[_int(level.get(_w("ilvl")))] = (
                    _value(level, "numFmt") or "decimal",
                    _value(level, "lvlText") or "",
                    _int(_value(level, "start"), 1),
                )
            abstract[definition.get(_w("abstractNumId"))] = levels
        for num in root.findall(_w("num")):
            reference = num.find(_w("abstractNumId"))
            levels = abstract.get(reference.get(_w("val")) if reference is not None else None, {})
            for ilvl, level in levels.items():
                self.levels[(num.get(_w("numId")), ilvl)] = level

    def label(self, paragraph) -> str:
        """BULLET, the number as Word shows it, or "" for a paragraph Word does not number."""
        number = self._number_properties(paragraph)
        if number is None or number not in self.levels:
            return ""
        num_id, ilvl = number
        fmt, text, start = self.levels[number]
        if fmt == "bullet":
            return BULLET
        if fmt not in _FORMATS:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]

        def shown(match: re.Match[str]) -> str:
            level = int(match[1]) - 1
            level_format, _text, level_start = self.levels.get((num_id, level), (fmt, text, start))
            return _FORMATS.get(level_format, str)(counters.get(level, level_start))

        return re.sub(r"%(\d)", shown, text).strip()

    @staticmethod
    def _number_properties(paragraph) -> tuple[str, int] | None:
        for properties in (paragraph._p.pPr, _style_properties(paragraph)):
            numbering = properties.find(_w("numPr")) if properties is not None else None
            if numbering is None:
                continue
            num_id, ilvl = numbering.find(_w("numId")), numbering.find(_w("ilvl"))
            if num_id is None or num_id.get(_w("val")) in (None, "0"):
                return None
            return num_id.get(_w("val")), _int(ilvl.get(_w("val")) if ilvl is not None else None)
        return None


def _style_properties(paragraph):
    try:
        return paragraph.style.element.pPr if paragraph.style is not None else None
    except (KeyError, AttributeError, ValueError):
        return None


def _w(tag: str) -> str:
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"


def _value(element, tag: str) -> str | None:
    child = element.find(_w(tag))
    return child.get(_w("val")) if child is not None else None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


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
