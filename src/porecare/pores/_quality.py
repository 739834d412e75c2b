"""Skin-mask refinement and the photo quality report (the gate before measuring).

Pores are 10-35 px across in a close-up and 1-5 px in a selfie at arm's length, and beauty
filters, JPEG smoothing, blur, glare and poor light erase or fake them: a measurement is only
as good as the photo. :func:`assess_quality` scores each of these and says what to change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "CAPTURE_GUIDANCE",
    "LIMITS",
    "SKIN_CHROMA",
    "QualityReport",
    "assess_quality",
    "refine_skin",
]

#: The limits below which ``analyze`` refuses a photo (unless forced). Units in ``assess_quality``.
LIMITS: dict[str, float] = {
    "min_px_per_mm": 8.0,  # a 0.25 mm pore (Flament et al. 2015 counted >= 250 um) spans 2 px
    "min_sharpness": 0.5,
    "min_texture": 0.35,
    "crisp_sharpness": 0.75,  # above this, lost texture is smoothing, not blur
    # Median skin luminance. Well-lit Fitzpatrick VI skin sits near 0.15-0.25 (the synthetic
    # type VI patches at 0.15-0.19), so a higher floor refused the darkest skin at a correct
    # exposure; truly underexposed photos are caught by this floor and by crushed blacks
    # (``max_clipped``).
    "min_exposure": 0.10,
    "max_exposure": 0.88,
    "max_clipped": 0.05,
    "max_glare": 0.12,
    "min_skin_pixels": 4000,
}
#: Median (Cr, Cb) of skin of every tone under daylight falls in this box (the classic
#: YCrCb skin range of Chai & Ngan 1999, IEEE TCSVT 9:551, widened by a few units).
SKIN_CHROMA = {"cr": (130.0, 180.0), "cb": (75.0, 130.0)}

#: How to take photos that can be compared with each other.
CAPTURE_GUIDANCE: tuple[str, ...] = (
    "Same light every time: face a window in daylight, no direct sun, no flash, no overhead spot.",
    "Same distance and angle: hold the phone at the same distance, straight on, cheek or whole "
    "face filling the same part of the frame.",
    "Turn off beauty mode, portrait mode and filters; use the rear camera if you can.",
    "Clean, dry, make-up-free skin; blot shine first; tap to focus on the skin and hold still.",
    "Same time of day (skin oiliness changes during the day).",
)


@dataclass(frozen=True)
class QualityReport:
    """Measured photo quality, the problems found and what to do about them.

    Attributes
    ----------
    measures : dict
        ``sharpness`` (0-1, edge crispness), ``texture`` (0-1, fine skin texture kept; low means
        smoothing by a beauty filter or heavy compression), ``exposure`` (median skin luminance,
        0-1), ``clipped`` (fraction of skin pixels at 0 or 255), ``glare`` (fraction of the
        regions that is specular shine), ``px_per_mm`` (resolution at the skin, None if
        unknown), ``skin_pixels``.
    problems : list of (code, message, hint)
    """

    measures: dict[str, Any]
    problems: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def hints(self) -> list[str]:
        return list(dict.fromkeys(hint for _, _, hint in self.problems))

    def summary(self) -> str:
        """One line: every problem, then the hints."""
        return f"{self.message()} - {', '.join(self.hints())}"

    def message(self) -> str:
        """One line naming every problem (without the hints)."""
        what = "; ".join(message for _, message, _ in self.problems)
        return f"photo quality too low to measure pores: {what}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            **self.measures,
            "problems": [{"code": c, "message": m, "hint": h} for c, m, h in self.problems],
            "hints": self.hints(),
            "limits": dict(LIMITS),
            "guidance": list(CAPTURE_GUIDANCE),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QualityReport:
        skip = {"ok", "problems", "hints", "limits", "guidance"}
        problems = [(p["code"], p["message"], p["hint"]) for p in data.get("problems", [])]
        return cls({k: v for k, v in data.items() if k not in skip}, problems)


def refine_skin(
    rgb: np.ndarray, regions: Mapping[str, np.ndarray], *, reference: Sequence[str] = ()
) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Remove shine and non-skin from region masks.

    Parameters
    ----------
    rgb : ndarray (rows, cols, 3) uint8
    regions : mapping of name to bool ndarray (rows, cols)
        Where a pixel is in several regions, the first one wins.
    reference : names of regions
        Regions whose colour defines skin for all of them (the cheeks: a forehead under a
        fringe is mostly hair, and its own median colour would be hair). Default: each region
        is its own reference.

    Returns
    -------
    skin : dict of bool ndarrays
        Each region without specular highlights (bright and desaturated), very dark pixels
        (shadow, nostrils, hair, large moles) and pixels whose chroma is far from the median
        skin colour (hair, eyebrows, background). Brightness limits are per region, since light
        differs between forehead and cheeks.
    shine : dict of float
        The fraction of each region that is specular shine.
    """
    import cv2
    import numpy as np

    names = list(regions)
    label = np.zeros(rgb.shape[:2], np.uint8)
    for i, name in enumerate(names, start=1):
        label[regions[name] & (label == 0)] = i
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    ycc = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)
    # Brightness at ~0.7 mm (10 px at the ~14 px/mm working scale), where pores vanish but hair
    # and shadows stay, relative to its surroundings at ~3 mm, which follow uneven light.
    value = hsv[..., 2].astype(np.float32)
    broad = _smooth(value, 10.0) / np.maximum(_smooth(value, 40.0), 1.0)
    bad = np.zeros(label.shape, np.uint8)
    shine_fraction: dict[str, float] = {}
    known = [names.index(n) + 1 for n in reference if n in names]
    common = _chroma_limits(ycc, np.isin(label, known)) if known else None
    for i, name in enumerate(names, start=1):
        box = _bbox_slices(label == i)
        if box is None:
            shine_fraction[name] = 0.0
            continue
        inside = label[box] == i
        chroma = common or _chroma_limits(ycc[box], inside)
        flags, shine = _flag_pixels(hsv[box], ycc[box], broad[box], inside, chroma)
        bad[box] |= flags & inside
        shine_fraction[name] = float(np.count_nonzero(shine & inside)) / max(int(inside.sum()), 1)
    # Opening drops single flagged pixels (noise); the dilation takes the halo of each glint.
    opened = cv2.morphologyEx(bad, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    grown = cv2.dilate(opened, np.ones((3, 3), np.uint8))
    label[grown > 0] = 0
    skin = {name: label == i for i, name in enumerate(names, start=1)}
    return skin, shine_fraction


def _bbox_slices(mask: np.ndarray) -> tuple[slice, slice] | None:
    import numpy as np

    rows = np.flatnonzero(mask.any(axis=1))
    if len(rows) == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1)


def _flag_pixels(
    hsv: np.ndarray,
    ycc: np.ndarray,
    broad: np.ndarray,
    region: np.ndarray,
    chroma: tuple[float, float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """(pixels to drop as uint8 0/1, shine as bool) inside one region's box."""
    import numpy as np

    v_hi, s_lo, v_dark = _brightness_limits(hsv, region)
    cr, cb, limit = chroma
    value, sat = hsv[..., 2], hsv[..., 1]
    shine = (value >= v_hi) & (sat < s_lo)
    dark = (value < v_dark) | (broad < 0.75)
    dcr = ycc[..., 1].astype(np.int32) - round(cr)
    dcb = ycc[..., 2].astype(np.int32) - round(cb)
    off_colour = dcr * dcr + dcb * dcb > limit * limit
    return (shine | dark | off_colour).astype(np.uint8), shine


def _sample(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of up to ~60k pixels of ``mask``: medians of a sample suffice."""
    import numpy as np

    step = max(1, int(math.sqrt(np.count_nonzero(mask) / 60000)))
    rows, cols = np.nonzero(mask[::step, ::step])
    return rows * step, cols * step


def _brightness_limits(hsv: np.ndarray, region: np.ndarray) -> tuple[float, float, float]:
    """(shine value, shine saturation, dark value) limits from the region's medians."""
    import numpy as np

    rows, cols = _sample(region)
    v_med = float(np.median(hsv[rows, cols, 2]))
    s_med = float(np.median(hsv[rows, cols, 1]))
    # Specular reflection is white: bright *and* desaturated. Bright but saturated skin (one
    # channel clipped by exposure) is still skin.
    return min(254.0, v_med * 1.2), 0.6 * s_med, 0.4 * v_med


def _smooth(image: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur of a large sigma, computed on a reduced copy (same result, far cheaper)."""
    import cv2

    rows, cols = image.shape[:2]
    step = max(1, int(sigma / 3))
    small = cv2.resize(
        image, (max(1, cols // step), max(1, rows // step)), interpolation=cv2.INTER_AREA
    )
    small = cv2.GaussianBlur(small, (0, 0), sigma / step)
    return cv2.resize(small, (cols, rows), interpolation=cv2.INTER_LINEAR)


def _chroma_limits(ycc: np.ndarray, reference: np.ndarray) -> tuple[float, float, float]:
    """(Cr, Cb, distance): the median skin chroma and how far from it is still skin."""
    import numpy as np

    rows, cols = _sample(reference)
    if len(rows) == 0:
        return 0.0, 0.0, 1e9
    chroma = ycc[rows, cols, 1:].astype(np.float32)
    centre = np.median(chroma, axis=0)
    spread = float(np.median(np.sqrt(((chroma - centre) ** 2).sum(axis=1)))) * 1.4826
    return float(centre[0]), float(centre[1]), max(10.0, 4.0 * spread)


def assess_quality(
    gray: np.ndarray,
    skin: np.ndarray,
    *,
    shine_fraction: float,
    px_per_mm: float | None,
    skin_chroma: tuple[float, float] | None = None,
) -> QualityReport:
    """Measure sharpness, texture, exposure, glare and resolution, and list what fails.

    Parameters
    ----------
    gray : ndarray (rows, cols) float32 in 0-1
        Luminance at the working resolution.
    skin : bool ndarray
        The refined skin mask.
    shine_fraction : float
        Fraction of the regions masked as specular shine.
    px_per_mm : float or None
        Resolution at the skin of ``gray``'s original (not working) image.
    skin_chroma : (Cr, Cb), optional
        Median chroma of the skin; outside `SKIN_CHROMA` the photo is not bare skin in
        daylight (a wall, a coloured light, a filter).

    Notes
    -----
    Both measures use two fine bands of the luminance at the working resolution (~14 px/mm
    when the scale is known): ``fine = gray - G(1 px)`` and ``mid = G(1 px) - G(2 px)``.

    ``sharpness`` is the ratio of their 99.5th percentiles of magnitude on skin: crisp pore
    edges put as much energy in the finest band as in the next (~1.0); defocus and motion blur
    remove the finest band first (Gaussian blur of 1 px gives ~0.7, 1.5 px ~0.6).

    ``texture`` is the robust amplitude (1.4826 x median absolute deviation) of the finest band
    in percent of the skin's median level: the micro-relief and sensor grain a camera records.
    Beauty filters (edge-preserving smoothing) keep pore edges but flatten it (bilateral
    filtering took a real close-up from 0.6 % to 0.27 %).
    """
    import numpy as np

    skin_pixels = int(skin.sum())
    measures: dict[str, Any] = {
        "px_per_mm": None if px_per_mm is None else round(float(px_per_mm), 3),
        "skin_pixels": skin_pixels,
        "glare": round(float(shine_fraction), 4),
        "skin_chroma": None if skin_chroma is None else [round(float(v), 1) for v in skin_chroma],
    }
    if skin_pixels < 50:
        measures.update(sharpness=None, texture=None, exposure=None, clipped=None)
        return QualityReport(measures, [_problem("no_skin", 0)])
    values = gray[::2, ::2][skin[::2, ::2]] if skin_pixels > 40000 else gray[skin]
    measures["exposure"] = round(float(np.median(values)), 4)
    measures["clipped"] = round(float(np.mean((values <= 2 / 255) | (values >= 253 / 255))), 4)
    fine, mid = _bands(gray)
    measures["sharpness"] = round(_sharpness(fine, mid, skin), 4)
    measures["texture"] = round(_texture(fine, gray, skin), 4)
    return QualityReport(measures, _problems(measures))


def _bands(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The finest band ``gray - G(1 px)`` and the next one ``G(1 px) - G(2 px)``."""
    import cv2

    g1 = cv2.GaussianBlur(gray, (0, 0), 1.0)
    g2 = cv2.GaussianBlur(g1, (0, 0), math.sqrt(3.0))  # G(1) then G(sqrt 3) = G(2)
    return gray - g1, g1 - g2


def _sharpness(fine: np.ndarray, mid: np.ndarray, skin: np.ndarray) -> float:
    import numpy as np

    step = _sample_step(skin)
    where = skin[::step, ::step]
    top_fine = float(np.percentile(np.abs(fine[::step, ::step][where]), 99.5))
    top_mid = float(np.percentile(np.abs(mid[::step, ::step][where]), 99.5))
    return top_fine / max(top_mid, 1e-6)


def _texture(fine: np.ndarray, gray: np.ndarray, skin: np.ndarray) -> float:
    import numpy as np

    step = _sample_step(skin)
    where = skin[::step, ::step]
    values = fine[::step, ::step][where]
    mad = 1.4826 * float(np.median(np.abs(values - np.median(values))))
    level = float(np.median(gray[::step, ::step][where]))
    return 100.0 * mad / max(level, 1e-3)


def _sample_step(mask: np.ndarray) -> int:
    """Stride that leaves ~250k pixels: percentiles of a regular sample are stable."""
    return max(1, int(math.sqrt(int(mask.sum()) / 250_000)))


_MESSAGES = {
    "no_skin": ("too little skin to measure", "move closer, fill the frame with cheek or face"),
    "resolution": ("{v:.1f} px/mm at the skin (need {lim:.0f})", "move closer"),
    "sharpness": ("the photo is blurred (sharpness {v:.2f})", "hold still / tap to focus"),
    "texture": ("skin texture is smoothed (texture {v:.2f})", "turn off beauty mode"),
    "detail": (
        "fine detail is lost (texture {v:.2f})",
        "hold still / tap to focus, and turn off beauty mode",
    ),
    "dark": ("the skin is underexposed (level {v:.2f})", "face a window"),
    "bright": ("the skin is overexposed (level {v:.2f})", "step out of direct light"),
    "clipped": ("{v:.0%} of the skin is clipped", "face a window, avoid direct sun and flash"),
    "glare": ("{v:.0%} of the skin is shine", "blot shine and face a window instead of a lamp"),
    "colour": (
        "the measured area does not have the colour of skin",
        "photograph bare skin in daylight, with no colour filter",
    ),
}


def _problem(code: str, value: float, limit: float = 0.0) -> tuple[str, str, str]:
    message, hint = _MESSAGES[code]
    return code, message.format(v=value, lim=limit), hint


def _problems(m: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = []
    if m["skin_pixels"] < LIMITS["min_skin_pixels"]:
        out.append(_problem("no_skin", m["skin_pixels"]))
    if m["px_per_mm"] is not None and m["px_per_mm"] < LIMITS["min_px_per_mm"]:
        out.append(_problem("resolution", m["px_per_mm"], LIMITS["min_px_per_mm"]))
    if m["sharpness"] < LIMITS["min_sharpness"]:
        out.append(_problem("sharpness", m["sharpness"]))
    elif m["texture"] < LIMITS["min_texture"]:
        crisp = m["sharpness"] >= LIMITS["crisp_sharpness"]
        out.append(_problem("texture" if crisp else "detail", m["texture"]))
    if m["exposure"] < LIMITS["min_exposure"]:
        out.append(_problem("dark", m["exposure"]))
    elif m["exposure"] > LIMITS["max_exposure"]:
        out.append(_problem("bright", m["exposure"]))
    if m["clipped"] > LIMITS["max_clipped"]:
        out.append(_problem("clipped", m["clipped"]))
    if m["glare"] > LIMITS["max_glare"]:
        out.append(_problem("glare", m["glare"]))
    if m["skin_chroma"] is not None:
        cr, cb = m["skin_chroma"]
        (cr0, cr1), (cb0, cb1) = SKIN_CHROMA["cr"], SKIN_CHROMA["cb"]
        if not (cr0 <= cr <= cr1 and cb0 <= cb <= cb1):
            out.append(_problem("colour", 0))
    return out
