"""API clients (other reporting systems) and the log of their calls."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from tasks.models import Plan


def hash_token(token: str) -> str:
    # Tokens are 32 random bytes, so a plain SHA-256 is enough (no slow hash needed, unlike passwords).
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class ApiClient(models.Model):
    """A provincial or national reporting system allowed to read plans through the API."""

    name = models.CharField(_("tên hệ thống"), max_length=200, unique=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    all_plans = models.BooleanField(_("đọc mọi kế hoạch"), default=False)
    plans = models.ManyToManyField(Plan, verbose_name=_("kế hoạch được đọc"), blank=True, related_name="+")
    own_agency_only = models.BooleanField(
        _("chỉ phân công của cơ quan mình"),
        default=False,
        help_text=_("Chỉ trả phân công và số liệu của cơ quan gắn với hệ thống này."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)

    class Meta:
        app_label = "reporting"
        verbose_name = _("hệ thống khai thác API")
        verbose_name_plural = _("hệ thống khai thác API")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def set_new_token(self) -> str:
        """Give the client a fresh token; only its hash is kept, so the caller must show it now."""
        token = new_token()
        self.token_hash = hash_token(token)
        return token


class ApiCall(models.Model):
    """One API request: kept for a bounded time (reporting.jobs.prune_api_calls)."""

    client = models.ForeignKey(ApiClient, null=True, blank=True, on_delete=models.CASCADE, related_name="calls")
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField()
    at = models.DateTimeField(db_index=True)

    class Meta:
        app_label = "reporting"
        verbose_name = _("lượt gọi API")
        verbose_name_plural = _("lượt gọi API")
        ordering = ["-at"]
