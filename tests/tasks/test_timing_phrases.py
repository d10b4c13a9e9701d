"""Timing phrases of real plans read into structure, keeping the words; what is unclear is flagged, never guessed."""

import datetime as dt
import unicodedata

import pytest

from tasks.plan_import.timing_phrases import find_timing_in_text, parse_timing
from tasks.timing import TimingKind as K

D = dt.date

# (phrase, kind, starts_on, due_on, extra fields)
UNDERSTOOD = [
    # Bến Tre plan (bổ sung Kế hoạch 4447/KH-UBND), every phrase it carries.
    ("thực hiện trong quý IV năm 2018", K.BY_QUARTER, None, D(2018, 12, 31), {}),
    (
        "thực hiện sau khi Chiến lược quốc gia thu hút, trọng dụng nhân tài được ban hành",
        K.AFTER_EVENT,
        None,
        None,
        {"trigger": "Chiến lược quốc gia thu hút, trọng dụng nhân tài được ban hành"},
    ),
    (
        "thực hiện sau khi có hướng dẫn của Trung ương",
        K.AFTER_EVENT,
        None,
        None,
        {"trigger": "có hướng dẫn của Trung ương"},
    ),
    (
        "thực hiện sau khi Chương trình này được Trung ương ban hành",
        K.AFTER_EVENT,
        None,
        None,
        {"trigger": "Chương trình này được Trung ương ban hành"},
    ),
    ("thực hiện từ năm 2019", K.FROM_DATE, D(2019, 1, 1), None, {}),
    ("thực hiện trong năm 2019", K.WITHIN_YEAR, None, D(2019, 12, 31), {}),
    ("nhiệm vụ thường xuyên", K.RECURRING, None, None, {}),
    ("định kỳ 06 tháng, năm hoặc theo yêu cầu đột xuất", K.RECURRING, None, None, {}),
    ("theo định kỳ 06 tháng, năm hoặc đột xuất", K.RECURRING, None, None, {}),
    # 09/KH-BTNMT annex, column "Thời gian thực hiện/ hoàn thành".
    ("Tháng 8/2024", K.BY_MONTH, None, D(2024, 8, 31), {}),
    ("2024 - 2025", K.WITHIN_YEAR, D(2024, 1, 1), D(2025, 12, 31), {}),
    ("2026 - 2027", K.WITHIN_YEAR, D(2026, 1, 1), D(2027, 12, 31), {}),
    ("2025 - 2030", K.WITHIN_YEAR, D(2025, 1, 1), D(2030, 12, 31), {}),
    ("2024 - 2030", K.WITHIN_YEAR, D(2024, 1, 1), D(2030, 12, 31), {}),
    # One quarter, as plans write it.
    ("quý IV năm 2018", K.BY_QUARTER, None, D(2018, 12, 31), {}),
    ("Quý IV/2018", K.BY_QUARTER, None, D(2018, 12, 31), {}),
    ("quý 4 năm 2018", K.BY_QUARTER, None, D(2018, 12, 31), {}),
    ("Quý IV-2018", K.BY_QUARTER, None, D(2018, 12, 31), {}),
    ("QUÝ I/2020", K.BY_QUARTER, None, D(2020, 3, 31), {}),
    ("quí II năm 2019", K.BY_QUARTER, None, D(2019, 6, 30), {}),
    ("chậm nhất trong quý III/2025", K.BY_QUARTER, None, D(2025, 9, 30), {}),
    # Several quarters: from the first day of the first to the last day of the last.
    ("Quý III, IV/2026", K.BY_QUARTER, D(2026, 7, 1), D(2026, 12, 31), {}),
    ("quý II và quý III năm 2025", K.BY_QUARTER, D(2025, 4, 1), D(2025, 9, 30), {}),
    ("Quý I - II/2025", K.BY_QUARTER, D(2025, 1, 1), D(2025, 6, 30), {}),
    ("từ quý II đến quý IV/2025", K.BY_QUARTER, D(2025, 4, 1), D(2025, 12, 31), {}),
    ("quý IV/2024 - quý I/2025", K.BY_QUARTER, D(2024, 10, 1), D(2025, 3, 31), {}),
    # Months.
    ("tháng 8 năm 2024", K.BY_MONTH, None, D(2024, 8, 31), {}),
    ("trong tháng 12/2024", K.BY_MONTH, None, D(2024, 12, 31), {}),
    ("tháng 02/2024", K.BY_MONTH, None, D(2024, 2, 29), {}),
    ("tháng 8 - 9/2024", K.BY_MONTH, D(2024, 8, 1), D(2024, 9, 30), {}),
    ("tháng 8 và tháng 9 năm 2024", K.BY_MONTH, D(2024, 8, 1), D(2024, 9, 30), {}),
    ("từ tháng 3 đến tháng 6/2025", K.BY_MONTH, D(2025, 3, 1), D(2025, 6, 30), {}),
    ("tháng 11/2024 - tháng 2/2025", K.BY_MONTH, D(2024, 11, 1), D(2025, 2, 28), {}),
    # Years and ranges of years.
    ("trong năm 2019", K.WITHIN_YEAR, None, D(2019, 12, 31), {}),
    ("năm 2025", K.WITHIN_YEAR, None, D(2025, 12, 31), {}),
    ("2025", K.WITHIN_YEAR, None, D(2025, 12, 31), {}),
    ("2024-2030", K.WITHIN_YEAR, D(2024, 1, 1), D(2030, 12, 31), {}),
    ("2024 – 2025", K.WITHIN_YEAR, D(2024, 1, 1), D(2025, 12, 31), {}),
    ("giai đoạn 2021 - 2025", K.WITHIN_YEAR, D(2021, 1, 1), D(2025, 12, 31), {}),
    ("trong giai đoạn 2021-2025", K.WITHIN_YEAR, D(2021, 1, 1), D(2025, 12, 31), {}),
    ("từ năm 2024 đến năm 2025", K.WITHIN_YEAR, D(2024, 1, 1), D(2025, 12, 31), {}),
    ("năm 2024 - 2025", K.WITHIN_YEAR, D(2024, 1, 1), D(2025, 12, 31), {}),
    ("năm 2024 và năm 2025", K.WITHIN_YEAR, D(2024, 1, 1), D(2025, 12, 31), {}),
    # Half a year: chosen as BY_DATE over the six months.
    ("6 tháng đầu năm 2025", K.BY_DATE, D(2025, 1, 1), D(2025, 6, 30), {}),
    ("trong 6 tháng cuối năm 2025", K.BY_DATE, D(2025, 7, 1), D(2025, 12, 31), {}),
    # A date.
    ("trước ngày 30/6/2025", K.BY_DATE, None, D(2025, 6, 30), {}),
    ("trước ngày 30 tháng 6 năm 2025", K.BY_DATE, None, D(2025, 6, 30), {}),
    ("chậm nhất ngày 15/12/2024", K.BY_DATE, None, D(2024, 12, 15), {}),
    ("hoàn thành trước 31/12/2024", K.BY_DATE, None, D(2024, 12, 31), {}),
    ("trước ngày 29/02/2024", K.BY_DATE, None, D(2024, 2, 29), {}),
    ("đến hết năm 2025", K.BY_DATE, None, D(2025, 12, 31), {}),
    ("đến năm 2030", K.BY_DATE, None, D(2030, 12, 31), {}),
    # From a point on, no deadline.
    ("từ năm 2019", K.FROM_DATE, D(2019, 1, 1), None, {}),
    ("từ năm 2019 trở đi", K.FROM_DATE, D(2019, 1, 1), None, {}),
    ("từ tháng 3/2025", K.FROM_DATE, D(2025, 3, 1), None, {}),
    ("bắt đầu từ quý II/2025", K.FROM_DATE, D(2025, 4, 1), None, {}),
    ("từ ngày 01/3/2025", K.FROM_DATE, D(2025, 3, 1), None, {}),
    ("năm 2024 và các năm tiếp theo", K.FROM_DATE, D(2024, 1, 1), None, {}),
    # Yearly duties, with their day when the phrase names one.
    ("hằng năm", K.YEARLY, None, None, {}),
    ("hàng năm", K.YEARLY, None, None, {}),
    ("định kỳ hằng năm", K.YEARLY, None, None, {}),
    ("thực hiện hằng năm", K.YEARLY, None, None, {}),
    ("trước ngày 15/12 hằng năm", K.YEARLY, None, None, {"yearly_due_day": 15, "yearly_due_month": 12}),
    ("trước ngày 15 tháng 12 hằng năm", K.YEARLY, None, None, {"yearly_due_day": 15, "yearly_due_month": 12}),
    ("hằng năm, trước ngày 10/12", K.YEARLY, None, None, {"yearly_due_day": 10, "yearly_due_month": 12}),
    ("trong quý IV hằng năm", K.YEARLY, None, None, {"yearly_due_day": 31, "yearly_due_month": 12}),
    # Recurring duties ("hằng tháng" is recurring: the model has no monthly duty kind).
    ("thường xuyên", K.RECURRING, None, None, {}),
    ("thực hiện thường xuyên", K.RECURRING, None, None, {}),
    ("thường xuyên, liên tục", K.RECURRING, None, None, {}),
    ("hằng tháng", K.RECURRING, None, None, {}),
    ("trước ngày 20 hằng tháng", K.RECURRING, None, None, {}),
    ("hằng quý", K.RECURRING, None, None, {}),
    # After an event: the trigger is the words after "sau khi"/"khi", as written.
    ("khi có hướng dẫn của Bộ Nội vụ", K.AFTER_EVENT, None, None, {"trigger": "có hướng dẫn của Bộ Nội vụ"}),
    ("ngay sau khi Kế hoạch được phê duyệt", K.AFTER_EVENT, None, None, {"trigger": "Kế hoạch được phê duyệt"}),
    (
        "sau khi Uỷ ban nhân dân tỉnh ban hành Quy chế",
        K.AFTER_EVENT,
        None,
        None,
        {"trigger": "Uỷ ban nhân dân tỉnh ban hành Quy chế"},
    ),
    # Done when the plan was issued.
    ("đã hoàn thành", K.DONE, None, None, {}),
    # Lead words, case and punctuation around the phrase do not matter.
    ("Thời gian thực hiện/ hoàn thành: Tháng 8/2024", K.BY_MONTH, None, D(2024, 8, 31), {}),
    ("thời gian: 2024 - 2025", K.WITHIN_YEAR, D(2024, 1, 1), D(2025, 12, 31), {}),
    ("Thực hiện và hoàn thành trong Quý IV/2024;", K.BY_QUARTER, None, D(2024, 12, 31), {}),
]


@pytest.mark.parametrize(("phrase", "kind", "starts_on", "due_on", "extra"), UNDERSTOOD, ids=[r[0] for r in UNDERSTOOD])
def test_phrase_is_read_into_its_structure_and_keeps_its_words(phrase, kind, starts_on, due_on, extra):
    timing = parse_timing(phrase)

    fields = {
        "text": timing.text,
        "kind": timing.kind,
        "starts_on": timing.starts_on,
        "due_on": timing.due_on,
        "trigger": timing.trigger,
        "yearly_due_day": timing.yearly_due_day,
        "yearly_due_month": timing.yearly_due_month,
        "flag": timing.flag,
    }
    expected = {
        "text": phrase,
        "kind": kind,
        "starts_on": starts_on,
        "due_on": due_on,
        "trigger": "",
        "yearly_due_day": None,
        "yearly_due_month": None,
        "flag": "",
    } | extra
    assert fields == expected


# (phrase, words the flag must contain to say what is wrong)
FLAGGED = [
    ("sớm", "sớm"),
    ("kịp thời", "kịp thời"),
    ("trong thời gian tới", "trong thời gian tới"),
    ("thực hiện", "thực hiện"),
    ("Quý V/2024", "quý V"),
    ("quý 5/2024", "quý 5"),
    ("tháng 13/2024", "tháng 13"),
    ("trước ngày 31/02/2024", "31/02/2024"),
    ("trước ngày 29/02/2023", "29/02/2023"),
    ("trước ngày 32/12 hằng năm", "32/12"),
    ("2030 - 2024", "2030 - 2024"),
    ("quý IV, I/2025", "quý IV, I/2025"),
    ("năm 20199", "20199"),
    ("năm 1800", "1800"),
    ("Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan", "Sở Nội vụ chủ trì"),
    ("Quý IV/2024 hoặc khi có chỉ đạo", "Quý IV/2024 hoặc khi có chỉ đạo"),
    ("sau khi có hướng dẫn, hoàn thành trong quý IV/2024", "sự kiện và thời hạn"),
    ("khi cần thiết", "khi cần thiết"),
    ("trước quý IV/2024", "trước quý IV/2024"),
    ("trước năm 2025", "trước năm 2025"),
    ("đầu năm 2025", "đầu năm 2025"),
    ("cuối năm 2025", "cuối năm 2025"),
    ("quý IV/2024 - 2025", "quý IV/2024 - 2025"),
    ("quý IV", "không nêu năm"),
    ("trong tháng 12", "không nêu năm"),
    ("trước ngày 30/6", "không nêu năm"),
    ("đã hoàn thành năm 2023", "đã hoàn thành năm 2023"),
]


@pytest.mark.parametrize(("phrase", "says"), FLAGGED, ids=[r[0] for r in FLAGGED])
def test_unclear_phrase_is_kept_unspecified_and_flagged_not_guessed(phrase, says):
    timing = parse_timing(phrase)

    assert (timing.text, timing.kind, timing.starts_on, timing.due_on, timing.trigger) == (
        phrase,
        K.UNSPECIFIED,
        None,
        None,
        "",
    )
    assert says in timing.flag


def test_no_words_means_no_timing_and_nothing_to_flag():
    assert [(t.kind, t.flag) for t in map(parse_timing, ["", "   ", "()"])] == [(K.UNSPECIFIED, "")] * 3


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("(*thực hiện trong quý IV năm 2018*).", "thực hiện trong quý IV năm 2018"),
        ("  Quý IV/2018.  ", "Quý IV/2018"),
        ("(thực hiện từ năm 2019)", "thực hiện từ năm 2019"),
        ("Tháng 8/2024;", "Tháng 8/2024;"),
    ],
)
def test_text_is_kept_as_written_without_its_wrapping(written, kept):
    assert parse_timing(written).text == kept


def test_decomposed_unicode_and_old_tone_placement_read_the_same():
    decomposed = unicodedata.normalize("NFD", "thực hiện trong quý IV năm 2018")
    old_tones = parse_timing("khi Uỷ ban nhân dân tỉnh có chỉ đạo về thuỷ lợi hoá")
    new_tones = parse_timing("khi Ủy ban nhân dân tỉnh có chỉ đạo về thủy lợi hóa")

    assert (parse_timing(decomposed).kind, parse_timing(decomposed).due_on) == (K.BY_QUARTER, D(2018, 12, 31))
    assert (old_tones.kind, new_tones.kind) == (K.AFTER_EVENT, K.AFTER_EVENT)
    assert parse_timing("Thời hạn thực hiện: quí iv/2018").due_on == D(2018, 12, 31)


# (paragraph, timing phrase it carries)
PARAGRAPHS = [
    # Bến Tre plan: the final parenthesis.
    (
        "a) Các cơ quan, đơn vị, địa phương tổ chức nghiên cứu, quán triệt nội dung của Nghị quyết số 26-NQ/TW và "
        "Kế hoạch số 10-KH/TW trong toàn thể cán bộ, công chức, viên chức và người lao động "
        "(*thực hiện trong quý IV năm 2018*).",
        "thực hiện trong quý IV năm 2018",
    ),
    (
        "a) Sở Nội vụ chủ trì, phối hợp với Ban Tổ chức Tỉnh ủy và các cơ quan, đơn vị liên quan nghiên cứu, xây dựng "
        "trình UBND tỉnh ban hành các đề án (*thực hiện sau khi Chiến lược quốc gia thu hút, trọng dụng nhân tài được "
        "ban hành*).",
        "thực hiện sau khi Chiến lược quốc gia thu hút, trọng dụng nhân tài được ban hành",
    ),
    (
        "- Triển khai Chương trình học song ngữ trong các cấp học phổ thông (*thực hiện sau khi có hướng dẫn của "
        "Trung ương*).",
        "thực hiện sau khi có hướng dẫn của Trung ương",
    ),
    (
        "- Triển khai Chương trình đào tạo, bồi dưỡng nhân tài và cơ chế phát hiện, bồi dưỡng tài năng trẻ "
        "từ học sinh, sinh viên để tạo nguồn cán bộ lâu dài "
        "(*thực hiện sau khi Chương trình này được Trung ương ban hành*).",
        "thực hiện sau khi Chương trình này được Trung ương ban hành",
    ),
    (
        "- Sơ kết việc thực hiện Đề án đào tạo, bồi dưỡng nhân lực khoa học và công nghệ theo Quyết định số "
        "2395/QĐ-TTg ngày 25/12/2015 của Thủ tướng Chính phủ (*thực hiện trong năm 2019*).",
        "thực hiện trong năm 2019",
    ),
    (
        "Sở Xây dựng chủ trì, phối hợp với Sở Tài nguyên và Môi trường tham mưu UBND tỉnh thực hiện quy hoạch đất ở, "
        "nhà ở cho cán bộ, công chức, viên chức cả giai đoạn trước mắt và lâu dài (*thực hiện từ năm 2019*).",
        "thực hiện từ năm 2019",
    ),
    ("Tổ chức quán triệt Kế hoạch (thực hiện từ năm 2019)", "thực hiện từ năm 2019"),
    # A timing parenthesis not understood is still returned, so that it is flagged rather than dropped.
    ("Tổ chức hội nghị sơ kết (thực hiện sớm).", "thực hiện sớm"),
    # A timing parenthesis before the end of the paragraph.
    (
        "Tổ chức quán triệt Kế hoạch (thực hiện trong quý IV/2024); đồng thời báo cáo kết quả về Sở Nội vụ.",
        "thực hiện trong quý IV/2024",
    ),
    # Inline clauses ending a sentence.
    ("Xây dựng đề án vị trí việc làm, hoàn thành trong quý IV/2024.", "hoàn thành trong quý IV/2024"),
    ("Ban hành quy chế phối hợp trước ngày 30/6/2025.", "trước ngày 30/6/2025"),
    ("Tổ chức tập huấn cho cán bộ làm công tác tổ chức, thực hiện hằng năm", "thực hiện hằng năm"),
    (
        "Rà soát quy hoạch cán bộ; hoàn thành trước 31/12/2024. Báo cáo kết quả về Sở Nội vụ.",
        "hoàn thành trước 31/12/2024",
    ),
    ("Tổ chức sơ kết 5 năm thực hiện Nghị quyết trong năm 2025.", "trong năm 2025"),
    (
        "Triển khai ứng dụng, thực hiện sau khi có hướng dẫn của Trung ương.",
        "thực hiện sau khi có hướng dẫn của Trung ương",
    ),
    # A paragraph (an annex cell) that is a timing phrase and nothing else.
    ("Tháng 8/2024", "Tháng 8/2024"),
    ("2024 - 2030", "2024 - 2030"),
]

NO_TIMING = [
    # Prose of the two plans: dates and years inside sentences are not timings.
    "b) Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Nội vụ, Ban Tuyên giáo Tỉnh ủy làm tốt công tác thông "
    "tin, tuyên truyền trên các phương tiện thông tin đại chúng.",
    "Thực hiện Nghị quyết số 132/NQ-CP ngày 24/10/2018 của Chính phủ về ban hành Chương trình hành động của Chính phủ.",
    "b) Chủ trì, phối hợp với Cục Kiểm soát ô nhiễm môi trường, Vụ Môi trường hoàn thiện dự thảo Kế hoạch giảm phát "
    "thải khí nhà kính, bao gồm khí mê-tan trong lĩnh vực quản lý chất thải đến năm 2030 theo quy định tại Nghị định "
    "số 06/2022/NĐ-CP của Chính phủ.",
    "2. Cục Viễn thám quốc gia chủ trì ứng dụng công nghệ viễn thám thực hiện giám sát và đánh giá mức hấp thụ các-bon "
    "rừng, tiềm năng tạo tín chỉ các-bon từ rừng của Việt Nam giai đoạn 2021 - 2030, có xét đến năm 2050.",
    "1. Chủ trì, phối hợp với các Bộ, cơ quan liên quan xây dựng, trình Chính phủ Nghị định sửa đổi, bổ sung một số "
    "điều của Nghị định số 06/2022/NĐ-CP ngày 07 tháng 01 năm 2022 của Chính phủ.",
    "- Thực hiện nghiêm các quy định về công tác bảo vệ chính trị nội bộ khi tiến hành xem xét quy hoạch, bổ nhiệm, "
    "giới thiệu ứng cử đối với cán bộ.",
    "k) Theo dõi, đôn đốc việc triển khai thực hiện Kế hoạch và tổng hợp, báo cáo Bộ trưởng về kết quả triển khai "
    "thực hiện.",
    "- Triển khai thực hiện hiệu quả các nhiệm vụ Thủ tướng Chính phủ giao (NDC).",
    # A sentence opening with "Khi"/"Sau khi" is prose, not an event-driven timing.
    "Khi tiến hành xem xét quy hoạch, bổ nhiệm cán bộ phải lấy ý kiến của cơ quan bảo vệ chính trị nội bộ",
    "",
]


@pytest.mark.parametrize(("paragraph", "phrase"), PARAGRAPHS, ids=[r[1] for r in PARAGRAPHS])
def test_timing_phrase_is_found_in_a_paragraph(paragraph, phrase):
    assert find_timing_in_text(paragraph) == phrase


@pytest.mark.parametrize("paragraph", NO_TIMING, ids=[p[:40] for p in NO_TIMING])
def test_paragraph_without_timing_gives_no_phrase(paragraph):
    assert find_timing_in_text(paragraph) == ""


def test_phrase_found_in_a_paragraph_reads_into_its_event():
    paragraph = "- Triển khai Chương trình học song ngữ (*thực hiện sau khi có hướng dẫn của Trung ương*)."
    timing = parse_timing(find_timing_in_text(paragraph))

    assert (timing.kind, timing.trigger, timing.flag) == (K.AFTER_EVENT, "có hướng dẫn của Trung ương", "")


@pytest.mark.parametrize(
    ("written", "kind", "due_on"),
    [
        # A table cell wrapped over two lines: the crash of issue 14 (_WITHIN did not match a line break).
        ("Quý II/2026\n2027", K.UNSPECIFIED, None),
        ("năm 2019\nvà năm 2020", K.WITHIN_YEAR, D(2020, 12, 31)),
        ("Trước ngày\n15/3/2026", K.BY_DATE, D(2026, 3, 15)),
    ],
)
def test_phrase_wrapped_over_lines_reads_like_one_line(written, kind, due_on):
    proposal = parse_timing(written)

    assert proposal.text == written
    assert (proposal.kind, proposal.due_on) == (kind, due_on)
