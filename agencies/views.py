"""The directory of agencies; each links to its page of assigned tasks (served by the tasks app)."""

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencies.models import Agency, AgencyKind


def agency_list(request: HttpRequest) -> HttpResponse:
    kind_order = {kind.value: index for index, kind in enumerate(AgencyKind)}
    agencies = sorted(
        Agency.objects.filter(is_active=True), key=lambda a: (kind_order.get(a.kind, 99), a.position, a.name)
    )
    groups = [(AgencyKind(kind).label, list(members)) for kind, members in groupby(agencies, key=lambda a: a.kind)]
    return render(request, "agencies/agency_list.html", {"groups": groups})
