"""The task list's plan and agency options come from the cache, and never miss a new row."""

import pytest
from django.urls import reverse

from tests.factories import AgencyFactory, PlanFactory, staff_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("counter", [True, False])
def test_a_plan_added_after_the_options_were_cached_is_offered(client, settings, counter):
    settings.DATA_VERSION_IN_CACHE = counter
    client.force_login(staff_of(AgencyFactory()))
    PlanFactory(number="11/KH-UBND")
    assert "11/KH-UBND" in client.get(reverse("tasks:task_list")).content.decode()
    PlanFactory(number="22/KH-UBND")
    page = client.get(reverse("tasks:task_list")).content.decode()
    assert "11/KH-UBND" in page and "22/KH-UBND" in page


def test_a_renamed_agency_shows_its_new_name_in_the_options(client):
    agency = AgencyFactory(name="Sở Cũ")
    client.force_login(staff_of(agency))
    assert "Sở Cũ" in client.get(reverse("tasks:task_list")).content.decode()
    agency.name = "Sở Mới"
    agency.save()
    page = client.get(reverse("tasks:task_list")).content.decode()
    assert "Sở Mới" in page and "Sở Cũ" not in page
