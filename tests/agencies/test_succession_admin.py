"""Recording a succession in the admin, and moving an abolished agency's users only after confirming."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import AgencySuccession, SuccessionKind
from tasks.models import Assignment
from tasks.succession import SuccessionLinkSpec, succession_record
from tests.factories import AgencyFactory, AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_superuser=True, is_staff=True, agency=None))
    return client


def test_admin_records_a_merge_and_hands_over_assignments(admin_client):
    old, new = AgencyFactory(), AgencyFactory()
    assignment = AssignmentFactory(agency=old)
    form = {
        "kind": SuccessionKind.MERGE,
        "effective_on": "01/03/2025",
        "predecessors": [old.pk],
        "successors": [new.pk],
        "legal_document": "Nghị quyết 05/NQ-HĐND",
        "note": "",
    }
    response = admin_client.post(reverse("admin:agencies_agencysuccession_add"), form)

    assert response.status_code == 302
    succession = AgencySuccession.objects.get()
    assert succession.effective_on == dt.date(2025, 3, 1)
    assert Assignment.objects.get(pk=assignment.pk).agency == new
    page = admin_client.get(reverse("admin:agencies_agencysuccession_change", args=[succession.pk]))
    assert old.name in page.content.decode()


def test_admin_records_a_future_succession_as_pending_and_says_when_it_applies(admin_client):
    old, new = AgencyFactory(), AgencyFactory()
    assignment = AssignmentFactory(agency=old)
    later = timezone.localdate() + dt.timedelta(days=30)
    form = {
        "kind": SuccessionKind.RENAME,
        "effective_on": f"{later:%d/%m/%Y}",
        "predecessors": [old.pk],
        "successors": [new.pk],
        "legal_document": "",
        "note": "",
    }

    response = admin_client.post(reverse("admin:agencies_agencysuccession_add"), form, follow=True)

    assert f"vào ngày {later:%d/%m/%Y}" in response.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).agency == old
    listing = admin_client.get(reverse("admin:agencies_agencysuccession_changelist")).content.decode()
    assert "Chờ đến ngày có hiệu lực" in listing


def test_admin_shows_the_services_reason_for_a_bad_succession_and_saves_nothing(admin_client):
    one = AgencyFactory()
    form = {"kind": SuccessionKind.SPLIT, "effective_on": "01/03/2025", "predecessors": [one.pk]}
    form["successors"] = [AgencyFactory().pk]
    response = admin_client.post(reverse("admin:agencies_agencysuccession_add"), form)

    assert response.status_code == 200
    assert "ít nhất hai cơ quan kế thừa" in response.content.decode()
    assert not AgencySuccession.objects.exists()


def test_users_move_to_the_successor_only_after_confirmation(admin_client):
    old, new = AgencyFactory(name="Sở Thông tin và Truyền thông"), AgencyFactory(name="Sở Khoa học và Công nghệ")
    succession_record(
        kind=SuccessionKind.MERGE,
        effective_on=dt.date(2025, 3, 1),
        links=[SuccessionLinkSpec(predecessor=old, successor=new)],
    )
    mover, stayer = UserFactory(agency=old), UserFactory(agency=AgencyFactory())
    url = reverse("admin:agencies_user_changelist")
    chosen = {"action": "move_to_successor", "_selected_action": [mover.pk, stayer.pk]}

    page = admin_client.post(url, chosen)
    assert page.status_code == 200 and "Sở Khoa học và Công nghệ" in page.content.decode()
    mover.refresh_from_db()
    assert mover.agency == old  # nothing moves before the administrator confirms

    admin_client.post(url, {**chosen, "confirm": "yes"})
    mover.refresh_from_db()
    stayer.refresh_from_db()
    assert mover.agency == new and stayer.agency != new


def test_succession_list_names_who_passed_to_whom_with_bounded_queries(admin_client, django_assert_max_num_queries):
    def add_merge(index):
        old, new = AgencyFactory(name=f"Sở cũ {index}"), AgencyFactory(name=f"Sở mới {index}")
        link = SuccessionLinkSpec(predecessor=old, successor=new)
        succession_record(kind=SuccessionKind.MERGE, effective_on=dt.date(2025, 3, 1), links=[link])

    add_merge(0)
    url = reverse("admin:agencies_agencysuccession_changelist")
    admin_client.get(url)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    for index in range(1, 8):
        add_merge(index)

    with django_assert_max_num_queries(len(one)):
        html = admin_client.get(url).content.decode()
    assert "Sở cũ 0 → Sở mới 0" in html and "Sở cũ 7 → Sở mới 7" in html
