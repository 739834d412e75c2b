"""Result types of the journal; each has ``to_dict()`` (the shape the CLI ``--json`` and web use)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "ROUTINES",
    "Adaptation",
    "DayView",
    "DiaryEntry",
    "LogResult",
    "PhotoRecord",
    "SetupResult",
    "StepView",
]

ROUTINES: tuple[str, ...] = ("am", "pm")
DIARY_FIELDS: tuple[str, ...] = ("oiliness", "breakouts", "irritation")


@dataclass(frozen=True)
class Adaptation:
    """One adaptation rule that fired for a day: what changes, why, and where that comes from."""

    rule: str
    action: str
    message: str
    why: str
    source: str
    steps: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "action": self.action,
            "message": self.message,
            "why": self.why,
            "source": self.source,
            "steps": list(self.steps),
            "details": self.details,
        }


@dataclass(frozen=True)
class StepView:
    """A plan step on a day, with its check-off status (``None`` until logged)."""

    routine: str
    step: dict[str, Any]
    status: str | None = None
    at: str | None = None
    adapted_by: str | None = None

    @property
    def kind(self) -> str:
        return str(self.step["step"])

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.step)
        data.update(status=self.status, at=self.at, adapted_by=self.adapted_by)
        return data


@dataclass(frozen=True)
class DayView:
    """A day's adapted AM and PM checklist."""

    day: date
    plan_day: int
    week: int
    am: tuple[StepView, ...]
    pm: tuple[StepView, ...]
    paused: tuple[StepView, ...]
    adaptations: tuple[Adaptation, ...]

    def steps(self, routine: str) -> tuple[StepView, ...]:
        return self.am if routine == "am" else self.pm

    @property
    def done(self) -> int:
        return sum(1 for s in (*self.am, *self.pm) if s.status == "done")

    @property
    def total(self) -> int:
        return len(self.am) + len(self.pm)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "plan_day": self.plan_day,
            "week": self.week,
            "am": [s.to_dict() for s in self.am],
            "pm": [s.to_dict() for s in self.pm],
            "paused": [{"routine": s.routine, **s.to_dict()} for s in self.paused],
            "adaptations": [a.to_dict() for a in self.adaptations],
            "done": self.done,
            "total": self.total,
        }


@dataclass(frozen=True)
class LogResult:
    day: date
    ids: tuple[int, ...]
    entries: tuple[tuple[str, str, str], ...]  # (routine, step, status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "logged": [
                {"id": i, "routine": r, "step": s, "status": st}
                for i, (r, s, st) in zip(self.ids, self.entries, strict=True)
            ],
        }


@dataclass(frozen=True)
class DiaryEntry:
    day: date
    oiliness: int | None
    breakouts: int | None
    irritation: int | None
    note: str
    at: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "oiliness": self.oiliness,
            "breakouts": self.breakouts,
            "irritation": self.irritation,
            "note": self.note,
            "at": self.at,
        }


@dataclass(frozen=True)
class PhotoRecord:
    id: int
    sha256: str
    day: date
    path: str
    width: int
    height: int
    size_bytes: int
    added_at: str
    analysis: dict[str, Any] | None = None
    analysis_error: str | None = None
    duplicate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sha256": self.sha256,
            "date": self.day.isoformat(),
            "path": self.path,
            "width": self.width,
            "height": self.height,
            "size_bytes": self.size_bytes,
            "added_at": self.added_at,
            "analysis": self.analysis,
            "analysis_error": self.analysis_error,
            "duplicate": self.duplicate,
        }


@dataclass(frozen=True)
class SetupResult:
    profile_id: int
    plan_id: int
    start: date
    weeks: int
    plan: dict[str, Any]

    @property
    def end(self) -> date:
        return date.fromisoformat(self.plan["days"][-1]["date"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile_id": self.profile_id,
            "plan_id": self.plan_id,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "weeks": self.weeks,
            "plan": self.plan,
        }
