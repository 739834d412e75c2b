"""Label forms: multi-part INCI names a retailer printed with commas where the slashes were.

"Phytosteryl/Isostearyl/Cetyl/Stearyl/Behenyl Dimer Dilinoleate" shows up on shop pages as
"Phytosteryl, Isostearyl, Cetyl, Stearyl, Behenyl Dimer Dilinoleate". The parser rejoins only
bare radical or monomer words that are never an ingredient alone; the lists below are made up
in the style of those pages.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from porecare.ingredients import analyze_product, default_dictionary, parse_label
from porecare.ingredients._parse import SLASH_PARTS
from porecare.ingredients._plants import MISSING_PART, PlantParts
from porecare.ingredients._spellings import ESSENTIAL_OIL, SODIUM_SYMBOL


def names(text: str) -> list[str]:
    return [t.name for t in parse_label(text)]


def resolved(text: str) -> list[str | None]:
    return [r.inci for r in analyze_product(text).resolutions]


LIP_BALM = (
    "Diisostearyl Malate, Hydrogenated Polyisobutene, Phytosteryl, Isostearyl, Cetyl, "
    "Stearyl, Behenyl Dimer Dilinoleate, Polybutene, Butylene, Ethylene, Styrene Copolymer, "
    "Ethylene, Propylene, Styrene Copolymer, Microcrystalline Wax, Tocopherol"
)


def test_comma_split_multi_part_names_are_rejoined() -> None:
    assert names(LIP_BALM) == [
        "Diisostearyl Malate",
        "Hydrogenated Polyisobutene",
        "Phytosteryl/Isostearyl/Cetyl/Stearyl/Behenyl Dimer Dilinoleate",
        "Polybutene",
        "Butylene/Ethylene/Styrene Copolymer",
        "Ethylene/Propylene/Styrene Copolymer",
        "Microcrystalline Wax",
        "Tocopherol",
    ]


def test_rejoined_names_resolve_exactly() -> None:
    dictionary = default_dictionary()
    for token in parse_label(LIP_BALM):
        found = dictionary.resolve(token, allow_fuzzy=False)
        assert found.entry is not None and found.how == "as printed", token.name


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("AQUA, CAPRYLIC, CAPRIC TRIGLYCERIDE, GLYCERIN", "CAPRYLIC/CAPRIC TRIGLYCERIDE"),
        ("Water , Caprylic , Capric Triglyceride , Glycerin", "Caprylic/Capric Triglyceride"),
        ("Caprylic, Capric Triglyceride; Squalane; Tocopherol", "Caprylic/Capric Triglyceride"),
    ],
)
def test_any_case_and_spacing(text: str, joined: str) -> None:
    assert joined in names(text) and len(names(text)) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Aqua, Cetyl Alcohol, Stearyl Alcohol, Behenyl Alcohol",
            ["Aqua", "Cetyl Alcohol", "Stearyl Alcohol", "Behenyl Alcohol"],
        ),
        (
            "Aqua, Butylene Glycol, Propylene Glycol, Caprylyl Glycol",
            ["Aqua", "Butylene Glycol", "Propylene Glycol", "Caprylyl Glycol"],
        ),
        # "Styrene" alone is a CosIng name: never a bare part, so never joined.
        ("Aqua, Styrene, Ethylene Brassylate", ["Aqua", "Styrene", "Ethylene Brassylate"]),
        # Bare words with no name to join: kept, and reported unknown.
        ("Aqua, Glycerin, Ethylene, Propylene", ["Aqua", "Glycerin", "Ethylene", "Propylene"]),
        (
            "Aqua, Cetyl Alcohol, 1,2-Hexanediol, Caprylic/Capric Triglyceride",
            ["Aqua", "Cetyl Alcohol", "1,2-Hexanediol", "Caprylic/Capric Triglyceride"],
        ),
    ],
)
def test_real_ingredients_are_never_joined(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_bare_parts_left_over_stay_unknown_tokens() -> None:
    assert resolved("Aqua, Glycerin, Ethylene, Propylene") == ["AQUA", "GLYCERIN", None, None]


def test_fast_path_and_full_parser_agree() -> None:
    text = f"Aqua, {LIP_BALM}, Caprylic, Capric Triglyceride"
    fast = analyze_product(text, name="Lip Sleeping Mask")
    full = analyze_product(text, name="Lip Sleeping Mask", fast_path=False)
    assert fast.to_dict() == full.to_dict()
    assert fast.unknown == []


def test_no_bare_part_is_a_packaged_ingredient() -> None:
    dictionary = default_dictionary()
    for word in SLASH_PARTS:
        assert dictionary.lookup(word) is None, word


def test_no_bare_part_is_a_cosing_ingredient(shared_dir: Path) -> None:
    path = shared_dir / "data" / "cosing" / "cosing-inventory-2020.csv"
    if not path.exists():
        pytest.skip(f"CosIng inventory not found at {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        inventory = {row["inci_name"].strip().casefold() for row in csv.DictReader(handle)}
    assert not inventory & set(SLASH_PARTS)
    assert "styrene" in inventory  # why "Styrene" may head a rejoined name but never be joined


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        # HTML copied from a shop page: breaks separate, tags and entities go.
        (
            "Active: Titanium Dioxide (8%)<br/>Inactive: Alumina, Water &amp; Glycerin",
            ["TITANIUM DIOXIDE", "ALUMINA", "AQUA", "GLYCERIN"],
        ),
        ("<p>Aqua, Niacinamide</p><p>Zinc PCA</p>", ["AQUA", "NIACINAMIDE", "ZINC PCA"]),
        ("Niacinamide <1%, Aqua", ["NIACINAMIDE", "AQUA"]),  # "<1%" is a dose, not a tag
        # A dose glued to the next name.
        ("Zinc Oxide 9.60%Water, Glycerin", ["ZINC OXIDE", "AQUA", "GLYCERIN"]),
        # A bilingual slash name whose first part has a common name in parentheses.
        ("Hordeum Vulgare (Barley) Extract/Extrait D'Orge", ["HORDEUM VULGARE EXTRACT"]),
        ("Key Actives: Niacinamide, Zinc PCA", ["NIACINAMIDE", "ZINC PCA"]),
    ],
)
def test_shop_page_forms(label: str, expected: list[str]) -> None:
    from porecare.ingredients import analyze_product

    items = analyze_product(label, fast_path=False).to_dict()["ingredients"]
    assert [i["inci"] for i in items] == expected
    assert analyze_product(label).to_dict()["ingredients"] == items  # the fast path agrees


# --- A name a source broke across a line or a comma -------------------------------------

BROKEN = (
    "Water, Helianthus\nAnnuus (Sunflower) Seed Oil*, Rosa Moschata Seed\nOil, Glycerin, "
    "Chamomilla Recutita (Matricaria)\nFlower Extract, Ethylhexyl, Palmitate. *Organic"
)


def test_a_name_broken_in_two_is_read_as_one() -> None:
    analysis = analyze_product(BROKEN)
    found = [(r.token.text, r.inci, r.how, r.confidence) for r in analysis.resolutions]
    assert [inci for _, inci, _, _ in found] == [
        "AQUA",
        "HELIANTHUS ANNUUS SEED OIL",
        "ROSA MOSCHATA SEED OIL",
        "GLYCERIN",
        "CHAMOMILLA RECUTITA FLOWER EXTRACT",
        "ETHYLHEXYL PALMITATE",
    ]
    text, _, how, confidence = found[1]
    assert text == "Helianthus Annuus (Sunflower) Seed Oil*" and how.startswith("rejoined: ")
    assert confidence < 1 and analysis.resolutions[1].token.footnote == "Organic"
    assert not analysis.unknown


@pytest.mark.parametrize("label", ["broken", "dosed run"])
def test_rejoining_and_splitting_are_the_same_on_every_path(label: str) -> None:
    from porecare.ingredients import check_jsonl

    text = BROKEN if label == "broken" else DOSED_RUN
    fast = analyze_product(text, fast_path=True).to_json()
    assert fast == analyze_product(text, fast_path=False).to_json()
    line = json.dumps({"ingredients": text}).encode()
    batch = next(iter(check_jsonl([line], dictionary=default_dictionary())))
    assert json.loads(batch)["ingredients"] == json.loads(fast)["ingredients"]


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Glycerin, Sodium Hyaluronate",  # known neighbours stay apart
        "Aqua, Rosa Moschata Seed 5%, Oil",  # a percentage ends an ingredient
        "Aqua, Rosa Moschata Seed*, Oil",  # so does a footnote mark
        "Aqua. May contain: Rosa Moschata Seed, Oil",  # "may contain" is never joined
        "Aqua, Helianthus, Anuus Seed Oil",  # a join that only a fuzzy reading would match
        # A join read through a part of the name: the stray piece would ride along.
        "Cimicifuga Racemosa Root Extract, Melaleuca Alternifolia (Tea Tree) Leaf Oil",
        "967635 03, AQUA / WATER, GLYCERIN",
    ],
)
def test_pieces_are_joined_only_into_an_exact_name(text: str) -> None:
    assert not any(r.how.startswith("rejoined") for r in analyze_product(text).resolutions)


DOSED_RUN = (
    "Active Ingredients: Avobenzone 3% Homosalate 10% Octisalate 5% Octocrylene 5%. "
    "Inactive Ingredients: Water, Red 28 Lake CI 45410, dl-alpha Tocopheryl Acetate"
)


def test_a_dosed_run_without_separators_is_read_as_its_ingredients() -> None:
    analysis = analyze_product(DOSED_RUN, fast_path=False)
    found = [(r.entry.inci if r.entry else None, r.token.percent) for r in analysis.resolutions]
    assert found[:4] == [
        ("BUTYL METHOXYDIBENZOYLMETHANE", 3.0),
        ("HOMOSALATE", 10.0),
        ("ETHYLHEXYL SALICYLATE", 5.0),
        ("OCTOCRYLENE", 5.0),
    ]
    assert analysis.role.role == "sunscreen"


def test_a_colour_name_and_a_stereo_prefix_resolve() -> None:
    analysis = analyze_product(DOSED_RUN, fast_path=False)
    hows = {r.token.text: (r.entry.inci if r.entry else None, r.how) for r in analysis.resolutions}
    assert hows["Red 28 Lake CI 45410"] == ("CI 45410", "colour index number")
    assert hows["dl-alpha Tocopheryl Acetate"][0] == "TOCOPHERYL ACETATE"
    assert not analysis.unknown


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        # One part unknown: the run stays one (unknown) token, never silently dropped.
        ("Niacinamide 10% Zorbulin Extract, Aqua", ["Niacinamide 10% Zorbulin Extract", "Aqua"]),
        # "and" splits a dosed name from the next as before, into two exact halves.
        ("Aqua, Glycerin 5% and Zinc PCA", ["Aqua", "Glycerin 5%", "Zinc PCA"]),
    ],
)
def test_a_dosed_run_is_split_only_into_exact_names(text: str, tokens: list[str]) -> None:
    fast = analyze_product(text, fast_path=True)
    assert fast.to_json() == analyze_product(text, fast_path=False).to_json()
    assert [r.token.text for r in fast.resolutions] == tokens


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Separators a shop page dropped: a space, or nothing, between two names.
        ("Aqua Glycerin, Niacinamide", ["AQUA", "GLYCERIN", "NIACINAMIDE"]),
        ("Zinc Oxide Titanium Dioxide, Aqua", ["ZINC OXIDE", "TITANIUM DIOXIDE", "AQUA"]),
        ("Aqua, TocopherolLimonene", ["AQUA", "TOCOPHEROL", "LIMONENE"]),
        # "1, 2-Hexanediol": a comma between digits belongs to the name.
        ("Aqua, Glycerin, 1, 2-Hexanediol", ["AQUA", "GLYCERIN", "1,2-HEXANEDIOL"]),
        # A plant or ingredient "water" is one name, never a name plus water.
        ("Aqua, Collagen Water", ["AQUA", None]),
        # A name whose halves are not both names stays one unknown token.
        ("Aqua, Sodium Chloride Extract", ["AQUA", None]),
    ],
)
def test_missing_separators_are_read_only_into_exact_names(
    text: str, names: list[str | None]
) -> None:
    fast = analyze_product(text, fast_path=True)
    assert fast.to_json() == analyze_product(text, fast_path=False).to_json()
    assert [r.entry.inci if r.entry else None for r in fast.resolutions] == names


def test_a_join_through_a_part_keeps_both_pieces_in_the_name() -> None:
    # "Hamamelis" / "Virginiana Water / Witch Hazel Water": the join reads one of its names,
    # and both pieces' words are words of HAMAMELIS VIRGINIANA WATER.
    (found,) = [
        r
        for r in analyze_product("Hamamelis, Virginiana Water / Witch Hazel Water").resolutions
        if r.how.startswith("rejoined")
    ]
    assert found.inci == "HAMAMELIS VIRGINIANA WATER"


HYPHEN_SEPARATED = (
    "967635 03 - INGREDIENTS: AQUA / WATER - PROPANEDIOL - GLYCERIN - SALICYLIC ACID - "
    "PEG-40 HYDROGENATED CASTOR OIL - PARFUM / FRAGRANCE (F.I.L. Z70029244/1). "
    "Please be aware that ingredient lists are updated regularly."
)


def test_a_list_separated_by_spaced_hyphens() -> None:
    analysis = analyze_product(HYPHEN_SEPARATED)
    assert [r.inci for r in analysis.resolutions if r.inci] == [
        "AQUA",
        "PROPANEDIOL",
        "GLYCERIN",
        "SALICYLIC ACID",
        "PEG-40 HYDROGENATED CASTOR OIL",
        "PARFUM",
    ]
    # The batch code and the shop's sentence are kept, reported unknown, never dropped.
    assert analysis.unknown == [
        "967635 03",
        "Please be aware that ingredient lists are updated regularly.",
    ]
    fast = analyze_product(HYPHEN_SEPARATED, fast_path=True).to_json()
    assert fast == analyze_product(HYPHEN_SEPARATED, fast_path=False).to_json()


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Sodium Chloride - Salt, Glycerin",  # one hyphen among commas is no separator
        "PEG-40 Hydrogenated Castor Oil, 1,2-Hexanediol, C12-15 Alkyl Benzoate",
    ],
)
def test_hyphens_inside_a_comma_list_do_not_split(text: str) -> None:
    assert len(parse_label(text)) == 3


@pytest.mark.parametrize(
    ("text", "inci", "percent"),
    [
        ("Titanium Dioxide 3.15% Sunscreen, Water", "TITANIUM DIOXIDE", 3.15),
        (
            "Active Ingredients Purpose Phenol 0.68% External Analgesic Inactive Ingredients: Beeswax",
            "PHENOL",
            0.68,
        ),
        (
            "Active Sunscreen Ingredient: Zinc Oxide 22.5% Base Ingredients: Sunflower Oil",
            "ZINC OXIDE",
            22.5,
        ),
    ],
)
def test_drug_facts_purposes_and_headings(text: str, inci: str, percent: float) -> None:
    first = analyze_product(text).resolutions[0]
    assert (first.inci, first.token.percent) == (inci, percent)


WITH_DIRECTIONS = (
    "Aqua, Glycerin, Kaolin, Orange Oil. DIRECTIONS FOR USE: Apply a small amount on wet face, "
    "nose and chin. Rinse off. CAUTION: Product contains natural ingredients, may change colour."
)


def test_directions_and_cautions_after_the_list_are_no_ingredients() -> None:
    analysis = analyze_product(WITH_DIRECTIONS)
    assert [r.inci for r in analysis.resolutions] == [
        "AQUA",
        "GLYCERIN",
        "KAOLIN",
        "CITRUS AURANTIUM DULCIS OIL",
    ]
    assert analysis.unknown == []
    fast = analyze_product(WITH_DIRECTIONS, fast_path=True).to_json()
    assert fast == analyze_product(WITH_DIRECTIONS, fast_path=False).to_json()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # A note before the list ends at its header.
        ("Warnings: For external use only. Ingredients: Aqua, Glycerin", ["AQUA", "GLYCERIN"]),
        ("How to use: apply nightly. Inactive ingredients: Aqua, Glycerin", ["AQUA", "GLYCERIN"]),
        # A brand's glossary of what each numbered ingredient does.
        (
            "Aqua (Water), Glycerin [1], Squalane [2] Glossary: [1] Hydrator (Humectant), "
            "[2] Emollient, [3] Vitamin B3",
            ["AQUA", "GLYCERIN", "SQUALANE"],
        ),
        # A word of a note inside a name, with no colon after it, is no note.
        ("Aqua, Storage Protein, Glycerin", None),
    ],
)
def test_notes_end_at_the_next_ingredients_header(text: str, names: list[str] | None) -> None:
    analysis = analyze_product(text)
    if names is None:
        assert [r.token.text for r in analysis.resolutions] == [
            "Aqua",
            "Storage Protein",
            "Glycerin",
        ]
    else:
        assert [r.inci for r in analysis.resolutions] == names
    assert (
        analyze_product(text, fast_path=True).to_json()
        == analyze_product(text, fast_path=False).to_json()
    )


def test_a_supplier_blend_joined_by_ampersands_is_each_of_its_names() -> None:
    """Shop pages print a preservative or extract blend as one item with "&" between names."""
    assert resolved("Aqua, Benzyl Alcohol & Benzoic Acid & Dehydroacetic Acid, Glycerin") == [
        "AQUA",
        "BENZYL ALCOHOL",
        "BENZOIC ACID",
        "DEHYDROACETIC ACID",
        "GLYCERIN",
    ]
    # Every part must be an ingredient: "Rose & Jasmine & Vanilla Accord" stays one unknown.
    assert resolved("Aqua, Glycerin & Rose Accord & Jasmine Note") == ["AQUA", None]


def test_a_legend_after_a_bar_separator_is_a_footnote() -> None:
    """Indonesian shop lists separate items with "|" and end with "*Occurs naturally ..."."""
    found = analyze_product("aqua|Glycerin|*Limonene|*Occurs naturally in essential oils")
    assert [r.inci for r in found.resolutions] == ["AQUA", "GLYCERIN", "LIMONENE"]
    assert found.resolutions[2].token.footnote == "Occurs naturally in essential oils"


def test_a_note_word_goes_with_its_legend() -> None:
    """Sociolla lists end "Note: *Ingredients from Natural Resources" or "(Note: *...)"."""
    for text in (
        "Aqua, Aloe Barbadensis Leaf Extract*, Glycerin.\n\nNote: *Ingredients from Natural Resources",
        "Aqua, Aloe Barbadensis Leaf Extract*, Glycerin.\n(Note: *Ingredients From Natural Resources)",
    ):
        found = analyze_product(text)
        assert [r.inci for r in found.resolutions] == [
            "AQUA",
            "ALOE BARBADENSIS LEAF EXTRACT",
            "GLYCERIN",
        ]
        assert (
            found.resolutions[1].token.footnote.casefold() == "ingredients from natural resources"
        )


def test_an_indonesian_composition_header_is_no_ingredient() -> None:
    for text in ("Komposisi Lengkap: Aqua, Glycerin", "Komposisi: Aqua, Glycerin"):
        assert [r.inci for r in analyze_product(text).resolutions] == ["AQUA", "GLYCERIN"]


def test_free_from_claims_after_the_list_are_no_ingredients() -> None:
    text = (
        "Aqua, Niacinamide, Zinc PCA\n\nNo Alcohol. No Fragrance. No Silicone. No Paraben."
        " Non Comedogenic. No Essential Oil."
    )
    assert [r.inci for r in analyze_product(text).resolutions] == [
        "AQUA",
        "NIACINAMIDE",
        "ZINC PCA",
    ]
    # A claim is cut alone: what follows it on the label stays.
    found = analyze_product("Non-comedogenic. Aqua, Glycerin, Nonfat Dry Milk")
    assert [r.token.name for r in found.resolutions] == ["Aqua", "Glycerin", "Nonfat Dry Milk"]


def test_a_plus_sign_is_a_footnote_mark() -> None:
    """Some shops mark natural-origin fragrance oils "++" and explain the mark at the end."""
    found = analyze_product(
        "Aqua, Lavandula Angustifolia Oil++, Glycerin+. ++Fragrances of natural origin"
    )
    assert [r.inci for r in found.resolutions] == [
        "AQUA",
        "LAVANDULA ANGUSTIFOLIA OIL",
        "GLYCERIN",
    ]
    assert found.resolutions[1].token.footnote == "Fragrances of natural origin"
    assert found.resolutions[1].confidence == 1.0


def test_a_note_number_in_brackets_and_hci_for_hcl() -> None:
    """A shop page prints reference numbers in brackets ("Arbutin[9]") and "HCI" for HCl."""
    found = analyze_product("Aqua, Glycerin[1], Pyridoxine HCI, Arginine Hci[2]")
    assert [r.inci for r in found.resolutions] == [
        "AQUA",
        "GLYCERIN",
        "PYRIDOXINE HCL",
        "ARGININE HCL",
    ]
    assert found.resolutions[2].how == "'HCI' as 'HCl'"


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("Zizyphus Jujuba Fruit Extract", "ZIZIPHUS JUJUBA FRUIT EXTRACT"),
        ("Schizandra Chinensis Fruit Extract", "SCHISANDRA CHINENSIS FRUIT EXTRACT"),
        ("Citrullus Vulgaris (Watermelon) Fruit Extract", "CITRULLUS LANATUS FRUIT EXTRACT"),
        ("Moringa Pterygosperma Seed Oil", "MORINGA OLEIFERA SEED OIL"),
        ("Citrus Medica Limonum (Lemon) Fruit Extract", "CITRUS LIMON FRUIT EXTRACT"),
        ("Organic Vitellaria Paradoxa Butter", "BUTYROSPERMUM PARKII BUTTER"),
    ],
)
def test_a_plant_printed_by_its_older_binomial(printed: str, inci: str) -> None:
    found = analyze_product(f"Aqua, {printed}").resolutions[1]
    assert found.inci == inci


def test_a_renamed_binomial_keeps_the_printed_part() -> None:
    """The table renames the plant only: a part the dictionary lacks for the new name stays
    unknown rather than becoming another part."""
    found = default_dictionary().resolve(parse_label("Citrullus Vulgaris Bark Resin")[0])
    assert found.entry is None


@pytest.mark.parametrize(
    "note",
    [
        "Not Listelenen içerikler mevcut üretim durumuna karşılık gelir. Formülasyonlarımızı "
        "düzenli olarak yeni bilimsel bulguları içerecek şekilde güncellediğimizden dolayı "
        "pakette belirtilen içerik beyanı her durumda geçerlidir.  ",
        "Note: The listed ingredients correspond to current production. As we update our "
        "formulas with new findings, the declaration on the pack is always valid. ",
    ],
)
def test_a_brands_note_before_the_list_is_cut(note: str) -> None:
    assert resolved(note + "Aqua, Glycerin, Niacinamide") == ["AQUA", "GLYCERIN", "NIACINAMIDE"]


def test_a_note_before_the_list_without_its_closing_sentence_is_kept() -> None:
    """No closing sentence, no cut: the words stay, reported as unknown."""
    assert resolved("The listed ingredients are a guide, Aqua, Glycerin") == [
        None,
        "AQUA",
        "GLYCERIN",
    ]


@pytest.mark.parametrize(
    ("printed", "inci", "how"),
    [
        ("Carthamus Tinctorius Oil", "CARTHAMUS TINCTORIUS SEED OIL", MISSING_PART),
        ("Rosa Damascena (Rose) Oil", "ROSA DAMASCENA FLOWER OIL", MISSING_PART),
        ("Lavandula Angustifolia Essential Oil", "LAVANDULA ANGUSTIFOLIA OIL", ESSENTIAL_OIL),
        ("Na Laureth Sulfate", "SODIUM LAURETH SULFATE", SODIUM_SYMBOL),
        ("diNa EDTA", "DISODIUM EDTA", SODIUM_SYMBOL),
        ("Ginkgo Biloba Leaf Extr.", "GINKGO BILOBA LEAF EXTRACT", "'Ext.' as 'Extract'"),
    ],
)
def test_shortened_plant_and_salt_names(printed: str, inci: str, how: str) -> None:
    found = analyze_product(f"Aqua, {printed}").resolutions[1]
    assert (found.inci, found.how) == (inci, how)


PLANT_NAMES = {
    "citrus aurantium amara peel oil": "CITRUS AURANTIUM AMARA PEEL OIL",
    "citrus aurantium dulcis peel oil": "CITRUS AURANTIUM DULCIS PEEL OIL",
    "macadamia integrifolia seed oil": "MACADAMIA INTEGRIFOLIA SEED OIL",
    "symphytum officinale leaf extract": "SYMPHYTUM OFFICINALE LEAF EXTRACT",
    "symphytum officinale root extract": "SYMPHYTUM OFFICINALE ROOT EXTRACT",
    "melaleuca alternifolia leaf oil": "MELALEUCA ALTERNIFOLIA LEAF OIL",
    "melaleuca alternifolia flower/leaf/stem oil": "MELALEUCA ALTERNIFOLIA FLOWER/LEAF/STEM OIL",
    "rosa gallica callus extract": "ROSA GALLICA CALLUS EXTRACT",
    "allyl methacrylate/glycol dimethacrylate crosspolymer": "ALLYL ... CROSSPOLYMER",
}


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        # The one name with the fewest words more: a leaf oil, not the flower/leaf/stem oil.
        ("melaleuca alternifolia oil", "melaleuca alternifolia leaf oil"),
        ("macadamia integrifolia nut oil", "macadamia integrifolia seed oil"),  # nut as seed
        ("citrus aurantium peel oil", None),  # bitter or sweet orange: not to be guessed
        ("symphytum officinale extract", None),  # leaf or root
        ("rosa gallica extract", None),  # a callus culture is not the plant's part
        ("allyl methacrylate crosspolymer", None),  # not a plant
        ("symphytum officinale extract/symphytum officinale root extract", None),  # two names
    ],
)
def test_a_plant_without_its_part_is_read_only_when_one_name_fits(
    printed: str, key: str | None
) -> None:
    assert PlantParts(PLANT_NAMES).read([printed]) == key


@pytest.mark.parametrize(
    ("text", "inci"),
    [
        ("Glyceryl Acrylate, Acrylic Acid Copolymer", "GLYCERYL ACRYLATE/ACRYLIC ACID COPOLYMER"),
        (
            "Ammonium Acryloyldimethyltaurate, VP Copolymer",
            "AMMONIUM ACRYLOYLDIMETHYLTAURATE/VP COPOLYMER",
        ),
        (
            "Acrylates, C10-30 Alkyl Acrylate Crosspolymer",
            "ACRYLATES/C10-30 ALKYL ACRYLATE CROSSPOLYMER",
        ),
    ],
)
def test_two_unknown_pieces_are_read_as_one_name_at_a_slash(text: str, inci: str) -> None:
    """A shop that printed a name's slash as a comma: both pieces unknown alone, the name
    exact with the slash."""
    assert resolved(f"Aqua, {text}, Glycerin") == ["AQUA", inci, "GLYCERIN"]


def test_a_known_piece_is_not_joined_at_a_slash() -> None:
    # "Glycerin" is an ingredient: "Glycerin/Acrylate Copolymer" is never tried.
    assert resolved("Aqua, Glycerin, Acrylate Copolymer")[1] == "GLYCERIN"
