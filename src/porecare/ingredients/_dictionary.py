"""The canonical ingredient dictionary and token resolution (exact, then fuzzy).

Names come from the packaged curated table (with classes) and from a CosIng inventory the
user imported into the ``ingredient_names`` table. Resolution tries each candidate name of a
token exactly, then an OCR fold, then fuzzy matching with rapidfuzz; a fuzzy match is accepted
only at or above :data:`FUZZY_THRESHOLD` and never when it would change a number (PEG-40 is
not PEG-400; CI 77891 is not CI 77491). Results are cached per normalised name.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from porecare.ingredients._heard import SoundIndex
from porecare.ingredients._knowledge import curated_ingredients
from porecare.ingredients._languages import (
    CHINESE,
    FRENCH,
    IBERIAN,
    KOREAN,
    POLISH,
    TURKISH,
    compact_key,
    iberian_key,
)
from porecare.ingredients._parse import MAX_NAME_CHARS, LabelToken, clean_piece
from porecare.ingredients._plants import MISSING_PART, PlantParts
from porecare.ingredients._spellings import (
    CAPITAL_I_FOR_L,
    ESSENTIAL_OIL,
    FOOTNOTE_NUMBERS,
    ISOMER_PREFIX,
    RENAMED_PLANT,
    SODIUM_SYMBOL,
)
from porecare.ingredients._text import digits_of, name_key

__all__ = ["COSING_FUNCTION_CLASSES", "FUZZY_THRESHOLD", "Dictionary", "Entry", "Resolution"]

#: Lowest rapidfuzz ``ratio`` (0-100) accepted for a fuzzy match; the edit distance is also
#: capped by length (:func:`_max_edits`), so one wrong letter in "Glycerln" passes while two
#: different short names do not.
FUZZY_THRESHOLD = 85.0
#: Fuzzy matching is for names long enough that one typo leaves them recognisable.
FUZZY_MIN_CHARS = 6
#: At most this many fuzzy searches per label, so pasted noise stays fast (the rest: unknown).
FUZZY_BUDGET = 200
_CACHE_LIMIT = 200_000
#: A plant name read with the part INCI adds: the plant is certain, its part is inferred.
PLANT_PART_CONFIDENCE = 0.85
#: Candidate kinds naming the whole ingredient; the last one is the least certain.
_WHOLE = (
    "as printed",
    "without parentheses",
    "Latin name in parentheses",
    "without marketing words (organic, natural...)",
    "pharmacopoeia (USP/NF) name",
    "US colour number",
    "without the list's last 'and'",
    "'Ext.' as 'Extract'",
    "look-alike letters as Latin",
    "without the drug-facts purpose",
    RENAMED_PLANT,
    ESSENTIAL_OIL,
    SODIUM_SYMBOL,
    FOOTNOTE_NUMBERS,
    ISOMER_PREFIX,
    CAPITAL_I_FOR_L,
    FRENCH,
    TURKISH,
    POLISH,
    IBERIAN,
    KOREAN,
    CHINESE,
)

#: The candidate kind of each part of "Aqua/Water/Eau" (``_parse``'s name for it).
_ONE_OF_THE_NAMES = "one of the names"

#: CosIng function -> porecare class, for names known only from an imported CosIng inventory.
#: Only functions that say what an ingredient *is* in a formula; CosIng's functions are
#: formulation roles, so skincare classes (AHA, retinoid, clay...) come only from the curated
#: table.
COSING_FUNCTION_CLASSES: dict[str, str] = {
    "uv filter": "uv_filter",
    "uv absorber": "uv_filter",
    "surfactant - cleansing": "surfactant",
    "surfactant - emulsifying": "emulsifier",
    "emulsifying": "emulsifier",
    "preservative": "preservative",
    "humectant": "humectant",
    "skin conditioning - emollient": "emollient",
    "emollient": "emollient",
    "skin conditioning - occlusive": "occlusive",
    "antioxidant": "antioxidant",
    "colorant": "colorant",
    "solvent": "solvent",
    "viscosity controlling": "thickener",
    "buffering": "ph_adjuster",
    "ph adjusters": "ph_adjuster",
}

# OCR reads letters as digits inside words ("Glycer1n", "S0dium"); fold them back.
_OCR_DIGITS = re.compile(r"(?<=[a-z])[015](?=[a-z])|(?<=[a-z])[01](?=\b)")
_OCR_MAP = {"0": "o", "1": "i", "5": "s"}
#: Confidence of a name read from two pieces a source broke apart: exact, but a reading.
REJOINED_CONFIDENCE = 0.95

#: "Rosemary Extract and Sage Extract": two ingredients printed as one. INCI names never
#: contain "and" (blends use "/" or "(and)"), so a token that does not resolve as a whole and
#: splits into two halves that each resolve exactly is read as two ingredients.
_JOINED = re.compile(r"(?i)\s+(?:and|&)\s+")
#: "Avobenzone 3% Homosalate 10% Octisalate 5%": drug-facts actives printed with their doses
#: and no separator; a dose followed by a name ends one ingredient.
_DOSED_RUN = re.compile(r"(?<=%)\s+(?=[^\W\d_])")
#: "Orange Oil** Lavender Oil**": footnote marks stand where the separator was.
_MARKED_RUN = re.compile(r"(?<=[^\W\d_][*†‡])\s+(?=[^\W\d_])|(?<=\*\*)\s+(?=[^\W\d_])")
#: "TocopherolLimonene": a shop page dropped the separator between two names.
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
#: Longest unknown token tried as two names with a missing comma ("Water Glycerin").
_MAX_SPLIT_WORDS = 8
#: At most this many names joined by "and" / "&" in one item.
_MAX_JOINED = 6
_WATER_WORDS = frozenset({"water", "aqua", "eau"})


@dataclass(frozen=True, eq=False)
class Entry:
    """A dictionary entry: the canonical INCI name and what porecare knows about it.

    Compared and hashed by identity: each entry exists once in a :class:`Dictionary`, and the
    analysis caches per-entry results keyed on it.
    """

    inci: str
    classes: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    cas: str | None = None
    source: str = "curated"


_WORD = re.compile(r"[^\W\d_]+")


def _both_in_name(first: LabelToken, second: LabelToken, inci: str) -> bool:
    """Whether the first word of each piece is a word of ``inci`` ("Hamamelis" and
    "Virginiana" of HAMAMELIS VIRGINIANA WATER)."""
    words = set(_WORD.findall(inci.casefold()))
    for token in (first, second):
        head = _WORD.search(token.name.casefold())
        if head is None or head.group(0) not in words:
            return False
    return True


class Resolution(NamedTuple):
    """How one label token was resolved (``entry`` is None when unknown)."""

    token: LabelToken
    entry: Entry | None
    confidence: float
    how: str

    @property
    def inci(self) -> str | None:
        return self.entry.inci if self.entry else None

    def to_dict(self) -> dict[str, Any]:
        entry = self.entry
        return {
            "input": self.token.text,
            "inci": entry.inci if entry else None,
            "confidence": round(self.confidence, 3),
            "how": self.how,
            "classes": list(entry.classes) if entry else [],
            "functions": list(entry.functions) if entry else [],
            "percent": self.token.percent,
            "may_contain": self.token.may_contain,
            "footnote": self.token.footnote,
        }


_Match = tuple[Entry | None, float, str]


class Dictionary:
    """Name key -> :class:`Entry`, with cached exact and fuzzy resolution."""

    def __init__(self, entries: dict[str, Entry], *, imported: int = 0) -> None:
        self._entries = entries
        #: Names read from an imported inventory (``porecare data import-cosing``); 0: none.
        self.imported = imported
        self._cache: dict[str, _Match] = {}
        self._by_length: dict[int, list[str]] | None = None
        self._pools: dict[int, list[str]] = {}
        self._words: frozenset[str] | None = None
        self._compact: dict[str, Entry | None] | None = None
        self._plants: PlantParts | None = None
        self._iberian: dict[str, Entry | None] | None = None
        self._slash_heads: frozenset[str] | None = None
        #: The names by their sound, for names printed in Hangul or kana (built on first use).
        self.sounds = SoundIndex(entries)
        #: Raw label piece -> everything known about it (used by the analysis fast path).
        self.piece_cache: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def load(cls, conn: sqlite3.Connection | None = None) -> Dictionary:
        """The curated table, plus CosIng names imported into ``ingredient_names`` if ``conn``."""
        entries: dict[str, Entry] = {}
        imported_names = 0
        if conn is not None:
            rows = conn.execute(
                "SELECT name_key, inci_name, cas_number, functions FROM ingredient_names"
            )
            for key, inci, cas, functions in rows:
                funcs = tuple(f for f in functions.split("|") if f)
                classes = tuple(
                    dict.fromkeys(
                        COSING_FUNCTION_CLASSES[f.casefold()]
                        for f in funcs
                        if f.casefold() in COSING_FUNCTION_CLASSES
                    )
                )
                entries[key] = Entry(inci, classes, funcs, cas or None, "cosing")
            imported_names = len(entries)
        for item in curated_ingredients():
            key = name_key(item.inci)
            imported = entries.get(key)
            functions = item.functions or (imported.functions if imported else ())
            entry = Entry(item.inci, item.classes, functions, item.cas, "curated")
            for name in (item.inci, *item.aliases):
                entries[name_key(name)] = entry
        return cls(entries, imported=imported_names)

    def lookup(self, name: str) -> Entry | None:
        """Exact lookup of a name (folded)."""
        return self._entries.get(name_key(name))

    def resolve(self, token: LabelToken, *, allow_fuzzy: bool = True) -> Resolution:
        """Resolve one token: exact candidates, OCR fold, then fuzzy above the threshold."""
        cached = self._cache.get(token.name)
        if cached is None or (cached[0] is None and allow_fuzzy and cached[2] == "no fuzzy"):
            cached = self._resolve_name(token, allow_fuzzy)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[token.name] = cached
        return Resolution(token, *cached)

    def resolve_all(self, tokens: list[LabelToken]) -> list[Resolution]:
        """Resolve tokens in order, spending at most :data:`FUZZY_BUDGET` fuzzy searches."""
        budget = FUZZY_BUDGET
        cache = self._cache
        out = []
        for token in tokens:
            cached = cache.get(token.name)
            if cached is not None and cached[2] != "no fuzzy":
                resolution = Resolution(token, *cached)
            else:
                resolution = self.resolve(token, allow_fuzzy=budget > 0)
                # Every uncached fuzzy search spends budget, whether it found a match or not.
                if resolution.how.startswith("fuzzy") or resolution.entry is None:
                    budget -= 1
            halves = self.split_joined(token.text) if resolution.entry is None else None
            if halves is None:
                out.append(resolution)
            else:
                out.extend(self.resolve(self._half(token, half)) for half in halves)
        return self.rejoin_broken(out)

    def rejoin_broken(self, resolutions: list[Resolution]) -> list[Resolution]:
        """``resolutions`` with each unknown piece read together with its neighbour when the
        source broke one name in two (see :meth:`rejoin`)."""
        if all(r.entry is not None for r in resolutions):
            return resolutions
        out: list[Resolution] = []
        i = 0
        while i < len(resolutions):
            here = resolutions[i]
            if i + 1 < len(resolutions):
                after = resolutions[i + 1]
                if here.entry is None or after.entry is None:
                    both = here.entry is None and after.entry is None
                    joined = self.rejoin(here.token, after.token, slash=both)
                    if joined is not None:
                        out.append(joined)
                        i += 2
                        continue
            out.append(here)
            i += 1
        return out

    def rejoin(
        self, first: LabelToken, second: LabelToken, *, slash: bool = False
    ) -> Resolution | None:
        """Two neighbouring pieces as one name, when a source broke it across a line or a
        comma ("Helianthus" / "Annuus (Sunflower) Seed Oil"), or None. With ``slash`` (both
        pieces unknown) also at a slash the shop printed as a comma ("Glyceryl Acrylate,
        Acrylic Acid Copolymer": GLYCERYL ACRYLATE/ACRYLIC ACID COPOLYMER).

        Only an exact match of the joined text counts (no fuzzy or OCR reading), and only for
        plain pieces: a percentage or footnote mark ends an ingredient, and a "may contain"
        section does not run into the list.
        """
        if first.percent is not None or first.marks or first.may_contain or second.may_contain:
            return None
        # "1, 2-Hexanediol": a comma between digits belongs to the name.
        glue = "," if first.text[-1:].isdigit() and second.text[:1].isdigit() else " "
        found = self._rejoined(first, second, glue)
        if found is None and slash and glue == " " and self._before_a_slash(first.name):
            found = self._rejoined(first, second, "/")
        return found

    def _before_a_slash(self, name: str) -> bool:
        """Whether a dictionary name starts with ``name`` and a slash ("Glyceryl Acrylate" of
        GLYCERYL ACRYLATE/ACRYLIC ACID COPOLYMER): only then can a slash join it to the next
        piece (a cheap test that spares noise a second join)."""
        if self._slash_heads is None:
            self._slash_heads = frozenset(
                key[:at] for key in self._entries for at, c in enumerate(key) if c == "/"
            )
        return name_key(name) in self._slash_heads

    def _rejoined(self, first: LabelToken, second: LabelToken, glue: str) -> Resolution | None:
        cleaned = clean_piece(f"{first.text}{glue}{second.text}")
        if cleaned is None:
            return None
        text, name, percent, marks = cleaned
        token = LabelToken(text, name, percent, False, marks, second.footnote)
        found = self.resolve(token, allow_fuzzy=False)
        if found.entry is None or found.how.startswith(("fuzzy", "OCR", "no fuzzy")):
            return None
        if (
            found.how not in _WHOLE[:2]
            and glue != ","  # "1, 2-헥산다이올": the locants make one name in any script
            and not _both_in_name(first, second, found.entry.inci)
        ):
            # Read through a part ("one of the names", a name in parentheses), the join must
            # still be one name: a stray code or word may not ride along ("967635 03 AQUA /
            # WATER", "Aloe Barbadensis Camellia Oleifera (Green tea) Leaf Extract").
            return None
        return found._replace(confidence=REJOINED_CONFIDENCE, how=f"rejoined: {found.how}")

    def split_joined(self, text: str) -> tuple[str, ...] | None:
        """The names an unknown token holds when a label printed them without a separator,
        each resolving exactly, else None: "X and Y" / "X & Y & Z", a dosed run ("Avobenzone 3%
        Homosalate 10%"), a run of footnoted names ("Orange Oil** Lavender Oil**"), names glued together ("TocopherolLimonene") or with only a space
        between them ("Water Glycerin")."""
        if " and " in text.casefold() or "&" in text:
            # A supplier's blend printed as one item ("Benzyl Alcohol & Benzoic Acid &
            # Dehydroacetic Acid"): each of its names an ingredient of the label.
            halves = _JOINED.split(text)
            if 2 <= len(halves) <= _MAX_JOINED and self._all_exact(halves):
                return tuple(halves)
            return None
        for splitter in (_DOSED_RUN, _MARKED_RUN, _GLUED):
            parts = splitter.split(text)
            if len(parts) > 1:
                return tuple(parts) if self._all_exact(parts) else None
        words = text.split()
        if not 2 <= len(words) <= _MAX_SPLIT_WORDS:
            return None
        for cut in range(1, len(words)):
            halves = [" ".join(words[:cut]), " ".join(words[cut:])]
            # "Collagen Water", "Snail Water": a plant or ingredient water, not two names.
            if halves[1].casefold().strip(".") in _WATER_WORDS:
                continue
            if self._all_exact(halves, whole=True):
                return tuple(halves)
        return None

    def _all_exact(self, parts: list[str], *, whole: bool = False) -> bool:
        """Whether every part resolves exactly (no fuzzy or OCR reading; with ``whole``, as a
        whole name, not a part of one such as a name in parentheses)."""
        for part in parts:
            cleaned = clean_piece(part)
            if cleaned is None:
                return False
            found = self.resolve(LabelToken(cleaned[0], cleaned[1]), allow_fuzzy=False)
            if found.entry is None or found.how.startswith(("fuzzy", "OCR")):
                return False
            if whole and found.confidence < 1.0:
                return False
        return True

    @staticmethod
    def _half(token: LabelToken, half: str) -> LabelToken:
        cleaned = clean_piece(half)
        assert cleaned is not None  # split_joined checked it
        text, name, percent, marks = cleaned
        footnote = token.footnote if marks and marks.strip() == token.marks.strip() else None
        return LabelToken(text, name, percent, token.may_contain, marks, footnote)

    def _resolve_name(self, token: LabelToken, allow_fuzzy: bool) -> _Match:
        """Whole-name forms first (exact, OCR fold), names of one ingredient ("Aqua/Water/Eau":
        each part exactly the same entry), fuzzy whole names, then parts of the name, exact.

        Other parts ("Aqua" of "Aqua/Water/Eau", "Aqua" of "Water (Aqua)") come last: a typo in a
        long CosIng name such as "Bacillus/Rice Bran Extract/... Ferment Filtrate" must not
        resolve to its first part "Bacillus" when fuzzy matching can recover the whole.
        """
        if len(token.name) > MAX_NAME_CHARS:
            return None, 0.0, f"longer than {MAX_NAME_CHARS} characters; not an ingredient name"
        candidates = token.candidates()
        whole = [(n, how) for n, how in candidates if how in _WHOLE]
        parts = [(n, how) for n, how in candidates if how not in _WHOLE]
        for name, how in whole:
            entry = self._by_spelling(name, how)
            if entry is not None:
                return entry, 1.0 if how in _WHOLE[:2] else 0.95, how
        heard = self.sounds.read(token.name)
        if heard is not None:
            return heard
        for name, _how in whole:
            key = name_key(name)
            folded = _OCR_DIGITS.sub(lambda m: _OCR_MAP[m.group(0)], key)
            if folded != key and folded in self._entries:
                return self._entries[folded], 0.9, "OCR digits read as letters"
        alike = self._named_alike([n for n, how in parts if how == _ONE_OF_THE_NAMES])
        if alike is not None:
            return alike, 1.0, "each name is this ingredient"
        plant = self._plant_part([n for n, how in whole if how not in (KOREAN, IBERIAN, CHINESE)])
        if plant is not None:
            return plant, PLANT_PART_CONFIDENCE, MISSING_PART
        best: _Match = (None, 0.0, "not in the dictionary" if allow_fuzzy else "no fuzzy")
        if allow_fuzzy:
            # (A Portuguese, Spanish or Chinese reading is matched by its key, never fuzzily.)
            for name, _how in (c for c in whole if c[1] not in (IBERIAN, CHINESE)):
                found = self._fuzzy(name_key(name))
                if found is not None and found[1] > best[1]:
                    best = found
            if best[0] is not None:
                return best
        for name, how in parts:
            entry = self._entries.get(name_key(name))
            if entry is not None:
                return entry, 0.9, how
        return best

    def _by_spelling(self, name: str, how: str) -> Entry | None:
        """The entry a whole-name candidate names: exactly, or by the spelling its language
        gives INCI's words (Korean and Chinese: letters and digits only; Portuguese and Spanish:
        :func:`iberian_key`)."""
        if how in (KOREAN, CHINESE):
            return self._by_compact(name)
        if how == IBERIAN:
            return self._by_iberian(name)
        return self._entries.get(name_key(name))

    def _by_iberian(self, name: str) -> Entry | None:
        """The entry whose :func:`iberian_key` is ``name``'s; None when there is none or when
        two ingredients share that key. A reading spelled exactly as a name is that name."""
        exact = self._entries.get(name_key(name))
        if exact is not None:
            return exact
        if self._iberian is None:
            self._iberian = _unique_keys(self._entries, iberian_key)
        return self._iberian.get(iberian_key(name))

    def _by_compact(self, name: str) -> Entry | None:
        """The entry whose name, letters and digits only, is ``name``'s; None when there is
        none or when two ingredients share that form."""
        if self._compact is None:
            self._compact = _unique_keys(self._entries, compact_key)
        return self._compact.get(compact_key(name))

    def _plant_part(self, names: list[str]) -> Entry | None:
        """The entry a plant name printed without its part stands for (``_plants``), or None."""
        if self._plants is None:
            self._plants = PlantParts({key: e.inci for key, e in self._entries.items()})
        key = self._plants.read(map(name_key, names))
        return None if key is None else self._entries[key]

    def _named_alike(self, names: list[str]) -> Entry | None:
        """The entry that each of two or more names is exactly ("Aqua/Water/Eau"), or None."""
        if len(names) < 2:
            return None
        entries = [self._entries.get(name_key(name)) for name in names]
        first = entries[0]
        if first is None or any(e is None or e.inci != first.inci for e in entries):
            return None
        return first

    def _fuzzy(self, key: str) -> _Match | None:
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import OSA

        key = _OCR_DIGITS.sub(lambda m: _OCR_MAP[m.group(0)], key)
        if len(key) < FUZZY_MIN_CHARS or len(key) > MAX_NAME_CHARS:
            return None
        pool = self._pool(len(key))
        if not pool:
            return None
        match = process.extractOne(
            key, pool, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_THRESHOLD
        )
        if match is None:
            return None
        found, score, _ = match
        if digits_of(found) != digits_of(key):
            return None
        # Optimal string alignment: a swapped pair ("Gylcerin") is one slip, as typists make it.
        if OSA.distance(found, key) > _max_edits(len(key)):
            return None
        entry = self._entries[found]
        if not self._typo_like(key, found):
            return None
        if _FLAG_CLASSES.intersection(entry.classes) and OSA.distance(found, key) > 1:
            return None  # a flag needs a near-certain reading: one slip (or swap) at most
        return entry, score / 100.0, f"fuzzy (score {score:.0f})"

    def _typo_like(self, key: str, found: str) -> bool:
        """Whether ``key`` reads as a misspelling of ``found``, not as another ingredient.

        Typing and OCR slips change a letter or two inside a word ("Glycerln", "Sodlum").
        Other ingredients differ by a whole word the dictionary uses in other names ("Root" for
        "Fruit" extract) or by a dropped or added syllable ("Tripotassium" for
        "Dipotassium", "Undecyl" for "Decyl"): reading those as the nearby row would give the
        product that row's classes and flags, so they stay unknown. A word in the singular for
        the plural, or the other way ("Acrylate Copolymer"), is a slip, not another word.
        """
        from rapidfuzz.distance import Levenshtein

        if self._words is None:
            # A word of a single name may be that name's own misprint (CosIng spells one
            # copolymer "GYCOL"): only a word two names share is a word of the dictionary.
            counts = Counter(w for k in self._entries for w in set(_WORD.findall(k)))
            self._words = frozenset(w for w, n in counts.items() if n > 1)
        key_words, found_words = _WORD.findall(key), _WORD.findall(found)
        if len(key_words) == len(found_words):
            for typed, known in zip(key_words, found_words, strict=True):
                if typed != known and typed in self._words and not _number_slip(typed, known):
                    return False
        previous: tuple[str, int, int] | None = None
        for op in Levenshtein.editops(key, found):
            tag, at_key, at_found = op.tag, op.src_pos, op.dest_pos
            if previous is not None and tag == previous[0] and tag in _NEXT:
                step_key, step_found = _NEXT[tag]
                if (at_key, at_found) == (previous[1] + step_key, previous[2] + step_found):
                    return False  # two letters dropped or added side by side: a syllable
            previous = (tag, at_key, at_found)
        return True

    def _pool(self, length: int) -> list[str]:
        # At most _max_edits(length) insertions or deletions separate a match from the key.
        if self._by_length is None:
            buckets: dict[int, list[str]] = defaultdict(list)
            for key in self._entries:
                buckets[len(key)].append(key)
            self._by_length = dict(buckets)
        pool = self._pools.get(length)
        if pool is None:
            edits = _max_edits(length)
            pool = [
                k
                for n in range(length - edits, length + edits + 1)
                for k in self._by_length.get(n, ())
            ]
            self._pools[length] = pool
        return pool


_WORD = re.compile(r"[a-z]{3,}")
#: Classes that raise a health flag or an active's warning; a fuzzy reading into one of them
#: must be a single slip ("Salicylic Acd"), since a wrong one invents a flag ("Laccaic Acid"
#: read as lactic acid, an AHA).
_FLAG_CLASSES = frozenset(
    {"aha", "bha", "pha", "retinoid", "benzoyl_peroxide", "drying_alcohol", "fragrance_allergen"}
)
#: Where the next edit of a run sits: a deletion moves along the typed key, an insertion along
#: the dictionary name.
_NEXT = {"delete": (1, 0), "insert": (0, 1)}


def _number_slip(typed: str, known: str) -> bool:
    """Whether two words are one word in the singular and the plural ("Acrylate Copolymer" for
    ACRYLATES COPOLYMER, "Coco-glyceride" for COCO-GLYCERIDES, "Extracts" for EXTRACT): a slip
    of grammar, not another ingredient."""
    return typed + "s" == known or known + "s" == typed


def _unique_keys(entries: dict[str, Entry], fold: Callable[[str], str]) -> dict[str, Entry | None]:
    """Every entry by ``fold`` of its name; None where two ingredients share a folded form."""
    index: dict[str, Entry | None] = {}
    for key, entry in entries.items():
        folded = fold(key)
        found = index.setdefault(folded, entry)
        if found is not None and found.inci != entry.inci:
            index[folded] = None
    return index


def _max_edits(length: int) -> int:
    """Edits allowed for a fuzzy match: 1 up to 9 characters, 2 up to 19, then 3."""
    return 1 if length < 10 else 2 if length < 20 else 3
