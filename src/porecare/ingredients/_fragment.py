"""One ingredient of a result as JSON, spliced from a template per entry (fast).

``check --jsonl`` writes millions of ingredient objects; most share their entry, confidence
and how with many others and differ only in the printed text, percent and footnote, so the
JSON is spliced from the encoder's own output for a probe token (tests compare the two).
"""

from __future__ import annotations

import json
import math
from typing import Any

from porecare.ingredients._dictionary import Resolution
from porecare.ingredients._facts import entry_facts
from porecare.ingredients._parse import LabelToken

__all__ = ["fragment_json", "ingredient_dict", "ingredient_json"]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def ingredient_dict(r: Resolution) -> dict[str, Any]:
    """One ingredient of ``ProductAnalysis.to_dict()``."""
    item = r.to_dict()
    item["comedogenic"] = entry_facts(r.entry).rating if r.entry else None
    return item


def ingredient_json(r: Resolution) -> str:
    """:func:`ingredient_dict` as compact JSON."""
    return _dumps(ingredient_dict(r))


def fragment_json(r: Resolution) -> str:
    """:func:`ingredient_json`, spliced from a JSON template per (entry, confidence, how).

    The template is the encoder's own output for a probe token, used only when the probe
    shows the token's fields where the splice expects them; otherwise the full encoder runs.
    """
    key = (r.entry, r.confidence, r.how)
    template = _TEMPLATES.get(key)
    if template is None:
        if len(_TEMPLATES) >= _TEMPLATE_LIMIT:
            _TEMPLATES.clear()
        template = _TEMPLATES[key] = _template(r)
    if not template:
        return ingredient_json(r)
    token = r.token
    return "".join(
        (
            '{"input":',
            _dumps(token.text),
            template[0],
            "null" if token.percent is None else _number_json(token.percent),
            ',"may_contain":true' if token.may_contain else ',"may_contain":false',
            ',"footnote":',
            "null" if token.footnote is None else _dumps(token.footnote),
            template[1],
        )
    )


_TEMPLATES: dict[tuple[Any, ...], tuple[str, str] | tuple[()]] = {}
_TEMPLATE_LIMIT = 50_000
_PROBE = LabelToken("probe text", "probe name", 0.25, True, "probe marks", "probe footnote")


def _template(r: Resolution) -> tuple[str, str] | tuple[()]:
    probe = ingredient_json(r._replace(token=_PROBE))
    head = '{"input":"probe text"'
    middle = ',"percent":0.25,"may_contain":true,"footnote":"probe footnote"'
    if not probe.startswith(head) or probe.count(middle) != 1 or probe.count("probe") != 2:
        return ()
    before, after = probe[len(head) :].split(middle)
    return before + ',"percent":', after


def _number_json(value: Any) -> str:
    # The encoder writes a finite float as its repr; anything else goes through it.
    if type(value) is float and math.isfinite(value):
        return repr(value)
    return _dumps(value)
