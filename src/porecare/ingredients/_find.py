"""Find a product in the catalog by its name or brand, and put it on the shelf.

Typing an INCI list off a pack is the slowest part of filling a shelf. The packaged starter
catalog and any Open Beauty Facts import (``porecare data import-obf``) already hold lists:
:func:`find_in_catalog` finds products whose brand and name contain every word asked for
(case, accents and punctuation ignored), and :func:`add_from_catalog` copies one onto the
shelf, where it is analysed like any product the user typed in.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from porecare.errors import IngredientError
from porecare.ingredients._analyze import analyze_product
from porecare.ingredients._dictionary import Dictionary
from porecare.ingredients._store import (
    CATALOG_COLUMNS,
    CatalogProduct,
    ProductRecord,
    add_product,
    catalog_from_row,
    catalog_products,
)

if TYPE_CHECKING:
    from porecare.profile import Profile

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_RESULTS",
    "add_from_catalog",
    "catalog_product",
    "find_in_catalog",
    "judge_catalog_products",
]

#: The most matches one search returns (a search is for picking one product).
MAX_RESULTS = 100
MAX_QUERY_CHARS = 200
_WORD = re.compile(r"[^\W_]+")
_ID = re.compile(r"(?P<source>[a-z]+):(?P<key>[^\s:]+)")


def find_in_catalog(
    conn: sqlite3.Connection | None, query: str, *, limit: int = 20
) -> list[CatalogProduct]:
    """Catalog products whose brand and name hold every word of ``query``, packaged first;
    an empty query lists the catalog.

    Raises :class:`~porecare.errors.IngredientError` for a query of only punctuation, or one
    too long, or a bad limit.
    """
    if not isinstance(limit, int) or not 1 <= limit <= MAX_RESULTS:
        raise IngredientError(f"catalog: limit is {limit!r}; allowed: 1..{MAX_RESULTS}")
    if len(query) > MAX_QUERY_CHARS:
        raise IngredientError(f"catalog: the search is over {MAX_QUERY_CHARS} characters")
    words = _words(query)
    if not words and query.strip():
        raise IngredientError("catalog: give a word of the product's name or brand to search for")
    return list(islice(_matches(conn, words), limit))


def judge_catalog_products(
    products: list[CatalogProduct],
    *,
    profile: Profile | None = None,
    dictionary: Dictionary | None = None,
) -> list[dict[str, Any]]:
    """Each product's ``to_dict()`` with what it is - ``role``, as the catalog files it when its
    category names a role, else porecare's guess - and ``fit`` for ``profile`` (or None)."""
    from porecare.ingredients._choose import as_filed

    dictionary = dictionary or Dictionary.load()
    judged = []
    for product in products:
        analysis = analyze_product(
            product.ingredients_text, name=product.name, profile=profile, dictionary=dictionary
        )
        analysis = as_filed(product, analysis, profile)
        fit = analysis.fit.to_dict() if analysis.fit is not None else None
        judged.append({**product.to_dict(), "role": analysis.role.to_dict(), "fit": fit})
    return judged


def catalog_product(conn: sqlite3.Connection | None, product_id: str) -> CatalogProduct:
    """The catalog product with ``product_id`` (as :func:`find_in_catalog` gives it)."""
    where = f"catalog product {product_id!r}"
    if not isinstance(product_id, str) or not _ID.fullmatch(product_id.strip()):
        raise IngredientError(f"{where}: expected an id such as starter:3 or obf:3017620422003")
    product_id = product_id.strip()
    source = product_id.split(":", 1)[0]
    products = catalog_products(None) if source == "starter" else _imported(conn, product_id)
    found = next((p for p in products if p.id == product_id), None)
    if found is None:
        raise IngredientError(f"{where}: not in the catalog; search it with `porecare catalog`")
    return found


def add_from_catalog(
    conn: sqlite3.Connection,
    product_id: str,
    *,
    name: str | None = None,
    role: str | None = None,
    dictionary: Dictionary | None = None,
) -> ProductRecord:
    """Put the catalog product ``product_id`` on the shelf (analysed on entry), under its
    brand and name unless ``name`` is given; ``role`` as in :func:`add_product`."""
    product = catalog_product(conn, product_id)
    if name is None:
        name = product.name
        if product.brand and not _words_text(name).startswith(_words_text(product.brand)):
            name = f"{product.brand} {name}"
    text = product.ingredients_text
    return add_product(conn, name, text, role=role, dictionary=dictionary)


def _matches(conn: sqlite3.Connection | None, words: list[str]) -> Iterator[CatalogProduct]:
    """Catalog products whose brand and name hold every word, packaged first."""
    for product in catalog_products(None):
        if _holds(f"{product.brand} {product.name}", words):
            yield product
    if conn is None:
        return
    # Brand and name only are folded and matched here (accents make SQL's LIKE miss "crème"
    # for "creme"); the full rows are read for the matches alone.
    for key, name, brand in conn.execute(
        "SELECT id, name, coalesce(brand, '') FROM catalog_products ORDER BY id"
    ):
        if _holds(f"{brand} {name}", words):
            row = conn.execute(
                f"SELECT {CATALOG_COLUMNS} FROM catalog_products WHERE id = ?", (key,)
            ).fetchone()
            yield catalog_from_row(row)


def _imported(conn: sqlite3.Connection | None, product_id: str) -> Iterator[CatalogProduct]:
    if conn is None:
        return
    source, key = product_id.split(":", 1)
    rows = conn.execute(
        f"SELECT {CATALOG_COLUMNS} FROM catalog_products "
        "WHERE source = ? AND (code = ? OR CAST(id AS TEXT) = ?)",
        (source, key, key),
    )
    yield from map(catalog_from_row, rows)


def _holds(text: str, words: list[str]) -> bool:
    folded = _words_text(text)
    return all(word in folded for word in words)


def _words(text: str) -> list[str]:
    return _WORD.findall(_fold(text))


def _words_text(text: str) -> str:
    return " ".join(_words(text))


def _fold(text: str) -> str:
    """Lower case without accents: "Crème" and "creme" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
