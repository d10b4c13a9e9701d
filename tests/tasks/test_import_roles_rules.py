"""The plan reader's rules for roles and names (issue 19), each on a made-up snippet of the shape it reads:
a name ends where what its holder does starts; a heading of work names no one; a case before a colon is
no subject; a doer stated once for a kind of work; field lines that name the parties win. The registry is a
handful of names, so no database is needed."""

from __future__ import annotations

import pytest

from tasks.plan_import.agency_matching import AgencyMatcher, RegistryName, names_an_actor
from tasks.plan_import.extract import propose_plan_from_text
from tasks.plan_import.wording import name_part

MATCHER = AgencyMatcher(
    [
        RegistryName("Sở Nội vụ", agency="SNV"),
        RegistryName("Sở Tài chính", agency="STC"),
        RegistryName("Ủy ban nhân dân tỉnh", agency="UBND"),
    ]
)
HEAD = "KẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\n"


def rows(text: str) -> dict[str, tuple]:
    """number -> (lead, coordinating, implementing) of every task read, names as written or by reference."""
    proposal = propose_plan_from_text(text=text, matcher=MATCHER)

    def names(parties):
        return [party.ref or party.written for party in parties.parties] + (
            [parties.unnamed] if parties.unnamed else []
        )

    return {
        task.code: (names(task.lead), names(task.coordinating), names(task.implementing))
        for task in proposal.tasks
        if not task.heading
    }


# --- A name ends where what its holder does starts ------------------------------------------


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Phòng Văn hóa tham mưu Hội đồng Thi đua huyện thực hiện", "Phòng Văn hóa"),
        ("Đồng chí Chủ tịch Ủy ban MTTQ xã chịu trách nhiệm chỉ đạo chung", "Đồng chí Chủ tịch Ủy ban MTTQ xã"),
        (
            "Các cơ quan chuyên trách tham mưu, giúp việc Đảng ủy",
            "Các cơ quan chuyên trách tham mưu, giúp việc Đảng ủy",
        ),
        ("Ban Quản lý dự án (thực hiện dự án) huyện", "Ban Quản lý dự án (thực hiện dự án) huyện"),
    ],
)
def test_a_name_ends_where_a_verb_that_never_sits_in_a_name_starts(written, name):
    assert name_part(written) == name


def test_an_agency_heading_that_goes_on_with_what_it_advises_gives_its_bullets_only_the_agency():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Phòng Tư pháp tham mưu Hội đồng phối hợp phổ biến pháp luật huyện thực hiện:\n"
        "- Tuyên truyền Luật Hòa giải ở cơ sở.\n- Rà soát đội ngũ hòa giải viên.\n"
    )

    assert [row[0] for row in read.values()] == [["Phòng Tư pháp"]] * 2


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        (
            "Phòng Văn hóa và Thông tin đăng tải Đề cương tuyên truyền lên trang thông tin điện tử.",
            "Phòng Văn hóa và Thông tin",
        ),
        ("Phối hợp với UBND xã triệu tập và chủ trì hội nghị cử tri.", "UBND xã"),
    ],
)
def test_the_agency_of_a_sentence_stops_at_the_verb(sentence, lead):
    read = rows(HEAD + f"II. NHIỆM VỤ\n1. {sentence}\n2. Sở Tài chính bố trí kinh phí.\n")

    assert read["II.1"][0] == [lead]


# --- What reads like a body but is work or a case ----------------------------------------------


@pytest.mark.parametrize("written", ["Báo cáo kết quả Hội nghị", "Tổ chức Hội nghị cử tri", "Kiểm tra việc"])
def test_words_that_open_with_an_action_name_no_one(written):
    assert names_an_actor(written) is False


def test_a_heading_of_work_gives_its_bullets_no_lead():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Báo cáo kết quả Hội nghị\n- Gửi biên bản Hội nghị về Sở Nội vụ.\n"
        "- Thông báo kết quả cho các thôn.\n2. Sở Tài chính bố trí kinh phí.\n"
    )

    assert read["II.1.1"][0] == [] and read["II.1.2"][0] == []


def test_chu_tri_as_the_thing_checked_is_no_lead():
    read = rows(
        HEAD
        + "II. NHIỆM VỤ\n1. Sở Nội vụ\n- Kiểm tra việc chủ trì, phối hợp với Trưởng thôn tổ chức Hội nghị cử tri.\n"
        "- Theo dõi, đôn đốc.\n"
    )

    assert read["II.1.1"][:2] == (["SNV"], [])


def test_a_case_before_the_colon_is_no_subject():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Nếu liên quan đến người được giới thiệu: Sở Nội vụ chủ trì xác minh.\n"
        "2. Sở Tài chính bố trí kinh phí.\n"
    )

    assert read["II.1"][0] == ["SNV"]


@pytest.mark.parametrize("written", ["Những trường hợp đặc biệt không đạt sự tín nhiệm", "Các trường hợp vi phạm"])
def test_a_plural_of_cases_names_no_one(written):
    assert names_an_actor(written) is False


def test_the_lead_body_spoken_of_as_a_thing_is_no_lead():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ\n- Cơ quan chủ trì, thành phần, số lượng cử tri tham dự hội nghị.\n"
        "- Theo dõi, đôn đốc.\n"
    )

    assert read["II.1.1"][0] == ["SNV"]


# --- A doer stated once for a kind of work ------------------------------------------------------

INSPECTION_PLAN = (
    HEAD + "I. MỤC ĐÍCH, YÊU CẦU\n1. Phát hiện kịp thời vi phạm.\n"
    "II. ĐỐI TƯỢNG KIỂM TRA, GIÁM SÁT\n"
    "1. Đối tượng kiểm tra: Sở Nội vụ tiến hành kiểm tra công tác bầu cử đối với:\n- Các thôn.\n"
    "2. Đối tượng giám sát: Sở Tài chính giám sát công tác bầu cử đối với các tổ chức phụ trách bầu cử.\n"
    "III. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN\n"
    "1. Đợt 1: Từ ngày 05/12/2025 đến ngày 20/02/2026:\n"
    "- Kiểm tra việc tổ chức Hội nghị cử tri ở thôn.\n"
    "- Giám sát việc niêm yết danh sách cử tri.\n"
    "- Phối hợp với Ủy ban nhân dân tỉnh kiểm tra việc lập hồ sơ.\n"
    "- Tổng hợp kết quả.\n"
)


def test_the_doer_of_inspecting_stated_once_in_a_part_that_assigns_nothing_leads_each_item_of_that_work():
    read = rows(INSPECTION_PLAN)

    assert read["III.1.1"][0] == ["SNV"]  # kiểm tra: who the plan says inspects
    assert read["III.1.2"][0] == ["STC"]  # giám sát: who the plan says supervises
    assert read["III.1.3"][0] == ["UBND"]  # an item that names its own lead keeps it
    assert read["III.1.4"][0] == []  # other work is not said to be theirs


def test_a_sentence_of_a_part_that_gives_work_declares_no_doer():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ kiểm tra công tác bầu cử ở các thôn (Quý I/2026).\n"
        "2. Kiểm tra việc lập danh sách cử tri (Quý I/2026).\n"
    )

    assert read["II.2"][0] == []


# --- A lead-in sentence run into its heading ----------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "lead"),
    [
        ("Tiếp nhận và xử lý đơn thư, kiến nghị Sở Nội vụ thực hiện quy trình xử lý đơn thư, cụ thể:", ["SNV"]),
        ("Chuyển đơn thư đến Sở Nội vụ thực hiện xử lý theo thẩm quyền, cụ thể:", []),
    ],
)
def test_the_body_that_ends_a_title_run_into_its_lead_in_leads_the_cases_below(heading, lead):
    read = rows(
        HEAD + f"II. NỘI DUNG THỰC HIỆN\n1. {heading}\n- Đối với khiếu nại về danh sách cử tri: Chuyển đơn đến "
        "Ủy ban nhân dân tỉnh.\n- Đối với kiến nghị: Trả lời công dân.\n2. Sở Tài chính bố trí kinh phí.\n"
    )

    assert [read["II.1.1"][0], read["II.1.2"][0]] == [lead, lead]


# --- Field lines that name the parties win --------------------------------------------------------


def test_taking_part_under_field_lines_that_name_lead_and_partners_keeps_the_fields():
    read = rows(
        HEAD + "II. NỘI DUNG\n1. Tham gia thực hiện các nhiệm vụ:\n"
        "- Tham gia các phiên họp của Ủy ban bầu cử xã.\n- Góp ý các văn bản về bầu cử.\n"
        "- Thời gian thực hiện: Từ tháng 11/2025 đến tháng 4/2026.\n"
        "- Đơn vị chủ trì: Sở Nội vụ\n- Đơn vị phối hợp: Sở Tài chính.\n"
    )

    assert read["II.1.1"][:2] == (["SNV"], ["STC"])


def test_taking_part_without_field_lines_still_only_coordinates():
    read = rows(HEAD + "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Tham gia sơ kết việc thực hiện.\n- Theo dõi.\n")

    assert read["III.1.1"][:2] == ([], ["SNV"])


# --- Names in a list ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "names"),
    [
        (
            "Các đ/c Phó Chủ tịch, Trưởng đoàn thể xã, các đồng chí Chuyên viên cơ quan MTTQ xã",
            ["Các đ/c Phó Chủ tịch", "Trưởng đoàn thể xã", "các đồng chí Chuyên viên cơ quan MTTQ xã"],
        ),
        ("Phó Giám đốc Sở, Trưởng phòng Quản lý", ["Phó Giám đốc Sở", "Trưởng phòng Quản lý"]),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Bộ Nông nghiệp và Phát triển nông thôn", ["Bộ Nông nghiệp và Phát triển nông thôn"]),
    ],
)
def test_a_post_after_a_comma_is_someone_else_but_a_name_with_commas_stays_whole(clause, names):
    parsed = MATCHER.parse_parties(clause)

    assert [party.written for party in parsed.parties] == names


# --- Coordinating agencies ------------------------------------------------------------------------


def test_those_worked_with_on_the_way_coordinate_and_the_heading_agency_leads():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ\n- Chủ động cung cấp danh mục điển hình tiên tiến để phối hợp với "
        "Sở Tài chính, các cơ quan có liên quan định hướng công tác tuyên truyền.\n- Theo dõi, đôn đốc.\n"
    )

    assert read["II.1.1"][:2] == (["SNV"], ["STC", "các cơ quan có liên quan"])


def test_partners_named_by_field_lines_are_not_replaced_by_those_worked_with_on_the_way():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Hợp tác quốc tế\n- Tiếp tục phối hợp với Chính phủ Lào tìm kiếm hài cốt.\n"
        "- Trao đổi thông tin.\n- Cơ quan chủ trì: Sở Nội vụ.\n- Cơ quan phối hợp: Sở Tài chính.\n"
    )

    assert read["II.1.1"][:2] == (["SNV"], ["STC"])


# --- Tables: the body answerable for a step, and a doer chosen later -------------------------------

ACCOUNTABLE_TABLE = """PHỤ LỤC
<table>
<tr><th rowspan="2">Thời gian</th><th rowspan="2">Nội dung công việc</th>
<th rowspan="2">Cơ quan chịu trách nhiệm quản lý nhà nước theo quy định</th><th colspan="2">Thực hiện</th></tr>
<tr><th>Đơn vị chủ trì</th><th>Đơn vị phối hợp</th></tr>
<tr><td>I</td><td colspan="4">GIAI ĐOẠN 1: LẬP NHIỆM VỤ</td></tr>
<tr><td>10/2026</td><td>Xây dựng nhiệm vụ</td><td>Cơ quan lập quy hoạch</td><td>Sở Nội vụ</td><td>Sở Tài chính</td></tr>
<tr><td>11/2026</td><td>Lấy ý kiến Hội đồng thẩm định</td><td>Cơ quan thường trực Hội đồng thẩm định</td>
<td>Do Chủ tịch Hội đồng thẩm định quyết định (*)</td><td>Sở Tài chính</td></tr>
<tr><td>01/2027</td><td>Phê duyệt nhiệm vụ</td><td>Ủy ban nhân dân tỉnh</td><td></td><td></td></tr>
</table>
"""


def test_a_step_that_names_no_doer_is_the_answerable_bodys_and_a_doer_chosen_later_is_no_one():
    read = rows(HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát thủ tục.\n" + ACCOUNTABLE_TABLE)

    assert [row[:2] for code, row in read.items() if code.startswith("PL")] == [
        (["SNV"], ["STC"]),  # the row names its doer: the answerable role is not it
        ([], ["STC"]),
        (["UBND"], []),
    ]


@pytest.mark.parametrize(
    ("clause", "names", "unnamed"),
    [
        ("Bộ, ngành, cơ quan, đơn vị có liên quan", [], "Bộ, ngành, cơ quan, đơn vị có liên quan"),
        ("Sở Tài chính, Bộ, cơ quan, tổ chức có liên quan", ["STC"], "Bộ, cơ quan, tổ chức có liên quan"),
    ],
)
def test_a_bare_kind_of_body_before_a_generic_list_is_part_of_it(clause, names, unnamed):
    parsed = MATCHER.parse_parties(clause)

    assert ([party.ref or party.written for party in parsed.parties], parsed.unnamed) == (names, unnamed)


def test_the_investor_of_a_kind_of_project_is_a_role_any_body_may_hold_and_implements():
    read = rows(
        HEAD + "II. NHIỆM VỤ\n1. Chủ đầu tư dự án hạ tầng kỹ thuật khu, cụm công nghiệp san tạo mặt bằng, "
        "thu hút nhà đầu tư thứ cấp.\n2. Sở Tài chính bố trí kinh phí.\n"
    )

    assert read["II.1"][:3] == ([], [], ["Chủ đầu tư dự án hạ tầng kỹ thuật khu, cụm công nghiệp"])


def test_the_party_committee_of_the_front_and_mass_organisations_is_one_body():
    parsed = MATCHER.parse_parties("Đảng uỷ Mặt trận Tổ quốc, các đoàn thể tỉnh; Đảng ủy Ủy ban nhân dân tỉnh")

    assert [party.written for party in parsed.parties] == [
        "Đảng uỷ Mặt trận Tổ quốc, các đoàn thể tỉnh",
        "Đảng ủy Ủy ban nhân dân tỉnh",
    ]


def test_field_lines_of_a_content_item_assign_that_content_not_the_other_items_of_its_heading():
    read = rows(
        HEAD + "II. NỘI DUNG, TIẾN ĐỘ\n1. Hội nghị hiệp thương lần thứ nhất.\n"
        "1.1. Nội dung: Hiệp thương về cơ cấu, thành phần người ứng cử.\n"
        "- Thời gian: Chậm nhất ngày 10/12/2025.\n- Đơn vị chủ trì: Sở Nội vụ.\n"
        "1.2. Báo cáo kết quả Hội nghị\n- Gửi biên bản Hội nghị về Sở Tài chính.\n- Thông báo kết quả cho các thôn.\n"
    )

    assert read["II.1.2.2"][0] == []


@pytest.mark.parametrize(
    ("clause", "names"),
    [
        ("các Sở, ban ngành, nhà đầu tư thứ cấp", ["các Sở, ban ngành", "nhà đầu tư thứ cấp"]),
        ("UBND các xã, phường, doanh nghiệp", ["UBND các xã, phường", "doanh nghiệp"]),
        ("các Sở, ban, ngành, địa phương", ["các Sở, ban, ngành, địa phương"]),
    ],
)
def test_investors_and_firms_do_not_go_on_a_list_of_state_bodies(clause, names):
    parsed = MATCHER.parse_parties(clause)

    assert [party.ref or party.written for party in parsed.parties] == names


@pytest.mark.parametrize(
    ("sentence", "lead", "implementing"),
    [
        (
            "Các sở, ban, ngành thuộc tỉnh, Sở Nội vụ, UBND các xã, phường tổ chức nghiên cứu Chương trình.",
            [],
            ["Các sở, ban, ngành thuộc tỉnh", "SNV", "UBND các xã, phường"],
        ),
        ("Sở Nội vụ, các sở, ngành tổ chức nghiên cứu Chương trình.", ["SNV", "các sở, ngành"], []),
    ],
)
def test_a_list_that_opens_with_everyone_of_a_sort_has_no_lead(sentence, lead, implementing):
    read = rows(HEAD + f"II. NHIỆM VỤ\n1. {sentence}\n2. Sở Tài chính bố trí kinh phí.\n")

    assert (read["II.1"][0], read["II.1"][2]) == (lead, implementing)


@pytest.mark.parametrize(
    ("clause", "names"),
    [
        (
            "Mặt trận Tổ quốc Việt Nam và Hội Cựu chiến binh các cấp, các tổ chức chính trị - xã hội",
            ["Mặt trận Tổ quốc Việt Nam và Hội Cựu chiến binh các cấp", "các tổ chức chính trị - xã hội"],
        ),
        ("Sở Nội vụ và Ủy ban nhân dân các cấp", ["SNV", "Ủy ban nhân dân các cấp"]),
    ],
)
def test_at_all_levels_after_two_unknown_bodies_qualifies_both(clause, names):
    parsed = MATCHER.parse_parties(clause)

    assert [party.ref or party.written for party in parsed.parties] == names


def test_the_title_of_work_given_to_a_post_before_a_colon_is_the_work_not_the_rest_of_the_post():
    proposal = propose_plan_from_text(
        text=HEAD + "II. NHIỆM VỤ\n1. Đồng chí Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban: Phụ trách chung, "
        "chịu trách nhiệm trước Ủy ban bầu cử.\n2. Sở Tài chính bố trí kinh phí.\n",
        matcher=MATCHER,
    )
    task = next(task for task in proposal.tasks if task.code == "II.1")

    assert (task.title, [party.written for party in task.lead.parties]) == (
        "Phụ trách chung, chịu trách nhiệm trước Ủy ban bầu cử",
        ["Đồng chí Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban"],
    )
