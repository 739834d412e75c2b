"""Shelf, CosIng and Open Beauty Facts imports, catalog, and choosing products for a plan."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from porecare.errors import DataFileError, IngredientError, UsageError
from porecare.ingredients import (
    STEP_KINDS,
    CatalogProduct,
    Dictionary,
    ProductRecord,
    add_product,
    analyze_product,
    attach_for_plan,
    catalog_products,
    choose_products,
    import_cosing,
    import_obf,
    list_products,
    remove_product,
)
from porecare.journal._db import open_database
from porecare.profile import Profile, sample_profile


@pytest.fixture
def conn(data_dir: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(data_dir)
    yield connection
    connection.close()


def profile(**changes: Any) -> Profile:
    base = {
        **sample_profile().to_dict(),
        "acne_prone": False,
        "sensitive": False,
        "pregnant_or_breastfeeding": False,
    }
    return Profile.from_mapping({**base, **changes})


# --- shelf ---------------------------------------------------------------------------------


def test_shelf_add_list_remove(conn: sqlite3.Connection) -> None:
    record = add_product(conn, "Gentle Foaming Cleanser", "Aqua, Sodium Laureth Sulfate, Glycerin")
    assert record.id > 0 and record.role == "water_cleanser"
    assert record.analysis["ingredients"][0]["inci"] is not None
    second = add_product(conn, "Niacinamide Serum", "Aqua, Niacinamide, Glycerin")
    assert [p.name for p in list_products(conn)] == ["Gentle Foaming Cleanser", "Niacinamide Serum"]
    stored = conn.execute("SELECT role, analysis_json FROM products WHERE id = ?", (second.id,))
    role, analysis_json = stored.fetchone()
    assert role == "serum" and json.loads(analysis_json)["role"]["role"] == "serum"
    removed = remove_product(conn, record.id)
    assert removed.name == "Gentle Foaming Cleanser"
    assert [p.id for p in list_products(conn)] == [second.id]


def test_shelf_refuses_bad_input_and_keeps_data(conn: sqlite3.Connection) -> None:
    add_product(conn, "Keep Me", "Aqua, Glycerin")
    with pytest.raises(UsageError, match="--name is empty"):
        add_product(conn, "  ", "Aqua")
    with pytest.raises(IngredientError, match="no ingredient names"):
        add_product(conn, "Empty", " , ; ")
    with pytest.raises(UsageError, match="no product with id 999"):
        remove_product(conn, 999)
    assert [p.name for p in list_products(conn)] == ["Keep Me"]


# --- CosIng --------------------------------------------------------------------------------


def test_import_cosing_from_shared_inventory(conn: sqlite3.Connection, shared_dir: Path) -> None:
    path = shared_dir / "data" / "cosing" / "cosing-inventory-2020.csv"
    before = Dictionary.load(conn)
    assert before.lookup("Astrocaryum Vulgare Seed Butter") is None
    result = import_cosing(conn, path)
    assert result.imported > 28_000 and result.total_in_table == result.imported
    dictionary = Dictionary.load(conn)
    assert len(dictionary) > len(before) + 20_000
    entry = dictionary.lookup("Astrocaryum Vulgare Seed Butter")
    assert entry is not None and entry.source == "cosing"
    # Curated entries keep their classes after an import.
    niacinamide = dictionary.lookup("Niacinamide")
    assert niacinamide is not None and "niacinamide" in niacinamide.classes
    # A second import replaces, it does not duplicate.
    again = import_cosing(conn, path)
    assert again.total_in_table == result.total_in_table


def test_import_cosing_official_layout(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "COSING_Ingredients.csv"
    path.write_text(
        "COSING Ingredients-Fragrance Inventory export\n"
        "Date: 2026-11-01\n\n"
        "COSING Ref No,INCI name,INN name,Ph. Eur. Name,CAS No,EC No,"
        "Chem/IUPAC Name / Description,Restriction,Function,Update Date\n"
        '12345,HYDROXYACETOPHENONE,,,99-93-4,202-802-8,"4-hydroxy",,"ANTIOXIDANT, SKIN '
        'CONDITIONING",01/01/2020\n'
        "12346,ZZTEST ESTER,,,,,,,EMOLLIENT,01/01/2020\n",
        encoding="utf-8",
    )
    result = import_cosing(conn, path)
    assert result.imported == 2
    entry = Dictionary.load(conn).lookup("zztest ester")
    assert entry is not None and "emollient" in entry.classes


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,price\nfoo,1\n", "not a CosIng inventory"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"),
        ("inci_name,function\nCAF\xc9,x\n".encode("latin-1"), "not UTF-8"),
        (b"inci_name,cas_number\n", "no ingredient rows"),
    ],
)
def test_import_cosing_refuses_foreign_files_before_writing(
    conn: sqlite3.Connection, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "foreign.csv"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match=message):
        import_cosing(conn, path)
    assert conn.execute("SELECT COUNT(*) FROM ingredient_names").fetchone()[0] == 0


# --- Open Beauty Facts ---------------------------------------------------------------------

OBF_TSV = (
    "code\turl\tproduct_name\tbrands\tcategories_tags\tingredients_text\n"
    "3600523614455\thttps://example\tPure Clay Mask\tL'Oréal\ten:face-masks\t"
    "Aqua, Kaolin, Bentonite, Glycerin, Phenoxyethanol\n"
    "0000000000001\t\tNo Ingredients Product\tX\t\t\n"
    "3337875597197\thttps://example\tEffaclar Purifying Foaming Gel\tLa Roche-Posay\t"
    "en:face-cleansers\tAqua, Sodium Laureth Sulfate, Coco-Betaine, Glycerin\n"
)


def test_import_obf_tsv(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "en.openbeautyfacts.org.products.csv"
    path.write_text(OBF_TSV, encoding="utf-8")
    result = import_obf(conn, path)
    assert (result.imported, result.skipped) == (2, 1)
    products = [p for p in catalog_products(conn) if p.source == "obf"]
    assert [p.name for p in products] == ["Pure Clay Mask", "Effaclar Purifying Foaming Gel"]
    assert products[0].brand == "L'Oréal" and products[0].id == "obf:3600523614455"
    assert import_obf(conn, path).total_in_table == 2  # re-import replaces by code


def test_import_obf_jsonl(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "openbeautyfacts-products.jsonl"
    lines = [
        {
            "code": "1",
            "product_name": "Hydrating Toner",
            "brands": "B",
            "ingredients_text": "Aqua, Glycerin",
        },
        {"code": "2", "product_name": "", "ingredients_text": "Aqua"},
        {
            "code": "3",
            "product_name_en": "Clay Mask",
            "categories_tags": ["en:face-masks", "en:clay-masks"],
            "ingredients_text_en": "Kaolin, Aqua",
        },
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    result = import_obf(conn, path)
    assert (result.imported, result.skipped) == (2, 1)
    mask = next(p for p in catalog_products(conn) if p.id == "obf:3")
    assert mask.name == "Clay Mask" and mask.category == "en:face-masks,en:clay-masks"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.csv", "a\tb\n1\t2\n", "not an Open Beauty Facts dump"),
        ("x.jsonl", '{"code": "1"}\n{not json\n', "line 2 is not JSON"),
        ("x.jsonl", '{"name": "no code"}\n', "no 'code' field"),
    ],
)
def test_import_obf_refuses_foreign_files(
    conn: sqlite3.Connection, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        import_obf(conn, path)
    assert conn.execute("SELECT COUNT(*) FROM catalog_products").fetchone()[0] == 0


# --- choosing products for the plan --------------------------------------------------------

SHELF_TEXTS = {
    "Gentle Foaming Cleanser": "Aqua, Sodium Laureth Sulfate, Cocamidopropyl Betaine, Glycerin",
    "Rich Face Cream": "Aqua, Isopropyl Myristate, Glycerin, Cetearyl Alcohol, Dimethicone",
    "Retinol Serum": "Aqua, Glycerin, Retinol, Phenoxyethanol",
}


def _shelf() -> list[ProductRecord]:
    out = []
    for number, (name, text) in enumerate(SHELF_TEXTS.items(), start=1):
        analysis = analyze_product(text, name=name)
        out.append(
            ProductRecord(number, name, text, analysis.role.role, analysis.to_dict(), "user", "")
        )
    return out


CATALOG = [
    CatalogProduct(
        "t:1",
        "Oil-Free Moisturizer",
        "Brand",
        "moisturizer",
        "Aqua, Glycerin, Dimethicone, Cetearyl Alcohol",
        "test",
    ),
    CatalogProduct(
        "t:2",
        "Micellar Water",
        "Brand",
        "micellar_water",
        "Aqua, Hexylene Glycol, Glycerin, Poloxamer 184",
        "test",
    ),
    CatalogProduct(
        "t:3",
        "Sunscreen SPF 50",
        "Brand",
        "sunscreen",
        "Aqua, Homosalate, Ethylhexyl Salicylate, Butyl Methoxydibenzoylmethane",
        "test",
    ),
]


def test_shelf_first_then_catalog_never_breaking_the_profile() -> None:
    choices = choose_products(profile(acne_prone=True), shelf=_shelf(), catalog=CATALOG)
    attached = choices.attachments
    assert attached["water_cleanser"].source == "shelf"
    assert attached["water_cleanser"].name == "Gentle Foaming Cleanser"
    # The shelf cream holds isopropyl myristate (comedogenic): the catalog's fills the step.
    assert attached["moisturizer"].source == "catalog"
    assert attached["moisturizer"].name == "Brand Oil-Free Moisturizer"
    (cream,) = [r for r in choices.rejected if r["name"] == "Rich Face Cream"]
    assert "ISOPROPYL MYRISTATE" in cream["reason"].upper() and cream["source"] == "shelf"
    assert attached["retinoid"].contains_retinoid and attached["retinoid"].source == "shelf"
    assert all(a.fits for a in attached.values())
    assert "moisturizer" in choices.missing and "water_cleanser" not in choices.missing
    assert set(choices.unfilled) == set(STEP_KINDS) - set(attached)
    assert choices.to_dict()["attachments"]["water_cleanser"]["source"] == "shelf"


def test_pregnancy_never_gets_a_retinoid() -> None:
    choices = choose_products(
        profile(pregnant_or_breastfeeding=True), shelf=_shelf(), catalog=CATALOG
    )
    assert "retinoid" not in choices.attachments
    assert not any(a.contains_retinoid for a in choices.attachments.values())
    assert any(r["name"] == "Retinol Serum" for r in choices.rejected)


def test_attach_for_plan_uses_the_stored_shelf(data_dir: Path) -> None:
    conn = open_database(data_dir)
    add_product(conn, "Gentle Foaming Cleanser", SHELF_TEXTS["Gentle Foaming Cleanser"])
    conn.close()
    choices = attach_for_plan(sample_profile(), data_dir)
    assert choices.attachments["water_cleanser"].source == "shelf"
    assert choices.attachments["water_cleanser"].product_id == 1


def test_packaged_catalog_covers_every_step_kind() -> None:
    roles = {analyze_product(p.ingredients_text, name=p.name).role.role for p in catalog_products()}
    assert set(STEP_KINDS) <= roles, set(STEP_KINDS) - roles
    assert all(p.source for p in catalog_products())


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"acne_prone": True},
        {"pregnant_or_breastfeeding": True},
        {"sensitive": True, "acne_prone": True},
    ],
)
def test_empty_shelf_takes_from_the_catalog_without_breaking_the_profile(
    data_dir: Path, changes: dict[str, Any]
) -> None:
    person = profile(**changes)
    choices = attach_for_plan(person, data_dir)
    assert choices.missing == list(STEP_KINDS)  # the shelf is empty
    assert all(a.source == "catalog" and a.fits for a in choices.attachments.values())
    expected = set(STEP_KINDS) - ({"retinoid"} if person.pregnant_or_breastfeeding else set())
    assert set(choices.attachments) == expected
    texts = {f"{p.brand} {p.name}": p for p in catalog_products()}
    for step, attachment in choices.attachments.items():
        product = texts[attachment.name]
        analysis = analyze_product(product.ingredients_text, name=product.name, profile=person)
        assert analysis.fit is not None and analysis.fit.ok, (step, analysis.fit)
        assert analysis.role.role == step
        if step != "retinoid":
            assert not attachment.contains_retinoid
        if step not in ("exfoliant", "toner"):
            assert not attachment.exfoliating


def test_choices_feed_a_plan_that_keeps_every_rule(data_dir: Path) -> None:
    from datetime import date

    from porecare.plan import build_plan, check_plan

    person = sample_profile()
    conn = open_database(data_dir)
    add_product(conn, "Gentle Foaming Cleanser", SHELF_TEXTS["Gentle Foaming Cleanser"])
    conn.close()
    choices = attach_for_plan(person, data_dir)
    plan = build_plan(person, start=date(2026, 12, 7), products=choices.attachments)
    assert check_plan(plan, person) == []
    steps = [step for day in plan.to_dict()["days"] for step in day["am"] + day["pm"]]
    cleansers = [s["product"] for s in steps if s["step"] == "water_cleanser"]
    assert cleansers and all(p["source"] == "shelf" for p in cleansers)
    assert all(s["product"] and s["product"]["fits"] for s in steps)


def test_shelf_products_in_no_step_are_explained_in_the_plan(data_dir: Path) -> None:
    from datetime import date

    from porecare.ingredients import set_product_role
    from porecare.ingredients._choose import shelf_notes
    from porecare.plan import build_plan, check_plan

    conn = open_database(data_dir)
    strips = add_product(conn, "Deep Cleansing Pore Strips", "Polyquaternium-37, Aqua, Glycerin")
    eye = add_product(conn, "Caffeine Eye Cream", "Aqua, Glycerin, Caffeine, Dimethicone")
    balm = add_product(conn, "Healing Balm", "Petrolatum, Lanolin, Tocopherol")
    set_product_role(conn, balm.id, "other")
    conn.close()
    person = sample_profile()
    choices = attach_for_plan(person, data_dir)
    assert [(u["name"], u["role"]) for u in choices.unused] == [
        ("Deep Cleansing Pore Strips", "other"),
        ("Caffeine Eye Cream", "eye_cream"),
        ("Healing Balm", "other"),
    ]
    plan = shelf_notes(build_plan(person, start=date(2026, 12, 7)), choices)
    notes = [n for n in plan.notes if n.rule == "product.unused"]
    assert len(notes) == 3 and all(n.source for n in notes)
    text = {n.text.split(" (on your shelf")[0]: n.text for n in notes}
    # The method's own advice for pore strips, and a way to correct a misread.
    assert "swaps them for a clay mask" in text["Deep Cleansing Pore Strips"]
    assert f"porecare products set-role {strips.id} ROLE" in text["Deep Cleansing Pore Strips"]
    assert (
        "an eye cream" in text["Caffeine Eye Cream"]
        and f"set-role {eye.id}" in text["Caffeine Eye Cream"]
    )
    # What the user said stands; nothing to correct.
    assert "you said it is none of the routine's kinds of product" in text["Healing Balm"]
    assert "set-role" not in text["Healing Balm"]
    assert check_plan(plan, person) == []
    # The choices round-trip (the packaged file and the API carry them).
    assert type(choices).from_dict(choices.to_dict()) == choices
