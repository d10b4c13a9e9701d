"""Helpers for plan-document tests: the two real plans, Word copies of them, and fixture comparison."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from django.conf import settings

from agencies.models import AgencyGroup
from tasks.plan_import.proposal import PlanProposal
from tasks.plan_import.saving import plan_spec

PLANS_DIR = Path(__file__).resolve().parent.parent / "data" / "plans"
SEED_TEXT = PLANS_DIR / "bentre-2018-bo-sung-KH4447.md"
BTNMT_TEXT = PLANS_DIR / "btnmt-2024-KH09-trien-khai-chi-thi-13-tin-chi-cac-bon.md"
SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures/plans/bentre-2018-bo-sung-KH4447.json"
BTNMT_FIXTURE = Path(settings.BASE_DIR) / "fixtures/plans/btnmt-2024-KH09-tin-chi-cac-bon.json"
ROLES = ("lead", "coordinating", "implementing")


def fixture_plan(path: Path, number: str) -> dict:
    plans = json.loads(path.read_text(encoding="utf-8"))["plans"]
    return next(plan for plan in plans if plan["number"] == number)


def flat_tasks(tree: list[dict]) -> list[dict]:
    out = []
    for spec in tree:
        out.append(spec)
        out += flat_tasks(spec.get("children", []))
    return out


def comparable(spec: dict) -> dict:
    """What a reader must get right about one task: place in the tree, who does it, and when."""
    members = {group.code: sorted(group.members.values_list("code", flat=True)) for group in AgencyGroup.objects.all()}
    timing = spec.get("timing") or {"kind": "unspecified"}
    row = {
        "heading": bool(spec.get("heading", False)),
        "timing": {key: timing.get(key) or None for key in ("kind", "text", "starts_on", "due_on")},
        "unnamed_parties": spec.get("unnamed_parties", ""),
    }
    for role in ROLES:
        agencies = set()
        for ref in spec.get(role, []):
            agencies.update(members[ref[6:]] if ref.startswith("group:") else [ref])
        row[role] = sorted(agencies)
    return row


def proposal_rows(proposal: PlanProposal) -> dict[str, dict]:
    return {spec["code"]: comparable(spec) for spec in flat_tasks(plan_spec(proposal)["tasks"])}


def fixture_rows(plan: dict) -> dict[str, dict]:
    return {spec["code"]: comparable(spec) for spec in flat_tasks(plan["tasks"])}


def markdown_to_docx(text: str) -> bytes:
    """A Word file of a Markdown plan: headings as Heading styles, bullets as List Bullet, pipe tables as tables."""
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for cells, row in zip(table.rows, rows, strict=True):
            for cell, value in zip(cells.cells, row, strict=False):
                cell.text = value
        rows.clear()

    for raw in re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if not re.match(r"^\|\s*-{3,}", line):
                rows.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        flush()
        if not line:
            continue
        plain = line.replace("**", "").replace("*", "")
        if line.startswith("#"):
            document.add_heading(plain.lstrip("# "), level=min(line.count("#", 0, 6), 4))
        elif line.startswith("- "):
            document.add_paragraph(plain[2:], style="List Bullet")
        else:
            document.add_paragraph(plain)
    flush()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
