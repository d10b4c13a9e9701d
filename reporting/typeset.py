"""The report's typeface, Tinos (metric-compatible with Times New Roman), and text widths from its metrics.

The DOCX has no layout engine to measure a line, yet Decree 30/2020 sizes its rules from the text
above them: widths come from the font's advance widths, the same ones Word and LibreOffice use for
Times New Roman. Tests measure the PDF's rules with the same numbers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FILES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}


def font_path(*, bold: bool = False, italic: bool = False) -> str:
    return str(FONT_DIR / f"Tinos-{FONT_FILES[bold, italic]}.ttf")


@cache
def _advances(bold: bool) -> tuple[dict[int, int], int, int]:
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency; only the DOCX renderer needs it

    font = TTFont(font_path(bold=bold), lazy=True)
    metrics = font["hmtx"].metrics
    widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
    return widths, metrics[".notdef"][0], font["head"].unitsPerEm


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    widths, missing, units = _advances(bold)
    return sum(widths.get(ord(char), missing) for char in text) * size_pt / units
