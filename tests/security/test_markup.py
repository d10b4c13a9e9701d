"""Markup and script typed into every text field of a report show as text everywhere they travel:
pages, notification emails, the consolidated PDF, DOCX and XLSX. Spreadsheet exports never carry
a cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.models import AgencyReport, ConsolidatedReport, ReportBuild, ReportState
from tasks.models import Assignment
from tests.reporting.report_world import build_world, form_data, make_ready, submit_through_form
from tests.security.conftest import TALLY

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script><b>x</b>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(1,1)"]
FORMULA_START = ("=", "+", "-", "@")


def _page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_shown_as_text(page: str, where: str) -> None:
    TALLY["pages checked for markup"] += 1
    assert PAYLOAD not in page, f"raw markup in {where}"
    assert ESCAPED in page, f"typed text missing from {where}"


def _report_form(report: AgencyReport, action: str) -> dict:
    data = form_data(report, action)
    for field in ("overall_assessment", "difficulties", "proposals", "document_number"):
        data[field] = PAYLOAD
    for item in report.items.all():
        data[f"item-{item.pk}-results"] = PAYLOAD
        data[f"item-{item.pk}-difficulties"] = PAYLOAD
        evidence = f"ev-{item.pk}"
        if not item.evidence.exists():
            data[f"{evidence}-0-number"] = PAYLOAD
            data[f"{evidence}-0-title"] = PAYLOAD
    return data


def _typed_everywhere(client, world, capture) -> AgencyReport:
    """Staff fills every field with markup and submits; the coordinating agency adds input; the
    reviewer returns with markup in the reason and comments, then approves the resubmission."""
    period = world.period
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[period.pk]))
    report = AgencyReport.objects.get(agency=world.agency, period=period)
    client.force_login(world.other_staff)
    coordinating = Assignment.objects.get(task=world.tasks[0], agency=world.other)
    client.post(reverse("reporting:coordination", args=[period.pk]), {"assignment": coordinating.pk, "text": PAYLOAD})
    client.force_login(world.staff)
    with capture(execute=True):
        response = submit_through_form(client, report, _report_form(report, "review"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.overall_assessment == PAYLOAD
    client.force_login(world.reviewer)
    comments = {f"comment_{item.pk}": PAYLOAD for item in report.items.all()}
    with capture(execute=True):
        client.post(
            reverse("reporting:report_return", args=[report.pk]),
            {"version": report.version, "reason": PAYLOAD, **comments},
        )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    return report


def test_markup_in_every_report_field_shows_as_text_in_pages_and_emails(client, django_capture_on_commit_callbacks):
    world = build_world()
    report = _typed_everywhere(client, world, django_capture_on_commit_callbacks)
    detail = reverse("reporting:report_detail", args=[report.pk])
    assert_shown_as_text(_page(client, world.staff, detail), "report page (staff)")
    assert_shown_as_text(_page(client, world.reviewer, detail), "report page (reviewer)")
    assert_shown_as_text(_page(client, world.staff, reverse("reporting:report_edit", args=[report.pk])), "form")
    assert_shown_as_text(_page(client, world.staff, reverse("reporting:notifications")), "notifications")
    coordination = reverse("reporting:coordination", args=[world.period.pk])
    assert_shown_as_text(_page(client, world.other_staff, coordination), "coordination page")

    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        submit_through_form(client, report, _report_form(report, "review"))
    report.refresh_from_db()
    client.force_login(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        approve = reverse("reporting:report_approve", args=[report.pk])
        client.post(approve, {"version": report.version, "comment": PAYLOAD})
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert_shown_as_text(_page(client, world.leader, detail), "report page (leader)")

    returned = [m for m in mail.outbox if PAYLOAD in m.body]
    assert returned, "the return reason reaches the agency by email, as typed"
    for message in mail.outbox:
        TALLY["emails checked for markup"] += 1
        for content, mimetype in getattr(message, "alternatives", []):
            assert mimetype != "text/html" or PAYLOAD not in content


def _build_with_real_renderers(client, world, capture) -> ReportBuild:
    client.force_login(world.reviewer)
    client.post(reverse("reporting:consolidated_for_period", args=[world.period.pk]))
    consolidated = ConsolidatedReport.objects.get(period=world.period)
    narratives = {
        "number": "12/BC-SNV",
        "overall_assessment": PAYLOAD,
        "shortcomings": PAYLOAD,
        "difficulties_and_proposals": PAYLOAD,
        "next_period_direction": PAYLOAD,
        "signer_name": PAYLOAD,
        "recipients_text": PAYLOAD,
    }
    response = client.post(reverse("reporting:consolidated_detail", args=[consolidated.pk]), narratives)
    assert response.status_code == 302
    assert_shown_as_text(_page(client, world.reviewer, response.url), "consolidated report page")
    with capture(execute=True):
        client.post(reverse("reporting:consolidated_build", args=[consolidated.pk]))
    build = ReportBuild.objects.get(consolidated_report=consolidated)
    assert build.state == "ready", build.error
    return build


def _download(client, build: ReportBuild, kind: str) -> bytes:
    response = client.get(reverse("reporting:consolidated_download", args=[build.pk, kind]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def test_markup_stays_text_in_the_consolidated_pdf_docx_and_xlsx(client, django_capture_on_commit_callbacks):
    world = build_world()
    report = _typed_everywhere(client, world, django_capture_on_commit_callbacks)
    client.force_login(world.staff)
    submit_through_form(client, report, _report_form(report, "review"))
    report.refresh_from_db()
    client.force_login(world.reviewer)
    client.post(reverse("reporting:report_approve", args=[report.pk]), {"version": report.version})
    build = _build_with_real_renderers(client, world, django_capture_on_commit_callbacks)

    pdf = PdfReader(io.BytesIO(_download(client, build, "pdf")))
    pdf_text = "".join("".join(page.extract_text().split()) for page in pdf.pages)
    assert "<script>alert(1)</script>" in pdf_text and "<b>x</b>" in pdf_text

    document = Document(io.BytesIO(_download(client, build, "docx")))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(PAYLOAD in text for text in texts)

    workbook = load_workbook(io.BytesIO(_download(client, build, "xlsx")))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert any(PAYLOAD in str(cell.value) for cell in cells)
    TALLY["consolidated files checked for markup"] += 3


def _assert_no_formula_cells(workbook, where: str) -> int:
    checked = 0
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    checked += 1
                    assert cell.data_type != "f", f"formula cell {cell.coordinate} in {where}"
                    assert not cell.value.startswith(FORMULA_START), f"{cell.value!r} in {where}"
    return checked


def _formula_world():
    world = build_world()
    world.tasks[0].title = FORMULAS[0]
    world.tasks[0].save()
    world.agency.name = FORMULAS[3]
    world.agency.save()
    world.plan.number = FORMULAS[1]
    world.plan.save()
    world.tasks[1].title = FORMULAS[2]
    world.tasks[1].save()
    return world


def test_task_list_exports_neutralise_formulas(client):
    world = _formula_world()
    client.force_login(world.staff)
    response = client.get(reverse("tasks:task_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    texts = [cell for row in rows[1:] for cell in row]
    assert "'" + FORMULAS[0] in texts and "'" + FORMULAS[3] in texts
    assert not [cell for cell in texts if cell.startswith(FORMULA_START)]
    response = client.get(reverse("tasks:task_export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert _assert_no_formula_cells(workbook, "task list XLSX")
    TALLY["formula payloads tried per export"] = len(FORMULAS)


def test_dashboard_export_neutralises_formulas(client):
    world = _formula_world()
    client.force_login(world.leader)
    response = client.get(reverse("reporting:dashboard_export"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert _assert_no_formula_cells(workbook, "dashboard XLSX")
    values = {cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert "'" + FORMULAS[0] in values


def test_consolidated_xlsx_neutralises_formulas_typed_by_agencies(client, django_capture_on_commit_callbacks):
    world = _formula_world()
    client.force_login(world.staff)
    client.post(reverse("reporting:report_start", args=[world.period.pk]))
    report = AgencyReport.objects.get(agency=world.agency, period=world.period)
    make_ready(report)
    data = form_data(report)
    for index, item in enumerate(report.items.all()):
        data[f"item-{item.pk}-results"] = FORMULAS[index % len(FORMULAS)]
    submit_through_form(client, report, data)
    report.refresh_from_db()
    client.force_login(world.reviewer)
    client.post(reverse("reporting:report_approve", args=[report.pk]), {"version": report.version})
    build = _build_with_real_renderers_for_formulas(client, world, django_capture_on_commit_callbacks)
    workbook = load_workbook(io.BytesIO(_download(client, build, "xlsx")))
    # An .xlsx text cell is never evaluated, so the agency's words are kept as typed (no apostrophe,
    # which Excel would show); only a cell written as a formula could run, and there is none.
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert cells and not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert set(FORMULAS) <= {cell.value for cell in cells}


def _build_with_real_renderers_for_formulas(client, world, capture) -> ReportBuild:
    client.post(reverse("reporting:consolidated_for_period", args=[world.period.pk]))
    consolidated = ConsolidatedReport.objects.get(period=world.period)
    with capture(execute=True):
        client.post(reverse("reporting:consolidated_build", args=[consolidated.pk]))
    build = ReportBuild.objects.get(consolidated_report=consolidated)
    assert build.state == "ready", build.error
    return build
