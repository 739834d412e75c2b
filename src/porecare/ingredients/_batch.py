"""Batch checking: one JSON object per input line, one result per output line, in order.

This is the engine of ``porecare check --jsonl``; a bad line yields an error result for that
line and the rest go on.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from porecare.errors import IngredientError, PorecareError
from porecare.ingredients._analyze import ProductAnalysis, analyze_product
from porecare.ingredients._dictionary import Dictionary

if TYPE_CHECKING:
    from porecare.profile import Profile

__all__ = ["check_jsonl"]


def check_jsonl(
    lines: Iterable[bytes | str],
    *,
    dictionary: Dictionary,
    profile: Profile | None = None,
    default_name: str | None = None,
) -> Iterator[str]:
    """Yield one compact JSON result line (no newline) per non-blank input line."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    # A batch allocates millions of short-lived, acyclic objects; the cyclic collector would
    # rescan the dictionary and its caches (long-lived) again and again. Freeze what exists
    # and collect young objects less often; both are restored when the batch ends.
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 50_000), *threshold[1:])
    try:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                analysis = _one(raw, number, dictionary, profile, default_name)
            except PorecareError as exc:
                yield dumps({"line": number, "ok": False, "error": exc.message})
                continue
            yield f'{{"line":{number},"ok":true,' + analysis.to_json()[1:]
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _one(
    raw: bytes | str,
    number: int,
    dictionary: Dictionary,
    profile: Profile | None,
    default_name: str | None,
) -> ProductAnalysis:
    where = f"stdin line {number}"
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            raise IngredientError(f"{where}: binary data (NUL bytes); expected a JSON object")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngredientError(f"{where}: not UTF-8 (byte {exc.start})") from None
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise IngredientError(f"{where}: not JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(record, dict) or not isinstance(record.get("ingredients"), str):
        raise IngredientError(f"{where}: expected an object with an 'ingredients' string")
    name = record.get("name", default_name)
    if name is not None and not isinstance(name, str):
        raise IngredientError(f"{where}: 'name' must be a string")
    return analyze_product(record["ingredients"], name=name, profile=profile, dictionary=dictionary)
