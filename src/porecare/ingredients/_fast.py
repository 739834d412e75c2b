"""Resolve a label's tokens fast: one cached record per distinct raw piece of text.

``check --jsonl`` reads 100k labels built from a few thousand distinct ingredient spellings,
so everything that depends only on one piece of text - its cleaned token, its dictionary
entry, the entry's facts, its JSON, its bits (:data:`ACID`, :data:`ACTIVE`...) and its shape
for the splitter - is computed once per distinct piece and kept in
:attr:`Dictionary.piece_cache <porecare.ingredients.Dictionary>`. A label then costs one
split and one dictionary lookup per ingredient; the judgement passes then OR the bits and
visit only the tokens they concern, and the JSON is joined from the cached fragments. Most
labels skip :func:`~porecare.ingredients._parse.prepare_label` too: each record also says
which of its passes the piece triggers, and ``_quick`` makes the usual cuts piece by piece.

The fast split is exact, not a heuristic. It cuts on every separator at C speed, rejoins a
comma between digits ("1,2-Hexanediol") as the full splitter does, and keeps the result only
when every piece's brackets balance (then no piece could have been rejoined by the full
splitter); otherwise the part goes through :func:`~porecare.ingredients._parse.split_part`.
Pieces are resolved in label order and the fuzzy budget is spent as
:meth:`Dictionary.resolve_all <porecare.ingredients.Dictionary.resolve_all>` spends it, so
even a label of noise that exhausts the budget resolves the same way. :func:`~porecare.ingredients._resolve.resolve_full`
is the reference (full parser, no piece cache); tests assert both give identical results.
"""

from __future__ import annotations

import re
import weakref
from functools import reduce
from itertools import compress, count, repeat
from operator import and_, itemgetter, not_, or_
from typing import Any, NamedTuple, cast

from porecare.ingredients._dictionary import FUZZY_BUDGET, Dictionary, Resolution
from porecare.ingredients._facts import EntryFacts, entry_facts, eu_flags
from porecare.ingredients._fragment import fragment_json, ingredient_dict, ingredient_json
from porecare.ingredients._parse import (
    _PERIOD_SPLIT,
    _SEPARATOR_SPLIT,
    PASS_COLON,
    PASS_LEGEND,
    PASS_MAY_AT,
    PASS_MAY_WORD,
    PASS_ORIGIN,
    PASS_PERCENT,
    PASS_PREFIX,
    PASS_REWRITE,
    LabelToken,
    clean_piece,
    merge_digit_pieces,
    piece_passes,
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
    "MAY_CONTAIN",
    "PIECE_CACHE_LIMIT",
    "RETINOID",
    "UNKNOWN",
    "Tokens",
    "fragment_json",
    "get_class_bits",
    "ingredient_dict",
    "ingredient_json",
    "keep_piece_cache_bounded",
    "label_records",
    "token_bits",
]

# Token bits: OR-ed over a label, they say which judgement passes have anything to do.
ACID = 1
ACTIVE = 2
FLAGGY = 4
LOW_MARKER = 8
AT_MOST_1_PERCENT = 16
UNKNOWN = 32
RETINOID = 64

MAY_CONTAIN = 1 << 24
"""The token sits in a "may contain" section (its role item is None)."""

# A record's code is its token bits, these bits and its shape bits, so that one OR over a
# label says both which passes have work and whether the fast split may stand.
_MARKED = 1 << 7
"""The piece carries a footnote mark ("Aloe Juice*")."""
_UNBALANCED = 1 << 8
_LEADING_DIGIT = 1 << 9
_TRAILING_DIGIT = 1 << 10
_PERIODS = 1 << 11
"""Sentences ("Aqua. Glycerin"): the piece is only a container of its period-split pieces."""
_NOTHING = 1 << 12
_JOINED = 1 << 13
""""X and Y", unknown as a whole: the piece stands for its two halves."""
_DIGITS_BOTH = _LEADING_DIGIT | _TRAILING_DIGIT
# The piece's prepare_label passes (``_parse.PASS_*``), so that a label whose pieces are all
# known can skip prepare_label (``_quick.quick_records``).
_PASSES_AT = 14
_REWRITE = PASS_REWRITE << _PASSES_AT
_COLON = PASS_COLON << _PASSES_AT
_ORIGIN = PASS_ORIGIN << _PASSES_AT
_PERCENT = PASS_PERCENT << _PASSES_AT
_PREFIX = PASS_PREFIX << _PASSES_AT
_LEGEND = PASS_LEGEND << _PASSES_AT
_MAY_WORD = PASS_MAY_WORD << _PASSES_AT
_MAY_AT = PASS_MAY_AT << _PASSES_AT
_MAY = _MAY_WORD | _MAY_AT
_PASSES = 255 << _PASSES_AT
_SHAPES_ONLY = _UNBALANCED | _DIGITS_BOTH | _PERIODS | _PASSES
"""The bits :func:`_shape` sets, and the passes: what the piece's text alone decides."""
_EXPAND = _PERIODS | _NOTHING | _JOINED
_SLOW = _EXPAND | _UNBALANCED
_SUBS_EXPAND = _PERIODS | _JOINED
"""The piece stands for sub-pieces, resolved when it is emitted."""
_EMIT = _EXPAND | _MARKED
"""A piece :func:`_emit` does more with than take its record."""

#: The parser's separators, without the capturing group.
_ANY_SEPARATOR = re.compile(_SEPARATOR_SPLIT.pattern.removeprefix("(").removesuffix(")"))
#: ASCII separators other than "," and "\n" (which the C-speed split handles itself).
_OTHER_ASCII_SEPARATORS = tuple(
    ch for ch in map(chr, range(128)) if ch not in ",\n" and _ANY_SEPARATOR.fullmatch(ch)
)
_BRACKETS = re.compile(r"[()\[\]{}]")
_BRACKET_DEPTH = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
#: Distinct pieces kept (about 1 KB each): the generated 100k-label benchmark needs ~50k;
#: pasted noise cannot grow memory past the cap (the cache is emptied, then refills).
PIECE_CACHE_LIMIT = 100_000

# A piece record; once cached only its memo of variants (last field) ever changes:
# [resolution or None, facts, JSON, role item, code, sub-pieces (period-split or joined
#  halves), footnote mark, variants in "may contain" sections or with footnotes, class bits
#  (``_rolemodel``; apart from the code, which stays a one-digit int for speed)]
_RESOLUTION, _FACTS, _JSON, _ITEM, _CODE, _SUBS, _MARK, _VARIANTS, _CLASSES = range(9)
_get_resolution = itemgetter(_RESOLUTION)
_get_facts = itemgetter(_FACTS)
_get_json = itemgetter(_JSON)
_get_item = itemgetter(_ITEM)
_get_code = itemgetter(_CODE)
get_class_bits = itemgetter(_CLASSES)

Record = list[Any]


class Tokens(NamedTuple):
    """A label's token records in order, their codes (token bits and more) and their OR."""

    records: list[Record]
    codes: list[int]
    """Per token: :data:`ACID`... bits (test them with ``&``) plus internal bits."""
    mask: int

    @property
    def resolutions(self) -> tuple[Resolution, ...]:
        return tuple(map(_get_resolution, self.records))

    @property
    def facts(self) -> list[EntryFacts | None]:
        return list(map(_get_facts, self.records))

    @property
    def fragments(self) -> tuple[str, ...]:
        return tuple(map(_get_json, self.records))

    @property
    def items(self) -> list[Any]:
        return list(map(_get_item, self.records))


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


def keep_piece_cache_bounded(dictionary: Dictionary) -> None:
    """Empty the piece cache once it holds :data:`PIECE_CACHE_LIMIT` pieces (it refills)."""
    if len(dictionary.piece_cache) > PIECE_CACHE_LIMIT:
        dictionary.piece_cache.clear()


def label_records(text: str, dictionary: Dictionary) -> Tokens:
    """The records of any label through :func:`prepare_label` (the quick path's fallback)."""
    parts, legends = prepare_label(text)
    budget = _Budget(dictionary)
    if len(parts) == 1:
        return _part_records(parts[0][0], parts[0][1], legends, budget)
    records: list[Record] = []
    codes: list[int] = []
    mask = 0
    for part, may_contain in parts:
        found = _part_records(part, may_contain, legends, budget)
        records += found.records
        codes += found.codes
        mask |= found.mask
    return Tokens(records, codes, mask)


#: Pieces the quick path (``_quick``) met without a record - holding legends, or halves of
#: "1,2-Hexanediol" - and what it makes of them, a pure function of the text: piece ->
#: (passes and digit ends, pieces, (mark, legend) pairs, pieces when it ends the label).
_CUTS: dict[str, tuple[int, tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]] = {}


class _Budget:
    """The label's fuzzy searches left, spent as :meth:`Dictionary.resolve_all` spends them."""

    __slots__ = ("dictionary", "left")

    def __init__(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.left = FUZZY_BUDGET


def _split(part: str) -> list[str]:
    """``part`` cut at every separator (no rejoining), like ``_SEPARATOR_SPLIT.split``."""
    if part.isascii():
        for ch in _OTHER_ASCII_SEPARATORS:
            if ch in part:
                return _ANY_SEPARATOR.split(part)
        # Commas and newlines only (nearly every label): str.split beats the regex 3-5x.
        return (part.replace("\n", ",") if "\n" in part else part).split(",")
    return _ANY_SEPARATOR.split(part)


def _part_records(part: str, may_contain: bool, legends: dict[str, str], budget: _Budget) -> Tokens:
    """The tokens of one part of a label: all pieces seen before and plain (most labels),
    else :func:`_general`."""
    raw = _split(part)
    found: list[Record | None] = list(map(budget.dictionary.piece_cache.get, raw))
    if None in found or may_contain:
        return _general(part, raw, found, may_contain, legends, budget)
    records = cast(list[Record], found)
    # Empty pieces are mostly one at the end (where a legend was cut): drop it here.
    while records and records[-1][_CODE] & _NOTHING:
        records.pop()
        raw.pop()
    codes = list(map(_get_code, records))
    mask = reduce(or_, codes, 0)
    if mask & _SLOW or mask & _DIGITS_BOTH == _DIGITS_BOTH:
        return _general(part, raw, found, may_contain, legends, budget)
    return _finish(records, codes, mask, legends)


def _finish(records: list[Record], codes: list[int], mask: int, legends: dict[str, str]) -> Tokens:
    if legends and mask & _MARKED:
        # Footnote marks ("Aloe Juice*") pick their legend.
        for i in compress(count(), map(and_, codes, repeat(_MARKED))):
            record = records[i]
            records[i] = _variant(record, False, legends.get(record[_MARK]))
    return Tokens(records, codes, mask)


def _general(
    part: str,
    raw: list[str],
    records: list[Record | None],
    may_contain: bool,
    legends: dict[str, str],
    budget: _Budget,
) -> Tokens:
    """Any part: rejoin what the parser rejoins, resolve unseen pieces in label order (so the
    fuzzy budget goes to the same tokens as the parser's) and expand sub-pieces."""
    get = budget.dictionary.piece_cache.get
    shape = _shape_of(raw, records)
    if shape & _DIGITS_BOTH == _DIGITS_BOTH:
        merged = merge_digit_pieces(part, raw)
        if merged is not raw:
            raw = merged
            records = list(map(get, raw))
            shape = _shape_of(raw, records)
    if shape & _UNBALANCED:
        # A bracket spans a cut: the full splitter decides (its pieces are period-split).
        raw = split_part(part)
        records = list(map(get, raw))
        shape = _shape_of(raw, records)
    if not may_contain and None not in records:
        done = cast(list[Record], records)
        if shape & _NOTHING:
            # Empty pieces are mostly one at the end (where a legend was cut).
            while done and done[-1][_CODE] & _NOTHING:
                done.pop()
                raw.pop()
            shape = _shape_of(raw, records)
        if not shape & _EXPAND:
            codes = list(map(_get_code, done))
            return _finish(done, codes, reduce(or_, codes, 0), legends)
    return _emit_all(raw, records, may_contain, legends, budget)


def _emit_all(
    raw: list[str],
    records: list[Record | None],
    may_contain: bool,
    legends: dict[str, str],
    budget: _Budget,
) -> Tokens:
    """The tokens of the pieces in label order, unseen ones resolved as they come."""
    get = budget.dictionary.piece_cache.get
    if not may_contain:
        plain = _resolve_unseen(raw, records, legends, budget)
        if plain is not None:
            return plain
    out: list[Record] = []
    for piece, record in zip(raw, records, strict=True):
        if record is None:
            record = get(piece) or _record(piece, budget)
        if may_contain or record[_CODE] & _EMIT:
            _emit(piece, record, may_contain, legends, budget, out)
        else:  # what _emit makes of a plain piece without a footnote mark (most pieces)
            out.append(record)
    codes = list(map(_get_code, out))
    return Tokens(out, codes, reduce(or_, codes, 0))


def _resolve_unseen(
    raw: list[str], records: list[Record | None], legends: dict[str, str], budget: _Budget
) -> Tokens | None:
    """The tokens when no piece expands (most labels): only the unseen pieces are visited,
    in label order (so the fuzzy budget is spent as :func:`_emit` spends it); empty pieces
    are dropped as :func:`_emit` drops them. None (with the records met so far filled in,
    as :func:`_emit` would have resolved them) when a piece expands."""
    if reduce(or_, map(_get_code, filter(None, records)), 0) & _SUBS_EXPAND:
        return None
    get = budget.dictionary.piece_cache.get
    for i in compress(count(), map(not_, records)):
        record = records[i] = get(raw[i]) or _record(raw[i], budget)
        if record[_CODE] & _SUBS_EXPAND:
            return None
    done = cast(list[Record], records)
    codes = list(map(_get_code, done))
    mask = reduce(or_, codes, 0)
    if mask & _NOTHING:
        done = [r for r in done if not r[_CODE] & _NOTHING]
        codes = list(map(_get_code, done))
    return _finish(done, codes, reduce(or_, codes, 0), legends)


def _shape_of(raw: list[str], records: list[Record | None]) -> int:
    """The OR of the pieces' codes; unseen pieces are measured, not resolved."""
    shape: int = reduce(or_, map(_get_code, filter(None, records)), 0)
    if None in records:
        shape = reduce(or_, map(_piece_shape, compress(raw, map(not_, records))), shape)
    return shape


def _piece_shape(piece: str) -> int:
    # Pieces that are only ever rejoined ("Propylene Glycol (1") never get a record.
    shape = _SHAPES.get(piece)
    if shape is None:
        if len(_SHAPES) >= PIECE_CACHE_LIMIT:
            _SHAPES.clear()
        shape = _SHAPES[piece] = _shape(piece)[0]
    return shape


_SHAPES: dict[str, int] = {}


def _emit(
    piece: str,
    record: Record | None,
    may_contain: bool,
    legends: dict[str, str],
    budget: _Budget,
    out: list[Record],
) -> None:
    if record is None:
        record = budget.dictionary.piece_cache.get(piece) or _record(piece, budget)
    code = record[_CODE]
    if code & _NOTHING:
        return
    if code & _PERIODS:
        for sub in record[_SUBS]:
            _emit(sub, None, may_contain, legends, budget, out)
        return
    mark = record[_MARK]
    footnote = legends.get(mark) if mark else None
    if not code & _JOINED:
        out.append(_variant(record, may_contain, footnote))
        return
    # The halves of "X* and Y*" keep the whole token's footnote only when their mark is its.
    for half in record[_SUBS]:
        found = budget.dictionary.piece_cache.get(half) or _record(half, budget)
        own = found[_MARK]
        out.append(_variant(found, may_contain, footnote if own and own == mark else None))


def _digit_ends(piece: str) -> int:
    return (_LEADING_DIGIT if piece[:1].isdigit() else 0) | (
        _TRAILING_DIGIT if piece[-1:].isdigit() else 0
    )


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
    shape |= _digit_ends(piece)
    subs = None
    if ". " in piece:
        split = _PERIOD_SPLIT.split(piece)
        if len(split) > 1:
            shape |= _PERIODS
            subs = tuple(split)
    return shape, subs


def _record(piece: str, budget: _Budget) -> Record:
    """The record of a piece not seen before (cached unless fuzzy matching was skipped)."""
    dictionary = budget.dictionary
    cache = dictionary.piece_cache
    shape, subs = _shape(piece)
    cut = _CUTS.get(piece)  # its passes, when the quick path has met it without a record
    if cut is not None and cut[1] == (piece,):
        shape |= cut[0] & _PASSES
    else:
        shape |= piece_passes(piece) << _PASSES_AT
    record: Record
    if subs is not None:
        # Never a token itself (the full parser cuts it first): nothing to resolve.
        record = cache[piece] = [None, None, None, None, shape, subs, "", None, 0]
        return record
    # " Glycerin" (mid-label) and "Glycerin" (first) clean to one token; clean_piece ignores
    # edge spaces, so the record of the other spelling serves when the shapes agree.
    bare = piece.strip(" ")
    for twin in (bare, " " + bare):
        seen = cache.get(twin)
        if seen is not None and twin != piece and seen[_CODE] & _SHAPES_ONLY == shape:
            cache[piece] = seen
            return seen
    cleaned = clean_piece(piece)
    if cleaned is None:
        record = cache[piece] = [None, None, None, None, shape | _NOTHING, None, "", None, 0]
        return record
    # " Glycerin" and "Glycerin" (first on the label) are one token: share the record.
    same = _by_token(dictionary)
    key = (*cleaned, shape)
    shared = same.get(key)
    if shared is not None:
        cache[piece] = shared
        return shared
    text, name, percent, marks = cleaned
    token = LabelToken(text, name, percent, False, marks, None)
    # resolve_all spends budget only on names its cache cannot answer: do the same.
    cached = dictionary._cache.get(name)
    fresh = cached is None or cached[2] == "no fuzzy"
    found = dictionary.resolve(token, allow_fuzzy=budget.left > 0)
    if fresh and (found.entry is None or found.how.startswith("fuzzy")):
        budget.left -= 1
    if found.entry is None:
        halves = dictionary.split_joined(text)
        if halves is not None:
            shape |= _JOINED
            subs = halves
    entry = found.entry
    facts = entry_facts(entry) if entry is not None else None
    # The role guess asks only about ROLE_CLASSES (its contract): the others would only slow
    # its loop, and most ingredients then share one empty set.
    item = (
        (entry.inci, facts.without_acids & ROLE_CLASSES or _NONE, percent)
        if entry and facts
        else (None, _NONE, percent)
    )
    mark = marks.strip() if marks else ""
    record = [
        found,
        facts,
        fragment_json(found),
        item,
        token_bits(found, facts) | shape | (_MARKED if mark else 0),
        subs,
        mark,
        None,
        facts.class_bits if facts is not None else 0,
    ]
    if found.how != "no fuzzy":
        cache[piece] = same[key] = record
    return record


_BY_TOKEN: weakref.WeakKeyDictionary[Dictionary, dict[tuple[Any, ...], Record]]
_BY_TOKEN = weakref.WeakKeyDictionary()


def _by_token(dictionary: Dictionary) -> dict[tuple[Any, ...], Record]:
    """Cleaned token and shape -> record: a second way into the piece cache, emptied with it."""
    same = _BY_TOKEN.get(dictionary)
    if same is None or len(same) > len(dictionary.piece_cache):
        same = _BY_TOKEN[dictionary] = {}
    return same


_NONE: frozenset[str] = frozenset()


def _variant(record: Record, may_contain: bool, footnote: str | None) -> Record:
    """The record of a piece in a "may contain" section or with a footnote (cached too)."""
    if not may_contain and footnote is None:
        return record
    variants = record[_VARIANTS]
    if variants is None:
        variants = record[_VARIANTS] = {}
    found: Record | None = variants.get((may_contain, footnote))
    if found is None:
        resolution: Resolution = record[_RESOLUTION]
        token = resolution.token._replace(may_contain=may_contain, footnote=footnote)
        resolution = resolution._replace(token=token)
        found = [*record]
        found[_RESOLUTION], found[_JSON], found[_VARIANTS] = (
            resolution,
            fragment_json(resolution),
            None,
        )
        if may_contain:  # "may contain" ingredients say nothing of the product's role
            found[_ITEM] = None
            found[_CODE] |= MAY_CONTAIN
        if len(variants) < 64:  # footnote texts come from labels: keep this bounded
            variants[(may_contain, footnote)] = found
    return found
