"""The plan import pages: upload a document, correct what was read, save it or cancel."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency, AgencyKind
from tasks.importer import import_file
from tasks.models import Assignment, AssignmentRole, Plan, PlanImportDraft, Task
from tasks.plan_import.forms import header_initial, task_initial
from tasks.plan_import.proposal import (
    DocumentRef,
    PartyList,
    PartyMatch,
    PlanHeader,
    PlanProposal,
    ReportingProposal,
    TaskProposal,
    TimingProposal,
)
from tasks.timing import TimingKind
from tests.factories import AgencyFactory, AgencyGroupFactory, PlanFactory, UserFactory, leader, reviewer_of, staff_of
from tests.tasks.view_data import page_text as _page_text

pytestmark = pytest.mark.django_db

PLANS = Path(settings.BASE_DIR) / "tests" / "data" / "plans"
SEED_PLAN = PLANS / "bentre-2018-bo-sung-KH4447.md"
IMPORT_URL = reverse("tasks:plan_import")


def page_text(response) -> str:
    """The page's text as read: a link followed by a colon reads "II.2: ...", not "II.2 : ..."."""
    return _page_text(response).replace(" :", ":")


def administrator(**kwargs):
    return UserFactory(is_superuser=True, is_staff=True, agency=None, **kwargs)


@pytest.fixture
def admin():
    return administrator(username="quantri")


@pytest.fixture
def importer(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def bentre_registry():
    """The Bến Tre agencies and groups with the aliases the reader matches."""
    import_file(path=Path(settings.BASE_DIR) / "fixtures" / "agencies_bentre.json")


@pytest.fixture
def agencies():
    return {
        "UBND": AgencyFactory(
            name="Ủy ban nhân dân tỉnh", short_name="UBND tỉnh", code="UBND", kind=AgencyKind.PROVINCE
        ),
        "SNV": AgencyFactory(name="Sở Nội vụ", code="SNV"),
        "STTTT": AgencyFactory(name="Sở Thông tin và Truyền thông", short_name="Sở TT&TT", code="STTTT"),
        "SGDDT": AgencyFactory(name="Sở Giáo dục và Đào tạo", code="SGDDT"),
    }


def party(written: str, code: str = "") -> PartyMatch:
    return PartyMatch(written=written, agency=code, suggested_kind="" if code else AgencyKind.DEPARTMENT)


def task(code: str, title: str, **kwargs) -> TaskProposal:
    return TaskProposal(code=code, ref=code.rsplit(".", 1)[-1] + ".", title=title, full_text=f"{title}.", **kwargs)


def small_proposal() -> PlanProposal:
    """A plan as the reader would propose it: a heading, two tasks with parties and timings."""
    return PlanProposal(
        source_name="ke-hoach.md",
        header=PlanHeader(
            number="12/KH-UBND",
            issued_on=dt.date(2024, 3, 5),
            issuer=party("UBND tỉnh", "UBND"),
            title="Kế hoạch chuyển đổi số năm 2024",
            recipients=["- Sở, ban ngành tỉnh;", "- Lưu: VT."],
        ),
        reporting=ReportingProposal(
            text="định kỳ 6 tháng, năm", semiannual=True, annual=True, consolidator=party("Sở Nội vụ", "SNV")
        ),
        tasks=[
            TaskProposal(code="II", ref="II.", title="Nhiệm vụ", heading=True),
            task(
                "II.1",
                "Tuyên truyền chuyển đổi số",
                lead=PartyList([party("Sở Thông tin và Truyền thông", "STTTT")]),
                coordinating=PartyList([party("Sở Nội vụ", "SNV")], unnamed="các cơ quan, đơn vị liên quan"),
                timing=TimingProposal(text="trong năm 2024", kind=TimingKind.WITHIN_YEAR, due_on=dt.date(2024, 12, 31)),
            ),
            task(
                "II.2",
                "Đào tạo kỹ năng số",
                lead=PartyList([party("Sở Giáo dục và Đào tạo", "SGDDT")]),
                timing=TimingProposal(text="thường xuyên", kind=TimingKind.RECURRING),
            ),
        ],
    )


def draft_of(user, proposal: PlanProposal | None = None) -> PlanImportDraft:
    proposal = proposal or small_proposal()
    return PlanImportDraft.objects.create(
        uploaded_by=user, source_name=proposal.source_name, proposal=proposal.to_json()
    )


def page_url(draft: PlanImportDraft) -> str:
    return reverse("tasks:plan_import_draft", args=[draft.pk])


def _field_value(value) -> str | None:
    if value is True:
        return "on"
    if value is False or value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def form_data(draft: PlanImportDraft, *, action: str = "update", rows: dict[int, dict] | None = None, **header):
    """What the browser posts for the page as shown, with `header` and `rows` ({row: {field: value}}) typed over it."""
    draft.refresh_from_db()
    proposal = PlanProposal.from_json(draft.proposal)
    data = {"action": action, "revision": str(draft.revision)}
    for name, value in {**header_initial(proposal), **header}.items():
        if (posted := _field_value(value)) is not None:
            data[f"plan-{name}"] = posted
    tasks = [task_initial(item) for item in proposal.tasks]
    for index, changes in (rows or {}).items():
        tasks[index].update(changes)
    data.update({"tasks-TOTAL_FORMS": str(len(tasks)), "tasks-INITIAL_FORMS": str(len(tasks))})
    for index, values in enumerate(tasks):
        for name, value in values.items():
            if (posted := _field_value(value)) is not None:
                data[f"tasks-{index}-{name}"] = posted
    return data


def current(draft: PlanImportDraft) -> PlanProposal:
    draft.refresh_from_db()
    return PlanProposal.from_json(draft.proposal)


# ---- who may import ----------------------------------------------------------------------------


def test_import_pages_send_anonymous_visitors_to_login(client):
    draft = draft_of(administrator())
    for url in (IMPORT_URL, page_url(draft)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "make_user",
    [lambda: staff_of(AgencyFactory()), lambda: reviewer_of(AgencyFactory(code="SNV")), lambda: leader()],
    ids=["staff", "reviewer", "leader"],
)
def test_only_those_who_may_add_plans_open_the_import_pages(client, make_user):
    draft = draft_of(administrator())
    client.force_login(make_user())
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": "KẾ HOẠCH"}).status_code == 403
    assert client.get(page_url(draft)).status_code == 403
    assert client.post(page_url(draft), {"action": "cancel"}).status_code == 403
    assert PlanImportDraft.objects.filter(pk=draft.pk).exists()
    assert PlanImportDraft.objects.count() == 1


def test_a_user_granted_the_add_plan_permission_may_import_without_being_superuser(client):
    user = staff_of(AgencyFactory())
    user.user_permissions.add(Permission.objects.get(content_type__app_label="tasks", codename="add_plan"))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 200
    assert "Nhập kế hoạch" in page_text(client.get(reverse("tasks:plan_list")))


def test_the_menu_offers_import_to_administrators_only(client, importer):
    assert f'href="{IMPORT_URL}"' in importer.get(reverse("tasks:plan_list")).content.decode()
    client.force_login(reviewer_of(AgencyFactory(code="SNV")))
    assert f'href="{IMPORT_URL}"' not in client.get(reverse("tasks:plan_list")).content.decode()


def test_another_administrators_draft_is_not_found(importer, admin, agencies):
    draft = draft_of(administrator())
    assert importer.get(page_url(draft)).status_code == 404
    assert importer.post(page_url(draft), {"action": "cancel"}).status_code == 404
    assert PlanImportDraft.objects.filter(pk=draft.pk).exists()


# ---- upload ------------------------------------------------------------------------------------


def test_uploading_the_seed_plan_as_markdown_shows_its_task_tree(importer, bentre_registry):
    upload = SimpleUploadedFile(SEED_PLAN.name, SEED_PLAN.read_bytes(), content_type="text/markdown")

    response = importer.post(IMPORT_URL, {"document": upload})

    draft = PlanImportDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == page_url(draft)
    assert draft.source_name == SEED_PLAN.name
    text = page_text(importer.get(page_url(draft)))
    assert "Kiểm tra kế hoạch trước khi lưu" in text
    html = importer.get(page_url(draft)).content.decode()
    for code in ("II.1.a", "II.2.b.1", "II.4.7"):
        assert f'value="{code}"' in html
    assert "✓ Sở Thông tin và Truyền thông" in text  # the lead of II.1.b, as matched
    assert "Hiểu là: Sau khi có sự kiện" in text


def test_pasted_text_creates_a_draft_and_shows_its_tasks(importer, bentre_registry):
    response = importer.post(IMPORT_URL, {"text": SEED_PLAN.read_text(encoding="utf-8")}, follow=True)

    assert PlanImportDraft.objects.count() == 1
    assert 'value="II.2.c.2"' in response.content.decode()
    assert "Văn bản dán vào" in page_text(response)


def test_a_file_of_another_type_is_refused_in_vietnamese_and_nothing_is_created(importer):
    upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4", content_type="application/pdf")

    response = importer.post(IMPORT_URL, {"document": upload})

    assert response.status_code == 200
    assert "Chỉ nhận tệp .docx, .md hoặc .txt" in page_text(response)
    assert not PlanImportDraft.objects.exists()


def test_pasted_text_is_kept_when_the_upload_is_refused(importer):
    pasted = "KẾ HOẠCH\nI. MỤC ĐÍCH <b>đậm</b>"
    upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4", content_type="application/pdf")

    response = importer.post(IMPORT_URL, {"document": upload, "text": pasted})

    html = response.content.decode()
    assert "Chỉ nhận tệp .docx, .md hoặc .txt" in page_text(response)
    assert "I. MỤC ĐÍCH &lt;b&gt;đậm&lt;/b&gt;</textarea>" in html
    assert not PlanImportDraft.objects.exists()


def test_an_unreadable_word_file_gets_the_readers_message(importer):
    upload = SimpleUploadedFile("ke-hoach.docx", b"not a zip at all", content_type="application/octet-stream")

    response = importer.post(IMPORT_URL, {"document": upload})

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not PlanImportDraft.objects.exists()


def test_an_oversized_file_is_refused(importer):
    upload = SimpleUploadedFile("ke-hoach.txt", b"x" * (5 * 1024 * 1024 + 1), content_type="text/plain")

    response = importer.post(IMPORT_URL, {"document": upload})

    assert "Tệp quá lớn" in page_text(response)
    assert not PlanImportDraft.objects.exists()


def test_neither_file_nor_text_asks_for_one(importer):
    response = importer.post(IMPORT_URL, {"text": "   "})
    assert "Hãy chọn tệp kế hoạch hoặc dán nội dung kế hoạch." in page_text(response)


# ---- preview and save --------------------------------------------------------------------------


def test_preview_shows_matches_timings_and_what_needs_checking(importer, admin, agencies):
    proposal = small_proposal()
    proposal.tasks[2].coordinating = PartyList([party("Ban Chuyển đổi số tỉnh")])
    proposal.tasks[2].timing.flag = "Không hiểu “sớm nhất có thể”"
    proposal.flags = ["Chưa có số hiệu"]
    draft = draft_of(admin, proposal)

    response = importer.get(page_url(draft))

    text = page_text(response)
    assert "3 chỗ cần kiểm tra" in text
    assert "Kế hoạch: Chưa có số hiệu" in text
    assert "II.2: Không hiểu “sớm nhất có thể”" in text
    assert "Ban Chuyển đổi số tỉnh: Chưa có trong danh mục" in text
    assert "✓ Sở TT&TT" in text
    assert "Hiểu là: Trong năm, hạn 31/12/2024" in text
    assert 'class="import-row depth-1 needs-attention"' in response.content.decode()


def _summary_links(html: str) -> dict[str, list[str]]:
    """The "Cần kiểm tra" list at the top of the preview: each message with the anchors it links to."""
    summary = html[html.index('<section id="attention"') :]
    summary = summary[: summary.index("</section>")]
    items = re.findall(r"<li>(.*?)</li>", summary, re.DOTALL)
    return {unescape(item.rsplit("</a>: ", 1)[-1]): re.findall(r'href="#([^"]+)"', item) for item in items}


def _element(html: str, anchor: str) -> str:
    """The markup from the element with id `anchor` to the next element with an id of the same kind."""
    start = html.index(f'id="{anchor}"')
    kind = anchor.rsplit("-", 1)[0]
    end = html.find(f'id="{kind}-', start + 1)
    return html[start : end if end > 0 else None]


def test_every_flag_in_the_summary_links_to_the_row_or_part_where_it_is_fixed(importer, admin, agencies):
    proposal = small_proposal()
    proposal.flags = ["Chưa có số hiệu"]
    proposal.reporting.flag = "Không nêu kỳ báo cáo định kỳ"
    proposal.header.issuer = party("UBND huyện Mới")  # unknown, and named by no row
    proposal.tasks[1].flags = ["Chưa xác định được cơ quan chủ trì."]
    proposal.tasks[1].coordinating = PartyList([party("Ban Chuyển đổi số tỉnh")])
    proposal.tasks[2].coordinating = PartyList([party("Ban Chuyển đổi số tỉnh")])
    proposal.tasks[2].timing.flag = "Không hiểu “sớm”"

    html = importer.get(page_url(draft_of(admin, proposal))).content.decode()

    links = _summary_links(html)
    assert links == {
        "Chưa có số hiệu": ["header-title"],
        "Không nêu kỳ báo cáo định kỳ": ["reporting-title"],
        "Chưa xác định được cơ quan chủ trì.": ["row-1"],
        "Không hiểu “sớm”": ["row-2"],
        "“UBND huyện Mới” chưa có trong danh mục": ["new-agency-0"],
        "“Ban Chuyển đổi số tỉnh” chưa có trong danh mục": ["row-1", "row-2"],
    }
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert {anchor for anchors in links.values() for anchor in anchors} <= ids
    # Each linked row is the one that shows the flag or the name, marked as needing attention.
    assert "Chưa xác định được cơ quan chủ trì." in _element(html, "row-1")
    assert "Không hiểu “sớm”" in _element(html, "row-2")
    assert all("Ban Chuyển đổi số tỉnh" in _element(html, row) for row in ("row-1", "row-2"))
    assert all("needs-attention" in _element(html, row).split(">", 1)[0] for row in ("row-1", "row-2"))
    assert "UBND huyện Mới" in _element(html, "new-agency-0")


def test_editing_a_title_and_saving_creates_the_plan_exactly_as_shown(importer, admin, agencies):
    draft = draft_of(admin)

    response = importer.post(
        page_url(draft), form_data(draft, action="save", rows={1: {"title": "Tuyên truyền về chuyển đổi số"}})
    )

    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("tasks:plan_detail", args=[plan.pk])
    assert (plan.number, plan.issued_on, plan.issuer.code) == ("12/KH-UBND", dt.date(2024, 3, 5), "UBND")
    assert plan.consolidating_agency.code == "SNV"
    assert (plan.reports_semiannual, plan.reports_annual, plan.reports_quarterly) == (True, True, False)
    tasks = list(plan.tasks.order_by("position").values_list("code", "title", "is_heading", "parent__code"))
    assert tasks == [
        ("II", "Nhiệm vụ", True, None),
        ("II.1", "Tuyên truyền về chuyển đổi số", False, "II"),
        ("II.2", "Đào tạo kỹ năng số", False, "II"),
    ]
    first = Task.objects.get(plan=plan, code="II.1")
    assert (first.timing_kind, first.due_on, first.timing_text) == (
        TimingKind.WITHIN_YEAR,
        dt.date(2024, 12, 31),
        "trong năm 2024",
    )
    assert first.unnamed_parties == "các cơ quan, đơn vị liên quan"
    assignments = sorted(Assignment.objects.values_list("task__code", "agency__code", "role"))
    assert assignments == [
        ("II.1", "SNV", AssignmentRole.COORDINATING),
        ("II.1", "STTTT", AssignmentRole.LEAD),
        ("II.2", "SGDDT", AssignmentRole.LEAD),
    ]
    assert not PlanImportDraft.objects.exists()
    assert "Tuyên truyền về chuyển đổi số" in page_text(importer.get(response["Location"]))


def test_the_preview_row_shows_the_product_and_saving_keeps_it_as_edited(importer, admin, agencies):
    proposal = small_proposal()
    proposal.tasks[1].expected_output = "Bộ tài liệu tuyên truyền"
    draft = draft_of(admin, proposal)

    response = importer.get(page_url(draft))

    assert "Sản phẩm / kết quả" in page_text(response)
    assert "Bộ tài liệu tuyên truyền</textarea>" in response.content.decode()
    edited = {1: {"expected_output": "Bộ tài liệu và video tuyên truyền"}}
    importer.post(page_url(draft), form_data(draft, action="save", rows=edited))
    assert Task.objects.get(code="II.1").expected_output == "Bộ tài liệu và video tuyên truyền"


def test_cancelling_deletes_the_draft_and_creates_nothing(importer, admin, agencies):
    draft = draft_of(admin)
    counts = (Plan.objects.count(), Task.objects.count(), Agency.objects.count())

    response = importer.post(page_url(draft), {"action": "cancel"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("tasks:plan_list")
    assert "không có gì được tạo" in page_text(response)
    assert not PlanImportDraft.objects.exists()
    assert (Plan.objects.count(), Task.objects.count(), Agency.objects.count()) == counts


def test_an_unknown_agency_must_be_resolved_before_saving_and_edits_are_kept(importer, admin, agencies):
    proposal = small_proposal()
    proposal.tasks[2].coordinating = PartyList([party("Ban Chuyển đổi số tỉnh")])
    draft = draft_of(admin, proposal)

    response = importer.post(
        page_url(draft),
        form_data(draft, action="save", rows={2: {"title": "Đào tạo kỹ năng số cho cán bộ"}}),
        follow=True,
    )

    assert not Plan.objects.exists()
    text = page_text(response)
    assert "Chưa lưu kế hoạch" in text
    assert "Ban Chuyển đổi số tỉnh" in text
    assert 'value="Đào tạo kỹ năng số cho cán bộ"' in response.content.decode()
    assert current(draft).tasks[2].title == "Đào tạo kỹ năng số cho cán bộ"


def test_an_unknown_agency_ticked_for_creation_is_created_and_assigned(importer, admin, agencies):
    proposal = small_proposal()
    proposal.tasks[2].coordinating = PartyList([party("Ban Chuyển đổi số tỉnh")])
    draft = draft_of(admin, proposal)
    data = form_data(draft, action="save")
    data.update({"new-create_0": "on", "new-kind_0": AgencyKind.OTHER})

    response = importer.post(page_url(draft), data)

    assert response.status_code == 302, page_text(importer.get(page_url(draft)))
    created = Agency.objects.get(name="Ban Chuyển đổi số tỉnh")
    assert created.kind == AgencyKind.OTHER
    assert Assignment.objects.filter(agency=created, role=AssignmentRole.COORDINATING, task__code="II.2").exists()


def test_an_unknown_name_corrected_to_a_known_agency_is_matched_on_update(importer, admin, bentre_registry):
    proposal = small_proposal()
    proposal.header.issuer = party("Ủy ban nhân dân tỉnh", "UBND")
    proposal.reporting.consolidator = None
    proposal.tasks[1].lead = PartyList([party("Sở TTTT")])
    proposal.tasks[2].lead = PartyList([party("Sở Giáo dục và Đào tạo", "SGDDT")])
    proposal.tasks[1].coordinating = PartyList()
    draft = draft_of(admin, proposal)

    importer.post(page_url(draft), form_data(draft, rows={1: {"lead": "Sở Thông tin và Truyền thông"}}))

    lead = current(draft).tasks[1].lead.parties
    assert [(p.written, p.agency) for p in lead] == [("Sở Thông tin và Truyền thông", "STTTT")]


def test_a_rewritten_timing_is_parsed_again_and_saving_waits_for_a_look(importer, admin, agencies):
    draft = draft_of(admin)

    response = importer.post(
        page_url(draft),
        form_data(draft, action="save", rows={2: {"timing_text": "trong quý III năm 2024"}}),
        follow=True,
    )

    assert not Plan.objects.exists()
    assert "Hãy kiểm tra rồi bấm “Lưu kế hoạch” lần nữa" in page_text(response)
    timing = current(draft).tasks[2].timing
    assert (timing.kind, timing.due_on) == (TimingKind.BY_QUARTER, dt.date(2024, 9, 30))

    importer.post(page_url(draft), form_data(draft, action="save"))

    assert Task.objects.get(code="II.2").due_on == dt.date(2024, 9, 30)


def test_an_issuer_picked_from_the_list_replaces_the_match(importer, admin, agencies):
    draft = draft_of(admin)

    importer.post(page_url(draft), form_data(draft, issuer="SNV"))

    assert current(draft).header.issuer.agency == "SNV"


def test_supplemented_plan_on_the_portal_is_shown(importer, admin, agencies):
    parent = PlanFactory(number="4447/KH-UBND", issued_on=dt.date(2018, 9, 24), issuer=agencies["UBND"])
    proposal = small_proposal()
    proposal.header.supplements = [
        DocumentRef(text="Kế hoạch số 4447/KH-UBND ngày 24/9/2018", number="4447/KH-UBND", issued_on=parent.issued_on)
    ]
    proposal.header.implements = [DocumentRef(text="Chỉ thị số 13/CT-TTg ngày 02/5/2024", number="13/CT-TTg")]
    draft = draft_of(admin, proposal)

    html = importer.get(page_url(draft)).content.decode()

    assert reverse("tasks:plan_detail", args=[parent.pk]) in html
    assert "Văn bản số 13/CT-TTg chưa có trên cổng" in html  # a directive is a document, not a plan


@pytest.mark.parametrize(
    ("action", "codes"),
    [
        ("delete-1", ["II", "II.2"]),
        ("merge-2", ["II", "II.1"]),
        ("split-1", ["II", "II.1", "II.1-2", "II.2"]),
        ("add-2", ["II", "II.1", "II.2", "II.2-2"]),
    ],
)
def test_row_operations_apply_after_the_edits_on_the_page(importer, admin, agencies, action, codes):
    draft = draft_of(admin)

    response = importer.post(page_url(draft), form_data(draft, action=action, rows={0: {"title": "NHIỆM VỤ"}}))

    assert response.status_code == 302
    proposal = current(draft)
    assert [item.code for item in proposal.tasks] == codes
    assert proposal.tasks[0].title == "NHIỆM VỤ"


def test_merging_a_row_unites_its_text_and_parties_with_the_row_above(importer, admin, agencies):
    draft = draft_of(admin)

    importer.post(page_url(draft), form_data(draft, action="merge-2"))

    merged = current(draft).tasks[1]
    assert merged.full_text == "Tuyên truyền chuyển đổi số.\nĐào tạo kỹ năng số."
    assert [p.agency for p in merged.lead.parties] == ["STTTT", "SGDDT"]


def test_a_page_left_open_elsewhere_cannot_overwrite_newer_edits(importer, admin, agencies):
    draft = draft_of(admin)
    stale = form_data(draft, rows={1: {"title": "Bản cũ"}})
    importer.post(page_url(draft), form_data(draft, rows={1: {"title": "Bản mới"}}))

    response = importer.post(page_url(draft), stale, follow=True)

    assert "đã được sửa ở một cửa sổ khác" in page_text(response)
    assert current(draft).tasks[1].title == "Bản mới"


def test_invalid_input_is_shown_with_what_was_typed(importer, admin, agencies):
    draft = draft_of(admin)

    response = importer.post(
        page_url(draft), form_data(draft, action="save", rows={2: {"code": "II.1", "title": "Tên đã sửa"}})
    )

    assert response.status_code == 200
    assert "Số hiệu II.1 trùng với dòng 2." in page_text(response)
    assert 'value="Tên đã sửa"' in response.content.decode()
    assert not Plan.objects.exists()
    assert current(draft).tasks[2].title == "Đào tạo kỹ năng số"


def test_the_preview_of_a_thirty_task_plan_runs_a_bounded_number_of_queries(
    importer, admin, agencies, django_assert_max_num_queries
):
    group = AgencyGroupFactory(name="Các sở, ban, ngành tỉnh", code="so-ban-nganh")
    proposal = small_proposal()
    proposal.tasks = [TaskProposal(code="II", ref="II.", title="Nhiệm vụ", heading=True)] + [
        task(
            f"II.{number}",
            f"Nhiệm vụ số {number}",
            lead=PartyList([party("Sở Nội vụ", "SNV")]),
            implementing=PartyList([PartyMatch(written=group.name, group=group.code), party(f"Ban số {number}")]),
            timing=TimingProposal(text="trong năm 2024", kind=TimingKind.WITHIN_YEAR, due_on=dt.date(2024, 12, 31)),
        )
        for number in range(1, 31)
    ]
    proposal.header.supplements = [DocumentRef(text="Kế hoạch số 1/KH-UBND", number="1/KH-UBND")]
    draft = draft_of(admin, proposal)
    importer.get(page_url(draft))  # the session and the user are loaded once

    with django_assert_max_num_queries(8):
        response = importer.get(page_url(draft))

    assert response.status_code == 200
    assert "Ban số 30: Chưa có trong danh mục" in page_text(response)


def test_members_of_the_administrator_role_import_plans_and_keep_aliases(client):
    user = UserFactory(agency=None, is_staff=True, role="administrator")
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 200
    assert client.get(reverse("admin:agencies_agencyalias_add")).status_code == 200


def test_an_unexpected_reader_fault_is_shown_as_a_message_not_a_server_error(importer, monkeypatch, caplog):
    def broken_reader(**kwargs):
        raise AttributeError("'NoneType' object has no attribute 'group'")

    monkeypatch.setattr("tasks.plan_import.extract.prose.section_tasks", broken_reader)

    response = importer.post(IMPORT_URL, {"text": SEED_PLAN.read_text(encoding="utf-8")})

    assert response.status_code == 200
    assert "Cổng chưa đọc được văn bản này do một lỗi của chương trình" in page_text(response)
    assert not PlanImportDraft.objects.exists()
    assert "Plan reader failed" in caplog.text
