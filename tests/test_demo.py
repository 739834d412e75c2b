"""The README's main command: `porecare demo` on the embedded default."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def test_demo_sets_up_the_sample_profile_once(run_cli, data_dir: Path) -> None:
    first = run_cli("demo", "--no-serve", "--json")
    assert first.returncode == 0, first.stderr
    summary = first.json()
    assert summary["created_sample_profile"] is True
    assert summary["data_dir"] == str(data_dir)
    steps = [s["step"] for s in summary["today"]["am"]]
    assert steps[-1] == "sunscreen"

    second = run_cli("demo", "--no-serve", "--json")
    assert second.returncode == 0, second.stderr
    assert second.json()["created_sample_profile"] is False

    with sqlite3.connect(data_dir / "porecare.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM profiles").fetchone()[0] == 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_demo_prints_a_readable_routine(run_cli) -> None:
    result = run_cli("demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    assert "sample profile" in result.stdout
    assert "AM" in result.stdout and "PM" in result.stdout
