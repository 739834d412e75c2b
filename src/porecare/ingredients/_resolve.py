"""Resolve a label's tokens: the entry points of the fast path and the reference they match.

:func:`resolve_records` gives a label's token records (``_fast``), through the quick path
(``_quick``) when it can prove a label plain, else through the general path; a name a source
broke in two is then read as one (:meth:`Dictionary.rejoin_broken
<porecare.ingredients.Dictionary.rejoin_broken>`). :func:`resolve_fast` turns the records into
what the judgement passes read; :func:`resolve_full` is the reference - the full parser and
:meth:`Dictionary.resolve_all`, no piece cache - and tests assert both give identical results.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any, NamedTuple

from porecare.ingredients._dictionary import Dictionary, Resolution
from porecare.ingredients._facts import EntryFacts, entry_facts
from porecare.ingredients._fast import (
    _NONE,
    _RESOLUTION,
    UNKNOWN,
    Record,
    Tokens,
    _get_code,
    fragment_json,
    keep_piece_cache_bounded,
    label_records,
    token_bits,
)
from porecare.ingredients._parse import parse_label
from porecare.ingredients._quick import quick_records
from porecare.ingredients._roles import ROLE_CLASSES

__all__ = ["Resolved", "resolve_fast", "resolve_full", "resolve_records"]


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


def resolve_fast(text: str, dictionary: Dictionary) -> Resolved:
    """Parse and resolve ``text`` through the piece cache (same result as :func:`resolve_full`)."""
    tokens = resolve_records(text, dictionary)
    return Resolved(
        tokens.resolutions, tokens.facts, tokens.fragments, tokens.items, tokens.codes, tokens.mask
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


def resolve_records(text: str, dictionary: Dictionary) -> Tokens:
    """The token records of ``text`` in label order, with their codes.

    Raises :class:`~porecare.errors.IngredientError` for binary or oversized input.
    """
    keep_piece_cache_bounded(dictionary)
    tokens = quick_records(text, dictionary) or label_records(text, dictionary)
    if tokens.mask & UNKNOWN:  # a name a source broke in two (Dictionary.rejoin_broken)
        return _rejoined(tokens, dictionary)
    return tokens


def _rejoined(tokens: Tokens, dictionary: Dictionary) -> Tokens:
    resolutions = [record[_RESOLUTION] for record in tokens.records]
    joined = dictionary.rejoin_broken(resolutions)
    if len(joined) == len(resolutions):
        return tokens
    records: list[Record] = []
    i = 0
    for resolution in joined:
        if resolution is resolutions[i]:
            records.append(tokens.records[i])
            i += 1
        else:
            records.append(_joined_record(resolution))
            i += 2
    codes = list(map(_get_code, records))
    return Tokens(records, codes, reduce(or_, codes, 0))


def _joined_record(found: Resolution) -> Record:
    """The record of two pieces read as one name (never cached: it has no one piece)."""
    entry = found.entry
    assert entry is not None  # rejoin_broken joins only into a known name
    facts = entry_facts(entry)
    item = (entry.inci, facts.without_acids & ROLE_CLASSES or _NONE, found.token.percent)
    return [
        found,
        facts,
        fragment_json(found),
        item,
        token_bits(found, facts),
        None,
        "",
        None,
        facts.class_bits if facts else 0,
    ]
