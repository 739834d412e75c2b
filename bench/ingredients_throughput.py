"""Throughput of ``porecare check --jsonl`` in-process, against a naive baseline in the same run.

Generates N ingredient lists (default 100,000) from the packaged dictionary, written as label
text with the variations real packs have (prefixes, "Water (Aqua)", percentages, footnote
marks, "May contain" sections, mixed case), one JSON object per line. Then times:

* porecare: :func:`porecare.ingredients.check_jsonl` (the engine of ``check --jsonl``) - parse,
  resolve, classify, judge and serialise the full result of every line;
* naive: ``json.loads``, split on commas, ``strip().lower()`` and a dict lookup per token,
  ``json.dumps`` of ``[{"input", "inci"}]`` - the simplest checker that still reads the same
  lines and writes a result per line.

Goal (issue 3): porecare at least half the naive speed, both in one process (the first
figures). Then, separately and not counted for the goal, ``check --jsonl --workers N`` on N
processes against the same single-process baseline. Run::

    python bench/ingredients_throughput.py [--lists 100000] [--workers 2] [--cosing FILE.csv]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import time
from pathlib import Path

from _dictionary import SHARED_COSING, load_dictionary
from porecare.ingredients import Dictionary, check_jsonl
from porecare.ingredients._facts import entry_facts
from porecare.ingredients._knowledge import curated_ingredients

NAMES = [
    "Gentle Foaming Cleanser",
    "Hydrating Serum",
    "Daily Moisturizer",
    "Clarifying Toner",
    "Clay Mask",
    "Sunscreen SPF 50",
    "Cleansing Oil",
    "Night Cream",
    None,
]


def generate(count: int, seed: int = 42) -> list[bytes]:
    rng = random.Random(seed)
    items = curated_ingredients()
    names = [item.inci.title() for item in items]
    aliased = [(item.inci.title(), item.aliases[0]) for item in items if item.aliases]
    lines = []
    for _ in range(count):
        tokens = []
        for _ in range(rng.randint(15, 35)):
            roll = rng.random()
            if roll < 0.1 and aliased:
                inci, alias = rng.choice(aliased)
                tokens.append(f"{inci} ({alias})")
            elif roll < 0.15:
                tokens.append(f"{rng.choice(names)} {rng.choice([0.5, 1, 2, 5, 10])}%")
            elif roll < 0.2:
                tokens.append(rng.choice(names) + "*")
            elif roll < 0.25:
                tokens.append(rng.choice(names).upper())
            else:
                tokens.append(rng.choice(names))
        text = ", ".join(tokens)
        if rng.random() < 0.3:
            text = "Ingredients: " + text
        if rng.random() < 0.05:
            text += ". May contain (+/-): CI 77891, CI 77491"
        if "*" in text:
            text += ". *Organic"
        record = {"name": rng.choice(NAMES), "ingredients": text}
        lines.append(json.dumps(record).encode())
    return lines


def naive(lines: list[bytes], table: dict[str, str]) -> int:
    out = io.StringIO()
    for number, raw in enumerate(lines, start=1):
        record = json.loads(raw)
        result = []
        for token in record["ingredients"].split(","):
            token = token.strip()
            result.append({"input": token, "inci": table.get(token.lower())})
        out.write(json.dumps({"line": number, "ingredients": result}) + "\n")
    return out.tell()


def naive_records(
    lines: list[bytes], table: dict[str, tuple[str, list[str], list[str], int | None]]
) -> int:
    """The naive checker writing the same per-ingredient record porecare writes."""
    out = io.StringIO()
    for number, raw in enumerate(lines, start=1):
        record = json.loads(raw)
        result = []
        for token in record["ingredients"].split(","):
            token = token.strip()
            found = table.get(token.lower())
            if found is None:
                result.append(
                    {
                        "input": token,
                        "inci": None,
                        "classes": [],
                        "functions": [],
                        "comedogenic": None,
                    }
                )
            else:
                inci, classes, functions, rating = found
                result.append(
                    {
                        "input": token,
                        "inci": inci,
                        "classes": classes,
                        "functions": functions,
                        "comedogenic": rating,
                    }
                )
        out.write(json.dumps({"line": number, "ingredients": result}) + "\n")
    return out.tell()


def porecare(lines: list[bytes], dictionary: Dictionary, workers: int = 1) -> int:
    out = io.StringIO()
    for line in check_jsonl(lines, dictionary=dictionary, workers=workers):
        out.write(line + "\n")
    return out.tell()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lists", type=int, default=100_000)
    parser.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes for the separate multi-process figure (1: skip it)",
    )
    default = SHARED_COSING if SHARED_COSING.exists() else None
    parser.add_argument("--cosing", type=Path, default=default)
    args = parser.parse_args()

    dictionary = load_dictionary(args.cosing)
    entries = dictionary._entries
    names = {key: entry.inci for key, entry in entries.items()}
    records = {
        key: (e.inci, list(e.classes), list(e.functions), entry_facts(e).rating)
        for key, e in entries.items()
    }
    lines = generate(args.lists)
    tokens = sum(len(json.loads(line)["ingredients"].split(",")) for line in lines)
    print(f"{args.lists:,} lists, {tokens:,} comma-separated tokens; {len(dictionary):,} names")
    print(f"load average before: {_load()} on {os.cpu_count()} CPUs (timings are shared-CPU)")

    # Interleave the three in chunks so that load from other processes hits them alike.
    runners = (
        ("naive: names only", lambda chunk: naive(chunk, names)),
        ("naive: same per-ingredient record", lambda chunk: naive_records(chunk, records)),
        ("porecare check --jsonl (full result)", lambda chunk: porecare(chunk, dictionary)),
    )
    seconds = [0.0] * len(runners)
    cpu = [0.0] * len(runners)
    sizes = [0] * len(runners)
    step = max(1, len(lines) // 20)
    for start in range(0, len(lines), step):
        chunk = lines[start : start + step]
        for i, (_, run) in enumerate(runners):
            began, began_cpu = time.perf_counter(), time.process_time()
            sizes[i] += run(chunk)
            seconds[i] += time.perf_counter() - began
            cpu[i] += time.process_time() - began_cpu
    for (label, _), took, size in zip(runners, seconds, sizes, strict=True):
        rate = args.lists / took
        print(f"{label:38s} {took:7.2f} s {rate:9,.0f} lists/s {size / 1e6:6.0f} MB out")
    for (label, _), took, took_cpu in zip(runners[:2], seconds[:2], cpu[:2], strict=True):
        ratio = took / seconds[-1]
        verdict = "meets" if ratio >= 0.5 else "misses"
        # CPU time of this process: less sensitive to other processes on a shared machine.
        print(
            f"porecare speed / ({label}) = {ratio:.2f}: {verdict} the goal of >= 0.50"
            f" (by CPU time {took_cpu / cpu[-1]:.2f})"
        )
    print(f"load average after: {_load()}")
    if args.workers > 1:
        _separately(lines, dictionary, names, args.workers)


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # not available on this platform
        return "unknown"


def _separately(
    lines: list[bytes], dictionary: Dictionary, names: dict[str, str], workers: int
) -> None:
    """Not the goal's figure: porecare on several processes, the naive baseline on one."""
    print(f"\nSeparately: porecare check --jsonl --workers {workers} (naive stays single-process)")
    took = {}
    for label, run in (
        ("naive: names only", lambda: naive(lines, names)),
        (f"porecare --workers {workers}", lambda: porecare(lines, dictionary, workers)),
    ):
        began = time.perf_counter()
        run()
        took[label] = time.perf_counter() - began
        print(f"{label:38s} {took[label]:7.2f} s {len(lines) / took[label]:9,.0f} lists/s")
    first, second = took.values()
    print(f"porecare ({workers} processes) speed / (naive, 1 process) = {first / second:.2f}")


if __name__ == "__main__":
    main()
