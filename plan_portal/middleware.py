from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class VietnameseByDefaultMiddleware:
    """Speak Vietnamese unless the user picked another language with the switch (its cookie).

    Many civil servants' browsers are set to English; the browser's Accept-Language must not
    override the portal's default, so it is ignored before LocaleMiddleware reads it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing a logged-in user or an API client was shown stays in a browser's or a proxy's cache:
    a shared office computer would otherwise give the next person its pages and downloads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or getattr(request, "api_client", None) is not None:
            patch_cache_control(response, private=True, no_store=True)
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The address the lockout counts failures against (settings.TRUSTED_PROXY_COUNT)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
