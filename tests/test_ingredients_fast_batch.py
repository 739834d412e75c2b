"""``check --jsonl`` builds each line itself (``analysis_json``): it must stay byte-identical.

The batch path skips ``ProductAnalysis`` and resolves pieces through the piece cache; every
test here compares its output, byte for byte, with ``analyze_product(..., fast_path=False)``
(the full parser, no cache) serialised by ``ProductAnalysis.to_json``.
"""

from __future__ import annotations

import dataclasses
import json
import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from porecare.ingredients import Dictionary, _fast, analyze_product, check_jsonl
from porecare.ingredients._batch import analysis_json
from porecare.ingredients._dictionary import FUZZY_BUDGET
from porecare.ingredients._fast import fragment_json, ingredient_json
from porecare.profile import Profile, sample_profile
from test_ingredients_fast import _ALPHABET, TRICKY, _generated

REPO = Path(__file__).resolve().parents[1]
LABEL_SETS = sorted((REPO / "bench" / "data").glob("real_labels*.jsonl"))

#: Cases the fast splitter decides itself; each once got it wrong or nearly so.
SPLITS = [
    # sentences whose pieces are "X and Y" (two ingredients printed as one)
    "Glycerin. Rosmarinus Officinalis Leaf Extract and Salvia Officinalis Leaf Extract, Water",
    "Aqua. Rosmarinus Officinalis Leaf Extract* and Salvia Officinalis Leaf Extract*. *Organic",
    "Aqua, Rosmarinus Officinalis Leaf Extract** and Salvia Officinalis Leaf Extract*. "
    "*Organic **Natural origin",
    # commas between digits, chained, first, last, across a newline, in brackets, non-ASCII
    "1,2-Hexanediol, Water, 1,2,3-Propanetriol, Ci 77891,2",
    "Water, Propylene Glycol (1,2-Propanediol), Butylene Glycol (1,3-Butanediol)",
    "Water,2\n3-Butanediol, Glycerin,1,2-Hexanediol",
    "Aqua¹,²Glycerin, Niacinamide²,3. ¹Organic",
    "Water; 1,2-Hexanediol; Glycerin (and) Caprylyl Glycol, 1,2",
    # brackets that span cuts, never close, or close first
    "Water (Aqua, Eau), Glycerin, Parfum (Fragrance), (Broken, Bracket",
    "Water), Glycerin (, Niacinamide), [Aqua, Eau] Extract",
    "Tocopherol (Vitamin E (natural, mixed)), Water",
    # empty pieces everywhere
    ",Water,,Glycerin, ,\n,. , Niacinamide,,",
]


def _labels(path: Path) -> list[tuple[str | None, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [(row.get("name"), row["ingredients"]) for row in rows]


def _profiles() -> list[Profile | None]:
    base = sample_profile()
    sensitive = dataclasses.replace(
        base, sensitive=True, acne_prone=False, pregnant_or_breastfeeding=True
    )
    return [None, base, sensitive]


def _assert_lines_identical(
    labels: list[tuple[str | None, str]], profile: Profile | None = None, rounds: int = 2
) -> None:
    fast, full = Dictionary.load(), Dictionary.load()
    lines = [json.dumps({"name": name, "ingredients": text}) for name, text in labels]
    for _ in range(rounds):  # cold caches, then warm ones
        got = list(check_jsonl(lines, dictionary=fast, profile=profile))
        assert len(got) == len(labels)
        for number, (out, (name, text)) in enumerate(zip(got, labels, strict=True), start=1):
            reference = analyze_product(
                text, name=name, profile=profile, dictionary=full, fast_path=False
            )
            prefix = f'{{"line":{number},"ok":true,'
            assert out == reference.to_json(prefix=prefix), text


@pytest.mark.parametrize("path", LABEL_SETS, ids=lambda p: p.name)
@pytest.mark.parametrize("profile", _profiles(), ids=["no-profile", "sample", "sensitive"])
def test_batch_lines_equal_the_full_parser_on_every_real_label_set(
    path: Path, profile: Profile | None
) -> None:
    _assert_lines_identical(_labels(path), profile)


def test_the_real_label_sets_are_there() -> None:
    assert len(LABEL_SETS) >= 3, "bench/data/real_labels*.jsonl missing"


@pytest.mark.parametrize("profile", _profiles(), ids=["no-profile", "sample", "sensitive"])
def test_batch_lines_equal_the_full_parser_on_tricky_splits(profile: Profile | None) -> None:
    labels = [(name, text) for text in SPLITS + TRICKY for name in (None, "Clay Mask")]
    _assert_lines_identical(labels, profile)


def test_two_ingredients_in_a_sentence_are_split_like_the_parser() -> None:
    text = SPLITS[0]
    fast = analyze_product(text, dictionary=Dictionary.load())
    full = analyze_product(text, dictionary=Dictionary.load(), fast_path=False)
    assert (
        [r.inci for r in fast.resolutions]
        == [r.inci for r in full.resolutions]
        == [
            "GLYCERIN",
            "ROSMARINUS OFFICINALIS LEAF EXTRACT",
            "SALVIA OFFICINALIS LEAF EXTRACT",
            "AQUA",
        ]
    )


@pytest.mark.parametrize("seed", [3, 5])
def test_batch_lines_equal_the_full_parser_on_generated_labels(seed: int) -> None:
    _assert_lines_identical(_generated(300, seed), _profiles()[seed % 3])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from([None, "Serum"]))
def test_analysis_json_equals_the_full_parser_on_any_text(text: str, name: str | None) -> None:
    fast, full = Dictionary.load(), Dictionary.load()
    for _ in range(2):
        reference = analyze_product(text, name=name, dictionary=full, fast_path=False)
        assert analysis_json(text, name, None, fast) == reference.to_json()


def _noise(rng: random.Random, words: int) -> str:
    """Made-up names long enough to be fuzzy-searched, with the separators labels use."""
    pieces = []
    for i in range(words):
        word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(6, 12))).title()
        if i % 17 == 0:
            word = f"Glycerin. {word}"  # a sentence: only its parts are tokens
        elif i % 23 == 0:
            word = f"{word} and Squalane"  # unknown whole, one known half
        elif i % 29 == 0:
            word = f"{word} {rng.randint(1, 9)}"
        pieces.append(word)
    return ", ".join(pieces)


@pytest.mark.slow
def test_a_label_that_exhausts_the_fuzzy_budget_resolves_like_the_parser() -> None:
    # More unknown names than fuzzy searches allowed per label: which names get searched
    # depends on the order they are met and on what is cached, as in resolve_all.
    rng = random.Random(7)
    labels = [(None, _noise(rng, FUZZY_BUDGET + 60)) for _ in range(2)]
    labels.append((None, labels[0][1] + ", Glycerln, Nlacinamide"))  # repeats, then typos
    _assert_lines_identical(labels, rounds=1)


def test_the_piece_cache_stays_under_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fast, "PIECE_CACHE_LIMIT", 40)
    dictionary = Dictionary.load()
    labels = _generated(60, 11)
    lines = [json.dumps({"name": n, "ingredients": t}) for n, t in labels]
    sizes = []
    for number, (out, (name, text)) in enumerate(
        zip(check_jsonl(lines, dictionary=dictionary), labels, strict=True), start=1
    ):
        sizes.append(len(dictionary.piece_cache))
        reference = analyze_product(text, name=name, dictionary=Dictionary.load(), fast_path=False)
        assert out == reference.to_json(prefix=f'{{"line":{number},"ok":true,')
    # emptied whenever a label starts above the cap; one label adds at most ~60 pieces
    assert max(sizes) <= 40 + 100 and min(sizes) < 40


def test_spliced_ingredient_json_is_the_encoders() -> None:
    dictionary = Dictionary.load()
    texts = SPLITS + TRICKY + [t for _, t in _generated(80, 2)]
    for text in texts:
        for r in analyze_product(text, dictionary=dictionary).resolutions:
            assert fragment_json(r) == ingredient_json(r), r


def test_bad_lines_give_an_error_line_and_the_rest_go_on() -> None:
    good = json.dumps({"name": "Serum", "ingredients": "Water, Niacinamide 10%"})
    lines: list[bytes | str] = [
        good,
        "not json",
        b"\x00\x01binary",
        b"\xff\xfe broken utf-8",
        '["a list"]',
        json.dumps({"name": 3, "ingredients": "Water"}),
        json.dumps({"ingredients": "W" * 100_001}),
        "   ",
        good.encode(),
    ]
    out = [json.loads(line) for line in check_jsonl(lines, dictionary=Dictionary.load())]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6, 7, 9]
    assert [o["ok"] for o in out] == [True, False, False, False, False, False, False, True]
    errors = [o["error"] for o in out if not o["ok"]]
    for error, expected in zip(
        errors,
        ["not JSON", "binary data", "not UTF-8", "'ingredients' string", "'name'", "100,000"],
        strict=True,
    ):
        assert expected in error and "\n" not in error
    assert out[0] | {"line": 9} == out[-1]
