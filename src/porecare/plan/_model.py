"""The plan's data types: steps, days, the plan, referrals, notes, violations, attachments.

Every type has ``to_dict()`` returning plain JSON types (the shape the CLI ``--json`` and the
web print); :meth:`Plan.from_dict` reads that shape back (for stored or hand-written plans).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from porecare.errors import PlanError
from porecare.profile import Profile

__all__ = ["Day", "Note", "Plan", "ProductAttachment", "Referral", "Step", "Violation"]

Routine = Literal["am", "pm"]


@dataclass(frozen=True)
class ProductAttachment:
    """A product chosen for a step kind (from the user's shelf or the catalog).

    ``exfoliating`` and ``contains_retinoid`` let the planner keep the exfoliation caps and the
    retinoid separation with real products; ``fits`` says why the product suits the step.
    """

    name: str
    product_id: int | str | None
    source: Literal["shelf", "catalog"]
    role: str
    exfoliating: bool = False
    contains_retinoid: bool = False
    fits: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "product_id": self.product_id,
            "source": self.source,
            "role": self.role,
            "exfoliating": self.exfoliating,
            "contains_retinoid": self.contains_retinoid,
            "fits": self.fits,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProductAttachment:
        return cls(
            name=str(data["name"]),
            product_id=data.get("product_id"),
            source=data.get("source", "shelf"),
            role=str(data.get("role", "")),
            exfoliating=bool(data.get("exfoliating", False)),
            contains_retinoid=bool(data.get("contains_retinoid", False)),
            fits=str(data.get("fits", "")),
        )


@dataclass(frozen=True)
class Step:
    """One step of a routine. ``rule`` is the id of the rule that put it there."""

    step: str
    why: str
    source: str
    rule: str
    product: Mapping[str, Any] | None = None
    exfoliating: bool = False
    schedule: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "step": self.step,
            "why": self.why,
            "source": self.source,
            "rule": self.rule,
            "product": dict(self.product) if self.product is not None else None,
        }
        if self.exfoliating:
            data["exfoliating"] = True
        if self.schedule:
            data["schedule"] = self.schedule
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        product = data.get("product")
        return cls(
            step=str(data["step"]),
            why=str(data.get("why", "")),
            source=str(data.get("source", "")),
            rule=str(data.get("rule", "")),
            product=dict(product) if isinstance(product, Mapping) else None,
            exfoliating=bool(data.get("exfoliating", False)),
            schedule=str(data.get("schedule", "")),
        )


@dataclass(frozen=True)
class Day:
    date: date
    am: tuple[Step, ...]
    pm: tuple[Step, ...]

    def routine(self, name: str) -> tuple[Step, ...]:
        return self.am if name == "am" else self.pm

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "am": [s.to_dict() for s in self.am],
            "pm": [s.to_dict() for s in self.pm],
        }


@dataclass(frozen=True)
class Referral:
    kind: str
    reason: str
    source: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "reason": self.reason, "source": self.source, "rule": self.rule}


@dataclass(frozen=True)
class Note:
    text: str
    source: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "text": self.text, "source": self.source}


@dataclass(frozen=True)
class Plan:
    """A dated AM/PM routine for one profile.

    ``to_dict()`` gives ``profile, start, weeks, days, referrals, notes`` (notes as plain
    strings, as the issue's JSON shows) plus ``notes_detail`` with each note's rule and source.
    """

    profile: Profile
    start: date
    weeks: int
    days: tuple[Day, ...]
    referrals: tuple[Referral, ...] = ()
    notes: tuple[Note, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile.to_dict(),
            "start": self.start.isoformat(),
            "weeks": self.weeks,
            "days": [d.to_dict() for d in self.days],
            "referrals": [r.to_dict() for r in self.referrals],
            "notes": [n.text for n in self.notes],
            "notes_detail": [n.to_dict() for n in self.notes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Read the ``to_dict()`` shape back (raises :class:`PlanError` when it is not one)."""
        try:
            profile = Profile.from_mapping(data["profile"], where="plan profile")
            days = tuple(
                Day(
                    date=date.fromisoformat(d["date"]),
                    am=tuple(Step.from_dict(s) for s in d.get("am", [])),
                    pm=tuple(Step.from_dict(s) for s in d.get("pm", [])),
                )
                for d in data["days"]
            )
            start = date.fromisoformat(data["start"]) if "start" in data else days[0].date
            details = data.get("notes_detail")
            if details:
                notes = tuple(
                    Note(n["text"], n.get("source", ""), n.get("rule", "")) for n in details
                )
            else:
                notes = tuple(Note(str(t), "", "") for t in data.get("notes", []))
            referrals = tuple(
                Referral(r["kind"], r["reason"], r.get("source", ""), r.get("rule", ""))
                for r in data.get("referrals", [])
            )
            weeks = int(data.get("weeks", max(1, len(days) // 7)))
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            raise PlanError(f"plan: not a porecare plan ({type(exc).__name__}: {exc})") from None
        return cls(profile, start, weeks, days, referrals, notes)


@dataclass(frozen=True)
class Violation:
    """A plan breaks rule ``rule`` on ``date`` (None: the whole plan) in ``routine``."""

    rule: str
    date: date | None
    routine: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "date": self.date.isoformat() if self.date else None,
            "routine": self.routine,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = " ".join(
            x for x in (self.date.isoformat() if self.date else "", self.routine or "") if x
        )
        return f"[{self.rule}] {where + ': ' if where else ''}{self.message}"
