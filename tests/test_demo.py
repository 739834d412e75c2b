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


def _broken() -> None:
    raise ValueError("operands could not be broadcast")


def test_an_unexpected_failure_is_one_line_not_a_traceback(capsys, monkeypatch) -> None:
    import pytest

    from porecare.cli._common import run_guarded

    monkeypatch.delenv("PORECARE_DEBUG", raising=False)
    with pytest.raises(SystemExit) as info:
        run_guarded(_broken)
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error (ValueError: operands could not be broadcast)" in err

    monkeypatch.setenv("PORECARE_DEBUG", "1")
    with pytest.raises(ValueError):
        run_guarded(_broken)
