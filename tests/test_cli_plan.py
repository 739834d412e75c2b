"""`porecare plan`, `quiz` and `facts` through the real entry point (a subprocess)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult, assert_one_line_error
from porecare.cli import COMMANDS
from porecare.plan import Plan, check_plan
from porecare.profile import load_profile

Run = Callable[..., CliResult]


def test_plan_json_is_the_documented_shape_and_keeps_the_rules(
    run_cli: Run, sample_profile_file: Path
) -> None:
    result = run_cli(
        "plan",
        "--profile",
        str(sample_profile_file),
        "--start",
        "2025-12-08",
        "--weeks",
        "2",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    data: Any = result.json()
    assert data["start"] == "2025-12-08" and data["weeks"] == 2 and len(data["days"]) == 14
    assert data["days"][0]["am"][-1]["step"] == "sunscreen"
    assert {"profile", "days", "referrals", "notes"} <= set(data)
    assert check_plan(Plan.from_dict(data)) == []


def test_plan_text_is_a_week_table_and_why_adds_reasons(
    run_cli: Run, sample_profile_file: Path
) -> None:
    plain = run_cli(
        "plan", "--profile", str(sample_profile_file), "--start", "2025-12-08", "--weeks", "1"
    )
    assert plain.returncode == 0, plain.stderr
    assert "Week 1" in plain.stdout and "Mon 08" in plain.stdout and "Sun 14" in plain.stdout
    assert "Sunscreen" in plain.stdout and "source:" not in plain.stdout
    why = run_cli(
        "plan",
        "--profile",
        str(sample_profile_file),
        "--start",
        "2025-12-08",
        "--weeks",
        "1",
        "--why",
    )
    assert why.returncode == 0
    assert "Why each step:" in why.stdout and "source: Use toner once a day" not in why.stdout
    assert "source: It rebalances the skin's pH levels" in why.stdout


def test_plan_defaults_to_four_weeks_from_today(run_cli: Run, sample_profile_file: Path) -> None:
    from datetime import date

    data: Any = run_cli("plan", "--profile", str(sample_profile_file), "--json").json()
    assert len(data["days"]) == 28 and data["days"][0]["date"] == date.today().isoformat()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--weeks", "0"], "--weeks is '0'; allowed: a whole number 1..52"),
        (["--weeks", "500"], "1..52"),
        (["--weeks", "two"], "--weeks"),
        (["--start", "2026-02-30"], "--start is '2026-02-30'; allowed: a real date as YYYY-MM-DD"),
        (["--start", "07/12/2026"], "YYYY-MM-DD"),
        (["--start", "20261207"], "YYYY-MM-DD"),
    ],
)
def test_bad_plan_arguments_are_one_line_errors(
    run_cli: Run, sample_profile_file: Path, args: list[str], needle: str
) -> None:
    result = run_cli("plan", "--profile", str(sample_profile_file), *args)
    assert_one_line_error(result)
    assert needle in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        (b"\x00\x01\x02binary", "binary"),
        (b"skin_type = 'oily'\n", "missing field"),
        (b"skin_type = ", "TOML syntax error"),
        (b"\xff\xfeoily", "not UTF-8"),
    ],
)
def test_bad_profile_files_are_one_line_errors(
    run_cli: Run, tmp_path: Path, content: bytes | None, needle: str
) -> None:
    path = tmp_path / "p.toml"
    if content is not None:
        path.write_bytes(content)
    result = run_cli("plan", "--profile", str(path))
    assert_one_line_error(result)
    assert needle in result.stderr and str(path) in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--bogus"],
        ["plan", "--weeks"],
        ["facts", "extra"],
        ["quiz", "--output"],
        # Every command, sub-command and group: click's usage block becomes one line.
        *([name, "--bogus-option"] for name in COMMANDS),
        ["products", "add", "--bogus"],
        ["products", "no-such-command"],
        ["data", "import-obf"],
        ["catalog", "x", "--limit", "0"],
        ["serve", "--port", "99999"],
    ],
)
def test_usage_mistakes_are_one_line_errors(run_cli: Run, args: list[str]) -> None:
    result = run_cli(*args, input="")
    assert_one_line_error(result)
    assert "--help" in result.stderr


def test_plan_without_a_profile_says_how_to_get_one(run_cli: Run) -> None:
    result = run_cli("plan")
    assert_one_line_error(result)
    assert "--profile" in result.stderr and "quiz" in result.stderr


def test_quiz_piped_answers_write_a_profile(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "me.toml"
    answers = "dry\ny\nn\n52\n0\nn\nn\ntolerant\ny\nlarge pores, blackheads\n"
    result = run_cli("quiz", "--output", str(out), input=answers)
    assert result.returncode == 0, result.stderr
    profile = load_profile(out)
    assert (profile.skin_type, profile.sensitive, profile.acne_prone, profile.age) == (
        "dry",
        True,
        False,
        52,
    )
    assert profile.retinoid_experience == "tolerant" and profile.microneedling_interest
    assert profile.concerns == ("large pores", "blackheads")
    assert str(out) in result.stdout


def test_quiz_with_no_input_takes_the_defaults_and_prints_json(
    run_cli: Run, data_dir: Path
) -> None:
    result = run_cli("quiz", "--json", input="")
    assert result.returncode == 0, result.stderr
    data: Any = json.loads(result.stdout)
    written = Path(data["path"])
    assert written == data_dir / "profile.toml"
    assert load_profile(written).to_dict() == data["profile"]


def test_quiz_asks_again_after_a_bad_answer(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "p.toml"
    result = run_cli("quiz", "--output", str(out), input="greasy\noily\n\n\n200\n30\n")
    assert result.returncode == 0, result.stderr
    assert "allowed" in result.stderr
    assert load_profile(out).skin_type == "oily" and load_profile(out).age == 30


def test_quiz_never_overwrites_without_force(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "p.toml"
    out.write_text("keep me", encoding="utf-8")
    result = run_cli("quiz", "--output", str(out), input="")
    assert_one_line_error(result)
    assert "--force" in result.stderr and out.read_text(encoding="utf-8") == "keep me"
    assert run_cli("quiz", "--output", str(out), "--force", input="").returncode == 0
    load_profile(out)


def test_facts_text_and_json(run_cli: Run) -> None:
    text = run_cli("facts")
    assert text.returncode == 0 and "open or close" in text.stdout and "source:" in text.stdout
    data: Any = run_cli("facts", "--json").json()
    assert data["facts"] and all(f["source"] and f["text"] for f in data["facts"])


def test_plan_imports_no_heavy_library(sample_profile_file: Path) -> None:
    import subprocess

    code = (
        "import sys\n"
        "from porecare.cli import main\n"
        "try:\n"
        f"    main(['plan', '--profile', {str(sample_profile_file)!r}, '--json'], prog_name='porecare')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('numpy', 'cv2', 'skimage', 'fastapi', 'matplotlib', 'PIL', 'scipy') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in proc.stderr, proc.stderr


def test_plan_and_setup_read_the_profile_the_quiz_wrote(run_cli: Run, data_dir: Path) -> None:
    missing = run_cli("plan")
    assert_one_line_error(missing)
    assert str(data_dir / "profile.toml") in missing.stderr and "porecare quiz" in missing.stderr
    assert not (data_dir / "porecare.sqlite3").exists()

    quiz = run_cli("quiz", input="combination\n")
    assert quiz.returncode == 0, quiz.stderr
    assert "Next: porecare setup (or porecare plan to preview it)" in quiz.stdout
    planned = run_cli("plan", "--weeks", "1", "--no-products", "--json")
    assert planned.returncode == 0, planned.stderr
    explicit = run_cli(
        "plan",
        "--profile",
        str(data_dir / "profile.toml"),
        "--weeks",
        "1",
        "--no-products",
        "--json",
    )
    assert json.loads(planned.stdout) == json.loads(explicit.stdout)
    assert json.loads(planned.stdout)["profile"]["skin_type"] == "combination"

    stored = run_cli("setup", "--start", "2025-12-08", "--json")
    assert stored.returncode == 0, stored.stderr
    assert json.loads(stored.stdout)["start"] == "2025-12-08"


def test_quiz_to_another_file_names_it_in_the_next_step(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "mine.toml"
    result = run_cli("quiz", "--output", str(out), input="")
    assert result.returncode == 0, result.stderr
    assert f"porecare setup --profile {out}" in result.stdout


def test_plan_without_a_profile_file_uses_the_stored_profile(
    run_cli: Run, data_dir: Path, sample_profile_file: Path
) -> None:
    # After `porecare demo` (or `setup`), `porecare plan` needs no --profile.
    products_only = run_cli("products", "add", "--name", "Gel", "--ingredients", "Aqua, Glycerin")
    assert products_only.returncode == 0, products_only.stderr
    assert "no stored profile" in run_cli("plan").stderr  # a database without a profile
    stored = run_cli("setup", "--profile", str(sample_profile_file), "--json")
    assert stored.returncode == 0, stored.stderr
    args = ("--weeks", "1", "--start", "2026-12-07", "--no-products", "--json")
    planned = run_cli("plan", *args)
    assert planned.returncode == 0, planned.stderr
    explicit = run_cli("plan", "--profile", str(sample_profile_file), *args)
    assert json.loads(planned.stdout) == json.loads(explicit.stdout)
