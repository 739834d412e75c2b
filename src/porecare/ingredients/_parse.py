"""Split an ingredient list, as printed on a pack or a shop page, into tokens in label order.

The parser keeps every token it finds (nothing is silently dropped; the resolver reports the
ones it cannot name) and records what the label says about each one: a percentage, a footnote
mark and its legend ("*Organic"), and whether it sits in a "May contain (+/-):" section.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, count, islice
from operator import add
from typing import Any, NamedTuple

from porecare.errors import IngredientError
from porecare.ingredients._doses import EMPTY_PARENS, without_parts_per
from porecare.ingredients._spellings import EDGE as _EDGE
from porecare.ingredients._spellings import SPACES as _SPACES
from porecare.ingredients._spellings import candidates
from porecare.ingredients._text import clean_text

__all__ = [
    "MAX_LABEL_CHARS",
    "MAX_NAME_CHARS",
    "SLASH_PARTS",
    "LabelToken",
    "clean_piece",
    "merge_ascii_digit_pieces",
    "merge_digit_pieces",
    "parse_label",
    "piece_legends",
    "piece_may_contain",
    "piece_passes",
    "piece_without_prefix",
    "prepare_label",
    "split_label",
    "split_part",
]

#: The longest ingredient list accepted; real ones are under 3,000 characters.
MAX_LABEL_CHARS = 100_000
#: A token longer than this is not looked up (no INCI name comes close; CosIng's longest is ~190).
MAX_NAME_CHARS = 300


class LabelToken(NamedTuple):
    """One ingredient as printed, with what the label says about it.

    A named tuple: a label of 30 ingredients makes 30 of these, and ``check --jsonl`` makes
    millions, so construction cost matters. Its position is its index in the label's list;
    the token itself does not carry it, so one token object serves every label it appears on.
    """

    text: str
    """The token as printed (after character clean-up), marks and percentages included."""
    name: str
    """The name to look up: percentage, footnote marks and edge punctuation removed."""
    percent: float | None = None
    may_contain: bool = False
    marks: str = ""
    footnote: str | None = None

    def candidates(self) -> tuple[tuple[str, str], ...]:
        """Names to look up, best first, each with how it was derived from the token.

        ``Water (Aqua)`` gives the whole token, ``Water`` and ``Aqua``; ``Tremella Fuciformis
        (Mushroom) Extract`` gives ``Tremella Fuciformis Extract`` before ``Mushroom``;
        ``Aqua/Water/Eau`` gives each part after the whole (many INCI names contain ``/``).
        """
        return candidates(self.name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "percent": self.percent,
            "may_contain": self.may_contain,
            "marks": self.marks,
            "footnote": self.footnote,
        }


#: A header before a colon: "Ingredients:", "INCI:", "Inactive ingredients:", "Zutaten:".
_HEADER_BEFORE_COLON = re.compile(
    r"(?i)(?:^|[\s.,;])(?:(?:in)?active\s+(?:sunscreen\s+)?|other\s+|full\s+|key\s+|base\s+)?"
    r"(?:ingredients?|ingr[ée]dients?|inci|zutaten|ingredientes|inhaltsstoffe|composition|"
    r"(?:in)?actives?|komposisi)"
    r"(?:\s+list|\s+lengkap)?\s*(?:\([^)]{0,20}\))?\s*$"
)
_HTML_BREAK = re.compile(r"(?i)<\s*(?:br|/p|p|/li|li|/div|div)\b[^<>]{0,30}>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,9}\b[^<>]{0,60}>")
_DOSE_GLUED = re.compile(r"(\d\s?%)(?=[A-Z][a-z])")
_DRUG_FACTS_HEADING = re.compile(
    r"(?i)(?:^|(?<=[\s.,;]))(?:(?:in)?active|other)\s+ingredients?\b(?:\s*\([^)]{0,20}\))?\s*[.:-]?\s*"
)
#: Japanese section headings: "有効成分:" (active ingredients of a quasi-drug, 医薬部外品),
#: "その他の成分:", "【その他の成分】" or "<その他の成分>" (the others), "全成分:" (all).
JAPANESE_OPENING = "【\\[<＜〈《"
"""The brackets a Japanese section heading may open with ("【その他の成分】", "<有効成分>")."""
_JAPANESE_HEADING = re.compile(
    rf"[{JAPANESE_OPENING}]?\s*(?:有効成分|その他の成分|全成分|成分)\s*[】\]>＞〉》]?\s*[:：]?\s*"
)
#: The table's column headings run together: "Active Ingredients Purpose Phenol 0.68% ...".
_DRUG_FACTS_COLUMNS = re.compile(
    r"(?i)(?:^|(?<=[\s.,;]))active\s+ingredients?\b(?:\s*\([^)]{0,30}\))?\s*[.:-]?\s*purposes?\b\s*:?"
)
#: Notes a shop copies after the list ("DIRECTIONS FOR USE: Apply...", "Caution: ...", a
#: brand's "Glossary: [1] Hydrator"): no ingredient is in them, so each is cut up to the next
#: ingredients header or the end.
_NOTES = re.compile(
    r"(?i)(?:^|(?<=[\s.,;]))(?:directions(?:\s+for\s+use)?|how\s+to\s+use|caution|warnings?|"
    r"precautions?|storage|glossary|mode\s+d['’]emploi)\s*:"
)
_NOTES_WORDS = (
    "direction", "how to use", "caution", "warning", "precaution", "storage", "glossary", "mode d"
)  # fmt: skip
#: A shop's or brand's notice after the list, which needs no colon: "We are continually
#: innovating...", "Disclaimer", "Les listes d'ingrédients ... sont mises à jour", "Free from
#: parabens...", "En cas de contact avec les yeux...", a shop page's "Add to cart", "How to Use"
#: with no colon, an Indonesian registration number ("POM NA18191234201"), a legend that lost
#: its mark ("Occurs Naturally in Essential Oils"; with its mark it is a footnote legend). No
#: ingredient name holds one of these openers (each is comma-free, so a piece holds the opener
#: when its label does); the notice is cut like a note, up to the next ingredients header or the
#: end.
_NOTICES = re.compile(
    r"(?i)(?:^|(?<=[\s.,;)|]))(?:\(\s*[*†‡]+\s*\)\s*)?(?:disclaimer\b|we\s+are\s+continually|"
    r"(?:as\s+)?the\s+(?:list\s+of\s+ingredients|ingredient\s+list(?:ing)?s?)\s+(?:on|may|are)\b|"
    r"please\s+(?:read|refer|check|note|call)\b|before\s+using\s+(?:a|this|the|our)\b|"
    r"in\s+case\s+of\b|free\s+from\s+(?:parabens|sulfates|silicones)\b|"
    r"it\s+contains\s+no\b|close\s+view\b|les\s+listes?\s+d['’]ingr[ée]dients|"
    r"cette\s+liste\b|veuillez\s+noter|avant\s+d['’]utiliser|en\s+cas\s+de\s+contact|"
    r"envie\s+d['’]en\s+savoir|fabriqu[ée]\s+en\b|add\s+to\s+(?:cart|bag|basket)\b|"
    r"couldn['’]t\s+load\b|how\s+to\s+use\b|\bpom\s+n[a-z]\s?\d{6,}|"
    r"(?<![*†‡]\s)occurs?\s+naturally\s+in\b)"
)
#: A brand's note *before* the list (Beiersdorf's Nivea and Eucerin pages: "Not: Listelenen
#: içerikler mevcut üretim durumuna karşılık gelir. ... içerik beyanı her durumda geçerlidir.",
#: "Note: The listed ingredients correspond to current production. ... is always valid."): cut
#: to its closing sentence; the list follows. Without that closing word nothing is cut.
_LEADING_NOTICE = re.compile(
    r"(?is)^\W*(?:not|note|hinweis)?\s*:?\s*(?:listelenen\s+i̇?çerikler|the\s+listed\s+"
    r"ingredients|die\s+aufgef(?:ü|ue)hrten\s+inhaltsstoffe)\b[^,]{0,120}?[.!]\s.{0,300}?"
    r"(?:geçerlidir|always\s+(?:valid|applies|prevails)|gültig|maßgeblich)\s*[.!]"
)
_LEADING_NOTICE_WORDS = ("listelenen", "listed ingredients", "aufgeführten", "aufgefuehrten")
#: Words one of which every notice opener holds: a scan for them rules out nearly every label.
_NOTICE_WORDS = (
    "disclaimer", "continually", "list", "please", "before using", "in case of", "free from",
    "contains no", "close view", "veuillez", "avant d", "en cas de", "envie d", "fabriqu",
    "add to", "couldn", "how to use", "pom n", "naturally in",
)  # fmt: skip
#: "No Alcohol. No Fragrance. Non Comedogenic.": a shop's free-from claims after the list,
#: each cut alone (a claim ends at a period, comma or line end) so no ingredient goes with it.
_CLAIMS = re.compile(
    r"(?i)(?:^|(?<=[\s.,;]))no(?:n|t)?[\s-]+(?:alcohol|fragrances?|perfumes?|silicones?|"
    r"parabens?|sulfates?|sulphates?|essential\s+oils?|mineral\s+oils?|comedogenic|"
    r"colou?rants?|dyes?)\b\s*[.!]?(?=\s|[,;]|$)"
)
_CLAIM_WORDS = (
    "no alcohol", "no fragrance", "no perfume", "no silicone", "no paraben", "no sulfate",
    "no sulphate", "no essential", "no mineral", "comedogenic", "no colo", "no dye",
)  # fmt: skip
#: Where the list starts again after a note: an "Ingredients:"-style header.
_INGREDIENTS_AGAIN = re.compile(
    r"(?i)(?:^|(?<=[\s.,;]))(?:(?:in)?active\s+|other\s+)?(?:ingredients?|inci)\b[^:,]{0,20}:"
)
#: A maker's formula code after the list: L'Oreal's "(F.I.L. Z70029244/1)".
_FORMULA_CODE = re.compile(r"(?i)\(?\s*F\.I\.L\.?\s*(?:n[o°]\.?\s*)?[A-Z]?[\d/.-]+\s*\)?\.?")
#: L'Oreal's shops and some others separate names with a spaced hyphen, not a comma.
_DASH_SEPARATOR = " - "
#: Chinese filing data joins one ingredient's names with "@!@" ("WATER@!@AQUA"): a slash.
_NAME_JOINER = "@!@"
#: A separator other than the comma (" - ", "@") splits a label printed with at least this many
#: of it, more than its commas.
_SEPARATORS_TO_SPLIT = 3
# "Purpose" must be followed by its words ("Purpose Acne treatment."), so a token that is
# only the word stays a token (nothing is ever dropped silently).
_DRUG_FACTS_PURPOSE = re.compile(
    r"(?i)(?<![^\s.,;])purposes?\b\s*:?\s+[^.,;\n\s][^.,;\n]{0,59}(?:[.;\n]|$)"
)
_LEADING_PREFIX = re.compile(r"(?i)^\s*(?:ingredients?|inci)\b\s*[-.:]?\s*(?=\S)")
_MAY_CONTAIN = re.compile(
    r"(?i)[\[(]?\s*(?:\(\s*\+\s*/\s*-\s*\)|\+\s*/\s*-|may\s+contain|peut\s+contenir|"
    r"kann\s+enthalten|puede\s+contener|pode\s+conter)"
)
_MAY_TAIL = re.compile(
    r"(?i)^(?:\s|[(\[)\]:+/-]|may\s+contain|peut\s+contenir|kann\s+enthalten|"
    r"puede\s+contener|pode\s+conter)*"
)
_LEGEND_WORDS = (
    r"organic|natural|origin|farming|biologique|agriculture|fair\s*trade|naturally|"
    r"derived|wildcrafted|certified|ingredients?\s+(?:from|of)|issu"
)
#: "99% of total ingredients are from natural origin", "98% natural origin": a claim, not an
#: ingredient. "100% Natural Calcium Bentonite Clay" is an ingredient and must survive.
_ORIGIN_SENTENCE = re.compile(
    r"(?i)\d+(?:[.,]\d+)?\s*%\s*(?:of\s+(?:the\s+)?total\b|(?:of\s+|from\s+)?"
    r"(?:natural|organic)(?:ly\s+derived)?\s+origin)[^,;\n]*"
)
_PERIOD_SPLIT = re.compile(r"(?<=[A-Za-z]{3})\.\s+(?=[A-Z(\[])")
_PERCENT = re.compile(r"[<>≤≥~]?\s*(\d{1,3}(?:[.,]\d+)?)\s*%(?:\s*w/w)?")
_DIGIT_COMMA = re.compile(r"\d,\d")
#: An opening bracket followed, before any closing one, by a separator or another opening one.
_INSIDE_BRACKETS = re.compile(
    r"[(\[{][^)\]}]*?[,;•·●▪◦∙|\n\r\u2022\u2023\u25aa\u25cf\u30fb\u3001(\[{]"
)
_AND = re.compile(r"(?i)\s*\(and\)\s*")
#: "+" marks natural-origin fragrance on some shops' pages ("Leaf Oil++", "++Fragrances of
#: natural origin"); no INCI name ends or starts with one.
MARK_CHARS = "*†‡#¹²³°+"
_MARK_RUN = f"[{re.escape(MARK_CHARS)}]+"
_MARKS = re.compile(rf"^(.*?)\s*({_MARK_RUN})$")
_LEAD_MARKS = re.compile(rf"^({_MARK_RUN})\s*")
_LEGEND_START = re.compile(rf"({_MARK_RUN})\s*[=:]?\s*(?=[^\W\d_])")
_LEGEND_HIT = re.compile(r"(?i)" + _LEGEND_WORDS)
_LEGEND_END = re.compile(r"[,;|\n*†‡]")
#: "Note: *Ingredients from natural resources", "(Note: *...)": the word goes with the legend.
_LEGEND_LEAD = re.compile(r"(?i)\(?\b(?:notes?|catatan|nb)\s*:\s*$")
_SEPARATOR_SPLIT = re.compile(r"([,;•·●▪◦∙|\n\r\u2022\u2023\u25aa\u25cf\u30fb\u3001])")
_BRACKET = re.compile(r"[()\[\]{}]")
#: Radical and monomer words that begin multi-part INCI names joined by "/" and are never an
#: ingredient on their own ("Phytosteryl/Isostearyl/Cetyl/Stearyl/Behenyl Dimer Dilinoleate",
#: "Butylene/Ethylene/Styrene Copolymer", "Caprylic/Capric Triglyceride"). Some retailers
#: print the slashes as commas; tests check no word here names an ingredient by itself.
SLASH_PARTS = (
    "phytosteryl", "isostearyl", "cetyl", "stearyl", "cetearyl", "behenyl", "octyldodecyl",
    "myristyl", "arachidyl", "isocetyl", "butylene", "ethylene", "propylene", "isobutylene",
    "caprylic", "capric",
)  # fmt: skip
_BARE_PARTS = frozenset(SLASH_PARTS)
#: The piece bare parts join: it starts with one more part, or with a monomer that is also an
#: ingredient alone ("Styrene Copolymer"), and goes on ("Behenyl Dimer Dilinoleate").
_SLASH_HEADS = _BARE_PARTS | {"styrene"}
_MAY_WORDS = ("contain", "contien", "enthalten", "contener", "conter")


def parse_label(text: str) -> list[LabelToken]:
    """Split an ingredient list into tokens, in label order.

    Handles comma, semicolon, bullet and newline separators, and spaced hyphens where they
    separate the list ("AQUA / WATER - GLYCERIN - ..."); "Ingredients:"/"INCI:" prefixes
    (also "Active/Inactive ingredients:" headers of US drug facts); makers' formula codes
    ("(F.I.L. Z70029244/1)"); "May contain (+/-):"
    sections (kept, marked ``may_contain``); footnote marks and their legends ("*Organic");
    percentages ("Niacinamide 10%" keeps 10.0); stray periods; non-breaking spaces and smart
    quotes. Commas between digits ("1,2-Hexanediol", "0,5%") and inside parentheses do not split;
    a multi-part name a shop printed with commas for its slashes ("Caprylic, Capric
    Triglyceride") is rejoined (:func:`_join_split_names`).

    Raises :class:`~porecare.errors.IngredientError` for binary or oversized input.
    """
    pieces, legends = split_label(text)
    tokens: list[LabelToken] = []
    append = tokens.append
    for piece, may_contain in pieces:
        cleaned = clean_piece(piece)
        if cleaned is None:
            continue
        token_text, name, percent, marks = cleaned
        footnote = legends.get(marks.strip()) if marks else None
        append(LabelToken(token_text, name, percent, may_contain, marks, footnote))
    return tokens


def prepare_label(text: str) -> tuple[list[tuple[str, bool]], dict[str, str]]:
    """Label-order parts of a label, each marked "may contain", and its footnote legends.

    Checks the input, unifies characters and removes headers, legends and claims; each part
    is then cut into pieces by :func:`split_part`. Raises
    :class:`~porecare.errors.IngredientError` for binary or oversized input.
    """
    if not isinstance(text, str):
        raise IngredientError(f"ingredient list must be text, got {type(text).__name__}")
    if "\x00" in text:
        raise IngredientError("ingredient list contains NUL bytes (binary data); paste text")
    if len(text) > MAX_LABEL_CHARS:
        raise IngredientError(
            f"ingredient list is {len(text):,} characters; at most {MAX_LABEL_CHARS:,} allowed"
        )
    text = clean_text(text)
    if "<" in text or "&" in text:
        text = _strip_markup(text)
    if "%" in text:
        # "Zinc Oxide 9.60%Water": a shop dropped the separator after a dose.
        text = _DOSE_GLUED.sub(r"\1, ", text)
    folded = text.casefold()
    # Each pass runs only when its trigger is present: most labels need none of them.
    if folded.lstrip().startswith(("ingredient", "inci")):
        text = _LEADING_PREFIX.sub("", text, count=1)
    if any(word in folded for word in _LEADING_NOTICE_WORDS):
        text = _LEADING_NOTICE.sub("\n", text, count=1)
    if any(word in folded for word in _NOTICE_WORDS):
        text = _cut_notes(text, _NOTICES)
    if any(word in folded for word in _CLAIM_WORDS):
        text = _CLAIMS.sub("\n", text)
    if ":" in text:
        if any(word in folded for word in _NOTES_WORDS):
            text = _cut_notes(text)
        text = _strip_headers(text)
    if "active ingredient" in folded or "other ingredient" in folded or "purpose" in folded:
        text = _strip_drug_facts(text)
    if "成分" in text:  # a Japanese quasi-drug's "有効成分:" and "その他の成分:" sections
        text = _JAPANESE_HEADING.sub("\n", text)
    if "f.i.l" in folded:
        text = _FORMULA_CODE.sub("\n", text)
    if _NAME_JOINER in text:  # before "@" may be taken for the separator
        text = text.replace(_NAME_JOINER, "/")
    ats = text.count("@")
    if ats >= _SEPARATORS_TO_SPLIT and ats > text.count(","):
        # "정제수@프로판다이올@글리세린": a shop's export joined the items with "@".
        text = text.replace("@", "\n")
    dashes = text.count(_DASH_SEPARATOR)
    if dashes >= _SEPARATORS_TO_SPLIT and dashes > text.count(","):
        # "AQUA / WATER - PROPANEDIOL - GLYCERIN - ...": the hyphen is the separator.
        text = text.replace(_DASH_SEPARATOR, "\n")
    if _spaced_korean_list(text):
        # "정제수 글리세린 피이지-7카프릴릭/카프릭글리세라이드 ...": the space is the separator.
        text = text.replace(" ", "\n")
    legends: dict[str, str] = {}
    if has_mark(text):
        text, legends = _take_legends(text)
    if "%" in text and ("origin" in folded or "total" in folded):
        text = _ORIGIN_SENTENCE.sub("\n", text)
    # Bare parts end in "yl", "lene" or "ic" ("Cetyl,", "Ethylene,", "Caprylic,"), or a shop
    # spaces its commas (" , "): these scans rule out nearly every label before its pieces are.
    if "yl," in folded or "lene," in folded or "ic," in folded or " ," in folded:
        text = _join_split_names(text)
    if "(and)" in folded:
        # Trade-name blends print "Cetearyl Alcohol (and) Ceteareth-20": two ingredients.
        text = _AND.sub(",", text)
    # "cont" starts four of the five words: one scan rules most labels out.
    may = "+" in text or (
        ("cont" in folded or "enthalten" in folded) and any(w in folded for w in _MAY_WORDS)
    )
    return (_split_may_contain(text) if may else [(text, False)]), legends


# What prepare_label would do to a label, told piece by piece (:func:`piece_passes`).
PASS_REWRITE = 1
"""A pass that rewrites the label runs: markup, a glued dose, drug facts, a bare name part,
"(and)", or a separator other than the comma."""
PASS_COLON = 2
"""A colon: headers are stripped (unless it is the one of the first piece's prefix)."""
PASS_ORIGIN = 4
""""origin" or "total": with a "%" anywhere on the label, the origin-claim pass runs."""
PASS_PERCENT = 8
PASS_PREFIX = 16
"""As the first piece, it starts with an "Ingredients:" prefix (:func:`piece_without_prefix`)."""
PASS_LEGEND = 32
"""It holds a footnote legend ("*Organic"), cut by :func:`piece_legends`."""
PASS_MAY_WORD = 64
"""A "+" or a "may contain" word: with :data:`PASS_MAY_AT` anywhere, the label is split."""
PASS_MAY_AT = 128
"""A "may contain" section starts here (:func:`piece_may_contain`)."""
_GLUED_DOSE_END = re.compile(r"%[A-Z][a-z]")


def piece_passes(piece: str) -> int:
    """The ``PASS_*`` bits of one comma-free piece of an ASCII label.

    Every trigger :func:`prepare_label` tests on such a label is a substring without a comma
    (or, for :func:`_join_split_names`, a whole piece), so the label triggers a pass exactly
    when one of its pieces does; and the prefix and legend passes change only the pieces that
    hold them. Keep this in step with :func:`prepare_label`.
    """
    folded = piece.casefold()
    passes = 0
    if (
        not piece.isprintable()  # a control character or line break: clean_text, split
        or "<" in piece  # markup
        or ("&" in piece and _unescaped(piece) != piece)  # "D&C Red No. 7" is no entity
        or ";" in piece  # separators the comma split does not cut
        or "|" in piece
        or ("%" in piece and _GLUED_DOSE_END.search(piece))
        or "active ingredient" in folded
        or "other ingredient" in folded
        or "purpose" in folded
        or "(and)" in folded
        or "f.i.l" in folded  # a formula code
        or (":" in piece and _NOTES.search(piece))  # directions or a caution after the list
        or (any(word in folded for word in _NOTICE_WORDS) and _NOTICES.search(piece))
        or any(word in folded for word in _LEADING_NOTICE_WORDS)
        or (any(word in folded for word in _CLAIM_WORDS) and _CLAIMS.search(piece))
        or _DASH_SEPARATOR in piece  # hyphens may be the label's separators
        or "@" in piece  # and so may "@"
        or piece.strip(" \t").casefold() in _BARE_PARTS
    ):
        passes |= PASS_REWRITE
    # "cont" is in four of the words (and in "contenir", which is no trigger but may start
    # a section when another word or a "+" is the trigger): rules most pieces out.
    if "+" in piece or "cont" in folded or "enthalten" in folded:
        if "+" in piece or any(word in folded for word in _MAY_WORDS):
            passes |= PASS_MAY_WORD
        if _MAY_CONTAIN.search(piece):
            passes |= PASS_MAY_AT
    if ":" in piece and _header_colon(piece):
        passes |= PASS_COLON
    if "origin" in folded or "total" in folded:
        passes |= PASS_ORIGIN
    if "%" in piece:
        passes |= PASS_PERCENT
    if folded.lstrip().startswith(("ingredient", "inci")):
        passes |= PASS_PREFIX
    if has_mark(piece) and _take_legends(piece)[1]:
        passes |= PASS_LEGEND
    return passes


def _header_colon(piece: str) -> bool:
    """Whether a colon of ``piece`` may close a header ("Ci 77268:1" and "May contain (+/-):"
    cannot). The header pattern looks back 40 characters from a colon: only a bracket it
    allows before the colon ("Ingredients (a, b):") may reach over a comma into the piece
    before; otherwise the piece, after the comma before it, holds the whole header."""
    at = piece.find(":")
    text = "," + piece
    while at != -1:
        if piece.count(")", 0, at) > piece.count("(", 0, at):
            return True
        if _HEADER_BEFORE_COLON.search(text, max(0, at + 1 - 40), at + 1):
            return True
        at = piece.find(":", at + 1)
    return False


def _unescaped(piece: str) -> str:
    import html

    return html.unescape(piece)


def piece_may_contain(piece: str) -> tuple[str, str] | None:
    """A piece where a "may contain" section starts, cut as :func:`_split_may_contain` cuts
    the label there: (before the section, the section's start), or None when the section
    opens with "[" (it ends at its "]"). The pattern and its tail never cross a comma."""
    match = _MAY_CONTAIN.search(piece)
    if match is None or match.group(0)[:1] == "[":
        return None
    rest = piece[match.start() :]
    tail = _MAY_TAIL.match(rest)
    return piece[: match.start()], rest[tail.end() if tail else 0 :]


def piece_without_prefix(piece: str) -> str:
    """The first piece of a plain ASCII label of several pieces, its prefix removed.

    The label's next character is a comma: matched with it, the prefix pattern sees all it
    would see in the whole label (it stops at the first non-space), so the cut is the same.
    """
    match = _LEADING_PREFIX.match(piece + ",")
    return piece[match.end() :] if match else piece


def piece_legends(piece: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """A comma-free piece of a plain ASCII label cut as :func:`_take_legends` cuts the
    label there: (its pieces, cut at the new line breaks; its (mark, legend) pairs in order).

    A legend starts at a mark after a separator or space and ends at a comma at the latest,
    so legends never span pieces and each piece can be cut on its own.
    """
    text, legends = _take_legends(piece)
    return tuple(text.split("\n")), tuple(legends.items())


def split_label(text: str) -> tuple[list[tuple[str, bool]], dict[str, str]]:
    """The raw pieces of a label, each with its "may contain" mark, and the footnote legends.

    The first half of :func:`parse_label`; :func:`clean_piece` turns a piece into a token.
    """
    parts, legends = prepare_label(text)
    return [(piece, flag) for part, flag in parts for piece in split_part(part)], legends


def _join_split_names(text: str) -> str:
    """Rejoin multi-part INCI names a retailer printed with commas for their slashes.

    "Phytosteryl, Isostearyl, Cetyl, Stearyl, Behenyl Dimer Dilinoleate" becomes
    "Phytosteryl/Isostearyl/Cetyl/Stearyl/Behenyl Dimer Dilinoleate". Only whole pieces that
    are a bare radical or monomer word (:data:`SLASH_PARTS`, none an ingredient alone) are
    joined, and only onto the next piece when it starts with one and goes on: a real
    ingredient never disappears into another's name, and bare words with nothing to join stay
    tokens of their own (reported unknown).
    """
    pieces = text.split(",")
    out: list[str] = []
    run: list[str] = []
    for piece in pieces:
        word = piece.strip(" \t")
        if word.casefold() in _BARE_PARTS:
            run.append(piece)
            continue
        if run:
            head, _, rest = word.partition(" ")
            if head.casefold() in _SLASH_HEADS and rest[:1].isalpha():
                lead = run[0][: len(run[0]) - len(run[0].lstrip(" \t"))]
                piece = lead + "/".join(p.strip(" \t") for p in (*run, piece))
            else:
                out.extend(run)
            run = []
        out.append(piece)
    out.extend(run)
    return ",".join(out)


def _spaced_korean_list(text: str) -> bool:
    """A Korean list a shop printed with spaces for separators: Hangul and no separator at
    all. Korean names are written without spaces; a plant name a space splits
    ("라미나리아 오크롤레우카추출물") is joined again by the dictionary's rejoining."""
    # Cheapest first: nearly every label has a comma that separates, found at its first one.
    if ("," in text and _LIST_COMMA.search(text)) or any(m in text for m in _LIST_MARKS):
        return False
    return text.count(" ") >= _SEPARATORS_TO_SPLIT and any(
        "\uac00" <= ch <= "\ud7a3" for ch in text
    )


_LIST_MARKS = (";", "\n", "、", "，", "•", "·", "|")
#: A comma that separates: not one between locants ("1,2-헥산다이올").
_LIST_COMMA = re.compile(r",(?!\d)|(?<!\d),")


def _strip_markup(text: str) -> str:
    """Lists copied from a shop page's HTML: line-break tags separate, other tags go, and
    entities ("&amp;", "&nbsp;") become their characters."""
    import html

    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_TAG.sub(" ", text)
    return clean_text(html.unescape(text)) if "&" in text else text


def _strip_drug_facts(text: str) -> str:
    """US drug-facts sections run together without colons ("Active ingredient Salicylic Acid
    1.5% Purpose Acne treatment. Inactive ingredients water, ..."): each section heading and
    the purpose sentence become a line break, the actives and the rest stay as tokens."""
    text = _DRUG_FACTS_COLUMNS.sub("\n", text)
    text = _DRUG_FACTS_PURPOSE.sub("\n", text)
    return _DRUG_FACTS_HEADING.sub("\n", text)


def _cut_notes(text: str, notes: re.Pattern[str] = _NOTES) -> str:
    """Each note (directions, a caution; or a notice) cut up to the next ingredients header or
    the end."""
    out = []
    start = 0
    for note in notes.finditer(text):
        if note.start() < start:
            continue  # inside a note already cut
        out.append(text[start : note.start()].rstrip(" \t.") + "\n")  # its sentence period too
        again = _INGREDIENTS_AGAIN.search(text, note.end())
        start = again.start() if again else len(text)
    out.append(text[start:])
    return "".join(out)


def _strip_headers(text: str) -> str:
    """Replace each "Ingredients:"-style header (anywhere, e.g. US drug facts) by a newline."""
    out = []
    start = 0
    colons = []
    at = text.find(":")
    while at != -1:
        colons.append(at)
        at = text.find(":", at + 1)
    for colon in colons:
        match = _HEADER_BEFORE_COLON.search(text, max(start, colon - 40), colon)
        if match:
            keep = match.start() + (1 if match.group(0)[:1] in " \t\n.,;" else 0)
            out.append(text[start:keep] + "\n")
            start = colon + 1
    out.append(text[start:])
    return "".join(out)


def _take_legends(text: str) -> tuple[str, dict[str, str]]:
    """Remove footnote legends ("*Organic", "** from natural origin") and map mark -> legend.

    A legend is a mark *before* words that say what the mark means ("organic", "natural
    origin"...); a mark after a name ("Aloe Juice*") is a reference to it.
    """
    legends: dict[str, str] = {}
    cuts: list[tuple[int, int]] = []
    for start in _legend_marks(text):
        match = _LEGEND_START.match(text, start)
        if match is None:
            continue
        end = _LEGEND_END.search(text, match.end())
        stop = end.start() if end else len(text)
        body = text[match.end() : stop]
        if _LEGEND_HIT.search(body):
            legends.setdefault(match.group(1), " ".join(body.split()).strip(" .:()"))
            lead = _LEGEND_LEAD.search(text, max(0, start - 12), start)
            cuts.append((lead.start() if lead else start, stop))
    for start, stop in reversed(cuts):
        text = text[:start] + "\n" + text[stop:]
    return text, legends


def _legend_marks(text: str) -> list[int]:
    """Where a legend may start: a mark at the start or after a space or separator.

    ("... Acid. *Organic"); a mark right after a name ("Aloe Juice*") refers to a legend.
    Found with ``str.find`` (memchr speed): a regex would step through every character.
    """
    starts = []
    for mark in MARK_CHARS:
        at = text.find(mark)
        while at != -1:
            if at == 0 or text[at - 1] in " \t\n.,;|])":
                starts.append(at)
            at = text.find(mark, at + 1)
    starts.sort()
    return starts


def has_mark(text: str) -> bool:
    """Whether ``text`` holds a footnote mark (``*``, ``†``...)."""
    if text.isascii():  # "*", "#" and "+" are the ASCII marks
        return "*" in text or "#" in text or "+" in text
    return any(mark in text for mark in MARK_CHARS)


def _split_may_contain(text: str) -> list[tuple[str, bool]]:
    """Label-order parts, each marked whether it is a "May contain (+/-)" section.

    A section opened with ``[`` ends at its ``]``; otherwise it runs to the end of the list.
    """
    match = _MAY_CONTAIN.search(text)
    if match is None:
        return [(text, False)]
    opened = match.group(0)[:1] == "["
    rest = text[match.start() :]
    tail = _MAY_TAIL.match(rest)
    rest = rest[tail.end() if tail else 0 :]
    if opened and "]" in rest:
        close = rest.index("]")
        after = _split_may_contain(rest[close + 1 :])
        return [(text[: match.start()], False), (rest[:close], True), *after]
    return [(text[: match.start()], False), (rest, True)]


def split_part(text: str) -> list[str]:
    """Split on separators outside parentheses and not between digits ("1,2-Hexanediol")."""
    parts = _SEPARATOR_SPLIT.split(text)
    merged: list[str] | None
    if _DIGIT_COMMA.search(text) is None and (
        _BRACKET.search(text) is None or _plain_brackets(text)
    ):
        merged = parts[0::2]  # nothing to rejoin: the common case, at C speed
    else:
        merged = _merge(parts)
        if merged is None:  # parentheses never balance: split everywhere instead
            merged = _merge(parts, respect_brackets=False)
    merged = merged or []
    if ". " not in text:
        return merged
    out: list[str] = []
    for piece in merged:
        out.extend(_PERIOD_SPLIT.split(piece) if ". " in piece else (piece,))
    return out


def _plain_brackets(text: str) -> bool:
    """Brackets balance, never nest and hold no separator: splitting cannot cut inside them."""
    return (
        text.count("(") == text.count(")")
        and text.count("[") == text.count("]")
        and text.count("{") == text.count("}")
        and _INSIDE_BRACKETS.search(text) is None
    )


def _merge(parts: list[str], *, respect_brackets: bool = True) -> list[str] | None:
    """Rejoin pieces split inside brackets or at a comma between digits.

    ``parts`` alternates pieces and separators (``re.split`` with a group). Returns None when
    the brackets never balance.
    """
    pieces: list[str] = []
    depth = 0
    brackets = respect_brackets and _BRACKET.search("".join(parts[0::2])) is not None
    for i in range(0, len(parts), 2):
        piece = parts[i]
        if i and (
            depth > 0
            or (
                parts[i - 1] == "," and piece[:1].isdigit() and pieces and pieces[-1][-1:].isdigit()
            )
        ):
            pieces[-1] += parts[i - 1] + piece
        else:
            pieces.append(piece)
        if brackets and _BRACKET.search(piece):
            depth += (
                piece.count("(") + piece.count("[") + piece.count("{")
                - piece.count(")") - piece.count("]") - piece.count("}")
            )  # fmt: skip
            depth = max(depth, 0)
    return None if depth > 0 else pieces


@lru_cache(maxsize=262_144)
def clean_piece(piece: str) -> tuple[str, str, float | None, str] | None:
    """(text, name, percent, marks) of one piece, or None when it holds no name."""
    text = _single_spaced(piece).strip(" \t")
    name = text.strip(_EDGE)
    if not _ALNUM.search(name):
        return None
    percent = None
    if "%" in name:
        match = _PERCENT.search(name)
        if match and _PERCENT.sub("", name).strip(_EDGE + "()[]"):
            percent = float(match.group(1).replace(",", "."))
            name = _PERCENT.sub(" ", name, count=1)
            name = EMPTY_PARENS.sub(" ", name)
    if "pp" in name or "PP" in name:  # "티트리추출물(12,000 ppm)": a dose in ppm
        name, percent = without_parts_per(name, percent)
        if not _ALNUM.search(name):
            return None  # "(4,000ppb)" printed as an item of its own
    if "[" in name:  # "Licorice[1] Root Extract": a shop page's note number, in brackets
        name = _NOTE_NUMBER.sub("", name)
    marks = ""
    if has_mark(name):
        lead = _LEAD_MARKS.match(name)
        if lead:
            marks, name = lead.group(1), name[lead.end() :]
        trail = _MARKS.match(name.rstrip(_EDGE))
        if trail:
            name, marks = trail.group(1), marks + trail.group(2)
    name = _single_spaced(name).strip(_EDGE)
    if not name:
        name = text.strip(_EDGE)
    return text, name, percent, marks


#: A note number in square brackets, as web pages print references; no INCI name has one.
_NOTE_NUMBER = re.compile(r"\s*\[\d{1,2}\]")
#: A letter or digit: what str.isalnum accepts (the regex engine asks the same question).
_ALNUM = re.compile(r"[^\W_]")


def _single_spaced(text: str) -> str:
    """Runs of white space as one space; most pieces have none to change (no regex then:
    in printable ASCII the only white space is the plain space)."""
    if "  " not in text and text.isascii() and text.isprintable():
        return text
    return _SPACES.sub(" ", text)


_DIGIT_COMMA_CUT = re.compile(r"(?<=[0-9]),(?=[0-9])")


def merge_digit_pieces(part: str, raw: list[str]) -> list[str]:
    """Rejoin pieces cut at a comma between digits ("1,2-Hexanediol"), as the parser does.

    ``raw`` is ``part`` cut at one-character separators. Returns ``raw`` itself when nothing
    was rejoined.
    """
    if not part.isascii():  # str.isdigit is wider than [0-9]: go piece by piece
        return _merge_digit_pieces_slowly(part, raw)
    cuts = [m.start() for m in _DIGIT_COMMA_CUT.finditer(part)]
    if not cuts:
        return raw
    # The separator after piece k sits at len(raw[0]) + ... + len(raw[k]) + k.
    ends = list(map(add, accumulate(map(len, raw)), count()))
    out = list(raw)
    for cut in reversed(cuts):
        k = bisect_left(ends, cut)
        out[k : k + 2] = (out[k] + "," + out[k + 1],)
    return out


def _merge_digit_pieces_slowly(part: str, raw: list[str]) -> list[str]:
    out = [raw[0]]
    at = len(raw[0])
    for piece in islice(raw, 1, None):
        if piece[:1].isdigit() and part[at] == "," and out[-1][-1:].isdigit():
            out[-1] += "," + piece
        else:
            out.append(piece)
        at += 1 + len(piece)
    return out if len(out) != len(raw) else raw


def merge_ascii_digit_pieces(raw: list[str]) -> list[str]:
    """:func:`merge_digit_pieces` for pieces of ASCII text cut at commas (and at a legend's cut,
    which never follows a digit). Returns ``raw`` itself when nothing was rejoined."""
    out = [raw[0]]
    for piece in islice(raw, 1, None):
        if piece[:1].isdigit() and out[-1][-1:].isdigit():
            out[-1] += "," + piece
        else:
            out.append(piece)
    return out if len(out) != len(raw) else raw
