from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
