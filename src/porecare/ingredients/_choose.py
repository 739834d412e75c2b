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

from porecare.ingredients._analyze import ProductAnalysis, analyze_product
from porecare.ingredients._dictionary import Dictionary
from porecare.ingredients._roles import _GENERIC_NAMES, _UPGRADES, _name_role
from porecare.ingredients._store import CatalogProduct, ProductRecord

if TYPE_CHECKING:
    from porecare.plan import ProductAttachment
    from porecare.profile import Profile

__all__ = ["STEP_KINDS", "ProductChoices", "attach_for_plan", "choose_products"]

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "attachments": {k: v.to_dict() for k, v in self.attachments.items()},
            "missing": list(self.missing),
            "unfilled": list(self.unfilled),
            "rejected": list(self.rejected),
        }


@dataclass(frozen=True)
class _Candidate:
    name: str
    product_id: int | str | None
    source: str
    analysis: ProductAnalysis


def _may_fill(name: str, wanted: set[str]) -> bool:
    """Whether a catalog product's name leaves it a chance at a wanted step (a cheap filter
    before analysing thousands of imported products)."""
    cue = _name_role(name)
    if cue is None or cue[0] in wanted:
        return True
    return cue[0] in _GENERIC_NAMES and bool(wanted & _UPGRADES)


def _why_not(step: str, a: ProductAnalysis) -> str | None:
    if a.fit is not None and a.fit.verdict == "avoid":
        return a.fit.summary
    if a.contains_retinoid and step != "retinoid":
        return "contains a retinoid; only the retinoid step (evenings, introduced gradually) may"
    if a.exfoliating and step not in _MAY_EXFOLIATE:
        return "exfoliates; only the exfoliant or toner step may, within the weekly cap"
    return None


def _fits_text(c: _Candidate) -> str:
    where = "on your shelf" if c.source == "shelf" else "from the catalog"
    evidence = c.analysis.role.evidence[0] if c.analysis.role.evidence else ""
    fit = c.analysis.fit.summary if c.analysis.fit else "fits"
    kind = c.analysis.role.role.replace("_", " ")
    article = "an" if kind[:1] in "aeiou" else "a"
    return f"{where}; {article} {kind} ({evidence}); {fit}"


def _best(
    step: str, candidates: list[_Candidate], rejected: list[dict[str, Any]]
) -> _Candidate | None:
    usable: list[tuple[int, float, int, _Candidate]] = []
    for c in candidates:
        if c.analysis.role.role != step:
            continue
        reason = _why_not(step, c.analysis)
        if reason:
            rejected.append({"name": c.name, "source": c.source, "step": step, "reason": reason})
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
        _Candidate(p.name, p.id, "shelf", analyse(p.name, p.ingredients_text)) for p in shelf
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
        if not _may_fill(product.name, wanted):
            continue
        title = f"{product.brand} {product.name}".strip() if product.brand else product.name
        candidate = _Candidate(
            title, product.id, "catalog", analyse(product.name, product.ingredients_text)
        )
        role = candidate.analysis.role.role
        if role in wanted and _why_not(role, candidate.analysis) is None:
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
    return ProductChoices(attachments, missing, unfilled, rejected)


def attach_for_plan(profile: Profile, data_dir: str | Path) -> ProductChoices:
    """:func:`choose_products` over the shelf and catalog stored in ``data_dir``'s database."""
    from porecare.ingredients._store import catalog_products, list_products
    from porecare.journal._db import open_database

    conn = open_database(data_dir)
    try:
        dictionary = Dictionary.load(conn)
        return choose_products(
            profile,
            shelf=list_products(conn),
            catalog=list(catalog_products(conn)),
            dictionary=dictionary,
        )
    finally:
        conn.close()
