"""Reliability with real processes: SIGKILL mid-write, concurrent writers, no writes outside
the data folder, and read-only / full disks giving one clear line.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import assert_one_line_error
from porecare.journal import Journal
from porecare.paths import database_path
from porecare.profile import sample_profile

START = "2025-12-08"

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import date, timedelta
    from porecare.journal import Journal

    data_dir, count, start_flag, routine = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    steps = {"am": ["toner", "serum", "moisturizer", "sunscreen"], "pm": ["moisturizer"]}[routine]
    with Journal(data_dir) as journal:
        while start_flag != "-" and not __import__("os").path.exists(start_flag):
            time.sleep(0.001)
        i = 0
        while count < 0 or i < count:
            day = date(2025, 12, 8) + timedelta(days=i % 28)
            # count < 0 (the kill test): the whole routine in one call, i.e. one transaction.
            done = steps if count < 0 else [steps[i % len(steps)]]
            result = journal.log(day, done=done, routine=routine)
            print(*result.ids, flush=True)  # printed only after the COMMIT returned
            i += 1
    """
)


@pytest.fixture
def ready(data_dir: Path) -> Path:
    with Journal(data_dir) as journal:
        journal.setup(sample_profile(), start=__import__("datetime").date(2025, 12, 8), weeks=4)
    return data_dir


def _writer(
    data_dir: Path, count: int, flag: str = "-", routine: str = "am"
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), str(count), flag, routine],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _ids_in_db(data_dir: Path) -> set[int]:
    conn = sqlite3.connect(database_path(data_dir))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {r[0] for r in conn.execute("SELECT id FROM checkoffs")}
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("after", [25, 140])
def test_sigkill_mid_logging_keeps_every_committed_checkoff(ready: Path, after: int) -> None:
    proc = _writer(ready, -1)
    assert proc.stdout is not None
    committed: list[int] = []
    for line in proc.stdout:
        committed += [int(x) for x in line.split()]
        if len(committed) >= after:
            break
    proc.send_signal(signal.SIGKILL)
    # Read the rest through the same buffered reader (communicate() would skip its buffer).
    committed += [int(x) for x in proc.stdout.read().split()]
    proc.wait(timeout=30)
    assert proc.stderr is not None
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    in_db = _ids_in_db(ready)
    assert set(committed) <= in_db
    assert len(in_db) - len(committed) <= 4  # at most one log committed but not yet printed
    # Each log call is one transaction: all four of its rows are there, or none.
    conn = sqlite3.connect(database_path(ready))
    sizes = {n for (n,) in conn.execute("SELECT COUNT(*) FROM checkoffs GROUP BY at")}
    conn.close()
    assert sizes == {4}
    with Journal(ready) as journal:  # it opens and keeps working
        journal.log(__import__("datetime").date(2025, 12, 9), done=["toner"])


@pytest.mark.slow
def test_two_processes_logging_at_once_lose_nothing(ready: Path, tmp_path: Path) -> None:
    flag = tmp_path / "go"
    procs = [_writer(ready, 500, str(flag), r) for r in ("am", "pm")]
    time.sleep(0.5)
    flag.touch()
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    ids = [[int(x) for x in out.split()] for out, _ in outputs]
    assert [len(i) for i in ids] == [500, 500]
    assert not set(ids[0]) & set(ids[1])
    in_db = _ids_in_db(ready)
    assert set(ids[0]) | set(ids[1]) == in_db and len(in_db) == 1000
    # The two really interleaved (otherwise this would not test concurrency).
    assert min(ids[1]) < max(ids[0]) and min(ids[0]) < max(ids[1])


def _snapshot(*roots: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for root in roots:
        for path in [root, *root.rglob("*")]:
            st = path.lstat()
            out[str(path)] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.mark.slow
def test_porecare_writes_nothing_outside_its_data_folder(
    run_cli, data_dir: Path, tmp_path: Path, sample_profile_file: Path
) -> None:
    from test_journal_photos import _skin

    watched = {name: tmp_path / name for name in ("home", "tmp", "cwd", "config", "cache", "in")}
    for folder in watched.values():
        folder.mkdir()
    profile = watched["in"] / "profile.toml"
    shutil.copy(sample_profile_file, profile)
    out = tmp_path / "out"
    out.mkdir()
    photo = out / "skin.jpg"
    _skin().save(photo, quality=92)
    env = {
        "HOME": str(watched["home"]),
        "TMPDIR": str(watched["tmp"]),
        "XDG_CONFIG_HOME": str(watched["config"]),
        "XDG_CACHE_HOME": str(watched["cache"]),
        "MPLCONFIGDIR": "",
    }
    base = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    before = _snapshot(*watched.values())
    commands = [
        ("setup", "--profile", str(profile), "--start", START),
        ("today", "--date", START),
        ("log", "--date", START, "--done", "toner,serum"),
        ("diary", "--date", START, "--oiliness", "2", "--note", "fine"),
        ("photo", str(photo), "--px-per-mm", "10", "--date", START),
        ("progress", "--date", START, "--plot", str(out / "p.png")),
        ("reminders", "--ics", str(out / "r.ics")),
        ("export", str(out / "e.json")),
    ]
    for args in commands:
        full_env = {**base, **env, "PORECARE_HOME": str(data_dir)}
        full_env.pop("MPLCONFIGDIR")
        proc = subprocess.run(
            [sys.executable, "-m", "porecare", *args],
            cwd=watched["cwd"],
            env=full_env,
            capture_output=True,
            timeout=120,
        )
        assert proc.returncode == 0, (args, proc.stderr)
    after = _snapshot(*watched.values())
    assert sorted(set(after) - set(before)) == []
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == ["e.json", "p.png", "r.ics", "skin.jpg"]
    assert (data_dir / "cache" / "matplotlib").is_dir()  # matplotlib's cache went here


def test_data_folder_under_a_regular_file_is_one_line(run_cli, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run_cli("--data-dir", str(blocker / "data"), "today")
    assert_one_line_error(result)
    assert "cannot create the data folder" in result.stderr


def test_data_folder_on_an_unwritable_file_system_is_one_line(run_cli) -> None:
    # procfs refuses new folders even to root, unlike chmod.
    result = run_cli("--data-dir", "/proc/porecare-data", "setup", "--profile", "x.toml")
    assert_one_line_error(result)
    result = run_cli("--data-dir", "/proc/porecare-data", "today")
    assert_one_line_error(result)
    assert "/proc/porecare-data" in result.stderr


@contextmanager
def _tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_full_disk_gives_one_line_and_keeps_the_data(
    run_cli, tmp_path: Path, sample_profile_file: Path
) -> None:
    with _tmpfs(tmp_path / "small", "3m") as disk:
        data = disk / "data"
        env = {"PORECARE_HOME": str(data)}
        assert (
            run_cli(
                "setup", "--profile", str(sample_profile_file), "--start", START, env=env
            ).returncode
            == 0
        )
        assert run_cli("log", "--date", START, "--done", "toner", env=env).returncode == 0
        filler = disk / "filler"
        with filler.open("wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        results = [
            run_cli("diary", "--date", START, "--note", "x" * 1900 + str(i), env=env)
            for i in range(4)
        ] + [run_cli("log", "--date", START, "--done", "serum,sunscreen", env=env)]
        failed = [r for r in results if r.returncode != 0]
        assert failed, "the disk never filled"
        for result in failed:
            assert_one_line_error(result)
            assert "disk is full" in result.stderr
        filler.unlink()
        conn = sqlite3.connect(database_path(data))
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        statuses = dict(conn.execute("SELECT step, status FROM checkoffs").fetchall())
        conn.close()
        assert statuses["toner"] == "done"
        day = run_cli("today", "--date", START, "--json", env=env).json()
        assert {s["step"]: s["status"] for s in day["am"]}["toner"] == "done"


def test_read_only_file_system_gives_one_line(
    run_cli, tmp_path: Path, sample_profile_file: Path
) -> None:
    with _tmpfs(tmp_path / "ro", "8m") as disk:
        data = disk / "data"
        env = {"PORECARE_HOME": str(data)}
        assert (
            run_cli(
                "setup", "--profile", str(sample_profile_file), "--start", START, env=env
            ).returncode
            == 0
        )
        before = database_path(data).read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = run_cli("log", "--date", START, "--done", "toner", env=env)
        assert_one_line_error(result)
        assert "cannot write" in result.stderr or "read-only" in result.stderr
        assert database_path(data).read_bytes() == before
