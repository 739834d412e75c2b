"""Build a dated AM/PM plan from a profile, reading every rule from the rule book.

The planner decides only *where* things go; *what*, *how often*, *in which order* and *what
never meets what* come from ``knowledge/data/rules.toml``:

- evening treatments (clay mask, exfoliation, retinoid) get nights in each 7-day block, spread
  evenly, never sharing a night with an activity an ``exclusion`` rule keeps apart; the same
  offsets repeat every block, so a cap over *any* 7 consecutive days holds too;
- ``daily`` rules place their step in their routines, ``double_cleanse`` opens the evening,
  ``gate`` rules remove an activity (and put a safe step in its place), ``optional_step`` rules
  fill the nights no exclusion forbids;
- steps are sorted by the ``order`` rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from porecare.errors import UsageError
from porecare.knowledge._rules import Rule, RuleBook, load_rules
from porecare.plan._model import Day, Note, Plan, ProductAttachment, Referral, Step
from porecare.profile import Profile

__all__ = ["MAX_WEEKS", "build_plan"]

MAX_WEEKS = 52
_SCHEDULED = ("clay_mask", "exfoliation", "retinoid")  # placed in this order, rarest first


@dataclass
class _Context:
    book: RuleBook
    profile: Profile
    products: dict[str, ProductAttachment]
    notes: list[Note] = field(default_factory=list)
    exfoliating_toner: Rule | None = None

    def note(self, rule: Rule, text: str) -> None:
        self.notes.append(Note(text=text, source=rule.source, rule=rule.id))


def build_plan(
    profile: Profile,
    *,
    start: date,
    weeks: int = 4,
    products: Mapping[str, ProductAttachment] | None = None,
    rules: RuleBook | None = None,
) -> Plan:
    """Turn ``profile`` into a plan of ``weeks`` weeks from ``start``, AM and PM.

    ``products`` maps a step kind to a :class:`ProductAttachment`; every step of that kind then
    carries ``product``, and a note lists the steps left without one. An exfoliating toner is used
    only on exfoliation evenings, so the exfoliation caps and the retinoid separation still hold.
    ``rules`` replaces the packaged rule book (e.g. an edited copy loaded with ``load_rules(path)``).
    """
    _check_args(profile, start, weeks)
    book = rules if rules is not None else load_rules()
    ctx = _Context(book, profile, {})
    _attach_products(ctx, products)
    nights = [_week_nights(ctx, week) for week in range(weeks)]
    days = [
        _day(ctx, start + timedelta(days=7 * week + offset), nights[week][offset])
        for week in range(weeks)
        for offset in range(7)
    ]
    if products is not None:
        _note_missing(ctx, days)
    return Plan(
        profile=profile,
        start=start,
        weeks=weeks,
        days=tuple(days),
        referrals=_referrals(book, profile),
        notes=tuple(_profile_notes(book, profile) + ctx.notes),
    )


def _check_args(profile: Profile, start: date, weeks: int) -> None:
    if not isinstance(profile, Profile):
        raise UsageError(f"build_plan: profile must be a Profile, got {type(profile).__name__}")
    if not isinstance(start, date):
        raise UsageError(f"build_plan: start must be a date, got {type(start).__name__}")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(f"weeks is {weeks!r}; allowed: a whole number 1..{MAX_WEEKS}")
    if date.max - start < timedelta(days=7 * weeks - 1):
        raise UsageError(
            f"start is {start.isoformat()}; a {weeks}-week plan from it would end after the "
            f"last date of the calendar ({date.max.isoformat()}); allowed: an earlier start"
        )


# --- evenings: which night gets which treatment ------------------------------------------------


def _gated(book: RuleBook, profile: Profile) -> dict[str, Rule]:
    """Activity -> the gate rule that removes it for this profile."""
    return {act: gate for gate in book.applying("gate", profile) for act in gate["removes"]}


def _count(ctx: _Context, activity: str, week: int) -> int:
    book, profile = ctx.book, ctx.profile
    if activity == "retinoid":
        ramp = book.first("ramp", profile, activity=activity)
        nights = ramp["nights"] if ramp else [0]
        wanted = int(nights[min(week, len(nights) - 1)])
        for floor in book.applying("floor", profile):
            if floor["activity"] == activity and week + 1 >= floor["from_week"]:
                wanted = max(wanted, floor["min_per_week"])
    else:
        rule = book.first("frequency", profile, activity=activity)
        wanted = rule["per_week"] if rule else 0
    for cap in book.applying("cap", profile):
        if cap["activity"] == activity and cap["window_days"] >= 7:
            wanted = min(wanted, cap["max"])
    return wanted


def _excluded(book: RuleBook) -> set[frozenset[str]]:
    return {frozenset(rule["activities"]) for rule in book.of_type("exclusion")}


def _week_nights(ctx: _Context, week: int) -> list[set[str]]:
    """The evening activities of each of the 7 nights of block ``week`` (before gates)."""
    nights: list[set[str]] = [set() for _ in range(7)]
    apart = _excluded(ctx.book)
    gated = _gated(ctx.book, ctx.profile)
    for activity in _SCHEDULED:
        if activity in gated and not gated[activity].get("instead"):
            continue
        free = [
            i for i in range(7) if not any(frozenset((activity, o)) in apart for o in nights[i])
        ]
        for offset in _spread(free, _count(ctx, activity, week), last=activity == "clay_mask"):
            nights[offset].add(activity)
    return nights


def _spread(free: list[int], k: int, *, last: bool = False) -> list[int]:
    """Pick ``k`` of ``free`` as evenly spaced as possible (one pick: the last when ``last``)."""
    k = min(k, len(free))
    if k <= 0:
        return []
    if k == 1 and last:
        return [free[-1]]
    return [free[int(i * len(free) / k)] for i in range(k)]


# --- one day -----------------------------------------------------------------------------------


def _day(ctx: _Context, when: date, activities: set[str]) -> Day:
    routines: dict[str, list[Step]] = {"am": [], "pm": []}
    for rule in ctx.book.applying("daily", ctx.profile):
        for routine in _daily_routines(ctx, rule):
            routines[routine].append(_step(ctx, rule["step"], rule))
    _double_cleanse(ctx, routines)
    _evening(ctx, activities, routines["pm"])
    _optional(ctx, activities, routines)
    rank = ctx.book.rank
    return Day(
        date=when,
        am=tuple(sorted(routines["am"], key=lambda s: rank[s.step])),
        pm=tuple(sorted(routines["pm"], key=lambda s: rank[s.step])),
    )


def _daily_routines(ctx: _Context, rule: Rule) -> list[str]:
    if rule["step"] == "toner" and ctx.exfoliating_toner is not None:
        return [ctx.exfoliating_toner["routine"]]
    return list(rule["routines"])


def _double_cleanse(ctx: _Context, routines: dict[str, list[Step]]) -> None:
    for rule in ctx.book.applying("double_cleanse", ctx.profile):
        occasions = _occasions(ctx.profile, routines["am"])
        if not set(rule["after"]) & occasions:
            continue
        choice = ctx.book.first("choice", ctx.profile, slot="first_cleanser")
        first = choice["pick"] if choice else rule["first"][0]
        target = routines[rule["routine"]]
        target[:] = [s for s in target if s.step not in (first, rule["second"])]
        target.append(_step(ctx, first, choice or rule, schedule=rule.why))
        target.append(_step(ctx, rule["second"], rule))


def _occasions(profile: Profile, am: list[Step]) -> set[str]:
    """What the day's face carried: sunscreen (it is in the morning routine) and makeup.

    The plan cannot know which days are makeup days, so any profile that wears makeup at all
    counts every day.
    """
    found = {"sunscreen"} if any(s.step == "sunscreen" for s in am) else set()
    if profile.makeup_days_per_week > 0:
        found.add("makeup")
    return found


def _evening(ctx: _Context, activities: set[str], pm: list[Step]) -> None:
    book, profile = ctx.book, ctx.profile
    gated = _gated(book, profile)
    for activity in sorted(activities):
        if activity in gated:
            gate = gated[activity]
            pm.append(_step(ctx, gate["instead"], gate, schedule=""))
            continue
        if activity == "exfoliation" and ctx.exfoliating_toner is not None:
            _use_exfoliating_toner(ctx, pm)
            continue
        kind = _activity_step(book, activity)
        pm.append(_step(ctx, kind, _scheduler(book, profile, activity)))


def _optional(ctx: _Context, activities: set[str], routines: dict[str, list[Step]]) -> None:
    """Optional steps go wherever no exclusion forbids them (evening activities are PM)."""
    apart = _excluded(ctx.book)
    for rule in ctx.book.applying("optional_step", ctx.profile):
        activity = ctx.book.steps[rule["step"]].get("activity", rule["step"])
        present = activities if rule["routine"] == "pm" else set()
        if not any(frozenset((activity, other)) in apart for other in present):
            routines[rule["routine"]].append(_step(ctx, rule["step"], rule))


def _use_exfoliating_toner(ctx: _Context, pm: list[Step]) -> None:
    rule = ctx.exfoliating_toner
    assert rule is not None
    for i, step in enumerate(pm):
        if step.step == "toner":
            pm[i] = Step(
                step="toner",
                why=f"{step.why} This one exfoliates: it is this evening's exfoliation.",
                source=rule.source,
                rule=rule.id,
                product=ctx.products["toner"].to_dict(),
                exfoliating=True,
                schedule=_scheduler(ctx.book, ctx.profile, "exfoliation").why,
            )
            return


def _activity_step(book: RuleBook, activity: str) -> str:
    for kind, rule in book.steps.items():
        if rule.get("activity") == activity:
            return kind
    raise AssertionError(f"no step kind does {activity!r}")  # the loader guarantees one


def _scheduler(book: RuleBook, profile: Profile, activity: str) -> Rule:
    """The rule that set how often ``activity`` happens (ramp or frequency)."""
    kind = "ramp" if activity == "retinoid" else "frequency"
    rule = book.first(kind, profile, activity=activity)
    assert rule is not None
    return rule


def _step(ctx: _Context, kind: str, rule: Rule, *, schedule: str | None = None) -> Step:
    """A step of ``kind`` put there by ``rule``; the step kind's rule says what it does."""
    kind_rule = ctx.book.steps[kind]
    product = ctx.products.get(kind)
    if kind == "toner" and ctx.exfoliating_toner is not None:
        product = None  # the exfoliating toner is used only on exfoliation evenings
    own = rule.id == kind_rule.id or rule.type in {"daily", "double_cleanse"}
    return Step(
        step=kind,
        why=kind_rule.why if rule.type != "gate" else rule.why,
        source=kind_rule.source if own else rule.source,
        rule=rule.id,
        product=product.to_dict() if product is not None else None,
        schedule=schedule if schedule is not None else ("" if rule.type == "step" else rule.why),
    )


# --- products ----------------------------------------------------------------------------------


def _attach_products(ctx: _Context, products: Mapping[str, ProductAttachment] | None) -> None:
    book = ctx.book
    for kind, product in (products or {}).items():
        if kind not in book.steps:
            raise UsageError(
                f"products: unknown step kind {kind!r}; allowed: {', '.join(book.steps)}"
            )
        if not isinstance(product, ProductAttachment):
            raise UsageError(f"products[{kind!r}]: expected a ProductAttachment")
        own = book.steps[kind].get("activity")
        gate = _gated(book, ctx.profile).get(own or "")
        gated_rule = _product_rule(book, "gated")
        if gate is not None and gated_rule is not None:
            ctx.note(gated_rule, gated_rule["note"].format(name=product.name, reason=gate.why))
            continue
        actives = {
            name
            for name, present in (
                ("retinoid", product.contains_retinoid),
                ("exfoliation", product.exfoliating),
            )
            if present and name != own
        }
        toner_rule = _product_rule(book, "exfoliating_toner")
        if kind == "toner" and actives == {"exfoliation"} and toner_rule is not None:
            ctx.exfoliating_toner = toner_rule
            ctx.note(toner_rule, toner_rule["note"].format(name=product.name))
        elif actives:
            rule = _product_rule(book, "misplaced_active")
            if rule is None:
                raise UsageError(
                    f"products[{kind!r}]: {product.name} carries an active the step cannot"
                )
            ctx.note(rule, rule["note"].format(name=product.name, step=kind, active=_says(actives)))
            continue
        ctx.products[kind] = product


def _says(actives: set[str]) -> str:
    words = {"retinoid": "contains a retinoid", "exfoliation": "exfoliates"}
    return " and ".join(words[a] for a in sorted(actives))


def _product_rule(book: RuleBook, case: str) -> Rule | None:
    return next((r for r in book.of_type("product") if r["case"] == case), None)


def _note_missing(ctx: _Context, days: list[Day]) -> None:
    rule = _product_rule(ctx.book, "missing")
    if rule is None:
        return
    missing: list[str] = []
    for day in days:
        for step in (*day.am, *day.pm):
            if step.product is None and step.step not in missing:
                missing.append(step.step)
    if missing:
        ordered = sorted(missing, key=lambda k: ctx.book.rank[k])
        labels = [ctx.book.steps[k]["label"].lower() for k in ordered]
        ctx.note(rule, rule["note"].format(steps=", ".join(labels)))


# --- referrals and notes -----------------------------------------------------------------------


def _referrals(book: RuleBook, profile: Profile) -> tuple[Referral, ...]:
    return tuple(
        Referral(kind=r["kind"], reason=r["reason"], source=r.source, rule=r.id)
        for r in book.applying("referral", profile)
    )


def _profile_notes(book: RuleBook, profile: Profile) -> list[Note]:
    """Notes of every rule that applies and carries one (product notes are added separately)."""
    return [
        Note(text=rule["note"], source=rule.source, rule=rule.id)
        for rule in book
        if "note" in rule.params and rule.type != "product" and rule.applies(profile)
    ]
