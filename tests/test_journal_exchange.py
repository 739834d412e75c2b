"""Export everything to JSON and import it back: nothing lost, bad files refused before writing."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import assert_one_line_error
from porecare.errors import DataFileError, UsageError
from porecare.journal import Journal
from porecare.paths import database_path
from porecare.profile import sample_profile

START = date(2025, 12, 8)
DAY = timedelta(days=1)


@pytest.fixture
def full(data_dir: Path, tmp_path: Path) -> Path:
    """A data folder with something in every table."""
    from porecare.ingredients import add_product
    from test_journal_photos import _skin

    photo = tmp_path / "skin.png"
    _skin().save(photo)
    with Journal(data_dir) as j:
        j.setup(sample_profile(), start=START, weeks=4)
        add_product(j.conn, "Gentle Foam", "Aqua, Sodium Cocoyl Isethionate, Glycerin")
        j.setup(sample_profile(), start=START, weeks=4)  # a second version, with the shelf
        j.log(START, done=["toner", "serum"])
        j.log(START, skipped=["exfoliant"], routine="pm")
        j.diary(START, oiliness=3, breakouts=1, irritation=0, note="ünïcode ✓ note")
        j.diary(START + DAY, irritation=2)
        j.add_photo(photo, day=START, px_per_mm=10)
        j.conn.execute(
            "INSERT INTO ingredient_names VALUES ('glycerin', 'GLYCERIN', '56-81-5', NULL, "
            "'humectant', 'cosing')"
        )
        j.conn.execute(
            "INSERT INTO catalog_products (code, name, brand, category, ingredients_text, source)"
            " VALUES ('123', 'Clay Mask', 'Acme', 'mask', 'Kaolin, Bentonite', 'obf')"
        )
    return data_dir


def test_export_import_export_is_identical(run_cli, full: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    assert run_cli("export", str(first)).returncode == 0
    other = tmp_path / "other-folder"
    env = {"PORECARE_HOME": str(other)}
    result = run_cli("import", str(first), "--json", env=env)
    assert result.returncode == 0, result.stderr
    counts = result.json()["counts"]
    assert all(counts[t] > 0 for t in counts), counts
    assert run_cli("export", str(second), env=env).returncode == 0
    a, b = json.loads(first.read_bytes()), json.loads(second.read_bytes())
    assert a == b
    assert a["tables"]["diary"][0]["note"] == "ünïcode ✓ note"
    # The imported folder works: same day, same check-offs, same photo file.
    day = run_cli("today", "--date", START.isoformat(), "--json", env=env).json()
    assert {s["step"]: s["status"] for s in day["am"]}["toner"] == "done"
    assert len(list((other / "photos").rglob("*.png"))) == 1


def _export(full: Path) -> dict:
    with Journal(full) as j:
        return j.export()


def _corruptions(data: dict) -> list[tuple[str, dict]]:
    out = []

    def variant(name: str, change) -> None:
        copy = json.loads(json.dumps(data))
        change(copy)
        out.append((name, copy))

    variant("foreign format", lambda d: d.update(format="something-else"))
    variant("future version", lambda d: d.update(version=99))
    variant("future schema", lambda d: d.update(schema_version=999))
    variant("unknown table", lambda d: d["tables"].update(secrets=[]))
    variant("missing column", lambda d: d["tables"]["diary"][0].pop("note"))
    variant("bad check value", lambda d: d["tables"]["diary"][0].update(oiliness=9))
    variant("bad routine", lambda d: d["tables"]["checkoffs"][0].update(routine="noon"))
    variant("dangling foreign key", lambda d: d["tables"]["plans"][0].update(profile_id=77))
    variant("duplicate id", lambda d: d["tables"]["checkoffs"].append(d["tables"]["checkoffs"][0]))
    variant("bad profile", lambda d: d["tables"]["profiles"][0].update(profile_json='{"age": 3}'))
    variant(
        "tampered photo",
        lambda d: d["files"].update(
            {k: base64.b64encode(b"\x89PNG\r\n\x1a\nx").decode() for k in d["files"]}
        ),
    )
    variant(
        "path traversal",
        lambda d: (
            d["tables"]["photos"][0].update(filename="../../etc/evil.png"),
            d["files"].update({"../../etc/evil.png": d["files"].popitem()[1]}),
        ),
    )
    variant("nested value", lambda d: d["tables"]["diary"][0].update(note={"x": 1}))
    return out


def test_bad_or_foreign_files_are_refused_before_anything_is_written(
    full: Path, tmp_path: Path
) -> None:
    data = _export(full)
    for name, bad in _corruptions(data):
        target = tmp_path / f"target-{name.replace(' ', '-')}"
        with Journal(target) as j:
            with pytest.raises(DataFileError) as info:
                j.import_(bad)
            assert "\n" not in str(info.value), name
            counts = [
                j.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("profiles", "plans", "checkoffs", "diary", "photos")
            ]
            assert counts == [0] * 5, name
        assert not (target / "photos").exists(), name
        assert not (tmp_path.parent / "etc").exists()


def test_import_into_a_folder_with_data_is_refused(full: Path, tmp_path: Path) -> None:
    data = _export(full)
    with Journal(full) as j:
        before = j.conn.execute("SELECT COUNT(*) FROM checkoffs").fetchone()[0]
        with pytest.raises(UsageError, match="empty data folder"):
            j.import_(data)
        assert j.conn.execute("SELECT COUNT(*) FROM checkoffs").fetchone()[0] == before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe binary",
        b'{"format": "porecare-export", "version": 1}',
        b"[1, 2, 3]",
    ],
)
def test_import_command_refuses_bad_files_with_one_line(
    run_cli, tmp_path: Path, data_dir: Path, content: bytes
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run_cli("import", str(bad))
    assert_one_line_error(result)
    assert not database_path(data_dir).exists()  # refused before the data folder was touched


def test_import_of_a_missing_file_is_one_line(run_cli, tmp_path: Path) -> None:
    result = run_cli("import", str(tmp_path / "nope.json"))
    assert_one_line_error(result)
    assert "no such file" in result.stderr
