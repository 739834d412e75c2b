"""Find pores as individual objects: centre, equivalent diameter, area and a confidence.

Two stages, both at a working resolution chosen from the photo's scale:

1. **Candidates** (`_features.find_candidates`): local maxima of the scale-normalised
   difference of Gaussians of log-intensity over the physical pore size range (Lindeberg 1998
   automatic scale selection) that stand 3 robust sigmas above the local pixel noise. High
   recall, low precision.
2. **Classifier**: a tiny multilayer perceptron (one hidden layer, ``tanh``; a few hundred
   weights in ``data/pore_model.json``) scores each candidate from its contrast, scale,
   contrast over local texture, scale profile, Hessian shape (hairs are lines, pores are round)
   and colour (freckles and moles are pigment: they darken blue more than red and are large),
   and contrast over the local noise. It is trained by ``bench/train_pore_detector.py`` on
   synthetic patches (`porecare.pores._synthetic`, each also re-encoded as JPEG so that
   compression noise is learnt as not-a-pore) and on one half of one labelled real close-up;
   the other half is held out and reported by ``bench/pores_accuracy.py``.

Each kept candidate is measured by thresholding its relative darkening at half its depth (half
maximum against a local background that excludes other dark blobs), with sub-pixel coverage;
that gives the area and the equivalent diameter ``2 sqrt(area / pi)``.

Limits (measured by ``bench/pores_accuracy.py``): on synthetic skin F1 ≈ 0.95 and the median
diameter error ≈ 9 % (pores under 2.5 px across read about a third too large under blur and
JPEG; larger ones about 5 % small). The finest scale searched is sigma 1.2 px at 14 px/mm
(`_FINEST_SIGMA_MM`): finer bands mostly carry what JPEG re-encoding and resampling change.
On the labelled real close-up the held-out half scores F1 ≈ 0.71 against 0.59–0.68 for
``blob_dog``, ``blob_log`` and adaptive thresholding; the swapped split (trained on the right
half, ``train_pore_detector.py --train-half right``) scores 0.77 on the left half. An
ilastik-style pixel classifier (41 filter-bank features per pixel, Sommer et al. 2011;
``bench/pores_pixel_classifier.py``) trained the same way ties it (0.71 and 0.76); a
3-conv-layer CNN on each candidate's 15×15 patch beside the features (``bench/pores_patch_cnn.py``)
adds 0.01–0.02 (0.73 and 0.77), not adopted for that; a radial intensity profile as extra
features showed no gain when validated inside the training half. That points at the
labels, not the classifier: the labelled pores this detector misses are faint (median
darkening ≈ 1 % against 3 % for those it finds; it finds 35 % of the faintest quarter and
95–99 % of the darkest), while its "false" detections far from any label are darker (≈ 4 %)
than the median labelled pore (3.4 %); no labels on the nostril wings. About 10 % of the labelled
pores have no candidate within 4 px at all. Counts depend on sharpness: a blur (or a bilinear
rotation) loses some of the faintest pores, so compare photos taken the same way, after the
quality gate. Pore-free synthetic skin yields a few texture blobs per cm², far below the
50–150 per cm² of visible pores. Saving a photo again as JPEG (q85) moves the count by 5 % RMS
(``bench/pores_repeatability.py``; up to +134 % on dark synthetic skin before the
noise-relative gate) and removes about 8 % of the real close-up's faintest pores.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from porecare.errors import ImageError, UsageError

__all__ = [
    "DEFAULT_PX_PER_MM",
    "PORE_DIAMETER_MM",
    "WORK_PX_PER_MM",
    "PoreDetections",
    "detect_pores",
]

#: Physical pore size range searched (equivalent diameter, mm).
PORE_DIAMETER_MM: tuple[float, float] = (0.08, 0.6)
#: Working resolution: finer photos are downsampled to this many px per mm (a 0.1 mm pore then
#: spans about 1.4 px, the 0.6 mm end about 8 px), which is what the classifier was trained at.
WORK_PX_PER_MM = 14.0
#: Scale assumed when ``px_per_mm`` is None: the pixel search range is then 1.2–3 px sigma
#: (a close-up at roughly 14 px per mm).
DEFAULT_PX_PER_MM = 14.0
_MIN_SIGMA_PX = 0.7  # below this a Gaussian is not resolved by the pixel grid
#: Finest scale searched (mm; 1.2 px at 14 px/mm). Finer bands mostly hold what JPEG
#: re-encoding and resampling change: retrained at 0.7, 1.0, 1.1, 1.2 and 1.4 px, the count of
#: 12 synthetic patches and the real close-up moved 4.0, 3.0, 2.6, 2.2 and 2.4 % RMS under JPEG
#: q85, +-15 % brightness and a 3-degree turn, while synthetic F1 (0.952 at 0.7 px, 0.955 at
#: 1.2) and the training half's F1 (0.788, 0.791) did not suffer. Chosen on those and the
#: training half only (those figures predate the JPEG block-phase fix in
#: `_features._noise_maps`; with it, 1.2 px gives 3.0 %). Pores smaller than the band are
#: still found at it when their contrast survives the blur.
_FINEST_SIGMA_MM = 1.2 / 14.0
_MIN_SIDE = 16

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class PoreDetections:
    """Detected pores, in the input image's pixel coordinates.

    Attributes
    ----------
    rows, cols : ndarray of float
        Pore centres (row = y, col = x), sub-pixel.
    diameter_px : ndarray of float
        Equivalent diameter ``2 sqrt(area / pi)`` in input pixels.
    area_px : ndarray of float
        Area in input pixels.
    score : ndarray of float
        Classifier confidence in [0, 1] (every detection is above the model's threshold).
    """

    rows: FloatArray
    cols: FloatArray
    diameter_px: FloatArray
    area_px: FloatArray
    score: FloatArray

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def empty(cls) -> PoreDetections:
        """No pores."""
        z = np.zeros(0, np.float64)
        return cls(rows=z, cols=z.copy(), diameter_px=z.copy(), area_px=z.copy(), score=z.copy())


def parse_model(text: str) -> dict[str, Any]:
    """The stage-2 perceptron from its JSON text (as written by the training script)."""
    raw = json.loads(text)
    model: dict[str, Any] = {k: np.asarray(v, np.float64) for k, v in raw["weights"].items()}
    model["threshold"] = float(raw["threshold"])
    return model


@lru_cache(maxsize=1)
def _model() -> dict[str, Any]:
    text = resources.files("porecare.pores").joinpath("data/pore_model.json").read_text("utf-8")
    return parse_model(text)


def score_features(
    features: NDArray[np.float32], model: dict[str, Any] | None = None
) -> FloatArray:
    """Probability that each candidate is a pore (the stage-2 perceptron)."""
    m = _model() if model is None else model
    z = (features.astype(np.float64) - m["mean"]) / m["scale"]
    hidden = np.tanh(z @ m["w1"] + m["b1"])
    logit = hidden @ m["w2"] + m["b2"]
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logit, -30, 30))), np.float64)


def _validate(image: object) -> NDArray[Any]:
    """The image as RGB (rows, cols, 3) uint8 or 2-D float32 gray in 0–255."""
    if not isinstance(image, np.ndarray):
        raise ImageError(f"detect_pores needs a numpy array, got {type(image).__name__}")
    if image.size == 0:
        raise ImageError(f"detect_pores got an empty image of shape {image.shape}")
    if image.ndim == 3 and image.shape[2] == 3:
        if image.dtype != np.uint8:
            raise ImageError(f"an RGB image must be uint8, got {image.dtype} (convert to 8-bit)")
        out: NDArray[Any] = image
    elif image.ndim == 2:
        if not (np.issubdtype(image.dtype, np.floating) or image.dtype == np.uint8):
            raise ImageError(f"a gray image must be float (0-1) or uint8, got {image.dtype}")
        out = image.astype(np.float32)
        if not np.isfinite(out).all():
            raise ImageError("the gray image contains NaN or infinite values")
        if image.dtype != np.uint8 and out.max() <= 1.0:
            out = out * np.float32(255.0)
        out = np.clip(out, 0, 255)
    else:
        raise ImageError(
            f"detect_pores needs RGB (rows, cols, 3) uint8 or 2-D gray, got shape {image.shape}"
        )
    if min(out.shape[:2]) < _MIN_SIDE:
        raise ImageError(f"image {out.shape[1]}x{out.shape[0]} px is too small (min {_MIN_SIDE})")
    return out


def _check_mask(mask: object, shape: tuple[int, int]) -> NDArray[np.bool_] | None:
    if mask is None:
        return None
    if not isinstance(mask, np.ndarray) or mask.shape != shape:
        got = getattr(mask, "shape", type(mask).__name__)
        raise ImageError(f"mask must be a bool array of the image's shape {shape}, got {got}")
    return mask.astype(bool)


def _working_scale(px_per_mm: float | None) -> tuple[float, float]:
    """(resample factor, working px per mm)."""
    if px_per_mm is None:
        return 1.0, DEFAULT_PX_PER_MM
    if not (isinstance(px_per_mm, int | float) and math.isfinite(px_per_mm) and px_per_mm > 0):
        raise UsageError(f"px_per_mm must be a positive number, got {px_per_mm!r}")
    if px_per_mm > WORK_PX_PER_MM * 1.15:
        return WORK_PX_PER_MM / px_per_mm, WORK_PX_PER_MM
    return 1.0, float(px_per_mm)


def _region_boxes(
    mask: NDArray[np.bool_] | None, shape: tuple[int, int], pad: int
) -> list[tuple[int, int, int, int]]:
    """Disjoint padded boxes (r0, r1, c0, c1) that together hold every mask pixel.

    Face masks are a few separate regions (cheeks, nose, forehead); filtering each region's
    box instead of their common bounding box skips the eyes, mouth and background between them.
    """
    import cv2

    if mask is None:
        return [(0, shape[0], 0, shape[1])]
    block = 8
    small = cv2.resize(
        mask.view(np.uint8),
        (max(shape[1] // block, 1), max(shape[0] // block, 1)),
        interpolation=cv2.INTER_AREA,
    )
    small = cv2.dilate((small > 0).astype(np.uint8), np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=8)
    sy, sx = shape[0] / small.shape[0], shape[1] / small.shape[1]
    boxes = [
        [
            max(int(y * sy) - pad, 0),
            min(int(np.ceil((y + h) * sy)) + pad, shape[0]),
            max(int(x * sx) - pad, 0),
            min(int(np.ceil((x + w) * sx)) + pad, shape[1]),
        ]
        for x, y, w, h, _ in stats[1:n]
    ]
    merged = True
    while merged:  # union overlapping boxes until all are disjoint
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                if a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]:
                    boxes[i] = [min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3])]
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    return [(r0, r1, c0, c1) for r0, r1, c0, c1 in boxes]


def _measure(
    smooth: NDArray[np.float32],
    background: NDArray[np.float32],
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    sigma: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Half-maximum area and darkness-weighted centroid of each pore (working pixels).

    Darkness is the relative darkening ``1 - I / I_background`` (linear, not log, so the half
    level sits at the edge of a pore whatever its depth); the pore is the part of a disk of radius
    ``2.2 sigma + 1`` around the peak darker than half the peak darkness. Each pixel counts by
    its estimated coverage ``clip(0.5 + (darkness - half) / |gradient|, 0, 1)``, a sub-pixel
    area estimate that keeps 2–4 px pores from being quantised to whole pixels.
    """
    n = len(rows)
    out_r, out_c, area = rows.astype(np.float64), cols.astype(np.float64), np.ones(n)
    radius = np.ceil(2.2 * sigma + 1).astype(int)
    for rad in np.unique(radius):
        sel = np.flatnonzero(radius == rad)
        off = np.arange(-rad, rad + 1)
        rr = np.clip(rows[sel, None, None] + off[None, :, None], 0, smooth.shape[0] - 1)
        cc = np.clip(cols[sel, None, None] + off[None, None, :], 0, smooth.shape[1] - 1)
        # Relative darkening 1 - I / I_background: half of it is the pore's edge.
        dark = -np.expm1(smooth[rr, cc] - background[sel, None, None])
        dist2 = off[:, None] ** 2 + off[None, :] ** 2
        s2 = np.maximum(sigma[sel], 1.0)[:, None, None] ** 2
        # Peak darkness, robust to single noisy pixels: the mean of the maximum and the average
        # within sigma of the peak.
        inner = dist2[None] <= s2
        core = 0.5 * (
            np.where(inner, dark, -np.inf).max(axis=(1, 2))
            + np.where(inner, dark, 0).sum(axis=(1, 2)) / inner.sum(axis=(1, 2))
        )
        half = 0.5 * core[:, None, None]
        gy, gx = np.gradient(dark, axis=(1, 2))
        slope = np.maximum(np.hypot(gy, gx), 1e-3 * np.abs(half) + 1e-6)
        cover = np.clip(0.5 + (dark - half) / slope, 0.0, 1.0)
        cover *= (dist2 <= (2.2 * sigma[sel, None, None] + 1) ** 2) & (core[:, None, None] > 0)
        total = cover.sum(axis=(1, 2))
        ok = total > 0
        w = np.where(ok, total, 1.0)
        out_r[sel] += np.where(ok, (cover.sum(axis=2) * off).sum(axis=1) / w, 0.0)
        out_c[sel] += np.where(ok, (cover.sum(axis=1) * off).sum(axis=1) / w, 0.0)
        area[sel] = np.where(ok, total, 1.0)
    return out_r, out_c, area


@dataclass(frozen=True)
class _Stage1:
    """Candidates at working resolution and the map back to input pixels."""

    cands: Any  # _features.Candidates
    origin: tuple[int, int]
    step: tuple[float, float]

    def to_input(self, rows: FloatArray, cols: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Working-resolution pixel centres to input-image pixel coordinates."""
        return (
            self.origin[0] + (rows + 0.5) * self.step[0] - 0.5,
            self.origin[1] + (cols + 0.5) * self.step[1] - 0.5,
        )


def stage1(
    image: NDArray[Any],
    *,
    px_per_mm: float | None = None,
    mask: NDArray[np.bool_] | None = None,
) -> list[_Stage1]:
    """Validate the input, resample to working resolution and find candidates per region."""
    import cv2

    from porecare.pores._features import find_candidates

    pixels = _validate(image)
    shape = (pixels.shape[0], pixels.shape[1])
    skin = _check_mask(mask, shape)
    factor, work_ppm = _working_scale(px_per_mm)
    sig_lo = max(
        _MIN_SIGMA_PX,
        _FINEST_SIGMA_MM * work_ppm,
        PORE_DIAMETER_MM[0] * work_ppm / (2 * math.sqrt(2)),
    )
    sig_hi = max(2 * sig_lo, PORE_DIAMETER_MM[1] * work_ppm / (2 * math.sqrt(2)))

    pad = math.ceil(8 * sig_hi / factor) + 2
    stages = []
    for r0, r1, c0, c1 in _region_boxes(skin, shape, pad):
        if r1 - r0 < _MIN_SIDE or c1 - c0 < _MIN_SIDE:
            continue
        work = pixels[r0:r1, c0:c1]
        work_mask = None if skin is None else skin[r0:r1, c0:c1]
        if work.ndim == 2:
            work = np.repeat(work[..., None], 3, axis=2)
        if factor != 1.0:
            size = (max(round((c1 - c0) * factor), 1), max(round((r1 - r0) * factor), 1))
            work = cv2.resize(work, size, interpolation=cv2.INTER_AREA)
            if work_mask is not None:
                small = cv2.resize(work_mask.view(np.uint8), size, interpolation=cv2.INTER_NEAREST)
                work_mask = small > 0
        cands = find_candidates(
            work.astype(np.float32),
            mask=work_mask,
            sigma_min=sig_lo,
            sigma_max=sig_hi,
            px_per_mm=work_ppm,
        )
        step = ((r1 - r0) / work.shape[0], (c1 - c0) / work.shape[1])
        stages.append(_Stage1(cands=cands, origin=(r0, c0), step=step))
    return stages


def detect_pores(
    image: NDArray[Any],
    *,
    px_per_mm: float | None = None,
    mask: NDArray[np.bool_] | None = None,
) -> PoreDetections:
    """Detect pores as individual dark blobs.

    Parameters
    ----------
    image : ndarray
        RGB uint8 of shape (rows, cols, 3), or 2-D gray (float in 0–1, or uint8).
    px_per_mm : float, optional
        Scale at the skin. The search covers pores of 0.08–0.6 mm equivalent diameter
        (`PORE_DIAMETER_MM`); photos finer than 14 px/mm are analysed at 14 px/mm and the
        results mapped back. When None the pixel range is the one for `DEFAULT_PX_PER_MM`
        (sigma 1.2–3 px) at full resolution.
    mask : bool ndarray of shape (rows, cols), optional
        Skin to search (highlights and non-skin removed); None searches the whole frame.

    Returns
    -------
    PoreDetections
        Centres, equivalent diameters and areas in the input image's pixel coordinates.

    Raises
    ------
    porecare.errors.ImageError
        The image or mask has the wrong shape or dtype, or is empty.
    porecare.errors.UsageError
        ``px_per_mm`` is not a positive number.

    Notes
    -----
    Stage 1 finds scale-space maxima of the difference of Gaussians of ``log(gray + 8)``
    (Lindeberg 1998, IJCV 30:79); stage 2 keeps those a small perceptron trained on synthetic
    skin and one held-out-validated real close-up scores above its threshold (see module doc).
    """
    return detect_with_model(image, _model(), px_per_mm=px_per_mm, mask=mask)


def detect_with_model(
    image: NDArray[Any],
    model: dict[str, Any],
    *,
    px_per_mm: float | None = None,
    mask: NDArray[np.bool_] | None = None,
) -> PoreDetections:
    """`detect_pores` with another stage-2 model (`parse_model`), e.g. a swapped-split one."""
    parts: list[tuple[FloatArray, ...]] = []
    for stage in stage1(image, px_per_mm=px_per_mm, mask=mask):
        cands = stage.cands
        if len(cands) == 0:
            continue
        prob = score_features(cands.features, model)
        keep = prob >= model["threshold"]
        rows, cols, area = _measure(
            cands.smooth,
            cands.background[keep],
            cands.rows[keep],
            cands.cols[keep],
            cands.sigma[keep],
        )
        rows_in, cols_in = stage.to_input(rows, cols)
        parts.append((rows_in, cols_in, area * stage.step[0] * stage.step[1], prob[keep]))
    if not parts:
        return PoreDetections.empty()
    rows_in, cols_in, area_in, score = (np.concatenate(p) for p in zip(*parts, strict=True))
    # Border windows are clamped, which can pull a centroid a fraction past the edge.
    return PoreDetections(
        rows=np.clip(rows_in, 0, image.shape[0] - 1),
        cols=np.clip(cols_in, 0, image.shape[1] - 1),
        diameter_px=2 * np.sqrt(area_in / np.pi),
        area_px=area_in,
        score=score,
    )
