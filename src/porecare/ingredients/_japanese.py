"""Japanese ingredient names (JCLS, the Japan Cosmetic Industry Association's labelling names)
read as INCI names.

A Japanese list (全成分表示) prints "グリセリン", "ヒアルロン酸Na", "ステアリン酸グリセリル",
"ホホバ種子油": most names spelled out in katakana as they sound, salts and esters turned around
the word 酸 (acid), plants by their Japanese names with the part in kanji. Common names the
sound cannot reach ("水", "香料", "BG") are whole names in the data; the rest is heard like a
Korean name (:mod:`~porecare.ingredients._sounds`): katakana become consonant classes, kanji
and plant names become the English words they translate, and

* "X酸" is X's acid ("サリチル酸", salicylic acid),
* "X酸Na" (a metal) is the metal's X-ate ("ヒアルロン酸Na", sodium hyaluronate),
* "X酸Y" (Y in katakana) is the ester "Y X-ate" ("ステアリン酸グリセリル", glyceryl stearate),

where Japanese often ends X in "ン" ("ステアリン", from German Stearin): the key is tried with
and without it. The words are data (``[japanese]`` in ``knowledge/data/label_languages.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import islice, product
from typing import Any, NamedTuple

from porecare.errors import KnowledgeError
from porecare.ingredients._languages import KANA, _load
from porecare.ingredients._sounds import (
    MAX_KEYS,
    _collapse,
    _sounds,
    _spellings,
    english_sound_keys,
    fold_spelling,
)

__all__ = [
    "JAPANESE",
    "KANA",
    "Heard",
    "as_japanese",
    "japanese_sound_keys",
    "latin_words",
    "usual_part",
    "whole_japanese_name",
    "without_grade",
]

JAPANESE = "Japanese name read as INCI"
_ACID = "酸"
#: Kana and kanji form one run: a word may join them ("ヒマシ油", castor oil).
_SEGMENTS = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]+|[A-Za-z]+|[0-9]+")
_HIRAGANA_TO_KATAKANA = 0x60
_LATIN_WORD = re.compile(r"[a-z]+")
#: Stereo prefixes ("l-メントール", "DL-リンゴ酸") that INCI names leave out.
_STEREO = frozenset({"l", "d", "dl"})
_STEREO_PREFIX = re.compile(r"(?i)^(?:dl|d|l)-")
_SOLUTION = "液"
#: The alcohols of a mixed ester, bracketed after 酸 (with ジ, "di", which INCI leaves out):
#: "ジ(フィトステリル/オクチルドデシル)" is INCI's "Phytosteryl/Octyldodecyl ...".
_ESTER_GROUPS = re.compile(r"(?:ジ)?\(([^()/]+(?:/[^()/]+)+)\)")
_CJK_CHAR = "\u3041-\u30ff\u4e00-\u9fff"
#: A name ending in a kana or kanji, then a grade mark or a Japanese gloss in brackets.
_GRADE = re.compile(
    rf"(.*(?:[{_CJK_CHAR}]|酸[A-Za-z0-9]+))\s*(?:-[0-9]+|\([0-9]+\)|\([A-Z]\)|\([^()/]*[{_CJK_CHAR}][^()/]*\))"
)
#: Marks that lengthen or glide a sound: not counted as kana sounded out.
_NOT_SOUNDED = frozenset("ーッァィゥェォャュョヮヵヶ")
_SMALL_VOWELS = frozenset("ァィゥェォャュョ")
_VOWEL_KANA = frozenset("アイウエオ")
#: Kana Japanese writes for a consonant alone ("ク" k, "ス" s, "ル" l, "ト" t, "ド" d).
_ADDED_VOWEL = frozenset("クグスズツヌフブプムル")
#: English spelling folded toward how Japanese writes it, in order ("tocopherol" "tokoferol").
_AS_JAPANESE = (
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"ch|ck|q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"y"), "i"),
    (re.compile(r"r"), "l"),
    (re.compile(r"v"), "b"),
    (re.compile(r"h"), ""),
    (re.compile(r"([a-z])\1"), r"\1"),
)


def as_japanese(name: str) -> str:
    """Letters of a name (an INCI name, or a Japanese one's Latin spelling) folded toward
    Japanese sounds, to compare the two."""
    return fold_spelling(name, _AS_JAPANESE)


@dataclass(frozen=True)
class _Japanese:
    kana: dict[str, tuple[str, ...]]
    words: dict[str, str]
    longest: int
    whole: dict[str, str]
    salts: dict[str, str]
    romaji: dict[str, str]
    usual_parts: dict[str, str]


def latin_words(name: str) -> frozenset[str]:
    """The Latin words a Japanese name prints ("c" of "ビタミンC", "hcl" of "リシンHCl"), but
    not a salt after 酸 ("Na" of "ヒアルロン酸Na": sodium)."""
    stem, acid, tail = name.partition(_ACID)
    if acid and tail.strip() in _japanese().salts:
        name = stem
    return frozenset(_LATIN_WORD.findall(name.casefold())) - _STEREO


def whole_japanese_name(name: str) -> str | None:
    """The INCI name of a Japanese name the sound cannot reach ("水", "香料", "BG"), or None.

    A stereo prefix ("dl-カンフル") and a last "液" (a solution: "水酸化カリウム液") are left out
    when the name as printed is not one of the data. Japanese writes no spaces inside a name,
    so a space a shop put in ("L-アスコルビン酸 2-グルコシド") is left out too."""
    whole = _japanese().whole
    name = name.strip()
    found = whole.get(name)
    if found is None:
        found = whole.get(_STEREO_PREFIX.sub("", name).removesuffix(_SOLUTION))
    if found is None and (" " in name or "\u3000" in name):
        return whole_japanese_name(name.replace(" ", "").replace("\u3000", ""))
    return found


def without_grade(name: str) -> str | None:
    """A Japanese name without the grade mark a maker adds after it ("クララエキス-1",
    "酵母エキス(3)", "水溶性コラーゲン(F)") or a bracketed gloss in Japanese ("アスコルビン酸
    (ビタミンC)"), or None when it has neither. A bracket of Latin letters and digits may be
    part of the name ("(C14-16)", "(SE)"), so only a lone digit run or capital counts; nor is
    a list of parts ("ジ(イソステアリル/フィトステリル)") a gloss."""
    match = _GRADE.fullmatch(name.strip())
    return match.group(1) if match else None


def usual_part(name: str) -> str | None:
    """The part INCI names for the plant a Japanese name names without one ("カノコソウエキス":
    root), from ``[japanese.usual_parts]``; None when the name names none of those plants."""
    parts = _japanese().usual_parts
    named = [plant for plant in parts if plant in name]
    return parts[max(named, key=len)] if named else None


class Heard(NamedTuple):
    """A Japanese name as heard: its sound keys, how many kana were sounded out, and its
    spelling in Latin letters (English words for the words it translates), in INCI order."""

    keys: frozenset[str]
    sounded: int
    spelling: str


_NOTHING = Heard(frozenset(), 0, "")


def japanese_sound_keys(name: str) -> Heard:
    """A Japanese name as heard; nothing when a part of it is neither kana, a known word, a
    salt nor Latin letters and digits."""
    # Brackets stay: "(C14-16)" is part of a name, and a bracketed list of acids is no ester.
    text = _STEREO_PREFIX.sub("", name.replace(" ", "").replace("・", ""))
    table = _japanese()
    if text.count(_ACID) != 1:
        return _heard(_parts(text, table))
    stem, tail = text.split(_ACID)
    found = _parts(stem, table)
    if found is None or not stem:
        return _NOTHING
    stem_parts, stem_spelling, sounded = _with_and_without_n(found[0]), found[1], found[2]
    if not tail:  # "サリチル酸": salicylic acid
        acid = sorted(english_sound_keys("acid"))
        spelling = f"{stem_spelling.removesuffix('in')}ic acid"
        return _heard(([*stem_parts, ["K"], acid], spelling, sounded))
    group = _ESTER_GROUPS.fullmatch(tail)
    if group:  # "ラウロイルグルタミン酸ジ(フィトステリル/オクチルドデシル)": a mixed ester
        tail = group.group(1)
    salt = table.salts.get(tail)
    if salt is not None:  # "ヒアルロン酸Na": sodium hyaluronate
        head, head_spelling = [sorted(english_sound_keys(salt))], salt
    elif KANA.fullmatch(tail[0]) or (tail[0].isascii() and tail[0].isalpha()):
        # "ステアリン酸グリセリル": glyceryl stearate; "イソステアリン酸PEG-12"
        ester = _parts(tail, table)
        if ester is None:
            return _NOTHING
        head, head_spelling, sounded = ester[0], ester[1], sounded + ester[2]
    else:
        return _NOTHING
    spelling = f"{head_spelling} {stem_spelling.removesuffix('in')}ate"
    return _heard(([*head, *stem_parts, ["T"]], spelling, sounded))


def _heard(found: tuple[list[list[str]], str, int] | None) -> Heard:
    if found is None:
        return _NOTHING
    parts, spelling, sounded = found
    keys = frozenset(_collapse("".join(p)) for p in islice(product(*parts), MAX_KEYS))
    return Heard(keys, sounded, spelling)


def _with_and_without_n(parts: list[list[str]]) -> list[list[str]]:
    """The stem's keys, and the same without a last "N" ("ステアリン" is stear(in))."""
    joined = {_collapse("".join(p)) for p in islice(product(*parts), MAX_KEYS)}
    return [sorted(joined | {k[:-1] for k in joined if k.endswith("N")})]


def _parts(text: str, table: _Japanese) -> tuple[list[list[str]], str, int] | None:
    parts: list[list[str]] = []
    spelled: list[str] = []
    sounded = 0
    for segment in _SEGMENTS.findall(text):
        if segment.isdigit():
            parts.append([f"#{segment}#"])
            spelled.append(segment)
        elif segment in table.words:  # "BG": butylene glycol
            english = table.words[segment]
            parts.append(sorted(english_sound_keys(english)))
            spelled.append(english)
        elif segment.isascii():
            parts.append(_spellings(segment.casefold(), _sounds())[:1])
            spelled.append(segment.casefold())
        else:
            run = _run(segment, table)
            if run is None:
                return None
            parts.extend(run[0])
            spelled.append(run[1])
            sounded += run[2]
    return parts, " ".join(spelled), sounded


def _run(run: str, table: _Japanese) -> tuple[list[list[str]], str, int] | None:
    """A run of kana or kanji: known words (longest first) as their English, other kana as
    their classes; None at a kanji no word holds."""
    parts: list[list[str]] = []
    spelled: list[str] = []
    sounded = 0
    i = 0
    while i < len(run):
        for size in range(min(table.longest, len(run) - i), 0, -1):
            english = table.words.get(run[i : i + size])
            if english is not None and (size >= 2 or not KANA.match(run[i])):
                parts.append(sorted(english_sound_keys(english)) if english else [""])
                spelled.append(f" {english} ")
                i += size
                break
        else:
            kana = chr(ord(run[i]) + _HIRAGANA_TO_KATAKANA) if "ぁ" <= run[i] <= "ゖ" else run[i]
            classes = table.kana.get(kana)
            if classes is None:
                return None
            parts.append(list(classes))
            spelled.append(_romaji(kana, run[i + 1 : i + 2], table))
            sounded += kana not in _NOT_SOUNDED
            i += 1
    return parts, " ".join("".join(spelled).split()), sounded


def _romaji(kana: str, after: str, table: _Japanese) -> str:
    """A kana in Latin letters, without the vowel Japanese adds to a lone consonant ("ル" in
    "グリセリル" is the "l" of glyceryl) or that a small kana after it replaces ("フェ", "fe")."""
    spelled = table.romaji.get(kana, "")
    if len(spelled) < 2:
        return spelled
    if after in _SMALL_VOWELS or (kana in _ADDED_VOWEL and after not in _VOWEL_KANA):
        return spelled[:-1]
    return spelled


@cache
def _japanese() -> _Japanese:
    data: Any = _load().get("japanese", {})
    try:
        kana = {
            str(k): tuple("" if c == "-" else c for c in str(v).split("|"))
            for k, v in data["kana"].items()
        }
        words = {str(k): str(v) for k, v in data["words"].items()}
        whole = {str(k): str(v) for k, v in data["whole_names"].items()}
        salts = {str(k): str(v) for k, v in data["salts"].items()}
        romaji = {str(k): str(v) for k, v in data["romaji"].items()}
        usual = {str(k): str(v) for k, v in data["usual_parts"].items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise KnowledgeError(
            f"knowledge/data/label_languages.toml: [japanese] lacks {exc}"
        ) from None
    longest = max(map(len, words), default=1)
    return _Japanese(kana, words, longest, whole, salts, romaji, usual)
