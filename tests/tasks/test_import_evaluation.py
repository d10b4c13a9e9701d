"""The scorer of the plan reader: rows matched to true tasks, and what makes a task whole."""

import datetime as dt

import pytest

from tasks.plan_import.evaluation import (
    canonical_words,
    match,
    proposal_kind,
    proposed_rows,
    ref_key,
    regressions,
    score_document,
    similarity,
    true_tasks,
)
from tasks.plan_import.proposal import PartyList, PartyMatch, PlanProposal, TaskProposal, TimingProposal

ALIASES = {"sở tt tt": "STTTT", "sở thông tin và truyền thông": "STTTT", "sở nội vụ": "SNV"}


def canonical(name: str) -> str:
    words = canonical_words(name)
    return ALIASES.get(words, words)


def truth_task(ref, text, lead=(), implementing=(), kind="unspecified", due=None):
    return {
        "ref": ref,
        "text": text,
        "lead": list(lead),
        "coordinating": [],
        "implementing": list(implementing),
        "timing_kind": kind,
        "due": due,
    }


def row(code, text, lead=(), implementing=(), kind="unspecified", due=None, heading=False):
    def parties(names):
        return PartyList([PartyMatch(name, agency=ALIASES.get(canonical_words(name), "")) for name in names])

    return TaskProposal(
        code=code,
        ref=code,
        title=text,
        full_text=text,
        heading=heading,
        lead=parties(lead),
        implementing=parties(implementing),
        timing=TimingProposal(kind=kind, due_on=dt.date.fromisoformat(due) if due else None),
    )


def score(tasks, rows, duties=()):
    truth = {"tasks": tasks, "duties": list(duties)}
    return score_document(document="x.md", truth=truth, proposal=PlanProposal(tasks=rows), canonical=canonical)


@pytest.mark.parametrize(
    ("truth", "proposed"),
    [
        ("Phụ lục 23-1", "PL.23.1"),
        ("Phụ lục 7", "PL.III.7"),
        ("II.2.b-1", "II.2.b.1"),
        ("IV.12", "IV.12"),
        ("Phụ lục 1.a", "PL.1.a"),
    ],
)
def test_a_plan_number_written_two_ways_compares_equal(truth, proposed):
    assert ref_key(truth) == ref_key(proposed)


def test_a_row_with_the_same_number_is_matched_before_a_likelier_text():
    tasks = true_tasks({"tasks": [truth_task("II.1", "Rà soát quy hoạch"), truth_task("II.2", "Rà soát quy hoạch xã")]})
    rows = [_row("II.2", "Rà soát quy hoạch"), _row("II.1", "Rà soát quy hoạch xã")]

    assert match(tasks, rows) == {0: 1, 1: 0}


def _row(code, text):
    return proposed_rows(PlanProposal(tasks=[row(code, text)]), canonical)[0]


def test_words_unlike_each_other_pair_nothing():
    tasks = true_tasks({"tasks": [truth_task("1", "Tổ chức hội nghị phổ biến Nghị định")]})

    assert match(tasks, [_row("9", "Kinh phí thực hiện từ ngân sách nhà nước")]) == {}
    assert similarity("Tổ chức hội nghị", "Tổ chức hội nghị\nCơ quan chủ trì: Sở Nội vụ") == 1.0


def test_a_task_read_exactly_is_whole_with_the_name_written_another_way():
    result = score(
        [
            truth_task(
                "1", "Tuyên truyền Kế hoạch", lead=["Sở Thông tin và Truyền thông"], kind="by_date", due="2026-06-30"
            )
        ],
        [row("1", "Tuyên truyền Kế hoạch", lead=["Sở TT&TT"], kind="by_quarter", due="2026-06-30")],
    )

    assert (result.tasks, result.whole, result.kind, result.due, result.extra) == (1, 1, 1, 1, 0)


@pytest.mark.parametrize(
    ("proposed", "why"),
    [
        (row("1", "Tuyên truyền Kế hoạch", lead=["Sở Nội vụ"], kind="by_date", due="2026-06-30"), "chủ trì"),
        (row("1", "Tuyên truyền Kế hoạch", lead=["Sở TT&TT"], kind="within_year", due="2026-12-31"), "loại thời hạn"),
        (row("1", "Tuyên truyền Kế hoạch", lead=["Sở TT&TT"], kind="by_date", due="2026-09-30"), "hạn"),
    ],
)
def test_a_task_with_a_wrong_owner_kind_or_due_date_is_not_whole_and_says_why(proposed, why):
    truth = truth_task("1", "Tuyên truyền Kế hoạch", lead=["Sở TT&TT"], kind="by_date", due="2026-06-30")

    result = score([truth], [proposed])

    assert result.whole == 0
    assert any(reason.startswith(f"[1] {why}") for reason in result.misses[0].why)


def test_implementing_agencies_are_the_owners_of_a_task_with_no_lead():
    truth = truth_task("1", "Quán triệt Chỉ thị", implementing=["UBND các xã, phường"])

    assert score([truth], [row("1", "Quán triệt Chỉ thị", implementing=["UBND các xã, phường"])]).whole == 1
    assert score([truth], [row("1", "Quán triệt Chỉ thị", lead=["UBND các xã, phường"])]).whole == 1
    assert score([truth], [row("1", "Quán triệt Chỉ thị")]).whole == 0


def test_rows_matching_no_task_are_extra_and_rows_matching_a_duty_are_not():
    duty = truth_task("III.1", "Theo dõi, đôn đốc thực hiện Kế hoạch", lead=["Sở Nội vụ"])
    result = score(
        [truth_task("1", "Quán triệt Chỉ thị", lead=["Sở Nội vụ"])],
        [
            row("1", "Quán triệt Chỉ thị", lead=["Sở Nội vụ"]),
            row("III.1", "Theo dõi, đôn đốc thực hiện Kế hoạch", lead=["Sở Nội vụ"]),
            row("III.2", "Kinh phí do ngân sách tỉnh bảo đảm"),
            row("II", "Nhiệm vụ", heading=True),
        ],
        duties=[duty],
    )

    assert (result.tasks, result.proposed, result.whole, result.duty_rows, result.extra) == (1, 3, 1, 1, 1)
    assert result.extra_rows == ["III.2: Kinh phí do ngân sách tỉnh bảo đảm"]


def test_a_task_no_row_matches_is_missed_as_not_found():
    result = score([truth_task("1", "Quán triệt Chỉ thị")], [])

    assert result.misses[0].why == ["không tìm thấy"]


@pytest.mark.parametrize(
    ("kind", "starts_on", "due_on", "expected"),
    [
        ("within_year", dt.date(2026, 1, 1), dt.date(2030, 12, 31), "year_range"),
        ("within_year", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "within_year"),
        ("by_quarter", dt.date(2026, 7, 1), dt.date(2027, 12, 31), "year_range"),
        ("by_quarter", None, dt.date(2026, 9, 30), "by_date"),
        ("by_month", None, dt.date(2026, 5, 31), "by_date"),
        ("from_date", dt.date(2026, 1, 1), None, "from_date"),
        # Days or months that only cross a new year are a period with a last day, not a range of years.
        ("by_date", dt.date(2025, 12, 5), dt.date(2026, 2, 20), "by_date"),
        ("by_month", dt.date(2025, 11, 1), dt.date(2026, 4, 30), "by_date"),
        ("by_quarter", dt.date(2026, 7, 1), dt.date(2030, 9, 30), "year_range"),
        ("yearly", dt.date(2026, 10, 1), dt.date(2029, 12, 31), "yearly"),
        ("yearly", dt.date(2026, 12, 31), dt.date(2029, 12, 31), "yearly"),
    ],
)
def test_the_models_timing_kinds_read_in_the_truths_words(kind, starts_on, due_on, expected):
    assert proposal_kind(kind, starts_on, due_on) == expected


def test_a_document_regresses_when_it_loses_whole_tasks_or_gains_extra_rows():
    recorded = {"x.md": {"whole": 1, "extra": 0}}
    worse = score([truth_task("1", "Quán triệt Chỉ thị")], [row("2", "Kinh phí do ngân sách tỉnh bảo đảm")])

    assert regressions(recorded, [worse]) == ["x.md: 0 nhiệm vụ đủ, trước là 1", "x.md: 1 dòng thừa, trước là 0"]
    assert regressions({"other.md": {"whole": 9, "extra": 0}}, [worse]) == []
