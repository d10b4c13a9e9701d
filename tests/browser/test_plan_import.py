"""Plan import in real Chromium, as a new administrator would: upload the seed plan, correct one
task's title in the preview, save, and find the corrected task on the plan's page."""

from pathlib import Path

import pytest
from django.conf import settings

from tasks.importer import import_file
from tasks.models import Plan, PlanImportDraft
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-thu-nghiem"
SEED_PLAN = Path(settings.BASE_DIR) / "tests" / "data" / "plans" / "bentre-2018-bo-sung-KH4447.md"
CORRECTED = "Quán triệt Nghị quyết số 26-NQ/TW và Kế hoạch số 4447/KH-UBND (đã sửa khi nhập)"


def test_administrator_uploads_corrects_and_saves_a_plan(new_page):
    import_file(path=Path(settings.BASE_DIR) / "fixtures" / "agencies_bentre.json")
    UserFactory(username="quantri", is_superuser=True, is_staff=True, agency=None)
    page = new_page()
    log_in(page, "quantri", PASSWORD)

    page.click("nav >> text=Nhập kế hoạch")
    page.set_input_files("#id_document", SEED_PLAN)
    page.click("button:has-text('Đọc văn bản')")
    page.wait_for_url("**/ke-hoach/nhap/*/")
    assert "Kiểm tra kế hoạch trước khi lưu" in page.inner_text("h1")
    row = page.locator("tr.import-row", has=page.locator("input[value='II.1.a']"))
    assert "Theo văn bản: a)" in row.inner_text()
    row.locator("input[name$='-title']").fill(CORRECTED)

    page.click("button[value=save]")
    page.wait_for_url("**/ke-hoach/*/")

    assert "Đã lưu" in page.inner_text(".messages")
    assert CORRECTED in page.inner_text(".task-tree")
    plan = Plan.objects.get(issued_on="2018-11-30")
    assert plan.tasks.get(code="II.1.a").title == CORRECTED
    assert plan.tasks.filter(is_heading=False).count() == 18
    assert not PlanImportDraft.objects.exists()
