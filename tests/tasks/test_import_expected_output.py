"""The product or result an annex asks of a task ("Sản phẩm", "Kết quả") is read, kept on the
saved task, and shown wherever the task is: the import preview, the task page, the admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tasks.importer import import_file
from tasks.models import Task
from tasks.plan_import.agency_matching import AgencyMatcher, RegistryName
from tasks.plan_import.annex import table_tasks
from tasks.plan_import.extract import propose_plan
from tasks.plan_import.reading import Table
from tasks.plan_import.saving import save_proposal
from tests.factories import UserFactory
from tests.tasks.view_data import page_text

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)
MINISTRY_ANNEX = BASE / "tests/data/plans/bnnmt-2026-phu-luc-trong-rung.md"
MATCHER = AgencyMatcher([RegistryName("Sở Nội vụ", agency="SNV")])


@pytest.fixture
def registry():
    import_file(path=BASE / "fixtures/agencies_bentre.json")
    import_file(path=BASE / "tests/data/registry/agencies_new_plan_shapes.json")


@pytest.mark.parametrize("header", ["Sản phẩm", "Kết quả", "Kết quả, sản phẩm", "Sản phẩm đầu ra", "KẾT QUẢ"])
def test_the_product_column_is_read_whatever_it_is_called_and_wherever_it_stands(header):
    table = Table(
        [
            ["TT", header, "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"],
            ["1", "Quyết định ban hành quy chế", "Xây dựng quy chế phối hợp", "Sở Nội vụ", "Quý II/2026"],
        ]
    )

    (task,) = table_tasks(table=table, root="PL", matcher=MATCHER)

    assert (task.title, task.expected_output) == ("Xây dựng quy chế phối hợp", "Quyết định ban hành quy chế")
    assert "Quyết định ban hành quy chế" not in task.full_text, "kept in its own field, not repeated in the text"


def test_a_table_without_a_product_column_leaves_the_product_empty():
    table = Table([["TT", "Nhiệm vụ", "Cơ quan chủ trì"], ["1", "Rà soát thủ tục", "Sở Nội vụ"]])

    (task,) = table_tasks(table=table, root="PL", matcher=MATCHER)

    assert task.expected_output == ""


def test_an_annex_product_is_saved_on_the_task_and_its_page_shows_it(registry, staff_client):
    proposal = propose_plan(filename=MINISTRY_ANNEX.name, content=MINISTRY_ANNEX.read_bytes())

    plan = save_proposal(proposal=proposal)

    outputs = dict(plan.tasks.filter(is_heading=False).values_list("code", "expected_output"))
    assert outputs["PL.I.1"] == "Báo cáo rà soát"
    assert outputs["PL.II.5"] == "Cơ sở dữ liệu diễn biến rừng"
    assert all(outputs.values()), "every row of this annex names its product"
    task = Task.objects.get(plan=plan, code="PL.I.2")
    page = page_text(staff_client.get(reverse("tasks:task_detail", args=[task.pk])))
    assert "Sản phẩm / kết quả Hướng dẫn kỹ thuật" in page


def test_a_task_without_a_product_shows_no_product_line(staff_client, registry):
    proposal = propose_plan(filename=MINISTRY_ANNEX.name, content=MINISTRY_ANNEX.read_bytes())
    plan = save_proposal(proposal=proposal)
    task = plan.tasks.get(code="PL.I.1")
    task.expected_output = ""
    task.save()

    assert "Sản phẩm / kết quả" not in page_text(staff_client.get(reverse("tasks:task_detail", args=[task.pk])))


def test_the_admin_edits_the_product_of_a_task(client, registry):
    proposal = propose_plan(filename=MINISTRY_ANNEX.name, content=MINISTRY_ANNEX.read_bytes())
    task = save_proposal(proposal=proposal).tasks.get(code="PL.I.3")
    client.force_login(UserFactory(is_superuser=True, is_staff=True, agency=None))

    response = client.get(reverse("admin:tasks_task_change", args=[task.pk]))

    assert response.status_code == 200
    assert 'name="expected_output"' in response.content.decode()
    assert "Thông tư" in response.content.decode()
