"""The fast path (per-piece cache, C-speed split) gives exactly what the full parser gives.

Speed must never change behaviour: every label here is analysed by both paths and the results
are compared whole (``to_dict()`` and ``to_json()``), first with cold caches, then warm.
"""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from porecare.ingredients import Dictionary, analyze_product, check_jsonl
from porecare.ingredients._knowledge import curated_ingredients
from porecare.profile import Profile, sample_profile

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "bench" / "data" / "real_labels.jsonl"

TRICKY = [
    "Water, 1,2-Hexanediol, Salicylic Acid 0,5%",
    "Water (Aqua, Eau), Glycerin, Tocopherol (Vitamin E (natural))",
    "Aqua/Water/Eau, Glycerin*, Squalane**. *Organic. **Natural origin",
    "Ingredients: Water; Glycerin; Niacinamide 10%\nZinc PCA 1%",
    "Water • Glycerin · Parfum (Fragrance) | Linalool",
    "Active ingredients: Zinc Oxide 10%. Inactive ingredients: Water, Dimethicone.",
    "Water, Glycerin [+/- CI 77891, CI 77491], Phenoxyethanol",
    "Water, Glycerin. May contain (+/-): CI 77891, Mica",
    "Cetearyl Alcohol (and) Ceteareth-20, Water, (Broken, Bracket, Glycerin",
    "Water, Glycerin), Niacinamide, Retinol 0.3%, Glycolic Acid 7%",
    "Glycerln, Sodlum Hyaluronate, Nlacinamide, Aqua (Water",
    "99% of total ingredients are from natural origin. Water, Aloe Barbadensis Leaf Juice*",
    "Water,1,3-Butanediol,2,Glycerin",
    "\u00a0Water,\u00a0Glycerin\u2019s, \u201cNiacinamide\u201d, Retinyl Palmitate",
    "",
    ",,, ;;; ..",
]


def _profiles() -> list[Profile | None]:
    base = sample_profile()
    return [
        None,
        base,
        dataclasses.replace(base, sensitive=True, acne_prone=False, pregnant_or_breastfeeding=True),
    ]


def _generated(count: int, seed: int) -> list[tuple[str | None, str]]:
    """Labels like the throughput bench's, plus the separators and brackets it lacks."""
    rng = random.Random(seed)
    items = curated_ingredients()
    names = [item.inci.title() for item in items]
    aliased = [(item.inci.title(), item.aliases[0]) for item in items if item.aliases]
    out = []
    for _ in range(count):
        tokens = []
        for _ in range(rng.randint(3, 30)):
            roll = rng.random()
            if roll < 0.1:
                inci, alias = rng.choice(aliased)
                tokens.append(f"{inci} ({alias})")
            elif roll < 0.15:
                tokens.append(f"{rng.choice(names)} {rng.choice([0.5, 1, 2, 5, 10])}%")
            elif roll < 0.2:
                tokens.append(rng.choice(names) + rng.choice(["*", "**", "†"]))
            elif roll < 0.25:
                tokens.append(rng.choice(names).upper())
            elif roll < 0.28:
                tokens.append(rng.choice(["1,2-Hexanediol", "(Glycerin", "Water)", "Aqua [Water]"]))
            else:
                tokens.append(rng.choice(names))
        separator = rng.choice([", ", ", ", ", ", ",", "; ", "\n", " • "])
        text = separator.join(tokens)
        if rng.random() < 0.3:
            text = rng.choice(["Ingredients: ", "INCI: ", "Inactive ingredients: "]) + text
        if rng.random() < 0.1:
            text += rng.choice([". May contain (+/-): CI 77891, CI 77491", " [+/- CI 77891]"])
        if rng.random() < 0.5:
            text += rng.choice([". *Organic", " *Organic, **Natural origin", ". † Fair trade"])
        out.append((rng.choice([None, "Daily Cream", "Clay Mask", "2% BHA Toner"]), text))
    return out


def _real() -> list[tuple[str | None, str]]:
    if not REAL.exists():
        return []
    rows = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines() if line]
    return [(row.get("name"), row["ingredients"]) for row in rows]


def _assert_same(labels: list[tuple[str | None, str]], profile: Profile | None) -> None:
    fast_dictionary = Dictionary.load()
    full_dictionary = Dictionary.load()
    for _ in range(2):  # cold caches, then warm ones
        for name, text in labels:
            fast = analyze_product(text, name=name, profile=profile, dictionary=fast_dictionary)
            full = analyze_product(
                text, name=name, profile=profile, dictionary=full_dictionary, fast_path=False
            )
            assert fast.to_dict() == full.to_dict(), text
            assert fast.to_json() == full.to_json(), text
            assert json.loads(fast.to_json()) == fast.to_dict(), text


@pytest.mark.parametrize("profile", _profiles())
def test_fast_path_equals_full_parser_on_real_and_tricky_labels(profile: Profile | None) -> None:
    labels = _real() + [(None, t) for t in TRICKY] + [("Serum", t) for t in TRICKY]
    assert len(labels) > len(TRICKY) * 2 or not REAL.exists()
    _assert_same(labels, profile)


@pytest.mark.parametrize("seed", [1, 2])
def test_fast_path_equals_full_parser_on_generated_labels(seed: int) -> None:
    _assert_same(_generated(400, seed), _profiles()[seed])


_ALPHABET = st.sampled_from(
    [
        "Water", "Glycerin", "Niacinamide", "Retinol", "Salicylic Acid", "Aqua", "Parfum",
        "CI 77891", "Kaolin", "1", "2", "10", "%", ",", ", ", ";", "\n", "\r", "(", ")", "[", "]",
        "{", "}", "*", "**", "†", ". ", ".", ":", "Ingredients:", "May contain", "+/-", "(and)",
        " ", "•", "/", "-", "organic", "natural origin", "\u00a0", "é",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fast_path_equals_full_parser_on_any_text(text: str) -> None:
    _assert_same([(None, text)], None)


def test_check_jsonl_is_built_from_the_same_analysis() -> None:
    labels = _generated(50, 9)
    lines = [json.dumps({"name": n, "ingredients": t}) for n, t in labels]
    dictionary, reference = Dictionary.load(), Dictionary.load()
    for number, (out, (name, text)) in enumerate(
        zip(check_jsonl(lines, dictionary=dictionary), labels, strict=True), start=1
    ):
        full = analyze_product(text, name=name, dictionary=reference, fast_path=False)
        assert json.loads(out) == {"line": number, "ok": True, **full.to_dict()}


def test_check_jsonl_on_two_processes_gives_the_same_lines_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from porecare.ingredients import _batch

    labels = _generated(120, 4)
    lines = [json.dumps({"name": n, "ingredients": t}).encode() for n, t in labels]
    lines[7] = b"not json"
    lines[30] = b""
    dictionary = Dictionary.load()
    one = list(check_jsonl(lines, dictionary=dictionary))
    monkeypatch.setattr(_batch, "CHUNK_LINES", 25)  # several chunks: order across workers
    two = list(check_jsonl(lines, dictionary=dictionary, workers=2))
    assert two == one and len(one) == len(lines) - 1
    assert json.loads(one[7])["ok"] is False and json.loads(one[8])["line"] == 9
