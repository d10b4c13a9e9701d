"""The user's own notifications (the portal copy of what was emailed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from reporting.models import Notification


def notification_list(request: HttpRequest) -> HttpResponse:
    notes = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(request, "reporting/notifications.html", {"page": page})


@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("reporting:notifications")
