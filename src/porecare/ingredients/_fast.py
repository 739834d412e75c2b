"""Resolve a label's tokens fast: one cached record per distinct raw piece of text.

``check --jsonl`` reads 100k labels built from a few thousand distinct ingredient spellings,
so everything that depends only on one piece of text - its cleaned token, its dictionary
entry, the entry's facts, its JSON, its bits (:data:`ACID`, :data:`ACTIVE`...) and its shape
for the splitter - is computed once per distinct piece and kept in
:attr:`Dictionary.piece_cache <porecare.ingredients.Dictionary>`. A label then costs one
split and one dictionary lookup per ingredient; the judgement passes then OR the bits and
visit only the tokens they concern, and the JSON is joined from the cached fragments.

The fast split is exact, not a heuristic: it cuts on every separator at C speed and keeps the
result only when no piece could have been rejoined by the full splitter (a bracket left open
or closed across pieces, a digit on both sides of a cut as in "1,2-Hexanediol"); otherwise the
part goes through :func:`~porecare.ingredients._parse.split_part`. :func:`resolve_full` is the
reference (full parser, no piece cache); tests assert both give identical results.
"""

from __future__ import annotations

import json
import re
from functools import reduce
from itertools import pairwise
from operator import itemgetter, or_
from typing import Any, NamedTuple

from porecare.ingredients._dictionary import FUZZY_BUDGET, Dictionary, Resolution
from porecare.ingredients._facts import EntryFacts, entry_facts, eu_flags
from porecare.ingredients._parse import (
    _PERIOD_SPLIT,
    LabelToken,
    clean_piece,
    parse_label,
    prepare_label,
    split_part,
)
from porecare.ingredients._roles import ROLE_CLASSES

__all__ = [
    "ACID",
    "ACTIVE",
    "AT_MOST_1_PERCENT",
    "FLAGGY",
    "LOW_MARKER",
    "RETINOID",
    "UNKNOWN",
    "Resolved",
    "ingredient_dict",
    "ingredient_json",
    "resolve_fast",
    "resolve_full",
]

# Token bits: OR-ed over a label, they say which judgement passes have anything to do.
ACID = 1
ACTIVE = 2
FLAGGY = 4
LOW_MARKER = 8
AT_MOST_1_PERCENT = 16
UNKNOWN = 32
RETINOID = 64

# Shape bits of a raw piece, for the splitter.
_UNBALANCED = 1
_LEADING_DIGIT = 2
_TRAILING_DIGIT = 4
_PERIODS = 8
_NOTHING = 16
_JOINED = 32
_DIGITS_BOTH = _LEADING_DIGIT | _TRAILING_DIGIT

#: The separators of :func:`~porecare.ingredients._parse.split_part`, without capturing.
_ANY_SEPARATOR = re.compile(r"[,;•·●▪◦∙|\n\r\u2022\u2023\u25aa\u25cf\u30fb]")
_BRACKETS = re.compile(r"[()\[\]{}]")
_BRACKET_DEPTH = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
_PIECE_CACHE_LIMIT = 200_000

# A piece record; once cached only its memo of variants (last field) ever changes:
# [resolution or None, facts, JSON, role item, bits, shape, period pieces, footnote mark,
#  variants in "may contain" sections or with footnotes]
_RESOLUTION, _FACTS, _JSON, _ITEM, _BITS, _SHAPE, _SUBS, _MARK, _VARIANTS = range(9)
_get_resolution = itemgetter(_RESOLUTION)
_get_facts = itemgetter(_FACTS)
_get_json = itemgetter(_JSON)
_get_item = itemgetter(_ITEM)
_get_bits = itemgetter(_BITS)
_get_mark = itemgetter(_MARK)


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def ingredient_dict(r: Resolution) -> dict[str, Any]:
    """One ingredient of ``ProductAnalysis.to_dict()``."""
    item = r.to_dict()
    item["comedogenic"] = entry_facts(r.entry).rating if r.entry else None
    return item


def ingredient_json(r: Resolution) -> str:
    """:func:`ingredient_dict` as compact JSON."""
    return _dumps(ingredient_dict(r))


class Resolved(NamedTuple):
    """A label's tokens, resolved, with what the judgement passes need per token."""

    resolutions: tuple[Resolution, ...]
    facts: list[EntryFacts | None]
    fragments: tuple[str | None, ...]
    """JSON of each ingredient, None when it must be built (footnote or "may contain")."""
    items: list[Any]
    """(inci, classes without acids, percent) per token for the role guess; None if "may"."""
    bits: list[int]
    mask: int
    """All tokens' bits OR-ed."""


def token_bits(resolution: Resolution, facts: EntryFacts | None) -> int:
    """The bits of one resolved token (see the module constants)."""
    token = resolution.token
    bits = AT_MOST_1_PERCENT if token.percent is not None and token.percent <= 1.0 else 0
    if facts is None:
        bits |= UNKNOWN
        if eu_flags(token.name, token.percent):
            bits |= FLAGGY
        return bits
    if facts.acid is not None:
        bits |= ACID
    if facts.actives:
        bits |= ACTIVE
    if facts.flags or facts.acid_flag is not None:
        bits |= FLAGGY
    if facts.low_marker:
        bits |= LOW_MARKER
    if "retinoid" in facts.classes:
        bits |= RETINOID
    return bits


def _shape(piece: str) -> tuple[int, tuple[str, ...] | None]:
    shape = 0
    brackets = _BRACKETS.findall(piece)
    if brackets:
        depth = 0
        for ch in brackets:
            depth += _BRACKET_DEPTH[ch]
            if depth < 0:
                break
        if depth != 0:
            shape |= _UNBALANCED
    if piece[:1].isdigit():
        shape |= _LEADING_DIGIT
    if piece[-1:].isdigit():
        shape |= _TRAILING_DIGIT
    subs = None
    if ". " in piece:
        split = _PERIOD_SPLIT.split(piece)
        if len(split) > 1:
            shape |= _PERIODS
            subs = tuple(split)
    return shape, subs


def _record(piece: str, dictionary: Dictionary, budget: list[int]) -> list[Any]:
    """The record of a piece not seen before (cached unless fuzzy matching was skipped)."""
    shape, subs = _shape(piece)
    cleaned = clean_piece(piece)
    if cleaned is None:
        record: list[Any] = [None, None, None, None, 0, shape | _NOTHING, subs, "", None]
        dictionary.piece_cache[piece] = record
        return record
    text, name, percent, marks = cleaned
    token = LabelToken(text, name, percent, False, marks, None)
    found = dictionary.resolve(token, allow_fuzzy=budget[0] > 0)
    if found.entry is None or found.how.startswith("fuzzy"):
        budget[0] -= 1
        halves = dictionary.split_joined(text) if found.entry is None and subs is None else None
        if halves is not None:
            # "X and Y": the halves become pieces of their own, like sentences cut at periods.
            shape |= _PERIODS | _JOINED
            subs = halves
    entry = found.entry
    facts = entry_facts(entry) if entry is not None else None
    # The role guess asks only about its own classes; the rest would only slow its loop.
    item = (
        (entry.inci, facts.without_acids & ROLE_CLASSES, percent)
        if entry and facts
        else (None, frozenset(), percent)
    )
    record = [
        found,
        facts,
        ingredient_json(found),
        item,
        token_bits(found, facts),
        shape,
        subs,
        marks.strip() if marks else "",
        None,
    ]
    if found.how != "no fuzzy":
        dictionary.piece_cache[piece] = record
    return record


def _records(pieces: list[str], dictionary: Dictionary, budget: list[int]) -> list[list[Any]]:
    get = dictionary.piece_cache.get
    return [get(p) or _record(p, dictionary, budget) for p in pieces]


def _part_records(part: str, dictionary: Dictionary, budget: list[int]) -> list[list[Any]]:
    """Records of the pieces of one part of a label, in order (pieces with no name left out)."""
    # Commas alone (the usual label) split with str.split; any other separator, with the regex.
    if part.isascii() and "\n" not in part and ";" not in part and "|" not in part:
        raw = part.split(",") if "\r" not in part else _ANY_SEPARATOR.split(part)
    else:
        raw = _ANY_SEPARATOR.split(part)
    records = _records(raw, dictionary, budget)
    shape = 0
    for record in records:
        shape |= record[_SHAPE]
    if not shape & _UNBALANCED and (
        shape & _DIGITS_BOTH != _DIGITS_BOTH or not _digit_across(records)
    ):
        if not shape & (_PERIODS | _NOTHING):
            return records
        if shape & _PERIODS:
            out: list[list[Any]] = []
            for record in records:
                subs = record[_SUBS]
                out.extend(_records(list(subs), dictionary, budget) if subs else (record,))
            records = out
    else:
        # A bracket spans a cut, or a digit sits on both sides of one: the full splitter decides.
        records = _records(split_part(part), dictionary, budget)
        if any(r[_SHAPE] & _JOINED for r in records):
            joined: list[list[Any]] = []
            for record in records:
                split = record[_SHAPE] & _JOINED
                joined.extend(
                    _records(list(record[_SUBS]), dictionary, budget) if split else (record,)
                )
            records = joined
    # Empty pieces are mostly one at the end (where a legend was cut): drop it without a pass.
    while records and records[-1][_RESOLUTION] is None:
        records.pop()
    if None in map(_get_resolution, records):
        return [r for r in records if r[_RESOLUTION] is not None]
    return records


def _digit_across(records: list[list[Any]]) -> bool:
    return any(
        b[_SHAPE] & _LEADING_DIGIT and a[_SHAPE] & _TRAILING_DIGIT for a, b in pairwise(records)
    )


def _variant(record: list[Any], may_contain: bool, legends: dict[str, str]) -> list[Any]:
    """The record of a piece in a "may contain" section or with a footnote (cached too)."""
    footnote = legends.get(record[_MARK]) if record[_MARK] else None
    if not may_contain and footnote is None:
        return record
    variants = record[_VARIANTS]
    if variants is None:
        variants = record[_VARIANTS] = {}
    found = variants.get((may_contain, footnote))
    if found is None:
        resolution: Resolution = record[_RESOLUTION]
        token = resolution.token._replace(may_contain=may_contain, footnote=footnote)
        resolution = resolution._replace(token=token)
        found = [*record]
        found[_RESOLUTION], found[_JSON], found[_VARIANTS] = (
            resolution,
            ingredient_json(resolution),
            None,
        )
        if may_contain:  # "may contain" ingredients say nothing of the product's role
            found[_ITEM] = None
        if len(variants) < 64:  # footnote texts come from labels: keep this bounded
            variants[(may_contain, footnote)] = found
    return found


def resolve_fast(text: str, dictionary: Dictionary) -> Resolved:
    """Parse and resolve ``text`` through the piece cache (same result as :func:`resolve_full`)."""
    parts, legends = prepare_label(text)
    if len(dictionary.piece_cache) > _PIECE_CACHE_LIMIT:
        dictionary.piece_cache.clear()
    budget = [FUZZY_BUDGET]
    records: list[list[Any]] = []
    for part, may_contain in parts:
        found = _part_records(part, dictionary, budget)
        if may_contain:
            found = [_variant(r, True, legends) for r in found]
        elif legends and any(map(_get_mark, found)):
            found = [_variant(r, False, legends) if r[_MARK] else r for r in found]
        records += found
    bits = list(map(_get_bits, records))
    return Resolved(
        tuple(map(_get_resolution, records)),
        list(map(_get_facts, records)),
        tuple(map(_get_json, records)),
        list(map(_get_item, records)),
        bits,
        reduce(or_, bits, 0),
    )


def resolve_full(text: str, dictionary: Dictionary) -> Resolved:
    """The reference: :func:`parse_label` then :meth:`Dictionary.resolve_all`, no piece cache."""
    resolutions = tuple(dictionary.resolve_all(parse_label(text)))
    facts = [entry_facts(r.entry) if r.entry is not None else None for r in resolutions]
    items = [
        None
        if r.token.may_contain
        else (r.entry.inci, f.without_acids, r.token.percent)
        if r.entry is not None and f is not None
        else (None, frozenset(), r.token.percent)
        for r, f in zip(resolutions, facts, strict=True)
    ]
    bits = [token_bits(r, f) for r, f in zip(resolutions, facts, strict=True)]
    mask = 0
    for b in bits:
        mask |= b
    return Resolved(resolutions, facts, (None,) * len(resolutions), items, bits, mask)
