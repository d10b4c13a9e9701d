"""In real Chromium: "Tạo báo cáo" above the form builds from what is typed below, not from the last save."""

import pytest

from reporting.consolidation import services
from reporting.models import BuildState, ReportBuild
from tests.browser.conftest import log_in
from tests.factories import reviewer_of
from tests.reporting.consolidated_fixtures import make_scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-thu-nghiem"
TYPED = "Đánh giá chung gõ ngay trước khi bấm Tạo báo cáo, chưa bấm Lưu."


@pytest.fixture(autouse=True)
def fast_renderers(monkeypatch):
    # The live server runs in this process: the build (eager) renders with these.
    monkeypatch.setattr(services, "default_renderers", lambda: {"pdf": lambda snapshot: b"%PDF-"})


def test_build_button_saves_what_was_typed_and_the_built_snapshot_carries_it(new_page):
    scene = make_scene()
    reviewer = reviewer_of(scene.snv)
    page = new_page()
    log_in(page, reviewer.username, PASSWORD)
    page.goto(f"/bao-cao-tong-hop/{scene.report.pk}/")

    page.fill("#id_overall_assessment", TYPED)
    page.fill("#id_signer_name", "Trần Văn Ký")
    page.locator("main button", has_text="Tạo báo cáo (PDF, DOCX, XLSX)").click()
    page.wait_for_selector(".messages >> text=Đã lưu nội dung và đưa phiên bản 1")

    build = ReportBuild.objects.get(consolidated_report=scene.report)
    assert build.state == BuildState.READY
    assert build.snapshot["narrative"]["overall_assessment"] == TYPED
    assert build.snapshot["signature"]["name"] == "Trần Văn Ký"
    assert page.input_value("#id_overall_assessment") == TYPED  # the page shows the saved content again
