"""The authentication backend: Django's ModelBackend, the user's agency in its query, permissions in one more."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from agencies import roles
from agencies.backends import PortalBackend
from tests.factories import AgencyFactory, UserFactory, leader, reviewer_of, staff_of

pytestmark = pytest.mark.django_db


def test_user_with_its_agency_and_role_permissions_take_two_queries(django_assert_num_queries):
    agency = AgencyFactory(name="Sở Tư pháp")
    user = reviewer_of(agency)
    with django_assert_num_queries(2):
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
    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
    loaded = PortalBackend().get_user(user.pk)
    assert loaded.last_login.tzinfo is not None
    assert loaded.date_joined.year >= 2000


def test_a_deactivated_user_is_refused_at_once():
    user = staff_of(AgencyFactory())
    assert PortalBackend().get_user(user.pk) is not None
    user.is_active = False
    user.save()
    assert PortalBackend().get_user(user.pk) is None


def test_a_password_change_ends_the_other_sessions(client):
    user = staff_of(AgencyFactory())
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    user.set_password("mat-khau-moi-2026")
    user.save()
    assert client.get(reverse("home")).status_code == 302
