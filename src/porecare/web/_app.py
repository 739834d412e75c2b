"""The application factory: security middleware, routers, static files and error pages."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from porecare.errors import PorecareError, StorageFullError, StoreError
from porecare.web._csrf import CsrfError, require_csrf
from porecare.web._render import STATIC_DIR, render
from porecare.web._security import (
    LOOPBACK_HOSTS,
    SECURITY_HEADERS,
    SecurityMiddleware,
    back_link,
)
from porecare.web._services import Services
from porecare.web._wording import in_app_words

__all__ = ["MAX_BODY_BYTES", "MAX_UPLOAD_BYTES", "create_app"]

log = logging.getLogger("porecare.web")

#: Largest photo upload. Phone photos are 2-15 MB; HEIC/JPEG at 48 MP reach ~20 MB.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
#: Largest body of any other request (forms, JSON): an INCI list is a few KB.
MAX_BODY_BYTES = 256 * 1024
#: Room for the multipart form around an upload (boundaries, headers, the scale and token
#: fields), so a photo of exactly MAX_UPLOAD_BYTES is not refused for its envelope.
UPLOAD_ENVELOPE_BYTES = 64 * 1024
UPLOAD_PATHS = ("/photos", "/api/photos")


def create_app(
    data_dir: str | Path,
    *,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """Build the web app over the data folder ``data_dir`` (the same one the CLI uses).

    ``allowed_hosts``: the ``Host`` names served (default: loopback names only, which blocks
    DNS-rebinding attacks); pass an empty list to accept any host.
    """
    from porecare import __version__
    from porecare.web import _api, _files, _pages

    app = FastAPI(
        title="porecare",
        version=__version__,
        description=(
            "Local porecare app. JSON endpoints return the same shapes as the CLI's --json "
            "(each result's to_dict()). POST requests need the CSRF token from the "
            "`porecare_csrf` cookie in an `X-CSRF-Token` header."
        ),
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(require_csrf)],
    )
    app.state.services = Services(Path(data_dir))
    hosts = LOOPBACK_HOSTS if allowed_hosts is None else tuple(allowed_hosts)
    app.add_middleware(
        SecurityMiddleware,
        allowed_hosts=hosts,
        max_body=MAX_BODY_BYTES,
        max_upload_body=MAX_UPLOAD_BYTES + UPLOAD_ENVELOPE_BYTES,
        upload_paths=UPLOAD_PATHS,
    )
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(_pages.router)
    app.include_router(_api.router)
    app.include_router(_files.router)
    _install_error_handlers(app)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str) -> Response:
    response: Response
    message = in_app_words(message)
    if _is_api(request):
        response = JSONResponse({"error": message}, status_code=status)
    else:
        context = {"title": f"Error {status}", "message": message, "status": status}
        context.update(_back_link(request))
        response = render(request, "error.html", context, status_code=status)
    # A 500 is sent by Starlette's outermost middleware, past SecurityMiddleware: set the
    # headers here too (the middleware skips any already present).
    for name, value in SECURITY_HEADERS:
        response.headers[name.decode()] = value.decode()
    return response


def _back_link(request: Request) -> dict[str, str]:
    """After a failed form post, lead back to the page of that form rather than the start."""
    href, label = back_link(request.scope)
    return {"back_href": href, "back_label": label}


def _install_error_handlers(app: FastAPI) -> None:
    async def on_csrf(request: Request, exc: Exception) -> Response:
        return _error(request, 403, str(exc))

    async def on_porecare(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PorecareError)
        status = 503 if isinstance(exc, StoreError | StorageFullError) else 400
        return _error(request, status, exc.message)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        messages = {404: "not found", 405: "method not allowed"}
        detail = exc.detail if isinstance(exc.detail, str) else messages.get(exc.status_code, "")
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no page at {request.url.path}"
        return _error(request, exc.status_code, detail or "request refused")

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _error(request, 422, _validation_message(exc))

    async def on_database(request: Request, exc: Exception) -> Response:
        log.error("database error on %s: %s", request.url.path, exc)
        return _error(request, 503, f"database error: {exc}")

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error(request, 500, "internal error; the server log has the details")

    app.add_exception_handler(CsrfError, on_csrf)
    app.add_exception_handler(PorecareError, on_porecare)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(sqlite3.DatabaseError, on_database)
    app.add_exception_handler(Exception, on_unexpected)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"
