"""What the method says about pores: ``knowledge/data/facts.toml``, loaded and validated."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from porecare.errors import KnowledgeError

__all__ = ["Fact", "facts", "parse_facts"]

DEFAULT_FILE = "facts.toml"
_REQUIRED = ("id", "topic", "text", "source", "cites")


@dataclass(frozen=True)
class Fact:
    """One thing the method says about pores, with the sentence it comes from."""

    id: str
    topic: str
    text: str
    source: str
    cites: str = "method"
    gap: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "topic": self.topic,
            "text": self.text,
            "source": self.source,
            "cites": self.cites,
        }
        if self.gap:
            data["gap"] = self.gap
        return data


def facts(path: str | Path | None = None) -> list[Fact]:
    """The facts, in file order (the packaged file unless ``path`` is given)."""
    return list(_load(None if path is None else str(path)))


@functools.lru_cache(maxsize=4)
def _load(path: str | None) -> tuple[Fact, ...]:
    if path is None:
        where = f"knowledge/data/{DEFAULT_FILE}"
        text = (
            resources.files("porecare.knowledge").joinpath("data", DEFAULT_FILE).read_text("utf-8")
        )
    else:
        where = path
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"{where}: cannot read the facts file ({exc})") from None
    return tuple(parse_facts(text, where=where))


def parse_facts(text: str, *, where: str = DEFAULT_FILE) -> list[Fact]:
    """Parse and validate facts TOML; errors name the file, the fact id and the reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{where}: TOML syntax error: {exc}") from None
    raw = data.get("fact")
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{where}: no [[fact]] tables found")
    found: list[Fact] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        label = (
            f"fact {item.get('id')!r}"
            if isinstance(item, dict) and item.get("id")
            else f"fact #{i + 1}"
        )
        if not isinstance(item, dict):
            raise KnowledgeError(f"{where}: {label}: must be a table")
        for name in _REQUIRED:
            value = item.get(name)
            if not isinstance(value, str) or not value.strip():
                raise KnowledgeError(f"{where}: {label}: field {name!r} must be non-empty text")
        unknown = sorted(set(item) - {*_REQUIRED, "gap"})
        if unknown:
            raise KnowledgeError(f"{where}: {label}: unknown field {unknown[0]!r}")
        if item["cites"] not in ("method", "reference"):
            raise KnowledgeError(f"{where}: {label}: field 'cites' must be method | reference")
        if "[" in item["source"] and not item.get("gap"):
            raise KnowledgeError(f"{where}: {label}: a quote with [filled words] needs 'gap'")
        if item["id"] in seen:
            raise KnowledgeError(f"{where}: {label}: duplicate id")
        seen.add(item["id"])
        found.append(Fact(**{k: item[k] for k in (*_REQUIRED, "gap") if k in item}))
    return found
