"""Why each proposed row was read so, and how sure the portal is of it (issue 19, "the preview puts
doubt first"): the words the reader recorded for a row's lead and timing, and the confidence rules
of tasks/plan_import/doubt.py, on small rows and snippets. No database: the registry is a few names."""

from __future__ import annotations

import pytest

from tasks.plan_import.agency_matching import AgencyMatcher, RegistryName
from tasks.plan_import.doubt import HIGH, LOW, MEDIUM, doubt_order, proposal_doubts, row_doubt
from tasks.plan_import.extract import propose_plan_from_text
from tasks.plan_import.proposal import (
    Evidence,
    PartyList,
    PartyMatch,
    PlanProposal,
    Source,
    TaskProposal,
    TimingProposal,
)
from tasks.timing import TimingKind

MATCHER = AgencyMatcher(
    [
        RegistryName("Sở Nội vụ", agency="SNV"),
        RegistryName("Sở Tài chính", agency="STC"),
        RegistryName("Sở Xây dựng", agency="SXD"),
        RegistryName("UBND các xã, phường", group="xa"),
    ]
)
HEAD = "KẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\n"
SNV = PartyMatch("Sở Nội vụ", agency="SNV")
QUARTER = TimingProposal(text="Quý II/2026", kind=TimingKind.BY_QUARTER)


def row(text: str = "Rà soát thủ tục hành chính của tỉnh.", **kwargs) -> TaskProposal:
    defaults = {"code": "II.1", "ref": "1.", "lead": PartyList([SNV]), "timing": QUARTER}
    return TaskProposal(title=text, full_text=text, **{**defaults, **kwargs})


# ---- the rules, row by row ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "confidence", "reason"),
    [
        (row(), HIGH, None),
        (row(lead=PartyList()), LOW, "Chưa rõ cơ quan chủ trì hay thực hiện."),
        (row(lead=PartyList(unnamed="các cơ quan liên quan")), LOW, "Chưa rõ cơ quan chủ trì hay thực hiện."),
        (row(lead=PartyList([PartyMatch("Ban Dân vận")])), MEDIUM, "“Ban Dân vận” chưa có trong danh mục cơ quan."),
        (
            row(implementing=PartyList([PartyMatch("Các chủ đầu tư")]), lead=PartyList()),
            MEDIUM,
            "“Các chủ đầu tư” chưa có trong danh mục cơ quan.",
        ),
        (row(timing=TimingProposal()), MEDIUM, "Không thấy thời gian thực hiện."),
        (row(timing=TimingProposal(text="sớm", flag="Chưa hiểu “sớm”.")), LOW, "Chưa hiểu “sớm”."),
        (
            row("Đến năm 2030, phấn đấu 100% thủ tục được số hóa."),
            LOW,
            "Nội dung giống một mục tiêu, chỉ tiêu hơn là một việc phải làm.",
        ),
        (
            row("Tỷ lệ hồ sơ trực tuyến đạt trên 80% tổng số hồ sơ."),
            LOW,
            "Nội dung giống một mục tiêu, chỉ tiêu hơn là một việc phải làm.",
        ),
        (
            row("Kinh phí thực hiện: từ ngân sách tỉnh."),
            LOW,
            "Nội dung giống một khoản kinh phí, nguồn vốn hơn là một việc phải làm.",
        ),
        (
            row("Nâng cấp hệ thống với tổng mức 12,5 tỷ đồng."),
            LOW,
            "Nội dung giống một khoản kinh phí, nguồn vốn hơn là một việc phải làm.",
        ),
        (
            row("Rà soát thủ tục. " * 120),
            MEDIUM,
            "Nội dung rất dài (2039 ký tự): có thể gồm nhiều nhiệm vụ.",
        ),
        (
            row("Số hóa."),
            MEDIUM,
            "Nội dung rất ngắn: có thể là phần tiếp của dòng trên, hoặc không phải nhiệm vụ.",
        ),
        (
            row("và các đơn vị sự nghiệp trực thuộc thực hiện."),
            MEDIUM,
            "Dòng bắt đầu bằng chữ thường: có thể là phần tiếp của dòng trên.",
        ),
        (
            row("Sở Nội vụ chủ trì rà soát thủ tục; Sở Tài chính chủ trì bố trí kinh phí cho việc số hóa."),
            MEDIUM,
            "Dòng nêu “chủ trì” nhiều lần: có thể là nhiều nhiệm vụ bị gộp làm một.",
        ),
        (row(flags=["Văn bản giao phối hợp: hãy kiểm tra."]), MEDIUM, "Văn bản giao phối hợp: hãy kiểm tra."),
    ],
)
def test_a_rows_confidence_and_its_reason(task, confidence, reason):
    doubt = row_doubt(task)

    assert doubt.confidence == confidence
    assert doubt.doubtful == (confidence != HIGH)
    if reason is None:
        assert doubt.reasons == ()
    else:
        assert reason in doubt.reasons


def test_plain_work_of_a_known_agency_with_a_deadline_is_not_doubted_for_its_words():
    for text in ("Bố trí kinh phí cho việc số hóa hồ sơ.", "Tăng cường kiểm tra 100% cơ sở kinh doanh."):
        assert row_doubt(row(text)).confidence == HIGH, text


def test_a_lead_the_registry_no_longer_knows_is_doubted_and_one_chosen_for_creation_is_not():
    gone = row(lead=PartyList([PartyMatch("Sở Nội vụ", agency="SNV-OLD")]))
    created = row(lead=PartyList([PartyMatch("Ban Dân vận")]))

    assert row_doubt(gone, known=lambda party: party.agency == "SNV").confidence == MEDIUM
    assert row_doubt(created, known=lambda party: party.written == "Ban Dân vận").confidence == HIGH


def test_an_unknown_coordinating_name_does_not_lower_the_row():
    task = row(coordinating=PartyList([PartyMatch("Hội Nông dân tỉnh")]))

    assert row_doubt(task).confidence == HIGH


def test_the_no_lead_flag_of_the_reader_is_settled_by_a_lead_and_never_said_twice():
    flag = "Chưa xác định được cơ quan chủ trì hoặc thực hiện."

    assert row_doubt(row(flags=[flag])).confidence == HIGH
    assert row_doubt(row(lead=PartyList(), flags=[flag])).reasons == ("Chưa rõ cơ quan chủ trì hay thực hiện.",)


def test_low_reasons_come_before_medium_ones_and_each_is_said_once():
    task = row(
        "Đến năm 2030, phấn đấu đạt 100%.",
        lead=PartyList([PartyMatch("Ban A"), PartyMatch("Ban A")]),
        timing=TimingProposal(),
    )

    reasons = row_doubt(task).reasons

    assert reasons[0] == "Nội dung giống một mục tiêu, chỉ tiêu hơn là một việc phải làm."
    assert reasons.count("“Ban A” chưa có trong danh mục cơ quan.") == 1


def test_headings_carry_no_confidence_and_doubtful_rows_come_least_sure_first_then_in_document_order():
    proposal = PlanProposal(
        tasks=[
            TaskProposal(code="II", ref="II.", title="NHIỆM VỤ", heading=True),
            row(code="II.1", timing=TimingProposal()),  # medium
            row(code="II.2"),  # high
            row(code="II.3", lead=PartyList()),  # low
            row(code="II.4", lead=PartyList([PartyMatch("Ban A")])),  # medium, for its name only
            row(code="II.5", lead=PartyList([PartyMatch("Ban B")]), timing=TimingProposal()),  # medium
        ]
    )

    doubts = proposal_doubts(proposal)

    assert doubts[0] is None
    assert [doubt.confidence for doubt in doubts[1:]] == [MEDIUM, HIGH, LOW, MEDIUM, MEDIUM]
    assert [doubt.names_only for doubt in doubts[1:]] == [False, False, False, True, False]
    assert doubt_order(doubts) == [3, 1, 5, 4], "a row in doubt only for an unknown name comes last at its level"


# ---- why: the words the reader used ---------------------------------------------------------------


def _basis(text: str, code: str) -> tuple[str, ...]:
    proposal = propose_plan_from_text(text=HEAD + text, matcher=MATCHER)
    doubts = proposal_doubts(proposal)
    index = [task.code for task in proposal.tasks].index(code)
    return doubts[index].basis


def test_a_field_line_is_the_basis_of_the_lead_and_the_timing():
    basis = _basis(
        "II. NHIỆM VỤ\n1. Cải cách hành chính\n- Rà soát thủ tục.\n- Số hóa hồ sơ.\n"
        "Đơn vị chủ trì: Sở Nội vụ; Đơn vị phối hợp: Sở Tài chính.\nThời gian hoàn thành: Quý II/2026.\n",
        "II.1.2",
    )

    assert basis == (
        "Cơ quan theo dòng ghi cơ quan: “Sở Nội vụ”",
        "Thời gian theo dòng ghi thời gian: “Quý II/2026”",
    )


def test_the_sentence_subject_and_a_timing_phrase_are_the_basis():
    basis = _basis("II. NHIỆM VỤ\n1. Sở Xây dựng rà soát quy hoạch, hoàn thành trong Quý III/2026.\n", "II.1")

    assert basis[0].startswith("Cơ quan theo chủ ngữ của câu: “Sở Xây dựng rà soát quy hoạch")
    assert basis[1] == "Thời gian theo cụm từ trong câu: “hoàn thành trong Quý III/2026”"


def test_an_agency_sub_heading_or_an_intro_sentence_is_named_as_the_basis_of_its_items():
    sub_heading = "II. NHIỆM VỤ\n1. Sở Tài chính\na) Bố trí kinh phí.\nb) Hướng dẫn thanh quyết toán.\n"
    intro = "II. NHIỆM VỤ\n1. Sở Xây dựng chủ trì, phối hợp với Sở Tài chính:\na) Rà soát quy hoạch.\n"

    assert _basis(sub_heading, "II.1.b") == ("Cơ quan theo tên mục: “Sở Tài chính”",)
    assert _basis(intro, "II.1.a") == (
        "Cơ quan theo chủ ngữ của câu: “Sở Xây dựng chủ trì, phối hợp với Sở Tài chính:”",
    )


def test_a_lead_handed_down_without_words_names_the_heading_above():
    proposal = PlanProposal(
        tasks=[
            TaskProposal(code="II.1", ref="1.", title="Cải cách hành chính", heading=True),
            row(code="II.1.a", evidence=[Evidence("lead", "", Source.INHERITED)]),
        ]
    )

    assert proposal_doubts(proposal)[1].basis == ("Cơ quan lấy theo đề mục phía trên: “1. Cải cách hành chính”",)


def test_table_columns_and_a_merged_lead_cell_are_the_basis():
    table = (
        "PHỤ LỤC\n| TT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n"
        "| 1 | Tổ chức hội nghị | Sở Nội vụ | Quý III/2026 |\n"
        "| 2 | Biên soạn tài liệu | | Năm 2027 |\n"
    )
    proposal = propose_plan_from_text(text=HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát.\n" + table, matcher=MATCHER)
    first, second = (task for task in proposal.tasks if task.code.startswith("PL."))

    assert first.evidence == [
        Evidence("lead", "Cơ quan chủ trì: Sở Nội vụ", Source.COLUMN),
        Evidence("timing", "Thời gian: Quý III/2026", Source.COLUMN),
    ]
    assert second.evidence_for("lead") == Evidence("lead", "Sở Nội vụ", Source.MERGED_CELL)


# ---- kept in the draft ----------------------------------------------------------------------------


def test_evidence_survives_the_draft_and_a_draft_saved_before_it_existed_still_opens():
    proposal = PlanProposal(tasks=[row(evidence=[Evidence("lead", "Chủ trì: Sở Nội vụ", Source.FIELD)])])
    data = proposal.to_json()

    assert PlanProposal.from_json(data) == proposal
    del data["tasks"][0]["evidence"]
    old = PlanProposal.from_json(data)
    assert old.tasks[0].evidence == []
    assert row_doubt(old.tasks[0]).basis == ()
