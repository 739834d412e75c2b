"""What a catalog product is filed under, as the roles it can have (``catalog_categories.toml``).

A shop's category is the seller's word for what a product is, like a user's on their own shelf
(:func:`~porecare.ingredients._store.with_stated_role`): porecare's guess from the name and
ingredients stands only when it is one of the roles the category allows.
"""

from __future__ import annotations

import tomllib
from functools import cache

from porecare.errors import KnowledgeError
from porecare.ingredients._knowledge import read_data
from porecare.ingredients._roles import ROLES

__all__ = ["category_roles", "parse_categories"]

_FILE = "catalog_categories.toml"


def category_roles(category: str | None) -> tuple[str, ...]:
    """The roles a product filed under ``category`` can have, the likeliest first; () if the
    category says nothing.

    ``category`` is a role (the packaged starter catalog), or Open Beauty Facts category tags
    or names separated by commas (``"en:face-masks,en:clay-masks"``, ``"Micellar water"``).
    Several known tags leave the roles they share (none in common: nothing is said).
    """
    if not category:
        return ()
    if category in ROLES:
        return (category,)
    tags = _tags()
    allowed: tuple[str, ...] | None = None
    for item in category.split(","):
        roles = tags.get(_tag(item))
        if roles is None:
            continue
        allowed = roles if allowed is None else tuple(r for r in allowed if r in roles)
    return allowed or ()


def _tag(item: str) -> str:
    text = item.strip().casefold()
    return text if ":" in text else "en:" + "-".join(text.split())


@cache
def _tags() -> dict[str, tuple[str, ...]]:
    return parse_categories(read_data(_FILE))


def parse_categories(text: str) -> dict[str, tuple[str, ...]]:
    """Tag -> roles from the text of ``catalog_categories.toml`` (KnowledgeError if malformed)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"knowledge/data/{_FILE}: {exc}") from None
    tags = data.get("tags")
    if not isinstance(tags, dict):
        raise KnowledgeError(f"knowledge/data/{_FILE}: missing the [tags] table")
    out: dict[str, tuple[str, ...]] = {}
    for tag, roles in tags.items():
        if not isinstance(roles, list) or not roles or not all(r in ROLES for r in roles):
            raise KnowledgeError(
                f"knowledge/data/{_FILE}: tag {tag!r} must list roles from: {', '.join(ROLES)}"
            )
        out[_tag(tag)] = tuple(roles)
    return out
