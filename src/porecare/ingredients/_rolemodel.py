"""The role corrector: a learned second reading of the role rules' guess.

The rules of :mod:`porecare.ingredients._roles` read a product's kind from its name and its
ingredients. Scored once on each fresh held-out set, the rules of the day got about 88 % of
products right, and their misses repeat in kind from set to set: an "essence" collectors file
as a toner, an acid-named serum, a tinted cream with a high SPF. The corrector learns those
repeats. It is a multinomial logistic regression (Cox 1958; the softmax form of Bishop,
*Pattern Recognition and Machine Learning*, 2006, section 4.3.4) over

* the rules' guess and its confidence,
* the words of the name (single words, adjacent pairs, the last word),
* the ingredient classes anywhere on the list and among its first five,
* the first ingredient's canonical name,

trained by ``bench/train_role_model.py`` on every held-out product's *first-scoring* guess
(the engine of the day, before anyone read that set's misses) against the category its
collector wrote. The weights are data (``knowledge/data/role_model.json``).

It reads again only the rules' guesses between two confidences (``acts_on_rule_confidence``):
not a list that fits no kind at all, whose user is asked what it is, and not a name and a list
that agree. It replaces the guess only when it gives another role a probability of at least
the model's threshold and the name allows that role (``_roles.name_roles``); the evidence
then says so and names the features that weighed most.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache, reduce
from itertools import pairwise
from operator import or_
from typing import Any, NamedTuple

from porecare.errors import KnowledgeError
from porecare.ingredients._knowledge import classes, read_data

__all__ = [
    "ACTS_ON",
    "Correction",
    "class_ids",
    "correct_role",
    "label_class_bits",
    "pick",
    "role_features",
]

_DATA_FILE = "role_model.json"
#: A rules' guess below this confidence rests on the ingredients' weak hints alone.
_LOW_CONFIDENCE = 0.7
_WORD = re.compile(r"[a-z]+")
#: The rules' confidences the corrector reads again, [low, high): not a list that fits no kind
#: at all (0.2: the user is asked) and not a name and a list that agree (0.95). The trainer
#: writes it into the model file, which is what the corrector reads.
ACTS_ON = (0.3, 0.9)


class Correction(NamedTuple):
    role: str
    probability: float
    reasons: tuple[str, ...]
    """The features that moved the reading most, in words."""
    products: int
    """How many labelled products the model learned from."""


class _Model(NamedTuple):
    roles: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float
    products: int
    acts_on: tuple[float, float]
    """The rules' confidences it reads again, [low, high): not a list that fits no kind at all
    (the user is asked) and not a name and a list that agree (the rules stand)."""


@cache
def class_ids() -> tuple[str, ...]:
    """The class ids in bit order (``ingredient_classes.toml`` order)."""
    return tuple(classes())


def class_bits(entry_classes: frozenset[str]) -> int:
    """The bits of these classes (unknown ids have none)."""
    return sum(1 << i for i, cls in enumerate(class_ids()) if cls in entry_classes)


def label_class_bits(token_classes: Sequence[int]) -> tuple[int, int]:
    """(every class on the label, the classes among its first five tokens) from each token's
    class bits in label order ("may contain" tokens included)."""
    return reduce(or_, token_classes, 0), reduce(or_, token_classes[:5], 0)


@cache
def _model() -> _Model:
    try:
        data = json.loads(read_data(_DATA_FILE))
    except ValueError as exc:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: not JSON ({exc})") from None
    return parse_model(data, where=f"knowledge/data/{_DATA_FILE}")


def parse_model(data: Any, *, where: str) -> _Model:
    """The corrector's weights from ``role_model.json``'s data; a one-line
    :class:`~porecare.errors.KnowledgeError` naming ``where`` when they are not a model."""
    try:
        roles = tuple(str(r) for r in data["roles"])
        intercept = tuple(float(x) for x in data["intercept"])
        weights = {str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()}
        threshold = float(data["threshold"])
        products = int(data["trained_on"]["products"])
        low, high = (float(x) for x in data["acts_on_rule_confidence"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KnowledgeError(f"{where}: not a role model (bad or missing {exc})") from None
    width = len(roles)
    if len(intercept) != width or any(len(row) != width for row in weights.values()):
        raise KnowledgeError(f"{where}: every weight row needs {width} numbers, one per role")
    if not 0.0 < threshold <= 1.0:
        raise KnowledgeError(f"{where}: threshold {threshold} is not a probability in (0, 1]")
    return _Model(roles, intercept, weights, threshold, products, (low, high))


def _fold(name: str) -> list[str]:
    """The name's words, lower case ASCII ("Sérum" reads "serum")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _WORD.findall(ascii_name.lower())


def name_features(name: str | None) -> tuple[str, ...]:
    words = _fold(name) if name else []
    pairs = [f"b={a}_{b}" for a, b in pairwise(words)]
    last = [f"last={words[-1]}"] if words else []
    return (*dict.fromkeys(f"w={w}" for w in words), *dict.fromkeys(pairs), *last)


def class_features(anywhere: int, first_five: int) -> tuple[str, ...]:
    ids = class_ids()
    return (
        *(f"c={c}" for i, c in enumerate(ids) if anywhere >> i & 1),
        *(f"c5={c}" for i, c in enumerate(ids) if first_five >> i & 1),
    )


def rule_features(role: str, confidence: float) -> dict[str, float]:
    features = {f"rule={role}": 1.0, "conf": confidence}
    if confidence < _LOW_CONFIDENCE:
        features[f"rule={role}&lowconf"] = 1.0
    return features


def role_features(
    name: str | None,
    rule_role: str,
    rule_confidence: float,
    class_bits: tuple[int, int],
    first_inci: str | None,
) -> dict[str, float]:
    """Every feature the corrector reads, with its value (the trainer's and the evidence's
    view; :func:`correct_role` adds the same weights in cached parts)."""
    features = dict.fromkeys((*name_features(name), *class_features(*class_bits)), 1.0)
    if first_inci:
        features[f"first={first_inci}"] = 1.0
    features.update(rule_features(rule_role, rule_confidence))
    return features


def _sum(model: _Model, features: dict[str, float] | tuple[str, ...]) -> tuple[float, ...]:
    total = [0.0] * len(model.roles)
    values = features if isinstance(features, dict) else dict.fromkeys(features, 1.0)
    for feature, value in values.items():
        row = model.weights.get(feature)
        if row is not None:
            total = [t + value * w for t, w in zip(total, row, strict=True)]
    return tuple(total)


@lru_cache(maxsize=8192)
def _name_and_rule_part(name: str | None, role: str, confidence: float) -> tuple[float, ...]:
    """The intercept and the weights of the name's and the rules' features (few distinct
    names and guesses: one cached part)."""
    model = _model()
    features = {**dict.fromkeys(name_features(name), 1.0), **rule_features(role, confidence)}
    return tuple(a + b for a, b in zip(model.intercept, _sum(model, features), strict=True))


@cache
def _class_tables(prefix: str) -> tuple[tuple[tuple[float, ...], ...], ...]:
    """Byte ``k`` of a label's class bits -> the summed weights of its classes' ``prefix``
    features ("c=" anywhere, "c5=" in the first five): whatever mix of classes a label has, its
    class part is a few table look-ups."""
    model = _model()
    ids = class_ids()
    tables = []
    for start in range(0, len(ids), 8):
        names = [f"{prefix}{cls}" for cls in ids[start : start + 8]]
        tables.append(
            tuple(
                _sum(model, tuple(n for j, n in enumerate(names) if byte >> j & 1))
                for byte in range(256)
            )
        )
    return tuple(tables)


def scores(
    name: str | None,
    rule_role: str,
    rule_confidence: float,
    class_bits: tuple[int, int],
    first_inci: str | None,
) -> list[float]:
    """Each role's score (log-odds up to a constant), in the model's role order: the weights
    of :func:`role_features`, summed in cached parts."""
    parts = [_name_and_rule_part(name, rule_role, rule_confidence)]
    for prefix, bits in zip(("c=", "c5="), class_bits, strict=True):
        for table in _class_tables(prefix):
            if bits & 255:
                parts.append(table[bits & 255])
            bits >>= 8
    if first_inci:
        first = _model().weights.get(f"first={first_inci}")
        if first is not None:
            parts.append(first)
    return list(map(sum, zip(*parts, strict=True)))


def correct_role(
    name: str | None,
    rule_role: str,
    rule_confidence: float,
    class_bits: tuple[int, int],
    first_inci: str | None,
) -> Correction | None:
    """Another role for the product, or None when the rules' guess stands (the caller checks
    that the name allows the role)."""
    model = _model()
    low, high = model.acts_on
    if not low <= rule_confidence < high:
        return None
    values = scores(name, rule_role, rule_confidence, class_bits, first_inci)
    picked = pick(values, model.roles, rule_role, model.threshold)
    if picked is None:
        return None
    best, probability = picked
    features = role_features(name, rule_role, rule_confidence, class_bits, first_inci)
    reasons = _reasons(model, features, best, model.roles.index(rule_role))
    return Correction(model.roles[best], probability, reasons, model.products)


def pick(
    values: Sequence[float], roles: Sequence[str], rule_role: str, threshold: float
) -> tuple[int, float] | None:
    """(index, probability) of the best-scoring role when it is another than the rules' and
    its softmax probability reaches ``threshold``; else None (the trainer decides the same)."""
    top = max(values)
    best = list(values).index(top)
    if roles[best] == rule_role:
        return None
    probability = 1.0 / sum(math.exp(v - top) for v in values)
    return (best, probability) if probability >= threshold else None


def _reasons(model: _Model, features: dict[str, float], new: int, old: int) -> tuple[str, ...]:
    """The three features that moved the reading most from the old role to the new."""
    pulls = []
    for feature, value in features.items():
        row = model.weights.get(feature)
        if row is not None and not feature.startswith(("rule=", "conf")):
            pulls.append((value * (row[new] - row[old]), feature))
    pulls.sort(reverse=True)
    return tuple(_describe(feature) for pull, feature in pulls[:3] if pull > 0)


def _describe(feature: str) -> str:
    kind, _, what = feature.partition("=")
    described: dict[str, Any] = {
        "w": f"'{what}' in the name",
        "b": f"'{what.replace('_', ' ')}' in the name",
        "last": f"a name ending in '{what}'",
        "c": f"a {what.replace('_', ' ')} ingredient",
        "c5": f"a {what.replace('_', ' ')} ingredient in the first five",
        "first": f"{what} first",
    }
    return str(described.get(kind, feature))
