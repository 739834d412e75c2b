"""The quick path of :func:`~porecare.ingredients._resolve.resolve_records`: most labels skip
:func:`~porecare.ingredients._parse.prepare_label` altogether.

A label whose pieces are all known (records in the piece cache) needs prepare_label only
when one of its passes would change the text; every record carries the passes its piece
triggers (``_parse.piece_passes``), so one OR over the pieces tells. The two changes nearly
every label needs - an "Ingredients:" prefix on the first piece, footnote legends
("*Organic") - and "may contain" sections are made piece by piece (cached per piece); any
other label, or one this path cannot prove plain, takes the full path (None). Tests compare
both paths on real, generated and random labels.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from itertools import compress, count
from operator import not_, or_
from typing import cast

from porecare.ingredients._dictionary import Dictionary
from porecare.ingredients._fast import (
    _CODE,
    _COLON,
    _CUTS,
    _DIGITS_BOTH,
    _LEGEND,
    _MAY,
    _MAY_AT,
    _MAY_WORD,
    _NOTHING,
    _ORIGIN,
    _PASSES_AT,
    _PERCENT,
    _PREFIX,
    _REWRITE,
    _SLOW,
    _UNBALANCED,
    PIECE_CACHE_LIMIT,
    Record,
    Tokens,
    _Budget,
    _digit_ends,
    _emit_all,
    _finish,
    _get_code,
    _shape_of,
)
from porecare.ingredients._parse import (
    MAX_LABEL_CHARS,
    PASS_COLON,
    PASS_LEGEND,
    PASS_PREFIX,
    merge_ascii_digit_pieces,
    piece_legends,
    piece_may_contain,
    piece_passes,
    piece_without_prefix,
)

__all__ = ["quick_records"]


def quick_records(text: str, dictionary: Dictionary) -> Tokens | None:
    """The records of a label whose pieces are all known and plain, or None.

    Plain: ASCII that :func:`prepare_label` would change at most by removing the first
    piece's "Ingredients:" prefix and cutting footnote legends ("*Organic"). Each piece's
    code carries the passes it triggers (``_parse.piece_passes``), so one OR over the pieces
    tells, and the prefix and legend cuts are made piece by piece (cached). Here the usual
    label: a known prefix at most, a legend in its last piece at most ("..., Aloe Juice*.
    *Organic"), every piece known; :func:`_quick_general` takes any other.
    """
    if not isinstance(text, str) or len(text) > MAX_LABEL_CHARS or not text.isascii():
        return None
    raw = text.split(",")
    if len(raw) < 2:
        return None
    passes = 0
    lead = _LEADS.get(raw[0])
    if lead is not None:
        passes, raw[0] = lead
    last: tuple[tuple[str, str], ...] = ()
    cut = _CUTS.get(raw[-1])
    if cut is not None and cut[2]:
        passes |= cut[0]
        raw[-1:] = cut[3]  # (without the empty pieces it ends with: they would be dropped)
        last = cut[2]
    found = list(map(dictionary.piece_cache.get, raw))
    # (Records are non-empty lists: all() finds a missing one faster than "None in".)
    if all(found) and (lead is not None or not found[0][_CODE] & _PREFIX):  # type: ignore[index]
        records = cast(list[Record], found)
        codes = list(map(_get_code, records))
        mask = reduce(or_, codes, 0)
        if not mask & (_SLOW | _NOTHING) and mask & _DIGITS_BOTH != _DIGITS_BOTH:
            if _passes_run(passes | mask):
                return None
            return _finish(records, codes, mask, dict(last))
    return _quick_general(raw, found, passes, lead is not None, last, dictionary)


def _quick_general(
    raw: list[str],
    found: list[Record | None],
    passes: int,
    led: bool,
    last: tuple[tuple[str, str], ...],
    dictionary: Dictionary,
) -> Tokens | None:
    """:func:`quick_records` for any label: ``raw`` and ``found`` are its pieces and their
    records so far, ``passes`` theirs, ``led`` whether the prefix is cut, ``last`` the
    legends of the last piece when it is cut. The prefix, then legends, unseen pieces and
    pieces to rejoin; None when the full path must decide."""
    get = dictionary.piece_cache.get
    first = found[0]
    if not led and (first is None or first[_CODE] & _PREFIX):
        lead = _LEADS.get(raw[0]) or _lead(raw[0])
        if lead is not None:
            passes |= lead[0]
            raw[0] = lead[1]
            found[0] = get(raw[0])
    legends: dict[str, str] = {}
    kept = 0
    if not all(found):
        raw, found, more, kept = _cut_legends(raw, found, legends, get)
        passes |= more
    for mark, legend in last:  # after the others': legends are taken in label order
        legends.setdefault(mark, legend)
    kept |= reduce(or_, map(_get_code, filter(None, found)), 0)
    if kept & _MAY_WORD and kept & _MAY_AT and not passes & _MAY:
        # A "may contain" section in a piece as printed (not one a cut has changed).
        return _quick_may(raw, found, passes | kept, legends, dictionary)
    passes |= kept
    if not all(found):
        # "1,2-Hexanediol": pieces the parser rejoins, never cached as they stand (a cut
        # above never puts a line break next to a digit: the pieces tell).
        if passes & _DIGITS_BOTH == _DIGITS_BOTH:
            raw = merge_ascii_digit_pieces(raw)
            found = list(map(get, raw))
        if not all(found):
            return _quick_unseen(raw, found, passes, legends, dictionary)
    return _quick_known(raw, cast(list[Record], found), passes, legends, get)


def _quick_known(
    raw: list[str],
    records: list[Record],
    passes: int,
    legends: dict[str, str],
    get: Callable[[str], Record | None],
) -> Tokens | None:
    """The label's pieces, all known: rejoin "1,2-Hexanediol", drop the empty pieces at the
    end (as the full path does), then the passes decide."""
    codes = list(map(_get_code, records))
    mask = reduce(or_, codes, 0)
    if mask & _DIGITS_BOTH == _DIGITS_BOTH:
        merged = merge_ascii_digit_pieces(raw)
        if merged is not raw:
            passes |= mask
            found = list(map(get, merged))
            if not all(found):
                return None
            records = cast(list[Record], found)
            codes = list(map(_get_code, records))
            mask = reduce(or_, codes, 0)
    if mask & _NOTHING:
        while records and records[-1][_CODE] & _NOTHING:
            records.pop()
            codes.pop()
        mask = reduce(or_, codes, 0)
    if _passes_run(passes | mask) or mask & _SLOW:
        return None
    return _finish(records, codes, mask, legends)


def _passes_run(passes: int) -> bool:
    """Whether prepare_label would do more than cut a prefix and legends."""
    return bool(
        passes & (_REWRITE | _COLON | _LEGEND)
        or (passes & _ORIGIN and passes & _PERCENT)
        or (passes & _MAY_WORD and passes & _MAY_AT)
    )


def _quick_may(
    raw: list[str],
    found: list[Record | None],
    passes: int,
    legends: dict[str, str],
    dictionary: Dictionary,
) -> Tokens | None:
    """A plain label but for its "may contain" section: cut where the first piece that starts
    one is cut, each part as :func:`resolve_records` takes it (in label order)."""
    if _passes_run(passes & ~_MAY):
        return None
    k = next((i for i, piece in enumerate(raw) if _may_bits(piece, found[i]) & _MAY_AT), None)
    cut = piece_may_contain(raw[k]) if k is not None else None
    if k is None or cut is None:
        return None
    get = dictionary.piece_cache.get
    head, tail = cut
    parts = (
        ([*raw[:k], head], [*found[:k], get(head)]),
        ([tail, *raw[k + 1 :]], [get(tail), *found[k + 1 :]]),
    )
    for pieces, records in parts:
        shape = _shape_of(pieces, records)
        # Rejoining (digits, brackets) is the full path's: it needs the printed separators.
        if shape & _UNBALANCED or shape & _DIGITS_BOTH == _DIGITS_BOTH:
            return None
    budget = _Budget(dictionary)
    first = _emit_all(*parts[0], False, legends, budget)
    second = _emit_all(*parts[1], True, legends, budget)
    return Tokens(
        first.records + second.records, first.codes + second.codes, first.mask | second.mask
    )


def _may_bits(piece: str, record: Record | None) -> int:
    if record is not None:
        return int(record[_CODE])
    cut = _CUTS.get(piece)  # (emptied now and then: then measured again)
    return cut[0] if cut is not None else piece_passes(piece) << _PASSES_AT


def _quick_unseen(
    raw: list[str],
    found: list[Record | None],
    passes: int,
    legends: dict[str, str],
    dictionary: Dictionary,
) -> Tokens | None:
    """A plain label with unseen pieces: resolved in label order as ``_general`` does, once
    the passes (all pieces' now: unseen ones had theirs taken with their legends) allow."""
    shape = _shape_of(raw, found)
    # A bracket across a cut is rejoined with the separator printed there: the full path.
    if _passes_run(passes | shape) or shape & _UNBALANCED:
        return None
    return _emit_all(raw, found, False, legends, _Budget(dictionary))


def _lead(piece: str) -> tuple[int, str] | None:
    """(the passes of a first piece with its prefix, that piece without it), or None."""
    passes = piece_passes(piece)
    if not passes & PASS_PREFIX:
        return None
    if len(_LEADS) >= PIECE_CACHE_LIMIT:
        _LEADS.clear()
    # Its colon and legends are the prefix's, or still in the piece (then its own code has them).
    passes &= ~(PASS_COLON | PASS_LEGEND)
    lead = _LEADS[piece] = (passes << _PASSES_AT, piece_without_prefix(piece))
    return lead


def _cut_legends(
    raw: list[str],
    found: list[Record | None],
    legends: dict[str, str],
    get: Callable[[str], Record | None],
) -> tuple[list[str], list[Record | None], int, int]:
    """The pieces with their legends cut, their records, and the passes of the pieces that
    had no record: of those cut, of those kept as they are. ``legends`` gets the legends in
    label order."""
    passes = kept = 0
    cuts = []
    for i in compress(count(), map(not_, found)):  # the few pieces without a record
        piece = raw[i]
        cut = _CUTS.get(piece)
        if cut is None:
            # Unseen, or never a token as it stands: a piece the parser rejoins ("1,2-...").
            bits = piece_passes(piece)
            pieces, pairs = piece_legends(piece) if bits & PASS_LEGEND else ((piece,), ())
            if len(_CUTS) >= PIECE_CACHE_LIMIT:
                _CUTS.clear()
            # The pieces' digit ends say whether one may be rejoined with its neighbour.
            ends = reduce(or_, map(_digit_ends, pieces), 0)
            # As a label's last piece, its trailing empty pieces would be dropped.
            trimmed = list(pieces)
            while trimmed and not trimmed[-1]:
                trimmed.pop()
            passes_ends = (bits & ~PASS_LEGEND) << _PASSES_AT | ends
            cut = _CUTS[piece] = (passes_ends, pieces, pairs, tuple(trimmed))
        if cut[2]:
            passes |= cut[0]
            for mark, legend in cut[2]:
                legends.setdefault(mark, legend)
            cuts.append((i, cut[1]))
        else:
            kept |= cut[0]
    for i, pieces in reversed(cuts):
        raw[i : i + 1] = pieces
        found[i : i + 1] = map(get, pieces)
    return raw, found, passes, kept


#: First pieces with an "Ingredients:" prefix: (their passes, the piece without it).
_LEADS: dict[str, tuple[int, str]] = {}
