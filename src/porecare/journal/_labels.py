"""Words for people in place of ids: step kinds, adaptation rules and pore metrics.

The CLI's text output, the calendar file and the progress plot name things the way the plan
does (``Water-based cleanser``, not ``water_cleanser``); ``--json`` keeps the ids.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

__all__ = [
    "METRICS",
    "metric_label",
    "metric_value",
    "rule_label",
    "step_label",
    "step_labels",
    "step_with_product",
]

#: Pore metric -> (name, unit after the number, decimals shown).
METRICS: Mapping[str, tuple[str, str, int]] = {
    "count": ("pores counted", "", 0),
    "density_per_cm2": ("pore density", " per cm²", 1),
    "median_diameter_mm": ("median pore diameter", " mm", 3),
    "mean_diameter_mm": ("mean pore diameter", " mm", 3),
    "area_fraction_pct": ("skin area covered by pores", " %", 2),
    "visibility": ("visibility score (0-100)", "", 1),
}


@functools.cache
def step_labels() -> dict[str, str]:
    """Step kind -> label, from the rule book (empty when it cannot be read)."""
    try:
        from porecare.knowledge._rules import load_rules

        return {kind: str(step["label"]) for kind, step in load_rules().steps.items()}
    except Exception:  # a broken rule book is reported by the plan itself, not here
        return {}


def step_label(kind: Any) -> str:
    """``water_cleanser`` -> ``Water-based cleanser`` (the rule book's label)."""
    text = str(kind)
    return step_labels().get(text) or text.replace("_", " ").capitalize()


def step_with_product(step: Mapping[str, Any]) -> str:
    """A plan step's label, with the product attached to it: ``Toner: My toner (your shelf)``."""
    label = step_label(step.get("step"))
    product = step.get("product")
    if not isinstance(product, Mapping) or not product.get("name"):
        return label
    where = {"shelf": "your shelf", "catalog": "suggestion"}.get(str(product.get("source")))
    return f"{label}: {product['name']}" + (f" ({where})" if where else "")


def rule_label(rule_id: Any) -> str:
    """An adaptation rule id (``clay-mask-moves``) as words (``clay mask moves``)."""
    return str(rule_id).replace("-", " ").replace("_", " ")


def metric_label(name: str) -> str:
    return METRICS[name][0] if name in METRICS else name.replace("_", " ")


def metric_value(name: str, value: Any) -> str:
    """``0.2597`` of ``median_diameter_mm`` -> ``0.260 mm``."""
    if value is None:
        return "n/a"
    _, unit, digits = METRICS.get(name, ("", "", 3))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"
