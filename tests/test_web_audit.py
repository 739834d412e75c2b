"""Gaps found by auditing the web app as a new user would meet it (issue 6), each pinned here.

No-profile guidance, Today outside the plan, command-line wording kept out of the pages, the
fit explained, upload limits that count the file rather than its envelope, the OpenAPI shapes
checked against real responses, text contrast computed from ``app.css``, escaping of user text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from porecare.web import create_app
from porecare.web._wording import in_app_words
from test_web_app import QUIZ, synthetic_png

REPO = Path(__file__).resolve().parents[1]
XSS = '"><img src=x onerror=alert(1)><script>alert(2)</script>\u202eRTL 😀'
PAGES = ("/plan", "/today", "/shelf", "/photos", "/progress", "/facts", "/quiz")


def _token(client: TestClient) -> str:
    return str(client.cookies.get("porecare_csrf"))


def _form(client: TestClient, url: str, data: dict[str, Any], **kw: Any) -> Any:
    return client.post(
        url, data={**data, "csrf_token": _token(client)}, follow_redirects=False, **kw
    )


def _api(client: TestClient, url: str, body: Any) -> Any:
    return client.post(url, json=body, headers={"X-CSRF-Token": _token(client)})


def _errors(html: str) -> list[str]:
    return re.findall(r'class="field-error"[^>]*>([^<]*)<', html)


@pytest.fixture
def client(data_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(data_dir), base_url="http://127.0.0.1") as c:
        c.get("/facts")
        yield c


@pytest.fixture
def onboarded(client: TestClient) -> TestClient:
    assert _form(client, "/quiz", QUIZ).status_code == 303
    return client


# -- a new user with no profile --------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_page_without_a_profile_guides_to_the_quiz(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[-500:]
    quiz = 'action="/quiz"' in response.text
    assert quiz or 'href="/quiz"' in response.text, path


def test_forms_posted_before_the_quiz_lead_to_it(client: TestClient) -> None:
    logged = _form(client, "/today/log", {"routine": "am", "done": "toner"})
    assert logged.status_code == 303 and logged.headers["location"] == "/quiz?done=start"
    removed = _form(client, "/shelf/7/remove", {})
    assert removed.status_code == 404 and "no product 7 on your shelf" in removed.text


def test_a_redirect_to_the_quiz_says_why(client: TestClient) -> None:
    response = client.get("/today")
    assert str(response.url).endswith("/quiz?done=start")
    assert "First, a few questions" in response.text


def test_shelf_without_a_profile_asks_for_the_quiz_instead_of_promising_a_plan(
    client: TestClient,
) -> None:
    page = client.get("/shelf").text
    assert "Start with the skin quiz" in page and "Your plan uses" not in page
    checked = _form(client, "/shelf", {"ingredients": "Aqua, Niacinamide", "action": "check"})
    assert checked.status_code == 200 and "whether this product fits your skin" in checked.text


# -- Today outside the plan ------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-400, 400])
def test_today_outside_the_plan_is_a_friendly_page(onboarded: TestClient, offset: int) -> None:
    day = (date.today() + timedelta(days=offset)).isoformat()
    response = onboarded.get(f"/today?date={day}")
    assert response.status_code == 200
    assert "This day is not in your plan" in response.text and "Error" not in response.text
    first_or_last = "first" if offset < 0 else "last"
    assert f"Go to the {first_or_last} day of the plan" in response.text
    assert 'id="oiliness"' in response.text  # the diary still works on any day


def test_a_check_off_posted_for_a_day_outside_the_plan_leads_back_to_that_day(
    onboarded: TestClient,
) -> None:
    day = (date.today() - timedelta(days=30)).isoformat()
    response = _form(onboarded, "/today/log", {"date": day, "routine": "am", "done": "toner"})
    assert response.status_code == 303 and response.headers["location"] == f"/today?date={day}"


def test_a_diary_day_before_the_plan_is_not_shown_as_a_negative_week(
    onboarded: TestClient,
) -> None:
    day = (date.today() - timedelta(days=60)).isoformat()
    assert _form(onboarded, "/today/diary", {"date": day, "oiliness": "2"}).status_code == 303
    page = onboarded.get("/progress").text
    assert "Outside the plan" in page
    assert not re.search(r"<td>-\d+</td>", page)


# -- the app's own words, not the command line's ----------------------------------------------


@pytest.mark.parametrize(
    ("message", "gone", "kept"),
    [
        (
            "scale unknown (no face found): metrics are in pixels only; give --px-per-mm for "
            "physical units",
            "--px-per-mm",
            "scale filled in",
        ),
        (
            "no face regions: measuring the whole frame (use --mask to choose the skin)",
            "--mask",
            "crop",
        ),
        ("products add: --ingredients has no ingredient names; paste the INCI list", "--", "paste"),
        ("2020-01-01 is outside the plan; run porecare setup again", "porecare setup", "quiz"),
        ("<bytes>: cannot read the image (Truncated File Read)", "<bytes>", "cannot read"),
        ("products remove: no product 3; see 'porecare products list'", "porecare", "no product"),
        ("some new hint: use --future-flag", "--future-flag", "future flag"),
        ("porecare checks this once you attach products.", "attach", "Shelf"),
        (
            "If porecare misread it, say what it is: porecare products set-role 3 ROLE.",
            "set-role",
            "in your Shelf",
        ),
        ("add your own with `porecare products add`.", "porecare", "Shelf page"),
    ],
)
def test_cli_phrases_become_app_words(message: str, gone: str, kept: str) -> None:
    text = in_app_words(message)
    assert gone not in text and kept in text


def test_photo_page_never_tells_the_user_to_use_a_command_line_flag(
    onboarded: TestClient,
) -> None:
    upload = _form(
        onboarded, "/photos", {}, files={"photo": ("cheek.png", synthetic_png(), "image/png")}
    )
    assert upload.status_code == 303, upload.text[-800:]
    page = onboarded.get(upload.headers["location"]).text
    assert not re.search(r"(?<![\w-])--[a-z]", page), re.findall(r".{60}--[a-z].{40}", page)
    assert "scale filled in" in page
    assert "needs at least" in page  # each quality figure beside what a measurable photo needs


def test_a_bad_ingredient_list_is_explained_without_cli_words(onboarded: TestClient) -> None:
    response = _form(onboarded, "/shelf", {"name": "Empty", "ingredients": " , ; , "})
    assert response.status_code == 422
    (message,) = _errors(response.text)
    assert "--" not in message and "products add" not in message


def test_a_refused_photo_is_named_by_its_file_not_by_bytes(onboarded: TestClient) -> None:
    broken = b"\x89PNG\r\n\x1a\n" + b"garbage" * 100
    response = _form(onboarded, "/photos", {}, files={"photo": ("cheek.png", broken, "image/png")})
    (message,) = _errors(response.text)
    assert "cheek.png" in message and "bytes&gt;" not in message and "<bytes>" not in message


# -- the shelf -------------------------------------------------------------------------------


def test_fit_reasons_are_shown_in_words(onboarded: TestClient) -> None:
    made = _form(
        onboarded,
        "/shelf",
        {"name": "Rich cream", "ingredients": "Aqua, Isopropyl Myristate, Glycerin"},
    )
    page = onboarded.get(made.headers["location"]).text
    assert "Not a good fit for your skin" in page
    assert "acne-prone skin" in page  # the reason itself, not only a verdict
    assert "breaks the profile" not in page


def test_an_overlong_ingredient_list_is_refused_next_to_its_field(onboarded: TestClient) -> None:
    from porecare.web._pages import MAX_INGREDIENTS_CHARS

    text = "Aqua, " * (MAX_INGREDIENTS_CHARS // 6 + 10)
    response = _form(onboarded, "/shelf", {"name": "Long", "ingredients": text})
    assert response.status_code == 422
    (message,) = _errors(response.text)
    assert "at most 100,000" in message
    assert onboarded.get("/api/products").json() == {"products": []}
    assert f'maxlength="{MAX_INGREDIENTS_CHARS}"' in onboarded.get("/shelf").text


def test_user_text_is_escaped_on_every_page(onboarded: TestClient) -> None:
    made = _form(onboarded, "/shelf", {"name": XSS, "ingredients": f"Aqua, {XSS}"})
    assert made.status_code == 303
    assert _form(onboarded, "/today/diary", {"note": XSS, "oiliness": "1"}).status_code == 303
    checked = _form(onboarded, "/shelf", {"name": XSS, "ingredients": XSS, "action": "check"})
    for html in (
        checked.text,
        *(onboarded.get(p).text for p in (*PAGES, made.headers["location"])),
    ):
        assert "<script>alert" not in html and "<img src=x" not in html
    product = onboarded.get(made.headers["location"]).text
    assert "<bdi>&#34;&gt;&lt;img" in product  # isolated, so an RTL override cannot leak


# -- uploads ---------------------------------------------------------------------------------


def test_a_photo_of_exactly_the_size_limit_is_not_refused_for_its_form_envelope(
    onboarded: TestClient,
) -> None:
    from porecare.web._app import MAX_UPLOAD_BYTES

    png = synthetic_png()
    data = png + b"\x00" * (MAX_UPLOAD_BYTES - len(png))  # bytes after IEND are ignored
    response = _form(onboarded, "/photos", {}, files={"photo": ("big.png", data, "image/png")})
    assert response.status_code == 303, response.text[-500:]


def test_an_oversize_photo_says_so_in_megabytes_and_leads_back_to_photos(
    onboarded: TestClient,
) -> None:
    from porecare.web._app import MAX_UPLOAD_BYTES

    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_UPLOAD_BYTES + 100 * 1024)
    response = _form(onboarded, "/photos", {}, files={"photo": ("big.png", data, "image/png")})
    assert response.status_code == 413
    assert "larger than 25 MB" in response.text and 'href="/photos"' in response.text


def test_an_error_after_a_form_post_links_back_to_that_form(onboarded: TestClient) -> None:
    response = onboarded.post("/shelf", data={"name": "x", "ingredients": "Aqua"})
    assert response.status_code == 403
    assert '<a href="/shelf">Back to Shelf</a>' in response.text
    huge = _form(onboarded, "/shelf", {"name": "x", "ingredients": "a" * 300_000})
    assert huge.status_code == 413 and '<a href="/shelf">Back to Shelf</a>' in huge.text
    cross = _form(onboarded, "/today/diary", {"note": "x"}, headers={"Origin": "http://evil.test"})
    assert cross.status_code == 403 and '<a href="/today">Back to Today</a>' in cross.text


# -- API -------------------------------------------------------------------------------------


def test_api_diary_refuses_an_empty_entry(onboarded: TestClient) -> None:
    response = _api(onboarded, "/api/diary", {})
    assert response.status_code == 400 and "nothing to record" in response.json()["error"]
    assert onboarded.get("/api/progress").json()["diary"]["entries"] == 0


def test_openapi_names_the_keys_of_the_real_responses(onboarded: TestClient) -> None:
    from porecare.web._api import SHAPES

    product = _api(onboarded, "/api/products", {"name": "Serum", "ingredients": "Aqua, Glycerin"})
    photo = onboarded.post(
        "/api/photos",
        files={"photo": ("p.png", synthetic_png(), "image/png")},
        headers={"X-CSRF-Token": _token(onboarded)},
    )
    real = {
        "plan": onboarded.get("/api/plan").json(),
        "today": onboarded.get("/api/today").json(),
        "log": _api(onboarded, "/api/log", {"routine": "pm", "step": "moisturizer"}).json(),
        "diary": _api(onboarded, "/api/diary", {"oiliness": 1}).json(),
        "product": product.json(),
        "analysis": _api(onboarded, "/api/check", {"ingredients": "Aqua"}).json(),
        "photo": photo.json(),
        "progress": onboarded.get("/api/progress").json(),
        "fact": onboarded.get("/api/facts").json()["facts"][0],
        "profile": onboarded.get("/api/profile").json(),
    }
    for name, body in real.items():
        assert sorted(body) == sorted(SHAPES[name]), name
    spec = onboarded.get("/openapi.json").json()
    today = spec["paths"]["/api/today"]["get"]["responses"]["200"]["content"]
    assert today["application/json"]["schema"]["required"] == list(SHAPES["today"])
    products = spec["paths"]["/api/products"]["get"]["responses"]["200"]["content"]
    items = products["application/json"]["schema"]["properties"]["products"]["items"]
    assert items["required"] == list(SHAPES["product"])


# -- accessibility ---------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _palettes() -> dict[str, dict[str, str]]:
    css = (REPO / "src" / "porecare" / "web" / "static" / "app.css").read_text()
    light_part, dark_part = css.split("@media (prefers-color-scheme: dark)", 1)
    pattern = re.compile(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})")
    light = dict(pattern.findall(light_part.split("}", 1)[0]))
    dark = {**light, **dict(pattern.findall(dark_part.split("}", 1)[0]))}
    return {"light": light, "dark": dark}


# (text colour, background) pairs the stylesheet actually draws.
TEXT_PAIRS = [
    ("text", "bg"),
    ("text", "card"),
    ("muted", "bg"),
    ("muted", "card"),
    ("muted", "warn-bg"),
    ("accent", "bg"),
    ("accent", "card"),
    ("accent", "accent-soft"),
    ("accent-text", "accent"),
    ("text", "accent-soft"),
    ("text", "warn-bg"),
    ("warn", "warn-bg"),
    ("warn", "card"),
    ("bad", "bad-bg"),
    ("bad", "card"),
    ("ok", "card"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colours_reach_wcag_aa_contrast(scheme: str) -> None:
    colours = _palettes()[scheme]
    low = {
        f"{fg} on {bg}": round(_contrast(colours[fg], colours[bg]), 2)
        for fg, bg in TEXT_PAIRS
        if _contrast(colours[fg], colours[bg]) < 4.5
    }
    assert not low, low
    assert _contrast(colours["focus"], colours["bg"]) >= 3  # the focus ring (non-text 3:1)


def test_each_why_toggle_on_today_names_its_step(onboarded: TestClient) -> None:
    page = onboarded.get("/today").text
    whys = re.findall(r'<summary class="small">Why(.*?)</summary>', page)
    assert whys and all('class="visually-hidden"' in w for w in whys)


def test_dates_read_as_dates_not_codes(onboarded: TestClient) -> None:
    start = date.today()
    page = onboarded.get("/plan").text
    assert f"From {start.day} {start:%b %Y} to " in page
    assert f"From {start.isoformat()}" not in page


def test_control_characters_in_notes_and_names_are_refused_next_to_the_field(
    onboarded: TestClient,
) -> None:
    diary = _form(onboarded, "/today/diary", {"note": "a\x00b", "oiliness": "1"})
    assert diary.status_code == 422 and "control characters" in _errors(diary.text)[0]
    product = _form(onboarded, "/shelf", {"name": "n\x00me", "ingredients": "Aqua"})
    assert product.status_code == 422 and "control characters" in _errors(product.text)[0]
    api_note = _api(onboarded, "/api/diary", {"note": "a\x00b"})
    assert api_note.status_code == 422 and "control characters" in api_note.json()["error"]
    api_name = _api(onboarded, "/api/products", {"name": "a\x07", "ingredients": "Aqua"})
    assert api_name.status_code == 422
    assert onboarded.get("/api/progress").json()["diary"]["entries"] == 0


def test_json_endpoints_equal_the_cli_json(onboarded: TestClient, run_cli: Any) -> None:
    """The same data folder read by the real CLI and by the app gives the same JSON."""
    import json

    assert _api(onboarded, "/api/products", {"name": "Serum", "ingredients": "Aqua, Niacinamide"})
    assert _api(onboarded, "/api/log", {"routine": "am", "step": "toner"}).status_code == 200
    pairs = {
        ("today", "--json"): "/api/today",
        ("products", "list", "--json"): "/api/products",
        ("facts", "--json"): "/api/facts",
        ("progress", "--json"): "/api/progress",
    }
    for args, url in pairs.items():
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == onboarded.get(url).json(), args


def test_a_streamed_upload_without_length_is_cut_off_at_the_limit(onboarded: TestClient) -> None:
    from porecare.web._app import MAX_UPLOAD_BYTES

    head = (
        b'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        + _token(onboarded).encode()
        + b'\r\n--B\r\nContent-Disposition: form-data; name="photo"; filename="s.png"\r\n'
        + b"Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n"
    )

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(MAX_UPLOAD_BYTES // (1024 * 1024) + 2):
            yield b"\x00" * (1024 * 1024)
        yield b"\r\n--B--\r\n"

    response = onboarded.post(
        "/photos", content=body(), headers={"content-type": "multipart/form-data; boundary=B"}
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413 and "larger than 25 MB" in response.text
    assert '<a href="/photos">Back to Photos</a>' in response.text
    assert onboarded.get("/api/photos").json() == {"photos": []}


def test_a_missing_answer_to_a_question_reads_as_a_sentence(client: TestClient) -> None:
    response = _form(client, "/quiz", {})
    assert response.status_code == 422
    messages = _errors(response.text)
    assert "Do you wear sunscreen daily? Please answer this question" in messages
    assert not any("?:" in m for m in messages)


def test_progress_with_two_photos_shows_each_change_and_whether_it_is_real(
    onboarded: TestClient,
) -> None:
    for seed in (3, 5):
        png = synthetic_png(seed)
        upload = _form(
            onboarded, "/photos", {"px_per_mm": "14"}, files={"photo": ("p.png", png, "image/png")}
        )
        assert upload.status_code == 303, upload.text[-500:]
    changes = onboarded.get("/api/progress").json()["pores"]["changes"]
    assert changes, "two photos give first-to-latest changes"
    page = onboarded.get("/progress")
    assert page.status_code == 200, page.text[-500:]
    verdicts = re.findall(
        r"<strong>a real change</strong>|too small to be sure|cannot compare", page.text
    )
    assert len(verdicts) == len(changes)
    assert "normal variation ±" in page.text


def test_after_the_plan_ends_the_plan_page_shows_its_last_week_and_today_says_so(
    data_dir: Path,
) -> None:
    from porecare.journal import Journal
    from porecare.profile import sample_profile

    with Journal(data_dir) as journal:
        journal.setup(sample_profile(), start=date.today() - timedelta(days=200))
    with TestClient(create_app(data_dir), base_url="http://127.0.0.1") as client:
        plan = client.get("/plan").text
        weeks = re.search(r"Week (\d+) of (\d+)", plan)
        assert weeks and weeks.group(1) == weeks.group(2)
        today = client.get("/today")
        assert today.status_code == 200
        assert "Your plan has no steps for today" in today.text
        assert 'href="/quiz">Start a new plan' in today.text


def test_the_plan_page_explains_a_shelf_product_in_no_step_in_app_words(
    onboarded: TestClient,
) -> None:
    made = _form(
        onboarded,
        "/shelf",
        {"name": "Nose Pore Strips", "ingredients": "Polyquaternium-37, Aqua, Glycerin"},
    )
    assert made.status_code == 303
    assert _form(onboarded, "/plan/rebuild", {}).status_code == 303
    page = onboarded.get("/plan").text
    assert "Nose Pore Strips (on your shelf" in page and "swaps them for a clay mask" in page
    assert "say what it is on its page in your Shelf" in page
    assert "set-role" not in page and "porecare products" not in page
