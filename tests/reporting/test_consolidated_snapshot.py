"""What a consolidated report says about a hand-made period: who reported, categories, attribution."""

import datetime as dt
import json

import pytest

from agencies.models import Agency
from reporting.consolidation.snapshot import build_snapshot, date_line, parent_body_name, recipient_lines
from reporting.models import PeriodKind
from tasks.models import AssignmentRole
from tasks.timing import Progress, TimingKind
from tests.factories import AssignmentFactory, TaskFactory
from tests.reporting.consolidated_fixtures import SCRIPT, add_reporting_agencies, make_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(db):
    return make_scene()


def _task(snapshot, code):
    return next(task for task in snapshot["tasks"] if task["code"] == code)


def test_snapshot_is_plain_json_and_freezes_the_header(scene):
    scene.plan.title = "Xây dựng đội ngũ cán bộ các cấp,\n nhất là cấp chiến lược"
    scene.plan.save(update_fields=["title"])
    snapshot = build_snapshot(scene.report)
    assert json.loads(json.dumps(snapshot)) == snapshot
    header = snapshot["header"]
    assert header["parent_body"] == "UBND TỈNH BẾN TRE"
    assert header["issuing_body"] == "SỞ NỘI VỤ"
    assert header["number_line"].startswith("Số:") and header["number_line"].endswith("/BC-SNV")
    assert header["date_line"] == "Bến Tre, ngày 05 tháng 01 năm 2020"
    assert header["subject_line"] == (
        "Báo cáo kết quả thực hiện Kế hoạch số 4447/KH-UBND ngày 30/11/2018 của UBND tỉnh về xây dựng đội ngũ "
        "cán bộ các cấp, nhất là cấp chiến lược (6 tháng đầu năm 2019)"
    )
    assert "Báo cáo " + header["subject"][0].lower() + header["subject"][1:] == header["subject_line"]
    assert (header["plan_number"], header["plan_issued_on"], header["plan_issuer"]) == (
        "4447/KH-UBND",
        "30/11/2018",
        "UBND tỉnh",
    )
    assert header["plan_full_title"] == "Xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược"


def test_subject_of_a_plan_without_number_omits_it_and_writes_the_year_in_lower_case(scene):
    scene.plan.number, scene.plan.title = "", "Bổ sung Kế hoạch số 4447/KH-UBND"
    scene.plan.save(update_fields=["number", "title"])
    scene.period.label = "Năm 2019"
    scene.period.save(update_fields=["label"])

    subject = build_snapshot(scene.report)["header"]["subject_line"]

    assert subject == (
        "Báo cáo kết quả thực hiện Kế hoạch ngày 30/11/2018 của UBND tỉnh về bổ sung Kế hoạch số 4447/KH-UBND "
        "(năm 2019)"
    )


def test_reporting_situation_names_late_and_missing_agencies(scene):
    situation = build_snapshot(scene.report)["situation"]
    assert situation["owed"] == 4
    assert situation["on_time"] == 2  # A approved, C submitted (not yet approved) — both sent on time
    assert situation["late"] == 1 and situation["late_agencies"] == ["Sở Giáo dục và Đào tạo"]
    assert situation["not_at_all"] == 1 and situation["missing_agencies"] == ["UBND huyện Ba Tri"]
    assert situation["approved"] == 2


def test_tasks_follow_plan_order_with_status_at_period_end(scene):
    snapshot = build_snapshot(scene.report)
    assert [task["code"] for task in snapshot["tasks"]] == ["II.1", "II.1.a", "II.1.b", "II.2.a"]
    assert snapshot["tasks"][0]["is_heading"]
    lead_task = _task(snapshot, "II.1.b")
    assert lead_task["lead"] == "Sở Thông tin và Truyền thông"
    assert lead_task["coordinating"] == "Sở Nội vụ"
    assert lead_task["status_label"] == "Đang thực hiện trong hạn"
    assert _task(snapshot, "II.2.a")["status"] == "waiting_trigger"
    group_task = _task(snapshot, "II.1.a")
    assert group_task["lead"] == "Các sở, ban, ngành tỉnh"
    assert group_task["timing_text"] == "trong quý IV năm 2018"
    assert {row["label"]: row["count"] for row in group_task["status_breakdown"]} == {
        "Hoàn thành quá hạn": 1,
        "Đang thực hiện quá hạn": 3,
    }


def test_results_are_attributed_with_evidence_and_only_from_approved_reports(scene):
    snapshot = build_snapshot(scene.report)
    group_task = _task(snapshot, "II.1.a")
    by_agency = {c["agency"]: c for c in group_task["contributions"]}
    assert set(by_agency) == {"Sở Thông tin và Truyền thông", "Sở Giáo dục và Đào tạo"}
    assert by_agency["Sở Thông tin và Truyền thông"]["completed_on"] == "01/03/2019"
    assert by_agency["Sở Thông tin và Truyền thông"]["evidence"] == [
        {"number": "12/KH-STTTT", "issued_on": "05/01/2019", "title": "Kế hoạch quán triệt"}
    ]
    assert group_task["not_reported"] == ["Sở Tài chính", "UBND huyện Ba Tri"]
    assert "NỘI DUNG CHƯA DUYỆT" not in json.dumps(snapshot, ensure_ascii=False)
    assert "Chưa duyệt: không được xuất hiện" not in json.dumps(snapshot, ensure_ascii=False)


def test_difficulties_and_proposals_name_their_agency(scene):
    snapshot = build_snapshot(scene.report)
    assert {"agency": "Sở Thông tin và Truyền thông", "task": "", "text": "Thiếu kinh phí tuyên truyền."} in snapshot[
        "difficulties"
    ]
    assert {"agency": "Sở Giáo dục và Đào tạo", "task": "II.1.a", "text": "Chưa có tài liệu hướng dẫn."} in snapshot[
        "difficulties"
    ]
    assert snapshot["proposals"] == [
        {"agency": "Sở Thông tin và Truyền thông", "task": "", "text": f"Đề nghị bổ sung kinh phí {SCRIPT}"}
    ]


def test_status_summary_counts_every_owing_assignment(scene):
    summary = {row["code"]: row["count"] for row in build_snapshot(scene.report)["status_summary"]}
    assert summary["completed_late"] == 1
    assert summary["in_progress_overdue"] == 3
    assert summary["in_progress_on_time"] == 1
    assert summary["waiting_trigger"] == 1
    assert sum(summary.values()) == 6


def test_annex_matrix_and_non_reporting_agencies(scene):
    snapshot = build_snapshot(scene.report)
    annex = snapshot["annex"]
    assert [task["code"] for task in annex["tasks"]] == ["II.1.a", "II.1.b", "II.2.a"]
    rows = {row["agency"]: row["cells"] for row in annex["rows"]}
    assert rows["Sở Thông tin và Truyền thông"] == ["completed_late", "in_progress_on_time", ""]
    assert rows["Sở Nội vụ"] == ["", "coordinating", ""]
    assert rows["UBND huyện Ba Tri"] == ["not_reported", "", ""]
    assert snapshot["non_reporting"] == [
        {"agency": "Sở Tài chính", "reason": "Đã gửi, đang chờ thẩm định"},
        {"agency": "UBND huyện Ba Tri", "reason": "Chưa gửi báo cáo"},
    ]


def test_signature_narrative_and_recipients_ending_with_archive(scene):
    snapshot = build_snapshot(scene.report)
    assert snapshot["signature"] == {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Nguyễn Văn Bình"}
    assert snapshot["narrative"]["overall_assessment"] == "Các cơ quan đã tích cực triển khai."
    assert snapshot["recipients"] == ["- UBND tỉnh (để báo cáo);", "- Bộ Nội vụ;", "- Lưu: VT, SNV."]


@pytest.mark.parametrize("extra_agencies", [0, 30])
def test_snapshot_query_count_does_not_grow_with_agencies(db, django_assert_num_queries, extra_agencies):
    made = make_scene()
    add_reporting_agencies(made, extra_agencies)
    with django_assert_num_queries(14):  # owing agencies and their counted reports read once for all sections
        snapshot = build_snapshot(made.report)
    assert len(snapshot["annex"]["rows"]) == 5 + extra_agencies


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2020, 1, 5), "Bến Tre, ngày 05 tháng 01 năm 2020"),
        (dt.date(2020, 2, 28), "Bến Tre, ngày 28 tháng 02 năm 2020"),
        (dt.date(2019, 3, 9), "Bến Tre, ngày 09 tháng 3 năm 2019"),
        (dt.date(2019, 12, 24), "Bến Tre, ngày 24 tháng 12 năm 2019"),
    ],
)
def test_date_line_uses_leading_zeros_for_days_under_ten_and_months_one_and_two(day, expected):
    assert date_line("Bến Tre", day, fallback_year=2019) == expected


def test_place_name_comes_from_the_agency_never_hard_coded(db):
    parent = Agency(name="Ủy ban nhân dân tỉnh Vĩnh Long")
    assert parent_body_name(Agency(name="Sở Nội vụ", parent=parent)) == "UBND TỈNH VĨNH LONG"
    assert parent_body_name(Agency(name="Sở Nội vụ", place_name="Trà Vinh")) == "UBND TỈNH TRÀ VINH"
    assert date_line("Trà Vinh", None, fallback_year=2021).startswith("Trà Vinh, ngày ")


def test_recipient_lines_always_end_with_archive():
    assert recipient_lines("UBND tỉnh;\n- Lưu: VT.\nBộ Nội vụ;", "SNV") == [
        "- UBND tỉnh;",
        "- Bộ Nội vụ;",
        "- Lưu: VT.",
    ]
    assert recipient_lines("", "SNV") == ["- Lưu: VT, SNV."]


def test_ad_hoc_report_carries_its_request_and_window(scene):
    period = scene.period
    period.kind, period.label, period.request_text = (
        PeriodKind.AD_HOC,
        "Đột xuất tháng 9 năm 2019",
        "Theo Công văn 1/UBND",
    )
    period.starts_on, period.ends_on = dt.date(2019, 1, 1), dt.date(2019, 9, 10)
    period.save()
    snapshot = build_snapshot(scene.report)
    assert snapshot["period"]["request_text"] == "Theo Công văn 1/UBND"
    assert snapshot["header"]["subject"].endswith("(đột xuất tháng 9 năm 2019)")
    assert snapshot["period"]["ends_on"] == "2019-09-10"


def test_yearly_duties_are_classified_against_the_deadline_of_the_periods_year(scene):
    def yearly(position, code, **when):
        return TaskFactory(plan=scene.plan, position=position, code=code, timing_kind=TimingKind.YEARLY, **when)

    by_10_june = yearly(10, "III.1", due_on=None, yearly_due_day=10, yearly_due_month=6)
    end_of_year = yearly(11, "III.2", due_on=None)
    # Done last year: owed again in 2019 and past 10/06/2019 at the period's cut-off (14/06/2019).
    AssignmentFactory(
        task=by_10_june,
        agency=scene.agency_d,
        role=AssignmentRole.LEAD,
        progress=Progress.COMPLETED,
        completed_on=dt.date(2018, 12, 1),
    )
    AssignmentFactory(task=end_of_year, agency=scene.agency_d, role=AssignmentRole.LEAD)

    snapshot = build_snapshot(scene.report)

    assert (_task(snapshot, "III.1")["status"], _task(snapshot, "III.2")["status"]) == (
        "in_progress_overdue",
        "not_started",
    )
