import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tasks.models import Assignment, AssignmentRole
from tasks.timing import TimingKind
from tests.factories import AgencyFactory, AssignmentFactory, PlanFactory, TaskFactory, leader, reviewer_of, staff_of
from tests.tasks.view_data import build_plan, page_text, waiting_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_today")]

LIST = reverse("tasks:task_list")


@pytest.fixture
def reader_client(client):
    """A leader: reads every agency's rows, so the list opens on all of them (agency staff open on their own)."""
    client.force_login(leader(agency=AgencyFactory()))
    return client


@pytest.fixture
def seed():
    """Two plans, four assignments that differ in every filterable way."""
    first = PlanFactory(number="4447/KH-UBND", issued_on=dt.date(2018, 9, 24))
    second = PlanFactory(number="", issued_on=dt.date(2018, 11, 30))
    snv = AgencyFactory(name="Sở Nội vụ", code="SNV")
    stttt = AgencyFactory(name="Sở Thông tin và Truyền thông", code="STTTT")
    ba_tri = AgencyFactory(name="UBND huyện Ba Tri", code="BT")
    quarter = TaskFactory(
        plan=second,
        code="II.1.a",
        position=2,
        title="Quán triệt Nghị quyết",
        timing_kind=TimingKind.BY_QUARTER,
        timing_text="trong quý IV năm 2018",
        due_on=dt.date(2018, 12, 31),
    )
    press = TaskFactory(
        plan=second,
        code="II.1.b",
        position=3,
        title="Tuyên truyền",
        full_text="trên báo chí và truyền hình",
        timing_kind=TimingKind.UNSPECIFIED,
        timing_text="",
        due_on=None,
    )
    talent = waiting_task(second, code="II.2.a", position=4, title="Đề án thu hút nhân tài")
    old = TaskFactory(plan=first, code="II.10", position=10, title="Kế hoạch cũ", due_on=dt.date(2019, 12, 31))
    return {
        "first": first,
        "second": second,
        "snv": snv,
        "stttt": stttt,
        "ba_tri": ba_tri,
        "ba_tri_quarter": AssignmentFactory(task=quarter, agency=ba_tri, role=AssignmentRole.IMPLEMENTING),
        "stttt_press": AssignmentFactory(task=press, agency=stttt, role=AssignmentRole.LEAD),
        "snv_press": AssignmentFactory(task=press, agency=snv, role=AssignmentRole.COORDINATING),
        "snv_talent": AssignmentFactory(task=talent, agency=snv, role=AssignmentRole.LEAD),
        "snv_old": AssignmentFactory(task=old, agency=snv, role=AssignmentRole.LEAD),
    }


def _rows(client, **params) -> list[int]:
    """The assignments shown on the page, in display order."""
    page = client.get(LIST, params)
    return [row.pk for row in page.context["page"].object_list]


def test_task_list_and_its_exports_send_anonymous_visitors_to_login(client):
    for url in (LIST, reverse("tasks:task_export", args=["csv"]), reverse("tasks:task_export", args=["xlsx"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("make_user", [staff_of, reviewer_of, lambda agency: leader()])
def test_every_logged_in_role_sees_the_task_list(client, make_user, seed):
    client.force_login(make_user(AgencyFactory()))
    assert "Quán triệt Nghị quyết" in page_text(client.get(LIST, {"agency": ""}))  # staff open on their own


def test_each_row_shows_code_title_plan_agency_role_timing_and_status(reader_client, seed):
    text = page_text(reader_client.get(LIST, {"agency": seed["ba_tri"].pk}))
    assert (
        "II.1.a Quán triệt Nghị quyết Kế hoạch ngày 30/11/2018 UBND huyện Ba Tri Thực hiện "
        "trong quý IV năm 2018 hạn 31/12/2018 Đang thực hiện quá hạn"
    ) in text
    assert "1 phân công" in text


def test_rows_default_to_newest_plan_first_then_plan_order(reader_client, seed):
    expected = ["ba_tri_quarter", "stttt_press", "snv_press", "snv_talent", "snv_old"]
    assert _rows(reader_client) == [seed[key].pk for key in expected]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda s: {"plan": s["first"].pk}, ["snv_old"]),
        (lambda s: {"agency": s["snv"].pk}, ["snv_press", "snv_talent", "snv_old"]),
        (lambda s: {"role": "coordinating"}, ["snv_press"]),
        (lambda s: {"role": "implementing"}, ["ba_tri_quarter"]),
        (lambda s: {"timing_kind": "after_event"}, ["snv_talent"]),
        (lambda s: {"timing_kind": "unspecified"}, ["stttt_press", "snv_press"]),
        (lambda s: {"status": "waiting_trigger"}, ["snv_talent"]),
        (lambda s: {"status": "in_progress_overdue"}, ["ba_tri_quarter"]),
        # Coordinating agencies report nothing, so a status never matches them.
        (lambda s: {"status": "no_deadline"}, ["stttt_press"]),
        (lambda s: {"q": "II.2"}, ["snv_talent"]),
        (lambda s: {"q": "nhân tài"}, ["snv_talent"]),
        (lambda s: {"q": "báo chí"}, ["stttt_press", "snv_press"]),
        (lambda s: {"q": "báo chí", "agency": s["snv"].pk}, ["snv_press"]),
        (lambda s: {"q": "không có gì như vậy"}, []),
    ],
)
def test_each_filter_narrows_the_rows(reader_client, seed, params, expected):
    assert _rows(reader_client, **params(seed)) == [seed[key].pk for key in expected]


def test_a_filter_matching_nothing_says_so(reader_client, seed):
    assert "Không có phân công nào khớp với bộ lọc." in page_text(reader_client.get(LIST, {"q": "zzz"}))


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("code", ["snv_old", "ba_tri_quarter", "stttt_press", "snv_press", "snv_talent"]),
        # Within one task the lead comes before coordinating agencies.
        ("-code", ["snv_talent", "stttt_press", "snv_press", "ba_tri_quarter", "snv_old"]),
        ("agency", ["snv_press", "snv_talent", "snv_old", "stttt_press", "ba_tri_quarter"]),
        ("status", ["ba_tri_quarter", "snv_old", "snv_talent", "stttt_press", "snv_press"]),
        ("-deadline", ["snv_old", "ba_tri_quarter", "stttt_press", "snv_press", "snv_talent"]),
    ],
)
def test_column_links_sort_the_rows(reader_client, seed, ordering, expected):
    seed["snv"].position, seed["stttt"].position, seed["ba_tri"].position = 1, 2, 3
    for agency in (seed["snv"], seed["stttt"], seed["ba_tri"]):
        agency.save()
    assert _rows(reader_client, o=ordering) == [seed[key].pk for key in expected]


def test_sorted_column_is_marked_and_its_link_reverses_the_order(reader_client, seed):
    html = reader_client.get(LIST, {"o": "code", "plan": seed["second"].pk}).content.decode()
    assert 'aria-sort="ascending"' in html
    assert f"?o=-code&amp;plan={seed['second'].pk}" in html


def test_list_is_paginated_by_fifty_keeping_the_filters(reader_client):
    plan = PlanFactory()
    for position in range(1, 61):
        AssignmentFactory(task=TaskFactory(plan=plan, position=position, code=f"T.{position:02d}"))
    first = reader_client.get(LIST, {"plan": plan.pk})
    assert len(first.context["page"].object_list) == 50
    assert "Trang 1/2" in page_text(first)
    assert f"?plan={plan.pk}&amp;page=2" in first.content.decode()
    second = reader_client.get(LIST, {"plan": plan.pk, "page": 2})
    assert [a.task.code for a in second.context["page"].object_list] == [f"T.{n}" for n in range(51, 61)]
    assert "60 phân công" in page_text(second)


def test_export_links_carry_the_filters_but_not_the_page(reader_client, seed):
    html = reader_client.get(LIST, {"role": "lead", "page": 1}).content.decode()
    assert f"{reverse('tasks:task_export', args=['csv'])}?role=lead" in html
    assert f"{reverse('tasks:task_export', args=['xlsx'])}?role=lead" in html


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_export_has_every_filtered_row_across_pages(reader_client, seed):
    response = reader_client.get(reverse("tasks:task_export", args=["csv"]), {"agency": seed["snv"].pk, "o": "code"})
    assert response["Content-Disposition"] == 'attachment; filename="nhiem-vu-20190301.csv"'
    rows = _csv(response)
    assert rows[0] == [
        "Kế hoạch",
        "Số hiệu",
        "Nhiệm vụ",
        "Cơ quan, đơn vị",
        "Vai trò",
        "Thời gian thực hiện",
        "Hạn đang áp dụng",
        "Tình trạng",
    ]
    assert rows[1] == [
        "Kế hoạch 4447/KH-UBND (24/09/2018)",
        "II.10",
        "Kế hoạch cũ",
        "Sở Nội vụ",
        "Chủ trì",
        "trong năm 2019",
        "31/12/2019",
        "Chưa thực hiện",
    ]
    assert rows[2][1:] == ["II.1.b", "Tuyên truyền", "Sở Nội vụ", "Phối hợp", "Không quy định", "", ""]
    assert rows[3][1:] == [
        "II.2.a",
        "Đề án thu hút nhân tài",
        "Sở Nội vụ",
        "Chủ trì",
        "sau khi có hướng dẫn của Trung ương",
        "",
        "Chờ điều kiện",
    ]
    assert len(rows) == 4


def test_csv_export_is_not_limited_to_one_page(reader_client):
    plan = PlanFactory()
    for position in range(1, 61):
        AssignmentFactory(task=TaskFactory(plan=plan, position=position, code=f"T.{position:02d}"))
    rows = _csv(reader_client.get(reverse("tasks:task_export", args=["csv"]), {"plan": plan.pk, "page": 2}))
    assert len(rows) == 61


def test_xlsx_export_holds_the_same_rows(reader_client, seed):
    response = reader_client.get(reverse("tasks:task_export", args=["xlsx"]), {"status": "in_progress_overdue"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Kế hoạch", "Số hiệu", "Nhiệm vụ"]
    assert values[1][1:6] == [
        "II.1.a",
        "Quán triệt Nghị quyết",
        "UBND huyện Ba Tri",
        "Thực hiện",
        "trong quý IV năm 2018",
    ]
    assert values[1][6].date() == dt.date(2018, 12, 31)
    assert values[1][7] == "Đang thực hiện quá hạn"
    assert len(values) == 2


def test_exports_neutralise_formulas_typed_into_task_titles(reader_client):
    AssignmentFactory(task=TaskFactory(code="II.9", title='=HYPERLINK("http://evil","bấm")'))
    csv_rows = _csv(reader_client.get(reverse("tasks:task_export", args=["csv"])))
    assert csv_rows[1][2] == '\'=HYPERLINK("http://evil","bấm")'
    sheet = load_workbook(io.BytesIO(reader_client.get(reverse("tasks:task_export", args=["xlsx"])).content)).active
    assert sheet["C2"].value == '\'=HYPERLINK("http://evil","bấm")'
    assert sheet["C2"].data_type == "s"


def test_unknown_export_format_is_not_found(reader_client):
    assert reader_client.get(reverse("tasks:task_export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("params", [{}, {"q": "Nhiệm vụ", "role": "implementing", "o": "-status", "page": 2}])
def test_task_list_query_count_does_not_grow_with_data(reader_client, django_assert_num_queries, scale, params):
    for _ in range(scale):
        build_plan()
    # Session, user, permissions, data version, plan, agency and retired-agency options, count, rows.
    with django_assert_num_queries(9):
        assert reader_client.get(LIST, params).status_code == 200
    # The options now come from the cache under the unchanged data version.
    with django_assert_num_queries(6):
        assert reader_client.get(LIST, params).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_data(reader_client, django_assert_num_queries, scale, fmt):
    for _ in range(scale):
        build_plan()
    # Session, user, permissions, rows.
    with django_assert_num_queries(4):
        response = reader_client.get(reverse("tasks:task_export", args=[fmt]))
        if fmt == "csv":
            b"".join(response.streaming_content)


def test_invalid_filter_values_are_explained_and_ignored(reader_client, seed):
    response = reader_client.get(LIST, {"plan": "abc", "status": "bogus", "o": "bogus", "page": "999"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Hãy chọn một lựa chọn hợp lệ. bogus không phải là một trong các lựa chọn khả thi." in text
    assert len(response.context["page"].object_list) == 5


def test_agency_staff_open_the_list_on_their_own_rows_and_can_see_every_agencys(client, seed):
    agency = Assignment.objects.order_by("pk").first().agency
    client.force_login(staff_of(agency))
    own = Assignment.objects.filter(agency=agency).count()
    response = client.get(LIST)
    assert response.context["page"].paginator.count == own < Assignment.objects.count()
    assert "Đang xem các nhiệm vụ của" in page_text(response)
    assert client.get(LIST, {"agency": ""}).context["page"].paginator.count == Assignment.objects.count()
    export = client.get(reverse("tasks:task_export", args=["csv"]))
    assert len(b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()) == own + 1
