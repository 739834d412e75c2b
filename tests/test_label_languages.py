"""Labels translated into French, Turkish, Korean, Portuguese, Spanish or Chinese, and shop notices printed after the list.

The names below are the forms real shop labels in ``bench/data`` print (sets 96, 98, 102,
109, 113, 117, 118); the notices are the ones brand and retailer pages append.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from porecare.ingredients import analyze_product, default_dictionary, parse_label
from porecare.ingredients._languages import (
    CHINESE,
    FRENCH,
    IBERIAN,
    KOREAN,
    TURKISH,
    compact_key,
    iberian_key,
    readings,
)
from porecare.ingredients._quick import quick_records

DATA = Path(__file__).resolve().parents[1] / "bench" / "data"


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("hyaluronate de sodium", "SODIUM HYALURONATE"),
        ("extrait de feuille de Centella Asiatica", "CENTELLA ASIATICA LEAF EXTRACT"),
        ("triglycéride caprylique/caprique", "CAPRYLIC/CAPRIC TRIGLYCERIDE"),
        ("gomme xanthane", "XANTHAN GUM"),
        ("acide citrique", "CITRIC ACID"),
        ("acide salicylique", "SALICYLIC ACID"),
        ("alcool cétéarylique", "CETEARYL ALCOHOL"),
        ("olivate cétéarylique", "CETEARYL OLIVATE"),
        ("huile de graines d'Helianthus Annuus (tournesol)", "HELIANTHUS ANNUUS SEED OIL"),
        ("dioxyde de titane (filtres UV)", "TITANIUM DIOXIDE"),
        ("palmitate d’éthylhexyle", "ETHYLHEXYL PALMITATE"),
        ("glycérine", "GLYCERIN"),
        ("butylène glycol", "BUTYLENE GLYCOL"),
        ("bétaïne", "BETAINE"),
        ("carbomère", "CARBOMER"),
        ("glycyrrhizate dipotassique", "DIPOTASSIUM GLYCYRRHIZATE"),
        ("benzoate de sodium", "SODIUM BENZOATE"),
    ],
)
def test_french_label_names_read_as_inci(printed: str, inci: str) -> None:
    (resolution,) = analyze_product(f"Aqua, {printed}").resolutions[1:]
    assert (resolution.inci, resolution.how) == (inci, FRENCH)
    assert resolution.confidence == 0.95


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("Sodyum Hiyalüronat", "SODIUM HYALURONATE"),
        ("Tokoferil Asetat", "TOCOPHERYL ACETATE"),
        ("Setearil Alkol", "CETEARYL ALCOHOL"),
        ("PROPILEN GLIKOL", "PROPYLENE GLYCOL"),
        ("Parfüm", "PARFUM"),
        ("Su", "AQUA"),
        ("Fenoksietanol", "PHENOXYETHANOL"),
        ("Skualan", "SQUALANE"),
    ],
)
def test_turkish_label_names_read_as_inci(printed: str, inci: str) -> None:
    (resolution,) = analyze_product(f"Gliserin, {printed}").resolutions[1:]
    assert (resolution.inci, resolution.how) == (inci, TURKISH)


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("정제수", "AQUA"),
        ("소듐하이알루로네이트", "SODIUM HYALURONATE"),
        ("1,2-헥산다이올", "1,2-HEXANEDIOL"),
        ("에틸헥실글리세린", "ETHYLHEXYLGLYCERIN"),
        ("폴리글리세릴-10라우레이트", "POLYGLYCERYL-10 LAURATE"),
        ("병풀추출물(51 ppm)", "CENTELLA ASIATICA EXTRACT"),
        ("해바라기씨오일", "HELIANTHUS ANNUUS SEED OIL"),
        ("카프릴릭/카프릭트라이글리세라이드", "CAPRYLIC/CAPRIC TRIGLYCERIDE"),
        ("살리실릭애씨드", "SALICYLIC ACID"),
        ("나이아신아마이드", "NIACINAMIDE"),
        ("향료", "PARFUM"),
    ],
)
def test_korean_label_names_read_as_inci(printed: str, inci: str) -> None:
    (resolution,) = analyze_product(f"글리세린, {printed}").resolutions[1:]
    assert (resolution.inci, resolution.how) == (inci, KOREAN)


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("透明质酸钠", "SODIUM HYALURONATE"),
        ("積雪草提取物", "CENTELLA ASIATICA EXTRACT"),  # traditional characters
        ("馬齒莧(PORTULACA OLERACEA)提取物", "PORTULACA OLERACEA EXTRACT"),
        ("(日用)香精", "PARFUM"),
        ("山梨(糖)醇", "SORBITOL"),
        ("聚山梨醇酯-20", "POLYSORBATE 20"),
        ("PEG-40 氢化蓖麻油", "PEG-40 HYDROGENATED CASTOR OIL"),
        ("1,2-己二醇", "1,2-HEXANEDIOL"),
        ("茶叶提取物", "CAMELLIA SINENSIS LEAF EXTRACT"),
        ("EDTA 二钠", "DISODIUM EDTA"),
        ("辛酸/癸酸甘油三酯", "CAPRYLIC/CAPRIC TRIGLYCERIDE"),
        ("甘油硬脂酸酯SE", "GLYCERYL STEARATE SE"),
        ("牛油果树(BUTYROSPERMUM PARKII)果脂", "BUTYROSPERMUM PARKII BUTTER"),
        ("玻尿酸鈉", "SODIUM HYALURONATE"),  # Taiwan's name
        ("聚二甲基矽氧烷", "DIMETHICONE"),  # Taiwan's 矽 for silicon
    ],
)
def test_chinese_label_names_read_as_inci(printed: str, inci: str) -> None:
    (resolution,) = analyze_product(f"水, {printed}").resolutions[1:]
    assert (resolution.inci, resolution.how) == (inci, CHINESE)


def test_a_chinese_name_with_an_unknown_word_or_kana_gets_no_chinese_reading() -> None:
    # "麒麟" (a unicorn) is no word of the table; a name with kana is Japanese.
    assert readings("麒麟提取物") == ()
    assert analyze_product("水, 麒麟提取物").resolutions[1].inci is None
    assert readings("ヒアルロン酸Na") == ()


@pytest.mark.parametrize(
    ("name", "text", "role"),
    [
        ("豆乳美肌保湿化妆水", "水, 甘油, 丁二醇", "toner"),
        ("保濕爽膚水", "水, 甘油", "toner"),
        ("氨基酸洁面乳", "水, 甘油, 椰油酰胺丙基甜菜碱", "water_cleanser"),
        ("白茶清洁面膜", "水, 高岭土, 甘油", "clay_mask"),
        ("抗皱眼霜", "水, 甘油, 鲸蜡硬脂醇", "eye_cream"),
        ("清爽防晒霜", "水, 氧化锌, 甘油", "sunscreen"),
        ("玻尿酸精华液", "水, 透明质酸钠, 甘油", "serum"),
        ("保湿面霜", "水, 甘油, 矿油, 鲸蜡硬脂醇", "moisturizer"),
        # Sets 185-187: an essence cream is a cream; Taiwan's "洗顏" is a face wash; Korean
        # and Japanese eye creams; a Japanese soap; a Japanese cleansing gel removes make-up.
        ("白金级尊宠精华霜", "水, 甘油, 矿油, 鲸蜡硬脂醇", "moisturizer"),
        ("深層毛孔洗顏凝膠", "水, 甘油, 丁二醇", "water_cleanser"),
        ("청귤 비타C 잡티케어 아이크림", "정제수, 글리세린, 세틸에틸헥사노에이트", "eye_cream"),
        ("目元クリーム", "水, BG, グリセリン", "eye_cream"),
        ("然よか石けん", "石ケン素地, 水", "water_cleanser"),
        ("ホットクレンジングゲル", "グリセリン, BG, 水", "oil_cleanser"),
        # Sets 189-190: a Japanese foam and a Korean whip are face washes; a Korean peeling
        # gel exfoliates; a Japanese "moisturizer" is one.
        ("ルナメアAC ファイバーフォーム", "水, グリセリン, ミリスチン酸", "water_cleanser"),
        ("퍼펙트 휩 콜라겐 인", "정제수, 글리세린, 스테아릭애씨드", "water_cleanser"),
        ("녹두 밀크 필링 젤", "정제수, 글리세린, 셀룰로오스", "exfoliant"),
        ("ニードルモイスチャライザー", "水, グリセリン, BG", "moisturizer"),
        # Sets 193 and 196: Korean glues "sun" (선) to the kind; eye patches are masks; a
        # Korean or Japanese cleansing milk or cream is the make-up-removing first cleanse
        # (a Western one is filed as a rinse-off cleanser); a mud mask that foams is a clay mask.
        ("스킨부스트 PDRN 선세럼", "정제수, 글리세린, 부틸렌글라이콜", "sunscreen"),
        ("골드 콜라겐 퍼펙션 아이패치", "정제수, 글리세린, 부틸렌글라이콜", "mask"),
        ("세이프 미 클렌징밀크", "정제수, 글리세린, 세틸에틸헥사노에이트", "oil_cleanser"),
        ("B.A クレンジングクリーム", "ミネラルオイル, 水, グリセリン", "oil_cleanser"),
        ("Gentle Cleansing Milk", "Aqua, Glycerin, Cetearyl Alcohol", "water_cleanser"),
        ("인텐시브 페이셜 크림 클렌저", "정제수, 글리세린, 스테아릭애씨드", "water_cleanser"),
        ("버블링 스플래쉬 머드 마스크 팩투폼", "정제수, 카올린, 벤토나이트, 글리세린", "clay_mask"),
        # Set 198: "세안제" is a face wash; a Korean "팩" is a mask.
        ("쌀뜨물 미강 효소세안제", "전분, 미강가루, 소듐코코일글리시네이트", "water_cleanser"),
        ("3번 참은만큼 보들보들 결세럼팩", "정제수, 글리세린, 부틸렌글라이콜", "mask"),
        # Set 200: Korean pads are pads (acid-soaked: exfoliant; otherwise toner), cleansing
        # tissues are wipes, and a Korean "워시" is a wash.
        ("어린쑥 5분 트러블진정패드", "정제수, 부틸렌글라이콜, 글리세린", "toner"),
        ("포어 클리어 토너패드", "정제수, 살리실릭애씨드, 글리세린", "exfoliant"),
        (
            "클렌징티슈 세럼 모이스트",
            "정제수, 피이지-6카프릴릭/카프릭글리세라이드",
            "micellar_water",
        ),
        ("엔자임 파우더 워시", "옥수수전분, 소듐코코일글루타메이트, 파파인", "water_cleanser"),
        # Sets 203-204: a washing powder; an "off oil" takes make-up off; a moisture gel; an
        # eye contour stick; a peeling toner is a toner.
        (
            "차콜 엔자임 워싱 파우더",
            "옥수수전분, 소듐코코일글루타메이트, 숯가루, 카올린",
            "water_cleanser",
        ),
        ("퍼펙트 오프 오일", "미네랄오일, 폴리솔베이트85, 토코페롤", "oil_cleanser"),
        ("데이케어 수분젤", "정제수, 글리세린, 부틸렌글라이콜, 카보머", "moisturizer"),
        ("안티퍼티그 아이 컨투어 스틱", "세레신, 미네랄오일", "eye_cream"),
        ("그루밍 필링 토너", "정제수, 글리세린, 부틸렌글라이콜, 알란토인", "toner"),
        # Sets 205-207: a Korean "스킨" is a toner; a foaming ("버블") cleansing milk rinses
        # off; a clay pack named a cleanser is a cleanser; Polish "żel myjący" is a face wash.
        ("올리브 리얼 스킨 포맨", "정제수, 글리세린, 부틸렌글라이콜, 올리브오일", "toner"),
        ("버블 클렌징밀크", "정제수, 글리세린, 코카미도프로필베타인", "water_cleanser"),
        (
            "그린 토마토 클레이 팩 클렌저",
            "정제수, 카올린, 벤토나이트, 스테아릭애씨드",
            "water_cleanser",
        ),
        ("ALOESOVE Żel myjący do twarzy", "Aqua, Glycerin, Coco-Glucoside", "water_cleanser"),
        # Sets 208-209: Korean "미셀라" and "클렌징 워터" are micellar waters; a Korean "로션"
        # (an emulsion) is a moisturizer.
        ("미셀라 클렌징워터 센시티브", "정제수, 글리세린, 폴록사머184", "micellar_water"),
        ("아쿠아 딥 클렌징 워터", "정제수, 글리세린, 부틸렌글라이콜", "micellar_water"),
        ("스킨 베리어 카밍 로션", "정제수, 글리세린, 부틸렌글라이콜, 판테놀", "moisturizer"),
    ],
)
def test_product_names_in_chinese_korean_and_japanese_name_the_kind(
    name: str, text: str, role: str
) -> None:
    assert analyze_product(text, name=name).role.role == role


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("포타슘소르베이트", "POTASSIUM SORBATE"),
        ("소듐라우레스설페이트", "SODIUM LAURETH SULFATE"),
        ("시어버터", "BUTYROSPERMUM PARKII BUTTER"),
        ("하이드롤라이즈드밀단백질", "HYDROLYZED WHEAT PROTEIN"),
        ("에칠아스코빌에텔", "3-O-ETHYL ASCORBIC ACID"),
        ("당귀추출물", "ANGELICA GIGAS ROOT EXTRACT"),
        ("티트리추출물", "MELALEUCA ALTERNIFOLIA LEAF EXTRACT"),
        ("ミネラルオイル", "PARAFFINUM LIQUIDUM"),
        ("パラメトキシケイ皮酸オクチル", "ETHYLHEXYL METHOXYCINNAMATE"),
        ("馬油", "HORSE FAT"),
        ("蘇氨酸", "THREONINE"),
        ("歐洲七葉樹籽萃取", "AESCULUS HIPPOCASTANUM SEED EXTRACT"),
        ("クエン酸ナトリウム", "SODIUM CITRATE"),
        ("L-アスコルビン酸2-グルコシド", "ASCORBYL GLUCOSIDE"),
        ("석류과피추출물", "PUNICA GRANATUM PEEL EXTRACT"),
    ],
)
def test_more_korean_japanese_and_chinese_names(printed: str, inci: str) -> None:
    """Names sets 184-187 showed unread: Korean chemical words and herbs, Japanese
    quasi-drug names, Taiwan's amino acids and "萃取" (extract)."""
    assert analyze_product(f"水, {printed}").resolutions[1].inci == inci


def test_a_korean_name_with_an_unknown_word_gets_no_reading() -> None:
    # "도깨비" (a goblin) is no word of the table: the whole name stays unread.
    assert readings("도깨비추출물") == ()
    assert analyze_product("정제수, 도깨비추출물").resolutions[1].inci is None


def test_a_korean_extract_without_a_part_may_be_the_fruit_s() -> None:
    assert readings("사과추출물") == (
        ("pyrus malus extract", KOREAN),
        ("pyrus malus fruit extract", KOREAN),
    )
    assert readings("병풀잎추출물") == (("centella asiatica leaf extract", KOREAN),)


def test_korean_readings_match_without_spaces_or_punctuation() -> None:
    assert compact_key("Ethyl Hexyl-Glycerin") == compact_key("ethylhexylglycerin")
    assert readings("에틸헥실글리세린") == (("ethyl hexyl glycerin", KOREAN),)


def test_a_reading_counts_only_when_the_dictionary_holds_it() -> None:
    # "extrait de fruit de licorne" reads "licorne fruit extract": no such ingredient.
    assert readings("extrait de fruit de licorne")[0] == ("licorne fruit extract", FRENCH)
    (resolution,) = analyze_product("Aqua, extrait de fruit de licorne").resolutions[1:]
    assert resolution.inci is None


def test_inci_names_get_no_readings() -> None:
    for name in ("Sodium Hyaluronate", "Aqua/Water/Eau", "Butyrospermum Parkii Butter", "Su Gel"):
        assert readings(name) == ()


def share_resolved(sets: tuple[int, ...], printed_in: tuple[str, ...]) -> tuple[int, float]:
    """(tokens, share resolved by the packaged table) over the real lists of ``sets`` that
    hold one of the ``printed_in`` words (the lists printed in that language)."""
    tokens = resolved = 0
    for number in sets:
        for line in (DATA / f"real_labels_holdout{number}.jsonl").open(encoding="utf-8"):
            text = json.loads(line)["ingredients"]
            if not any(word in text.casefold() for word in printed_in):
                continue
            result = analyze_product(text)
            tokens += len(result.resolutions)
            resolved += sum(r.inci is not None for r in result.resolutions)
    return tokens, resolved / tokens


def test_french_lists_from_real_labels_mostly_resolve() -> None:
    tokens, share = share_resolved((96, 109, 113), ("glycérine", "acide citrique"))
    assert tokens > 150
    assert share > 0.85


def test_hangul_lists_from_real_labels_mostly_resolve() -> None:
    tokens, share = share_resolved((113, 117, 118), ("정제수", "글리세린"))
    assert tokens > 300
    assert share > 0.75  # plants named by fruit alone miss where the table lacks the fruit


LIST = "Aqua, Glycerin, Phenoxyethanol, Titanium Dioxide (CI 77891), Iron Oxides (CI 77491)"
NOTICES = [
    ". We are continually innovating and adapting to new regulations. As a result, depending on"
    " when and where the product was purchased, the ingredient lists on this website may differ"
    " from product packaging",
    " Disclaimer: Fresh product ingredient listings are updated periodically, Before using a"
    " Fresh product, please read the ingredient list on the packaging of your product",
    " Les listes d’ingrédients entrant dans la composition des produits de notre marque sont"
    " régulièrement mises à jour",
    " En cas de contact avec les yeux, les rincer immédiatement et abondamment Veuillez noter que"
    " les listes d'ingrédients entrant dans la composition de nos produits sont mises à jour",
    " Free from parabens, silicones, sulfates, and 1,350+ ingredients that have questionable data",
    " (*) The list of ingredients may be subject to change",
    " As the list of ingredients may be subject to change, we advise you to check the list",
    " In case of serious adverse effects, please call +1 (651) 504-2243",
    ". Envie d'en savoir plus sur un ingrédient ? Notre glossaire vous dit tout, de A à Z",
    " Fabriqué en Suisse",
    # A shop page's buttons copied with the list (set 148).
    " Add to cart Couldn't load pickup availability Refresh Share Share Close share Copy link",
    # Directions with no colon (set 157); an Indonesian registration number (sets 154, 158).
    " How to Use After cleansing, pour an appropriate amount onto a cotton pad",
    ", POM NA18191234201",
    # A footnote legend whose mark the scrape lost (sets 130-158, an Indonesian shop).
    ", Occurs Naturally in Essential Oils",
]


@pytest.mark.parametrize("notice", NOTICES)
def test_shop_notices_after_the_list_are_no_ingredients(notice: str) -> None:
    names = [t.name for t in parse_label(LIST + notice)]
    assert names[:5] == [t.name for t in parse_label(LIST)]
    assert len(names) == 5
    result = analyze_product(LIST + notice)
    assert [r.inci for r in result.resolutions][:5] == [
        "AQUA",
        "GLYCERIN",
        "PHENOXYETHANOL",
        "CI 77891",
        "IRON OXIDES",
    ]


@pytest.mark.parametrize("notice", NOTICES)
def test_a_label_with_a_notice_leaves_the_quick_path(notice: str) -> None:
    # The quick path reads only labels whose pieces prepare_label leaves alone.
    assert quick_records(LIST + notice, default_dictionary()) is None


def test_notice_words_inside_ingredient_names_are_kept() -> None:
    text = "Aqua, Ascorbyl Palmitate, Pleurotus Eryngii Extract, Listea Cubeba Fruit Oil"
    assert len(parse_label(text)) == 4


def test_polish_lists_from_real_labels_mostly_resolve() -> None:
    tokens, share = share_resolved((154, 158), ("woda", "gliceryna"))
    assert tokens > 40
    assert share > 0.9


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("Woda", "AQUA"),
        ("Glinka biała", "KAOLIN"),
        ("Kwas salicylowy", "SALICYLIC ACID"),
        ("Olej z pestek winogron", "VITIS VINIFERA SEED OIL"),
        ("Triglicerydy kwasu kaprylowego i kaprynowego", "CAPRYLIC/CAPRIC TRIGLYCERIDE"),
    ],
)
def test_polish_common_names_read_as_inci(printed: str, inci: str) -> None:
    assert analyze_product(f"Aqua, {printed}").resolutions[1].inci == inci


def test_footnote_numbers_run_onto_names_are_left_out() -> None:
    """A shop page printed its footnote numbers glued to the names (set 156)."""
    found = analyze_product("Water, Glycerin5, Coco Betaine11, Citric Acid9.").resolutions
    assert [r.inci for r in found] == ["AQUA", "GLYCERIN", "COCO-BETAINE", "CITRIC ACID"]
    # Numbers that are part of a name stay: after a capital ("Q10") or a space or hyphen.
    kept = analyze_product("Ubiquinone, Polysorbate 20, PEG-40 Hydrogenated Castor Oil")
    assert [r.inci for r in kept.resolutions] == [
        "UBIQUINONE",
        "POLYSORBATE 20",
        "PEG-40 HYDROGENATED CASTOR OIL",
    ]


def test_numbered_note_marks_and_at_separators_in_korean_lists() -> None:
    """Set 160: a note's number closed by ")" after a Hangul name; items joined by "@"."""
    marked = analyze_product("정제수, 나이아신아마이드3), 소듐하이알루로네이트2)").resolutions
    assert [r.inci for r in marked] == ["AQUA", "NIACINAMIDE", "SODIUM HYALURONATE"]
    joined = analyze_product("정제수@프로판다이올@글리세린@나이아신아마이드").resolutions
    assert [r.inci for r in joined] == ["AQUA", "PROPANEDIOL", "GLYCERIN", "NIACINAMIDE"]
    # One "@" in a comma list (an address) splits nothing.
    assert len(analyze_product("Aqua, Glycerin, contact: info@brand.com").resolutions) == 3


@pytest.mark.parametrize(
    ("text", "name", "percent"),
    [
        ("정제수, 티트리추출물(12,000 ppm)", "티트리추출물", 1.2),
        ("Aqua, Niacinamide (20000ppm)", "Niacinamide", 2.0),
        ("AQUA, NIACINAMIDE (20,000 PPM)", "NIACINAMIDE", 2.0),
        ("Aqua, panthénol (1 000 ppm)", "panthénol", 0.1),
        ("Aqua, madécassoside (0,1 ppb)", "madécassoside", 1e-8),
        # Set 200: thousands and a decimal part; and a French "1 000,5".
        ("정제수, 유자수(21,987.5ppm)", "유자수", 2.19875),
        ("Aqua, panthénol (1 000,5 ppm)", "panthénol", 0.10005),
    ],
)
def test_a_dose_in_parts_per_million_is_a_percent(text: str, name: str, percent: float) -> None:
    """Korean and French labels print small doses in ppm or ppb (sets 109-186): the name is
    read without it and the dose is kept, as a percent."""
    token = analyze_product(text).resolutions[1].token
    assert token.name == name
    assert token.percent == pytest.approx(percent)


@given(
    st.integers(1, 999),
    st.lists(st.integers(0, 999), max_size=3),
    st.sampled_from([",", " ", "\u00a0", ""]),
    st.sampled_from(["", ".5", ",25", ".125"]),
)
def test_any_printed_ppm_number_is_read(lead: int, groups: list[int], mark: str, tail: str) -> None:
    """Bad input never raises: a number in thousands groups, with or without a decimal part,
    is read as the number it prints."""
    number = str(lead) + "".join(f"{mark}{group:03d}" for group in groups) + tail
    token = analyze_product(f"Aqua, Niacinamide ({number} ppm)").resolutions[1].token
    whole = int(str(lead) + "".join(f"{group:03d}" for group in groups))
    assert token.name == "Niacinamide"
    assert token.percent == pytest.approx((whole + float("0" + tail.replace(",", "."))) / 10_000)


def test_a_dose_printed_as_an_item_of_its_own_is_no_ingredient() -> None:
    resolved = analyze_product("소이아이소플라본,(4,000ppb), 칼슘클로라이드").resolutions
    assert [r.token.name for r in resolved] == ["소이아이소플라본", "칼슘클로라이드"]


def test_names_joined_by_at_bang_at_are_one_ingredient() -> None:
    """Sets 176, 180, 182, 183: Chinese filing data prints "WATER@!@AQUA" for one ingredient;
    in a list of four or more such names the "@" must not split them."""
    resolved = analyze_product("WATER@!@AQUA, 甘油, 丁二醇").resolutions
    assert [r.inci for r in resolved] == ["AQUA", "GLYCERIN", "BUTYLENE GLYCOL"]
    joined = analyze_product("AQUA@!@WATER@!@EAU, GLYCERIN").resolutions
    assert [(r.token.name, r.inci) for r in joined] == [
        ("AQUA/WATER/EAU", "AQUA"),
        ("GLYCERIN", "GLYCERIN"),
    ]


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("benzoate d'alkyle en C12-15", "C12-15 ALKYL BENZOATE"),
        ("hyaluronate acétylé de sodium", "SODIUM ACETYLATED HYALURONATE"),
        ("Hydrolysat d'amidon hydrogéné", "HYDROGENATED STARCH HYDROLYSATE"),
        ("silice", "SILICA"),
        ("Eau florale de Lavandula Angustifolia (lavande)", "LAVANDULA ANGUSTIFOLIA FLOWER WATER"),
    ],
)
def test_french_names_from_sets_158_to_162(printed: str, inci: str) -> None:
    assert analyze_product(f"Aqua, {printed}").resolutions[1].inci == inci


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        ("Água", "AQUA"),
        ("Glicerina", "GLYCERIN"),
        ("Fenoxietanol", "PHENOXYETHANOL"),
        ("Metilparabeno", "METHYLPARABEN"),
        ("Ácido esteárico", "STEARIC ACID"),
        ("Ácido salicílico", "SALICYLIC ACID"),
        ("Álcool cetoestearílico", "CETEARYL ALCOHOL"),
        ("Alcohol Cetílico", "CETYL ALCOHOL"),
        ("Álcool desnaturado", "ALCOHOL DENAT."),
        ("Hidróxido de Sódio", "SODIUM HYDROXIDE"),
        ("Dióxido de Titânio", "TITANIUM DIOXIDE"),
        ("Edetato Dissódico", "DISODIUM EDTA"),
        ("Estearato de glicerila", "GLYCERYL STEARATE"),
        ("Triglicéridos cáprico/caprílico", "CAPRYLIC/CAPRIC TRIGLYCERIDE"),
        ("Goma xantana", "XANTHAN GUM"),
        ("Extracto de hoja de Aloe Barbadensis", "ALOE BARBADENSIS LEAF EXTRACT"),
        ("Fragância", "PARFUM"),
    ],
)
def test_portuguese_and_spanish_label_names_read_as_inci(printed: str, inci: str) -> None:
    (resolution,) = analyze_product(f"Aqua, {printed}").resolutions[1:]
    assert (resolution.inci, resolution.how) == (inci, IBERIAN)


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("Phenoxyethanol", "fenoxietanol"),
        ("Stearic Acid", "Esteárico Acid"),
        ("Glyceryl", "glicerila"),
    ],
)
def test_the_iberian_key_undoes_the_languages_spelling(name: str, other: str) -> None:
    assert iberian_key(name) == iberian_key(other)


def test_the_iberian_key_keeps_what_the_languages_keep() -> None:
    assert iberian_key("Shea Water") != iberian_key("Sea Water")  # "h" is not dropped
    # Names in other scripts get no Portuguese or Spanish reading ("DEA" of "ラウラミドDEA").
    assert all(how != IBERIAN for _, how in readings("ラウラミドDEA"))


def test_locants_split_at_a_spaced_comma_rejoin_in_any_script() -> None:
    """Set 203: "1, 2-헥산다이올" is one name, as "1, 2-Hexanediol" is."""
    for text in ("정제수, 1, 2-헥산다이올, 글리세린", "水, 1, 2-ヘキサンジオール, グリセリン"):
        resolved = analyze_product(text).resolutions
        assert [r.inci for r in resolved] == ["AQUA", "1,2-HEXANEDIOL", "GLYCERIN"]


def test_of_two_plants_as_long_the_first_names_the_usual_part() -> None:
    """ "서양배추출물" (pear extract) also holds "양배추" (cabbage), one letter on."""
    resolved = analyze_product("정제수, 서양배추출물").resolutions
    assert "PYRUS COMMUNIS" in (resolved[1].inci or "")
    assert "pyrus communis fruit extract" in [r for r, _ in readings("서양배추출물")]


def test_a_korean_list_spaced_without_separators_is_split_at_the_spaces() -> None:
    """Set 208: "정제수 글리세린 폴록사머124 ..." (no comma at all); the locants of
    "1,2-헥산다이올" are no separator, and a list with commas is never split at spaces."""
    resolved = analyze_product("정제수 글리세린 1,2-헥산다이올 판테놀 부틸렌글라이콜").resolutions
    assert [r.inci for r in resolved] == [
        "AQUA",
        "GLYCERIN",
        "1,2-HEXANEDIOL",
        "PANTHENOL",
        "BUTYLENE GLYCOL",
    ]
    spaced = analyze_product("정제수, 라미나리아 오크롤레우카추출물, 글리세린").resolutions
    assert len(spaced) == 3
