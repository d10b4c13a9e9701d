"""Every approved result reaches the snapshot whole, with the grouped data a readable paragraph needs."""

import pytest

from reporting.consolidation.snapshot import CROWDED_TASK, RESULTS_MAX_CHARS_CROWDED, build_snapshot
from reporting.models import AgencyReport, ReportItem, ReportState
from tests.reporting.consolidated_fixtures import add_reporting_agencies, make_scene

pytestmark = pytest.mark.django_db

LONG = "Đã tổ chức hội nghị quán triệt cho toàn thể cán bộ, công chức. " * 12


def _task(snapshot, code):
    return next(task for task in snapshot["tasks"] if task["code"] == code)


@pytest.fixture
def crowded(db):
    scene = make_scene()
    add_reporting_agencies(scene, CROWDED_TASK + 2)
    ReportItem.objects.filter(assignment__task__code="II.1.a", results="Đang làm").update(results=LONG)
    return scene


def test_every_approved_result_of_a_crowded_task_is_in_the_snapshot_whole(crowded):
    snapshot = build_snapshot(crowded.report)
    task = _task(snapshot, "II.1.a")
    approved = ReportItem.objects.filter(report__state=ReportState.APPROVED, assignment__task__code="II.1.a")

    assert task["is_crowded"]
    assert sorted(c["results_full"] for c in task["contributions"]) == sorted(i.results.strip() for i in approved)
    assert len(LONG.strip()) > RESULTS_MAX_CHARS_CROWDED
    assert all(len(c["results"]) <= RESULTS_MAX_CHARS_CROWDED for c in task["contributions"])  # the old key as was


def test_identical_results_are_grouped_once_with_every_agency_that_reported_them(crowded):
    groups = _task(build_snapshot(crowded.report), "II.1.a")["result_groups"]

    long_group = next(group for group in groups if group["text"] == LONG.strip())
    assert long_group["agencies"] == [f"UBND huyện thử nghiệm {n}" for n in range(CROWDED_TASK + 2)]
    assert len(groups) == 3  # Sở TT&TT's, Sở GD&ĐT's, and the ten identical ones


def test_status_groups_name_every_owing_agency_and_agree_with_the_breakdown(crowded):
    task = _task(build_snapshot(crowded.report), "II.1.a")

    assert {g["status"]: g["count"] for g in task["status_groups"]} == {
        b["code"]: b["count"] for b in task["status_breakdown"]
    }
    assert all(g["count"] == len(g["agencies"]) for g in task["status_groups"])
    overdue = next(g for g in task["status_groups"] if g["status"] == "in_progress_overdue")
    assert overdue["not_reported_agencies"] == ["Sở Tài chính", "UBND huyện Ba Tri"]
    assert sum(g["count"] for g in task["status_groups"]) == 4 + CROWDED_TASK + 2


def test_identical_difficulties_and_proposals_are_merged_with_the_agencies_that_raised_them(crowded):
    AgencyReport.objects.filter(state=ReportState.APPROVED).update(
        difficulties="Kinh phí  thực hiện còn hạn chế", proposals="Đề nghị tập huấn nghiệp vụ."
    )
    ReportItem.objects.filter(report__agency=crowded.agency_b).update(difficulties="kinh phí thực hiện còn hạn chế.")
    snapshot = build_snapshot(crowded.report)

    [difficulty] = snapshot["difficulties_merged"]
    assert difficulty["text"] == "Kinh phí  thực hiện còn hạn chế"
    assert len(difficulty["agencies"]) == 2 + CROWDED_TASK + 2
    assert difficulty["tasks"] == ["II.1.a", "II.2.a"]
    [proposal] = snapshot["proposals_merged"]
    assert proposal["agencies"][:2] == ["Sở Thông tin và Truyền thông", "Sở Giáo dục và Đào tạo"]
    assert len(snapshot["proposals"]) == 2 + CROWDED_TASK + 2  # the attributed list stays for schema 1 readers


def test_each_contribution_carries_its_own_difficulties_whole(crowded):
    task = _task(build_snapshot(crowded.report), "II.1.a")
    by_agency = {c["agency"]: c for c in task["contributions"]}

    assert by_agency["Sở Giáo dục và Đào tạo"]["difficulties"] == "Chưa có tài liệu hướng dẫn."
