"""The quick path (``_quick``) skips ``prepare_label`` for labels whose pieces say it may.

Each piece's record carries the passes of ``prepare_label`` it triggers (``piece_passes``);
the quick path cuts a first piece's prefix, legends and "may contain" sections piece by
piece and leaves every other label to the full path. Here: the triggers are complete (a
label none of whose pieces triggers a pass is not rewritten), and labels built to sit on
each side of each trigger give the full parser's bytes, cold and warm.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from porecare.ingredients import Dictionary, analyze_product
from porecare.ingredients._batch import analysis_json
from porecare.ingredients._parse import (
    PASS_COLON,
    PASS_LEGEND,
    PASS_MAY_AT,
    PASS_MAY_WORD,
    PASS_ORIGIN,
    PASS_PERCENT,
    PASS_PREFIX,
    PASS_REWRITE,
    piece_legends,
    piece_may_contain,
    piece_passes,
    piece_without_prefix,
    prepare_label,
)
from test_ingredients_fast_batch import _assert_lines_identical

#: Labels on each side of each trigger and cut the quick path takes or refuses.
QUICK = [
    # the prefix of the first piece
    "Ingredients: Water, Glycerin, Aloe Juice*. *Organic",
    "Ingredients:, Water, Glycerin",
    "INCI Water, Glycerin",
    "Ingredientsxyz: Water, Glycerin",
    "Ingredients: Ingredients: Water, Glycerin",
    "  Ingredients: Water, Glycerin",
    "Ingredients: *Organic aloe, Water, Aloe*",
    "Ingredients",
    # legends: last, middle, twice with one mark, next to digits, a whole piece
    "Water, Aloe Juice*, Glycerin. *Organic",
    "Water*, *Organic, Glycerin",
    "*organic a, Water*, Glycerin, Aloe*. *natural b",
    "Water, Aloe*, Glycerin *organic 5, 6 Water",
    "Water, 1, 2-Hexanediol *Organic, **Natural origin",
    "Water, 1,2-Hexanediol*, Glycerin. *Organic",
    "Water, Glycerin, *Organic",
    "Water, Glycerin. *Organic, **Fair trade",
    "Water, Glycerin*. *Organic 5% of total",
    # colons: no header, a header, a bracket reaching over a comma
    "Water, Ci 77268:1, Glycerin",
    "Water, Key ingredients: Glycerin, Aqua",
    "Water, Ingredients (a, b): Glycerin",
    "Water, Inactive ingredients (x): Aqua, Glycerin",
    "Water, Glycerin (Aqua): Niacinamide",
    # markup, entities, glued doses, claims, bare name parts, blends, separators
    "Water, D&C Red No. 7, Glycerin",
    "Water &amp; Glycerin, Aqua",
    "Water, <b>Glycerin</b>, Aqua",
    "Zinc Oxide 9.60%Water, Glycerin",
    "Water 5%, Glycerin, 98% natural origin",
    "Water, Glycerin, total, Niacinamide",
    "Caprylic, Capric Triglyceride, Water",
    "Water, Cetyl , Glycerin",
    "Cetearyl Alcohol (and) Ceteareth-20, Water",
    "Water; Glycerin, Aqua",
    "Water | Glycerin, Aqua",
    "Water,\tGlycerin, Aqua",
    "Water\x01, Glycerin",
    "Active ingredient Zinc Oxide 10%, Purpose Sunscreen, Water",
    "Water (Aqua, Glycerin), Niacinamide *Organic",
    # "may contain": a trigger word or "+" is needed; a "[" section ends at its "]"
    "Water, Glycerin. May contain (+/-): CI 77891, CI 77491",
    "Water, Glycerin. May contain (+/-): CI 77891, CI 77491. *Organic",
    "Water, Glycerin [+/- CI 77891], Mica",
    "Water, peut contenir CI 77891, Glycerin",
    "Vitamin C+, Water, peut contenir CI 77891",
    "Water, May contain CI 77891, 1,2-Hexanediol",
    "Water, May contain CI 77891, 1, 2",
    "Water. May contain: Mica*, Aqua. *Organic",
    "May contain (+/-): CI 77891, Water",
    "Water, Glycerin (+/-), Mica",
    "Water, Glycerin. May contain (+/-):, CI 77891",
    "Water, Aloe. May contain Glycerin. Aqua, Mica",
    "Water, *contains nuts: organic, Aqua",
]


def test_quick_labels_give_the_full_parsers_bytes() -> None:
    labels = [(name, text) for text in QUICK for name in (None, "Clay Mask")]
    # Three rounds: the pieces a cut makes are met cold, then known, then quick.
    _assert_lines_identical(labels, rounds=3)


_ASCII = st.sampled_from(
    [
        "Water", "Glycerin", "Niacinamide", "Aqua", "CI 77891", "Cetyl", "Caprylic", "1", "2",
        "10", "%", "%W", "%Wa", ",", ", ", ";", "(", ")", "[", "]", "*", "**", "#", ". ", ".",
        ":", "Ingredients", "Ingredients:", "INCI", "May contain", "peut contenir", "+/-",
        "+", "(and)", " ", "/", "-", "organic", "natural origin", "total", "active ingredient",
        "purpose", "&", "&amp;", "<b>", "\t", "Key ingredients (a", ", ", ", ", ", ",
        ". *Organic", " *Fair trade", "*organic", "Aloe*", " - ", "(F.I.L. B1/1)",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ASCII, max_size=30).map("".join))
def test_a_label_whose_pieces_trigger_no_pass_is_not_rewritten(text: str) -> None:
    pieces = text.split(",")
    passes = reduce(or_, map(piece_passes, pieces), 0)
    if (
        passes & (PASS_REWRITE | PASS_COLON | PASS_LEGEND)
        or (passes & PASS_ORIGIN and passes & PASS_PERCENT)
        or (passes & PASS_MAY_WORD and passes & PASS_MAY_AT)
        or piece_passes(pieces[0]) & PASS_PREFIX
    ):
        return
    assert prepare_label(text) == ([(text, False)], {})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ASCII, min_size=1, max_size=30).map("".join))
def test_the_piece_cuts_are_the_label_cuts(text: str) -> None:
    """Prefix, legends and "may contain" cut piece by piece as prepare_label cuts the label,
    when no other pass runs (the quick path's condition)."""
    pieces = text.split(",")
    if len(pieces) < 2 or "\t" in text:
        return
    first = piece_without_prefix(pieces[0]) if piece_passes(pieces[0]) & PASS_PREFIX else None
    cut = ([first] if first is not None else pieces[:1]) + pieces[1:]
    passes = reduce(or_, map(piece_passes, cut), 0)
    if passes & (PASS_REWRITE | PASS_COLON) or (passes & PASS_ORIGIN and passes & PASS_PERCENT):
        return
    if reduce(or_, map(piece_passes, pieces), 0) & (PASS_REWRITE | PASS_ORIGIN):
        return
    legends: dict[str, str] = {}
    out = []
    for piece in cut:
        bits = piece_passes(piece)
        if bits & PASS_LEGEND and bits & (PASS_MAY_WORD | PASS_MAY_AT):
            return  # a section in a legend: the quick path leaves it to the full path
        sub, pairs = piece_legends(piece)
        out.append("\n".join(sub))
        for mark, legend in pairs:
            legends.setdefault(mark, legend)
    joined = ",".join(out)
    parts, expected_legends = prepare_label(text)
    assert expected_legends == legends
    may = passes & PASS_MAY_WORD and passes & PASS_MAY_AT
    if not may:
        assert parts == [(joined, False)]
        return
    at = next(i for i, piece in enumerate(out) if piece_passes(piece) & PASS_MAY_AT)
    section = piece_may_contain(out[at])
    if section is None:  # "[" sections are the full path's
        return
    before = ",".join([*out[:at], section[0]])
    assert parts == [(before, False), (",".join([section[1], *out[at + 1 :]]), True)]


def test_analysis_json_of_a_quick_label_is_the_full_parsers() -> None:
    fast, full = Dictionary.load(), Dictionary.load()
    text = "Ingredients: Water, Aloe Juice*, Glycerin. May contain (+/-): CI 77891. *Organic"
    for _ in range(3):
        reference = analyze_product(text, name="Serum", dictionary=full, fast_path=False)
        assert analysis_json(text, "Serum", None, fast) == reference.to_json()


_TEXT = st.text(alphabet=st.sampled_from(" \t\n\x0b\x1c\u00a0\u2003aZ9_-*#†°¹%.,é"), max_size=20)


@given(_TEXT | st.text(max_size=20))
def test_the_quick_text_checks_answer_as_the_slow_ones(text: str) -> None:
    from porecare.ingredients._parse import _ALNUM, _SPACES, MARK_CHARS, _single_spaced, has_mark

    assert _single_spaced(text) == _SPACES.sub(" ", text)
    assert bool(_ALNUM.search(text)) == any(ch.isalnum() for ch in text)
    assert has_mark(text) == any(mark in text for mark in MARK_CHARS)


@given(st.floats() | st.integers() | st.none())
def test_a_spliced_number_is_the_encoders(value: float | int | None) -> None:
    from porecare.ingredients._fragment import _dumps, _number_json

    assert _number_json(value) == _dumps(value)


def test_the_quick_path_takes_the_usual_labels_and_refuses_the_others() -> None:
    from porecare.ingredients import _quick

    dictionary = Dictionary.load()
    taken = [
        "Ingredients: Water, Glycerin, Aloe Juice*. *Organic",
        "Water, Glycerin. May contain (+/-): CI 77891, CI 77491. *Organic",
        "Water, 1,2-Hexanediol*, Glycerin. *Organic",
        "Water, Ci 77268:1, Glycerin",
        "Water, D&C Red No. 7, Glycerin",
    ]
    refused = [
        "Water; Glycerin, Aqua",  # another separator
        "Caprylic, Capric Triglyceride, Water",  # a name printed in parts
        "Water, Glycerin [+/- CI 77891], Mica",  # a section that ends at its "]"
        "Water, Key ingredients: Glycerin, Aqua",  # a header
    ]
    for text in taken + refused:
        for _ in range(3):  # cold, then its pieces known
            analysis_json(text, None, None, dictionary)
    assert all(_quick.quick_records(text, dictionary) is not None for text in taken)
    assert all(_quick.quick_records(text, dictionary) is None for text in refused)
