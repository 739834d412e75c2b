"""Setting a photo's scale from two ends of a known length, and measuring it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import test_web_app
from porecare.journal import Journal
from porecare.web._forms import FieldError, parse_scale
from test_web_app import api_post, post_form, synthetic_png, token

# The same app and onboarding fixtures as the rest of the web tests.
client = test_web_app.client
onboarded = test_web_app.onboarded


def _upload_without_scale(client: TestClient) -> int:
    response = client.post(
        "/api/photos",
        files={"photo": ("cheek.png", synthetic_png(3), "image/png")},
        headers={"X-CSRF-Token": token(client)},
    )
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["analysis"]["scale"]["px_per_mm"] is None  # no face, no scale given
    return int(record["id"])


def test_two_clicked_ends_of_ten_mm_set_the_scale_and_measure_again(
    onboarded: TestClient, data_dir: Path
) -> None:
    photo = _upload_without_scale(onboarded)
    page = onboarded.get(f"/photos/{photo}").text
    assert 'id="scale" open' in page and "Set the scale" in page
    ends = {"x1": "10", "y1": "20", "x2": "150", "y2": "20", "length_mm": "10"}  # 140 px / 10 mm
    response = post_form(onboarded, f"/photos/{photo}/scale", ends)
    assert response.status_code == 303 and response.headers["location"].endswith("done=scale")
    record = onboarded.get(f"/api/photos/{photo}").json()
    assert record["analysis"]["scale"]["px_per_mm"] == pytest.approx(14.0)
    assert record["analysis"]["metrics"]["overall"]["density_per_cm2"] > 0
    with Journal(data_dir) as journal:
        rows = journal.conn.execute(
            "SELECT px_per_mm FROM analyses WHERE photo_id = ? ORDER BY id", (photo,)
        ).fetchall()
    assert [r[0] for r in rows] == [None, pytest.approx(14.0)]  # the first measurement is kept
    assert "Scale set" in onboarded.get(response.headers["location"]).text


def test_the_api_sets_a_typed_scale(onboarded: TestClient) -> None:
    photo = _upload_without_scale(onboarded)
    record = api_post(onboarded, f"/api/photos/{photo}/scale", {"px_per_mm": 20}).json()
    assert record["analysis"]["scale"]["px_per_mm"] == pytest.approx(20.0)
    assert api_post(onboarded, "/api/photos/999/scale", {"px_per_mm": 20}).status_code == 404
    bad = api_post(onboarded, f"/api/photos/{photo}/scale", {"px_per_mm": 0})
    assert bad.status_code == 422 and "\n" not in bad.json()["error"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "px_per_mm", "click both ends"),
        ({"px_per_mm": "abc"}, "px_per_mm", "'abc' is not a number"),
        ({"px_per_mm": "900"}, "px_per_mm", "outside 1 to 500"),
        ({"x1": "5", "y1": "5", "x2": "12", "y2": "5", "length_mm": "1"}, "x2", "7 px apart"),
        (
            {"x1": "5", "y1": "5", "x2": "400", "y2": "5", "length_mm": "1"},
            "x2",
            "outside 0 to 320",
        ),
        (
            {"x1": "0", "y1": "0", "x2": "300", "y2": "0", "length_mm": "0.5"},
            "length_mm",
            "600.00 px per mm",
        ),
        (
            {"x1": "0", "y1": "0", "x2": "300", "y2": "0", "length_mm": ""},
            "length_mm",
            "not a number",
        ),
    ],
)
def test_bad_scale_fields_name_the_field(fields: dict[str, str], field: str, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_scale(fields, width=320, height=320)
    assert caught.value.field == field and message in caught.value.message


def test_a_bad_scale_form_is_shown_next_to_its_field_and_keeps_the_measurement(
    onboarded: TestClient,
) -> None:
    photo = _upload_without_scale(onboarded)
    before = onboarded.get(f"/api/photos/{photo}").json()["analysis"]
    ends = {"x1": "10", "y1": "20", "x2": "12", "y2": "20", "length_mm": "10"}
    response = post_form(onboarded, f"/photos/{photo}/scale", ends)
    assert response.status_code == 422
    assert 'id="x2-error"' in response.text and "2 px apart" in response.text
    assert 'value="12"' in response.text  # what was typed stays in the form
    assert onboarded.get(f"/api/photos/{photo}").json()["analysis"] == before
    assert post_form(onboarded, "/photos/999/scale", ends).status_code == 404
