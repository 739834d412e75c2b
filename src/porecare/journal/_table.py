"""Pore measurements of the stored photos as one CSV table (a spreadsheet, a clinic's records).

One row per photo and skin region, ``overall`` first; a photo that could not be measured has one
row with its reason. Values are the stored analysis's, unrounded; lengths in mm need a scale
(``px_per_mm``), without one they are empty and only the pixel columns are filled.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from porecare.journal._labels import METRICS

__all__ = ["MEASUREMENT_COLUMNS", "measurements_csv"]

_METRICS = (
    *METRICS,  # the pore metrics, as the CLI and the plot name them
    "skin_area_cm2",
    "median_diameter_px",
    "mean_diameter_px",
    "skin_area_px",
)
MEASUREMENT_COLUMNS = (
    "photo_id",
    "date",
    "region",
    *_METRICS,
    "px_per_mm",
    "scale_source",
    "scale_uncertainty_px_per_mm",
    "quality_ok",
    "note",
    "sha256",
)


def measurements_csv(photos: Iterable[Mapping[str, Any]]) -> str:
    """The table for ``StoredPhoto.to_dict()`` records (oldest first), as CSV text."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MEASUREMENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for photo in photos:
        writer.writerows(_rows(photo))
    return out.getvalue()


def _rows(photo: Mapping[str, Any]) -> list[dict[str, Any]]:
    head = {"photo_id": photo.get("id"), "date": photo.get("date"), "sha256": photo.get("sha256")}
    analysis = photo.get("analysis")
    if not isinstance(analysis, Mapping):
        note = photo.get("analysis_error") or "not measured"
        return [{**head, "region": "", "note": note}]
    scale = analysis.get("scale") or {}
    quality = analysis.get("quality") or {}
    tail = {
        "px_per_mm": scale.get("px_per_mm"),
        "scale_source": scale.get("source"),
        "scale_uncertainty_px_per_mm": scale.get("uncertainty_px_per_mm"),
        "quality_ok": quality.get("ok"),
        "note": "; ".join(str(w) for w in analysis.get("warnings") or ()),
    }
    metrics = analysis.get("metrics") or {}
    # "overall" first, then the regions in a stable order; a frame-only analysis has both.
    regions = sorted(metrics, key=lambda name: (name != "overall", name))
    return [
        {**head, "region": region, **{k: metrics[region].get(k) for k in _METRICS}, **tail}
        for region in regions
        if isinstance(metrics[region], Mapping)
    ]
