"""A catalog product's category (the seller's word) decides its role when the guess disagrees.

Categories come from the packaged starter catalog (a role) or an Open Beauty Facts import (its
category tags, ``knowledge/data/catalog_categories.toml``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from porecare.errors import KnowledgeError
from porecare.ingredients import (
    CatalogProduct,
    Dictionary,
    analyze_product,
    catalog_products,
    choose_products,
    import_obf,
)
from porecare.ingredients._categories import category_roles, parse_categories
from porecare.journal._db import open_database
from porecare.profile import Profile, sample_profile

#: Sold as a spot treatment, built like a light cream: the ingredients alone read moisturizer.
DUO = "Aqua, Glycerin, Dimethicone, Isocetyl Stearate, Niacinamide, Cetearyl Alcohol"
#: A no-rinse cleansing water whose name says nothing and whose solubiliser sits too low for the
#: ingredient rules to call it micellar (they read a serum).
# A list that fits no one kind, under a name with no kind word: the guess alone cannot fill a
# step (the rules say "other" and are unsure, so no learned second reading applies either).
EAU = "Glycerin, Aqua, Disodium EDTA"


@pytest.fixture
def conn(data_dir: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(data_dir)
    yield connection
    connection.close()


def plain_profile() -> Profile:
    return Profile.from_mapping({**sample_profile().to_dict(), "acne_prone": False})


@pytest.mark.parametrize(
    ("category", "roles"),
    [
        ("spot_treatment", ("spot_treatment",)),
        ("en:micellar-water", ("micellar_water",)),
        ("Micellar water", ("micellar_water",)),
        (" EN:Face-Masks ", ("mask", "clay_mask")),
        ("en:facial-creams,en:night-creams", ("moisturizer", "retinoid")),
        ("en:face-masks,en:lip-balms", ()),  # nothing in common: nothing said
        ("en:face,en:anti-aging-face-care-products", ()),  # says no kind
        ("", ()),
        (None, ()),
    ],
)
def test_category_roles(category: str | None, roles: tuple[str, ...]) -> None:
    assert category_roles(category) == roles


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("version = 1\n", "missing the [tags] table"),
        ('[tags]\n"en:x" = ["lotion"]\n', "tag 'en:x' must list roles"),
        ('[tags]\n"en:x" = []\n', "tag 'en:x' must list roles"),
        ("[tags\n", "catalog_categories.toml"),
    ],
)
def test_a_malformed_category_table_is_one_clear_error(text: str, needle: str) -> None:
    with pytest.raises(KnowledgeError, match=needle.replace("[", r"\[")):
        parse_categories(text)


def test_the_packaged_category_table_names_only_roles() -> None:
    assert category_roles("en:eye-contour-creams") == ("eye_cream",)
    for product in catalog_products():
        assert category_roles(product.category) == (product.category,), product.name


def test_a_category_overrides_a_wrong_guess_and_says_so() -> None:
    assert analyze_product(DUO, name="Duo (+)").role.role == "moisturizer"
    duo = CatalogProduct("t:1", "Duo (+)", "Brand", "spot_treatment", DUO, "test")
    choices = choose_products(
        plain_profile(), shelf=[], catalog=[duo], steps=["moisturizer", "spot_treatment"]
    )
    assert "moisturizer" not in choices.attachments
    attached = choices.attachments["spot_treatment"]
    assert attached.name == "Brand Duo (+)" and attached.role == "spot_treatment"
    assert "the catalog sells it as a spot treatment" in attached.fits


def test_a_guess_the_category_allows_stands() -> None:
    mask = CatalogProduct("obf:1", "Detox Mask", "B", "en:face-masks", "Kaolin, Aqua", "obf")
    choices = choose_products(plain_profile(), shelf=[], catalog=[mask], steps=["clay_mask"])
    attached = choices.attachments["clay_mask"]
    assert "Open Beauty Facts" not in attached.fits and "KAOLIN" in attached.fits.upper()


def test_open_beauty_facts_tags_fill_a_step_the_name_cannot(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "obf.jsonl"
    record = {
        "code": "42",
        "product_name": "Douce",
        "categories_tags": ["en:cleansers", "en:cleansing-waters", "en:micellar-water"],
        "ingredients_text": EAU,
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    import_obf(conn, path)
    imported = [p for p in catalog_products(conn) if p.source == "obf"]
    choices = choose_products(
        plain_profile(),
        shelf=[],
        catalog=imported,
        dictionary=Dictionary.load(conn),
        steps=["micellar_water", "toner", "serum"],
    )
    assert analyze_product(EAU, name="Douce").role.role == "other"
    assert set(choices.attachments) == {"micellar_water"}
    attached = choices.attachments["micellar_water"]
    assert attached.name == "Douce" and "Open Beauty Facts files it as" in attached.fits
