"""Jinja2 rendering: one autoescaping environment over the packaged templates."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from porecare.ingredients._roles import UNSURE_CONFIDENCE
from porecare.web._wording import in_app_words

__all__ = [
    "NAV_ITEMS",
    "STATIC_DIR",
    "TEMPLATE_DIR",
    "metric_label",
    "render",
    "render_fragment",
    "step_label",
]

TEMPLATE_DIR = Path(str(resources.files("porecare.web").joinpath("templates")))
STATIC_DIR = Path(str(resources.files("porecare.web").joinpath("static")))

NAV_ITEMS: tuple[tuple[str, str], ...] = (
    ("/plan", "Plan"),
    ("/today", "Today"),
    ("/shelf", "Shelf"),
    ("/photos", "Photos"),
    ("/progress", "Progress"),
    ("/facts", "Facts"),
)

# Confirmation messages after a redirect, picked by a fixed code (never text from the URL).
FLASH = {
    "start": (
        "First, a few questions about your skin: your plan, Today and Progress are built "
        "from your answers."
    ),
    "profile": "Profile saved. Your plan starts today.",
    "log": "Check-offs saved.",
    "diary": "Diary saved.",
    "product": "Product added to your shelf.",
    "removed": "Product removed from your shelf.",
    "role": "Saved what the product is; your plan uses it from the next rebuild.",
    "edited": "Product corrected and analysed again.",
    "photo": "Photo stored and measured.",
    "scale": "Scale set; the photo was measured again.",
    "rebuilt": "Plan rebuilt from today with the products on your shelf.",
}

#: How a product's fit verdict (``fits`` | ``caution`` | ``avoid``) reads on the page.
VERDICT_LABELS = {
    "fits": "Fits your profile.",
    "caution": "Use with care: see why below.",
    "avoid": "Not a good fit for your skin: see why below.",
}

_STEP_LABELS = {
    "oil_cleanser": "Oil cleanser",
    "micellar_water": "Micellar water",
    "water_cleanser": "Water-based cleanser",
    "toner": "Toner",
    "exfoliant": "Exfoliant",
    "serum": "Serum (hyaluronic acid / niacinamide)",
    "retinoid": "Retinoid",
    "spot_treatment": "Spot treatment",
    "clay_mask": "Clay mask",
    "moisturizer": "Moisturizer",
    "sunscreen": "Sunscreen",
    "mask": "Mask",
    "eye_cream": "Eye cream",
    "face_oil": "Face oil",
    "other": "Other",
}


def step_label(kind: Any) -> str:
    """A step kind (``oil_cleanser``) as people say it (``Oil cleanser``)."""
    text = str(kind)
    return _STEP_LABELS.get(text, text.replace("_", " ").capitalize())


def _capitalize_first(value: Any) -> str:
    """Upper-case the first letter only (Jinja's ``capitalize`` lowers all the others)."""
    text = str(value)
    return text[:1].upper() + text[1:]


def _long_date(value: Any) -> str:
    """``2026-12-07`` as ``7 Dec 2026`` (an ISO date reads as a code to most people)."""
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%b %Y}"


def _number(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def _weekday(value: Any) -> str:
    """``2026-12-07`` as ``Mon 7 Dec``."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day:%a} {day.day} {day:%b}"


_METRIC_LABELS = {
    "count": "Pores counted",
    "density_per_cm2": "Pores per cm²",
    "median_diameter_mm": "Median diameter (mm)",
    "mean_diameter_mm": "Mean diameter (mm)",
    "median_diameter_px": "Median diameter (px)",
    "mean_diameter_px": "Mean diameter (px)",
    "area_fraction": "Area covered (%)",
    "area_fraction_pct": "Area covered (%)",
    "visibility": "Visibility score (0-100)",
    "visibility_score": "Visibility score (0-100)",
    "px_per_mm": "Pixels per mm",
    "texture": "Skin detail",
    "glare": "Shine (glare)",
    "clipped": "Blown-out area",
}


def metric_label(name: Any) -> str:
    text = str(name)
    return _METRIC_LABELS.get(text, text.replace("_", " ").capitalize())


@lru_cache(maxsize=64)
def _static_version(name: str) -> str:
    # Cache-busting query: the file's content hash, so a new release is never served stale.
    path = STATIC_DIR / name
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else "0"


def static_url(name: str) -> str:
    return f"/static/{name}?v={_static_version(name)}"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["step_label"] = step_label
    env.filters["number"] = _number
    env.filters["weekday"] = _weekday
    env.filters["long_date"] = _long_date
    env.filters["metric_label"] = metric_label
    env.filters["in_app"] = in_app_words
    env.filters["capitalize_first"] = _capitalize_first
    env.globals["static"] = static_url
    env.globals["nav_items"] = NAV_ITEMS
    env.globals["verdict_labels"] = VERDICT_LABELS
    env.globals["unsure_confidence"] = UNSURE_CONFIDENCE
    return env


def render_fragment(template: str, context: dict[str, Any]) -> Markup:
    """A partial template as safe markup (for parts cached across requests: no token in it)."""
    return Markup(environment().get_template(template).render(context))


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` with the CSRF token, the active nav item and ``context``."""
    values: dict[str, Any] = {
        "csrf_token": request.state.csrf_token,
        "active": "/" + request.url.path.strip("/").split("/")[0],
        "flash": FLASH.get(request.query_params.get("done", "")),
        "errors": {},
        "title": "porecare",
    }
    values.update(context or {})
    html = environment().get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})
