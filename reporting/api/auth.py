"""Who is calling: a per-client bearer token, its rate limit, and the log of every call."""

from __future__ import annotations

import datetime as dt
import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import HttpBearer

from reporting.api.models import ApiCall, ApiClient, hash_token


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class ClientToken(HttpBearer):
    """`Authorization: Bearer <token>`; an unknown or inactive client gets 401."""

    def authenticate(self, request, token: str) -> ApiClient | None:
        client = ApiClient.objects.filter(token_hash=hash_token(token), is_active=True).first()
        if client is None:
            return None
        request.api_client = client
        check_rate(client)
        _record_last_use(client)
        return client


# "Last used" tells an administrator whether a client still calls; the call log holds every call,
# so a minute's precision is enough and a busy client does not write its row on every call.
LAST_USE_PRECISION = dt.timedelta(minutes=1)


def _record_last_use(client: ApiClient) -> None:
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USE_PRECISION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)


def check_rate(client: ApiClient) -> None:
    """A fixed one-minute window per client, counted in the cache (Redis in production)."""
    now = int(time.time())
    window = now // 60
    key = f"api-rate:{client.pk}:{window}"
    cache.add(key, 0, timeout=61)
    calls = cache.incr(key)
    if calls > settings.API_RATE_LIMIT_PER_MINUTE:
        raise RateLimited(retry_after=(window + 1) * 60 - now)


def logged(view):
    """Record the call in one INSERT, whatever its outcome (401s too, with no client)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        started = time.perf_counter()
        response = view(request, *args, **kwargs)
        ApiCall.objects.create(
            client=getattr(request, "api_client", None),
            path=request.get_full_path()[:500],
            status=response.status_code,
            duration_ms=int((time.perf_counter() - started) * 1000),
            at=timezone.now(),
        )
        return response

    return wrapper
