"""Fixtures shared by the page tests of several apps."""

import pytest

from tests.factories import AgencyFactory, staff_of
from tests.tasks.view_data import TODAY


@pytest.fixture
def staff_client(client):
    """A logged-in member of an agency's staff: every page needs a login, most need nothing more."""
    client.force_login(staff_of(AgencyFactory()))
    return client


@pytest.fixture
def pages_today(monkeypatch):
    """The plan and task pages classify statuses as of a fixed day, so expected labels never drift."""
    monkeypatch.setattr("tasks.views._today", lambda: TODAY)
