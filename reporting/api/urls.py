"""URLs of /api/v1/: data endpoints authenticate by token, not session; the docs stay behind login."""

from django.contrib.auth.decorators import login_not_required

from reporting.api.auth import logged
from reporting.api.endpoints import api

DOCS = {"openapi-json", "openapi-view"}


def _token_authenticated(patterns):
    for pattern in patterns:
        if pattern.name not in DOCS:
            pattern.callback = login_not_required(logged(pattern.callback))
    return patterns


app_name = api.urls_namespace
urlpatterns = _token_authenticated(api.urls[0])
