"""Train the role corrector (``porecare.ingredients._rolemodel``) and measure it honestly.

Training rows: every held-out product scored once (``bench/data/first_guesses.jsonl``, written
by ``bench/ingredients_heldout_runs.py --write-first-guesses``): the first-scoring guess of the
rules of the day (under the corrector, where one was shipped), the product's name and ingredient classes (read by the engine checked out
now), and the category its collector wrote. The model is a multinomial logistic regression with
an L2 penalty (``--c``, as scikit-learn's ``C``), fitted with SciPy's L-BFGS; features seen in
fewer than ``--min-count`` products are left out. It writes
``src/porecare/knowledge/data/role_model.json``.

``--evaluate`` first replays history: for each set from ``--from`` on, a model trained only on
the sets before it corrects that set's first-scoring guesses, as if the corrector had existed
that day. It prints the rules' figure and the corrected one, set by set and pooled. Run::

    python bench/train_role_model.py [--evaluate] [--c 3] [--threshold 0.5] [--check]

``--check`` writes nothing: it exits non-zero when the packaged model was trained on other rows
than the data files hold now (the test suite runs the same comparison).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from scipy.optimize import minimize
from scipy.sparse import csr_matrix

from porecare.ingredients._analyze import default_dictionary
from porecare.ingredients._dictionary import Dictionary
from porecare.ingredients._resolve import resolve_fast
from porecare.ingredients._rolemodel import ACTS_ON, label_class_bits, pick, role_features
from porecare.ingredients._roles import ROLES, name_roles

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
GUESSES = DATA / "first_guesses.jsonl"
MODEL = ROOT / "src" / "porecare" / "knowledge" / "data" / "role_model.json"


class Row(NamedTuple):
    set: int
    name: str
    category: str
    rule: str
    features: dict[str, float]


def training_rows() -> tuple[list[Row], str]:
    """Every first-scored product as a training row, and a digest of what they were read from."""
    guesses = [json.loads(line) for line in GUESSES.read_text(encoding="utf-8").splitlines()]
    labels: dict[int, list[dict[str, Any]]] = {}
    digest = hashlib.sha256()
    rows = []
    dictionary = default_dictionary()
    for guess in guesses:
        number = guess["set"]
        if number not in labels:
            text = (DATA / f"real_labels_holdout{number}.jsonl").read_text(encoding="utf-8")
            labels[number] = [json.loads(line) for line in text.splitlines() if line.strip()]
        label = labels[number][guess["line"] - 1]
        if label["name"] != guess["name"]:
            sys.exit(f"{GUESSES.name}: set {number} line {guess['line']} names another product")
        # The rules' own guess: the corrector reads the rules, never its own earlier output.
        role, confidence = guess["rules_role"], float(guess["rules_confidence"])
        digest.update(json.dumps([number, label, role, confidence]).encode())
        bits, first = corrector_inputs(label["ingredients"], dictionary)
        features = role_features(label["name"], role, confidence, bits, first)
        rows.append(Row(number, label["name"], label["category"], role, features))
    return rows, digest.hexdigest()


def corrector_inputs(text: str, dictionary: Dictionary) -> tuple[tuple[int, int], str | None]:
    """What the corrector reads of a list besides the name and the rules' guess: its class
    bits (anywhere, first five) and its first ingredient, as ``analyze_product`` passes them."""
    resolved = resolve_fast(text, dictionary)
    kept = [r for r in resolved.resolutions if not r.token.may_contain]
    first = kept[0].entry.inci if kept and kept[0].entry is not None else None
    return label_class_bits([f.class_bits if f else 0 for f in resolved.facts]), first


class Fit(NamedTuple):
    features: dict[str, int]
    """Feature -> its row in ``weights``, in sorted feature order."""
    intercept: np.ndarray
    weights: np.ndarray  # features x roles


def fit(rows: list[Row], c: float, min_count: int) -> Fit:
    counts = Counter(f for row in rows for f in row.features)
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(names)}
    data, cols, ptr = [], [], [0]
    for row in rows:
        for f, v in row.features.items():
            if f in index:
                data.append(v)
                cols.append(index[f])
        ptr.append(len(data))
    x = csr_matrix((data, cols, ptr), shape=(len(rows), len(names)))
    y = np.array([ROLES.index(row.category) for row in rows])
    k = len(ROLES)
    onehot = np.eye(k)[y]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        b, w = theta[:k], theta[k:].reshape(len(names), k)
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        nll = -np.log(p[np.arange(len(y)), y] + 1e-300).sum()
        g = p - onehot
        grad_w = x.T @ g + w / c
        value = nll + (w * w).sum() / (2 * c)
        return value, np.concatenate([g.sum(axis=0), np.asarray(grad_w).ravel()])

    start = np.zeros(k + len(names) * k)
    done = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 3000})
    theta = done.x
    return Fit(index, theta[:k], theta[k:].reshape(len(names), k))


def scores(model: Fit, features: dict[str, float]) -> list[float]:
    z = model.intercept.copy()
    for f, v in features.items():
        if f in model.features:
            z = z + v * model.weights[model.features[f]]
    return [float(v) for v in z]


def corrected(model: Fit, row: Row, threshold: float) -> str:
    """The role the corrector would leave (the rules' guess unless it is sure of another the
    name allows), by ``_rolemodel``'s own decision (``pick``) and ``_roles``' name check."""
    if not ACTS_ON[0] <= row.features["conf"] < ACTS_ON[1]:
        return row.rule
    picked = pick(scores(model, row.features), ROLES, row.rule, threshold)
    allowed = name_roles(row.name)
    if picked is not None and (allowed is None or ROLES[picked[0]] in allowed):
        return ROLES[picked[0]]
    return row.rule


def evaluate(rows: list[Row], first: int, c: float, threshold: float, min_count: int) -> None:
    print(f"{'set':>4} {'products':>8} {'rules':>6} {'corrected':>9}")
    totals = [0, 0, 0]
    for number in sorted({row.set for row in rows if row.set >= first}):
        model = fit([r for r in rows if r.set < number], c, min_count)
        tested = [r for r in rows if r.set == number]
        rules = sum(r.rule == r.category for r in tested)
        fixed = sum(corrected(model, r, threshold) == r.category for r in tested)
        print(f"{number:>4} {len(tested):>8} {rules:>6} {fixed:>9}")
        totals = [totals[0] + len(tested), totals[1] + rules, totals[2] + fixed]
    n, rules, fixed = totals
    print(
        f"sets {first}+, each corrected by a model trained only on the sets before it:"
        f" rules {rules}/{n} = {100 * rules / n:.1f} %, corrected {fixed}/{n}"
        f" = {100 * fixed / n:.1f} %"
    )


def write(model: Fit, rows: list[Row], digest: str, c: float, threshold: float) -> None:
    weights = {}
    for name, row in zip(model.features, model.weights, strict=True):  # rows in key order
        rounded = [round(float(w), 3) for w in row]
        if max(map(abs, rounded)) >= 1e-3:
            weights[name] = rounded
    sets = sorted({row.set for row in rows})
    out = {
        "about": (
            "Role corrector weights (porecare.ingredients._rolemodel), written by"
            " bench/train_role_model.py: multinomial logistic regression over the rules'"
            " first-scoring guess, name words and ingredient classes. Do not edit by hand."
        ),
        "roles": list(ROLES),
        "threshold": threshold,
        "acts_on_rule_confidence": list(ACTS_ON),
        "trained_on": {
            "products": len(rows),
            "sets": f"{sets[0]}-{sets[-1]}",
            "sha256": digest,
            "c": c,
        },
        "intercept": [round(float(b), 4) for b in model.intercept],
        "weights": weights,
    }
    # One feature per line: readable diffs when the model is retrained.
    head = json.dumps({k: v for k, v in out.items() if k != "weights"}, sort_keys=True)
    lines = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in sorted(weights.items())]
    text = head[:-1] + ', "weights": {\n' + ",\n".join(lines) + "\n}}\n"
    MODEL.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}: {len(weights):,} features, {len(rows):,} products")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--c", type=float, default=3.0, help="inverse L2 strength (default 3)")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--evaluate", action="store_true", help="replay history first")
    parser.add_argument("--from", dest="first", type=int, default=35)
    parser.add_argument("--check", action="store_true", help="only check the packaged model")
    args = parser.parse_args()
    rows, digest = training_rows()
    if args.check:
        packaged = json.loads(MODEL.read_text(encoding="utf-8"))["trained_on"]["sha256"]
        if packaged != digest:
            sys.exit("the packaged role model was trained on other rows: retrain it")
        print(f"the packaged role model matches the {len(rows):,} training rows")
        return
    if args.evaluate:
        evaluate(rows, args.first, args.c, args.threshold, args.min_count)
    model = fit(rows, args.c, args.min_count)
    write(model, rows, digest, args.c, args.threshold)


if __name__ == "__main__":
    main()
