"""The authentication backend: the user of each request, its agency and permissions in one query."""

import pytest
from django.contrib.auth.models import Permission

from agencies import roles
from agencies.backends import PortalBackend
from tests.factories import AgencyFactory, UserFactory, leader, reviewer_of, staff_of

pytestmark = pytest.mark.django_db


def test_user_agency_and_role_permissions_come_in_one_query(django_assert_num_queries):
    agency = AgencyFactory(name="Sở Tư pháp")
    user = reviewer_of(agency)
    with django_assert_num_queries(1):
        loaded = PortalBackend().get_user(user.pk)
        assert loaded.agency.name == "Sở Tư pháp"
        assert roles.can_review(loaded) and roles.can_view_all(loaded) and not roles.can_submit(loaded)


def test_permissions_match_djangos_own_rules():
    staff = staff_of(AgencyFactory())
    staff.user_permissions.add(Permission.objects.get(codename="view_agency"))
    loaded = PortalBackend().get_user(staff.pk)
    assert loaded.get_all_permissions() == {"agencies.submit_agency_reports", "agencies.view_agency"}
    assert PortalBackend().get_user(leader().pk).get_all_permissions() == {"agencies.view_all_reports"}


def test_a_user_without_agency_or_role_loads_with_neither():
    user = UserFactory(agency=None)
    loaded = PortalBackend().get_user(user.pk)
    assert loaded.agency is None
    assert loaded.get_all_permissions() == set()


def test_removing_a_role_takes_effect_on_the_next_request():
    user = staff_of(AgencyFactory())
    user.groups.clear()
    assert not roles.can_submit(PortalBackend().get_user(user.pk))


def test_inactive_and_unknown_users_are_not_loaded():
    user = UserFactory(is_active=False)
    assert PortalBackend().get_user(user.pk) is None
    assert PortalBackend().get_user(user.pk + 1000) is None
    assert PortalBackend().get_user("not-a-number") is None


def test_superuser_keeps_every_permission():
    user = UserFactory(is_superuser=True)
    loaded = PortalBackend().get_user(user.pk)
    assert loaded.has_perm(roles.REVIEW)
    assert "agencies.view_agency" in loaded.get_all_permissions()


def test_loaded_fields_have_python_types():
    user = staff_of(AgencyFactory())
    user.save()  # sets nothing new, but a login time makes the datetime column non-empty
    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
    loaded = PortalBackend().get_user(user.pk)
    assert loaded.last_login.tzinfo is not None
    assert loaded.date_joined.year >= 2000


@pytest.fixture
def shared_cache(settings):
    """As in production with Redis: the data version is a counter in the cache."""
    settings.DATA_VERSION_IN_CACHE = True


def test_with_a_shared_cache_a_repeat_load_needs_no_query(shared_cache, django_assert_num_queries):
    user = staff_of(AgencyFactory())
    PortalBackend().get_user(user.pk)
    with django_assert_num_queries(0):
        loaded = PortalBackend().get_user(user.pk)
    assert roles.can_submit(loaded)


def test_with_a_shared_cache_a_removed_role_is_seen_at_once(shared_cache):
    user = staff_of(AgencyFactory())
    assert roles.can_submit(PortalBackend().get_user(user.pk))
    user.groups.clear()
    assert not roles.can_submit(PortalBackend().get_user(user.pk))


def test_with_a_shared_cache_a_group_losing_a_permission_is_seen_at_once(shared_cache):
    user = staff_of(AgencyFactory())
    assert roles.can_submit(PortalBackend().get_user(user.pk))
    user.groups.get().permissions.clear()
    assert not roles.can_submit(PortalBackend().get_user(user.pk))


def test_with_a_shared_cache_a_deactivated_user_is_refused_at_once(shared_cache):
    user = staff_of(AgencyFactory())
    assert PortalBackend().get_user(user.pk) is not None
    user.is_active = False
    user.save()
    assert PortalBackend().get_user(user.pk) is None


def test_with_a_shared_cache_a_password_change_ends_other_sessions(shared_cache, client):
    from django.urls import reverse

    user = staff_of(AgencyFactory())
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    user.set_password("mat-khau-moi-2026")
    user.save()
    assert client.get(reverse("home")).status_code == 302


def test_a_login_time_alone_leaves_the_data_version_as_it_was(shared_cache):
    from django.utils import timezone

    from plan_portal.versioning import data_version

    user = staff_of(AgencyFactory())
    before = data_version()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert data_version() == before
