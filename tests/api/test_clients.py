import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from reporting.api.models import ApiCall, ApiClient, hash_token
from reporting.jobs import prune_api_calls
from tests.factories import AgencyFactory, PlanFactory


def test_command_prints_a_token_that_opens_the_api(db, client):
    plan = PlanFactory()
    out = io.StringIO()
    call_command("create_api_client", "Hệ thống quốc gia", "--plan", str(plan.pk), stdout=out)
    token = out.getvalue().strip()
    assert ApiClient.objects.get().token_hash == hash_token(token)
    body = client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [p["id"] for p in body["items"]] == [plan.pk]


def test_command_refuses_a_client_without_any_plan(db):
    with pytest.raises(CommandError, match="--all-plans"):
        call_command("create_api_client", "Không phạm vi")


def test_command_refuses_own_agency_scope_without_agency(db):
    with pytest.raises(CommandError, match="--agency"):
        call_command("create_api_client", "X", "--all-plans", "--own-agency-only")


def test_admin_shows_the_token_once_on_creation(db, client):
    admin = get_user_model().objects.create_superuser(username="it", password="x", agency=AgencyFactory())
    client.force_login(admin)
    response = client.post(
        "/admin/reporting/apiclient/add/", {"name": "Hệ thống tỉnh", "all_plans": "on", "is_active": "on"}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    token = next(m for m in shown if "chỉ hiện một lần" in m).rsplit(": ", 1)[1]
    assert ApiClient.objects.get().token_hash == hash_token(token)
    change = client.get(f"/admin/reporting/apiclient/{ApiClient.objects.get().pk}/change/")
    assert token not in change.content.decode()


def test_prune_job_drops_calls_older_than_the_kept_days(db, settings):
    settings.API_CALL_LOG_DAYS = 30
    now = timezone.now()
    old = ApiCall.objects.create(path="/a", status=200, duration_ms=1, at=now - dt.timedelta(days=31))
    recent = ApiCall.objects.create(path="/b", status=200, duration_ms=1, at=now - dt.timedelta(days=29))
    assert prune_api_calls() == 1
    assert list(ApiCall.objects.all()) == [recent]
    assert not ApiCall.objects.filter(pk=old.pk).exists()
