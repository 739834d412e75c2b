"""JSON endpoints: the same shapes as the CLI's ``--json`` (each result's ``to_dict()``).

POSTs need the ``X-CSRF-Token`` header equal to the ``porecare_csrf`` cookie (any GET sets it).
Errors are ``{"error": "<one line>"}`` with status 400 (bad input), 404, 413 or 422.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from porecare.errors import UsageError
from porecare.profile import PROFILE_FIELDS, Profile
from porecare.web._forms import CONTROL_CHARS
from porecare.web._services import Services, read_upload

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])
JSON = dict[str, Any]


#: The top-level keys of each JSON shape (the library's ``to_dict()``), for the OpenAPI
#: description; ``tests/test_web_audit.py`` checks them against real responses.
SHAPES: dict[str, tuple[str, ...]] = {
    "profile": PROFILE_FIELDS,
    "plan": ("days", "notes", "notes_detail", "profile", "referrals", "start", "weeks"),
    "today": ("adaptations", "am", "date", "done", "paused", "plan_day", "pm", "total", "week"),
    "log": ("date", "logged"),
    "diary": ("adaptations", "at", "breakouts", "date", "irritation", "note", "oiliness"),
    "product": (
        "added_at",
        "analysis",
        "id",
        "ingredients_text",
        "name",
        "role",
        "role_set_by",
        "source",
    ),
    "catalog_product": (
        "brand",
        "category",
        "fit",
        "id",
        "ingredients_text",
        "name",
        "role",
        "source",
    ),
    "analysis": (
        "actives",
        "contains_retinoid",
        "counts",
        "exfoliants",
        "exfoliating",
        "fit",
        "flags",
        "ingredients",
        "name",
        "one_percent_line",
        "role",
        "unknown",
    ),
    "photo": (
        "added_at",
        "analysis",
        "analysis_error",
        "date",
        "duplicate",
        "height",
        "id",
        "path",
        "sha256",
        "size_bytes",
        "width",
    ),
    "progress": (
        "adaptations",
        "adherence",
        "as_of",
        "daily",
        "days_elapsed",
        "diary",
        "end",
        "pores",
        "start",
        "streaks",
    ),
    "fact": ("cites", "id", "source", "text", "topic"),
}


def _object(name: str) -> dict[str, Any]:
    keys = SHAPES[name]
    return {"type": "object", "required": list(keys), "properties": {k: {} for k in keys}}


def _returns(name: str, *, list_key: str | None = None) -> dict[int | str, dict[str, Any]]:
    """An OpenAPI 200 response naming the shape's keys (``{list_key: [shape, ...]}`` if given)."""
    schema = _object(name)
    if list_key is not None:
        schema = {
            "type": "object",
            "required": [list_key],
            "properties": {list_key: {"type": "array", "items": schema}},
        }
    return {
        200: {"description": f"`{name}` shape", "content": {"application/json": {"schema": schema}}}
    }


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def _need_profile(services: Services) -> None:
    if not services.has_profile():
        raise HTTPException(409, "no profile yet; POST /api/profile first (the quiz)")


def _plain_text(value: str) -> str:
    if CONTROL_CHARS.search(value):
        raise ValueError("contains control characters; send plain text")
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]


class LogBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: Date | None = None
    routine: Literal["am", "pm"]
    step: str | None = Field(None, description="one step to mark (with `done`)")
    done: bool | list[str] = Field(True, description="true/false for `step`, or a list of steps")
    skipped: list[str] = []


class DiaryBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: Date | None = None
    oiliness: int | None = Field(None, ge=0, le=5)
    breakouts: int | None = Field(None, ge=0, le=5)
    irritation: int | None = Field(None, ge=0, le=5)
    note: PlainText = Field("", max_length=2000)


class ProductBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: PlainText = Field(..., min_length=1, max_length=200)
    ingredients: str = Field(..., min_length=1, max_length=100_000)
    role: str | None = Field(
        None, description="what the product is (a role); default: porecare guesses from the label"
    )


class CatalogAddBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    catalog_id: str = Field(..., min_length=1, max_length=200, description="e.g. starter:3")
    name: PlainText | None = Field(
        None, min_length=1, max_length=200, description="default: the catalog's brand and name"
    )
    role: str | None = Field(
        None, description="what the product is (a role); default: porecare guesses from the label"
    )


class ProductEditBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: PlainText | None = Field(None, min_length=1, max_length=200)
    ingredients: str | None = Field(None, min_length=1, max_length=100_000)


class RoleBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: str | None = Field(..., description="a role, or null to let porecare guess again")


class CheckBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=200)
    ingredients: str = Field(..., min_length=1, max_length=100_000)
    role: str | None = Field(
        None, description="what the product is (a role); default: porecare guesses from the label"
    )


class ScaleBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    px_per_mm: float = Field(..., ge=1, le=500)


@router.get("/profile", summary="The current skin profile (Profile.to_dict()) or null")
def get_profile(request: Request) -> JSON | None:
    profile = _services(request).profile()
    return None if profile is None else profile.to_dict()


@router.post("/profile", summary="Store a profile and start its plan (like `porecare setup`)")
def post_profile(request: Request, body: dict[str, Any]) -> JSON:
    profile = Profile.from_mapping(body, where="profile")
    return _services(request).setup(profile)


@router.get(
    "/plan",
    responses=_returns("plan"),
    summary="The active plan (Plan.to_dict(), like `porecare plan --json`)",
)
def get_plan(request: Request) -> JSON:
    services = _services(request)
    _need_profile(services)
    return services.plan()


@router.get(
    "/today",
    responses=_returns("today"),
    summary="A day's checklist (like `porecare today --json`)",
)
def get_today(request: Request, date: Date | None = None) -> JSON:
    services = _services(request)
    _need_profile(services)
    return services.today(date or Date.today())


@router.post(
    "/log",
    responses=_returns("log"),
    summary="Check off or skip steps (like `porecare log --json`)",
)
def post_log(request: Request, body: LogBody) -> JSON:
    services = _services(request)
    _need_profile(services)
    day = body.date or Date.today()
    if body.step is not None:
        if not isinstance(body.done, bool):
            raise UsageError("with `step`, `done` is true or false")
        done, skipped = ([body.step], []) if body.done else ([], [body.step])
    else:
        if isinstance(body.done, bool):
            raise UsageError("give `step` with done true/false, or `done` as a list of steps")
        done, skipped = body.done, body.skipped
    if not done and not skipped:
        raise UsageError("nothing to log; give `step` or `done`/`skipped` lists")
    return services.log(day, body.routine, done=done, skipped=skipped)


@router.post(
    "/diary",
    responses=_returns("diary"),
    summary="Record a day's diary (like `porecare diary --json`)",
)
def post_diary(request: Request, body: DiaryBody) -> JSON:
    values = body.model_dump(exclude={"date"})
    if all(values[name] is None for name in ("oiliness", "breakouts", "irritation")) and not (
        body.note.strip()
    ):
        raise UsageError("nothing to record; give oiliness, breakouts, irritation or a note")
    return _services(request).diary(body.date or Date.today(), **values)


@router.get(
    "/products",
    responses=_returns("product", list_key="products"),
    summary="The shelf (like `porecare products list --json`)",
)
def get_products(request: Request) -> JSON:
    return {"products": _services(request).products()}


@router.post(
    "/products", responses=_returns("product"), summary="Add a product; it is analysed on entry"
)
def post_product(request: Request, body: ProductBody) -> JSON:
    return _services(request).add_product(body.name.strip(), body.ingredients, body.role)


@router.post(
    "/products/from-catalog",
    responses=_returns("product"),
    summary="Copy a catalog product onto the shelf (`porecare products add --catalog ID`)",
)
def post_product_from_catalog(request: Request, body: CatalogAddBody) -> JSON:
    name = body.name.strip() if body.name is not None else None
    return _services(request).add_from_catalog(body.catalog_id, name, _checked_role(body.role))


def _checked_role(role: str | None) -> str | None:
    """``role`` when it is one of the roles (else a one-line 400 naming the field)."""
    if role is not None:
        from porecare.ingredients._store import check_role

        check_role(role, "role")
    return role


@router.get(
    "/catalog",
    responses=_returns("catalog_product", list_key="products"),
    summary="Find catalog products by words of their brand or name (`porecare catalog`)",
)
def get_catalog(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> JSON:
    return {"products": _services(request).find_in_catalog(q, limit)}


@router.patch(
    "/products/{product_id}",
    responses=_returns("product"),
    summary="Correct a product's name or ingredient list; it is analysed again "
    "(`porecare products edit`)",
)
def patch_product(request: Request, product_id: int, body: ProductEditBody) -> JSON:
    services = _services_with_product(request, product_id)
    name = body.name.strip() if body.name is not None else None
    return services.edit_product(product_id, name=name, text=body.ingredients)


@router.post(
    "/products/{product_id}/role",
    responses=_returns("product"),
    summary="Say what a shelf product is, or null to go back to porecare's guess "
    "(`porecare products set-role`)",
)
def post_product_role(request: Request, product_id: int, body: RoleBody) -> JSON:
    return _services_with_product(request, product_id).set_product_role(product_id, body.role)


def _services_with_product(request: Request, product_id: int) -> Services:
    """The app's services, once shelf product ``product_id`` is known to exist (else 404)."""
    services = _services(request)
    if services.product(product_id) is None:
        raise HTTPException(404, f"no product {product_id} on the shelf")
    return services


@router.get(
    "/products/{product_id}", responses=_returns("product"), summary="One product with its analysis"
)
def get_product(request: Request, product_id: int) -> JSON:
    product = _services(request).product(product_id)
    if product is None:
        raise HTTPException(404, f"no product {product_id} on the shelf")
    return product


@router.delete("/products/{product_id}", summary="Remove a product from the shelf")
def delete_product(request: Request, product_id: int) -> JSON:
    return {"removed": _services(request).remove_product(product_id)}


@router.post(
    "/check",
    responses=_returns("analysis"),
    summary="Analyse an ingredient list without storing it (`porecare check`)",
)
def post_check(request: Request, body: CheckBody) -> JSON:
    role = _checked_role(body.role)
    return _services(request).check_product(body.name, body.ingredients, role=role)


@router.get(
    "/photos",
    responses=_returns("photo", list_key="photos"),
    summary="Stored photos with their analyses",
)
def get_photos(request: Request) -> JSON:
    return {"photos": _services(request).photos()}


@router.get(
    "/photos/compare",
    summary="Change of each pore metric between two stored photos (like `porecare compare`)",
)
def get_photo_comparison(
    request: Request,
    a: Annotated[int, Query(description="id of the earlier photo")],
    b: Annotated[int, Query(description="id of the later photo")],
) -> JSON:
    try:
        return _services(request).compare_photos(a, b)
    except UsageError as exc:
        raise HTTPException(404, exc.message) from None


@router.get(
    "/photos/{photo_id}", responses=_returns("photo"), summary="One stored photo with its analysis"
)
def get_photo(request: Request, photo_id: int) -> JSON:
    photo = _services(request).photo(photo_id)
    if photo is None:
        raise HTTPException(404, f"no photo {photo_id} in the journal")
    return photo


@router.post(
    "/photos",
    responses=_returns("photo"),
    summary="Upload a photo (multipart `photo`); stored and measured",
)
async def post_photo(
    request: Request,
    photo: Annotated[UploadFile, File(description="JPEG, PNG, WebP or HEIC, at most 25 MB")],
    px_per_mm: Annotated[float | None, Form(ge=1, le=500)] = None,
) -> JSON:
    data, filename = await read_upload(photo)
    return _services(request).add_photo(data, filename=filename, px_per_mm=px_per_mm)


@router.post(
    "/photos/{photo_id}/scale",
    responses=_returns("photo"),
    summary="Measure a stored photo again at a scale in px per mm (e.g. set from a ruler)",
)
def post_photo_scale(request: Request, photo_id: int, body: ScaleBody) -> JSON:
    try:
        return _services(request).measure_again(photo_id, px_per_mm=body.px_per_mm)
    except UsageError as exc:  # no such photo (the body's range is checked above)
        raise HTTPException(404, exc.message) from None


@router.get(
    "/progress",
    responses=_returns("progress"),
    summary="Adherence, diary and pore metrics over time (`porecare progress`)",
)
def get_progress(request: Request) -> JSON:
    services = _services(request)
    _need_profile(services)
    return services.progress()


@router.get(
    "/facts",
    responses=_returns("fact", list_key="facts"),
    summary="What the method says about pores, with sources",
)
def get_facts(request: Request) -> JSON:
    return {"facts": _services(request).facts()}
