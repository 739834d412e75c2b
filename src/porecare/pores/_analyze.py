"""``analyze_photo``: load -> face regions and scale -> skin mask -> quality -> detect -> metrics.

Everything in the result is in the original photo's pixel frame after EXIF rotation (what any
viewer shows), whatever resolution the work was done at.

Speed (``bench/pores_speed.py``): when the whole frame is the skin (no face, no mask),
detection starts right after the face search, on its own threads, while the skin masks and the
quality report are computed; large images are detected in tiles in parallel
(`porecare.pores._tiled`). Against the previous order (masks, quality, then one detection pass)
the pores agree to F1 0.98-0.99 (matched within 1 px).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from porecare.errors import ImageError, QualityError, UsageError
from porecare.pores._face import Scale
from porecare.pores._load import ImageSource, LoadedImage, load_image
from porecare.pores._quality import QualityReport

if TYPE_CHECKING:
    import numpy as np

    from porecare.pores._detect import PoreDetections
    from porecare.pores._face import Face

__all__ = ["SCHEMA_VERSION", "PoreAnalysis", "analyze_photo"]

SCHEMA_VERSION = 1
#: Skin masks and quality are computed at this resolution (the detector's own working scale).
WORK_PX_PER_MM = 14.0
#: Detections wider than this are not counted as pores: the detector searches 0.08-0.6 mm, and a
#: dark spot over 1 mm is a mole, a shadow or a sign that the photo is too coarse.
MAX_PORE_DIAMETER_MM = 1.0
#: Without a scale, masks and quality run on at most this many pixels.
_MAX_WORK_PIXELS = 4_000_000

MaskSource = str | os.PathLike[str] | bytes | Any


@dataclass
class PoreAnalysis:
    """The result of :func:`analyze_photo`; ``to_dict()`` is the JSON the CLI, web and journal use.

    Attributes
    ----------
    pores : list of dict
        ``x``, ``y`` (column, row in the original photo after EXIF rotation), ``diameter_px``,
        ``area_px``, ``region``, ``score``, ``contrast``.
    regions : dict
        Per region (``forehead``, ``nose``, ``left_cheek``, ``right_cheek``; or ``mask``; or
        ``frame``): ``source``, ``skin_area_px``, ``shine_fraction`` and ``outline`` (polygons
        of ``[x, y]`` points).
    metrics : dict
        ``overall`` and one entry per region (see :func:`porecare.pores._metrics.region_metrics`).
    quality : QualityReport
    scale : Scale
    warnings : list of str
    image : dict
        Name, format, mode, size and EXIF orientation of the photo.
    """

    pores: list[dict[str, Any]]
    regions: dict[str, dict[str, Any]]
    metrics: dict[str, dict[str, Any]]
    quality: QualityReport
    scale: Scale
    warnings: list[str] = field(default_factory=list)
    image: dict[str, Any] = field(default_factory=dict)

    @property
    def overall(self) -> dict[str, Any]:
        return self.metrics.get("overall", {})

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "image": dict(self.image),
            "pores": [dict(p) for p in self.pores],
            "regions": {k: dict(v) for k, v in self.regions.items()},
            "metrics": {k: dict(v) for k, v in self.metrics.items()},
            "quality": self.quality.to_dict(),
            "scale": self.scale.to_dict(),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: Any) -> PoreAnalysis:
        """Read back a dict made by :meth:`to_dict` (e.g. from the journal or a JSON file)."""
        if not isinstance(data, dict):
            raise ImageError(f"a pore analysis must be a JSON object, got {type(data).__name__}")
        missing = [k for k in ("pores", "metrics", "quality", "scale") if k not in data]
        if missing:
            raise ImageError(f"not a porecare pore analysis: missing {', '.join(missing)}")
        try:
            schema = int(data.get("schema", 1))
            if schema > SCHEMA_VERSION:
                raise ImageError(
                    f"pore analysis schema {schema} is newer than this porecare "
                    f"({SCHEMA_VERSION}); upgrade porecare"
                )
            return cls(
                pores=[dict(p) for p in data["pores"]],
                regions={k: dict(v) for k, v in data.get("regions", {}).items()},
                metrics={k: dict(v) for k, v in data["metrics"].items()},
                quality=QualityReport.from_dict(dict(data["quality"])),
                scale=Scale.from_dict(dict(data["scale"])),
                warnings=[str(w) for w in data.get("warnings", [])],
                image=dict(data.get("image", {})),
            )
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise ImageError(f"malformed pore analysis: {exc}") from exc


@dataclass
class _Frame:
    """The working copy: a crop of the decoded image around the skin, at ``factor`` scale."""

    rgb: np.ndarray  # decoded resolution, cropped
    offset: tuple[int, int]  # (row, col) of the crop in the decoded image
    factor: float  # working / decoded
    gray: np.ndarray  # working resolution, float32 0-1
    regions: dict[str, np.ndarray]  # refined skin masks at working resolution
    shine: dict[str, float]
    chroma: tuple[float, float] | None  # median (Cr, Cb) of the refined skin


def analyze_photo(
    source: ImageSource | LoadedImage,
    *,
    px_per_mm: float | None = None,
    mask: MaskSource | None = None,
    check_quality: bool = False,
) -> PoreAnalysis:
    """Find and measure pores in a face photo or a skin close-up.

    Parameters
    ----------
    source : path, bytes or LoadedImage
        The photo (JPEG, PNG, WebP, HEIC/HEIF ...).
    px_per_mm : float, optional
        Scale at the skin in the original photo. Default: from the iris when a face is found,
        else unknown (metrics in pixels only; physical metrics None, with a warning).
    mask : path, bytes or bool array, optional
        Skin to measure (nonzero = skin), the size of the upright photo. Default: cheeks, nose
        and forehead from face landmarks, else the whole frame (with a warning).
    check_quality : bool
        Raise :class:`QualityError` (with a hint) when the photo fails the quality limits.

    Returns
    -------
    PoreAnalysis

    Notes
    -----
    The method's routine promises "visibly smoother skin"; this measures pores as Flament et
    al. 2015 (Clin Cosmet Investig Dermatol 8:85) report them: density per cm², size in mm and
    percentage of skin area.
    """
    from concurrent.futures import ThreadPoolExecutor

    from porecare.pores._tiled import detect_tiled

    ppm = _check_px_per_mm(px_per_mm)
    loaded = _load(source, ppm)
    warnings: list[str] = []
    user_mask = _load_mask(mask, loaded) if mask is not None else None
    face, scale = _scale_and_face(loaded, ppm, user_mask, warnings)
    ppm_decoded = scale.px_per_mm * loaded.scale if scale.px_per_mm else None
    with ThreadPoolExecutor(max_workers=1) as background:
        # The whole frame is the skin to search: detection need not wait for the skin masks
        # and the quality report, which run meanwhile; `_assign` keeps the pores on the skin.
        early = (
            background.submit(detect_tiled, loaded.rgb, px_per_mm=ppm_decoded, mask=None)
            if face is None and user_mask is None
            else None
        )
        frame = _frame(loaded, face, user_mask, scale, warnings)
        quality = _quality(frame, scale, loaded)
        if check_quality and not quality.ok:
            raise QualityError(quality.message(), ", ".join(quality.hints()))
        found = early.result() if early is not None else _detect_on_skin(frame, ppm_decoded)
    pores, per_region = _assign(found, frame, loaded, _max_diameter_px(scale), warnings)
    metrics = _metrics(pores, per_region, frame, loaded, scale)
    warnings.extend(f"quality: {m} ({h})" for _, m, h in quality.problems)
    return PoreAnalysis(
        pores=pores,
        regions=_region_info(frame, loaded, "mask" in frame.regions, "frame" in frame.regions),
        metrics=metrics,
        quality=quality,
        scale=scale,
        warnings=warnings,
        image=loaded.to_dict(),
    )


def _check_px_per_mm(value: float | None) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0.5 <= value <= 1000:
        raise UsageError(f"px_per_mm must be a number between 0.5 and 1000, got {value!r}")
    return float(value)


def _load(source: ImageSource | LoadedImage, ppm: float | None) -> LoadedImage:
    if isinstance(source, LoadedImage):
        return source
    # A known fine scale lets JPEG decoding skip detail the detector would average away.
    reduce = ppm / WORK_PX_PER_MM if ppm else 1.0
    return load_image(source, max_reduce=reduce)


def _load_mask(mask: MaskSource, loaded: LoadedImage) -> np.ndarray:
    import cv2
    import numpy as np

    if isinstance(mask, np.ndarray):
        array = mask if mask.ndim == 2 else mask[..., 0]
        name = "mask array"
    else:
        try:
            image = load_image(mask)
        except ImageError as exc:
            raise ImageError(f"mask: {exc}") from exc
        array = image.rgb.max(axis=2)
        name = image.name
    width, height = loaded.size
    if array.shape != (height, width):
        raise ImageError(
            f"{name}: mask is {array.shape[1]}x{array.shape[0]} but the photo is "
            f"{width}x{height}; the mask must have the photo's size (nonzero = skin)"
        )
    binary = array > 0
    if not binary.any():
        raise ImageError(f"{name}: mask is empty; nonzero pixels mark the skin to measure")
    if loaded.scale != 1.0:
        rows, cols = loaded.shape
        binary = (
            cv2.resize(binary.astype(np.uint8), (cols, rows), interpolation=cv2.INTER_NEAREST) > 0
        )
    return binary


def _scale_and_face(
    loaded: LoadedImage, ppm: float | None, user_mask: np.ndarray | None, warnings: list[str]
) -> tuple[Face | None, Scale]:
    from porecare.pores._face import find_face, scale_from_face

    face = None
    if ppm is None or user_mask is None:
        search = find_face(loaded.rgb)
        face = search.face
        if face is None and ppm is None:
            warnings.append(
                f"scale unknown ({search.reason}): metrics are in pixels only; "
                "give --px-per-mm for physical units"
            )
    if ppm is not None:
        return face, Scale(ppm, "user", None, None, "given by the user")
    if face is None:
        return None, Scale(None, "unknown", detail="no face and no --px-per-mm")
    decoded = scale_from_face(face)
    return face, Scale(
        decoded.px_per_mm / loaded.scale if decoded.px_per_mm else None,
        decoded.source,
        decoded.relative_uncertainty,
        decoded.jitter,
        decoded.detail,
    )


def _frame(
    loaded: LoadedImage,
    face: Face | None,
    user_mask: np.ndarray | None,
    scale: Scale,
    warnings: list[str],
) -> _Frame:
    """Crop to the skin, go to the working resolution, draw the regions and refine them."""
    import cv2
    import numpy as np

    from porecare.pores._face import region_masks
    from porecare.pores._quality import refine_skin

    r0, r1, c0, c1 = _crop_box(loaded, face, user_mask)
    rgb = loaded.rgb[r0:r1, c0:c1]
    ppm = scale.px_per_mm * loaded.scale if scale.px_per_mm else None
    factor = min(1.0, WORK_PX_PER_MM / ppm) if ppm else 1.0
    factor = min(factor, math.sqrt(_MAX_WORK_PIXELS / max(rgb.shape[0] * rgb.shape[1], 1)))
    size = (max(round(rgb.shape[1] * factor), 1), max(round(rgb.shape[0] * factor), 1))
    small = rgb if factor == 1.0 else cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    shape = (small.shape[0], small.shape[1])
    regions: dict[str, np.ndarray] = {}
    if user_mask is not None:
        crop = user_mask[r0:r1, c0:c1].astype(np.uint8)
        regions["mask"] = cv2.resize(crop, size, interpolation=cv2.INTER_NEAREST) > 0
    elif face is not None:
        drawn = region_masks(face, shape, factor=factor, origin=(c0, r0))
        regions = {k: v for k, v in drawn.items() if v.any()}
    if not regions:
        if user_mask is None:
            warnings.append(
                "no face regions: measuring the whole frame (use --mask to choose the skin)"
            )
        regions = {"frame": np.ones(shape, bool)}
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    refined, shine = refine_skin(small, regions, reference=("left_cheek", "right_cheek"))
    return _Frame(rgb, (r0, c0), factor, gray, refined, shine, _median_chroma(small, refined))


def _median_chroma(rgb: np.ndarray, skin: dict[str, np.ndarray]) -> tuple[float, float] | None:
    import cv2
    import numpy as np

    union = _union(skin)
    step = max(1, int(math.sqrt(int(union.sum()) / 50_000)))
    sample = rgb[::step, ::step][union[::step, ::step]]
    if len(sample) == 0:
        return None
    ycc = cv2.cvtColor(sample.reshape(-1, 1, 3), cv2.COLOR_RGB2YCrCb).reshape(-1, 3)
    return float(np.median(ycc[:, 1])), float(np.median(ycc[:, 2]))


def _crop_box(
    loaded: LoadedImage, face: Face | None, user_mask: np.ndarray | None
) -> tuple[int, int, int, int]:
    rows, cols = loaded.shape
    if user_mask is not None:
        return _bbox(user_mask, loaded.shape, margin=16)
    if face is None:
        return 0, rows, 0, cols
    x0, y0, x1, y1 = face.bbox()
    pad = 0.05 * (x1 - x0)
    return (
        max(int(y0 - pad), 0),
        min(int(y1 + pad) + 1, rows),
        max(int(x0 - pad), 0),
        min(int(x1 + pad) + 1, cols),
    )


def _quality(frame: _Frame, scale: Scale, loaded: LoadedImage) -> QualityReport:
    from porecare.pores._quality import assess_quality

    skin = _union(frame.regions)
    total = sum(int(m.sum()) for m in frame.regions.values())
    shine = sum(frame.shine[k] * int(m.sum()) for k, m in frame.regions.items())
    report = assess_quality(
        frame.gray,
        skin,
        shine_fraction=shine / max(total, 1),
        px_per_mm=scale.px_per_mm,
        skin_chroma=frame.chroma,
    )
    # skin_pixels in the original frame's units, comparable between photos
    report.measures["skin_pixels"] = round(
        report.measures["skin_pixels"] / (frame.factor * loaded.scale) ** 2
    )
    return report


def _detect_on_skin(frame: _Frame, ppm_decoded: float | None) -> PoreDetections:
    """Detection limited to the refined skin regions (face regions or a user's mask)."""
    from porecare.pores._tiled import detect_tiled

    full_mask = _upsample(_union(frame.regions), (frame.rgb.shape[0], frame.rgb.shape[1]))
    return detect_tiled(frame.rgb, px_per_mm=ppm_decoded, mask=full_mask)


def _max_diameter_px(scale: Scale) -> float:
    """Largest equivalent diameter (original pixels) still counted as a pore."""
    return MAX_PORE_DIAMETER_MM * scale.px_per_mm if scale.px_per_mm else math.inf


def _assign(
    found: Any, frame: _Frame, loaded: LoadedImage, max_diameter: float, warnings: list[str]
) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
    """Pores on the refined skin as JSON-ready dicts in original pixels, and indices per region."""
    import numpy as np

    from porecare.pores._metrics import pore_contrast

    names = list(frame.regions)
    wr = (np.asarray(found.rows) + 0.5) * frame.factor - 0.5
    wc = (np.asarray(found.cols) + 0.5) * frame.factor - 0.5
    which = _region_index(frame, wr, wc)
    contrast = pore_contrast(frame.gray, wr, wc)
    back = 1.0 / loaded.scale
    width, height = loaded.size
    # Sub-pixel centroids of pores cut by the border can fall just outside it.
    xs = np.clip((np.asarray(found.cols) + frame.offset[1] + 0.5) * back - 0.5, 0, width - 1)
    ys = np.clip((np.asarray(found.rows) + frame.offset[0] + 0.5) * back - 0.5, 0, height - 1)
    large = (which > 0) & (np.asarray(found.diameter_px) * back > max_diameter)
    if large.any():
        warnings.append(
            f"{int(large.sum())} dark spots wider than {MAX_PORE_DIAMETER_MM} mm ignored "
            "(not pores: moles, shadows, or the photo is too coarse)"
        )
    keep = np.flatnonzero((which > 0) & ~large)
    columns = zip(
        np.round(xs[keep], 2).tolist(),
        np.round(ys[keep], 2).tolist(),
        np.round(np.asarray(found.diameter_px)[keep] * back, 3).tolist(),
        np.round(np.asarray(found.area_px)[keep] * back * back, 2).tolist(),
        [names[int(w) - 1] for w in which[keep]],
        np.round(np.asarray(found.score)[keep], 4).tolist(),
        np.round(contrast[keep], 4).tolist(),
        strict=True,
    )
    keys = ("x", "y", "diameter_px", "area_px", "region", "score", "contrast")
    pores = [dict(zip(keys, values, strict=True)) for values in columns]
    per_region: dict[str, list[int]] = {name: [] for name in names}
    for index, pore in enumerate(pores):
        per_region[pore["region"]].append(index)
    return pores, per_region


def _region_index(frame: _Frame, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """1-based index into ``frame.regions`` of each working-resolution point; 0 = not skin."""
    import numpy as np

    label = np.zeros(frame.gray.shape, np.int16)
    for i, mask in enumerate(frame.regions.values(), start=1):
        label[mask & (label == 0)] = i
    if len(rows) == 0:
        return np.zeros(0, int)
    ri = np.clip(np.round(rows).astype(int), 0, label.shape[0] - 1)
    ci = np.clip(np.round(cols).astype(int), 0, label.shape[1] - 1)
    return label[ri, ci].astype(int)


def _metrics(
    pores: list[dict[str, Any]],
    per_region: dict[str, list[int]],
    frame: _Frame,
    loaded: LoadedImage,
    scale: Scale,
) -> dict[str, dict[str, Any]]:
    import numpy as np

    from porecare.pores._metrics import region_metrics

    to_original = 1.0 / (frame.factor * loaded.scale) ** 2

    def measure(indices: list[int], skin_px: float) -> dict[str, Any]:
        d = np.array([pores[i]["diameter_px"] for i in indices], float)
        a = np.array([pores[i]["area_px"] for i in indices], float)
        c = np.array([pores[i]["contrast"] for i in indices], float)
        return region_metrics(d, a, c, skin_px, scale.px_per_mm)

    out = {}
    total_skin = 0.0
    for name, indices in per_region.items():
        skin_px = float(frame.regions[name].sum()) * to_original
        total_skin += skin_px
        out[name] = measure(indices, skin_px)
    overall = measure(list(range(len(pores))), total_skin)
    return {"overall": overall, **out}


def _region_info(
    frame: _Frame, loaded: LoadedImage, from_mask: bool, whole_frame: bool
) -> dict[str, dict[str, Any]]:
    source = "mask" if from_mask else "frame" if whole_frame else "face_mesh"
    to_original = 1.0 / (frame.factor * loaded.scale)
    out = {}
    for name, mask in frame.regions.items():
        out[name] = {
            "source": source,
            "skin_area_px": round(float(mask.sum()) * to_original**2),
            "shine_fraction": round(frame.shine[name], 4),
            "outline": _outline(mask, frame, loaded.scale),
        }
    return out


def _outline(mask: np.ndarray, frame: _Frame, decoded_scale: float) -> list[list[list[float]]]:
    """Outer contours of a working-resolution mask as ``[x, y]`` polygons in the original."""
    import cv2
    import numpy as np

    contours, _ = cv2.findContours(
        mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    polygons = []
    big = sorted(contours, key=cv2.contourArea, reverse=True)[:8]
    for contour in big:
        if cv2.contourArea(contour) < 0.002 * mask.size:
            continue
        simple = cv2.approxPolyDP(contour, 1.5, True).reshape(-1, 2).astype(float)
        xs = (simple[:, 0] / frame.factor + frame.offset[1]) / decoded_scale
        ys = (simple[:, 1] / frame.factor + frame.offset[0]) / decoded_scale
        polygons.append([[round(x, 1), round(y, 1)] for x, y in zip(xs, ys, strict=True)])
    return polygons


def _union(masks: dict[str, np.ndarray]) -> np.ndarray:
    import numpy as np

    it = iter(masks.values())
    out = np.array(next(it), bool)
    for mask in it:
        out |= mask
    return out


def _bbox(mask: np.ndarray, shape: tuple[int, int], margin: int) -> tuple[int, int, int, int]:
    import numpy as np

    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if len(rows) == 0:
        return 0, shape[0], 0, shape[1]
    return (
        max(int(rows[0]) - margin, 0),
        min(int(rows[-1]) + margin + 1, shape[0]),
        max(int(cols[0]) - margin, 0),
        min(int(cols[-1]) + margin + 1, shape[1]),
    )


def _upsample(mask: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    import cv2
    import numpy as np

    if mask.shape == shape:
        return mask
    return (
        cv2.resize(mask.astype(np.uint8), (shape[1], shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    )


def load_analysis_file(path: str | os.PathLike[str]) -> PoreAnalysis:
    """Read a saved ``analyze --json`` file back."""
    import json

    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImageError(f"{file}: not a porecare analysis JSON file ({exc})") from exc
    try:
        return PoreAnalysis.from_dict(data)
    except ImageError as exc:
        raise ImageError(f"{file}: {exc}") from exc
