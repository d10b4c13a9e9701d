"""axe-core (carried by axe-playwright-python) on every main page of every role: no serious or critical
violation may ship. The login page is checked before anyone logs in."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import log_in
from tests.browser.pages import PASSWORD, build_page_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BLOCKING = {"serious", "critical"}


def _blocking(axe: Axe, page) -> list[str]:
    found = axe.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:4])}"
        for v in found
        if v["impact"] in BLOCKING
    ]


def test_no_main_page_of_any_role_has_a_serious_or_critical_axe_violation(new_page):
    world = build_page_world()
    axe = Axe()
    problems = []
    visitor = new_page()
    visitor.goto("/accounts/login/")
    problems += [f"login: {p}" for p in _blocking(axe, visitor)]
    for username, pages in world.pages.items():
        page = new_page()
        log_in(page, username, PASSWORD)
        for name, path in pages:
            response = page.goto(path)
            assert response.status == 200, f"{username} {name} {path}: {response.status}"
            problems += [f"{username} · {name} ({path}): {p}" for p in _blocking(axe, page)]
    assert problems == [], "\n".join(problems)
