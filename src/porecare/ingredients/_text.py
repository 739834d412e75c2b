"""Text folding shared by the label parser and the dictionary.

Both sides of every comparison go through :func:`name_key`: the label says ``Sodium
Hyaluronate``, CosIng says ``SODIUM HYALURONATE``, a shop page says ``sodium hyaluronate.``
with a non-breaking space. Folding is deliberately conservative (no stemming, no dropping of
words): two different substances must never fold to the same key.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "digits_of", "name_key"]

# Characters that arrive from PDFs and web forms and break comparisons silently.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\r\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
     "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'}
)  # fmt: skip
_AROUND = re.compile(r"\s*([-/])\s*")
_WHITESPACE = re.compile(r"\s+")
# CosIng and US labels spell the same substance with US forms; fold the British ones.
_BRITISH = (
    ("sulphate", "sulfate"),
    ("sulphite", "sulfite"),
    ("sulphide", "sulfide"),
    ("sulphur", "sulfur"),
    ("colour", "color"),
    ("aluminium", "aluminum"),
)
# "C.I. 77891", "CI77891", "Cl 77891" (OCR reads I as l) are one colour index number.
_COLOUR_INDEX = re.compile(r"^c\.?\s?[il1]\.?\s*(\d{5})(?::\d{1,2})?$")
_DIGITS = re.compile(r"\d+")


def clean_text(text: str) -> str:
    """Unify the characters of pasted text: NFKC, plain spaces, ASCII quotes and dashes.

    Newlines are kept (they separate ingredients); other control characters become spaces.
    """
    if text.isascii():
        # ASCII is already NFKC with plain quotes and dashes: only control characters remain
        # (isprintable is a quick C pass that says there are none, newlines aside).
        if text.isprintable():
            return text
        return _CONTROL.sub(" ", text) if _CONTROL.search(text) else text
    # Lone surrogates (undecodable bytes smuggled through argv) cannot be printed as UTF-8.
    text = _SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    text = _DASHES.sub("-", text)
    return text.translate(_QUOTES)


def name_key(name: str) -> str:
    """The comparison form of an ingredient name (idempotent).

    Casefolded, whitespace collapsed, no spaces around ``-`` or ``/``, British spellings
    folded, edge punctuation removed, colour index numbers as ``ci NNNNN``.
    """
    text = clean_text(name).casefold()
    for british, american in _BRITISH:
        if british in text:
            text = text.replace(british, american)
    text = _AROUND.sub(r"\1", text)
    text = _WHITESPACE.sub(" ", text).strip(" .,;:*'\"")
    match = _COLOUR_INDEX.match(text)
    if match:
        return f"ci {match.group(1)}"
    return text


def digits_of(key: str) -> tuple[str, ...]:
    """The numbers in a name: fuzzy matching may never change them (PEG-40 is not PEG-400)."""
    return tuple(_DIGITS.findall(key))
