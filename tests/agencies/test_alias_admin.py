"""Administrators teach the plan reader new ways of writing an agency or a group, through admin."""

import pytest
from django.urls import reverse

from agencies.models import AgencyAlias, AgencyKind
from tasks.plan_import.agency_matching import AgencyMatcher
from tests.factories import AgencyFactory, AgencyGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_superuser=True, is_staff=True, agency=None))
    return client


def inline_rows(prefix: str, owner_field: str, owner_pk: int, names: list[str]) -> dict[str, object]:
    rows: dict[str, object] = {
        f"{prefix}-TOTAL_FORMS": len(names),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, name in enumerate(names):
        rows |= {f"{prefix}-{index}-name": name, f"{prefix}-{index}-{owner_field}": owner_pk}
    return rows


def test_an_alias_added_in_admin_is_matched_by_the_plan_reader(admin_client):
    agency = AgencyFactory(code="STTTT", name="Sở Thông tin và Truyền thông")
    assert not AgencyMatcher.from_database().match_one("Sở TTTT tỉnh Bến Tre").matched

    response = admin_client.post(
        reverse("admin:agencies_agencyalias_add"), {"name": "Sở TTTT tỉnh Bến Tre", "agency": agency.pk}
    )

    assert response.status_code == 302
    assert AgencyMatcher.from_database().match_one("Sở TTTT tỉnh Bến Tre").agency == "STTTT"


def test_aliases_are_added_on_the_agency_page(admin_client):
    agency = AgencyFactory(code="SNGV", name="Sở Ngoại vụ", kind=AgencyKind.DEPARTMENT)
    form = {
        "name": agency.name,
        "short_name": "",
        "code": agency.code,
        "kind": agency.kind,
        "place_name": agency.place_name,
        "email": "",
        "position": 0,
        "is_active": "on",
    }
    form |= inline_rows("aliases", "agency", agency.pk, ["Sở NGV", "Sở Ngoại vụ tỉnh"])

    response = admin_client.post(reverse("admin:agencies_agency_change", args=[agency.pk]), form)

    assert response.status_code == 302
    parties = AgencyMatcher.from_database().parse_parties("Sở NGV và các cơ quan liên quan")
    assert [party.agency for party in parties.parties] == ["SNGV"]


def test_aliases_are_added_on_the_group_page(admin_client):
    group = AgencyGroupFactory(code="ubnd-huyen", name="UBND các huyện")
    form = {"name": group.name, "code": group.code}
    form |= inline_rows("aliases", "group", group.pk, ["các địa phương cấp huyện"])

    response = admin_client.post(reverse("admin:agencies_agencygroup_change", args=[group.pk]), form)

    assert response.status_code == 302
    assert AgencyMatcher.from_database().match_one("Các địa phương cấp huyện").group == "ubnd-huyen"


@pytest.mark.parametrize("owners", ["both", "neither"])
def test_an_alias_names_exactly_one_agency_or_group(admin_client, owners):
    agency, group = AgencyFactory(), AgencyGroupFactory()
    form = {"name": "Sở X", "agency": agency.pk, "group": group.pk} if owners == "both" else {"name": "Sở X"}

    response = admin_client.post(reverse("admin:agencies_agencyalias_add"), form)

    assert response.status_code == 200
    assert "Chọn đúng một: cơ quan hoặc nhóm cơ quan." in response.content.decode()
    assert not AgencyAlias.objects.exists()


def test_aliases_are_found_by_the_agency_they_name(admin_client):
    AgencyAlias.objects.create(name="Sở TT&TT", agency=AgencyFactory(code="STTTT", name="Sở Thông tin và Truyền thông"))
    AgencyAlias.objects.create(name="Sở GD&ĐT", agency=AgencyFactory(code="SGDDT", name="Sở Giáo dục và Đào tạo"))

    response = admin_client.get(reverse("admin:agencies_agencyalias_changelist"), {"q": "STTTT"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Sở TT&amp;TT" in content and "Sở GD&amp;ĐT" not in content
