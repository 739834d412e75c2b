"""Security for the local app: headers, CSRF, request-size limits and host checks.

The app binds to loopback, but a page on any other site the user visits can still send
requests to ``127.0.0.1`` (cross-site form posts) or resolve its own name to it (DNS
rebinding). So every state-changing request must carry the per-session CSRF token, and the
``Host`` header must name this machine unless the user chose another host on purpose.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from collections.abc import Iterable
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SECURITY_HEADERS",
    "SecurityMiddleware",
    "back_link",
    "csrf_matches",
]

CSRF_COOKIE = "porecare_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(self), geolocation=(), microphone=()"),
)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of the cookie token with the submitted one."""
    if not expected or not given or not _TOKEN_RE.match(expected):
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def _cookie_token(headers: Headers) -> str | None:
    raw = headers.get("cookie", "")
    for part in raw.split(";"):
        name, _, value = part.strip().partition("=")
        if name == CSRF_COOKIE and _TOKEN_RE.match(value):
            return value
    return None


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0] if ":" in host_header else host_header


class SecurityMiddleware:
    """Pure ASGI middleware: host check, body-size cap, CSRF cookie, security headers.

    The CSRF *check* of form fields happens in a router-wide dependency (the body must be
    parsed once, by the framework); this middleware checks what it can without the body:
    a header token for JSON requests, ``Sec-Fetch-Site`` and ``Origin`` for every unsafe one.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Iterable[str],
        max_body: int,
        max_upload_body: int,
        upload_paths: Iterable[str],
    ) -> None:
        self.app = app
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.max_body = max_body
        self.max_upload_body = max_upload_body
        self.upload_paths = tuple(upload_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        token = _cookie_token(headers)
        set_cookie = token is None
        if token is None:
            token = new_token()
        scope.setdefault("state", {})["csrf_token"] = token

        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                elapsed = (time.perf_counter() - started) * 1000
                raw.append((b"server-timing", f"app;dur={elapsed:.2f}".encode()))
                present = {name.lower() for name, _ in raw}
                raw.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if set_cookie:
                    cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                    raw.append((b"set-cookie", cookie.encode()))
                message["headers"] = raw
            await send(message)

        problem = self._reject_reason(scope, headers)
        if problem is not None:
            await _plain_error(scope, problem[0], problem[1], send_with_headers)
            return
        upload = self._is_upload(scope)
        limit = self.max_upload_body if upload else self.max_body
        await self.app(scope, _limited(receive, limit, upload=upload), send_with_headers)

    def _is_upload(self, scope: Scope) -> bool:
        return any(scope["path"].startswith(p) for p in self.upload_paths)

    def _reject_reason(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        host = _host_name(headers.get("host", "")).lower()
        if self.allowed_hosts and host not in self.allowed_hosts:
            return 400, f"host {host!r} is not served here; open http://127.0.0.1 instead"
        if scope["method"] not in UNSAFE_METHODS:
            return None
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return 403, "cross-site request refused (CSRF protection)"
        origin = headers.get("origin")
        # Host *and port*: another app on this machine (localhost:3000) is another origin.
        # "null" is what browsers send for our own forms under Referrer-Policy: no-referrer;
        # the token and Sec-Fetch-Site still guard those.
        if origin not in (None, "null") and (
            origin.split("://", 1)[-1].lower() != headers.get("host", "").lower()
        ):
            return 403, "request from another origin refused (CSRF protection)"
        length = headers.get("content-length")
        upload = self._is_upload(scope)
        limit = self.max_upload_body if upload else self.max_body
        if length is not None and length.isdigit() and int(length) > limit:
            return 413, _too_large(limit, upload=upload, size=int(length))
        return None


def _too_large(limit: int, *, upload: bool, size: int | None = None) -> str:
    if upload:
        # The cap includes a little room for the form around the file: round down to MB.
        return f"the photo is larger than {limit // (1024 * 1024)} MB; choose a smaller photo"
    shown = f"{size} bytes" if size is not None else f"larger than {limit} bytes"
    return f"request body is {shown}; at most {limit} bytes allowed"


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body outgrows the cap (an HTTP error, so the
    framework's body parser passes it through instead of calling it a parse error)."""

    def __init__(self, limit: int, *, upload: bool = False) -> None:
        super().__init__(413, _too_large(limit, upload=upload))
        self.limit = limit


def _limited(receive: Receive, limit: int, *, upload: bool = False) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit, upload=upload)
        return message

    return wrapped


async def _plain_error(scope: Scope, status: int, text: str, send: Any) -> None:
    import json

    if scope["path"].startswith("/api/"):
        body = json.dumps({"error": text}).encode()
        ctype = b"application/json"
    else:
        body = _error_html(status, text, back_link(scope)).encode()
        ctype = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def back_link(scope: Scope) -> tuple[str, str]:
    """A refused form post leads back to its page (the nav section it belongs to)."""
    section = scope["path"].strip("/").split("/")[0]
    if scope["method"] == "POST" and section in _FORM_SECTIONS:
        return f"/{section}", f"Back to {_FORM_SECTIONS[section]}"
    return "/", "Back to porecare"


_FORM_SECTIONS = {
    "quiz": "the quiz",
    "plan": "Plan",
    "today": "Today",
    "shelf": "Shelf",
    "photos": "Photos",
}


def _error_html(status: int, text: str, back: tuple[str, str]) -> str:
    from html import escape

    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Error {status} · porecare</title><link rel="stylesheet" href="/static/app.css">'
        f'</head><body><main class="page"><h1>Error {status}</h1><p role="alert">{escape(text)}</p>'
        f'<p><a href="{back[0]}">{back[1]}</a></p></main></body></html>'
    )
