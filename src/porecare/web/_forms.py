"""Turn submitted form fields into library values, with one message per bad field.

Validation itself belongs to the library (``Profile.from_mapping``); this module only converts
the strings a browser sends into the types the library checks, and maps the library's one-line
error back to the field it names so the page can show it next to that field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from porecare.errors import ProfileError
from porecare.profile import PROFILE_FIELDS, RETINOID_EXPERIENCE, SKIN_TYPES, Profile

__all__ = [
    "CONTROL_CHARS",
    "DIARY_FIELDS",
    "QUIZ_QUESTIONS",
    "SCALE_FIELDS",
    "FieldError",
    "FormResult",
    "parse_date",
    "parse_diary",
    "parse_profile",
    "parse_scale",
]

_FIELD_IN_MESSAGE = re.compile(r"field '([a-z_]+)'")
DIARY_FIELDS = ("oiliness", "breakouts", "irritation")
MAX_NOTE_CHARS = 2000
#: Control characters (not tab or line breaks): never typed, only pasted binary; a NUL in a
#: page is a parse error for browsers.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Question:
    name: str
    label: str
    kind: str  # "choice" | "bool" | "int"
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()
    low: int = 0
    high: int = 0


QUIZ_QUESTIONS: tuple[Question, ...] = (
    Question(
        "skin_type",
        "Your skin type",
        "choice",
        "How your skin feels by midday without products.",
        tuple((value, value.capitalize()) for value in SKIN_TYPES),
    ),
    Question("sensitive", "Does your skin sting, burn or redden easily?", "bool"),
    Question("acne_prone", "Do you get breakouts (acne) regularly?", "bool"),
    Question("age", "Your age", "int", "A whole number from 12 to 110.", low=12, high=110),
    Question(
        "makeup_days_per_week",
        "Days a week you wear makeup",
        "int",
        "0 to 7. Makeup and sunscreen days get an evening double cleanse.",
        low=0,
        high=7,
    ),
    Question("wears_sunscreen", "Do you wear sunscreen daily?", "bool"),
    Question(
        "pregnant_or_breastfeeding",
        "Are you pregnant or breastfeeding?",
        "bool",
        "Retinoids are left out of the plan if so.",
    ),
    Question(
        "retinoid_experience",
        "Experience with retinol or other retinoids",
        "choice",
        "Retinoids are introduced gradually; more experience allows more nights a week.",
        (("none", "None"), ("some", "Some"), ("tolerant", "Use them without irritation")),
    ),
    Question(
        "microneedling_interest",
        "Are you interested in microneedling?",
        "bool",
        "It is never a home step here: the plan refers you to a dermatologist.",
    ),
)
assert {q.name for q in QUIZ_QUESTIONS} | {"concerns"} == set(PROFILE_FIELDS)
assert {v for v, _ in QUIZ_QUESTIONS[7].options} == set(RETINOID_EXPERIENCE)


@dataclass
class FormResult:
    """Parsed values, or a message per field (then nothing is written)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _about(label: str, message: str) -> str:
    """A message under a question: "Your age: is missing", "Any breakouts? Please answer"."""
    if label.endswith("?"):
        return f"{label} {message[:1].upper()}{message[1:]}"
    return f"{label}: {message}"


def _first(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def parse_profile(form: Mapping[str, Any]) -> tuple[Profile | None, dict[str, str]]:
    """Read the quiz answers; return the validated profile or the errors by field."""
    raw: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in QUIZ_QUESTIONS:
        text = _first(form, question.name)
        if not text:
            errors[question.name] = _about(question.label, "please answer this question")
        elif question.kind == "bool":
            if text not in ("yes", "no"):
                errors[question.name] = _about(question.label, "answer yes or no")
            raw[question.name] = text == "yes"
        elif question.kind == "int":
            try:
                raw[question.name] = int(text)
            except ValueError:
                errors[question.name] = _about(
                    question.label,
                    f"{text[:20]!r} is not a whole number ({question.low} to {question.high})",
                )
        else:
            raw[question.name] = text
    if errors:
        return None, errors
    try:
        return Profile.from_mapping(raw, where="quiz"), {}
    except ProfileError as exc:
        match = _FIELD_IN_MESSAGE.search(exc.message)
        name = match.group(1) if match else "skin_type"
        return None, {name: _friendly(exc.message, name)}


def _friendly(message: str, name: str) -> str:
    label = next((q.label for q in QUIZ_QUESTIONS if q.name == name), name)
    detail = message.split(f"field {name!r} is ", 1)[-1]
    return _about(label, detail)


def parse_date(text: str | None, *, default: date) -> date:
    """A ``YYYY-MM-DD`` query/form value; empty means ``default``. Raises ``ValueError``."""
    if not text:
        return default
    return date.fromisoformat(text.strip())


def parse_diary(form: Mapping[str, Any]) -> FormResult:
    """Read the diary sliders (0-5 each) and the note."""
    result = FormResult()
    for name in DIARY_FIELDS:
        text = _first(form, name)
        if not text:
            result.values[name] = None
            continue
        if not text.isdigit() or not 0 <= int(text) <= 5:
            result.errors[name] = f"{name.capitalize()}: {text[:10]!r} is not a score 0 to 5"
        else:
            result.values[name] = int(text)
    note = form.get("note")
    note = note if isinstance(note, str) else ""
    if len(note) > MAX_NOTE_CHARS:
        result.errors["note"] = f"Note: {len(note)} characters; at most {MAX_NOTE_CHARS}"
    elif CONTROL_CHARS.search(note):
        result.errors["note"] = "Note: contains control characters; type or paste plain text"
    result.values["note"] = note.strip()
    return result


# -- scale of a photo ---------------------------------------------------------------------------

SCALE_FIELDS = ("px_per_mm", "x1", "y1", "x2", "y2", "length_mm")
#: The same limits as the upload form's scale field.
SCALE_RANGE = (1.0, 500.0)
#: Two clicked ends closer than this cannot give a scale to a few per cent.
MIN_RULER_PX = 20.0


class FieldError(ValueError):
    """One bad form field: ``field`` names it, ``message`` is shown next to it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def parse_scale(values: Mapping[str, str], *, width: int, height: int) -> float:
    """Pixels per millimetre from a typed scale, or from two clicked ends of a known length.

    ``values`` holds the strings of :data:`SCALE_FIELDS`; the points are in the stored photo's
    pixel coordinates (columns ``x``, rows ``y``). Raises :class:`FieldError`.
    """
    low, high = SCALE_RANGE
    if values.get("px_per_mm"):
        scale = _number(values, "px_per_mm", "Scale", low, high)
        return scale
    if not any(values.get(name) for name in ("x1", "y1", "x2", "y2")):
        raise FieldError(
            "px_per_mm",
            "Scale: click both ends of a known length on the photo, or type the pixels per mm",
        )
    x1, x2 = (_number(values, n, "Point", 0, width) for n in ("x1", "x2"))
    y1, y2 = (_number(values, n, "Point", 0, height) for n in ("y1", "y2"))
    length = _number(values, "length_mm", "Length", 0.5, 300)
    distance = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    if distance < MIN_RULER_PX:
        raise FieldError(
            "x2", f"Points: the two ends are {distance:.0f} px apart; mark a longer length"
        )
    scale = distance / length
    if not low <= scale <= high:
        raise FieldError(
            "length_mm",
            f"Length: {length:g} mm over {distance:.0f} px is {scale:.2f} px per mm; "
            f"allowed {low:g} to {high:g}",
        )
    return scale


def _number(values: Mapping[str, str], name: str, label: str, low: float, high: float) -> float:
    text = values.get(name, "")
    try:
        value = float(text)
    except ValueError:
        raise FieldError(name, f"{label}: {text[:12]!r} is not a number") from None
    if not low <= value <= high:
        raise FieldError(name, f"{label}: {value:g} is outside {low:g} to {high:g}")
    return value
