"""Shared fixtures: a fresh data folder, the real CLI entry point, and ../shared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder, also exported as PORECARE_HOME for subprocesses."""
    folder = tmp_path / "porecare-data"
    return folder


@pytest.fixture
def run_cli(data_dir: Path) -> Callable[..., CliResult]:
    """Run the real entry point (``python -m porecare``) in a subprocess, offline."""

    def run(
        *args: str,
        input: str | bytes | None = None,
        timeout: float = 120,
        env: dict[str, str] | None = None,
    ) -> CliResult:
        full_env = {**os.environ, "PORECARE_HOME": str(data_dir), "NO_COLOR": "1"}
        full_env.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "porecare", *args],
            input=input.encode() if isinstance(input, str) else input,
            capture_output=True,
            timeout=timeout,
            env=full_env,
        )
        return CliResult(
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
        )

    return run


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout; tests that need it skip with a reason when absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared test data is not beside this checkout")
    return SHARED


@pytest.fixture
def sample_profile_file(tmp_path: Path) -> Path:
    from porecare.profile import profile_to_toml, sample_profile

    path = tmp_path / "profile.toml"
    path.write_text(profile_to_toml(sample_profile()), encoding="utf-8")
    return path


def assert_one_line_error(result: CliResult) -> None:
    """A failure is one line on stderr, a non-zero exit, and no traceback."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
