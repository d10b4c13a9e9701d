"""Who is calling: a per-client bearer token, its rate limit, and the log of every call."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import HttpBearer

from reporting.api.models import ApiCall, ApiClient, hash_token

logger = logging.getLogger(__name__)


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
    """A fixed one-minute window per client, counted in the cache (Redis in production), or in the
    call log while the cache is unreachable: an outage neither refuses the API nor lifts its limit."""
    now = int(time.time())
    window = now // 60
    calls = _count_in_cache(f"api-rate:{client.pk}:{window}")
    if calls is None:
        since = dt.datetime.fromtimestamp(window * 60, tz=dt.UTC)
        calls = ApiCall.objects.filter(client=client, at__gte=since).count() + 1  # this call is logged after
    if calls > settings.API_RATE_LIMIT_PER_MINUTE:
        raise RateLimited(retry_after=(window + 1) * 60 - now)


def _count_in_cache(key: str) -> int | None:
    try:
        cache.add(key, 0, timeout=61)
        calls = cache.incr(key)
    except Exception:
        if not _cache_unreachable.is_set():  # once per outage: every call fails the same way meanwhile
            _cache_unreachable.set()
            logger.warning("API rate limit: cache unreachable, counting calls in the database", exc_info=True)
        return None
    if _cache_unreachable.is_set():
        _cache_unreachable.clear()
        logger.warning("API rate limit: cache reachable again, counting calls there")
    return calls


_cache_unreachable = threading.Event()


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
