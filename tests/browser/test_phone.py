"""A 390 px phone: the menu opens from its button, and the main lists keep status and actions on screen."""

import os

import pytest

from tests.browser.conftest import log_in
from tests.browser.pages import PASSWORD, build_page_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
# Set to a folder to keep screenshots of the views checked here (for a person to look at).
SHOTS = os.environ.get("PHONE_SCREENSHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _within_viewport(page, selector: str) -> list[str]:
    """The cells matching `selector` that stick out of the viewport sideways (none is the goal)."""
    return page.eval_on_selector_all(
        selector,
        """(cells) => cells.filter((cell) => {
            const box = cell.getBoundingClientRect();
            return box.width === 0 || box.left < 0 || box.right > window.innerWidth + 1;
        }).map((cell) => cell.textContent.trim().slice(0, 40))""",
    )


def test_the_menu_opens_from_its_button_and_no_link_hides_off_screen(new_page):
    world = build_page_world()
    page = new_page(viewport=PHONE)
    log_in(page, world.world.reviewer.username, PASSWORD)
    menu = page.locator("#mainnav")
    button = page.get_by_role("button", name="Danh mục")
    assert button.is_visible() and not menu.is_visible()
    _shot(page, "phone-home-menu-closed")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    links = menu.locator("a")
    assert links.count() >= 8
    assert _within_viewport(page, "#mainnav a") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "phone-menu-open")
    page.keyboard.press("Escape")
    assert not menu.is_visible()


@pytest.mark.parametrize(
    "who, path, key_cells",
    [
        ("staff", "/nhiem-vu/?agency=", ["td[data-label='Tình trạng']"]),
        ("staff", "/bao-cao/", ["td[data-label='Trạng thái']", "td[data-label='Thao tác']"]),
        ("reviewer", "/tham-dinh/?state=", ["td[data-label='Trạng thái']", "td[data-label='Thao tác']"]),
        ("reviewer", "/", ["td[data-label='Chờ thẩm định']", "td[data-label='Chưa gửi']"]),
        ("reviewer", "/ky-bao-cao/", ["td[data-label='Trạng thái']", "td[data-label='Hạn gửi']"]),
    ],
    ids=["task list", "my reports", "review queue", "reviewer home", "periods"],
)
def test_main_lists_keep_status_and_actions_within_the_screen(new_page, who, path, key_cells):
    world = build_page_world()
    user = world.world.staff if who == "staff" else world.world.reviewer
    page = new_page(viewport=PHONE)
    log_in(page, user.username, PASSWORD)
    page.goto(path)
    for selector in key_cells:
        assert page.locator(selector).count() > 0, selector
        assert _within_viewport(page, selector) == [], selector
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "phone-" + (path.strip("/").split("/")[0].split("?")[0] or "home"))
