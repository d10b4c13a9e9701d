from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home page; until those exist, a plain welcome."""
    return render(request, "home.html")
