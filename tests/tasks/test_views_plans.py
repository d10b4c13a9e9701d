import datetime as dt

import pytest
from django.urls import reverse

from tasks.models import AssignmentRole
from tasks.timing import TimingKind
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    PlanFactory,
    TaskFactory,
    leader,
    reviewer_of,
    staff_of,
)
from tests.tasks.view_data import TODAY, build_plan, complete, page_text, waiting_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_today")]


def test_plan_pages_send_anonymous_visitors_to_login(client):
    plan = PlanFactory()
    for url in (reverse("tasks:plan_list"), reverse("tasks:plan_detail", args=[plan.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("make_user", [staff_of, reviewer_of, lambda agency: leader()])
def test_every_logged_in_role_can_read_plans(client, make_user):
    plan = PlanFactory(title="Kế hoạch chung")
    client.force_login(make_user(AgencyFactory()))
    assert "Kế hoạch chung" in client.get(reverse("tasks:plan_list")).content.decode()
    assert client.get(reverse("tasks:plan_detail", args=[plan.pk])).status_code == 200


def test_plan_list_shows_each_plan_header_and_its_status_counts(staff_client):
    plan = PlanFactory(number="", title="Bổ sung Kế hoạch 4447", issued_on=dt.date(2018, 11, 30))
    task = TaskFactory(plan=plan)
    done = AssignmentFactory(task=task)
    AssignmentFactory(task=task, role=AssignmentRole.IMPLEMENTING)
    complete(done, dt.date(2019, 1, 5))
    text = page_text(staff_client.get(reverse("tasks:plan_list")))
    assert "Kế hoạch số (chưa có số)" in text
    assert "Ngày ban hành 30/11/2018" in text
    assert "Bổ sung Kế hoạch 4447" in text
    assert "1 Hoàn thành đúng hạn 1 Chưa thực hiện" in text


def test_plan_list_shows_the_newest_plan_first(staff_client):
    AssignmentFactory(task=TaskFactory(plan=PlanFactory(title="Kế hoạch cũ", issued_on=dt.date(2018, 9, 24))))
    PlanFactory(title="Kế hoạch mới", issued_on=dt.date(2018, 11, 30))
    text = page_text(staff_client.get(reverse("tasks:plan_list")))
    assert text.index("Kế hoạch mới") < text.index("Kế hoạch cũ")


def test_plan_page_shows_header_with_supplemented_plan_and_agencies(staff_client):
    parent = PlanFactory(number="4447/KH-UBND", issued_on=dt.date(2018, 9, 24))
    plan = PlanFactory(number="", supplements=parent, issued_on=dt.date(2018, 11, 30), title="Kế hoạch bổ sung")
    html = staff_client.get(reverse("tasks:plan_detail", args=[plan.pk])).content.decode()
    assert "(chưa có số)" in html
    assert "30/11/2018" in html
    assert "Kế hoạch bổ sung" in html
    assert reverse("tasks:plan_detail", args=[parent.pk]) in html
    assert "4447/KH-UBND (24/09/2018)" in html
    assert "Sở Nội vụ" in html
    assert "Ủy ban nhân dân tỉnh" in html


def test_plan_page_lists_tasks_in_plan_order_with_headings_as_sections(staff_client):
    plan = PlanFactory()
    section = TaskFactory(plan=plan, position=1, code="II.1", title="Đẩy mạnh tuyên truyền", is_heading=True)
    TaskFactory(plan=plan, parent=section, position=3, code="II.1.b", title="Tuyên truyền trên báo chí")
    TaskFactory(plan=plan, parent=section, position=2, code="II.1.a", title="Quán triệt Nghị quyết")
    TaskFactory(plan=plan, position=4, code="II.10", title="Nhiệm vụ mười")
    html = staff_client.get(reverse("tasks:plan_detail", args=[plan.pk])).content.decode()
    positions = [html.index(text) for text in ("Đẩy mạnh tuyên truyền", "II.1.a", "II.1.b", "II.10")]
    assert positions == sorted(positions)
    assert '<h3 class="task-heading depth-1"' in html


def test_plan_page_shows_each_role_agency_timing_and_status(staff_client):
    plan = PlanFactory()
    task = TaskFactory(plan=plan, code="II.1.b", timing_text="", due_on=None, timing_kind="unspecified")
    AssignmentFactory(task=task, agency=AgencyFactory(name="Sở Thông tin và Truyền thông"), role=AssignmentRole.LEAD)
    AssignmentFactory(task=task, agency=AgencyFactory(name="Ban Tuyên giáo Tỉnh ủy"), role=AssignmentRole.COORDINATING)
    dated = TaskFactory(plan=plan, code="II.1.a", timing_text="thực hiện trong quý IV năm 2018")
    AssignmentFactory(task=dated, agency=AgencyFactory(name="UBND huyện Ba Tri"), role=AssignmentRole.IMPLEMENTING)
    text = page_text(staff_client.get(reverse("tasks:plan_detail", args=[plan.pk])))
    assert "Thời gian thực hiện: Không quy định Chủ trì: Sở Thông tin và Truyền thông Không quy định thời hạn" in text
    # Coordinating agencies owe no report, so they carry no status badge.
    assert "Phối hợp: Ban Tuyên giáo Tỉnh ủy II.1.a" in text
    assert "Thời gian thực hiện: thực hiện trong quý IV năm 2018 (hạn 31/12/2019)" in text
    assert "Thực hiện: UBND huyện Ba Tri Chưa thực hiện" in text


def test_plan_page_shows_waiting_and_completed_statuses(staff_client):
    plan = PlanFactory()
    AssignmentFactory(task=waiting_task(plan), agency=AgencyFactory(name="Sở Giáo dục và Đào tạo"))
    complete(AssignmentFactory(task=TaskFactory(plan=plan, due_on=dt.date(2018, 12, 31))), dt.date(2019, 1, 10))
    text = page_text(staff_client.get(reverse("tasks:plan_detail", args=[plan.pk])))
    assert "sau khi có hướng dẫn của Trung ương Chủ trì: Sở Giáo dục và Đào tạo Chờ điều kiện" in text
    assert "0 Hoàn thành đúng hạn 1 Hoàn thành quá hạn" in text
    assert "1 Chờ điều kiện" in text


def test_plan_page_folds_a_long_list_of_implementing_agencies_with_counts(staff_client):
    plan = PlanFactory()
    task = TaskFactory(plan=plan)
    assignments = [AssignmentFactory(task=task, role=AssignmentRole.IMPLEMENTING) for _ in range(26)]
    complete(assignments[0], dt.date(2019, 1, 2))
    response = staff_client.get(reverse("tasks:plan_detail", args=[plan.pk]))
    assert "<details>" in response.content.decode()
    assert "Thực hiện: 26 cơ quan, đơn vị 1 Hoàn thành đúng hạn 25 Chưa thực hiện" in page_text(response)


def test_plan_page_of_an_unknown_plan_is_not_found(staff_client):
    assert staff_client.get(reverse("tasks:plan_detail", args=[999])).status_code == 404


@pytest.mark.parametrize("scale", [1, 25])
def test_plan_list_query_count_does_not_grow_with_data(staff_client, django_assert_num_queries, scale):
    for _ in range(scale):
        build_plan()
    # Session, user, plans counted, a page of plans, their status counts, their task counts, permissions.
    with django_assert_num_queries(7):
        assert staff_client.get(reverse("tasks:plan_list")).status_code == 200


def test_plan_list_pages_through_the_plans_newest_first_with_their_counts(staff_client):
    from tasks.views import PLAN_PAGE_SIZE

    oldest = build_plan(plan=PlanFactory(title="Kế hoạch cũ nhất", issued_on=dt.date(2010, 1, 1)))
    for day in range(PLAN_PAGE_SIZE):
        PlanFactory(title=f"Kế hoạch mới {day}", issued_on=dt.date(2019, 1, 1) + dt.timedelta(days=day))
    first = page_text(staff_client.get(reverse("tasks:plan_list")))
    assert "Kế hoạch mới 0" in first
    assert "Kế hoạch cũ nhất" not in first
    assert "Trang 1/2" in first
    second = page_text(staff_client.get(reverse("tasks:plan_list") + "?page=2"))
    assert "Kế hoạch cũ nhất" in second
    assert "Kế hoạch mới" not in second
    assert f"Số nhiệm vụ {oldest.tasks.filter(is_heading=False).count()}" in second


@pytest.mark.parametrize("scale", [1, 10])
def test_plan_page_query_count_does_not_grow_with_data(staff_client, django_assert_num_queries, scale):
    plan = build_plan(scale=scale)
    build_plan(scale=scale, plan=plan)
    with django_assert_num_queries(7):
        assert staff_client.get(reverse("tasks:plan_detail", args=[plan.pk])).status_code == 200


def test_plan_and_task_pages_show_this_years_deadline_of_a_yearly_duty(staff_client):
    duty = TaskFactory(
        timing_kind=TimingKind.YEARLY,
        timing_text="trước ngày 10/12 hằng năm",
        due_on=None,
        yearly_due_day=10,
        yearly_due_month=12,
    )
    AssignmentFactory(task=duty, role=AssignmentRole.LEAD)
    this_year = f"10/12/{TODAY.year}"

    plan_page = page_text(staff_client.get(reverse("tasks:plan_detail", args=[duty.plan_id])))
    task_page = page_text(staff_client.get(reverse("tasks:task_detail", args=[duty.pk])))
    list_page = page_text(staff_client.get(reverse("tasks:task_list"), {"agency": ""}))

    assert f"trước ngày 10/12 hằng năm (hạn {this_year})" in plan_page
    assert this_year in task_page and this_year in list_page
