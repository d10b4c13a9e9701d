"""manage.py import_plan on a plan document: print the proposal, or save it exactly as the fixture."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency
from tasks.models import Assignment, Plan
from tests.tasks.plan_documents import BTNMT_TEXT, PLANS_DIR, SEED_TEXT

pytestmark = pytest.mark.django_db
SEED_DATE = dt.date(2018, 11, 30)


def run(*args) -> str:
    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def assignments_of(plan: Plan) -> set[tuple[str, str, str]]:
    return set(Assignment.objects.filter(task__plan=plan).values_list("task__code", "agency__code", "role"))


@pytest.fixture
def registry_without_seed_plan():
    """Agencies, groups, aliases and the parent plan 4447; the supplementing plan's assignments, then no plan."""
    call_command("load_seed_plan", verbosity=0)
    seed = Plan.objects.get(number="", issued_on=SEED_DATE)
    expected = assignments_of(seed)
    seed.delete()
    return expected


def test_dry_run_prints_the_tree_and_what_needs_checking_and_saves_nothing(registry_without_seed_plan):
    output = run(str(SEED_TEXT), "--dry-run")

    assert "II.2.b.1 Triển khai Chương trình học song ngữ" in output
    assert "chủ trì: SGDDT" in output
    assert "“thực hiện trong quý IV năm 2018” = Trong quý 2018-12-31" in output
    assert "Văn bản chưa ghi số, ký hiệu" in output
    assert not Plan.objects.filter(issued_on=SEED_DATE).exists()


def test_json_gives_header_schedule_and_tasks_for_scripts(registry_without_seed_plan):
    proposal = json.loads(run(str(SEED_TEXT), "--json"))

    assert proposal["header"]["issued_on"] == "2018-11-30"
    assert proposal["header"]["supplements"][0]["number"] == "4447/KH-UBND"
    assert proposal["reporting"]["semiannual"] and proposal["reporting"]["annual"]
    task = next(task for task in proposal["tasks"] if task["code"] == "II.1.b")
    assert task["ref"] == "b)"
    assert [party["agency"] for party in task["lead"]["parties"]] == ["STTTT"]
    assert task["lead"]["parties"][0]["written"] == "Sở Thông tin và Truyền thông"
    assert task["timing"] == {
        "text": "",
        "kind": "unspecified",
        "starts_on": None,
        "due_on": None,
        "trigger": "",
        "yearly_due_day": None,
        "yearly_due_month": None,
        "flag": "",
    }
    assert not Plan.objects.filter(issued_on=SEED_DATE).exists()


def test_saving_the_seed_text_gives_the_same_assignments_as_the_fixture(registry_without_seed_plan):
    output = run(str(SEED_TEXT))

    plan = Plan.objects.get(number="", issued_on=SEED_DATE)
    assert "Đã lưu" in output
    assert assignments_of(plan) == registry_without_seed_plan
    assert plan.supplements.number == "4447/KH-UBND"
    assert (plan.consolidating_agency.code, plan.recipient.code) == ("SNV", "UBND")
    assert plan.reports_semiannual and plan.reports_annual and plan.reports_ad_hoc


def test_importing_the_same_plan_twice_is_refused(registry_without_seed_plan):
    run(str(SEED_TEXT))

    with pytest.raises(CommandError, match="đã có trong cổng"):
        run(str(SEED_TEXT))
    assert Plan.objects.filter(number="", issued_on=SEED_DATE).count() == 1


def test_unknown_agencies_stop_the_save_unless_asked_to_create_them(registry_without_seed_plan, tmp_path):
    document = tmp_path / "plan.md"
    document.write_text(SEED_TEXT.read_text(encoding="utf-8").replace("Sở Xây dựng chủ trì", "Sở Ngoại vụ chủ trì"))

    with pytest.raises(CommandError, match="Sở Ngoại vụ"):
        run(str(document))
    assert not Plan.objects.filter(issued_on=SEED_DATE).exists()

    run(str(document), "--create-agencies")
    created = Agency.objects.get(name="Sở Ngoại vụ")
    assert created.kind == "department"
    assert Assignment.objects.filter(agency=created, task__code="II.3", role="lead").exists()


def test_a_ministry_plan_creates_its_issuer_and_units_when_asked(registry_without_seed_plan):
    output = run(str(BTNMT_TEXT), "--create-agencies")

    plan = Plan.objects.get(number="09/KH-BTNMT")
    assert "Đã lưu" in output
    assert (plan.issuer.name, plan.issuer.kind) == ("Bộ Tài nguyên và Môi trường", "central")
    assert plan.tasks.actionable().count() == 9
    lead = Assignment.objects.get(task__plan=plan, task__code="PL.1", role="lead").agency
    assert (lead.name, lead.kind) == ("Cục Biến đổi khí hậu", "central")


def test_documents_the_plan_implements_are_kept_in_its_legal_basis(registry_without_seed_plan):
    run(str(SEED_TEXT))

    plan = Plan.objects.get(number="", issued_on=SEED_DATE)
    assert plan.legal_basis.startswith("Thực hiện Nghị quyết số 132/NQ-CP")
    assert plan.legal_basis.endswith("Thực hiện Chương trình hành động số 32-CTr/TU ngày 31/7/2018")
    assert "4447/KH-UBND" not in plan.legal_basis, "the supplemented plan is a link, not a line"


def test_an_unexpected_reader_fault_ends_in_a_message_not_a_traceback(registry_without_seed_plan, monkeypatch):
    def broken_reader(**kwargs):
        raise AttributeError("'NoneType' object has no attribute 'group'")

    monkeypatch.setattr("tasks.plan_import.extract.prose.section_tasks", broken_reader)

    with pytest.raises(CommandError, match="Cổng chưa đọc được văn bản này do một lỗi của chương trình"):
        run(str(SEED_TEXT), "--json")


def test_json_prints_one_line_per_task_and_the_documents_figures(registry_without_seed_plan):
    printed = json.loads(run(str(SEED_TEXT), "--json"))

    row = next(row for row in printed["task_rows"] if row["number"] == "II.1.b")
    assert row["lead"] == ["STTTT"]
    assert set(row) == {
        "number",
        "text",
        "lead",
        "coordinating",
        "implementing",
        "timing_kind",
        "due_on",
        "expected_output",
        "flags",
    }
    grouped = next(row for row in printed["task_rows"] if row["number"] == "II.4.1")
    assert (grouped["lead"], grouped["implementing"]) == ([], ["group:so-ban-nganh-tinh", "group:ubnd-huyen-thanh-pho"])
    figures = printed["figures"]
    assert figures["tasks"] == len(printed["task_rows"]) > 0
    assert figures["whole"] + figures["needs_correction"] == figures["tasks"]


def test_json_and_the_outline_print_each_tasks_product_from_the_annex(db):
    ministry_annex = str(PLANS_DIR / "bnnmt-2026-phu-luc-trong-rung.md")

    rows = {row["number"]: row for row in json.loads(run(ministry_annex, "--json"))["task_rows"]}

    assert rows["PL.I.1"]["expected_output"] == "Báo cáo rà soát"
    assert rows["PL.II.8"]["expected_output"] == "Báo cáo sơ kết"
    assert "sản phẩm: Dự toán ngân sách" in run(ministry_annex, "--dry-run")
