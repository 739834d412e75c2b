"""Pore metrics per region: count, density, size, area fraction and a 0-100 visibility score.

The physical measures follow Flament et al. 2015 (Clin Cosmet Investig Dermatol 8:85, pores of
2,585 women): density per cm², size in mm, and the percentage of skin area covered by pores.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["METRIC_NAMES", "VISIBILITY_E0", "pore_contrast", "region_metrics", "visibility"]

#: Metrics that ``compare`` reports (all scale-free or physical; ``count`` depends on the area).
METRIC_NAMES = (
    "density_per_cm2",
    "median_diameter_mm",
    "mean_diameter_mm",
    "area_fraction_pct",
    "visibility",
    "count",
)
#: Contrast-weighted pore area (mm² per cm² of skin) that scores 63 on the visibility scale.
VISIBILITY_E0 = 1.0


def visibility(area_px: np.ndarray, contrast: np.ndarray, skin_px: float) -> float:
    """The 0-100 pore visibility score.

    ``E = 100 * sum(area_i * contrast_i) / skin_area`` is the contrast-weighted area of pores per
    area of skin, in mm² per cm² (the unit cancels, so no scale is needed), where ``contrast_i``
    is how much darker the pore centre is than the skin around it (0-1). The score is
    ``100 * (1 - exp(-E / E0))`` with ``E0 = 1`` mm²/cm²: it grows with pore density, pore size
    and pore contrast, is 0 for pore-free skin and saturates towards 100. For example 50 pores
    per cm² of 0.35 mm diameter at 15 % contrast give E = 0.72 and a score of 51.
    """
    import numpy as np

    if skin_px <= 0:
        return 0.0
    exposure = 100.0 * float(np.sum(area_px * np.clip(contrast, 0.0, 1.0))) / skin_px
    return 100.0 * (1.0 - math.exp(-exposure / VISIBILITY_E0))


def pore_contrast(gray: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Relative darkness ``1 - I_pore / I_background`` of each pore (0 when not darker).

    ``I_pore`` is the mean of the 3x3 pixels at the centre; ``I_background`` the mean of the
    15x15 square around it without its central 7x7 (a ring about 0.25-0.5 mm out at the
    working resolution of ~14 px/mm), so the pore itself does not darken its own background.
    Box sums come from one integral image, so the cost does not depend on the image size.
    """
    import cv2
    import numpy as np

    if len(rows) == 0:
        return np.zeros(0)
    integral = cv2.integral(np.ascontiguousarray(gray, np.float32), sdepth=cv2.CV_64F)
    r = np.clip(np.round(rows).astype(int), 0, gray.shape[0] - 1)
    c = np.clip(np.round(cols).astype(int), 0, gray.shape[1] - 1)
    centre, _ = _box(integral, r, c, 1)
    outer, n_outer = _box(integral, r, c, 7)
    inner, n_inner = _box(integral, r, c, 3)
    ring = (outer - inner) / np.maximum(n_outer - n_inner, 1)
    level = centre / np.maximum(_box(integral, r, c, 1)[1], 1)
    return np.clip(1.0 - level / np.maximum(ring, 1e-3), 0.0, 1.0)


def _box(
    integral: np.ndarray, r: np.ndarray, c: np.ndarray, half: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sum and pixel count of the (2 half + 1)² squares centred on (r, c), cut at the border."""
    import numpy as np

    rows, cols = integral.shape[0] - 1, integral.shape[1] - 1
    r0, r1 = np.clip(r - half, 0, rows), np.clip(r + half + 1, 0, rows)
    c0, c1 = np.clip(c - half, 0, cols), np.clip(c + half + 1, 0, cols)
    total = integral[r1, c1] - integral[r0, c1] - integral[r1, c0] + integral[r0, c0]
    return total, ((r1 - r0) * (c1 - c0)).astype(float)


def region_metrics(
    diameter_px: np.ndarray,
    area_px: np.ndarray,
    contrast: np.ndarray,
    skin_px: float,
    px_per_mm: float | None,
) -> dict[str, Any]:
    """Count, density, diameters, area fraction and visibility for one region.

    Physical values (``density_per_cm2``, ``*_mm``, ``skin_area_cm2``) are None when the scale is
    unknown; the pixel values are always given.
    """
    import numpy as np

    count = len(diameter_px)
    has = count > 0
    out: dict[str, Any] = {
        "count": count,
        "skin_area_px": int(skin_px),
        "median_diameter_px": _r(float(np.median(diameter_px)) if has else None, 3),
        "mean_diameter_px": _r(float(np.mean(diameter_px)) if has else None, 3),
        "area_fraction_pct": _r(100.0 * float(np.sum(area_px)) / skin_px if skin_px else None, 4),
        "mean_contrast": _r(float(np.mean(contrast)) if has else None, 4),
        "visibility": _r(visibility(area_px, contrast, skin_px), 2),
        "skin_area_cm2": None,
        "density_per_cm2": None,
        "median_diameter_mm": None,
        "mean_diameter_mm": None,
    }
    if px_per_mm:
        area_cm2 = skin_px / px_per_mm**2 / 100.0
        out["skin_area_cm2"] = _r(area_cm2, 4)
        out["density_per_cm2"] = _r(count / area_cm2 if area_cm2 > 0 else None, 3)
        if has:
            out["median_diameter_mm"] = _r(out["median_diameter_px"] / px_per_mm, 4)
            out["mean_diameter_mm"] = _r(out["mean_diameter_px"] / px_per_mm, 4)
    return out


def _r(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)
