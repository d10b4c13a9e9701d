import datetime as dt

import pytest
from django.urls import reverse

from agencies.models import AgencyKind
from tasks.models import AssignmentRole
from tests.factories import AgencyFactory, AssignmentFactory, PlanFactory, TaskFactory, leader, reviewer_of, staff_of
from tests.tasks.view_data import build_plan, complete, page_text, waiting_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_today")]


def test_agency_pages_send_anonymous_visitors_to_login(client):
    agency = AgencyFactory()
    for url in (reverse("agencies:agency_list"), reverse("tasks:agency_detail", args=[agency.code])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("make_user", [staff_of, reviewer_of, lambda agency: leader()])
def test_any_logged_in_user_can_read_another_agencys_page(client, make_user):
    other = AgencyFactory(name="Sở Y tế", code="SYT")
    client.force_login(make_user(AgencyFactory()))
    assert "Sở Y tế" in page_text(client.get(reverse("tasks:agency_detail", args=[other.code])))


def test_agency_page_groups_assignments_across_plans_by_status(staff_client):
    agency = AgencyFactory(name="Sở Khoa học và Công nghệ", code="SKHCN")
    first, second = PlanFactory(number="4447/KH-UBND"), PlanFactory(number="")
    AssignmentFactory(agency=agency, task=TaskFactory(plan=first, code="II.2.c.1", title="Chính sách KH&CN"))
    overdue = TaskFactory(plan=second, code="II.2.c.2", title="Sơ kết Đề án", due_on=dt.date(2018, 12, 31))
    AssignmentFactory(agency=agency, task=overdue)
    done = AssignmentFactory(agency=agency, task=TaskFactory(plan=second, code="II.3", title="Nhà ở"))
    complete(done, dt.date(2019, 2, 1))
    AssignmentFactory(agency=agency, task=waiting_task(first, code="II.2.a", title="Đề án thu hút nhân tài"))
    text = page_text(staff_client.get(reverse("tasks:agency_detail", args=[agency.code])))
    order = [
        "Hoàn thành đúng hạn (1) Số hiệu Nhiệm vụ Kế hoạch Vai trò Thời gian thực hiện II.3 Nhà ở",
        "Đang thực hiện quá hạn (1) Số hiệu Nhiệm vụ Kế hoạch Vai trò Thời gian thực hiện II.2.c.2 Sơ kết Đề án",
        "Chưa thực hiện (1) Số hiệu Nhiệm vụ Kế hoạch Vai trò Thời gian thực hiện II.2.c.1 Chính sách KH&CN",
        "Chờ điều kiện (1) Số hiệu Nhiệm vụ Kế hoạch Vai trò Thời gian thực hiện II.2.a Đề án thu hút nhân tài",
    ]
    positions = [text.index(section) for section in order]
    assert positions == sorted(positions)
    assert "Kế hoạch 4447/KH-UBND (30/11/2018)" in text
    assert "Số phân công 4" in text


def test_agency_page_lists_coordinating_duties_apart_without_a_status(staff_client):
    agency = AgencyFactory(name="Sở Tài nguyên và Môi trường", code="STNMT")
    AssignmentFactory(agency=agency, role=AssignmentRole.COORDINATING, task=TaskFactory(code="II.3", title="Nhà ở"))
    text = page_text(staff_client.get(reverse("tasks:agency_detail", args=[agency.code])))
    assert "Phối hợp thực hiện (1)" in text
    assert "II.3 Nhà ở" in text
    assert "Chưa thực hiện (1)" not in text


def test_agency_with_nothing_assigned_says_so(staff_client):
    agency = AgencyFactory(name="Bộ Nội vụ", code="BNV", kind=AgencyKind.CENTRAL)
    text = page_text(staff_client.get(reverse("tasks:agency_detail", args=[agency.code])))
    assert "Cơ quan này chưa được giao nhiệm vụ nào." in text


def test_unknown_agency_code_is_not_found(staff_client):
    assert staff_client.get(reverse("tasks:agency_detail", args=["KHONGCO"])).status_code == 404


def test_agency_list_groups_active_agencies_by_kind(staff_client):
    AgencyFactory(name="UBND huyện Ba Tri", code="BT", kind=AgencyKind.DISTRICT)
    AgencyFactory(name="Sở Tư pháp", code="STP", kind=AgencyKind.DEPARTMENT)
    AgencyFactory(name="Sở đã giải thể", code="SGT", is_active=False)
    response = staff_client.get(reverse("agencies:agency_list"))
    text = page_text(response)
    assert text.index("Sở, ban, ngành tỉnh") < text.index("Sở Tư pháp") < text.index("UBND huyện, thành phố")
    assert text.index("UBND huyện, thành phố") < text.index("UBND huyện Ba Tri")
    assert "Sở đã giải thể" not in text
    assert reverse("tasks:agency_detail", args=["STP"]) in response.content.decode()


# Six: session, user, permissions, agency, its assignments, and its succession links (whom it took over or passed to).
@pytest.mark.parametrize("scale", [1, 10])
def test_agency_page_query_count_does_not_grow_with_data(staff_client, django_assert_num_queries, scale):
    lead = AgencyFactory(code="LEAD")
    for _ in range(scale):
        build_plan(lead=lead)
    with django_assert_num_queries(6):
        assert staff_client.get(reverse("tasks:agency_detail", args=[lead.code])).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_agency_list_query_count_does_not_grow_with_data(staff_client, django_assert_num_queries, scale):
    AgencyFactory.create_batch(5 * scale)
    with django_assert_num_queries(4):
        assert staff_client.get(reverse("agencies:agency_list")).status_code == 200
