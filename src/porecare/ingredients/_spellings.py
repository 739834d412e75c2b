"""The other spellings a printed ingredient name may stand for, to look up in the dictionary.

Labels print one INCI name many ways: with a common name in parentheses ("Water (Aqua)",
"Argan (Argania Spinosa) Kernel Oil"), several names joined by "/" ("Aqua/Water/Eau"), with
marketing or pharmacopoeia words ("Organic", "Glycerin USP", "Macrogol 400"), as a US colour
("FD&C Blue #1") or a colour index inside a longer name, typed with look-alike letters. Each
candidate says how it was derived, so a resolution can show its reasoning.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import cache, lru_cache

from porecare.errors import KnowledgeError
from porecare.ingredients._knowledge import read_data
from porecare.ingredients._languages import IBERIAN, readings

__all__ = [
    "CAPITAL_I_FOR_L",
    "EDGE",
    "ESSENTIAL_OIL",
    "FOOTNOTE_NUMBERS",
    "ISOMER_PREFIX",
    "RENAMED_PLANT",
    "SODIUM_SYMBOL",
    "SPACES",
    "candidates",
]

#: Punctuation that is never part of a name at its ends.
EDGE = " \t.,;:-_'\"•"
SPACES = re.compile(r"\s+")
#: What a drug-facts active is for, printed after its dose ("Zinc Oxide 4.08% Sunscreen").
_DRUG_PURPOSE_AFTER_DOSE = re.compile(
    r"(?i)\s+(?:sunscreens?|acne\s+(?:treatment|medication)|skin\s+protectant|"
    r"external\s+analgesic|anti-?dandruff)$"
)
#: A bracketed part with no brackets inside: nested ones are taken innermost first.
_PAREN = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_MARKETING = re.compile(
    r"(?i)^(?:(?:certified|100\s*%|pure|natural|organic|bio|wild|kosher|wildcrafted|"
    r"cold[- ]pressed|virgin|extra virgin|unrefined|refined)\s+)+"
)
#: US drug-facts labels print pharmacopoeia names: a grade suffix ("Glycerin USP", "Zinc Oxide
#: USP/NF") that is no part of the name, and PEG written as "Polyethylene Glycol 400",
#: "Macrogol 400" or "Polyoxyl 40 Stearate" (USP-NF monograph names of the INCI PEG-n series).
_PHARMACOPOEIA = re.compile(
    r"(?i)\s+(?:U\.?S\.?P|N\.?F|BP|EP|JP|Ph\.?\s?Eur)(?:\s*/\s*(?:USP|NF))?\.?$"
)
_USP_PEG = re.compile(r"(?i)^(?:polyethylene glycol|macrogol|polyoxyl)[\s-]*(\d+)\b\s*(.*)$")
#: Pharmacopoeia "Polyethylene Glycol 400" / "Macrogol 400" give the mean molecular weight,
#: while INCI "PEG-n" counts ethylene-oxide units (44 g/mol each): PEG 400 is PEG-8. The usual
#: grades, as the CTFA/INCI dictionary pairs them; other weights are converted by the formula.
_PEG_GRADES = {
    200: 4,
    300: 6,
    400: 8,
    540: 12,
    600: 12,
    1000: 20,
    1450: 32,
    1500: 32,
    1540: 32,
    2000: 40,
    3350: 75,
    4000: 90,
    6000: 150,
    8000: 180,
}
#: "Argan (Argania Spinosa) Kernel Oil": the common name first and the Latin INCI binomial in
#: parentheses; the INCI name is the parenthesised binomial followed by the plant part.
_COMMON_THEN_LATIN = re.compile(
    r"^([^()]+?)\s*\(\s*([A-Za-z]+ [A-Za-z]+(?: [A-Za-z]+)?)\s*\)\s*(\S.*)$"
)
_UNBALANCED = re.compile(r"[()\[\]]")


@lru_cache(maxsize=65_536)
def _peg_units(label: str, number: int) -> int:
    """``number`` as INCI PEG units: a molecular weight unless the name is "Polyoxyl n"."""
    if label.lower().startswith("polyoxyl") or number < 100:
        return number
    return _PEG_GRADES.get(number, round((number - 18) / 44))


def candidates(name: str) -> tuple[tuple[str, str], ...]:
    """Names to look up for a printed ``name``, best first, each with how it was derived."""
    out: list[tuple[str, str]] = [(name, "as printed")]
    seen = {name.casefold()}

    def add(candidate: str, how: str) -> None:
        candidate = SPACES.sub(" ", candidate).strip(EDGE + "()[]")
        if candidate and candidate.casefold() not in seen and any(c.isalpha() for c in candidate):
            seen.add(candidate.casefold())
            out.append((candidate, how))

    if "(" in name or "[" in name:
        stripped = name
        parts: list[str] = []
        for _ in range(4):  # nested parentheses, innermost first
            parts.extend(a or b for a, b in _PAREN.findall(stripped))
            new = _PAREN.sub(" ", stripped)
            if new == stripped:
                break
            stripped = new
        add(stripped.replace("(", " ").replace(")", " "), "without parentheses")
        latin = _COMMON_THEN_LATIN.match(name)
        if latin:
            add(f"{latin.group(2)} {latin.group(3)}", "Latin name in parentheses")
        for part in parts:
            add(part, "in parentheses")
            for sub in re.split(r"[/,;]", part):
                add(sub, "in parentheses")
        if _UNBALANCED.search(stripped):
            for sub in _UNBALANCED.split(stripped):
                add(sub, "in parentheses")
    if "/" in name or "\\" in name:
        for part in re.split(r"[/\\]", name):
            add(part, "one of the names")
            if "(" in part:  # "Hordeum Vulgare (Barley) Extract/Extrait D'Orge"
                add(_PAREN.sub(" ", part), "one of the names")
    plain = _MARKETING.sub("", name)
    if plain != name:
        add(plain, "without marketing words (organic, natural...)")
    usp = _PHARMACOPOEIA.sub("", plain)
    peg = _USP_PEG.match(usp)
    if peg:
        usp = f"PEG-{_peg_units(peg.group(0), int(peg.group(1)))} {peg.group(2)}"
    if usp != plain:
        add(usp, "pharmacopoeia (USP/NF) name")
    colour = _CI_INSIDE.search(name)
    if colour and colour.group(0) != name:
        add(f"CI {colour.group(1)}", "colour index number")  # "Red 28 Lake CI 45410"
    stereo = _STEREO_PREFIX.sub("", name)
    if stereo != name:
        add(stereo, "without the stereo prefix (dl-alpha)")  # "dl-alpha Tocopheryl Acetate"
    isomer = _ISOMER_PREFIX.sub("", name)
    if isomer != name:
        add(isomer, ISOMER_PREFIX)  # "L-Glutathione", "D-Limonene"
    numbered = _US_COLOUR_HASH.sub(r"No. \1", name)
    if numbered != name:
        add(numbered, "US colour number")  # "FD&C Blue #1"
    shade = _US_COLOUR.fullmatch(name)
    if shade:
        add(f"{shade.group(1)} {shade.group(2)}", "US colour number")  # "D&C Red 33"
    essential = _ESSENTIAL.sub(" Oil", plain)
    if essential != plain:
        add(essential, ESSENTIAL_OIL)  # "Rosmarinus Officinalis Leaf Essential Oil"
    sodium = _SODIUM.sub(lambda m: (m.group(1) or "") + "sodium", name)
    if sodium != name and " " in name:
        add(sodium, SODIUM_SYMBOL)  # "Na Laureth Sulfate", "diNa EDTA"
    chloride = _HCI.sub("HCl", name)
    if chloride != name:
        add(chloride, CAPITAL_I_FOR_L)  # "Pyridoxine HCI", "Glucosamine Hci"
    abbreviated = _EXT.sub("Extract", name)
    if abbreviated != name:
        add(abbreviated, "'Ext.' as 'Extract'")  # "Lavandula Stoechas Ext."
    purpose = _DRUG_PURPOSE_AFTER_DOSE.search(name)
    if purpose:
        add(name[: purpose.start()], "without the drug-facts purpose")  # "Zinc Oxide Sunscreen"
    retyped = name.translate(_LATIN_LOOKALIKES)
    if retyped != name and retyped.isascii():
        add(retyped, "look-alike letters as Latin")  # "ВНТ" typed for "BHT", "Zınc" for "Zinc"
    unmarked = _GLUED_FOOTNOTE.sub("", name)
    if "(" not in unmarked:  # "나이아신아마이드3)": a numbered note's mark, closed
        unmarked = _CLOSED_FOOTNOTE.sub("", unmarked)
    if unmarked != name:
        add(unmarked, FOOTNOTE_NUMBERS)  # "Glycerin5", "Nepeta Cataria13 Oil3"
        for reading, how in readings(unmarked):  # "나이아신아마이드3)"
            add(reading, how)
    last = _LEADING_AND.sub("", name)
    if last != name:
        add(last, "without the list's last 'and'")  # "..., Glycerin, and Sunflower Seed Oil"
    for reading, how in readings(name):  # "hyaluronate de sodium", "Sodyum Hiyalüronat"
        if how == IBERIAN and reading == name.casefold():
            out.append((reading, how))  # "Fenoxietanol": its spelling key is the reading
        else:
            add(reading, how)
    _add_renamed_plants(out, add)
    return tuple(out)


#: A shop page's footnote numbers run onto the names they mark ("Glycerin5", "Citric Acid9"):
#: digits right after a lower-case letter, which no INCI name has (its numbers follow a space
#: or a hyphen: "Polysorbate 20", "PEG-40"; "C12-15" and "Q10" follow capitals).
_GLUED_FOOTNOTE = re.compile(r"(?<=[a-z])\d{1,2}(?=[\s.,)]|$)")
#: "소듐하이알루로네이트2)": a note's number and its closing bracket, in a name with no opening
#: one.
_CLOSED_FOOTNOTE = re.compile(r"(?<=[^\W\d_])\d{1,2}\)$")
#: How a candidate without such numbers is derived (a whole-name form).
FOOTNOTE_NUMBERS = "without footnote numbers run onto the name"
#: How a candidate with a plant's renamed binomial is derived (a whole-name form).
RENAMED_PLANT = "the plant's binomial as INCI spells it now"
#: How a candidate without "Essential" before "Oil" is derived (a whole-name form): INCI names
#: an essential oil by plant, part and "OIL" ("LAVANDULA ANGUSTIFOLIA OIL").
ESSENTIAL_OIL = "'Essential Oil' as INCI's 'Oil'"
_ESSENTIAL = re.compile(r"(?i)\s+essential\s+oil\b")
#: How a candidate with "HCl" for a printed "HCI" is derived (a whole-name form): a capital I
#: typed or read for the small l of hydrochloride's abbreviation.
CAPITAL_I_FOR_L = "'HCI' as 'HCl'"
_HCI = re.compile(r"(?i)(?<=\s)hci$")
#: How a candidate with the chemical symbol "Na" written out is derived (a whole-name form).
SODIUM_SYMBOL = "'Na' as 'Sodium'"
#: Some European labels abbreviate sodium salts by the symbol ("Na Laureth Sulfate", "diNa
#: EDTA"); a word of its own, with the case printed as chemists write it.
_SODIUM = re.compile(r"(?<![\w-])(di|tri|tetra)?Na(?![\w-])")
#: Candidates whose plant may be renamed: the name itself, not a part of it.
_RENAMEABLE = (
    "as printed",
    "without parentheses",
    "Latin name in parentheses",
    "without marketing words (organic, natural...)",
    ESSENTIAL_OIL,
)


def _add_renamed_plants(out: list[tuple[str, str]], add: Callable[[str, str], None]) -> None:
    """Add each name with a plant printed by an older or variant binomial
    (``plant_binomials.toml``) renamed as INCI spells it now, the part kept as printed:
    "Zizyphus Jujuba Fruit Extract" as "Ziziphus Jujuba Fruit Extract"."""
    pattern, renamed = _binomials()
    for candidate, how in list(out):
        if how in _RENAMEABLE:
            found = pattern.match(candidate)
            if found:
                add(renamed[found.group(1).casefold()] + candidate[found.end() :], RENAMED_PLANT)


@cache
def _binomials() -> tuple[re.Pattern[str], dict[str, str]]:
    try:
        table = {
            str(k).casefold(): str(v)
            for k, v in tomllib.loads(read_data("plant_binomials.toml"))["binomials"].items()
        }
    except (tomllib.TOMLDecodeError, KeyError, AttributeError) as exc:
        raise KnowledgeError(f"knowledge/data/plant_binomials.toml: unreadable ({exc})") from None
    names = sorted(map(re.escape, table), key=len, reverse=True)
    return re.compile(r"(?i)(" + "|".join(names) + r")\b"), table


_CI_INSIDE = re.compile(r"(?i)\bC\.?\s?I\.?\s?(\d{5})\b")
_US_COLOUR_HASH = re.compile(r"#\s*(\d{1,2})\b")
_US_COLOUR = re.compile(
    r"(?i)(?:ext\.?\s*)?(?:fd\s*&\s*c|d\s*&\s*c)\s+([a-z]+)\s+(?:no\.?\s*|#\s*)?(\d{1,2})(?:\s+lake)?"
)
_EXT = re.compile(r"(?i)\bextr?\.?$")
#: Letters that look like Latin ones: a name typed on a Russian keyboard (Cyrillic), or on a
#: Turkish one, whose i and I are the dotless "ı" and the dotted "İ" ("Zınc Oxıde").
_LATIN_LOOKALIKES = str.maketrans("АВСЕНКМОРТХаеорсухıİ", "ABCEHKMOPTXaeopcyxiI")
_LEADING_AND = re.compile(r"(?i)^(?:and|&)\s+(?=\S)")
#: How a candidate without an amino acid's or a terpene's isomer letter is derived (a
#: whole-name form): INCI names GLUTATHIONE and LIMONENE without the "L-" or "D-" labels print.
ISOMER_PREFIX = "without the isomer prefix (L-, D-)"
_ISOMER_PREFIX = re.compile(r"(?i)^(?:l|d|dl)-(?=[a-z]{4})")
#: US labels name vitamin E by its stereochemistry ("d-alpha tocopherol"); INCI does not.
_STEREO_PREFIX = re.compile(r"(?i)^(?:dl|d)-(?:alpha|α)[- ]")
