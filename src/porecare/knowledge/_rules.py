"""Load and validate the method's rules from ``knowledge/data/rules.toml``.

The rules file is the single home of every rule the planner keeps: step kinds, order,
frequencies, caps, exclusions, safety gates, referrals and notes. :func:`load_rules` parses it
once, checks every rule against the fields its ``type`` needs and returns a :class:`RuleBook`.
A malformed file raises :class:`~porecare.errors.KnowledgeError` naming the file, the rule id
and the reason.
"""

from __future__ import annotations

import functools
import string
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from porecare.errors import KnowledgeError
from porecare.profile import PROFILE_FIELDS, Profile

__all__ = [
    "ACTIVITIES",
    "RULE_TYPES",
    "Rule",
    "RuleBook",
    "load_rules",
    "parse_rules",
]

ROUTINES = ("am", "pm")
ACTIVITIES = ("retinoid", "exfoliation", "clay_mask", "spot_treatment")
CATEGORIES = ("cleanser", "mask", "toner", "treatment", "serum", "moisturizer", "sunscreen")
CITES = ("method", "reference")
PRODUCT_CASES = ("missing", "exfoliating_toner", "misplaced_active", "gated", "unused")
OCCASIONS = ("makeup", "sunscreen")
DEFAULT_FILE = "rules.toml"

Check = Callable[[Any], str | None]  # returns a reason when the value is wrong


@dataclass(frozen=True)
class Rule:
    """One rule: its id, type, reason and source, the profile condition and its parameters."""

    id: str
    type: str
    why: str
    source: str
    cites: str
    when: Mapping[str, Any] = field(default_factory=dict)
    gap: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def applies(self, profile: Profile) -> bool:
        """Whether every condition in ``when`` holds for ``profile``."""
        return all(_matches(getattr(profile, name), want) for name, want in self.when.items())

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, **self.params}
        if self.when:
            data["when"] = dict(self.when)
        data.update(why=self.why, source=self.source, cites=self.cites)
        if self.gap:
            data["gap"] = self.gap
        return data


def _matches(value: Any, want: Any) -> bool:
    if isinstance(want, Mapping):
        return bool(want.get("min", value) <= value <= want.get("max", value))
    if isinstance(want, list):
        return value in want
    return bool(value == want)


@dataclass(frozen=True)
class RuleBook:
    """All rules, in file order, with look-ups the planner and checker use."""

    rules: tuple[Rule, ...]
    source_file: str = DEFAULT_FILE

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def of_type(self, type_: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.type == type_]

    def applying(self, type_: str, profile: Profile) -> list[Rule]:
        return [rule for rule in self.of_type(type_) if rule.applies(profile)]

    def first(self, type_: str, profile: Profile, **match: Any) -> Rule | None:
        """The first rule of ``type_`` whose params match and whose ``when`` holds."""
        for rule in self.applying(type_, profile):
            if all(rule.get(key) == value for key, value in match.items()):
                return rule
        return None

    @functools.cached_property
    def steps(self) -> dict[str, Rule]:
        return {rule["step"]: rule for rule in self.of_type("step")}

    @functools.cached_property
    def rank(self) -> dict[str, int]:
        """Step kind -> position group in the order rule (lower comes first)."""
        order = self.of_type("order")[0]
        return {kind: i for i, group in enumerate(order["sequence"]) for kind in group}

    @property
    def order_rule(self) -> Rule:
        return self.of_type("order")[0]


# --- field checks -----------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    return None


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _int(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"must be a whole number {low}..{high}"
        return None

    return check


def _one_of(options: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        return None if value in options else f"must be one of {' | '.join(options)}"

    return check


def _list_of(item: Check, *, min_len: int = 1, max_len: int = 50) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list) or not min_len <= len(value) <= max_len:
            return f"must be a list of {min_len}..{max_len} items"
        for i, element in enumerate(value):
            reason = item(element)
            if reason:
                return f"item {i + 1} {reason}"
        return None

    return check


def _step_name(value: Any) -> str | None:
    if not isinstance(value, str) or not value.isidentifier() or not value.islower():
        return "must be a lower-case step name like 'toner'"
    return None


def _template(*allowed: str) -> Check:
    def check(value: Any) -> str | None:
        reason = _text(value)
        if reason:
            return reason
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(value) if name}
        except ValueError as exc:
            return f"is not a valid template ({exc})"
        unknown = sorted(names - set(allowed))
        if unknown:
            return f"uses unknown placeholder {{{unknown[0]}}}; allowed: {', '.join(allowed) or 'none'}"
        return None

    return check


_STEP = _step_name
_ACTIVITY = _one_of(ACTIVITIES)
_REQUIRED_COMMON: dict[str, Check] = {"id": _text, "type": _text, "why": _text, "source": _text}
_OPTIONAL_COMMON: dict[str, Check] = {"gap": _text, "note": _template()}

# type -> (required fields, optional fields)
RULE_TYPES: dict[str, tuple[dict[str, Check], dict[str, Check]]] = {
    "step": (
        {
            "step": _STEP,
            "category": _one_of(CATEGORIES),
            "routines": _list_of(_one_of(ROUTINES)),
            "label": _text,
        },
        {"activity": _ACTIVITY},
    ),
    "order": ({"sequence": _list_of(_list_of(_STEP))}, {}),
    "double_cleanse": (
        {
            "routine": _one_of(ROUTINES),
            "first": _list_of(_STEP),
            "second": _STEP,
            "after": _list_of(_one_of(OCCASIONS)),
        },
        {},
    ),
    "choice": ({"slot": _text, "pick": _STEP}, {}),
    "daily": (
        {"step": _STEP, "routines": _list_of(_one_of(ROUTINES)), "min_per_day": _int(1, 2)},
        {"max_per_day": _int(1, 2), "per_routine": _bool},
    ),
    "frequency": ({"activity": _ACTIVITY, "per_week": _int(0, 7)}, {}),
    "cap": ({"activity": _ACTIVITY, "max": _int(0, 7), "window_days": _int(1, 28)}, {}),
    "follow": ({"step": _STEP, "then": _STEP}, {}),
    "ramp": ({"activity": _one_of(("retinoid",)), "nights": _list_of(_int(0, 7))}, {}),
    "floor": (
        {"activity": _one_of(("retinoid",)), "from_week": _int(1, 52), "min_per_week": _int(1, 7)},
        {},
    ),
    "exclusion": ({"activities": _list_of(_ACTIVITY, min_len=2, max_len=2)}, {}),
    "optional_step": ({"step": _STEP, "routine": _one_of(ROUTINES)}, {}),
    "gate": ({"removes": _list_of(_ACTIVITY), "note": _template()}, {"instead": _STEP}),
    "forbid": ({"steps": _list_of(_STEP)}, {}),
    "referral": ({"kind": _one_of(("dermatologist", "doctor")), "reason": _text}, {}),
    "note": ({"note": _template()}, {}),
    "vocabulary": ({}, {}),
    "explained": ({}, {}),
    "product": (
        {
            "case": _one_of(PRODUCT_CASES),
            "note": _template("steps", "name", "step", "active", "reason", "id", "reading", "fix"),
        },
        {"routine": _one_of(ROUTINES)},
    ),
}
_NEEDS_WHEN = {"gate"}


# --- loading ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def load_rules(path: str | Path | None = None) -> RuleBook:
    """Load and validate the rules file (the packaged one unless ``path`` is given).

    Raises :class:`~porecare.errors.KnowledgeError` naming the file, the rule id and the reason.
    """
    if path is None:
        where = f"knowledge/data/{DEFAULT_FILE}"
        text = (
            resources.files("porecare.knowledge").joinpath("data", DEFAULT_FILE).read_text("utf-8")
        )
    else:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"{where}: cannot read the rules file ({exc})") from None
    return parse_rules(text, where=where)


def parse_rules(text: str, *, where: str = DEFAULT_FILE) -> RuleBook:
    """Parse and validate rules TOML text; ``where`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{where}: TOML syntax error: {exc}") from None
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise KnowledgeError(f"{where}: no [[rule]] tables found")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, where, i)
        if rule.id in seen:
            raise KnowledgeError(f"{where}: rule {rule.id!r}: duplicate id")
        seen.add(rule.id)
        rules.append(rule)
    book = RuleBook(tuple(rules), source_file=where)
    _check_book(book, where)
    return book


def _parse_rule(raw: Any, where: str, index: int) -> Rule:
    rule_id = raw.get("id") if isinstance(raw, dict) else None
    label = f"rule {rule_id!r}" if isinstance(rule_id, str) and rule_id else f"rule #{index + 1}"

    def fail(reason: str) -> KnowledgeError:
        return KnowledgeError(f"{where}: {label}: {reason}")

    if not isinstance(raw, dict):
        raise fail("must be a table")
    for name, check in _REQUIRED_COMMON.items():
        if name not in raw:
            raise fail(f"missing field {name!r}")
        reason = check(raw[name])
        if reason:
            raise fail(f"field {name!r} {reason}")
    type_ = raw["type"]
    if type_ not in RULE_TYPES:
        raise fail(f"unknown type {type_!r}; allowed: {', '.join(RULE_TYPES)}")
    required, optional = RULE_TYPES[type_]
    cites = raw.get("cites")
    if cites not in CITES:
        raise fail(f"field 'cites' is {cites!r}; must be one of {' | '.join(CITES)}")
    if cites == "reference" and "(" not in raw["source"]:
        raise fail("a reference source must name the reference in parentheses")
    allowed = {*_REQUIRED_COMMON, *_OPTIONAL_COMMON, "cites", "when", *required, *optional}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise fail(f"unknown field {unknown[0]!r} for type {type_!r}")
    for name, check in {**_OPTIONAL_COMMON, **required, **optional}.items():
        if name not in raw:
            if name in required:
                raise fail(f"missing field {name!r} (needed by type {type_!r})")
            continue
        reason = check(raw[name])
        if reason:
            raise fail(f"field {name!r} {reason}")
    if "[" in raw["source"] and not raw.get("gap"):
        raise fail("a quote with [filled words] must say what was filled in 'gap'")
    when = _parse_when(raw.get("when", {}), fail)
    if type_ in _NEEDS_WHEN and not when:
        raise fail(f"type {type_!r} needs a 'when' condition")
    params = {k: v for k, v in raw.items() if k in required or k in optional or k == "note"}
    return Rule(
        id=raw["id"],
        type=type_,
        why=raw["why"].strip(),
        source=raw["source"].strip(),
        cites=cites,
        when=MappingProxyType(when),
        gap=raw.get("gap"),
        params=MappingProxyType(params),  # the cached rule book is shared: keep it read-only
    )


def _parse_when(when: Any, fail: Callable[[str], KnowledgeError]) -> dict[str, Any]:
    if not isinstance(when, dict):
        raise fail("field 'when' must be a table of profile fields")
    for name, want in when.items():
        if name not in PROFILE_FIELDS or name == "concerns":
            raise fail(f"'when' names unknown profile field {name!r}")
        if isinstance(want, dict):
            if (
                not want
                or set(want) - {"min", "max"}
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in want.values())
            ):
                raise fail(f"'when.{name}' range must be {{min = N, max = N}}")
        elif not isinstance(want, str | bool | int | list):
            raise fail(f"'when.{name}' must be a value, a list of values or a range")
    return dict(when)


def _check_book(book: RuleBook, where: str) -> None:
    """Checks across rules: every step named exists, the order covers every step kind once."""
    steps = book.steps
    if len(steps) != len(book.of_type("step")):
        raise KnowledgeError(f"{where}: two 'step' rules define the same step kind")
    orders = book.of_type("order")
    if len(orders) != 1:
        raise KnowledgeError(
            f"{where}: exactly one rule of type 'order' is needed, found {len(orders)}"
        )
    listed = [kind for group in orders[0]["sequence"] for kind in group]
    for rule in book:
        for kind in _named_steps(rule):
            if kind not in steps:
                raise KnowledgeError(f"{where}: rule {rule.id!r}: unknown step kind {kind!r}")
    if sorted(listed) != sorted(steps):
        missing = sorted(set(steps) - set(listed)) or sorted(
            {k for k in listed if listed.count(k) > 1}
        )
        raise KnowledgeError(
            f"{where}: rule {orders[0].id!r}: sequence must list every step kind once "
            f"(check {', '.join(missing)})"
        )
    for rule in book.of_type("forbid"):
        clash = sorted(set(rule["steps"]) & set(steps))
        if clash:
            raise KnowledgeError(
                f"{where}: rule {rule.id!r}: {clash[0]!r} is both a step and forbidden"
            )
    for type_ in ("choice", "frequency", "cap", "ramp"):
        _check_fallback(book, type_, where)
    _check_activities(book, where)


def _check_activities(book: RuleBook, where: str) -> None:
    """Each activity a rule schedules is done by exactly one step kind."""
    doers: dict[str, list[str]] = {}
    for kind, rule in book.steps.items():
        if rule.get("activity"):
            doers.setdefault(rule["activity"], []).append(kind)
    for rule in book:
        named = [
            rule.get("activity"),
            *(rule.get("activities") or []),
            *(rule.get("removes") or []),
        ]
        for activity in filter(None, named):
            if len(doers.get(activity, [])) != 1:
                raise KnowledgeError(
                    f"{where}: rule {rule.id!r}: activity {activity!r} needs exactly one step kind "
                    f"with activity = {activity!r} (found {len(doers.get(activity, []))})"
                )


def _named_steps(rule: Rule) -> list[str]:
    if rule.type == "step" or rule.type == "forbid":
        return []
    names: list[str] = []
    for key in ("step", "then", "second", "pick", "instead"):
        if key in rule.params:
            names.append(rule[key])
    for key in ("first",):
        names.extend(rule.params.get(key, []))
    if rule.type == "order":
        names.extend(kind for group in rule["sequence"] for kind in group)
    return names


def _check_fallback(book: RuleBook, type_: str, where: str) -> None:
    """Profile-dependent rules need an unconditional fallback, last, per slot/activity."""
    key = "slot" if type_ == "choice" else "activity"
    groups: dict[str, list[Rule]] = {}
    for rule in book.of_type(type_):
        groups.setdefault(rule[key], []).append(rule)
    for name, rules in groups.items():
        if rules[-1].when:
            raise KnowledgeError(
                f"{where}: rule {rules[-1].id!r}: the last {type_} rule for {name!r} must have no "
                "'when' (it is the fallback)"
            )
