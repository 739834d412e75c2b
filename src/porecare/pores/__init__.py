"""Pore measurement from photos: load, find regions and scale, detect, measure, compare.

>>> from porecare.pores import analyze_photo, compare_analyses
>>> before = analyze_photo("2026-01-01.jpg")            # doctest: +SKIP
>>> after = analyze_photo("2026-02-01.jpg")             # doctest: +SKIP
>>> compare_analyses(before, after).summary()           # doctest: +SKIP
'no measurable change: every difference is inside the method's repeatability'

Heavy libraries (numpy, OpenCV, scikit-image, MediaPipe) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from porecare.pores._analyze import PoreAnalysis, analyze_photo, load_analysis_file
from porecare.pores._compare import REPEATABILITY, Comparison, MetricChange, compare_analyses
from porecare.pores._face import Scale, face_available
from porecare.pores._load import LoadedImage, load_image
from porecare.pores._overlay import draw_overlay, save_overlay
from porecare.pores._quality import CAPTURE_GUIDANCE, QualityReport

if TYPE_CHECKING:
    from porecare.pores._detect import PoreDetections, detect_pores

__all__ = [
    "CAPTURE_GUIDANCE",
    "REPEATABILITY",
    "Comparison",
    "LoadedImage",
    "MetricChange",
    "PoreAnalysis",
    "PoreDetections",
    "QualityReport",
    "Scale",
    "analyze_photo",
    "compare_analyses",
    "detect_pores",
    "draw_overlay",
    "face_available",
    "load_analysis_file",
    "load_image",
    "save_overlay",
]


def __getattr__(name: str) -> object:
    # detect_pores imports numpy at module level; keep `import porecare.pores` light.
    if name in ("detect_pores", "PoreDetections"):
        from porecare.pores import _detect

        return getattr(_detect, name)
    raise AttributeError(f"module 'porecare.pores' has no attribute {name!r}")
