"""Judge one product: its ingredients, role, actives, flags and fit for a profile.

Every flag names the ingredient that triggered it, the reason and the source. Comedogenic
flags carry the caveat (undiluted animal-model data; concentration matters). The "1 % line"
uses the INCI ordering rule: ingredients above 1 % are listed in descending order, those at or
below 1 % may follow in any order, so the first preservative, fragrance, colorant or chelator
(used at or below 1 %) marks where the low-concentration tail likely begins.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, repeat
from operator import and_, attrgetter
from typing import TYPE_CHECKING, Any

from porecare.ingredients._dictionary import Dictionary, Resolution
from porecare.ingredients._eu import Restriction
from porecare.ingredients._facts import (
    ACTIVE_CLASSES,
    EXFOLIATING_CLASSES,
    Flag,
    entry_facts,
    eu_flags,
)
from porecare.ingredients._fast import (
    ACID,
    ACTIVE,
    AT_MOST_1_PERCENT,
    FLAGGY,
    LOW_MARKER,
    RETINOID,
    UNKNOWN,
    ingredient_dict,
    ingredient_json,
)
from porecare.ingredients._parse import JAPANESE_OPENING, parse_label
from porecare.ingredients._resolve import resolve_fast, resolve_full
from porecare.ingredients._rolemodel import label_class_bits
from porecare.ingredients._roles import LEAVE_ON_ROLES, RoleGuess, guess_role
from porecare.ingredients._text import name_key

if TYPE_CHECKING:
    from porecare.profile import Profile

__all__ = [
    "ACTIVE_CLASSES",
    "EXFOLIATING_CLASSES",
    "Fit",
    "Flag",
    "ProductAnalysis",
    "analyze_product",
    "default_dictionary",
]

INCI_ORDER_SOURCE = (
    "Regulation (EC) No 1223/2009, Article 19(1)(g): ingredients are listed in descending "
    "order of weight; those below 1 % may be listed in any order after those above 1 %"
)
#: Exfoliating acids strong enough to caution sensitive skin at these label percentages.
_STRONG_ACID = {"aha": 5.0, "bha": 2.0, "pha": 10.0}
#: Below these label percentages an acid is not counted as exfoliating.
_EXFOLIATING_DOSE = {"aha": 3.0, "bha": 0.5, "pha": 3.0}
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True)
class Fit:
    verdict: str
    """``fits``, ``caution`` (a concern to weigh: sensitive skin, or a comedogenic ingredient
    in make-up or a balm for acne-prone skin) or ``avoid`` (breaks the profile)."""
    leave_on: bool
    reasons: tuple[Flag, ...]
    summary: str

    @property
    def ok(self) -> bool:
        return self.verdict != "avoid"

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "ok": self.ok,
            "leave_on": self.leave_on,
            "summary": self.summary,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class ProductAnalysis:
    """Everything porecare read and judged about one product."""

    name: str | None
    resolutions: tuple[Resolution, ...]
    role: RoleGuess
    actives: tuple[dict[str, Any], ...]
    flags: tuple[Flag, ...]
    fit: Fit | None
    one_percent_index: int | None
    exfoliants: tuple[tuple[str, str], ...] = field(default=())
    """(INCI name, class) of acids present at an exfoliating dose (not a pH adjuster)."""
    fragments: tuple[str | None, ...] = field(default=(), repr=False, compare=False)
    """Cached JSON of each ingredient when known (a speed-up for :meth:`to_json`)."""
    mask: int = field(default=-1, repr=False, compare=False)
    """The OR of every token's bits (``_fast``), or -1 when not known; lets passes skip."""

    @property
    def unknown(self) -> list[str]:
        if not self.mask & UNKNOWN:
            return []
        return [r.token.text for r in self.resolutions if r.entry is None]

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(c for r in self.resolutions if r.entry for c in r.entry.classes)

    @property
    def restrictions(self) -> list[tuple[str, Restriction]]:
        """(INCI name, EU annex entry) for every annex entry naming an ingredient (a blend's
        entry only when the label lists all its parts, as for the flags)."""
        listed = _listed(self.resolutions)
        return [
            (r.inci or r.token.name, x)
            for r in self.resolutions
            for x in (entry_facts(r.entry).restrictions if r.entry else ())
            if _whole_blend(r.inci or r.token.name, x.blend, listed)
        ]

    @property
    def exfoliating(self) -> bool:
        return self.role.role == "exfoliant" or bool(self.exfoliants)

    @property
    def contains_retinoid(self) -> bool:
        if self.mask != -1:
            return bool(self.mask & RETINOID)
        return any(r.entry and "retinoid" in r.entry.classes for r in self.resolutions)

    def _summary(self) -> dict[str, Any]:
        unknown = self.unknown
        line = self.one_percent_index
        return {
            "unknown": unknown,
            "counts": {
                "tokens": len(self.resolutions),
                "resolved": len(self.resolutions) - len(unknown),
            },
            "one_percent_line": None
            if line is None
            else {
                "before_index": line,
                "marker": self.resolutions[line].inci,
                "source": INCI_ORDER_SOURCE,
            },
            "exfoliating": self.exfoliating,
            "exfoliants": [{"inci": inci, "class": cls} for inci, cls in self.exfoliants],
            "contains_retinoid": self.contains_retinoid,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ingredients": [ingredient_dict(r) for r in self.resolutions],
            "role": self.role.to_dict(),
            "actives": [dict(a) for a in self.actives],
            "flags": [f.to_dict() for f in self.flags],
            "fit": self.fit.to_dict() if self.fit else None,
            **self._summary(),
        }

    def to_json(self, *, prefix: str = "{") -> str:
        """``to_dict()`` as compact JSON, assembled from cached pieces (fast).

        ``prefix`` opens the object (``'{"line":3,'`` puts a key first without a copy).
        """
        fragments = self.fragments
        if not fragments or None in fragments:
            fragments = tuple(
                fragment or _ingredient_json(r)
                for r, fragment in zip(
                    self.resolutions, fragments or (None,) * len(self.resolutions), strict=True
                )
            )
        unknown = self.unknown
        tokens = len(self.resolutions)
        line = self.one_percent_index
        return "".join(
            (
                prefix,
                '"name":',
                _name_json(self.name),
                ',"ingredients":[',
                ",".join(fragments),  # type: ignore[arg-type]
                '],"flags":[',
                ",".join([f.json for f in self.flags]),
                '],"role":',
                _role_json(self.role.role, self.role.confidence, self.role.evidence),
                ',"actives":',
                "[" + ",".join(map(_active_json, self.actives)) + "]",
                ',"fit":',
                _dumps(self.fit.to_dict()) if self.fit else "null",
                ',"unknown":',
                _dumps(unknown) if unknown else "[]",
                f',"counts":{{"tokens":{tokens},"resolved":{tokens - len(unknown)}}}',
                ',"one_percent_line":',
                "null" if line is None else _line_json(line, self.resolutions[line].inci),
                ',"exfoliating":',
                "true" if self.exfoliating else "false",
                ',"exfoliants":',
                _dumps([{"inci": i, "class": c} for i, c in self.exfoliants])
                if self.exfoliants
                else "[]",
                ',"contains_retinoid":',
                "true" if self.contains_retinoid else "false",
                "}",
            )
        )


@lru_cache(maxsize=4096)
def _name_json(name: str | None) -> str:
    return _dumps(name)


def _active_json(active: dict[str, Any]) -> str:
    """``_dumps(active)``, spliced from cached parts: the ingredient's head, its position, and
    the tail per dose and hint (a cache of whole actives would miss on every new position)."""
    if tuple(active) != _ACTIVE_KEYS:
        return _dumps(active)
    inci, cls, position, percent, hint, may_contain = active.values()
    if type(position) is not int or type(may_contain) is not bool:
        return _dumps(active)
    return _active_head(inci, cls) + str(position) + _active_tail(percent, hint, may_contain)


@lru_cache(maxsize=65_536, typed=True)
def _active_head(inci: Any, cls: Any) -> str:
    # '{"inci":...,"class":...,"position":0}' without its "0}"
    return _dumps({"inci": inci, "class": cls, "position": 0})[:-2]


@lru_cache(maxsize=65_536, typed=True)
def _active_tail(percent: Any, hint: Any, may_contain: bool) -> str:
    return "," + _dumps({"percent": percent, "hint": hint, "may_contain": may_contain})[1:]


_ACTIVE_KEYS = ("inci", "class", "position", "percent", "hint", "may_contain")


# Role evidence names ingredients, and the 1 % line its position and marker: a batch of
# 100k labels meets tens of thousands of each, so the caches are sized for that.
@lru_cache(maxsize=65_536)
def _role_json(role: str, confidence: float, evidence: tuple[str, ...]) -> str:
    return _dumps(RoleGuess(role, confidence, evidence).to_dict())


@lru_cache(maxsize=65_536)
def _line_json(index: int, marker: str | None) -> str:
    return _dumps({"before_index": index, "marker": marker, "source": INCI_ORDER_SOURCE})


_FRAGMENTS: dict[tuple[Any, ...], str] = {}


def _ingredient_json(r: Resolution) -> str:
    token = r.token
    key = (
        token.text,
        token.percent,
        token.may_contain,
        token.footnote,
        r.entry,
        r.confidence,
        r.how,
    )
    text = _FRAGMENTS.get(key)
    if text is None:
        if len(_FRAGMENTS) > 200_000:
            _FRAGMENTS.clear()
        text = _FRAGMENTS[key] = ingredient_json(r)
    return text


_DEFAULT: list[Dictionary] = []


def default_dictionary() -> Dictionary:
    """The curated packaged dictionary (no imported CosIng names), loaded once."""
    if not _DEFAULT:
        _DEFAULT.append(Dictionary.load())
    return _DEFAULT[0]


def analyze_product(
    text: str,
    *,
    name: str | None = None,
    profile: Profile | None = None,
    dictionary: Dictionary | None = None,
    fast_path: bool = True,
) -> ProductAnalysis:
    """Parse, resolve and judge an ingredient list (see :class:`ProductAnalysis`).

    ``fast_path=False`` runs the full parser without the per-piece cache: the reference the
    fast path is tested against (same result, several times slower on large batches).
    """
    dictionary = dictionary or default_dictionary()
    resolve = resolve_fast if fast_path else resolve_full
    resolutions, facts, fragments, items, bits, mask = resolve(text, dictionary)
    line = _one_percent_index(bits)
    declared = quasi_drug_actives(text, len(resolutions))
    exfoliants = _exfoliants(resolutions, facts, line, bits, declared) if mask & ACID else {}
    # Items carry classes without acids: an acid below its exfoliating dose (citric acid
    # adjusting pH) says nothing of the role. Dosed acids get their classes back.
    for i in exfoliants:
        inci, _, percent = items[i]
        items[i] = (inci, facts[i].classes, percent)  # type: ignore[union-attr]
    if None in items:  # "may contain" ingredients say nothing of the role
        items = [it for it in items if it is not None]
    role = guess_role(
        name,
        items,
        one_percent_index=line,
        class_bits=label_class_bits([f.class_bits if f else 0 for f in facts]),
    )
    flags = _flags(resolutions, facts, exfoliants, bits) if mask & FLAGGY else []
    fit = _fit(profile, role.role, resolutions, flags) if profile is not None else None
    return ProductAnalysis(
        name=name,
        resolutions=resolutions,
        role=role,
        actives=tuple(_actives(resolutions, facts, line, bits, declared)) if mask & ACTIVE else (),
        flags=tuple(flags),
        fit=fit,
        one_percent_index=line,
        exfoliants=tuple((resolutions[i].inci or "", cls) for i, cls in exfoliants.items()),
        fragments=fragments,
        mask=mask,
    )


#: "有効成分: A、B その他の成分: ..." (also "【有効成分】", "<有効成分>"): the section that opens a
#: Japanese quasi-drug's (医薬部外品) list, up to the heading of the other ingredients.
_QUASI_DRUG_ACTIVES = re.compile(
    rf"^\W*有効成分\W*(.*?)[\s|]*[{JAPANESE_OPENING}]?\s*その他の成分", re.S
)
_DECLARED_HINT = (
    "a quasi-drug's declared active (有効成分): listed first, its place shows no amount"
)


def quasi_drug_actives(text: str, tokens: int) -> int:
    """How many of a label's ``tokens`` ingredients are a Japanese quasi-drug's declared
    actives, 0 for any other list.

    A quasi-drug lists its approved actives first and the other ingredients after them in
    their own order (MHLW labelling of 医薬部外品), so the actives' places say nothing of
    their amounts.
    """
    if "有効成分" not in text:
        return 0
    found = _QUASI_DRUG_ACTIVES.search(text)
    if found is None:
        return 0
    return min(len(parse_label(found.group(1))), tokens)


def _where(bits: list[int], bit: int) -> list[int]:
    """Indices of the tokens with ``bit`` set: the passes below skip every other token."""
    return list(compress(count(), map(and_, bits, repeat(bit, len(bits)))))


def _one_percent_index(bits: list[int]) -> int | None:
    for i, b in enumerate(bits):
        if b & AT_MOST_1_PERCENT or (i and b & LOW_MARKER):
            return i
    return None


def _exfoliants(
    resolutions: tuple[Resolution, ...],
    facts: Sequence[Any],
    line: int | None,
    bits: list[int],
    declared: int = 0,
) -> dict[int, str]:
    """Acids present at an exfoliating dose: index -> class.

    A stated percentage decides (:data:`_EXFOLIATING_DOSE`). Otherwise an AHA or PHA counts
    only before the likely 1 % line (citric and lactic acid near the end adjust pH); a plant
    extract sold for its acids only in the first five; a BHA (salicylic acid works from 0.5 %)
    anywhere. The first ``declared`` ingredients are a Japanese quasi-drug's declared actives
    (:func:`quasi_drug_actives`): printed first whatever their amount, and a salicylic acid
    among them is the antibacterial of an acne quasi-drug, not an exfoliating dose.
    """
    out = {}
    for i in _where(bits, ACID):
        r, f = resolutions[i], facts[i]
        if f is None or f.acid is None or r.token.may_contain or i < declared:
            continue
        before = i < 5 if line is None else i < line
        if r.token.percent is not None:
            dosed = r.token.percent >= _EXFOLIATING_DOSE[f.acid]
        elif f.botanical:
            dosed = i < 5 and before
        else:
            dosed = f.acid == "bha" or before
        if dosed:
            out[i] = f.acid
    return out


def _actives(
    resolutions: tuple[Resolution, ...],
    facts: Sequence[Any],
    line: int | None,
    bits: list[int],
    declared: int = 0,
) -> list[dict[str, Any]]:
    out = []
    for i in _where(bits, ACTIVE):
        r, f = resolutions[i], facts[i]
        if f is None or not f.actives:
            continue
        percent = r.token.percent
        if percent is not None:
            hint = f"{percent:g} % on the label"
        elif i < declared:
            hint = _DECLARED_HINT
        elif line is None:
            hint = "position unknown relative to 1 % (no low-concentration marker found)"
        elif i < line:
            hint = "before the likely 1 % line"
        else:
            hint = "after the likely 1 % line (probably at or below 1 %)"
        for cls in f.actives:
            out.append(
                {
                    "inci": r.entry.inci if r.entry else None,
                    "class": cls,
                    "position": i + 1,
                    "percent": percent,
                    "hint": hint,
                    "may_contain": r.token.may_contain,
                }
            )
    return out


def _flags(
    resolutions: tuple[Resolution, ...],
    facts: Sequence[Any],
    exfoliants: dict[int, str],
    bits: list[int],
) -> list[Flag]:
    flags: list[Flag] = []
    seen: set[Any] = set()
    for i in _where(bits, FLAGGY):
        r, f = resolutions[i], facts[i]
        if f is None:
            # An unrecognised name may still be one the EU annexes list.
            flags.extend(eu_flags(r.token.name, r.token.percent))
            continue
        if not f.flags and f.acid_flag is None:
            continue  # most ingredients raise nothing
        if r.entry in seen:
            continue
        seen.add(r.entry)
        if r.token.percent is not None and f.restrictions:
            static = [x for x in f.flags if not x.kind.startswith("eu_")]
            flags.extend(static)
            flags.extend(eu_flags(r.entry.inci, r.token.percent))  # type: ignore[union-attr]
        else:
            flags.extend(f.flags)
        if i in exfoliants and f.acid_flag is not None:
            flags.append(f.acid_flag)
    if any(map(_blend_of, flags)):
        flags = _blends_listed(flags, resolutions)
    return flags


def _blends_listed(flags: list[Flag], resolutions: tuple[Resolution, ...]) -> list[Flag]:
    """``flags`` without those for one part of a blend whose other parts the label lacks (a
    token naming the whole blend keeps its flag)."""
    listed = _listed(resolutions)
    return [f for f in flags if _whole_blend(f.ingredient, f.blend, listed)]


def _listed(resolutions: tuple[Resolution, ...]) -> set[str]:
    return {_key(r.inci or r.token.name) for r in resolutions}


def _whole_blend(ingredient: str, blend: tuple[str, ...], listed: set[str]) -> bool:
    """Whether an EU entry naming ``ingredient`` applies: not a blend's, the blend named
    whole, or every part of the blend listed."""
    parts = [_key(part) for part in blend]
    return _key(ingredient) not in parts or all(p in listed for p in parts)


_blend_of = attrgetter("blend")
#: A label with a blend's flag has every name keyed; a batch meets the same names again.
_key = lru_cache(maxsize=65_536)(name_key)


def _fit(
    profile: Profile,
    role: str,
    resolutions: tuple[Resolution, ...],
    flags: list[Flag],
) -> Fit:
    leave_on = role in LEAVE_ON_ROLES
    # "other" (make-up, lip and body care, salves) is no step of the routine: how it is worn
    # is unknown, and most of it is left on, so a comedogenic rating is a caution.
    unknown_wear = role == "other"
    avoid: list[Flag] = []
    caution: list[Flag] = []
    for flag in flags:
        if flag.kind == "comedogenic" and profile.acne_prone and leave_on:
            avoid.append(_for("acne-prone skin, leave-on product", flag))
        elif flag.kind == "comedogenic" and profile.acne_prone and unknown_wear:
            caution.append(_for("acne-prone skin, if you leave it on (make-up, a balm)", flag))
        elif flag.kind == "retinoid" and profile.pregnant_or_breastfeeding:
            avoid.append(_for("pregnant or breastfeeding: no retinoids", flag))
        elif profile.sensitive and flag.kind in {"fragrance", "fragrance_allergen"}:
            caution.append(_for("sensitive skin", flag))
        elif profile.sensitive and flag.kind == "drying_alcohol" and _high(resolutions, flag):
            caution.append(_for("sensitive skin, high on the list", flag))
        elif profile.sensitive and flag.kind in _STRONG_ACID and _strong(resolutions, flag):
            caution.append(_for("sensitive skin, strong acid", flag))
    if avoid:
        names = ", ".join(dict.fromkeys(f.ingredient for f in avoid))
        return Fit("avoid", leave_on, tuple(avoid + caution), f"breaks the profile: {names}")
    checks = []
    if profile.acne_prone:
        checks.append(
            "no ingredient rated comedogenic 3 or more"
            if leave_on or unknown_wear
            else "rinse-off, so comedogenic ratings matter less"
        )
    if profile.pregnant_or_breastfeeding:
        checks.append("no retinoid")
    if profile.sensitive and not caution:
        checks.append("no fragrance, listed allergen, drying alcohol high up or strong acid")
    if caution:
        names = ", ".join(dict.fromkeys(f.ingredient for f in caution))
        who = "sensitive skin" if profile.sensitive and not _comedogenic(caution) else "your skin"
        return Fit("caution", leave_on, tuple(caution), f"fits, with care for {who}: {names}")
    summary = "fits the profile: " + "; ".join(checks) if checks else "fits the profile"
    return Fit("fits", leave_on, (), summary)


def _comedogenic(flags: list[Flag]) -> bool:
    return any(flag.kind == "comedogenic" for flag in flags)


def _for(who: str, flag: Flag) -> Flag:
    return Flag(
        flag.kind, flag.ingredient, f"{who}: {flag.reason}", flag.source, flag.severity, flag.caveat
    )


def _position(resolutions: tuple[Resolution, ...], inci: str) -> tuple[int, Resolution | None]:
    """(1-based position, resolution) of the first ingredient named ``inci``."""
    return next(((i, r) for i, r in enumerate(resolutions, start=1) if r.inci == inci), (0, None))


def _high(resolutions: tuple[Resolution, ...], flag: Flag) -> bool:
    position, r = _position(resolutions, flag.ingredient)
    return r is not None and position <= 5


def _strong(resolutions: tuple[Resolution, ...], flag: Flag) -> bool:
    position, r = _position(resolutions, flag.ingredient)
    if r is None:
        return False
    if r.token.percent is not None:
        return r.token.percent >= _STRONG_ACID[flag.kind]
    return position <= 3
