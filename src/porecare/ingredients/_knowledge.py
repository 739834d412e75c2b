"""Read the packaged ingredient knowledge (``porecare/knowledge/data``) and validate it.

Files: ``ingredients.csv`` (curated names, aliases and classes), ``ingredient_classes.toml``
(what each class means, why it matters and the source), ``comedogenic.csv`` (ratings with a
citation on every row) and ``catalog.toml`` (the starter catalog). A malformed file fails with
:class:`~porecare.errors.KnowledgeError` naming the file, the line or entry, and the reason.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from porecare.errors import KnowledgeError

__all__ = [
    "COMEDOGENIC_CAVEAT",
    "CatalogEntry",
    "ClassInfo",
    "ComedogenicRating",
    "CuratedIngredient",
    "catalog",
    "classes",
    "comedogenic_caveat",
    "comedogenic_ratings",
    "curated_ingredients",
    "read_data",
]

#: Shown with every comedogenic rating (research notes; Fulton 1989 and later re-evaluations).
COMEDOGENIC_CAVEAT = (
    "Comedogenic ratings come from tests of undiluted ingredients on rabbit ears; a finished "
    "product at normal concentrations is not necessarily comedogenic (concentration matters)."
)


@dataclass(frozen=True)
class CuratedIngredient:
    inci: str
    aliases: tuple[str, ...]
    classes: tuple[str, ...]
    functions: tuple[str, ...]
    cas: str | None


@dataclass(frozen=True)
class ClassInfo:
    id: str
    label: str
    description: str
    why: str
    source: str


@dataclass(frozen=True)
class ComedogenicRating:
    inci: str
    rating: int
    irritancy: int | None
    test: str
    concentration: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rating": self.rating,
            "irritancy": self.irritancy,
            "test": self.test,
            "concentration": self.concentration,
            "source": self.source,
            "caveat": comedogenic_caveat(),
        }


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    brand: str
    category: str
    ingredients: str
    source: str


def read_data(name: str) -> str:
    """The text of ``knowledge/data/<name>`` (UTF-8)."""
    try:
        return resources.files("porecare.knowledge").joinpath(f"data/{name}").read_text("utf-8-sig")
    except FileNotFoundError:
        raise KnowledgeError(f"knowledge/data/{name}: missing from the installed package") from None
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"knowledge/data/{name}: not UTF-8 (byte {exc.start})") from None


def _csv_rows(name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(read_data(name)))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise KnowledgeError(f"knowledge/data/{name}: missing column {missing[0]!r}")
    rows = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
    return rows


def _split_bar(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


@cache
def curated_ingredients() -> tuple[CuratedIngredient, ...]:
    """The curated ingredient table, in file order; class ids are checked against the classes."""
    known = classes()
    out = []
    for line, row in _csv_rows("ingredients.csv", ("inci_name", "aliases", "classes")):
        if not row["inci_name"]:
            raise KnowledgeError(f"knowledge/data/ingredients.csv: line {line}: empty inci_name")
        row_classes = _split_bar(row["classes"])
        for class_id in row_classes:
            if class_id not in known:
                raise KnowledgeError(
                    f"knowledge/data/ingredients.csv: line {line} ({row['inci_name']}): "
                    f"unknown class {class_id!r}; classes are defined in ingredient_classes.toml"
                )
        out.append(
            CuratedIngredient(
                inci=row["inci_name"],
                aliases=_split_bar(row["aliases"]),
                classes=row_classes,
                functions=_split_bar(row.get("functions", "")),
                cas=row.get("cas_number") or None,
            )
        )
    return tuple(out)


@cache
def _classes_file() -> dict[str, Any]:
    try:
        return tomllib.loads(read_data("ingredient_classes.toml"))
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"knowledge/data/ingredient_classes.toml: {exc}") from None


def comedogenic_caveat() -> str:
    """The caveat shown with every comedogenic rating (the data file's wording when it has one)."""
    caveat = _classes_file().get("caveat", {})
    text = caveat.get("comedogenic") if isinstance(caveat, dict) else None
    return text if isinstance(text, str) and text else COMEDOGENIC_CAVEAT


@cache
def classes() -> dict[str, ClassInfo]:
    """Class id -> what it is, why it matters, and the source."""
    table = _classes_file().get("class")
    if not isinstance(table, dict) or not table:
        raise KnowledgeError("knowledge/data/ingredient_classes.toml: no [class.<id>] tables")
    out = {}
    for class_id, entry in table.items():
        fields = {}
        for field in ("label", "description", "why", "source"):
            value = entry.get(field) if isinstance(entry, dict) else None
            if field in ("label", "source", "why") and not (isinstance(value, str) and value):
                raise KnowledgeError(
                    f"knowledge/data/ingredient_classes.toml: class {class_id!r}: "
                    f"missing or empty {field!r}"
                )
            fields[field] = str(value or "")
        out[class_id] = ClassInfo(id=class_id, **fields)
    return out


@cache
def comedogenic_ratings() -> dict[str, ComedogenicRating]:
    """Folded INCI name -> rating; every row must carry a source."""
    from porecare.ingredients._text import name_key

    out = {}
    required = ("inci_name", "rating", "source")
    for line, row in _csv_rows("comedogenic.csv", required):
        where = f"knowledge/data/comedogenic.csv: line {line} ({row['inci_name']})"
        rating = _int_0_5(row["rating"], where, "rating")
        if rating is None:
            raise KnowledgeError(f"{where}: rating is empty; allowed: a whole number 0..5")
        if not row["source"]:
            raise KnowledgeError(f"{where}: no source; every rating must cite its source")
        out[name_key(row["inci_name"])] = ComedogenicRating(
            inci=row["inci_name"],
            rating=rating,
            irritancy=_int_0_5(row.get("irritancy", ""), where, "irritancy"),
            test=row.get("test", ""),
            concentration=row.get("concentration", ""),
            source=row["source"],
        )
    return out


def _int_0_5(value: str, where: str, field: str) -> int | None:
    if not value:
        return None
    try:
        number = int(float(value))
    except ValueError:
        number = -1
    if not 0 <= number <= 5:
        raise KnowledgeError(f"{where}: {field} is {value!r}; allowed: a whole number 0..5")
    return number


@cache
def catalog() -> tuple[CatalogEntry, ...]:
    """The packaged starter catalog (real products with their published INCI lists)."""
    try:
        data = tomllib.loads(read_data("catalog.toml"))
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"knowledge/data/catalog.toml: {exc}") from None
    out = []
    for number, entry in enumerate(data.get("product", []), start=1):
        values = {}
        for field in ("name", "brand", "category", "ingredients", "source"):
            value = entry.get(field) if isinstance(entry, dict) else None
            if not isinstance(value, str) or not value.strip():
                raise KnowledgeError(
                    f"knowledge/data/catalog.toml: product {number}: missing or empty {field!r}"
                )
            values[field] = value.strip()
        out.append(CatalogEntry(**values))
    return tuple(out)
