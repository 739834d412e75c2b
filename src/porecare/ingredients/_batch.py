"""Batch checking: one JSON object per input line, one result per output line, in order.

This is the engine of ``porecare check --jsonl``; a bad line yields an error result for that
line and the rest go on. Each line is :func:`analysis_json`: the judgement of
``analyze_product`` (its own passes, fed from the piece records of ``_fast``) written as the
exact bytes of ``ProductAnalysis.to_json``, without building the intermediate objects.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from porecare.errors import IngredientError, PorecareError
from porecare.ingredients._analyze import (
    _active_json,
    _actives,
    _exfoliants,
    _fit,
    _flags,
    _line_json,
    _name_json,
    _one_percent_index,
    _role_json,
    quasi_drug_actives,
)
from porecare.ingredients._dictionary import Dictionary
from porecare.ingredients._fast import (
    ACID,
    ACTIVE,
    AT_MOST_1_PERCENT,
    FLAGGY,
    LOW_MARKER,
    MAY_CONTAIN,
    RETINOID,
    UNKNOWN,
    _get_facts,
    _get_item,
    _get_json,
    _get_resolution,
    get_class_bits,
)
from porecare.ingredients._resolve import resolve_records
from porecare.ingredients._rolemodel import label_class_bits
from porecare.ingredients._roles import guess_role

if TYPE_CHECKING:
    from porecare.profile import Profile

__all__ = ["check_jsonl"]


#: Lines per task when ``workers > 1``: large enough that pickling and the pipe stay cheap.
CHUNK_LINES = 2000
MAX_WORKERS = 64


def check_jsonl(
    lines: Iterable[bytes | str],
    *,
    dictionary: Dictionary,
    profile: Profile | None = None,
    default_name: str | None = None,
    workers: int = 1,
) -> Iterator[str]:
    """Yield one compact JSON result line (no newline) per non-blank input line.

    ``workers > 1`` spreads chunks of :data:`CHUNK_LINES` lines over that many processes;
    results still come in input order and are identical.
    """
    if not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        raise IngredientError(f"workers is {workers!r}; allowed: a whole number 1..{MAX_WORKERS}")
    if workers > 1:
        yield from _in_processes(lines, workers, (dictionary, profile, default_name))
        return
    yield from _check_lines(lines, 1, dictionary, profile, default_name)


def _in_processes(
    lines: Iterable[bytes | str],
    workers: int,
    state: tuple[Dictionary, Profile | None, str | None],
) -> Iterator[str]:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork shares the loaded dictionary and its caches with the workers at no cost
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(workers, initializer=_init_worker, initargs=(state,)) as pool:
        for results in pool.imap(_work, _chunks(lines)):
            yield from results


_STATE: list[tuple[Dictionary, Profile | None, str | None]] = []


def _init_worker(state: tuple[Dictionary, Profile | None, str | None]) -> None:
    _STATE[:] = [state]


def _work(task: tuple[int, list[bytes | str]]) -> list[str]:
    first, chunk = task
    dictionary, profile, default_name = _STATE[0]
    return list(_check_lines(chunk, first, dictionary, profile, default_name))


def _chunks(lines: Iterable[bytes | str]) -> Iterator[tuple[int, list[bytes | str]]]:
    chunk: list[bytes | str] = []
    first = 1
    for raw in lines:
        chunk.append(raw)
        if len(chunk) == CHUNK_LINES:
            yield first, chunk
            first += len(chunk)
            chunk = []
    if chunk:
        yield first, chunk


def _check_lines(
    lines: Iterable[bytes | str],
    first: int,
    dictionary: Dictionary,
    profile: Profile | None,
    default_name: str | None,
) -> Iterator[str]:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    # A batch allocates millions of short-lived, acyclic objects; the cyclic collector would
    # rescan the dictionary and its caches (long-lived) again and again. Freeze what exists
    # and collect young objects less often; both are restored when the batch ends.
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        for number, raw in enumerate(lines, start=first):
            if not raw.strip():
                continue
            try:
                yield _one(raw, number, dictionary, profile, default_name)
            except PorecareError as exc:
                yield dumps({"line": number, "ok": False, "error": exc.message})
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _one(
    raw: bytes | str,
    number: int,
    dictionary: Dictionary,
    profile: Profile | None,
    default_name: str | None,
) -> str:
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            raise _line_error(number, "binary data (NUL bytes); expected a JSON object")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _line_error(number, f"not UTF-8 (byte {exc.start})") from None
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _line_error(number, f"not JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(record, dict) or not isinstance(record.get("ingredients"), str):
        raise _line_error(number, "expected an object with an 'ingredients' string")
    name = record.get("name", default_name)
    if name is not None and not isinstance(name, str):
        raise _line_error(number, "'name' must be a string")
    prefix = f'{{"line":{number},"ok":true,'
    return analysis_json(record["ingredients"], name, profile, dictionary, prefix)


def _line_error(number: int, what: str) -> IngredientError:
    return IngredientError(f"stdin line {number}: {what}")


def analysis_json(
    text: str,
    name: str | None,
    profile: Profile | None,
    dictionary: Dictionary,
    prefix: str = "{",
) -> str:
    """``analyze_product(text, ...).to_json(prefix=prefix)``, byte for byte, made faster.

    The same judgement passes (``_analyze``'s own functions), fed straight from the piece
    records, and the JSON assembled without the intermediate objects (``Resolved``,
    ``ProductAnalysis``). Tests compare the two on real, generated and random labels.
    """
    records, bits, mask = resolve_records(text, dictionary)
    if not records:
        return _empty_json(name, profile, prefix)
    line = _one_percent_index(bits) if mask & (AT_MOST_1_PERCENT | LOW_MARKER) else None
    resolutions = tuple(map(_get_resolution, records))
    items: list[Any] = list(map(_get_item, records))
    facts = list(map(_get_facts, records)) if mask & (ACID | ACTIVE | FLAGGY) else []
    exfoliants: dict[int, str] = {}
    declared = quasi_drug_actives(text, len(records))
    if mask & ACID:
        exfoliants = _exfoliants(resolutions, facts, line, bits, declared)
        # Dosed acids get their classes back for the role (see analyze_product).
        for i in exfoliants:
            inci, _, percent = items[i]
            items[i] = (inci, facts[i].classes, percent)
    if mask & MAY_CONTAIN:  # "may contain" ingredients say nothing of the role
        items = [it for it in items if it is not None]
    role = guess_role(
        name,
        items,
        one_percent_index=line,
        class_bits=label_class_bits(list(map(get_class_bits, records))),
    )
    flags = _flags(resolutions, facts, exfoliants, bits) if mask & FLAGGY else []
    fit = _fit(profile, role.role, resolutions, flags) if profile is not None else None
    actives = _actives(resolutions, facts, line, bits, declared) if mask & ACTIVE else ()
    unknown = [r.token.text for r in resolutions if r.entry is None] if mask & UNKNOWN else ()
    tokens = len(records)
    # The ingredients (most of the bytes) in one join, the head and the rest around it.
    return "".join(
        (
            prefix,
            '"name":',
            _name_json(name),
            ',"ingredients":[',
            ",".join(map(_get_json, records)),
            '],"flags":[',
            ",".join([f.json for f in flags]),
            '],"role":',
            _role_json(role.role, role.confidence, role.evidence),
            ',"actives":[',
            ",".join(map(_active_json, actives)),
            '],"fit":',
            _dumps(fit.to_dict()) if fit else "null",
            ',"unknown":',
            _dumps(unknown) if unknown else "[]",
            f',"counts":{{"tokens":{tokens},"resolved":{tokens - len(unknown)}}}',
            ',"one_percent_line":',
            "null" if line is None else _line_json(line, resolutions[line].inci),
            ',"exfoliating":',
            "true" if exfoliants or role.role == "exfoliant" else "false",
            ',"exfoliants":',
            _dumps([{"inci": resolutions[i].inci or "", "class": c} for i, c in exfoliants.items()])
            if exfoliants
            else "[]",
            ',"contains_retinoid":',
            "true" if mask & RETINOID else "false",
            "}",
        )
    )


def _empty_json(name: str | None, profile: Profile | None, prefix: str) -> str:
    """The result for a label without ingredients."""
    role = guess_role(name, [], class_bits=(0, 0))
    fit = _fit(profile, role.role, (), []) if profile is not None else None
    return "".join(
        (
            prefix,
            '"name":',
            _name_json(name),
            ',"ingredients":[],"flags":[],"role":',
            _role_json(role.role, role.confidence, role.evidence),
            ',"actives":[],"fit":',
            _dumps(fit.to_dict()) if fit else "null",
            ',"unknown":[],"counts":{"tokens":0,"resolved":0},"one_percent_line":null',
            ',"exfoliating":',
            "true" if role.role == "exfoliant" else "false",
            ',"exfoliants":[],"contains_retinoid":false}',
        )
    )


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
