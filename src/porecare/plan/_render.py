"""Plain-text views of a plan and of the facts, for people (the CLI's non-JSON output)."""

from __future__ import annotations

from collections.abc import Iterable

from porecare.knowledge._facts import Fact
from porecare.knowledge._rules import RuleBook, load_rules
from porecare.plan._model import Day, Plan, Step

__all__ = ["render_facts", "render_plan"]

_YES, _NO, _EXFOLIATING = "●", "·", "◆"


def render_plan(plan: Plan, *, why: bool = False) -> str:
    """A table per week (rows: steps, AM then PM; columns: days), then notes and referrals.

    With ``why``, each step that appears says why it is there and its source.
    """
    book = load_rules()
    p = plan.profile
    end = plan.days[-1].date if plan.days else plan.start
    lines = [
        f"Plan for {p.skin_type} skin"
        + (", sensitive" if p.sensitive else "")
        + (", acne-prone" if p.acne_prone else "")
        + f", age {p.age}: {plan.weeks} week{'' if plan.weeks == 1 else 's'}, "
        f"{plan.start:%a %Y-%m-%d} to {end:%a %Y-%m-%d}",
        f"{_YES} = do it that day"
        + (f", {_EXFOLIATING} = the exfoliating toner's evenings" if _exfoliating(plan) else ""),
    ]
    for week in range(0, len(plan.days), 7):
        lines += ["", *_week_table(plan.days[week : week + 7], week // 7 + 1, book)]
    products = _products(plan.days, book)
    if products:
        lines += ["", "Products (why each fits):", *products]
    if why:
        lines += ["", "Why each step:", *_reasons(plan.days, book)]
    if plan.notes:
        lines += ["", "Notes:"] + [
            f"  - {n.text}" + (f"\n      source: {n.source}" if why else "") for n in plan.notes
        ]
    if plan.referrals:
        lines += ["", "See a professional:"]
        for r in plan.referrals:
            lines.append(
                f"  - {r.kind}: {r.reason}" + (f"\n      source: {r.source}" if why else "")
            )
    if not why:
        lines += ["", "Add --why for the reason and source of every step."]
    return "\n".join(lines)


def _products(days: Iterable[Day], book: RuleBook) -> list[str]:
    """One line per step kind and product attached to it, in routine order."""
    seen: dict[tuple[str, str], str] = {}
    for day in days:
        for step in (*day.am, *day.pm):
            if step.product:
                seen.setdefault(
                    (step.step, str(step.product.get("name"))), step.product.get("fits", "")
                )
    ordered = sorted(seen, key=lambda k: (book.rank.get(k[0], 99), k))
    return [
        f"  {book.steps[k]['label'] if k in book.steps else k}: {name}"
        + (f" - {seen[k, name]}" if seen[k, name] else "")
        for k, name in ordered
    ]


def _exfoliating(plan: Plan) -> bool:
    return any(s.exfoliating for d in plan.days for s in (*d.am, *d.pm))


def _week_table(days: tuple[Day, ...], number: int, book: RuleBook) -> list[str]:
    header = f"Week {number}".ljust(42) + " ".join(f"{d.date:%a %d}".center(6) for d in days)
    rows = [header]
    for routine in ("am", "pm"):
        kinds = _kinds_in(days, routine, book)
        for i, kind in enumerate(kinds):
            label = ("AM  " if routine == "am" else "PM  ") if i == 0 else "    "
            cells = [_cell(d.routine(routine), kind) for d in days]
            rows.append(
                f"{label}{book.steps[kind]['label'][:38]:<38}"
                + " ".join(c.center(6) for c in cells)
            )
    return rows


def _kinds_in(days: Iterable[Day], routine: str, book: RuleBook) -> list[str]:
    found = {s.step for d in days for s in d.routine(routine) if s.step in book.steps}
    return sorted(found, key=lambda k: (book.rank[k], k))


def _cell(steps: tuple[Step, ...], kind: str) -> str:
    matching = [s for s in steps if s.step == kind]
    if not matching:
        return _NO
    return _EXFOLIATING if any(s.exfoliating for s in matching) else _YES


def _reasons(days: Iterable[Day], book: RuleBook) -> list[str]:
    seen: set[tuple[str, str]] = set()
    lines: list[str] = []
    for day in days:
        for routine in ("am", "pm"):
            for step in day.routine(routine):
                key = (step.step, step.rule)
                if key in seen:
                    continue
                seen.add(key)
                label = book.steps[step.step]["label"] if step.step in book.steps else step.step
                lines.append(f"  {label} ({routine.upper()}, rule {step.rule}): {step.why}")
                if step.schedule:
                    lines.append(f"      how often: {step.schedule}")
                if step.product:
                    lines.append(
                        f"      product: {step.product.get('name')} - {step.product.get('fits', '')}".rstrip(
                            " -"
                        )
                    )
                lines.append(f"      source: {step.source}")
    return lines


def render_facts(items: Iterable[Fact]) -> str:
    lines = ["What the method says about pores:"]
    for fact in items:
        lines += ["", f"- {fact.text}", f'    source: "{fact.source}"']
        if fact.gap:
            lines.append(f"    ({fact.gap} porecare fills it with the evident meaning.)")
    return "\n".join(lines)
