import pytest

from tests.browser.conftest import log_in
from tests.factories import AgencyFactory, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_is_vietnamese_and_switches_to_english(new_page):
    page = new_page()
    page.goto("/")
    assert "Đăng nhập" in page.inner_text("h1")
    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Log in"


def test_staff_logs_in_and_sees_their_name(new_page):
    user = staff_of(AgencyFactory(name="Sở Thông tin và Truyền thông", short_name="Sở TT&TT"), username="stttt")
    page = new_page()
    log_in(page, "stttt", "matkhau-thu-nghiem")
    assert "Sở TT&TT" in page.inner_text(".whoami")
    assert str(user) in page.inner_text(".whoami")
