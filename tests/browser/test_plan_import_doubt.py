"""The import preview puts doubt first, in real Chromium (issue 19): an administrator uploads a real plan
of the corpus, finds the rows the portal is unsure of listed first with their reasons, gives two of them
one lead agency at once, drops a row that is no task, and saves. The page passes axe, also at phone width."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from tasks.importer import import_file
from tasks.models import Plan, PlanImportDraft
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-thu-nghiem"
PLAN = Path(settings.BASE_DIR) / "tests/data/plans/corpus/laocai-2026-KH-chua-so-chi-thi-11-khoang-san.md"
BLOCKING = {"serious", "critical"}


def _blocking(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found if v["impact"] in BLOCKING]


def _upload(page) -> None:
    page.goto("/ke-hoach/nhap/")
    page.set_input_files("#id_document", PLAN)
    page.click("button:has-text('Đọc văn bản')")
    page.wait_for_url("**/ke-hoach/nhap/*/")


def test_doubtful_rows_come_first_and_are_fixed_in_bulk_and_by_one_click(new_page):
    import_file(path=Path(settings.BASE_DIR) / "fixtures" / "agencies_bentre.json")
    UserFactory(username="quantri", is_superuser=True, is_staff=True, agency=None)
    page = new_page()
    log_in(page, "quantri", PASSWORD)
    _upload(page)

    doubts = page.locator("#doubt-list li.doubt-row")
    assert doubts.count() >= 3
    assert page.locator("main h2").first.inner_text().startswith("Cần xem lại")
    first = doubts.first.inner_text()
    assert "Độ tin cậy:" in first and "chưa có trong danh mục cơ quan" in first
    assert "theo cột của bảng" in first, "the words the row was read from are shown"
    assert _blocking(page) == []

    # Two rows ticked, one in the list and one in the table (the list's box follows), one lead for both.
    second_code = doubts.nth(1).locator("strong").inner_text()
    third_code = doubts.nth(2).locator("strong").inner_text()
    doubts.nth(1).get_by_role("checkbox").check()
    third_row = page.locator("tr.import-row", has=page.locator(f"input[name$='-code'][value='{third_code}']"))
    third_row.get_by_role("checkbox", name=f"Chọn dòng {third_code} để sửa nhiều dòng").check()
    assert doubts.nth(2).get_by_role("checkbox").is_checked()
    assert "Đã chọn 2 dòng." in page.inner_text("#bulk")
    page.get_by_label("Cơ quan chủ trì", exact=True).fill("Sở Nội vụ")
    page.get_by_role("button", name="Đặt chủ trì cho các dòng đã chọn").click()
    page.wait_for_load_state()
    assert "Đã đặt “Sở Nội vụ” làm cơ quan chủ trì cho 2 dòng." in page.inner_text(".messages")
    for code in (second_code, third_code):
        row = page.locator("tr.import-row", has=page.locator(f"input[name$='-code'][value='{code}']"))
        assert row.locator("input[name$='-lead']").input_value() == "Sở Nội vụ"

    # The first row in doubt is no task: one click drops it, and the page comes back to the list.
    dropped = page.locator("#doubt-list li.doubt-row").first.locator("strong").inner_text()
    page.get_by_role("button", name=f"Không phải nhiệm vụ: bỏ dòng {dropped}", exact=True).click()
    page.wait_for_load_state()
    assert f"Đã bỏ dòng {dropped}: không phải nhiệm vụ." in page.inner_text(".messages")
    assert page.locator(f"input[name$='-code'][value='{dropped}']").count() == 0

    phone = new_page(viewport={"width": 390, "height": 844})
    log_in(phone, "quantri", PASSWORD)
    phone.goto(page.url.split("#")[0])
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "nothing spills sideways on a phone"
    assert phone.get_by_role("button", name="Đặt chủ trì cho các dòng đã chọn").is_visible()
    assert _blocking(phone) == []

    for box in page.locator("#unknown-agencies input[type=checkbox]").all():
        box.check()
    page.fill("#id_plan-issued_on", "2026-03-16")  # the plan was published undated
    page.click("button[value=save]")
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/(#.*)?$"))  # a fragment of the preview may stay on the URL

    assert "Đã lưu" in page.inner_text(".messages")
    plan = Plan.objects.get()
    assert not plan.tasks.filter(code=dropped).exists()
    for code in (second_code, third_code):
        leads = plan.tasks.get(code=code).assignments.filter(role="lead")
        assert [assignment.agency.name for assignment in leads] == ["Sở Nội vụ"]
    assert not PlanImportDraft.objects.exists()
