"""Doses printed in parts per million or billion, read as a percent.

Korean and French labels print small doses so: "티트리추출물(12,000 ppm)", "panthénol (1 000
ppm)", "(0,1 ppb)". A number may group its thousands with commas or spaces and carry a decimal
comma or period ("21,987.5ppm", "1 000,5 ppm").
"""

from __future__ import annotations

import re

__all__ = ["EMPTY_PARENS", "without_parts_per"]

#: Brackets left empty once a dose is taken out of them.
EMPTY_PARENS = re.compile(r"\(\s*\)|\[\s*\]")


def without_parts_per(name: str, percent: float | None) -> tuple[str, float | None]:
    """``name`` without a concentration in parts per million or billion, and the percent it
    gives (``percent`` when the piece already printed one)."""
    match = _PARTS_PER.search(name)
    if match is None:
        return name, percent
    if percent is None:
        per_percent = _PPM_PER_PERCENT if match.group(2).casefold() == "ppm" else _PPB_PER_PERCENT
        percent = _amount(match.group(1)) / per_percent
    rest = name[: match.start()] + " " + name[match.end() :]
    return EMPTY_PARENS.sub(" ", rest).strip(), percent


def _amount(number: str) -> float:
    """A printed number: "12,000", "1 000", "21,987.5", "1 000,5" (thousands separators)
    and "0,1" (a decimal comma). Unless the commas group thousands, the last comma or period
    is the decimal mark."""
    number = re.sub(r"[ \u00a0\u202f]", "", number)
    if _THOUSANDS.fullmatch(number):
        return float(number.replace(",", ""))
    last = max(number.rfind(","), number.rfind("."))
    if last == -1:
        return float(number)
    return float(re.sub(r"[.,]", "", number[:last]) + "." + number[last + 1 :])


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
#: "(12,000 ppm)", "10ppm", "(1 000 ppm)", "(0,1 ppb)".
_PARTS_PER = re.compile(
    r"(?i)\(?\s*(\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)\s*(ppm|ppb)\b\s*\)?"
)
_PPM_PER_PERCENT = 10_000
_PPB_PER_PERCENT = 10_000_000
