"""How far two people agree on product kinds, and how the role guess compares with each.

``bench/data/second_labeller_sets10_11.jsonl`` holds a second, independent labeller's
categories for held-out sets 10 and 11 (written without seeing the first labeller's categories
or porecare's output). This prints the agreement between the two labellers - the ceiling any
role guess can be checked against - and porecare's role accuracy (this checkout) against each
labeller and on the products both agree on. Run::

    python bench/ingredients_labellers.py [--cosing FILE.csv]

The figures at the commits where sets 10 and 11 were scored once are in bench/data/README.md
("Two labellers on sets 10 and 11"); on a later checkout these are development figures.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from _dictionary import SHARED_COSING, load_dictionary
from porecare.ingredients import analyze_product

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SECOND = DATA / "second_labeller_sets10_11.jsonl"


def _lines(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = SHARED_COSING if SHARED_COSING.exists() else None
    parser.add_argument("--cosing", type=Path, default=default)
    args = parser.parse_args()
    dictionary = load_dictionary(args.cosing)

    second = _lines(SECOND)
    labels = {name: _lines(DATA / name) for name in {row["file"] for row in second}}
    first, guessed = [], []
    for row in second:
        product = labels[row["file"]][int(row["line"]) - 1]
        assert product["name"] == row["name"], (row, product["name"])
        first.append(product["category"])
        analysis = analyze_product(
            product["ingredients"], name=product["name"], dictionary=dictionary
        )
        guessed.append(analysis.role.role)
    other = [row["category"] for row in second]
    count = len(second)
    agree = [i for i in range(count) if first[i] == other[i]]
    print(
        f"{count} products; labeller 1 and labeller 2 agree on {len(agree)} ({len(agree) / count:.1%})"
    )
    for name, ref in (("labeller 1", first), ("labeller 2", other)):
        right = sum(g == r for g, r in zip(guessed, ref, strict=True))
        print(f"porecare vs {name}: {right}/{count} ({right / count:.1%})")
    right = sum(guessed[i] == first[i] for i in agree)
    print(
        f"porecare on the products both agree on: {right}/{len(agree)} ({right / len(agree):.1%})"
    )
    for i in range(count):
        if first[i] != other[i]:
            row = second[i]
            print(
                f"  {row['brand']} {row['name']!r}: {first[i]} / {other[i]} (porecare: {guessed[i]})"
            )


if __name__ == "__main__":
    main()
