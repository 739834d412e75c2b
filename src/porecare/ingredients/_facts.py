"""What porecare knows about one dictionary entry, computed once per entry and cached.

Flags for classes (retinoid, fragrance, drying alcohol...), comedogenic ratings (with the
caveat) and EU annex entries depend only on the ingredient, not on the product, so they are
built once per :class:`~porecare.ingredients.Entry` (entries hash by identity) and reused by
every analysis. ``check --jsonl`` over 100k labels depends on this.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from porecare.ingredients._dictionary import Entry
from porecare.ingredients._eu import Restriction, restrictions_for
from porecare.ingredients._knowledge import classes, comedogenic_caveat, comedogenic_ratings
from porecare.ingredients._rolemodel import class_bits
from porecare.ingredients._text import name_key

__all__ = [
    "ACTIVE_CLASSES",
    "EXFOLIATING_CLASSES",
    "EntryFacts",
    "Flag",
    "entry_facts",
    "eu_flags",
]

#: Classes reported as actives (what the method and its sources say does something for pores).
ACTIVE_CLASSES = (
    "retinoid",
    "niacinamide",
    "hyaluronic_acid",
    "aha",
    "bha",
    "pha",
    "benzoyl_peroxide",
    "clay",
    "cica",
    "green_tea",
)
EXFOLIATING_CLASSES = frozenset({"aha", "bha", "pha"})
#: Classes that raise a flag on every product that contains them (acids only at a real dose).
FLAG_CLASSES = (
    "retinoid",
    "aha",
    "bha",
    "pha",
    "benzoyl_peroxide",
    "fragrance",
    "fragrance_allergen",
    "drying_alcohol",
)
_CAUTION_CLASSES = frozenset({"fragrance_allergen", "drying_alcohol"})
#: Classes and first CosIng functions of ingredients used at or below 1 % (the 1 % line).
_LOW_CLASSES = frozenset(
    {"preservative", "fragrance", "fragrance_allergen", "colorant", "chelator"}
)
_LOW_FUNCTIONS = frozenset({"chelating", "preservative", "perfuming", "colorant"})
#: An ingredient that is also an active or a UV filter may be used well above 1 %.
_NOT_MARKERS = frozenset({*ACTIVE_CLASSES, "uv_filter"})


@dataclass(frozen=True, eq=False)
class Flag:
    """Something worth knowing about one ingredient: kind, ingredient, reason and source."""

    kind: str
    ingredient: str
    reason: str
    source: str
    severity: str = "info"
    caveat: str | None = None
    blend: tuple[str, ...] = ()
    """An EU entry for a blend: its parts, all of which the label must list (else no flag)."""

    def to_dict(self) -> dict[str, Any]:
        data = {
            "kind": self.kind,
            "ingredient": self.ingredient,
            "reason": self.reason,
            "source": self.source,
            "severity": self.severity,
        }
        if self.caveat:
            data["caveat"] = self.caveat
        return data

    @cached_property
    def json(self) -> str:
        """``to_dict()`` as compact JSON, computed once per flag."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


class EntryFacts(NamedTuple):
    classes: frozenset[str]
    without_acids: frozenset[str]
    acid: str | None
    botanical: bool
    low_marker: bool
    actives: tuple[str, ...]
    flags: tuple[Flag, ...]
    acid_flag: Flag | None
    rating: int | None
    restrictions: tuple[Restriction, ...]
    class_bits: int
    """The classes as bits (``_rolemodel.class_bits``), for the role corrector."""


_FACTS: dict[Entry, EntryFacts] = {}


def entry_facts(entry: Entry) -> EntryFacts:
    """The cached facts of ``entry``."""
    facts = _FACTS.get(entry)
    if facts is None:
        facts = _FACTS[entry] = _compute(entry)
    return facts


def _compute(entry: Entry) -> EntryFacts:
    known = classes()
    entry_classes = frozenset(entry.classes)
    acid = next((c for c in entry.classes if c in EXFOLIATING_CLASSES), None)
    flags: list[Flag] = []
    acid_flag = None
    for cls in dict.fromkeys(entry.classes):
        if cls not in FLAG_CLASSES or cls not in known:
            continue
        info = known[cls]
        severity = "caution" if cls in _CAUTION_CLASSES else "info"
        flag = Flag(cls, entry.inci, f"{info.label}: {info.why}", info.source, severity)
        if cls in EXFOLIATING_CLASSES:
            acid_flag = acid_flag or flag
        else:
            flags.append(flag)
    rating = comedogenic_ratings().get(name_key(entry.inci))
    if rating is not None and rating.rating >= 3:
        where = f" at {rating.concentration}" if rating.concentration else ""
        flags.append(
            Flag(
                "comedogenic",
                entry.inci,
                f"comedogenic rating {rating.rating}/5 ({rating.test or 'test'}{where})",
                rating.source,
                "caution",
                comedogenic_caveat(),
            )
        )
    restrictions = restrictions_for(entry.inci)
    flags.extend(eu_flags(entry.inci, None))
    low = not (_NOT_MARKERS & entry_classes) and (
        bool(_LOW_CLASSES & entry_classes)
        or any(f.casefold() in _LOW_FUNCTIONS for f in entry.functions[:1])
    )
    return EntryFacts(
        classes=entry_classes,
        without_acids=entry_classes - EXFOLIATING_CLASSES,
        acid=acid,
        botanical="botanical" in entry_classes,
        low_marker=low,
        actives=tuple(c for c in dict.fromkeys(entry.classes) if c in ACTIVE_CLASSES),
        flags=tuple(flags),
        acid_flag=acid_flag,
        rating=rating.rating if rating is not None else None,
        restrictions=restrictions,
        class_bits=class_bits(entry_classes),
    )


@lru_cache(maxsize=16384)
def eu_flags(name: str, percent: float | None) -> tuple[Flag, ...]:
    """Flags for the EU annex entries naming ``name``; ``percent`` checks a single limit."""
    return tuple(_eu_flag(name, percent, r) for r in restrictions_for(name))


def _eu_flag(name: str, percent: float | None, restriction: Restriction) -> Flag:
    unconditional = restriction.kind == "prohibited" and not (
        restriction.qualifier or restriction.nano_only
    )
    reason = restriction.summary()
    # Annex V limits apply to preservative use only; III and VI limits apply to any use.
    limit = None if restriction.annex == "V" else _single_limit(restriction.max_concentration)
    if restriction.annex == "V":
        reason += " (the limit applies when used as a preservative)"
    if percent is not None and limit is not None and percent > limit:
        reason += f"; the label states {percent:g} %, above {limit:g} %"
        unconditional = True
    kind = "eu_prohibited" if restriction.kind == "prohibited" else "eu_restricted"
    severity = "warning" if unconditional else "info"
    return Flag(kind, name, reason, restriction.source, severity, blend=restriction.blend)


def _single_limit(text: str) -> float | None:
    numbers = re.findall(r"(\d+(?:[.,]\d+)?)\s*%", text)
    if len(numbers) != 1:
        return None
    return float(numbers[0].replace(",", "."))
