"""A session ends when its account changes: deactivated, or reactivated, the user starts from no session."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from agencies.services import user_sessions_end
from tests.factories import AgencyFactory, staff_of

pytestmark = pytest.mark.django_db


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    return client


def _replayed(cookie: str):
    """The ended cookie sent again, as a browser left open (or an attacker who copied it) would."""
    client = Client()
    client.cookies["sessionid"] = cookie
    return client.get(reverse("home"))


def test_deactivating_a_user_ends_all_their_sessions():
    user = staff_of(AgencyFactory())
    cookies = [_logged_in(user).cookies["sessionid"].value for _ in range(2)]
    user.is_active = False
    user.save()
    assert not Session.objects.filter(session_key__in=cookies).exists()


def test_reactivating_a_user_does_not_bring_an_old_session_back():
    user = staff_of(AgencyFactory())
    cookie = _logged_in(user).cookies["sessionid"].value
    user.is_active = False
    user.save()
    user.is_active = True
    user.save()

    replay = _replayed(cookie)

    assert replay.status_code == 302
    assert replay.url.startswith(reverse("login"))


def test_a_user_deactivated_behind_the_models_back_loses_old_sessions_when_reactivated():
    user = staff_of(AgencyFactory())
    cookie = _logged_in(user).cookies["sessionid"].value
    type(user).objects.filter(pk=user.pk).update(is_active=False)  # a bulk update sends no signal
    user.refresh_from_db()
    user.is_active = True
    user.save()

    assert _replayed(cookie).status_code == 302


def test_other_users_keep_their_sessions():
    agency = AgencyFactory()
    leaving, staying = staff_of(agency), staff_of(agency)
    _logged_in(leaving)
    kept = _logged_in(staying).cookies["sessionid"].value
    leaving.is_active = False
    leaving.save()
    assert _replayed(kept).status_code == 200


def test_saving_an_active_user_unchanged_keeps_their_session():
    user = staff_of(AgencyFactory())
    cookie = _logged_in(user).cookies["sessionid"].value
    user.job_title = "Chuyên viên"
    user.save()
    assert _replayed(cookie).status_code == 200


def test_ending_sessions_counts_the_sessions_ended():
    user = staff_of(AgencyFactory())
    _logged_in(user), _logged_in(user)
    assert user_sessions_end(user_id=user.pk) == 2
    assert user_sessions_end(user_id=user.pk) == 0
