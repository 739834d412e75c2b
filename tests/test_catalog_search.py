"""Find a product in the catalog and put it on the shelf: library, CLI (real entry point), web.

Against real SQLite folders with a small Open Beauty Facts dump written in that format.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import assert_one_line_error
from porecare.errors import IngredientError
from porecare.ingredients import (
    add_from_catalog,
    catalog_product,
    catalog_products,
    find_in_catalog,
    import_obf,
    list_products,
)
from porecare.journal._db import open_database

OBF = [
    {
        "code": "3600000000001",
        "product_name": "Crème Hydratante Légère",
        "brands": "Maison Exemple",
        "categories_tags": ["en:face-creams"],
        "ingredients_text": "Aqua, Glycerin, Caprylic/Capric Triglyceride, Cetearyl Alcohol",
    },
    {
        "code": "3600000000002",
        "product_name": "Gel Nettoyant Purifiant",
        "brands": "Maison Exemple",
        "ingredients_text": "Aqua, Sodium Laureth Sulfate, Cocamidopropyl Betaine, Glycerin",
    },
    {
        "code": "3600000000003",
        "product_name": "100%_Pure Oil",
        "brands": "Other Brand",
        "ingredients_text": "Squalane",
    },
]


def _import(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "openbeautyfacts-products.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in OBF) + "\n", encoding="utf-8")
    import_obf(conn, path)


@pytest.fixture
def conn(data_dir: Path, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(data_dir)
    _import(connection, tmp_path)
    yield connection
    connection.close()


def ids(products: list[Any]) -> list[str]:
    return [p.id for p in products]


def test_every_word_must_appear_in_brand_or_name_whatever_the_case_or_accents(
    conn: sqlite3.Connection,
) -> None:
    assert ids(find_in_catalog(conn, "creme hydratante")) == ["obf:3600000000001"]
    assert ids(find_in_catalog(conn, "MAISON crème")) == ["obf:3600000000001"]
    assert ids(find_in_catalog(conn, "maison")) == ["obf:3600000000001", "obf:3600000000002"]
    assert find_in_catalog(conn, "maison serum") == []
    # The starter catalog comes first, then the imported products.
    found = find_in_catalog(conn, "cleanser", limit=50)
    assert found and all(p.source != "obf" for p in found)
    assert all("cleanser" in f"{p.brand} {p.name}".casefold() for p in found)


def test_punctuation_separates_words(conn: sqlite3.Connection) -> None:
    assert ids(find_in_catalog(conn, "100% pure")) == ["obf:3600000000003"]
    assert ids(find_in_catalog(conn, "pure,100")) == ["obf:3600000000003"]


def test_an_empty_query_lists_the_catalog_and_the_limit_holds(conn: sqlite3.Connection) -> None:
    everything = list(catalog_products(conn))
    assert ids(find_in_catalog(conn, "", limit=100)) == ids(everything)[:100]
    assert len(find_in_catalog(conn, "", limit=3)) == 3
    assert find_in_catalog(None, "cerave")  # the starter catalog needs no database


@pytest.mark.parametrize(
    ("query", "limit", "words"),
    [
        ("!!!", 20, "give a word of the product's name or brand"),
        ("x" * 201, 20, "over 200 characters"),
        ("cerave", 0, "allowed: 1..100"),
    ],
)
def test_bad_searches_are_one_line_errors(
    conn: sqlite3.Connection, query: str, limit: int, words: str
) -> None:
    with pytest.raises(IngredientError) as info:
        find_in_catalog(conn, query, limit=limit)
    assert words in info.value.message and "\n" not in info.value.message


def test_add_from_catalog_copies_the_list_under_brand_and_name(conn: sqlite3.Connection) -> None:
    record = add_from_catalog(conn, "obf:3600000000002")
    assert record.name == "Maison Exemple Gel Nettoyant Purifiant"
    assert record.ingredients_text == OBF[1]["ingredients_text"]
    assert record.role == "water_cleanser"
    starter = find_in_catalog(conn, "cerave")[0]
    named = add_from_catalog(conn, starter.id, name="My night lotion", role="moisturizer")
    assert named.name == "My night lotion" and named.role_set_by == "you"
    assert [p.name for p in list_products(conn)] == [record.name, "My night lotion"]


@pytest.mark.parametrize(
    ("product_id", "words"),
    [
        ("obf:999", "not in the catalog"),
        ("starter:999", "not in the catalog"),
        ("cerave", "expected an id such as starter:3"),
        ("", "expected an id"),
    ],
)
def test_unknown_ids_are_refused_and_nothing_is_stored(
    conn: sqlite3.Connection, product_id: str, words: str
) -> None:
    with pytest.raises(IngredientError) as info:
        add_from_catalog(conn, product_id)
    assert words in info.value.message
    assert list_products(conn) == []
    with pytest.raises(IngredientError):
        catalog_product(conn, product_id)


def test_catalog_products_are_judged_for_a_profile(sample_profile_file: Path) -> None:
    from porecare.ingredients import judge_catalog_products
    from porecare.profile import load_profile

    acne_prone = load_profile(sample_profile_file)
    assert acne_prone.acne_prone
    (duo,) = judge_catalog_products(find_in_catalog(None, "effaclar duo"), profile=acne_prone)
    # The catalog files it as a spot treatment; its fit is judged as one.
    assert duo["role"]["role"] == "spot_treatment" and duo["fit"]["verdict"] == "avoid"
    assert duo["fit"]["reasons"] and duo["fit"]["reasons"][0]["caveat"]
    (plain,) = judge_catalog_products(find_in_catalog(None, "effaclar duo"))
    assert plain["fit"] is None


def test_cli_catalog_and_add_from_it(run_cli: Any, data_dir: Path, tmp_path: Path) -> None:
    listed = run_cli("catalog", "cerave")
    assert listed.returncode == 0, listed.stderr
    assert "starter:" in listed.stdout and "CeraVe" in listed.stdout
    assert "porecare products add --catalog ID" in listed.stdout
    found = run_cli("catalog", "cerave", "--json").json()["products"]
    assert found and set(found[0]) == {
        "brand", "category", "fit", "id", "ingredients_text", "name", "role", "source"
    }  # fmt: skip
    assert found[0]["role"]["role"] == "moisturizer" and found[0]["fit"] is None
    added = run_cli("products", "add", "--catalog", found[0]["id"], "--json")
    assert added.returncode == 0, added.stderr
    assert added.json()["name"].startswith("CeraVe") and added.json()["analysis"]["counts"]

    conn = open_database(data_dir)
    _import(conn, tmp_path)
    conn.close()
    imported = run_cli("catalog", "maison", "creme").stdout
    assert "obf:3600000000001" in imported and "Crème Hydratante" in imported
    none = run_cli("catalog", "no", "such", "thing")
    assert none.returncode == 0 and "No catalog product has all those words" in none.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("catalog", "!!!"), "give a word"),
        (("catalog", "x", "--limit", "0"), "--limit"),
        (("products", "add", "--catalog", "starter:999"), "not in the catalog"),
        (("products", "add", "--catalog", "starter:1", "--ingredients", "Aqua"), "exactly one of"),
        (("products", "add", "--ingredients", "Aqua"), "--name"),
    ],
)
def test_cli_catalog_errors_are_one_line(run_cli: Any, args: tuple[str, ...], words: str) -> None:
    result = run_cli(*args)
    assert_one_line_error(result)
    assert words in result.stderr


@pytest.fixture
def web(data_dir: Path) -> Iterator[TestClient]:
    from porecare.web import create_app

    with TestClient(create_app(data_dir), base_url="http://127.0.0.1") as client:
        client.get("/facts")
        yield client


def _csrf(client: TestClient) -> str:
    return str(client.cookies.get("porecare_csrf"))


def test_web_shelf_searches_the_catalog_and_adds_a_product(web: TestClient) -> None:
    page = web.get("/shelf", params={"q": "cerave"})
    assert page.status_code == 200 and "In the catalog (1)" in page.text
    assert "Moisturizer" in page.text
    catalog_id = find_in_catalog(None, "cerave")[0].id
    assert f'value="{catalog_id}"' in page.text
    added = web.post(
        "/shelf/catalog",
        data={"catalog_id": catalog_id, "csrf_token": _csrf(web)},
        follow_redirects=False,
    )
    assert added.status_code == 303
    product = web.get(added.headers["location"]).text
    assert "CeraVe PM Facial Moisturizing Lotion" in product
    assert web.get("/shelf", params={"q": "zzzz"}).text.count("No catalog product") == 1
    bad = web.get("/shelf", params={"q": "!!!"}).text
    assert "Give a word of the product" in bad and "catalog:" not in bad
    refused = web.post(
        "/shelf/catalog", data={"catalog_id": "starter:999", "csrf_token": _csrf(web)}
    )
    assert refused.status_code == 422 and "porecare catalog" not in refused.text


def test_api_catalog_and_from_catalog(web: TestClient) -> None:
    found = web.get("/api/catalog", params={"q": "paula bha"}).json()["products"]
    assert [p["brand"] for p in found] == ["Paula's Choice"]
    headers = {"X-CSRF-Token": _csrf(web)}
    made = web.post(
        "/api/products/from-catalog", json={"catalog_id": found[0]["id"]}, headers=headers
    )
    assert made.status_code == 200, made.text
    assert made.json()["analysis"]["role"]["role"] == "exfoliant"
    missing = web.post("/api/products/from-catalog", json={"catalog_id": "obf:1"}, headers=headers)
    assert (
        missing.status_code in (400, 404, 422) and "not in the catalog" in missing.json()["error"]
    )
    assert web.get("/api/catalog", params={"limit": 0}).status_code in (400, 422)
    tonic = web.post(
        "/api/products/from-catalog",
        json={"catalog_id": found[0]["id"], "role": "tonic"},
        headers=headers,
    )
    assert tonic.status_code == 400 and tonic.json()["error"].startswith("role is 'tonic'")
    assert len(web.get("/api/products").json()["products"]) == 1
