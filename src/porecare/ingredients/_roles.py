"""What kind of product a label belongs to: one of :data:`ROLES`, from its name and ingredients.

The name is the strongest cue (brands say "cleanser", "SPF 50", "clay mask"); the ingredients
confirm it or decide when the name says nothing (UV filters, a surfactant near the top of a
water-based list, kaolin in the first five, oils first with an emulsifier...). A generic kind
word ("Serum", "Tonic", "Cleanser") leaves strong ingredient evidence free to pick a role
within its family. Every decision carries its evidence as short sentences.

The name cues, the families and the ingredient name patterns are data
(``knowledge/data/roles.toml``); the order of the ingredient rules is :data:`_RULES`.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import compress, count
from operator import itemgetter
from typing import Any, NamedTuple

from porecare.errors import KnowledgeError
from porecare.ingredients._rolemodel import correct_role

__all__ = [
    "LEAVE_ON_ROLES",
    "ROLES",
    "ROLE_CLASSES",
    "RoleGuess",
    "guess_role",
    "name_roles",
    "sold_for_body",
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

#: The cues and ingredient patterns, as data (``knowledge/data/roles.toml``).
_DATA_FILE = "roles.toml"


class _Cue(NamedTuple):
    role: str
    pattern: re.Pattern[str]
    means: str
    family: str | None
    needs: _Needs | None = None
    why: str = ""
    unless: re.Pattern[str] | None = None
    """Anywhere in the name, this pattern turns the cue off ("Dark Spots ... Spot Minimizing")."""

    def search(self, name: str) -> re.Match[str] | None:
        if self.unless is not None and self.unless.search(name):
            return None
        return self.pattern.search(name)


class _Needs(NamedTuple):
    """What a name cue needs the list to confirm (``needs`` in ``roles.toml``)."""

    classes: frozenset[str]
    """Role classes (:data:`ROLE_CLASSES`); one of them must appear near the top of the list."""
    within: int
    otherwise: str
    """The role when a list is given and the class is not near its top."""
    means: str


@dataclass(frozen=True)
class _RoleData:
    cues: tuple[_Cue, ...]
    families: dict[str, frozenset[str]]
    family_words: dict[tuple[str, str], re.Pattern[str]]
    """(family, role) -> words the name must hold for the ingredients to pick that role."""
    family_reads: dict[tuple[str, str], str]
    """(family, ingredient reading) -> the role that reading is within the family."""
    water: re.Pattern[str]
    aqueous: re.Pattern[str]
    weak_retinoid: re.Pattern[str]
    mineral_filter: re.Pattern[str]
    plant: re.Pattern[str]
    micellar: re.Pattern[str]
    anionic: re.Pattern[str]
    silicone: re.Pattern[str]
    not_rinsing: re.Pattern[str]
    keeps: re.Pattern[str]
    ph_acid: re.Pattern[str]
    hydrosol_max_items: int
    face_oil_min_share: float
    body: re.Pattern[str]
    body_why: str


def _compile(where: str, pattern: object) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: {where}: 'pattern' must be text")
    try:
        return re.compile(pattern, re.I)
    except re.error as exc:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: {where}: bad pattern ({exc})") from None


def _parse_data(data: dict[str, Any]) -> _RoleData:
    """Validate ``roles.toml`` (every role known, every family defined, patterns compile)."""
    bad = f"knowledge/data/{_DATA_FILE}"
    families: dict[str, frozenset[str]] = {}
    family_words: dict[tuple[str, str], re.Pattern[str]] = {}
    family_reads: dict[tuple[str, str], str] = {}
    for fam, table in data.get("family", {}).items():
        roles = table.get("may_become") if isinstance(table, dict) else None
        if not isinstance(roles, list) or not set(roles) <= set(ROLES) or not table.get("why"):
            raise KnowledgeError(f"{bad}: family {fam!r}: needs 'why' and roles in 'may_become'")
        families[fam] = frozenset(roles)
        words = table.get("only_when_named", {})
        if not isinstance(words, dict):
            raise KnowledgeError(f"{bad}: family {fam!r}: 'only_when_named' must be a table")
        for role, pattern in words.items():
            if role not in roles:
                raise KnowledgeError(
                    f"{bad}: family {fam!r}: 'only_when_named' {role!r} is not in 'may_become'"
                )
            family_words[fam, role] = _compile(f"family {fam} only_when_named {role}", pattern)
        reads = table.get("reads", {})
        if not isinstance(reads, dict) or not all(
            reading in ROLES and role in roles for reading, role in reads.items()
        ):
            raise KnowledgeError(
                f"{bad}: family {fam!r}: 'reads' maps a role to one in 'may_become'"
            )
        family_reads.update({(fam, reading): role for reading, role in reads.items()})
    cues = []
    for number, cue in enumerate(data.get("name_cue", []), start=1):
        where = f"name_cue {number}"
        family = cue.get("family")
        if cue.get("role") not in ROLES:
            raise KnowledgeError(f"{bad}: {where}: role {cue.get('role')!r} is not one of ROLES")
        if family is not None and family not in families:
            raise KnowledgeError(f"{bad}: {where}: family {family!r} is not defined")
        if not cue.get("means") or not cue.get("why"):
            raise KnowledgeError(f"{bad}: {where}: needs 'means' and 'why'")
        pattern = _compile(where, cue.get("pattern"))
        fields = {field for _, field, _, _ in string.Formatter().parse(cue["means"]) if field}
        if not fields <= {"match", *pattern.groupindex}:
            unknown = sorted(fields - {"match", *pattern.groupindex})
            raise KnowledgeError(f"{bad}: {where}: 'means' names {unknown[0]!r}, not a group")
        needs = _needs(where, cue)
        unless = _compile(f"{where} unless", cue["unless"]) if "unless" in cue else None
        cues.append(_Cue(cue["role"], pattern, cue["means"], family, needs, cue["why"], unless))
    label = data.get("label", {})
    most, share = label.get("hydrosol_max_items"), label.get("face_oil_min_share")
    if not cues or not isinstance(most, int) or not isinstance(share, int | float):
        raise KnowledgeError(f"{bad}: needs name cues and positive [label] numbers")
    if most <= 0 or share <= 0:
        raise KnowledgeError(f"{bad}: needs name cues and positive [label] numbers")
    patterns = {k: _compile(f"label {k}", label.get(k)) for k in _PATTERNS}
    scope = data.get("scope", {})
    body = _compile("scope body", scope.get("body"))
    if "what" not in body.groupindex or not scope.get("body_why"):
        raise KnowledgeError(
            f"{bad}: [scope] needs a 'body' pattern with a 'what' group and 'body_why'"
        )
    return _RoleData(
        tuple(cues),
        families,
        family_words,
        family_reads,
        **patterns,
        hydrosol_max_items=most,
        face_oil_min_share=share,
        body=body,
        body_why=scope["body_why"],
    )


_PATTERNS = (
    "water",
    "aqueous",
    "weak_retinoid",
    "mineral_filter",
    "plant",
    "micellar",
    "anionic",
    "silicone",
    "not_rinsing",
    "keeps",
    "ph_acid",
)


def _needs(where: str, cue: dict[str, Any]) -> _Needs | None:
    """The cue's ``needs`` table, validated, or None."""
    table = cue.get("needs")
    if table is None:
        return None
    bad = f"knowledge/data/{_DATA_FILE}: {where}: 'needs'"
    if not isinstance(table, dict):
        raise KnowledgeError(f"{bad} must be a table")
    cls, within, otherwise, means = (
        table.get(k) for k in ("class", "within", "otherwise", "means")
    )
    wanted = [cls] if isinstance(cls, str) else cls
    if (
        not isinstance(wanted, list)
        or not wanted
        or not all(isinstance(c, str) and c in ROLE_CLASSES for c in wanted)
    ):
        raise KnowledgeError(f"{bad}: class {cls!r} is not a class the role rules read")
    if not isinstance(within, int) or within <= 0 or otherwise not in ROLES or not means:
        raise KnowledgeError(f"{bad}: needs a positive 'within', 'otherwise' role and 'means'")
    return _Needs(frozenset(wanted), within, otherwise, means)


@cache
def _data() -> _RoleData:
    from porecare.ingredients._knowledge import read_data

    try:
        return _parse_data(tomllib.loads(read_data(_DATA_FILE)))
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: not valid TOML ({exc})") from None


#: Below this confidence a guess rests on the ingredients' weak hints alone (no kind word in
#: the name): interfaces ask the user to say what the product is.
UNSURE_CONFIDENCE = 0.5


@dataclass(frozen=True)
class RoleGuess:
    role: str
    confidence: float
    evidence: tuple[str, ...]
    rules: RoleGuess | None = field(default=None, compare=False, repr=False)
    """The rules' own guess when the learned corrector (``_rolemodel``) replaced it."""

    @property
    def unsure(self) -> bool:
        return self.confidence < UNSURE_CONFIDENCE

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "confidence": round(self.confidence, 2),
            "evidence": list(self.evidence),
        }


#: Full-width ASCII (U+FF01-FF5E) and the ideographic space, as Japanese names print them.
_FULL_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}


class _NameCue(NamedTuple):
    role: str
    evidence: str
    family: str | None
    """The generic kind word's family, or None for a specific cue the ingredients never
    override ("micellar", "cleansing oil", "SPF", "clay mask"...)."""
    needs: _Needs | None = None
    said: str = ""


@lru_cache(maxsize=4096)
def _name_role(name: str | None) -> _NameCue | None:
    if not name:
        return None
    for cue in _data().cues:
        match = cue.search(name)
        if match:
            words = {k: v.strip() for k, v in match.groupdict(default="").items()}
            said = f"{match.group(0).strip()!r} in the name"
            evidence = cue.means.format(match=said, **words)
            return _NameCue(cue.role, evidence, cue.family, cue.needs, said)
    return None


@lru_cache(maxsize=4096)
def sold_for_body(name: str | None) -> str | None:
    """Why a product of this name is not for the face's routine (sold for the body, hands or
    feet), or None. Its role is still its kind: a body lotion is a moisturizer."""
    match = _data().body.search(name) if name else None
    return f"'{match.group('what')}' in the name: {_data().body_why}" if match else None


def cue_reason(name: str | None) -> str | None:
    """Why the first name cue that matches ``name`` reads it as its role (``roles.toml``)."""
    if not name:
        return None
    return next((cue.why for cue in _data().cues if cue.search(name)), None)


def _confirmed(cue: _NameCue, items: _Items) -> _NameCue:
    """The cue, or its ``otherwise`` role when the list does not hold what the name promises.

    A "Charcoal Mask" whose charcoal is twentieth on a sheet mask's serum is a sheet mask,
    not an absorbent clay mask. A list of only unknown names leaves the name's word standing.
    """
    needs = cue.needs
    if needs is None or not any(inci for inci, _, _ in items[: needs.within]):
        return cue
    if any(not needs.classes.isdisjoint(classes) for _, classes, _ in items[: needs.within]):
        return cue
    evidence = needs.means.format(match=cue.said, within=needs.within)
    return _NameCue(needs.otherwise, evidence, None)


#: Ingredient evidence at least this confident may pick the role within a name's family.
#: A generic kind word in the name sets the product's *family* (``roles.toml``); strong
#: ingredient evidence then picks the specific role within that family, and never a role
#: outside it. Brands name products by what they do for the buyer ("Cleanser", "Masque",
#: "Tonic", "Serum"), not by the kind of formula, so "Squalane Cleanser" (esters first, an
#: emulsifier to rinse) is an oil cleanser and an anhydrous oil blend sold as a "Serum" is a
#: face oil. The evidence rules are those of :func:`_label_role`, so every override names the
#: ingredient that decided it.
_STRONG = 0.7
#: Ingredient evidence this confident picks the role within the family even when the family
#: asks the name to sell it (``only_when_named``): an acid first or second on the list.
_DECISIVE = 0.8

#: J-beauty and K-beauty "lotion" (化粧水, keshōsui) and K-beauty "milk" are watery toners,
#: not emulsions: one whose list is water first with no emollients near the top is a toner.
#: An emulsion (emollients near the top) stays a moisturizer, and so does a "Day Lotion" or
#: "Night Lotion", sold as the day or night moisturizer however thin it is.
_LOTION = re.compile(r"(?<!\bday )(?<!\bnight )\b(?:lotion|milk)\b", re.I)


def name_roles(name: str | None) -> frozenset[str] | None:
    """Every role a product of this name may end up with, or None when the name says nothing.

    Lets a catalog search skip products whose name rules a wanted step out before analysing
    their ingredients.
    """
    cue = _name_role(name)
    if cue is None:
        return None
    extra = _data().families.get(cue.family or "", frozenset())
    if cue.needs is not None:
        extra = extra | {cue.needs.otherwise}
    if cue.role == "moisturizer" and cue.family and _LOTION.search(name or ""):
        extra = extra | {"toner"}
    return frozenset({cue.role}) | extra


def guess_role(
    name: str | None,
    items: Sequence[tuple[str | None, frozenset[str], float | None]],
    *,
    one_percent_index: int | None = None,
    class_bits: tuple[int, int] | None = None,
) -> RoleGuess:
    """The product's role from its name and its (inci, classes, percent) items in label order.

    ``class_bits`` (every class on the list, the classes among its first five, as
    ``_rolemodel`` bits) lets the learned corrector give the rules' guess a second reading;
    without them the rules alone answer. A product sold for the body keeps its kind, and its
    evidence ends by saying so.
    """
    if name and not name.isascii():
        # Full-width letters and digits ("ＵＶローション", "ＳＰＦ５０") read as the cues spell them.
        name = name.translate(_FULL_WIDTH)
    guess = _guess_role(name, items, one_percent_index)
    if class_bits is not None:
        guess = _second_reading(guess, name, class_bits, items[0][0] if items else None)
    body = sold_for_body(name)
    return guess if body is None else replace(guess, evidence=(*guess.evidence, body))


def _second_reading(
    guess: RoleGuess, name: str | None, class_bits: tuple[int, int], first: str | None
) -> RoleGuess:
    """The corrector's reading when it is confident of another role the name allows."""
    fix = correct_role(name, guess.role, guess.confidence, class_bits, first)
    if fix is None:
        return guess
    allowed = name_roles(name)
    if allowed is not None and fix.role not in allowed:
        return guess
    why = ", ".join(fix.reasons) or "the rules' guess and its confidence"
    learned = (
        f"read as {fix.role} by a model learned from {fix.products:,} labelled products"
        f" (probability {fix.probability:.2f}): {why}"
    )
    rules = f"the rules alone read {guess.role}: {'; '.join(guess.evidence)}"
    return RoleGuess(fix.role, fix.probability, (learned, rules), rules=guess)


def _guess_role(name: str | None, items: _Items, one_percent_index: int | None) -> RoleGuess:
    cue = _name_role(name)
    if cue is not None and cue.needs is not None:
        cue = _confirmed(cue, items)
    from_label = _label_role(items, one_percent_index)
    if cue is None and from_label is None:
        return RoleGuess("other", 0.2, ("no cue in the name; the ingredients fit no one kind",))
    if cue is None:
        assert from_label is not None
        return RoleGuess(from_label[0], from_label[1], from_label[2])
    role, evidence, family = cue.role, cue.evidence, cue.family
    if from_label is None:
        return RoleGuess(role, 0.75, (evidence,))
    label_role, label_conf, label_evidence = from_label
    data = _data()
    label_role = data.family_reads.get((family or "", label_role), label_role)
    if label_role == role:
        return RoleGuess(role, 0.95, (evidence, *label_evidence))
    within = data.families.get(family or "", frozenset())
    named = label_conf >= _DECISIVE or _named_for(family, label_role, name)
    if label_role in within and label_conf >= _STRONG and named:
        return RoleGuess(label_role, 0.8, (*label_evidence, evidence))
    if family and label_role == "serum" and role == "moisturizer" and _LOTION.search(name or ""):
        why = "a 'lotion' or 'milk' that is watery with no emollients near the top (a toner)"
        return RoleGuess("toner", 0.65, (why, *label_evidence))
    why = f"the ingredients alone suggest {label_role} ({'; '.join(label_evidence)})"
    return RoleGuess(role, 0.7, (evidence, why))


def _named_for(family: str | None, role: str, name: str | None) -> bool:
    """Whether the name allows the ingredients to make a product of ``family`` a ``role``
    (``only_when_named`` in ``roles.toml``: a serum is an acid exfoliant only when its name
    sells exfoliation)."""
    words = _data().family_words.get((family or "", role))
    return words is None or bool(words.search(name or ""))


_Items = Sequence[tuple[str | None, frozenset[str], float | None]]
_classes_of = itemgetter(1)
_Found = tuple[str, float, tuple[str, ...]]


class _Label:
    """One ingredient list seen by the role rules: where each role class first appears."""

    def __init__(self, items: _Items) -> None:
        self.items = items
        # Most ingredients have no class at all: visit only those that have one. Classes the
        # role never asks about may be indexed too; no rule looks them up.
        first: dict[str, int] = {}
        for i in compress(count(), map(_classes_of, items)):
            for cls in items[i][1]:
                if cls not in first:
                    first[cls] = i
        self.first = first
        self.water_first = self.is_water(0) or self._aqueous_lead()

    @property
    def base(self) -> str:
        """The watery base in words, for the evidence (only an answer's evidence reads it)."""
        return "water first" if self.is_water(0) else f"{self.name(0)} (a watery base) first"

    def _aqueous_lead(self) -> bool:
        """A juice (aloe leaf juice), or an extract or ferment filtrate with water second: a
        water-based product whose maker lists the plant liquid before the water."""
        inci = self.items[0][0]
        if inci is None or _oil(self.items[0]) or not _named("aqueous", inci):
            return False
        return inci.upper().endswith("JUICE") or (len(self.items) > 1 and self.is_water(1))

    def at(self, cls: str, within: int = 10_000) -> int | None:
        index = self.first.get(cls)
        return index if index is not None and index < within else None

    def name(self, i: int) -> str:
        return self.items[i][0] or "?"

    def is_water(self, i: int) -> bool:
        inci = self.items[i][0]
        return inci is not None and _is_water(inci)

    def any_water(self, within: int = 10_000) -> bool:
        return any(self.is_water(i) for i in range(min(within, len(self.items))))


def _is_water(inci: str) -> bool:
    """Water, sea water or a plant water (a hydrosol: rose flower water, witch hazel
    distillate): the base of a watery product."""
    return _named("water", inci)


@cache
def _named(kind: str, inci: str) -> bool:
    """Whether ``inci`` matches the ``[label]`` pattern ``kind`` of ``roles.toml``.

    Cached: a batch asks about the same few thousand canonical names again and again, and a
    dictionary look-up costs a fraction of a regular-expression search."""
    pattern: re.Pattern[str] = getattr(_data(), kind)
    return pattern.search(inci) is not None


def _label_role(items: _Items, cut: int | None) -> _Found | None:
    """The role the ingredients alone suggest (items are (inci, classes, percent))."""
    if not items:
        return None
    label = _Label(items)
    for rule in _RULES:
        found = rule(label, cut)
        if found is not None:
            return found
    return None


def _sunscreen(label: _Label, cut: int | None) -> _Found | None:
    items = label.items
    if "uv_filter" not in label.first:
        return None
    filters = [i for i, item in enumerate(items) if "uv_filter" in item[1]]
    active = [i for i in filters if cut is None or i < cut or items[i][2]]
    if len(active) >= 2 or any(items[i][2] for i in filters):
        return "sunscreen", 0.85, (f"{len(filters)} UV filter(s), e.g. {label.name(filters[0])}",)
    return None


def _mineral_sunscreen(label: _Label, cut: int | None) -> _Found | None:
    """One mineral UV filter in the first five (a zinc- or titanium-only sunscreen labelled
    without doses, as EU and Asian packs are): at that place it is a sun-protecting dose."""
    # Zinc oxide and titanium dioxide are UV filters; CI 77891 and CI 77947 colorants.
    if label.at("uv_filter", 5) is None and label.at("colorant", 5) is None:
        return None
    for i, (inci, _, _) in enumerate(label.items[:5]):
        if inci is not None and _named("mineral_filter", inci):
            return "sunscreen", 0.7, (f"{inci} (mineral UV filter) at position {i + 1}",)
    return None


def _clay_or_peroxide(label: _Label, cut: int | None) -> _Found | None:
    clay = label.at("clay", 5)
    if clay is not None:
        return "clay_mask", 0.8, (f"{label.name(clay)} in the first 5",)
    bpo = label.at("benzoyl_peroxide")
    if bpo is not None:
        return "spot_treatment", 0.8, (f"{label.name(bpo)} (benzoyl peroxide)",)
    return None


def _ointment(label: _Label, cut: int | None) -> _Found | None:
    """Petrolatum-type ointment: an occlusive first, no water in the first five, nothing to rinse it off.

    Skin-protectant ointments (US FDA monograph 21 CFR 347: petrolatum, mineral oil, lanolin
    bases) are a kind of their own: not a face oil (no plant oil leads), not an oil cleanser
    (no emulsifier or surfactant near the top), and not the method's moisturizer step, which
    for large pores is a light, non-comedogenic moisturizer. They are reported as ``other`` so
    the plan never attaches them to a daily step; a water-based "ointment" is a cream and is
    judged as one by the other rules.
    """
    items = label.items
    # Water far down the list comes with premixes (a ceramide complex), not as the base.
    if "occlusive" not in items[0][1] or label.any_water(5):
        return None
    if any({"emulsifier", "surfactant"} & classes for _, classes, _ in items[:3]):
        return None
    why = f"{label.name(0)} (occlusive) first, no water and no emulsifier near the top: an ointment"
    return "other", 0.7, (why,)


def _cleansing_water(label: _Label, cut: int | None) -> _Found | None:
    """Micellar water: water first, a micelle-forming mild solubiliser in the first four
    (poloxamer, PEG-6 caprylic/capric glycerides, short-chain polyglyceryl esters) and no
    anionic surfactant anywhere: it lifts make-up without foaming and is not rinsed off."""
    items = label.items
    if not label.water_first or label.at("surfactant", 4) is None:
        return None
    top = [
        i
        for i, (inci, classes, _) in enumerate(items[1:4], start=1)
        if inci and "surfactant" in classes and _named("micellar", inci)
    ]
    if not top:
        return None
    surfactants = (inci for inci, classes, _ in items if inci and "surfactant" in classes)
    if any(_named("anionic", inci) for inci in surfactants):
        return None
    why = f"{label.base}, {label.name(top[0])} (micellar solubiliser) and no anionic surfactant"
    return "micellar_water", 0.7, (why,)


def _water_wash(label: _Label, cut: int | None) -> _Found | None:
    """Water first and a washing surfactant in the first four. A nonionic emulsifier that
    CosIng also files as a surfactant (a PEG ester, a polysorbate) holds an emulsion together
    or solubilises a fragrance: it makes no wash."""
    if not label.water_first or label.at("surfactant", 4) is None:
        return None  # (the index answers most labels without a scan)
    top = label.items[:4]
    surf = next(
        (i for i, (_, c, _) in enumerate(top) if "surfactant" in c and "emulsifier" not in c), None
    )
    if surf is not None:
        why = f"{label.base} and {label.name(surf)} (surfactant) in the first 4"
        return "water_cleanser", 0.8, (why,)
    return None


def _oils(label: _Label, cut: int | None) -> _Found | None:
    """Oils or esters first and no water: rinsed off with an emulsifier (oil cleanser), or a
    face oil when oils fill the top of the list (a retinoid in it makes it the retinoid step)."""
    items = label.items
    if label.water_first or not _oil(items[0]):
        return None
    # The emulsifier that rinses the oil off is another ingredient than the oil itself (an
    # emulsifying ester such as polyglyceryl-2 triisostearate can lead a balm).
    rinse = next((i for i in range(1, len(items)) if _rinses(items[i])), None)
    if rinse is not None:
        first = label.name(rinse)
        why = f"{label.name(0)} (oil) first and {first} (emulsifier) to rinse it off"
        return "oil_cleanser", 0.75, (why,)
    if label.any_water():
        return None
    top = items[:5]
    oils = sum(1 for item in top if _oil(item))
    if oils < _data().face_oil_min_share * len(top):
        return None
    retinoid = _retinoid(label, cut)
    if retinoid is not None:
        return retinoid[0], retinoid[1], (*retinoid[2], "in an oil base with no water")
    why = f"no water; {oils} oils/esters in the first {len(top)}, led by {label.name(0)}"
    return "face_oil", 0.7, (why,)


def _rinses(item: tuple[str | None, frozenset[str], float | None]) -> bool:
    """An emulsifier or surfactant that lets an oil rinse off with water."""
    inci, classes, _ = item
    if _RINSE.isdisjoint(classes):
        return False
    return inci is None or not _named("not_rinsing", inci)


def _oil(item: tuple[str | None, frozenset[str], float | None]) -> bool:
    """An oil, butter or ester; silicones are emollients but not oils."""
    inci, classes, _ = item
    if not {"oil_ester", "emollient"} & classes:
        return False
    return inci is None or not _named("silicone", inci)


def _retinoid(label: _Label, cut: int | None) -> _Found | None:
    """A retinoid at an active position; a retinyl ester (``weak_retinoid``) only in the
    first five, where it is what the product is sold for rather than a vitamin A antioxidant.

    Active: in the first ten, or above the 1 % line and in the first half of the list (the
    line is read from the first preservative or fragrance, which a list of a hundred extracts
    can print sixty names down; a retinoid that deep is a trace)."""
    first = label.at("retinoid")
    if first is None:
        return None
    half = len(label.items) / 2
    for i in range(first, len(label.items)):
        inci, classes, _ = label.items[i]
        active = i < 10 or ((cut is None or i < cut) and i < half)
        if "retinoid" not in classes or not active:
            continue
        if inci is not None and i >= 5 and _named("weak_retinoid", inci):
            continue
        why = f"{label.name(i)} (retinoid) at position {i + 1}"
        return "retinoid", 0.75, (why,)
    return None


def _acid(label: _Label, cut: int | None) -> _Found | None:
    first = label.first
    if "aha" not in first and "bha" not in first and "pha" not in first:
        return None  # no acid on the list (most lists)
    items = label.items
    dosed = [i for i, item in enumerate(items) if _ACIDS & item[1]]
    for acid in ("aha", "bha", "pha"):
        for pos in dosed:
            if acid not in items[pos][1] or not (pos < 5 or (items[pos][2] or 0) >= 2):
                continue
            if _ph_adjuster(label, pos, dosed):
                continue
            # A fruit or bark extract "sold for its acids" has an unknown, usually small acid
            # content: evidence too weak to override what the name says (see _STRONG).
            weak = "botanical" in items[pos][1]
            source = " source" if weak else ""
            what = f"{label.name(pos)} ({acid.upper()}{source}) at position {pos + 1}"
            # First or second on the list, the acid is at an exfoliating dose whatever the
            # product is called (see _named_for).
            return "exfoliant", 0.55 if weak else 0.8 if pos < 2 else 0.7, (what,)
    return None


def _ph_adjuster(label: _Label, pos: int, dosed: list[int]) -> bool:
    """Whether the acid at ``pos`` is a pH adjuster, not exfoliant evidence.

    Citric acid (``ph_acid`` in ``roles.toml``) is in most formulas to set the pH, often
    with sodium hydroxide or a citrate buffer, and sits high in lists of creams. It counts as
    exfoliating only with a printed dose of 2 % or more, alongside another exfoliating acid at
    an active position (the first five, or dosed: a fruit-acid blend), or in the first three of
    a watery list with no emollient in the first six (an acid solution). A BHA far down the
    list does not make a cream's citric acid exfoliant evidence.
    """
    inci, _, percent = label.items[pos]
    if inci is None or not _named("ph_acid", inci) or (percent or 0) >= 2:
        return False
    for other in dosed:
        name, _, dose = label.items[other]
        if (
            other != pos
            and name
            and not _named("ph_acid", name)
            and (other < 5 or (dose or 0) >= 2)
        ):
            return False
    return pos >= 3 or any(_RICH & classes for _, classes, _ in label.items[:6])


def _watery(label: _Label, cut: int | None) -> _Found | None:
    """Water-based leave-ons with no decisive active: a hydrosol (water with only a plant
    extract, oil or water: a floral water or witch-hazel distillate, used as a toner), a
    cream (emollients near the top) or a serum."""
    items = label.items
    if not label.water_first:
        return None
    hydrosol = _hydrosol(label)
    if hydrosol is not None:
        return hydrosol
    rich = [i for i in range(min(6, len(items))) if _RICH & items[i][1]]
    if len(rich) >= 2:
        why = f"{label.base} with emollients {label.name(rich[0])}, {label.name(rich[1])}"
        return "moisturizer", 0.6, (why,)
    return "serum", 0.45, (f"{label.base}, few emollients near the top",)


def _hydrosol(label: _Label) -> _Found | None:
    """Water with only plant materials (and at most a preservative or pH adjuster): a
    hydrosol or floral water, sold and used as a toner."""
    items = label.items
    data = _data()
    if len(items) > data.hydrosol_max_items:
        return None
    plants: list[str] = []
    unknown = 0
    for inci, _, _ in items[1:]:
        if inci is None:
            unknown += 1
        elif _named("plant", inci):
            plants.append(inci)
        elif not _named("keeps", inci):
            return None
    if plants or unknown:
        what = ", ".join(plants) + (f" and {unknown} unrecognised" if unknown else "")
        why = f"{label.name(0)} with only plant materials ({what}): a hydrosol or floral water"
    else:  # a plant water on its own ("Rosa Damascena Flower Water")
        why = f"{label.name(0)} with no base ingredients: a hydrosol or floral water"
    return "toner", 0.5 if unknown else 0.6, (why,)


#: The ingredient rules in order of precedence; the first that finds a role decides.
_RULES: tuple[Callable[[_Label, int | None], _Found | None], ...] = (
    _sunscreen,
    _clay_or_peroxide,
    _ointment,
    _cleansing_water,
    _water_wash,
    _oils,
    _mineral_sunscreen,
    _retinoid,
    _acid,
    _watery,
)

_RICH = frozenset({"occlusive", "emollient", "oil_ester"})
_RINSE = frozenset({"emulsifier", "surfactant"})
_ACIDS = frozenset({"aha", "bha", "pha"})
#: The classes :func:`_label_role` asks about; other classes never change the answer.
ROLE_CLASSES = frozenset(
    {
        "uv_filter", "clay", "benzoyl_peroxide", "surfactant", "emulsifier", "oil_ester",
        "emollient", "retinoid", "aha", "bha", "pha", "occlusive", "colorant",
    }
)  # fmt: skip
