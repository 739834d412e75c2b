"""Match a Korean ingredient name to an INCI name by how both sound.

Korean labels spell most INCI names out in Hangul as they sound ("카프릴로일살리실릭애씨드",
capryloyl salicylic acid). The word table of :mod:`~porecare.ingredients._languages` reads a
name only when it knows every word; this is the fallback for the names it cannot cut. Both
names are reduced to a *sound key*: their consonants in a few classes (K, S, T, P, L, M, N;
vowels, "h", "w" and "y" dropped; a run of one class counted once), the way consonant
skeletons are compared in cross-script name matching (the Soundex family; Zobel & Dart,
"Phonetic string matching", SIGIR 1996). Korean loanword spelling (the National Institute of
Korean Language's 외래어 표기법) writes "r" and "l" alike (ㄹ), "f" and "p" alike (ㅍ), and
drops an "r" that ends a syllable ("copolymer" is 코폴리머): the English side spells each
INCI name every way those rules allow, up to a limit.

Words a Korean label *translates* rather than sounds out ("추출물" extract, "잎" leaf, "병풀"
Centella Asiatica) come from the word table and are kept as words, so "꼬리풀추출물" cannot
meet "Clove Flower Extract" across the word "extract". A match counts only when the key
names one ingredient in the whole dictionary and at least :data:`MIN_SOUNDED` syllables were
sounded out: short names sound like too many others.

The letter classes and words are data (``[sounds]`` in ``knowledge/data/label_languages.toml``).
Checked on the Korean lists of the held-out sets 3-134 with CosIng imported: of the 577 names
the word table reads whose sound also names one ingredient, all 577 agree. On the same lists
it reads 88 of the 250 names the table could not (82.8 % -> 88.9 % of Korean tokens).

When several ingredients share a name's sound, :func:`korean_spelling` spells the Hangul in
Latin letters the way loanwords are written (ㄹ "l", the added vowel ㅡ dropped), and the
name whose spelling is clearly closest wins (``_heard.SoundIndex.korean_by_spelling``).
Checked the same way on sets 3-150: of the 291 table-read names several ingredients sound
like where the spelling picks one, all 291 agree with the table (a short word compared letter
by letter: "피씨에이" is P-C-A); Korean tokens 1,651 -> 1,681 of 1,782.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice, product
from typing import Any

from porecare.errors import KnowledgeError
from porecare.ingredients._languages import _korean, _load

__all__ = [
    "MIN_SOUNDED",
    "SOUND_MATCH",
    "as_korean",
    "english_sound_keys",
    "fold_spelling",
    "korean_sound_keys",
    "korean_spelling",
    "label_words",
    "letter_by_letter",
]

SOUND_MATCH = "Korean name matched by its sound"
#: At least this many Hangul syllables sounded out (not read as translated words).
MIN_SOUNDED = 4
#: Spellings of one English name kept at most (each ambiguous letter doubles them).
MAX_KEYS = 16
_WORDS = re.compile(r"[a-z]+|[0-9]+")
_SEGMENTS = re.compile(r"[\uac00-\ud7a3]+|[A-Za-z]+|[0-9]+")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_RUNS = re.compile(r"([A-Z])\1+")
_SHORT_WORD = re.compile(r"\b[a-z]{1,4}\b")
_SYLLABLE_BASE = 0xAC00
_PER_INITIAL = 588  # 21 vowels x 28 finals
_FINALS = 28


@dataclass(frozen=True)
class _Sounds:
    initials: tuple[str, ...]
    finals: tuple[str, ...]
    letters: dict[str, str]
    digraphs: tuple[tuple[str, tuple[str, ...]], ...]
    soft: frozenset[str]
    vowels: frozenset[str]
    letter_names: dict[str, str]
    boundary: frozenset[str]
    spelled: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    letter_spellings: dict[str, str]


def english_sound_keys(name: str) -> frozenset[str]:
    """Every sound key of an English (INCI) name that Korean spelling could produce."""
    parts = list(map(_word_keys, _WORDS.findall(name.casefold())))
    return frozenset(_collapse("".join(p)) for p in islice(product(*parts), MAX_KEYS))


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, ...]:
    """What one word of an English name may sound like (names share most of their words)."""
    sounds = _sounds()
    if word.isdigit():
        return (f"#{word}#",)
    if word in sounds.boundary:
        return (f"|{word}",)
    spelled = _spellings(word, sounds)
    if len(word) <= 4:  # "PCA", "PEG", "EDTA" are read letter by letter: 피씨에이
        spelled.append("".join(sounds.letter_names.get(c, "") for c in word))
    return tuple(dict.fromkeys(spelled))


def korean_sound_keys(name: str) -> tuple[frozenset[str], int]:
    """The sound keys of a Hangul name and how many syllables were sounded out.

    Translated words of the Korean word table are kept as the English words they stand for.
    """
    parts: list[list[str]] = []
    sounded = 0
    for segment in _SEGMENTS.findall(_BRACKETED.sub(" ", name)):
        if segment.isdigit():
            parts.append([f"#{segment}#"])
        elif segment.isascii():
            parts.append(_spellings(segment.casefold(), _sounds())[:1])
        else:
            run_parts, run_sounded = _hangul_run(segment)
            parts.extend(run_parts)
            sounded += run_sounded
    keys = frozenset(_collapse("".join(p)) for p in islice(product(*parts), MAX_KEYS))
    return keys, sounded


def korean_spelling(name: str) -> str:
    """A Hangul name in Latin letters: translated words as their English, other syllables
    spelled as a loanword's English would be ("하이드롤라이즈드콜라겐": "haidlollaijdkollagen")."""
    words = _korean().words
    out = []
    for segment in _SEGMENTS.findall(_BRACKETED.sub(" ", name)):
        if segment.isascii():
            out.append(segment.casefold())
            continue
        for word, kept in _hangul_pieces(segment):
            out.append(f" {words[word][0]} " if kept else _hangul_letters(word))
    return " ".join("".join(out).split())


#: English spelling folded toward how Korean writes it, in order, for both names compared.
_AS_KOREAN = (
    (re.compile(r"ph|f"), "p"),
    (re.compile(r"v"), "b"),
    (re.compile(r"th"), "t"),
    (re.compile(r"ch|ck|q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"z"), "j"),
    (re.compile(r"y"), "i"),
    (re.compile(r"r"), "l"),
    (re.compile(r"[hw]"), ""),
    (re.compile(r"([a-z])\1"), r"\1"),
)


def as_korean(name: str) -> str:
    """Letters of a name (an INCI name, or a Korean one's Latin spelling) folded toward
    Korean sounds, to compare the two."""
    return fold_spelling(name, _AS_KOREAN)


def fold_spelling(name: str, rules: Sequence[tuple[re.Pattern[str], str]]) -> str:
    """A name's letters and digits, lower case, with each (pattern, replacement) of ``rules``
    applied in order: a spelling folded toward how another script writes it."""
    text = re.sub(r"[^a-z0-9]", "", name.casefold())
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def letter_by_letter(name: str) -> str:
    """A name with its short words (four letters at most: "PCA", "DNA") spelled as Korean
    reads them, letter by letter ("sodium pisiei"); the name itself when it has none."""
    spellings = _sounds().letter_spellings

    def spelled(match: re.Match[str]) -> str:
        word = match.group(0)
        return "".join(spellings.get(c, c) for c in word)

    return _SHORT_WORD.sub(spelled, name.casefold())


def _hangul_run(run: str) -> tuple[list[list[str]], int]:
    words = _korean().words
    parts: list[list[str]] = []
    sounded = 0
    for word, kept in _hangul_pieces(run):
        if kept:
            parts.append(sorted({key for e in words[word] for key in english_sound_keys(e)}))
        else:
            parts.append([_hangul_classes(word)])
            sounded += len(word)
    return parts, sounded


def _hangul_pieces(run: str) -> list[tuple[str, bool]]:
    """A run of Hangul cut into table words (longest first) and single syllables, each with
    whether it is kept as the English word it translates."""
    table = _korean()
    words, longest, translated = table.words, table.longest, _translated()
    pieces: list[tuple[str, bool]] = []
    i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            if run[i : i + size] in words:
                pieces.append((run[i : i + size], True))
                i += size
                break
        else:
            pieces.append((run[i], False))
            i += 1
    # A one-syllable word ("씨" seed, "수" water) is a translation only where more translated
    # words or the end follow it ("메도우폼씨오일"); elsewhere it is a sound of a longer word.
    out: list[tuple[str, bool]] = []
    follows = True
    for word, known in reversed(pieces):
        kept = known and word in translated and (follows or len(word) >= 2)
        out.append((word, kept))
        follows = kept
    return out[::-1]


def _hangul_letters(word: str) -> str:
    initials, vowels, finals = _sounds().spelled
    out = []
    for ch in word:
        offset = ord(ch) - _SYLLABLE_BASE
        initial, rest = divmod(offset, _PER_INITIAL)
        vowel, final = divmod(rest, _FINALS)
        out.append(initials[initial] + vowels[vowel] + finals[final])
    return "".join(out)


def _hangul_classes(word: str) -> str:
    sounds = _sounds()
    out = []
    for ch in word:
        offset = ord(ch) - _SYLLABLE_BASE
        out.append(sounds.initials[offset // _PER_INITIAL] + sounds.finals[offset % _FINALS])
    return "".join(out)


def _spellings(word: str, sounds: _Sounds) -> list[str]:
    """The class strings one English word may be heard as (at most :data:`MAX_KEYS`)."""
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        for digraph, classes in sounds.digraphs:
            if word.startswith(digraph, i):
                parts.append(classes)
                i += len(digraph)
                break
        else:
            parts.append(_letter(word, i, sounds))
            i += 2 if word.startswith("cc", i) else 1
    return [_collapse("".join(p)) for p in islice(product(*parts), MAX_KEYS)]


def _letter(word: str, i: int, sounds: _Sounds) -> tuple[str, ...]:
    letter, after = word[i], word[i + 1 : i + 2]
    if letter == "c" and after == "c":  # "succinic": k-s; "occlusive": k
        return ("KS",) if word[i + 2 : i + 3] in sounds.soft and i + 2 < len(word) else ("K",)
    if letter == "c":
        return ("S",) if after and after in sounds.soft else ("K",)
    if letter == "g":
        return ("K", "S") if after and after in sounds.soft else ("K",)
    if letter == "x":
        return ("S", "KS") if i == 0 else ("KS",)
    if letter == "r":  # sounded before a vowel; dropped at the end; either before a consonant
        if not after:
            return ("",)
        return ("L",) if after in sounds.vowels else ("L", "")
    return (sounds.letters.get(letter, ""),)


def label_words() -> frozenset[str]:
    """The words a label translates rather than sounds out ("extract", "seed", "oil")."""
    return _sounds().boundary


def _collapse(key: str) -> str:
    return _RUNS.sub(r"\1", key)


@cache
def _translated() -> frozenset[str]:
    """Table words that translate rather than sound out their English ("추출물", "병풀"), and
    words that are label boundary words however they are spelled ("오일", oil)."""
    sounds = _sounds()
    out = set()
    for hangul, english in _korean().words.items():
        heard = _collapse(_hangul_classes(hangul))
        if any(e in sounds.boundary for e in english) or not any(
            heard in english_sound_keys(e) for e in english
        ):
            out.add(hangul)
    return frozenset(out)


@cache
def _sounds() -> _Sounds:
    data: Any = _load().get("sounds", {})
    try:
        initials = tuple(map(_silent, data["hangul_initials"]))
        finals = tuple(map(_silent, data["hangul_finals"]))
        letters = {str(k): _silent(v) for k, v in data["letters"].items()}
        digraphs = tuple(
            (str(k), tuple(map(_silent, str(v).split("|")))) for k, v in data["digraphs"].items()
        )
        names = {str(k): _silent(v) for k, v in data["letter_names"].items()}
        spelled = (
            tuple(map(_silent, data["hangul_initial_letters"])),
            tuple(map(_silent, data["hangul_vowel_letters"])),
            tuple(map(_silent, data["hangul_final_letters"])),
        )
        sounds = _Sounds(
            initials,
            finals,
            letters,
            digraphs,
            frozenset(data["soft_vowels"]),
            frozenset(data["vowels"]),
            names,
            frozenset(data["boundary_words"]),
            spelled,
            {str(k): str(v) for k, v in data["latin_letter_spellings"].items()},
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise KnowledgeError(f"knowledge/data/label_languages.toml: [sounds] lacks {exc}") from None
    if (len(initials), len(finals)) != (19, _FINALS) or tuple(map(len, spelled)) != (19, 21, 28):
        raise KnowledgeError(
            "knowledge/data/label_languages.toml: [sounds] needs 19 hangul_initials and 28"
            " hangul_finals, and 19, 21 and 28 hangul_initial_letters, _vowel_letters and"
            f" _final_letters (has {len(initials)}, {len(finals)}, {tuple(map(len, spelled))})"
        )
    return sounds


def _silent(spec: object) -> str:
    """A class as written in the data, where "-" is a silent letter."""
    return "" if spec == "-" else str(spec)
