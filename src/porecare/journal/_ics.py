"""The active plan as an RFC 5545 calendar (``icalendar``): a daily morning and evening event
with a display alarm each, and the weekly clay-mask evening as its own event.

Times are floating local times (no time zone): a routine at 07:30 stays at 07:30 wherever the
person is. UIDs derive from the plan id, so importing a newer file updates the same events.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from porecare.errors import UsageError
from porecare.journal._adapt import step_matches
from porecare.journal._labels import step_label

if TYPE_CHECKING:
    from porecare.journal._journal import Journal

__all__ = ["parse_clock", "plan_to_ics"]

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
CLAY = "clay_mask"


def parse_clock(value: str, option: str) -> time:
    match = _CLOCK.match(value.strip())
    if not match:
        raise UsageError(f"{option} is {value!r}; allowed: a time HH:MM, 00:00..23:59")
    return time(int(match[1]), int(match[2]))


def plan_to_ics(journal: Journal, *, am: str = "07:30", pm: str = "21:30") -> bytes:
    from icalendar import Alarm, Calendar, Event

    am_time, pm_time = parse_clock(am, "--am"), parse_clock(pm, "--pm")
    plan = journal.plan()
    row = journal.conn.execute(
        "SELECT id, created_at FROM plans ORDER BY id DESC LIMIT 1"
    ).fetchone()
    plan_id, stamp = row[0], datetime.fromisoformat(row[1])
    days = plan["days"]
    start, end = date.fromisoformat(days[0]["date"]), date.fromisoformat(days[-1]["date"])

    cal = Calendar()
    cal.add("prodid", "-//porecare//journal reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "porecare routine")

    def event(uid: str, summary: str, first: date, at: time, description: str) -> Any:
        ev = Event()
        ev.add("uid", f"{uid}-plan{plan_id}@porecare.local")
        ev.add("dtstamp", stamp)
        ev.add("summary", summary)
        ev.add("dtstart", datetime.combine(first, at))
        ev.add("duration", timedelta(minutes=15))
        ev.add("description", description)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(0))
        ev.add_component(alarm)
        return ev

    for routine, at, label in (("am", am_time, "Morning"), ("pm", pm_time, "Evening")):
        steps = _union(s for d in days for s in d[routine] if not step_matches(s, CLAY))
        ev = event(
            routine,
            f"porecare: {label.lower()} routine",
            start,
            at,
            _describe(days, routine, steps),
        )
        ev.add("rrule", {"freq": "daily", "until": datetime.combine(end, at)})
        cal.add_component(ev)

    for ev in _clay_events(days, pm_time, event, end):
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data


def _union(steps: Iterable[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(s["step"]) for s in steps))


def _describe(days: list[dict[str, Any]], routine: str, steps: list[str]) -> str:
    every = [k for k in steps if all(k in [s["step"] for s in d[routine]] for d in days)]
    some = [k for k in steps if k not in every]
    every, some = [step_label(k) for k in every], [step_label(k) for k in some]
    text = f"Every day: {', '.join(every) or '-'}."
    if some:
        text += f" Some days: {', '.join(some)}."
    return text + " Run 'porecare today' for the day's adapted checklist, then 'porecare log'."


def _clay_events(days: list[dict[str, Any]], at: time, event: Any, end: date) -> list[Any]:
    dated = [
        (date.fromisoformat(d["date"]), s) for d in days for s in d["pm"] if step_matches(s, CLAY)
    ]
    if not dated:
        return []
    step = dated[0][1]
    summary = "porecare: weekly clay mask (once a week)"
    description = (
        f"{step.get('why', '')} Avoid using it more than once a week. "
        f"Source: {step.get('source', '')}"
    ).strip()
    weekdays = {d.weekday() for d, _ in dated}
    weekly = len(weekdays) == 1 and all(
        (b - a).days == 7 for (a, _), (b, _) in itertools.pairwise(dated)
    )
    if weekly:
        ev = event("clay-mask", summary, dated[0][0], at, description)
        ev.add("rrule", {"freq": "weekly", "until": datetime.combine(end, at)})
        return [ev]
    return [event(f"clay-mask-{d.isoformat()}", summary, d, at, description) for d, _ in dated]
