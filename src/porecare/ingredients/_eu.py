"""EU Cosmetics Regulation annexes (prohibited and restricted substances).

The annex CSVs are the European Commission's CosIng exports shipped by the ``on-the-list``
package (MIT; data CC BY 4.0) in ``on_the_list/data/``: four preamble lines, the header on
line 5, multi-line cells. Annex II lists prohibited substances; Annexes III (restricted),
V (preservatives) and VI (UV filters) carry maximum concentrations and conditions. Name
splitting reuses on-the-list's rules, which keep chemical names with commas whole.

A match is a statement about two strings (a label name and an annex name), not a legal
verdict: entries whose own wording is conditional ("except if the full refining history is
known") or which concern only the nano form are reported as such. An entry for a blend
("CITRIC ACID (AND) SILVER CITRATE", the isothiazolinone mixture) concerns its parts only
together: :attr:`Restriction.blend` names them, and a label is flagged only when it lists
them all (citric acid alone, on half of all labels, is not restricted).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from porecare.errors import KnowledgeError
from porecare.ingredients._text import name_key

__all__ = ["Restriction", "restrictions_for"]

_ANNEXES = {
    "II": "prohibited",
    "III": "restricted",
    "V": "restricted",
    "VI": "restricted",
}
_TITLES = {
    "II": "substances prohibited in cosmetic products",
    "III": "substances restricted in cosmetic products",
    "V": "preservatives allowed, with limits",
    "VI": "UV filters allowed, with limits",
}
_HEADER_ROW = 4
#: A blend: its glossary name joins its parts with INCI's "(and)", or its chemical name is a
#: "mixture of" them.
_BLEND_GLOSSARY = re.compile(r"(?i)\(and\)")
_BLEND_CHEMICAL = re.compile(r"(?i)^\s*(?:a\s+)?mixture\s+of\b")
_JOINED = re.compile(r"(?i)\(and\)|\sand\s")


@dataclass(frozen=True)
class Restriction:
    """One annex entry naming an ingredient."""

    annex: str
    reference: str
    kind: str
    """``prohibited`` (Annex II) or ``restricted`` (Annexes III, V, VI)."""
    substance: str
    max_concentration: str
    product_types: str
    conditions: str
    qualifier: str
    """The entry's own conditional wording ("except if ..."), empty when unconditional."""
    nano_only: bool
    last_update: str
    blend: tuple[str, ...] = ()
    """For a blend's entry, the names of all its parts (each must be on the label)."""

    @property
    def source(self) -> str:
        return (
            f"Regulation (EC) No 1223/2009, Annex {self.annex} ({_TITLES[self.annex]}), "
            f"entry {self.reference}; Commission CosIng export updated {self.last_update}, "
            "as shipped by the on-the-list package"
        )

    def summary(self) -> str:
        text = f"EU Annex {self.annex} entry {self.reference}"
        if self.kind == "prohibited":
            text += f": prohibited ({_short(self.substance)})"
            if self.qualifier:
                text += "; the entry is conditional, a label name cannot settle it"
            if self.nano_only:
                text += "; the entry concerns the nano form only"
            return text
        limits = _short(self.max_concentration, 160)
        text += f": restricted; maximum {limits}" if limits else ": restricted"
        if self.product_types:
            text += f" (product types: {_short(self.product_types, 120)})"
        if self.blend:
            text += f"; the entry is for the blend {' + '.join(self.blend)}, all on this label"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "annex": self.annex,
            "reference": self.reference,
            "kind": self.kind,
            "substance": self.substance,
            "max_concentration": self.max_concentration,
            "product_types": self.product_types,
            "conditions": self.conditions,
            "conditional": bool(self.qualifier),
            "nano_only": self.nano_only,
            "blend": list(self.blend),
            "source": self.source,
        }


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def restrictions_for(inci: str) -> tuple[Restriction, ...]:
    """Annex entries naming ``inci`` (any spelling; folded before lookup)."""
    return _index().get(name_key(inci), ())


@cache
def _index() -> dict[str, tuple[Restriction, ...]]:
    from on_the_list.annexes import is_nano_only, qualifier_in, split_glossary, split_identified

    index: dict[str, list[Restriction]] = {}
    for annex, kind in _ANNEXES.items():
        rows = _rows(annex)
        last_update = rows[1][1].partition(":")[2].strip() if len(rows[1]) > 1 else ""
        header = rows[_HEADER_ROW]
        for raw in rows[_HEADER_ROW + 1 :]:
            if not any(cell.strip() for cell in raw):
                continue
            row = dict(zip(header, raw, strict=False))
            glossary = row.get("Name of Common Ingredients Glossary") or ""
            names = [
                *split_glossary(glossary),
                *split_identified(row.get("Identified INGREDIENTS or substances e.g.", "")),
            ]
            chemical = (row.get("Chemical name / INN") or "").strip()
            keys = tuple(k for k in dict.fromkeys(name_key(n) for n in names) if k)
            entry = Restriction(
                annex=annex,
                reference=(row.get("Reference Number") or "").strip(),
                kind=kind,
                substance=chemical,
                max_concentration=(
                    row.get("Maximum concentration in ready for use preparation") or ""
                ).strip(),
                product_types=(row.get("Product Type, body parts") or "").strip(),
                conditions=" ".join(
                    (row.get(c) or "").strip()
                    for c in ("Other", "Wording of conditions of use and warnings")
                ).strip(),
                qualifier=qualifier_in(chemical),
                nano_only=is_nano_only(chemical, tuple(names)),
                last_update=last_update,
                blend=_blend_parts(glossary, chemical, names),
            )
            for key in keys:
                index.setdefault(key, []).append(entry)
    return {key: tuple(entries) for key, entries in index.items()}


def _blend_parts(glossary: str, chemical: str, names: list[str]) -> tuple[str, ...]:
    """The parts of a blend's entry (not the blend's own name), or () for any other entry."""
    if not (_BLEND_GLOSSARY.search(glossary) or _BLEND_CHEMICAL.match(chemical)):
        return ()
    parts = {name_key(n): n.strip() for n in names if not _JOINED.search(n)}
    parts.pop("", None)
    return tuple(parts.values()) if len(parts) > 1 else ()


def _rows(annex: str) -> list[list[str]]:
    name = f"data/annex_{annex}.csv"
    try:
        text = resources.files("on_the_list").joinpath(name).read_text("utf-8-sig")
    except (FileNotFoundError, ModuleNotFoundError):
        raise KnowledgeError(f"on_the_list/{name}: missing; reinstall on-the-list") from None
    # The export keeps the soft hyphens of the Official Journal's typesetting ("consu\xadmers"):
    # invisible on screen, they break copying, searching and name matching.
    text = text.replace("\xad", "")
    # StringIO, not splitlines(): quoted cells hold newlines.
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) <= _HEADER_ROW or "Reference Number" not in rows[_HEADER_ROW]:
        raise KnowledgeError(
            f"on_the_list/{name}: line {_HEADER_ROW + 1} is not the column header; "
            "the annex export format changed"
        )
    return rows
