"""Plans the reader was not written against import whole (issue 14): a commune plan in prose, a
ministry annex with its columns in another order and group rows, a provincial plan mixing prose
and a table inside a section. Each task checked field by field against what the document says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from tasks.importer import import_file
from tasks.plan_import.extract import propose_plan
from tasks.plan_import.summary import is_whole, task_rows
from tasks.timing import TimingKind as K

pytestmark = pytest.mark.django_db

PLANS = Path(settings.BASE_DIR) / "tests/data/plans"
D = dt.date
XA = "group:xa-phuong"
BNDP = "group:bo-nganh-dia-phuong"

# number: (lead, coordinating, timing kind, due date) as the document writes them.
COMMUNE_PROSE = {
    "II.1.a": (["XA-ANHOI-VP"], ["XA-ANHOI-CA"], K.BY_DATE, D(2026, 3, 15)),
    "II.1.b": (["XA-ANHOI-KT"], ["XA-ANHOI-VP"], K.BY_QUARTER, D(2026, 6, 30)),
    "II.1.c": (["XA-ANHOI-CA"], [], K.RECURRING, None),
    "II.2.a": (["XA-ANHOI-VP"], [], K.YEARLY, None),
    "II.2.b": (["XA-ANHOI-VHXH"], ["XA-ANHOI-MTTQ"], K.FROM_DATE, None),
    "II.2.c": (["XA-ANHOI-TYT"], [], K.WITHIN_YEAR, D(2027, 12, 31)),
    "II.3.1": (["XA-ANHOI-VHXH"], ["XA-ANHOI-KT"], K.BY_DATE, D(2026, 6, 30)),
    "II.3.2": (["XA-ANHOI-VHXH"], ["XA-ANHOI-KT"], K.BY_MONTH, D(2026, 12, 31)),
}
MINISTRY_ANNEX = {
    "PL.I.1": (["CLNKL"], ["VPCPL"], K.BY_QUARTER, D(2026, 6, 30)),
    "PL.I.2": (["CLNKL"], ["CBDKH"], K.BY_DATE, D(2026, 3, 15)),
    "PL.I.3": (["VPCPL"], ["CLNKL"], K.DONE, None),
    "PL.II.4": ([BNDP], ["CLNKL"], K.WITHIN_YEAR, D(2027, 12, 31)),
    "PL.II.5": (["CLNKL"], ["TTCDS"], K.RECURRING, None),
    "PL.II.6": (["VKHTC"], ["CLNKL"], K.YEARLY, None),
    "PL.II.7": (["CLNKL"], [XA], K.FROM_DATE, None),
    "PL.II.8": (["VKHTC"], [BNDP], K.BY_QUARTER, D(2027, 12, 31)),
}
PROVINCE_MIXED = {
    "II.1.a": (["SNNMT"], ["PTTH"], K.RECURRING, None),
    "II.1.b": (["SNNMT"], [XA], K.BY_DATE, D(2026, 3, 31)),
    "II.2.1": ([XA], ["SNNMT"], K.BY_QUARTER, D(2026, 6, 30)),
    "II.2.2": (["STC"], ["SNNMT"], K.YEARLY, None),
    "II.2.3": (["SNNMT"], ["SKHCN"], K.WITHIN_YEAR, D(2027, 12, 31)),
    "II.2.4": ([XA], ["SXD", "SYT"], K.RECURRING, None),
    "II.3.a": (["SVHTTDL"], ["BDK"], K.FROM_DATE, None),
    "II.3.b": (["SGDDT"], [], K.BY_QUARTER, D(2026, 9, 30)),
}
DOCUMENTS = [
    ("xa-anhoi-2026-chuyen-doi-so-cap-xa.md", COMMUNE_PROSE),
    ("bnnmt-2026-phu-luc-trong-rung.md", MINISTRY_ANNEX),
    ("bentre-2026-ung-pho-bien-doi-khi-hau.md", PROVINCE_MIXED),
]


@pytest.fixture
def registry():
    import_file(path=Path(settings.BASE_DIR) / "fixtures/agencies_bentre.json")
    import_file(path=Path(settings.BASE_DIR) / "tests/data/registry/agencies_new_plan_shapes.json")


def _proposal(name: str):
    return propose_plan(filename=name, content=(PLANS / name).read_bytes())


@pytest.mark.parametrize(("name", "expected"), DOCUMENTS)
def test_every_task_gets_the_leads_coordinators_and_timing_the_document_gives(registry, name, expected):
    rows = {row["number"]: row for row in task_rows(_proposal(name))}

    for number, (lead, coordinating, kind, due_on) in expected.items():
        row = rows[number]
        read = (row["lead"], row["coordinating"], row["timing_kind"], row["due_on"])
        assert read == (lead, coordinating, kind, due_on.isoformat() if due_on else None), number


@pytest.mark.parametrize(("name", "expected"), DOCUMENTS)
def test_every_assigned_task_is_whole_and_needs_no_correction(registry, name, expected):
    tasks = {task.code: task for task in _proposal(name).tasks}

    assert [code for code in expected if not is_whole(tasks[code])] == []


def test_a_ministry_annex_table_is_read_whatever_its_columns_are_called(registry):
    proposal = _proposal("bnnmt-2026-phu-luc-trong-rung.md")

    titles = [task.title for task in proposal.tasks if not task.heading]
    assert titles[:2] == [
        "Rà soát quy định về quản lý rừng phòng hộ ven biển",
        "Xây dựng hướng dẫn kỹ thuật trồng rừng ngập mặn",
    ]
    assert [task.title for task in proposal.tasks if task.heading] == [
        "NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH",
        "XÂY DỰNG THỂ CHẾ",
        "TỔ CHỨC TRỒNG RỪNG",
    ]
