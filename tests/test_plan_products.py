"""`porecare plan` attaches products: shelf first, then the catalog, never one that breaks the
profile, each saying why it fits; all through the real entry point."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from porecare.ingredients import (
    LEAVE_ON_ROLES,
    analyze_product,
    catalog_products,
)
from porecare.ingredients._choose import PRECOMPUTED, compute_packaged_choices
from porecare.ingredients._knowledge import read_data
from porecare.plan import Plan, check_plan
from porecare.profile import profile_to_toml, sample_profile

Run = Callable[..., CliResult]

#: A gel moisturizer on the shelf (no ingredient rated comedogenic 3+, no retinoid, no acid).
SHELF_MOISTURIZER = (
    "Aqua, Glycerin, Dimethicone, Niacinamide, Sodium Hyaluronate, Carbomer, Sodium Hydroxide, "
    "Phenoxyethanol"
)
#: Isopropyl Myristate and Acetylated Lanolin Alcohol are rated comedogenic 3+ (packaged table).
COMEDOGENIC_CREAM = (
    "Aqua, Isopropyl Myristate, Acetylated Lanolin Alcohol, Glycerin, Cetearyl Alcohol, "
    "Phenoxyethanol"
)
RETINOL_SERUM = "Squalane, Retinol, Tocopherol"


def _profile_file(tmp_path: Path, **changes: Any) -> Path:
    profile = dataclasses.replace(sample_profile(), **changes)
    path = tmp_path / "profile.toml"
    path.write_text(profile_to_toml(profile), encoding="utf-8")
    return path


def _plan(run_cli: Run, profile: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("plan", "--profile", str(profile), "--weeks", "2", "--json", *extra)
    assert result.returncode == 0, result.stderr
    data = result.json()
    assert isinstance(data, dict)
    return data


def _attached(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Step kind -> product, over every step of every day."""
    out: dict[str, dict[str, Any]] = {}
    for day in plan["days"]:
        for step in (*day["am"], *day["pm"]):
            if step["product"]:
                out.setdefault(step["step"], step["product"])
    return out


def _add(run_cli: Run, name: str, ingredients: str) -> None:
    result = run_cli("products", "add", "--name", name, "--ingredients", ingredients)
    assert result.returncode == 0, result.stderr


def _catalog_text(product_id: str) -> tuple[str, str]:
    found = next(p for p in catalog_products() if p.id == product_id)
    return found.name, found.ingredients_text


def test_plan_attaches_catalog_products_with_reasons_and_creates_nothing(
    run_cli: Run, data_dir: Path, tmp_path: Path
) -> None:
    plan = _plan(run_cli, _profile_file(tmp_path))
    attached = _attached(plan)
    assert {"water_cleanser", "moisturizer", "sunscreen", "serum"} <= set(attached)
    for step, product in attached.items():
        assert product["source"] == "catalog" and product["role"] == step
        assert product["fits"].startswith("from the catalog;") and "fits" in product["fits"]
    assert any("Your shelf has no product for" in note for note in plan["notes"])
    assert not data_dir.exists(), "plan must not create the data folder"
    human = run_cli("plan", "--profile", str(_profile_file(tmp_path)), "--weeks", "1")
    assert human.returncode == 0, human.stderr
    assert "Products (why each fits):" in human.stdout
    assert f"Moisturizer: {attached['moisturizer']['name']} - from the catalog" in human.stdout


def test_no_products_attaches_nothing(run_cli: Run, tmp_path: Path) -> None:
    plan = _plan(run_cli, _profile_file(tmp_path), "--no-products")
    assert _attached(plan) == {}
    assert not any("shelf" in note for note in plan["notes"])


def test_a_shelf_product_is_preferred_over_the_catalog(run_cli: Run, tmp_path: Path) -> None:
    _add(run_cli, "My Daily Gel Moisturizer", SHELF_MOISTURIZER)
    plan = _plan(run_cli, _profile_file(tmp_path))
    attached = _attached(plan)
    mine = attached["moisturizer"]
    assert (mine["name"], mine["source"]) == ("My Daily Gel Moisturizer", "shelf")
    assert mine["fits"].startswith("on your shelf;")
    assert attached["sunscreen"]["source"] == "catalog"  # the shelf lacks it
    note = next(n for n in plan["notes"] if "Your shelf has no product for" in n)
    assert "sunscreen" in note and "moisturizer" not in note.split(":", 1)[1].split(".")[0]


def test_an_unsure_guess_is_said_where_the_product_is_attached(
    run_cli: Run, tmp_path: Path
) -> None:
    # No kind word in the name: the role is read from the ingredients alone (a watery gel with
    # niacinamide: a serum), unsure.
    _add(run_cli, "Zorp Daily", "Aqua, Glycerin, Niacinamide, Carbomer, Phenoxyethanol")
    serum = _attached(_plan(run_cli, _profile_file(tmp_path)))["serum"]
    assert serum["name"] == "Zorp Daily"
    unsure = r"porecare is not sure \(\d+ %\): if it is not a serum, set its role"
    assert re.search(unsure, serum["fits"]), serum["fits"]
    stated = run_cli("products", "set-role", "1", "serum")
    assert stated.returncode == 0, stated.stderr
    serum = _attached(_plan(run_cli, _profile_file(tmp_path)))["serum"]
    assert serum["name"] == "Zorp Daily" and "not sure" not in serum["fits"]


def test_a_retinol_toner_is_a_toner_but_never_the_daily_toner(run_cli: Run, tmp_path: Path) -> None:
    _add(run_cli, "Retinol Tonic", "Aqua, Glycerin, Niacinamide, Retinol, Phenoxyethanol")
    listed = run_cli("products", "list", "--json")
    assert listed.json()["products"][0]["role"] == "toner"
    attached = _attached(_plan(run_cli, _profile_file(tmp_path)))
    assert attached["toner"]["name"] != "Retinol Tonic"
    assert "Retinol Tonic" not in {product["name"] for product in attached.values()}


def test_a_body_lotion_is_a_moisturizer_but_never_in_the_face_routine(
    run_cli: Run, tmp_path: Path
) -> None:
    body_lotion = "Aqua, Glycerin, Caprylic/Capric Triglyceride, Cetearyl Alcohol, Niacinamide"
    _add(run_cli, "Niacinamide 5% Body Lotion", body_lotion)
    listed = run_cli("products", "list", "--json")
    assert listed.json()["products"][0]["role"] == "moisturizer"
    plan = _plan(run_cli, _profile_file(tmp_path))
    assert _attached(plan)["moisturizer"]["source"] == "catalog"
    note = next(n for n in plan["notes"] if n.startswith("Niacinamide 5% Body Lotion"))
    assert "is in no step of this plan" in note and "sold for the body, not the face" in note


def test_a_shelf_product_passed_over_for_the_profile_is_named_with_why(
    run_cli: Run, tmp_path: Path
) -> None:
    _add(run_cli, "Rich Night Cream", COMEDOGENIC_CREAM)
    plan = _plan(run_cli, _profile_file(tmp_path, acne_prone=True))
    note = next(n for n in plan["notes"] if n.startswith("Rich Night Cream"))
    assert "It is left out: breaks the profile: ISOPROPYL MYRISTATE" in note


def test_acne_prone_never_gets_a_comedogenic_leave_on(run_cli: Run, tmp_path: Path) -> None:
    _add(run_cli, "Rich Night Cream", COMEDOGENIC_CREAM)
    profile_path = _profile_file(tmp_path, acne_prone=True)
    plan = _plan(run_cli, profile_path)
    attached = _attached(plan)
    assert attached["moisturizer"]["name"] != "Rich Night Cream"
    acne = dataclasses.replace(sample_profile(), acne_prone=True)
    for step, product in attached.items():
        if product["source"] != "catalog" or step not in LEAVE_ON_ROLES:
            continue
        name, text = _catalog_text(product["product_id"])
        analysis = analyze_product(text, name=name, profile=acne)
        assert analysis.fit is not None and analysis.fit.verdict != "avoid", name
        assert not [f for f in analysis.flags if f.kind == "comedogenic"], name


def test_pregnant_profile_never_gets_a_retinoid(run_cli: Run, tmp_path: Path) -> None:
    _add(run_cli, "Retinol 0.5% in Squalane", RETINOL_SERUM)
    plan = _plan(run_cli, _profile_file(tmp_path, pregnant_or_breastfeeding=True))
    attached = _attached(plan)
    assert "retinoid" not in attached
    assert not any(p["contains_retinoid"] for p in attached.values())
    assert all(p["name"] != "Retinol 0.5% in Squalane" for p in attached.values())
    for product in attached.values():
        if product["source"] == "catalog":
            name, text = _catalog_text(product["product_id"])
            assert not analyze_product(text, name=name).contains_retinoid, name


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"acne_prone": False, "sensitive": True},
        {"pregnant_or_breastfeeding": True},
        {"skin_type": "dry", "acne_prone": False, "makeup_days_per_week": 0},
    ],
)
def test_check_plan_finds_no_violation_on_the_attached_plan(
    run_cli: Run, tmp_path: Path, changes: dict[str, Any]
) -> None:
    _add(run_cli, "My Daily Gel Moisturizer", SHELF_MOISTURIZER)
    plan_dict = _plan(run_cli, _profile_file(tmp_path, **changes))
    plan = Plan.from_dict(plan_dict)
    assert _attached(plan_dict), "products were attached"
    assert check_plan(plan) == []


def test_packaged_choices_match_a_live_run() -> None:
    """The precomputed catalog choices (read by `plan` for speed) are what the code computes."""
    import json

    stored = json.loads(read_data(PRECOMPUTED))
    assert stored == compute_packaged_choices(), (
        "knowledge/data/catalog-choices.json is stale; regenerate with "
        "`python -m porecare.ingredients._choose`"
    )
