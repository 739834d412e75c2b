"""Check a plan against every rule of the method: ``check_plan(plan, profile)``.

Each rule type has one check here, driven by the rule's data; each violation names the rule id.
The checker trusts nothing about how the plan was made: it reads the plan's steps and products
(an exfoliating product anywhere counts as exfoliation, a retinoid product as a retinoid).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from porecare.knowledge._rules import Rule, RuleBook, load_rules
from porecare.plan._model import Day, Plan, Step, Violation
from porecare.profile import Profile

__all__ = ["activities_of", "check_plan"]

ROUTINES = ("am", "pm")
Checker = Callable[[Rule, Plan, Profile, RuleBook], Iterator[Violation]]


def check_plan(
    plan: Plan, profile: Profile | None = None, *, rules: RuleBook | None = None
) -> list[Violation]:
    """Every way ``plan`` breaks a rule that applies to ``profile`` (default: the plan's own).

    ``rules`` replaces the packaged rule book.
    """
    profile = profile or plan.profile
    book = rules if rules is not None else load_rules()
    found: list[Violation] = []
    for rule in book:
        check = _CHECKS.get(rule.type)
        if check is not None and (rule.applies(profile) or rule.type in _ALWAYS):
            found.extend(check(rule, plan, profile, book))
    return found


# --- helpers -----------------------------------------------------------------------------------


def activities_of(step: Step, book: RuleBook) -> set[str]:
    """What a step does: its kind's activity, plus what its product brings."""
    found: set[str] = set()
    kind_rule = book.steps.get(step.step)
    if kind_rule is not None and kind_rule.get("activity"):
        found.add(kind_rule["activity"])
    product = step.product or {}
    if step.exfoliating or product.get("exfoliating"):
        found.add("exfoliation")
    if product.get("contains_retinoid"):
        found.add("retinoid")
    return found


def _routines(plan: Plan) -> Iterator[tuple[Day, str, tuple[Step, ...]]]:
    for day in plan.days:
        for name in ROUTINES:
            yield day, name, day.routine(name)


def _day_has(day: Day, activity: str, book: RuleBook) -> bool:
    return any(activity in activities_of(s, book) for s in (*day.am, *day.pm))


def _weeks(plan: Plan) -> Iterator[tuple[int, list[Day]]]:
    """Full 7-day blocks counted from the plan's first day."""
    if not plan.days:
        return
    first = plan.days[0].date
    blocks: dict[int, list[Day]] = {}
    for day in plan.days:
        blocks.setdefault((day.date - first).days // 7, []).append(day)
    for week, days in sorted(blocks.items()):
        if len(days) == 7:
            yield week, days


def _windows(plan: Plan, size: int) -> Iterator[tuple[date, list[Day]]]:
    by_date = {day.date: day for day in plan.days}
    if not plan.days:
        return
    first, last = plan.days[0].date, plan.days[-1].date
    start = first
    while start <= last:
        window = [by_date[d] for d in (start + timedelta(i) for i in range(size)) if d in by_date]
        yield start, window
        start += timedelta(days=1)


def _gated(book: RuleBook, profile: Profile) -> set[str]:
    return {a for g in book.applying("gate", profile) for a in g["removes"]}


# --- one check per rule type -------------------------------------------------------------------


def _vocabulary(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    forbidden = {s for r in book.of_type("forbid") for s in r["steps"]}
    for day, routine, steps in _routines(plan):
        for step in steps:
            if step.step not in book.steps and step.step not in forbidden:
                yield Violation(
                    rule.id, day.date, routine, f"{step.step!r} is not a step kind of the method"
                )


def _explained(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    for day, routine, steps in _routines(plan):
        for step in steps:
            if not step.why.strip() or not step.source.strip():
                yield Violation(rule.id, day.date, routine, f"{step.step} has no why or no source")


def _step_routine(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    for day, routine, steps in _routines(plan):
        if routine not in rule["routines"] and any(s.step == rule["step"] for s in steps):
            allowed = " or ".join(rule["routines"])
            yield Violation(
                rule.id, day.date, routine, f"{rule['step']} belongs in the {allowed} routine only"
            )


def _order(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    rank = book.rank
    for day, routine, steps in _routines(plan):
        known = [s for s in steps if s.step in rank]
        for before, after in itertools.pairwise(known):
            if rank[before.step] > rank[after.step]:
                yield Violation(
                    rule.id,
                    day.date,
                    routine,
                    f"{before.step} comes before {after.step}; {rule.why}",
                )


def _double_cleanse(
    rule: Rule, plan: Plan, profile: Profile, book: RuleBook
) -> Iterator[Violation]:
    target = rule["routine"]
    for day in plan.days:
        occasions = {"sunscreen"} if any(s.step == "sunscreen" for s in day.am) else set()
        if profile.makeup_days_per_week > 0:
            occasions.add("makeup")
        if not set(rule["after"]) & occasions:
            continue
        kinds = [s.step for s in day.routine(target)]
        if len(kinds) < 2 or kinds[0] not in rule["first"] or kinds[1] != rule["second"]:
            yield Violation(
                rule.id,
                day.date,
                target,
                f"after a day of {' and '.join(sorted(occasions))} the evening must open with "
                f"{' or '.join(rule['first'])} then {rule['second']} (found: {', '.join(kinds[:2]) or 'nothing'})",
            )


def _daily(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    kind, low, high = rule["step"], rule["min_per_day"], rule.get("max_per_day")
    for day in plan.days:
        count = sum(s.step == kind for s in (*day.am, *day.pm))
        if count < low or (high is not None and count > high):
            want = (
                f"exactly {low}"
                if high == low
                else f"at least {low}"
                if high is None
                else f"{low}..{high}"
            )
            yield Violation(
                rule.id, day.date, None, f"{kind} {count} time(s) in the day; needs {want}"
            )
        if rule.get("per_routine"):
            for routine in rule["routines"]:
                if not any(s.step == kind for s in day.routine(routine)):
                    yield Violation(
                        rule.id, day.date, routine, f"no {kind} in the {routine} routine"
                    )


def _frequency(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    activity = rule["activity"]
    if (
        activity in _gated(book, profile)
        or book.first("frequency", profile, activity=activity) is not rule
    ):
        return
    for week, days in _weeks(plan):
        count = sum(_day_has(d, activity, book) for d in days)
        if count != rule["per_week"]:
            yield Violation(
                rule.id,
                days[0].date,
                None,
                f"week {week + 1}: {activity} {count} time(s); planned {rule['per_week']}",
            )


def _cap(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    activity = rule["activity"]
    if book.first("cap", profile, activity=activity) is not rule:
        return  # a stricter cap for this profile applies instead
    for start, window in _windows(plan, rule["window_days"]):
        count = sum(_day_has(d, activity, book) for d in window)
        if count > rule["max"]:
            yield Violation(
                rule.id,
                start,
                None,
                f"{activity} {count} times in the {rule['window_days']} days from {start}; at most {rule['max']}",
            )


def _follow(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    for day, routine, steps in _routines(plan):
        kinds = [s.step for s in steps]
        if rule["step"] in kinds and rule["then"] not in kinds[kinds.index(rule["step"]) + 1 :]:
            yield Violation(
                rule.id, day.date, routine, f"{rule['step']} is not followed by {rule['then']}"
            )


def _week_counts(plan: Plan, book: RuleBook, activity: str) -> Iterator[tuple[int, list[Day], int]]:
    for week, days in _weeks(plan):
        yield week, days, sum(_day_has(d, activity, book) for d in days)


def _ramp(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    if book.first("ramp", profile, activity=rule["activity"]) is not rule:
        return
    nights = rule["nights"]
    for week, days, count in _week_counts(plan, book, rule["activity"]):
        allowed = nights[min(week, len(nights) - 1)]
        floors = [
            f["min_per_week"] for f in book.applying("floor", profile) if week + 1 >= f["from_week"]
        ]
        allowed = max([allowed, *floors])
        if count > allowed:
            yield Violation(
                rule.id,
                days[0].date,
                None,
                f"week {week + 1}: {rule['activity']} on {count} nights; the introduction allows {allowed}",
            )


def _floor(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    for week, days, count in _week_counts(plan, book, rule["activity"]):
        if week + 1 >= rule["from_week"] and count < rule["min_per_week"]:
            yield Violation(
                rule.id,
                days[0].date,
                None,
                f"week {week + 1}: {rule['activity']} on {count} nights; at least {rule['min_per_week']}",
            )


def _exclusion(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    pair = set(rule["activities"])
    for day, routine, steps in _routines(plan):
        present = set().union(*(activities_of(s, book) for s in steps)) if steps else set()
        if pair <= present:
            yield Violation(
                rule.id, day.date, routine, f"{' and '.join(rule['activities'])} in one routine"
            )


def _optional_step_unwanted(
    rule: Rule, plan: Plan, profile: Profile, book: RuleBook
) -> Iterator[Violation]:
    if rule.applies(profile):
        return
    for day, routine, steps in _routines(plan):
        if any(s.step == rule["step"] for s in steps):
            yield Violation(rule.id, day.date, routine, f"{rule['step']} is not for this profile")


def _gate(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    removed = set(rule["removes"])
    for day, routine, steps in _routines(plan):
        for step in steps:
            hit = activities_of(step, book) & removed
            if hit:
                yield Violation(
                    rule.id,
                    day.date,
                    routine,
                    f"{', '.join(sorted(hit))} is not allowed: {rule.why}",
                )
    yield from _has_note(rule, plan)
    if rule.get("instead") and not any(s.rule == rule.id for d in plan.days for s in d.pm):
        yield Violation(
            rule.id, None, None, f"no safe alternative ({rule['instead']}) in its place"
        )


def _forbid(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    for day, routine, steps in _routines(plan):
        for step in steps:
            if step.step in rule["steps"]:
                yield Violation(
                    rule.id, day.date, routine, f"{step.step} is never a home step: {rule.why}"
                )


def _referral(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    if not any(r.rule == rule.id or r.reason == rule["reason"] for r in plan.referrals):
        yield Violation(
            rule.id, None, None, f"missing referral to a {rule['kind']}: {rule['reason']}"
        )


def _has_note(rule: Rule, plan: Plan) -> Iterator[Violation]:
    if not any(n.rule == rule.id or n.text == rule["note"] for n in plan.notes):
        yield Violation(rule.id, None, None, f"missing note: {rule['note']}")


def _note(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    yield from _has_note(rule, plan)


def _product(rule: Rule, plan: Plan, profile: Profile, book: RuleBook) -> Iterator[Violation]:
    steps = [s for d in plan.days for s in (*d.am, *d.pm)]
    if rule["case"] == "missing":
        partly = any(s.product for s in steps) and any(s.product is None for s in steps)
        if partly and not any(n.rule == rule.id for n in plan.notes):
            yield Violation(
                rule.id, None, None, "some steps have no product and no note says which"
            )
    elif rule["case"] == "misplaced_active":
        for day, routine, routine_steps in _routines(plan):
            for step in routine_steps:
                own = {book.steps[step.step].get("activity")} if step.step in book.steps else set()
                extra = activities_of(step, book) - own
                if step.step == "toner":
                    extra.discard("exfoliation")  # an exfoliating toner is counted as exfoliation
                if extra:
                    yield Violation(
                        rule.id,
                        day.date,
                        routine,
                        f"{step.step} carries {', '.join(sorted(extra))}",
                    )


_CHECKS: dict[str, Checker] = {
    "vocabulary": _vocabulary,
    "explained": _explained,
    "step": _step_routine,
    "order": _order,
    "double_cleanse": _double_cleanse,
    "daily": _daily,
    "frequency": _frequency,
    "cap": _cap,
    "follow": _follow,
    "ramp": _ramp,
    "floor": _floor,
    "exclusion": _exclusion,
    "optional_step": _optional_step_unwanted,
    "gate": _gate,
    "forbid": _forbid,
    "referral": _referral,
    "note": _note,
    "product": _product,
}
# Types checked whether or not their `when` holds (the check itself reads the profile).
_ALWAYS = {"optional_step"}
