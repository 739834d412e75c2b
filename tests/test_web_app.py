"""In-process HTTP tests of the web app: every page and endpoint, against a real SQLite folder."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from porecare.journal import Journal
from porecare.web import create_app

QUIZ = {
    "skin_type": "oily",
    "sensitive": "no",
    "acne_prone": "yes",
    "age": "34",
    "makeup_days_per_week": "5",
    "wears_sunscreen": "yes",
    "pregnant_or_breastfeeding": "no",
    "retinoid_experience": "none",
    "microneedling_interest": "yes",
}
SERUM = "Aqua, Niacinamide 10%, Glycerin, Sodium Hyaluronate, Phenoxyethanol"
COMEDOGENIC = "Isopropyl Myristate, Cocos Nucifera Oil, Aqua, Glycerin"


def token(client: TestClient) -> str:
    value = client.cookies.get("porecare_csrf")
    assert value, "the app sets the CSRF cookie on the first GET"
    return str(value)


def post_form(client: TestClient, url: str, data: dict[str, Any], **kw: Any) -> Any:
    return client.post(
        url, data={**data, "csrf_token": token(client)}, follow_redirects=False, **kw
    )


def api_post(client: TestClient, url: str, body: Any) -> Any:
    return client.post(url, json=body, headers={"X-CSRF-Token": token(client)})


def synthetic_png(seed: int = 3, size: tuple[int, int] = (320, 320)) -> bytes:
    from PIL import Image

    from porecare.pores._synthetic import synthetic_patch

    patch = synthetic_patch(seed, size=size, px_per_mm=14.0, jpeg_quality=None, blur_px=0.6)
    buffer = io.BytesIO()
    Image.fromarray(patch.image).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def client(data_dir: Path) -> Iterator[TestClient]:
    app = create_app(data_dir)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/quiz").status_code == 200
        yield c


@pytest.fixture
def onboarded(client: TestClient) -> TestClient:
    response = post_form(client, "/quiz", QUIZ)
    assert response.status_code == 303, response.text
    return client


# -- onboarding --------------------------------------------------------------------------------


def test_new_user_is_sent_to_the_quiz(client: TestClient) -> None:
    for path in ("/", "/plan", "/today", "/progress"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] in ("/quiz", "/quiz?done=start")


def test_quiz_form_labels_every_field(client: TestClient) -> None:
    html = client.get("/quiz").text
    for name in QUIZ:
        if name in ("age", "makeup_days_per_week"):
            assert f'<label for="{name}">' in html and f'id="{name}"' in html
        else:
            assert re.search(rf'<fieldset id="{name}"[^>]*>\s*<legend>', html), name
    assert 'name="csrf_token"' in html


def test_quiz_stores_the_profile_and_starts_the_plan(onboarded: TestClient, data_dir: Path) -> None:
    with Journal(data_dir) as journal:
        profile = journal.profile()
        plan = journal.plan()
    assert profile.age == 34 and profile.acne_prone and profile.microneedling_interest
    assert plan["days"][0]["date"] == date.today().isoformat()
    html = onboarded.get("/plan?done=profile").text
    assert "Profile saved" in html
    # Every step of the first week is shown with its why and source one tap away.
    first = plan["days"][0]
    for step in first["am"] + first["pm"]:
        assert step["why"].replace("'", "&#39;")[:40] in html.replace("&#34;", '"')
    assert html.count("<details") >= len(first["am"]) + len(first["pm"])
    assert "dermatologist" in html  # microneedling interest -> a referral, never a home step


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age", "5", "Your age: 5"),
        ("age", "abc", "is not a whole number"),
        ("skin_type", "greasy", "Your skin type"),
        ("sensitive", "", "Please answer"),
        ("makeup_days_per_week", "9", "allowed: a whole number 0..7"),
    ],
)
def test_bad_quiz_answer_is_shown_next_to_its_field(
    client: TestClient, data_dir: Path, field: str, value: str, message: str
) -> None:
    response = post_form(client, "/quiz", {**QUIZ, field: value})
    assert response.status_code == 422
    html = response.text
    assert f'id="{field}-error"' in html and message in html
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error', html)
    assert 'aria-invalid="true"' in html
    with Journal(data_dir) as journal, pytest.raises(Exception, match="no profile yet"):
        journal.profile()


def test_quiz_prefills_the_current_profile(onboarded: TestClient) -> None:
    html = onboarded.get("/quiz").text
    assert 'value="34"' in html and "Update your skin profile" in html
    assert re.search(r'name="acne_prone" value="yes" required checked', html)


# -- plan --------------------------------------------------------------------------------------


def test_plan_pages_through_weeks(onboarded: TestClient, data_dir: Path) -> None:
    with Journal(data_dir) as journal:
        days = journal.plan()["days"]
    html = onboarded.get("/plan?week=2").text
    assert "Week 2 of" in html
    assert html.count('class="day') == 7
    assert 'href="/plan?week=1"' in html
    last = onboarded.get("/plan?week=999").text
    assert f"Week {(len(days) + 6) // 7} of" in last


# -- today -------------------------------------------------------------------------------------


def test_today_check_off_by_form(onboarded: TestClient, data_dir: Path) -> None:
    today = date.today()
    with Journal(data_dir) as journal:
        am = [s.kind for s in journal.today(today).am]
    html = onboarded.get("/today").text
    for kind in am:
        assert f'value="{kind}"' in html
    response = post_form(
        onboarded,
        "/today/log",
        {"date": today.isoformat(), "routine": "am", "done": am[:2]},
    )
    assert response.status_code == 303
    with Journal(data_dir) as journal:
        view = journal.today(today)
    statuses = {s.kind: s.status for s in view.am}
    assert [statuses[k] for k in am[:2]] == ["done", "done"]
    assert all(statuses[k] == "skipped" for k in am[2:])
    assert "checked" in onboarded.get("/today").text


def test_today_log_refuses_an_unknown_step(onboarded: TestClient, data_dir: Path) -> None:
    response = post_form(
        onboarded, "/today/log", {"date": date.today().isoformat(), "routine": "am", "done": ["x"]}
    )
    assert response.status_code == 400 and "is not in the AM routine" in response.text
    with Journal(data_dir) as journal:
        assert all(s.status is None for s in journal.today(date.today()).am)


def test_today_outside_the_plan_and_bad_date(onboarded: TestClient) -> None:
    outside = onboarded.get("/today?date=1999-01-01")
    assert outside.status_code == 200 and "not in your plan" in outside.text
    response = onboarded.get("/today?date=not-a-date")
    assert response.status_code == 400 and "YYYY-MM-DD" in response.text


def test_diary_sliders_store_and_validate(onboarded: TestClient, data_dir: Path) -> None:
    day = date.today().isoformat()
    good = {"date": day, "oiliness": "3", "breakouts": "1", "irritation": "0", "note": "ok"}
    assert post_form(onboarded, "/today/diary", good).status_code == 303
    bad = {**good, "irritation": "9", "note": "changed"}
    response = post_form(onboarded, "/today/diary", bad)
    assert response.status_code == 422 and 'id="irritation-error"' in response.text
    with Journal(data_dir) as journal:
        (entry,) = journal.diary_entries()
    assert (entry.oiliness, entry.breakouts, entry.irritation, entry.note) == (3, 1, 0, "ok")
    assert 'value="3"' in onboarded.get("/today").text


# -- shelf -------------------------------------------------------------------------------------


def test_shelf_add_shows_analysis_and_fit(onboarded: TestClient) -> None:
    response = post_form(onboarded, "/shelf", {"name": "Pore serum", "ingredients": SERUM})
    assert response.status_code == 303
    page = onboarded.get(response.headers["location"])
    assert page.status_code == 200
    assert "Niacinamide" in page.text and "Product added" in page.text
    assert "Pore serum" in onboarded.get("/shelf").text
    products = onboarded.get("/api/products").json()["products"]
    assert [p["name"] for p in products] == ["Pore serum"]


def test_shelf_explains_flags_for_an_acne_prone_profile(onboarded: TestClient) -> None:
    response = post_form(
        onboarded, "/shelf", {"name": "Rich cream", "ingredients": COMEDOGENIC, "action": "check"}
    )
    assert response.status_code == 200
    html = response.text
    assert "Isopropyl Myristate" in html
    analysis = api_post(
        onboarded, "/api/check", {"name": "Rich cream", "ingredients": COMEDOGENIC}
    ).json()
    assert analysis["fit"] is not None
    for flag in analysis["flags"]:
        assert flag["reason"][:30].replace("'", "&#39;") in html.replace("&#34;", '"')
    assert onboarded.get("/api/products").json() == {"products": []}  # "check only" stores nothing


@pytest.mark.parametrize(
    ("name", "text", "field"),
    [
        ("", SERUM, "name"),
        ("X", "", "ingredients"),
        ("X", ",,, ;;; ...", "ingredients"),
        ("X" * 201, SERUM, "name"),
    ],
)
def test_bad_product_input_is_shown_next_to_the_field(
    onboarded: TestClient, name: str, text: str, field: str
) -> None:
    response = post_form(onboarded, "/shelf", {"name": name, "ingredients": text})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert onboarded.get("/api/products").json() == {"products": []}


def test_shelf_remove(onboarded: TestClient) -> None:
    added = api_post(onboarded, "/api/products", {"name": "Toner", "ingredients": SERUM}).json()
    response = post_form(onboarded, f"/shelf/{added['id']}/remove", {})
    assert response.status_code == 303
    assert onboarded.get("/api/products").json() == {"products": []}
    assert onboarded.get(f"/shelf/{added['id']}").status_code == 404


# -- photos ------------------------------------------------------------------------------------


def test_photo_upload_measures_and_serves_by_hash(onboarded: TestClient, data_dir: Path) -> None:
    png = synthetic_png()
    response = onboarded.post(
        "/photos",
        data={"csrf_token": token(onboarded), "px_per_mm": "14"},
        files={"photo": ("cheek.png", png, "image/png")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = onboarded.get(response.headers["location"])
    assert page.status_code == 200
    (photo,) = onboarded.get("/api/photos").json()["photos"]
    assert photo["analysis"] is not None
    assert page.text.count("<circle") == len(photo["analysis"]["pores"]) > 0
    image = onboarded.get(f"/files/photos/{photo['sha256']}.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert Path(photo["path"]).resolve().is_relative_to(data_dir.resolve())
    assert "How to take a photo" in onboarded.get("/photos").text
    table = onboarded.get("/photos.csv")
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
    assert "attachment" in table.headers["content-disposition"]
    header, first = table.text.splitlines()[:2]
    assert header.startswith("photo_id,date,region,count,density_per_cm2")
    assert first.startswith(f"{photo['id']},{photo['date']},overall,")
    assert 'href="/photos.csv"' in onboarded.get("/photos").text


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("notes.png", b"this is not an image at all", "not a photo file"),
        ("empty.png", b"", "no file chosen|empty"),
        ("cut.png", None, "truncated|cannot|decode|broken|incomplete"),
        ("anim.gif", b"GIF89a" + b"\x00" * 64, "not a photo file"),
    ],
)
def test_bad_photo_is_refused_next_to_the_field(
    onboarded: TestClient, filename: str, content: bytes | None, message: str
) -> None:
    if content is None:
        content = synthetic_png()[:400]  # a truncated PNG
    response = onboarded.post(
        "/photos",
        data={"csrf_token": token(onboarded)},
        files={"photo": (filename, content, "image/png")},
    )
    assert response.status_code == 422
    assert 'id="photo-error"' in response.text
    assert re.search(message, response.text, re.IGNORECASE), response.text[-2000:]
    assert onboarded.get("/api/photos").json() == {"photos": []}


def test_oversize_upload_is_refused(onboarded: TestClient) -> None:
    from porecare.web._app import MAX_UPLOAD_BYTES

    # Just over the limit: the form comes back with the message next to the field; far
    # over it (past the envelope allowance), the body is cut off with a 413.
    for extra, status in ((10, 422), (MAX_UPLOAD_BYTES // 10, 413)):
        big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_UPLOAD_BYTES + extra)
        response = onboarded.post(
            "/photos",
            data={"csrf_token": token(onboarded)},
            files={"photo": ("big.png", big, "image/png")},
        )
        assert response.status_code == status
        assert "larger than 25 MB" in response.text
    assert onboarded.get("/api/photos").json() == {"photos": []}


def test_bad_scale_is_shown_next_to_its_field(onboarded: TestClient) -> None:
    response = onboarded.post(
        "/photos",
        data={"csrf_token": token(onboarded), "px_per_mm": "-3"},
        files={"photo": ("a.png", synthetic_png(), "image/png")},
    )
    assert response.status_code == 422 and 'id="px_per_mm-error"' in response.text


# -- progress and facts ------------------------------------------------------------------------


def test_progress_page_draws_charts(onboarded: TestClient) -> None:
    day = date.today().isoformat()
    api_post(onboarded, "/api/log", {"date": day, "routine": "am", "step": "sunscreen"})
    html = onboarded.get("/progress").text
    assert html.count('<svg class="chart"') >= 2
    assert "Adherence per week" in html and "<title" in html


def test_facts_page_lists_every_fact_with_its_source(client: TestClient) -> None:
    from porecare.plan import facts

    html = client.get("/facts").text
    for fact in facts():
        assert fact.text[:40].replace("'", "&#39;") in html.replace("&#34;", '"')
    assert html.count('class="source"') == sum(1 for f in facts() if f.source)


# -- JSON API ----------------------------------------------------------------------------------


def test_api_mirrors_the_library_shapes(onboarded: TestClient, data_dir: Path) -> None:
    from porecare.plan import facts

    with Journal(data_dir) as journal:
        plan = journal.plan()
        today = journal.today(date.today()).to_dict()
    assert onboarded.get("/api/plan").json() == plan
    assert onboarded.get("/api/today").json() == today
    assert onboarded.get("/api/facts").json() == {"facts": [f.to_dict() for f in facts()]}
    assert onboarded.get("/api/profile").json()["age"] == 34
    logged = api_post(
        onboarded, "/api/log", {"routine": "pm", "done": ["moisturizer"], "skipped": []}
    )
    assert logged.status_code == 200 and logged.json()["logged"][0]["step"] == "moisturizer"
    diary = api_post(onboarded, "/api/diary", {"oiliness": 2})
    assert diary.json()["oiliness"] == 2 and diary.json()["adaptations"] == []
    progress = onboarded.get("/api/progress").json()
    assert set(progress) >= {"adherence", "streaks", "daily", "diary", "pores"}


def test_api_errors_are_one_line_json(onboarded: TestClient) -> None:
    bad = api_post(onboarded, "/api/diary", {"oiliness": 9})
    assert bad.status_code == 422 and "oiliness" in bad.json()["error"]
    unknown = api_post(onboarded, "/api/log", {"routine": "am", "step": "flossing"})
    assert unknown.status_code == 400 and "\n" not in unknown.json()["error"]
    assert onboarded.get("/api/products/999").status_code == 404
    assert onboarded.get("/api/nothing-here").json() == {"error": "no page at /api/nothing-here"}
    profile = api_post(onboarded, "/api/profile", {"skin_type": "oily"})
    assert profile.status_code == 400 and "missing field" in profile.json()["error"]


def test_api_profile_and_photo_upload(client: TestClient) -> None:
    from porecare.profile import sample_profile

    response = api_post(client, "/api/profile", sample_profile().to_dict())
    assert response.status_code == 200 and response.json()["plan"]["days"]
    upload = client.post(
        "/api/photos",
        files={"photo": ("p.png", synthetic_png(5), "image/png")},
        data={"px_per_mm": "14"},
        headers={"X-CSRF-Token": token(client)},
    )
    assert upload.status_code == 200, upload.text
    record = upload.json()
    assert client.get(f"/api/photos/{record['id']}").json()["sha256"] == record["sha256"]


def test_openapi_describes_the_json_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/plan", "/api/today", "/api/log", "/api/products", "/api/photos"} <= paths
    assert not any(p.startswith(("/quiz", "/files", "/static")) for p in paths)
    assert client.get("/docs").status_code == 404  # no CDN-loaded docs UI


def test_rebuild_puts_the_shelf_into_the_plan(onboarded: TestClient, data_dir: Path) -> None:
    api_post(onboarded, "/api/products", {"name": "My pore serum", "ingredients": SERUM})
    assert "My pore serum" not in onboarded.get("/plan").text
    assert "Rebuild my plan" in onboarded.get("/shelf").text
    response = post_form(onboarded, "/plan/rebuild", {})
    assert response.status_code == 303 and response.headers["location"] == "/plan?done=rebuilt"
    with Journal(data_dir) as journal:
        plan = journal.plan()
    attached = [
        s["product"]["name"]
        for d in plan["days"]
        for s in d["am"] + d["pm"]
        if isinstance(s.get("product"), dict)
    ]
    assert "My pore serum" in attached
    assert "My pore serum" in onboarded.get("/plan").text


def test_a_photo_too_poor_to_measure_shows_what_to_change(onboarded: TestClient) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), (182, 140, 120)).save(buffer, format="PNG")  # no texture at all
    response = onboarded.post(
        "/photos",
        data={"csrf_token": token(onboarded), "px_per_mm": "14"},
        files={"photo": ("flat.png", buffer.getvalue(), "image/png")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    (photo,) = onboarded.get("/api/photos").json()["photos"]
    quality = photo["analysis"]["quality"]
    assert quality["ok"] is False and quality["problems"]
    html = onboarded.get(response.headers["location"]).text
    assert "Too poor to measure reliably" in html
    for problem in quality["problems"]:
        assert problem["hint"] in html


def test_api_delete_product(onboarded: TestClient) -> None:
    added = api_post(onboarded, "/api/products", {"name": "Cleanser", "ingredients": SERUM}).json()
    headers = {"X-CSRF-Token": token(onboarded)}
    removed = onboarded.delete(f"/api/products/{added['id']}", headers=headers)
    assert removed.status_code == 200 and removed.json()["removed"]["id"] == added["id"]
    again = onboarded.delete(f"/api/products/{added['id']}", headers=headers)
    assert again.status_code == 400 and "no product" in again.json()["error"]


def test_pages_see_writes_made_by_the_cli_at_once(
    onboarded: TestClient, run_cli: Any, data_dir: Path
) -> None:
    """The app caches reads per database revision; a write by another process is a new one."""
    html = onboarded.get("/today").text
    assert not re.search(r'value="toner" checked', html)
    result = run_cli("--data-dir", str(data_dir), "log", "--done", "toner", "--am")
    assert result.returncode == 0, result.stderr
    assert re.search(r'value="toner" checked', onboarded.get("/today").text)
    result = run_cli("--data-dir", str(data_dir), "diary", "--oiliness", "4")
    assert result.returncode == 0, result.stderr
    assert onboarded.get("/progress").status_code == 200
    assert 'id="oiliness" name="oiliness" min="0" max="5" step="1" value="4"' in (
        onboarded.get("/today").text
    )
