"""PDF of a consolidated report: a snapshot through the document template and WeasyPrint.

Knows nothing of Celery or the ORM. The stylesheet (static/css/report-document.css) loads the Tinos
files shipped in static/fonts by relative file:// URL, so the PDF looks the same on a bare server
without any system font or network.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from reporting.consolidation.document import document_context

TEMPLATE = "reporting/consolidated/document.html"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "report-document.css"

# WeasyPrint narrates every layout step at INFO; worker logs need only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_html(snapshot: dict) -> str:
    with translation.override("vi"):
        return render_to_string(TEMPLATE, {**document_context(snapshot), "stylesheet": STYLESHEET.as_uri()})


def render_pdf(snapshot: dict) -> bytes:
    from weasyprint import HTML  # imported here: slow to import, and only the build job needs it

    return HTML(string=render_html(snapshot), base_url=str(settings.BASE_DIR)).write_pdf()
