"""The learned role corrector (``_rolemodel``): its packaged weights, its arithmetic, its bounds.

The corrector's honest figure (a model trained only on earlier sets, replayed on each later
set) is printed by ``bench/train_role_model.py --evaluate``; these tests hold what must never
break: the packaged model matches its training rows, the cached scoring equals the plain dot
product the trainer fits, a correction never leaves the roles the name allows, and bad model
data is a one-line error.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from porecare.errors import KnowledgeError
from porecare.ingredients import analyze_product, default_dictionary
from porecare.ingredients._rolemodel import (
    _model,
    correct_role,
    parse_model,
    role_features,
    scores,
)
from porecare.ingredients._roles import guess_role, name_roles

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data"


@cache
def _trainer() -> Any:
    spec = importlib.util.spec_from_file_location(
        "train_role_model", REPO / "bench" / "train_role_model.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _labels(*numbers: int) -> list[dict[str, Any]]:
    out = []
    for number in numbers:
        text = (DATA / f"real_labels_holdout{number}.jsonl").read_text(encoding="utf-8")
        out += [json.loads(line) for line in text.splitlines() if line.strip()]
    return out


def test_packaged_model_was_trained_on_the_rows_the_data_holds_now() -> None:
    trainer = _trainer()
    rows, digest = trainer.training_rows()
    packaged = json.loads(trainer.MODEL.read_text(encoding="utf-8"))
    assert packaged["trained_on"]["sha256"] == digest, "retrain: bench/train_role_model.py"
    assert packaged["trained_on"]["products"] == len(rows) == _model().products
    # Every first-scoring guess names a role the engine knows, on the product it says.
    roles = set(packaged["roles"])
    assert {row.rule for row in rows} <= roles and {row.category for row in rows} <= roles


def _inputs(label: dict[str, Any]) -> tuple[tuple[int, int], str | None]:
    """The class bits and first ingredient, derived as the trainer derives them."""
    return _trainer().corrector_inputs(label["ingredients"], default_dictionary())


def test_cached_scores_equal_the_trainers_dot_product() -> None:
    model = _model()
    for label in _labels(60, 61)[:40]:
        bits, first = _inputs(label)
        for role, confidence in (("serum", 0.7), ("moisturizer", 0.95), ("other", 0.2)):
            fast = scores(label["name"], role, confidence, bits, first)
            plain = list(model.intercept)
            for feature, value in role_features(
                label["name"], role, confidence, bits, first
            ).items():
                row = model.weights.get(feature)
                if row is not None:
                    plain = [p + value * w for p, w in zip(plain, row, strict=True)]
            assert fast == pytest.approx(plain, abs=1e-9)


def test_a_correction_stays_within_the_roles_the_name_allows_and_says_so() -> None:
    corrected = 0
    for label in _labels(*range(40, 95)):
        analysis = analyze_product(label["ingredients"], name=label["name"])
        role = analysis.role
        if not role.evidence[0].startswith("read as "):
            continue
        corrected += 1
        allowed = name_roles(label["name"])
        assert allowed is None or role.role in allowed
        assert "labelled products (probability" in role.evidence[0]
        assert role.evidence[1].startswith("the rules alone read ")
        assert role.confidence >= _model().threshold
        assert not role.evidence[1].startswith(f"the rules alone read {role.role}:")
    assert corrected > 10  # the corrector is in use on real labels


def test_the_rules_alone_answer_without_class_bits() -> None:
    items = [("AQUA", frozenset(), None), ("GLYCERIN", frozenset(), None)]
    alone = guess_role("Power 10 Formula PO Effector", items)
    assert not alone.evidence[0].startswith("read as ")


def test_a_known_collector_call_the_rules_missed_is_read_right() -> None:
    # Set 40: "Power 10 Formula PO Effector", filed by its collector as a serum; the rules of
    # the day read a moisturizer. Other "Power 10 Formula" products taught the model.
    label = next(x for x in _labels(40) if x["name"] == "Power 10 Formula PO Effector")
    role = analyze_product(label["ingredients"], name=label["name"]).role
    assert role.role == label["category"] == "serum"
    assert role.evidence[0].startswith("read as serum by a model learned from")
    # A reason names the words ("power", "formula", or the two together) that taught it.
    assert re.search(r"'[^']*\b(?:power|formula)\b[^']*' in the name", role.evidence[0])


def test_correct_role_returns_nothing_when_the_model_agrees() -> None:
    bits = (0, 0)
    values = scores("Gentle Foaming Cleanser", "water_cleanser", 0.95, bits, "AQUA")
    best = _model().roles[values.index(max(values))]
    assert best == "water_cleanser"
    assert correct_role("Gentle Foaming Cleanser", "water_cleanser", 0.95, bits, "AQUA") is None


def test_probabilities_are_a_softmax_of_the_scores() -> None:
    values = scores("Clarifying Toner", "serum", 0.7, (0, 0), "AQUA")
    top = max(values)
    total = sum(math.exp(v - top) for v in values)
    assert 0.0 < 1.0 / total <= 1.0


_GOOD = {
    "roles": ["a", "b"],
    "intercept": [0.0, 0.0],
    "weights": {"w=x": [0.5, -0.5]},
    "threshold": 0.5,
    "acts_on_rule_confidence": [0.3, 0.9],
    "trained_on": {"products": 1},
}


def test_data_that_is_no_mapping_is_a_one_line_error() -> None:
    with pytest.raises(KnowledgeError, match=r"^role_model\.json: not a role model"):
        parse_model([], where="role_model.json")


def test_a_well_formed_model_parses() -> None:
    model = parse_model(_GOOD, where="role_model.json")
    assert model.roles == ("a", "b") and model.acts_on == (0.3, 0.9) and model.products == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"intercept": [0.0]}, "needs 2 numbers"),
        ({"weights": {"w=x": [1.0]}}, "needs 2 numbers"),
        ({"threshold": 2}, "not a probability"),
        ({"intercept": ["x", 0.0]}, "not a role model"),
        ({"acts_on_rule_confidence": [0.3]}, "not a role model"),
        ({"trained_on": None}, "not a role model"),
        ({"weights": []}, "not a role model"),
    ],
)
def test_bad_model_data_is_a_one_line_error(change: dict[str, Any], message: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        parse_model({**_GOOD, **change}, where="role_model.json")
    text = str(caught.value)
    assert message in text and text.startswith("role_model.json: ") and "\n" not in text
