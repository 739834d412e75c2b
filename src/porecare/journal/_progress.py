"""Progress over weeks: adherence (overall, per routine, step and week), streaks, diary trends
and pore metrics with their measurement noise.

Adherence counts the *adapted* plan (a step paused for irritation is not a missed step), up to
the as-of date. Pore changes come from ``porecare.pores.compare_analyses`` (first vs latest
photo), which calls a change measurable only beyond its repeatability noise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from porecare.journal._adapt import Engine, metric_value
from porecare.journal._types import DIARY_FIELDS

if TYPE_CHECKING:
    from porecare.journal._journal import Journal

__all__ = ["Progress", "compute_progress", "render_progress"]

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Progress:
    as_of: date
    start: date
    end: date
    adherence: dict[str, Any]
    daily: list[dict[str, Any]]
    streaks: dict[str, int]
    diary: dict[str, Any]
    pores: dict[str, Any]
    adaptations: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days_elapsed": max(0, (min(self.as_of, self.end) - self.start).days + 1),
            "adherence": self.adherence,
            "streaks": self.streaks,
            "daily": self.daily,
            "diary": self.diary,
            "pores": self.pores,
            "adaptations": self.adaptations,
        }


def _rate(done: int, planned: int) -> dict[str, Any]:
    return {"done": done, "planned": planned, "rate": round(done / planned, 4) if planned else None}


def compute_progress(journal: Journal, *, until: date | None = None) -> Progress:
    engine = journal.engine()
    h = engine.history
    as_of = until or date.today()
    last = min(as_of, h.end)
    daily, per_step, per_routine, per_week = _count(engine, h.start, last, as_of)
    total_done = sum(d["done"] for d in daily)
    total_planned = sum(d["planned"] for d in daily)
    adherence = {
        "overall": _rate(total_done, total_planned),
        "per_routine": {r: _rate(*v) for r, v in sorted(per_routine.items())},
        "per_step": {k: _rate(*v) for k, v in sorted(per_step.items())},
        "per_week": [
            {"week": w + 1, "start": (h.start + timedelta(days=7 * w)).isoformat(), **_rate(*v)}
            for w, v in sorted(per_week.items())
        ],
    }
    adaptations: list[dict[str, Any]] = []
    if h.start <= as_of <= h.end:
        adaptations = [a.to_dict() for a in engine.day(as_of).adaptations]
    return Progress(
        as_of=as_of,
        start=h.start,
        end=h.end,
        adherence=adherence,
        daily=daily,
        streaks=_streaks(daily, as_of),
        diary=_diary(journal, h.start, as_of),
        pores=_pores(h.analyses, engine),
        adaptations=adaptations,
    )


def _count(
    engine: Engine, first: date, last: date, as_of: date
) -> tuple[list[dict[str, Any]], dict[str, list[int]], dict[str, list[int]], dict[int, list[int]]]:
    h = engine.history
    daily: list[dict[str, Any]] = []
    per_step: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_routine: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_week: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    day = first
    while day <= last:
        done = planned = still_open = 0
        for s in engine.steps(day, as_of).steps:
            status = h.status(day, s.routine, s.kind)
            if day == as_of and status is None:
                still_open += 1  # today's step not logged yet: neither done nor missed
                continue
            ok = int(status == "done")
            done, planned = done + ok, planned + 1
            for bucket in (
                per_step[s.kind],
                per_routine[s.routine],
                per_week[(day - first).days // 7],
            ):
                bucket[0] += ok
                bucket[1] += 1
        daily.append(
            {"date": day.isoformat(), "done": done, "planned": planned, "open": still_open}
        )
        day += ONE_DAY
    return daily, per_step, per_routine, per_week


def _streaks(daily: list[dict[str, Any]], as_of: date) -> dict[str, int]:
    """Days in a row with every planned step done (today counts once it is complete)."""
    complete = [d["planned"] > 0 and d["done"] == d["planned"] and not d["open"] for d in daily]
    longest = run = 0
    for ok in complete:
        run = run + 1 if ok else 0
        longest = max(longest, run)
    current = 0
    days = list(zip(daily, complete, strict=True))
    if days and days[-1][0]["date"] == as_of.isoformat() and not days[-1][1]:
        days = days[:-1]  # today is still open: it does not break the streak yet
    for _, ok in reversed(days):
        if not ok:
            break
        current += 1
    return {"current": current, "longest": longest}


def _diary(journal: Journal, start: date, as_of: date) -> dict[str, Any]:
    entries = [e for e in journal.diary_entries() if e.day <= as_of]
    weeks: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for e in entries:
        for name in DIARY_FIELDS:
            value = getattr(e, name)
            if value is not None:
                weeks[(e.day - start).days // 7][name].append(value)
    per_week = [
        {"week": w + 1, **{n: _mean(vals.get(n, [])) for n in DIARY_FIELDS}}
        for w, vals in sorted(weeks.items())
    ]
    trend = {n: _slope_per_week(entries, n) for n in DIARY_FIELDS}
    return {
        "entries": len(entries),
        "per_week": per_week,
        "trend_per_week": trend,
        "series": [e.to_dict() for e in entries],
    }


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def _slope_per_week(entries: list[Any], name: str) -> float | None:
    """Least-squares slope of a diary score (points per week); None with fewer than 3 entries."""
    points = [
        (e.day.toordinal(), getattr(e, name)) for e in entries if getattr(e, name) is not None
    ]
    if len(points) < 3:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return round(7 * sum((x - mx) * (y - my) for x, y in points) / sxx, 4)


def _pores(analyses: list[tuple[date, dict[str, Any]]], engine: Engine) -> dict[str, Any]:
    """Each photo's overall metrics with their 1-sigma noise, and first-to-latest changes."""
    from porecare.journal._journal import _pore_compare, overall_metrics, repeatability

    if not analyses:
        return {
            "photos": [],
            "changes": {},
            "noise": None,
            "note": "no photos yet: porecare photo PHOTO",
        }
    noise = repeatability()
    photos = []
    for day, analysis in analyses:
        metrics = overall_metrics(analysis)
        shown = {}
        for name, rel in noise.items():
            value = metric_value(metrics, name)
            if value is not None:
                shown[name] = {"value": value, "rel_noise": rel, "plus_minus": abs(value) * rel}
        photos.append({"date": day.isoformat(), "metrics": shown})
    compare = engine.history.compare or _pore_compare()
    changes: dict[str, Any] = {}
    if len(analyses) >= 2 and compare is not None:
        changes = compare(analyses[0][1], analyses[-1][1])
    note = (
        "a change is measurable only beyond 2 sigma of the measurement noise"
        if noise
        else "measurement noise unknown: no change is called measurable"
    )
    return {"photos": photos, "changes": changes, "noise": noise or None, "note": note}


def _heading(data: dict[str, Any]) -> str:
    """The period counted: from the plan's start to the as-of date, never past the plan's end."""
    start, as_of, end = data["start"], data["as_of"], data["end"]  # ISO dates sort as text
    if as_of < start:
        return f"Progress as of {as_of}: the plan starts on {start}; nothing to count yet:"
    if as_of > end:
        return f"Progress {start} to {end} (the whole plan; it ended on {end}):"
    return f"Progress {start} to {as_of} (plan ends {end}):"


def _change(name: str, c: dict[str, Any]) -> str:
    """``0.260 mm -> 0.238 mm (-8.5 %, ± 0.013 mm): measurably lower`` or ``no measurable change``."""
    from porecare.journal._labels import metric_value

    shown = f"{metric_value(name, c.get('a'))} -> {metric_value(name, c.get('b'))}"
    detail = f"{c['relative_change']:+.1%}"
    if isinstance(c.get("uncertainty"), int | float):
        detail += f", ± {metric_value(name, c['uncertainty'])}"
    if not c.get("measurable"):
        return f"{shown} ({detail}): no measurable change"
    direction = "higher" if (c.get("change") or 0) > 0 else "lower"
    return f"{shown} ({detail}): measurably {direction}"


def render_progress(data: dict[str, Any]) -> str:
    from porecare.journal._labels import metric_label, step_label

    a = data["adherence"]
    overall = a["overall"]
    routines = ", ".join(f"{r.upper()} {_pct(v['rate'])}" for r, v in a["per_routine"].items())
    lines = [
        _heading(data),
        f"  adherence {_pct(overall['rate'])} ({overall['done']}/{overall['planned']} steps)"
        + (f"; {routines}" if routines else ""),
        f"  streak (days in a row with every step done): {data['streaks']['current']} "
        f"(longest {data['streaks']['longest']})",
        "  per week: " + ", ".join(f"week {w['week']} {_pct(w['rate'])}" for w in a["per_week"]),
        "  per step: "
        + ", ".join(f"{step_label(k)} {_pct(v['rate'])}" for k, v in a["per_step"].items()),
    ]
    diary = data["diary"]
    if diary["entries"]:
        trend = ", ".join(
            f"{k} {v:+.2f} points/week" for k, v in diary["trend_per_week"].items() if v is not None
        )
        lines.append(
            f"  diary (scores 0-5): {diary['entries']} "
            + ("entry" if diary["entries"] == 1 else "entries")
            + f"; trend {trend or 'n/a (needs a score on 3 days or more)'}"
        )
    pores = data["pores"]
    lines.append(f"  photos: {len(pores['photos'])}; {pores['note']}")
    if pores["changes"]:
        lines.append("  first photo -> latest photo (± the uncertainty, 2 sigma of the noise):")
    for name, c in pores["changes"].items():
        if c.get("relative_change") is None:
            continue
        lines.append(f"    {metric_label(name)}: {_change(name, c)}")
    lines += [f"! {x['message']}" for x in data["adaptations"]]
    if data.get("plot"):
        lines.append(f"Plot written to {data['plot']}")
    return "\n".join(lines)


def _pct(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.0%}"
