"""The CSRF check, run as a dependency of every route (so no route can forget it)."""

from __future__ import annotations

from fastapi import Request

from porecare.web._security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    UNSAFE_METHODS,
    csrf_matches,
)

__all__ = ["CsrfError", "require_csrf"]

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfError(Exception):
    """A state-changing request without the session's CSRF token."""


async def require_csrf(request: Request) -> None:
    """Refuse an unsafe request whose token (header or form field) differs from the cookie.

    The cookie is ``SameSite=Strict`` and ``HttpOnly``; pages carry the same token in a hidden
    field and a ``<meta>`` tag (for JSON requests from our own script).
    """
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(_FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not csrf_matches(expected, given):
        raise CsrfError(
            "this form has expired or did not come from porecare (CSRF check failed); "
            "reload the page and try again"
        )
