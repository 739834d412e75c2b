"""`porecare check`, `porecare products` and `porecare data` through the real entry point."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import CliResult, assert_one_line_error

Run = Callable[..., CliResult]
LABEL = (
    "Ingredients: Aqua, Glycerin, Niacinamide 10%, Zinc PCA 1%, Phenoxyethanol, Parfum (Fragrance)"
)


def as_json(result: CliResult) -> Any:
    assert result.returncode == 0, result.stderr
    return result.json()


def test_check_text_json_shape(run_cli: Run) -> None:
    data = as_json(run_cli("check", LABEL, "--name", "Niacinamide 10% + Zinc 1%", "--json"))
    assert [i["input"] for i in data["ingredients"]][:3] == ["Aqua", "Glycerin", "Niacinamide 10%"]
    first = data["ingredients"][2]
    assert {"input", "inci", "confidence", "classes", "functions", "comedogenic"} <= set(first)
    assert first["inci"].casefold() == "niacinamide" and first["percent"] == 10.0
    assert data["role"]["role"] == "serum" and data["role"]["evidence"]
    assert {a["class"] for a in data["actives"]} >= {"niacinamide"}
    assert any(f["kind"] == "fragrance" for f in data["flags"])
    assert data["fit"] is None and data["unknown"] == []


def test_check_human_output(run_cli: Run) -> None:
    result = run_cli("check", LABEL)
    assert result.returncode == 0, result.stderr
    assert "NIACINAMIDE" in result.stdout.upper() and "Flags:" in result.stdout


def test_check_file_stdin_and_profile(
    run_cli: Run, tmp_path: Path, sample_profile_file: Path
) -> None:
    label = tmp_path / "label.txt"
    label.write_text("Aqua, Isopropyl Myristate, Glycerin", encoding="utf-8")
    data = as_json(
        run_cli(
            "check",
            "--file",
            str(label),
            "--name",
            "Face Cream",
            "--profile",
            str(sample_profile_file),
            "--json",
        )
    )
    assert data["fit"]["verdict"] == "avoid"  # the sample profile is acne-prone
    assert data["fit"]["reasons"][0]["caveat"]
    piped = as_json(run_cli("check", "--json", input="Aqua\nGlycerin\n"))
    assert [i["inci"] for i in piped["ingredients"]] == ["AQUA", "GLYCERIN"]


def test_check_and_catalog_judge_for_your_stored_profile(
    run_cli: Run, sample_profile_file: Path
) -> None:
    label = ("Aqua, Isopropyl Myristate, Glycerin", "--name", "Face Cream", "--json")
    assert as_json(run_cli("check", *label))["fit"] is None  # no profile yet: no fit
    stored = run_cli("setup", "--profile", str(sample_profile_file))
    assert stored.returncode == 0, stored.stderr
    assert as_json(run_cli("check", *label))["fit"]["verdict"] == "avoid"  # acne-prone
    assert as_json(run_cli("check", *label, "--no-profile"))["fit"] is None
    lines = run_cli("check", "--jsonl", input='{"ingredients": "Aqua, Isopropyl Myristate"}\n')
    assert json.loads(lines.stdout)["fit"] is not None
    found = as_json(run_cli("catalog", "cerave", "--json"))["products"]
    assert found and all(p["fit"] is not None for p in found)
    both = run_cli("check", "Aqua", "--no-profile", "--profile", str(sample_profile_file))
    assert_one_line_error(both)


def test_check_jsonl_one_result_per_line_in_order(run_cli: Run) -> None:
    lines = [
        json.dumps(
            {"name": "Gentle Cleanser", "ingredients": "Aqua, Sodium Laureth Sulfate, Glycerin"}
        ),
        "{not json",
        json.dumps({"name": "No ingredients"}),
        "\xff\xfe broken bytes",
        json.dumps({"ingredients": "Kaolin, Aqua, Bentonite"}),
    ]
    raw = "\n".join(lines[:3]).encode() + b"\n\xff\xfe broken\n" + lines[4].encode() + b"\n"
    result = run_cli("check", "--jsonl", input=raw)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5]
    assert [o["ok"] for o in out] == [True, False, False, False, True]
    assert out[0]["role"]["role"] == "water_cleanser"
    assert "not JSON" in out[1]["error"] and "'ingredients'" in out[2]["error"]
    assert "not UTF-8" in out[3]["error"]
    assert out[4]["role"]["role"] == "clay_mask"
    two = run_cli("check", "--jsonl", "--workers", "2", input=raw)
    assert two.returncode == 0, two.stderr
    assert two.stdout == result.stdout


def test_check_workers_bad_values_are_one_line(run_cli: Run) -> None:
    for value in ("0", "x", "-1", "1000"):
        result = run_cli("check", "--jsonl", "--workers", value, input="")
        assert_one_line_error(result)
        assert "--workers" in result.stderr
    result = run_cli("check", "Aqua, Glycerin", "--workers", "2")
    assert_one_line_error(result)
    assert "--jsonl" in result.stderr


def test_check_bad_input_is_one_line(run_cli: Run, tmp_path: Path) -> None:
    assert_one_line_error(run_cli("check", ""))
    assert_one_line_error(run_cli("check", "   ", "--json"))
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run_cli("check", "--file", str(binary))
    assert_one_line_error(result)
    assert "binary" in result.stderr
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Aqua, Glycérine".encode("latin-1"))
    result = run_cli("check", "--file", str(latin))
    assert_one_line_error(result)
    assert "not UTF-8" in result.stderr
    big = tmp_path / "noise.txt"
    rng = random.Random(1)
    big.write_text("".join(rng.choice("abcdefgh ,;\n()%*") for _ in range(1_000_000)))
    result = run_cli("check", "--file", str(big))
    assert_one_line_error(result)
    assert "characters" in result.stderr
    assert_one_line_error(run_cli("check", "--file", str(tmp_path / "missing.txt")))
    assert_one_line_error(run_cli("check", "Aqua", "--file", str(big)))
    assert_one_line_error(run_cli("check", "Aqua", "--profile", str(tmp_path / "nope.toml")))


def test_check_noise_gives_unknowns_not_a_traceback(run_cli: Run) -> None:
    rng = random.Random(7)
    noise = ", ".join(
        "".join(rng.choice("qwxzjkvbpy") for _ in range(rng.randint(4, 20))) for _ in range(2000)
    )
    data = as_json(run_cli("check", "--json", input=noise))
    assert data["counts"]["tokens"] == 2000
    assert data["counts"]["resolved"] <= 20
    assert len(data["unknown"]) == 2000 - data["counts"]["resolved"]


def test_products_add_list_remove(run_cli: Run) -> None:
    added = as_json(
        run_cli(
            "products",
            "add",
            "--name",
            "Foaming Cleanser",
            "--ingredients",
            "Aqua, Sodium Laureth Sulfate",
            "--json",
        )
    )
    assert added["id"] == 1 and added["role"] == "water_cleanser"
    assert added["analysis"]["ingredients"][1]["inci"] == "SODIUM LAURETH SULFATE"
    as_json(
        run_cli(
            "products", "add", "--name", "Serum", "--ingredients", "Aqua, Niacinamide", "--json"
        )
    )
    listed = as_json(run_cli("products", "list", "--json"))
    assert [p["name"] for p in listed["products"]] == ["Foaming Cleanser", "Serum"]
    human = run_cli("products", "list")
    assert "#1 Foaming Cleanser: water cleanser" in human.stdout
    removed = as_json(run_cli("products", "remove", "1", "--json"))
    assert removed["removed"]["name"] == "Foaming Cleanser"
    assert [p["id"] for p in as_json(run_cli("products", "list", "--json"))["products"]] == [2]


def test_products_errors_are_one_line(run_cli: Run) -> None:
    assert_one_line_error(run_cli("products", "remove", "5"))
    as_json(run_cli("products", "add", "--name", "A", "--ingredients", "Aqua", "--json"))
    result = run_cli("products", "remove", "5")
    assert_one_line_error(result)
    assert "no product with id 5" in result.stderr
    assert_one_line_error(run_cli("products", "add", "--name", "B", "--ingredients", " , "))
    assert_one_line_error(run_cli("products", "add", "--name", "", "--ingredients", "Aqua"))
    assert_one_line_error(run_cli("products", "add", "--name", "C"))
    assert [p["name"] for p in as_json(run_cli("products", "list", "--json"))["products"]] == ["A"]


def test_data_import_cosing_then_check_resolves(run_cli: Run, shared_dir: Path) -> None:
    path = shared_dir / "data" / "cosing" / "cosing-inventory-2020.csv"
    before = as_json(run_cli("check", "Astrocaryum Vulgare Seed Butter", "--json"))
    assert before["unknown"] == ["Astrocaryum Vulgare Seed Butter"]
    # The text says how to recognise more names; JSON stays the analysis alone.
    hint = "porecare data import-cosing FILE"
    assert hint in run_cli("check", "Astrocaryum Vulgare Seed Butter").stdout
    assert hint not in run_cli("check", "Aqua, Glycerin").stdout
    result = as_json(run_cli("data", "import-cosing", str(path), "--json"))
    assert result["imported"] > 28_000
    after = as_json(run_cli("check", "Astrocaryum Vulgare Seed Butter", "--json"))
    assert after["unknown"] == [] and after["ingredients"][0]["functions"]
    assert hint not in run_cli("check", "Aqua, Qwertyzzy Extract").stdout  # imported already


def test_data_imports_refuse_foreign_files(run_cli: Run, tmp_path: Path) -> None:
    foreign = tmp_path / "prices.csv"
    foreign.write_text("name,price\nsoap,3\n", encoding="utf-8")
    result = run_cli("data", "import-cosing", str(foreign))
    assert_one_line_error(result)
    assert "not a CosIng inventory" in result.stderr
    result = run_cli("data", "import-obf", str(foreign))
    assert_one_line_error(result)
    assert "not an Open Beauty Facts dump" in result.stderr
    assert_one_line_error(run_cli("data", "import-obf", str(tmp_path / "missing.jsonl")))


def test_data_import_obf_jsonl(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "obf.jsonl"
    record = {
        "code": "42",
        "product_name": "Hydrating Toner",
        "brands": "B",
        "ingredients_text": "Aqua, Glycerin",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = as_json(run_cli("data", "import-obf", str(path), "--json"))
    assert result["imported"] == 1 and result["kind"] == "obf"


def test_products_conflicts(run_cli: Run) -> None:
    for name, text in (
        ("Retinol Serum", "Aqua, Glycerin, Retinol"),
        ("BHA Toner", "Aqua, Salicylic Acid 2%"),
        ("Cream", "Aqua, Glycerin, Dimethicone"),
    ):
        as_json(run_cli("products", "add", "--name", name, "--ingredients", text, "--json"))
    data = as_json(run_cli("products", "conflicts", "--json"))
    assert [c["rule"] for c in data["conflicts"]] == ["retinoid_with_acid"]
    assert data["conflicts"][0]["source"] and data["conflicts"][0]["why"]
    assert as_json(run_cli("products", "conflicts", "2", "3", "--json"))["conflicts"] == []
    assert_one_line_error(run_cli("products", "conflicts", "9"))
