"""The adaptation engine: evaluate the rules of ``adapt.toml`` against the journal's history.

A rule = a registered *condition* (reads the history, returns a finding or ``None``) and a
registered *action* (applies the finding to the day's steps). The rules themselves, with their
parameters, messages and sources, are data; this module only knows how to evaluate them.
Everything is a pure function of the history, so nothing about adaptation is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from porecare.journal._rules import AdaptRule
from porecare.journal._types import ROUTINES, Adaptation, DiaryEntry

__all__ = ["AdaptedDay", "Engine", "History", "PlannedStep", "ProductInfo", "step_matches"]

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class ProductInfo:
    id: int
    name: str
    added: date
    flagged: tuple[str, ...]


@dataclass
class History:
    """Everything the rules read, loaded once from the database."""

    start: date
    end: date
    plan_days: dict[date, dict[str, Any]]
    statuses: dict[tuple[date, str, str], tuple[str, str]]  # (day, routine, step) -> (status, at)
    diary: dict[date, DiaryEntry]
    products: list[ProductInfo] = field(default_factory=list)
    analyses: list[tuple[date, dict[str, Any]]] = field(default_factory=list)  # full analyses
    # compare(first, last) -> {metric: {"relative_change", "uncertainty", "a", "measurable", ..}}
    # (porecare.pores.compare_analyses: its REPEATABILITY noise); None when unavailable.
    compare: Callable[[dict[str, Any], dict[str, Any]], dict[str, dict[str, Any]]] | None = None

    def status(self, day: date, routine: str, step: str) -> str | None:
        found = self.statuses.get((day, routine, step))
        return found[0] if found else None


@dataclass
class PlannedStep:
    routine: str
    step: dict[str, Any]
    adapted_by: str | None = None

    @property
    def kind(self) -> str:
        return str(self.step["step"])


@dataclass
class AdaptedDay:
    day: date
    steps: list[PlannedStep]
    paused: list[PlannedStep] = field(default_factory=list)
    adaptations: list[Adaptation] = field(default_factory=list)

    def routine(self, routine: str) -> list[PlannedStep]:
        return [s for s in self.steps if s.routine == routine]


def step_matches(step: Mapping[str, Any], selector: str) -> bool:
    """Whether a plan step falls under a rule's step selector (see ``adapt.toml``)."""
    kind = str(step.get("step", ""))
    product = step.get("product")
    product = product if isinstance(product, Mapping) else {}
    if selector == "retinoid":
        return bool(step.get("retinoid") or "retino" in kind or product.get("contains_retinoid"))
    if selector == "exfoliating":
        return bool(step.get("exfoliating") or kind == "exfoliant" or product.get("exfoliating"))
    if selector == "clay_mask":
        return "clay" in kind
    return kind == selector


@dataclass(frozen=True)
class Finding:
    kind: str  # which message: "message" or a "message_*" key
    values: dict[str, Any]
    keep: bool = False  # pause_steps: keep the steps today (gradual resumption)
    source_day: date | None = None  # move_step: the day the step was planned
    remove: bool = False  # move_step: the step leaves this day


Condition = Callable[["Engine", AdaptRule, date, date], Finding | None]
Action = Callable[[AdaptRule, Finding, AdaptedDay, "Engine"], None]


class Engine:
    """Evaluate ``rules`` over ``history``; results are cached per (day, as_of)."""

    def __init__(self, rules: Iterable[AdaptRule], history: History) -> None:
        self.rules = tuple(rules)
        self.history = history
        self._cache: dict[tuple[date, date], AdaptedDay] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}

    def memo(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """Cache a whole-history computation (e.g. the clay schedule) for this engine."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def plan_steps(self, day: date) -> list[PlannedStep]:
        plan_day = self.history.plan_days.get(day)
        if plan_day is None:
            return []
        return [PlannedStep(r, dict(s)) for r in ROUTINES for s in plan_day.get(r, [])]

    def steps(self, day: date, as_of: date | None = None) -> AdaptedDay:
        """The day's steps after the step-changing rules (pause, move), knowing data to ``as_of``."""
        as_of = max(as_of or day, day)
        key = (day, as_of)
        if key not in self._cache:
            adapted = AdaptedDay(day, self.plan_steps(day))
            for rule in self.rules:
                if rule.action != "notice":
                    self._apply(rule, adapted, day, as_of)
            self._cache[key] = adapted
        return self._cache[key]

    def day(self, day: date, as_of: date | None = None) -> AdaptedDay:
        """:meth:`steps` plus the notices (breakouts, referral) for that day."""
        base = self.steps(day, as_of)
        adapted = AdaptedDay(day, list(base.steps), list(base.paused), list(base.adaptations))
        for rule in self.rules:
            if rule.action == "notice":
                self._apply(rule, adapted, day, as_of or day)
        return adapted

    def _apply(self, rule: AdaptRule, adapted: AdaptedDay, day: date, as_of: date) -> None:
        finding = CONDITION_FUNCS[rule.condition](self, rule, day, as_of)
        if finding is not None:
            ACTION_FUNCS[rule.action](rule, finding, adapted, self)

    def adherence(self, first: date, last: date, as_of: date) -> tuple[int, int]:
        """(done, planned) adapted steps over ``first..last`` inclusive."""
        done = planned = 0
        day = max(first, self.history.start)
        while day <= min(last, self.history.end):
            for s in self.steps(day, as_of).steps:
                planned += 1
                done += self.history.status(day, s.routine, s.kind) == "done"
            day += ONE_DAY
        return done, planned


def _adaptation(rule: AdaptRule, finding: Finding, steps: Iterable[str] = ()) -> Adaptation:
    return Adaptation(
        rule=rule.id,
        action=rule.action,
        message=rule.text(finding.kind, finding.values),
        why=rule.why,
        source=rule.source,
        steps=tuple(dict.fromkeys(steps)),
        details={
            k: v
            for k, v in finding.values.items()
            if not k.endswith("_text") and isinstance(v, str | int | float | list)
        },
    )


# --- conditions ---------------------------------------------------------------------------


def _irritation_streak(engine: Engine, rule: AdaptRule, day: date, as_of: date) -> Finding | None:
    p = rule.params
    threshold, running = int(p["threshold"]), int(p["days_running"])
    calm_needed, resume_days, every = (
        int(p["calm_days"]),
        int(p["resume_days"]),
        int(p["resume_every"]),
    )
    diary = engine.history.diary
    levels = {d: e.irritation for d, e in diary.items() if d <= day and e.irritation is not None}
    if not levels:
        return None
    state, calm = "normal", 0
    run: list[date] = []
    trigger: list[date] = []
    resume_start: date | None = None
    current = min(levels)
    while current <= day:
        level = levels.get(current)
        high = level is not None and level >= threshold
        run = (
            [*run, current]
            if high and run and run[-1] == current - ONE_DAY
            else ([current] if high else [])
        )
        if len(run) >= running:
            state, trigger, calm = "paused", run[-running:], 0
        elif state == "paused" and level is not None:
            calm = 0 if high else calm + 1
            if calm >= calm_needed:
                state, resume_start = "resuming", current + ONE_DAY
        current += ONE_DAY
    dates = ", ".join(d.isoformat() for d in trigger)
    if state == "paused" or (state == "resuming" and resume_start and day < resume_start):
        return Finding("message", {"dates": dates})
    if state == "resuming" and resume_start and day < resume_start + timedelta(days=resume_days):
        values = {
            "dates": dates,
            "calm_since": (resume_start - timedelta(days=calm_needed)).isoformat(),
            "resume_until": (resume_start + timedelta(days=resume_days - 1)).isoformat(),
        }
        keep = (day - resume_start).days % every == 0
        return Finding("message_resume", values, keep=keep)
    return None


def _clay_mask_missed(engine: Engine, rule: AdaptRule, day: date, as_of: date) -> Finding | None:
    return engine.memo(("clay", rule.id, as_of), lambda: _clay_schedule(engine, rule, as_of)).get(
        day
    )


def _clay_schedule(engine: Engine, rule: AdaptRule, as_of: date) -> dict[date, Finding]:
    """Where each planned clay mask really falls, knowing the check-offs up to ``as_of``.

    Each planned evening S gets a window of up to ``window_days`` evenings starting at
    max(S, last mask + ``gap_days``) and ending before the next planned one. Done in the window
    (or early, after the previous window): that evening holds the mask and S gives it up.
    Not done: S (or its pushed date) keeps it, and on the as-of day, later in the window, it is
    offered again. So a missed mask moves within the week and never lands within
    ``gap_days`` of another.
    """
    h = engine.history
    p = rule.params
    routine, gap, window = str(p.get("routine", "pm")), int(p["gap_days"]), int(p["window_days"])
    planned = [
        (d, s)
        for d in sorted(h.plan_days)
        for s in h.plan_days[d].get(routine, [])
        if step_matches(s, rule.steps[0])
    ]
    out: dict[date, Finding] = {}
    last_done: date | None = None
    previous_end = h.start - ONE_DAY
    for k, (first, step) in enumerate(planned):
        kind = str(step["step"])
        earliest = first if last_done is None else max(first, last_done + timedelta(days=gap))
        following = planned[k + 1][0] if k + 1 < len(planned) else h.end + ONE_DAY
        end = max(earliest, min(earliest + timedelta(days=window - 1), following - ONE_DAY))
        done = [
            d
            for d in _dates(previous_end + ONE_DAY, end)
            if d <= as_of and h.status(d, routine, kind) == "done"
        ]
        values = {"planned": first.isoformat(), "source_day": first}
        if done:
            last_done = done[0]
            if last_done != first:
                out[last_done] = Finding("message", values, source_day=first)
                note = {
                    "done_on": last_done.isoformat(),
                    "next_allowed": (last_done + timedelta(days=gap)).isoformat(),
                }
                out[first] = Finding("message_done", note, remove=True)
        else:
            if earliest != first:
                note = {
                    "done_on": last_done.isoformat() if last_done else "",
                    "next_allowed": earliest.isoformat(),
                }
                out[first] = Finding("message_cap", note, remove=True)
                out[earliest] = Finding("message", values, source_day=first)
            if earliest < as_of <= end:
                out[as_of] = Finding("message", values, source_day=first)
        previous_end = end
    return out


def _dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _breakouts_rising(engine: Engine, rule: AdaptRule, day: date, as_of: date) -> Finding | None:
    p = rule.params
    before_days, after_days = int(p["before_days"]), int(p["after_days"])
    diary = engine.history.diary
    for product in sorted(engine.history.products, key=lambda pr: pr.added, reverse=True):
        added = product.added
        if not added <= day <= added + timedelta(days=after_days + 14):
            continue
        before = _breakouts(diary, added - timedelta(days=before_days), added - ONE_DAY)
        after = _breakouts(diary, added, min(day, added + timedelta(days=after_days - 1)))
        if min(len(before), len(after)) < int(p["min_entries"]):
            continue
        b, a = sum(before) / len(before), sum(after) / len(after)
        if a - b >= float(p["min_rise"]):
            flagged = list(product.flagged)
            text = (
                "flagged ingredients: " + ", ".join(flagged)
                if flagged
                else "its stored analysis flags no ingredient"
            )
            values = {
                "product": product.name,
                "product_id": product.id,
                "added": added.isoformat(),
                "before": b,
                "after": a,
                "flagged": flagged,
                "flagged_text": text,
            }
            return Finding("message", values)
    return None


def _breakouts(diary: Mapping[date, DiaryEntry], first: date, last: date) -> list[int]:
    return [e.breakouts for d, e in diary.items() if first <= d <= last and e.breakouts is not None]


def _adherent_without_change(
    engine: Engine, rule: AdaptRule, day: date, as_of: date
) -> Finding | None:
    p = rule.params
    h = engine.history
    span = timedelta(days=7 * int(p["weeks"]))
    if h.compare is None or day - h.start < span:
        return None
    done, planned = engine.adherence(day - span, day - ONE_DAY, as_of)
    if not planned or done / planned < float(p["min_adherence"]):
        return None
    photos = [a for a in h.analyses if a[0] <= day]
    if len(photos) < 2 or (photos[-1][0] - photos[0][0]).days < int(p["min_photo_span_days"]):
        return None
    changes = h.compare(photos[0][1], photos[-1][1])
    known = {k: c for k, c in changes.items() if c.get("relative_change") is not None}
    if not known or any(c["measurable"] for c in known.values()):
        return None
    metrics = ", ".join(
        f"{name} {c['relative_change']:+.1%} (noise limit ±{_relative(c):.1%})"
        for name, c in known.items()
    )
    values = {
        "adherence": done / planned,
        "metrics": metrics,
        "first_photo": photos[0][0].isoformat(),
        "last_photo": photos[-1][0].isoformat(),
    }
    return Finding("message", values)


def _relative(change: Mapping[str, Any]) -> float:
    a, u = change.get("a"), change.get("uncertainty")
    return abs(float(u) / float(a)) if a and u is not None else 0.0


def metric_value(metrics: Mapping[str, Any], name: str) -> float | None:
    value = metrics.get(name)
    if isinstance(value, Mapping):
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


# --- actions ------------------------------------------------------------------------------


def _pause_steps(rule: AdaptRule, finding: Finding, adapted: AdaptedDay, engine: Engine) -> None:
    hit = [s for s in adapted.steps if any(step_matches(s.step, sel) for sel in rule.steps)]
    if not hit:
        return
    if finding.keep:
        for s in hit:
            s.adapted_by = rule.id
    else:
        adapted.steps = [s for s in adapted.steps if s not in hit]
        adapted.paused.extend(hit)
    adapted.adaptations.append(_adaptation(rule, finding, (s.kind for s in hit)))


def _move_step(rule: AdaptRule, finding: Finding, adapted: AdaptedDay, engine: Engine) -> None:
    routine = str(rule.params.get("routine", "pm"))
    if finding.remove:
        hit = [s for s in adapted.steps if step_matches(s.step, rule.steps[0])]
        adapted.steps = [s for s in adapted.steps if s not in hit]
        adapted.paused.extend(hit)
        adapted.adaptations.append(_adaptation(rule, finding, (s.kind for s in hit)))
        return
    evening = adapted.routine(routine)
    if any(step_matches(s.step, rule.steps[0]) for s in evening):
        return  # already planned this evening
    avoid = [str(a) for a in rule.params.get("avoid", [])]
    if any(step_matches(s.step, sel) for s in evening for sel in avoid):
        return  # never onto an evening with a step it must not meet (a retinoid, an acid)
    assert finding.source_day is not None
    source = engine.history.plan_days[finding.source_day][routine]
    moved = next(s for s in source if step_matches(s, rule.steps[0]))
    index = next(i for i, s in enumerate(source) if s is moved)
    insert_at = _insert_position(adapted, routine, [str(s["step"]) for s in source[index + 1 :]])
    adapted.steps.insert(insert_at, PlannedStep(routine, dict(moved), rule.id))
    adapted.adaptations.append(_adaptation(rule, finding, [str(moved["step"])]))


def _insert_position(adapted: AdaptedDay, routine: str, after_kinds: list[str]) -> int:
    """Insert before the first step that followed the moved one in its original routine."""
    for i, s in enumerate(adapted.steps):
        if s.routine == routine and s.kind in after_kinds:
            return i
    last = [i for i, s in enumerate(adapted.steps) if s.routine == routine]
    return last[-1] + 1 if last else len(adapted.steps)


def _notice(rule: AdaptRule, finding: Finding, adapted: AdaptedDay, engine: Engine) -> None:
    adapted.adaptations.append(_adaptation(rule, finding))


CONDITION_FUNCS: dict[str, Condition] = {
    "irritation_streak": _irritation_streak,
    "breakouts_rising_after_product": _breakouts_rising,
    "adherent_without_pore_change": _adherent_without_change,
    "clay_mask_missed": _clay_mask_missed,
}
ACTION_FUNCS: dict[str, Action] = {
    "pause_steps": _pause_steps,
    "move_step": _move_step,
    "notice": _notice,
}
