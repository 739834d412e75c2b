"""Skin refinement (shine, dark, off-colour) and the quality measures on controlled images."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from porecare.pores._quality import LIMITS, assess_quality, refine_skin
from porecare.pores._synthetic import synthetic_patch


def _skin(seed: int = 11, tone: int = 3) -> np.ndarray:
    return synthetic_patch(
        seed,
        size=(240, 240),
        tone=tone,
        hairs=0,
        moles=0,
        glints=0,
        freckles=0,
        blur_px=0.5,
        noise=2.0,
        jpeg_quality=0,
        lighting=0.1,
    ).image.copy()


def test_refine_skin_removes_shine_dark_and_off_colour_pixels() -> None:
    rgb = _skin()
    cv2.circle(rgb, (60, 60), 12, (255, 255, 255), -1)  # specular glint
    rgb[150:160, :] = (25, 20, 18)  # a dark band: hair or shadow
    rgb[190:230, 190:230] = (40, 120, 220)  # not skin at all (blue background)
    region = np.ones(rgb.shape[:2], bool)
    skin, shine = refine_skin(rgb, {"frame": region})
    kept = skin["frame"]
    assert not kept[60, 60] and not kept[155, 100] and not kept[210, 210]
    assert kept[100, 150] and kept[30, 200]
    assert 0.005 < shine["frame"] < 0.05  # the glint's share of the region
    assert kept.mean() > 0.8


def test_refine_skin_keeps_pores_and_respects_each_region() -> None:
    patch = synthetic_patch(
        12,
        size=(240, 240),
        tone=4,
        hairs=0,
        moles=0,
        glints=0,
        freckles=0,
        blur_px=0.5,
        noise=2.0,
        jpeg_quality=0,
        lighting=0.0,
    )
    left = np.zeros((240, 240), bool)
    left[:, :120] = True
    skin, _ = refine_skin(patch.image, {"left": left, "right": ~left})
    assert not (skin["left"] & skin["right"]).any()
    assert not skin["left"][:, 125:].any()
    r = np.round(patch.rows).astype(int)
    c = np.round(patch.cols).astype(int)
    inside = (r > 3) & (r < 236) & (c > 3) & (c < 236)
    union = skin["left"] | skin["right"]
    assert union[r[inside], c[inside]].mean() > 0.95  # pores are dark but they are skin


def _quality(rgb: np.ndarray, px_per_mm: float | None = 14.0):  # type: ignore[no-untyped-def]
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255
    return assess_quality(gray, np.ones(gray.shape, bool), shine_fraction=0.0, px_per_mm=px_per_mm)


def test_quality_measures_move_the_right_way() -> None:
    rgb = _skin()
    good = _quality(rgb)
    assert good.ok, good.problems
    blurred = _quality(cv2.GaussianBlur(rgb, (0, 0), 2.5))
    assert blurred.measures["sharpness"] < good.measures["sharpness"]
    assert "hold still / tap to focus" in " ".join(blurred.hints())
    filtered = _quality(cv2.bilateralFilter(rgb, 9, 30, 5))
    assert filtered.measures["texture"] < LIMITS["min_texture"] <= good.measures["texture"]
    assert filtered.hints() == ["turn off beauty mode"]
    dark = _quality((rgb * 0.12).astype(np.uint8))
    assert "face a window" in dark.hints()
    far = _quality(rgb, px_per_mm=4.0)
    assert far.hints() == ["move closer"]
    unknown = _quality(rgb, px_per_mm=None)
    assert unknown.ok and unknown.measures["px_per_mm"] is None
    report = good.to_dict()
    assert report["guidance"] and report["limits"]["min_px_per_mm"] == 8.0


def test_non_skin_colour_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    from porecare.pores import analyze_photo

    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (200, 200, 3), dtype=np.uint8)).save(tmp_path / "n.png")
    noise = analyze_photo(tmp_path / "n.png", px_per_mm=14.0)
    assert "photograph bare skin in daylight, with no colour filter" in noise.quality.hints()
    for tone in range(1, 7):  # every skin tone passes the same check
        skin = analyze_photo(
            _png(_skin(20 + tone, tone=tone), tmp_path / f"t{tone}.png"), px_per_mm=14.0
        )
        assert not any(code == "colour" for code, _, _ in skin.quality.problems), tone


def _png(rgb: np.ndarray, path):  # type: ignore[no-untyped-def]
    from PIL import Image

    Image.fromarray(rgb).save(path)
    return path


@pytest.mark.parametrize("tone", [1, 2, 3, 4, 5, 6])
def test_every_skin_tone_passes_at_a_correct_exposure_and_a_bit_under(tone: int) -> None:
    from porecare.pores._synthetic import synthetic_patch

    for seed in (7005, 7011):
        rgb = synthetic_patch(seed, size=(256, 256), px_per_mm=14.0, tone=tone).image
        for factor in (1.0, 0.85):
            report = _quality(np.clip(rgb * factor, 0, 255).astype(np.uint8))
            assert "dark" not in [code for code, _, _ in report.problems], (seed, factor)
