"""No input ends import_plan or the upload page in a traceback, and a refused file saves nothing (issue 14)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from io import StringIO
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from agencies.models import Agency, AgencyGroup
from tasks.importer import import_file
from tasks.models import Assignment, Plan, PlanImportDraft, Task
from tasks.plan_import.proposal import PartyList
from tasks.plan_import.saving import save_proposal
from tests.factories import AgencyFactory
from tests.tasks.plan_documents import SEED_TEXT
from tests.tasks.test_import_views import (
    IMPORT_URL,
    administrator,
    draft_of,
    form_data,
    page_text,
    page_url,
    party,
    small_proposal,
)

pytestmark = pytest.mark.django_db
BASE = Path(settings.BASE_DIR)
NEW_SHAPES = BASE / "tests/data/registry/agencies_new_plan_shapes.json"
BTNMT = BASE / "fixtures/plans/btnmt-2024-KH09-tin-chi-cac-bon.json"


def run(*args) -> str:
    out = StringIO()
    call_command("import_plan", *map(str, args), stdout=out)
    return out.getvalue()


def stored_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Agency, AgencyGroup, Plan, Task, Assignment))


@pytest.fixture
def bentre_agencies():
    import_file(path=BASE / "fixtures/agencies_bentre.json")


# ---- two files naming one agency -----------------------------------------------------------


@pytest.mark.parametrize("files", [(NEW_SHAPES, BTNMT), (BTNMT, NEW_SHAPES)], ids=["registry-first", "plan-first"])
def test_two_files_naming_the_same_agency_under_two_codes_import_as_one_agency(bentre_agencies, files):
    first, second = run(files[0]), run(files[1])

    legal = Agency.objects.get(name="Vụ Pháp chế")  # VPCPL in one file, VPC-BTNMT in the other
    assert legal.code == ("VPCPL" if files[0] == NEW_SHAPES else "VPC-BTNMT")
    assert "cơ quan: thêm" in first and "cơ quan: thêm" in second
    coordinating = Assignment.objects.filter(task__plan__number="09/KH-BTNMT", task__code="PL.1", role="coordinating")
    assert list(coordinating.values_list("agency__name", flat=True)) == ["Vụ Pháp chế"]
    assert Agency.objects.filter(name="Vụ Kế hoạch - Tài chính").count() == 1


def test_importing_both_files_again_creates_nothing_and_ends_as_it_was(bentre_agencies):
    run(NEW_SHAPES, BTNMT)
    before = stored_counts(), sorted(Agency.objects.values_list("code", "name", "parent__code"))

    output = run(NEW_SHAPES, BTNMT)

    assert (stored_counts(), sorted(Agency.objects.values_list("code", "name", "parent__code"))) == before
    assert all(": cơ quan: thêm 0," in line for line in output.splitlines())
    assert "kế hoạch: thêm 0, cập nhật 0; nhiệm vụ: thêm 0, cập nhật 0; phân công: thêm 0, cập nhật 0" in output


def test_a_code_and_a_name_of_two_different_agencies_are_refused_whole_naming_both(tmp_path):
    AgencyFactory(code="STP", name="Sở Tư pháp")
    AgencyFactory(code="SNV", name="Sở Nội vụ")
    path = tmp_path / "registry.json"
    agencies = [{"code": "SMOI", "name": "Sở Mới", "kind": "department"}, {"code": "SNV", "name": "Sở Tư pháp"}]
    path.write_text(json.dumps({"agencies": agencies}), encoding="utf-8")
    before = stored_counts()

    with pytest.raises(CommandError) as refused:
        run(path)

    message = str(refused.value)
    assert str(path) in message and "Cơ quan SNV" in message and "“Sở Tư pháp”" in message and "mã STP" in message
    assert stored_counts() == before  # "Sở Mới", listed first, was not kept either
    assert Agency.objects.get(code="SNV").name == "Sở Nội vụ"


# ---- any input to the command ----------------------------------------------------------------


def docx_bytes(broken_part: str = "") -> bytes:
    """A real .docx, or one whose `broken_part` is cut in half (a damaged download)."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.save(buffer)
    source, damaged = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name == broken_part else data)
    return damaged.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    return buffer.getvalue()


def as_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


AGENCY = {"code": "SMOI", "name": "Sở Mới", "kind": "department"}
PLAN = {"number": "1/KH", "issued_on": "2026-01-05", "issuer": "SMOI", "title": "Kế hoạch"}

BAD_INPUTS = [
    # (file name, content; None: no such file, "dir": a directory), words the message must hold
    ("missing.json", None, "không có tệp này"),
    ("missing.docx", None, "không có tệp này"),
    ("folder.json", "dir", "thư mục"),
    ("folder.docx", "dir", "thư mục"),
    ("empty.json", b"", "tệp rỗng"),
    ("blank.json", b"  \n", "tệp rỗng"),
    ("broken.json", b'{"agencies": [', "không phải JSON hợp lệ (dòng 1, cột 15)"),
    ("utf16.json", '{"agencies": []}'.encode("utf-16"), "UTF-8"),
    ("list.json", b"[1, 2]", "phải là một đối tượng JSON"),
    ("text.json", b'"agencies"', "phải là một đối tượng JSON"),
    ("agencies-text.json", as_json({"agencies": "SNV"}), "agencies: phải là một danh sách"),
    ("agency-number.json", as_json({"agencies": [7]}), "agencies[0]: phải là một đối tượng"),
    ("agency-no-code.json", as_json({"agencies": [{"name": "Sở Mới"}]}), "agencies[0]: thiếu “code”"),
    ("agency-no-name.json", as_json({"agencies": [{"code": "SMOI"}]}), "phải có “name”"),
    ("agency-code-number.json", as_json({"agencies": [{"code": 12, "name": "Sở"}]}), "agencies[0].code"),
    ("agency-bad-kind.json", as_json({"agencies": [{**AGENCY, "kind": "ministry"}]}), "Cơ quan SMOI: loại"),
    ("agency-long-name.json", as_json({"agencies": [{**AGENCY, "name": "S" * 300}]}), "Cơ quan SMOI: tên"),
    ("agency-bad-code.json", as_json({"agencies": [{**AGENCY, "code": "SỞ MỚI"}]}), "mã"),
    ("agency-aliases.json", as_json({"agencies": [{**AGENCY, "aliases": "Sở"}]}), "danh sách chuỗi ký tự"),
    ("group-no-name.json", as_json({"groups": [{"code": "g"}]}), "groups[0]: thiếu “name”"),
    (
        "group-unknown-member.json",
        as_json({"agencies": [AGENCY], "groups": [{"code": "g", "name": "Nhóm", "members": ["NOPE"]}]}),
        "không có cơ quan mã NOPE",
    ),
    ("plan-no-date.json", as_json({"plans": [{"issuer": "SMOI"}]}), "plans[0]: thiếu “issued_on”"),
    ("plan-date-number.json", as_json({"plans": [{**PLAN, "issued_on": 20260105}]}), "plans[0].issued_on"),
    (
        "plan-bad-date.json",
        as_json({"agencies": [AGENCY], "plans": [{**PLAN, "issued_on": "5/1/2026"}]}),
        "không phải ngày",
    ),
    ("plan-unknown-issuer.json", as_json({"plans": [{**PLAN, "issuer": "NOPE"}]}), "không có cơ quan mã NOPE"),
    ("plan-tasks-object.json", as_json({"plans": [{**PLAN, "tasks": {"code": "1"}}]}), "plans[0].tasks: phải là"),
    (
        "task-no-title.json",
        as_json({"agencies": [AGENCY], "plans": [{**PLAN, "tasks": [{"code": "1"}]}]}),
        "plans[0].tasks[0]: thiếu “title”",
    ),
    (
        "task-heading-text.json",
        as_json({"plans": [{**PLAN, "tasks": [{"code": "1", "title": "a", "children": [{"code": "1.1"}]}]}]}),
        "plans[0].tasks[0].children[0]: thiếu “title”",
    ),
    (
        "task-lead-text.json",
        as_json({"plans": [{**PLAN, "tasks": [{"code": "1", "title": "a", "lead": "SMOI"}]}]}),
        "plans[0].tasks[0].lead: phải là một danh sách chuỗi ký tự",
    ),
    (
        "task-timing-kind.json",
        as_json({"agencies": [AGENCY], "plans": [{**PLAN, "tasks": [{"code": "1", "title": "a", "timing": {}}]}]}),
        "timing: thiếu “kind”",
    ),
    ("fake.docx", b"PK not really a zip", "Không mở được tệp .docx"),
    ("old-word.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "Không mở được tệp .docx"),
    ("empty.docx", b"", "Không mở được tệp .docx"),
    ("archive.docx", zip_bytes(), "Không mở được tệp .docx"),
    ("damaged.docx", docx_bytes(broken_part="word/document.xml"), "Không mở được tệp .docx"),
    ("plan.pdf", b"%PDF-1.4 not really", "Chỉ nhận tệp .docx, .md hoặc .txt"),
    ("latin1.md", "KẾ HOẠCH Sở Nội vụ".encode("cp1258", errors="replace") + b"\xff", "UTF-8"),
    ("utf16.txt", "KẾ HOẠCH".encode("utf-16"), "UTF-8"),
    ("utf16-no-mark.txt", "PLAN".encode("utf-16-le"), "UTF-16"),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_the_command_refuses_bad_input_with_a_clear_message_and_saves_nothing(tmp_path, name, content, expected):
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    before = stored_counts()

    with pytest.raises(CommandError) as refused:
        run(path)

    assert expected in str(refused.value)
    assert str(refused.value).startswith(f"{path}: ")
    assert stored_counts() == before


def test_importing_the_same_plan_document_twice_is_refused_the_second_time():
    call_command("load_seed_plan", verbosity=0)
    Plan.objects.filter(number="", issued_on=dt.date(2018, 11, 30)).delete()  # the seed plan's document follows
    assert "Đã lưu" in run(SEED_TEXT)
    before = stored_counts()

    with pytest.raises(CommandError) as refused:
        run(SEED_TEXT)

    assert "đã có trong cổng" in str(refused.value)
    assert stored_counts() == before


# ---- the upload page -------------------------------------------------------------------------

UPLOADS = [
    (name, content, expected)
    for name, content, expected in BAD_INPUTS
    if not name.endswith(".json") and content not in (None, "dir")
]


@pytest.fixture
def admin():
    return administrator(username="quantri")


@pytest.fixture
def importer(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def registry():
    """The agencies small_proposal() names."""
    AgencyFactory(code="UBND", name="Ủy ban nhân dân tỉnh")
    for code, name in (
        ("SNV", "Sở Nội vụ"),
        ("STTTT", "Sở Thông tin và Truyền thông"),
        ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ):
        AgencyFactory(code=code, name=name)


@pytest.mark.parametrize(("name", "content", "expected"), UPLOADS, ids=[row[0] for row in UPLOADS])
def test_the_upload_page_answers_a_bad_file_with_a_form_error_and_no_draft(importer, name, content, expected):
    response = importer.post(IMPORT_URL, {"document": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors and not PlanImportDraft.objects.exists()
    if content:  # an empty upload is refused by Django's own "the file is empty" check
        assert expected.split(" (")[0][:20] in " ".join(errors["document"])


def test_the_upload_page_refuses_pasted_text_with_a_nul_character(importer):
    response = importer.post(IMPORT_URL, {"text": "KẾ HOẠCH\x00"})

    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not PlanImportDraft.objects.exists()


def test_saving_a_draft_whose_new_agency_was_added_since_reuses_that_agency(registry):
    proposal = small_proposal()
    proposal.tasks[2].coordinating = PartyList([party("Ban Chuyển đổi số tỉnh")])
    added = AgencyFactory(code="BCDS", name="Ban Chuyển đổi số tỉnh")  # by another administrator, meanwhile

    save_proposal(proposal=proposal, new_agency_kinds={"Ban Chuyển đổi số tỉnh": "other"})

    assert Agency.objects.filter(name="Ban Chuyển đổi số tỉnh").count() == 1
    assert Assignment.objects.filter(agency=added, task__code="II.2", role="coordinating").exists()


def test_saving_the_same_plan_twice_gives_a_message_not_an_error_page(importer, admin, registry):
    first, second = draft_of(admin), draft_of(admin)
    importer.post(page_url(first), form_data(first, action="save"))

    response = importer.post(page_url(second), form_data(second, action="save"), follow=True)

    assert response.status_code == 200
    assert "Kế hoạch này đã có trong cổng" in page_text(response)
    assert Plan.objects.count() == 1


ODD_DOCUMENTS = [
    ("title-only.md", "KẾ HOẠCH\n"),
    ("table-no-header.md", "|---|---|\n| 1 | Sở Nội vụ |\n"),
    (
        "ragged-table.md",
        "| TT | Nhiệm vụ | Chủ trì |\n|---|---|---|\n| 1 | Rà soát | Sở Nội vụ | Quý II/2026 | thêm |\n| 2 |\n",
    ),
    (
        "unclosed-html-table.md",
        "PHỤ LỤC\n<table><tr><th>Nhiệm vụ</th><th>Chủ trì</th></tr><tr><td>Rà soát<td>Sở Nội vụ\n",
    ),
    ("long-line.txt", "II. NHIỆM VỤ\n1. " + "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát, " * 2000 + "\n"),
    (
        "dates-out-of-range.md",
        "II. NHIỆM VỤ\n1. Sở Nội vụ rà soát trước ngày 31/02/2026.\n2. Thực hiện quý V/2026; tháng 13/2026.\n",
    ),
]


@pytest.mark.parametrize(("name", "text"), ODD_DOCUMENTS, ids=[row[0] for row in ODD_DOCUMENTS])
def test_odd_documents_are_read_on_the_upload_page_without_an_error_page(importer, name, text):
    response = importer.post(IMPORT_URL, {"document": SimpleUploadedFile(name, text.encode())}, follow=True)

    assert response.status_code == 200
    assert "Cổng chưa đọc được văn bản này do một lỗi của chương trình" not in page_text(response)
