"""Store a photo in the data folder under its content hash, without EXIF, GPS or ICC metadata.

The stored copy is the decoded pixel data (after applying the EXIF orientation, so nothing is
lost by dropping the tag) re-encoded as PNG from a fresh image object: lossless, so pore
measurements on the copy equal those on the original, and nothing but pixels is written.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from porecare.errors import ImageError

__all__ = ["MAX_PHOTO_BYTES", "StoredPhoto", "clean_photo", "photo_path", "write_photo"]

MAX_PHOTO_BYTES = 64 * 1024 * 1024
MAX_PIXELS = 64_000_000
_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867
_DATE_TIME = 306


@dataclass(frozen=True)
class StoredPhoto:
    sha256: str
    data: bytes
    width: int
    height: int
    taken: date | None

    @property
    def filename(self) -> str:
        return f"photos/{self.sha256[:2]}/{self.sha256}.png"


def clean_photo(source: str | Path) -> StoredPhoto:
    """Read ``source`` and return its pixels as a metadata-free PNG (``ImageError`` if unreadable)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    path = Path(source)
    try:
        raw = _read_limited(path)
        _register_heif()
        with Image.open(io.BytesIO(raw)) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise ImageError(
                    f"{path}: {opened.width}x{opened.height} pixels is too large; "
                    f"at most {MAX_PIXELS // 1_000_000} megapixels"
                )
            taken = _date_taken(opened.getexif())
            upright = ImageOps.exif_transpose(opened)
            upright.load()
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise ImageError(f"{path}: not a readable image (JPEG, PNG, TIFF, WebP or HEIC)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise ImageError(f"{path}: no such file") from None
        raise ImageError(f"{path}: cannot decode the image ({exc})") from None
    mode = upright.mode if upright.mode in ("RGB", "L") else "RGB"
    pixels = upright.convert(mode)
    # A fresh image from raw bytes carries no info dict: no EXIF, GPS, ICC, XMP or text chunks.
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())
    buffer = io.BytesIO()
    bare.save(buffer, format="PNG")
    data = buffer.getvalue()
    return StoredPhoto(hashlib.sha256(data).hexdigest(), data, bare.width, bare.height, taken)


def _read_limited(path: Path) -> bytes:
    if path.is_dir():
        raise ImageError(f"{path}: is a folder, expected a photo file")
    with path.open("rb") as handle:
        raw = handle.read(MAX_PHOTO_BYTES + 1)
    if len(raw) > MAX_PHOTO_BYTES:
        raise ImageError(f"{path}: larger than {MAX_PHOTO_BYTES // 2**20} MiB")
    if not raw:
        raise ImageError(f"{path}: empty file")
    return raw


def _register_heif() -> None:
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pragma: no cover - pillow-heif is a dependency
        return
    register_heif_opener()


def _date_taken(exif: Any) -> date | None:
    values = [exif.get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL), exif.get(_DATE_TIME)]
    for value in values:
        if isinstance(value, str):
            try:
                return datetime.strptime(value.strip()[:19], "%Y:%m:%d %H:%M:%S").date()
            except ValueError:
                continue
    return None


def photo_path(data_dir: Path, filename: str) -> Path:
    return data_dir / filename


def write_photo(data_dir: Path, filename: str, data: bytes) -> bool:
    """Write ``data`` atomically (temp file in the same folder, fsync, rename); False if present."""
    target = photo_path(data_dir, filename)
    if target.exists() and target.stat().st_size == len(data):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return True
