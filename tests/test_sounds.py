"""Korean names the word table cannot cut, matched to INCI names by their sound (``_sounds``).

The Hangul names are the ones real Korean shop lists in ``bench/data`` print (Olive Young
copies in sets 103-122).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest

from porecare.ingredients import Dictionary, analyze_product, default_dictionary, import_cosing
from porecare.ingredients._dictionary import Entry
from porecare.ingredients._heard import KOREAN_SPELLED
from porecare.ingredients._languages import KOREAN, readings
from porecare.ingredients._sounds import (
    SOUND_MATCH,
    english_sound_keys,
    korean_sound_keys,
    korean_spelling,
)
from porecare.ingredients._text import name_key
from porecare.journal._db import open_database

DATA = Path(__file__).resolve().parents[1] / "bench" / "data"
_HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("카프릴로일살리실릭애씨드", "CAPRYLOYL SALICYLIC ACID"),
        ("하이드록시아세토페논", "HYDROXYACETOPHENONE"),
        ("1,2-헥산디올", "1,2-HEXANEDIOL"),  # 디 for "di", where the table has 다이
        ("메틸글루세스-20", "METHYL GLUCETH-20"),  # "th" written 스
        ("디소듐이디티에이", "DISODIUM EDTA"),  # EDTA read letter by letter
        ("소듐코코일이세티오네이트", "SODIUM COCOYL ISETHIONATE"),
        ("소듐하이드록사이드", "SODIUM HYDROXIDE"),
        ("아이소프로필미리스테이트", "ISOPROPYL MYRISTATE"),
        ("캐모마일꽃오일", "MATRICARIA RECUTITA FLOWER OIL"),  # "꽃오일" kept as words
    ],
)
def test_korean_names_the_table_cannot_cut_are_matched_by_sound(printed: str, inci: str) -> None:
    (resolution,) = analyze_product(f"정제수, {printed}").resolutions[1:]
    assert (resolution.inci, resolution.how, resolution.confidence) == (inci, SOUND_MATCH, 0.85)


def test_a_korean_name_is_heard_as_its_consonants() -> None:
    assert korean_sound_keys("카프릴로일살리실릭애씨드") == (frozenset({"KPLSLSLKST"}), 12)
    assert "KPLSLSLKST" in english_sound_keys("Capryloyl Salicylic Acid")
    # Korean drops an "r" that ends a syllable (코폴리머, copolymer) and may write "th" as 스.
    assert "KPLM" in english_sound_keys("copolymer")
    assert {"LT", "LS"} <= english_sound_keys("laureth")
    assert "PS" in english_sound_keys("PEG")  # 피이지, letter by letter


@pytest.mark.parametrize(
    "printed",
    [
        "꼬리풀추출물",  # speedwell: sounds like "Clove" but "Flower" is a word, not a sound
        "도깨비추출물",
    ],
)
def test_short_or_translated_korean_names_are_not_matched_by_sound(printed: str) -> None:
    (resolution,) = analyze_product(f"정제수, {printed}").resolutions[1:]
    assert resolution.inci is None


def test_three_sounded_syllables_are_too_few() -> None:
    dictionary = Dictionary({"equus extract": Entry("EQUUS EXTRACT", (), (), None, "curated")})
    keys, sounded = korean_sound_keys("이쿠스추출물")
    assert keys & english_sound_keys("Equus Extract")
    assert sounded == 3
    assert dictionary.sounds.korean("이쿠스추출물") is None


def test_korean_names_a_plant_s_extract_or_oil_without_its_usual_part() -> None:
    for printed, inci in [
        ("양파추출물", "ALLIUM CEPA BULB EXTRACT"),
        ("생강오일", "ZINGIBER OFFICINALE ROOT OIL"),
        ("구기자추출물", "LYCIUM CHINENSE FRUIT EXTRACT"),  # a fruit's by default
        ("황금추출물", "SCUTELLARIA BAICALENSIS ROOT EXTRACT"),  # set 149: a root, named so
        ("편백오일", "CHAMAECYPARIS OBTUSA OIL"),  # set 149: an oil with no part in INCI
    ]:
        assert (printed, inci.casefold()) in {(printed, r) for r, _ in readings(printed)}


def test_translated_words_stay_words() -> None:
    keys, sounded = korean_sound_keys("메도우폼씨오일")
    assert keys == frozenset({"MTPM|seed|oil"})
    assert sounded == 4
    # "씨" inside a sounded-out word is a sound, not "seed".
    keys, _ = korean_sound_keys("애씨드")
    assert keys == frozenset({"ST"})


def test_a_sound_two_ingredients_share_matches_neither() -> None:
    def dictionary(*names: str) -> Dictionary:
        return Dictionary({name_key(n): Entry(n, (), (), None, "curated") for n in names})

    # Cetyl and stearyl alcohol both sound S-T-L-K-L: only the word table tells them apart.
    assert "STLKL" in english_sound_keys("cetyl alcohol") & english_sound_keys("stearyl alcohol")
    assert dictionary("CETYL ALCOHOL").sounds.korean("세틸알코올") is not None
    assert dictionary("CETYL ALCOHOL", "STEARYL ALCOHOL").sounds.korean("세틸알코올") is None


def test_the_sound_key_agrees_with_every_name_the_word_table_reads(shared_dir: Path) -> None:
    """On real Korean lists, wherever the word table reads a name and its sound names one
    ingredient of CosIng, the two are the same ingredient."""
    cosing = shared_dir / "data" / "cosing" / "cosing-inventory-2020.csv"
    if not cosing.exists():
        pytest.skip(f"CosIng inventory not found at {cosing}")
    dictionary = _with_cosing(cosing)
    compared = 0
    for path in (DATA / f"real_labels_holdout{n}.jsonl" for n in range(100, 135)):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if len(_HANGUL.findall(record["ingredients"])) < 20:
                continue
            for r in analyze_product(record["ingredients"], dictionary=dictionary).resolutions:
                if r.how != KOREAN:
                    continue
                heard = dictionary.sounds.korean(r.token.text)
                if heard is not None:
                    compared += 1
                    assert heard.inci == r.inci, r.token.text
    assert compared >= 300


def _with_cosing(path: Path) -> Dictionary:
    with tempfile.TemporaryDirectory() as tmp:
        conn = open_database(tmp)
        try:
            import_cosing(conn, path)
            return Dictionary.load(conn)
        finally:
            conn.close()


def test_the_packaged_dictionary_hears_without_an_import() -> None:
    dictionary = default_dictionary()
    assert dictionary.sounds.korean("하이드록시아세토페논") is not None


def test_names_that_sound_alike_are_told_apart_by_their_korean_spelling() -> None:
    def dictionary(*names: str) -> Dictionary:
        return Dictionary({name_key(n): Entry(n, (), (), None, "curated") for n in names})

    both = dictionary("HYDROLYZED COLLAGEN", "HYDROLYZED CARRAGEENAN")
    assert korean_spelling("하이드롤라이즈드콜라겐") == "haidlollaijdkollagen"
    found = both.sounds.read("하이드롤라이즈드콜라겐")
    assert found is not None
    assert (found[0].inci, found[2]) == ("HYDROLYZED COLLAGEN", KOREAN_SPELLED)
    # A short name is read letter by letter: 피씨에이 is P-C-A, not "AMPS".
    sodium = dictionary("SODIUM PCA", "SODIUM AMPS")
    found = sodium.sounds.read("소듐피씨에이")
    assert found is not None and found[0].inci == "SODIUM PCA"
    # Spellings about as close ("setil" against cetyl, isocetyl, cetearyl): none of them.
    alike = dictionary("CETYL ETHYLHEXANOATE", "ISOCETYL ETHYLHEXANOATE", "CETEARYL ETHYLHEXANOATE")
    assert alike.sounds.read("세틸에틸헥사노에이트") is None
