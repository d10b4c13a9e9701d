"""What the plan reader does not take for a task (issue 19): the points that detail an action, the ways
of working, budget lines, catch-alls, rules; and what it must not miss. Each rule on a made-up snippet of
the shape it reads. The registry is a handful of names, so no database is needed."""

from __future__ import annotations

from tasks.plan_import.agency_matching import AgencyMatcher, RegistryName
from tasks.plan_import.extract import propose_plan_from_text
from tasks.plan_import.proposal import TaskProposal

MATCHER = AgencyMatcher(
    [
        RegistryName("Sở Nội vụ", agency="SNV"),
        RegistryName("Sở Tài chính", agency="STC"),
        RegistryName("Ban Thường trực Ủy ban MTTQ xã", agency="MTTQ"),
        RegistryName("Ủy ban nhân dân tỉnh", agency="UBND"),
    ]
)
HEAD = "KẾ HOẠCH\nKiểm tra công tác năm 2026\n"


def tasks(text: str) -> dict[str, TaskProposal]:
    """number -> every task read (headings left out)."""
    proposal = propose_plan_from_text(text=HEAD + text, matcher=MATCHER)
    return {task.code: task for task in proposal.tasks if not task.heading}


def leads(task: TaskProposal) -> list[str]:
    return [party.ref or party.written for party in task.lead.parties]


def test_points_after_a_paragraph_announcing_them_are_the_items_text():
    read = tasks(
        "II. NỘI DUNG\n"
        "1. Giám sát việc lập danh sách cử tri\n"
        "Giám sát việc lập danh sách cử tri theo quy định của Luật Bầu cử. Cụ thể các nội dung:\n"
        "- Cách tính tuổi;\n"
        "- Thẻ cử tri (theo mẫu quy định).\n"
        "* Thời gian thực hiện: Trong khoảng thời gian từ ngày 03/02/2026 đến ngày 15/03/2026\n"
        "2. Giám sát việc kiểm phiếu\n"
    )
    assert set(read) == {"II.1", "II.2"}
    assert "- Cách tính tuổi;" in read["II.1"].full_text  # no word of the points is lost
    assert "- Thẻ cử tri (theo mẫu quy định)." in read["II.1"].full_text
    assert read["II.1"].timing.due_on.isoformat() == "2026-03-15"


def test_a_bullet_announcing_points_under_an_item_makes_the_item_one_task_with_its_doer():
    read = tasks(
        "II. NỘI DUNG\n"
        "1. Giám sát việc thành lập các tổ chức phụ trách bầu cử\n"
        "- Ban Thường trực Ủy ban MTTQ xã giám sát việc thành lập các tổ chức phụ trách bầu cử. Cụ thể:\n"
        "- Cơ cấu, thành phần, số lượng thành viên Tổ bầu cử;\n"
        "- Việc ban hành các văn bản liên quan đến công tác bầu cử.\n"
        "* Thời gian thực hiện: Trong tháng 12/2025.\n"
    )
    assert list(read) == ["II.1"]
    task = read["II.1"]
    assert task.title == "Giám sát việc thành lập các tổ chức phụ trách bầu cử"
    assert leads(task) == ["MTTQ"]
    assert "Việc ban hành các văn bản" in task.full_text
    assert task.timing.due_on.isoformat() == "2025-12-31"


def test_plus_points_under_a_bullet_that_announces_them_stay_in_that_bullet():
    read = tasks(
        "II. NỘI DUNG TUYÊN TRUYỀN\n"
        "1. Nội dung tuyên truyền (trong tháng 12/2025)\n"
        "- Tuyên truyền ý nghĩa của cuộc bầu cử.\n"
        "- Tuyên truyền tiêu chuẩn, cơ cấu, số lượng đại biểu, cụ thể:\n"
        "+ Về tiêu chuẩn: Lựa chọn, giới thiệu những người tiêu biểu.\n"
        "+ Đề cao tiêu chuẩn, chất lượng đại biểu.\n"
        "- Tuyên truyền kết quả bầu cử.\n"
    )
    assert list(read) == ["II.1.1", "II.1.2", "II.1.3"]
    assert "+ Về tiêu chuẩn: Lựa chọn" in read["II.1.2"].full_text
    assert "+ Đề cao tiêu chuẩn" in read["II.1.2"].full_text


def test_plus_cases_under_a_bullet_that_is_no_action_are_tasks_under_it():
    """ "- Đối với đơn thư …:" with "+ Nếu …: Chuyển …" cases: each case is work, numbered under the bullet."""
    read = tasks(
        "II. NỘI DUNG\n"
        "1. Xử lý đơn thư\n"
        "- Đối với khiếu nại về danh sách cử tri: Chuyển đơn đến Ủy ban nhân dân xã.\n"
        "- Đối với đơn thư liên quan đến người ứng cử:\n"
        "+ Nếu liên quan đến hồ sơ người ứng cử: Chuyển ngay đến Ủy ban bầu cử xã.\n"
        "+ Nếu liên quan đến người được giới thiệu: Xác minh và trả lời cử tri.\n"
        "- Đối với kiến nghị về tổ chức bầu cử: Chuyển đến Tổ bầu cử.\n"
    )
    assert list(read) == ["II.1.1", "II.1.2.1", "II.1.2.2", "II.1.3"]
    assert read["II.1.2.2"].full_text.startswith("Nếu liên quan đến người được giới thiệu")


def test_points_with_their_own_lead_or_time_are_tasks_even_after_an_announcement():
    read = tasks(
        "II. NHIỆM VỤ\n"
        "1. Triển khai kế hoạch, cụ thể như sau:\n"
        "- Sở Nội vụ chủ trì tổ chức hội nghị triển khai, hoàn thành trong tháng 3/2026.\n"
        "- Sở Tài chính chủ trì bố trí kinh phí, hoàn thành trong tháng 4/2026.\n"
    )
    assert list(read) == ["II.1.1", "II.1.2"]
    assert leads(read["II.1.1"]) == ["SNV"]
    assert read["II.1.2"].timing.due_on.isoformat() == "2026-04-30"


def test_a_round_announcing_its_contents_keeps_them_as_tasks():
    """ "Đợt 2: Từ ngày … gồm các nội dung trọng tâm:" is a round, not an action: its bullets are the work."""
    read = tasks(
        "II. NỘI DUNG\n"
        "1. Đợt 1: Từ ngày 01/12/2025 đến ngày 20/12/2025 gồm các nội dung trọng tâm:\n"
        "- Giám sát việc thành lập Ủy ban bầu cử.\n"
        "- Kiểm tra việc tổ chức hội nghị hiệp thương.\n"
    )
    assert list(read) == ["II.1.1", "II.1.2"]


def test_a_part_on_the_ways_of_working_gives_no_task():
    read = tasks(
        "II. NỘI DUNG\n"
        "1. Sở Nội vụ kiểm tra việc lập danh sách cử tri.\n"
        "III. HÌNH THỨC KIỂM TRA, GIÁM SÁT\n"
        "1. Giám sát trực tiếp\n"
        "- Việc tham gia các tổ chức phụ trách bầu cử.\n"
        "2. Phối hợp kiểm tra, giám sát\n"
        "Cử đại diện tham gia các đoàn kiểm tra khi có đề nghị.\n"
    )
    assert list(read) == ["II.1"]


def test_budget_lines_and_catch_alls_are_no_tasks_but_keep_their_words():
    proposal = propose_plan_from_text(
        text=HEAD + "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nội vụ\n"
        "- Tổ chức hội nghị triển khai kế hoạch.\n"
        "- Thực hiện các nhiệm vụ khác theo yêu cầu của Ủy ban nhân dân tỉnh.\n"
        "2. Sở Tài chính\n"
        "- Thực hiện nhiệm vụ theo phân công tại mục II Kế hoạch này.\n"
        "- Bố trí kinh phí thực hiện kế hoạch.\n"
        "3. Kinh phí thực hiện kế hoạch được bảo đảm theo quy định tại Thông tư số 87/2025/TT-BTC.\n"
        "4. Kinh phí thực hiện do ngân sách bảo đảm; Sở Tài chính có trách nhiệm lập dự toán hằng năm.\n",
        matcher=MATCHER,
    )
    read = {task.code: task for task in proposal.tasks if not task.heading}
    assert list(read) == ["II.1.1", "II.2.2", "II.4"]
    kept = {task.code: task.full_text for task in proposal.tasks if task.heading}
    assert kept["II.1.2"].startswith("Thực hiện các nhiệm vụ khác")
    assert kept["II.3"].startswith("Kinh phí thực hiện kế hoạch")


def test_an_item_with_its_own_field_bullets_is_the_task_and_its_other_bullets_describe_it():
    read = tasks(
        "II. NỘI DUNG, PHÂN CÔNG THỰC HIỆN\n"
        "1. Xây dựng văn bản\n"
        "1.1. Xây dựng và ban hành Hướng dẫn về công tác bầu cử.\n"
        "- Bảo đảm thống nhất với hướng dẫn của cấp trên.\n"
        "- Nguyên tắc: Bảo đảm dân chủ, công khai.\n"
        "- Thời gian hoàn thành: Tháng 11/2025.\n"
        "- Đơn vị chủ trì: Sở Nội vụ\n"
        "1.2 Tổng kết công tác bầu cử\n"
        "- Đánh giá toàn diện kết quả thực hiện nhiệm vụ.\n"
        "- Thời gian hoàn thành: Tháng 4/2026.\n"
        "- Đơn vị chủ trì: Sở Tài chính\n"
    )
    assert list(read) == ["II.1.1", "II.1.2"]
    assert leads(read["II.1.1"]) == ["SNV"]
    assert read["II.1.1"].timing.due_on.isoformat() == "2025-11-30"
    assert "- Nguyên tắc: Bảo đảm dân chủ, công khai." in read["II.1.1"].full_text
    assert read["II.1.2"].full_text.split("\n")[0] == "Tổng kết công tác bầu cử"  # the title stays first
    assert leads(read["II.1.2"]) == ["STC"]


def test_an_agency_heading_with_field_bullets_keeps_its_bullets_as_tasks():
    read = tasks(
        "II. NHIỆM VỤ\n"
        "1. Sở Nội vụ\n"
        "- Tổ chức hội nghị triển khai.\n"
        "- Hướng dẫn các xã thực hiện.\n"
        "- Thời gian thực hiện: Quý I/2026.\n"
    )
    assert list(read) == ["II.1.1", "II.1.2"]


def test_an_item_with_its_fields_is_a_task_even_with_numbered_items_under_it():
    """ "3. Hội nghị lần thứ ba" with "Nội dung: …", its own field bullets, then "3.3. Báo cáo kết quả"."""
    read = tasks(
        "II. NỘI DUNG\n"
        "3. Hội nghị hiệp thương lần thứ ba\n"
        "Nội dung: Lựa chọn, lập danh sách chính thức những người ứng cử.\n"
        "- Thời gian: Chậm nhất ngày 20/02/2026.\n"
        "- Thành phần: Sở Nội vụ; Sở Tài chính (chủ trì) và cử tri các thôn.\n"
        "- Đơn vị chủ trì: Sở Tài chính.\n"
        "3.3. Báo cáo kết quả Hội nghị\n"
        "- Gửi biên bản hội nghị ngay sau khi kết thúc hội nghị.\n"
        "- Chuyển danh sách chính thức đến Ủy ban bầu cử.\n"
    )
    assert list(read) == ["II.3", "II.3.3.1", "II.3.3.2"]
    assert leads(read["II.3"]) == ["STC"]
    assert read["II.3"].timing.due_on.isoformat() == "2026-02-20"
    assert "- Thành phần: Sở Nội vụ; Sở Tài chính (chủ trì)" in read["II.3"].full_text  # who attends, kept as text


def test_rules_and_notes_are_no_tasks_and_a_bare_label_with_its_points_describes_the_item():
    read = tasks(
        "II. NỘI DUNG\n"
        "1. Tổ chức tiếp công dân về bầu cử\n"
        "- Địa điểm: Tại phòng tiếp công dân của xã.\n"
        "- Thời gian: Trong tháng 12/2025.\n"
        "- Nhiệm vụ:\n"
        "+ Lắng nghe, ghi chép đầy đủ ý kiến của cử tri.\n"
        "+ Giải thích, hướng dẫn công dân.\n"
        "2. Xử lý đơn thư\n"
        "- Chuyển đơn đến Ủy ban bầu cử xã.\n"
        "- Lưu ý: Không xem xét giải quyết đối với đơn tố cáo nặc danh.\n"
        "3. Quy định về số lượng cử tri tham dự hội nghị\n"
        "- Đối với thôn có dưới 100 cử tri: Phải tổ chức hội nghị toàn thể cử tri.\n"
        "- Đối với thôn có từ 100 cử tri trở lên: Có thể tổ chức hội nghị đại diện hộ gia đình.\n"
    )
    assert list(read) == ["II.1", "II.2.1"]
    assert "+ Giải thích, hướng dẫn công dân." in read["II.1"].full_text
    assert read["II.1"].timing.due_on.isoformat() == "2025-12-31"


def test_the_doer_named_once_in_the_part_on_what_is_inspected_does_the_checks_that_name_no_one():
    read = tasks(
        "I. ĐỐI TƯỢNG KIỂM TRA, GIÁM SÁT\n"
        "1. Đối tượng kiểm tra: Ban Thường trực Ủy ban MTTQ xã tiến hành kiểm tra công tác bầu cử đối với:\n"
        "- Ban Công tác Mặt trận ở các thôn.\n"
        "II. NỘI DUNG\n"
        "1. Đợt 1: Từ ngày 05/12/2025 đến ngày 20/02/2026:\n"
        "- Kiểm tra việc tổ chức hội nghị cử tri ở thôn.\n"
        "- Giám sát việc lập danh sách cử tri.\n"
        "- Sở Nội vụ kiểm tra việc niêm yết danh sách cử tri.\n"
        "- Tuyên truyền kết quả bầu cử.\n"
    )
    assert list(read) == ["II.1.1", "II.1.2", "II.1.3", "II.1.4"]
    assert leads(read["II.1.1"]) == ["MTTQ"]
    assert leads(read["II.1.2"]) == ["MTTQ"]  # the one doer of the plan's checks
    assert leads(read["II.1.3"]) == ["SNV"]  # an item naming its own doer keeps it
    assert leads(read["II.1.4"]) == []  # not a check: nobody is made up


def test_bullets_sharing_the_items_own_verb_are_its_work_split_and_a_dash_without_space_is_a_bullet():
    read = tasks(
        "II. NỘI DUNG\n"
        "9. Kiểm tra, giám sát việc tiếp nhận đơn thư\n"
        "- Giám sát việc tiếp nhận đơn thư đối với Ủy ban nhân dân xã.\n"
        "-Kiểm tra việc tiếp nhận đơn thư đối với Ban Thường trực.\n"
        "* Thời gian thực hiện: Trong tháng 3/2026.\n"
    )
    assert "II.9.1" in read and "II.9.2" in read
    assert read["II.9.2"].full_text.startswith("Kiểm tra việc tiếp nhận")
    assert read["II.9.2"].timing.due_on.isoformat() == "2026-03-31"


def test_a_field_block_after_numbered_items_governs_them_and_does_not_make_their_heading_a_task():
    read = tasks(
        "II. NỘI DUNG\n"
        "3. Tổ chức theo dõi, kiểm tra công tác bầu cử\n"
        "3.1. Tiếp nhận thông tin, giải đáp các vướng mắc.\n"
        "3.2. Theo dõi, đôn đốc, tổng hợp, báo cáo.\n"
        "- Thời gian thực hiện: Quý I/2026.\n"
        "- Đơn vị chủ trì: Sở Nội vụ\n"
    )
    assert list(read) == ["II.3.1", "II.3.2"]
    assert leads(read["II.3.1"]) == ["SNV"]


def test_the_doer_named_inside_a_lead_in_sentence_does_the_items_it_announces():
    read = tasks(
        "II. NỘI DUNG\n"
        "2. Tiếp nhận và xử lý đơn thư Ban Thường trực Ủy ban MTTQ xã thực hiện quy trình xử lý đơn thư, cụ thể:\n"
        "- Đối với khiếu nại về danh sách cử tri: Chuyển đơn đến Ủy ban nhân dân xã.\n"
        "- Đối với kiến nghị về tổ chức bầu cử: Chuyển đến Tổ bầu cử.\n"
    )
    assert list(read) == ["II.2.1", "II.2.2"]  # routing cases with a doer of their own are work, not points
    assert leads(read["II.2.1"]) == ["MTTQ"]
    assert leads(read["II.2.2"]) == ["MTTQ"]


def test_a_timing_field_keeping_up_work_is_recurring():
    read = tasks(
        "II. NỘI DUNG\n"
        "1. Tổ chức tiếp công dân về bầu cử\n"
        "- Địa điểm: Tại phòng tiếp công dân của xã.\n"
        "- Thời gian: Duy trì thường xuyên trong giờ hành chính suốt quá trình bầu cử.\n"
    )
    assert read["II.1"].timing.kind == "recurring"


def test_work_due_at_once_is_after_the_event_but_a_purpose_done_at_once_is_not():
    read = tasks(
        "II. NỘI DUNG\n"
        "1. Xử lý đơn thư\n"
        "- Nếu liên quan đến hồ sơ người ứng cử: Chuyển ngay đến Ủy ban bầu cử xã.\n"
        "- Đối với đơn thư về người ứng cử: Sở Nội vụ phải chuyển ngay đến Ủy ban bầu cử tỉnh.\n"
        "- Đối với kiến nghị về tổ chức bầu cử: Chuyển đến Tổ bầu cử để khắc phục ngay.\n"
    )
    assert read["II.1.1"].timing.kind == "after_event"
    assert read["II.1.2"].timing.kind == "after_event"
    assert read["II.1.3"].timing.kind == "unspecified"


def test_things_listed_under_a_check_are_what_it_checks_but_someones_work_under_it_stays_a_task():
    read = tasks(
        "II. NỘI DUNG\n"
        "7. Kiểm tra việc vận động bầu cử qua hội nghị tiếp xúc cử tri\n"
        "- Cơ quan chủ trì, thành phần, số lượng cử tri tham dự hội nghị.\n"
        "- Cách bố trí, sắp xếp địa điểm tổ chức hội nghị.\n"
        "- Đảm bảo công bằng giữa những người ứng cử.\n"
        "8. Giám sát việc giải quyết khiếu nại\n"
        "- Sở Nội vụ theo dõi, đôn đốc các cơ quan giải quyết đơn thư đúng thời hạn.\n"
        "- Kiến nghị xử lý nghiêm các hành vi lợi dụng khiếu nại.\n"
    )
    assert list(read) == ["II.7", "II.8.1", "II.8.2"]
    assert read["II.7"].full_text.split("\n")[0] == "Kiểm tra việc vận động bầu cử qua hội nghị tiếp xúc cử tri"
    assert "- Cách bố trí, sắp xếp địa điểm tổ chức hội nghị." in read["II.7"].full_text
    assert leads(read["II.8.1"]) == ["SNV"]
