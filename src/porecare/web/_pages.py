"""HTML pages. Each handler reads the request, calls the library (via ``Services``) and renders.

Forms post back to their page; a bad field re-renders the form with the message next to the
field (status 422) and writes nothing; success redirects (303) so a reload never re-submits.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from porecare.errors import ImageError, IngredientError, PorecareError, UsageError
from porecare.ingredients import ROLES, sold_for_body
from porecare.ingredients._find import MAX_QUERY_CHARS
from porecare.web._forms import (
    CONTROL_CHARS,
    QUIZ_QUESTIONS,
    SCALE_FIELDS,
    FieldError,
    parse_date,
    parse_diary,
    parse_profile,
    parse_scale,
)
from porecare.web._render import render, render_fragment
from porecare.web._services import ALLOWED_UPLOAD_TYPES, Services, read_upload
from porecare.web._wording import in_app_words

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
ROUTINES = ("am", "pm")
KEY_METRICS = (
    "count",
    "density_per_cm2",
    "median_diameter_mm",
    "mean_diameter_mm",
    "area_fraction_pct",
    "visibility",
)
#: Longest ingredient list accepted (the JSON API's limit too); real labels are under 3,000.
MAX_INGREDIENTS_CHARS = 100_000


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _day(request: Request, value: str | None) -> date:
    try:
        return parse_date(value, default=date.today())
    except ValueError:
        raise PorecareError(f"date {value!r} is not a date; use YYYY-MM-DD") from None


def _needs_profile(services: Services) -> RedirectResponse | None:
    # The quiz says why the user landed there (the "start" message), instead of a silent jump.
    return None if services.has_profile() else _redirect("/quiz?done=start")


@router.get("/")
def home(request: Request) -> Response:
    return _redirect("/plan" if _services(request).has_profile() else "/quiz")


# -- onboarding quiz -------------------------------------------------------------------------


def _profile_values(services: Services) -> dict[str, Any]:
    profile = services.profile()
    if profile is None:
        return {}
    values = profile.to_dict()
    return {k: ("yes" if v else "no") if isinstance(v, bool) else v for k, v in values.items()}


@router.get("/quiz")
def quiz_page(request: Request) -> Response:
    services = _services(request)
    context = {
        "title": "Your skin profile",
        "questions": QUIZ_QUESTIONS,
        "values": _profile_values(services),
        "has_profile": services.has_profile(),
    }
    return render(request, "quiz.html", context)


@router.post("/quiz")
async def quiz_submit(request: Request) -> Response:
    services = _services(request)
    form = await request.form()
    profile, errors = parse_profile(form)
    if profile is None:
        context = {
            "title": "Your skin profile",
            "questions": QUIZ_QUESTIONS,
            "values": {k: v for k, v in form.items() if isinstance(v, str)},
            "has_profile": services.has_profile(),
            "errors": errors,
        }
        return render(request, "quiz.html", context, status_code=422)
    services.setup(profile)
    return _redirect("/plan?done=profile")


# -- plan ------------------------------------------------------------------------------------


# The plan and Today pages are read from the per-revision cache (``Services.cached``), so
# they answer in well under a millisecond and run on the event loop instead of paying a
# worker-thread hop; a cache miss (after a write) blocks the loop for a few milliseconds.
@router.get("/plan")
async def plan_page(request: Request, week: int | None = None) -> Response:
    services = _services(request)
    if (redirect := _needs_profile(services)) is not None:
        return redirect
    plan = services.plan()
    days = plan["days"]
    weeks = max(1, (len(days) + 6) // 7)
    today = date.today().isoformat()
    if week is None:
        # Today's week; after the plan has ended, its last week (not the first).
        last = len(days) - 1 if days and today > days[-1]["date"] else 0
        index = next((i for i, d in enumerate(days) if d["date"] == today), last)
        week = index // 7 + 1
    week = min(max(week, 1), weeks)
    week_days = days[(week - 1) * 7 : week * 7]
    calendar = services.cached(
        ("plan-week", week),
        lambda: render_fragment("_week.html", {"week_days": week_days, "today": today}),
    )
    context = {
        "title": "Your plan",
        "plan": plan,
        "week": week,
        "weeks": weeks,
        "calendar": calendar,
        "today": today,
    }
    return render(request, "plan.html", context)


@router.post("/plan/rebuild")
def plan_rebuild(request: Request) -> Response:
    """Start the plan again from today with the same profile, so it uses the current shelf."""
    services = _services(request)
    profile = services.profile()
    if profile is None:
        return _redirect("/quiz")
    services.setup(profile)
    return _redirect("/plan?done=rebuilt")


# -- today -----------------------------------------------------------------------------------


def _today_view(services: Services, day: date) -> tuple[dict[str, Any], dict[str, str] | None]:
    """The day's checklist, or an empty one and the plan's span when ``day`` is outside it."""
    try:
        return services.today(day), None
    except UsageError:
        days = services.plan()["days"]
        span = {"start": days[0]["date"], "end": days[-1]["date"]} if days else None
        if span is None:
            raise
        return {"am": [], "pm": [], "adaptations": [], "paused": []}, span


def _today_context(services: Services, day: date, **extra: Any) -> dict[str, Any]:
    view, outside = _today_view(services, day)
    context: dict[str, Any] = {
        "outside": outside,
        "title": "Today" if day == date.today() else day.isoformat(),
        "day": view,
        "date": day.isoformat(),
        "is_today": day == date.today(),
        "previous": (day - timedelta(days=1)).isoformat(),
        "next": (day + timedelta(days=1)).isoformat(),
        "diary": services.diary_entry(day) or {},
        "routines": ROUTINES,
    }
    context.update(extra)
    return context


@router.get("/today")
async def today_page(request: Request, date: str | None = None) -> Response:
    services = _services(request)
    if (redirect := _needs_profile(services)) is not None:
        return redirect
    return render(request, "today.html", _today_context(services, _day(request, date)))


@router.post("/today/log")
async def today_log(request: Request) -> Response:
    services = _services(request)
    if (redirect := _needs_profile(services)) is not None:
        return redirect
    form = await request.form()
    day = _day(request, _text(form.get("date")))
    routine = _text(form.get("routine"))
    if routine not in ROUTINES:
        raise PorecareError(f"routine {routine[:10]!r} is unknown; allowed: am | pm")
    view, outside = _today_view(services, day)
    if outside is not None:
        return _redirect(f"/today?date={day.isoformat()}")
    planned = [s["step"] for s in view[routine]]
    done = [s for s in form.getlist("done") if isinstance(s, str)]
    unknown = [s for s in done if s not in planned]
    if unknown:
        raise PorecareError(
            f"step {unknown[0][:30]!r} is not in the {routine.upper()} routine of {day}; "
            f"allowed: {', '.join(planned)}"
        )
    skipped = [s for s in planned if s not in done]
    services.log(day, routine, done=done, skipped=skipped)
    return _redirect(f"/today?date={day.isoformat()}&done=log#{routine}")


@router.post("/today/diary")
async def today_diary(request: Request) -> Response:
    services = _services(request)
    form = await request.form()
    day = _day(request, _text(form.get("date")))
    result = parse_diary(form)
    if not result.ok:
        context = _today_context(services, day, errors=result.errors, diary=result.values)
        return render(request, "today.html", context, status_code=422)
    services.diary(day, **result.values)
    return _redirect(f"/today?date={day.isoformat()}&done=diary#diary")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


# -- shelf -----------------------------------------------------------------------------------


def _shelf_context(services: Services, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "title": "Your shelf",
        "products": services.products(),
        "values": {},
        "analysis": None,
        "has_profile": services.has_profile(),
        "max_ingredients": MAX_INGREDIENTS_CHARS,
        "roles": ROLES,
        "names_imported": services.names_imported(),
        "query": None,
        "found": [],
        "search_error": None,
    }
    context.update(extra)
    return context


@router.get("/shelf")
def shelf_page(request: Request, q: str | None = None) -> Response:
    services = _services(request)
    if q is None:
        return render(request, "shelf.html", _shelf_context(services))
    found: list[dict[str, Any]] = []
    search_error = None
    try:
        found = services.find_in_catalog(q[:MAX_QUERY_CHARS])
    except IngredientError as exc:
        search_error = in_app_words(exc.message.removeprefix("catalog: ")).capitalize()
    context = _shelf_context(services, query=q, found=found, search_error=search_error)
    return render(request, "shelf.html", context)


@router.post("/shelf/catalog")
async def shelf_add_from_catalog(request: Request) -> Response:
    services = _services(request)
    catalog_id = _text((await request.form()).get("catalog_id"))
    try:
        record = services.add_from_catalog(catalog_id)
    except IngredientError as exc:
        raise HTTPException(422, in_app_words(exc.message)) from None
    return _redirect(f"/shelf/{record['id']}?done=product")


@router.post("/shelf")
async def shelf_add(request: Request) -> Response:
    services = _services(request)
    form = await request.form()
    name = _text(form.get("name"))
    text = _text(form.get("ingredients"))
    action = _text(form.get("action")) or "add"
    role = _text(form.get("role")) or None
    errors = _product_errors(name, text, name_required=action == "add")
    if role is not None and role not in ROLES:
        errors["role"] = "What it is: pick one from the list, or let porecare tell"
    analysis = None
    if not errors:
        try:
            if action == "check":
                analysis = services.check_product(name or None, text, role=role)
            else:
                record = services.add_product(name, text, role)
                return _redirect(f"/shelf/{record['id']}?done=product")
        except IngredientError as exc:
            errors["ingredients"] = f"Ingredient list: {in_app_words(exc.message)}"
    values = {"name": name, "ingredients": text, "role": role or ""}
    context = _shelf_context(services, errors=errors, values=values, analysis=analysis)
    return render(request, "shelf.html", context, status_code=422 if errors else 200)


def _product_errors(name: str, text: str, *, name_required: bool) -> dict[str, str]:
    """What is wrong with a product form's name and ingredient list, per field."""
    errors: dict[str, str] = {}
    if not name and name_required:
        errors["name"] = "Product name: please give the product a name (up to 200 characters)"
    elif len(name) > 200:
        errors["name"] = f"Product name: {len(name)} characters; at most 200"
    elif CONTROL_CHARS.search(name):
        errors["name"] = "Product name: contains control characters; type or paste plain text"
    if not text:
        errors["ingredients"] = "Ingredient list: paste the list from the pack or shop page"
    elif len(text) > MAX_INGREDIENTS_CHARS:
        errors["ingredients"] = (
            f"Ingredient list: {len(text):,} characters; at most {MAX_INGREDIENTS_CHARS:,} "
            "(paste one product's list)"
        )
    return errors


@router.get("/shelf/{product_id}")
def shelf_product(request: Request, product_id: int) -> Response:
    services = _services(request)
    product = services.product(product_id)
    if product is None:
        raise HTTPException(404, f"no product {product_id} on your shelf")
    return render(request, "product.html", _product_context(services, product))


def _product_context(services: Services, product: dict[str, Any], **extra: Any) -> dict[str, Any]:
    context = {
        "title": product["name"],
        "product": product,
        "analysis": product.get("analysis") or {},
        "body_scope": sold_for_body(product["name"]),
        "has_profile": services.has_profile(),
        "roles": ROLES,
        "names_imported": services.names_imported(),
        "max_ingredients": MAX_INGREDIENTS_CHARS,
        "errors": {},
        "values": {"name": product["name"], "ingredients": product["ingredients_text"]},
    }
    context.update(extra)
    return context


@router.post("/shelf/{product_id}/edit")
async def shelf_edit(request: Request, product_id: int) -> Response:
    services = _services(request)
    product = services.product(product_id)
    if product is None:
        raise HTTPException(404, f"no product {product_id} on your shelf")
    form = await request.form()
    name = _text(form.get("name"))
    text = _text(form.get("ingredients"))
    errors = _product_errors(name, text, name_required=True)
    if not errors:
        try:
            services.edit_product(product_id, name=name, text=text)
            return _redirect(f"/shelf/{product_id}?done=edited")
        except IngredientError as exc:
            errors["ingredients"] = f"Ingredient list: {in_app_words(exc.message)}"
    values = {"name": name, "ingredients": text}
    context = _product_context(services, product, errors=errors, values=values, editing=True)
    return render(request, "product.html", context, status_code=422)


@router.post("/shelf/{product_id}/role")
async def shelf_role(request: Request, product_id: int) -> Response:
    services = _services(request)
    if services.product(product_id) is None:
        raise HTTPException(404, f"no product {product_id} on your shelf")
    role = _text((await request.form()).get("role")) or None
    if role is not None and role not in ROLES:
        raise HTTPException(422, "What it is: pick one from the list, or let porecare tell")
    services.set_product_role(product_id, role)
    return _redirect(f"/shelf/{product_id}?done=role")


@router.post("/shelf/{product_id}/remove")
def shelf_remove(request: Request, product_id: int) -> Response:
    services = _services(request)
    if services.product(product_id) is None:  # removed already (a second tab, a re-post)
        raise HTTPException(404, f"no product {product_id} on your shelf")
    services.remove_product(product_id)
    return _redirect("/shelf?done=removed")


# -- photos ----------------------------------------------------------------------------------


def _photos_context(services: Services, **extra: Any) -> dict[str, Any]:
    from porecare.pores import CAPTURE_GUIDANCE
    from porecare.web._app import MAX_UPLOAD_BYTES

    context: dict[str, Any] = {
        "title": "Photos",
        "photos": services.photos(),
        "values": {},
        "guidance": CAPTURE_GUIDANCE,
        "max_bytes": MAX_UPLOAD_BYTES,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        "accept": ALLOWED_UPLOAD_TYPES,
        "has_profile": services.has_profile(),
    }
    context.update(extra)
    return context


@router.get("/photos")
def photos_page(request: Request) -> Response:
    return render(request, "photos.html", _photos_context(_services(request)))


@router.get("/photos.csv")
def photos_table(request: Request) -> Response:
    """Every photo's measurements per region (like `porecare photos --csv`), to download."""
    from porecare.journal._table import measurements_csv

    return Response(
        measurements_csv(_services(request).photos()),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="porecare-measurements.csv"'},
    )


@router.post("/photos")
async def photos_upload(request: Request) -> Response:
    services = _services(request)
    form = await request.form()
    errors: dict[str, str] = {}
    px_text = _text(form.get("px_per_mm"))
    px_per_mm: float | None = None
    if px_text:
        try:
            px_per_mm = float(px_text)
            if not 1 <= px_per_mm <= 500:
                raise ValueError
        except ValueError:
            errors["px_per_mm"] = f"Scale: {px_text[:12]!r} is not a number from 1 to 500"
    try:
        data, filename = await read_upload(form.get("photo"))
    except ImageError as exc:
        errors["photo"] = f"Photo: {in_app_words(exc.message)}"
    if not errors:
        try:
            record = services.add_photo(data, filename=filename, px_per_mm=px_per_mm)
            return _redirect(f"/photos/{record['id']}?done=photo")
        except ImageError as exc:
            errors["photo"] = f"Photo {filename}: {in_app_words(exc.message)}"
    context = _photos_context(services, errors=errors, values={"px_per_mm": px_text})
    return render(request, "photos.html", context, status_code=422)


@router.get("/photos/compare")
def compare_page(request: Request, a: str | None = None, b: str | None = None) -> Response:
    services = _services(request)
    measured = [p for p in services.photos() if p.get("analysis")]
    context: dict[str, Any] = {"title": "Compare photos", "measured": measured, "result": None}
    if len(measured) >= 2:
        first = _photo_id(a, default=measured[0]["id"])
        second = _photo_id(b, default=measured[-1]["id"])
        context.update(selected=(first, second), key_metrics=KEY_METRICS)
        try:
            context["result"] = services.compare_photos(first, second)
        except UsageError as exc:
            context["error"] = in_app_words(exc.message)
            return render(request, "compare.html", context, status_code=404)
    return render(request, "compare.html", context)


def _photo_id(value: str | None, *, default: int) -> int:
    if value is None or value == "":
        return int(default)
    if not value.isdigit() or len(value) > 12:
        raise PorecareError(
            f"photo id {value[:20]!r} is not a number; choose a photo from the list"
        )
    return int(value)


@router.get("/photos/{photo_id}")
def photo_page(request: Request, photo_id: int) -> Response:
    return render(request, "photo.html", _photo_context(_services(request), photo_id))


def _photo_context(services: Services, photo_id: int, **extra: Any) -> dict[str, Any]:
    photo = services.photo(photo_id)
    if photo is None:
        raise HTTPException(404, f"no photo {photo_id} in your journal")
    context = {
        "title": "Photo of " + photo["date"],
        "photo": photo,
        "key_metrics": KEY_METRICS,
        "values": {"length_mm": "10"},
        "errors": {},
    }
    context.update(extra)
    return context


@router.post("/photos/{photo_id}/scale")
async def photo_scale(request: Request, photo_id: int) -> Response:
    services = _services(request)
    context = _photo_context(services, photo_id)
    form = await request.form()
    values = {name: _text(form.get(name)) for name in SCALE_FIELDS}
    photo = context["photo"]
    try:
        px_per_mm = parse_scale(values, width=photo["width"], height=photo["height"])
    except FieldError as exc:
        context.update(values=values, errors={exc.field: exc.message})
        return render(request, "photo.html", context, status_code=422)
    services.measure_again(photo_id, px_per_mm=px_per_mm)
    return _redirect(f"/photos/{photo_id}?done=scale")


# -- progress and facts ----------------------------------------------------------------------


@router.get("/progress")
def progress_page(request: Request) -> Response:
    services = _services(request)
    if (redirect := _needs_profile(services)) is not None:
        return redirect
    from porecare.web._charts import progress_charts

    progress = services.progress()
    context = {"title": "Progress", "progress": progress, "charts": progress_charts(progress)}
    return render(request, "progress.html", context)


@router.get("/facts")
def facts_page(request: Request) -> Response:
    services = _services(request)
    context = {
        "title": "Facts about pores",
        "facts": services.facts(),
        "has_profile": services.has_profile(),
    }
    return render(request, "facts.html", context)
