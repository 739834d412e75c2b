"""Token resolution rate and role accuracy on real product labels.

``bench/data/real_labels.jsonl`` holds real products collected as facts: name, brand, the
category recorded when the label was collected (before any output was looked at), the
published INCI list and where it was found. For each label this runs the same analysis as
``porecare check --name NAME`` and reports:

* tokens resolved: share of label tokens given a canonical INCI name, with the packaged
  dictionary alone and with the CosIng inventory imported (``../shared`` when present);
* roles right: share of products whose role equals the recorded category.

The rules were tuned on ``real_labels.jsonl`` ("tuned-on"); ``real_labels_holdout.jsonl``,
collected separately and never used for tuning, is reported on its own ("held-out") when it
exists - the honest figure.

Goals (issue 3): >= 98 % of tokens resolved; >= 90 % of roles right. Run::

    python bench/ingredients_accuracy.py [--labels FILE] [--holdout FILE] [--cosing FILE] [--verbose]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from _dictionary import SHARED_COSING, load_dictionary
from porecare.ingredients import Dictionary, analyze_product

HERE = Path(__file__).resolve().parent


def load_labels(path: Path) -> list[dict[str, Any]]:
    labels = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            record = json.loads(line)
            for field in ("name", "category", "ingredients"):
                if not isinstance(record.get(field), str):
                    raise SystemExit(f"{path}: line {number}: missing {field!r}")
            labels.append(record)
    return labels


def evaluate(
    labels: list[dict[str, Any]], dictionary: Dictionary, verbose: bool
) -> tuple[float, float]:
    tokens = resolved = right = 0
    unknown: Counter[str] = Counter()
    for label in labels:
        analysis = analyze_product(label["ingredients"], name=label["name"], dictionary=dictionary)
        tokens += len(analysis.resolutions)
        resolved += sum(1 for r in analysis.resolutions if r.entry is not None)
        unknown.update(analysis.unknown)
        if analysis.role.role == label["category"]:
            right += 1
        elif verbose:
            print(
                f"  role: {label['brand']} {label['name']!r}: expected {label['category']}, "
                f"got {analysis.role.role} ({'; '.join(analysis.role.evidence)})"
            )
    if verbose and unknown:
        print("  unresolved:", ", ".join(f"{name} x{n}" for name, n in unknown.most_common(40)))
    return resolved / max(tokens, 1), right / max(len(labels), 1)


def typo_recovery(dictionary: Dictionary, count: int = 2000, seed: int = 7) -> tuple[float, float]:
    """One random edit in ``count`` dictionary names: share recovered, share resolved wrongly.

    Only names of 8+ characters without digits (digits never fuzz); the edit is a
    substitution, deletion, insertion or swap of two neighbours, in lower case.
    """
    import random
    import string

    from porecare.ingredients import parse_label

    rng = random.Random(seed)
    names = sorted({e.inci for e in dictionary._entries.values()})
    names = [n for n in names if len(n) >= 8 and not any(c.isdigit() for c in n)]
    right = wrong = 0
    for name in rng.sample(names, min(count, len(names))):
        text = name.lower()
        i = rng.randrange(1, len(text) - 1)
        kind = rng.choice("sdit")
        letter = rng.choice(string.ascii_lowercase)
        if kind == "s":
            text = text[:i] + letter + text[i + 1 :]
        elif kind == "d":
            text = text[:i] + text[i + 1 :]
        elif kind == "i":
            text = text[:i] + letter + text[i:]
        else:
            text = text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
        tokens = parse_label(text)
        if len(tokens) != 1:
            continue
        found = dictionary.resolve(tokens[0]).entry
        if found is None:
            continue
        if found.inci == name or found is dictionary.lookup(name):
            right += 1
        else:
            wrong += 1
    total = min(count, len(names))
    return right / total, wrong / total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=HERE / "data" / "real_labels.jsonl")
    parser.add_argument(
        "--holdout",
        type=Path,
        default=HERE / "data" / "real_labels_holdout.jsonl",
        help="labels never used to tune the rules (reported separately when the file exists)",
    )
    parser.add_argument(
        "--cosing", type=Path, default=SHARED_COSING if SHARED_COSING.exists() else None
    )
    parser.add_argument("--verbose", action="store_true", help="List wrong roles and unknowns.")
    args = parser.parse_args()
    sets = [("tuned-on", args.labels)]
    if args.holdout.exists():
        sets.append(("held-out", args.holdout))
    else:
        print(f"(no held-out set: {args.holdout} does not exist)")
    loaded = []
    for kind, path in sets:
        labels = load_labels(path)
        loaded.append((kind, labels))
        counts = Counter(label["category"] for label in labels)
        print(f"{kind}: {len(labels)} real labels from {path}")
        print("  categories:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    setups = [("packaged dictionary only", None)]
    if args.cosing:
        setups.append(("packaged + CosIng inventory", args.cosing))
    for title, cosing in setups:
        dictionary = load_dictionary(cosing)
        print(f"{title} ({len(dictionary):,} names):")
        recovered, wrong = typo_recovery(dictionary)
        print(
            f"  one-typo names (2,000 sampled): {recovered:6.1%} recovered, "
            f"{wrong:6.1%} resolved to a different name (fuzzy threshold check)"
        )
        for kind, labels in loaded:
            token_rate, role_rate = evaluate(labels, dictionary, args.verbose)
            print(
                f"  {kind + ':':10s} tokens resolved {token_rate:6.1%} (goal >= 98 %: "
                f"{'met' if token_rate >= 0.98 else 'NOT met'}); roles right {role_rate:6.1%} "
                f"(goal >= 90 %: {'met' if role_rate >= 0.90 else 'NOT met'}; "
                f"{len(labels)} labels)"
            )


if __name__ == "__main__":
    main()
