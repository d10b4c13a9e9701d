"""The preview puts doubt first (issue 19): the rows the portal is least sure of are listed first with
their reasons; one click drops a row that is no task or merges it with the row above; ticked rows get
one lead agency or one timing at once. Every button keeps what was typed elsewhere on the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import AgencyKind
from tasks.plan_import.proposal import PartyList, PlanProposal, Source, TimingProposal
from tasks.timing import TimingKind
from tests.factories import AgencyFactory, AgencyGroupFactory, staff_of
from tests.tasks.test_import_views import (
    administrator,
    current,
    draft_of,
    form_data,
    page_text,
    page_url,
    party,
    small_proposal,
    task,
)

pytestmark = pytest.mark.django_db
QUARTER = TimingProposal(text="Quý II/2026", kind=TimingKind.BY_QUARTER, due_on=dt.date(2026, 6, 30))
NO_LEAD_FLAG = "Chưa xác định được cơ quan chủ trì hoặc thực hiện."


def doubtful_proposal(extra: int = 0) -> PlanProposal:
    """small_proposal (a heading and two sure rows) and three rows in doubt: a target, a row with no
    lead nor timing, and a row led by a name the registry does not know."""
    proposal = small_proposal()
    proposal.tasks += [
        task(
            "II.3",
            "Đến năm 2030, phấn đấu 100% hồ sơ được số hóa",
            lead=PartyList([party("Sở Nội vụ", "SNV")]),
            timing=QUARTER,
        ),
        task("II.4", "Rà soát quy trình nội bộ của các cơ quan", flags=[NO_LEAD_FLAG]),
        task(
            "II.5",
            "Ban Dân vận tỉnh tuyên truyền chuyển đổi số",
            lead=PartyList([party("Ban Dân vận tỉnh")]),
            timing=QUARTER,
        ),
    ]
    proposal.tasks += [
        task(f"II.{number}", f"Nhiệm vụ thêm số {number} của kế hoạch", timing=QUARTER)
        for number in range(6, 6 + extra)
    ]
    return proposal


@pytest.fixture
def admin():
    return administrator(username="quantri")


@pytest.fixture
def importer(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def agencies():
    """The agencies small_proposal names."""
    AgencyFactory(name="Ủy ban nhân dân tỉnh", short_name="UBND tỉnh", code="UBND", kind=AgencyKind.PROVINCE)
    AgencyFactory(name="Sở Nội vụ", code="SNV")
    AgencyFactory(name="Sở Thông tin và Truyền thông", short_name="Sở TT&TT", code="STTTT")
    AgencyFactory(name="Sở Giáo dục và Đào tạo", code="SGDDT")


@pytest.fixture
def draft(admin, agencies):
    return draft_of(admin, doubtful_proposal())


def doubt_section(html: str) -> str:
    return html.split('id="doubt-list"', 1)[1].split('id="bulk"', 1)[0]


def bulk_post(draft, action: str, selected: list[int], *, rows=None, **values) -> dict:
    data = form_data(draft, action=action, rows=rows)
    data["bulk-selected"] = [str(index) for index in selected]
    data.update({f"bulk-{name}": value for name, value in values.items()})
    return data


# ---- the list of rows to check --------------------------------------------------------------------


def test_rows_in_doubt_come_first_least_sure_first_with_their_reasons_and_the_table_keeps_document_order(
    importer, draft
):
    response = importer.get(page_url(draft))

    html = response.content.decode()
    section = doubt_section(html)
    assert re.findall(r'id="doubt-(\d+)"', section) == ["3", "4", "5"]  # two low rows, then the medium one
    text = page_text(response)
    assert "Cần xem lại (3)" in text
    assert "3 dòng cần xem lại" in text
    assert "Nội dung giống một mục tiêu, chỉ tiêu hơn là một việc phải làm." in text
    assert "Chưa rõ cơ quan chủ trì hay thực hiện." in text
    assert "Không thấy thời gian thực hiện." in text
    assert "“Ban Dân vận tỉnh” chưa có trong danh mục cơ quan." in text
    assert "Độ tin cậy: thấp" in text and "Độ tin cậy: trung bình" in text
    assert "1 dòng chỉ cần xem lại vì tên cơ quan chưa có trong danh mục" in text
    # Sure rows are not in the list, and the full table still shows every row in the document's order.
    assert "doubt-1" not in section and "doubt-2" not in section
    assert re.findall(r'id="row-(\d+)"', html) == ["0", "1", "2", "3", "4", "5"]
    assert html.index('id="doubt-list"') < html.index('id="header-title"'), "the doubts open the page"


def test_each_row_in_doubt_offers_named_one_click_fixes(importer, draft):
    section = doubt_section(importer.get(page_url(draft)).content.decode())

    assert 'value="drop-4" class="row-op danger-outline" aria-label="Không phải nhiệm vụ: bỏ dòng II.4"' in section
    assert 'value="join-4" class="row-op" aria-label="Gộp với dòng trên: dòng II.4 vào dòng II.3"' in section
    assert '<label for="doubt-select-4">' in section


def test_the_words_a_row_was_read_from_are_shown_with_it(importer, admin, agencies):
    proposal = doubtful_proposal()
    proposal.tasks[5].with_evidence("lead", "Ban Dân vận tỉnh tuyên truyền chuyển đổi số", Source.SENTENCE)
    proposal.tasks[5].with_evidence("timing", "Thời gian: Quý II/2026", Source.COLUMN)

    text = page_text(importer.get(page_url(draft_of(admin, proposal))))

    assert "Cơ quan theo chủ ngữ của câu: “Ban Dân vận tỉnh tuyên truyền chuyển đổi số”" in text
    assert "Thời gian theo cột của bảng: “Thời gian: Quý II/2026”" in text


def test_a_plan_with_nothing_in_doubt_says_so(importer, admin, agencies):
    text = page_text(importer.get(page_url(draft_of(admin, small_proposal()))))

    assert "Cần xem lại (0)" in text
    assert "Không có dòng nào cần xem lại." in text


# ---- one-click fixes ------------------------------------------------------------------------------


def test_not_a_task_drops_the_row_and_keeps_the_other_edits_on_the_page(importer, draft):
    response = importer.post(page_url(draft), form_data(draft, action="drop-4", rows={1: {"title": "Tên đã sửa"}}))

    assert response.status_code == 302 and response.url.endswith("#doubt-list")
    proposal = current(draft)
    assert [item.code for item in proposal.tasks] == ["II", "II.1", "II.2", "II.3", "II.5"]
    assert proposal.tasks[1].title == "Tên đã sửa"
    assert "Đã bỏ dòng II.4: không phải nhiệm vụ." in page_text(importer.get(response.url))


def test_merge_with_the_row_above_folds_the_row_in_and_keeps_the_other_edits(importer, draft):
    response = importer.post(page_url(draft), form_data(draft, action="join-5", rows={2: {"title": "Đào tạo (sửa)"}}))

    proposal = current(draft)
    assert [item.code for item in proposal.tasks] == ["II", "II.1", "II.2", "II.3", "II.4"]
    assert proposal.tasks[4].full_text == (
        "Rà soát quy trình nội bộ của các cơ quan.\nBan Dân vận tỉnh tuyên truyền chuyển đổi số."
    )
    assert proposal.tasks[2].title == "Đào tạo (sửa)"
    assert "Đã gộp dòng II.5 vào dòng trên." in page_text(importer.get(response.url))


def test_a_one_click_fix_on_a_row_that_is_gone_changes_nothing_and_says_so(importer, draft):
    response = importer.post(page_url(draft), form_data(draft, action="drop-40"), follow=True)

    assert "Không thực hiện được thao tác trên dòng này." in page_text(response)
    assert len(current(draft).tasks) == 6


# ---- bulk: one lead for several rows --------------------------------------------------------------


def test_ticked_rows_get_the_lead_typed_and_lose_their_doubt_and_other_edits_are_kept(importer, draft):
    response = importer.post(
        page_url(draft),
        bulk_post(draft, "bulk-lead", [4, 5], rows={1: {"title": "Tên đã sửa"}}, bulk_lead="Sở Nội vụ"),
    )

    assert response.status_code == 302 and response.url.endswith("#bulk")
    proposal = current(draft)
    for index in (4, 5):
        assert [(p.written, p.agency) for p in proposal.tasks[index].lead.parties] == [("Sở Nội vụ", "SNV")]
        assert proposal.tasks[index].evidence_for("lead").source == Source.USER
    assert NO_LEAD_FLAG not in proposal.tasks[4].flags
    assert proposal.tasks[1].title == "Tên đã sửa"
    assert proposal.tasks[3].lead.parties[0].agency == "SNV"  # an unticked row is left as it was
    page = importer.get(response.url)
    text = page_text(page)
    assert "Đã đặt “Sở Nội vụ” làm cơ quan chủ trì cho 2 dòng." in text
    assert "Chủ trì do bạn đặt: “Sở Nội vụ”" in text
    assert "“Ban Dân vận tỉnh” chưa có trong danh mục cơ quan." not in text
    assert "Chưa rõ cơ quan chủ trì hay thực hiện." not in text
    assert "Không thấy thời gian thực hiện." in text, "what the lead did not settle is still said"


def test_the_lead_may_be_typed_as_its_short_name_and_is_kept_under_its_registry_name(importer, draft):
    importer.post(page_url(draft), bulk_post(draft, "bulk-lead", [4], bulk_lead="Sở TT&TT"))

    lead = current(draft).tasks[4].lead.parties
    assert [(p.written, p.agency) for p in lead] == [("Sở Thông tin và Truyền thông", "STTTT")]


def test_bulk_lead_with_no_row_ticked_asks_for_one_and_keeps_what_was_typed(importer, draft):
    response = importer.post(
        page_url(draft), bulk_post(draft, "bulk-lead", [], rows={1: {"title": "Tên đã sửa"}}, bulk_lead="Sở Nội vụ")
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "Hãy đánh dấu ít nhất một dòng trước khi sửa nhiều dòng cùng lúc." in text
    assert "Chưa sửa được nhiều dòng" in text
    html = response.content.decode()
    assert 'name="bulk-bulk_lead" value="Sở Nội vụ"' in html
    assert 'value="Tên đã sửa"' in html
    assert current(draft).tasks[1].title == "Tên đã sửa", "the edits on the page are kept in the draft"
    assert not current(draft).tasks[4].lead.parties


def test_bulk_lead_with_an_unknown_agency_is_refused_and_the_rows_stay_ticked(importer, draft):
    response = importer.post(page_url(draft), bulk_post(draft, "bulk-lead", [4, 5], bulk_lead="Sở Không Có Thật"))

    assert response.status_code == 200
    assert "“Sở Không Có Thật” không có trong danh mục cơ quan; hãy chọn một tên trong danh sách gợi ý." in page_text(
        response
    )
    html = response.content.decode()
    assert 'value="4" id="doubt-select-4" checked' in html and 'value="5" id="select-5" checked' in html
    assert 'value="3" id="doubt-select-3" checked' not in html
    assert not current(draft).tasks[4].lead.parties


def test_bulk_lead_with_a_group_of_agencies_is_refused(importer, draft):
    AgencyGroupFactory(name="Các sở, ban, ngành tỉnh", code="so-ban-nganh")

    response = importer.post(page_url(draft), bulk_post(draft, "bulk-lead", [4], bulk_lead="Các sở, ban, ngành tỉnh"))

    assert "là một nhóm cơ quan; cơ quan chủ trì phải là một cơ quan trong danh mục." in page_text(response)
    assert not current(draft).tasks[4].lead.parties


def test_bulk_lead_with_the_name_left_empty_asks_for_it(importer, draft):
    response = importer.post(page_url(draft), bulk_post(draft, "bulk-lead", [4], bulk_lead="  "))

    assert "Hãy nhập tên cơ quan chủ trì để đặt cho các dòng đã chọn." in page_text(response)


def test_rows_ticked_on_a_page_older_than_the_draft_are_refused(importer, draft):
    response = importer.post(page_url(draft), bulk_post(draft, "bulk-lead", [4, 99], bulk_lead="Sở Nội vụ"))

    assert "Danh sách dòng đã chọn không còn khớp với bản nháp; hãy chọn lại." in page_text(response)
    assert not current(draft).tasks[4].lead.parties


def test_a_row_ticked_in_both_the_list_and_the_table_counts_once(importer, draft):
    response = importer.post(page_url(draft), bulk_post(draft, "bulk-lead", [4, 4], bulk_lead="Sở Nội vụ"), follow=True)

    assert "cho 1 dòng." in page_text(response)


# ---- bulk: one timing for several rows ------------------------------------------------------------


def test_ticked_rows_get_the_timing_typed_read_as_any_timing_and_other_edits_are_kept(importer, draft):
    response = importer.post(
        page_url(draft),
        bulk_post(draft, "bulk-timing", [4, 5], rows={2: {"title": "Đào tạo (sửa)"}}, bulk_timing="Quý III/2026"),
    )

    proposal = current(draft)
    for index in (4, 5):
        timing = proposal.tasks[index].timing
        assert (timing.text, timing.kind, timing.due_on) == (
            "Quý III/2026",
            TimingKind.BY_QUARTER,
            dt.date(2026, 9, 30),
        )
    assert proposal.tasks[3].timing == QUARTER
    assert proposal.tasks[2].title == "Đào tạo (sửa)"
    text = page_text(importer.get(response.url))
    assert "Đã đặt thời gian “Quý III/2026” cho 2 dòng." in text
    assert "Thời gian do bạn đặt: “Quý III/2026”" in text


def test_a_bulk_timing_the_portal_cannot_read_is_refused_with_the_reason_and_kept_to_correct(importer, draft):
    response = importer.post(page_url(draft), bulk_post(draft, "bulk-timing", [4], bulk_timing="Quý V/2026"))

    assert response.status_code == 200
    assert "Không có “quý V”: một năm có quý I đến quý IV." in page_text(response)
    assert 'name="bulk-bulk_timing" value="Quý V/2026"' in response.content.decode()
    assert current(draft).tasks[4].timing == TimingProposal()


def test_bulk_timing_left_empty_or_with_no_row_asks_for_what_is_missing(importer, draft):
    response = importer.post(page_url(draft), bulk_post(draft, "bulk-timing", [], bulk_timing=""))

    text = page_text(response)
    assert "Hãy nhập thời gian để đặt cho các dòng đã chọn." in text
    assert "Hãy đánh dấu ít nhất một dòng" in text


# ---- who may, and how much it costs ---------------------------------------------------------------


def test_another_administrator_cannot_bulk_edit_a_draft(client, draft):
    client.force_login(administrator(username="quantri2"))

    response = client.post(page_url(draft), bulk_post(draft, "bulk-lead", [4], bulk_lead="Sở Nội vụ"))

    assert response.status_code == 404
    assert not current(draft).tasks[4].lead.parties


def test_a_user_who_may_not_import_cannot_bulk_edit(client, draft):
    client.force_login(staff_of(AgencyFactory(code="STAFF")))

    response = client.post(page_url(draft), bulk_post(draft, "drop-4", []))

    assert response.status_code == 403
    assert len(current(draft).tasks) == 6


def test_the_preview_with_rows_in_doubt_runs_the_same_queries_for_5_or_60_rows(importer, admin, agencies):
    counts = []
    for extra in (0, 55):
        draft = draft_of(admin, doubtful_proposal(extra))
        importer.get(page_url(draft))
        with CaptureQueriesContext(connection) as queries:
            response = importer.get(page_url(draft))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 8
