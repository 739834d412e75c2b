"""What kind of product a label belongs to: one of :data:`ROLES`, from its name and ingredients.

The name is the strongest cue (brands say "cleanser", "SPF 50", "clay mask"); the ingredients
confirm it or decide when the name says nothing (UV filters, a surfactant near the top of a
water-based list, kaolin in the first five, oils first with an emulsifier...). Every decision
carries its evidence as short sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter
from typing import Any, NamedTuple

__all__ = [
    "LEAVE_ON_ROLES",
    "ROLES",
    "ROLE_CLASSES",
    "RoleGuess",
    "guess_role",
    "name_roles",
]

ROLES: tuple[str, ...] = (
    "oil_cleanser",
    "micellar_water",
    "water_cleanser",
    "toner",
    "exfoliant",
    "serum",
    "retinoid",
    "moisturizer",
    "sunscreen",
    "clay_mask",
    "mask",
    "eye_cream",
    "spot_treatment",
    "face_oil",
    "other",
)
#: Roles rinsed off soon after use; everything else stays on the skin (acne-prone rule).
RINSE_OFF_ROLES = frozenset(
    {"oil_cleanser", "micellar_water", "water_cleanser", "clay_mask", "mask"}
)
LEAVE_ON_ROLES = frozenset(ROLES) - RINSE_OFF_ROLES - {"other"}

#: Name cues, most specific first: the first matching cue names the role. The third field
#: says what the cue means; ``{match}`` is replaced by the words that matched.
_NAME_CUES: tuple[tuple[str, str, str, str | None], ...] = (
    ("micellar_water", r"micellar|micellaire|cleansing water|mizellen", "{match} (micellar)", None),
    (
        "oil_cleanser",
        r"cleansing (?:oil|balm|butter)|oil cleanser|balm cleanser|melting balm|"
        r"(?:make-?up|makeup) (?:remover|melting)|cleansing sherbet|huile (?:démaquillante|nettoyante)",
        "{match} (cleansing oil/balm)",
        None,
    ),
    (
        "clay_mask",
        r"(?:clay|mud|kaolin|bentonite|argile|charcoal)\b.*\bmas(?:k|que)|mas(?:k|que)\b.*\b(?:clay|mud|argile)",
        "{match} (clay mask)",
        None,
    ),
    (
        "water_cleanser",
        r"cleanser|face ?wash|facial wash|\bwash\b|cleansing (?:gel|foam|lotion|cream|milk)|"
        r"foaming|\bfoam\b|gel nettoyant|nettoyant|\bsoap\b|cleansing bar|cleansing",
        "{match} (cleanser)",
        "cleanser",
    ),
    ("eye_cream", r"\beyes?\b|contour des yeux|augen", "{match} (eye)", None),
    (
        # A day cream with SPF under 30 and no "sunscreen" in its name is a moisturizer; the
        # sunscreen step wants SPF 30 or more (American Academy of Dermatology).
        "moisturizer",
        r"^(?!.*\b(?:sunscreen|sun|sunblock|solaire)\b)(?=.*\b(?:cream|moisturi[sz]er|cr[èe]me)\b)"
        r"(?=.*\bspf\s*(?:[12]\d|[1-9])(?!\d))",
        "a cream with SPF under 30 (a moisturizer; a sunscreen step wants SPF 30+)",
        None,
    ),
    (
        "sunscreen",
        r"\bspf\b|sunscreen|sun ?screen|sunblock|\bsun\b|\buv\b|solaire|anthelios|sonnen|\bpa\++",
        "{match} (SPF/sun)",
        None,
    ),
    ("clay_mask", r"\b(?:clay|mud)\b", "{match} (clay)", None),
    ("mask", r"\bmas(?:k|que)s?\b|sleeping pack|\bpeel-off\b", "{match} (mask)", "mask"),
    (
        "spot_treatment",
        r"\bspot\b|blemish|pimple|\bzit\b|\bacne\b|\bpatch(?:es)?\b|drying lotion|benzoyl|"
        r"anti-?imperfection|imperfection",
        "{match} (spot/blemish)",
        None,
    ),
    (
        # Named after its acid and dose ("Glycolic Acid 7% Toning Solution"): sold to exfoliate.
        "exfoliant",
        r"^(?=.*\d\s*%)(?=.*\b(?:glycolic|salicylic|lactic|mandelic|aha|bha|pha)\b)",
        "an exfoliating acid and its % in the name",
        None,
    ),
    (
        "toner",
        r"toner|\btonic\b|tonique|toning|astringent|skin softener|\bmist\b|lotion tonique",
        "{match} (toner)",
        "toner",
    ),
    (
        "retinoid",
        r"retinol|retinal\b|retinoid|retinaldehyde|adapalene|differin|tretinoin|retinoate",
        "{match} (retinoid)",
        None,
    ),
    (
        "exfoliant",
        r"exfoliant|exfoliat|\bpeel(?:ing)?\b|\b(?:aha|bha|pha)\b|glycolic|salicylic|lactic|"
        r"mandelic|resurfacing|polish",
        "{match} (exfoliant/acid)",
        None,
    ),
    (
        "face_oil",
        r"(?:face|facial|dry|beauty) oil|\boil\b(?![- ]?(?:free|control|absorb|balanc))|"
        r"\belixir\b|rosehip|squalane",
        "{match} (oil)",
        "treatment",
    ),
    (
        "moisturizer",
        r"moistu?ri[sz]|\bcream\b|cr[èe]me",
        "{match} (cream/moisturizer)",
        "treatment",
    ),
    (
        "serum",
        r"s[ée]rum|ampoule|booster|concentrate|essence|\bdrops\b|solution|treatment|"
        r"\b\d+(?:\.\d+)?\s*%",
        "{match} (serum/essence)",
        "treatment",
    ),
    (
        "moisturizer",
        r"lotion|emulsion|hydrat|\bbalm\b|\bgel\b|fluid|\bday\b|\bnight\b|"
        r"\bcica\b|repair|barrier|soin",
        "{match} (cream/moisturizer)",
        "treatment",
    ),
)
_COMPILED = tuple(
    (role, re.compile(pattern, re.I), what, family) for role, pattern, what, family in _NAME_CUES
)


@dataclass(frozen=True)
class RoleGuess:
    role: str
    confidence: float
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "confidence": round(self.confidence, 2),
            "evidence": list(self.evidence),
        }


class _NameCue(NamedTuple):
    role: str
    evidence: str
    family: str | None
    """The generic kind word's family, or None for a specific cue the ingredients never
    override ("micellar", "cleansing oil", "SPF", "clay mask"...)."""


@lru_cache(maxsize=4096)
def _name_role(name: str | None) -> _NameCue | None:
    if not name:
        return None
    for role, pattern, what, family in _COMPILED:
        match = pattern.search(name)
        if match:
            return _NameCue(
                role, what.format(match=f"{match.group(0).strip()!r} in the name"), family
            )
    return None


#: A generic kind word in the name sets the product's *family*; strong ingredient evidence
#: then picks the specific role within that family (and never a role outside it). Brands name
#: products by what they do for the buyer ("Cleanser", "Masque", "Tonic"), not by the kind
#: of formula, so "Squalane Cleanser" (esters first, an emulsifier to rinse) is an oil
#: cleanser, "Drying Mask" with kaolin in the first five is a clay mask, and a "Tonic" whose
#: glycolic acid sits at an active position is an exfoliant. The evidence rules are those of
#: :func:`_label_role`, so every override names the ingredient that decided it.
_WITHIN_FAMILY: dict[str, frozenset[str]] = {
    # Cleansers: oils/esters first with an emulsifier = oil cleanser (double-cleanse step 1).
    "cleanser": frozenset({"oil_cleanser"}),
    # Masks: clay or absorbent earth in the first five = clay mask (the method's weekly mask).
    "mask": frozenset({"clay_mask"}),
    # Toners/tonics: an AHA/BHA/PHA at an active position = an exfoliating toner.
    "toner": frozenset({"exfoliant"}),
    # Serum/cream/oil/essence/solution words: a leave-on treatment; its active decides.
    "treatment": frozenset({"retinoid", "exfoliant", "spot_treatment"}),
}

#: Ingredient evidence at least this confident may pick the role within a name's family.
_STRONG = 0.7

#: J-beauty and K-beauty "lotion" (化粧水, keshōsui) is a watery toner, not an emulsion: a
#: "lotion" whose list is water first with no emollients near the top is a toner. An
#: emulsion lotion (emollients near the top) stays a moisturizer.
_LOTION = re.compile(r"\blotion\b", re.I)


def name_roles(name: str | None) -> frozenset[str] | None:
    """Every role a product of this name may end up with, or None when the name says nothing.

    Lets a catalog search skip products whose name rules a wanted step out before analysing
    their ingredients.
    """
    cue = _name_role(name)
    if cue is None:
        return None
    extra = _WITHIN_FAMILY.get(cue.family or "", frozenset())
    if cue.family == "treatment" and _LOTION.search(name or ""):
        extra = extra | {"toner"}
    return frozenset({cue.role}) | extra


def guess_role(
    name: str | None,
    items: Sequence[tuple[str | None, frozenset[str], float | None]],
    *,
    one_percent_index: int | None = None,
) -> RoleGuess:
    """The product's role from its name and its (inci, classes, percent) items in label order."""
    cue = _name_role(name)
    from_label = _label_role(items, one_percent_index)
    if cue is None and from_label is None:
        return RoleGuess("other", 0.2, ("no cue in the name; the ingredients fit no one kind",))
    if cue is None:
        assert from_label is not None
        return RoleGuess(from_label[0], from_label[1], from_label[2])
    role, evidence, family = cue
    if from_label is None:
        return RoleGuess(role, 0.75, (evidence,))
    label_role, label_conf, label_evidence = from_label
    if label_role == role:
        return RoleGuess(role, 0.95, (evidence, *label_evidence))
    if family is not None and label_role in _WITHIN_FAMILY[family] and label_conf >= _STRONG:
        return RoleGuess(label_role, 0.8, (*label_evidence, evidence))
    if (
        family == "treatment"
        and label_role == "serum"
        and role == "moisturizer"
        and _LOTION.search(name or "")
    ):
        why = "a 'lotion' that is watery with no emollients near the top (a J-beauty toner)"
        return RoleGuess("toner", 0.65, (why, *label_evidence))
    return RoleGuess(role, 0.7, (evidence, f"the ingredients alone suggest {label_role}"))


_Items = Sequence[tuple[str | None, frozenset[str], float | None]]
_WATER = frozenset({"aqua", "water"})


def _label_role(items: _Items, cut: int | None) -> tuple[str, float, tuple[str, ...]] | None:
    """The role the ingredients alone suggest (items are (inci, classes, percent))."""
    if not items:
        return None
    first: dict[str, int] = {}
    # Most ingredients have no class the role asks about: visit only those that do.
    for i in compress(count(), map(itemgetter(1), items)):
        item_classes = items[i][1]
        if ROLE_CLASSES.isdisjoint(item_classes):
            continue
        for cls in item_classes:
            if cls not in first:
                first[cls] = i

    def at(cls: str, within: int = 10_000) -> int | None:
        index = first.get(cls)
        return index if index is not None and index < within else None

    def name(i: int) -> str:
        return items[i][0] or "?"

    def is_water(i: int) -> bool:
        inci = items[i][0]
        return inci is not None and inci.casefold() in _WATER

    water_first = is_water(0)
    if "uv_filter" in first:
        filters = [i for i, item in enumerate(items) if "uv_filter" in item[1]]
        active = [i for i in filters if cut is None or i < cut or items[i][2]]
        if len(active) >= 2 or any(items[i][2] for i in filters):
            return "sunscreen", 0.85, (f"{len(filters)} UV filter(s), e.g. {name(filters[0])}",)
    clay = at("clay", 5)
    if clay is not None:
        return "clay_mask", 0.8, (f"{name(clay)} in the first 5",)
    bpo = at("benzoyl_peroxide")
    if bpo is not None:
        return "spot_treatment", 0.8, (f"{name(bpo)} (benzoyl peroxide)",)
    if _ointment(items, is_water):
        why = f"{name(0)} (occlusive) first, no water and no emulsifier near the top: an ointment"
        return "other", 0.7, (why,)
    surf = at("surfactant", 4)
    if surf is not None and water_first:
        return "water_cleanser", 0.8, (f"water first and {name(surf)} (surfactant) in the first 4",)
    if not water_first and {"oil_ester", "emollient"} & items[0][1]:
        found = [i for i in (at("emulsifier"), at("surfactant")) if i is not None]
        if found:
            return (
                "oil_cleanser",
                0.75,
                (f"{name(0)} (oil) first and {name(min(found))} (emulsifier) to rinse it off",),
            )
        if not any(is_water(i) for i in range(len(items))):
            return "face_oil", 0.7, (f"{name(0)} (oil) first and no water",)
    retinoid = at("retinoid")
    if retinoid is not None and (cut is None or retinoid < cut or retinoid < 10):
        return "retinoid", 0.75, (f"{name(retinoid)} (retinoid) at position {retinoid + 1}",)
    for acid in ("aha", "bha", "pha"):
        pos = at(acid)
        if pos is not None and (pos < 5 or (items[pos][2] or 0) >= 2):
            # A fruit or bark extract "sold for its acids" has an unknown, usually small acid
            # content: evidence too weak to override what the name says (see _STRONG).
            weak = "botanical" in items[pos][1]
            what = f"{name(pos)} ({acid.upper()}{' source' if weak else ''}) at position {pos + 1}"
            return "exfoliant", 0.55 if weak else 0.7, (what,)
    if not water_first:
        return None
    rich = [i for i in range(min(6, len(items))) if _RICH & items[i][1]]
    if len(rich) >= 2:
        return (
            "moisturizer",
            0.6,
            (f"water first with emollients {name(rich[0])}, {name(rich[1])}",),
        )
    return "serum", 0.45, ("water first, few emollients near the top",)


def _ointment(items: _Items, is_water: Callable[[int], bool]) -> bool:
    """Petrolatum-type ointment: an occlusive first, no water in the first five, nothing to rinse it off.

    Skin-protectant ointments (US FDA monograph 21 CFR 347: petrolatum, mineral oil, lanolin
    bases) are a kind of their own: not a face oil (no plant oil leads), not an oil cleanser
    (no emulsifier or surfactant near the top), and not the method's moisturizer step, which
    for large pores is a light, non-comedogenic moisturizer. They are reported as ``other`` so
    the plan never attaches them to a daily step; a water-based "ointment" is a cream and is
    judged as one by the other rules.
    """
    # Water far down the list comes with premixes (a ceramide complex), not as the base.
    if "occlusive" not in items[0][1] or any(is_water(i) for i in range(min(5, len(items)))):
        return False
    top = items[:3]
    return not any({"emulsifier", "surfactant"} & classes for _, classes, _ in top)


_RICH = frozenset({"occlusive", "emollient", "oil_ester"})
#: The classes :func:`_label_role` asks about; other classes never change the answer.
ROLE_CLASSES = frozenset(
    {
        "uv_filter", "clay", "benzoyl_peroxide", "surfactant", "emulsifier", "oil_ester",
        "emollient", "retinoid", "aha", "bha", "pha", "occlusive",
    }
)  # fmt: skip
