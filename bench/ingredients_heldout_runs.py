"""Re-score each held-out label set with the engine of the commit that first scored it.

The honest role figure of ``bench/data/README.md`` pools runs made by many commits: each fresh
set was committed and scored once by the engine of that day, before anyone read its misses.
This script reproduces those runs. It reads the table at the top of that README ("Scored once
(commit X)"), extracts each commit with ``git archive`` into a temporary folder, and runs that
commit's ``porecare`` on its set with the packaged dictionary (no CosIng import). It prints the
recorded and the reproduced role figure per set, the pooled figure, and the same sets scored by
the engine checked out now (a development figure: later rules were written after reading the
earlier sets' misses). It needs the git history (a full clone). Run::

    python bench/ingredients_heldout_runs.py [--last N] [--write-first-guesses FILE]

``--write-first-guesses`` also writes each product's first-scoring guess (role and confidence,
one JSON object per line): the training rows of the role corrector
(``bench/train_role_model.py``), which learns where the rules of the day went wrong on labels
they had never seen.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "bench" / "data" / "README.md"
ROW = re.compile(r"^\| `(real_labels_holdout(\d+)\.jsonl)` \| \d+ \| (.*)$")
COMMIT = re.compile(r"commit ([0-9a-f]{7,40})")
RECORDED = re.compile(r"(?i)packaged table [0-9.]+ % tokens, ([0-9.]+) % roles")

#: Run inside the extracted commit: each product's guessed role and its confidence, then the
#: rules' own (the same unless the learned corrector replaced them), one JSON array per line,
#: on one label file with the packaged table.
SCORE = """
import json, sys
from porecare.ingredients import analyze_product
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        label = json.loads(line)
        role = analyze_product(label["ingredients"], name=label["name"]).role
        rules = getattr(role, "rules", None) or role  # the rules alone (before any corrector)
        print(json.dumps([role.role, role.confidence, rules.role, rules.confidence]))
"""


def scored_sets() -> list[tuple[int, str, str, float | None]]:
    """(set number, file, commit, recorded packaged role %) for every set scored once."""
    out = []
    for line in README.read_text(encoding="utf-8").splitlines():
        row = ROW.match(line)
        commit = COMMIT.search(row.group(3)) if row else None
        if row is None or commit is None:
            continue  # the tuned-on and spent files, and a set scored before commits were kept
        recorded = RECORDED.search(row.group(3))
        figure = float(recorded.group(1)) if recorded else None
        out.append((int(row.group(2)), row.group(1), commit.group(1), figure))
    return sorted(out)


def score(source: Path, labels: Path) -> tuple[int, int]:
    """Right and total roles of ``labels`` by the engine in ``source``."""
    truth = [json.loads(line)["category"] for line in labels.open(encoding="utf-8") if line.strip()]
    guesses = guess(source, labels)
    return sum(g[0] == t for g, t in zip(guesses, truth, strict=True)), len(truth)


def guess(source: Path, labels: Path) -> list[tuple[str, float, str, float]]:
    """(role, confidence, rules' role, rules' confidence) of every product of ``labels`` by
    the engine in ``source``."""
    done = subprocess.run(
        [sys.executable, "-c", SCORE, str(labels)],
        env={"PYTHONPATH": str(source / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        sys.exit(f"scoring {labels.name} with {source}: {last}")
    return [tuple(json.loads(line)) for line in done.stdout.splitlines()]  # type: ignore[misc]


def extract(commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "src"],
        capture_output=True,
        check=True,
    ).stdout
    target = into / commit
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def wilson(right: int, total: int, z: float = 1.96) -> tuple[float, float]:
    p = right / total
    middle = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return middle - half, middle + half


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--last", type=int, default=0, help="also pool the last N sets alone")
    parser.add_argument(
        "--write-first-guesses", type=Path, help="write every product's first-scoring guess here"
    )
    args = parser.parse_args()
    first_guesses = []
    sets = scored_sets()
    print(f"{'set':>4} {'commit':8} {'recorded':>9} {'reproduced':>11} {'now (dev)':>10}")
    pooled = [0, 0]
    now = [0, 0]
    per_set = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, name, commit, recorded in sets:
            labels = ROOT / "bench" / "data" / name  # never edited once committed
            source = extract(commit, Path(tmp))
            right, total = score(source, labels)
            if args.write_first_guesses:
                first_guesses += _first_guesses(number, commit, labels, guess(source, labels))
            dev_right, _ = score(ROOT, labels)
            per_set.append((right, total))
            pooled[0] += right
            pooled[1] += total
            now[0] += dev_right
            now[1] += total
            shown = f"{recorded:.1f} %" if recorded is not None else "-"
            print(
                f"{number:>4} {commit[:7]:8} {shown:>9} {100 * right / total:>9.1f} %"
                f" {100 * dev_right / total:>8.1f} %"
            )
    if args.write_first_guesses:
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in first_guesses)
        args.write_first_guesses.write_text(text, encoding="utf-8")
        print(f"wrote {len(first_guesses)} first-scoring guesses to {args.write_first_guesses}")
    low, high = wilson(*pooled)
    print(
        f"pooled, each set by its own commit: {pooled[0]} of {pooled[1]}"
        f" = {100 * pooled[0] / pooled[1]:.1f} % (95 % interval {100 * low:.1f}-{100 * high:.1f} %)"
    )
    if args.last:
        right = sum(r for r, _ in per_set[-args.last :])
        total = sum(t for _, t in per_set[-args.last :])
        low, high = wilson(right, total)
        print(
            f"last {args.last} sets, each by its own commit: {right} of {total}"
            f" = {100 * right / total:.1f} % (95 % interval {100 * low:.1f}-{100 * high:.1f} %)"
        )
    print(
        f"the engine checked out now, on the same sets (development figure): {now[0]} of"
        f" {now[1]} = {100 * now[0] / now[1]:.1f} %"
    )


def _first_guesses(
    number: int, commit: str, labels: Path, guesses: list[tuple[str, float, str, float]]
) -> list[dict[str, object]]:
    """One row per product: the guess that was scored, and the rules' own guess under it."""
    names = [json.loads(line)["name"] for line in labels.open(encoding="utf-8") if line.strip()]
    return [
        {
            "set": number,
            "line": i,
            "name": name,
            "commit": commit[:7],
            "role": role,
            "confidence": round(confidence, 3),
            "rules_role": rules,
            "rules_confidence": round(rules_confidence, 3),
        }
        for i, (name, (role, confidence, rules, rules_confidence)) in enumerate(
            zip(names, guesses, strict=True), 1
        )
    ]


if __name__ == "__main__":
    main()
