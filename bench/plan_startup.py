"""Wall time of `porecare plan --profile <sample>` against `python -c pass` (goal: < 0.3 s).

Run: ``python3 bench/plan_startup.py [--runs N]``. Each command runs N times in a fresh
subprocess (what a person typing the command waits for); the script prints the median and the
fastest run of each, side by side, and the difference, which is porecare's own start-up cost.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_S = 0.3


def _time(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode(errors='replace')}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from porecare.profile import profile_to_toml, sample_profile

    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "sample.toml"
        profile.write_text(profile_to_toml(sample_profile()), encoding="utf-8")
        commands = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "porecare plan --profile sample": [
                sys.executable,
                "-m",
                "porecare",
                "plan",
                "--profile",
                str(profile),
            ],
            "porecare plan --profile sample --json": [
                sys.executable,
                "-m",
                "porecare",
                "plan",
                "--profile",
                str(profile),
                "--json",
            ],
        }
        _time(commands["porecare plan --profile sample"], 2)  # warm the file cache and .pyc files
        results = {name: _time(cmd, args.runs) for name, cmd in commands.items()}
    base = statistics.median(results["python -c pass (baseline)"])
    print(
        f"{'command':40} {'median s':>9} {'fastest s':>9} {'minus baseline':>15}   ({args.runs} runs each)"
    )
    for name, times in results.items():
        med = statistics.median(times)
        print(f"{name:40} {med:9.3f} {min(times):9.3f} {med - base:15.3f}")
    plan = statistics.median(results["porecare plan --profile sample"])
    verdict = "meets" if plan < GOAL_S else "MISSES"
    print(
        f"\nporecare plan median {plan:.3f} s {verdict} the {GOAL_S} s goal (baseline {base:.3f} s)."
    )


if __name__ == "__main__":
    main()
