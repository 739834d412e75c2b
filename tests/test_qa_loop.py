"""The whole loop as a new user walks it (README order), through the real entry point.

Each test pins a finding of the end-to-end walk: text output names steps and metrics in words
with units, `setup` attaches products the way `plan` does, and a pause is announced when the
diary entry that triggers it is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult, assert_one_line_error

START = date(2025, 12, 8)
Run = Callable[..., CliResult]


def _ok(result: CliResult) -> CliResult:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def _setup(run_cli: Run, profile: Path, weeks: str = "2") -> dict[str, Any]:
    data = _ok(
        run_cli(
            "setup",
            "--profile",
            str(profile),
            "--start",
            START.isoformat(),
            "--weeks",
            weeks,
            "--json",
        )
    ).json()
    assert isinstance(data, dict)
    return data


def _products(plan: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (s["step"], s["product"]["name"], s["product"]["source"])
        for d in plan["days"]
        for s in (*d["am"], *d["pm"])
        if s.get("product")
    }


def test_setup_with_an_empty_shelf_attaches_what_plan_shows(
    run_cli: Run, sample_profile_file: Path
) -> None:
    """Issue 3: the plan is filled from the shelf, then the starter catalog; `setup` (the plan
    the journal follows) must not drop the suggestions `porecare plan` printed a moment ago."""
    shown = _ok(
        run_cli(
            "plan",
            "--profile",
            str(sample_profile_file),
            "--start",
            START.isoformat(),
            "--weeks",
            "2",
            "--json",
        )
    ).json()
    stored = _setup(run_cli, sample_profile_file)["plan"]
    assert isinstance(shown, dict)
    assert _products(stored) and _products(stored) == _products(shown)
    assert {source for _, _, source in _products(stored)} == {"catalog"}
    assert stored["notes"] == shown["notes"]  # incl. the note naming what the shelf lacks
    text = _ok(
        run_cli("setup", "--profile", str(sample_profile_file), "--start", START.isoformat())
    ).stdout
    assert "Products for each step" in text and "(suggestion)" in text


def test_today_names_steps_in_words_and_the_product_for_each(
    run_cli: Run, sample_profile_file: Path
) -> None:
    _ok(
        run_cli(
            "products",
            "add",
            "--name",
            "My toner",
            "--ingredients",
            "Water, Niacinamide, Glycerin, Panthenol",
        )
    )
    _setup(run_cli, sample_profile_file)
    data = _ok(run_cli("today", "--date", START.isoformat(), "--json")).json()
    text = _ok(run_cli("today", "--date", START.isoformat())).stdout
    assert isinstance(data, dict)
    toner = next(s for s in data["am"] if s["step"] == "toner")
    assert toner["product"] == {**toner["product"], "name": "My toner", "source": "shelf"}
    assert "[ ] Toner: My toner (your shelf)" in text
    assert "[ ] Water-based cleanser: " in text and "[ ] water_cleanser" not in text
    for step in (*data["am"], *data["pm"]):
        if step["product"]:
            assert step["product"]["name"] in text
        assert f"[step: {step['step']}]" in text  # the id to type for `porecare log`
    assert "Mon 2025-12-08" in text


def test_log_confirms_in_words(run_cli: Run, sample_profile_file: Path) -> None:
    _setup(run_cli, sample_profile_file)
    out = _ok(
        run_cli("log", "--date", START.isoformat(), "--am", "--done", "water_cleanser,toner")
    ).stdout
    assert "Water-based cleanser (AM) done" in out and "water_cleanser" not in out


def _quiet_evening_after_two_days(plan: dict[str, Any]) -> date:
    """A day d whose evening has no retinoid or exfoliant while a later one (within 3 days)
    has: recording the second irritated day on d starts a pause that d itself does not show."""
    days = {date.fromisoformat(d["date"]): d for d in plan["days"]}

    def strong(day: date) -> bool:
        pm = days[day]["pm"] if day in days else []
        return any(s["step"] in ("retinoid", "exfoliant") for s in pm)

    for day in sorted(days)[1:]:
        if not strong(day) and any(strong(day + timedelta(n)) for n in (1, 2, 3)):
            return day
    raise AssertionError("the sample plan has no quiet evening before a retinoid/acid one")


def test_second_irritated_day_announces_the_pause(run_cli: Run, sample_profile_file: Path) -> None:
    plan = _setup(run_cli, sample_profile_file)["plan"]
    day = _quiet_evening_after_two_days(plan)
    _ok(run_cli("diary", "--date", (day - timedelta(1)).isoformat(), "--irritation", "3"))
    second = _ok(run_cli("diary", "--date", day.isoformat(), "--irritation", "4", "--json")).json()
    assert isinstance(second, dict)
    assert second["adaptations"] == []  # nothing to pause on the day itself...
    assert [a["rule"] for a in second["upcoming"]] == ["irritation-pause"]  # ...but it started
    text = _ok(run_cli("diary", "--date", day.isoformat(), "--irritation", "4")).stdout
    assert " is adapted: " in text and "paused" in text


@pytest.fixture
def close_ups(tmp_path: Path) -> tuple[Path, Path]:
    """Two synthetic close-ups as JPEG files (the README's `photo cheek.jpg` example)."""
    import cv2

    from porecare.pores._synthetic import synthetic_patch

    paths = []
    for seed in (3, 4):
        path = tmp_path / f"cheek{seed}.jpg"
        rgb = synthetic_patch(seed, size=(600, 800)).image
        assert cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        paths.append(path)
    return paths[0], paths[1]


@pytest.mark.slow
def test_photo_progress_and_compare_show_metrics_with_units(
    run_cli: Run, sample_profile_file: Path, close_ups: tuple[Path, Path], tmp_path: Path
) -> None:
    _setup(run_cli, sample_profile_file)
    first, second = close_ups
    out = _ok(run_cli("photo", str(first), "--px-per-mm", "14", "--date", START.isoformat())).stdout
    assert "None" not in out
    for words in (
        "pores counted: ",
        "pore density: ",
        " per cm²",
        "median pore diameter: ",
        " mm",
        "skin area covered by pores: ",
        " %",
        "14.0 px/mm",
    ):
        assert words in out, (words, out)
    assert "--mask" not in out  # `photo` has no --mask option
    again = _ok(run_cli("photo", str(first), "--px-per-mm", "14", "--date", "2025-12-09")).stdout
    assert "Already stored (kept its date)" in again and "Mon 2025-12-08" in again
    _ok(
        run_cli(
            "photo", str(second), "--px-per-mm", "14", "--date", (START + timedelta(3)).isoformat()
        )
    )
    progress = _ok(run_cli("progress", "--date", (START + timedelta(3)).isoformat())).stdout
    assert "median pore diameter: " in progress and " mm -> " in progress
    assert "density_per_cm2" not in progress and "water_cleanser" not in progress
    compared = _ok(run_cli("compare", str(first), str(second), "--px-per-mm", "14")).stdout
    assert "median pore diameter" in compared and " mm ± " in compared
    assert "median_diameter_mm" not in compared


def test_reminders_describe_steps_in_words(
    run_cli: Run, sample_profile_file: Path, tmp_path: Path
) -> None:
    _setup(run_cli, sample_profile_file)
    ics = tmp_path / "porecare.ics"
    out = _ok(run_cli("reminders", "--ics", str(ics), "--am", "07:30", "--pm", "21:30")).stdout
    assert "07:30" in out and "21:30" in out and "calendar" in out
    unfolded = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "Water-based cleanser" in unfolded and "water_cleanser" not in unfolded


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "only-one.jpg"),
        ("analyze", "x.jpg", "--px-per-mm", "abc"),
        ("demo", "--port", "x"),
    ],
)
def test_usage_mistakes_are_one_line(run_cli: Run, args: tuple[str, ...]) -> None:
    assert_one_line_error(run_cli(*args))


def test_export_import_then_today_matches(
    run_cli: Run, sample_profile_file: Path, tmp_path: Path
) -> None:
    _setup(run_cli, sample_profile_file)
    _ok(run_cli("log", "--date", START.isoformat(), "--am", "--done", "toner"))
    backup = tmp_path / "backup.json"
    _ok(run_cli("export", str(backup)))
    other = tmp_path / "other"
    moved = _ok(run_cli("import", str(backup), "--json", env={"PORECARE_HOME": str(other)})).json()
    assert isinstance(moved, dict) and moved["counts"]["checkoffs"] == 1
    before = run_cli("today", "--date", START.isoformat(), "--json").json()
    after = run_cli(
        "today", "--date", START.isoformat(), "--json", env={"PORECARE_HOME": str(other)}
    ).json()
    assert json.dumps(before, sort_keys=True) == json.dumps(after, sort_keys=True)


def test_log_accepts_the_step_names_today_prints(run_cli: Run, sample_profile_file: Path) -> None:
    _setup(run_cli, sample_profile_file)
    day = START.isoformat()
    logged = _ok(
        run_cli("log", "--date", day, "--am", "--done", "Water-based cleanser,sunscreen", "--json")
    ).json()
    assert isinstance(logged, dict)
    assert [e["step"] for e in logged["logged"]] == ["water_cleanser", "sunscreen"]
    assert_one_line_error(run_cli("log", "--date", day, "--am", "--done", "Water-based toner"))


def test_counts_and_plan_length_read_as_words(
    run_cli: Run, sample_profile_file: Path, tmp_path: Path
) -> None:
    _setup(run_cli, sample_profile_file)
    out = _ok(run_cli("export", str(tmp_path / "backup.json"))).stdout
    assert (
        "1 profile version," in out and "1 check-off" not in out and "catalog_products" not in out
    )
    plan = _ok(run_cli("plan", "--profile", str(sample_profile_file), "--weeks", "1")).stdout
    assert ": 1 week, " in plan.splitlines()[0]


@pytest.mark.slow
def test_analyze_of_a_close_up_prints_one_row(run_cli: Run, close_ups: tuple[Path, Path]) -> None:
    """A close-up has no face regions: the whole frame is `overall`, shown once, not twice."""
    out = _ok(run_cli("analyze", str(close_ups[0]), "--px-per-mm", "14")).stdout
    rows = [line.split()[0] for line in out.splitlines() if line[:1].isalpha()]
    assert "overall" in rows and "frame" not in rows


def test_setup_shows_the_plans_safety_notes_and_referrals(run_cli: Run, tmp_path: Path) -> None:
    """Someone who starts with `setup` (not `plan`) still reads the pregnancy gate and the
    microneedling referral."""
    from porecare.profile import profile_to_toml, sample_profile

    profile = sample_profile()
    data = {**profile.to_dict(), "pregnant_or_breastfeeding": True, "microneedling_interest": True}
    path = tmp_path / "pregnant.toml"
    path.write_text(profile_to_toml(type(profile).from_mapping(data)), encoding="utf-8")
    out = _ok(run_cli("setup", "--profile", str(path), "--start", START.isoformat())).stdout
    assert "No retinoid while pregnant" in out
    assert "Microneedling only with a dermatologist" in out
    assert "Retinoid (e.g. retinol):" not in out  # no retinoid product is attached


def test_demo_after_the_plan_ended_still_prints_and_says_why(
    run_cli: Run, sample_profile_file: Path
) -> None:
    old = date.today() - timedelta(weeks=10)
    _ok(
        run_cli(
            "setup",
            "--profile",
            str(sample_profile_file),
            "--start",
            old.isoformat(),
            "--weeks",
            "2",
        )
    )
    out = _ok(run_cli("demo", "--no-serve")).stdout
    assert "No routine for today" in out and "porecare setup" in out
    data = _ok(run_cli("demo", "--no-serve", "--json")).json()
    assert (
        isinstance(data, dict) and data["today"] is None and "outside the plan" in data["problem"]
    )


def test_interactive_log_asks_in_words(run_cli: Run, sample_profile_file: Path) -> None:
    _setup(run_cli, sample_profile_file)
    result = _ok(run_cli("log", "--date", START.isoformat(), "--am", input="y\n\n\n\n\n"))
    assert "AM Water-based cleanser? " in result.stderr
    assert "Water-based cleanser (AM) done" in result.stdout
