"""PDF of a consolidated report: a snapshot through the document template and WeasyPrint.

Knows nothing of Celery or the ORM. Fonts are the Tinos files shipped in static/fonts, loaded by
file:// URL, so the PDF looks the same on a bare server without any system font or network.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from reporting.consolidation.document import document_context

TEMPLATE = "reporting/consolidated/document.html"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"

# WeasyPrint narrates every layout step at INFO; worker logs need only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def font_urls() -> dict[str, str]:
    files = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
    return {key: (FONT_DIR / f"Tinos-{name}.ttf").as_uri() for key, name in files.items()}


def render_html(snapshot: dict) -> str:
    with translation.override("vi"):
        return render_to_string(TEMPLATE, {**document_context(snapshot), "fonts": font_urls()})


def render_pdf(snapshot: dict) -> bytes:
    from weasyprint import HTML  # imported here: slow to import, and only the build job needs it

    return HTML(string=render_html(snapshot), base_url=str(settings.BASE_DIR)).write_pdf()
