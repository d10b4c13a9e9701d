"""Every registered model has a working changelist and add page; the report audit trail is read-only."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AgencySuccessionLink
from reporting.api.models import ApiCall
from reporting.models import PeriodEvent, ReportEvent, ReportState
from tasks.models import AssignmentHandover
from tests.factories import AssignmentFactory, ReportItemFactory, UserFactory

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
OUR_APPS = ("agencies", "tasks", "reporting")
# django-axes registers its lockout records read-only on purpose; the report audit trail is read-only too,
# and so are a period's life-cycle steps, the links and hand-overs a recorded succession wrote, and the API's call log.
READ_ONLY = (ReportEvent, PeriodEvent, AgencySuccessionLink, AssignmentHandover, ApiCall)
ADDABLE = [model for model in MODELS if model._meta.app_label in (*OUR_APPS, "auth") and model not in READ_ONLY]


@pytest.fixture
def superuser(db):
    return UserFactory(username="quantri", is_superuser=True, is_staff=True, agency=None)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def data(db, superuser):
    call_command("load_seed_plan", stdout=io.StringIO())
    item = ReportItemFactory(assignment=AssignmentFactory())
    ReportEvent.objects.create(report=item.report, actor=superuser, to_state=ReportState.SUBMITTED)
    return item


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_app_model_is_registered():
    labels = {model._meta.label for model in MODELS}
    for app in OUR_APPS:
        assert {model._meta.label for model in apps.get_app_config(app).get_models()} <= labels


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelist_and_change_page_open_for_the_superuser(admin_client, data, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "Sở"}).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", ADDABLE, ids=lambda model: model._meta.label)
def test_add_page_opens_for_the_superuser(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


def test_report_events_cannot_be_added_changed_or_deleted_even_by_a_superuser(admin_client, data):
    event = ReportEvent.objects.get()

    assert admin_client.get(admin_url(ReportEvent, "add")).status_code == 403
    response = admin_client.post(admin_url(ReportEvent, "change", event.pk), {"comment": "sửa lịch sử"})
    assert response.status_code == 403
    assert admin_client.post(admin_url(ReportEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    admin_client.post(admin_url(ReportEvent, "changelist"), bulk)

    event.refresh_from_db()
    assert event.comment == "" and ReportEvent.objects.count() == 1


def test_report_page_shows_its_events_read_only(admin_client, data):
    response = admin_client.get(admin_url(type(data.report), "change", data.report.pk))
    assert response.status_code == 200
    assert "events-0-comment" not in response.content.decode()


def test_admin_is_closed_to_agency_staff(client, db):
    client.force_login(UserFactory(role="agency_staff"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


FACTORIES = {
    "tasks.Assignment": AssignmentFactory,
    "reporting.ReportItem": ReportItemFactory,
    "agencies.User": UserFactory,
}


@pytest.mark.parametrize("label", FACTORIES)
def test_changelist_query_count_does_not_grow_with_the_data(admin_client, label):
    model = apps.get_model(label)
    counts = []
    for batch in (1, 9):
        FACTORIES[label].create_batch(batch)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(admin_url(model, "changelist")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_admin_index_names_django_axes_in_vietnamese(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Chống dò mật khẩu" in html and "Lượt đăng nhập sai" in html
    assert "Access attempts" not in html and ">Axes<" not in html and "Model name" not in html
