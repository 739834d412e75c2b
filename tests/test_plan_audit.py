"""Hostile and careless input to ``porecare plan`` and the plan model, found by an audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import assert_one_line_error
from porecare.errors import PlanError, UsageError
from porecare.plan import Plan, build_plan
from porecare.profile import sample_profile


@pytest.mark.parametrize("weeks", ["²", "٣", "1e1", " "])
def test_weeks_that_look_like_digits(run_cli, sample_profile_file: Path, weeks: str) -> None:
    result = run_cli("plan", "--profile", str(sample_profile_file), "--weeks", weeks)
    assert_one_line_error(result)
    assert "--weeks" in result.stderr and "1..52" in result.stderr


@pytest.mark.parametrize(("start", "weeks"), [("9999-12-30", "4"), ("9999-02-01", "52")])
def test_a_plan_past_the_end_of_the_calendar(
    run_cli, sample_profile_file: Path, start: str, weeks: str
) -> None:
    result = run_cli(
        "plan", "--profile", str(sample_profile_file), "--start", start, "--weeks", weeks
    )
    assert_one_line_error(result)
    assert start in result.stderr and "earlier start" in result.stderr


def test_build_plan_up_to_the_last_calendar_day() -> None:
    last = build_plan(sample_profile(), start=date(9999, 12, 4), weeks=4)
    assert last.days[-1].date == date.max
    with pytest.raises(UsageError):
        build_plan(sample_profile(), start=date(9999, 12, 5), weeks=4)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", '{"skin_type": ' + "[" * 60_000),
        ("deep.toml", "skin_type = " + "[" * 60_000),
    ],
)
def test_deeply_nested_profile(run_cli, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_cli("plan", "--profile", str(path))
    assert_one_line_error(result)
    assert "nested too deeply" in result.stderr and str(path) in result.stderr


def test_endless_profile_device_is_read_bounded(run_cli) -> None:
    result = run_cli("plan", "--profile", "/dev/zero", timeout=30)
    assert_one_line_error(result)
    assert "64 KiB" in result.stderr


def test_profile_from_a_pipe_still_works(run_cli, sample_profile_file: Path) -> None:
    result = run_cli(
        "plan",
        "--profile",
        "/dev/stdin",
        "--weeks",
        "1",
        "--json",
        input=sample_profile_file.read_text(encoding="utf-8"),
    )
    assert result.returncode == 0, result.stderr
    assert len(result.json()["days"]) == 7


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["days"][0]["am"].__setitem__(0, "toner"),  # a step that is not a table
        lambda d: d.__setitem__("weeks", "many"),
        lambda d: d["days"].__setitem__(0, None),
    ],
)
def test_plan_from_dict_refuses_malformed_shapes(mutate) -> None:
    data = build_plan(sample_profile(), start=date(2025, 12, 8), weeks=1).to_dict()
    mutate(data)
    with pytest.raises(PlanError):
        Plan.from_dict(data)
