"""The synthetic skin generator: reproducible, and its ground truth matches its pixels."""

from __future__ import annotations

import numpy as np
import pytest

from porecare.pores._synthetic import FITZPATRICK_RGB, synthetic_patch, synthetic_set


def test_same_seed_same_patch_and_different_seed_differs() -> None:
    a = synthetic_patch(5)
    b = synthetic_patch(5)
    c = synthetic_patch(6)
    assert np.array_equal(a.image, b.image)
    assert np.array_equal(a.rows, b.rows)
    assert not np.array_equal(a.image, c.image)


def test_ground_truth_is_inside_in_range_and_non_overlapping() -> None:
    patch = synthetic_patch(3, px_per_mm=14.0, diameter_mm=(0.12, 0.5))
    assert len(patch) > 50
    assert patch.image.shape == (256, 256, 3) and patch.image.dtype == np.uint8
    assert (patch.rows >= 0).all() and (patch.rows < 256).all()
    assert (patch.cols >= 0).all() and (patch.cols < 256).all()
    assert patch.diameter_px.min() >= 0.12 * 14 - 1e-9
    assert patch.diameter_px.max() <= 0.5 * 14 + 1e-9
    centres = np.column_stack([patch.rows, patch.cols])
    radii = patch.diameter_px / 2
    gap = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gap, np.inf)
    assert (gap > radii[:, None] + radii[None, :]).all()


def test_pores_are_darker_than_their_surroundings() -> None:
    patch = synthetic_patch(
        11, blur_px=0.3, noise=0.5, jpeg_quality=0, lighting=0.0, hairs=0, glints=0
    )
    gray = patch.image.astype(float).mean(axis=2)
    yy, xx = np.mgrid[0:256, 0:256]
    darker = 0
    for r, c, d in zip(patch.rows, patch.cols, patch.diameter_px, strict=True):
        dist = np.hypot(yy - r, xx - c)
        ring = np.median(gray[(dist > d / 2 + 1.5) & (dist < d / 2 + 4)])
        darker += gray[round(r), round(c)] < 0.95 * ring
    # Every pore is at least 10 % darker than skin; texture may hide a few at the margin.
    assert darker >= 0.95 * len(patch)


def test_no_pore_sits_on_a_hair_mole_or_freckle() -> None:
    patch = synthetic_patch(2, hairs=3, moles=1, freckles=2, glints=2)
    hair = patch.distractors["hair_mask"]
    assert hair.any()
    rows, cols = np.rint(patch.rows).astype(int), np.rint(patch.cols).astype(int)
    assert not hair[rows, cols].any()
    for name in ("moles", "freckles", "glints"):
        for r, c in patch.distractors[name]:
            assert np.hypot(patch.rows - r, patch.cols - c).min() > 4


def test_set_cycles_through_all_six_tones_and_tones_differ_in_brightness() -> None:
    patches = synthetic_set(6, seed=40)
    assert [p.tone for p in patches] == [1, 2, 3, 4, 5, 6]
    means = [p.image.mean() for p in synthetic_set(6, seed=40)]
    assert means[0] > means[5] + 60


def test_unknown_tone_is_rejected() -> None:
    with pytest.raises(ValueError, match="Fitzpatrick"):
        synthetic_patch(0, tone=7)
    assert set(FITZPATRICK_RGB) == {1, 2, 3, 4, 5, 6}
