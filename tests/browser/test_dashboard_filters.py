"""A leader picks a period and a kind of agency on the dashboard: both apply, and the export follows."""

import io

import pytest
from openpyxl import load_workbook

from agencies.models import AgencyKind
from tests.browser.conftest import log_in
from tests.factories import leader
from tests.reporting.test_dashboard import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_filters_the_dashboard_by_period_and_agency_kind(new_page):
    world = build_world()
    previous = world["previous"]
    leader(username="lanhdao")
    page = new_page()
    log_in(page, "lanhdao", "matkhau-thu-nghiem")
    page.goto("/bang-dieu-hanh/")
    page.select_option("#id_period", f"{previous.kind}:{previous.year}:{previous.sequence}")
    page.select_option("#id_agency_kind", AgencyKind.DISTRICT)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()

    assert "Hãy chọn một lựa chọn hợp lệ" not in page.content()
    assert page.input_value("#id_period") == f"{previous.kind}:{previous.year}:{previous.sequence}"
    assert page.input_value("#id_agency_kind") == AgencyKind.DISTRICT
    assert page.inner_text("[data-completeness=owed]") == "1"
    assert page.inner_text("[data-completeness=on_time]") == "1"
    ranking = page.inner_text("section[aria-labelledby=dash-ranking]")
    assert world["district"].name in ranking and world["dept"].name not in ranking

    with page.expect_download() as download:
        page.click("text=Xuất Excel (XLSX)")
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    names = [row[0] for row in workbook["Xếp hạng cơ quan"].iter_rows(min_row=2, values_only=True)]
    assert names == [world["district"].name]
