import datetime as dt

import pytest
from django.urls import reverse

from tasks.models import AssignmentRole
from tests.factories import AgencyFactory, AssignmentFactory, PlanFactory, TaskFactory, leader, reviewer_of, staff_of
from tests.tasks.view_data import TODAY, build_plan, complete, page_text, waiting_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_today")]


def test_task_page_sends_anonymous_visitors_to_login(client):
    task = TaskFactory()
    response = client.get(reverse("tasks:task_detail", args=[task.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("make_user", [staff_of, reviewer_of, lambda agency: leader()])
def test_every_logged_in_role_can_read_a_task(client, make_user):
    task = TaskFactory(title="Quán triệt Nghị quyết")
    client.force_login(make_user(AgencyFactory()))
    assert "Quán triệt Nghị quyết" in page_text(client.get(reverse("tasks:task_detail", args=[task.pk])))


def test_task_page_shows_its_headings_text_and_timing(staff_client):
    plan = PlanFactory(number="4447/KH-UBND", issued_on=dt.date(2018, 9, 24))
    section = TaskFactory(plan=plan, code="II", title="Nhiệm vụ, giải pháp", is_heading=True)
    sub = TaskFactory(plan=plan, parent=section, code="II.1", title="Đẩy mạnh tuyên truyền", is_heading=True)
    task = TaskFactory(
        plan=plan,
        parent=sub,
        code="II.1.a",
        title="Quán triệt Nghị quyết",
        full_text="Các cơ quan, đơn vị, địa phương tổ chức nghiên cứu, quán triệt nội dung của Nghị quyết.",
        timing_kind="by_quarter",
        timing_text="thực hiện trong quý IV năm 2018",
        due_on=dt.date(2018, 12, 31),
    )
    text = page_text(staff_client.get(reverse("tasks:task_detail", args=[task.pk])))
    assert "Kế hoạch 4447/KH-UBND (24/09/2018) › II. Nhiệm vụ, giải pháp › II.1. Đẩy mạnh tuyên truyền" in text
    assert "II.1.a Quán triệt Nghị quyết" in text
    assert "tổ chức nghiên cứu, quán triệt nội dung của Nghị quyết." in text
    assert "Theo kế hoạch thực hiện trong quý IV năm 2018 Loại thời hạn Trong quý Hạn hoàn thành 31/12/2018" in text


def test_a_yearly_duty_shows_its_day_each_year_and_this_years_deadline(staff_client):
    task = TaskFactory(
        timing_kind="yearly", timing_text="trước ngày 15/12 hằng năm", yearly_due_day=15, yearly_due_month=12
    )
    text = page_text(staff_client.get(reverse("tasks:task_detail", args=[task.pk])))
    expected = f"Loại thời hạn Hằng năm Hạn hằng năm trước ngày 15/12 hằng năm Hạn hoàn thành 15/12/{TODAY.year}"
    assert expected in text


def test_task_waiting_for_its_trigger_shows_the_event_and_no_due_date(staff_client):
    task = waiting_task(PlanFactory())
    AssignmentFactory(task=task, agency=AgencyFactory(name="Sở Giáo dục và Đào tạo"))
    text = page_text(staff_client.get(reverse("tasks:task_detail", args=[task.pk])))
    assert "Hạn hoàn thành Chưa có" in text
    assert "Điều kiện bắt đầu Trung ương ban hành hướng dẫn Văn bản kích hoạt Chưa ban hành" in text
    assert "Sở Giáo dục và Đào tạo Chủ trì Chờ điều kiện" in text


def test_task_with_its_trigger_recorded_shows_the_document_and_date(staff_client):
    task = waiting_task(PlanFactory())
    task.trigger_document = "Quyết định 123/QĐ-TTg"
    task.trigger_occurred_on = dt.date(2019, 1, 10)
    task.days_after_trigger = 90
    task.save()
    text = page_text(staff_client.get(reverse("tasks:task_detail", args=[task.pk])))
    assert "Văn bản kích hoạt Quyết định 123/QĐ-TTg (10/01/2019)" in text
    assert "Hạn hoàn thành 10/04/2019" in text


def test_task_page_lists_every_assignment_with_role_and_status(staff_client):
    task = TaskFactory(due_on=dt.date(2018, 12, 31))
    complete(AssignmentFactory(task=task, agency=AgencyFactory(name="Sở Xây dựng")), dt.date(2018, 12, 20))
    AssignmentFactory(task=task, agency=AgencyFactory(name="Sở Tài nguyên và Môi trường"), role="coordinating")
    AssignmentFactory(task=task, agency=AgencyFactory(name="UBND huyện Chợ Lách"), role=AssignmentRole.IMPLEMENTING)
    text = page_text(staff_client.get(reverse("tasks:task_detail", args=[task.pk])))
    assert "Sở Xây dựng Chủ trì Hoàn thành đúng hạn 20/12/2018" in text
    assert "Sở Tài nguyên và Môi trường Phối hợp Phối hợp, không báo cáo" in text
    assert "UBND huyện Chợ Lách Thực hiện Đang thực hiện quá hạn" in text


def test_task_page_of_an_unknown_task_is_not_found(staff_client):
    assert staff_client.get(reverse("tasks:task_detail", args=[999])).status_code == 404


@pytest.mark.parametrize("scale", [1, 10])
def test_task_page_query_count_does_not_grow_with_data(staff_client, django_assert_num_queries, scale):
    plan = build_plan(scale=scale)
    task = plan.tasks.filter(is_heading=False).last()
    with django_assert_num_queries(6):
        assert staff_client.get(reverse("tasks:task_detail", args=[task.pk])).status_code == 200
