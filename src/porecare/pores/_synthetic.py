"""Synthetic skin patches with known pores, for testing and benchmarking the detector.

A patch is rendered in linear steps that mimic how a phone photographs skin: a base skin
colour (Fitzpatrick tones I–VI), fine multiplicative texture and skin furrows, pores as dark
soft-edged disks (the ground truth), distractors that are *not* pores (hairs, freckles, moles,
specular glints), uneven illumination, optical blur, sensor noise and JPEG compression.

Nothing here is tuned on real photographs; the parameter ranges are from the literature on pore
size (0.1–0.5 mm, Flament et al. 2015) and from the range of phone-camera conditions the quality
gate lets through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["FITZPATRICK_RGB", "SyntheticPatch", "synthetic_patch", "synthetic_set"]

#: Representative sRGB skin colours for Fitzpatrick types I–VI (approximate, for rendering only).
FITZPATRICK_RGB: dict[int, tuple[int, int, int]] = {
    1: (244, 208, 188),
    2: (232, 186, 156),
    3: (208, 160, 126),
    4: (172, 124, 90),
    5: (124, 84, 58),
    6: (76, 50, 36),
}


@dataclass(frozen=True)
class SyntheticPatch:
    """One rendered patch and its ground truth.

    Attributes
    ----------
    image : ndarray of uint8, shape (rows, cols, 3)
        The RGB patch after blur, noise and JPEG.
    rows, cols : ndarray of float
        Pore centres (row = y, col = x) in pixels.
    diameter_px : ndarray of float
        True pore diameters in pixels (the disk before blur).
    px_per_mm : float
        Rendering scale.
    tone : int
        Fitzpatrick type used for the base colour.
    distractors : dict
        Centres of things that are not pores: ``"moles"``, ``"freckles"``, ``"glints"``
        (arrays of shape (n, 2), row/col) and ``"hair_mask"`` (bool image of hair pixels).
    """

    image: NDArray[np.uint8]
    rows: NDArray[np.float64]
    cols: NDArray[np.float64]
    diameter_px: NDArray[np.float64]
    px_per_mm: float
    tone: int
    distractors: dict[str, NDArray[np.generic]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)


def _smooth_noise(
    rng: np.random.Generator, shape: tuple[int, int], sigma: float
) -> NDArray[np.float32]:
    import cv2

    noise = rng.standard_normal(shape).astype(np.float32)
    smooth = cv2.GaussianBlur(noise, (0, 0), sigma)
    return smooth / (smooth.std() + 1e-9)


def _disk(
    shape: tuple[int, int], row: float, col: float, radius: float, soft: float = 0.5
) -> tuple[slice, slice, NDArray[np.float32]]:
    """An anti-aliased disk (coverage 0..1) in a small window around (row, col)."""
    half = int(np.ceil(radius + 2 * soft + 1))
    r0, r1 = max(int(row) - half, 0), min(int(row) + half + 1, shape[0])
    c0, c1 = max(int(col) - half, 0), min(int(col) + half + 1, shape[1])
    yy, xx = np.mgrid[r0:r1, c0:c1].astype(np.float32)
    dist = np.hypot(yy - row, xx - col)
    cover = np.clip((radius - dist) / (2 * soft) + 0.5, 0.0, 1.0)
    return slice(r0, r1), slice(c0, c1), cover


def _place_points(
    rng: np.random.Generator,
    shape: tuple[int, int],
    n: int,
    radii: NDArray[np.float64],
    margin: float,
    occupied: list[tuple[float, float, float]],
    gap: float,
) -> list[tuple[float, float, float]]:
    """Dart-throw centres so no two objects come closer than ``gap`` pixels edge to edge."""
    placed: list[tuple[float, float, float]] = []
    for radius in radii[:n]:
        for _ in range(30):
            row = rng.uniform(margin, shape[0] - margin)
            col = rng.uniform(margin, shape[1] - margin)
            if all(
                np.hypot(row - r, col - c) > radius + rr + gap for r, c, rr in occupied + placed
            ):
                placed.append((row, col, float(radius)))
                break
    return placed


def _hair_mask(
    rng: np.random.Generator, shape: tuple[int, int], count: int, px_per_mm: float
) -> NDArray[np.float32]:
    """Dark, thin, gently curved hairs (coverage 0..1)."""
    import cv2

    canvas = np.zeros(shape, np.uint8)
    scale = 8  # draw at sub-pixel precision with cv2's shift argument
    for _ in range(count):
        length = rng.uniform(3.0, 10.0) * px_per_mm
        row, col = rng.uniform(0, shape[0]), rng.uniform(0, shape[1])
        angle, bend = rng.uniform(0, np.pi), rng.uniform(-0.15, 0.15)
        width = max(1, round(rng.uniform(0.04, 0.09) * px_per_mm))
        points = []
        for _step in np.linspace(0, length, 24):
            angle += bend * (length / 24) / px_per_mm
            row += np.sin(angle) * length / 24
            col += np.cos(angle) * length / 24
            points.append((int(col * scale), int(row * scale)))
        pts = np.array(points, np.int32).reshape(-1, 1, 2)
        cv2.polylines(canvas, [pts], False, (255,), width, cv2.LINE_AA, shift=3)
    return canvas.astype(np.float32) / 255.0


def synthetic_patch(
    seed: int,
    *,
    size: tuple[int, int] = (256, 256),
    px_per_mm: float = 14.0,
    tone: int | None = None,
    pore_density_per_mm2: float | None = None,
    diameter_mm: tuple[float, float] = (0.12, 0.5),
    hairs: int | None = None,
    freckles: int | None = None,
    moles: int | None = None,
    glints: int | None = None,
    blur_px: float | None = None,
    noise: float | None = None,
    jpeg_quality: int | None = None,
    lighting: float | None = None,
) -> SyntheticPatch:
    """Render one skin patch with known pores.

    Every option left as ``None`` is drawn at random from a realistic range, so
    ``synthetic_patch(seed)`` for seeds 0..N gives a varied but reproducible set.

    Parameters
    ----------
    seed : int
        Seed of the random generator (the patch is a pure function of its arguments).
    size : (rows, cols)
        Patch size in pixels.
    px_per_mm : float
        Rendering scale; pore sizes are drawn in millimetres and converted.
    tone : int, optional
        Fitzpatrick type 1–6 (base colour from `FITZPATRICK_RGB`).
    pore_density_per_mm2 : float, optional
        Mean pore density; drawn from 0.05–1.2 per mm² (visible pores on cheeks and nose
        range from a few to over a hundred per cm²) when None.
    diameter_mm : (min, max)
        Range of true pore diameters, drawn log-uniformly.
    hairs, freckles, moles, glints : int, optional
        Number of each distractor.
    blur_px : float, optional
        Gaussian blur sigma (optics, focus), in pixels.
    noise : float, optional
        Sensor noise standard deviation in 8-bit units at mid-gray (shot noise: it scales
        with the square root of the signal).
    jpeg_quality : int, optional
        JPEG quality (0 disables compression).
    lighting : float, optional
        Strength of the illumination gradient (0 = flat, 0.5 = bright on one side, dim on the
        other).

    Returns
    -------
    SyntheticPatch
    """
    import cv2

    rng = np.random.default_rng(seed)
    rows, cols = size
    shape = (rows, cols)
    tone = int(rng.integers(1, 7)) if tone is None else tone
    if tone not in FITZPATRICK_RGB:
        raise ValueError(f"tone must be a Fitzpatrick type 1-6, got {tone}")
    hairs = int(rng.integers(0, 4)) if hairs is None else hairs
    freckles = int(rng.integers(0, 4)) if freckles is None else freckles
    moles = int(rng.integers(0, 2)) if moles is None else moles
    glints = int(rng.integers(0, 4)) if glints is None else glints
    blur_px = float(rng.uniform(0.3, 1.0)) if blur_px is None else blur_px
    noise = float(rng.uniform(0.5, 3.0)) if noise is None else noise
    jpeg_quality = int(rng.integers(70, 96)) if jpeg_quality is None else jpeg_quality
    lighting = float(rng.uniform(0.0, 0.5)) if lighting is None else lighting
    if pore_density_per_mm2 is None:
        pore_density_per_mm2 = float(rng.uniform(0.05, 1.2))

    # Reflectance per channel (linear-ish, 0..1): base tone with texture and furrows.
    base = np.array(FITZPATRICK_RGB[tone], np.float32) / 255.0
    # Fine texture amplitude matches the blob contrast of pore-free skin in real close-ups.
    texture = 1.0 + 0.013 * _smooth_noise(rng, shape, 0.8) + 0.03 * _smooth_noise(rng, shape, 6.0)
    furrow = np.abs(_smooth_noise(rng, shape, 0.25 * px_per_mm))
    texture -= 0.03 * np.exp(-(furrow**2) / 0.02)  # thin dark lines where the field crosses 0
    darkness = np.zeros(shape, np.float32)  # fraction of light absorbed (pores, pigment)
    pigment = np.zeros(shape, np.float32)  # melanin-like: absorbs blue more than red

    occupied: list[tuple[float, float, float]] = []
    mole_r = rng.uniform(1.0, 2.2, moles) * px_per_mm
    mole_at = _place_points(rng, shape, moles, mole_r, 0, occupied, 2.0)
    for row, col, radius in mole_at:
        rs, cs, cover = _disk(shape, row, col, radius, soft=0.15 * radius)
        pigment[rs, cs] = np.maximum(pigment[rs, cs], cover * rng.uniform(0.45, 0.7))
    occupied += mole_at
    freckle_r = rng.uniform(0.5, 1.5, freckles) * px_per_mm
    freckle_at = _place_points(rng, shape, freckles, freckle_r, 0, occupied, 2.0)
    for row, col, radius in freckle_at:
        rs, cs, cover = _disk(shape, row, col, radius, soft=0.3 * radius)
        pigment[rs, cs] = np.maximum(pigment[rs, cs], cover * rng.uniform(0.12, 0.25))
    occupied += freckle_at
    glint_r = rng.uniform(0.15, 0.8, glints) * px_per_mm
    glint_at = _place_points(rng, shape, glints, glint_r, 0, occupied, 2.0)
    occupied += glint_at

    hair = _hair_mask(rng, shape, hairs, px_per_mm)
    hair_zone = cv2.dilate((hair > 0.05).astype(np.uint8), np.ones((7, 7), np.uint8)) > 0

    area_mm2 = rows * cols / px_per_mm**2
    n_pores = rng.poisson(pore_density_per_mm2 * area_mm2)
    lo, hi = np.log(diameter_mm[0]), np.log(diameter_mm[1])
    radii = np.exp(rng.uniform(lo, hi, n_pores)) * px_per_mm / 2
    margin = 4.0
    pores = _place_points(rng, shape, n_pores, radii, margin, occupied, 4.0)
    pores = [p for p in pores if not hair_zone[int(p[0]), int(p[1])]]
    # Relative darkening of a pore: log-uniform from faint (10 %) to conspicuous (40 %), the
    # spread measured on labelled close-ups (most visible pores are 5–20 % darker than skin).
    depth = np.exp(rng.uniform(np.log(0.1), np.log(0.4), len(pores)))
    for (row, col, radius), dep in zip(pores, depth, strict=True):
        rs, cs, cover = _disk(shape, row, col, radius)
        darkness[rs, cs] = np.maximum(darkness[rs, cs], cover * dep)

    absorb = np.array([0.35, 0.7, 1.0], np.float32)  # melanin absorbs blue > green > red
    refl = base * texture[..., None] * (1 - darkness[..., None])
    refl *= 1 - pigment[..., None] * absorb
    refl = refl * (1 - hair[..., None] * 0.8) + hair[..., None] * 0.05

    yy, xx = np.mgrid[0:rows, 0:cols].astype(np.float32)
    theta = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(theta) * (xx / cols - 0.5) + np.sin(theta) * (yy / rows - 0.5)) * 2
    light = rng.uniform(0.8, 1.15) * (1 + lighting * ramp)
    img = refl * light[..., None]
    for row, col, radius in glint_at:
        rs, cs, cover = _disk(shape, row, col, radius, soft=0.4 * radius)
        img[rs, cs] += cover[..., None] * rng.uniform(0.5, 1.0)

    if blur_px > 0:
        img = cv2.GaussianBlur(img, (0, 0), blur_px)
    # Shot noise grows with the square root of the signal: ``noise`` is its level at mid-gray.
    img = img * 255.0
    img += (
        rng.standard_normal(img.shape).astype(np.float32)
        * noise
        * np.sqrt(np.maximum(img, 1.0) / 128.0)
    )
    out = np.clip(np.round(img), 0, 255).astype(np.uint8)
    if jpeg_quality > 0:
        _, buf = cv2.imencode(".jpg", out[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1].copy()

    arr = np.array(pores, np.float64).reshape(-1, 3)
    points = {
        name: np.array([(r, c) for r, c, _ in at], np.float64).reshape(-1, 2)
        for name, at in (("moles", mole_at), ("freckles", freckle_at), ("glints", glint_at))
    }
    return SyntheticPatch(
        image=out,
        rows=arr[:, 0],
        cols=arr[:, 1],
        diameter_px=arr[:, 2] * 2,
        px_per_mm=px_per_mm,
        tone=tone,
        distractors={**points, "hair_mask": hair > 0.05},
    )


def synthetic_set(
    n: int, *, seed: int = 0, size: tuple[int, int] = (256, 256), px_per_mm: float = 14.0
) -> list[SyntheticPatch]:
    """``n`` varied patches cycling through tones I–VI (seeds ``seed .. seed + n - 1``)."""
    return [
        synthetic_patch(seed + i, size=size, px_per_mm=px_per_mm, tone=i % 6 + 1) for i in range(n)
    ]
