"""Validate the curated ingredient data files the ingredient engine reads.

The files are data, not code, so these tests are their type checker: columns, class ids,
citations on every comedogenic rating, one INCI name per alias, valid CAS check digits,
a catalog product for every step kind, and the benchmark's real labels well formed.
They read the files directly (``importlib.resources``), not through the engine, so a
broken file is reported here even while the engine is being changed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
REAL_LABELS = REPO / "bench" / "data" / "real_labels.jsonl"

#: Product roles, as listed in issue 3 (``check`` output ``role``).
ROLES = frozenset(
    {
        "oil_cleanser",
        "micellar_water",
        "water_cleanser",
        "toner",
        "exfoliant",
        "serum",
        "retinoid",
        "moisturizer",
        "sunscreen",
        "clay_mask",
        "mask",
        "eye_cream",
        "spot_treatment",
        "face_oil",
        "other",
    }
)
#: The plan's step kinds; each needs at least one product in the starter catalog.
STEP_KINDS = (
    "oil_cleanser",
    "micellar_water",
    "water_cleanser",
    "toner",
    "exfoliant",
    "serum",
    "retinoid",
    "spot_treatment",
    "clay_mask",
    "moisturizer",
    "sunscreen",
)
REQUIRED_CLASSES = [
    "hyaluronic_acid",
    "niacinamide",
    "retinoid",
    "aha",
    "bha",
    "pha",
    "clay",
    "cica",
    "green_tea",
    "surfactant",
    "oil_ester",
    "emulsifier",
    "uv_filter",
    "fragrance",
    "fragrance_allergen",
    "drying_alcohol",
    "humectant",
    "benzoyl_peroxide",
    "silicone",
    "preservative",
    "emollient",
    "occlusive",
    "antioxidant",
    "colorant",
    "solvent",
    "thickener",
    "ph_adjuster",
    "chelator",
    "film_former",
]
#: The 26 fragrance allergens labelled under Regulation (EC) No 1223/2009 Annex III.
EU_26_ALLERGENS = (
    "AMYL CINNAMAL",
    "AMYLCINNAMYL ALCOHOL",
    "ANISE ALCOHOL",
    "BENZYL ALCOHOL",
    "BENZYL BENZOATE",
    "BENZYL CINNAMATE",
    "BENZYL SALICYLATE",
    "BUTYLPHENYL METHYLPROPIONAL",
    "CINNAMAL",
    "CINNAMYL ALCOHOL",
    "CITRAL",
    "CITRONELLOL",
    "COUMARIN",
    "EUGENOL",
    "FARNESOL",
    "GERANIOL",
    "HEXYL CINNAMAL",
    "HYDROXYCITRONELLAL",
    "HYDROXYISOHEXYL 3-CYCLOHEXENE CARBOXALDEHYDE",
    "ISOEUGENOL",
    "LIMONENE",
    "LINALOOL",
    "METHYL 2-OCTYNOATE",
    "ALPHA-ISOMETHYL IONONE",
    "EVERNIA PRUNASTRI EXTRACT",
    "EVERNIA FURFURACEA EXTRACT",
)
#: Canonical names that are not CosIng INCI names on purpose: drugs, a US label group name
#: (iron oxides) and the USP-NF "Emulsifying Wax", a blend indie labels print under that name.
NOT_IN_COSING = frozenset(
    {"ADAPALENE", "TRETINOIN", "TRIFAROTENE", "ISOTRETINOIN", "IRON OXIDES", "EMULSIFYING WAX"}
)
#: INCI names real labels print that the 2020 CosIng export in ../shared lacks (documented in
#: knowledge/data/README.md).
NOT_IN_THE_2020_EXPORT = frozenset(
    {"2-MERCAPTONICOTINOYL GLYCINE", "CARBONATED WATER", "ZIZIPHUS JUJUBA FRUIT EXTRACT"}
)
PRIMARY_SOURCES = ("Fulton", "Morris WE, Kwan SC", "Kligman", "Draelos")


def _text(name: str) -> str:
    return (
        resources.files("porecare.knowledge").joinpath(f"data/{name}").read_text(encoding="utf-8")
    )


def _rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(_text(name)))
    return list(reader.fieldnames or []), list(reader)


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _bar(value: str) -> list[str]:
    return [part for part in value.split("|") if part]


@pytest.fixture(scope="module")
def ingredients() -> list[dict[str, str]]:
    header, rows = _rows("ingredients.csv")
    assert header == ["inci_name", "aliases", "classes", "functions", "cas_number"]
    return rows


@pytest.fixture(scope="module")
def class_file() -> dict[str, Any]:
    return tomllib.loads(_text("ingredient_classes.toml"))


@pytest.fixture(scope="module")
def by_name(ingredients: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["inci_name"]: row for row in ingredients}


# ---------------------------------------------------------------- ingredients.csv


def test_table_is_large_and_names_are_canonical(ingredients: list[dict[str, str]]) -> None:
    assert len(ingredients) >= 600
    names = [row["inci_name"] for row in ingredients]
    assert len(names) == len(set(names)), [n for n, c in Counter(names).items() if c > 1]
    for row in ingredients:
        name = row["inci_name"]
        assert name == name.strip() == name.upper(), f"{name!r}: INCI names are upper case"
        assert row["classes"], f"{name}: every ingredient needs at least one class"
        for field in ("aliases", "classes", "functions"):
            parts = row[field].split("|") if row[field] else []
            assert all(p and p == p.strip() for p in parts), f"{name}: empty or padded {field}"


def test_every_class_id_is_defined(
    ingredients: list[dict[str, str]], class_file: dict[str, Any]
) -> None:
    defined = set(class_file["class"])
    used = {c for row in ingredients for c in _bar(row["classes"])}
    assert used <= defined, sorted(used - defined)
    assert not defined - used, f"classes nothing belongs to: {sorted(defined - used)}"


def test_no_alias_points_at_two_ingredients(ingredients: list[dict[str, str]]) -> None:
    owner: dict[str, str] = {}
    for row in ingredients:
        owner[_key(row["inci_name"])] = row["inci_name"]
    clashes = []
    for row in ingredients:
        for alias in _bar(row["aliases"]):
            other = owner.setdefault(_key(alias), row["inci_name"])
            if other != row["inci_name"]:
                clashes.append((alias, other, row["inci_name"]))
    assert not clashes


def _cas_ok(cas: str) -> bool:
    match = re.fullmatch(r"(\d{2,7})-(\d\d)-(\d)", cas)
    if not match:
        return False
    digits = (match.group(1) + match.group(2))[::-1]
    return sum((i + 1) * int(d) for i, d in enumerate(digits)) % 10 == int(match.group(3))


def test_cas_numbers_have_valid_check_digits(ingredients: list[dict[str, str]]) -> None:
    bad = [(r["inci_name"], r["cas_number"]) for r in ingredients if r["cas_number"]]
    assert [b for b in bad if not _cas_ok(b[1])] == []
    assert not _cas_ok("7732-18-6")  # water with a wrong check digit


@pytest.mark.parametrize(
    ("name", "klass"),
    [
        ("HYALURONIC ACID", "hyaluronic_acid"),
        ("SODIUM HYALURONATE", "hyaluronic_acid"),
        ("HYDROLYZED HYALURONIC ACID", "hyaluronic_acid"),
        ("SODIUM ACETYLATED HYALURONATE", "hyaluronic_acid"),
        ("SODIUM HYALURONATE CROSSPOLYMER", "hyaluronic_acid"),
        ("POTASSIUM HYALURONATE", "hyaluronic_acid"),
        ("NIACINAMIDE", "niacinamide"),
        ("RETINOL", "retinoid"),
        ("RETINAL", "retinoid"),
        ("RETINYL PALMITATE", "retinoid"),
        ("RETINYL ACETATE", "retinoid"),
        ("RETINYL PROPIONATE", "retinoid"),
        ("HYDROXYPINACOLONE RETINOATE", "retinoid"),
        ("ADAPALENE", "retinoid"),
        ("TRETINOIN", "retinoid"),
        ("GLYCOLIC ACID", "aha"),
        ("LACTIC ACID", "aha"),
        ("MANDELIC ACID", "aha"),
        ("CITRIC ACID", "aha"),
        ("MALIC ACID", "aha"),
        ("TARTARIC ACID", "aha"),
        ("SALICYLIC ACID", "bha"),
        ("BETAINE SALICYLATE", "bha"),
        ("CAPRYLOYL SALICYLIC ACID", "bha"),
        ("SALIX ALBA BARK EXTRACT", "bha"),
        ("GLUCONOLACTONE", "pha"),
        ("LACTOBIONIC ACID", "pha"),
        ("KAOLIN", "clay"),
        ("BENTONITE", "clay"),
        ("MONTMORILLONITE", "clay"),
        ("ILLITE", "clay"),
        ("MAGNESIUM ALUMINUM SILICATE", "clay"),
        ("SOLUM FULLONUM", "clay"),
        ("CENTELLA ASIATICA EXTRACT", "cica"),
        ("MADECASSOSIDE", "cica"),
        ("ASIATICOSIDE", "cica"),
        ("ASIATIC ACID", "cica"),
        ("MADECASSIC ACID", "cica"),
        ("CAMELLIA SINENSIS LEAF EXTRACT", "green_tea"),
        ("SODIUM LAURETH SULFATE", "surfactant"),
        ("COCAMIDOPROPYL BETAINE", "surfactant"),
        ("CAPRYLIC/CAPRIC TRIGLYCERIDE", "oil_ester"),
        ("PARAFFINUM LIQUIDUM", "oil_ester"),
        ("PEG-20 GLYCERYL TRIISOSTEARATE", "emulsifier"),
        ("ZINC OXIDE", "uv_filter"),
        ("BUTYL METHOXYDIBENZOYLMETHANE", "uv_filter"),
        ("PARFUM", "fragrance"),
        ("ALCOHOL", "drying_alcohol"),
        ("ALCOHOL DENAT.", "drying_alcohol"),
        ("ISOPROPYL ALCOHOL", "drying_alcohol"),
        ("SD ALCOHOL 40", "drying_alcohol"),
        ("BENZOYL PEROXIDE", "benzoyl_peroxide"),
        ("TREMELLA FUCIFORMIS EXTRACT", "humectant"),
    ],
)
def test_method_ingredients_carry_their_class(
    by_name: dict[str, dict[str, str]], name: str, klass: str
) -> None:
    assert name in by_name, f"{name} is missing from ingredients.csv"
    assert klass in _bar(by_name[name]["classes"]), (name, by_name[name]["classes"])


def test_fatty_alcohols_are_not_drying_alcohols(by_name: dict[str, dict[str, str]]) -> None:
    for name in ("CETYL ALCOHOL", "CETEARYL ALCOHOL", "STEARYL ALCOHOL", "BEHENYL ALCOHOL"):
        assert "drying_alcohol" not in _bar(by_name[name]["classes"]), name


def test_eu_26_fragrance_allergens_are_all_flagged(by_name: dict[str, dict[str, str]]) -> None:
    assert len(EU_26_ALLERGENS) == 26
    for name in EU_26_ALLERGENS:
        assert "fragrance_allergen" in _bar(by_name[name]["classes"]), name


@pytest.mark.parametrize(
    ("label", "inci"),
    [
        ("Water", "AQUA"),
        ("Eau", "AQUA"),
        ("Fragrance", "PARFUM"),
        ("Tremella Fuciformis (Mushroom) Extract", "TREMELLA FUCIFORMIS EXTRACT"),
        ("Butyrospermum Parkii (Shea) Butter", "BUTYROSPERMUM PARKII BUTTER"),
        ("Vitamin E", "TOCOPHEROL"),
        ("Octyl Stearate", "ETHYLHEXYL STEARATE"),
        ("Mineral Oil", "PARAFFINUM LIQUIDUM"),
        ("Willow Bark Extract", "SALIX ALBA BARK EXTRACT"),
        ("Avobenzone", "BUTYL METHOXYDIBENZOYLMETHANE"),
        ("Titanium Dioxide (CI 77891)", "CI 77891"),
        ("Edetate Disodium", "DISODIUM EDTA"),
    ],
)
def test_common_label_names_are_aliases(
    ingredients: list[dict[str, str]], label: str, inci: str
) -> None:
    owners = [r["inci_name"] for r in ingredients if _key(label) in map(_key, _bar(r["aliases"]))]
    assert owners == [inci]


def test_names_are_cosing_inci_names(ingredients: list[dict[str, str]], shared_dir: Path) -> None:
    """Every canonical name is spelled as in the EU CosIng inventory (bar documented drugs)."""
    path = shared_dir / "data" / "cosing" / "cosing-inventory-2020.csv"
    with path.open(encoding="utf-8") as handle:
        cosing = {row["inci_name"] for row in csv.DictReader(handle)}
    missing = [
        r["inci_name"]
        for r in ingredients
        if r["inci_name"] not in cosing | NOT_IN_COSING | NOT_IN_THE_2020_EXPORT
    ]
    assert missing == []


# ---------------------------------------------------------------- ingredient_classes.toml


def test_classes_explain_why_and_cite_a_source(class_file: dict[str, Any]) -> None:
    table = class_file["class"]
    for class_id in REQUIRED_CLASSES:
        assert class_id in table, class_id
    for class_id, entry in table.items():
        for field in ("label", "description", "why", "source"):
            assert isinstance(entry.get(field), str) and entry[field].strip(), (class_id, field)
    assert "1223/2009" in table["fragrance_allergen"]["source"]
    assert "2023/1545" in table["fragrance_allergen"]["source"]
    for class_id in ("aha", "bha", "pha"):
        assert "Many toners also contain" in table[class_id]["source"], class_id


def test_comedogenic_caveat_is_in_the_data(class_file: dict[str, Any]) -> None:
    caveat = class_file["caveat"]["comedogenic"]
    assert "undiluted" in caveat and "not necessarily comedogenic" in caveat
    assert "Fulton" in class_file["caveat"]["comedogenic_source"]


# ---------------------------------------------------------------- comedogenic.csv


def test_every_rating_is_cited_and_in_range(by_name: dict[str, dict[str, str]]) -> None:
    header, rows = _rows("comedogenic.csv")
    assert header == ["inci_name", "rating", "irritancy", "test", "concentration", "source"]
    assert len(rows) >= 30
    names = [r["inci_name"] for r in rows]
    assert len(names) == len(set(names))
    for row in rows:
        where = row["inci_name"]
        assert where in by_name, f"{where}: not in ingredients.csv"
        assert row["rating"].isdigit() and 0 <= int(row["rating"]) <= 5, where
        assert row["irritancy"] == "" or 0 <= int(row["irritancy"]) <= 5, where
        assert row["test"], f"{where}: say how it was tested"
        assert any(author in row["source"] for author in PRIMARY_SOURCES), where


def test_known_ratings_from_the_literature() -> None:
    _, rows = _rows("comedogenic.csv")
    rating = {r["inci_name"]: int(r["rating"]) for r in rows}
    assert rating["ISOPROPYL MYRISTATE"] == 5
    assert rating["ACETYLATED LANOLIN ALCOHOL"] == 4
    assert rating["PETROLATUM"] == 0
    assert rating["LAURIC ACID"] > rating["STEARIC ACID"]


# ---------------------------------------------------------------- catalog.toml


def test_catalog_covers_every_step_kind() -> None:
    products = tomllib.loads(_text("catalog.toml"))["product"]
    for number, product in enumerate(products, start=1):
        for field in ("name", "brand", "category", "ingredients", "source"):
            assert isinstance(product.get(field), str) and product[field].strip(), (number, field)
        assert product["category"] in ROLES, (product["name"], product["category"])
    kinds = Counter(p["category"] for p in products)
    assert [k for k in STEP_KINDS if kinds[k] == 0] == []
    names = [(p["brand"], p["name"]) for p in products]
    assert len(names) == len(set(names))


# ---------------------------------------------------------------- bench/data/real_labels.jsonl


def test_real_labels_are_well_formed() -> None:
    lines = REAL_LABELS.read_text(encoding="utf-8").splitlines()
    assert 60 <= len(lines) <= 100
    seen = set()
    for number, line in enumerate(lines, start=1):
        record = json.loads(line)
        assert set(record) == {"name", "brand", "category", "ingredients", "source"}, number
        assert all(isinstance(v, str) and v.strip() for v in record.values()), number
        assert record["category"] in ROLES, (number, record["category"])
        assert (record["brand"], record["name"]) not in seen, number
        seen.add((record["brand"], record["name"]))
    categories = Counter(json.loads(line)["category"] for line in lines)
    assert len(categories) >= 12, categories
