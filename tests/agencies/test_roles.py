"""Role groups and their permissions exist on every migrated database, a flushed one included."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from agencies import roles


def role_permissions() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def assert_roles_granted(granted: dict[str, set[str]]) -> None:
    assert set(granted) == set(roles.ROLE_PERMISSIONS)
    assert granted[roles.REVIEWER] == {roles.REVIEW, roles.VIEW_ALL}
    assert granted[roles.STAFF] == {roles.SUBMIT}
    assert {"tasks.add_plan", "agencies.add_agencyalias"} <= granted[roles.ADMINISTRATOR]


@pytest.mark.django_db
def test_migrate_gives_each_role_its_group_and_permissions():
    assert_roles_granted(role_permissions())


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_its_role_groups_back():
    call_command("flush", interactive=False, verbosity=0)

    assert_roles_granted(role_permissions())
