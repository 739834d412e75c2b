"""The skin profile: the facts about a person that the plan is built from.

A profile is a TOML or JSON file (or a mapping). Every field is required except ``concerns``;
:func:`load_profile` and :meth:`Profile.from_mapping` validate each one and raise
:class:`~porecare.errors.ProfileError` with the file, the field and what is allowed.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

from porecare.errors import ProfileError

__all__ = [
    "PROFILE_FIELDS",
    "RETINOID_EXPERIENCE",
    "SKIN_TYPES",
    "Profile",
    "load_profile",
    "profile_to_toml",
    "sample_profile",
]

SkinType = Literal["oily", "dry", "combination", "normal"]
RetinoidExperience = Literal["none", "some", "tolerant"]
SKIN_TYPES: tuple[str, ...] = get_args(SkinType)
RETINOID_EXPERIENCE: tuple[str, ...] = get_args(RetinoidExperience)
MAX_PROFILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Profile:
    skin_type: SkinType
    sensitive: bool
    acne_prone: bool
    age: int
    makeup_days_per_week: int
    wears_sunscreen: bool
    pregnant_or_breastfeeding: bool
    retinoid_experience: RetinoidExperience
    microneedling_interest: bool
    concerns: tuple[str, ...] = field(default=("large pores",))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["concerns"] = list(self.concerns)
        return data

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "profile") -> Profile:
        """Validate ``data``; ``where`` names the source in error messages."""
        if not isinstance(data, Mapping):
            raise ProfileError(f"{where}: expected a table of fields, got {type(data).__name__}")
        unknown = sorted(set(data) - set(PROFILE_FIELDS))
        if unknown:
            raise ProfileError(
                f"{where}: unknown field {unknown[0]!r}; allowed fields: {', '.join(PROFILE_FIELDS)}"
            )
        values: dict[str, Any] = {}
        for name, check in _CHECKS.items():
            if name not in data:
                if name == "concerns":
                    continue
                raise ProfileError(f"{where}: missing field {name!r} ({_ALLOWED[name]})")
            values[name] = check(where, name, data[name])
        return cls(**values)


def _bool(where: str, name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ProfileError(f"{where}: field {name!r} is {value!r}; allowed: true or false")


def _int_range(low: int, high: int) -> Any:
    def check(where: str, name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ProfileError(
                f"{where}: field {name!r} is {value!r}; allowed: a whole number {low}..{high}"
            )
        return value

    return check


def _choice(options: tuple[str, ...]) -> Any:
    def check(where: str, name: str, value: Any) -> str:
        if value not in options:
            raise ProfileError(
                f"{where}: field {name!r} is {value!r}; allowed: {' | '.join(options)}"
            )
        return str(value)

    return check


def _concerns(where: str, name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) and 0 < len(v) <= 100 for v in value
    ):
        raise ProfileError(
            f"{where}: field {name!r} is {value!r}; allowed: a list of short strings"
        )
    return tuple(value)


_CHECKS: dict[str, Any] = {
    "skin_type": _choice(SKIN_TYPES),
    "sensitive": _bool,
    "acne_prone": _bool,
    "age": _int_range(12, 110),
    "makeup_days_per_week": _int_range(0, 7),
    "wears_sunscreen": _bool,
    "pregnant_or_breastfeeding": _bool,
    "retinoid_experience": _choice(RETINOID_EXPERIENCE),
    "microneedling_interest": _bool,
    "concerns": _concerns,
}
_ALLOWED = {
    "skin_type": "one of " + " | ".join(SKIN_TYPES),
    "sensitive": "true or false",
    "acne_prone": "true or false",
    "age": "a whole number 12..110",
    "makeup_days_per_week": "a whole number 0..7",
    "wears_sunscreen": "true or false",
    "pregnant_or_breastfeeding": "true or false",
    "retinoid_experience": "one of " + " | ".join(RETINOID_EXPERIENCE),
    "microneedling_interest": "true or false",
    "concerns": "a list of short strings",
}
PROFILE_FIELDS: tuple[str, ...] = tuple(_CHECKS)


def load_profile(path: str | Path) -> Profile:
    """Read a TOML or JSON profile file (JSON when it ends in ``.json`` or starts with ``{``)."""
    path = Path(path)
    where = str(path)
    try:
        with path.open("rb") as handle:  # bounded: a device such as /dev/zero never ends
            raw = handle.read(MAX_PROFILE_BYTES + 1)
    except FileNotFoundError:
        raise ProfileError(f"{where}: no such file") from None
    except IsADirectoryError:
        raise ProfileError(f"{where}: is a folder, expected a .toml or .json file") from None
    except OSError as exc:
        raise ProfileError(f"{where}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError(f"{where}: file is over 64 KiB; a profile is at most 64 KiB")
    if b"\x00" in raw:
        raise ProfileError(f"{where}: binary file; expected a UTF-8 TOML or JSON profile")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfileError(
            f"{where}: not UTF-8 (byte {exc.start}); save the profile as UTF-8 TOML or JSON"
        ) from None
    return Profile.from_mapping(_parse(text, where, path.suffix.lower()), where=where)


def _parse(text: str, where: str, suffix: str) -> Any:
    if suffix == ".json" or (suffix != ".toml" and text.lstrip().startswith("{")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProfileError(
                f"{where}: JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        except RecursionError:
            raise ProfileError(f"{where}: JSON nested too deeply; a profile is flat") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{where}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise ProfileError(f"{where}: TOML nested too deeply; a profile is flat") from None


def sample_profile() -> Profile:
    """The bundled sample profile (oily, acne-prone, 34, wears makeup most days)."""
    text = (
        resources.files("porecare.knowledge")
        .joinpath("data/sample-profile.toml")
        .read_text(encoding="utf-8")
    )
    return Profile.from_mapping(tomllib.loads(text), where="sample-profile.toml")


def profile_to_toml(profile: Profile) -> str:
    """Write a profile as TOML (the fields are flat scalars and one list of strings)."""
    lines = []
    for name, value in profile.to_dict().items():
        lines.append(f"{name} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"
