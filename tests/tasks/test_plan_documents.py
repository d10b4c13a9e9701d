"""Reading the two real plans, as Markdown and as Word files, gives the hand-made fixtures' trees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from tasks.importer import import_file
from tasks.plan_import.extract import propose_plan, propose_plan_from_text
from tasks.plan_import.proposal import PlanProposal
from tasks.plan_import.reading import DocumentReadError
from tests.tasks.plan_documents import (
    BTNMT_FIXTURE,
    BTNMT_TEXT,
    PLANS_DIR,
    SEED_FIXTURE,
    SEED_TEXT,
    fixture_plan,
    fixture_rows,
    markdown_to_docx,
    proposal_rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """The Bến Tre agencies and groups with their aliases, and the ministry's units of 09/KH-BTNMT."""
    call_command("load_seed_plan", verbosity=0)
    import_file(path=BTNMT_FIXTURE)


def seed_proposal(**kwargs) -> PlanProposal:
    return propose_plan(filename=SEED_TEXT.name, content=SEED_TEXT.read_bytes(), **kwargs)


def btnmt_proposal() -> PlanProposal:
    return propose_plan(filename=BTNMT_TEXT.name, content=BTNMT_TEXT.read_bytes())


def assert_same_rows(got: dict[str, dict], expected: dict[str, dict]) -> None:
    assert list(got) == list(expected), "the task tree differs"
    for code, row in expected.items():
        assert got[code] == row, f"task {code} differs"


def test_seed_plan_text_gives_the_fixture_tree_agencies_and_timings(registry):
    expected = fixture_rows(fixture_plan(SEED_FIXTURE, ""))

    assert_same_rows(proposal_rows(seed_proposal()), expected)


def test_seed_plan_header_and_reporting_schedule(registry):
    proposal = seed_proposal()
    header = proposal.header

    assert header.number == ""
    assert header.issued_on == dt.date(2018, 11, 30)
    assert header.issuer.agency == "UBND"
    assert header.title == fixture_plan(SEED_FIXTURE, "")["title"]
    assert [(ref.number, ref.issued_on) for ref in header.supplements] == [("4447/KH-UBND", dt.date(2018, 9, 24))]
    assert header.legal_basis.startswith("Thực hiện Nghị quyết số 132/NQ-CP")
    assert header.recipients[0] == "- Bộ Nội vụ (kèm KH4447);" and len(header.recipients) == 9
    reporting = proposal.reporting
    assert (reporting.semiannual, reporting.annual, reporting.ad_hoc) == (True, True, True)
    assert (reporting.monthly, reporting.quarterly) == (False, False)
    assert reporting.consolidator.agency == "SNV"
    assert reporting.to.agency == "UBND"
    assert any("số, ký hiệu" in flag for flag in proposal.flags), "a missing number is pointed out"


def test_btnmt_annex_gives_its_nine_tasks_with_agencies_and_timings(registry):
    expected = fixture_rows(fixture_plan(BTNMT_FIXTURE, "09/KH-BTNMT"))
    proposal = btnmt_proposal()

    assert_same_rows(proposal_rows(proposal), expected)
    assert sum(not task.heading for task in proposal.tasks) == 9
    assert any("Phụ lục" in flag for flag in proposal.flags), "the prose sections left as text are named"


def test_btnmt_header_is_read_from_the_header_table(registry):
    proposal = btnmt_proposal()
    header = proposal.header

    assert (header.number, header.issued_on, header.place) == ("09/KH-BTNMT", dt.date(2024, 8, 6), "Hà Nội")
    assert header.issuer.agency == "BTNMT"
    # Set in capitals in the document; written back as its body writes the words.
    assert header.title == fixture_plan(BTNMT_FIXTURE, "09/KH-BTNMT")["title"]
    assert [(ref.number, ref.issued_on) for ref in header.implements] == [("13/CT-TTg", dt.date(2024, 5, 2))]
    assert header.recipients[0] == "- Bộ trưởng (để báo cáo);"
    assert proposal.reporting.consolidator.agency == "CBDKH"
    assert proposal.reporting.to.agency == "BTNMT"


@pytest.mark.parametrize("text_path", [SEED_TEXT, BTNMT_TEXT], ids=["seed-as-paragraphs", "btnmt-annex-as-word-table"])
def test_a_word_copy_imports_the_same_as_the_text(registry, text_path):
    from_text = propose_plan(filename=text_path.name, content=text_path.read_bytes()).to_json()
    content = markdown_to_docx(text_path.read_text(encoding="utf-8"))

    from_word = propose_plan(filename="plan.docx", content=content).to_json()

    for proposal in (from_text, from_word):
        proposal.pop("source_name")
    assert from_word == from_text


def test_pasted_text_without_markdown_marks_reads_the_same_tree(registry):
    plain = SEED_TEXT.read_text(encoding="utf-8").replace("**", "").replace("*", "")
    plain = "\n".join(line.lstrip("# ") for line in plain.splitlines())

    assert list(proposal_rows(propose_plan_from_text(text=plain))) == list(proposal_rows(seed_proposal()))


def test_an_agency_missing_from_the_registry_is_flagged_not_guessed(registry):
    text = SEED_TEXT.read_text(encoding="utf-8").replace("Sở Xây dựng chủ trì", "Sở Ngoại vụ chủ trì")

    proposal = propose_plan_from_text(text=text)

    task = next(task for task in proposal.tasks if task.code == "II.3")
    assert [(party.written, party.agency, party.suggested_kind) for party in task.lead.parties] == [
        ("Sở Ngoại vụ", "", "department")
    ]
    assert task.needs_attention


def test_unreadable_timing_is_kept_as_text_and_flagged(registry):
    text = SEED_TEXT.read_text(encoding="utf-8").replace("(*thực hiện trong năm 2019*)", "(*thực hiện sớm*)")

    proposal = propose_plan_from_text(text=text)

    task = next(task for task in proposal.tasks if task.code == "II.2.c.2")
    assert task.timing.kind == "unspecified"
    assert "sớm" in task.timing.text
    assert task.timing.flag


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("plan.pdf", b"%PDF-1.4", ".docx, .md hoặc .txt"),
        ("plan.docx", b"not a zip", "Không mở được tệp .docx"),
        ("plan.txt", "Kế hoạch".encode("utf-16"), "UTF-8"),
    ],
)
def test_files_that_are_not_plan_documents_get_a_clear_message(filename, content, message):
    with pytest.raises(DocumentReadError, match=message):
        propose_plan(filename=filename, content=content)


def test_proposal_survives_a_json_round_trip(registry):
    proposal = seed_proposal()

    assert PlanProposal.from_json(proposal.to_json()) == proposal


def test_a_task_table_inside_a_section_with_group_rows_and_reporting_due_days(registry):
    path = PLANS_DIR / "sample-2026-inline-task-table.md"
    proposal = propose_plan(filename=path.name, content=path.read_bytes())
    tasks = {task.code: task for task in proposal.tasks}

    assert [code for code, task in tasks.items() if task.heading] == ["I", "II", "II.I", "II.II", "III"]
    quarters = tasks["II.I.1"].timing
    assert (quarters.starts_on, quarters.due_on) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert tasks["II.I.2"].lead.parties[0].group == "ubnd-huyen-thanh-pho"
    assert (tasks["II.II.4"].timing.kind, tasks["II.II.4"].timing.yearly_due_day) == ("yearly", 15)
    assert [party.written for party in tasks["II.II.3"].coordinating.unknown] == ["Sở Ngoại vụ"]
    assert tasks["II.II.6"].timing.flag, "“sớm” is not a deadline"
    flagged = [code for code, task in tasks.items() if task.needs_attention]
    assert flagged == ["II.II.3", "II.II.6"]
    reporting = proposal.reporting
    assert (reporting.monthly, reporting.quarterly, reporting.annual, reporting.semiannual) == (True, True, True, False)
    assert (reporting.due_day, reporting.annual_due_day, reporting.annual_due_month) == (20, 10, 12)
    assert (reporting.consolidator.agency, reporting.to.agency) == ("STTTT", "UBND")
    assert reporting.to.written == "UBND tỉnh"


def test_without_its_annex_09_is_read_from_its_prose_with_roles_put_by_the_headings(registry):
    """ "1. Cục Biến đổi khí hậu có trách nhiệm:" then "a) Chủ trì, phối hợp với ..." / "e) Phối hợp với ..."."""
    text = BTNMT_TEXT.read_text(encoding="utf-8")
    proposal = propose_plan_from_text(text=text[: text.index("## PHỤ LỤC")])
    tasks = {task.code: task for task in proposal.tasks}

    def agencies(parties):
        return [party.ref or f"?{party.written}" for party in parties.parties]

    assert tasks["III.1"].heading and tasks["III.1"].title == "Cục Biến đổi khí hậu"
    assert agencies(tasks["III.1.a"].lead) == ["CBDKH"]
    assert tasks["III.1.a"].coordinating.unnamed == "các cơ quan, đơn vị có liên quan"
    assert (agencies(tasks["III.1.b"].lead), agencies(tasks["III.1.b"].coordinating)) == (
        ["CBDKH"],
        ["CKSONMT", "VMT-BTNMT"],
    )
    # "Phối hợp với X": X is proposed as lead, the heading's agency coordinates, and a person is asked to check.
    assert (agencies(tasks["III.1.e"].lead), agencies(tasks["III.1.e"].coordinating)) == (
        ["group:bao-chi-btnmt"],
        ["CBDKH"],
    )
    assert any("phối hợp" in flag for flag in tasks["III.1.e"].flags)
    assert agencies(tasks["III.1.i"].lead) == [
        "?các cơ quan chuyên môn thuộc Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
    ]
    assert tasks["III.4"].title.startswith("Kịp thời tổng hợp, phản ánh sự kiện")
    assert agencies(tasks["III.4"].lead) == ["TTTT-TNMT", "BAO-TNMT", "TCH-TNMT"]
    assert tasks["II.1"].needs_attention, "a task with no named agency is pointed out"
