"""Fixtures shared by the page tests of several apps."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

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


@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """Database work for a module-scoped fixture, undone afterwards, on a connection then closed.

    Such a fixture runs outside any test's database handling: the connection it opens stayed open
    to the end and the test database could not be dropped ("being accessed by other users").
    """
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                yield
                transaction.set_rollback(True)
        finally:
            connection.close()
