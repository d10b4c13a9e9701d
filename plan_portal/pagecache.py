"""Whole pages from the cache for one user, valid while the data version stays the same.

A repeat view of a heavy read-only page (the leader dashboard) then costs the session, the user,
one version read and one cache get instead of building and rendering the page. The key holds what
the page shows of its reader (user, role permissions, language), the full path and the day, so a
role change or a new day misses. The CSRF tokens inside the page are stored as a placeholder and
written afresh for each request, so the page posts with the reader's own token.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils import timezone, translation

from plan_portal.versioning import data_version

PAGE_SECONDS = 300
_TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = "@@csrf-token@@"


_recent: dict[str, tuple[str, list[bytes]]] = {}  # this process's latest pages: no 75 kB cache read each time
RECENT_PAGES = 32


def cached_page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """`render()`'s response, or the same page rendered earlier for this reader and data."""
    if request.method != "GET" or len(messages.get_messages(request)):
        return render()  # a pending message is shown once, on a freshly rendered page
    key = _key(request)
    version = data_version()
    entry = _recent.get(key)
    if entry is None or entry[0] != version:
        entry = _shared_get(key)
    if entry is not None and entry[0] == version:
        _remember(key, entry)
        return HttpResponse(csrf_token(request).encode().join(entry[1]))
    response = render()
    if response.status_code == 200 and not response.streaming:
        page = _TOKEN_FIELD.sub(rf"\g<1>{_PLACEHOLDER}\g<2>", response.content.decode(response.charset))
        entry = (version, page.encode().split(_PLACEHOLDER.encode()))
        with contextlib.suppress(Exception):  # the cache is down: this worker still keeps its copy
            cache.set(key, entry, PAGE_SECONDS)
        _remember(key, entry)
    return response


def csrf_token(request: HttpRequest) -> str:
    """What `django.middleware.csrf.get_token` returns, a freshly masked token, at a quarter of the cost.

    Django draws the 32 mask characters one `secrets.choice` at a time (about 50 µs, a tenth of
    serving a cached page); here they come from one `os.urandom` read, by rejection sampling so
    every character stays equally likely (a biased mask would leak the secret over many pages).
    The first page of a visit, with no CSRF cookie yet, is left to Django, which sets the cookie.
    """
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: renew the cookie's expiry
    mask = _random_chars(CSRF_SECRET_LENGTH)
    size = len(CSRF_ALLOWED_CHARS)
    cipher = [CSRF_ALLOWED_CHARS[(_CSRF_INDEX[s] + _CSRF_INDEX[m]) % size] for s, m in zip(secret, mask, strict=True)]
    return mask + "".join(cipher)


_CSRF_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# Bytes at or above this would make the first letters of the alphabet more likely than the rest.
_UNBIASED_BYTES = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def _random_chars(count: int) -> str:
    alphabet = CSRF_ALLOWED_CHARS
    chars: list[str] = []
    while len(chars) < count:
        chars += [alphabet[byte % len(alphabet)] for byte in os.urandom(2 * count) if byte < _UNBIASED_BYTES]
    return "".join(chars[:count])


def _shared_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # the cache is down: render the page
        return None


def _remember(key: str, entry: tuple[str, list[bytes]]) -> None:
    _recent.pop(key, None)
    _recent[key] = entry
    while len(_recent) > RECENT_PAGES:
        _recent.pop(next(iter(_recent)), None)


def _key(request: HttpRequest) -> str:
    """Stored under the reader and the page; the entry carries the data version it was built from."""
    user = request.user
    reader = "|".join(
        (
            str(user.pk),
            user.get_username(),
            user.get_full_name(),
            str(getattr(user, "agency_id", "")),
            str(user.is_staff),
            ",".join(sorted(user.get_all_permissions())),
            translation.get_language() or "",
            request.get_full_path(),
        )
    )
    digest = hashlib.sha256(reader.encode()).hexdigest()[:40]
    return f"page-v2:{timezone.localdate().isoformat()}:{digest}"
