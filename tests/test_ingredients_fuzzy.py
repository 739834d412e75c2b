"""Fuzzy matching reads slips as the intended name, and other ingredients as unknown."""

from __future__ import annotations

import pytest

from porecare.ingredients import Dictionary, parse_label


@pytest.fixture(scope="module")
def dictionary() -> Dictionary:
    return Dictionary.load()


def _read(dictionary: Dictionary, text: str) -> str | None:
    (token,) = parse_label(text)
    return dictionary.resolve(token).inci


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Glycerln", "GLYCERIN"),
        ("Sodlum Hyaluronate", "SODIUM HYALURONATE"),
        ("Niacinamde", "NIACINAMIDE"),
        ("Salicylic Acd", "SALICYLIC ACID"),
        ("Glycolic Aicd", "GLYCOLIC ACID"),  # a swap into a flag-raising row is one slip
        ("Phenoxyethanoi", "PHENOXYETHANOL"),
        ("Gylcerin", "GLYCERIN"),  # two letters swapped: one slip for a typist
    ],
)
def test_slips_are_read_as_the_name_meant(dictionary: Dictionary, typed: str, meant: str) -> None:
    assert _read(dictionary, typed) == meant


@pytest.mark.parametrize(
    ("name", "not_this"),
    [
        ("Terminalia Chebula Root Extract", "TERMINALIA CHEBULA FRUIT EXTRACT"),  # another part
        ("Undecyl Alcohol", "DECYL ALCOHOL"),  # a syllable more
        ("Tea-Cocoyl Glutaminate", "TEA-COCOYL GLUTAMATE"),
        ("Laccaic Acid", "LACTIC ACID"),  # two slips from an AHA: no invented AHA flag
    ],
)
def test_other_ingredients_are_not_read_as_a_neighbour(
    dictionary: Dictionary, name: str, not_this: str
) -> None:
    assert dictionary.lookup(not_this) is not None  # the neighbour is in the table
    assert _read(dictionary, name) != not_this


@pytest.mark.parametrize(
    ("label", "inci"),
    [
        ("Polyethylene Glycol 400 NF", "PEG-8"),  # a molecular weight: 400 g/mol is 8 units
        ("Macrogol 3350", "PEG-75"),
        ("Polyethylene Glycol 1450", "PEG-32"),
        ("Polyoxyl 40 Stearate", "PEG-40 STEARATE"),  # Polyoxyl counts units already
    ],
)
def test_pharmacopoeia_peg_names_become_inci_units(
    dictionary: Dictionary, label: str, inci: str
) -> None:
    assert _read(dictionary, label) == inci


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (
            "Active ingredient White Petrolatum 45% Purpose Skin Protectant. "
            "Inactive ingredients camphor, carnauba wax",
            [("PETROLATUM", 45.0), ("CAMPHOR", None), ("COPERNICIA CERIFERA CERA", None)],
        ),
        (
            "ACTIVE INGREDIENT Precipitated Sulfur U.S.P. 10%. OTHER INGREDIENTS Water, Kaolin",
            [("SULFUR", 10.0), ("AQUA", None), ("KAOLIN", None)],
        ),
        (
            "Active Ingredients: Avobenzone 3% Purpose: Sunscreen Inactive Ingredients: Water",
            [("BUTYL METHOXYDIBENZOYLMETHANE", 3.0), ("AQUA", None)],
        ),
    ],
)
def test_drug_facts_run_together_without_colons(
    label: str, expected: list[tuple[str, float | None]]
) -> None:
    from porecare.ingredients import analyze_product

    items = analyze_product(label).to_dict()["ingredients"]
    assert [(i["inci"], i["percent"]) for i in items] == expected
