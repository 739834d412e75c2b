"""Choose a product for each step kind of the plan: the user's shelf first, then the catalog.

A product is attached to a step only when its role is that step, it does not break the profile
(acne-prone: no ingredient rated comedogenic 3 or more in a leave-on product; pregnant or
breastfeeding: no retinoid) and it carries no active the step cannot hold (a retinoid outside
the retinoid step, an exfoliating acid outside the exfoliant and toner steps), so the planner's
retinoid and exfoliation rules still hold with real products.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from porecare.errors import KnowledgeError
from porecare.ingredients._analyze import ProductAnalysis, analyze_product
from porecare.ingredients._categories import category_roles
from porecare.ingredients._dictionary import Dictionary
from porecare.ingredients._roles import cue_reason, name_roles, sold_for_body
from porecare.ingredients._store import (
    CatalogProduct,
    ProductRecord,
    analyze_shelf_product,
    with_article,
    with_stated_role,
)

if TYPE_CHECKING:
    from porecare.plan import Plan, ProductAttachment
    from porecare.profile import Profile

__all__ = [
    "FIT_FIELDS",
    "PRECOMPUTED",
    "STEP_KINDS",
    "ProductChoices",
    "attach_for_plan",
    "choose_products",
    "compute_packaged_choices",
    "packaged_choices",
    "shelf_notes",
    "write_packaged_choices",
]

#: The plan's step kinds (issue 2); each is also a product role.
STEP_KINDS: tuple[str, ...] = (
    "oil_cleanser",
    "micellar_water",
    "water_cleanser",
    "toner",
    "exfoliant",
    "serum",
    "retinoid",
    "spot_treatment",
    "clay_mask",
    "moisturizer",
    "sunscreen",
)
_MAY_EXFOLIATE = frozenset({"exfoliant", "toner"})
_RANK = {"fits": 0, "caution": 1}


@dataclass(frozen=True)
class ProductChoices:
    """Attachments per step kind, the steps the shelf lacks, and why products were passed over."""

    attachments: dict[str, ProductAttachment]
    missing: list[str]
    """Step kinds no shelf product fills (the catalog may fill them; see ``attachments``)."""
    unfilled: list[str]
    """Step kinds neither the shelf nor the catalog could fill."""
    rejected: list[dict[str, Any]] = field(default_factory=list)
    unused: list[dict[str, Any]] = field(default_factory=list)
    """Shelf products in no step: none of the method's steps (make-up, pore strips...), or
    passed over for their step (they break the profile, or are sold for the body), with
    porecare's reading of each and why."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "attachments": {k: v.to_dict() for k, v in self.attachments.items()},
            "missing": list(self.missing),
            "unfilled": list(self.unfilled),
            "rejected": list(self.rejected),
            "unused": list(self.unused),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProductChoices:
        from porecare.plan import ProductAttachment

        return cls(
            {k: ProductAttachment.from_dict(v) for k, v in data["attachments"].items()},
            list(data["missing"]),
            list(data["unfilled"]),
            list(data["rejected"]),
            list(data.get("unused", [])),
        )


@dataclass(frozen=True)
class _Candidate:
    name: str
    product_id: int | str | None
    source: str
    analysis: ProductAnalysis
    stated: bool = False
    """The user said what the product is (its role is theirs, not porecare's guess)."""


def _may_fill(product: CatalogProduct, wanted: set[str]) -> bool:
    """Whether a catalog product's category or name leaves it a chance at a wanted step (a
    cheap filter before analysing thousands of imported products)."""
    roles = frozenset(category_roles(product.category)) or name_roles(product.name)
    return roles is None or not roles.isdisjoint(wanted)


def as_filed(
    product: CatalogProduct, analysis: ProductAnalysis, profile: Profile | None
) -> ProductAnalysis:
    """The analysis with a role the product's category allows (the seller's word beats the
    guess from the label; the guess stands when the category allows it)."""
    allowed = category_roles(product.category)
    if not allowed or analysis.role.role in allowed:
        return analysis
    who = "Open Beauty Facts files it as" if product.source == "obf" else "the catalog sells it as"
    return with_stated_role(analysis, allowed[0], profile, stated_by=who)


def _why_not(step: str, name: str, a: ProductAnalysis) -> str | None:
    if a.fit is not None and a.fit.verdict == "avoid":
        return a.fit.summary
    body = sold_for_body(name)
    if body:
        return body
    if a.contains_retinoid and step != "retinoid":
        return "contains a retinoid; only the retinoid step (evenings, introduced gradually) may"
    if a.exfoliating and step not in _MAY_EXFOLIATE:
        return "exfoliates; only the exfoliant or toner step may, within the weekly cap"
    return None


def _fits_text(c: _Candidate) -> str:
    where = "on your shelf" if c.source == "shelf" else "from the catalog"
    evidence = c.analysis.role.evidence[0] if c.analysis.role.evidence else ""
    fit = c.analysis.fit.summary if c.analysis.fit else "fits"
    role = c.analysis.role
    kind = with_article(role.role)
    if role.unsure and not c.stated:
        # Said where the product is attached, not only when it was added: a wrong guess
        # puts a product in the wrong step.
        sure = f"{role.confidence * 100:.0f} %"
        evidence += f"; porecare is not sure ({sure}): if it is not {kind}, set its role"
    return f"{where}; {kind} ({evidence}); {fit}"


def _best(
    step: str, candidates: list[_Candidate], rejected: list[dict[str, Any]]
) -> _Candidate | None:
    usable: list[tuple[int, float, int, _Candidate]] = []
    for c in candidates:
        if c.analysis.role.role != step:
            continue
        reason = _why_not(step, c.name, c.analysis)
        if reason:
            rejected.append(
                {
                    "name": c.name,
                    "product_id": c.product_id,
                    "source": c.source,
                    "step": step,
                    "reason": reason,
                }
            )
            continue
        verdict = c.analysis.fit.verdict if c.analysis.fit else "fits"
        usable.append((_RANK.get(verdict, 2), -c.analysis.role.confidence, len(usable), c))
    return min(usable)[3] if usable else None


def choose_products(
    profile: Profile,
    *,
    shelf: Iterable[ProductRecord],
    catalog: Iterable[CatalogProduct],
    dictionary: Dictionary | None = None,
    steps: Iterable[str] = STEP_KINDS,
) -> ProductChoices:
    """A product for each step: shelf first, then catalog; never one that breaks the profile."""
    from porecare.plan import ProductAttachment

    steps = list(steps)
    dictionary = dictionary or Dictionary.load()

    def analyse(name: str, text: str) -> ProductAnalysis:
        return analyze_product(text, name=name, profile=profile, dictionary=dictionary)

    rejected: list[dict[str, Any]] = []
    shelf_candidates = [
        _Candidate(
            p.name,
            p.id,
            "shelf",
            analyze_shelf_product(p, dictionary=dictionary, profile=profile),
            stated=p.role_set_by == "you",
        )
        for p in shelf
    ]
    chosen: dict[str, _Candidate] = {}
    for step in steps:
        best = _best(step, shelf_candidates, rejected)
        if best is not None:
            chosen[step] = best
    missing = [s for s in steps if s not in chosen]
    wanted = set(missing)
    catalog_candidates: list[_Candidate] = []
    for product in catalog:
        if not wanted:
            break
        if not _may_fill(product, wanted):
            continue
        title = f"{product.brand} {product.name}".strip() if product.brand else product.name
        analysis = as_filed(product, analyse(product.name, product.ingredients_text), profile)
        candidate = _Candidate(title, product.id, "catalog", analysis)
        role = candidate.analysis.role.role
        if role in wanted and _why_not(role, title, candidate.analysis) is None:
            wanted.discard(role)
        catalog_candidates.append(candidate)
    for step in missing:
        best = _best(step, catalog_candidates, rejected)
        if best is not None:
            chosen[step] = best
    attachments = {
        step: ProductAttachment(
            name=c.name,
            product_id=c.product_id,
            source="shelf" if c.source == "shelf" else "catalog",
            role=c.analysis.role.role,
            exfoliating=c.analysis.exfoliating,
            contains_retinoid=c.analysis.contains_retinoid,
            fits=_fits_text(c),
        )
        for step, c in chosen.items()
    }
    unfilled = [s for s in steps if s not in chosen]
    passed_over = {r["product_id"]: r["reason"] for r in rejected if r["source"] == "shelf"}
    unused = [
        _unused(c, passed_over.get(c.product_id))
        for c in shelf_candidates
        if c.analysis.role.role not in STEP_KINDS or c.product_id in passed_over
    ]
    return ProductChoices(attachments, missing, unfilled, rejected, unused)


def _unused(c: _Candidate, passed_over: str | None) -> dict[str, Any]:
    """A shelf product in no step, as the plan's note tells it: none of the method's steps,
    or ``passed_over`` for its step (the reason)."""
    role = c.analysis.role
    said = role.evidence[0] if role.evidence else ""
    if passed_over:
        why = f"It is left out: {passed_over}."
    else:
        why = (cue_reason(c.name) or "") if role.role == "other" else ""
    return {
        "name": c.name,
        "product_id": c.product_id,
        "role": role.role,
        "evidence": said,
        "stated": c.stated,
        "why": why,
    }


def attach_for_plan(profile: Profile, data_dir: str | Path) -> ProductChoices:
    """:func:`choose_products` over the shelf and catalog stored in ``data_dir``'s database.

    Read-only: with no database in ``data_dir`` nothing is created and the packaged starter
    catalog alone is used. When the database holds no shelf, no imported catalog and no
    imported CosIng names, the answer is the packaged catalog's too, read from
    :data:`PRECOMPUTED` (``porecare plan`` must start in well under 0.3 s; analysing the catalog
    costs more than that).
    """
    from porecare.ingredients._store import catalog_products, list_products
    from porecare.journal._db import open_database
    from porecare.paths import database_path

    if not database_path(Path(data_dir)).exists():
        return packaged_choices(profile)
    conn = open_database(data_dir)
    try:
        shelf = list_products(conn)
        imported = any(
            conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
            for table in ("catalog_products", "ingredient_names")
        )
        if not shelf and not imported:
            return packaged_choices(profile)
        return choose_products(
            profile,
            shelf=shelf,
            catalog=list(catalog_products(conn)),
            dictionary=Dictionary.load(conn),
        )
    finally:
        conn.close()


def shelf_notes(plan: Plan, choices: ProductChoices) -> Plan:
    """``plan`` with a note naming the steps whose product comes from the catalog, not the shelf.

    Steps nothing could fill already carry the planner's own note (rule ``product.missing``).
    """
    import dataclasses

    from porecare.knowledge._rules import load_rules
    from porecare.plan import Note

    book = load_rules()
    rule = next((r for r in book.of_type("product") if r["case"] == "missing"), None)
    used = {
        step.step
        for day in plan.days
        for step in (*day.am, *day.pm)
        if step.product and step.product.get("source") == "catalog"
    }
    lacking = sorted((k for k in choices.missing if k in used), key=lambda k: book.rank.get(k, 99))
    notes = list(plan.notes)
    if lacking and rule is not None:
        labels = ", ".join(
            book.steps[k]["label"].lower() if k in book.steps else k for k in lacking
        )
        text = (
            f"Your shelf has no product for: {labels}. The plan suggests one from porecare's "
            "starter catalog for each; add your own with `porecare products add`."
        )
        notes.append(Note(text, rule.source, rule.id))
    unused_rule = next((r for r in book.of_type("product") if r["case"] == "unused"), None)
    if unused_rule is not None:
        notes.extend(
            Note(_unused_text(unused_rule["note"], item), unused_rule.source, unused_rule.id)
            for item in choices.unused
        )
    return dataclasses.replace(plan, notes=tuple(notes))


def _unused_text(template: str, item: dict[str, Any]) -> str:
    kind = with_article(item["role"])
    if item["stated"]:
        reading, fix = f"you said it is {kind}", ""
    else:
        reading = f"porecare reads it as {kind} ({item['evidence']})"
        fix = (
            " If porecare misread it, say what it is: porecare products set-role "
            f"{item['product_id']} ROLE."
        )
    if item["role"] not in (*STEP_KINDS, "other"):
        reading += ", which is not one of the method's steps"
    return template.format(
        name=item["name"],
        id=item["product_id"],
        reading=reading,
        reason=f" {item['why']}" if item["why"] else "",
        fix=fix,
    )


#: The packaged catalog's choices for every combination of the profile fields that decide fit,
#: written by :func:`write_packaged_choices` and checked against a live run by the tests.
PRECOMPUTED = "catalog-choices.json"
#: The profile fields :func:`~porecare.ingredients._analyze.analyze_product` judges fit by.
FIT_FIELDS = ("acne_prone", "pregnant_or_breastfeeding", "sensitive")
#: The packaged files the precomputed choices are derived from (a changed one invalidates them).
_INPUTS = (
    "catalog.toml",
    "ingredients.csv",
    "comedogenic.csv",
    "ingredient_classes.toml",
    "roles.toml",
    "catalog_categories.toml",
    "role_model.json",
)


def _fit_key(profile: Profile) -> str:
    return "".join("1" if getattr(profile, name) else "0" for name in FIT_FIELDS)


def _inputs_digest() -> str:
    import hashlib

    from porecare.ingredients._knowledge import read_data

    digest = hashlib.sha256()
    for name in _INPUTS:
        digest.update(read_data(name).encode("utf-8"))
    return digest.hexdigest()


def _live_packaged(profile: Profile) -> ProductChoices:
    from porecare.ingredients._store import catalog_products

    return choose_products(profile, shelf=[], catalog=list(catalog_products()))


def packaged_choices(profile: Profile) -> ProductChoices:
    """The packaged catalog's choices for ``profile`` (precomputed when up to date)."""
    import json

    from porecare.ingredients._knowledge import read_data

    try:
        data = json.loads(read_data(PRECOMPUTED))
    except (KnowledgeError, ValueError):  # not shipped, or damaged: compute it
        return _live_packaged(profile)
    if data.get("inputs_sha256") != _inputs_digest():
        return _live_packaged(profile)
    return ProductChoices.from_dict(data["choices"][_fit_key(profile)])


def compute_packaged_choices() -> dict[str, Any]:
    """What :data:`PRECOMPUTED` holds, computed now (every combination of :data:`FIT_FIELDS`)."""
    import dataclasses
    import itertools

    from porecare.profile import sample_profile

    base = sample_profile()
    choices = {}
    for values in itertools.product((False, True), repeat=3):
        acne, pregnant, sensitive = values
        profile = dataclasses.replace(
            base, acne_prone=acne, pregnant_or_breastfeeding=pregnant, sensitive=sensitive
        )
        choices[_fit_key(profile)] = _live_packaged(profile).to_dict()
    return {
        "about": "porecare plan's product choices from the packaged catalog alone, per "
        "(acne_prone, pregnant_or_breastfeeding, sensitive); regenerate with "
        "`python -m porecare.ingredients._choose`",
        "inputs_sha256": _inputs_digest(),
        "choices": choices,
    }


def write_packaged_choices(path: str | Path) -> None:
    import json

    text = json.dumps(compute_packaged_choices(), indent=1, ensure_ascii=False)
    Path(path).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    from importlib import resources

    target = resources.files("porecare.knowledge").joinpath("data", PRECOMPUTED)
    write_packaged_choices(str(target))
    print(f"wrote {target}")
