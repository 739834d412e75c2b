"""analyze_photo, compare_analyses and the `analyze`/`compare` commands, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import assert_one_line_error
from porecare.errors import ImageError, QualityError
from porecare.pores import (
    REPEATABILITY,
    PoreAnalysis,
    analyze_photo,
    compare_analyses,
    load_image,
)
from porecare.pores._synthetic import synthetic_patch

PPM = 14.0


def _patch(seed: int = 3, *, density: float = 0.9, size: int = 320) -> np.ndarray:
    return synthetic_patch(
        seed,
        size=(size, size),
        px_per_mm=PPM,
        tone=3,
        pore_density_per_mm2=density,
        hairs=0,
        moles=0,
        glints=0,
        blur_px=0.5,
        noise=2.0,
        jpeg_quality=0,
        lighting=0.1,
    ).image


@pytest.fixture(scope="module")
def patch_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pores") / "patch.png"
    Image.fromarray(_patch()).save(path)
    return path


def test_close_up_with_scale_gives_physical_metrics(patch_file: Path) -> None:
    truth = synthetic_patch(
        3,
        size=(320, 320),
        px_per_mm=PPM,
        tone=3,
        pore_density_per_mm2=0.9,
        hairs=0,
        moles=0,
        glints=0,
        blur_px=0.5,
        noise=2.0,
        jpeg_quality=0,
        lighting=0.1,
    )
    result = analyze_photo(patch_file, px_per_mm=PPM)
    overall = result.overall
    assert result.scale.source == "user" and set(result.regions) == {"frame"}
    assert 0.75 * len(truth.rows) <= overall["count"] <= 1.25 * len(truth.rows)
    area_cm2 = 320 * 320 / PPM**2 / 100
    assert overall["skin_area_cm2"] == pytest.approx(area_cm2, rel=0.1)
    assert overall["density_per_cm2"] == pytest.approx(
        overall["count"] / overall["skin_area_cm2"], rel=1e-3
    )
    true_median_mm = float(np.median(truth.diameter_px)) / PPM
    assert overall["median_diameter_mm"] == pytest.approx(true_median_mm, rel=0.3)
    assert 0 < overall["area_fraction_pct"] < 30 and 0 < overall["visibility"] < 100
    assert result.quality.ok, result.quality.problems


def test_without_scale_metrics_are_pixels_only_with_a_warning(patch_file: Path) -> None:
    result = analyze_photo(patch_file)
    overall = result.overall
    assert result.scale.px_per_mm is None
    assert overall["density_per_cm2"] is None and overall["median_diameter_mm"] is None
    assert overall["median_diameter_px"] > 0 and overall["count"] > 0
    assert any("scale unknown" in w for w in result.warnings)


def test_to_dict_has_the_documented_shape_and_round_trips(patch_file: Path) -> None:
    result = analyze_photo(patch_file, px_per_mm=PPM)
    data = json.loads(json.dumps(result.to_dict()))
    assert {"pores", "regions", "metrics", "quality", "scale", "warnings"} <= set(data)
    assert {"x", "y", "diameter_px", "area_px"} <= set(data["pores"][0])
    assert "guidance" in data["quality"] and data["quality"]["guidance"]
    back = PoreAnalysis.from_dict(data)
    assert back.to_dict() == data
    with pytest.raises(ImageError, match="missing"):
        PoreAnalysis.from_dict({"pores": []})


def test_exif_rotated_file_reports_coordinates_in_the_rotated_frame(tmp_path: Path) -> None:
    upright = np.ascontiguousarray(_patch(size=320)[:, :240])  # 320 rows x 240 cols
    Image.fromarray(upright).save(tmp_path / "upright.png")
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned; viewers rotate 90 degrees clockwise
    Image.fromarray(np.ascontiguousarray(np.rot90(upright))).save(
        tmp_path / "turned.png", exif=exif
    )
    a = analyze_photo(tmp_path / "upright.png", px_per_mm=PPM)
    b = analyze_photo(tmp_path / "turned.png", px_per_mm=PPM)
    assert b.image["width"] == 240 and b.image["height"] == 320
    pa = np.array([(p["x"], p["y"]) for p in a.pores])
    pb = np.array([(p["x"], p["y"]) for p in b.pores])
    assert abs(len(pa) - len(pb)) <= 0.03 * len(pa) + 1
    nearest = np.sqrt(((pb[:, None, :] - pa[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    assert np.median(nearest) < 0.5
    assert pb[:, 0].max() < 240 and pb[:, 1].max() < 320


def test_mask_limits_the_measured_skin(tmp_path: Path, patch_file: Path) -> None:
    mask = np.zeros((320, 320), np.uint8)
    mask[:, :160] = 255
    Image.fromarray(mask).save(tmp_path / "mask.png")
    result = analyze_photo(patch_file, px_per_mm=PPM, mask=tmp_path / "mask.png")
    assert set(result.regions) == {"mask"}
    assert max(p["x"] for p in result.pores) < 163
    Image.fromarray(mask[:100]).save(tmp_path / "small.png")
    with pytest.raises(ImageError, match="must have the photo's size"):
        analyze_photo(patch_file, mask=tmp_path / "small.png")


def test_quality_gate_refuses_blurred_and_smoothed_photos(tmp_path: Path) -> None:
    import cv2

    sharp = _patch()
    blurred = cv2.GaussianBlur(sharp, (0, 0), 3.0)
    Image.fromarray(blurred).save(tmp_path / "blurred.png")
    with pytest.raises(QualityError) as info:
        analyze_photo(tmp_path / "blurred.png", px_per_mm=PPM, check_quality=True)
    assert "focus" in info.value.hint or "beauty" in info.value.hint
    smoothed = cv2.bilateralFilter(sharp, 9, 30, 5)  # what a beauty filter does to skin
    Image.fromarray(smoothed).save(tmp_path / "smoothed.png")
    with pytest.raises(QualityError, match="turn off beauty mode"):
        analyze_photo(tmp_path / "smoothed.png", px_per_mm=PPM, check_quality=True)
    dark = (sharp * 0.1).astype(np.uint8)
    Image.fromarray(dark).save(tmp_path / "dark.png")
    with pytest.raises(QualityError, match="face a window"):
        analyze_photo(tmp_path / "dark.png", px_per_mm=PPM, check_quality=True)
    far = analyze_photo(tmp_path / "blurred.png", px_per_mm=4.0)
    assert not far.quality.ok and "move closer" in far.quality.hints()


def test_face_photo_gets_face_regions_and_iris_scale(tmp_path: Path) -> None:
    pytest.importorskip("mediapipe")
    from skimage import data

    Image.fromarray(data.astronaut()).save(tmp_path / "astronaut.jpg", quality=95)
    result = analyze_photo(tmp_path / "astronaut.jpg")
    assert set(result.regions) == {"forehead", "nose", "left_cheek", "right_cheek"}
    assert result.scale.source == "iris" and 0.5 < result.scale.px_per_mm < 1.0
    assert all(r["source"] == "face_mesh" and r["outline"] for r in result.regions.values())
    # a selfie this small cannot show pores: the gate says so, and nothing over 1 mm is a pore
    assert "move closer" in result.quality.hints()
    assert all(p["diameter_px"] / result.scale.px_per_mm <= 1.0 for p in result.pores)


def test_compare_says_no_measurable_change_for_the_same_skin(patch_file: Path) -> None:
    a = analyze_photo(patch_file, px_per_mm=PPM)
    same = compare_analyses(a, a)
    assert not same.any_measurable and "no measurable change" in same.summary()
    assert set(same.to_dict()["changes"]) == set(REPEATABILITY)


def test_compare_sees_a_large_change(tmp_path: Path) -> None:
    Image.fromarray(_patch(5, density=1.2)).save(tmp_path / "before.png")
    Image.fromarray(_patch(5, density=0.4)).save(tmp_path / "after.png")
    a = analyze_photo(tmp_path / "before.png", px_per_mm=PPM)
    b = analyze_photo(tmp_path / "after.png", px_per_mm=PPM)
    result = compare_analyses(a, b)
    density = result.to_dict()["changes"]["density_per_cm2"]
    assert density["measurable"] and density["verdict"] == "lower"
    assert density["uncertainty"] > 0


def test_cli_analyze_json_overlay_and_compare(run_cli, tmp_path: Path, patch_file: Path) -> None:
    overlay = tmp_path / "overlay.png"
    result = run_cli(
        "analyze", str(patch_file), "--px-per-mm", "14", "--json", "--overlay", str(overlay)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = result.json()
    assert isinstance(data, dict) and data["pores"] and data["scale"]["px_per_mm"] == 14.0
    drawn = load_image(overlay).rgb
    assert drawn.shape[:2] == (320, 320)
    assert not np.array_equal(drawn, load_image(patch_file).rgb)
    saved = tmp_path / "a.json"
    saved.write_text(result.stdout)
    text = run_cli("compare", str(saved), str(patch_file), "--px-per-mm", "14")
    assert text.returncode == 0, text.stderr
    assert "no measurable change" in text.stdout
    human = run_cli("analyze", str(patch_file), "--px-per-mm", "14")
    assert "density" in human.stdout or "per cm²" in human.stdout
    assert "Same light" in human.stdout


def test_cli_errors_are_one_line(run_cli, tmp_path: Path, patch_file: Path) -> None:
    import cv2

    Image.fromarray(np.zeros((10, 10), np.uint8)).save(tmp_path / "small-mask.png")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    Image.fromarray(cv2.GaussianBlur(_patch(), (0, 0), 3.0)).save(tmp_path / "blurred.png")
    cases = [
        ("analyze", str(patch_file), "--mask", str(tmp_path / "small-mask.png")),
        ("analyze", str(patch_file), "--px-per-mm", "-3"),
        ("analyze", str(tmp_path / "blurred.png"), "--px-per-mm", "14"),
        ("compare", str(bad_json), str(patch_file)),
        ("analyze", str(patch_file), "--px-per-mm", "14", "--overlay", str(tmp_path / "o.gif")),
        ("analyze", str(patch_file), "--overlay", str(tmp_path / "no" / "such" / "o.png")),
    ]
    for args in cases:
        result = run_cli(*args)
        assert_one_line_error(result)
    forced = run_cli(
        "analyze", str(tmp_path / "blurred.png"), "--px-per-mm", "14", "--force", "--json"
    )
    assert forced.returncode == 0 and forced.json()["warnings"]


def test_without_mediapipe_close_ups_work_and_face_photos_warn(
    run_cli, tmp_path: Path, patch_file: Path
) -> None:
    from skimage import data

    blocker = tmp_path / "no-face-extra" / "mediapipe"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('mediapipe is not installed')\n")
    env = {"PYTHONPATH": str(blocker.parent)}
    close = run_cli("analyze", str(patch_file), "--px-per-mm", "14", "--json", env=env)
    assert close.returncode == 0, close.stderr
    assert close.json()["pores"]
    Image.fromarray(data.astronaut()).save(tmp_path / "face.png")
    face = run_cli("analyze", str(tmp_path / "face.png"), "--json", "--force", env=env)
    assert face.returncode == 0, face.stderr
    warnings = " ".join(face.json()["warnings"])
    assert "optional 'face' extra" in warnings and "scale unknown" in warnings


def test_compare_uncertainty_adds_the_scale_jitter_for_physical_metrics(patch_file: Path) -> None:
    from porecare.pores._compare import COVERAGE

    data = analyze_photo(patch_file, px_per_mm=PPM).to_dict()
    data["scale"]["landmark_jitter"] = 0.05
    a = PoreAnalysis.from_dict(data)
    changes = compare_analyses(a, a).to_dict()["changes"]
    density = a.overall["density_per_cm2"]
    expected = COVERAGE * density * (REPEATABILITY["density_per_cm2"] ** 2 + 2 * 0.1**2) ** 0.5
    assert changes["density_per_cm2"]["uncertainty"] == pytest.approx(expected, rel=1e-3)
    fraction = a.overall["area_fraction_pct"]  # scale-free: no jitter term
    expected = COVERAGE * fraction * REPEATABILITY["area_fraction_pct"]
    assert changes["area_fraction_pct"]["uncertainty"] == pytest.approx(expected, rel=1e-3)


def test_face_photo_with_exif_rotation_via_cli(run_cli, tmp_path: Path) -> None:
    pytest.importorskip("mediapipe")
    from skimage import data

    upright = data.astronaut()
    exif = Image.Exif()
    exif[0x0112] = 8  # stored turned clockwise; viewers rotate it 90 degrees counter-clockwise
    stored = np.ascontiguousarray(np.rot90(upright, -1))
    Image.fromarray(stored).save(tmp_path / "turned.jpg", exif=exif, quality=95)
    result = run_cli("analyze", str(tmp_path / "turned.jpg"), "--json", "--force")
    assert result.returncode == 0, result.stderr
    out = result.json()
    assert out["image"]["orientation"] == 8 and out["scale"]["source"] == "iris"
    # the cheek outlines are in the upright frame: below the eyes (y ~ 100), beside the nose
    cheek = np.array(out["regions"]["left_cheek"]["outline"][0])
    assert 100 < cheek[:, 1].mean() < 200 and cheek[:, 0].mean() > 250


def test_pipeline_keeps_the_detectors_pores_on_the_real_close_up(shared_dir: Path) -> None:
    """Skin refinement must not eat pores: compare with detect_pores on the same mask."""
    from porecare.pores import detect_pores

    folder = shared_dir / "data" / "pores" / "porenet-left"
    rgb = load_image(folder / "input.png").rgb
    mask = load_image(folder / "mask.png").rgb[..., 0] > 127
    direct = detect_pores(rgb, px_per_mm=PPM, mask=mask)
    result = analyze_photo(folder / "input.png", px_per_mm=PPM, mask=folder / "mask.png")
    assert result.quality.ok, result.quality.problems
    ours = np.array([(p["y"], p["x"]) for p in result.pores])
    theirs = np.column_stack([direct.rows, direct.cols])
    nearest = np.sqrt(((theirs[:, None, :] - ours[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    assert np.mean(nearest < 1.0) > 0.97
    density = result.overall["density_per_cm2"]
    assert 20 < density < 150  # ~1,250 labelled pores on ~20 cm² of skin


def test_reduced_jpeg_decoding_keeps_original_coordinates_and_sizes(tmp_path: Path) -> None:
    """A 28 px/mm JPEG is decoded at half size; results still refer to the full upright photo."""
    import cv2

    patch = synthetic_patch(9, size=(350, 250), px_per_mm=PPM, tone=2, hairs=0, moles=0)
    fine = cv2.resize(patch.image, (500, 700), interpolation=cv2.INTER_CUBIC)  # 28 px/mm
    Image.fromarray(fine).save(tmp_path / "upright.jpg", quality=95)
    exif = Image.Exif()
    exif[0x0112] = 6
    turned = np.ascontiguousarray(np.rot90(fine))
    Image.fromarray(turned).save(tmp_path / "turned.jpg", quality=95, exif=exif)
    a = analyze_photo(tmp_path / "upright.jpg", px_per_mm=28.0)
    b = analyze_photo(tmp_path / "turned.jpg", px_per_mm=28.0)
    assert a.image["decoded_scale"] == 0.5 and (b.image["width"], b.image["height"]) == (500, 700)
    pa = np.array([(p["x"], p["y"]) for p in a.pores])
    pb = np.array([(p["x"], p["y"]) for p in b.pores])
    nearest = np.sqrt(((pb[:, None, :] - pa[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    assert np.median(nearest) < 0.5
    true_mm = float(np.median(patch.diameter_px)) / PPM
    assert b.overall["median_diameter_mm"] == pytest.approx(true_mm, rel=0.2)
    assert b.overall["skin_area_cm2"] == pytest.approx(500 * 700 / 28.0**2 / 100, rel=0.1)
