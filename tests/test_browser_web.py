"""End-to-end: a new user walks the whole loop in real headless Chromium against the real server.

Screenshots of every page at phone (360x740) and desktop (1280x800) widths are saved under
``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "test-artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
SERUM = "Aqua, Niacinamide 10%, Glycerin, Sodium Hyaluronate, Panthenol, Phenoxyethanol"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("PORECARE_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"{CHROMIUM} is absent but PORECARE_REQUIRE_BROWSER=1 (apt-get install chromium)"
        )
    pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium to run the browser tests")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server (``python -m porecare serve``) on a free loopback port."""
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "porecare",
            "--data-dir",
            str(data_dir),
            "serve",
            "--port",
            "0",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        text = ""
        while not text.rstrip().endswith("}"):
            line = proc.stdout.readline().decode()
            assert line, proc.stderr.read().decode() if proc.stderr else "server exited"
            text += line
        url = str(json.loads(text)["url"]).rstrip("/")
        _wait_until_up(url)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_until_up(url: str) -> None:
    import httpx

    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(url + "/facts", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"server at {url} did not answer in 30 s"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


def _skin_photo(path: Path, seed: int = 11) -> Path:
    from PIL import Image

    from porecare.pores._synthetic import synthetic_patch

    patch = synthetic_patch(seed, size=(420, 420), px_per_mm=14.0, jpeg_quality=None, blur_px=0.6)
    buffer = io.BytesIO()
    Image.fromarray(patch.image).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")  # a sticky header is drawn where it is scrolled to
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        # Phone-first: nothing may force sideways scrolling of the page at 360 px.
        if label == "phone":
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{name}: page is {overflow}px wider than a 360px phone"
    page.set_viewport_size(PHONE)


def test_new_user_walks_the_whole_loop(server: str, browser: Any, tmp_path: Path) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    # 1. Quiz: a first visit lands on it; a bad answer is shown next to its field.
    page.goto(server + "/")
    assert page.url.endswith("/quiz")
    _shoot(page, "1-quiz")
    page.get_by_role("group", name="Your skin type").get_by_label("Oily").check()
    for question, answer in (
        ("Does your skin sting, burn or redden easily?", "No"),
        ("Do you get breakouts (acne) regularly?", "Yes"),
        ("Do you wear sunscreen daily?", "Yes"),
        ("Are you pregnant or breastfeeding?", "No"),
        ("Experience with retinol or other retinoids", "None"),
        ("Are you interested in microneedling?", "Yes"),
    ):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_label("Days a week you wear makeup").fill("5")
    page.get_by_label("Your age").fill("7")
    page.get_by_role("button", name="Build my plan").click()
    age = page.get_by_label("Your age")
    assert age.get_attribute("aria-invalid") == "true"
    assert "Your age: 7" in page.locator("#age-error").inner_text()
    _shoot(page, "1-quiz-error")
    assert all("422" in e for e in errors), errors  # the refused form, nothing else
    errors.clear()
    age.fill("34")
    page.get_by_role("button", name="Build my plan").click()

    # 2. Plan: a week calendar; a step's why and source open with one tap.
    page.wait_for_url("**/plan?done=profile")
    assert page.get_by_role("status").inner_text().startswith("Profile saved")
    first_step = page.locator("details.step").first
    first_step.locator("summary").click()
    assert first_step.locator("blockquote.source").is_visible()
    assert page.locator("li.day").count() == 7
    _shoot(page, "2-plan")

    # 3. Today: tick a step (saved by script, with the CSRF header), then the diary.
    page.get_by_role("link", name="Today", exact=True).first.click()
    page.wait_for_url("**/today")
    box = page.locator('form[data-autosave] input[type="checkbox"]').first
    box.check()
    page.locator(".save-status").first.filter(has_text="Saved").wait_for()
    page.get_by_label("Oiliness").fill("3")
    assert page.locator('output[for="oiliness"]').inner_text() == "3"
    page.get_by_role("button", name="Save diary").click()
    page.wait_for_url("**/today?date=*")
    assert page.get_by_label("Oiliness").input_value() == "3"
    assert page.locator('form[data-autosave] input[type="checkbox"]').first.is_checked()
    _shoot(page, "3-today")

    # 4. Shelf: paste an INCI list, see its analysis.
    page.get_by_role("link", name="Shelf").first.click()
    page.get_by_label("Product name").fill("Niacinamide serum")
    page.get_by_label("Ingredient list (as printed on the pack)").fill(SERUM)
    page.get_by_role("button", name="Add to shelf").click()
    page.wait_for_url("**/shelf/*")
    assert "Niacinamide" in page.content()
    _shoot(page, "4-shelf-product")
    page.get_by_role("link", name="Shelf").first.click()
    _shoot(page, "4-shelf")

    # 5. Photos: upload a synthetic skin close-up, see the overlay and the metrics.
    page.get_by_role("link", name="Photos").first.click()
    page.get_by_label("Photo", exact=True).set_input_files(str(_skin_photo(tmp_path / "cheek.png")))
    page.get_by_label("Scale in pixels per millimetre").fill("14")
    page.get_by_role("button", name="Upload and measure").click()
    page.wait_for_url("**/photos/*")
    assert page.locator("svg.overlay circle").count() > 0
    assert page.locator("dl.metrics").first.is_visible()
    _shoot(page, "5-photo")

    # 5b. A second photo, then the two side by side with the method's noise.
    page.get_by_role("link", name="Photos").first.click()
    later = _skin_photo(tmp_path / "cheek-week6.png", seed=12)
    page.get_by_label("Photo", exact=True).set_input_files(str(later))
    page.get_by_label("Scale in pixels per millimetre").fill("14")
    page.get_by_role("button", name="Upload and measure").click()
    page.wait_for_url("**/photos/*")
    page.get_by_role("link", name="Photos").first.click()
    page.get_by_role("link", name="Compare the first and latest photo").click()
    page.wait_for_url("**/photos/compare")
    assert page.locator("svg.overlay").count() == 2
    assert page.locator("table tbody tr").count() >= 5
    _shoot(page, "5b-compare")

    # 6. Progress: adherence and pore charts.
    page.get_by_role("link", name="Progress").first.click()
    assert page.locator("svg.chart").count() >= 3
    _shoot(page, "6-progress")

    page.get_by_role("link", name="Facts").first.click()
    assert page.locator("blockquote.source").count() > 3
    _shoot(page, "7-facts")
    assert errors == [], errors  # no CSP violation, no script error on any page
    context.close()


def test_keyboard_reaches_the_main_content_and_shows_focus(server: str, browser: Any) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(server + "/facts")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.close()


def test_a_double_click_adds_one_product_and_back_re_arms_the_form(
    server: str, browser: Any
) -> None:
    import httpx

    def count() -> int:
        return len(httpx.get(server + "/api/products").json()["products"])

    page = browser.new_page(viewport=PHONE)
    page.goto(server + "/shelf")
    before = count()
    page.get_by_label("Product name").fill("Double-click toner")
    page.get_by_label("Ingredient list (as printed on the pack)").fill("Aqua, Glycerin, Panthenol")
    # Two submits in a row (a double click, a tap while the page is slow): only the first
    # leaves the page. Counted by a listener that runs after the app's own.
    passed = page.evaluate(
        """() => {
             const form = document.querySelector('form[action="/shelf"]');
             let passed = 0;
             const count = (e) => { if (!e.defaultPrevented) passed++; e.preventDefault(); };
             form.addEventListener('submit', count);
             form.requestSubmit(); form.requestSubmit();
             form.removeEventListener('submit', count);
             form.removeAttribute('data-submitting');
             return passed;
           }"""
    )
    assert passed == 1
    page.get_by_role("button", name="Add to shelf").dblclick()
    page.wait_for_url("**/shelf/*")
    page.wait_for_load_state("networkidle")
    assert count() == before + 1
    # Back to the form (restored from the back/forward cache or re-fetched): it still submits.
    page.go_back()
    page.wait_for_url("**/shelf")
    page.get_by_label("Product name").fill("Second toner")
    page.get_by_label("Ingredient list (as printed on the pack)").fill("Aqua, Glycerin")
    page.get_by_role("button", name="Add to shelf").click()
    page.wait_for_url("**/shelf/*")
    assert count() == before + 2
    page.close()


def test_a_product_found_in_the_catalog_goes_on_the_shelf(server: str, browser: Any) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(server + "/shelf")
    page.get_by_label("Find it in the catalog").fill("cerave")
    page.get_by_role("button", name="Search the catalog").click()
    page.wait_for_url("**/shelf?q=cerave*")
    results = page.locator("#found")
    assert "In the catalog (1)" in results.inner_text()
    results.get_by_role(
        "button", name="Add CeraVe PM Facial Moisturizing Lotion to your shelf"
    ).click()
    page.wait_for_url("**/shelf/*")
    assert page.locator("h1").inner_text() == "CeraVe PM Facial Moisturizing Lotion"
    page.close()


def test_every_page_fits_a_phone_and_labels_every_control(server: str, browser: Any) -> None:
    page = browser.new_page(viewport=PHONE)
    pages = ("/plan", "/today", "/shelf", "/photos", "/photos/compare", "/progress", "/facts")
    for path in (*pages, "/quiz"):
        page.goto(server + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path}: {overflow}px wider than a 360px phone"
        unlabelled = page.evaluate(
            """() => Array.from(document.querySelectorAll(
                 'input:not([type=hidden]), select, textarea'))
               .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
               .map(e => e.name)"""
        )
        assert unlabelled == [], (path, unlabelled)
        levels = page.evaluate(
            "Array.from(document.querySelectorAll('h1,h2,h3,h4')).map(h => +h.tagName[1])"
        )
        assert levels.count(1) == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), (
            path,
            levels,
        )
        assert page.evaluate("document.documentElement.lang") == "en"
    page.close()


def test_an_oversize_photo_is_stopped_before_it_is_uploaded(
    server: str, browser: Any, tmp_path: Path
) -> None:
    from porecare.web._app import MAX_UPLOAD_BYTES

    big = tmp_path / "huge.png"
    with big.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.truncate(MAX_UPLOAD_BYTES + 1024 * 1024)
    page = browser.new_page(viewport=PHONE)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(server + "/photos")
    field = page.get_by_label("Photo", exact=True)
    field.set_input_files(str(big))
    page.get_by_role("button", name="Upload and measure").click()
    page.wait_for_timeout(300)
    assert posts == [] and page.url.endswith("/photos")
    assert "MB" in field.evaluate("e => e.validationMessage")
    page.close()


def test_clicking_two_ends_of_a_ruler_sets_the_scale(
    server: str, browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/photos")
    photo = _skin_photo(tmp_path / "no-scale.png", seed=13)  # 420 x 420 px, no scale typed
    page.get_by_label("Photo", exact=True).set_input_files(str(photo))
    page.get_by_role("button", name="Upload and measure").click()
    page.wait_for_url("**/photos/*")
    assert "pixels only" in page.content()
    picture = page.locator("[data-ruler-target] svg.overlay")
    box = picture.bounding_box()
    assert box is not None
    # Ends at 10 % and 60 % of the width: 210 px of the photo, marked as 10 mm -> 21 px/mm.
    picture.click(position={"x": box["width"] * 0.1, "y": box["height"] / 2})
    picture.click(position={"x": box["width"] * 0.6, "y": box["height"] / 2})
    assert "Both ends marked" in page.locator("[data-ruler-status]").inner_text()
    x1 = float(page.get_by_label("First end, across (x)").input_value())
    x2 = float(page.get_by_label("Second end, across (x)").input_value())
    assert abs(x1 - 42) < 2 and abs(x2 - 252) < 2
    page.get_by_label("Length between them in millimetres").fill("10")
    page.get_by_role("button", name="Measure again with this scale").click()
    page.wait_for_url("**/photos/*?done=scale")
    text = page.locator("main").inner_text()
    scale = float(re.search(r"Scale: ([\d.]+) px per mm", text).group(1))
    assert abs(scale - 21.0) < 0.3, text
    page.close()
