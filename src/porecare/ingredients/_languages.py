"""Ingredient names printed in French, Portuguese, Spanish, Turkish, Polish, Korean or Chinese,
read back as the INCI names they stand for.

A translated label prints "hyaluronate de sodium", "extrait de feuille de Centella Asiatica",
"triglycéride caprylique/caprique", "Sodyum Hiyalüronat" or "소듐하이알루로네이트". French names
put the head first and join the parts with "de" ("extrait de racine de X" is "X Root
Extract"), and so do Portuguese and Spanish ones ("hidróxido de sódio"); Turkish ones spell the
INCI words as they sound; Korean ones run the sounded-out words together; Chinese ones (the
standard names of China's inventory, IECIC) translate word by word ("透明质酸钠",
"积雪草提取物"). :func:`readings` gives the INCI names such a name can stand for; the
dictionary keeps only a reading it holds exactly (a Korean or Chinese one with spaces and
punctuation ignored, a Portuguese or Spanish one by :func:`iberian_key`), so a wrong one finds
nothing. The words and endings are data (``knowledge/data/label_languages.toml``).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import islice, product
from typing import Any

from porecare.errors import KnowledgeError
from porecare.ingredients._knowledge import read_data

__all__ = [
    "CHINESE",
    "FRENCH",
    "IBERIAN",
    "KANA",
    "KOREAN",
    "POLISH",
    "TURKISH",
    "compact_key",
    "iberian_key",
    "readings",
]

FRENCH = "French name read as INCI"
TURKISH = "Turkish name read as INCI"
KOREAN = "Korean name read as INCI"
POLISH = "Polish name read as INCI"
IBERIAN = "Portuguese or Spanish name read as INCI"
CHINESE = "Chinese name read as INCI"
_DATA_FILE = "label_languages.toml"
#: At most this many readings of one name: each word's endings multiply them.
MAX_READINGS = 16
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_ELISION = re.compile(r"\b([dl])['’]\s*")
_SPACES = re.compile(r"\s+")
_HANGUL = re.compile("[\uac00-\ud7a3]")
#: Han characters (a run of them): a name with them and no kana is read as Chinese.
_HAN = re.compile("[\u4e00-\u9fff]+")
#: Katakana and hiragana: a name with one of them is Japanese (``_japanese``), not Chinese.
KANA = re.compile("[\u3041-\u30ff]")
#: A Chinese common name before the Latin binomial it stands for: "马齿苋(PORTULACA OLERACEA)".
_HAN_BEFORE_LATIN = re.compile(r"[\u4e00-\u9fff]+\(\s*([A-Za-z][A-Za-z .]*[A-Za-z.])\s*\)")
_HAN_BRACKETS = re.compile(r"\(([^()]*)\)")
_EXTRACT = "추출물"
#: Endings after which a Korean name may leave out the plant's part, and their English.
_PART_ENDINGS = ((_EXTRACT, "extract"), ("오일", "oil"), ("수", "water"))
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
#: "alkyle en c12-15", "alcools en c14-22": a word and the chain lengths French puts after it.
_CHAIN_AFTER = re.compile(r"\b(\w+) en (c\d+(?:-\d+)?)\b")
#: Letters French shares with no INCI name: one of them, or a French word, says "try French".
_FRENCH_HINT = re.compile(
    r"[éèêëàâîïôûùç]|\b(?:de|du|des|d['’]|huile|extrait|acide|alcools?|silice|beurre|cire|gomme|"
    r"poudre|triglyc[ée]ride|copolym[èe]re|polym[èe]re|dioxyde|oxyde|lysat|\w{3,}ique)\b",
    re.IGNORECASE,
)

#: Letters or words of Portuguese and Spanish names ("Água", "Ácido Cítrico", "Óleo de X") or
#: their usual endings ("Glicerina", "Metilparabeno", "Fenoxietanol").
_IBERIAN_HINT = re.compile(
    r"[áãâàéêíóõôúç]|\b(?:de|da|do|del|das|dos|agua|aceite|goma|cera)\b"
    r"|\w{2,}(?:ico|ica|ina|eno|ato|ido|io|ia|ona|osa|ila|ilo|ana|ano|ol|il|im)\b",
    re.IGNORECASE,
)
#: The spelling Portuguese and Spanish give INCI's words, undone (see [iberian] in the data).
_IBERIAN_FOLDS = ((re.compile(r"ph"), "f"), (re.compile(r"th"), "t"), (re.compile(r"y"), "i"))
_DOUBLED = re.compile(r"([a-z])\1")
_LEADING_ES = re.compile(r"\bes(?=[bcdfgklmnpqrstvz])")
_FINAL_VOWEL = re.compile(r"(?<=[a-z]{3})[ao]\b")
_NOT_LETTER_DIGIT_SPACE = re.compile(r"[^a-z0-9 ]+")


@dataclass(frozen=True)
class _Romance:
    joiners: re.Pattern[str]
    heads: tuple[str, ...]
    trailing: frozenset[str]
    trailing_endings: tuple[str, ...]
    trailing_patterns: tuple[re.Pattern[str], ...]
    phrases: tuple[tuple[str, str], ...]
    words: dict[str, str]
    endings: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class _Korean:
    words: dict[str, tuple[str, ...]]
    longest: int
    parts: tuple[str, ...]
    usual_parts: dict[str, str]


@dataclass(frozen=True)
class _Chinese:
    simplified: dict[int, str]
    whole: dict[str, str]
    words: dict[str, tuple[str, ...]]
    longest: int


@dataclass(frozen=True)
class _Turkish:
    whole: dict[str, str]
    words: dict[str, str]


def readings(name: str) -> tuple[tuple[str, str], ...]:
    """(INCI name it may stand for, how) for a French, Turkish, Polish, Portuguese, Spanish,
    Korean or Chinese name; () for any other name."""
    if _HANGUL.search(name):
        return tuple((reading, KOREAN) for reading in _korean_readings(name))
    if _HAN.search(name) and not KANA.search(name) and name.strip() not in _japanese_kanji():
        return tuple((reading, CHINESE) for reading in _chinese_readings(name))
    found = (
        [(reading, FRENCH) for reading in _romance(name, _romance_table("french"))]
        if _FRENCH_HINT.search(name)
        else []
    )
    found += ((reading, TURKISH) for reading in _turkish_readings(name))
    polish = _polish().get(_SPACES.sub(" ", name.casefold()).strip(" .,;:*"))
    if polish is not None:
        found.append((polish, POLISH))
    if _IBERIAN_HINT.search(name) and _plain(name).isascii():
        # (A reading spelled as printed counts too: it is matched by its spelling key.)
        found += ((r, IBERIAN) for r in _romance(name, _romance_table("iberian"), keep=True))
    return tuple(found)


def compact_key(name: str) -> str:
    """Letters and digits only, lower case: how a Korean reading is matched ("ethyl hexyl
    glycerin" is "ethylhexylglycerin")."""
    return _NOT_LETTER_OR_DIGIT.sub("", name.casefold())


def _korean_readings(name: str) -> list[str]:
    """The English words of a Hangul name cut into the longest known words, left to right;
    other characters (digits, Latin letters, "-", "/", ",") are kept as printed. [] when a
    Hangul run cannot be cut into known words."""
    table = _korean()
    text = _BRACKETED.sub(" ", name).replace(" ", "")
    out = _cut_words(text, _HANGUL, table.words, table.longest)
    return out + _with_usual_part(text, out, table)


def _chinese_readings(name: str) -> list[str]:
    """The English words of a Chinese name: traditional characters as simplified ones, a
    common name before a Latin binomial in brackets left out ("甘草(GLYCYRRHIZA URALENSIS)根提取物"),
    a whole name from ``whole_names``, else each Han run cut into the longest known words, left
    to right, other characters kept. A bracket of Chinese words is read both with its words and
    without them ("山梨(糖)醇", "(日用)香精"). [] when a Han run cannot be cut into known words."""
    table = _chinese()
    text = unicodedata.normalize("NFKC", name).casefold().translate(table.simplified)
    text = _HAN_BEFORE_LATIN.sub(r" \1 ", text)
    variants = dict.fromkeys((_HAN_BRACKETS.sub(r"\1", text), _HAN_BRACKETS.sub(" ", text)))
    out: list[str] = []
    for variant in variants:
        whole = table.whole.get(variant.replace(" ", "").strip(" .,;:*"))
        out += [whole] if whole else _cut_words(variant, _HAN, table.words, table.longest)
    return list(dict.fromkeys(out))[:MAX_READINGS]


def _cut_words(
    text: str, script: re.Pattern[str], words: dict[str, tuple[str, ...]], longest: int
) -> list[str]:
    """The readings of ``text``: each run of ``script`` letters cut into the longest known
    ``words``, left to right (a word with several meanings gives several readings), other
    characters kept as printed. [] when a run cannot be cut into known words."""
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(text):
        if not script.match(text[i]):
            parts.append((text[i],))
            i += 1
            continue
        for size in range(min(longest, len(text) - i), 0, -1):
            english = words.get(text[i : i + size])
            if english is not None:
                parts.append(tuple(f" {e} " for e in english))
                i += size
                break
        else:
            return []
    return [_SPACES.sub(" ", "".join(c)).strip() for c in islice(product(*parts), MAX_READINGS)]


def _with_usual_part(text: str, readings: list[str], table: _Korean) -> list[str]:
    """Korean often names a plant's extract or oil by the plant alone ("사과추출물", "양파추출물",
    "생강오일"), INCI by its part ("Pyrus Malus Fruit Extract", "Allium Cepa Bulb Extract",
    "Zingiber Officinale Root Oil"): the reading with the plant's usual part (``usual_parts``;
    a fruit's extract by default), after the readings without a part."""
    if any(part in text for part in table.parts):
        return []
    for ending, english in _PART_ENDINGS:
        if text.endswith(ending):
            named = [word for word in table.usual_parts if word in text]
            # The longest plant named, and of two as long the first: "서양배추출물" (pear) also
            # holds "양배추" (cabbage), one letter on.
            first = max(named, key=lambda word: (len(word), -text.find(word)), default=None)
            part = table.usual_parts[first] if first else None
            if part is None and ending == _EXTRACT:
                part = "fruit"
            if part is None:
                return []
            cut = len(english) + 1
            return [f"{reading[:-cut]} {part} {english}" for reading in readings]
    return []


def _plain(text: str) -> str:
    """Lower case, without accents, brackets or the elided "d'", spaces collapsed."""
    text = _BRACKETED.sub(" ", text.casefold())
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _ELISION.sub(r"\1e ", text)
    return _SPACES.sub(" ", text).strip(" .,;:*")


def iberian_key(name: str) -> str:
    """How a name is matched to a Portuguese or Spanish reading: "Phenoxyethanol" and
    "fenoxietanol" are both "fenoxietanol", "Stearic Acid" and "estearic acid" "stearic acid",
    "Glyceryl" and "glicerila" "gliceril". Only letters the languages respell are folded ("h"
    stays: "Shea" is not "Sea")."""
    text = _plain(name).replace("-", " ")
    for pattern, letters in _IBERIAN_FOLDS:
        text = pattern.sub(letters, text)
    text = _DOUBLED.sub(r"\1", text)
    text = _FINAL_VOWEL.sub("", _LEADING_ES.sub("s", text))
    return _SPACES.sub(" ", _NOT_LETTER_DIGIT_SPACE.sub(" ", text)).strip()


def _romance(name: str, table: _Romance, keep: bool = False) -> list[str]:
    """A French, Portuguese or Spanish name's readings: the parts joined by "de" in reverse
    order, each part's head noun last, and each word read through the language's table; a
    reading the same as the name only when ``keep``."""
    text = _plain(name)
    for phrase, english in table.phrases:
        text = text.replace(phrase, english)
    # "benzoate d'alkyle en C12-15": the chain length follows "en" in French, leads in INCI.
    text = _CHAIN_AFTER.sub(r"\2 \1", text)
    parts = [p for p in table.joiners.split(f" {text} ") if p]
    words: list[str] = []
    for part in reversed(parts):
        words += _part_words(part.split(), table)
    if not words:
        return []
    choices = [_word_readings(w, table) for w in words]
    out = []
    printed = name.casefold()
    for combo in islice(product(*choices), MAX_READINGS):
        reading = " ".join(w for w in combo if w)
        if reading and (keep or reading != printed):
            out.append(reading)
    return out


def _part_words(words: list[str], table: _Romance) -> list[str]:
    """One part's words in INCI order: a leading head noun moves last, a trailing adjective first."""
    moved_last: list[str] = []
    for head in table.heads:
        size = head.count(" ") + 1
        if len(words) > size and " ".join(words[:size]) == head:
            moved_last, words = words[:size], words[size:]
            break
    moved_first: list[str] = []
    while len(words) > 1 and _trails(words[-1], table):
        moved_first.insert(0, words.pop())
    return moved_first + words + moved_last


def _trails(word: str, table: _Romance) -> bool:
    return (
        word in table.trailing
        or word.endswith(table.trailing_endings)
        or any(p.match(word) for p in table.trailing_patterns)
    )


def _word_readings(word: str, table: _Romance) -> tuple[str, ...]:
    if "/" in word:  # "caprylique/caprique"
        halves = [_word_readings(w, table) for w in word.split("/")]
        return tuple("/".join(c) for c in islice(product(*halves), 4))
    if word in table.words:
        return tuple(table.words[word].split("|"))
    for ending, englishes in table.endings:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            return tuple(stem + e for e in englishes)
    return (word,)


def _turkish_readings(name: str) -> list[str]:
    table = _turkish()
    folded = _SPACES.sub(" ", name.replace("İ", "i").replace("I", "ı").casefold()).strip(" .,;:*")
    # Turkish "I" is the dotless ı; a Latin-keyboard "I" on an English-spelled word is plain i.
    if folded in table.whole:
        return [table.whole[folded]]
    words = folded.split()
    if not words:
        return []
    out = []
    for word in words:
        english = table.words.get(word) or table.words.get(word.replace("ı", "i"))
        out.append(english or word.replace("ı", "i"))
    if out == [w.replace("ı", "i") for w in words]:
        return []
    return [" ".join(out)]


@cache
def _romance_table(language: str) -> _Romance:
    data: Any = _load().get(language, {})
    try:
        return _Romance(
            joiners=re.compile(r"\s(?:" + "|".join(map(re.escape, data["joiners"])) + r")\s"),
            heads=tuple(sorted(data["heads"], key=lambda h: -len(h))),
            trailing=frozenset(data["trailing_adjectives"]),
            trailing_endings=tuple(data["trailing_endings"]),
            trailing_patterns=tuple(re.compile(p) for p in data["trailing_patterns"]),
            phrases=tuple(sorted(data["phrases"].items(), key=lambda p: -len(p[0]))),
            words=dict(data["words"]),
            endings=tuple((k, tuple(v)) for k, v in data["endings"].items()),
        )
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: [{language}] lacks {exc}") from None


@cache
def _korean() -> _Korean:
    data: Any = _load().get("korean", {})
    try:
        words = {str(k): tuple(str(v).split("|")) for k, v in data["words"].items()}
        parts = tuple(data["plant_parts"])
        usual = {str(k): str(v) for k, v in data["usual_parts"].items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: [korean] lacks {exc}") from None
    return _Korean(words, max(map(len, words), default=1), parts, usual)


@cache
def _chinese() -> _Chinese:
    data: Any = _load().get("chinese", {})
    try:
        pairs = str(data["traditional"]).split()
        simplified = str.maketrans({pair[0]: pair[1] for pair in pairs})
        whole = {str(k).casefold().replace(" ", ""): str(v) for k, v in data["whole_names"].items()}
        words = {str(k): tuple(str(v).split("|")) for k, v in data["words"].items()}
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: [chinese] lacks {exc}") from None
    # A whole name of Han characters only is a word too: "甘油硬脂酸酯SE" is its SE grade.
    for key, inci in whole.items():
        if _HAN.fullmatch(key):
            words.setdefault(key, (inci.casefold(),))
    return _Chinese(simplified, whole, words, max(map(len, words), default=1))


@cache
def _japanese_kanji() -> frozenset[str]:
    """Japanese whole names ("水", "香料"): read as Japanese, which they are on a Japanese list
    and which reads them the same."""
    return frozenset(_load().get("japanese", {}).get("whole_names", {}))


@cache
def _turkish() -> _Turkish:
    data: Any = _load().get("turkish", {})
    try:
        return _Turkish(whole=dict(data["whole_names"]), words=dict(data["words"]))
    except (KeyError, TypeError, AttributeError) as exc:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: [turkish] lacks {exc}") from None


@cache
def _polish() -> dict[str, str]:
    """Polish common names (lower case) -> the INCI name each stands for."""
    data: Any = _load().get("polish", {})
    try:
        return {str(k).casefold(): str(v) for k, v in data["whole_names"].items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: [polish] lacks {exc}") from None


@cache
def _load() -> dict[str, Any]:
    try:
        return tomllib.loads(read_data(_DATA_FILE))
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"knowledge/data/{_DATA_FILE}: not TOML ({exc})") from None
