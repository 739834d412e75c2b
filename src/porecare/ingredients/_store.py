"""The shelf (table ``products``), the catalog (packaged + ``catalog_products``) and importers.

Importers check a file before writing anything: a foreign file is refused with a one-line
:class:`~porecare.errors.DataFileError` and the database is left untouched. Rows are written
with ``executemany`` in one transaction.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from porecare.errors import DataFileError, IngredientError, UsageError
from porecare.ingredients._analyze import ProductAnalysis, _fit, analyze_product
from porecare.ingredients._dictionary import Dictionary
from porecare.ingredients._knowledge import catalog
from porecare.ingredients._roles import ROLES, RoleGuess
from porecare.ingredients._text import name_key

__all__ = [
    "CatalogProduct",
    "ImportResult",
    "ProductRecord",
    "add_product",
    "analyze_shelf_product",
    "catalog_products",
    "edit_product",
    "import_cosing",
    "import_obf",
    "list_products",
    "remove_product",
    "set_product_role",
    "with_stated_role",
]

MAX_NAME = 200
MAX_IMPORT_BYTES = 4 * 1024**3


@dataclass(frozen=True)
class ProductRecord:
    """A product on the user's shelf, with the analysis made when it was added."""

    id: int
    name: str
    ingredients_text: str
    role: str
    analysis: dict[str, Any]
    source: str
    added_at: str
    role_set_by: str = "porecare"
    """"you" when the user said what the product is, else "porecare" (guessed from the label)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "ingredients_text": self.ingredients_text,
            "role": self.role,
            "role_set_by": self.role_set_by,
            "source": self.source,
            "added_at": self.added_at,
            "analysis": self.analysis,
        }


@dataclass(frozen=True)
class CatalogProduct:
    """A product from the packaged starter catalog or an Open Beauty Facts import."""

    id: str
    name: str
    brand: str
    category: str
    ingredients_text: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "brand": self.brand,
            "category": self.category,
            "ingredients_text": self.ingredients_text,
            "source": self.source,
        }


@dataclass(frozen=True)
class ImportResult:
    kind: str
    path: str
    imported: int
    skipped: int
    total_in_table: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "path": self.path,
            "imported": self.imported,
            "skipped": self.skipped,
            "total_in_table": self.total_in_table,
        }


# --- shelf ---------------------------------------------------------------------------------


def _transaction(conn: sqlite3.Connection) -> Any:
    # Imported on use: porecare.journal is large and `porecare plan` must start fast.
    from porecare.journal._db import transaction

    return transaction(conn)


def add_product(
    conn: sqlite3.Connection,
    name: str,
    text: str,
    *,
    role: str | None = None,
    dictionary: Dictionary | None = None,
) -> ProductRecord:
    """Analyse ``text`` and store the product on the shelf.

    ``role`` is what the user says the product is (one of :data:`ROLES`); it replaces
    porecare's guess from the name and ingredients everywhere, the plan included.
    """
    name = _checked_name(name or "", "products add")
    check_role(role, "products add: --role")
    analysis = _judged(conn, name, text, role, dictionary)
    if not analysis.resolutions:
        raise IngredientError(
            "products add: --ingredients has no ingredient names; paste the INCI list"
        )
    added_at = datetime.now(UTC).isoformat(timespec="seconds")
    data = analysis.to_dict()
    set_by = _set_by(role)

    with _transaction(conn):
        cursor = conn.execute(
            "INSERT INTO products (name, ingredients_text, role, analysis_json, source, added_at,"
            " role_set_by) VALUES (?, ?, ?, ?, 'user', ?, ?)",
            (
                name,
                text,
                analysis.role.role,
                json.dumps(data, ensure_ascii=False),
                added_at,
                set_by,
            ),
        )
    return ProductRecord(
        int(cursor.lastrowid or 0), name, text, analysis.role.role, data, "user", added_at, set_by
    )


def set_product_role(
    conn: sqlite3.Connection,
    product_id: int,
    role: str | None,
    *,
    dictionary: Dictionary | None = None,
) -> ProductRecord:
    """Say what shelf product ``product_id`` is (``role``), or ``None`` to go back to
    porecare's guess; the stored analysis is made again either way."""
    check_role(role, "products set-role: ROLE")
    product = _shelf_product(conn, product_id, "products set-role")
    analysis = _judged(conn, product.name, product.ingredients_text, role, dictionary)
    data = analysis.to_dict()
    set_by = _set_by(role)
    with _transaction(conn):
        conn.execute(
            "UPDATE products SET role = ?, role_set_by = ?, analysis_json = ? WHERE id = ?",
            (analysis.role.role, set_by, json.dumps(data, ensure_ascii=False), product_id),
        )
    return replace(product, role=analysis.role.role, analysis=data, role_set_by=set_by)


def edit_product(
    conn: sqlite3.Connection,
    product_id: int,
    *,
    name: str | None = None,
    text: str | None = None,
    dictionary: Dictionary | None = None,
) -> ProductRecord:
    """Correct a shelf product's name or ingredient list (a typo, a new formula); it is
    analysed again, and a role the user stated stays."""
    if name is None and text is None:
        raise UsageError("products edit: give --name, --ingredients or --file to change")
    product = _shelf_product(conn, product_id, "products edit")
    new_name = product.name if name is None else _checked_name(name, "products edit")
    new_text = product.ingredients_text if text is None else text
    stated = product.role if product.role_set_by == "you" else None
    analysis = _judged(conn, new_name, new_text, stated, dictionary)
    if not analysis.resolutions:
        raise IngredientError(
            "products edit: --ingredients has no ingredient names; paste the INCI list"
        )
    data = analysis.to_dict()
    with _transaction(conn):
        conn.execute(
            "UPDATE products SET name = ?, ingredients_text = ?, role = ?, analysis_json = ? "
            "WHERE id = ?",
            (
                new_name,
                new_text,
                analysis.role.role,
                json.dumps(data, ensure_ascii=False),
                product_id,
            ),
        )
    return replace(
        product, name=new_name, ingredients_text=new_text, role=analysis.role.role, analysis=data
    )


def _checked_name(name: str, command: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UsageError(f"{command}: --name is empty; give the product's name")
    if len(name) > MAX_NAME:
        raise UsageError(f"{command}: --name is {len(name)} characters; at most {MAX_NAME}")
    return name


def _judged(
    conn: sqlite3.Connection,
    name: str,
    text: str,
    role: str | None,
    dictionary: Dictionary | None,
) -> ProductAnalysis:
    """The stored analysis of a shelf product: no profile, the user's role if they gave one."""
    analysis = analyze_product(text, name=name, dictionary=dictionary or Dictionary.load(conn))
    return analysis if role is None else with_stated_role(analysis, role)


def _set_by(role: str | None) -> str:
    return "porecare" if role is None else "you"


def _shelf_product(conn: sqlite3.Connection, product_id: int, command: str) -> ProductRecord:
    found = [p for p in list_products(conn) if p.id == product_id]
    if not found:
        raise UsageError(
            f"{command}: no product with id {product_id} on the shelf; see 'porecare products list'"
        )
    return found[0]


def check_role(role: str | None, where: str, *, also: tuple[str, ...] = ()) -> None:
    """Refuse a role that is not one of :data:`ROLES` with a one-line error."""
    if role is not None and role not in ROLES:
        raise UsageError(f"{where} is {role!r}; allowed: {', '.join((*also, *ROLES))}")


def with_stated_role(
    analysis: ProductAnalysis,
    role: str,
    profile: Any = None,
    *,
    stated_by: str = "you said it is",
) -> ProductAnalysis:
    """``analysis`` with the role the user (or a shop's category) states instead of the guess.

    The user holds the product and knows how it is sold and used; porecare's guess from the
    label stays in the evidence so a slip ("toner" for a serum) can be seen. The fit is
    judged again, since leave-on or rinse-off changes what the acne-prone rule asks.
    ``stated_by`` starts the evidence ("you said it is", "the catalog sells it as").
    """
    guess = analysis.role
    stated = f"{stated_by} {with_article(role)}"
    if guess.role == role:
        evidence: tuple[str, ...] = (stated, *guess.evidence)
    else:
        because = f" ({guess.evidence[0]})" if guess.evidence else ""
        evidence = (
            stated,
            f"porecare's guess from the label was {with_article(guess.role)}{because}",
        )
    fit = None
    if profile is not None:
        fit = _fit(profile, role, analysis.resolutions, list(analysis.flags))
    return replace(analysis, role=RoleGuess(role, 1.0, evidence), fit=fit)


def analyze_shelf_product(
    product: ProductRecord, *, dictionary: Dictionary, profile: Any = None
) -> ProductAnalysis:
    """A shelf product analysed (for ``profile``), with the role the user stated, if any."""
    analysis = analyze_product(
        product.ingredients_text, name=product.name, profile=profile, dictionary=dictionary
    )
    if product.role_set_by != "you":
        return analysis
    return with_stated_role(analysis, product.role, profile)


def with_article(role: str) -> str:
    """'a toner', 'an exfoliant'; 'other' reads as what it means."""
    if role == "other":
        return "none of the routine's kinds of product"
    kind = role.replace("_", " ")
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def list_products(conn: sqlite3.Connection) -> list[ProductRecord]:
    rows = conn.execute(
        "SELECT id, name, ingredients_text, role, analysis_json, source, added_at, role_set_by "
        "FROM products ORDER BY id"
    ).fetchall()
    return [
        ProductRecord(
            row["id"],
            row["name"],
            row["ingredients_text"],
            row["role"],
            json.loads(row["analysis_json"]),
            row["source"],
            row["added_at"],
            row["role_set_by"],
        )
        for row in rows
    ]


def remove_product(conn: sqlite3.Connection, product_id: int) -> ProductRecord:
    """Remove one product from the shelf and return what was removed."""
    product = _shelf_product(conn, product_id, "products remove")
    with _transaction(conn):
        conn.execute("DELETE FROM products WHERE id = ?", (product_id,))
    return product


# --- catalog -------------------------------------------------------------------------------


def catalog_products(conn: sqlite3.Connection | None = None) -> Iterator[CatalogProduct]:
    """The packaged starter catalog first, then products imported into ``catalog_products``."""
    for number, entry in enumerate(catalog(), start=1):
        yield CatalogProduct(
            f"starter:{number}",
            entry.name,
            entry.brand,
            entry.category,
            entry.ingredients,
            entry.source,
        )
    if conn is None:
        return
    rows = conn.execute(f"SELECT {CATALOG_COLUMNS} FROM catalog_products ORDER BY id")
    yield from map(catalog_from_row, rows)


#: The ``catalog_products`` columns :func:`catalog_from_row` reads.
CATALOG_COLUMNS = "id, code, name, brand, category, ingredients_text, source"


def catalog_from_row(row: sqlite3.Row) -> CatalogProduct:
    """An imported catalog product; its id is its source and code ("obf:3017620422003")."""
    return CatalogProduct(
        f"{row['source']}:{row['code'] or row['id']}",
        row["name"],
        row["brand"] or "",
        row["category"] or "",
        row["ingredients_text"],
        row["source"],
    )


def analyze_catalog_product(
    product: CatalogProduct, dictionary: Dictionary, profile: Any = None
) -> ProductAnalysis:
    return analyze_product(
        product.ingredients_text, name=product.name, profile=profile, dictionary=dictionary
    )


# --- importers -----------------------------------------------------------------------------


def _read_text(path: Path, what: str) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    if path.is_dir():
        raise DataFileError(f"{path}: is a folder; expected a {what} file")
    if size > MAX_IMPORT_BYTES:
        raise DataFileError(f"{path}: {size:,} bytes is too large for a {what} file")
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise DataFileError(f"{path}: binary data; expected a UTF-8 {what} file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"{path}: not UTF-8 (byte {exc.start}); expected a UTF-8 {what} file"
        ) from None


_COSING_COLUMNS = {
    "inci": ("inci_name", "inci name"),
    "cas": ("cas_number", "cas no", "cas number"),
    "einecs": ("einecs_number", "ec no", "einecs/elincs no", "einecs number"),
    "function": ("function", "functions"),
}


def import_cosing(conn: sqlite3.Connection, path: str | Path) -> ImportResult:
    """Import a CosIng inventory CSV into ``ingredient_names`` (replacing names already there).

    Accepts the Commission's export (a preamble, then ``INCI name``, ``CAS No``, ``EC No``,
    ``Function`` among its columns) and its flat form ``inci_name,cas_number,einecs_number,
    function``. Refuses any other file before writing.
    """
    path = Path(path)
    text = _read_text(path, "CosIng CSV")
    csv.field_size_limit(16 * 1024 * 1024)
    try:
        rows = csv.reader(io.StringIO(text))
        header, where = _find_header(rows, path)
        columns = {key: _column(header, names) for key, names in _COSING_COLUMNS.items()}
        source = f"cosing:{path.name}"
        batch: dict[str, tuple[str, str, str | None, str | None, str, str]] = {}
        skipped = 0
        for row in rows:
            inci = _cell(row, columns["inci"])
            if not inci:
                skipped += 1
                continue
            functions = "|".join(
                f.strip() for f in _cell(row, columns["function"]).split(",") if f.strip()
            )
            key = name_key(inci)
            batch[key] = (
                key,
                inci,
                _cell(row, columns["cas"]) or None,
                _cell(row, columns["einecs"]) or None,
                functions,
                source,
            )
    except csv.Error as exc:
        raise DataFileError(f"{path}: CSV error ({exc}); expected a CosIng inventory CSV") from None
    if not batch:
        raise DataFileError(f"{path}: {where} but no ingredient rows follow it")

    with _transaction(conn):
        conn.executemany(
            "INSERT OR REPLACE INTO ingredient_names "
            "(name_key, inci_name, cas_number, einecs_number, functions, source) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            batch.values(),
        )
    total = conn.execute("SELECT COUNT(*) FROM ingredient_names").fetchone()[0]
    return ImportResult("cosing", str(path), len(batch), skipped, int(total))


def _find_header(rows: Iterator[list[str]], path: Path) -> tuple[list[str], str]:
    for number, row in enumerate(rows, start=1):
        folded = [c.strip().casefold() for c in row]
        if any(c in _COSING_COLUMNS["inci"] for c in folded):
            return folded, f"header on line {number}"
        if number >= 20:
            break
    raise DataFileError(
        f"{path}: not a CosIng inventory (no 'INCI name' or 'inci_name' column in the first "
        "20 lines); expected the Commission's CosIng export or inci_name,cas_number,"
        "einecs_number,function"
    )


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((i for i, c in enumerate(header) if c in names), None)


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return " ".join(row[index].split())


_OBF_REQUIRED = ("code", "product_name", "ingredients_text")


def import_obf(conn: sqlite3.Connection, path: str | Path) -> ImportResult:
    """Import an Open Beauty Facts dump (tab-separated CSV or JSONL) into ``catalog_products``.

    Products without a name or an ingredient list are skipped and counted. A file without the
    ``code``, ``product_name`` and ``ingredients_text`` fields is refused before writing.
    """
    path = Path(path)
    text = _read_text(path, "Open Beauty Facts CSV or JSONL")
    first = text.lstrip()[:1]
    records = _obf_jsonl(text, path) if first == "{" else _obf_csv(text, path)
    batch = []
    skipped = 0
    for record in records:
        # Dumps carry language variants; the plain field first, then the English one.
        name = " ".join(
            str(record.get("product_name") or record.get("product_name_en") or "").split()
        )
        ingredients = str(
            record.get("ingredients_text") or record.get("ingredients_text_en") or ""
        ).strip()
        categories = record.get("categories_tags") or record.get("categories") or ""
        if isinstance(categories, list):
            categories = ",".join(str(c) for c in categories)
        if not name or not ingredients:
            skipped += 1
            continue
        batch.append(
            (
                str(record.get("code") or "").strip() or None,
                name[:MAX_NAME],
                " ".join(str(record.get("brands") or "").split()) or None,
                str(categories) or None,
                ingredients,
            )
        )
    if not batch:
        raise DataFileError(f"{path}: no product has both a product_name and ingredients_text")

    with _transaction(conn):
        conn.executemany(
            "INSERT OR REPLACE INTO catalog_products "
            "(code, name, brand, category, ingredients_text, source) "
            "VALUES (?, ?, ?, ?, ?, 'obf')",
            batch,
        )
    total = conn.execute("SELECT COUNT(*) FROM catalog_products").fetchone()[0]
    return ImportResult("obf", str(path), len(batch), skipped, int(total))


def _obf_csv(text: str, path: Path) -> list[dict[str, Any]]:
    csv.field_size_limit(16 * 1024 * 1024)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line else ","
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        fields = [f.strip() for f in reader.fieldnames or []]
        missing = [c for c in _OBF_REQUIRED if c not in fields]
        if missing:
            raise DataFileError(
                f"{path}: not an Open Beauty Facts dump (no {missing[0]!r} column on line 1); "
                "expected the tab-separated products CSV or the JSONL dump"
            )
        return [{(k or "").strip(): v for k, v in row.items()} for row in reader]
    except csv.Error as exc:
        raise DataFileError(f"{path}: CSV error on line {reader.line_num}: {exc}") from None


def _obf_jsonl(text: str, path: Path) -> list[dict[str, Any]]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(
                f"{path}: line {number} is not JSON ({exc.msg}); expected one product per line"
            ) from None
        if not isinstance(record, dict) or "code" not in record:
            raise DataFileError(
                f"{path}: line {number} is not an Open Beauty Facts product (no 'code' field)"
            )
        out.append(record)
    return out
