"""The web Today page names the product to use for each step, as the CLI does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from porecare.ingredients import add_product
from porecare.journal import Journal
from porecare.journal._db import open_database
from porecare.profile import sample_profile
from porecare.web import create_app


def test_today_page_names_each_steps_product(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    conn = open_database(data_dir)
    add_product(conn, "Shelf Niacinamide Toner", "Water, Niacinamide, Glycerin, Panthenol")
    conn.close()
    with Journal(data_dir) as journal:
        journal.setup(sample_profile(), start=date.today())
        steps = journal.today(date.today()).to_dict()["am"]
    products = {s["step"]: s["product"] for s in steps if s.get("product")}
    assert products["toner"]["name"] == "Shelf Niacinamide Toner"

    with TestClient(create_app(data_dir), base_url="http://127.0.0.1") as client:
        page = client.get("/today").text
    assert "Use: <bdi>Shelf Niacinamide Toner</bdi>" in page
    assert "(your shelf)" in page
    assert "suggestion from the starter catalog" in page
