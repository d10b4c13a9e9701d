"""Reading a plan's reporting duty from its "Tổ chức thực hiện" section into a proposed schedule."""

import re
import unicodedata
from pathlib import Path

import pytest

from tasks.plan_import.proposal import PartyMatch, ReportingProposal
from tasks.plan_import.reporting_duties import (
    find_reporting_sentences,
    merge_duties,
    only_reports,
    parse_reporting_duty,
)

PLANS = Path("/work/shared/plans")
SEED_PLAN = PLANS / "bentre-2018-bo-sung-KH4447.md"
KH09_PLAN = PLANS / "btnmt-2024-KH09-trien-khai-chi-thi-13-tin-chi-cac-bon.md"

NO_PERIOD = "Không nêu kỳ báo cáo định kỳ"
NO_DUTY = "Không tìm thấy nhiệm vụ báo cáo"
KINDS = ("monthly", "quarterly", "semiannual", "annual", "ad_hoc")


def kinds_of(duty: ReportingProposal) -> set[str]:
    return {kind for kind in KINDS if getattr(duty, kind)}


@pytest.mark.parametrize(
    ("sentence", "kinds", "due_day", "annual_due", "text", "flag"),
    [
        # The seed plan, both ways it words the duty.
        (
            "theo dõi, kiểm tra và định kỳ 06 tháng, năm hoặc theo yêu cầu đột xuất tổng hợp, báo cáo kết quả "
            "thực hiện Kế hoạch này và Kế hoạch số 4447/KH-UBND về UBND tỉnh",
            {"semiannual", "annual", "ad_hoc"},
            None,
            None,
            "định kỳ 06 tháng, năm hoặc theo yêu cầu đột xuất",
            "",
        ),
        (
            "báo cáo kết quả thực hiện Kế hoạch này và Kế hoạch số 4447/KH-UBND về Sở Nội vụ theo định kỳ "
            "06 tháng, năm hoặc đột xuất để theo dõi, tổng hợp",
            {"semiannual", "annual", "ad_hoc"},
            None,
            None,
            "định kỳ 06 tháng, năm hoặc đột xuất",
            "",
        ),
        # Lists of periods.
        ("định kỳ hằng quý, 6 tháng, năm", {"quarterly", "semiannual", "annual"}, None, None, None, ""),
        ("báo cáo định kỳ hàng quý và năm", {"quarterly", "annual"}, None, None, "định kỳ hàng quý và năm", ""),
        ("báo cáo 6 tháng đầu năm và hằng năm", {"semiannual", "annual"}, None, None, None, ""),
        ("định kỳ 06 tháng, 01 năm", {"semiannual", "annual"}, None, None, None, ""),
        ("báo cáo kết quả hằng quý, hằng năm hoặc đột xuất", {"quarterly", "annual", "ad_hoc"}, None, None, None, ""),
        # One period on its own.
        ("hàng tháng", {"monthly"}, None, None, "hàng tháng", ""),
        ("hằng tháng", {"monthly"}, None, None, "hằng tháng", ""),
        ("mỗi tháng một lần", {"monthly"}, None, None, "mỗi tháng", ""),
        ("06 tháng", {"semiannual"}, None, None, "06 tháng", ""),
        ("sáu tháng", {"semiannual"}, None, None, "sáu tháng", ""),
        ("báo cáo sơ kết nửa năm", {"semiannual"}, None, None, "nửa năm", ""),
        ("báo cáo năm", {"annual"}, None, None, "báo cáo năm", ""),
        ("BÁO CÁO ĐỊNH KỲ HẰNG NĂM", {"annual"}, None, None, "ĐỊNH KỲ HẰNG NĂM", ""),
        ("báo cáo đột xuất khi có yêu cầu", {"ad_hoc"}, None, None, "đột xuất khi có yêu cầu", ""),
        ("báo cáo theo yêu cầu của Bộ trưởng", {"ad_hoc"}, None, None, "theo yêu cầu", ""),
        # Due days.
        (
            "báo cáo định kỳ hằng tháng trước ngày 20 hằng tháng",
            {"monthly"},
            20,
            None,
            "định kỳ hằng tháng trước ngày 20 hằng tháng",
            "",
        ),
        (
            "báo cáo quý trước ngày 15 của tháng cuối quý",
            {"quarterly"},
            15,
            None,
            "báo cáo quý trước ngày 15 của tháng cuối quý",
            "",
        ),
        (
            "báo cáo tình hình thực hiện trước ngày 10/12 hằng năm",
            {"annual"},
            None,
            (10, 12),
            "trước ngày 10/12 hằng năm",
            "",
        ),
        ("báo cáo năm trước ngày 15 tháng 12", {"annual"}, None, (15, 12), "báo cáo năm trước ngày 15 tháng 12", ""),
        (
            "định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12)",
            {"semiannual", "annual"},
            15,
            (15, 12),
            "định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12)",
            "",
        ),
        ("gửi báo cáo hằng tháng chậm nhất là ngày 25", {"monthly"}, 25, None, None, ""),
        ("báo cáo tình hình thực hiện trước ngày 05/01", {"annual"}, None, (5, 1), None, ""),
        ("báo cáo trước ngày 20", set(), 20, None, "trước ngày 20", NO_PERIOD),
        # A duty with no period named: reports when asked, and a person checks (09/KH-BTNMT).
        (
            "tổng hợp, báo cáo Bộ trưởng về kết quả triển khai thực hiện",
            {"ad_hoc"},
            None,
            None,
            "tổng hợp, báo cáo Bộ trưởng về kết quả triển khai thực hiện",
            NO_PERIOD,
        ),
        (
            "Theo dõi, đôn đốc việc triển khai thực hiện Kế hoạch và tổng hợp, báo cáo Bộ trưởng về kết quả "
            "triển khai thực hiện.",
            {"ad_hoc"},
            None,
            None,
            "tổng hợp, báo cáo Bộ trưởng về kết quả triển khai thực hiện",
            NO_PERIOD,
        ),
        # Dates, quarters and years that are not reporting periods.
        ("Sở Xây dựng chủ trì thực hiện trong quý IV năm 2018.", set(), None, None, "", NO_DUTY),
        ("Kế hoạch năm 2019 của tỉnh, thực hiện từ tháng 12 năm 2019", set(), None, None, "", NO_DUTY),
        ("hoàn thành trong 06 tháng đầu năm 2019", {"semiannual"}, None, None, None, ""),
        # A one-off dated request is an ad hoc report, not a schedule.
        (
            "báo cáo kết quả trước ngày 15/12/2024",
            {"ad_hoc"},
            None,
            None,
            None,
            NO_PERIOD + "; Hạn báo cáo là một ngày cụ thể, không lặp lại: trước ngày 15/12/2024",
        ),
        (
            "báo cáo năm trước ngày 31/13",
            {"annual"},
            None,
            None,
            None,
            "Ngày hạn báo cáo không hợp lệ: trước ngày 31/13",
        ),
    ],
)
def test_reporting_duty_sentence_becomes_a_schedule(sentence, kinds, due_day, annual_due, text, flag):
    duty = parse_reporting_duty(sentence)

    assert kinds_of(duty) == kinds
    assert duty.due_day == due_day
    assert (duty.annual_due_day, duty.annual_due_month) == (annual_due or (None, None))
    if text is not None:
        assert duty.text == text
    assert duty.flag == flag
    assert duty.to is None and duty.consolidator is None


def test_decomposed_unicode_reads_like_composed():
    sentence = "định kỳ 06 tháng, năm hoặc theo yêu cầu đột xuất"
    duty = parse_reporting_duty(unicodedata.normalize("NFD", sentence))
    assert kinds_of(duty) == {"semiannual", "annual", "ad_hoc"}
    assert duty.text == sentence


def organisation_section(path: Path) -> str:
    """The "Tổ chức thực hiện" section of a plan, up to its recipients or annex."""
    text = path.read_text(encoding="utf-8")
    section = text[text.index("TỔ CHỨC THỰC HIỆN") :]
    end = re.search(r"^#+\s*(?:Nơi nhận|PHỤ LỤC)|^\|", section, re.MULTILINE | re.IGNORECASE)
    return section[: end.start()] if end else section


def test_seed_plan_states_its_duty_in_two_sentences():
    sentences = find_reporting_sentences(organisation_section(SEED_PLAN))

    assert len(sentences) == 2
    assert sentences[0].startswith("Tham mưu Ủy ban nhân dân tỉnh triển khai Kế hoạch này")
    assert "về UBND tỉnh" in sentences[0]
    assert sentences[1].startswith("Căn cứ vào Kế hoạch này")
    assert "về Sở Nội vụ theo định kỳ 06 tháng, năm hoặc đột xuất" in sentences[1]


def test_seed_plan_sentences_that_are_not_duties_are_left_out():
    sentences = " ".join(find_reporting_sentences(organisation_section(SEED_PLAN)))

    # Inspections "định kỳ, đột xuất" are not reports; a request to report difficulties names no period.
    assert "thanh tra định kỳ, đột xuất" not in sentences
    assert "khó khăn, vướng mắc" not in sentences


def test_seed_plan_schedule_is_six_month_annual_and_ad_hoc():
    duties = [parse_reporting_duty(s) for s in find_reporting_sentences(organisation_section(SEED_PLAN))]
    schedule = merge_duties(duties)

    assert kinds_of(schedule) == {"semiannual", "annual", "ad_hoc"}
    assert schedule.text == "định kỳ 06 tháng, năm hoặc theo yêu cầu đột xuất; định kỳ 06 tháng, năm hoặc đột xuất"
    assert schedule.flag == ""


def test_kh09_reports_to_the_minister_without_a_period_and_is_flagged():
    sentences = find_reporting_sentences(organisation_section(KH09_PLAN))

    # "đo đạc, báo cáo, thẩm định" (MRV of forest carbon) is a technical task, not a reporting duty.
    assert sentences == [
        "Theo dõi, đôn đốc việc triển khai thực hiện Kế hoạch và tổng hợp, báo cáo Bộ trưởng về kết quả "
        "triển khai thực hiện."
    ]
    schedule = merge_duties([parse_reporting_duty(s) for s in sentences])
    assert kinds_of(schedule) == {"ad_hoc"}
    assert schedule.text == "tổng hợp, báo cáo Bộ trưởng về kết quả triển khai thực hiện"
    assert schedule.flag == NO_PERIOD


def test_find_reporting_sentences_strips_list_markers_and_headings():
    section = (
        "### III. TỔ CHỨC THỰC HIỆN\n\n#### 1. Sở Nội vụ\n\n"
        "- Báo cáo định kỳ hằng quý về UBND tỉnh. Chủ trì tập huấn cho cán bộ.\n"
        "a) Gửi báo cáo năm trước ngày 10/12 hằng năm./."
    )
    assert find_reporting_sentences(section) == [
        "Báo cáo định kỳ hằng quý về UBND tỉnh.",
        "Gửi báo cáo năm trước ngày 10/12 hằng năm./.",
    ]


def test_merge_ors_the_kinds_keeps_first_due_days_and_distinct_texts():
    ubnd = PartyMatch(written="UBND tỉnh", agency="UBND")
    duties = [
        ReportingProposal(text="hằng tháng", monthly=True, due_day=20, to=ubnd),
        ReportingProposal(text="hằng năm", annual=True, due_day=25, annual_due_day=10, annual_due_month=12),
        ReportingProposal(text="hằng tháng", monthly=True, annual_due_day=15, annual_due_month=1),
        ReportingProposal(text="đột xuất", ad_hoc=True, to=PartyMatch(written="Bộ Nội vụ")),
    ]
    merged = merge_duties(duties)

    assert kinds_of(merged) == {"monthly", "annual", "ad_hoc"}
    assert merged.due_day == 20
    assert (merged.annual_due_day, merged.annual_due_month) == (10, 12)
    assert merged.text == "hằng tháng; hằng năm; đột xuất"
    assert merged.to == ubnd


def test_merge_drops_no_period_flag_once_another_sentence_names_a_period():
    merged = merge_duties(
        [parse_reporting_duty("tổng hợp, báo cáo Bộ trưởng về kết quả"), parse_reporting_duty("báo cáo hằng quý")]
    )
    assert kinds_of(merged) == {"quarterly", "ad_hoc"}
    assert merged.flag == ""


def test_merge_of_nothing_says_no_duty_was_found():
    merged = merge_duties([])
    assert kinds_of(merged) == set()
    assert merged.flag == NO_DUTY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Reports and nothing else: the plan's reporting duty, not a task.
        (
            "Các phòng, đơn vị thuộc UBND xã báo cáo kết quả thực hiện về Văn phòng HĐND và UBND xã trước ngày 20 "
            "hằng tháng để tổng hợp.",
            True,
        ),
        ("Vụ Kế hoạch - Tài chính tổng hợp, báo cáo Bộ trưởng kết quả thực hiện định kỳ 6 tháng, hằng năm.", True),
        ("Báo cáo kết quả thực hiện định kỳ hằng quý về Sở Thông tin và Truyền thông để tổng hợp.", True),
        ("Định kỳ hằng quý, các sở gửi báo cáo kết quả về Sở Nội vụ. Báo cáo năm trước ngày 10/12 hằng năm.", True),
        # Work besides the reports: a task.
        (
            "Tham mưu Ủy ban nhân dân tỉnh triển khai Kế hoạch này; đồng thời, theo dõi, kiểm tra và định kỳ 06 tháng, "
            "năm tổng hợp, báo cáo kết quả thực hiện về UBND tỉnh.",
            False,
        ),
        (
            "Chủ trì theo dõi, đôn đốc; tổng hợp, báo cáo kết quả thực hiện về UBND tỉnh trước ngày 20 hằng tháng.",
            False,
        ),
        ("Các sở báo cáo kết quả về Sở Nội vụ định kỳ 6 tháng. Các sở bố trí kinh phí thực hiện.", False),
        # "báo cáo" that is not a reporting duty, and no words at all.
        ("Các sở báo cáo UBND tỉnh xem xét, giải quyết.", False),
        ("", False),
    ],
)
def test_only_reports_tells_a_reporting_duty_from_work(text, expected):
    assert only_reports(text) is expected
