"""Stored files, served only by content hash from the data folder (never by a given path)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response

from porecare.web._services import SHA256_RE, Services

__all__ = ["router"]

router = APIRouter(prefix="/files", include_in_schema=False)
_PRIVATE = {"Cache-Control": "private, max-age=31536000, immutable"}


def _check(sha256: str) -> str:
    if not SHA256_RE.match(sha256):
        raise HTTPException(404, "files are served by their 64-hex-digit content hash only")
    return sha256


@router.get("/photos/{sha256}.png")
def photo_file(request: Request, sha256: str) -> Response:
    services: Services = request.app.state.services
    path = services.photo_file(_check(sha256))
    if path is None:
        raise HTTPException(404, "no stored photo with that hash")
    return FileResponse(path, media_type="image/png", headers=_PRIVATE)
