"""The seed plan, loaded by its command, checked task by task against the text of the plan."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency, AgencyGroup
from tasks.importer import import_data
from tasks.models import Assignment, AssignmentRole, Plan, Task
from tasks.timing import Progress, TimingKind

D = dt.date
LEAD, COORD, IMPL = AssignmentRole.LEAD, AssignmentRole.COORDINATING, AssignmentRole.IMPLEMENTING
DEPARTMENTS = {
    "SNV", "STP", "SKHDT", "STC", "SCT", "SNNPTNT", "SGTVT", "SXD", "STNMT", "STTTT",
    "SLDTBXH", "SVHTTDL", "SKHCN", "SGDDT", "SYT", "TTT", "VPUBND",
}  # fmt: skip
DISTRICTS = {
    "UBND-TPBT", "UBND-BATRI", "UBND-BINHDAI", "UBND-CHAUTHANH", "UBND-CHOLACH",
    "UBND-GIONGTROM", "UBND-MOCAYBAC", "UBND-MOCAYNAM", "UBND-THANHPHU",
}  # fmt: skip
PRESS = {"BDK", "PTTH"}
RELATED = "các cơ quan, đơn vị liên quan"
ACTIONABLE = [
    "II.1.a", "II.1.b", "II.2.a", "II.2.b.1", "II.2.b.2", "II.2.c.1", "II.2.c.2", "II.3",
    "II.4.1", "II.4.2", "II.4.3", "II.4.4", "II.4.5", "II.4.6", "II.4.7", "III.1.1", "III.1.2", "III.5",
]  # fmt: skip
ORDER = [
    "I", "II", "II.1", "II.1.a", "II.1.b", "II.2", "II.2.a", "II.2.b", "II.2.b.1", "II.2.b.2",
    "II.2.c", "II.2.c.1", "II.2.c.2", "II.3", "II.4", "II.4.1", "II.4.2", "II.4.3", "II.4.4",
    "II.4.5", "II.4.6", "II.4.7", "III", "III.1", "III.1.1", "III.1.2", "III.5",
]  # fmt: skip


def named(lead=(), coordinating=(), implementing=()):
    return (
        {(code, LEAD, None) for code in lead}
        | {(code, COORD, None) for code in coordinating}
        | {(code, IMPL, None) for code in implementing}
    )


def via(group, role, members, but=()):
    return {(code, role, group) for code in set(members) - set(but)}


EVERY_DEPARTMENT_AND_DISTRICT = via("so-ban-nganh-tinh", IMPL, DEPARTMENTS) | via(
    "ubnd-huyen-thanh-pho", IMPL, DISTRICTS
)
# code: (assignments as (agency, role, group), unnamed parties, timing kind, timing text, starts_on, due_on, trigger)
EXPECTED = {
    "II.1.a": (
        via("co-quan-don-vi-dia-phuong", IMPL, DEPARTMENTS | DISTRICTS),
        "",
        TimingKind.BY_QUARTER, "thực hiện trong quý IV năm 2018", None, D(2018, 12, 31), "",
    ),
    "II.1.b": (
        named(lead=["STTTT"], coordinating=["SNV", "BTGTU", "MTTQ"])
        | via("so-nganh-dia-phuong", COORD, DEPARTMENTS | DISTRICTS, but=["STTTT", "SNV"])
        | via("truyen-thong-bao-chi", COORD, PRESS),
        "",
        TimingKind.UNSPECIFIED, "", None, None, "",
    ),
    "II.2.a": (
        named(lead=["SNV"], coordinating=["BTCTU"]),
        RELATED,
        TimingKind.AFTER_EVENT,
        "thực hiện sau khi Chiến lược quốc gia thu hút, trọng dụng nhân tài được ban hành",
        None, None, "Chiến lược quốc gia thu hút, trọng dụng nhân tài được ban hành",
    ),
    "II.2.b.1": (
        named(lead=["SGDDT"], coordinating=["SNV"]),
        RELATED,
        TimingKind.AFTER_EVENT, "thực hiện sau khi có hướng dẫn của Trung ương", None, None,
        "Trung ương có hướng dẫn triển khai Chương trình học song ngữ",
    ),
    "II.2.b.2": (
        named(lead=["SGDDT"], coordinating=["SNV"]),
        RELATED,
        TimingKind.AFTER_EVENT, "thực hiện sau khi Chương trình này được Trung ương ban hành", None, None,
        "Trung ương ban hành Chương trình đào tạo, bồi dưỡng nhân tài",
    ),
    "II.2.c.1": (
        named(lead=["SKHCN"], coordinating=["SNV"]),
        RELATED,
        TimingKind.FROM_DATE, "thực hiện từ năm 2019", D(2019, 1, 1), None, "",
    ),
    "II.2.c.2": (
        named(lead=["SKHCN"], coordinating=["SNV"]),
        RELATED,
        TimingKind.WITHIN_YEAR, "thực hiện trong năm 2019", None, D(2019, 12, 31), "",
    ),
    "II.3": (
        named(lead=["SXD"], coordinating=["STNMT"]),
        RELATED,
        TimingKind.FROM_DATE, "thực hiện từ năm 2019", D(2019, 1, 1), None, "",
    ),
    **{
        f"II.4.{n}": (EVERY_DEPARTMENT_AND_DISTRICT, "", TimingKind.RECURRING, "nhiệm vụ thường xuyên", None, None, "")
        for n in range(1, 8)
    },
    "III.1.1": (
        named(lead=["SNV"]),
        "",
        TimingKind.RECURRING, "định kỳ 06 tháng, năm hoặc theo yêu cầu đột xuất", None, None, "",
    ),
    "III.1.2": (named(lead=["SNV"]), "", TimingKind.UNSPECIFIED, "", None, None, ""),
    "III.5": (
        EVERY_DEPARTMENT_AND_DISTRICT,
        "",
        TimingKind.RECURRING, "theo định kỳ 06 tháng, năm hoặc đột xuất", None, None, "",
    ),
}  # fmt: skip
# Opening words of each actionable task's full text, as the plan writes them.
OPENINGS = {
    "II.1.a": "Các cơ quan, đơn vị, địa phương tổ chức nghiên cứu, quán triệt nội dung của Nghị quyết số 26-NQ/TW",
    "II.1.b": "Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Nội vụ, Ban Tuyên giáo Tỉnh ủy",
    "II.2.a": "Sở Nội vụ chủ trì, phối hợp với Ban Tổ chức Tỉnh ủy và các cơ quan, đơn vị liên quan",
    "II.2.b.1": "Triển khai Chương trình học song ngữ trong các cấp học phổ thông",
    "II.2.b.2": "Triển khai Chương trình đào tạo, bồi dưỡng nhân tài và cơ chế phát hiện",
    "II.2.c.1": "Đẩy mạnh triển khai thực hiện các chính sách về Khoa học và Công nghệ đã được ban hành",
    "II.2.c.2": "Sơ kết việc thực hiện Đề án đào tạo, bồi dưỡng nhân lực khoa học và công nghệ",
    "II.3": "Sở Xây dựng chủ trì, phối hợp với Sở Tài nguyên và Môi trường",
    "II.4.1": "Rà soát đội ngũ cán bộ, công chức, viên chức thuộc quyền quản lý",
    "II.4.2": "Tập trung siết chặt kỷ luật, kỷ cương",
    "II.4.3": "Xây dựng kế hoạch phát triển cán bộ trên cơ sở gắn với đào tạo",
    "II.4.4": "Chủ động xây dựng các tiêu chí cụ thể để đánh giá cán bộ",
    "II.4.5": "Thực hiện nghiêm các quy định về công tác bảo vệ chính trị nội bộ",
    "II.4.6": "Đẩy mạnh công tác kiểm tra, giám sát, thanh tra định kỳ, đột xuất",
    "II.4.7": "Xử lý kịp thời, nghiêm minh những tổ chức, cá nhân vi phạm kỷ luật của Đảng",
    "III.1.1": "Tham mưu Ủy ban nhân dân tỉnh triển khai Kế hoạch này đến tất cả cơ quan, đơn vị, địa phương",
    "III.1.2": "Tăng cường theo dõi, đôn đốc, triển khai thực hiện các quy định liên quan đến công tác cán bộ",
    "III.5": "Căn cứ vào Kế hoạch này, các Sở, ban ngành tỉnh và Ủy ban nhân dân các huyện, thành phố",
}


@pytest.fixture
def seed(db):
    call_command("load_seed_plan", verbosity=0, stdout=io.StringIO())
    return Plan.objects.get(number="", issued_on=D(2018, 11, 30))


def snapshot_counts():
    return {model.__name__: model.objects.count() for model in (Agency, AgencyGroup, Plan, Task, Assignment)}


def test_plan_header_matches_the_text(seed):
    plan = seed
    assert plan.number == ""
    assert plan.issuer.code == "UBND"
    assert plan.title.startswith("Bổ sung Kế hoạch số 4447/KH-UBND ngày 24/9/2018 của UBND tỉnh thực hiện")
    assert (plan.supplements.number, plan.supplements.issued_on) == ("4447/KH-UBND", D(2018, 9, 24))
    assert plan.supplements.issuer.code == "UBND"
    assert plan.legal_basis.startswith("Thực hiện Nghị quyết số 132/NQ-CP ngày 24/10/2018 của Chính phủ")
    assert plan.legal_basis.endswith(
        "Kế hoạch số 10-KH/TW ngày 06/6/2018 của Bộ Chính trị thực hiện Nghị quyết số 26-NQ/TW,"
    )
    assert (plan.consolidating_agency.code, plan.recipient.code) == ("SNV", "UBND")
    assert plan.recipients_text.splitlines()[0] == "- Bộ Nội vụ (kèm KH4447);"
    assert plan.recipients_text.splitlines()[-1] == "- Lưu: VT."
    assert len(plan.recipients_text.splitlines()) == 9
    assert plan.reporting_schedule_text == "định kỳ 06 tháng, năm hoặc theo yêu cầu đột xuất"
    assert (plan.reports_semiannual, plan.reports_annual, plan.reports_ad_hoc, plan.reports_quarterly) == (
        True, True, True, False,
    )  # fmt: skip


def test_tasks_follow_the_plans_order_and_numbering(seed):
    codes = list(seed.tasks.order_by("position").values_list("code", flat=True))
    assert codes == ORDER
    assert list(seed.tasks.actionable().order_by("position").values_list("code", flat=True)) == ACTIONABLE


def test_tree_links_each_task_to_the_heading_above_it(seed):
    parents = dict(seed.tasks.values_list("code", "parent__code"))
    assert parents["II.2.b.1"] == "II.2.b"
    assert parents["II.2.b"] == "II.2"
    assert parents["II.2"] == "II"
    assert parents["II.3"] == "II"
    assert parents["II.4.7"] == "II.4"
    assert parents["III.1.2"] == "III.1"
    assert parents["III.5"] == "III"
    assert parents["I"] is None and parents["II"] is None and parents["III"] is None


def test_headings_carry_their_text_and_no_assignments(seed):
    headings = {task.code: task for task in seed.tasks.filter(is_heading=True)}
    assert set(headings) == set(ORDER) - set(ACTIONABLE)
    assert headings["II.2.b"].full_text == (
        "Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nội vụ và các cơ quan, đơn vị liên quan tham mưu UBND tỉnh:"
    )
    assert headings["II.4"].full_text.endswith("các nhiệm vụ thường xuyên sau đây:")
    assert headings["II.1"].title == "Đẩy mạnh công tác thông tin, tuyên truyền"
    assert headings["III.1"].title == "Sở Nội vụ"
    assert not Assignment.objects.filter(task__is_heading=True).exists()


@pytest.mark.parametrize("code", ACTIONABLE)
def test_each_task_has_the_agencies_and_timing_the_plan_gives_it(seed, code):
    assignments, unnamed, kind, text, starts_on, due_on, trigger = EXPECTED[code]
    task = seed.tasks.get(code=code)
    actual = set(task.assignments.values_list("agency__code", "role", "via_group__code"))

    assert actual == assignments
    assert task.unnamed_parties == unnamed
    assert (task.timing_kind, task.timing_text, task.starts_on, task.due_on) == (kind, text, starts_on, due_on)
    assert task.trigger_description == trigger
    assert task.full_text.startswith(OPENINGS[code])
    assert task.title
    if text:  # the timing is quoted from the task, or from the heading that introduces it (II.4)
        assert text in task.full_text or text in task.parent.full_text


def test_deadlines_in_force_follow_the_timing(seed):
    deadlines = dict(seed.tasks.actionable().values_list("code", "deadline"))
    assert deadlines["II.1.a"] == D(2018, 12, 31)
    assert deadlines["II.2.c.2"] == D(2019, 12, 31)
    assert {code for code, deadline in deadlines.items() if deadline} == {"II.1.a", "II.2.c.2"}


def test_agencies_carry_the_place_name_from_the_fixture(seed):
    assert Agency.objects.get(code="UBND").place_name == "Bến Tre"
    assert Agency.objects.get(code="SNV").place_name == "Bến Tre"
    assert Agency.objects.get(code="SNV").parent.code == "UBND"
    assert Agency.objects.get(code="UBND-BATRI").place_name == "Ba Tri"
    assert set(Agency.objects.filter(parent__code="UBND", kind="department").values_list("code", flat=True)) == (
        DEPARTMENTS
    )


def test_groups_hold_the_agencies_the_plan_means(seed):
    members = {group.code: {a.code for a in group.members.all()} for group in AgencyGroup.objects.all()}
    assert members == {
        "so-ban-nganh-tinh": DEPARTMENTS,
        "ubnd-huyen-thanh-pho": DISTRICTS,
        "co-quan-don-vi-dia-phuong": DEPARTMENTS | DISTRICTS,
        "so-nganh-dia-phuong": DEPARTMENTS | DISTRICTS,
        "truyen-thong-bao-chi": PRESS,
    }


def test_loading_twice_changes_nothing_and_keeps_progress(seed):
    assignment = Assignment.objects.get(task__plan=seed, task__code="II.1.a", agency__code="STTTT")
    assignment.progress, assignment.completed_on = Progress.COMPLETED, D(2018, 12, 20)
    assignment.save()
    task = seed.tasks.get(code="II.2.a")
    task.trigger_document, task.trigger_occurred_on, task.due_on = (
        "Quyết định số 1/QĐ-TTg",
        D(2019, 3, 1),
        D(2019, 9, 30),
    )
    task.save()
    Agency.objects.filter(code="SNV").update(email="snv@example.org")
    before = snapshot_counts()

    call_command("load_seed_plan", verbosity=0, stdout=io.StringIO())

    assert snapshot_counts() == before
    assignment.refresh_from_db()
    assert (assignment.progress, assignment.completed_on) == (Progress.COMPLETED, D(2018, 12, 20))
    task.refresh_from_db()
    assert (task.trigger_document, task.trigger_occurred_on) == ("Quyết định số 1/QĐ-TTg", D(2019, 3, 1))
    assert Agency.objects.get(code="SNV").email == "snv@example.org"


def test_second_import_reports_no_change(seed, settings):
    with open(settings.BASE_DIR / "fixtures/plans/bentre-2018-bo-sung-KH4447.json", encoding="utf-8") as file:
        summary = import_data(data=json.load(file))
    assert not summary.changed


def test_import_keeps_a_task_an_administrator_added(seed, settings):
    Task.objects.create(plan=seed, position=999, code="III.9", title="Nhiệm vụ thêm", timing_kind=TimingKind.RECURRING)
    with open(settings.BASE_DIR / "fixtures/plans/bentre-2018-bo-sung-KH4447.json", encoding="utf-8") as file:
        summary = import_data(data=json.load(file))
    assert not summary.changed
    assert seed.tasks.filter(code="III.9").exists()


def test_import_reorders_tasks_without_losing_any(db):
    agencies = {"agencies": [{"code": "SNV", "name": "Sở Nội vụ", "kind": "department"}]}
    plan = {"number": "1/KH", "issued_on": "2020-01-01", "issuer": "SNV", "title": "Thử"}
    tasks = [{"code": code, "title": code, "lead": ["SNV"]} for code in ("1", "2", "3")]
    import_data(data={**agencies, "plans": [{**plan, "tasks": tasks}]})
    Assignment.objects.filter(task__code="1").update(progress=Progress.IN_PROGRESS)

    import_data(data={"plans": [{**plan, "tasks": list(reversed(tasks))}]})

    assert list(Task.objects.order_by("position").values_list("code", flat=True)) == ["3", "2", "1"]
    assert Assignment.objects.get(task__code="1").progress == Progress.IN_PROGRESS


def test_import_refuses_an_unknown_agency_and_writes_nothing(db, tmp_path):
    path = tmp_path / "plan.json"
    plan = {"number": "1/KH", "issued_on": "2020-01-01", "issuer": "SNV", "title": "Thử"}
    agencies = [{"code": "SNV", "name": "Sở Nội vụ", "kind": "department"}]
    tasks = [{"code": "1", "title": "Một", "lead": ["KHONGCO"]}]
    path.write_text(json.dumps({"agencies": agencies, "plans": [{**plan, "tasks": tasks}]}), encoding="utf-8")

    with pytest.raises(CommandError, match="KHONGCO"):
        call_command("import_plan", str(path), stdout=io.StringIO())

    assert not Agency.objects.exists() and not Plan.objects.exists()


BTNMT_FILE = "fixtures/plans/btnmt-2024-KH09-tin-chi-cac-bon.json"


def test_a_plan_whose_tasks_are_rows_of_an_annex_table_imports_whole(db, settings):
    call_command("import_plan", str(settings.BASE_DIR / BTNMT_FILE), stdout=io.StringIO())

    plan = Plan.objects.get(number="09/KH-BTNMT", issued_on=D(2024, 8, 6))
    tasks = {task.code: task for task in plan.tasks.actionable()}
    assert list(tasks) == [f"PL.{n}" for n in range(1, 10)]
    assert (plan.issuer.code, plan.consolidating_agency.code, plan.issuer.place_name) == ("BTNMT", "CBDKH", "Hà Nội")

    first = tasks["PL.1"]
    assert (first.timing_kind, first.timing_text, first.due_on) == (TimingKind.BY_MONTH, "Tháng 8/2024", D(2024, 8, 31))
    assert set(first.assignments.values_list("agency__code", "role")) == {("CBDKH", LEAD), ("VPC-BTNMT", COORD)}
    assert first.unnamed_parties == "các đơn vị có liên quan thuộc Bộ TN&MT"
    assert first.full_text.startswith("Hoàn thiện dự thảo Nghị định sửa đổi, bổ sung một số điều")
    assert (tasks["PL.5"].starts_on, tasks["PL.5"].due_on, tasks["PL.5"].timing_text) == (
        D(2025, 1, 1), D(2030, 12, 31), "2025 - 2030",
    )  # fmt: skip
    assert set(tasks["PL.7"].assignments.filter(role=LEAD).values_list("agency__code", flat=True)) == {
        "VKTTV", "VCLCS-TNMT",
    }  # fmt: skip
    assert set(tasks["PL.8"].assignments.filter(role=LEAD).values_list("agency__code", "via_group__code")) == {
        ("TTTT-TNMT", "bao-chi-btnmt"), ("BAO-TNMT", "bao-chi-btnmt"), ("TCH-TNMT", "bao-chi-btnmt"),
    }  # fmt: skip

    before = snapshot_counts()
    call_command("import_plan", str(settings.BASE_DIR / BTNMT_FILE), stdout=io.StringIO())
    assert snapshot_counts() == before
