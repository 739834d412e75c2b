"""Loading photos: every format and mode, EXIF orientation, and the one-line errors."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import assert_one_line_error
from porecare.errors import ImageError
from porecare.pores import load_image


def _pattern(rows: int = 60, cols: int = 90) -> np.ndarray:
    """An asymmetric RGB picture: a red block top-left, a gradient elsewhere."""
    yy, xx = np.mgrid[0:rows, 0:cols]
    rgb = np.stack([xx * 255 // cols, yy * 255 // rows, np.full_like(xx, 128)], axis=2)
    rgb = rgb.astype(np.uint8)
    rgb[:10, :20] = (255, 0, 0)
    return rgb


@pytest.mark.parametrize("fmt,suffix", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_common_formats_load_as_rgb8(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"photo.{suffix}"
    Image.fromarray(_pattern()).save(path, fmt, quality=95)
    loaded = load_image(path)
    assert loaded.rgb.dtype == np.uint8 and loaded.rgb.shape == (60, 90, 3)
    assert loaded.format == fmt and loaded.size == (90, 60)
    assert np.abs(loaded.rgb[2:8, 2:18].astype(int) - (255, 0, 0)).max() < 40


def test_heif_loads_through_pillow_heif(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    path = tmp_path / "photo.heic"
    heif = pillow_heif.from_bytes(mode="RGB", size=(90, 60), data=_pattern().tobytes())
    heif.save(path, quality=95)
    loaded = load_image(path)
    assert loaded.format == "HEIF" and loaded.rgb.shape == (60, 90, 3)
    assert loaded.rgb[5, 5, 0] > 200 and loaded.rgb[5, 5, 1] < 60


def test_modes_gray_16bit_rgba_cmyk_palette(tmp_path: Path) -> None:
    gray16 = np.linspace(0, 65535, 90, dtype=np.uint16)[None, :].repeat(60, 0)
    cases = {
        "gray.png": Image.fromarray(_pattern()[..., 1]),
        "gray16.png": Image.fromarray(gray16),
        "rgba.png": Image.fromarray(_pattern()).convert("RGBA"),
        "cmyk.jpg": Image.fromarray(_pattern()).convert("CMYK"),
        "palette.png": Image.fromarray(_pattern()).convert("P"),
        "bilevel.png": Image.fromarray(_pattern()[..., 0] > 128),
    }
    for name, image in cases.items():
        image.save(tmp_path / name)
        loaded = load_image(tmp_path / name)
        assert loaded.rgb.dtype == np.uint8 and loaded.rgb.shape == (60, 90, 3), name
    sixteen = load_image(tmp_path / "gray16.png").rgb[0, :, 0]
    # 16-bit data is scaled to 8 bits, not clipped: the ramp still spans the full range
    assert sixteen[0] < 5 and sixteen[-1] > 250 and np.all(np.diff(sixteen.astype(int)) >= 0)


def test_transparent_pixels_become_white(tmp_path: Path) -> None:
    rgba = np.zeros((20, 20, 4), np.uint8)
    rgba[..., 0] = 200
    rgba[:, 10:, 3] = 255
    Image.fromarray(rgba, "RGBA").save(tmp_path / "a.png")
    rgb = load_image(tmp_path / "a.png").rgb
    assert tuple(rgb[5, 2]) == (255, 255, 255) and tuple(rgb[5, 15]) == (200, 0, 0)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    upright = _pattern()  # 60 rows x 90 cols, red top-left
    stored = Image.fromarray(
        np.ascontiguousarray(np.rot90(upright))
    )  # what a sideways phone stores
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    stored.save(tmp_path / "sideways.jpg", exif=exif, quality=95)
    loaded = load_image(tmp_path / "sideways.jpg")
    assert loaded.orientation == 6 and loaded.size == (90, 60)
    assert loaded.rgb.shape == (60, 90, 3)
    assert loaded.rgb[4, 8, 0] > 200 and loaded.rgb[4, 8, 1] < 60


def test_bytes_input_and_draft_decoding(tmp_path: Path) -> None:
    big = np.kron(_pattern(), np.ones((20, 20, 1), np.uint8))  # 1200 x 1800
    buffer = io.BytesIO()
    Image.fromarray(big).save(buffer, "JPEG", quality=90)
    full = load_image(buffer.getvalue())
    assert full.name == "<bytes>" and full.scale == 1.0 and full.rgb.shape == (1200, 1800, 3)
    half = load_image(buffer.getvalue(), max_reduce=2.5)
    assert half.scale == 0.5 and half.rgb.shape == (600, 900, 3) and half.size == (1800, 1200)


def test_bad_inputs_raise_one_line_image_errors(tmp_path: Path) -> None:
    Image.fromarray(_pattern()).save(tmp_path / "ok.png")
    data = (tmp_path / "ok.png").read_bytes()
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "text.jpg").write_text("hello, not a photo")
    jpeg = io.BytesIO()
    Image.fromarray(np.kron(_pattern(), np.ones((8, 8, 1), np.uint8))).save(jpeg, "JPEG")
    (tmp_path / "truncated.jpg").write_bytes(jpeg.getvalue()[: len(jpeg.getvalue()) // 2])
    (tmp_path / "truncated.png").write_bytes(data[: len(data) // 2])
    expected = {
        "empty.jpg": "empty",
        "text.jpg": "not an image",
        "truncated.jpg": "cannot decode",
        "truncated.png": "cannot",
        "missing.jpg": "no such file",
    }
    for name, words in expected.items():
        with pytest.raises(ImageError, match=words) as info:
            load_image(tmp_path / name)
        assert "\n" not in str(info.value)
    with pytest.raises(ImageError, match="megapixels"):
        load_image(tmp_path / "ok.png", max_pixels=1000)
    with pytest.raises(ImageError, match="MB"):
        load_image(tmp_path / "ok.png", max_bytes=100)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20000 x 20000 PNG of one colour: tiny on disk, 400 megapixels in memory."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.png"
    Image.new("1", (20000, 20000)).save(path, optimize=False, compress_level=9)
    return path


def test_decompression_bomb_is_refused_before_decoding(bomb: Path) -> None:
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(ImageError, match=r"megapixels"):
        load_image(bomb)


def test_cli_reports_bad_photos_in_one_line(run_cli, tmp_path: Path, bomb: Path) -> None:
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "notes.png").write_text("not an image")
    jpeg = io.BytesIO()
    Image.fromarray(np.kron(_pattern(), np.ones((8, 8, 1), np.uint8))).save(jpeg, "JPEG")
    (tmp_path / "cut.jpg").write_bytes(jpeg.getvalue()[: len(jpeg.getvalue()) // 2])
    for path in (
        tmp_path / "empty.jpg",
        tmp_path / "notes.png",
        tmp_path / "missing.jpg",
        tmp_path / "cut.jpg",
        bomb,
    ):
        result = run_cli("analyze", str(path))
        assert_one_line_error(result)
        assert path.name in result.stderr
