"""Photos in the journal: stored by content hash, with EXIF and GPS stripped, analysed."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from conftest import assert_one_line_error
from porecare.errors import ImageError
from porecare.journal import Journal

GPS_IFD = 0x8825
EXIF_IFD = 0x8769


def _skin(width: int = 320, height: int = 240) -> Image.Image:
    """A rendered skin patch with known pores (the pores capability's synthetic generator)."""
    from porecare.pores._synthetic import synthetic_patch

    patch = synthetic_patch(3, size=(height, width), px_per_mm=10, jpeg_quality=None)
    return Image.fromarray(patch.image, "RGB")


@pytest.fixture
def gps_jpeg(tmp_path: Path) -> Path:
    """A JPEG carrying GPS coordinates, a camera model, a date taken and orientation 6."""
    exif = Image.Exif()
    exif[0x0110] = "SecretPhone 12"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    exif.get_ifd(EXIF_IFD)[36867] = "2025:12:10 08:15:00"  # DateTimeOriginal
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (48.0, 51.0, 29.0)
    gps[3] = "E"
    gps[4] = (2.0, 17.0, 40.0)
    path = tmp_path / "with-gps.jpg"
    _skin().save(path, format="JPEG", quality=95, exif=exif.tobytes())
    with Image.open(path) as check:  # the fixture really carries GPS
        assert check.getexif().get_ifd(GPS_IFD)[2]
    return path


def test_stored_copy_has_no_exif_or_gps_and_is_upright(data_dir: Path, gps_jpeg: Path) -> None:
    with Journal(data_dir) as journal:
        record = journal.add_photo(gps_jpeg, analyze=False)
    stored = Path(record.path)
    assert stored.is_relative_to(data_dir)
    raw = stored.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == record.sha256 and record.sha256 in stored.name
    for marker in (b"Exif", b"GPS", b"SecretPhone", b"eXIf", b"iCCP", b"tEXt", b"zTXt", b"iTXt"):
        assert marker not in raw
    with Image.open(stored) as image:
        assert image.format == "PNG"
        assert dict(image.getexif()) == {} and "exif" not in image.info
        assert image.size == (240, 320)  # orientation 6 applied to the pixels, then dropped
    assert record.day == date(2025, 12, 10)  # the date taken, read before stripping


def test_pixels_are_kept_exactly(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "skin.png"
    _skin().save(source)
    with Journal(data_dir) as journal:
        record = journal.add_photo(source, analyze=False, day=date(2025, 12, 8))
    with Image.open(source) as a, Image.open(record.path) as b:
        assert a.tobytes() == b.convert("RGB").tobytes()


def test_the_same_photo_is_stored_once(data_dir: Path, gps_jpeg: Path) -> None:
    with Journal(data_dir) as journal:
        first = journal.add_photo(gps_jpeg, analyze=False)
        again = journal.add_photo(gps_jpeg, analyze=False)
        assert again.duplicate and again.id == first.id
        assert journal.conn.execute("SELECT COUNT(*) FROM photos").fetchone()[0] == 1
    assert len(list((data_dir / "photos").rglob("*.png"))) == 1


def test_photo_is_analysed_and_the_analysis_stored(data_dir: Path, gps_jpeg: Path) -> None:
    with Journal(data_dir) as journal:
        record = journal.add_photo(gps_jpeg, px_per_mm=10)
        assert record.analysis is not None
        assert {"metrics", "quality", "scale"} <= set(record.analysis)
        ((_day, stored),) = journal.analyses()
        assert stored["metrics"] == record.analysis["metrics"]


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"\xff\xd8\xff\xe0" + b"\0" * 40])
def test_unreadable_files_are_refused(data_dir: Path, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(content)
    with Journal(data_dir) as journal:
        with pytest.raises(ImageError):
            journal.add_photo(bad)
        assert journal.conn.execute("SELECT COUNT(*) FROM photos").fetchone()[0] == 0


def test_truncated_jpeg_is_refused(data_dir: Path, gps_jpeg: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(gps_jpeg.read_bytes()[:600])
    with Journal(data_dir) as journal, pytest.raises(ImageError):
        journal.add_photo(cut)


def test_photo_command_json_and_errors(run_cli, gps_jpeg: Path, tmp_path: Path) -> None:
    result = run_cli("photo", str(gps_jpeg), "--px-per-mm", "10", "--date", "2025-12-11", "--json")
    assert result.returncode == 0, result.stderr
    data = result.json()
    assert data["date"] == "2025-12-11" and data["analysis"]["metrics"]
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    for args in (
        ("photo", str(bad)),
        ("photo", str(gps_jpeg), "--px-per-mm", "-3"),
        ("photo", str(tmp_path / "missing.jpg")),
    ):
        failed = run_cli(*args)
        assert_one_line_error(failed)


def test_measure_again_appends_an_analysis_and_a_missing_copy_is_one_line(
    data_dir: Path, gps_jpeg: Path
) -> None:
    from porecare.errors import StoreError, UsageError

    with Journal(data_dir) as journal:
        first = journal.add_photo(gps_jpeg)
        again = journal.measure_again(first.id, px_per_mm=18.5)
        assert again.analysis is not None
        assert again.analysis["scale"]["px_per_mm"] == pytest.approx(18.5)
        count = journal.conn.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
        assert count == 2
        with pytest.raises(UsageError, match="no photo with id 99"):
            journal.measure_again(99, px_per_mm=10)
        with pytest.raises(UsageError, match="allowed: a number > 0"):
            journal.measure_again(first.id, px_per_mm=-1)
        Path(first.path).unlink()
        with pytest.raises(StoreError, match=f"stored copy of photo {first.id} cannot be read"):
            journal.measure_again(first.id, px_per_mm=10)
        assert journal.conn.execute("SELECT COUNT(*) FROM analyses").fetchone()[0] == count
