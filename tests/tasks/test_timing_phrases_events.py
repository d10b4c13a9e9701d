"""Timing written around events, rounds and estimates (issue 19, local plans): each rule on a made-up
snippet of its shape, then the handing of a timing from a heading or a trailing timing line to the
items it governs."""

from __future__ import annotations

import datetime as dt

import pytest

from tasks.plan_import.agency_matching import AgencyMatcher, RegistryName
from tasks.plan_import.evaluation import proposal_kind
from tasks.plan_import.extract import propose_plan_from_text
from tasks.plan_import.timing_cells import read_timing_cell
from tasks.plan_import.timing_phrases import find_timing_in_text, parse_timing
from tasks.timing import TimingKind as K

D = dt.date


@pytest.mark.parametrize(
    ("phrase", "kind", "starts_on", "due_on", "trigger"),
    [
        # Until an event: ongoing from the start, no date to meet.
        ("Từ khi thành lập đến khi kết thúc nhiệm vụ của Hội đồng", K.FROM_DATE, None, None, ""),
        ("Từ ngày thành lập Ban chỉ đạo đến ngày kết thúc cuộc điều tra", K.FROM_DATE, None, None, ""),
        ("từ nay đến khi kết thúc đợt kiểm tra", K.FROM_DATE, None, None, ""),
        ("Từ ngày 15/3/2026 đến ngày tổng kết", K.FROM_DATE, D(2026, 3, 15), None, ""),
        # Until a dated event: the event's date is the deadline.
        ("Từ tháng 01 tới ngày khai mạc hội nghị 20/4/2026", K.BY_DATE, None, D(2026, 4, 20), ""),
        # After the day of an event, or within days of it.
        ("Sau ngày khai mạc 20/4/2026", K.AFTER_EVENT, None, None, "ngày khai mạc 20/4/2026"),
        ("trong thời hạn 05 ngày kể từ ngày nhận hồ sơ", K.AFTER_EVENT, None, None, "ngày nhận hồ sơ"),
        ("trong vòng 10 ngày làm việc sau khi có kết luận", K.AFTER_EVENT, None, None, "có kết luận"),
        ("trong 30 ngày sau khi Nghị định có hiệu lực", K.AFTER_EVENT, None, None, "Nghị định có hiệu lực"),
        # An estimate is the planned time.
        ("Dự kiến tháng 11/2025", K.BY_MONTH, None, D(2025, 11, 30), ""),
        # A range joining a month and a quarter is a period from a day to a day.
        ("Từ tháng 12/2025 tới quý I/2026", K.BY_DATE, D(2025, 12, 1), D(2026, 3, 31), ""),
    ],
)
def test_event_and_range_phrases(phrase, kind, starts_on, due_on, trigger):
    timing = parse_timing(phrase)

    assert (timing.kind, timing.starts_on, timing.due_on, timing.trigger, timing.flag) == (
        kind,
        starts_on,
        due_on,
        trigger,
        "",
    )


@pytest.mark.parametrize(
    "phrase", ["Từ năm 2013 đến năm 2020 và tiếp theo", "quý IV/2024 - 2025", "từ tháng 3 đến tháng 5"]
)
def test_ranges_with_a_year_that_is_no_event_are_not_read_as_until_an_event(phrase):
    assert parse_timing(phrase).kind != K.FROM_DATE


@pytest.mark.parametrize(
    ("cell", "kind", "starts_on", "due_on"),
    [
        # The latest day in a remark is the deadline, not the planned day.
        (
            "Dự kiến ngày 05/12/2025 (Chậm nhất ngày 10/12/2025 - 95 ngày trước ngày bầu cử)",
            K.BY_DATE,
            None,
            D(2025, 12, 10),
        ),
        ("Tháng 11/2025 (không quá ngày 05/12/2025)", K.BY_DATE, None, D(2025, 12, 5)),
        # Rounds: done when the last round ends.
        (
            "Đợt 1: từ ngày 01/12/2025 đến ngày 14/12/2025. Đợt 2: từ ngày 02/02/2026 đến ngày 08/02/2026.",
            K.BY_DATE,
            D(2025, 12, 1),
            D(2026, 2, 8),
        ),
        ("Lần 1: Quý IV/2025; Lần 2: Quý II/2026", K.BY_QUARTER, D(2025, 12, 31), D(2026, 6, 30)),
    ],
)
def test_cells_with_estimates_and_rounds(cell, kind, starts_on, due_on):
    timing = read_timing_cell(cell)

    assert (timing.kind, timing.starts_on, timing.due_on, timing.flag, timing.text) == (
        kind,
        starts_on,
        due_on,
        "",
        cell.rstrip(".)"),  # the words as written, without a closing bracket or period
    )


@pytest.mark.parametrize(
    ("paragraph", "phrase"),
    [
        ("Gửi biên bản đến Thường trực ngay sau khi kết thúc hội nghị.", "ngay sau khi kết thúc hội nghị"),
        (
            "Chuyển đơn đến cơ quan có thẩm quyền (trong thời hạn 05 ngày kể từ ngày nhận đơn).",
            "trong thời hạn 05 ngày kể từ ngày nhận đơn",
        ),
        ("Đợt 2: Từ ngày 23/02/2026 đến ngày 14/3/2026 gồm các nội dung:", "Từ ngày 23/02/2026 đến ngày 14/3/2026"),
        ("Giai đoạn 1: Trong tháng 12/2025", "Trong tháng 12/2025"),
        # A sentence opening with "Sau khi ..., X ..." is prose; a bracket naming no time is no timing.
        ("Sau khi Nghị định được ban hành, Sở Tư pháp hướng dẫn thực hiện.", ""),
        ("Kiểm tra việc tổ chức hội nghị (thực hiện quy trình, biên bản mẫu 03).", ""),
    ],
)
def test_timing_found_in_a_paragraph(paragraph, phrase):
    assert find_timing_in_text(paragraph) == phrase


@pytest.mark.parametrize(
    ("kind", "starts_on", "due_on", "expected"),
    [
        ("by_date", D(2025, 12, 5), D(2026, 2, 20), "by_date"),
        ("by_month", D(2025, 11, 1), D(2026, 4, 30), "by_date"),
        ("within_year", D(2025, 1, 1), D(2026, 12, 31), "year_range"),
    ],
)
def test_a_period_crossing_new_year_is_scored_as_a_date(kind, starts_on, due_on, expected):
    assert proposal_kind(kind, starts_on, due_on) == expected


MATCHER = AgencyMatcher([RegistryName("Sở Nội vụ", agency="SNV"), RegistryName("Sở Tài chính", agency="STC")])
HEAD = "KẾ HOẠCH\nKiểm tra công tác năm 2026\n"


def timings(text: str) -> dict[str, tuple]:
    proposal = propose_plan_from_text(text=text, matcher=MATCHER)
    return {
        task.code: (task.timing.kind, task.timing.due_on.isoformat() if task.timing.due_on else None)
        for task in proposal.tasks
        if not task.heading
    }


def test_a_round_title_set_apart_times_its_bullets():
    read = timings(
        HEAD + "II. NỘI DUNG\n1. Tuyên truyền theo thời gian\n1.1. Đợt 1: Trong tháng 12/2025\n"
        "- Sở Nội vụ phổ biến văn bản.\n- Sở Tài chính bảo đảm kinh phí.\n"
        "1.2. Đợt 2: Từ tháng 01 đến ngày khai mạc 20/4/2026\n- Sở Nội vụ tổ chức tọa đàm.\n"
        "1.3. Đợt 3: Sau ngày khai mạc 20/4/2026\nSở Nội vụ tuyên truyền kết quả.\n"
    )

    assert read == {
        "II.1.1.1": (K.BY_MONTH, "2025-12-31"),
        "II.1.1.2": (K.BY_MONTH, "2025-12-31"),
        "II.1.2.1": (K.BY_DATE, "2026-04-20"),
        "II.1.3": (K.AFTER_EVENT, None),
    }


def test_a_round_intro_with_more_words_times_its_items():
    read = timings(
        HEAD + "II. NỘI DUNG\n1. Đợt 1: Từ ngày 05/12/2025 đến ngày 20/02/2026 gồm các nội dung:\n"
        "a) Kiểm tra việc lập danh sách.\nb) Kiểm tra việc niêm yết.\n"
        "2. Đợt 2: Từ ngày 21/02/2026 đến ngày tổng kết gồm các nội dung:\na) Giám sát việc bỏ phiếu.\n"
        "b) Giám sát việc kiểm phiếu.\n"
    )

    assert read == {
        "II.1.a": (K.BY_DATE, "2026-02-20"),
        "II.1.b": (K.BY_DATE, "2026-02-20"),
        "II.2.a": (K.FROM_DATE, None),
        "II.2.b": (K.FROM_DATE, None),
    }


def test_a_timing_line_whose_value_is_the_rounds_below_it_times_the_item_and_is_no_task():
    read = timings(
        HEAD + "II. NỘI DUNG\n1. Kiểm tra việc hiệp thương\n- Kiểm tra cơ cấu, thành phần.\n"
        "- Kiểm tra tỷ lệ người ứng cử.\n* Thời gian thực hiện:\n"
        "+ Đợt 1: Từ ngày 01/12/2025 đến ngày 14/12/2025.\n+ Đợt 2: Từ ngày 02/02/2026 đến ngày 08/02/2026.\n"
        "2. Giám sát việc niêm yết\n- Giám sát nơi niêm yết.\n"
    )

    assert read == {
        "II.1.1": (K.BY_DATE, "2026-02-08"),
        "II.1.2": (K.BY_DATE, "2026-02-08"),
        "II.2.1": (K.UNSPECIFIED, None),
    }


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        # Several rhythms, one shorter than a year: the work recurs, it is not yearly.
        ("6 tháng, hằng năm và định kỳ", K.RECURRING),
        ("Hằng quý, hàng năm", K.RECURRING),
        # Continuity or ad hoc beside "hằng năm" leaves it yearly.
        ("Hằng năm, thường xuyên", K.YEARLY),
        ("Hằng năm và đột xuất", K.YEARLY),
    ],
)
def test_several_rhythms_in_a_cell(cell, kind):
    assert read_timing_cell(cell).kind == kind


@pytest.mark.parametrize(
    ("paragraph", "phrase"),
    [
        ("Tổng kết giai đoạn 2021-2023 vào năm 2023; giai đoạn 2024-2026 vào năm 2026;", "vào năm 2026"),
        (
            "Nội dung tuyên truyền xuyên suốt từ nay đến kết thúc đợt thi đua",
            "xuyên suốt từ nay đến kết thúc đợt thi đua",
        ),
        # The year of an aim is its horizon, not the work's deadline.
        ("Phát triển du lịch xanh, hướng tới xây dựng thị xã trở thành đô thị du lịch vào năm 2030.", ""),
    ],
)
def test_clauses_that_time_a_sentence_and_one_that_does_not(paragraph, phrase):
    assert find_timing_in_text(paragraph) == phrase


def test_a_timing_field_reads_its_first_line_when_a_title_follows_it():
    read = timings(
        HEAD + "II. NỘI DUNG\n1. Sơ kết\na) Sở Nội vụ sơ kết công tác.\nb) Sở Tài chính khen thưởng.\n"
        "2. Thời gian thực hiện: Hằng năm.\nTỔNG HỢP CÁC GIẢI PHÁP NĂM 2026\n"
    )

    assert read == {"II.1.a": (K.YEARLY, None), "II.1.b": (K.YEARLY, None)}


@pytest.mark.parametrize(
    ("cell", "due_on"),
    [
        ("ngày Tháng 11/2025 (sau khi cấp trên ban hành hướng dẫn)", D(2025, 11, 30)),
        ("ngày … tháng 3 năm 2026", D(2026, 3, 31)),
    ],
)
def test_a_day_left_blank_before_the_month_reads_as_the_month(cell, due_on):
    timing = read_timing_cell(cell)

    assert (timing.kind, timing.due_on) == (K.BY_MONTH, due_on)


def test_field_bullets_after_the_last_of_several_items_cover_them_all():
    read = timings(
        HEAD + "II. NỘI DUNG\n1. Theo dõi công tác\n1.1. Tham gia các đoàn kiểm tra.\n"
        "1.2. Tổng hợp khó khăn, vướng mắc.\n1.3. Theo dõi, đôn đốc, báo cáo.\n"
        "- Thời gian thực hiện: Từ tháng 12/2025 đến quý I/2026.\n- Đơn vị chủ trì: Sở Nội vụ\n"
    )

    assert read == dict.fromkeys(("II.1.1", "II.1.2", "II.1.3"), (K.BY_DATE, "2026-03-31"))
    proposal = propose_plan_from_text(
        text=HEAD + "II. NỘI DUNG\n1. Theo dõi công tác\n1.1. Kiểm tra các thôn.\n"
        "1.2. Tổng hợp khó khăn.\n- Thời gian thực hiện: Quý I/2026.\n- Đơn vị chủ trì: Sở Nội vụ\n",
        matcher=MATCHER,
    )
    assert {task.code: [party.ref for party in task.lead.parties] for task in proposal.tasks if not task.heading} == {
        "II.1.1": ["SNV"],
        "II.1.2": ["SNV"],
    }


def test_field_bullets_of_each_item_stay_with_it():
    read = timings(
        HEAD
        + "II. NỘI DUNG\n1. Theo dõi công tác\n1.1. Tham gia các đoàn kiểm tra.\n- Thời gian thực hiện: Quý IV/2025.\n"
        "1.2. Tổng hợp khó khăn.\n- Thời gian thực hiện: Quý I/2026.\n"
    )

    assert read == {"II.1.1": (K.BY_QUARTER, "2025-12-31"), "II.1.2": (K.BY_QUARTER, "2026-03-31")}


@pytest.mark.parametrize(
    ("paragraph", "phrase"),
    [
        (
            "UBND cấp xã hướng dẫn nhà đầu tư lập hồ sơ khi có nhà đầu tư đề xuất dự án.",
            "khi có nhà đầu tư đề xuất dự án",
        ),
        (
            "Sở Tư pháp thẩm định hồ sơ trong trường hợp nhà đầu tư đề nghị điều chỉnh.",
            "trong trường hợp nhà đầu tư đề nghị điều chỉnh",
        ),
        # On request, inside a sentence, says on what the work is done, not when.
        ("Cung cấp hồ sơ, tài liệu cho cơ quan thanh tra khi có yêu cầu.", ""),
    ],
)
def test_an_event_closing_a_sentence(paragraph, phrase):
    assert find_timing_in_text(paragraph) == phrase


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Chủ trì tổ chức các hoạt động văn hóa theo kế hoạch hàng năm và dài hạn để tuyên truyền.", K.YEARLY),
        ("Có trách nhiệm theo dõi, đôn đốc và định kỳ báo cáo UBND tỉnh về kết quả thực hiện.", K.RECURRING),
    ],
)
def test_a_rhythm_named_in_passing_times_a_task_with_no_other_timing(paragraph, kind):
    assert rows_timing(paragraph) == kind


def rows_timing(paragraph: str) -> str:
    read = timings(
        HEAD + "II. NHIỆM VỤ\n1. Sở Nội vụ\n- " + paragraph + "\n- Tổ chức hội nghị sơ kết trong quý IV/2026.\n"
    )
    assert read["II.1.2"] == (K.BY_QUARTER, "2026-12-31")  # a dated sibling keeps its own date
    return read["II.1.1"][0]


def test_an_event_offered_as_a_choice_is_no_timing_of_a_sentence():
    assert find_timing_in_text("Tổng kết mô hình vào cuối năm hoặc khi có nhà tài trợ mới.") == ""


def test_the_time_of_a_named_activity_is_a_field_not_a_task():
    from tasks.plan_import.fields import TIMING, Fields, is_field_line, read_field_line

    fields = Fields()
    read_field_line("Thời gian lấy ý kiến: từ ngày 17/3/2025 đến ngày 05/4/2025.", fields)

    assert is_field_line("Thời gian lấy ý kiến: từ ngày 17/3/2025 đến ngày 05/4/2025.")
    assert fields.text(TIMING) == "từ ngày 17/3/2025 đến ngày 05/4/2025"
    # Words after "thời gian" with no timing after the colon stay text.
    assert not is_field_line("Thời gian làm việc: theo giờ hành chính.")
    proposal = propose_plan_from_text(
        text="THÔNG BÁO\nLấy ý kiến về dự thảo\n1. Hồ sơ gồm báo cáo và bản đồ.\n"
        "2. Thời gian lấy ý kiến: từ ngày 17/3/2025 đến ngày 05/4/2025.\n3. Giao:\n- Sở Nội vụ tổng hợp ý kiến.\n",
        matcher=MATCHER,
    )
    assert [task.code for task in proposal.tasks if not task.heading and task.title.startswith("Thời gian")] == []


def test_annual_plans_as_the_object_of_the_work_are_no_timing():
    assert find_timing_in_text("Xây dựng, ban hành Quy chế của Ban Chỉ đạo; các kế hoạch hằng năm;") == ""
    assert find_timing_in_text("Tổ chức hội nghị sơ kết hằng năm.") == "hằng năm"


def test_rounds_numbered_in_words():
    timing = read_timing_cell("Lần thứ nhất: chậm nhất ngày 10/12/2025. Lần thứ hai: chậm nhất ngày 03/02/2026.")

    assert (timing.kind, timing.due_on) == (K.BY_DATE, D(2026, 2, 3))


@pytest.mark.parametrize(
    ("paragraph", "phrase"),
    [
        ("Hoàn thành trong quý IV/2026 (theo Kế hoạch số 12/KH-UBND).", "Hoàn thành trong quý IV/2026"),
        ("Báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2026 (qua phòng Hành chính).", "trước ngày 15/12/2026"),
        (
            "Tổ chức hội nghị lần thứ nhất: Chậm nhất ngày 10/12/2025 (trước ngày khai mạc 95 ngày theo Điều 39).",
            "Chậm nhất ngày 10/12/2025",
        ),
    ],
)
def test_a_remark_in_brackets_after_the_timing_clause_does_not_hide_it(paragraph, phrase):
    assert find_timing_in_text(paragraph) == phrase


@pytest.mark.parametrize(
    ("phrase", "starts_on", "due_on"),
    [
        ("Hằng năm từ quý IV/2026 - 2029", D(2026, 10, 1), D(2029, 12, 31)),
        ("hàng năm, giai đoạn 2026 - 2030", D(2026, 1, 1), D(2030, 12, 31)),
        ("Hằng năm từ năm 2026", D(2026, 1, 1), None),
    ],
)
def test_a_yearly_duty_over_a_span(phrase, starts_on, due_on):
    timing = parse_timing(phrase)

    assert (timing.kind, timing.starts_on, timing.due_on, timing.flag) == (K.YEARLY, starts_on, due_on, "")


def test_bullets_after_an_empty_timing_label_that_are_no_timing_stay_tasks():
    read = timings(
        HEAD + "II. NỘI DUNG\n1. Kiểm tra việc hiệp thương\n- Kiểm tra cơ cấu, thành phần.\n* Thời gian thực hiện:\n"
        "- Sở Nội vụ tổng hợp kết quả kiểm tra.\n"
    )

    assert len(read) == 2


def test_a_rhythm_in_passing_yields_to_the_timing_of_the_fields_above():
    read = timings(
        HEAD + "II. NHIỆM VỤ\n1. Ban hành văn bản\na) Sở Nội vụ ban hành Quy chế; các kế hoạch hằng năm;\n"
        "b) Sở Tài chính ban hành hướng dẫn.\n2. Thời gian thực hiện: Tháng 11, 12/2025 và bổ sung hằng năm.\n"
        "III. TỔ CHỨC\n1. Sở Nội vụ xây dựng các kế hoạch hằng năm.\n"
    )

    assert read["II.1.a"] == (K.BY_MONTH, "2025-12-31")
    assert read["III.1"] == (K.YEARLY, None)
