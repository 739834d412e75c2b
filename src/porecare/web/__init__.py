"""porecare.web: the local web app (FastAPI, Jinja2 templates, a little vanilla JavaScript).

``create_app(data_dir)`` builds the app over a data folder (the same one the CLI uses);
``run_server(data_dir, host, port, open_browser)`` serves it with uvicorn (``porecare serve``
and ``porecare demo`` call it). Pages and JSON endpoints call the library only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from porecare.web._server import is_loopback, run_server

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "is_loopback", "run_server"]


def create_app(data_dir: Any, **options: Any) -> FastAPI:
    """Build the app over ``data_dir`` (see :func:`porecare.web._app.create_app`)."""
    from porecare.web._app import create_app as _create

    return _create(data_dir, **options)
