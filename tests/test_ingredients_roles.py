"""Product roles at their boundaries: each rule of ``knowledge/data/roles.toml`` and its limit.

The labels are short made-up but realistic INCI lists (not copied from the benchmark sets), so
these tests pin the rules, not the benchmark. Broader role cases live in
``test_ingredients_judge.py``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from porecare.errors import KnowledgeError
from porecare.ingredients import ROLES, analyze_product
from porecare.ingredients._roles import _data, _parse_data, name_roles

FILTERS = "Aqua, Homosalate 8%, Ethylhexyl Salicylate 5%, Butyl Methoxydibenzoylmethane 3%"
CREAM_BASE = "Glycerin, Dimethicone, Cetearyl Alcohol, Phenoxyethanol"
OIL_BLEND = (
    "Squalane, Caprylic/Capric Triglyceride, Rosa Canina Fruit Oil, "
    "Simmondsia Chinensis Seed Oil, Tocopherol, Parfum"
)
BHA_LIQUID = "Aqua, Alcohol Denat., Salicylic Acid, Niacinamide, Glycerin"


def role_of(name: str | None, text: str) -> tuple[str, str]:
    """The rules' reading (these tests pin the rules; the learned corrector that may read a
    product again has its own tests in ``test_role_corrector.py``)."""
    final = analyze_product(text, name=name).role
    guess = final.rules or final
    assert guess.role in ROLES and guess.evidence and 0 < guess.confidence <= 1
    return guess.role, " | ".join(guess.evidence)


# --- SPF: sold as a moisturizer vs sold as a sunscreen -----------------------------------


@pytest.mark.parametrize(
    ("name", "spf"),
    [
        ("Oil-Free Daily Moisturizer SPF 15", "SPF 15"),
        ("Facial Moisturizing Lotion SPF 25", "SPF 25"),
        ("Age Defense Day Cream SPF 25", "SPF 25"),
        ("Light Moisturiser SPF 20", "SPF 20"),
        ("Double Repair Face Moisturizer UV SPF 20", "SPF 20"),  # "UV" names a variant
        ("All Day Moisturizer with Sunscreen SPF 15", "SPF 15"),
        ("Moisturizing Cream with Sunscreen", "with Sunscreen"),
    ],
)
def test_spf_in_a_moisturizer_name_stays_a_moisturizer(name: str, spf: str) -> None:
    role, evidence = role_of(name, f"{FILTERS}, {CREAM_BASE}")
    assert role == "moisturizer"
    assert spf in evidence  # the evidence says why it is not the sunscreen step


@pytest.mark.parametrize(
    ("name", "spf"),
    [
        ("Oil-Free Daily Moisturizer SPF 30", "SPF 30"),
        ("Facial Moisturizing Lotion SPF 30", "SPF 30"),
        ("Anti-Pigment Day Cream SPF30", "SPF30"),
        ("Double Repair Face Moisturizer UV SPF 30", "SPF 30"),
        ("Energy-Boosting Moisturiser SPF40", "SPF40"),
    ],
)
def test_a_moisturizer_at_spf_30_or_more_is_the_sunscreen_step(name: str, spf: str) -> None:
    # The AAD's floor for daily sun protection is broad-spectrum SPF 30: at that SPF the
    # moisturizer does the sunscreen step, and the evidence says so.
    role, evidence = role_of(name, f"{FILTERS}, {CREAM_BASE}")
    assert role == "sunscreen"
    assert f"at '{spf}'" in evidence and "SPF 30 or more" in evidence


@pytest.mark.parametrize(
    "name",
    [
        "Daily Moisturizing Sunscreen SPF 30",  # "sunscreen" wins over "moisturizing"
        "Mineral Sun Cream SPF 30",
        "UV Protection Cream SPF 30",  # "UV" with only a texture word: sold as sun care
        "Hydrating Lotion SPF 50+",  # the "50+" class is a sun-protection label
        "Invisible Fluid SPF 50",
        "Sheer Fluid",  # no SPF in the name: two filters at active % make a sun fluid
        "Tone Up Essence SPF 50 PA++++",
    ],
)
def test_products_sold_as_sunscreen_are_sunscreen(name: str) -> None:
    assert role_of(name, f"{FILTERS}, {CREAM_BASE}")[0] == "sunscreen"


def test_uv_filters_without_a_name_make_a_sunscreen() -> None:
    assert role_of(None, f"{FILTERS}, {CREAM_BASE}")[0] == "sunscreen"


def test_an_eye_cream_with_spf_is_an_eye_cream() -> None:
    assert role_of("Brightening Eye Cream SPF 20", f"{FILTERS}, {CREAM_BASE}")[0] == "eye_cream"


# --- lip and make-up products are not a facial step -----------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "Lip Balm SPF 15",
            "Ethylhexyl Methoxycinnamate 7.5%, Benzophenone-3 4%, Petrolatum, Cera Alba, "
            "Ricinus Communis Seed Oil",
        ),
        ("Squalane Lip Treatment", "Diisostearyl Malate, Squalane, Ricinus Communis Seed Oil"),
        ("Overnight Lip Mask", "Petrolatum, Cera Alba, Butyrospermum Parkii Butter, Glycerin"),
        ("Pore Blurring Primer", "Dimethicone, Dimethicone Crosspolymer, Silica"),
        ("Matte Cover Fluid", f"Aqua, CI 77891, Glycerin, {CREAM_BASE}"),
    ],
)
def test_lip_and_make_up_products_are_other(name: str, text: str) -> None:
    assert role_of(name, text)[0] == "other"


@pytest.mark.parametrize(
    ("name", "role"),
    [
        # A body product is its kind (the plan keeps it out of the face's steps); a hand or
        # foot product is other (collectors filed all seven they met so).
        ("Intensive Hand Cream", "other"),
        ("Handmade Face Cream", "moisturizer"),
        ("Hair Serum", "other"),  # not skin care
        ("Face and Body Lotion", "moisturizer"),
        ("Body Sunscreen SPF 50", "sunscreen"),  # a sunscreen wherever it goes
        ("BB Cream SPF 35", "other"),  # make-up, not the moisturizer step
    ],
)
def test_body_hand_and_make_up_names(name: str, role: str) -> None:
    assert role_of(name, f"{FILTERS}, {CREAM_BASE}")[0] == role


def test_an_oil_named_product_with_a_kind_word_is_that_kind() -> None:
    cream = "Aqua, Squalane, Glycerin, Cetearyl Alcohol, Caprylic/Capric Triglyceride"
    assert role_of("Squalane Gel Moisturizer", cream)[0] == "moisturizer"
    assert role_of("Pure Squalane", "Squalane")[0] == "face_oil"


def test_lipid_is_not_lip() -> None:
    text = "Aqua, Glycerin, Caprylic/Capric Triglyceride, Cetearyl Alcohol, Ceramide NP"
    assert role_of("Lipid Barrier Cream", text)[0] == "moisturizer"


# --- anhydrous oil blends sold as serums are face oils ----------------------------------------


@pytest.mark.parametrize("name", ["Glow Serum", "Midnight Concentrate", "Radiance Drops"])
def test_an_oil_blend_sold_as_a_serum_is_a_face_oil(name: str) -> None:
    role, evidence = role_of(name, OIL_BLEND)
    assert role == "face_oil"
    assert "no water" in evidence and "oils/esters in the first 5" in evidence


def test_a_water_based_serum_stays_a_serum() -> None:
    text = "Aqua, Glycerin, Squalane, Sodium Hyaluronate, Phenoxyethanol"
    assert role_of("Glow Serum", text)[0] == "serum"


def test_a_silicone_serum_is_not_a_face_oil() -> None:
    text = "Cyclopentasiloxane, Dimethicone, Dimethiconol, Tocopheryl Acetate"
    assert role_of("Smoothing Serum", text)[0] == "serum"


@pytest.mark.parametrize("name", ["Night Serum", None])
def test_a_retinoid_in_oil_is_a_retinoid(name: str | None) -> None:
    text = "Squalane, Caprylic/Capric Triglyceride, Retinol, Tocopherol"
    role, evidence = role_of(name, text)
    assert role == "retinoid" and "RETINOL" in evidence


def test_an_oil_with_an_emulsifier_is_not_a_face_oil() -> None:
    text = (
        "Caprylic/Capric Triglyceride, Helianthus Annuus Seed Oil, PEG-20 Glyceryl Triisostearate"
    )
    assert role_of(None, text)[0] == "oil_cleanser"  # it rinses off
    assert role_of("Radiance Serum", text)[0] == "serum"  # a serum never becomes a cleanser


# --- hydrosols, floral waters and witch hazel are toners ------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Lavender Hydrosol", "Aqua, Lavandula Angustifolia Flower Extract"),
        ("Organic Rose Floral Water", "Rosa Damascena Flower Water"),
        (None, "Rosa Damascena Flower Water"),
        (None, "Aqua, Chamomilla Recutita Flower Extract, Potassium Sorbate, Citric Acid"),
        (None, "Hamamelis Virginiana Water, Alcohol"),
        ("Witch Hazel", "Hamamelis Virginiana Water, Alcohol"),
        ("Thermal Spring Water Spray", "Aqua"),
        ("Essential Balancing Water", "Aqua, Butylene Glycol, Glycerin, Sodium Hyaluronate"),
    ],
)
def test_plant_waters_are_toners(name: str | None, text: str) -> None:
    assert role_of(name, text)[0] == "toner"


def test_a_hydrosol_evidence_names_the_plant() -> None:
    role, evidence = role_of(None, "Aqua, Chamomilla Recutita Flower Extract")
    assert role == "toner" and "CHAMOMILLA RECUTITA FLOWER EXTRACT" in evidence


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Sodium Hyaluronate, Panthenol",  # a base ingredient: a serum
        "Aqua, Chamomilla Recutita Flower Extract, Glycerin, Xanthan Gum, Sodium Hyaluronate, "
        "Phenoxyethanol",  # plant extract in a humectant gel: a serum
    ],
)
def test_water_with_base_ingredients_is_not_a_hydrosol(text: str) -> None:
    assert role_of(None, text)[0] == "serum"


# --- acne toners, acid tonics and spot words ------------------------------------------------


@pytest.mark.parametrize("name", ["Clarifying Acne Toner", "Exfoliating Toner"])
def test_a_toner_with_bha_is_a_toner(name: str) -> None:
    # bench/data/collected/: a product named "Toner" is a toner even with acids.
    assert role_of(name, BHA_LIQUID)[0] == "toner"


@pytest.mark.parametrize("name", ["BHA Pore Tonic", "2% BHA Liquid"])
def test_an_acid_tonic_or_exfoliating_toner_is_an_exfoliant(name: str) -> None:
    assert role_of(name, BHA_LIQUID)[0] == "exfoliant"


def test_an_acne_gel_is_a_spot_treatment() -> None:
    text = "Salicylic Acid 2%, Aqua, Alcohol Denat., Hydroxyethylcellulose"
    assert role_of("Acne Clearing Gel", text)[0] == "spot_treatment"


def test_an_acne_gel_with_a_retinoid_is_a_retinoid() -> None:
    text = "Aqua, Adapalene 0.1%, Carbomer, Propylene Glycol, Poloxamer 182"
    assert role_of("Acne Clearing Gel", text)[0] == "retinoid"


def test_a_dark_spot_serum_is_not_a_spot_treatment() -> None:
    text = "Aqua, Niacinamide, Tranexamic Acid, Glycerin, Phenoxyethanol"
    assert role_of("Dark Spot Serum", text)[0] == "serum"
    assert role_of("Blemish Spot Gel", text)[0] == "spot_treatment"


# --- micellar waters ------------------------------------------------------------------------

MICELLAR = "Aqua, Poloxamer 184, Glycerin, Disodium EDTA, Phenoxyethanol"


@pytest.mark.parametrize(
    "name", ["Agua Micelar", "Płyn Micelarny", "Mizellenwasser", "Eau Micellaire", None]
)
def test_micellar_waters_in_any_language_or_by_ingredients(name: str | None) -> None:
    assert role_of(name, MICELLAR)[0] == "micellar_water"


def test_polyglyceryl_esters_make_a_micellar_water() -> None:
    text = "Aqua, Propanediol, Polyglyceryl-6 Caprylate, Polyglyceryl-10 Laurate, Panthenol"
    assert role_of(None, text)[0] == "micellar_water"


def test_an_anionic_surfactant_makes_a_wash_not_a_micellar_water() -> None:
    text = "Aqua, Sodium Laureth Sulfate, Poloxamer 184, Glycerin"
    assert role_of(None, text)[0] == "water_cleanser"


# --- sold as a cream, a mask or a blemish gel: the name's kind word holds -------------------

DRUG_FACTS_MOISTURIZER = (
    "Active ingredient: Salicylic Acid 1.5% Inactive ingredients: Aqua, Glycerin, "
    "Isononyl Isononanoate, Dimethicone, Cetearyl Alcohol, Sodium Hydroxide, Phenoxyethanol"
)


@pytest.mark.parametrize(
    "name",
    ["Acne Control Daily Moisturizer", "Oil-Free Clearing Cream", "Crème Matifiante", "BHA Cream"],
)
def test_a_cream_with_an_acid_stays_a_moisturizer(name: str) -> None:
    role, evidence = role_of(name, DRUG_FACTS_MOISTURIZER)
    assert role == "moisturizer"
    assert "SALICYLIC ACID" in evidence  # the acid is noted, not silenced


@pytest.mark.parametrize("name", ["Exfoliating Cream", "Overnight Peel Cream"])
def test_a_cream_sold_as_an_exfoliant_is_an_exfoliant(name: str) -> None:
    assert role_of(name, DRUG_FACTS_MOISTURIZER)[0] == "exfoliant"


def test_a_cream_with_a_retinoid_or_benzoyl_peroxide_is_that_step() -> None:
    retinoid = "Aqua, Glycerin, Caprylic/Capric Triglyceride, Retinol, Cetearyl Alcohol"
    assert role_of("Renewal Night Cream", retinoid)[0] == "retinoid"
    peroxide = "Benzoyl Peroxide 5%, Aqua, Glycerin, Cetearyl Alcohol, Carbomer"
    assert role_of("Clearing Cream", peroxide)[0] == "spot_treatment"


CREAM_WITH_CITRIC = (
    "Aqua, C12-15 Alkyl Benzoate, Citric Acid, Propanediol, Cyclopentasiloxane, "
    "Sodium Hydroxide, Glycerin, Cetearyl Alcohol, Zinc Gluconate, Salicylic Acid, Xanthan Gum"
)


def test_citric_acid_in_a_cream_is_a_ph_adjuster_not_an_exfoliant() -> None:
    # Citric acid third, neutralised by sodium hydroxide, in an emollient base; the salicylic
    # acid tenth is below an active position.
    role, evidence = role_of(None, CREAM_WITH_CITRIC)
    assert role == "moisturizer" and "CITRIC ACID" not in evidence


@pytest.mark.parametrize(
    ("text", "acid"),
    [
        ("Aqua, Citric Acid, Glycerin, Sodium Citrate, Phenoxyethanol", "CITRIC ACID"),
        ("Aqua, Citric Acid 5%, Squalane, Glycerin, Cetearyl Alcohol", "CITRIC ACID"),
        ("Aqua, Citric Acid, Squalane, Lactic Acid, Glycolic Acid, Glycerin", "CITRIC ACID"),
    ],
)
def test_citric_acid_counts_when_dosed_in_a_blend_or_in_an_acid_solution(
    text: str, acid: str
) -> None:
    role, evidence = role_of(None, text)
    assert role == "exfoliant" and acid in evidence


CHARCOAL_SHEET = (
    "Aqua, Butylene Glycol, Glycerin, Niacinamide, Sodium Hyaluronate, Allantoin, "
    "Panthenol, Centella Asiatica Extract, Xanthan Gum, Charcoal Powder, Phenoxyethanol"
)


def test_a_charcoal_mask_without_charcoal_near_the_top_is_a_mask() -> None:
    role, evidence = role_of("Detox Charcoal Mask", CHARCOAL_SHEET)
    assert role == "mask" and "no clay or charcoal in the first 8" in evidence


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Detox Charcoal Mask", "Aqua, Kaolin, Charcoal Powder, Glycerin, Bentonite"),
        ("Pore Clay Mask", "Aqua, Glycerin, Butylene Glycol, Propanediol, Kaolin, Bentonite"),
        ("Pore Clay Mask", "Zorbulate, Florpine Complex"),  # unknown names: the name stands
        ("Pore Clay Mask", ""),
    ],
)
def test_a_clay_mask_with_clay_near_the_top_or_no_known_list_is_a_clay_mask(
    name: str, text: str
) -> None:
    assert role_of(name, text)[0] == "clay_mask"


SHEET_ESSENCE = "Glycerin, Niacinamide, Glycereth-26, Sodium Hyaluronate, Panthenol, Salicylic Acid"


@pytest.mark.parametrize("name", ["Dermask Clearing Solution", "Facemask Calming Essence"])
def test_a_line_name_built_on_mask_is_a_mask(name: str) -> None:
    assert role_of(name, SHEET_ESSENCE)[0] == "mask"


def test_damask_rose_is_no_mask() -> None:
    text = "Rosa Damascena Flower Water, Glycerin, Sodium Benzoate"
    assert role_of("Damask Rose Mist", text)[0] == "toner"


BLEMISH_GEL = "Aqua, Propanediol, Butylene Glycol, Salicylic Acid, Carbomer, Zinc PCA, Glycerin"


@pytest.mark.parametrize(
    "name",
    ["Clarifying Salicylic Blemish Gel", "Salicylic Acid 2% Blemish Gel", "BHA Acne Gel"],
)
def test_an_acid_named_blemish_gel_is_a_spot_treatment(name: str) -> None:
    assert role_of(name, BLEMISH_GEL)[0] == "spot_treatment"


@pytest.mark.parametrize("name", ["Clarifying Salicylic Gel", "BHA 2% Gel"])
def test_an_acid_named_gel_is_an_exfoliant(name: str) -> None:
    assert role_of(name, BLEMISH_GEL)[0] == "exfoliant"


#: A mild glucoside solubiliser in the first four reads as a cleansing surfactant.
AHA_TONIC = "Aqua, Sodium Lactate, Lactic Acid, Decyl Glucoside, Glycerin, Benzoic Acid"


@pytest.mark.parametrize("name", ["Daily AHA Tonic", "Glycolic Toning Lotion", "BHA Astringent"])
def test_an_acid_named_tonic_is_an_exfoliant(name: str) -> None:
    role, evidence = role_of(name, AHA_TONIC)
    assert role == "exfoliant" and "acid tonic" in evidence


def test_an_acid_named_toner_stays_a_toner() -> None:
    assert role_of("AHA Toning Toner", AHA_TONIC)[0] == "toner"


# --- names: which roles a name leaves open --------------------------------------------------


def test_name_roles_follow_the_families() -> None:
    assert name_roles("Glow Serum") == {
        "serum", "retinoid", "exfoliant", "spot_treatment", "face_oil", "clay_mask"
    }  # fmt: skip
    assert name_roles("Acne Toner") == {"toner"}
    assert name_roles("Glow Tonic") == {"toner", "exfoliant", "micellar_water"}
    assert name_roles("Lip Balm SPF 15") == {"other"}
    assert name_roles("Daily Moisturizer SPF 15") == {"moisturizer"}
    assert name_roles("Daily Moisturizer SPF 30") == {"sunscreen"}
    assert "toner" in (name_roles("Hydrating Lotion") or set())  # a J-beauty lotion
    assert name_roles("Zorp") is None
    assert name_roles("Charcoal Mask") == {"clay_mask", "mask"}  # a sheet mask with charcoal
    # ("other": a cream built as an ointment is a skin protectant)
    assert name_roles("Acne Daily Moisturizer") == {
        "moisturizer", "retinoid", "spot_treatment", "other"
    }  # fmt: skip


# --- the data file ---------------------------------------------------------------------------


def test_every_cue_is_explained_and_every_role_is_reachable() -> None:
    data = _data()
    roles = {cue.role for cue in data.cues}
    roles |= {role for family in data.families.values() for role in family}
    assert roles == set(ROLES)
    assert all(cue.means for cue in data.cues)


GOOD: dict[str, Any] = {
    "family": {"tonic": {"may_become": ["exfoliant"], "why": "acid tonics exfoliate"}},
    "name_cue": [
        {"role": "toner", "pattern": "tonic", "means": "{match}", "why": "x", "family": "tonic"}
    ],
    "label": {
        "water": "aqua",
        "aqueous": "juice",
        "weak_retinoid": "retinyl palmitate",
        "mineral_filter": "zinc oxide",
        "plant": "extract",
        "micellar": "poloxamer",
        "anionic": "sulfate",
        "silicone": "methicone",
        "not_rinsing": "lecithin",
        "keeps": "sorbate",
        "ph_acid": "citric acid",
        "hydrosol_max_items": 4,
        "face_oil_min_share": 0.5,
    },
    "scope": {"body": r"\b(?P<what>body)\b", "body_why": "for the body"},
}


def _broken(path: str, value: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(GOOD))
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[last] = value
    return data


def test_a_valid_role_table_parses() -> None:
    parsed = _parse_data(GOOD)
    assert parsed.cues[0].role == "toner" and parsed.families["tonic"] == {"exfoliant"}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("name_cue.0.role", "lotion", "is not one of ROLES"),
        ("name_cue.0.family", "vehicle", "family 'vehicle' is not defined"),
        ("name_cue.0.pattern", "(unclosed", "bad pattern"),
        ("name_cue.0.why", "", "needs 'means' and 'why'"),
        ("name_cue.0.means", "{spf} in the name", "'means' names 'spf', not a group"),
        ("family.tonic.may_become", ["toner-ish"], "family 'tonic'"),
        ("label.micellar", 7, "'pattern' must be text"),
        ("label.hydrosol_max_items", 0, "positive [label] numbers"),
        ("scope.body", r"\bbody\b", "[scope] needs a 'body' pattern with a 'what' group"),
        ("name_cue.0.unless", "(unclosed", "name_cue 1 unless: bad pattern"),
        ("family.tonic.only_when_named", {"retinoid": "retinol"}, "'only_when_named' 'retinoid'"),
        ("family.tonic.only_when_named", {"exfoliant": "(bad"}, "only_when_named exfoliant: bad"),
        ("family.tonic.only_when_named", "aha", "'only_when_named' must be a table"),
        ("family.tonic.reads", {"face_oil": "serum"}, "'reads' maps a role to one in"),
        ("family.tonic.reads", {"balm": "exfoliant"}, "'reads' maps a role to one in"),
        ("family.tonic.reads", "exfoliant", "'reads' maps a role to one in"),
        ("scope.body_why", "", "[scope] needs a 'body' pattern"),
        ("name_cue.0.needs", "clay", "'needs' must be a table"),
        (
            "name_cue.0.needs",
            {"class": "mud", "within": 8, "otherwise": "mask", "means": "m"},
            "class 'mud' is not a class",
        ),
        (
            "name_cue.0.needs",
            {"class": "clay", "within": 0, "otherwise": "mask", "means": "m"},
            "positive 'within'",
        ),
        (
            "name_cue.0.needs",
            {"class": "clay", "within": 8, "otherwise": "pack", "means": "m"},
            "'otherwise' role",
        ),
    ],
)
def test_a_broken_role_table_names_the_entry(path: str, value: Any, message: str) -> None:
    with pytest.raises(KnowledgeError) as info:
        _parse_data(_broken(path, value))
    assert message in str(info.value) and "roles.toml" in str(info.value)


# --- from the real entry point ---------------------------------------------------------------


def test_check_reports_a_moisturizer_with_spf(run_cli: Any) -> None:
    result = run_cli(
        "check", f"{FILTERS}, {CREAM_BASE}", "--name", "Daily Moisturizer SPF 15", "--json"
    )
    assert result.returncode == 0, result.stderr
    role = json.loads(result.stdout)["role"]
    assert role["role"] == "moisturizer"
    assert any("SPF 15" in line for line in role["evidence"])


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        (
            "Petal Oil To Foam Cleanser",
            "Water, PEG-6 Caprylic/Capric Glycerides, Glycerin",
            "oil_cleanser",
        ),
        (
            "Sugar Wash-Off Face Mask",
            "Sucrose, Butyrospermum Parkii Butter, Glycerin, Water",
            "mask",
        ),
        ("Lippie Balm", "Cocos Nucifera Oil, Sorbitan Isostearate, Cera Alba", "other"),
        ("Trouble Cure", "Hydrocolloid, Salicylic Acid", "spot_treatment"),
        (
            "Clear Micro Water",
            "Water, PEG-6 Caprylic/Capric Glycerides, Butylene Glycol, Glycerin",
            "micellar_water",
        ),
        (
            "Cleansing Spa Water Makeup Remover",
            "Water, PEG-7 Glyceryl Cocoate, Glycerin",
            "micellar_water",
        ),
        (
            "Rose Water Toning Mist",
            "Rosa Damascena Flower Water, Glycerin, Phenoxyethanol",
            "toner",
        ),
        (
            "Daily Face Wash",
            "Water, Sodium Laureth Sulfate, Cocamidopropyl Betaine",
            "water_cleanser",
        ),
    ],
)
def test_fourth_round_name_boundaries(name: str, label: str, role: str) -> None:
    from porecare.ingredients import analyze_product

    assert analyze_product(label, name=name).role.role == role


def test_oil_free_is_not_a_face_oil() -> None:
    from porecare.ingredients import analyze_product

    label = "Water, Glycerin, Dimethicone, Isononyl Isononanoate, Carbomer, Phenoxyethanol"
    assert analyze_product(label, name="Ultra Facial Oil-Free Gel Cream").role.role == "moisturizer"
    assert analyze_product("Squalane", name="Facial Oil").role.role == "face_oil"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        ("PHA Gentle Exfoliating Toner", "Water, Gluconolactone, Glycerin", "toner"),
        ("Microdermabrasion Polish", "Bentonite, Silica, Glycerin, Water", "exfoliant"),
        ("Pore Purifying BHA Cream", "Water, Cetearyl Alcohol, Salicylic Acid", "moisturizer"),
        ("All-in-One Skin Repair Salve", "Helianthus Annuus Seed Oil, Cera Alba, Mel", "other"),
        ("BHA Liquid Exfoliant", "Water, Salicylic Acid, Butylene Glycol", "exfoliant"),
    ],
)
def test_fifth_round_name_boundaries(name: str, label: str, role: str) -> None:
    from porecare.ingredients import analyze_product

    assert analyze_product(label, name=name).role.role == role


@pytest.mark.parametrize(
    "name", ["Witch Hazel 2% BHA Toner", "Clarifying 1% Salicylic Acid Toner", "Daily AHA 5% Toner"]
)
def test_an_acid_and_dose_in_a_toner_name_stays_a_toner(name: str) -> None:
    assert role_of(name, BHA_LIQUID)[0] == "toner"
    # Pads soaked in acid are sold to exfoliate.
    assert role_of(name.replace("Toner", "Toner Pads"), BHA_LIQUID)[0] == "exfoliant"


@pytest.mark.parametrize(
    "name",
    ["Meadowfoam Seed Oil Moisturizing Cream", "Argan Oil Day Lotion", "Olive Oil Emulsion"],
)
def test_an_oil_advertised_in_a_cream_name_keeps_it_a_cream(name: str) -> None:
    assert role_of(name, f"Aqua, {CREAM_BASE}, Argania Spinosa Kernel Oil")[0] == "moisturizer"
    # The oil is the product when it ends the name.
    assert role_of("Moisturizing Argan Oil", OIL_BLEND)[0] == "face_oil"


@pytest.mark.parametrize("name", ["Cocktail Aqua BB", "Magic BB+ Cream", "Perfect CC Cream SPF 30"])
def test_bb_and_cc_products_are_make_up(name: str) -> None:
    assert role_of(name, f"Aqua, Titanium Dioxide, {CREAM_BASE}")[0] == "other"


def test_cc_in_a_line_name_is_not_make_up() -> None:
    # "Melano CC" is a vitamin C line: only a CC *cream* is the tinted make-up.
    assert role_of("Melano CC Vitamin C Essence", "Aqua, Ascorbic Acid, Glycerin")[0] == "serum"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Other languages' kind words (European labels are often printed in one of them).
        ("Crema Idratante Viso", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Feuchtigkeitscreme", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Gel Limpiador Facial", "Aqua, Sodium Laureth Sulfate, Glycerin", "water_cleanser"),
        ("Reinigungsgel", "Aqua, Sodium Laureth Sulfate, Glycerin", "water_cleanser"),
        ("Protector Solar Facial", FILTERS, "sunscreen"),
        ("Crema Solare Viso SPF 30", f"{FILTERS}, {CREAM_BASE}", "sunscreen"),
        ("Contorno Occhi", "Aqua, Glycerin, Caffeine", "eye_cream"),
        ("Siero Viso", "Aqua, Glycerin, Sodium Hyaluronate", "serum"),
        ("Tónico Facial", "Aqua, Glycerin, Hamamelis Virginiana Water", "toner"),
        ("Gesichtswasser", "Aqua, Glycerin, Hamamelis Virginiana Water", "toner"),
        ("Fluide Matifiant", "Aqua, Dimethicone, Glycerin", "moisturizer"),
        ("Huile de Jasmin", f"{OIL_BLEND}, PEG-20 Glyceryl Triisostearate", "face_oil"),
        ("Huile Démaquillante", f"{OIL_BLEND}, PEG-20 Glyceryl Triisostearate", "oil_cleanser"),
        # The kind word the product is: a cleansing moisturiser is left on.
        ("Blemish Cleansing Moisturiser", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Deep Cleansing Gel", "Aqua, Sodium Laureth Sulfate, Glycerin", "water_cleanser"),
        # "Dew" names a serum; "dewy" only a finish.
        ("Antioxidant Dew", "Aqua, Helianthus Annuus Seed Oil, Glycerin", "serum"),
        ("Dewy Skin Cream", f"Aqua, {CREAM_BASE}", "moisturizer"),
        # A "Treatment Lotion" is a lotion: watery, it is a toner.
        ("Soothing Treatment Lotion", "Aqua, Butylene Glycol, Glycerin", "toner"),
        ("Intensive Treatment", "Aqua, Butylene Glycol, Glycerin", "serum"),
        # ... and a night treatment with no active named is a night cream (sets 155, 156).
        ("Overnight Treatment", "Aqua, Butylene Glycol, Glycerin", "moisturizer"),
        # A share above an active's dose names a base, not a serum's active.
        (
            "Cucumber 80% Soothing Gel",
            "Cucumis Sativus Fruit Extract, Aqua, Glycerin",
            "moisturizer",
        ),
        ("Vitamin C 15% Brightener", "Aqua, Ascorbic Acid, Glycerin", "serum"),
        ("Azelaic Acid 30% Booster", "Aqua, Azelaic Acid", "serum"),
    ],
)
def test_sixth_round_name_boundaries(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize("name", ["Simply Protect Daily Moisture", "UV Defense", "Sun Shield"])
def test_a_protection_name_with_uv_filters_is_a_sunscreen(name: str) -> None:
    assert role_of(name, f"{FILTERS}, {CREAM_BASE}")[0] == "sunscreen"


def test_a_protection_name_without_uv_filters_is_a_moisturizer() -> None:
    assert role_of("Barrier Protect", f"Aqua, {CREAM_BASE}")[0] == "moisturizer"
    assert role_of("Daily Defense", f"Aqua, {CREAM_BASE}")[0] == "moisturizer"


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Camellia Sinensis Leaf Extract, Aqua, Glycerin, Propanediol, Phenoxyethanol", "serum"),
        ("Aloe Barbadensis Leaf Juice, Glycerin, Sodium Hyaluronate, Phenoxyethanol", "serum"),
        (f"Aloe Barbadensis Leaf Juice, Squalane, Caprylic/Capric Triglyceride, {CREAM_BASE}",
         "moisturizer"),
        ("Aloe Barbadensis Leaf Juice, Sodium Laureth Sulfate, Cocamidopropyl Betaine, Glycerin",
         "water_cleanser"),
    ],
)  # fmt: skip
def test_a_plant_liquid_before_the_water_is_a_watery_base(label: str, role: str) -> None:
    found, evidence = role_of(None, label)
    assert found == role
    assert "(a watery base) first" in evidence


def test_an_extract_first_without_water_is_not_a_watery_base() -> None:
    # An extract first and no water second says nothing of the base.
    found, evidence = role_of(None, "Camellia Sinensis Leaf Extract, Glycerin, Phenoxyethanol")
    assert found == "other" and "watery base" not in evidence


def test_a_retinyl_ester_far_down_an_oil_is_a_face_oil_not_a_retinoid() -> None:
    # Vitamin A palmitate as an antioxidant at position 7 of an oil blend.
    oil = f"{OIL_BLEND}, Retinyl Palmitate, Rosmarinus Officinalis Leaf Extract"
    assert role_of("Repairing Oil", oil)[0] == "face_oil"
    # In the first five it is what the product is sold for; retinol anywhere active decides.
    assert role_of("Repairing Oil", f"Squalane, Retinyl Palmitate, {OIL_BLEND}")[0] == "retinoid"
    assert role_of("Repairing Oil", f"{OIL_BLEND}, Retinol")[0] == "retinoid"


@pytest.mark.parametrize("name", ["TAZORAC (tazarotene) Gel", "Aklief (trifarotene) Cream 0.005%"])
def test_drug_retinoids_named_on_the_pack_are_retinoids(name: str) -> None:
    assert role_of(name, "Purified Water, Carbomer 974P, Edetate Disodium")[0] == "retinoid"


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Hydrabio H2O Micelle Solution", "micellar_water"),
        ("Sébium Gel Moussant Actif", "water_cleanser"),
        ("Mousse Nettoyante", "water_cleanser"),
    ],
)
def test_micelle_and_moussant(name: str, role: str) -> None:
    label = "Aqua, PEG-6 Caprylic/Capric Glycerides, Glycerin, Coco-Glucoside"
    assert role_of(name, label)[0] == role


def test_an_organoclay_thickener_does_not_make_a_clay_mask() -> None:
    balm = "Ricinus Communis Seed Oil, Disteardimonium Hectorite, Cera Alba, Mel, Tocopherol"
    assert role_of("Honey Mask", balm)[0] == "mask"
    assert role_of("Honey Mask", f"Kaolin, Aqua, {CREAM_BASE}")[0] == "clay_mask"


def test_an_emulsifying_ester_first_is_not_its_own_rinse() -> None:
    # The oil cleanser needs an emulsifier besides the oil: a balm led by an emulsifying
    # ester with nothing to rinse it off is not a cleanser.
    balm = "Polyglyceryl-2 Triisostearate, Triethylhexanoin, Squalane, Tocopherol"
    assert role_of(None, balm)[0] != "oil_cleanser"
    assert role_of("Petite Bunny Gloss Bar", balm)[0] == "other"
    rinse = "Triethylhexanoin, Squalane, Polyglyceryl-2 Triisostearate, Tocopherol"
    assert role_of(None, rinse)[0] == "oil_cleanser"


WATERY = "Aqua, Glycerin, Butylene Glycol, Niacinamide, Sodium Hyaluronate, Phenoxyethanol"


@pytest.mark.parametrize(
    ("name", "role"),
    [
        # The method swaps pore strips for a clay mask: they are no step of the routine.
        ("Deep Cleansing Pore Strips", "other"),
        ("Nose Strips for Blackheads", "other"),
        ("Lip Strips", "other"),  # (a lip product all the same)
        # After-sun care soothes a burn; it is not the sunscreen.
        ("After Sun Gel", "other"),
        ("Après-Soleil Lait", "other"),
        ("Sun Stick SPF 50", "sunscreen"),
        # Wipes are a no-rinse first cleanse; acid-soaked ones exfoliate.
        ("Makeup Remover Wipes", "micellar_water"),
        ("Cleansing Towelettes", "micellar_water"),
        ("Glycolic Peel Wipes", "exfoliant"),
    ],
)
def test_strips_after_sun_and_wipes(name: str, role: str) -> None:
    assert role_of(name, WATERY)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # An elixir is a serum; an oil blend sold as one is a face oil.
        ("Marine Collagen Elixir", WATERY, "serum"),
        ("Beauty Elixir", OIL_BLEND, "face_oil"),
        # A gel sold for its share of aloe is a multi-purpose soothing gel, no routine step;
        # a small dose in an aloe product's name is an active's.
        ("Aloe 99% Soothing Gel", "Aloe Barbadensis Leaf Juice, Glycerin", "other"),
        ("Soothing Gel 95% Aloe Vera", "Aloe Barbadensis Leaf Juice, Glycerin", "other"),
        ("Aloe Vera Gel with 2% Niacinamide", WATERY, "serum"),
    ],
)
def test_elixirs_and_aloe_gels(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        ("Lipscreen SPF 50", FILTERS, "other"),
        # A make-up remover: oil-based is the oil cleanser, water-based a no-rinse remover.
        ("Gentle Eye Make-Up Remover", "Aqua, Rosa Damascena Flower Water, Polysorbate 20",
         "micellar_water"),  # an eye make-up remover removes make-up
        ("Gentle Make-Up Remover", "Aqua, Rosa Damascena Flower Water, Polysorbate 20",
         "micellar_water"),
        ("Makeup Remover", "Caprylic/Capric Triglyceride, Isopropyl Myristate, PEG-20 Glyceryl "
         "Triisostearate", "oil_cleanser"),
        # The last kind word names the product.
        ("First Spray Serum", WATERY, "serum"),
        ("Pure Serum-Mist", WATERY, "toner"),
        # Pads with an acid exfoliate, even when named for acne; without one they carry a toner.
        ("Goodbye Acne Correction Pads", "Aqua, Alcohol Denat., Glycolic Acid, Salicylic Acid",
         "exfoliant"),
        ("Calming Pads", WATERY, "toner"),
    ],
)  # fmt: skip
def test_seventh_round_name_boundaries(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    "label",
    [
        "Aqua, Propanediol, CI 77891, Phenyl Trimethicone, Dicaprylyl Carbonate",
        "Aqua, Zinc Oxide, Caprylic/Capric Triglyceride, Glycerin, Dimethicone",
    ],
)
def test_one_mineral_filter_near_the_top_makes_a_sunscreen(label: str) -> None:
    role, evidence = role_of(None, label)
    assert role == "sunscreen" and "mineral UV filter" in evidence
    # Far down the list it is a white pigment; a clay mask stays a clay mask.
    assert role_of(None, f"Aqua, {CREAM_BASE}, Titanium Dioxide")[0] == "moisturizer"
    assert role_of("Clay Mask", "Kaolin, Aqua, Titanium Dioxide, Glycerin")[0] == "clay_mask"
    assert role_of("Daily Moisturizer", label)[0] == "moisturizer"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        ("UV Fresh & Bright Instant Cover", FILTERS, "sunscreen"),  # a tinted sunscreen
        ("Full Cover Cream", "Aqua, Titanium Dioxide, Glycerin", "other"),
        ("Color Correcting Treatment SPF 30", FILTERS, "other"),
        ("Rice Polish Foaming Enzyme Powder", "Oryza Sativa Starch, Papain", "exfoliant"),
        ("Daily Microfoliant", "Oryza Sativa Starch, Papain", "exfoliant"),
        ("Enzyme Cleansing Foam", "Aqua, Sodium Laureth Sulfate, Glycerin", "water_cleanser"),
    ],
)
def test_eighth_round_name_boundaries(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Juju Bar", "water_cleanser"),  # a face bar is a rinse-off cleanser
        ("Petite Bunny Gloss Bar", "other"),
        ("Serum Bar", "serum"),
        ("Chok Chok Pack", "mask"),  # a K-beauty pack is a mask
        ("Moisturizer Value Pack", "moisturizer"),
        ("Travel Pack Toner", "toner"),
        ("Drying Cream", "spot_treatment"),
        ("Acne Healing Dots", "spot_treatment"),
        ("Pimple Punch Supercharged Serum", "serum"),  # the last kind word names it
        ("Acne Serum", "serum"),
    ],
)
def test_ninth_round_name_boundaries(name: str, role: str) -> None:
    assert role_of(name, WATERY)[0] == role


FOAMING = "Aqua, Sodium Laureth Sulfate, Cocamidopropyl Betaine, Glycerin, Sodium Chloride"
REMOVER_WATER = "Aqua, Poloxamer 184, Hexylene Glycol, Glycerin, Disodium EDTA"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # A body wash is a wash (sold_for_body keeps it out of the face's routine); a hand
        # soap is a hand product, other.
        ("Hydrating Body Wash", FOAMING, "water_cleanser"),
        ("Shower Gel", FOAMING, "water_cleanser"),
        ("Hand Soap", FOAMING, "other"),
        ("Face & Body Wash", FOAMING, "water_cleanser"),
        ("Volumizing Shampoo", FOAMING, "other"),
        # Removers for eyes and lips follow the make-up remover rule.
        ("Lip & Eye Remover", REMOVER_WATER, "micellar_water"),
        ("Waterproof Eye Remover", "Isohexadecane, Aqua, Sodium Chloride", "oil_cleanser"),
        ("Enzyme Cleansing Powder", "Maltodextrin, Sodium Lauroyl Glutamate, Papain", "exfoliant"),
        ("Le Gommage", "Aqua, Jojoba Esters, Glycerin, Carbomer", "exfoliant"),
        # Make-up compacts and colour products.
        ("Glow Cushion SPF 50+", FILTERS, "other"),
        ("UV Sun Cushion SPF 50+", FILTERS, "sunscreen"),
        ("Liquid Highlighter", CREAM_BASE, "other"),
        ("Volumizing Mascara", CREAM_BASE, "other"),
        ("Loose Setting Powder", "Silica, Mica, Dimethicone", "other"),
        # Kind words in the languages of the shop dumps the labels come from.
        ("Tabir Surya Wajah SPF 30", FILTERS, "sunscreen"),
        ("Kem Chống Nắng SPF 50", FILTERS, "sunscreen"),
        ("Masker Wajah", WATERY, "mask"),
        ("Sữa Rửa Mặt Trà Xanh", FOAMING, "water_cleanser"),
        ("Pelembab Wajah", CREAM_BASE, "moisturizer"),
        ("Nước Hoa Hồng", WATERY, "toner"),
        ("Eau Thermale", "Avene Aqua", "toner"),
        ("Skin Softener", WATERY, "toner"),
    ],
)
def test_tenth_round_name_boundaries(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # "Cleansing" describes a toner; it does not make it a wash.
        ("pH Balancing Cleansing Toner", WATERY, "toner"),
        ("Multi Stick Balm", OIL_BLEND, "other"),  # a multi-purpose balm stick
        # Eye masks and hydrogel patches are masks; an eye cream or gel is the eye step.
        ("Snail Hydrogel Eye Patch", WATERY, "mask"),
        ("Under Eye Pads", WATERY, "mask"),
        ("Moisturizing Essence Eye Mask", WATERY, "mask"),
        ("Caffeine Eye Gel", WATERY, "eye_cream"),
        # A lotion or cream at SPF 50 or more is sold as a sunscreen; at SPF 15-25 it is the
        # moisturizer with sun protection.
        ("Face Lotion SPF 50", f"{FILTERS}, {CREAM_BASE}", "sunscreen"),
        ("Day Cream SPF 100", f"{FILTERS}, {CREAM_BASE}", "sunscreen"),
        ("Facial Moisturizing Lotion SPF 25", f"{FILTERS}, {CREAM_BASE}", "moisturizer"),
        # A "treatment" of kaolin is a clay mask.
        ("Supermud Clearing Treatment", "Kaolin, Aqua, Bentonite, Glycerin", "clay_mask"),
    ],
)
def test_eleventh_round_name_boundaries(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        ("H2 Serum Spray", WATERY, "serum"),  # a serum in a spray bottle
        ("First Spray Serum", WATERY, "serum"),
        ("Pure Serum-Mist", WATERY, "toner"),
        # Words glued to "screen" sell sun protection, even in a "cream".
        ("Superscreen Hydrating Daily Cream SPF 40", f"{FILTERS}, {CREAM_BASE}", "sunscreen"),
        ("Zincscreen Mineral Lotion SPF 40", f"{FILTERS}, {CREAM_BASE}", "sunscreen"),
        ("Daily Moisturizer with Sunscreen SPF 15", f"{FILTERS}, {CREAM_BASE}", "moisturizer"),
        ("Lipscreen SPF 50", f"{FILTERS}, {CREAM_BASE}", "other"),
    ],
)
def test_twelfth_round_name_boundaries(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Snail Essence Water", "serum"),  # a K-beauty essence in a watery form
        ("Essence Mist", "serum"),
        ("Essence Toner", "toner"),
        ("Hydrating Mist", "toner"),
    ],
)
def test_an_essence_water_or_mist_is_a_serum(name: str, role: str) -> None:
    assert role_of(name, WATERY)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # A wipe soaked in a drug-facts salicylic acid is an exfoliant pad.
        (
            "Clean Treat Towelette",
            "Active Ingredient: Salicylic Acid 2.0% Inactive Ingredient: Water, Propanediol",
            "exfoliant",
        ),
        (
            "Makeup Remover Wipes",
            "Aqua, PEG-6 Caprylic/Capric Glycerides, Glycerin",
            "micellar_water",
        ),
        ("Supertoner", "Alcohol Denat., Propanediol, Mandelic Acid, Glycolic Acid", "toner"),
        ("Mattifying Perfector SPF 20", FILTERS, "other"),  # tinted make-up
        ("Make It Pop Sungloss SPF 50", FILTERS, "other"),  # a lip gloss
        # A drying lotion is a spot treatment even when it is made of clay.
        ("Clay + Sulfur Drying Lotion", "Aqua, Kaolin, Bentonite, Sulfur", "spot_treatment"),
    ],
)
def test_thirteenth_round_name_boundaries(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        ("Pore Cleanse Gel Intense", FOAMING, "water_cleanser"),  # "Cleanse" names a cleanser
        # A retinol toner is sold as a toner; its retinoid still counts (see test_plan_*).
        ("Retinol Tonic", f"{WATERY}, Retinol", "toner"),
        ("Miraculous Retinol Toner", f"{WATERY}, Retinol", "toner"),
        ("Retinol Serum", f"{WATERY}, Retinol", "retinoid"),
        ("Self Tan Bronzing Water Face Mist", WATERY, "other"),  # a self-tanner
        # Body products are filed by their kind, as every collector did.
        (
            "Stubborn Body Acne Treatment Spray",
            "Salicylic Acid 2%, Aqua, Alcohol Denat.",
            "spot_treatment",
        ),
        ("Body Acne Wash", FOAMING, "water_cleanser"),
        ("Niacinamide 5% Body Lotion", f"Aqua, {CREAM_BASE}", "moisturizer"),
    ],
)
def test_fourteenth_round_name_boundaries(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "scoped"),
    [
        ("Niacinamide 5% Body Lotion", True),
        ("Intensive Hand Cream", True),
        ("Shower Gel", True),
        ("Face and Body Lotion", False),  # for the face too
        ("Daily Moisturizer", False),
    ],
)
def test_body_products_are_scoped_out_of_the_face_routine(name: str, scoped: bool) -> None:
    from porecare.ingredients._roles import sold_for_body

    why = sold_for_body(name)
    assert (why is not None) == scoped
    if why:
        assert "sold for the body, not the face" in why


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Defense Refresh (Re)setting Mist SPF 40", "sunscreen"),  # sold with an SPF
        ("Makeup Setting Spray", "other"),
        ("Beauty Filter Cream Glow", "other"),  # a tone-up cream is make-up
        ("Bright Stuff Tone Up Cream", "other"),
        ("Tomato Tone-Up Sun Cream SPF 50", "sunscreen"),
        ("Skin Aqua Tone Up UV Essence", "sunscreen"),
    ],
)
def test_tone_up_and_setting_products(name: str, role: str) -> None:
    assert role_of(name, f"{FILTERS}, {CREAM_BASE}")[0] == role


def test_a_tone_up_sunscreen_is_a_sunscreen() -> None:
    assert role_of("Tone Up No Sebum Sunscreen SPF50+ PA++++", FILTERS)[0] == "sunscreen"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # In a name about dark spots, every "spot" is pigmentation.
        ("Dark Spots No More Triple Acid Spot Minimizing Concentrate", WATERY, "serum"),
        ("Acne Spot Treatment", "Benzoyl Peroxide 5%, Aqua", "spot_treatment"),
        # A drug retinoid with benzoyl peroxide is the retinoid step.
        (
            "Epiduo (adapalene and benzoyl peroxide) Gel",
            "Adapalene 0.1%, Benzoyl Peroxide 2.5%, Aqua",
            "retinoid",
        ),
        ("Benzoyl Peroxide Spot Gel", "Benzoyl Peroxide 5%, Aqua", "spot_treatment"),
        # "Essence ... Treatment Lotion": the lotion names it (a watery one is a toner).
        ("Micro Essence Skin Activating Treatment Lotion", WATERY, "toner"),
        ("Sun-Kissed Face Gelee", WATERY, "serum"),  # a bronzing gel sells no sun protection
    ],
)
def test_fifteenth_round_name_boundaries(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Correct+ Dark Spot Corrector", "serum"),  # two collectors filed these as serums
        ("Even Better Clinical Dark Spot Corrector & Optimizer", "serum"),
        ("Dark Spot Correcting Cream", "moisturizer"),  # the kind word names it
        ("Dark Spot Correcting Glow Toner", "toner"),
        ("Eczema+ Dermatitis Face Balm", "other"),  # a skin protectant
        # Collectors split on priming moisturizers; two of three filed them as moisturizers.
        ("NU GLOW IN BALM Face Priming Moisturizer", "moisturizer"),
        ("Rocky Mountain Soap Co. Purifying Toner", "toner"),  # a company is not a kind word
        ("Charcoal Soap", "water_cleanser"),
    ],
)
def test_sixteenth_round_name_boundaries(name: str, role: str) -> None:
    assert role_of(name, f"Aqua, {CREAM_BASE}")[0] == role


def test_a_scrub_named_with_cleanse_is_an_exfoliant() -> None:
    scrub = "Aqua, Cellulose, Glycolic Acid, Glycerin, Sodium Cocoyl Isethionate"
    assert role_of("Micro Cleanse Super Scrub", scrub)[0] == "exfoliant"
    assert role_of("Pore Cleanse Gel Intense", FOAMING)[0] == "water_cleanser"


SERUM_WITH_ACID = "Aqua, Niacinamide, Glycolic Acid, Glycerin, Sodium Hyaluronate, Phenoxyethanol"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # An acid third to fifth: a serum is an exfoliant only when its name sells exfoliation.
        ("Clarifying Serum", SERUM_WITH_ACID, "serum"),
        ("Illuminating Serum", SERUM_WITH_ACID, "serum"),
        ("Glycolic Night Serum", SERUM_WITH_ACID, "exfoliant"),
        ("AHA Resurfacing Serum", SERUM_WITH_ACID, "exfoliant"),
        ("Exfoliating Booster", SERUM_WITH_ACID, "exfoliant"),
        # First or second on the list, the acid decides whatever the name says.
        ("Teen Derm K Concentrate", "Aqua, Glycolic Acid, Glycerin, Sodium Hydroxide", "exfoliant"),
    ],
)
def test_a_serum_is_an_acid_exfoliant_when_sold_as_one(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


def test_a_body_product_says_so_in_its_role_evidence_on_every_path() -> None:
    from porecare.ingredients import check_jsonl, default_dictionary

    text = f"Aqua, {CREAM_BASE}"
    role, evidence = role_of("Rich Body Lotion", text)
    assert role == "moisturizer" and evidence.endswith(
        "sold for the body, not the face; the plan's steps are the face's routine"
    )
    line = json.dumps({"name": "Rich Body Lotion", "ingredients": text}).encode()
    batch = json.loads(next(iter(check_jsonl([line], dictionary=default_dictionary()))))
    assert batch["role"] == analyze_product(text, name="Rich Body Lotion").role.to_dict()
    assert "sold for the body" not in role_of("Rich Face Lotion", text)[1]


SOLUBILISED_WATER = "Aqua, Polyglyceryl-10 Laurate, Glycerin, Calendula Officinalis Flower Extract"
OINTMENT = "Petrolatum, Carica Papaya Fruit, Cera Alba, Paraffinum Liquidum"
OIL_AND_EMULSIFIER = "Coco-Caprylate/Caprate, Polyglyceryl-6 Distearate, Squalane, Tocopherol"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # After sets 23-24: mists, vinegar, peel masks, foam-activated masks, make-up, eyes, ointments.
        # A mist is sprayed on and left: never a micellar water, whatever its solubiliser.
        ("Calendula Redness Rescue Calming Mist", SOLUBILISED_WATER, "toner"),
        ("Age Smart Antioxidant Hydramist", SOLUBILISED_WATER, "toner"),  # glued to the word
        ("Beauty Water", SOLUBILISED_WATER, "micellar_water"),  # a 'water' still may be
        ("Mist Hydrating Toner", WATERY, "toner"),
        ("Alchemist Serum", WATERY, "serum"),  # not a mist
        ("Prebiotic Face Vinegar", WATERY, "toner"),
        # An enzyme peel exfoliates; a peeling mask is a mask (four of six collectors, sets
        # 70-102), a clay mask with clay first; peel-off masks are masks.
        ("Treatment Enzyme Peeling Masque", WATERY, "exfoliant"),
        (
            "Herbal Peel Tox Wash Off Type Cream Mask",
            "Aqua, Bentonite, Kaolin, Glycerin",
            "clay_mask",
        ),
        ("Purifying Peel Off Mask", WATERY, "mask"),
        ("Black Peel-Off Mask", WATERY, "mask"),
        # "Foam-Activated" describes the mask.
        ("EradiKate Mask Foam-Activated Acne Treatment", FOAMING, "mask"),
        ("Instant Glow Luminizer", f"Aqua, {CREAM_BASE}", "other"),  # make-up
        ("Instant Eyelift", WATERY, "eye_cream"),
        # A balm built as an ointment is a skin protectant; a creamy balm a moisturizer.
        ("Original Balm", OINTMENT, "other"),
        ("Night Balm", f"Aqua, {CREAM_BASE}", "moisturizer"),
        # After sets 25-26: clean balms, clarifying lotions, all-purpose, scrubs, oil-only night care,
        # SPF 50 colour correctors, removers, emulsifiers, Russian, eyelids, essence sprays, bio-retinoids.
        (
            "All Clean Balm",
            "Ethylhexyl Palmitate, PEG-20 Glyceryl Triisostearate, Cera Alba",
            "oil_cleanser",
        ),
        (
            "Acne Solutions Clarifying Lotion",
            "Aqua, Alcohol Denat., Salicylic Acid, Glycerin",
            "toner",
        ),
        ("All Purpose Skin Cream", "Olea Europaea Fruit Oil, Cera Alba, Mel", "other"),
        ("Pig Nose Clear Blackhead Cleansing Sugar Scrub", "Sucrose, Glycerin, Aqua", "exfoliant"),
        ("Gentle Cleansing Foam", FOAMING, "water_cleanser"),  # cleansing still cleans
        (
            "Night Switch Essential Lipids",
            "Rubus Idaeus Seed Oil, Squalane, Simmondsia Chinensis Seed Oil, Tocopherol",
            "face_oil",
        ),
        (
            "UV Skin Recovery Color Correcting Green Tint Broad Spectrum SPF 50",
            FILTERS,
            "sunscreen",
        ),
        ("Color Correcting Primer", f"Aqua, {CREAM_BASE}", "other"),  # make-up
        # A remover with water first is wiped off like a micellar water; oil first, an oil cleanser.
        (
            "Waterproof Makeup Remover",
            "Aqua, Isohexadecane, Cyclomethicone, Butylene Glycol",
            "micellar_water",
        ),
        (
            "Makeup Remover",
            "Isopropyl Palmitate, Caprylic/Capric Triglyceride, Aqua",
            "oil_cleanser",
        ),
        # A nonionic emulsifier that CosIng also calls a surfactant makes no wash.
        (
            None,
            "Aqua, C12-20 Acid PEG-8 Ester, Butylene Glycol, Dimethicone, Cetyl Alcohol",
            "moisturizer",
        ),
        (None, FOAMING, "water_cleanser"),
        ("Крем для кожи вокруг глаз и губ", WATERY, "eye_cream"),  # Russian: around the eyes
        ("Увлажняющий крем", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Eyelid Lift Serum", WATERY, "eye_cream"),
        ("Hyaluronic Essence Spray", WATERY, "serum"),
        (
            "Bio Retinoid Anti-Wrinkle Concentrate Oil",
            "Rosa Rubiginosa Seed Oil, Squalane, Bakuchiol",
            "face_oil",
        ),
        ("Retinol Anti-Wrinkle Concentrate Oil", "Squalane, Retinol, Tocopherol", "retinoid"),
        # After sets 27-28: French make-up-removing oils, 'Liquid'.
        (
            "Sublimage L'Huile-En-Gel De Démaquillage",
            "Caprylic/Capric Triglyceride, Sucrose Laurate, Squalane",
            "oil_cleanser",
        ),
        ("Triple C Lightning Liquid", "Ascorbic Acid, Propanediol, Aqua", "serum"),
        ("Skin Perfecting 2% BHA Liquid", BHA_LIQUID, "exfoliant"),  # named for its acid
        # After sets 29-30: what follows 'with' is an advertised ingredient; pads, undereye, eye
        # cleansers, peel-off masks.
        # What follows "with" is an ingredient the name advertises, not the product's kind.
        (
            "Night Cream with Pink Clay, Sesame oil & Shea Butter",
            "Aqua, Sesamum Indicum Seed Oil, Kaolin, Glycerin",
            "moisturizer",
        ),
        ("Pink Clay Mask with Rose Oil", "Kaolin, Aqua, Glycerin", "clay_mask"),
        (
            "Acne Cleansing Pads",
            "Aqua, Alcohol, Glycerin, Glycolic Acid, Salicylic Acid",
            "exfoliant",
        ),
        ("Full Night's Sleep Energizing Undereye Balm", WATERY, "eye_cream"),
        ("Lash Boosting Eye Cleanse", "Aqua, Poloxamer 184, Glycerin", "micellar_water"),
        ("Peel-off Mask", "Aqua, Polyvinyl Alcohol, Kaolin, Glycerin", "mask"),
        # After sets 31-32: only the name tells a cleansing balm from an overnight one; spritzes,
        # dark circles.
        # An oil-first balm with an emulsifier: only the name tells a cleansing balm.
        ("Evercalm Overnight Recovery Balm", OIL_AND_EMULSIFIER, "moisturizer"),
        ("All Clean Balm", OIL_AND_EMULSIFIER, "oil_cleanser"),
        ("Xémose Anti-Itch Soothing Oil Balm", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Rejuvenating Facial Spritz", WATERY, "toner"),
        ("Mega-Bright Dark Circle Minimizer", f"Aqua, {CREAM_BASE}", "eye_cream"),
        # After sets 33-34: "Retin-ALT" is a retinol alternative; "Tonifying" a toner word.
        ("Glow Cycle Retin-ALT Power Serum", WATERY, "serum"),
        ("Retin-A Micro Gel", "Tretinoin, Aqua, Glycerin", "retinoid"),
        ("Aroma Cleanse Essential Tonifying Lotion", WATERY, "toner"),
    ],
)
def test_name_boundaries_from_sets_23_to_34(name: str | None, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # A lotion named by its SPF alone is a sun lotion; a moisturizing one stays the moisturizer.
        ("Face Lotion SPF 30", FILTERS, "sunscreen"),
        ("Broad Spectrum SPF 8 Lotion", FILTERS, "sunscreen"),
        ("AM Facial Moisturizing Lotion SPF 15", FILTERS, "moisturizer"),
        ("Hydrating Lotion SPF 20", FILTERS, "moisturizer"),
        ("Daily Moisturizer SPF 15", FILTERS, "moisturizer"),
        ("Hydrating Lotion SPF 30", FILTERS, "sunscreen"),
        # "Pre-cleanse" is the double cleanse's first step.
        ("Precleanse Balm", OIL_AND_EMULSIFIER, "oil_cleanser"),
        ("Pre-Cleanse Oil", OIL_AND_EMULSIFIER, "oil_cleanser"),
        # A cloth packed "with" the product is not the product.
        ("Cleansing Balm with Professional Cleansing Cloth", OIL_AND_EMULSIFIER, "oil_cleanser"),
        ("Makeup Removing Cleansing Cloths", REMOVER_WATER, "micellar_water"),
        # A peel that names its acids is the acid peel, a retinoid in its name or not.
        ("AHA/BHA/Retinoid Daily Clarifying Peel", BHA_LIQUID, "exfoliant"),
        ("Advanced Retinol + Ferulic Overnight Texture Renewal Peel", WATERY, "retinoid"),
        # After sets 39-42: vitamin A is a retinoid's name; a watery "Day Lotion" is the day
        # moisturizer, where a watery "Lotion" alone is a J-beauty toner.
        ("Vitamin A Pommade", "Petrolatum, Paraffinum Liquidum, Retinyl Palmitate", "retinoid"),
        ("Balancing Day Lotion", WATERY, "moisturizer"),
        ("Balancing Lotion", WATERY, "toner"),
        # After sets 43-46: pimple pads are pads; a French "Sérum Anti-Imperfections" is a
        # serum; an acid after "with" is advertised; a make-up "solvent" removes make-up; a
        # body butter is a moisturizer; a watery "milk" is a milky toner.
        ("One Step Pimple Clear Pads", BHA_LIQUID, "exfoliant"),
        ("Pimple Patch", "Hydrocolloid, Salicylic Acid", "spot_treatment"),
        ("Keracnyl Sérum Régulateur Anti-Imperfections", f"Aqua, {CREAM_BASE}", "serum"),
        ("Ferulic Brew Facial Treatment Essence with Lactic Acid", WATERY, "serum"),
        ("Rinse-Off Eye Makeup Solvent", REMOVER_WATER, "micellar_water"),
        (
            "Whipped Argan Oil Firming Body Butter",
            f"Aqua, Argania Spinosa Kernel Oil, {CREAM_BASE}",
            "moisturizer",
        ),
        ("Glow Replenishing Rice Milk", WATERY, "toner"),
        # After sets 47-50: a "Priming Moisturizer" is a moisturizer, a "Beauty Balm" a BB cream;
        # Avène's "Retrinal" names its retinaldehyde.
        ("Priming Moisturizer", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Skin Priming Serum", WATERY, "other"),
        ("MONUPLUS Beauty Balm", f"Aqua, {CREAM_BASE}", "other"),
        ("Retrinal 0.1", f"Aqua, {CREAM_BASE}", "retinoid"),
        # After sets 51-54: a "Foaming Scrub" is a scrub; "Solutions" is a line's name.
        ("Deep Clean Invigorating Foaming Scrub", FOAMING, "exfoliant"),
        ("Gentle Foaming Cleanser", FOAMING, "water_cleanser"),
        ("Blackhead Solutions Pore Toner", WATERY, "toner"),
        ("Glycolic Acid 7% Toning Solution", AHA_TONIC, "exfoliant"),
    ],
)
def test_name_boundaries_from_sets_35_to_54(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


OIL_WITH_LECITHIN = (
    "Caprylic/Capric Triglyceride, Squalane, Simmondsia Chinensis Seed Oil, Lecithin"
)


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # "Krem" is cream in Polish and Turkish (krém in Czech): the cream cues read it.
        ("DS Octopirox Krem Kojący SPF 15", FILTERS, "moisturizer"),
        ("Krem Nawilżający", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Nemlendirici Krem SPF 50", FILTERS, "sunscreen"),
        # Blotting papers are no clay mask, kaolin or not; a clay mask still is one.
        ("Oil Control Blotting Paper", "Kaolin, Cellulose", "other"),
        ("Oil-Absorbing Sheets", "Cellulose, Oryza Sativa Starch", "other"),
        ("Oil Control Clay Mask", "Kaolin, Aqua, Glycerin", "clay_mask"),
        # A gel of water and a washing surfactant is a cleansing gel (even misspelt); a watery
        # gel without one stays the moisturizer.
        ("Purifying Normalising Cleasing Gel", FOAMING, "water_cleanser"),
        ("Hydrating Gel", WATERY, "moisturizer"),
        # A cream built as an ointment is a skin protectant; a cream with water is a cream.
        ("Eight Hour Cream Skin Protectant", OINTMENT, "other"),
        ("Rich Repair Cream", f"Aqua, {CREAM_BASE}", "moisturizer"),
        # Lecithin in an oil blend does not rinse it off; a polysorbate does.
        ("Velvet Skin Drink", OIL_WITH_LECITHIN, "face_oil"),
        ("Velvet Skin Drink", f"{OIL_WITH_LECITHIN}, Polysorbate 80", "oil_cleanser"),
    ],
)
def test_name_boundaries_from_sets_55_to_58(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Cleansing sheets are wipes; a sheet mask is still a mask.
        ("Refreshing Cleansing Sheets", REMOVER_WATER, "micellar_water"),
        ("Hydrating Sheet Mask", WATERY, "mask"),
        # An ingrown-hair tonic is for the skin; a hair tonic is not.
        ("High Roller Ingrown Hair Tonic with AHA and BHA", AHA_TONIC, "exfoliant"),
        ("Hair Tonic", WATERY, "other"),
        # A J-beauty "skin conditioner" is a toner; a conditioner is for hair.
        ("Hatomugi Skin Conditioner", WATERY, "toner"),
        ("Repair Conditioner", f"Aqua, {CREAM_BASE}", "other"),
        # A bath or shower oil is a rinse-off cleansing oil.
        ("Hydrating Bath & Shower Oil", OIL_AND_EMULSIFIER, "oil_cleanser"),
        ("Nourishing Face Oil", OIL_BLEND, "face_oil"),
    ],
)
def test_name_boundaries_from_sets_59_to_62(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # A freshener is a toner; "Foundation Free" is no foundation.
        ("Darling Repairing Facial Freshener", WATERY, "toner"),
        ("Bare Skin Foundation Free Sun", FILTERS, "sunscreen"),
        ("Skin Tint Foundation", f"Aqua, {CREAM_BASE}", "other"),
        # A moisture cushion is a cream; a cushion compact is make-up.
        ("Oil-Free Moisture Cushion", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Cover Cushion", f"Aqua, {CREAM_BASE}", "other"),
        # A hyphenated micro-dermabrasion is an exfoliant.
        ("Epidermal Re-Texturizing Micro-Dermabrasion", f"Aqua, {CREAM_BASE}", "exfoliant"),
        # A product named "Aloe Vera Gel" is the multi-purpose aloe gel.
        ("Saundarya Aloe Vera Gel", WATERY, "other"),
        ("Aloe Vera Gel Cleanser", FOAMING, "water_cleanser"),
        # A no-rinse cleanser is wiped off.
        ("1ère Eau No Rinsing Cleanser", REMOVER_WATER, "micellar_water"),
        # The K-beauty "Skin" is a toner; "for Oily Skin" says whose skin.
        ("Intense Care Snail Skin", WATERY, "toner"),
        ("Gentle Gel for Oily Skin", WATERY, "moisturizer"),
        ("Second Skin Foundation Bare Skin", f"Aqua, {CREAM_BASE}", "other"),
        # "Moisturizing" before "Serum" describes the serum.
        ("Hydro-aid Moisturizing Lifting Serum", f"Aqua, {CREAM_BASE}", "serum"),
        # A scrub or exfoliant mask exfoliates; with clay in its first five it is a clay mask.
        ("Hydro Masque Exfoliant", f"Aqua, {CREAM_BASE}", "exfoliant"),
        ("Face Mask + Scrub", f"Aqua, {CREAM_BASE}", "exfoliant"),
        ("2-in-1 Charcoal Mask + Scrub", "Aqua, Kaolin, Bentonite, Charcoal Powder", "clay_mask"),
    ],
)
def test_name_boundaries_from_sets_63_to_66(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # A priming eye cream is an eye cream; a primer is make-up.
        ("Instant Revival Priming Eye Gel-Cream", f"Aqua, {CREAM_BASE}", "eye_cream"),
        ("Pore Priming Serum", WATERY, "other"),
        # A micellar cleansing oil is a cleansing oil; a micellar water with oil stays one.
        ("Real Cica Micellar Cleansing Oil", OIL_AND_EMULSIFIER, "oil_cleanser"),
        ("Micellar Cleansing Water-In Oil", REMOVER_WATER, "micellar_water"),
        # "Cleansing" before "Mask" describes the mask.
        ("Soda Pore Cleansing O2 Bubble Mask", FOAMING, "mask"),
        ("Pore Cleansing Foam", FOAMING, "water_cleanser"),
    ],
)
def test_name_boundaries_from_sets_67_to_70(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # A retinoid named only after "with" is advertised; one named first is the product.
        ("Overnight Peel with Glycolic Acid, Retinol & Niacinamide", WATERY, "exfoliant"),
        ("Retinol Serum with Vitamin A", WATERY, "retinoid"),
        # A rose-water cream is a cream; rose water alone is a toner.
        ("Rose Water Capsule Cream", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Rose Water Toner", WATERY, "toner"),
    ],
)
def test_name_boundaries_from_sets_71_to_74(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # A tinted moisturizer is a sheer foundation (make-up), like a BB cream, whatever
        # its SPF; a tinted sunscreen is a sunscreen.
        ("Positive Light Tinted Moisturizer Broad Spectrum SPF 20 Sunscreen", FILTERS, "other"),
        ("Complexion Rescue Tinted Moisturizer SPF 30", FILTERS, "other"),
        ("Moisture Bond Tinted Treatment Moisturizer SPF 15", FILTERS, "other"),
        ("Purescreen+ Tinted Sunscreen for Face with SPF 30", FILTERS, "sunscreen"),
        # Rhassoul mud is Moroccan lava clay: a mask led by it is a clay mask.
        ("Cupcake Fresh Face Mask", "Rhassoul Mud, Glycerine, Talc, Cocoa Butter", "clay_mask"),
        # A 'hydrating' blend of oils with no water is a face oil; a watery one the moisturizer.
        ("Hydrating Botanical Blend", OIL_BLEND, "face_oil"),
        ("Hydrating Botanical Blend", f"Aqua, {CREAM_BASE}", "moisturizer"),
    ],
)
def test_name_boundaries_from_sets_75_to_78(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # "Tinted" before a sunscreen word names a tinted sunscreen, not a tinted cream.
        ("Blemish Defense Tinted Sunscreen Cream SPF 50", FILTERS, "sunscreen"),
        ("Tinted Day Cream", f"Aqua, {CREAM_BASE}", "other"),
        # A primer at SPF 30 or more is the day's sun protection; below it, make-up.
        ("2in1 Primer Daily UV Serum SPF 50+", FILTERS, "sunscreen"),
        ("Pack Up & Glow Priming Mineral SPF 40", FILTERS, "sunscreen"),
        ("Pore Primer SPF 15", FILTERS, "other"),
        ("Mattifying Primer", f"Aqua, {CREAM_BASE}", "other"),
        # The misspelt "Freshner" is a freshener, a toner.
        ("Wonder Pore Freshner", WATERY, "toner"),
        # Clay named on pads: pads.
        ("White Clay Acne Treatment Pads", BHA_LIQUID, "exfoliant"),
        # French "soin anti-imperfections" is a care for blemish-prone skin.
        ("Soin matifiant anti-imperfections", f"Aqua, {CREAM_BASE}", "moisturizer"),
        # A watery "cleansing lotion" with nothing that washes is a toner; one that washes
        # is a cleanser.
        ("Alpha Grapefruit Cleansing Lotion", WATERY, "toner"),
        ("Gentle Cleansing Lotion", FOAMING, "water_cleanser"),
    ],
)
def test_name_boundaries_from_sets_79_to_82(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # A product named "makeup" is a foundation, even with an SPF; a make-up remover or a
        # make-up-melting balm is a cleanser.
        ("Workout Makeup Broad Spectrum SPF 40", FILTERS, "other"),
        ("Gentle Makeup Remover", REMOVER_WATER, "micellar_water"),
        ("Makeup Melting Cleansing Balm", OIL_AND_EMULSIFIER, "oil_cleanser"),
        # French "masque nettoyant" and a "wash-mask" are masks; kaolin makes them clay masks.
        (
            "Anti-boutons Masque Nettoyant 2-en-1",
            "Aqua, Kaolin, Glycerin, Sodium Laureth Sulfate",
            "clay_mask",
        ),
        ("Clear & Defend 2-in-1 Wash-Mask", "Aqua, Kaolin, Glycerin", "clay_mask"),
        ("Gel Nettoyant", FOAMING, "water_cleanser"),
    ],
)
def test_name_boundaries_from_sets_83_to_86(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # "Tinted" after the kind word is a tinted moisturizer too.
        ("Argan Daily Moisturizer Tinted SPF 47", FILTERS, "other"),
        # A cleanser of oils with no water and no emulsifier is an oil cleanser (a balm wiped
        # off with a cloth); with water and a surfactant it is a water cleanser.
        ("Carrot Butter Cleanser", OIL_BLEND, "oil_cleanser"),
        ("Daily Cleanser", FOAMING, "water_cleanser"),
        # French "démaquillant" for eyes and lips, or biphase, is a make-up remover.
        ("Démaquillant Waterproof Yeux et Lèvres - Biphase", REMOVER_WATER, "micellar_water"),
        # "Gelée ... anti-imperfections" is a day care for blemish-prone skin.
        ("Gelée Matifiante Anti-Imperfections", WATERY, "moisturizer"),
    ],
)
def test_name_boundaries_from_sets_87_to_90(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # A name ending in a skin type says whose skin; a K-beauty "Skin" is still a toner.
        (
            "Isdinceutics Hyaluronic Moisture Oily and Combination Skin",
            f"Aqua, {CREAM_BASE}",
            "moisturizer",
        ),
        ("Snail Skin", WATERY, "toner"),
        # An "Eyefill Patch" is an eye patch (a mask), not a pimple patch.
        ("E.G.T Essence Gel Eyefill Patch", WATERY, "mask"),
    ],
)
def test_name_boundaries_from_sets_91_to_94(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Turkish kind words: cleanser, mask, eye, cream, moisturizer, toner, micellar, sun.
        ("Jel Temizleyici Losyon", WATERY, "water_cleanser"),
        ("Yatıştırıcı ve Besleyici Nem Maskesi", f"Aqua, {CREAM_BASE}", "mask"),
        ("Neovadiol Göz & Dudak Çevresi Bakım Kremi", f"Aqua, {CREAM_BASE}", "eye_cream"),
        ("VISIO Nemlendirici Gündüz Kremi", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Arındırıcı Tonik", WATERY, "toner"),
        ("Misel Su", WATERY, "micellar_water"),
        ("Güneş Koruyucu Krem SPF 50", f"Aqua, {CREAM_BASE}", "sunscreen"),
        # A micellar or make-up-removing foam, or a face micellar gel, is rinsed off; an eye
        # make-up remover jelly stays the remover.
        ("La gelée micellaire", WATERY, "water_cleanser"),
        ("Mousse Douceur Démaquillante Visage et Yeux", WATERY, "water_cleanser"),
        ("Gelée Micellaire Démaquillante Yeux", WATERY, "micellar_water"),
        ("Moist Floral Water Cleanser", WATERY, "micellar_water"),
        # A "Wash Peeling Gel" is a peeling gel (an exfoliant), not a face wash.
        ("Pore Control Daily Wash Peeling Gel", WATERY, "exfoliant"),
        ("Daily Face Wash", WATERY, "water_cleanser"),
    ],
)
def test_name_boundaries_from_sets_95_to_98(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # French "regard" is the eye contour; "patchs yeux" are eye patches (a mask).
        ("Hyaluron Activ B3 Soin regard triple correction", f"Aqua, {CREAM_BASE}", "eye_cream"),
        ("Gel Botanique Regard", WATERY, "eye_cream"),
        ("Patchs yeux lissants hydro-gel", WATERY, "mask"),
        # A "lotion tonique" stays the toner it is sold as, micellar solubiliser or not; a
        # "water" built like a micellar water removes make-up like one.
        ("Lotion tonique raffermissante", MICELLAR, "toner"),
        # A peeling mask is a mask; a make-up setting spray at SPF 30 is sun protection.
        ("Masque Peel Double Éclat", WATERY, "mask"),
        ("Set + Protect Makeup Setting Spray SPF 30", WATERY, "sunscreen"),
        ("Makeup Setting Spray", WATERY, "other"),
        ("Fluide Bonne Mine (Healthy Glow Fluid)", f"Aqua, {CREAM_BASE}", "other"),
    ],
)
def test_name_boundaries_from_sets_99_to_102(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


def test_a_flower_water_built_like_a_micellar_water_is_one() -> None:
    assert role_of("Rose Water", MICELLAR)[0] == "micellar_water"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Hand and foot products are other; an aloe gel named a toner is the toner.
        ("The Ritual of Ayurveda Hand Balm", f"Aqua, {CREAM_BASE}", "other"),
        ("Shiny Foot Super Peeling Liquid", WATERY, "other"),
        ("Aloe Soothing Essence 98% Toner", WATERY, "toner"),
        ("Aloe Soothing Gel 99%", WATERY, "other"),
    ],
)
def test_name_boundaries_from_sets_103_to_110(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Korean (Hangul) kind words: oil, serum, ampoule, cream, toner, cleanser, mask, sun.
        ("인텐스 글로우 오일", "Squalane, Caprylic/Capric Triglyceride, Tocopherol", "face_oil"),
        (
            "라운드랩 클렌징 오일",
            "Squalane, Caprylic/Capric Triglyceride, Tocopherol",
            "oil_cleanser",
        ),
        ("마데카소사이드 흔적 리페어 세럼", WATERY, "serum"),
        ("힐러 턴오버 앰플 듀얼 이펙트", WATERY, "serum"),
        ("수분 크림", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("약산성 토너", WATERY, "toner"),
        ("약산성 클렌징 폼", FOAMING, "water_cleanser"),
        ("시트 마스크", WATERY, "mask"),
        ("톤업 선크림", f"{FILTERS}, {CREAM_BASE}", "sunscreen"),
    ],
)
def test_name_boundaries_from_sets_111_to_114(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Buffing and "resurfaçante" creams exfoliate; an after-sun mask is a mask; a Korean
        # mist (미스트), cream mist or not, is a toner sprayed on.
        ("Gentle Buffing Cream", f"Aqua, {CREAM_BASE}", "exfoliant"),
        ("Crème Resurfaçante", f"Aqua, {CREAM_BASE}", "exfoliant"),
        ("Clean Watermelon After Sun Mask", f"Aqua, {CREAM_BASE}", "mask"),
        ("After Sun Cooling Gel", WATERY, "other"),
        ("바이옴 베리어 크림 미스트", f"Aqua, {CREAM_BASE}", "toner"),
    ],
)
def test_name_boundaries_from_sets_115_to_118(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # French "émulsion" (accented) and "brume" (mist), Portuguese "olhos" (eyes); a
        # "toning ... cream" is the cream, a "toning lotion" stays a toner.
        ("Émulsion Jeunesse Affinante", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Brume Hydratante", WATERY, "toner"),
        ("Gel Creme Hidratante para Área dos Olhos", f"Aqua, {CREAM_BASE}", "eye_cream"),
        ("Vitamin Toning Barrier Cream 60g", f"Aqua, {CREAM_BASE}", "moisturizer"),
        ("Clarifying Toning Lotion", WATERY, "toner"),
    ],
)
def test_name_boundaries_from_sets_119_to_122(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Japanese kind words (セラム, 洗顔, 化粧水/ローション: a Japanese "lotion" is the toner,
        # UV before katakana).
        ("トーンアップUVミルク", f"{FILTERS}, {CREAM_BASE}", "sunscreen"),
        ("角層トーニングセラム", WATERY, "serum"),
        ("薬用洗顔フォーム", FOAMING, "water_cleanser"),
        ("モイスチャーローション", WATERY, "toner"),
    ],
)
def test_name_boundaries_from_sets_123_to_126(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


def test_an_exfoliating_tonique_is_a_toner_like_an_exfoliating_toner() -> None:
    # Set 134: "Lotion Tonique Exfoliante" reads as "Exfoliating Toner" does.
    assert (
        role_of("Lotion Tonique Exfoliante", WATERY)[0] == role_of("Exfoliating Toner", WATERY)[0]
    )
    assert role_of("Lotion Tonique Exfoliante", WATERY)[0] == "toner"


def test_a_desincrustant_is_an_exfoliant() -> None:
    # French "désincrustant" (set 129): a pore-unclogging scrub or gel.
    assert role_of("Visibly Clear Désincrustant Points Noirs", FOAMING)[0] == "exfoliant"


def test_a_retinoid_deep_in_a_long_list_is_a_trace() -> None:
    extracts = ", ".join(f"Plant {i} Extract" for i in range(60))
    deep = f"Aqua, Glycerin, {extracts}, Retinyl Retinoate, Phenoxyethanol, Parfum"
    assert role_of("Confidence in a Cream Hydrating Moisturizer", deep)[0] == "moisturizer"
    early = f"Aqua, Glycerin, Retinol, {extracts}, Phenoxyethanol"
    assert role_of("Renewal Night Cream", early)[0] == "retinoid"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Set 135: Turkish "kil" is clay, "sprey" a spray; "Clay" printed alone is an INCI name.
        (
            "Beyaz Kil Maskesi 15 ml",
            "Aqua, Clay, Glycerin, Cetearyl Alcohol, Glyceryl Stearate SE, Xanthan Gum",
            "clay_mask",
        ),
        ("BARİYER SPREY", WATERY, "toner"),
        # Set 138: French "cernes" (dark circles) sells the eye area.
        ("Sérum Cernes et Poches — Caféine 5% + Niacinamide 5%", WATERY, "eye_cream"),
    ],
)
def test_name_words_from_sets_135_to_138(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


def test_dermokil_is_no_clay_mask_by_its_brand_name() -> None:
    # "kil" must be a word: the brand "Dermokil" after the name names no clay.
    assert role_of("Hydrating Mask | Dermokil", WATERY)[0] != "clay_mask"


SOAP = "Olea Europaea Fruit Oil, Cocos Nucifera Oil, Aqua, Sodium Hydroxide, Glycerin"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Set 139: a soap lists the oils it was saponified from; it is still rinsed off.
        ("NAUFA Face Soap 50g", SOAP, "water_cleanser"),
        # Set 140: Polish "oczy", eyes.
        ("Krem pod oczy", CREAM_BASE, "eye_cream"),
        # Set 141: Japanese "ミルク" (milk) and "保湿" (moisturizing) are the moisturizer.
        ("アミノモイスト モイストチャージミルク", WATERY, "moisturizer"),
        ("ハトムギ保湿ジェル", WATERY, "moisturizer"),
        # Set 142: "BB Size" is a big bottle, not a BB cream.
        ("Probiome Skin Tonic (BB Size)", WATERY, "toner"),
    ],
)
def test_name_words_from_sets_139_to_142(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


def test_a_soap_brand_is_no_soap() -> None:
    assert role_of("Soap & Glory Hydrating Face Cream", CREAM_BASE)[0] == "moisturizer"


CLEANSING_OIL = "Mineral Oil, Cetyl Ethylhexanoate, PEG-8 Glyceryl Isostearate, Tocopherol"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Set 143: Japanese kind words, printed with or without spaces.
        ("マイルド クレンジング オイル", CLEANSING_OIL, "oil_cleanser"),
        ("クレージュ クリアクレンジング", FOAMING, "water_cleanser"),
        ("アルビオン 薬用スキンコンディショナー エッセンシャル", WATERY, "toner"),
        ("DHC にきび軟膏", BLEMISH_GEL, "spot_treatment"),
        ("キュレル ジェルメイク落とし", REMOVER_WATER, "micellar_water"),
    ],
)
def test_japanese_kind_words_from_set_143(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


SUN_MILK = "水、酸化亜鉛、BG、グリセリン、酸化チタン、エチルヘキシルトリアゾン"
SUGAR_SCRUB = (
    "Glycerin, Propanediol, Sucrose, Coffea Arabica Seed Powder, Prunus Amygdalus Dulcis Oil"
)


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Set 147: "UV" after katakana ("モイスチャーUV") sells sun protection, like "UVミルク".
        ("モイスチャーUV マイルドミルク a", SUN_MILK, "sunscreen"),
        # Set 147: Latvian "micelārais ūdens", micellar water.
        ("BIELENDA COLLAGEN micelārais ūdens sejai/acīm/lūpām 400ml", MICELLAR, "micellar_water"),
        # Set 148: a "Face and Lip Scrub" is the face's exfoliant ...
        ("Smooth Sugar Wake-Up Coffee Face and Lip Scrub 50ml", SUGAR_SCRUB, "exfoliant"),
        # ... and a lip scrub alone is still a lip product.
        ("Sugar Lip Scrub", SUGAR_SCRUB, "other"),
    ],
)
def test_name_words_from_sets_147_to_150(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


OILY_REMOVER = "Aqua, Helianthus Annuus Seed Oil, Simmondsia Chinensis Seed Oil, Cera Alba"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Set 151: an eye strip is laid on like an eye patch.
        ("DHC Revitalizing Moisture Strip: Eyes - 6 Applications", WATERY, "mask"),
        # Set 151: a cleanser that also removes make-up is the cleanser it names ...
        ("Gentle Cleanser/Makeup Remover", OILY_REMOVER, "water_cleanser"),
        ("Camellia Cleanser & Makeup Remover", CLEANSING_OIL, "oil_cleanser"),
        # ... while a make-up remover alone, water-based, is still wiped off.
        ("Gentle Makeup Remover", REMOVER_WATER, "micellar_water"),
        # Set 152: a colour compact is make-up; a tone-up sleeping pack is a mask.
        ("Color Compact Oil-Free SPF 50", "Water, Titanium Dioxide, Glycerin", "other"),
        ("White Tone Up Sleeping Pack", CREAM_BASE, "mask"),
        # Set 154: German "Waschstück" (a wash bar), Polish "maseczka" (a mask).
        ("Seifenfreies Waschstück", FOAMING, "water_cleanser"),
        ("DUETUS Maseczka do twarzy", WATERY, "mask"),
    ],
)
def test_name_words_from_sets_151_to_154(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Set 155/156: a night treatment with no active named is the night cream ...
        ("Inflam-Aging Night Repair Treatment", CREAM_BASE, "moisturizer"),
        ("Ceramide Hydrating Night Treatment", WATERY, "moisturizer"),
        # ... while an acid or a blemish named first decides.
        ("Watermelon Glow AHA Night Treatment", WATERY, "exfoliant"),
        ("C-50 Blemish Night Treatment", WATERY, "spot_treatment"),
        # Set 155: a resurfacing or peeling foam is sold to exfoliate, not to cleanse.
        ("Radiance Resurfacing Foam", CREAM_BASE, "exfoliant"),
        ("Northern Light Micro-Peeling Foam", WATERY, "exfoliant"),
        ("Scrub Foam", FOAMING, "water_cleanser"),
        # Set 155: a powder with no other kind word is make-up or a pure active.
        ("Pure Fit Cica Powder", "Silica, Zinc Oxide, Centella Asiatica Extract", "other"),
        ("Soda Pore Cleansing Powder Wash", FOAMING, "water_cleanser"),
        # Set 157: Japanese "フェイスウォッシュ" is a face wash; set 145: "化粧水" is a toner.
        ("フェイスウォッシュ", FOAMING, "water_cleanser"),
        ("明色美顔水 薬用化粧水", "Salicylic Acid, Propylene Glycol, Alcohol Denat.", "toner"),
    ],
)
def test_name_words_from_sets_155_to_158(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


OILY_SERUM = "Squalane, Caprylic/Capric Triglyceride, Simmondsia Chinensis Seed Oil, Tocopherol"


@pytest.mark.parametrize(
    ("name", "label", "role"),
    [
        # Set 159: a Japanese eye make-up remover, water-based, is wiped off.
        ("ビフェスタ アイメイクアップリムーバー", REMOVER_WATER, "micellar_water"),
        # Sets 160, 161: an oil serum with water first is a serum; on oils, the face oil.
        ("Immortelle Reset Overnight Reset Oil-In Serum", WATERY, "serum"),
        ("Radiance Face Oil Serum", WATERY, "serum"),
        ("Youthful Oil Serum", OILY_SERUM, "face_oil"),
        # Set 162: a whipped cleansing foam; a whipped moisturizer stays the cream.
        ("Perfect Whip Vit C Poreless Glow", FOAMING, "water_cleanser"),
        ("Honey Whip Peptide Moisturizer", CREAM_BASE, "moisturizer"),
        # Set 162: Japanese "ミスト" is a mist.
        ("おやすミスト", WATERY, "toner"),
        # Set 160: "Beta Retinol" sells bakuchiol, not a retinoid.
        ("Argan Beta Retinol Pink Algae Serum", WATERY, "serum"),
    ],
)
def test_name_words_from_sets_159_to_162(name: str, label: str, role: str) -> None:
    assert role_of(name, label)[0] == role


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("潤浸保湿　ＵＶローション", "sunscreen"),  # full-width "UV" (Curél, set 167)
        ("레티놀 슈퍼 바운스 세럼", "retinoid"),  # retinol in Korean (IOPE, set 168)
        ("レチノール セラム", "retinoid"),  # and in Japanese
        ("Micellar Mousse™", "water_cleanser"),  # a trade mark is not a word of the name
    ],
)
def test_name_cues_in_other_scripts_and_widths(name: str, role: str) -> None:
    text = "Water, Glycerin, Sodium Lauroyl Methyl Isethionate, Retinol, Ethylhexyl Salicylate"
    assert analyze_product(text, name=name).role.role == role
