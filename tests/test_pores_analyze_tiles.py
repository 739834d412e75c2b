"""Large photos: tiled parallel detection, and detection beside the skin masks.

Speed itself is measured by ``bench/pores_speed.py``; these tests pin what the speed-ups must
not change: every pixel owned by exactly one tile, the same pores as one detection pass,
results independent of the number of threads, nothing counted off the skin, and one-line
errors from the no-scale path (where detection runs on other threads).
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from conftest import assert_one_line_error
from porecare.errors import QualityError
from porecare.pores import analyze_photo, detect_pores
from porecare.pores._detect_score import score_points
from porecare.pores._synthetic import synthetic_patch
from porecare.pores._tiled import _TILE_ALIGN, _TILE_MARGIN_WORK_PX, _tiles, detect_tiled


def _points(found: object) -> np.ndarray:
    return np.column_stack([found.rows, found.cols])  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def skin() -> np.ndarray:
    """A 600 x 800 close-up at 14 px/mm with every kind of distractor."""
    return synthetic_patch(21, size=(600, 800), px_per_mm=14.0, tone=4).image


@pytest.mark.parametrize(
    ("shape", "factor", "limit"),
    [
        ((3000, 4000), 1.0, 6e6),
        ((4000, 3000), 1.0, 3e6),
        ((8600, 12800), 1.0, 6e6),
        ((3000, 4000), 0.5, 1e6),
        ((30, 50_000), 1.0, 2e5),
        ((3000, 4000), 1.0, 2e7),
    ],
)
def test_tiles_own_every_pixel_once_and_see_a_margin_around_it(
    shape: tuple[int, int], factor: float, limit: float
) -> None:
    tiles = _tiles(shape, factor, limit)
    rows, cols = shape
    assert len(tiles) >= math.ceil(rows * cols * factor**2 / limit) - 1
    margin = math.ceil(_TILE_MARGIN_WORK_PX / factor)
    rr = np.linspace(-0.5, rows - 0.51, 301)
    cc = np.linspace(-0.5, cols - 0.51, 307)
    owners = np.zeros((len(rr), len(cc)), int)
    for (lo_r, hi_r, lo_c, hi_c), (r0, r1, c0, c1) in tiles:
        assert 0 <= r0 < r1 <= rows and 0 <= c0 < c1 <= cols
        assert (r1 - r0) * (c1 - c0) * factor**2 <= limit * 1.5 + (2 * margin) ** 2 * 4
        owners += ((rr >= lo_r) & (rr < hi_r))[:, None] & ((cc >= lo_c) & (cc < hi_c))[None, :]
        # the box reaches a margin past its own part, unless the image ends first
        assert r0 == 0 or r0 <= lo_r + 0.5 - margin
        assert r1 == rows or r1 >= hi_r + 0.5 + margin
        assert c0 == 0 or c0 <= lo_c + 0.5 - margin
        assert c1 == cols or c1 >= hi_c + 0.5 + margin
        # inner cuts fall on the detector's coarse grids
        for cut in (lo_r, hi_r, lo_c, hi_c):
            if math.isfinite(cut):
                assert (cut + 0.5) % round(_TILE_ALIGN / factor) == 0
    assert (owners == 1).all()
    assert _tiles(shape, factor, limit) == tiles  # the layout depends on the size alone


def test_small_images_go_to_the_detector_whole(skin: np.ndarray) -> None:
    whole = detect_pores(skin)
    tiled = detect_tiled(skin, px_per_mm=None, mask=None)
    assert np.array_equal(_points(whole), _points(tiled))
    assert np.array_equal(whole.diameter_px, tiled.diameter_px)


def test_tiled_detection_finds_the_pores_of_one_pass_whatever_the_threads(
    skin: np.ndarray,
) -> None:
    mask = np.ones(skin.shape[:2], bool)
    mask[:, :150] = False  # skin that starts inside the first tile
    one = detect_pores(skin, mask=mask)
    runs = [
        detect_tiled(skin, px_per_mm=None, mask=mask, tile_pixels=100_000, workers=w)
        for w in (1, 2, 4)
    ]
    assert len(_tiles(skin.shape[:2], 1.0, 100_000)) >= 5
    for run in runs[1:]:  # deterministic: threads change nothing
        assert np.array_equal(_points(run), _points(runs[0]))
        assert np.array_equal(run.area_px, runs[0].area_px)
    tiled = runs[0]
    assert score_points(_points(one), _points(tiled), tol=1.0).f1 >= 0.97
    assert abs(len(tiled) - len(one)) <= 0.03 * len(one)
    assert (tiled.cols >= 148).all()  # nothing off the mask
    # no pore counted twice where tiles overlap
    d = np.hypot(*(_points(tiled)[:, None, :] - _points(tiled)[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    assert d.min() > 1.0


def test_tiles_at_a_known_scale_map_back_to_the_input(skin: np.ndarray) -> None:
    fine = cv2.resize(skin, (1600, 1200), interpolation=cv2.INTER_CUBIC)  # 28 px/mm
    one = detect_pores(fine, px_per_mm=28.0)
    tiled = detect_tiled(fine, px_per_mm=28.0, mask=None, tile_pixels=150_000)
    assert len(_tiles(fine.shape[:2], 0.5, 150_000)) >= 4
    assert score_points(_points(one), _points(tiled), tol=2.0).f1 >= 0.97
    assert np.median(tiled.diameter_px) == pytest.approx(np.median(one.diameter_px), rel=0.03)


def test_whole_frame_keeps_only_pores_on_the_refined_skin(tmp_path: Path, skin: np.ndarray) -> None:
    """Without a face or mask detection runs beside the skin masks; their refinement still counts."""
    photo = skin.copy()
    photo[300:500, 100:400] = (250, 250, 250)  # glare: not skin
    photo[100:200, 500:700] = (8, 6, 5)  # deep shadow: not skin
    Image.fromarray(photo).save(tmp_path / "glare.png")
    result = analyze_photo(tmp_path / "glare.png", check_quality=False)
    xy = np.array([(p["x"], p["y"]) for p in result.pores])
    in_glare = (xy[:, 0] > 104) & (xy[:, 0] < 396) & (xy[:, 1] > 304) & (xy[:, 1] < 496)
    in_shadow = (xy[:, 0] > 504) & (xy[:, 0] < 696) & (xy[:, 1] > 104) & (xy[:, 1] < 196)
    assert len(xy) > 100 and not in_glare.any() and not in_shadow.any()
    # the same skin given as a mask goes the other way (masks first, then detection on them)
    Image.fromarray(np.full(photo.shape[:2], 255, np.uint8)).save(tmp_path / "all.png")
    masked = analyze_photo(tmp_path / "glare.png", mask=tmp_path / "all.png")
    theirs = np.array([(p["y"], p["x"]) for p in masked.pores])
    assert score_points(theirs, xy[:, ::-1], tol=1.0).f1 >= 0.98
    assert result.overall["skin_area_px"] == masked.overall["skin_area_px"]


def test_quality_refusal_without_a_scale_while_detection_runs(tmp_path: Path) -> None:
    patch = synthetic_patch(5, size=(400, 400), px_per_mm=14.0, tone=3, hairs=0, moles=0)
    Image.fromarray(cv2.GaussianBlur(patch.image, (0, 0), 3.0)).save(tmp_path / "blur.png")
    with pytest.raises(QualityError):
        analyze_photo(tmp_path / "blur.png", check_quality=True)


def test_no_scale_errors_are_one_line(run_cli, tmp_path: Path) -> None:
    photo = synthetic_patch(5, size=(300, 300), px_per_mm=14.0).image
    Image.fromarray(photo).save(tmp_path / "ok.jpg", quality=90)
    data = (tmp_path / "ok.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 3])
    blurred = cv2.GaussianBlur(photo, (0, 0), 3.0)
    Image.fromarray(blurred).save(tmp_path / "blurred.png")
    for name in ("cut.jpg", "missing.jpg", "blurred.png"):
        assert_one_line_error(run_cli("analyze", str(tmp_path / name)))
