"""Pore candidates and their features: scale-space blob detection on log-intensity.

Stage 1 of the detector. Pores are small dark blobs, so candidates are local maxima of the
scale-normalised difference of Gaussians (DoG, an approximation of the scale-normalised
Laplacian of Gaussian, Lindeberg 1998, "Feature detection with automatic scale selection",
IJCV 30:79) computed on the logarithm of intensity. Working in log-intensity turns uneven
illumination and skin tone (both multiplicative) into additive offsets the band-pass filter
removes, so one contrast threshold serves tones I–VI and soft gradients of light.

Log-intensity also magnifies noise on dark skin: a JPEG quantisation step of a few grey levels
is several per cent of a dark pixel, and re-encoding a JPEG at a lower quality (a phone's q92
saved again at q85) *amplifies* its fine-scale noise by ~40 % (re-quantising rounds small noise
coefficients up to a whole new step rather than to zero). With an absolute contrast threshold
the detector then counted that noise as pores (+134 % on a tone-VI patch). So a candidate must
also stand ``NOISE_K`` robust sigmas above the local pixel noise (the winsorised local mean absolute
high-pass residual), and the classifier sees its contrast over that noise and over the
DoG's own noise at its scale: what counts as a blob scales with how noisy the photo is.

Each candidate gets a small feature vector (contrast, scale, contrast over local texture,
scale profile, Hessian shape, colour) for the stage-2 classifier in `_detect`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["FEATURE_NAMES", "Candidates", "find_candidates"]

F32 = NDArray[np.float32]

#: Added before taking logarithms: keeps black pixels finite and damps shot noise in deep
#: shadow (2.0 was tried: no better on tone VI, slightly worse overall).
LOG_OFFSET = 8.0

#: A candidate's DoG peak must exceed this many robust sigmas of the local pixel noise
#: (`_noise_maps` of the high-pass residual); see the module docstring.
NOISE_K = 3.0

#: Scales per octave-ish step of the DoG stack (ratio between consecutive sigmas is fixed).
N_SCALES = 6

FEATURE_NAMES: tuple[str, ...] = (
    "contrast",  # peak scale-normalised DoG response (log-intensity units)
    "sigma_mm",  # scale of the peak, in mm
    "contrast_over_texture",  # peak / local RMS of the finest DoG band
    "contrast_over_neighbours",  # peak / local mean of the max-over-scale response
    *(f"profile_{i}" for i in range(N_SCALES)),  # response at each scale / peak
    "hessian_ratio",  # smaller / larger principal curvature: 1 = round, 0 = line (hair)
    "hessian_anisotropy",  # det / trace^2 of the Hessian at the peak scale
    "d_red",  # log-colour of the blob minus its surround, per channel
    "d_green",
    "d_blue",
    "d_red_minus_blue",  # pigment (freckle, mole) darkens blue more than red
    "wide_darkness",  # darkness at 4–12 px band: moles and freckles are large
    "brightness_ring",  # surround brighter than the local background (glint halo)
    "edge_strength",  # background gradient (log units per mm): nostril rims, shadow edges
    "contrast_over_noise",  # peak / robust local noise of the DoG at the peak's own scale
    "pixel_noise",  # robust pixel-scale noise (log units): how far a faint blob can be trusted
)


@dataclass(frozen=True)
class Candidates:
    """Candidate dark blobs at working resolution.

    Attributes
    ----------
    rows, cols : ndarray of int
        Peak positions (row = y, col = x).
    sigma : ndarray of float
        Scale of the peak response (pixels).
    features : ndarray of float32, shape (n, len(FEATURE_NAMES))
    smooth : ndarray of float32
        Finest-scale smoothed log-intensity (used to measure pore size).
    background : ndarray of float32
        Local background log-intensity at each candidate.
    """

    rows: NDArray[np.intp]
    cols: NDArray[np.intp]
    sigma: NDArray[np.float64]
    features: F32
    smooth: F32
    background: F32

    def __len__(self) -> int:
        return len(self.rows)


_COARSE = 4  # large-scale context (background, texture, moles) is computed at 1/4 resolution
#: Gaussian window (working px, sigma; ~0.6 mm at 14 px/mm) over which noise is estimated.
_NOISE_WINDOW = 8.0
#: sigma / E[min(|x|, 3 median|x|)] for Gaussian x (the winsorised mean absolute value).
_WINSOR_TO_SIGMA = 1.279


def _sigmas(sigma_min: float, sigma_max: float) -> NDArray[np.float64]:
    return np.geomspace(sigma_min, sigma_max, N_SCALES + 1)


def _pyramid(log_gray: F32, sigmas: NDArray[np.float64]) -> list[F32]:
    """Gaussian scale space by cascaded blurring (each step adds only the missing variance)."""
    import cv2

    out: list[F32] = [np.asarray(cv2.GaussianBlur(log_gray, (0, 0), float(sigmas[0])), np.float32)]
    for prev, nxt in itertools.pairwise(sigmas):
        step = float(np.sqrt(nxt**2 - prev**2))
        out.append(np.asarray(cv2.GaussianBlur(out[-1], (0, 0), step), np.float32))
    return out


def _coarse(image: F32) -> F32:
    import cv2

    h, w = image.shape[:2]
    size = (max(w // _COARSE, 1), max(h // _COARSE, 1))
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), np.float32)


def _sample_coarse(
    coarse: F32, rows: NDArray[np.intp], cols: NDArray[np.intp]
) -> NDArray[np.float32]:
    r = np.minimum(rows // _COARSE, coarse.shape[0] - 1)
    c = np.minimum(cols // _COARSE, coarse.shape[1] - 1)
    return np.asarray(coarse[r, c], np.float32)


def _gather(img: F32, rows: NDArray[np.intp], cols: NDArray[np.intp], dr: int, dc: int) -> F32:
    # Candidates keep a 2-pixel margin from the border, so no clipping is needed.
    return np.asarray(img[rows + dr, cols + dc], np.float32)


#: From this many band pixels on, the noise median samples every 9th pixel instead of every 3rd.
_SPARSE_MEDIAN_PIXELS = 1_000_000


def _noise_maps(bands: list[F32]) -> list[F32]:
    """Robust local noise (1 sigma) of each zero-mean band, at 1/``_COARSE`` resolution.

    The local mean of ``|band|`` winsorised at 3 median absolute values (Gaussian window of
    ``_NOISE_WINDOW`` px): what texture, sensor noise and compression artefacts put into the
    band. Pores cover a few per cent of skin and are capped, so they barely raise it; a smooth
    window rather than tiles keeps it independent of where a region's box starts.
    """
    import cv2

    out: list[F32] = []
    for band in bands:
        mag = np.abs(band)
        # A stride coprime with JPEG's 8-pixel blocks samples all block phases alike. Every
        # 4th pixel saw only two phases, and the level then depended on where the crop
        # started: re-encoding moved the real close-up's count -4.6 % in one framing and
        # -11.7 % in another. Large images use every 9th pixel (still >= 10^4 samples; the
        # median was 15 % of detection time at every 3rd).
        stride = 9 if mag.size >= _SPARSE_MEDIAN_PIXELS else 3
        cap = np.float32(3.0 * float(np.median(mag[::stride, ::stride])) + 1e-6)
        np.minimum(mag, cap, out=mag)
        local = cv2.GaussianBlur(_coarse(mag), (0, 0), _NOISE_WINDOW / _COARSE)
        out.append(np.asarray(local * np.float32(_WINSOR_TO_SIGMA) + np.float32(1e-4), np.float32))
    return out


def _sample_noise(
    noise: list[F32], best: NDArray[np.intp], rows: NDArray[np.intp], cols: NDArray[np.intp]
) -> NDArray[np.float32]:
    """Each candidate's noise at its own scale (``best`` indexes ``noise``)."""
    out = np.zeros(len(rows), np.float32)
    for i in np.unique(best):
        sel = best == i
        out[sel] = _sample_coarse(noise[i], rows[sel], cols[sel])
    return out


def _hessian_shape(
    level: list[F32], best: NDArray[np.intp], rows: NDArray[np.intp], cols: NDArray[np.intp]
) -> tuple[F32, F32]:
    """Principal curvatures by central differences on the peak's own scale level."""
    ratio = np.zeros(len(rows), np.float32)
    aniso = np.zeros(len(rows), np.float32)
    for i in np.unique(best):
        sel = best == i
        img, rr, cc = level[i + 1], rows[sel], cols[sel]
        mid = _gather(img, rr, cc, 0, 0)
        gxx = _gather(img, rr, cc, 0, 1) + _gather(img, rr, cc, 0, -1) - 2 * mid
        gyy = _gather(img, rr, cc, 1, 0) + _gather(img, rr, cc, -1, 0) - 2 * mid
        gxy = (
            _gather(img, rr, cc, 1, 1)
            + _gather(img, rr, cc, -1, -1)
            - _gather(img, rr, cc, 1, -1)
            - _gather(img, rr, cc, -1, 1)
        ) / 4
        trace = gxx + gyy
        disc = np.sqrt((gxx - gyy) ** 2 / 4 + gxy**2)
        big, small = trace / 2 + disc, trace / 2 - disc
        ratio[sel] = small / (np.abs(big) + 1e-6)
        aniso[sel] = (gxx * gyy - gxy**2) / (trace**2 + 1e-9)
    return ratio, aniso


def find_candidates(
    rgb: F32,
    *,
    mask: NDArray[np.bool_] | None,
    sigma_min: float,
    sigma_max: float,
    px_per_mm: float,
    threshold: float = 0.012,
    noise_k: float | None = None,
) -> Candidates:
    """Local maxima of the scale-normalised DoG of log-intensity, with features.

    Parameters
    ----------
    rgb : ndarray of float32, shape (rows, cols, 3)
        RGB in 0–255 at working resolution.
    mask : bool ndarray or None
        Only peaks inside the mask are kept.
    sigma_min, sigma_max : float
        Scale range in pixels (a disk of diameter d peaks at sigma = d / (2 sqrt 2)).
    px_per_mm : float
        Working resolution, used to express scale in mm and size the context windows.
    threshold : float
        Minimum DoG peak (log units, about 1 % darkening); deliberately low: stage 2 decides.
        Candidates then lie within 4 px of 96 % of the labelled pores of the real close-up's
        training half. The former 0.008 gave 56 % more candidates (on a 12 MP frame) and
        the stage-2 model of the time kept only 1 in 14,000 of its detections from them.
    noise_k : float, optional
        A peak must also exceed this many robust sigmas of the local pixel noise (default
        `NOISE_K` = 3). It keeps 95 % of the candidates on labelled pores of the real
        close-up (96 % on synthetic skin) and drops a third of all its candidates (60 % on
        synthetic skin): mostly the noise blobs whose number follows the JPEG quality.

    Returns
    -------
    Candidates
    """
    import cv2

    noise_k = NOISE_K if noise_k is None else noise_k
    log_gray: F32 = np.asarray(
        cv2.log(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) + LOG_OFFSET), np.float32
    )
    sigmas = _sigmas(sigma_min, sigma_max)
    k = sigmas[1] / sigmas[0]
    level = _pyramid(log_gray, sigmas)
    # (G(k s) - G(s)) / (k - 1) ~ s^2 Laplacian: positive on dark blobs, scale-normalised.
    gain = np.float32(1 / (k - 1))
    dog = []
    for i in range(N_SCALES):
        d = np.subtract(level[i + 1], level[i])
        d *= gain
        dog.append(d)
    peak = dog[0].copy()
    for d in dog[1:]:
        np.maximum(peak, d, out=peak)
    is_max = (peak >= cv2.dilate(peak, np.ones((5, 5), np.uint8))) & (peak > threshold)
    if mask is not None:
        is_max &= mask
    is_max[:2] = is_max[-2:] = False
    is_max[:, :2] = is_max[:, -2:] = False
    rows, cols = np.nonzero(is_max)
    profile = np.stack([d[rows, cols] for d in dog], axis=1)
    best = profile.argmax(axis=1)
    noise = _sample_noise(_noise_maps(dog), best, rows, cols)
    significance = profile[np.arange(len(rows)), best] / noise
    # Pixel noise: what sensor noise and compression leave one pixel off its neighbourhood.
    residual = log_gray - cv2.GaussianBlur(log_gray, (0, 0), 1.0)
    pixel_noise = _sample_noise(_noise_maps([residual]), np.zeros_like(best), rows, cols)
    keep = peak[rows, cols] >= noise_k * pixel_noise
    rows, cols, profile, best, significance, noise = (
        rows[keep],
        cols[keep],
        profile[keep],
        best[keep],
        significance[keep],
        pixel_noise[keep],
    )
    sigma = sigmas[best] * np.sqrt(k)
    p = peak[rows, cols]

    # Context at 1/4 resolution: background colour, texture level, large dark spots.
    win = max(3, round(3 * px_per_mm / _COARSE) | 1)  # ~3 mm box
    # Normalised convolution over skin that is not itself a dark blob, so dense pores do not
    # darken their own background (which would shrink every measured pore).
    plain = (peak < 0.02).astype(np.float32)
    # Four area-resizes: the same values as one resize of the merged maps, without the copy.
    energy, peak_small, plain_small, lw_small = (
        _coarse(np.asarray(m, np.float32)) for m in (dog[1] ** 2, peak, plain, log_gray * plain)
    )
    texture = np.sqrt(cv2.blur(energy, (win, win))) + 1e-4
    neighbours = cv2.blur(peak_small, (win, win)) + 1e-4
    small = _coarse(rgb)
    log_small = cv2.log(small + LOG_OFFSET)
    surround = max(4.0, 3.0 * sigma_max) / _COARSE
    background = np.asarray(cv2.GaussianBlur(log_small, (0, 0), surround), np.float32)
    bg_rgb = _sample_coarse(background, rows, cols)
    # The same gray as the fine scale space (log of luminance, not mean of log channels).
    gray_small = cv2.log(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY) + LOG_OFFSET)
    w_small = cv2.GaussianBlur(plain_small, (0, 0), surround) + 1e-3
    bg_map = cv2.GaussianBlur(lw_small, (0, 0), surround) / w_small
    bg_gray = _sample_coarse(bg_map, rows, cols)
    grad = np.hypot(cv2.Sobel(bg_map, cv2.CV_32F, 1, 0), cv2.Sobel(bg_map, cv2.CV_32F, 0, 1))
    edge = grad * np.float32(px_per_mm / (8 * _COARSE))  # Sobel gain 8, coarse pixels
    wide_sigma = max(2.0, 0.3 * px_per_mm) / _COARSE
    wide = cv2.GaussianBlur(gray_small, (0, 0), 3 * wide_sigma) - cv2.GaussianBlur(
        gray_small, (0, 0), wide_sigma
    )

    # Colour of the blob: mean of the centre and its 4 neighbours (no full-image filter).
    centre_rgb = sum(
        (_gather(rgb, rows, cols, dr, dc) for dr, dc in ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0))),
        np.zeros((len(rows), 3), np.float32),
    )
    log_rgb_pts = np.log(centre_rgb / 5 + LOG_OFFSET)
    colour = (log_rgb_pts - bg_rgb).astype(np.float32)
    ratio, aniso = _hessian_shape(level, best, rows, cols)
    ring = level[-1][rows, cols] - bg_gray

    features = np.column_stack(
        [
            p,
            sigma / px_per_mm,
            p / _sample_coarse(texture, rows, cols),
            p / _sample_coarse(neighbours, rows, cols),
            *(profile[:, i] / (p + 1e-6) for i in range(N_SCALES)),
            ratio,
            aniso,
            colour[:, 0],
            colour[:, 1],
            colour[:, 2],
            colour[:, 0] - colour[:, 2],
            _sample_coarse(wide, rows, cols),
            ring,
            _sample_coarse(edge, rows, cols),
            significance,
            noise,
        ]
    ).astype(np.float32)
    return Candidates(
        rows=rows,
        cols=cols,
        sigma=sigma,
        features=features,
        smooth=log_gray,
        background=bg_gray,
    )
