"""A user says what a shelf product is: the stated role replaces porecare's guess everywhere.

Library, database migration, export/import, CLI (real entry point) and web app, against real
SQLite folders.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import assert_one_line_error
from porecare.errors import PorecareError, UsageError
from porecare.ingredients import (
    Dictionary,
    add_product,
    analyze_product,
    choose_products,
    edit_product,
    list_products,
    set_product_role,
    with_stated_role,
)
from porecare.journal import Journal
from porecare.journal._db import connect, migrate, open_database, schema_version
from porecare.paths import database_path
from porecare.profile import Profile, sample_profile

#: A cream built on ingredients rated comedogenic >= 3: leave-on, it breaks an acne-prone
#: profile; rinsed off, the ratings matter less.
RICH = "Aqua, Isopropyl Myristate, Cocos Nucifera Oil, Glycerin, Cetearyl Alcohol"
#: Water, humectants and a thickener: the ingredients alone make it a serum (the rules and
#: the learned corrector agree; a list of water and humectants alone the corrector may read
#: as a toner), the user sells it as a toner.
MIST = "Water, Glycerin, Niacinamide, Panthenol, Sodium Hyaluronate, Carbomer"


@pytest.fixture
def conn(data_dir: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(data_dir)
    yield connection
    connection.close()


def acne_prone() -> Profile:
    return Profile.from_mapping({**sample_profile().to_dict(), "acne_prone": True})


def test_a_stated_role_replaces_the_guess_and_keeps_it_as_evidence() -> None:
    profile = acne_prone()
    guessed = analyze_product(RICH, name="Rich Cream", profile=profile)
    assert guessed.role.role == "moisturizer" and guessed.fit is not None
    assert guessed.fit.verdict == "avoid" and guessed.fit.leave_on

    stated = with_stated_role(guessed, "water_cleanser", profile)
    assert stated.role.role == "water_cleanser" and stated.role.confidence == 1.0
    assert stated.role.evidence[0] == "you said it is a water cleanser"
    assert "porecare's guess from the label was a moisturizer" in stated.role.evidence[1]
    assert stated.fit is not None and stated.fit.verdict == "fits" and not stated.fit.leave_on
    assert stated.flags == guessed.flags  # the ingredients' flags never depend on the role
    assert json.loads(stated.to_json())["role"]["role"] == "water_cleanser"

    same = with_stated_role(guessed, "moisturizer", profile)
    assert same.role.evidence[1:] == guessed.role.evidence  # confirmed: the guess's reasons stay


def test_add_and_set_role_store_who_said_it(conn: sqlite3.Connection) -> None:
    record = add_product(conn, "Blue Bottle", MIST, role="toner")
    assert (record.role, record.role_set_by) == ("toner", "you")
    assert record.analysis["role"]["role"] == "toner"
    guessed = add_product(conn, "Green Bottle", MIST)
    assert guessed.role_set_by == "porecare" and guessed.role != "toner"

    back = set_product_role(conn, record.id, None)
    assert (back.role, back.role_set_by) == (guessed.role, "porecare")
    again = set_product_role(conn, record.id, "toner")
    stored = {p.id: p for p in list_products(conn)}[record.id]
    assert (stored.role, stored.role_set_by) == ("toner", "you") == (again.role, again.role_set_by)
    assert stored.analysis == again.analysis


def test_bad_roles_and_ids_are_refused_and_nothing_changes(conn: sqlite3.Connection) -> None:
    record = add_product(conn, "Blue Bottle", MIST, role="toner")
    before = conn.execute("SELECT * FROM products").fetchall()
    with pytest.raises(UsageError, match="allowed: oil_cleanser"):
        add_product(conn, "X", MIST, role="essence")
    with pytest.raises(UsageError, match="allowed: oil_cleanser"):
        set_product_role(conn, record.id, "tonic")
    with pytest.raises(UsageError, match="no product with id 99"):
        set_product_role(conn, 99, "toner")
    assert conn.execute("SELECT * FROM products").fetchall() == before


def test_the_plan_uses_the_stated_role_and_its_fit() -> None:
    profile = acne_prone()
    dictionary = Dictionary.load()
    with sqlite3.connect(":memory:") as memory:
        memory.row_factory = sqlite3.Row
        migrate(memory)
        add_product(memory, "Blue Bottle", MIST, role="toner", dictionary=dictionary)
        add_product(memory, "Rich Bottle", RICH, role="water_cleanser", dictionary=dictionary)
        shelf = list_products(memory)
    choices = choose_products(profile, shelf=shelf, catalog=[], dictionary=dictionary)
    toner = choices.attachments["toner"]
    assert toner.name == "Blue Bottle" and toner.source == "shelf"
    assert "you said it is a toner" in toner.fits
    # Rinsed off, a comedogenic rating no longer rules it out for acne-prone skin.
    assert choices.attachments["water_cleanser"].name == "Rich Bottle"
    # Without the user's word the same shelf fills neither step.
    guessed = [replace(p, role_set_by="porecare") for p in shelf]
    plain = choose_products(profile, shelf=guessed, catalog=[], dictionary=dictionary)
    assert "toner" not in plain.attachments and "water_cleanser" not in plain.attachments


def test_a_version_1_database_gains_the_column_and_keeps_its_products(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    old = connect(database_path(data_dir))
    migrate(old, up_to=1)
    old.execute(
        "INSERT INTO products (name, ingredients_text, role, analysis_json, added_at) "
        "VALUES ('Old Toner', 'Water, Glycerin', 'toner', '{}', '2025-01-01T00:00:00+00:00')"
    )
    old.commit()
    assert schema_version(old) == 1
    old.close()

    conn = open_database(data_dir)
    try:
        assert schema_version(conn) == 2
        (product,) = list_products(conn)
        assert (product.name, product.role, product.role_set_by) == (
            "Old Toner",
            "toner",
            "porecare",
        )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE products SET role_set_by = 'someone'")
    finally:
        conn.close()


def test_an_export_from_schema_1_imports_with_the_guess(data_dir: Path, tmp_path: Path) -> None:
    with Journal(data_dir) as journal:
        add_product(journal.conn, "Blue Bottle", MIST, role="toner")
        data = journal.export()
    assert data["schema_version"] == 2
    assert data["tables"]["products"][0]["role_set_by"] == "you"
    old = json.loads(json.dumps(data))
    old["schema_version"] = 1
    for row in old["tables"]["products"]:
        del row["role_set_by"]
    with Journal(tmp_path / "restored") as journal:
        journal.import_(old)
        (product,) = list_products(journal.conn)
    assert product.role_set_by == "porecare" and product.name == "Blue Bottle"
    # A current export must still carry every column.
    del data["tables"]["products"][0]["role_set_by"]
    with Journal(tmp_path / "refused") as journal, pytest.raises(Exception, match="role_set_by"):
        journal.import_(data)


# --- CLI -------------------------------------------------------------------------------------


def test_cli_add_with_role_set_role_and_back_to_the_guess(run_cli: Any) -> None:
    added = run_cli(
        "products", "add", "--name", "Blue Bottle", "--ingredients", MIST, "--role", "toner"
    )
    assert added.returncode == 0, added.stderr
    assert "Blue Bottle: toner (as you said)" in added.stdout
    listed = run_cli("products", "list", "--json").json()["products"]
    assert [(p["role"], p["role_set_by"]) for p in listed] == [("toner", "you")]

    guess = run_cli("products", "set-role", "1", "guess", "--json")
    assert guess.returncode == 0, guess.stderr
    assert guess.json()["role_set_by"] == "porecare" and guess.json()["role"] != "toner"
    stated = run_cli("products", "set-role", "1", "face_oil")
    assert stated.returncode == 0 and "face oil (as you said)" in stated.stdout

    help_text = run_cli("products", "add", "--help").stdout
    assert "spot_treatment" in help_text and "--role ROLE" in help_text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("products", "add", "--name", "X", "--ingredients", MIST, "--role", "tonic"), "allowed"),
        (("products", "set-role", "1", "tonic"), "allowed: guess, oil_cleanser"),
        (("products", "set-role", "7", "toner"), "no product with id 7"),
    ],
)
def test_cli_role_errors_are_one_line(run_cli: Any, args: tuple[str, ...], words: str) -> None:
    assert (
        run_cli("products", "add", "--name", "Blue Bottle", "--ingredients", MIST).returncode == 0
    )
    before = run_cli("products", "list", "--json").json()
    result = run_cli(*args)
    assert_one_line_error(result)
    assert words in result.stderr
    assert run_cli("products", "list", "--json").json() == before


# --- web -------------------------------------------------------------------------------------


@pytest.fixture
def web(data_dir: Path) -> Iterator[TestClient]:
    from porecare.web import create_app

    with TestClient(create_app(data_dir), base_url="http://127.0.0.1") as client:
        assert client.get("/shelf").status_code == 200
        yield client


def _csrf(client: TestClient) -> str:
    return str(client.cookies.get("porecare_csrf"))


def test_web_api_add_with_role_and_change_it(web: TestClient) -> None:
    headers = {"X-CSRF-Token": _csrf(web)}
    body = {"name": "Blue Bottle", "ingredients": MIST, "role": "toner"}
    added = web.post("/api/products", json=body, headers=headers)
    assert added.status_code == 200, added.text
    product = added.json()
    assert (product["role"], product["role_set_by"]) == ("toner", "you")
    assert web.get(f"/api/products/{product['id']}").json()["analysis"]["role"]["role"] == "toner"

    changed = web.post(f"/api/products/{product['id']}/role", json={"role": None}, headers=headers)
    assert changed.status_code == 200 and changed.json()["role_set_by"] == "porecare"
    bad = web.post(f"/api/products/{product['id']}/role", json={"role": "tonic"}, headers=headers)
    assert bad.status_code in (400, 422) and "allowed" in bad.text
    missing = web.post("/api/products/99/role", json={"role": "toner"}, headers=headers)
    assert missing.status_code == 404
    refused = web.post("/api/products", json={**body, "role": "tonic"}, headers=headers)
    assert refused.status_code in (400, 422)
    assert len(web.get("/api/products").json()["products"]) == 1


def test_web_pages_offer_the_role_and_save_it(web: TestClient) -> None:
    form = {"name": "Blue Bottle", "ingredients": MIST, "role": "toner", "csrf_token": _csrf(web)}
    added = web.post("/shelf", data=form, follow_redirects=False)
    assert added.status_code == 303
    page = web.get(added.headers["location"]).text
    assert "You said it is: Toner" in page and '<option value="toner" selected>' in page
    assert "Toner (as you said)" in web.get("/shelf").text
    assert "(as you said)" in page and "% sure" not in page

    url = added.headers["location"].split("?")[0]
    saved = web.post(
        f"{url}/role", data={"role": "", "csrf_token": _csrf(web)}, follow_redirects=False
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("?done=role")
    page = web.get(saved.headers["location"]).text
    assert "porecare's guess from the label: Serum" in page and "Saved what the product is" in page
    bad = web.post(f"{url}/role", data={"role": "tonic", "csrf_token": _csrf(web)})
    assert bad.status_code == 422

    wrong = {**form, "role": "tonic"}
    response = web.post("/shelf", data=wrong, follow_redirects=False)
    assert response.status_code == 422 and 'id="role-error"' in response.text
    assert len(web.get("/api/products").json()["products"]) == 1


def test_check_takes_a_stated_role_for_one_product(run_cli: Any, tmp_path: Path) -> None:
    profile = tmp_path / "acne.json"
    profile.write_text(json.dumps(acne_prone().to_dict()), encoding="utf-8")
    guessed = run_cli("check", RICH, "--profile", str(profile), "--json").json()
    assert guessed["role"]["role"] == "moisturizer" and guessed["fit"]["verdict"] == "avoid"
    stated = run_cli("check", RICH, "--role", "water_cleanser", "--profile", str(profile), "--json")
    assert stated.returncode == 0, stated.stderr
    data = stated.json()
    assert data["role"]["role"] == "water_cleanser" and data["fit"]["verdict"] == "fits"
    for args in (("check", RICH, "--role", "wash"), ("check", "--jsonl", "--role", "toner")):
        result = run_cli(*args, input="")
        assert_one_line_error(result)


def test_web_check_takes_a_stated_role(web: TestClient) -> None:
    headers = {"X-CSRF-Token": _csrf(web)}
    body = {"ingredients": RICH, "role": "water_cleanser"}
    checked = web.post("/api/check", json=body, headers=headers)
    assert checked.status_code == 200 and checked.json()["role"]["role"] == "water_cleanser"
    bad = web.post("/api/check", json={**body, "role": "wash"}, headers=headers)
    assert bad.status_code in (400, 422) and "allowed" in bad.text


def test_web_analysis_says_how_to_recognise_unknown_names(web: TestClient, data_dir: Path) -> None:
    form = {"name": "X", "ingredients": "Aqua, Qwertyzzy Extract", "action": "check"}
    hint = "porecare data import-cosing FILE"
    checked = web.post("/shelf", data={**form, "csrf_token": _csrf(web)})
    assert checked.status_code == 200 and hint in checked.text
    known = web.post(
        "/shelf", data={**form, "ingredients": "Aqua, Glycerin", "csrf_token": _csrf(web)}
    )
    assert hint not in known.text
    conn = open_database(data_dir)
    try:
        conn.execute(
            "INSERT INTO ingredient_names VALUES ('lupeol', 'LUPEOL', NULL, NULL, '', 'cosing')"
        )
        conn.commit()
    finally:
        conn.close()
    again = web.post("/shelf", data={**form, "csrf_token": _csrf(web)})
    assert again.status_code == 200 and hint not in again.text


# --- correcting a product ---------------------------------------------------------------------


def test_edit_corrects_the_list_and_keeps_a_stated_role(conn: sqlite3.Connection) -> None:
    stated = add_product(conn, "Blue Bottle", "Water, Glycerin", role="toner")
    guessed = add_product(conn, "Green Bottle", "Water, Glycerin")
    edited = edit_product(conn, stated.id, text=MIST)
    assert (edited.role, edited.role_set_by, edited.ingredients_text) == ("toner", "you", MIST)
    assert len(edited.analysis["ingredients"]) == len(MIST.split(", "))
    renamed = edit_product(conn, guessed.id, name="  Green   Foaming Cleanser ", text=MIST)
    assert renamed.name == "Green Foaming Cleanser" and renamed.role == "water_cleanser"
    stored = {p.id: p for p in list_products(conn)}
    assert stored[stated.id] == edited and stored[guessed.id] == renamed


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "give --name, --ingredients or --file"),
        ({"name": "   "}, "--name is empty"),
        ({"name": "x" * 201}, "at most 200"),
        ({"text": ",,, ;;"}, "no ingredient names"),
    ],
)
def test_edit_refuses_bad_input_and_changes_nothing(
    conn: sqlite3.Connection, changes: dict[str, Any], message: str
) -> None:
    record = add_product(conn, "Blue Bottle", MIST, role="toner")
    before = conn.execute("SELECT * FROM products").fetchall()
    with pytest.raises(PorecareError, match=message):
        edit_product(conn, record.id, **changes)
    with pytest.raises(UsageError, match="no product with id 9"):
        edit_product(conn, 9, name="X")
    assert conn.execute("SELECT * FROM products").fetchall() == before


def test_cli_edit(run_cli: Any, tmp_path: Path) -> None:
    assert (
        run_cli("products", "add", "--name", "Blue Bottle", "--ingredients", "Water").returncode
        == 0
    )
    listing = tmp_path / "list.txt"
    listing.write_text(MIST, encoding="utf-8")
    edited = run_cli("products", "edit", "1", "--file", str(listing), "--name", "Mist", "--json")
    assert edited.returncode == 0, edited.stderr
    assert edited.json()["ingredients_text"] == MIST and edited.json()["name"] == "Mist"
    for args in (("products", "edit", "1"), ("products", "edit", "1", "--ingredients", " ")):
        assert_one_line_error(run_cli(*args))


def test_web_edit_by_api_and_form(web: TestClient) -> None:
    headers = {"X-CSRF-Token": _csrf(web)}
    added = web.post(
        "/api/products", json={"name": "Blue Bottle", "ingredients": "Water"}, headers=headers
    ).json()
    url = f"/api/products/{added['id']}"
    patched = web.patch(url, json={"ingredients": MIST}, headers=headers)
    assert patched.status_code == 200 and patched.json()["ingredients_text"] == MIST
    assert web.patch(url, json={"colour": "red"}, headers=headers).status_code == 422
    assert web.patch("/api/products/99", json={"name": "X"}, headers=headers).status_code == 404

    form = {"name": "Blue Bottle Toner", "ingredients": MIST, "csrf_token": _csrf(web)}
    saved = web.post(f"/shelf/{added['id']}/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?done=edited")
    page = web.get(saved.headers["location"]).text
    assert "Product corrected" in page and "Blue Bottle Toner" in page
    bad = web.post(f"/shelf/{added['id']}/edit", data={**form, "ingredients": ""})
    assert bad.status_code == 422 and 'id="ingredients-error"' in bad.text
    assert web.get(url).json()["name"] == "Blue Bottle Toner"


#: No kind word in the name and a list that fits no one kind: porecare can only guess.
PUZZLE = "Camellia Sinensis Leaf Extract, Glycerin, Propanediol, Phenoxyethanol"


def test_cli_asks_for_the_role_when_the_guess_is_unsure(run_cli: Any) -> None:
    added = run_cli("products", "add", "--name", "Re: Tone", "--ingredients", PUZZLE)
    assert added.returncode == 0, added.stderr
    assert "porecare is not sure (20 %" in added.stdout
    assert "porecare products set-role 1 ROLE" in added.stdout
    # A confident guess and a stated role need no such line.
    sure = run_cli("products", "add", "--name", "Gentle Toner", "--ingredients", MIST)
    assert sure.returncode == 0 and "not sure" not in sure.stdout
    assert run_cli("products", "set-role", "1", "serum").returncode == 0
    assert "not sure" not in run_cli("products", "list").stdout


def test_web_product_page_asks_for_the_role_when_the_guess_is_unsure(web: TestClient) -> None:
    form = {"name": "Re: Tone", "ingredients": PUZZLE, "role": "", "csrf_token": _csrf(web)}
    added = web.post("/shelf", data=form, follow_redirects=False)
    assert added.status_code == 303
    url = added.headers["location"].split("?")[0]
    assert 'id="unsure-role"' in web.get(url).text
    saved = web.post(f"{url}/role", data={"role": "serum", "csrf_token": _csrf(web)})
    assert saved.status_code == 200 and 'id="unsure-role"' not in saved.text
    sure = {**form, "name": "Gentle Toner", "ingredients": MIST}
    second = web.post("/shelf", data=sure, follow_redirects=False)
    assert 'id="unsure-role"' not in web.get(second.headers["location"]).text


BODY_LOTION = "Aqua, Glycerin, Caprylic/Capric Triglyceride, Cetearyl Alcohol, Phenoxyethanol"


def test_a_body_product_says_the_plan_leaves_it_out(run_cli: Any, web: TestClient) -> None:
    added = run_cli("products", "add", "--name", "Rich Body Lotion", "--ingredients", BODY_LOTION)
    assert added.returncode == 0, added.stderr
    assert "moisturizer" in added.stdout
    assert (
        "sold for the body, not the face" in added.stdout
        and "the plan leaves it out" in added.stdout
    )
    face = run_cli("products", "add", "--name", "Rich Face Lotion", "--ingredients", BODY_LOTION)
    assert "sold for the body" not in face.stdout
    form = {
        "name": "Rich Body Lotion",
        "ingredients": BODY_LOTION,
        "role": "",
        "csrf_token": _csrf(web),
    }
    page = web.post("/shelf", data=form, follow_redirects=False)
    url = page.headers["location"].split("?")[0]
    assert 'id="body-scope"' in web.get(url).text
    form = {**form, "name": "Rich Face Lotion"}
    other = web.post("/shelf", data=form, follow_redirects=False)
    assert 'id="body-scope"' not in web.get(other.headers["location"]).text
