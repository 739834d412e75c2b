"""Conflicts between products used in one routine (one morning or one evening).

Each rule says which two kinds of product clash, why, and the source. Pairs are checked across
different products; a single product formulated with both is judged by its maker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from porecare.ingredients._analyze import ProductAnalysis

__all__ = ["CONFLICT_RULES", "Conflict", "ConflictRule", "find_conflicts"]

_AAD_EXFOLIATE = (
    "American Academy of Dermatology, 'How to safely exfoliate at home': products with "
    "prescription retinoids, retinol or benzoyl peroxide can make the skin more sensitive or "
    "peel, and exfoliating while using them may worsen dry skin or cause breakouts"
)


@dataclass(frozen=True)
class ConflictRule:
    id: str
    first: str
    second: str
    why: str
    source: str


@dataclass(frozen=True)
class Conflict:
    rule: str
    products: tuple[str, str]
    ingredients: tuple[str, str]
    why: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "products": list(self.products),
            "ingredients": list(self.ingredients),
            "why": self.why,
            "source": self.source,
        }


CONFLICT_RULES: tuple[ConflictRule, ...] = (
    ConflictRule(
        "retinoid_with_acid",
        "retinoid",
        "aha_bha",
        "A retinoid and an AHA/BHA exfoliant in the same routine add up to irritation, dryness "
        "and peeling; porecare's plans keep them on different evenings.",
        _AAD_EXFOLIATE,
    ),
    ConflictRule(
        "benzoyl_peroxide_with_retinoid",
        "benzoyl_peroxide",
        "retinoid",
        "Benzoyl peroxide oxidises tretinoin and retinol when applied together (adapalene is "
        "the stable exception) and both dry the skin; use them at different times of day.",
        "Martin B. et al., Chemical stability of adapalene and tretinoin when combined with "
        "benzoyl peroxide, Br J Dermatol 1998;139 Suppl 52:8-11; " + _AAD_EXFOLIATE,
    ),
    ConflictRule(
        "two_exfoliants",
        "exfoliating",
        "exfoliating",
        "Two exfoliating products in one routine over-exfoliate (redness, stinging, a damaged "
        "barrier); use one, and exfoliate at most 2-3 times a week.",
        "American Academy of Dermatology, 'How to safely exfoliate at home': exfoliate gently "
        "and not too often; over-exfoliating causes red, irritated skin",
    ),
    ConflictRule(
        "clay_mask_with_retinoid",
        "clay_mask",
        "retinoid",
        "A clay mask is very absorbent and drying; on a retinoid night the two together dry and "
        "irritate the skin. Keep the weekly clay mask to a night without a retinoid.",
        "Method: 'Since a clay mask can be very absorbent, avoid using it more than once a "
        "week.' " + _AAD_EXFOLIATE,
    ),
)


def _finder(kind: str) -> Callable[[ProductAnalysis], str | None]:
    """Return a function giving the ingredient (or role) that makes a product ``kind``."""

    def by_class(*wanted: str) -> Callable[[ProductAnalysis], str | None]:
        def find(a: ProductAnalysis) -> str | None:
            for r in a.resolutions:
                if r.entry and not r.token.may_contain and set(wanted) & set(r.entry.classes):
                    return r.entry.inci
            return None

        return find

    if kind == "aha_bha":
        return by_class("aha", "bha")
    if kind == "exfoliating":
        acids = by_class("aha", "bha", "pha")
        return lambda a: acids(a) or ("an exfoliant" if a.role.role == "exfoliant" else None)
    if kind == "clay_mask":
        return lambda a: "a clay mask" if a.role.role == "clay_mask" else None
    return by_class(kind)


def find_conflicts(analyses: Sequence[ProductAnalysis]) -> list[Conflict]:
    """Conflicts between pairs of products used in one routine, each explained with a source."""
    out: list[Conflict] = []
    for rule in CONFLICT_RULES:
        first, second = _finder(rule.first), _finder(rule.second)
        seen: set[frozenset[int]] = set()
        for i, a in enumerate(analyses):
            for j, b in enumerate(analyses):
                if i == j or frozenset((i, j)) in seen:
                    continue
                x, y = first(a), second(b)
                if x and y:
                    seen.add(frozenset((i, j)))
                    names = (a.name or f"product {i + 1}", b.name or f"product {j + 1}")
                    out.append(Conflict(rule.id, names, (x, y), rule.why, rule.source))
    return out
