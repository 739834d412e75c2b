"""A plant ingredient printed without the part its INCI name gives: "Rosa Damascena Oil".

INCI names a plant ingredient by binomial, part and kind ("ROSA DAMASCENA FLOWER OIL",
"CARTHAMUS TINCTORIUS SEED OIL"); labels often leave the part out, or print a variety's
species without the variety ("Daucus Carota Seed Oil" for "DAUCUS CAROTA SATIVA SEED OIL").
When the dictionary holds, for that binomial and kind, a name with every printed word and one
or two words more, and exactly one such name with the fewest added words, the label means
that one. Names made from a process (callus, culture, ferment...) are never read this way:
they are other ingredients of the same plant, not its plain part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

__all__ = ["MISSING_PART", "PlantParts"]

#: How a name read this way is derived.
MISSING_PART = "the plant's part as INCI names it (the label leaves it out)"
#: At most this many words the INCI name may add to the printed one.
_MOST_ADDED = 2
#: Words of an ingredient made from the plant by a process, not a part of the plant.
_PROCESS_WORDS = frozenset(
    [
        "callus",
        "culture",
        "cell",
        "cells",
        "ferment",
        "filtrate",
        "lysate",
        "hydrolyzed",
        "mycelia",
        "mycelium",
        "sprout",
        "sprouts",
        "protoplast",
        "exosome",
        "exosomes",
        "meristem",
        "stem-cell",
    ]
)
#: The last word of a plant ingredient's INCI name: what was made of the plant, or the part.
_PLANT_KINDS = frozenset(
    [
        "extract",
        "oil",
        "butter",
        "juice",
        "water",
        "powder",
        "wax",
        "cera",
        "gel",
        "unsaponifiables",
        "distillate",
        "flour",
        "resin",
        "leaf",
        "root",
        "seed",
        "flower",
        "fruit",
        "peel",
        "bark",
    ]
)
#: "Nut Oil" as INCI's "Seed Oil" or "Kernel Oil" ("Macadamia Integrifolia Nut Oil").
_PART_SYNONYMS = {"nut": ("seed", "kernel")}


class PlantParts:
    """The dictionary's plant names, by (genus, species, kind), for :meth:`read`."""

    def __init__(self, names: Mapping[str, str]) -> None:
        """``names``: each dictionary key with the INCI name it stands for."""
        index: dict[tuple[str, str, str], list[tuple[frozenset[str], str, str]]]
        index = defaultdict(list)
        for key, inci in names.items():
            words = key.replace("/", " ").split()
            if len(words) < 3 or words[-1] not in _PLANT_KINDS:
                continue
            if not (words[0].isalpha() and words[1].isalpha()):
                continue
            if "(" in key or _PROCESS_WORDS.intersection(words):
                continue  # a key with a common name is also stored without it
            index[(words[0], words[1], words[-1])].append((frozenset(words), key, inci))
        self._index = dict(index)

    def read(self, keys: Iterable[str]) -> str | None:
        """The dictionary key that the first of ``keys`` (name keys, best first) read this way
        stands for, or None."""
        for key in keys:
            found = self._read(key)
            if found is not None:
                return found
        return None

    def _read(self, key: str) -> str | None:
        if "(" in key:
            return None
        words = key.replace("/", " ").split()
        if len(words) < 3 or not all(w.isalpha() for w in words):
            return None
        if len(set(words)) < len(words):
            return None  # two names, not one ("X Extract / X Root Extract"): read by parts
        names = self._index.get((words[0], words[1], words[-1]))
        if not names:
            return None
        for printed in _readings(words):
            found = _fewest_added(printed, names)
            if found is not None:
                return found
        return None


def _readings(words: list[str]) -> list[frozenset[str]]:
    """The printed words, then with each part synonym ("nut" as "seed", as "kernel")."""
    out = [frozenset(words)]
    for word in words:
        for synonym in _PART_SYNONYMS.get(word, ()):
            out.append(frozenset(synonym if w == word else w for w in words))
    return out


def _fewest_added(
    printed: frozenset[str], names: list[tuple[frozenset[str], str, str]]
) -> str | None:
    """The key of the one INCI name with the printed words and the fewest more, or None."""
    best: dict[str, str] = {}  # INCI name -> a key of it
    fewest = _MOST_ADDED + 1
    for words, key, inci in names:
        if not printed <= words:
            continue
        added = len(words - printed)
        if added < fewest:
            best, fewest = {inci: key}, added
        elif added == fewest:
            best.setdefault(inci, key)
    return next(iter(best.values())) if len(best) == 1 else None
