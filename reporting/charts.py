"""Server-side SVG charts: no JavaScript, no CDN, and the same picture in the page and the PDF.

Each bar carries its label and its number as text, so colour is never the only carrier of meaning.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# One colour per status category, matching static/css/portal.css.
STATUS_COLOURS = {
    "completed_on_time": "#1f7a3a",
    "completed_late": "#5a7d1a",
    "in_progress_on_time": "#0b5cad",
    "in_progress_overdue": "#b3261e",
    "due_soon": "#a65b00",
    "not_started": "#4b5563",
    "waiting_trigger": "#6b4fa0",
    "no_deadline": "#8a94a0",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str = "#0b5cad"


def horizontal_bar_chart(bars: list[Bar], *, title: str, width: int = 560, label_width: int = 210) -> SafeString:
    """A labelled horizontal bar chart; labels are escaped (they may come from user data)."""
    row_height, top = 26, 30
    height = top + row_height * len(bars) + 10
    largest = max((bar.value for bar in bars), default=0) or 1
    plot_width = width - label_width - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" class="chart" '
        f"font-family=\"Tinos, 'Liberation Serif', 'DejaVu Sans', serif\" font-size=\"13\">",
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="18" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = top + index * row_height
        bar_width = round(plot_width * bar.value / largest)
        parts.append(f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end">{escape(bar.label)}</text>')
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="{row_height - 8}" fill="{bar.colour}"/>'
        )
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 17}">{bar.value}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text above is escaped


def status_chart(counts: dict[str, int], labels: dict[str, str], *, title: str) -> SafeString:
    """Bars for the status categories, in the order of `counts`."""
    bars = [Bar(str(labels[code]), value, STATUS_COLOURS.get(code, "#0b5cad")) for code, value in counts.items()]
    return horizontal_bar_chart(bars, title=title)


def horizontal_bar_chart_png(bars: list[Bar], *, title: str, font_path: str, bold_font_path: str) -> bytes:
    """The same chart as `horizontal_bar_chart`, drawn as a PNG for documents that cannot hold SVG (DOCX).

    Drawn at twice the SVG's size so it stays sharp when printed at 150 mm.
    """
    from PIL import Image, ImageDraw, ImageFont  # only the DOCX renderer needs Pillow

    scale, width, label_width, row_height, top = 2, 560, 210, 26, 30
    height = top + row_height * len(bars) + 10
    largest = max((bar.value for bar in bars), default=0) or 1
    plot_width = width - label_width - 50
    image = Image.new("RGB", (width * scale, height * scale), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path, 13 * scale)
    draw.text((0, 4 * scale), title, fill="black", font=ImageFont.truetype(bold_font_path, 14 * scale))
    for index, bar in enumerate(bars):
        y = (top + index * row_height) * scale
        bar_width = round(plot_width * bar.value / largest) * scale
        draw.text(((label_width - 8) * scale, y + 17 * scale), bar.label, fill="black", font=font, anchor="rs")
        x = label_width * scale
        if bar_width:
            draw.rectangle((x, y + 4 * scale, x + bar_width, y + (row_height - 4) * scale), fill=bar.colour)
        draw.text((x + bar_width + 6 * scale, y + 17 * scale), str(bar.value), fill="black", font=font, anchor="ls")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def status_chart_png(counts: dict[str, int], labels: dict[str, str], *, title: str, fonts: tuple[str, str]) -> bytes:
    bars = [Bar(str(labels[code]), value, STATUS_COLOURS.get(code, "#0b5cad")) for code, value in counts.items()]
    return horizontal_bar_chart_png(bars, title=title, font_path=fonts[0], bold_font_path=fonts[1])
