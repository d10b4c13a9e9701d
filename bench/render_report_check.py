# ruff: noqa: S108, S603, S607 - a local check driving local tools (LibreOffice, poppler) on files it wrote
"""Render consolidated reports as a reader sees them, to look at every page (not part of `make test`).

For each snapshot (a period's consolidated report from the database, or a snapshot.json such as
`bench_report_build --output` writes) it writes the PDF, DOCX and XLSX, converts the DOCX to PDF
with LibreOffice headless, turns both PDFs into PNG pages (pdftoppm) and contact sheets of eight
pages, and prints what it measured: page sizes, page numbers, the header rules. Open the PNGs
with an image viewer and read every page.

    .venv/bin/python bench/render_report_check.py --period 1 --period 2 --out /tmp/report-check
    .venv/bin/python bench/render_report_check.py --snapshot /tmp/bench/snapshot.json --out /tmp/bench-check

Needs the packages libreoffice-writer-nogui and poppler-utils.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", type=int, action="append", default=[], help="ReportingPeriod id (repeatable)")
    parser.add_argument("--snapshot", action="append", default=[], help="a snapshot.json file (repeatable)")
    parser.add_argument("--out", default="/tmp/report-check")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan_portal.settings")
    import django

    django.setup()
    snapshots = [(f"period-{pk}", _period_snapshot(pk)) for pk in args.period]
    snapshots += [(Path(path).stem, json.loads(Path(path).read_text())) for path in args.snapshot]
    for name, snapshot in snapshots:
        _check(name, snapshot, Path(args.out) / name, args.dpi)


def _period_snapshot(pk: int) -> dict:
    from reporting.consolidation import services
    from reporting.consolidation.snapshot import build_snapshot
    from reporting.models import ConsolidatedReport, ReportingPeriod

    period = ReportingPeriod.objects.get(pk=pk)
    report = ConsolidatedReport.objects.filter(period=period).first()
    return build_snapshot(report or services.consolidated_report_create(period=period, user=None))


def _check(name: str, snapshot: dict, folder: Path, dpi: int) -> None:
    from reporting.docx import render_docx
    from reporting.pdf import render_pdf
    from reporting.xlsx import render_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    for kind, render in (("pdf", render_pdf), ("docx", render_docx), ("xlsx", render_xlsx)):
        started = time.perf_counter()
        (folder / f"report.{kind}").write_bytes(render(snapshot))
        print(f"{name}: {kind} rendered in {time.perf_counter() - started:.1f} s")
    libreoffice = folder / "libreoffice"
    libreoffice.mkdir(exist_ok=True)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(libreoffice), str(folder / "report.docx")],
        check=True,
        capture_output=True,
        timeout=900,
    )
    for label, pdf in (("pdf", folder / "report.pdf"), ("docx", libreoffice / "report.pdf")):
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / label)], check=True, timeout=900)
        pages = sorted(folder.glob(f"{label}-*.png"))
        sheets = _contact_sheets(pages, folder / f"sheet-{label}")
        print(f"{name}: {label} → {len(pages)} pages, contact sheets {', '.join(str(s) for s in sheets)}")
        _measure(f"{name} {label}", pdf)


def _contact_sheets(pages: list[Path], stem: Path, per_sheet: int = 8, columns: int = 4) -> list[Path]:
    from PIL import Image

    sheets = []
    for start in range(0, len(pages), per_sheet):
        images = [Image.open(page) for page in pages[start : start + per_sheet]]
        width, height = max(i.width for i in images), max(i.height for i in images)
        rows = (len(images) + columns - 1) // columns
        sheet = Image.new("RGB", (width * columns, height * rows), "white")
        for index, image in enumerate(images):
            sheet.paste(image, ((index % columns) * width, (index // columns) * height))
        path = stem.with_name(f"{stem.name}-{start // per_sheet + 1}.png")
        sheet.save(path)
        sheets.append(path)
    return sheets


def _measure(label: str, path: Path) -> None:
    """What a reviewer checks with a ruler: page sizes, page numbers, the header rules."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        sizes = [f"{round(p.width / MM)}×{round(p.height / MM)}" for p in pdf.pages]
        numbers = []
        for page in pdf.pages:
            top = [w["text"] for w in page.extract_words() if w["bottom"] < 20 * MM]
            numbers.append(top[0] if top else "-")
        print(f"  {label}: page sizes {' '.join(sizes)}")
        print(f"  {label}: page numbers {' '.join(numbers)}")
        first = pdf.pages[0]
        rules = {(round(r["x0"]), round(r["top"])): r for r in first.rects + first.lines if r["height"] < 1.5}
        left, right = 30 * MM, 92 * MM
        columns = {"issuing body": (left, right), "motto": (right, first.width), "subject": (left, first.width)}
        for rule in sorted(rules.values(), key=lambda r: r["top"]):
            centre = (rule["x0"] + rule["x1"]) / 2
            name = "subject" if rule["top"] > 45 * MM else ("issuing body" if centre < right else "motto")
            x0, x1 = columns[name]
            area = first.crop((x0, max(rule["top"] - 30 * MM, 0), x1, rule["top"]))
            above = [ln for ln in area.extract_text_lines(strip=True) if rule["top"] - ln["bottom"] < 8 * MM]
            if name == "subject":
                above = area.extract_text_lines(strip=True)[-3:]
            if above:
                width = max(ln["x1"] - ln["x0"] for ln in above[-3:] if name == "subject" or ln is above[-1])
                print(f"  {label}: rule under the {name}: {rule['width'] / MM:.1f} mm = {rule['width'] / width:.0%}")


if __name__ == "__main__":
    main()
