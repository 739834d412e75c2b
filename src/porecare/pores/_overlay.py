"""Draw the measured regions and the detected pores on the photo."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from porecare.errors import ImageError

if TYPE_CHECKING:
    import numpy as np

    from porecare.pores._analyze import PoreAnalysis

__all__ = ["check_overlay_path", "draw_overlay", "save_overlay"]

_REGION_COLOURS = {
    "forehead": (255, 200, 0),
    "nose": (0, 200, 255),
    "left_cheek": (0, 255, 120),
    "right_cheek": (255, 90, 220),
}
_PORE_COLOUR = (255, 40, 40)


def draw_overlay(rgb: np.ndarray, analysis: PoreAnalysis) -> np.ndarray:
    """Return a copy of ``rgb`` (the upright photo) with region outlines and pore circles.

    ``rgb`` must be the photo in the frame the analysis' coordinates refer to (the original
    size after EXIF rotation); a different size is rescaled to it.
    """
    import cv2
    import numpy as np

    width = int(analysis.image.get("width", rgb.shape[1]))
    height = int(analysis.image.get("height", rgb.shape[0]))
    canvas = np.ascontiguousarray(rgb)
    if canvas.shape[:2] != (height, width):
        canvas = cv2.resize(canvas, (width, height), interpolation=cv2.INTER_LINEAR)
    canvas = canvas.copy()
    line = max(1, round(max(width, height) / 800))
    for name, region in analysis.regions.items():
        colour = _REGION_COLOURS.get(name, (255, 255, 0))
        for polygon in region.get("outline", []):
            points = np.round(np.array(polygon) * 8).astype(np.int32).reshape(-1, 1, 2)
            cv2.polylines(canvas, [points], True, colour, line, cv2.LINE_AA, shift=3)
    for pore in analysis.pores:
        centre = (round(pore["x"] * 8), round(pore["y"] * 8))
        radius = max(round((pore["diameter_px"] / 2 + 1) * 8), 8)
        cv2.circle(canvas, centre, radius, _PORE_COLOUR, 1, cv2.LINE_AA, shift=3)
    return canvas


def save_overlay(rgb: np.ndarray, analysis: PoreAnalysis, path: str | os.PathLike[str]) -> Path:
    """Draw the overlay and write it as PNG (or JPEG/WebP by the file's suffix)."""
    from PIL import Image

    out = check_overlay_path(path)
    image = Image.fromarray(draw_overlay(rgb, analysis))
    if out.suffix.lower() == ".png":
        # Still lossless; level 1 writes a 12 MP overlay in ~0.4 s instead of ~1.2 s (level 6).
        image.save(out, compress_level=1)
    else:
        image.save(out)
    return out


def check_overlay_path(path: str | os.PathLike[str]) -> Path:
    """The overlay file as a Path, or an ImageError saying why it cannot be written."""
    out = Path(path)
    if out.suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp"):
        raise ImageError(f"{out}: overlay must be a .png, .jpg or .webp file")
    if not out.parent.is_dir():
        raise ImageError(f"{out}: folder {out.parent} does not exist")
    return out
