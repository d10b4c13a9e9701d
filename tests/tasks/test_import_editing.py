"""Row operations on a proposal and how edited form data goes back into it: pure, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from tasks.plan_import import editing
from tasks.plan_import.forms import Readers, apply_edits, document_ref, header_initial, task_initial
from tasks.plan_import.proposal import PartyList, PartyMatch, PlanProposal, TaskProposal, TimingProposal
from tasks.timing import TimingKind


def row(code: str, title: str = "", **kwargs) -> TaskProposal:
    return TaskProposal(code=code, ref=code, title=title or f"Việc {code}", **kwargs)


def plan(*codes: str) -> PlanProposal:
    return PlanProposal(tasks=[row(code) for code in codes])


def codes(proposal: PlanProposal) -> list[str]:
    return [task.code for task in proposal.tasks]


@pytest.mark.parametrize(
    ("code", "taken", "expected"),
    [
        ("II.1.a", {"II.1.a"}, "II.1.a-2"),
        ("II.1.a", {"II.1.a", "II.1.a-2"}, "II.1.a-3"),
        ("II.1.a-2", {"II.1.a", "II.1.a-2"}, "II.1.a-3"),  # a copy of a copy is numbered from the original
        ("PL.3", {"PL.3", "PL.3-2", "PL.3-3"}, "PL.3-4"),
        ("", set(), "1-2"),
    ],
)
def test_free_code_is_next_to_the_row_and_unused(code, taken, expected):
    assert editing.free_code(code, taken) == expected


@pytest.mark.parametrize(
    ("operation", "index", "expected"),
    [
        (editing.delete_task, 0, ["I.1", "I.2", "II"]),
        (editing.delete_task, 3, ["I", "I.1", "I.2"]),
        (editing.merge_into_previous, 2, ["I", "I.1", "II"]),
        (editing.merge_into_previous, 3, ["I", "I.1", "I.2"]),
        (editing.split_task, 1, ["I", "I.1", "I.1-2", "I.2", "II"]),
        (editing.split_task, 3, ["I", "I.1", "I.2", "II", "II-2"]),
        (editing.add_task_after, 2, ["I", "I.1", "I.2", "I.2-2", "II"]),
        (editing.add_task_after, -1, ["1", "I", "I.1", "I.2", "II"]),
    ],
)
def test_row_operations_leave_the_other_rows_codes_untouched(operation, index, expected):
    original = plan("I", "I.1", "I.2", "II")

    changed = operation(original, index)

    assert codes(changed) == expected
    assert codes(original) == ["I", "I.1", "I.2", "II"]  # the given proposal is left as it was


def test_adding_a_row_to_an_empty_table_starts_at_one():
    assert codes(editing.add_task_after(PlanProposal(), -1)) == ["1"]


@pytest.mark.parametrize(
    ("operation", "index"),
    [
        (editing.merge_into_previous, 0),
        (editing.delete_task, 4),
        (editing.split_task, -1),
        (editing.add_task_after, 4),
        (editing.merge_into_previous, 9),
    ],
)
def test_row_operations_refuse_rows_that_are_not_there(operation, index):
    with pytest.raises(editing.RowError):
        operation(plan("I", "I.1", "I.2", "II"), index)


def test_a_split_row_is_a_full_copy_for_the_person_to_edit():
    original = PlanProposal(
        tasks=[row("II.1", lead=PartyList([PartyMatch("Sở Nội vụ", agency="SNV")]), timing=TimingProposal("2019"))]
    )

    second = editing.split_task(original, 0).tasks[1]

    assert (second.title, second.ref, second.timing.text) == ("Việc II.1", "II.1", "2019")
    assert second.lead.parties == [PartyMatch("Sở Nội vụ", agency="SNV")]


def test_merging_joins_texts_unites_parties_and_keeps_the_upper_timing():
    upper = row(
        "II.1",
        "Tuyên truyền",
        full_text="Tuyên truyền Nghị quyết.",
        lead=PartyList([PartyMatch("Sở Nội vụ", agency="SNV")]),
        coordinating=PartyList(unnamed="các cơ quan liên quan"),
        timing=TimingProposal("trong năm 2019", kind=TimingKind.WITHIN_YEAR),
        flags=["đoạn dài"],
    )
    lower = row(
        "II.2",
        "Phổ biến",
        lead=PartyList([PartyMatch("sở nội vụ", agency="SNV"), PartyMatch("Sở Tư pháp", agency="STP")]),
        coordinating=PartyList([PartyMatch("Ban Mới")], unnamed="các cơ quan liên quan"),
        timing=TimingProposal("quý IV", kind=TimingKind.BY_QUARTER),
        flags=["đoạn dài", "không rõ chủ trì"],
    )

    merged = editing.merge_into_previous(PlanProposal(tasks=[upper, lower]), 1).tasks

    assert len(merged) == 1
    task = merged[0]
    assert (task.code, task.title) == ("II.1", "Tuyên truyền")
    assert task.full_text == "Tuyên truyền Nghị quyết.\nPhổ biến"
    assert [party.written for party in task.lead.parties] == ["Sở Nội vụ", "Sở Tư pháp"]
    assert [party.written for party in task.coordinating.parties] == ["Ban Mới"]
    assert task.coordinating.unnamed == "các cơ quan liên quan"
    assert task.timing.text == "trong năm 2019"
    assert task.flags == ["đoạn dài", "không rõ chủ trì"]


def test_merging_into_a_row_without_timing_takes_the_lower_rows_timing():
    merged = editing.merge_into_previous(PlanProposal(tasks=[row("1"), row("2", timing=TimingProposal("2020"))]), 1)
    assert merged.tasks[0].timing.text == "2020"


@pytest.mark.parametrize(("code", "depth"), [("I", 0), ("II.1", 1), ("II.2.b", 2), ("II.2.b.1", 3), ("PL.3-2", 1)])
def test_depth_follows_the_dots_of_the_code(code, depth):
    assert editing.depth(row(code)) == depth


def test_attention_lists_every_flag_and_each_unknown_name_once_with_its_rows():
    proposal = PlanProposal(
        flags=["Chưa có số hiệu"],
        tasks=[
            row("1", flags=["Không rõ"], timing=TimingProposal("sớm", flag="Không hiểu “sớm”")),
            row("2", lead=PartyList([PartyMatch("Ban Mới"), PartyMatch("Sở Nội vụ", agency="SNV")])),
            row("3", lead=PartyList([PartyMatch("Ban Mới")]), coordinating=PartyList([PartyMatch("Ban Mới")])),
            row("4", implementing=PartyList([PartyMatch("UBND huyện X")])),
        ],
    )
    proposal.reporting.flag = "Không rõ hạn báo cáo"
    proposal.header.issuer = PartyMatch("UBND huyện X")
    proposal.reporting.to = PartyMatch("UBND huyện X")

    found = editing.attention(proposal, unknown_label=lambda name: f"{name}?")

    assert [(item.codes, item.message) for item in found] == [
        ((), "Chưa có số hiệu"),
        ((), "Không rõ hạn báo cáo"),
        (("1",), "Không rõ"),
        (("1",), "Không hiểu “sớm”"),
        (("4",), "UBND huyện X?"),  # the issuer's name, also named in row 4
        (("2", "3"), "Ban Mới?"),
    ]


# ---- edited form data -> proposal ----------------------------------------------------------------


class FakeReaders:
    """Knows two agencies; records which names and timings were read again."""

    KNOWN = {"Sở Nội vụ": "SNV", "Sở Tư pháp": "STP"}

    def __init__(self):
        self.matched: list[str] = []
        self.parsed: list[str] = []

    def match_one(self, written: str) -> PartyMatch:
        self.matched.append(written)
        return PartyMatch(
            written, agency=self.KNOWN.get(written, ""), suggested_kind="" if written in self.KNOWN else "other"
        )

    def parse_timing(self, text: str) -> TimingProposal:
        self.parsed.append(text)
        return TimingProposal(text=text, kind=TimingKind.WITHIN_YEAR, due_on=dt.date(2030, 12, 31))

    @property
    def readers(self) -> Readers:
        return Readers(match_one=self.match_one, parse_timing=self.parse_timing)


def edited(proposal: PlanProposal, fake: FakeReaders, rows: dict[int, dict] | None = None, **header):
    header_data = {**header_initial(proposal), **header}
    row_data = [task_initial(task) for task in proposal.tasks]
    for index, changes in (rows or {}).items():
        row_data[index].update(changes)
    return apply_edits(proposal, header=header_data, rows=row_data, readers=fake.readers)


def proposal_with_parties() -> PlanProposal:
    return PlanProposal(
        tasks=[
            row(
                "1",
                lead=PartyList([PartyMatch("Sở NV", agency="SNV")]),
                coordinating=PartyList(
                    [PartyMatch("Ban Mới", suggested_kind="party")], unnamed="các cơ quan liên quan"
                ),
                timing=TimingProposal("từ năm 2019", kind=TimingKind.FROM_DATE, starts_on=dt.date(2019, 1, 1)),
            )
        ]
    )


def test_unchanged_form_data_gives_the_same_proposal_and_reads_nothing_again():
    proposal, fake = proposal_with_parties(), FakeReaders()

    result, reread = edited(proposal, fake)

    assert result == proposal
    assert reread is False
    assert fake.parsed == []
    assert fake.matched == ["Ban Mới"]  # an unknown name is tried again: an alias may have been added


def test_a_matched_name_keeps_its_match_and_a_new_name_is_matched():
    fake = FakeReaders()

    result, reread = edited(proposal_with_parties(), fake, rows={0: {"lead": "Sở NV; Sở Tư pháp;  "}})

    assert [(party.written, party.agency) for party in result.tasks[0].lead.parties] == [
        ("Sở NV", "SNV"),
        ("Sở Tư pháp", "STP"),
    ]
    assert reread is True
    assert "Sở NV" not in fake.matched


def test_a_name_still_unknown_keeps_the_kind_the_reader_suggested():
    result, reread = edited(proposal_with_parties(), FakeReaders())
    assert result.tasks[0].coordinating.parties == [PartyMatch("Ban Mới", suggested_kind="party")]
    assert reread is False


def test_a_rewritten_timing_is_parsed_again_and_an_emptied_one_is_unspecified():
    fake = FakeReaders()
    result, reread = edited(proposal_with_parties(), fake, rows={0: {"timing_text": "trong năm 2030"}})
    assert (result.tasks[0].timing.kind, result.tasks[0].timing.due_on, reread) == (
        TimingKind.WITHIN_YEAR,
        dt.date(2030, 12, 31),
        True,
    )
    result, _reread = edited(proposal_with_parties(), fake, rows={0: {"timing_text": "  "}})
    assert result.tasks[0].timing == TimingProposal()


@pytest.mark.parametrize(
    ("typed", "lead", "coordinating"),
    [
        ("các cơ quan liên quan", "", "các cơ quan liên quan"),  # unchanged: stays where it was read
        ("các đơn vị khác", "", "các đơn vị khác"),
        ("", "", ""),
    ],
)
def test_unnamed_parties_stay_with_the_role_they_were_read_in(typed, lead, coordinating):
    result, _reread = edited(proposal_with_parties(), FakeReaders(), rows={0: {"unnamed": typed}})
    task = result.tasks[0]
    assert (task.lead.unnamed, task.coordinating.unnamed) == (lead, coordinating)


@pytest.mark.parametrize(
    ("old", "written", "chosen", "expected"),
    [
        (PartyMatch("UBND tỉnh", agency="UBND"), "UBND tỉnh", "UBND", PartyMatch("UBND tỉnh", agency="UBND")),
        (PartyMatch("UBND tỉnh", agency="UBND"), "UBND tỉnh", "SNV", PartyMatch("UBND tỉnh", agency="SNV")),
        (PartyMatch("Sở NV", agency="SNV"), "Sở NV", "", PartyMatch("Sở NV")),  # emptied: the match was wrong
        (PartyMatch("Bộ X", suggested_kind="central"), "Sở Nội vụ", "", PartyMatch("Sở Nội vụ", agency="SNV")),
        (None, "", "", None),
    ],
)
def test_the_issuer_chosen_from_the_list_wins_over_the_written_name(old, written, chosen, expected):
    proposal = PlanProposal()
    proposal.header.issuer = old
    result, _reread = edited(proposal, FakeReaders(), issuer_written=written, issuer=chosen)
    assert result.header.issuer == expected


def test_header_and_reporting_fields_are_written_back():
    proposal = PlanProposal()
    result, reread = edited(
        proposal,
        FakeReaders(),
        number=" 09/KH-BTNMT ",
        issued_on=dt.date(2024, 8, 6),
        title="Triển khai Chỉ thị 13",
        recipients="- Bộ trưởng;\n\n- Lưu: VT.",
        monthly=True,
        due_day=20,
        annual_due_day=10,
        annual_due_month=12,
        supplements="Kế hoạch số 4447/KH-UBND ngày 24/9/2018",
        consolidator="SNV",
    )
    header, reporting = result.header, result.reporting
    assert (header.number, header.issued_on, header.title) == (
        "09/KH-BTNMT",
        dt.date(2024, 8, 6),
        "Triển khai Chỉ thị 13",
    )
    assert header.recipients == ["- Bộ trưởng;", "- Lưu: VT."]
    assert (reporting.monthly, reporting.due_day, reporting.annual_due_day, reporting.annual_due_month) == (
        True,
        20,
        10,
        12,
    )
    assert header.supplements[0].number == "4447/KH-UBND"
    assert reporting.consolidator == PartyMatch("", agency="SNV")
    assert reread is False


@pytest.mark.parametrize(
    ("text", "number", "issued_on"),
    [
        ("Kế hoạch số 4447/KH-UBND ngày 24/9/2018", "4447/KH-UBND", dt.date(2018, 9, 24)),
        ("Chỉ thị số 13/CT-TTg ngày 05/4/2024 của Thủ tướng", "13/CT-TTg", dt.date(2024, 4, 5)),
        ("Nghị quyết số 26-NQ/TW ngày 19/5/2018", "26-NQ/TW", dt.date(2018, 5, 19)),
        ("Kế hoạch của UBND tỉnh", "", None),
        ("Kế hoạch số 1/KH-UBND ngày 31/02/2018", "1/KH-UBND", None),
    ],
)
def test_a_typed_document_reference_gives_its_number_and_date(text, number, issued_on):
    ref = document_ref(text)
    assert (ref.text, ref.number, ref.issued_on) == (text, number, issued_on)


def test_edits_for_a_different_number_of_rows_are_refused():
    with pytest.raises(ValueError, match="edited rows"):
        apply_edits(plan("1", "2"), header=header_initial(PlanProposal()), rows=[], readers=FakeReaders().readers)
