"""How fast the journal answers as the history grows, against a bare-SQLite baseline.

Run: ``python bench/journal_speed.py [--weeks 52]``

For a plan of N weeks fully logged (every step of every day checked off, a diary entry per
day), it times, per call:

* baseline  - one bare ``INSERT`` + ``COMMIT`` into a WAL SQLite file with the same settings
              (the floor any durable check-off pays);
* log       - ``Journal.log`` of one step (validates against the adapted day, then writes);
* today     - ``Journal.today`` (loads the history and evaluates the adaptation rules);
* progress  - ``Journal.progress`` over the whole plan.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from porecare.journal import Journal
from porecare.journal._db import connect, transaction
from porecare.profile import sample_profile


def timed(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def fill(journal: Journal, start: date, days: int) -> int:
    rows = 0
    for offset in range(days):
        day = start + timedelta(days=offset)
        view = journal.today(day)
        for routine in ("am", "pm"):
            kinds = [s.kind for s in view.steps(routine)]
            if kinds:
                rows += len(journal.log(day, done=kinds, routine=routine).ids)
        journal.diary(day, oiliness=offset % 5, breakouts=offset % 3, irritation=offset % 2)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    start = date(2026, 12, 7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        with Journal(folder) as journal:
            journal.setup(sample_profile(), start=start, weeks=args.weeks)
            t0 = time.perf_counter()
            rows = fill(journal, start, args.weeks * 7)
            filled = time.perf_counter() - t0
            last = start + timedelta(days=args.weeks * 7 - 1)
            log_ms = timed(lambda: journal.log(last, done=["toner"]), args.repeat)
            today_ms = timed(lambda: journal.today(last), args.repeat)
            progress_ms = timed(lambda: journal.progress(until=last), max(3, args.repeat // 10))
        base = connect(Path(tmp) / "baseline.sqlite3")
        base.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, day TEXT, step TEXT, at TEXT)")

        def bare() -> None:
            with transaction(base):
                base.execute("INSERT INTO t (day, step, at) VALUES ('2026-12-07', 'toner', 'x')")

        base_ms = timed(bare, args.repeat)
        base.close()
    print(
        f"history: {args.weeks} weeks, {rows} check-offs, {args.weeks * 7} diary days "
        f"(filled in {filled:.1f} s)"
    )
    print(f"{'operation':<34}{'median ms':>10}{'x baseline':>12}")
    for name, ms in (
        ("baseline: bare INSERT + COMMIT", base_ms),
        ("Journal.log (one step)", log_ms),
        ("Journal.today", today_ms),
        ("Journal.progress (whole plan)", progress_ms),
    ):
        print(f"{name:<34}{ms:>10.2f}{ms / base_ms:>12.1f}")


if __name__ == "__main__":
    main()
