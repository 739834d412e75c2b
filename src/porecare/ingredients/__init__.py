"""Ingredient and product intelligence: read INCI labels, judge products, choose from a shelf.

The flow is parse -> resolve -> classify -> judge -> choose::

    >>> from porecare.ingredients import analyze_product
    >>> analysis = analyze_product("Aqua, Glycerin, Niacinamide 10%", name="Niacinamide serum")
    >>> analysis.to_dict()["role"]["role"]
    'serum'

Everything is read from packaged data files (``porecare/knowledge/data``) and, when the user
imported them, CosIng names and Open Beauty Facts products in the local database.
"""

from __future__ import annotations

from porecare.ingredients._analyze import (
    ACTIVE_CLASSES,
    Fit,
    Flag,
    ProductAnalysis,
    analyze_product,
    default_dictionary,
)
from porecare.ingredients._batch import check_jsonl
from porecare.ingredients._choose import (
    STEP_KINDS,
    ProductChoices,
    attach_for_plan,
    choose_products,
)
from porecare.ingredients._conflicts import CONFLICT_RULES, Conflict, find_conflicts
from porecare.ingredients._dictionary import FUZZY_THRESHOLD, Dictionary, Entry, Resolution
from porecare.ingredients._find import (
    add_from_catalog,
    catalog_product,
    find_in_catalog,
    judge_catalog_products,
)
from porecare.ingredients._knowledge import COMEDOGENIC_CAVEAT
from porecare.ingredients._parse import LabelToken, parse_label
from porecare.ingredients._roles import (
    LEAVE_ON_ROLES,
    ROLES,
    UNSURE_CONFIDENCE,
    RoleGuess,
    guess_role,
    sold_for_body,
)
from porecare.ingredients._store import (
    CatalogProduct,
    ImportResult,
    ProductRecord,
    add_product,
    catalog_products,
    edit_product,
    import_cosing,
    import_obf,
    list_products,
    remove_product,
    set_product_role,
    with_stated_role,
)

__all__ = [
    "ACTIVE_CLASSES",
    "COMEDOGENIC_CAVEAT",
    "CONFLICT_RULES",
    "FUZZY_THRESHOLD",
    "LEAVE_ON_ROLES",
    "ROLES",
    "STEP_KINDS",
    "UNSURE_CONFIDENCE",
    "CatalogProduct",
    "Conflict",
    "Dictionary",
    "Entry",
    "Fit",
    "Flag",
    "ImportResult",
    "LabelToken",
    "ProductAnalysis",
    "ProductChoices",
    "ProductRecord",
    "Resolution",
    "RoleGuess",
    "add_from_catalog",
    "add_product",
    "analyze_product",
    "attach_for_plan",
    "catalog_product",
    "catalog_products",
    "check_jsonl",
    "choose_products",
    "default_dictionary",
    "edit_product",
    "find_conflicts",
    "find_in_catalog",
    "guess_role",
    "import_cosing",
    "import_obf",
    "judge_catalog_products",
    "list_products",
    "parse_label",
    "remove_product",
    "set_product_role",
    "sold_for_body",
    "with_stated_role",
]
