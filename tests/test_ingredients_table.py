"""The packaged ingredient table (``knowledge/data/ingredients.csv``) as the engine reads it.

``test_knowledge_data.py`` checks the file's format. These tests check what the table *means*
through the real parser and dictionary: every name and alias in it can be printed on a label
and comes back as its own row; common label spellings (old INCI names, drug-facts names, US
lake names, common names) resolve to the right substance instead of a fuzzy neighbour; and
the classes that raise health flags hold exactly the substances that should raise them, so a
row added to the wrong class fails here rather than flagging a product wrongly.
"""

from __future__ import annotations

import pytest

from porecare.ingredients import Dictionary, analyze_product
from porecare.ingredients._knowledge import curated_ingredients


@pytest.fixture(scope="module")
def packaged() -> Dictionary:
    return Dictionary.load()


def _by_class(klass: str) -> set[str]:
    return {item.inci for item in curated_ingredients() if klass in item.classes}


def test_every_name_and_alias_resolves_to_its_own_row(packaged: Dictionary) -> None:
    """A name the table knows must survive the label parser unchanged (no split, no fuzz)."""
    wrong = []
    for item in curated_ingredients():
        for name in (item.inci, *item.aliases):
            found = analyze_product(name, dictionary=packaged).resolutions
            if [r.inci for r in found] != [item.inci] or found[0].how.startswith("fuzzy"):
                wrong.append((name, item.inci, [(r.inci, r.how) for r in found]))
    assert wrong == []


@pytest.mark.parametrize(
    ("printed", "inci"),
    [
        # Old or US INCI names still printed on packs.
        ("Simmondsia Chinensis Oil", "SIMMONDSIA CHINENSIS SEED OIL"),
        ("Citrus Medica Limonum (Lemon) Peel Oil", "CITRUS LIMON PEEL OIL"),
        ("Matricaria Recutita Flower Extract", "CHAMOMILLA RECUTITA FLOWER EXTRACT"),
        ("Hydrocotyl Asiatica Extract", "CENTELLA ASIATICA EXTRACT"),
        ("Sodium Lauryl Ether Sulphate", "SODIUM LAURETH SULFATE"),
        ("Lauryl Polyglucose", "LAURYL GLUCOSIDE"),
        # Common name in parentheses: the Latin INCI name alone must be in the table.
        ("Lonicera Japonica (Honeysuckle) Flower Extract", "LONICERA JAPONICA FLOWER EXTRACT"),
        ("Cucumis Sativus (Cucumber) Fruit Water", "CUCUMIS SATIVUS FRUIT WATER"),
        ("Hippophae Rhamnoides (Sea Buckthorn) Fruit Oil", "HIPPOPHAE RHAMNOIDES FRUIT OIL"),
        # Names that used to reach a wrong neighbour by fuzzy matching.
        ("Hydrolyzed Pea Protein", "HYDROLYZED PEA PROTEIN"),
        ("Diethanolamine", "DIETHANOLAMINE"),
        ("Propylene Glycol Monostearate", "PROPYLENE GLYCOL STEARATE"),
        ("Arctium Lappa Fruit Extract", "ARCTIUM LAPPA FRUIT EXTRACT"),
        ("Silk Protein", "SILK"),
        ("Sucrose Dilaurate", "SUCROSE DILAURATE"),
        # Drug-facts (USP/NF) names.
        ("Sodium Phosphate Dibasic", "DISODIUM PHOSPHATE"),
        ("Medium Chain Triglycerides", "CAPRYLIC/CAPRIC TRIGLYCERIDE"),
        ("Docusate Sodium", "DIETHYLHEXYL SODIUM SULFOSUCCINATE"),
        ("Sorbitan Monolaurate", "SORBITAN LAURATE"),
        ("Trolamine Salicylate", "TEA-SALICYLATE"),
        ("Padimate O", "ETHYLHEXYL DIMETHYL PABA"),
        ("Dioxybenzone", "BENZOPHENONE-8"),
        # Pharmacopoeia PEG numbers are molecular weights, INCI PEG-n counts ethylene oxide.
        ("Polyethylene Glycol 400", "PEG-8"),
        ("Macrogol 3350", "PEG-75"),
        # Colour names.
        ("CI 77019", "MICA"),
        ("Red 28 Lake", "CI 45410"),
        ("FD&C Blue No. 1 Aluminum Lake", "CI 42090"),
        # Common and trade names people paste.
        ("Aloe Vera", "ALOE BARBADENSIS LEAF JUICE"),
        ("Witch Hazel Distillate", "HAMAMELIS VIRGINIANA WATER"),
        ("Bladderwrack Extract", "FUCUS VESICULOSUS EXTRACT"),
        ("Fumed Silica", "SILICA"),
        ("Avene Thermal Spring Water", "AQUA"),
        ("Aqua Posae Filiformis", "VITREOSCILLA FERMENT"),
        ("Alpha Methyl Ionone", "METHYL IONONES"),
        ("Black Seed Oil", "NIGELLA SATIVA SEED OIL"),
        ("Kombucha", "SACCHAROMYCES/XYLINUM/BLACK TEA FERMENT"),
        ("Acetyl Tetrapeptide-5", "ACETYL TETRAPEPTIDE-5"),
        # Real acids one or two letters from an AHA/PHA name must not be read as that acid.
        ("Gallic Acid", "GALLIC ACID"),
        ("Glucuronic Acid", "GLUCURONIC ACID"),
        ("Maleic Acid", "MALEIC ACID"),
    ],
)
def test_label_spellings_resolve_to_the_right_row(
    packaged: Dictionary, printed: str, inci: str
) -> None:
    resolution = analyze_product(printed, dictionary=packaged).resolutions[0]
    assert (resolution.inci, resolution.how.startswith("fuzzy")) == (inci, False), resolution


#: Chemical fragrance allergens Regulation (EU) 2023/1545 added to the labelling list.
EU_2023_ALLERGENS = (
    "ACETYLCEDRENE",
    "AMYL SALICYLATE",
    "ANETHOLE",
    "BETA-CARYOPHYLLENE",
    "BETA-PINENES",
    "CAMPHOR",
    "CARVONE",
    "ALPHA-DAMASCONE",
    "DIMETHYLBENZYL CARBINYL ACETATE",
    "HEXADECANOLACTONE",
    "HEXAMETHYLINDANOPYRAN",
    "LINALYL ACETATE",
    "MENTHOL",
    "METHYL SALICYLATE",
    "PINENE",
    "PROPYLIDENE PHTHALIDE",
    "SALICYLALDEHYDE",
    "SANTALOL",
    "SCLAREOL",
    "TERPINEOL",
    "TERPINOLENE",
    "TETRAMETHYL ACETYLOCTAHYDRONAPHTHALENES",
    "TRIMETHYLBENZENEPROPANOL",
    "VANILLIN",
)


@pytest.mark.parametrize("inci", EU_2023_ALLERGENS)
def test_2023_fragrance_allergens_are_flagged(inci: str) -> None:
    assert inci in _by_class("fragrance_allergen")


def test_cooling_agents_are_not_called_fragrance() -> None:
    """Menthol is a listed allergen; its cooling esters are not perfumes and are not listed."""
    fragrant = _by_class("fragrance") | _by_class("fragrance_allergen")
    assert not {"MENTHYL LACTATE", "MENTHOXYPROPANEDIOL", "MENTHONE GLYCERIN ACETAL"} & fragrant


def test_essential_oils_are_fragrance() -> None:
    assert _by_class("essential_oil") <= _by_class("fragrance")


# Closed sets: these classes raise health flags (drying alcohol for sensitive skin, retinoids in
# pregnancy, acids for sensitive skin and routine conflicts). Adding a member is a decision that
# must be made here, on purpose.
FLAG_CLASSES = {
    "drying_alcohol": {
        "ALCOHOL",
        "ALCOHOL DENAT.",
        "ISOPROPYL ALCOHOL",
        "PROPYL ALCOHOL",
        "SD ALCOHOL 3-A",
        "SD ALCOHOL 39-C",
        "SD ALCOHOL 40",
        "SD ALCOHOL 40-A",
        "SD ALCOHOL 40-B",
    },
    "retinoid": {
        "ADAPALENE",
        "HYDROXYPINACOLONE RETINOATE",
        "ISOTRETINOIN",
        "RETINAL",
        "RETINOL",
        "RETINYL ACETATE",
        "RETINYL LINOLEATE",
        "RETINYL PALMITATE",
        "RETINYL PROPIONATE",
        "RETINYL RETINOATE",
        "TAZAROTENE",
        "TRETINOIN",
        "TRIFAROTENE",
    },
    "aha": {
        "ACER SACCHARUM EXTRACT",
        "AMMONIUM GLYCOLATE",
        "AMMONIUM LACTATE",
        "CITRIC ACID",
        "GLYCOLIC ACID",
        "HIBISCUS SABDARIFFA FLOWER EXTRACT",
        "LACTIC ACID",
        "MALIC ACID",
        "MANDELIC ACID",
        "SACCHARUM OFFICINARUM EXTRACT",
        "SODIUM GLYCOLATE",
        "TARTARIC ACID",
        "VACCINIUM MYRTILLUS FRUIT/LEAF EXTRACT",
    },
    # Salicylic acid, its salts and esters, and the salicylate-bearing barks sold as BHA.
    "bha": {
        "BETAINE SALICYLATE",
        "CAPRYLOYL SALICYLIC ACID",
        "SALICYLIC ACID",
        "SALICYLOYL PHYTOSPHINGOSINE",
        "SALIX ALBA BARK EXTRACT",
        "SALIX ALBA BARK WATER",
        "SALIX NIGRA BARK EXTRACT",
        "SODIUM SALICYLATE",
        "SPIRAEA ULMARIA EXTRACT",
    },
    "pha": {"GALACTOSE", "GLUCONIC ACID", "GLUCONOLACTONE", "LACTOBIONIC ACID", "MALTOBIONIC ACID"},
    "benzoyl_peroxide": {"BENZOYL PEROXIDE"},
}


@pytest.mark.parametrize("klass", sorted(FLAG_CLASSES))
def test_flag_classes_hold_exactly_their_members(klass: str) -> None:
    assert _by_class(klass) == FLAG_CLASSES[klass]
