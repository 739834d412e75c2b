"""The photo comparison page and endpoint: two stored photos side by side, with the noise."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

import test_web_app
from test_web_app import synthetic_png, token

# The same app and onboarding fixtures as the rest of the web tests.
client = test_web_app.client
onboarded = test_web_app.onboarded


def _upload(client: TestClient, png: bytes, name: str) -> int:
    response = client.post(
        "/api/photos",
        files={"photo": (name, png, "image/png")},
        data={"px_per_mm": "14"},
        headers={"X-CSRF-Token": token(client)},
    )
    assert response.status_code == 200, response.text
    return int(response.json()["id"])


def test_two_photos_compare_with_the_same_numbers_as_the_cli(
    onboarded: TestClient, run_cli
) -> None:
    first = _upload(onboarded, synthetic_png(3), "week1.png")
    second = _upload(onboarded, synthetic_png(11), "week6.png")
    data = onboarded.get(f"/api/photos/compare?a={first}&b={second}").json()
    assert (data["a"]["id"], data["b"]["id"]) == (first, second)
    paths = [data[k]["path"] for k in ("a", "b")]
    cli = run_cli("compare", *paths, "--px-per-mm", "14", "--json")
    assert cli.returncode == 0, cli.stderr
    assert data["comparison"]["changes"] == cli.json()["changes"]

    page = onboarded.get("/photos/compare")  # defaults: the first and the latest photo
    assert page.status_code == 200
    assert page.text.count('<svg class="overlay"') == 2
    pores = len(data["a"]["analysis"]["pores"]) + len(data["b"]["analysis"]["pores"])
    assert page.text.count("<circle") == pores
    for change in data["comparison"]["changes"].values():
        expected = "a real change" if change["measurable"] else "too small to be sure"
        assert expected in page.text
    assert "Compare the first and latest photo" in onboarded.get("/photos").text


def test_a_photo_compared_with_itself_shows_no_measurable_change(onboarded: TestClient) -> None:
    photo = _upload(onboarded, synthetic_png(3), "same.png")
    _upload(onboarded, synthetic_png(4), "other.png")
    data = onboarded.get(f"/api/photos/compare?a={photo}&b={photo}").json()
    assert data["comparison"]["summary"].startswith("no measurable change")
    assert all(c["change"] == 0 for c in data["comparison"]["changes"].values())
    page = onboarded.get(f"/photos/compare?a={photo}&b={photo}").text
    assert "No measurable change" in page and "a real change" not in page


def test_fewer_than_two_measured_photos_says_what_is_needed(onboarded: TestClient) -> None:
    _upload(onboarded, synthetic_png(3), "only.png")
    page = onboarded.get("/photos/compare")
    assert page.status_code == 200 and "you have 1" in page.text
    assert "Compare the first and latest" not in onboarded.get("/photos").text


def test_bad_or_missing_photo_ids_are_refused_in_one_line(onboarded: TestClient) -> None:
    first = _upload(onboarded, synthetic_png(3), "a.png")
    _upload(onboarded, synthetic_png(4), "b.png")
    missing = onboarded.get(f"/api/photos/compare?a={first}&b=999")
    assert missing.status_code == 404
    assert missing.json()["error"] == "the second photo, 999, is not in your journal"
    assert onboarded.get("/api/photos/compare?a=x&b=1").status_code == 422
    page = onboarded.get(f"/photos/compare?a=999&b={first}")
    assert page.status_code == 404 and "first photo, 999, is not in your journal" in page.text
    bad = onboarded.get("/photos/compare?a=abc&b=1")
    assert bad.status_code == 400
    assert re.search(r"photo id \S+abc\S+ is not a number", bad.text)


def test_an_unmeasured_photo_cannot_be_compared(onboarded: TestClient, data_dir: Path) -> None:
    from PIL import Image

    from porecare.journal import Journal

    measured = _upload(onboarded, synthetic_png(3), "a.png")
    stored_only = Path(data_dir) / "stored-only.png"
    Image.new("RGB", (64, 64), (200, 160, 140)).save(stored_only)
    with Journal(data_dir) as journal:
        record = journal.add_photo(stored_only, analyze=False)
    assert record.analysis is None
    response = onboarded.get(f"/api/photos/compare?a={measured}&b={record.id}")
    assert response.status_code == 404 and "was not measured" in response.json()["error"]
