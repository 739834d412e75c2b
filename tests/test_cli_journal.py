"""The journal commands through the real entry point (``python -m porecare`` in a subprocess)."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import assert_one_line_error
from porecare.paths import database_path

START = "2025-12-08"


@pytest.fixture
def set_up(run_cli, sample_profile_file: Path):
    result = run_cli("setup", "--profile", str(sample_profile_file), "--start", START, "--json")
    assert result.returncode == 0, result.stderr
    return result.json()


def test_setup_then_today_as_json(run_cli, set_up) -> None:
    assert set_up["start"] == START and set_up["weeks"] == 12
    day = run_cli("today", "--date", START, "--json").json()
    assert day["date"] == START and day["plan_day"] == 1
    assert {"step", "why", "source", "rule", "product", "status"} <= set(day["am"][0])
    assert day["done"] == 0 and day["total"] == len(day["am"]) + len(day["pm"])


def test_log_then_today_shows_done(run_cli, set_up) -> None:
    logged = run_cli("log", "--date", START, "--done", "toner,serum", "--json").json()
    assert [e["step"] for e in logged["logged"]] == ["toner", "serum"]
    run_cli("log", "--date", START, "--pm", "--done", "water_cleanser", "--skipped", "exfoliant")
    text = run_cli("today", "--date", START).stdout
    assert "[x] Toner" in text and "[-] Exfoliant" in text
    day = run_cli("today", "--date", START, "--json").json()
    pm = {s["step"]: s["status"] for s in day["pm"]}
    assert pm["water_cleanser"] == "done" and pm["exfoliant"] == "skipped"


def test_interactive_checklist_works_when_piped(run_cli, set_up) -> None:
    result = run_cli("log", "--date", START, "--am", "--json", input="y\ns\n\ny\n")
    assert result.returncode == 0, result.stderr
    logged = {(e["step"], e["status"]) for e in result.json()["logged"]}
    assert logged == {("water_cleanser", "done"), ("toner", "skipped"), ("moisturizer", "done")}


def test_interactive_diary_works_when_piped(run_cli, set_up) -> None:
    result = run_cli("diary", "--date", START, "--json", input="3\n1\n0\nshiny\n")
    assert result.returncode == 0, result.stderr
    entry = result.json()
    assert (entry["oiliness"], entry["breakouts"], entry["irritation"]) == (3, 1, 0)
    assert entry["note"] == "shiny"


def test_diary_with_flags(run_cli, set_up) -> None:
    result = run_cli(
        "diary",
        "--date",
        START,
        "--oiliness",
        "2",
        "--breakouts",
        "0",
        "--irritation",
        "1",
        "--note",
        "calm",
    )
    assert result.returncode == 0 and "oiliness 2" in result.stdout


@pytest.mark.parametrize(
    "args, needle",
    [
        (("log", "--date", START, "--done", "glitter"), "the day's steps are AM:"),
        (("log", "--date", START, "--done", "water_cleanser"), "--am or --pm"),
        (("log", "--date", START, "--done", ""), "nothing to log"),
        (("log", "--date", "12/07/2026", "--done", "toner"), "YYYY-MM-DD"),
        (("today", "--date", "2030-01-01"), "outside the plan"),
        (("diary", "--date", START, "--oiliness", "9"), "0..5"),
        (("diary", "--date", START, "--irritation", "high"), "0..5"),
        (("setup",), "--profile"),
        (("setup", "--profile", "/nonexistent/p.toml"), "no such file"),
        (("reminders",), "--ics"),
    ],
)
def test_bad_input_is_one_line(run_cli, set_up, args, needle) -> None:
    result = run_cli(*args)
    assert_one_line_error(result)
    assert needle in result.stderr


def test_no_setup_yet_is_one_line(run_cli) -> None:
    result = run_cli("today")
    assert_one_line_error(result)
    assert "porecare setup" in result.stderr


def test_newer_database_is_refused_from_the_cli(run_cli, set_up, data_dir: Path) -> None:
    conn = sqlite3.connect(database_path(data_dir))
    conn.execute("INSERT INTO _migrations VALUES (999, 'future', 'x')")
    conn.commit()
    conn.close()
    result = run_cli("today", "--date", START)
    assert_one_line_error(result)
    assert "newer" in result.stderr and "upgrade porecare" in result.stderr


def test_today_shows_the_adapted_day_after_two_irritated_days(run_cli, set_up) -> None:
    run_cli("diary", "--date", "2025-12-08", "--irritation", "3")
    diary = run_cli("diary", "--date", "2025-12-09", "--irritation", "4", "--json").json()
    assert diary["adaptations"][0]["rule"] == "irritation-pause"
    day = run_cli("today", "--date", "2025-12-09", "--json").json()
    assert "retinoid" not in [s["step"] for s in day["pm"]]
    assert [p["step"] for p in day["paused"]] == ["retinoid"]
    text = run_cli("today", "--date", "2025-12-09").stdout
    assert "Paused today: Retinoid (e.g. retinol) (PM)" in text and "source: Method:" in text


@pytest.mark.parametrize(
    "command",
    [("log", "--done", "toner"), ("diary", "--oiliness", "2")],
)
def test_a_day_in_the_future_is_refused_and_nothing_is_stored(
    run_cli, set_up, data_dir: Path, command: tuple[str, ...]
) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    before = _row_counts(data_dir)
    result = run_cli(*command, "--date", tomorrow)
    assert_one_line_error(result)
    assert f"{tomorrow} is in the future" in result.stderr
    assert _row_counts(data_dir) == before


def _row_counts(data_dir: Path) -> tuple[int, int]:
    conn = sqlite3.connect(database_path(data_dir))
    try:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("checkoffs", "diary")
        )
    finally:
        conn.close()


def test_photos_lists_what_is_stored_without_the_pore_lists(
    run_cli, set_up, tmp_path: Path
) -> None:
    from PIL import Image

    from porecare.pores._synthetic import synthetic_patch

    empty = run_cli("photos")
    assert empty.returncode == 0 and "No photos stored yet" in empty.stdout
    path = tmp_path / "cheek.png"
    Image.fromarray(synthetic_patch(3, size=(320, 320), px_per_mm=14.0).image).save(path)
    stored = run_cli("photo", str(path), "--px-per-mm", "14", "--date", START, "--json").json()
    listed = run_cli("photos", "--json").json()["photos"]
    assert [p["id"] for p in listed] == [stored["id"]]
    assert "pores" not in listed[0]["analysis"]
    assert listed[0]["analysis"]["metrics"] == stored["analysis"]["metrics"]
    text = run_cli("photos").stdout
    count = stored["analysis"]["metrics"]["overall"]["count"]
    assert f"  {stored['id']}  " in text and f"{count} pores" in text and "per cm²" in text

    # The measurements as a table: one row per region, overall first, values as stored.
    table = tmp_path / "measurements.csv"
    assert run_cli("photos", "--csv", str(table)).returncode == 0
    rows = list(csv.DictReader(table.read_text(encoding="utf-8").splitlines()))
    assert rows[0]["region"] == "overall"
    assert {r["region"] for r in rows} == set(stored["analysis"]["metrics"])
    overall = stored["analysis"]["metrics"]["overall"]
    assert int(rows[0]["count"]) == overall["count"] and rows[0]["date"] == START
    assert float(rows[0]["density_per_cm2"]) == overall["density_per_cm2"]
    assert float(rows[0]["px_per_mm"]) == 14.0 and rows[0]["scale_source"] == "user"
    assert run_cli("photos", "--csv", "-").stdout == table.read_text(encoding="utf-8")
    for bad in (str(tmp_path / "m.txt"), str(tmp_path / "no-folder" / "m.csv")):
        assert_one_line_error(run_cli("photos", "--csv", bad))
