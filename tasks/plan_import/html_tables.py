"""HTML tables inside a Markdown plan: converters write them when cells span rows or columns.

A cell spanning rows ("rowspan": one deadline for several tasks) is repeated in every row it spans,
as a reader sees it; a cell spanning columns in the body (a group row "I | GIAI ĐOẠN 1 …") keeps its
text in its first column only, so that it is not read as an agency or a time as well. Header rows
(cells all <th>) become one header whose columns join the words above them: "Thực hiện" over
"Đơn vị chủ trì" and "Đơn vị phối hợp" gives "Thực hiện Đơn vị chủ trì", "Thực hiện Đơn vị phối hợp".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

MAX_SPAN = 200  # a damaged file must not make one cell fill a million rows


@dataclass
class _Cell:
    rowspan: int
    colspan: int
    header: bool
    parts: list[str] = field(default_factory=list)


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[_Cell]] = []
        self._cell: _Cell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            self._cell = _Cell(_span(values.get("rowspan")), _span(values.get("colspan")), tag == "th")
        elif tag == "br" and self._cell is not None:
            self._cell.parts.append("<br>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.parts.append(data)


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_SPAN)
    except ValueError:
        return 1


def html_table_rows(markup: str, cell_text: Callable[[str], str]) -> list[list[str]]:
    parser = _TableParser()
    parser.feed(markup)
    parser.close()
    grid: list[dict[int, str]] = []
    headers = 0
    for index, cells in enumerate(parser.rows):
        if headers == index and cells and all(cell.header for cell in cells):
            headers += 1
        while len(grid) <= index:
            grid.append({})
        column = 0
        for cell in cells:
            while column in grid[index]:
                column += 1
            text = cell_text("".join(cell.parts))
            for row in range(index, index + cell.rowspan):
                while len(grid) <= row:
                    grid.append({})
                for offset in range(cell.colspan):
                    grid[row][column + offset] = text if offset == 0 or cell.header else ""
            column += cell.colspan
    width = max((max(row) + 1 for row in grid if row), default=0)
    rows = [[row.get(column, "") for column in range(width)] for row in grid]
    if headers > 1:
        merged = [
            " ".join(dict.fromkeys(row[column] for row in rows[:headers] if row[column])) for column in range(width)
        ]
        rows = [merged, *rows[headers:]]
    return rows
