"""Names printed in Hangul or kana, matched to the dictionary's names by how they sound.

:class:`SoundIndex` holds every dictionary name by its sound keys (:mod:`._sounds`), built on
first use (about a third of a second with CosIng imported), and reads a Korean name
(:func:`~._sounds.korean_sound_keys`) or a Japanese one (:mod:`._japanese`) against it. A
Korean name matches when its keys name one ingredient, or when its Latin spelling is clearly
closest to one of those that sound alike; a Japanese one, whose names are often short, only
so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from porecare.ingredients._japanese import (
    JAPANESE,
    Heard,
    as_japanese,
    japanese_sound_keys,
    latin_words,
    usual_part,
    whole_japanese_name,
    without_grade,
)
from porecare.ingredients._sounds import (
    MIN_SOUNDED,
    SOUND_MATCH,
    as_korean,
    english_sound_keys,
    korean_sound_keys,
    korean_spelling,
    label_words,
    letter_by_letter,
)
from porecare.ingredients._text import name_key

if TYPE_CHECKING:
    from porecare.ingredients._dictionary import Entry

__all__ = [
    "JAPANESE_PART",
    "JAPANESE_SOUND",
    "KOREAN_SPELLED",
    "SOUND_CONFIDENCE",
    "SoundIndex",
]

#: Confidence of a name matched by its sound: one ingredient sounds like it, but a sound is
#: not a spelling.
SOUND_CONFIDENCE = 0.85
JAPANESE_SOUND = "Japanese name matched by its sound"
KOREAN_SPELLED = "Korean name matched by its sound and spelling"
#: Several ingredients sound like the name; its spelling is clearly closest to this one.
SPELLED_CONFIDENCE = 0.8
JAPANESE_PART = "Japanese plant name read with the part INCI names"
#: A part the label leaves out is the plant's usual one, or the only one in the dictionary.
PART_CONFIDENCE = 0.8
#: The parts a plant's extract is named by, in INCI.
PLANT_PARTS = ("leaf", "seed", "flower", "root", "fruit", "peel", "bark", "stem", "bud")
_EXTRACT = "|extract"
#: A Japanese name's Latin spelling picks one of the ingredients that sound like it when it
#: scores at least this (rapidfuzz ratio, 0-100) and this much above the next...
SPELLING_SCORE = 70
SPELLING_MARGIN = 9
#: ... or when it is spelled as that ingredient is, whatever the others score.
SPELLING_EXACT = 95
#: Fewer kana than Korean syllables will do: a Japanese match must also pass the spelling.
MIN_KANA_SOUNDED = 3
_HANGUL = re.compile("[\uac00-\ud7a3]")
#: Kana or CJK ideographs: a Japanese name ("グリセリン", "水", "香料").
_CJK = re.compile("[\u3041-\u30ff\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z]+")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")

_Read = tuple["Entry", float, str]


class SoundIndex:
    """Every name of a dictionary by its sound keys."""

    def __init__(self, entries: Mapping[str, Entry]) -> None:
        self._entries = entries
        self._by_key: dict[str, dict[str, Entry]] | None = None
        self._names: dict[str, list[str]] | None = None

    def read(self, name: str) -> _Read | None:
        """(entry, confidence, how) for a Hangul or Japanese name that matches; else None."""
        if _HANGUL.search(name):
            keys, sounded = korean_sound_keys(name)
            named = self._sounding(keys) if sounded >= MIN_KANA_SOUNDED else {}
            if len(named) == 1:
                (only,) = named.values()
                return (only, SOUND_CONFIDENCE, SOUND_MATCH) if sounded >= MIN_SOUNDED else None
            spelled = self._spelled_korean(name, named) if named else None
            return (spelled, SPELLED_CONFIDENCE, KOREAN_SPELLED) if spelled is not None else None
        if _CJK.search(name):
            return self.japanese(name)
        return None

    def korean(self, name: str) -> Entry | None:
        """The one entry a Hangul name sounds like; None when too few syllables were sounded
        out, or no ingredient or two sound like it."""
        keys, sounded = korean_sound_keys(name)
        if sounded < MIN_SOUNDED:
            return None
        named = self._sounding(keys)
        return next(iter(named.values())) if len(named) == 1 else None

    def korean_by_spelling(self, name: str) -> Entry | None:
        """Of the ingredients a Hangul name sounds like, the one its Latin spelling is clearly
        closest to ("하이드롤라이즈드콜라겐": hydrolyzed collagen, not carrageenan); None when
        too few syllables were sounded out or no spelling is clearly closest."""
        keys, sounded = korean_sound_keys(name)
        if sounded < MIN_KANA_SOUNDED:
            return None
        named = self._sounding(keys)
        return self._spelled_korean(name, named) if len(named) >= 2 else None

    def _spelled_korean(self, name: str, named: dict[str, Entry]) -> Entry | None:
        latin = frozenset(_LATIN_WORD.findall(_BRACKETED.sub(" ", name).casefold()))
        heard = as_korean(_without_label_words(korean_spelling(name)))
        # Short words ("PCA", "DNA") are also compared as Korean reads them, letter by letter.
        names = {
            inci: [*spelled, *(letter_by_letter(n) for n in spelled)]
            for inci, spelled in self._names_of(named).items()
        }
        return _closest_spelling(latin, heard, named, names, as_korean)

    def japanese(self, name: str) -> _Read | None:
        """A whole name of the data, exactly, or the entry a Japanese name sounds like and is
        spelled closest to (every kana read as words, or :data:`MIN_KANA_SOUNDED` sounded);
        then a plant's extract with the part the name leaves out, then the name without a
        maker's grade mark ("クララエキス-1")."""
        found = self._japanese_as_printed(name)
        if found is None:
            shorter = without_grade(name)
            found = self._japanese_as_printed(shorter) if shorter else None
        return found

    def _japanese_as_printed(self, name: str) -> _Read | None:
        whole = whole_japanese_name(name)
        if whole is not None:
            entry = self._entries.get(name_key(whole))
            return (entry, 0.95, JAPANESE) if entry is not None else None
        heard = japanese_sound_keys(name)
        if not heard.keys or 0 < heard.sounded < MIN_KANA_SOUNDED:
            return None
        named = self._sounding(heard.keys)
        found = self._spelled_closest(name, heard.spelling, named)
        if found is not None:
            return found, SOUND_CONFIDENCE, JAPANESE_SOUND
        return self._with_a_part(name, heard)

    def _with_a_part(self, name: str, heard: Heard) -> _Read | None:
        """A plant's extract named without its part ("カノコソウエキス"), INCI with one
        (Valeriana Fauriei Root Extract): the plant's usual part (``[japanese.usual_parts]``),
        or else the one part the dictionary holds an extract of."""
        if not heard.keys or any(key.count("|") != 1 for key in heard.keys):
            return None  # a part is printed, or the name is no "<plant> extract"
        usual = usual_part(name)
        parts = (usual,) if usual else PLANT_PARTS
        keys = frozenset(
            f"{key.removesuffix(_EXTRACT)}|{part}{_EXTRACT}"
            for key in heard.keys
            if key.endswith(_EXTRACT)
            for part in parts
        )
        named = self._sounding(keys)
        if len(named) != 1:
            return None
        found = self._spelled_closest(name, heard.spelling, named)
        return (found, PART_CONFIDENCE, JAPANESE_PART) if found is not None else None

    def _spelled_closest(self, name: str, spelling: str, named: dict[str, Entry]) -> Entry | None:
        heard = as_japanese(_without_label_words(spelling))
        return _closest_spelling(
            latin_words(name), heard, named, self._names_of(named), as_japanese
        )

    def _sounding(self, keys: frozenset[str]) -> dict[str, Entry]:
        """INCI name -> entry, for every ingredient one of the sound keys names."""
        if self._by_key is None:
            index: dict[str, dict[str, Entry]] = {}
            for key, entry in self._entries.items():
                for sound in english_sound_keys(key):
                    index.setdefault(sound, {})[entry.inci] = entry
            self._by_key = index
        named: dict[str, Entry] = {}
        for key in keys:
            named.update(self._by_key.get(key, {}))
        return named

    def _names_of(self, named: Mapping[str, Entry]) -> dict[str, list[str]]:
        """Every name (INCI name and aliases, folded) the dictionary holds for these entries."""
        if self._names is None:
            names: dict[str, list[str]] = {}
            for key, entry in self._entries.items():
                names.setdefault(entry.inci, []).append(key)
            self._names = names
        return {inci: self._names.get(inci, [inci]) for inci in named}


def _closest_spelling(
    latin: frozenset[str],
    heard: str,
    named: Mapping[str, Entry],
    names: Mapping[str, list[str]],
    fold: Callable[[str], str],
) -> Entry | None:
    """Of the ingredients a name sounds like, the one its Latin spelling ``heard`` (folded,
    without label words) is close to ("dimetikon": dimethicone, not simethicone), clearly
    closer than any other; or None.

    Only the sounded-out part is compared (the words "extract", "oil"... match anyway), and a
    Latin word printed in the name (``latin``: "C" of "ビタミンC", "HCl") must be a word of
    the match."""
    from rapidfuzz import fuzz

    scored = []
    for inci in named:
        fitting = [n for n in names.get(inci, [inci]) if latin <= set(_LATIN_WORD.findall(n))]
        if fitting:
            spelled = (fold(_without_label_words(n)) for n in fitting)
            scored.append((max(fuzz.ratio(heard, s) for s in spelled), inci))
    ranked = sorted(scored, reverse=True)
    if not ranked or ranked[0][0] < SPELLING_SCORE:
        return None
    spelled_alike = ranked[0][0] >= SPELLING_EXACT
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < SPELLING_MARGIN and not spelled_alike:
        return None
    return named[ranked[0][1]]


def _without_label_words(name: str) -> str:
    return " ".join(w for w in name.casefold().split() if w not in label_words())
