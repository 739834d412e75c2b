"""Load and validate the adaptation rules (``knowledge/data/adapt.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from porecare.errors import KnowledgeError

__all__ = ["ACTIONS", "CONDITIONS", "AdaptRule", "load_adapt_rules", "parse_adapt_rules"]

ADAPT_FILE = "adapt.toml"
# The registered condition and action names (implemented in ``_adapt``); the data file may use
# only these, so a typo is caught when the rules load rather than silently never firing.
CONDITIONS = (
    "irritation_streak",
    "breakouts_rising_after_product",
    "adherent_without_pore_change",
    "clay_mask_missed",
)
ACTIONS = ("pause_steps", "move_step", "notice")
_REQUIRED = ("id", "condition", "action", "message", "why", "source")


@dataclass(frozen=True)
class AdaptRule:
    id: str
    condition: str
    action: str
    message: str
    why: str
    source: str
    steps: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)

    def text(self, key: str, values: dict[str, Any]) -> str:
        template = self.message if key == "message" else self.messages[key]
        return template.format(**self.params, **values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "condition": self.condition,
            "action": self.action,
            "steps": list(self.steps),
            "params": dict(self.params),
            "message": self.message,
            "why": self.why,
            "source": self.source,
        }


def parse_adapt_rules(data: dict[str, Any], *, where: str = ADAPT_FILE) -> tuple[AdaptRule, ...]:
    """Validate the parsed TOML; errors name the file, the rule id and the reason."""
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise KnowledgeError(f"{where}: expected one or more [[rule]] tables")
    rules: list[AdaptRule] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_rules, 1):
        rules.append(_parse_rule(raw, where, index, seen))
    return tuple(rules)


def _parse_rule(raw: Any, where: str, index: int, seen: set[str]) -> AdaptRule:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: rule #{index} is not a table")
    rid = str(raw.get("id", f"#{index}"))
    for key in _REQUIRED:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise KnowledgeError(f"{where}: rule {rid}: missing or empty {key!r}")
    if rid in seen:
        raise KnowledgeError(f"{where}: rule {rid}: id used twice")
    seen.add(rid)
    if raw["condition"] not in CONDITIONS:
        raise KnowledgeError(
            f"{where}: rule {rid}: unknown condition {raw['condition']!r}; "
            f"allowed: {', '.join(CONDITIONS)}"
        )
    if raw["action"] not in ACTIONS:
        raise KnowledgeError(
            f"{where}: rule {rid}: unknown action {raw['action']!r}; allowed: {', '.join(ACTIONS)}"
        )
    steps = raw.get("steps", [])
    params = raw.get("params", {})
    if not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
        raise KnowledgeError(f"{where}: rule {rid}: 'steps' must be a list of step selectors")
    if raw["action"] in ("pause_steps", "move_step") and not steps:
        raise KnowledgeError(f"{where}: rule {rid}: action {raw['action']!r} needs 'steps'")
    if not isinstance(params, dict):
        raise KnowledgeError(f"{where}: rule {rid}: 'params' must be a table")
    messages = {k: v for k, v in raw.items() if k.startswith("message_") and isinstance(v, str)}
    return AdaptRule(
        id=rid,
        condition=raw["condition"],
        action=raw["action"],
        message=raw["message"],
        why=raw["why"],
        source=raw["source"],
        steps=tuple(steps),
        params=dict(params),
        messages=messages,
    )


@lru_cache(maxsize=1)
def load_adapt_rules() -> tuple[AdaptRule, ...]:
    """The packaged adaptation rules, validated."""
    try:
        text = (
            resources.files("porecare.knowledge")
            .joinpath(f"data/{ADAPT_FILE}")
            .read_text(encoding="utf-8")
        )
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KnowledgeError(f"{ADAPT_FILE}: cannot read ({exc})") from None
    return parse_adapt_rules(data)
