"""The plan reader's rules, each on a snippet of the shape it reads (issue 19): roles from agency
sub-headings, field lines and sentence structure; names kept whole; task tables by their columns;
sections that assign nothing. The registry is a handful of names, so no database is needed."""

from __future__ import annotations

import datetime as dt

import pytest

from tasks.plan_import.agency_matching import AgencyMatcher, RegistryName, names_an_actor
from tasks.plan_import.extract import propose_plan_from_text
from tasks.plan_import.fields import (
    COORDINATING,
    LEAD,
    OUTPUT,
    RESPONSIBLE,
    TIMING,
    Fields,
    is_field_line,
    is_field_title,
    read_field_line,
)
from tasks.timing import TimingKind as K

MATCHER = AgencyMatcher(
    [
        RegistryName("Sở Nội vụ", agency="SNV"),
        RegistryName("Sở Tài chính", agency="STC"),
        RegistryName("Sở Xây dựng", agency="SXD"),
        RegistryName("Bộ Y tế", agency="BYT"),
        RegistryName("Ủy ban nhân dân tỉnh", agency="UBND"),
        RegistryName("UBND các xã, phường", group="xa"),
    ]
)


def rows(text: str) -> dict[str, tuple]:
    """number -> (lead, coordinating, implementing, timing kind, due date) of every task read."""
    proposal = propose_plan_from_text(text=text, matcher=MATCHER)

    def names(parties):
        return [party.ref or party.written for party in parties.parties] + (
            [parties.unnamed] if parties.unnamed else []
        )

    return {
        task.code: (
            names(task.lead),
            names(task.coordinating),
            names(task.implementing),
            task.timing.kind,
            task.timing.due_on.isoformat() if task.timing.due_on else None,
        )
        for task in proposal.tasks
        if not task.heading
    }


HEAD = "KẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\n"


# --- Field lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Đơn vị chủ trì: Sở Nội vụ; Đơn vị phối hợp: Sở Tài chính", {LEAD: "Sở Nội vụ", COORDINATING: "Sở Tài chính"}),
        ("Thời gian hoàn thành: Quý II/2026.", {TIMING: "Quý II/2026"}),
        ("Kết quả: Quyết định của UBND tỉnh", {OUTPUT: "Quyết định của UBND tỉnh"}),
        ("Trách nhiệm chỉ đạo thực hiện: Sở Nội vụ; các cấp ủy.", {RESPONSIBLE: "Sở Nội vụ; các cấp ủy"}),
        ("Cơ quan thực hiện: UBND các xã, phường", {RESPONSIBLE: "UBND các xã, phường"}),
        ("Cơ quan chủ tr ì: Bộ Quốc phòng; Bộ Tài chính.", {LEAD: "Bộ Quốc phòng; Bộ Tài chính"}),
        ("Th ờ i gian thực hiện: Từ tháng 11/2013 trở đi.", {TIMING: "Từ tháng 11/2013 trở đi"}),
    ],
)
def test_a_field_line_gives_its_parts(line, expected):
    fields = Fields()

    read_field_line(line, fields)

    assert is_field_line(line)
    assert {kind: fields.text(kind) for kind in fields.values} == expected


@pytest.mark.parametrize(
    "line",
    [
        "Sở Nội vụ: tham mưu UBND tỉnh ban hành kế hoạch.",
        "Tổ chức thực hiện: các sở triển khai.",
        "Rà soát, sửa đổi quy chế phối hợp.",
    ],
)
def test_a_subject_or_a_sentence_is_not_a_field_line(line):
    assert not is_field_line(line)


@pytest.mark.parametrize(
    ("title", "is_field"),
    [("Cơ quan chủ trì, phối hợp", True), ("Thời gian thực hiện: Tháng 12/2013", True), ("Nội dung, biện pháp", False)],
)
def test_an_item_titled_by_a_label_is_a_field(title, is_field):
    assert is_field_title(title) is is_field


def test_field_lines_after_the_bullets_govern_them_all_and_are_no_task():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Cải cách hành chính\n- Rà soát thủ tục.\n- Số hóa hồ sơ.\n"
        "Đơn vị chủ trì: Sở Nội vụ; Đơn vị phối hợp: Sở Tài chính.\nThời gian hoàn thành: Quý II/2026.\n"
    )

    assert read == {
        "II.1.1": (["SNV"], ["STC"], [], K.BY_QUARTER, "2026-06-30"),
        "II.1.2": (["SNV"], ["STC"], [], K.BY_QUARTER, "2026-06-30"),
    }


def test_field_lines_before_the_items_govern_them():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Cải cách hành chính\nCơ quan chủ trì: Sở Xây dựng\n"
        "a) Rà soát thủ tục.\nb) Số hóa hồ sơ.\n"
    )

    assert {code: row[0] for code, row in read.items()} == {"II.1.a": ["SXD"], "II.1.b": ["SXD"]}


def test_each_item_with_its_own_field_lines_keeps_them():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Rà soát thủ tục.\nChủ trì: Sở Xây dựng; thời hạn: tháng 5/2026\n"
        "2. Số hóa hồ sơ.\nChủ trì: Sở Tài chính; thời hạn: năm 2027\n"
    )

    assert read == {
        "II.1": (["SXD"], [], [], K.BY_MONTH, "2026-05-31"),
        "II.2": (["STC"], [], [], K.WITHIN_YEAR, "2027-12-31"),
    }


def test_numbered_field_items_give_the_section_its_parties_and_time():
    read = rows(
        HEAD + "I. TUYÊN TRUYỀN\n1. Nội dung, biện pháp\na) Tổ chức hội nghị quán triệt.\nb) Biên soạn tài liệu.\n"
        "2. Cơ quan chủ trì, phối hợp\na) Cơ quan chủ trì\n- Sở Nội vụ.\nb) Cơ quan phối hợp\n- Sở Tài chính.\n"
        "3. Thời gian thực hiện: Tháng 12/2026 và thường xuyên.\n"
    )

    assert read == {
        "I.1.a": (["SNV"], ["STC"], [], K.BY_MONTH, "2026-12-31"),
        "I.1.b": (["SNV"], ["STC"], [], K.BY_MONTH, "2026-12-31"),
    }


def test_a_responsibility_line_makes_named_bodies_lead_and_collectives_implement():
    read = rows(
        HEAD
        + "II. NHIỆM VỤ\n1. Cải cách\n- Rà soát.\n- Số hóa.\nTrách nhiệm thực hiện: Sở Nội vụ; UBND các xã, phường.\n"
    )

    assert read["II.1.1"][:3] == (["SNV"], [], ["group:xa"])


# --- Roles from headings and sentences ---------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "actor"),
    [
        ("Sở Nông nghiệp và Môi trường", True),
        ("UBND cấp xã", True),
        ("Các chủ đầu tư dự án hạ tầng kỹ thuật khu, cụm công nghiệp", True),
        ("Thông tấn xã Việt Nam", True),
        ("Các giải pháp về chính sách", False),
        ("Về chính sách nhà ở", False),
        ("Hoàn thiện ít nhất 500ha mặt bằng sạch", False),
    ],
)
def test_words_the_registry_does_not_know_name_an_actor_by_how_they_start(written, actor):
    assert names_an_actor(written) is actor


def test_an_agency_sub_heading_the_registry_does_not_know_gives_its_bullets_their_lead():
    read = rows(
        HEAD
        + "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nông nghiệp và Môi trường\n- Rà soát quy hoạch.\n- Hướng dẫn doanh nghiệp.\n"
    )

    assert [row[0] for row in read.values()] == [["Sở Nông nghiệp và Môi trường"]] * 2


def test_a_collective_sub_heading_implements():
    read = rows(HEAD + "III. TỔ CHỨC THỰC HIỆN\n1. Các chủ đầu tư dự án hạ tầng\n- Thu hút nhà đầu tư.\n- Lập hồ sơ.\n")

    assert [row[2] for row in read.values()] == [["Các chủ đầu tư dự án hạ tầng"]] * 2


@pytest.mark.parametrize(
    ("bullet", "lead", "coordinating"),
    [
        ("Phối hợp với Sở Xây dựng thẩm định dự án.", ["SXD"], ["SNV"]),
        ("Tham gia sơ kết việc thực hiện Chỉ thị.", [], ["SNV"]),
        ("Phối hợp kiểm tra việc sử dụng ngân sách.", [], ["SNV"]),
        ("Chủ trì rà soát thủ tục.", ["SNV"], []),
    ],
)
def test_an_addressee_told_to_take_part_coordinates_and_the_partner_it_names_leads(bullet, lead, coordinating):
    read = rows(HEAD + f"III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- {bullet}\n- Theo dõi, đôn đốc thực hiện.\n")

    assert read["III.1.1"][:2] == (lead, coordinating)


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        ("Đề nghị Sở Xây dựng chủ trì, phối hợp với Sở Tài chính rà soát quy hoạch.", ["SXD"]),
        ("Ủy ban nhân dân cấp xã: đầu tư, hoàn thiện hạ tầng kỹ thuật.", ["Ủy ban nhân dân cấp xã"]),
        ("Bộ Y tế, Thông tấn xã Việt Nam: chủ trì xây dựng chuyên mục.", ["BYT", "Thông tấn xã Việt Nam"]),
    ],
)
def test_the_agency_is_read_from_the_subject_of_the_sentence(sentence, lead):
    read = rows(HEAD + f"II. NHIỆM VỤ\n1. {sentence}\n2. Sở Tài chính bố trí kinh phí.\n")

    assert read["II.1"][0] == lead


def test_decimal_numbering_sits_between_items_and_lettered_sub_items():
    read = rows(HEAD + "II. NHIỆM VỤ\n3. Nhiệm vụ thường xuyên\n3.1. Tuyên truyền\n- Sở Nội vụ quán triệt Chỉ thị.\n")

    assert read == {"II.3.1.1": (["SNV"], [], [], K.RECURRING, None)}


# --- What is not a task -------------------------------------------------------------------------


def test_sections_of_targets_money_or_ownerless_solutions_are_not_tasks():
    read = rows(
        HEAD + "I. MỤC TIÊU\n1. Đến năm 2030 đạt 100% hồ sơ số hóa.\n"
        "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát thủ tục.\n"
        "III. GIẢI PHÁP THỰC HIỆN\n1. Cải thiện quy trình thủ tục hành chính.\n2. Tăng cường kỷ luật, kỷ cương.\n"
        "IV. KINH PHÍ\n1. Ngân sách tỉnh bảo đảm 20 tỷ đồng.\n"
        "V. CHẾ ĐỘ BÁO CÁO\n1. Các sở báo cáo kết quả về Sở Nội vụ trước ngày 20 hằng tháng.\n"
    )

    assert list(read) == ["II.1"]


def test_a_decision_issuing_the_plan_does_not_end_the_plan_at_its_own_recipients():
    read = rows(
        "QUYẾT ĐỊNH\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\nNơi nhận:\n- Như Điều 3;\n"
        "KẾ HOẠCH\nI. MỤC ĐÍCH\nQuán triệt.\nII. NHIỆM VỤ\n1. Sở Nội vụ rà soát thủ tục.\n"
    )

    assert list(read) == ["II.1"]


# --- Task tables -------------------------------------------------------------------------------

TABLE = (
    "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n"
    "| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n|---|---|---|---|---|\n"
    "| | (1) | (2) | (3) | (4) |\n"
    "| **1** | **Tuyên truyền** | | | |\n"
    "| a) | Tổ chức hội nghị | Sở Nội vụ | Sở Tài chính | Quý III, IV/2026, 2027 |\n"
    "| b) | Biên soạn tài liệu | | | Hằng năm, thường xuyên |\n"
    "| 2 | Bố trí kinh phí | Ủy ban nhân dân tỉnh trình Hội đồng nhân dân cùng cấp | Sở Y tế đối với địa phương "
    "| Từ tháng 5/2026, thường xuyên |\n"
    "| 3 | Khám sàng lọc | Cơ sở khám bệnh, chữa bệnh | - Bộ Y tế<br>- Sở Tài chính | Xong trong tháng 5/2026 |\n"
)


def test_a_task_table_reads_group_rows_merged_cells_procedures_and_lists_in_cells():
    read = rows(HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát thủ tục.\n" + TABLE)

    assert read == {
        "PL.1.a": (["SNV"], ["STC"], [], K.BY_QUARTER, "2027-12-31"),
        "PL.1.b": (["SNV"], ["STC"], [], K.YEARLY, None),
        "PL.2": (["UBND"], ["Sở Y tế đối với địa phương"], [], K.FROM_DATE, None),
        "PL.3": (["Cơ sở khám bệnh, chữa bệnh"], ["BYT", "STC"], [], K.BY_MONTH, "2026-05-31"),
    }


HTML_TABLE = """PHỤ LỤC
<table>
<tr><th rowspan="2">Thời gian</th><th rowspan="2">Nội dung công việc</th><th colspan="2">Thực hiện</th></tr>
<tr><th>Đơn vị chủ trì</th><th>Đơn vị phối hợp</th></tr>
<tr><td>I</td><td colspan="3">GIAI ĐOẠN 1: LẬP NHIỆM VỤ</td></tr>
<tr><td rowspan="2">10-11/2026</td><td>Xây dựng khung định hướng</td><td>Sở Xây dựng</td>
<td>- Sở Nội vụ;<br>- Sở Tài chính</td></tr>
<tr><td>Lấy ý kiến các sở</td><td>Sở Xây dựng</td><td>Sở Nội vụ</td></tr>
<tr><td>01/2027</td><td>Phê duyệt nhiệm vụ</td><td>Ủy ban nhân dân tỉnh</td><td></td></tr>
</table>
"""


def test_an_html_table_with_time_first_a_two_row_header_and_merged_cells_is_a_task_table():
    read = rows(HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát thủ tục.\n" + HTML_TABLE)

    assert [row for code, row in read.items() if code.startswith("PL")] == [
        (["SXD"], ["SNV", "STC"], [], K.BY_MONTH, "2026-11-30"),
        (["SXD"], ["SNV"], [], K.BY_MONTH, "2026-11-30"),
        (["UBND"], [], [], K.BY_MONTH, "2027-01-31"),
    ]


@pytest.mark.parametrize(
    ("cell", "due"),
    [("10-11/2019", "2019-11-30"), ("01/2020", "2020-01-31"), ("3-12/2020", "2020-12-31"), ("30/6/2025", "2025-06-30")],
)
def test_a_time_column_reads_bare_months_and_a_date_keeps_one_separator(cell, due):
    from tasks.plan_import.timing_cells import read_timing_cell

    assert read_timing_cell(cell).due_on.isoformat() == due


@pytest.mark.parametrize("written", ["Ban hành Quyết định về chế độ, chính sách và công tác", "Hội nghị sơ kết"])
def test_a_verb_or_a_thing_that_begins_like_a_body_is_no_actor(written):
    assert not names_an_actor(written)


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (
            "Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương",
            ["Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương"],
        ),
        ("Bộ Nội vụ, Bộ Khoa học và công nghệ", ["Bộ Nội vụ", "Bộ Khoa học và công nghệ"]),
        ("Các bộ, cơ quan ngang bộ", ["Các bộ", "cơ quan ngang bộ"]),
        ("Các cấp ủy, tổ chức đảng", ["Các cấp ủy, tổ chức đảng"]),
        ("Cơ sở khám bệnh, chữa bệnh", ["Cơ sở khám bệnh, chữa bệnh"]),
        ("Sở Y tế đối với địa phương", ["Sở Y tế đối với địa phương"]),
    ],
)
def test_names_with_commas_or_lower_case_words_are_kept_whole(cell, names):
    assert [party.written for party in MATCHER.parse_parties(cell).parties] == names


def test_a_titled_list_after_the_body_is_the_annex_of_tasks_and_the_prose_stays_text():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Rà soát thủ tục hành chính.\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ theo dõi, đôn đốc.\n"
        "## DANH MỤC CÁC NHIỆM VỤ CHỦ YẾU\n"
        "| TT | Nội dung công việc | Sản phẩm | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian trình |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | Chương trình tuyên truyền | Kế hoạch | Sở Nội vụ | | Năm 2026 và hàng năm |\n"
    )

    assert read == {"PL.1": (["SNV"], [], [], K.YEARLY, None)}


@pytest.mark.parametrize(
    ("cell", "kind", "due"),
    [
        ("Năm 2026 (sau khi Chính phủ ban hành Nghị định)", K.WITHIN_YEAR, "2026-12-31"),
        ("Thường xuyên (hoặc theo yêu cầu của cấp có thẩm quyền)", K.RECURRING, None),
        ("Theo yêu cầu của cấp có thẩm quyền", K.AFTER_EVENT, None),
    ],
)
def test_a_remark_in_brackets_or_a_request_is_read_for_what_it_says_of_time(cell, kind, due):
    from tasks.plan_import.timing_cells import read_timing_cell

    timing = read_timing_cell(cell)

    assert (timing.kind, timing.due_on.isoformat() if timing.due_on else None) == (kind, due)


def test_a_slash_between_names_in_a_cell_lists_two_parties():
    from tasks.plan_import.annex import party_cell

    assert (
        party_cell("Vụ Kế hoạch - Tài chính/ Ban Quản lý quy hoạch") == "Vụ Kế hoạch - Tài chính; Ban Quản lý quy hoạch"
    )


def test_an_empty_lead_cell_continues_the_row_above_only_where_the_table_cannot_say_it_spans():
    pipe = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát.\nPHỤ LỤC\n| TT | Nội dung | Cơ quan chủ trì | Thời gian |\n"
        "|---|---|---|---|\n"
        "| 1 | Hội nghị | Sở Nội vụ | 2026 |\n| 2 | Tài liệu | | 2026 |\n"
    )
    html = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát.\nPHỤ LỤC\n<table><tr><th>TT</th><th>Nội dung</th>"
        "<th>Cơ quan chủ trì</th>"
        "<th>Thời gian</th></tr><tr><td>1</td><td>Hội nghị</td><td>Sở Nội vụ</td><td>2026</td></tr>"
        "<tr><td>2</td><td>Tài liệu</td><td></td><td>2026</td></tr></table>\n"
    )

    assert (pipe["PL.2"][0], html["PL.2"][0]) == (["SNV"], [])


def test_remarks_after_a_note_label_are_no_tasks():
    read = rows(HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát thủ tục.\nGhi chú:\n- (*) Thời gian có thể điều chỉnh.\n")

    assert list(read) == ["II.1"]


def test_a_section_of_tasks_keeps_items_that_name_no_one_but_its_solutions_and_targets_are_text():
    read = rows(
        HEAD + "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Nhiệm vụ\na) Rà soát hệ thống chính sách.\n"
        "b) Đến năm 2030, phấn đấu đạt 100% hồ sơ số hóa.\n2. Giải pháp\n- Tăng cường kỷ luật, kỷ cương.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Theo dõi, đôn đốc thực hiện.\n"
    )

    assert list(read) == ["II.1.a", "III.1.1"]


def test_a_plan_numbered_without_roman_numbers_reads_its_arabic_parts_as_sections():
    read = rows(
        HEAD + "1. Mục đích\nQuán triệt.\n2. Phân công nhiệm vụ\n"
        "2.1. Ông. Hoàng Văn A - Trưởng đoàn: Phụ trách chung; ký các văn bản.\n"
        "2.2. Sở Nội vụ: theo dõi, đôn đốc.\n"
    )

    assert {code: row[0] for code, row in read.items()} == {"2.1": ["Ông. Hoàng Văn A - Trưởng đoàn"], "2.2": ["SNV"]}


def test_table_rows_numbered_1_1_under_a_group_row_1_take_their_own_last_number():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát.\nPHỤ LỤC\n| TT | Nhiệm vụ | Cơ quan chủ trì |\n|---|---|---|\n"
        "| 1. | Thể chế | |\n| 1.1 | Rà soát quy định | Sở Nội vụ |\n| 1.2 | Sửa đổi quy định | Sở Tài chính |\n"
    )

    assert {code: row[0] for code, row in read.items() if code.startswith("PL")} == {
        "PL.1.1": ["SNV"],
        "PL.1.2": ["STC"],
    }


@pytest.mark.parametrize(
    ("bullet", "kind"),
    [("Thường xuyên rà soát các dự án chậm tiến độ.", K.RECURRING), ("Hằng năm, tổ chức sơ kết.", K.YEARLY)],
)
def test_a_rhythm_written_as_the_first_words_of_an_item_is_its_timing(bullet, kind):
    read = rows(HEAD + f"III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- {bullet}\n- Theo dõi, đôn đốc.\n")

    assert read["III.1.1"][3] == kind


def test_the_subject_before_a_colon_leads_even_when_the_sentence_later_says_chu_tri():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Xây dựng: đầu tư hạ tầng; chủ trì, phối hợp với Sở Tài chính giải phóng mặt bằng.\n"
    )

    assert read["II.1"][0] == ["SXD"]


@pytest.mark.parametrize(
    "item",
    [
        "Đ ế n năm 2030, phấn đấu đạt 100% hồ sơ số hóa.",
        "Các nhiệm vụ cần làm ngay trong năm 2026 được xác định tại Phụ lục 2 kèm theo.",
    ],
)
def test_a_target_or_a_pointer_to_an_annex_is_no_task(item):
    read = rows(
        HEAD + f"II. NHIỆM VỤ\n1. {item}\n2. Rà soát hệ thống chính sách.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Theo dõi.\n"
    )

    assert list(read) == ["II.2", "III.1.1"]


def test_a_cell_of_dashed_items_each_with_its_own_time_holds_sub_tasks_with_the_rows_agencies():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát.\nPHỤ LỤC\n| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |\n"
        "|---|---|---|---|\n"
        "| 1 | Mở rộng chi trả. Cụ thể:<br>- Từ quý IV/2027 xây dựng Nghị quyết.<br>- Từ quý III/2030 tổng kết. "
        "| Bộ Y tế | Từ quý III/2026 đến quý III/2030 |\n"
    )

    assert {code: (row[0], row[3]) for code, row in read.items() if code.startswith("PL")} == {
        "PL.1": (["BYT"], K.BY_QUARTER),
        "PL.1.1": (["BYT"], K.FROM_DATE),
        "PL.1.2": (["BYT"], K.FROM_DATE),
    }


def test_an_assignment_column_of_field_lines_gives_lead_and_coordinating_and_a_numbered_task_cell_its_number():
    read = rows(
        HEAD + "PHỤ LỤC\n"
        "<table>\n<tr><th>Nội dung</th><th>Phân công nhiệm vụ</th><th>Tiến độ</th><th>Nguồn lực</th></tr>\n"
        "<tr><td>1. Rà soát quy hoạch (Sản phẩm 1)</td><td>Chủ trì: Sở Xây dựng (rà soát, cập nhật).<br>"
        "Phối hợp: Sở Tài chính, Sở Nội vụ.</td><td>Quý II/2026</td><td>NSNN 500 triệu đồng.</td></tr>\n"
        "<tr><td>2. Tập huấn cán bộ</td><td>Chủ trì: Sở Nội vụ.</td><td>Năm 2027</td><td>Chi thường xuyên.</td></tr>\n"
        '<tr><td colspan="4">Tổng kinh phí dự kiến: 500 triệu đồng.</td></tr>\n'
        "</table>\n"
    )

    assert read == {
        "PL.1": (["SXD"], ["STC", "SNV"], [], K.BY_QUARTER, "2026-06-30"),
        "PL.2": (["SNV"], [], [], K.WITHIN_YEAR, "2027-12-31"),
    }


def test_a_numbered_sentence_of_a_letter_is_a_task_and_the_closing_line_after_it_is_not_its_title():
    read = rows(
        "CÔNG VĂN\nV/v triển khai nhiệm vụ\n"
        "1. Các sở, ban, ngành tổ chức nghiên cứu, cụ thể hóa các nhiệm vụ của Chương trình thành các kế hoạch hằng "
        "năm để triển khai thực hiện theo chức năng, nhiệm vụ được giao.\n"
        "2. Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị xây dựng dự thảo Kế hoạch của Ủy ban nhân dân "
        "tỉnh, bảo đảm đúng quy định. Thời gian hoàn thành trước ngày 15/10/2026.\n"
        "Yêu cầu các sở, ngành, địa phương triển khai thực hiện./.\n"
    )

    assert read["2"][0] == ["SNV"]
    assert read["2"][3:] == (K.BY_DATE, "2026-10-15")


def test_a_heading_naming_a_person_by_office_gives_the_work_below_it():
    read = rows(
        "CÔNG VĂN\nV/v phân công nhiệm vụ\n"
        "1. Phó Giám đốc Sở - Nguyễn Văn An\n"
        "Trực tiếp chỉ đạo việc cấp giấy phép theo ủy quyền; chịu trách nhiệm trước Giám đốc Sở.\n"
        "2. Sở Nội vụ\n"
        "- Rà soát hồ sơ cấp phép;\n- Tổng hợp kết quả.\n"
    )

    assert read["1"][0] == ["Phó Giám đốc Sở - Nguyễn Văn An"]
    assert read["2.1"][0] == read["2.2"][0] == ["SNV"]


def test_a_heading_that_names_its_party_then_what_it_does_gives_that_party_to_its_bullets():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n"
        "1. Ủy ban nhân dân tỉnh, chỉ đạo các cơ quan, đơn vị có liên quan:\n"
        "- Cụ thể hóa các nhiệm vụ thành kế hoạch hằng năm.\n"
        "- Thường xuyên kiểm tra, đôn đốc việc thực hiện.\n"
    )

    assert read["II.1.1"][0] == ["UBND"]
    assert read["II.1.2"][0] == ["UBND"] and read["II.1.2"][3] == K.RECURRING


def test_under_a_heading_of_addressees_a_later_paragraph_handing_work_to_another_is_a_task_of_its_own():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n"
        "1. Các chi bộ, đảng bộ cơ sở\n"
        "Các cấp ủy, tổ chức đảng chủ động quán triệt nội dung Chương trình đến cán bộ, đảng viên.\n"
        "Giao Sở Nội vụ chủ trì, hướng dẫn các cấp ủy đẩy mạnh thông tin, tuyên truyền.\n"
    )

    assert read["II.1.1"][:3] == ([], [], ["Các chi bộ, đảng bộ cơ sở"])  # the heading's, not "Các cấp ủy"
    assert read["II.1.2"][0] == ["SNV"]


@pytest.mark.parametrize("written", ["các chi bộ, đảng bộ cơ sở", "Các thôn, tổ dân phố", "Trưởng phòng Kinh tế"])
def test_party_bodies_places_below_a_commune_and_offices_name_actors(written):
    assert names_an_actor(written)


def test_a_lettered_part_in_capitals_closes_the_roman_section_before_it():
    read = rows(
        HEAD + "## B. NỘI DUNG, NHIỆM VỤ\n"
        "I. KIỂM TRA, SƠ KẾT\n"
        "1. Nội dung\na) Tổ chức kiểm tra các nhiệm vụ;\nb) Sơ kết 6 tháng;\n"
        "2. Cơ quan chủ trì: Sở Nội vụ.\n"
        "3. Thời gian thực hiện: hằng năm.\n"
        "## C . MỘT SỐ GIẢI PHÁP TRỌNG TÂM\n"
        "1. Tập trung hoàn thành việc ban hành các văn bản hướng dẫn (trong năm 2026).\n"
    )

    assert read["I.1.a"][0] == ["SNV"] and read["I.1.a"][3] == K.YEARLY
    assert read["C.1"][:4] == ([], [], [], K.WITHIN_YEAR)  # not the fields of section I


def _numbered_docx() -> bytes:
    """A Word file whose numbers and bullets are Word's automatic numbering, not typed: the numbering
    definitions of the default template's "List Number" and "List Bullet" styles, set on plain paragraphs
    as a converter (LibreOffice, Google Docs) writes them, and a task table with a two-row header."""
    import io

    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    styles = document.styles

    def numbered(text: str, style_name: str, level: int = 0) -> None:
        numbering = styles[style_name].element.pPr.find(qn("w:numPr"))
        paragraph = document.add_paragraph(text)
        properties = paragraph._p.get_or_add_pPr()
        number = properties.makeelement(qn("w:numPr"), {})
        ilvl = number.makeelement(qn("w:ilvl"), {qn("w:val"): str(level)})
        num_id = number.makeelement(qn("w:numId"), {qn("w:val"): numbering.find(qn("w:numId")).get(qn("w:val"))})
        number.extend([ilvl, num_id])
        properties.append(number)

    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện nhiệm vụ năm 2026")
    document.add_paragraph("II. NHIỆM VỤ")
    numbered("Sở Nội vụ", "List Number")
    numbered("Rà soát thủ tục hành chính, hoàn thành trong quý III/2026.", "List Bullet")
    numbered("Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh.", "List Bullet")
    numbered("Sở Tài chính", "List Number")
    numbered("Bố trí kinh phí thực hiện trong năm 2026.", "List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_automatic_numbers_and_bullets_are_read_as_if_typed():
    from tasks.plan_import.extract import propose_plan

    proposal = propose_plan(filename="ke-hoach.docx", content=_numbered_docx(), matcher=MATCHER)
    read = {task.code: ([p.ref for p in task.lead.parties], task.timing.due_on) for task in proposal.tasks}

    assert read["II.1.1"] == (["SNV"], dt.date(2026, 9, 30))
    assert read["II.1.2"][0] == ["SNV"]
    assert read["II.2.1"] == (["STC"], dt.date(2026, 12, 31))


def test_a_header_over_two_rows_is_read_as_one_in_a_table_that_does_not_say_its_spans():
    read = rows(
        HEAD + "PHỤ LỤC\n"
        "| TT | Nội dung công việc | Thực hiện | Thực hiện | Thời gian |\n"
        "|---|---|---|---|---|\n"
        "| | | Đơn vị chủ trì | Đơn vị phối hợp | |\n"
        "| 1 | Lập nhiệm vụ quy hoạch | Sở Xây dựng | Sở Tài chính | Tháng 11/2026 |\n"
    )

    assert read == {"PL.1": (["SXD"], ["STC"], [], K.BY_MONTH, "2026-11-30")}


def test_the_time_of_an_item_may_close_it_in_brackets():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n"
        "1. Sở Nội vụ tổ chức quán triệt, triển khai Chỉ thị ở các cấp, các ngành (Quý IV/2026, Quý I/2027 và "
        "thường xuyên).\n"
        "2. Sở Tài chính hướng dẫn việc lập dự toán (theo quy định).\n"
    )

    assert read["II.1"][3:] == (K.BY_QUARTER, "2027-03-31")
    assert read["II.2"][3] == K.UNSPECIFIED


def test_an_item_that_periodically_reports_or_checks_recurs():
    read = rows(
        HEAD + "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nội vụ là cơ quan thường trực, có trách nhiệm theo dõi, đôn đốc và định kỳ kiểm tra việc thực hiện "
        "Kế hoạch.\n"
    )

    assert read["II.1"][0] == ["SNV"] and read["II.1"][3] == K.RECURRING


def test_a_commune_table_naming_the_official_who_does_each_task():
    read = rows(
        HEAD + "PHỤ LỤC\n| TT | Nội dung | Người thực hiện | Thời gian |\n|---|---|---|---|\n"
        "| 1 | Niêm yết thủ tục hành chính | Công chức Văn phòng - Thống kê | Quý II/2026 |\n"
    )

    assert read == {"PL.1": (["Công chức Văn phòng - Thống kê"], [], [], K.BY_QUARTER, "2026-06-30")}


def test_a_captioned_task_table_is_an_item_of_its_section_and_the_item_before_it_stays_a_task():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát thủ tục hành chính.\n"
        "BẢNG PHÂN CÔNG NHIỆM VỤ\n"
        "| TT | Nhiệm vụ | Chủ trì | Phối hợp | Thời hạn |\n|---|---|---|---|---|\n"
        "| 1 | Tập huấn cán bộ | Sở Tài chính | Sở Nội vụ | Quý IV/2026 |\n"
    )

    assert read == {
        "II.1": (["SNV"], [], [], K.UNSPECIFIED, None),
        "II.2.1": (["STC"], ["SNV"], [], K.BY_QUARTER, "2026-12-31"),
    }


@pytest.mark.parametrize(
    ("text", "parties", "unnamed"),
    [
        # A known name that is only the start of the written one keeps its lower-case rest.
        ("Sở Nội vụ, Cơ sở khám bệnh, chữa bệnh", ["Sở Nội vụ", "Cơ sở khám bệnh, chữa bệnh"], ""),
        # ... but a verb after the comma is what the party does, and a body in lower case is a party.
        ("Ủy ban nhân dân tỉnh, chỉ đạo", ["Ủy ban nhân dân tỉnh", "chỉ đạo"], ""),
        ("Sở Tài chính, viện nghiên cứu", ["Sở Tài chính", "viện nghiên cứu"], ""),
        # Common nouns listed up to "liên quan" are one unnamed phrase.
        (
            "Sở Tài chính, cơ quan, tổ chức và doanh nghiệp liên quan",
            ["Sở Tài chính"],
            "cơ quan, tổ chức và doanh nghiệp liên quan",
        ),
        # ... and so does a name written in lower case in a table cell.
        ("Sở Tài chính, cơ sở khám bệnh, chữa bệnh", ["Sở Tài chính", "cơ sở khám bệnh, chữa bệnh"], ""),
        # Provincial services named after their field start a party of their own.
        ("Thuế tỉnh, Thống kê tỉnh", ["Thuế tỉnh", "Thống kê tỉnh"], ""),
    ],
)
def test_names_kept_whole_or_apart_by_what_their_words_are(text, parties, unnamed):
    matcher = AgencyMatcher(
        [
            RegistryName("Sở Nội vụ", agency="SNV"),
            RegistryName("Sở Tài chính", agency="STC"),
            RegistryName("Ủy ban nhân dân tỉnh", agency="UBND"),
            RegistryName("Cơ sở khám bệnh", agency="CSKB"),
        ]
    )

    found = matcher.parse_parties(text)

    assert ([party.written for party in found.parties], found.unnamed) == (parties, unnamed)


def test_a_verb_inside_brackets_is_part_of_the_name_not_the_start_of_the_action():
    from tasks.plan_import.wording import until_action

    assert (
        until_action("Sở, Ngành (cơ quan đăng ký đầu tư) trong việc thẩm định") == "Sở, Ngành (cơ quan đăng ký đầu tư)"
    )
    assert until_action("Sở Nội vụ (Phòng Tổ chức) tổ chức tập huấn") == "Sở Nội vụ (Phòng Tổ chức)"


def test_after_a_framing_clause_the_party_to_coordinate_with_leads():
    read = rows(
        HEAD + "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Tài chính: Căn cứ chức năng, nhiệm vụ được giao, phối hợp với Sở Nội vụ tổ chức triển khai Kế hoạch.\n"
    )

    assert read["II.1"][:2] == (["SNV"], ["STC"])


def test_a_commune_item_with_content_roles_and_time_as_field_bullets_is_one_task():
    read = rows(
        HEAD + "II. NỘI DUNG THỰC HIỆN\n"
        "1. Công tác tuyên truyền\n"
        "- Nội dung: Tuyên truyền lợi ích của dịch vụ công trực tuyến.\n"
        "- Đơn vị chủ trì: Sở Nội vụ.\n- Đơn vị phối hợp: Sở Tài chính.\n- Thời gian: Quý II/2026.\n"
        "2. Nội dung\na) Rà soát thủ tục hành chính;\nb) Niêm yết công khai thủ tục.\n"
    )

    assert read["II.1"] == (["SNV"], ["STC"], [], K.BY_QUARTER, "2026-06-30")
    assert {"II.2.a", "II.2.b"} <= set(read)  # "2. Nội dung" with items below stays a heading


def test_a_subject_working_with_another_helps_the_other_who_leads():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Tài chính phối hợp với Sở Nội vụ rà soát biên chế, hoàn thành trong quý III/2026.\n"
    )

    assert read["II.1"] == (["SNV"], ["STC"], [], K.BY_QUARTER, "2026-09-30")


def test_an_item_on_funding_or_targets_inside_a_section_is_no_task():
    read = rows(
        HEAD + "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ theo dõi, đôn đốc việc thực hiện.\n"
        "2. Kinh phí thực hiện\n- Kinh phí thực hiện Kế hoạch bảo đảm từ ngân sách nhà nước theo phân cấp.\n"
    )

    assert list(read) == ["III.1"]


def test_a_heading_that_requests_names_its_addressees():
    read = rows(
        HEAD + "III. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Sở Tài chính và các đoàn thể\n"
        "Tuyên truyền, vận động đoàn viên, hội viên hưởng ứng phong trào.\n"
    )

    assert read["III.1"][0] == ["STC", "các đoàn thể"]


def test_a_table_without_an_agency_column_takes_the_lead_from_group_rows_naming_agencies():
    table = "| TT | Nhiệm vụ | Thời gian hoàn thành |\n|---|---|---|\n"
    read = rows(
        HEAD + "PHỤ LỤC\n" + table + "| I | Sở Nội vụ | |\n| 1 | Rà soát thủ tục | Quý II/2026 |\n"
        "| II | Sở Tài chính có trách nhiệm: | |\n| 1 | Bố trí kinh phí | Quý I/2026 |\n"
    )
    topics = rows(HEAD + "PHỤ LỤC\n" + table + "| I | Công tác tuyên truyền | |\n| 1 | Rà soát | Quý II/2026 |\n")

    assert read == {
        "PL.I.1": (["SNV"], [], [], K.BY_QUARTER, "2026-06-30"),
        "PL.II.1": (["STC"], [], [], K.BY_QUARTER, "2026-03-31"),
    }
    assert topics == {}  # group rows naming topics, not agencies: not read as a task table


def test_a_condition_closing_the_sentence_is_the_event_the_task_waits_for():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n"
        "1. Sở Xây dựng hướng dẫn nhà đầu tư lập hồ sơ khi có nhà đầu tư đề xuất dự án.\n"
        "2. Sở Tài chính thẩm định phương án giá trong trường hợp doanh nghiệp đề nghị điều chỉnh giá.\n"
        "3. Sở Nội vụ rà soát biên chế, hoàn thành trong quý II/2026; báo cáo khi có yêu cầu.\n"
    )

    assert read["II.1"][3] == read["II.2"][3] == K.AFTER_EVENT
    assert read["II.3"][3:] == (K.BY_QUARTER, "2026-06-30")


def test_an_inspection_schedule_adds_its_visits_to_the_tasks_of_the_text():
    read = rows(
        HEAD + "II. PHÂN CÔNG NHIỆM VỤ\n1. Sở Nội vụ: chủ trì các buổi làm việc với đơn vị được kiểm tra.\n"
        "PHỤ LỤC\n"
        "| TT | Tên đơn vị được kiểm tra | Đối tượng kiểm tra | Thời gian kiểm tra |\n|---|---|---|---|\n"
        "| 1 | Công ty A | Kho vật liệu nổ công nghiệp tại mỏ đá B | 23/3/2026 |\n"
    )

    assert read == {
        "II.1": (["SNV"], [], [], K.UNSPECIFIED, None),
        "PL.1": ([], [], [], K.BY_DATE, "2026-03-23"),
    }


def test_the_column_that_says_chu_tri_leads_even_after_a_column_of_the_leader_in_charge():
    read = rows(
        HEAD + "PHỤ LỤC\n"
        "| STT | Nhiệm vụ | Lãnh đạo phụ trách | Phòng/đơn vị chủ trì | Phòng/đơn vị phối hợp "
        "| Thời gian hoàn thành |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | Rà soát thủ tục | Phó Giám đốc Sở | Sở Nội vụ | Sở Tài chính | Quý II/2026 |\n"
    )

    assert read == {"PL.1": (["SNV"], ["STC"], [], K.BY_QUARTER, "2026-06-30")}


@pytest.mark.parametrize(
    ("item", "kind", "due"),
    [
        ("Sở Nội vụ tổ chức sơ kết vào tháng 12/2026.", K.BY_MONTH, "2026-12-31"),
        ("Sở Nội vụ tổ chức tập huấn (dự kiến tháng 8/2026).", K.BY_MONTH, "2026-08-31"),
        ("Sở Nội vụ rà soát xong trước ngày 15/8/2026, gửi Sở Tài chính tổng hợp.", K.BY_DATE, "2026-08-15"),
        # A year the work aims at, not its deadline.
        ("Sở Nội vụ phát triển du lịch xanh, không rác thải nhựa vào năm 2030.", K.UNSPECIFIED, None),
    ],
)
def test_times_written_inside_an_item(item, kind, due):
    read = rows(HEAD + "II. NHIỆM VỤ\n1. " + item + "\n")

    assert read["II.1"][3:] == (kind, due)
