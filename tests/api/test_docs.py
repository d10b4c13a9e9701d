import re

from django.contrib.staticfiles import finders

from tests.factories import leader

API = "/api/v1"


def test_schema_lists_every_resource(db, client):
    client.force_login(leader())
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert {
        "/api/v1/plans",
        "/api/v1/plans/{plan_id}",
        "/api/v1/plans/{plan_id}/tasks",
        "/api/v1/plans/{plan_id}/assignments",
        "/api/v1/plans/{plan_id}/periods",
        "/api/v1/plans/{plan_id}/periods/{period_id}/figures",
        "/api/v1/plans/{plan_id}/periods/{period_id}/approved-items",
    } <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["ClientToken"]["scheme"] == "bearer"


def test_docs_page_loads_its_assets_from_the_portal_not_a_cdn(db, client):
    client.force_login(leader())
    html = client.get(f"{API}/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assets = [s for s in sources if s.endswith((".js", ".css"))]
    assert assets and all(s.startswith("/static/") for s in assets)
    assert all(finders.find(s.removeprefix("/static/")) for s in assets)


def test_docs_need_a_portal_login(db, client):
    assert client.get(f"{API}/docs").status_code == 302
