"""Read a photo safely into an RGB ``uint8`` array, upright (EXIF orientation applied).

Accepted: JPEG, PNG, WebP, TIFF, BMP and HEIC/HEIF (through ``pillow-heif``, registered on first
use); 1-, 8- and 16-bit; grayscale, palette, RGBA, LA, CMYK and YCbCr. Everything else, and files
that are empty, truncated, too large or decompression bombs, raise :class:`ImageError` with a
one-line message.
"""

from __future__ import annotations

import io
import math
import os
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from porecare.errors import ImageError

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

__all__ = ["MAX_FILE_BYTES", "MAX_PIXELS", "ImageSource", "LoadedImage", "load_image"]

#: Largest file read, in bytes. Phone photos are 2-15 MB; RAW-sized TIFFs reach ~100 MB.
MAX_FILE_BYTES = 120 * 1024 * 1024
#: Largest image, in pixels (~ a 100-megapixel sensor). Larger is refused before decoding.
MAX_PIXELS = 110_000_000

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF", "TIFF", "BMP", "MPO")
_ALLOWED_TEXT = "JPEG, PNG, WebP, HEIC/HEIF, TIFF or BMP"

ImageSource = str | os.PathLike[str] | bytes

_heif_lock = threading.Lock()
_heif_state: dict[str, bool] = {}


@dataclass(frozen=True)
class LoadedImage:
    """A decoded photo.

    Attributes
    ----------
    rgb : ndarray (rows, cols, 3) uint8
        The upright image. When ``scale < 1`` it was decoded at reduced size (JPEG draft mode);
        multiply its coordinates by ``1 / scale`` to get the original frame's.
    name : str
        The file name, or ``"<bytes>"``.
    format : str
        The container format as Pillow names it (``JPEG``, ``PNG``, ``WEBP``, ``HEIF`` ...).
    mode : str
        The stored pixel mode before conversion (``RGB``, ``I;16``, ``CMYK`` ...).
    size : tuple of int
        ``(width, height)`` of the upright original, in pixels.
    orientation : int
        The EXIF orientation tag (1 = already upright).
    scale : float
        Decoded size over original size (1.0 unless a reduced draft was asked for).
    """

    rgb: np.ndarray
    name: str
    format: str
    mode: str
    size: tuple[int, int]
    orientation: int = 1
    scale: float = 1.0
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, cols)`` of the decoded array."""
        return int(self.rgb.shape[0]), int(self.rgb.shape[1])

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "format": self.format,
            "mode": self.mode,
            "width": self.size[0],
            "height": self.size[1],
            "orientation": self.orientation,
            "decoded_scale": self.scale,
        }


def register_heif() -> bool:
    """Register the HEIC/HEIF opener with Pillow once; False when ``pillow-heif`` is missing."""
    with _heif_lock:
        if "ok" not in _heif_state:
            try:
                import pillow_heif

                pillow_heif.register_heif_opener()
                _heif_state["ok"] = True
            except ImportError:
                _heif_state["ok"] = False
        return _heif_state["ok"]


def load_image(
    source: ImageSource,
    *,
    max_pixels: int = MAX_PIXELS,
    max_bytes: int = MAX_FILE_BYTES,
    max_reduce: float = 1.0,
) -> LoadedImage:
    """Decode a photo into an upright RGB ``uint8`` array.

    Parameters
    ----------
    source : path or bytes
        The file to read, or its content.
    max_pixels, max_bytes : int
        Refuse images with more pixels (read from the header, before decoding) or files with
        more bytes: the decompression-bomb guard. Pillow's own ``Image.MAX_IMAGE_PIXELS`` check
        stays active behind it (its error becomes an ImageError too).
    max_reduce : float
        For JPEG only: let the decoder skip detail (``Image.draft``, 1/2, 1/4 or 1/8 size at a
        fraction of the cost) when that makes the image at most this many times smaller.
        ``LoadedImage.scale`` then says how much smaller it is.

    Raises
    ------
    ImageError
        Empty, truncated, oversized, unsupported or unreadable input.
    """
    data, name = _read_bytes(source, max_bytes)
    from PIL import Image

    image = _open(data, name, max_pixels)
    try:
        return _decode(image, name, max_reduce)
    except ImageError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(f"{name}: cannot decode the image ({_reason(exc)})") from exc


def _read_bytes(source: ImageSource, max_bytes: int) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = "<bytes>"
    else:
        path = Path(source)
        name = str(path)
        if not path.exists():
            raise ImageError(f"{name}: no such file")
        if path.is_dir():
            raise ImageError(f"{name}: is a folder, not an image file")
        size = path.stat().st_size
        if size > max_bytes:
            raise ImageError(
                f"{name}: file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB"
            )
        data = path.read_bytes()
    if not data:
        raise ImageError(f"{name}: the file is empty; expected a {_ALLOWED_TEXT} photo")
    if len(data) > max_bytes:
        raise ImageError(
            f"{name}: file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB"
        )
    return data, name


def _open(data: bytes, name: str, max_pixels: int) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    if _looks_like_heif(data) and not register_heif():
        raise ImageError(
            f"{name}: HEIC/HEIF needs the pillow-heif package (pip install pillow-heif)"
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns between MAX_IMAGE_PIXELS and 2x; we refuse by our own limit instead.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:
        raise ImageError(f"{name}: not an image file; expected {_ALLOWED_TEXT}") from exc
    except Image.DecompressionBombError as exc:
        raise ImageError(
            f"{name}: image is too large to open safely; the limit is "
            f"{max_pixels / 1e6:.0f} megapixels ({_reason(exc)})"
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"{name}: cannot read the image ({_reason(exc)})") from exc
    if image.format not in ALLOWED_FORMATS:
        raise ImageError(f"{name}: {image.format} images are not supported; use {_ALLOWED_TEXT}")
    width, height = image.size
    if width * height > max_pixels:
        raise ImageError(
            f"{name}: image is {width}x{height} = {width * height / 1e6:.0f} megapixels; "
            f"the limit is {max_pixels / 1e6:.0f} megapixels"
        )
    if width < 1 or height < 1:
        raise ImageError(f"{name}: image has no pixels")
    return image


def _looks_like_heif(data: bytes) -> bool:
    brand = data[8:12]
    return data[4:8] == b"ftyp" and brand[:3] in (b"hei", b"hev", b"mif", b"msf", b"avi")


def _decode(image: Image.Image, name: str, max_reduce: float) -> LoadedImage:
    import numpy as np

    fmt = str(image.format)
    mode = image.mode
    orientation = _orientation(image)
    width, height = image.size
    scale = 1.0
    if max_reduce >= 2 and fmt in ("JPEG", "MPO"):
        # draft() picks the smallest DCT scale whose size is still >= the requested size.
        image.draft("RGB", (math.ceil(width / max_reduce), math.ceil(height / max_reduce)))
        scale = image.size[0] / width
    image.load()
    # Upright photos (orientation 1, the usual case) skip the transpose and its 36 MB copy.
    upright = _exif_transpose(image) if orientation != 1 else image
    rgb = np.ascontiguousarray(_to_rgb8(upright))
    upright_size = (width, height) if orientation < 5 else (height, width)
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.size == 0:
        raise ImageError(f"{name}: decoded to an unexpected shape {rgb.shape}")
    return LoadedImage(
        rgb=rgb,
        name=name,
        format="HEIF" if fmt == "HEIF" else fmt,
        mode=mode,
        size=upright_size,
        orientation=orientation,
        scale=scale,
    )


def _orientation(image: Image.Image) -> int:
    try:
        value = int(image.getexif().get(0x0112, 1))
    except Exception:  # a broken EXIF block must not stop the photo from loading
        return 1
    return value if 1 <= value <= 8 else 1


def _exif_transpose(image: Image.Image) -> Image.Image:
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # malformed EXIF: keep the stored orientation rather than fail
        return image


def _to_rgb8(image: Image.Image) -> np.ndarray:
    """Convert any Pillow mode to RGB uint8, scaling 16/32-bit data instead of clipping it."""
    import numpy as np

    mode = image.mode
    if mode == "RGB":
        return np.asarray(image)
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        gray = np.asarray(image).astype(np.float32)
        peak = float(gray.max()) if gray.size else 0.0
        top = 65535.0 if (mode.startswith("I;16") or peak > 255) else 255.0
        gray8 = np.clip(gray / top * 255.0 + 0.5, 0, 255).astype(np.uint8)
        return np.repeat(gray8[..., None], 3, axis=2)
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        # Transparent pixels become white, as most viewers show them; skin stays untouched.
        background = _white(rgba.size)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return np.asarray(background)
    return np.asarray(image.convert("RGB"))


def _white(size: tuple[int, int]) -> Image.Image:
    from PIL import Image

    return Image.new("RGB", size, (255, 255, 255))


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]
