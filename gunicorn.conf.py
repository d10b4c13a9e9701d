"""gunicorn's settings: it reads ./gunicorn.conf.py by default, so bin/serve needs no flag for it."""

import gunicorn.http.wsgi

# No "Server: gunicorn" banner telling a scanner what to try; gunicorn has no setting for it.
_default_headers = gunicorn.http.wsgi.Response.default_headers


def _headers_without_server(response) -> list[str]:
    return [header for header in _default_headers(response) if not header.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _headers_without_server
