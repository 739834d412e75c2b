"""Label parsing: every separator, prefix, parenthesis, footnote and percentage seen on packs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from porecare.errors import IngredientError
from porecare.ingredients import parse_label
from porecare.ingredients._parse import _CLAIM_WORDS as CLAIM_WORDS
from porecare.ingredients._parse import _NOTICE_WORDS as NOTICE_WORDS
from porecare.ingredients._text import name_key


def names(text: str) -> list[str]:
    return [t.name for t in parse_label(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Water, Glycerin, Niacinamide",
        "Water; Glycerin; Niacinamide",
        "Water • Glycerin • Niacinamide",
        "Water · Glycerin · Niacinamide",
        "Water\nGlycerin\nNiacinamide",
        "Water\r\nGlycerin\r\nNiacinamide\r\n",
        "- Water\n- Glycerin\n- Niacinamide",
        "Ingredients: Water, Glycerin, Niacinamide.",
        "INGREDIENTS: Water, Glycerin, Niacinamide",
        "INCI: Water, Glycerin, Niacinamide",
        "Ingredients\nWater, Glycerin, Niacinamide",
        "Full ingredients list: Water, Glycerin, Niacinamide",
        "Water.\u00a0Glycerin, Niacinamide",
        "Water , Glycerin ,, Niacinamide ,",
    ],
)
def test_separators_and_prefixes(text: str) -> None:
    assert names(text) == ["Water", "Glycerin", "Niacinamide"]


def test_commas_between_digits_do_not_split() -> None:
    assert names("Water, 1,2-Hexanediol, Salicylic Acid 0,5%") == [
        "Water",
        "1,2-Hexanediol",
        "Salicylic Acid",
    ]
    assert parse_label("Salicylic Acid 0,5%")[0].percent == 0.5


@pytest.mark.parametrize(
    ("text", "name", "percent"),
    [
        ("Niacinamide 10%", "Niacinamide", 10.0),
        ("Niacinamide (10%)", "Niacinamide", 10.0),
        ("10% Niacinamide", "Niacinamide", 10.0),
        ("Zinc PCA 1 %", "Zinc PCA", 1.0),
        ("Retinol 0.3%", "Retinol", 0.3),
        ("Glycolic Acid 7 % w/w", "Glycolic Acid", 7.0),
    ],
)
def test_percentages_kept_as_numbers(text: str, name: str, percent: float) -> None:
    (token,) = parse_label(text)
    assert (token.name, token.percent) == (name, percent)
    assert token.text.strip() == text


def test_parentheses_give_candidates_in_order() -> None:
    water = parse_label("Water (Aqua)")[0]
    assert [c for c, _ in water.candidates()] == ["Water (Aqua)", "Water", "Aqua"]
    tremella = parse_label("Tremella Fuciformis (Mushroom) Extract")[0]
    assert tremella.candidates()[1][0] == "Tremella Fuciformis Extract"
    doubled = parse_label("Glycerin ((Vegetable))")[0]
    assert doubled.candidates()[1][0] == "Glycerin"
    slashed = parse_label("Aqua/Water/Eau")[0]
    assert [c for c, _ in slashed.candidates()] == ["Aqua/Water/Eau", "Aqua", "Water", "Eau"]


def test_commas_inside_parentheses_do_not_split() -> None:
    assert names("Water (Aqua, Eau), Glycerin") == ["Water (Aqua, Eau)", "Glycerin"]


def test_unbalanced_parenthesis_still_splits() -> None:
    tokens = parse_label("Water (Aqua, Glycerin, Niacinamide")
    assert [t.name for t in tokens] == ["Water (Aqua", "Glycerin", "Niacinamide"]
    assert ("Water", "in parentheses") in tokens[0].candidates()


def test_may_contain_section_is_kept_and_marked() -> None:
    tokens = parse_label("Water, Glycerin, Mica. May contain (+/-): CI 77891, CI 77491.")
    assert [(t.name, t.may_contain) for t in tokens] == [
        ("Water", False),
        ("Glycerin", False),
        ("Mica", False),
        ("CI 77891", True),
        ("CI 77491", True),
    ]


def test_bracketed_may_contain_keeps_label_order() -> None:
    tokens = parse_label("Water, Dimethicone [+/- CI 77891, CI 77491], Tocopherol")
    assert [(t.name, t.may_contain) for t in tokens] == [
        ("Water", False),
        ("Dimethicone", False),
        ("CI 77891", True),
        ("CI 77491", True),
        ("Tocopherol", False),
    ]


def test_organic_footnotes() -> None:
    tokens = parse_label(
        "Aloe Barbadensis Leaf Juice*, Glycerin, Rosa Canina Fruit Oil**. "
        "*Organic. **Natural origin"
    )
    assert [t.name for t in tokens] == [
        "Aloe Barbadensis Leaf Juice",
        "Glycerin",
        "Rosa Canina Fruit Oil",
    ]
    assert tokens[0].marks == "*" and tokens[0].footnote == "Organic"
    assert tokens[2].marks == "**" and tokens[2].footnote == "Natural origin"
    assert tokens[1].footnote is None


def test_natural_origin_sentence_is_not_an_ingredient() -> None:
    text = "Water, Glycerin*. *Certified organic. 99% of total ingredients are from natural origin"
    assert names(text) == ["Water", "Glycerin"]


def test_natural_in_a_name_is_kept() -> None:
    (token,) = parse_label("100% Natural Calcium Bentonite Clay")
    assert token.name == "Natural Calcium Bentonite Clay" and token.percent == 100.0
    assert names("Water, Glycerin, 98% natural origin") == ["Water", "Glycerin"]


def test_us_drug_facts_headers() -> None:
    text = "Active ingredients: Zinc Oxide 10%. Inactive ingredients: Water, Glycerin"
    tokens = parse_label(text)
    assert [t.name for t in tokens] == ["Zinc Oxide", "Water", "Glycerin"]
    assert tokens[0].percent == 10.0


def test_smart_quotes_nbsp_and_stray_periods() -> None:
    text = "\u201cWater\u201d,\u00a0Sodium\u00a0Hyaluronate., Retinol."
    assert names(text) == ["Water", "Sodium Hyaluronate", "Retinol"]


def test_name_key_folds_spelling_and_colour_index() -> None:
    assert name_key("  SODIUM  Hyaluronate. ") == "sodium hyaluronate"
    assert name_key("C.I. 77891") == name_key("CI77891") == name_key("Cl 77891") == "ci 77891"
    assert name_key("Sodium Lauryl Sulphate") == "sodium lauryl sulfate"
    assert name_key("Caprylic / Capric Triglyceride") == "caprylic/capric triglyceride"
    assert name_key("MEA- SALICYLATE") == "mea-salicylate"


def test_binary_and_oversized_input_raise_clear_errors() -> None:
    with pytest.raises(IngredientError, match="binary"):
        parse_label("Water\x00Glycerin")
    with pytest.raises(IngredientError, match="at most"):
        parse_label("a" * 1_000_001)


def test_empty_and_punctuation_only() -> None:
    assert parse_label("") == []
    assert parse_label(" , ; . \n ") == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_parses_without_crashing(text: str) -> None:
    text = text.replace("\x00", "")
    tokens = parse_label(text)
    for token in tokens:
        assert token.name.strip()
        assert any(ch.isalnum() for ch in token.text)


_WORD = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(_WORD, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=30),
    st.sampled_from([", ", ",", "; ", "\n", " • ", " · "]),
)
def test_every_token_survives_any_separator(items: list[str], separator: str) -> None:
    """Never silently drop a token: N plain names in, the same N names out, in order."""
    # Words that the parser reads as a prefix, a may-contain marker, a drug-facts section
    # ("Purpose Acne treatment.") or the start of a shop notice ("Disclaimer") are not plain
    # names. (Hypothesis draws words from the parser's own source, so it finds them.)
    reserved = (
        *("ingredient", "inci", "may contain", "organic", "natural", "origin", "purpose"),
        *NOTICE_WORDS,
        *CLAIM_WORDS,
    )
    if any(r in " ".join(items).casefold() for r in reserved):
        return
    assert names(separator.join(items)) == items


def test_trade_name_blends_and_marketing_words() -> None:
    assert names("Cetearyl Alcohol (and) Ceteareth-20, Water") == [
        "Cetearyl Alcohol",
        "Ceteareth-20",
        "Water",
    ]
    organic = parse_label("Certified Organic Aloe Barbadensis Leaf Juice")[0]
    assert ("Aloe Barbadensis Leaf Juice", "without marketing words (organic, natural...)") in (
        organic.candidates()
    )
    backslash = parse_label("Water\\Aqua\\Eau")[0]
    assert ("Aqua", "one of the names") in backslash.candidates()


def test_the_japanese_comma_separates() -> None:
    assert names("水、グリセリン、BG") == ["水", "グリセリン", "BG"]
