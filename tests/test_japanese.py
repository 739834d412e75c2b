"""Japanese (JCLS) ingredient names read as INCI names (``_japanese``).

The names are the ones the Japanese lists of ``bench/data`` print (sets 122 and 126: Kosé,
Shiseido, Hada Labo and Biore packs copied from Japanese ingredient blogs).
"""

from __future__ import annotations

import pytest

from porecare.ingredients import Dictionary, analyze_product, default_dictionary
from porecare.ingredients._batch import analysis_json
from porecare.ingredients._dictionary import Entry
from porecare.ingredients._heard import JAPANESE_SOUND
from porecare.ingredients._japanese import JAPANESE, as_japanese, japanese_sound_keys
from porecare.ingredients._sounds import english_sound_keys
from porecare.ingredients._text import name_key


@pytest.mark.parametrize(
    ("printed", "inci", "how"),
    [
        ("水", "AQUA", JAPANESE),  # names the sound cannot reach are whole names of the data
        ("香料", "PARFUM", JAPANESE),
        ("エタノール", "ALCOHOL", JAPANESE),
        ("酸化亜鉛", "ZINC OXIDE", JAPANESE),
        ("グリセリン", "GLYCERIN", JAPANESE_SOUND),
        ("フェノキシエタノール", "PHENOXYETHANOL", JAPANESE_SOUND),
        ("ラウリン酸K", "POTASSIUM LAURATE", JAPANESE_SOUND),  # a metal's salt
        ("ステアリン酸グリセリル", "GLYCERYL STEARATE", JAPANESE_SOUND),  # an ester
        ("サリチル酸", "SALICYLIC ACID", JAPANESE_SOUND),  # the acid itself
        ("ジメチコン", "DIMETHICONE", JAPANESE_SOUND),  # not simethicone: the spelling decides
        ("ホホバ種子油", "SIMMONDSIA CHINENSIS SEED OIL", JAPANESE_SOUND),  # words, translated
        ("ポリソルベート60", "POLYSORBATE 60", JAPANESE_SOUND),
    ],
)
def test_japanese_label_names_read_as_inci(printed: str, inci: str, how: str) -> None:
    (resolution,) = analyze_product(f"水、{printed}").resolutions[1:]
    assert (resolution.inci, resolution.how) == (inci, how)


def test_a_japanese_list_is_split_at_the_japanese_comma_and_read() -> None:
    found = analyze_product(
        "水、BG、グリセリン、ナイアシンアミド、フェノキシエタノール"
    ).resolutions
    assert [r.inci for r in found] == [
        "AQUA",
        "BUTYLENE GLYCOL",
        "GLYCERIN",
        "NIACINAMIDE",
        "PHENOXYETHANOL",
    ]


def test_salts_and_esters_turn_around_the_acid() -> None:
    heard = japanese_sound_keys("ヒアルロン酸Na")
    assert heard.keys & english_sound_keys("Sodium Hyaluronate")
    assert heard.spelling.startswith("sodium ")
    # ステアリン is stear(in), from German Stearin: the key is tried without the "ン" too.
    assert japanese_sound_keys("ステアリン酸").keys & english_sound_keys("Stearic Acid")


def test_a_native_plant_name_that_sounds_like_another_is_not_matched() -> None:
    # カンゾウ (licorice; no entry of the word table: two species bear the name) has the
    # consonants of "ginger"; its spelling does not come close to any name of ginger's.
    entry = Entry("ZINGIBER OFFICINALE ROOT EXTRACT", (), (), None, "curated")
    dictionary = Dictionary({"ginger root extract": entry})
    assert japanese_sound_keys("カンゾウ根エキス").keys & english_sound_keys("Ginger Root Extract")
    assert dictionary.sounds.read("カンゾウ根エキス") is None


def reads(printed: str, *names: str) -> str | None:
    """The INCI name a Japanese name reads as, in a dictionary of just these names."""
    entries = {name_key(n): Entry(n, (), (), None, "curated") for n in names}
    found = Dictionary(entries).sounds.read(printed)
    return found[0].inci if found else None


def test_plants_are_read_by_their_japanese_names() -> None:
    # ゲンノショウコ is Geranium thunbergii: a word of the table, not a sound ("konjac").
    konjac = "AMORPHOPHALLUS KONJAC ROOT EXTRACT"
    geranium = "GERANIUM THUNBERGII EXTRACT"
    assert reads("ゲンノショウコエキス", konjac, geranium) == geranium
    # The part a name leaves out: the plant's usual one (valerian: the root) ...
    valerian = ("VALERIANA FAURIEI ROOT EXTRACT", "VALERIANA FAURIEI LEAF EXTRACT")
    assert reads("カノコソウエキス", *valerian) == valerian[0]
    # ... or the only one the dictionary holds, never a guess between two.
    assert reads("イザヨイバラエキス", "ROSA ROXBURGHII FRUIT EXTRACT") is not None
    two = ("ROSA ROXBURGHII FRUIT EXTRACT", "ROSA ROXBURGHII LEAF EXTRACT")
    assert reads("イザヨイバラエキス", *two) is None
    # A word may join kana and kanji: ヒマシ油 (castor oil), 水添 (hydrogenated).
    castor = "PEG-60 HYDROGENATED CASTOR OIL"
    assert reads("PEG-60水添ヒマシ油", castor) == castor


def test_a_grade_mark_or_a_japanese_gloss_is_left_out_but_not_part_of_a_name() -> None:
    assert reads("ヒアルロン酸Na-2", "SODIUM HYALURONATE") == "SODIUM HYALURONATE"
    assert reads("クララエキス(1)", "SOPHORA FLAVESCENS EXTRACT") is not None
    assert reads("アスコルビン酸(ビタミンC)", "ASCORBIC ACID") == "ASCORBIC ACID"
    # "(SE)" (self-emulsifying) names another ingredient; it is never cut.
    stearate = ("GLYCERYL STEARATE", "GLYCERYL STEARATE SE")
    assert reads("ステアリン酸グリセリル(SE)", *stearate) == "GLYCERYL STEARATE SE"
    assert reads("ステアリン酸グリセリル(SE)", stearate[0]) is None


def test_an_ester_of_a_latin_named_alcohol_turns_around_the_acid() -> None:
    heard = japanese_sound_keys("イソステアリン酸PEG-12")
    assert heard.keys & english_sound_keys("PEG-12 Isostearate")
    assert japanese_sound_keys("ジイソノナン酸BG").spelling.startswith("butylene glycol")


def test_two_ingredients_that_sound_alike_are_told_apart_by_spelling_only_when_clear() -> None:
    def dictionary(*names: str) -> Dictionary:
        return Dictionary({name_key(n): Entry(n, (), (), None, "curated") for n in names})

    assert dictionary("DIMETHICONE", "SIMETHICONE").sounds.read("ジメチコン") is not None
    # "Glyceryl Stearate" and "Glyceryl Isostearate" sound alike and spell nearly alike.
    both = dictionary("GLYCERYL STEARATE", "GLYCERYL ISOSTEARATE")
    assert as_japanese("tocopherol") == "tokofelol"
    assert both.sounds.read("イソステアリン酸グリセリル") is not None


def test_a_name_with_an_unknown_kanji_stays_unknown() -> None:
    (resolution,) = analyze_product("水、桂花油").resolutions[1:]
    assert resolution.inci is None


def test_a_latin_letter_in_a_japanese_name_must_be_in_the_match() -> None:
    # ビタミンK sounds like "Vitamin C" (a hard c is a k) and is spelled nearly alike, but the
    # printed "K" is no word of that name.
    entry = Entry("ASCORBIC ACID", (), (), None, "curated")
    dictionary = Dictionary({"vitamin c": entry})
    assert japanese_sound_keys("ビタミンK").keys & english_sound_keys("vitamin c")
    assert dictionary.sounds.read("ビタミンK") is None


def test_the_words_extract_and_oil_do_not_make_two_names_alike() -> None:
    # アマモ (eelgrass) shares only "extract" with Myrrh Extract: the sounded part decides.
    entry = Entry("COMMIPHORA MYRRHA RESIN EXTRACT", (), (), None, "curated")
    dictionary = Dictionary({"myrrh extract": entry})
    assert dictionary.sounds.read("アマモエキス") is None


def test_a_quasi_drug_s_sections_are_headings_not_ingredients() -> None:
    # 医薬部外品 lists: "有効成分:" (active) and "その他の成分:" or "【その他の成分】" (the rest).
    text = "有効成分:ナイアシンアミド、グリチルリチン酸2K 【その他の成分】水、エタノール、BG、l-メントール"
    assert [r.inci for r in analyze_product(text).resolutions] == [
        "NIACINAMIDE",
        "DIPOTASSIUM GLYCYRRHIZATE",
        "AQUA",
        "ALCOHOL",
        "BUTYLENE GLYCOL",
        "MENTHOL",
    ]


def test_a_quasi_drug_s_declared_actives_are_placed_apart() -> None:
    """A quasi-drug prints its actives first whatever their amounts (set 190's L'Occitane
    serum): a salicylic acid among them is no exfoliating dose, and no active's place there
    is read against the 1 % line."""
    text = (
        "有効成分:L-アスコルビン酸2-グルコシド、サリチル酸、グリチルリチン酸ジカリウム | "
        "その他の成分:シモツケソウエキス、グリセリン、キサンタンガム、フェノキシエタノール、精製水"
    )
    found = analyze_product(text, name="ブライトコンセントレートセラム")
    assert found.role.role == "serum"
    assert found.exfoliants == ()
    (salicylic,) = [a for a in found.actives if a["inci"] == "SALICYLIC ACID"]
    assert salicylic["position"] == 2
    assert salicylic["hint"].startswith("a quasi-drug's declared active")
    batch = analysis_json(text, "ブライトコンセントレートセラム", None, default_dictionary())
    assert found.to_json() == batch
    # Without the sections the same list reads the acid at an exfoliating place.
    plain = analyze_product(text.replace("有効成分:", "").replace(" | その他の成分:", "、"))
    assert plain.exfoliants == (("SALICYLIC ACID", "bha"),)


def test_angle_bracketed_sections_and_pharmacopoeia_names() -> None:
    # "<有効成分>" headings; the Japanese Pharmacopoeia's "X酢酸エステル" (X's acetate); and a
    # space a shop put inside a name.
    text = "<有効成分>L-アスコルビン酸 2-グルコシド、トコフェロール酢酸エステル<その他の成分>精製水"
    assert [r.inci for r in analyze_product(text).resolutions] == [
        "ASCORBYL GLUCOSIDE",
        "TOCOPHERYL ACETATE",
        "AQUA",
    ]


def test_a_mixed_ester_names_its_alcohols_in_brackets() -> None:
    # JCLS "X酸ジ(A/B)" is INCI's "A/B X-ate" (the "di" left out).
    heard = japanese_sound_keys("ラウロイルグルタミン酸ジ(フィトステリル/オクチルドデシル)")
    assert heard.keys & english_sound_keys("Phytosteryl/Octyldodecyl Lauroyl Glutamate")
    # A bracketed list of acids before the alcohol is no such ester: it stays unread.
    assert not japanese_sound_keys("(クエン酸/乳酸)グリセリル").keys


def test_whole_names_from_sets_139_to_158() -> None:
    """Names the sound cannot reach, as JCLS prints them (quasi-drug and mixed-script names)."""
    for printed, inci in (
        (
            "(アクリレーツ/アクリル酸アルキル(C10-30))クロスポリマー",
            "ACRYLATES/C10-30 ALKYL ACRYLATE CROSSPOLYMER",
        ),
        ("酢酸トコフェロール", "TOCOPHERYL ACETATE"),
        ("ヤシ脂肪酸K", "POTASSIUM COCOATE"),
        ("炭酸ジアルキル(14,15)", "C14-15 DIALKYL CARBONATE"),
    ):
        assert reads(printed, inci, "Tocopherol", "Potassium Cocoyl Glycinate") == inci, printed


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("アルガニアスピノサ核油", "ARGANIA SPINOSA KERNEL OIL"),  # 核: kernel
        ("トウモロコシ胚芽油", "ZEA MAYS GERM OIL"),  # 胚芽: germ
        ("シア脂", "BUTYROSPERMUM PARKII BUTTER"),  # 脂: butter
        ("ビターオレンジ葉/枝油", "CITRUS AURANTIUM AMARA LEAF/TWIG OIL"),  # 枝: twig
        ("マンダリンオレンジ果皮油", "CITRUS NOBILIS PEEL OIL"),
    ],
)
def test_plant_parts_and_oils_in_japanese(printed: str, inci: str) -> None:
    (resolution,) = analyze_product(f"水、{printed}").resolutions[1:]
    assert resolution.inci == inci
