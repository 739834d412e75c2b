"""build_plan keeps every rule of the method, for every profile (checked two ways).

``check_plan`` states each rule once from the data; the tests here also state the headline rules
of the issue directly on the JSON, so a checker bug cannot hide a planner bug.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from porecare.errors import UsageError
from porecare.plan import ProductAttachment, build_plan, check_plan
from porecare.profile import RETINOID_EXPERIENCE, SKIN_TYPES, Profile, sample_profile

START = date(2025, 12, 8)
CLEANSERS = {"oil_cleanser", "micellar_water", "water_cleanser"}
FIRST_CLEANSERS = {"oil_cleanser", "micellar_water"}


def all_enumerated_profiles() -> list[Profile]:
    base = sample_profile()
    found = []
    for skin, sens, acne, sun, preg, exp, micro in itertools.product(
        SKIN_TYPES,
        (False, True),
        (False, True),
        (False, True),
        (False, True),
        RETINOID_EXPERIENCE,
        (False, True),
    ):
        found.append(
            replace(
                base,
                skin_type=skin,
                sensitive=sens,
                acne_prone=acne,
                wears_sunscreen=sun,
                pregnant_or_breastfeeding=preg,
                retinoid_experience=exp,
                microneedling_interest=micro,
            )
        )
    return found


PROFILES = all_enumerated_profiles()


def _kinds(routine: list[dict[str, Any]]) -> list[str]:
    return [s["step"] for s in routine]


def _is_exfoliation(step: dict[str, Any]) -> bool:
    product = step.get("product") or {}
    return (
        step["step"] == "exfoliant"
        or bool(step.get("exfoliating"))
        or bool(product.get("exfoliating"))
    )


def _is_retinoid(step: dict[str, Any]) -> bool:
    product = step.get("product") or {}
    return step["step"] == "retinoid" or bool(product.get("contains_retinoid"))


def assert_issue_rules(data: dict[str, Any], profile: Profile) -> None:
    """The issue's rules, written out independently of the rule book."""
    days = data["days"]
    for day in days:
        am, pm = day["am"], day["pm"]
        for routine in (am, pm):
            kinds = _kinds(routine)
            n_clean = sum(k in CLEANSERS for k in kinds)
            assert all(k in CLEANSERS for k in kinds[:n_clean]), kinds  # cleansers first
            assert "microneedling" not in kinds
            if "toner" in kinds and "serum" in kinds:
                assert kinds.index("toner") < kinds.index("serum")
            assert not (any(map(_is_retinoid, routine)) and any(map(_is_exfoliation, routine)))
            for step in routine:
                assert step["why"].strip() and step["source"].strip() and step["rule"]
        kinds_am, kinds_pm = _kinds(am), _kinds(pm)
        assert kinds_am[-1] == "sunscreen"
        assert kinds_pm[0] in FIRST_CLEANSERS and kinds_pm[1] == "water_cleanser"
        assert (kinds_am + kinds_pm).count("toner") == 1
        assert "serum" in kinds_am + kinds_pm
        assert "moisturizer" in kinds_am and "moisturizer" in kinds_pm
        for routine in (kinds_am, kinds_pm):
            treatments = [
                i
                for i, k in enumerate(routine)
                if k in {"exfoliant", "retinoid", "spot_treatment", "clay_mask", "serum"}
            ]
            if treatments:
                assert routine.index("moisturizer") > max(treatments)
        assert "retinoid" not in kinds_am and "clay_mask" not in kinds_am
        if "clay_mask" in kinds_pm:
            assert kinds_pm.index("moisturizer") > kinds_pm.index("clay_mask")
            assert not any(map(_is_retinoid, pm)) and not any(map(_is_exfoliation, pm))
        if profile.pregnant_or_breastfeeding:
            assert not any(_is_retinoid(s) for s in am + pm)
    cap = 2 if profile.sensitive else 3
    for i in range(len(days)):
        window = days[i : i + 7]
        ex = sum(any(_is_exfoliation(s) for s in d["am"] + d["pm"]) for d in window)
        clay = sum("clay_mask" in _kinds(d["pm"]) for d in window)
        assert ex <= cap and clay <= 1
    skips_clay = any("clay" in n.lower() and "no clay" in n.lower() for n in data["notes"])
    for w in range(len(days) // 7):
        week = days[7 * w : 7 * w + 7]
        clay = sum("clay_mask" in _kinds(d["pm"]) for d in week)
        assert clay == (0 if skips_clay else 1)
        retinoid = sum(any(map(_is_retinoid, d["pm"])) for d in week)
        if (
            profile.retinoid_experience == "tolerant"
            and not profile.pregnant_or_breastfeeding
            and w >= 3
        ):
            assert retinoid >= 3
        if w == 0 and profile.retinoid_experience == "none":
            assert retinoid <= 2
    notes = " ".join(data["notes"]).lower()
    if profile.acne_prone:
        assert "non-comedogenic" in notes
    if profile.sensitive:
        assert "patch-test" in notes
    if profile.pregnant_or_breastfeeding:
        assert "no retinoid while pregnant" in notes
        assert any(s["rule"].startswith("gate.pregnancy") for d in days for s in d["pm"])
    referrals = [r for r in data["referrals"] if "microneedling" in r["reason"].lower()]
    if profile.microneedling_interest:
        assert referrals and referrals[0]["kind"] == "dermatologist"
        assert "infection" in referrals[0]["reason"] and "deep" in referrals[0]["reason"]
        assert referrals[0]["source"]
    else:
        assert not referrals


@pytest.mark.parametrize(
    "profile", PROFILES, ids=lambda p: "-".join(str(v) for v in p.to_dict().values())[:80]
)
def test_every_enumerated_profile_keeps_every_rule(profile: Profile) -> None:
    plan = build_plan(profile, start=START, weeks=5)
    assert check_plan(plan, profile) == []
    assert_issue_rules(plan.to_dict(), profile)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile=st.sampled_from(PROFILES),
    age=st.integers(12, 110),
    makeup=st.integers(0, 7),
    weeks=st.integers(1, 12),
    start=st.dates(date(2000, 1, 1), date(2100, 12, 31)),
)
def test_numeric_fields_weeks_and_start(
    profile: Profile, age: int, makeup: int, weeks: int, start: date
) -> None:
    profile = replace(profile, age=age, makeup_days_per_week=makeup)
    plan = build_plan(profile, start=start, weeks=weeks)
    assert len(plan.days) == 7 * weeks
    assert [d.date for d in plan.days] == [start + timedelta(i) for i in range(7 * weeks)]
    assert check_plan(plan, profile) == []
    assert_issue_rules(plan.to_dict(), profile)


def test_json_shape_matches_the_issue() -> None:
    data = build_plan(sample_profile(), start=START).to_dict()
    assert set(data) >= {"profile", "start", "weeks", "days", "referrals", "notes"}
    assert data["days"][0]["date"] == "2025-12-08" and len(data["days"]) == 28
    step = data["days"][0]["am"][0]
    assert set(step) >= {"step", "why", "source", "rule", "product"} and step["product"] is None
    assert all(isinstance(n, str) for n in data["notes"])
    for r in data["referrals"]:
        assert set(r) >= {"kind", "reason", "source"}


def test_plan_round_trips_through_its_dict() -> None:
    from porecare.plan import Plan

    plan = build_plan(sample_profile(), start=START, weeks=2)
    again = Plan.from_dict(plan.to_dict())
    assert again.to_dict() == plan.to_dict()


def test_retinoid_ramp_follows_experience() -> None:
    def nights(exp: str, sensitive: bool = False) -> list[int]:
        p = replace(sample_profile(), retinoid_experience=exp, sensitive=sensitive)
        plan = build_plan(p, start=START, weeks=5)
        return [
            sum(any(s.step == "retinoid" for s in d.pm) for d in plan.days[w * 7 : w * 7 + 7])
            for w in range(5)
        ]

    assert nights("none") == [2, 2, 3, 3, 3]
    assert nights("tolerant")[3] >= 3
    assert nights("none", sensitive=True)[0] < nights("none")[0]  # gentler for sensitive skin
    assert all(a <= b for a, b in zip(nights("none"), nights("some"), strict=True))


def test_pregnancy_gets_the_safe_alternative_with_its_reason() -> None:
    p = replace(sample_profile(), pregnant_or_breastfeeding=True, retinoid_experience="tolerant")
    plan = build_plan(p, start=START)
    alt = [s for d in plan.days for s in d.pm if s.rule == "gate.pregnancy_no_retinoid"]
    assert alt and all(s.step == "serum" for s in alt)
    assert "Chien" in alt[0].source and "pregnan" in alt[0].why.lower()
    assert not any(s.step == "retinoid" for d in plan.days for s in d.pm)


def test_dry_sensitive_skin_skips_the_clay_mask_and_says_why() -> None:
    p = replace(sample_profile(), skin_type="dry", sensitive=True)
    plan = build_plan(p, start=START)
    assert not any(s.step == "clay_mask" for d in plan.days for s in d.pm)
    assert any("No clay mask" in n.text and "absorbent" in n.text for n in plan.notes)


def test_sensitive_exfoliates_less_and_gets_patch_test_advice() -> None:
    p = replace(sample_profile(), sensitive=True)
    plan = build_plan(p, start=START)
    weekly = sum(any(s.step == "exfoliant" for s in d.pm) for d in plan.days[:7])
    assert weekly == 1
    assert any("patch-test" in n.text and "7-10 days" in n.text for n in plan.notes)


def _toner(exfoliating: bool = True) -> ProductAttachment:
    return ProductAttachment(
        name="Glycolic Tonic",
        product_id=3,
        source="shelf",
        role="toner",
        exfoliating=exfoliating,
        contains_retinoid=False,
        fits="7% glycolic acid toner",
    )


@pytest.mark.parametrize("profile", [p for p in PROFILES if not p.microneedling_interest][::7])
def test_exfoliating_toner_keeps_caps_and_retinoid_separation(profile: Profile) -> None:
    plan = build_plan(profile, start=START, weeks=4, products={"toner": _toner()})
    assert check_plan(plan, profile) == []
    data = plan.to_dict()
    assert_issue_rules(data, profile)
    exfoliating = [s for d in data["days"] for s in d["am"] + d["pm"] if s.get("exfoliating")]
    assert exfoliating and all(
        s["step"] == "toner" and s["product"]["name"] == "Glycolic Tonic" for s in exfoliating
    )
    assert any("Glycolic Tonic" in n and "exfoliates" in n for n in data["notes"])
    assert any("No product attached yet for" in n and "toner" in n for n in data["notes"])


def test_attached_products_appear_on_every_step_of_their_kind() -> None:
    serum = ProductAttachment(
        "HA Serum", "cat-1", "catalog", "serum", False, False, "hyaluronic acid + niacinamide"
    )
    plan = build_plan(sample_profile(), start=START, products={"serum": serum})
    serums = [s for d in plan.days for s in (*d.am, *d.pm) if s.step == "serum"]
    assert serums and all(s.product == serum.to_dict() for s in serums)
    missing = [n.text for n in plan.notes if n.rule == "product.missing"]
    assert (
        len(missing) == 1
        and "serum" not in missing[0].split(":", 1)[1]
        and "sunscreen" in missing[0]
    )
    assert check_plan(plan) == []


def test_a_retinoid_hidden_in_a_moisturizer_is_not_attached() -> None:
    cream = ProductAttachment("Night Cream", 9, "shelf", "moisturizer", False, True, "rich cream")
    plan = build_plan(sample_profile(), start=START, products={"moisturizer": cream})
    assert not any(s.product for d in plan.days for s in (*d.am, *d.pm))
    assert any("Night Cream" in n.text and "retinoid" in n.text for n in plan.notes)
    assert check_plan(plan) == []


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"weeks": 0}, "1..52"),
        ({"weeks": 500}, "1..52"),
        ({"weeks": True}, "weeks"),
        ({"start": "2025-12-08"}, "start must be a date"),
        ({"products": {"lotion": _toner()}}, "unknown step kind 'lotion'"),
    ],
)
def test_bad_arguments_raise_usage_errors(kwargs: dict[str, Any], needle: str) -> None:
    args: dict[str, Any] = {"start": START, **kwargs}
    with pytest.raises(UsageError, match=needle):
        build_plan(sample_profile(), **args)


KINDS = [
    "oil_cleanser",
    "micellar_water",
    "water_cleanser",
    "toner",
    "exfoliant",
    "serum",
    "retinoid",
    "spot_treatment",
    "clay_mask",
    "moisturizer",
    "sunscreen",
]


@st.composite
def attachments(draw: st.DrawFn) -> dict[str, ProductAttachment]:
    kinds = draw(st.lists(st.sampled_from(KINDS), unique=True, max_size=len(KINDS)))
    return {
        kind: ProductAttachment(
            name=f"Product {i}",
            product_id=i,
            source=draw(st.sampled_from(["shelf", "catalog"])),
            role=kind,
            exfoliating=draw(st.booleans()),
            contains_retinoid=draw(st.booleans()),
            fits="drawn by hypothesis",
        )
        for i, kind in enumerate(kinds)
    }


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=st.sampled_from(PROFILES), products=attachments(), weeks=st.integers(1, 6))
def test_any_attached_products_keep_every_rule(
    profile: Profile, products: dict[str, ProductAttachment], weeks: int
) -> None:
    plan = build_plan(profile, start=START, weeks=weeks, products=products)
    assert check_plan(plan, profile) == []
    data = plan.to_dict()
    assert_issue_rules(data, profile)
    steps = [s for d in data["days"] for s in d["am"] + d["pm"]]
    for s in steps:
        if s["product"] is not None:
            assert s["product"] == products[s["step"]].to_dict()
    if any(s["product"] is None for s in steps):
        assert any(n.startswith("No product attached yet for") for n in data["notes"])


def test_a_retinoid_product_for_a_pregnant_profile_stays_unused_and_says_why() -> None:
    p = replace(sample_profile(), pregnant_or_breastfeeding=True)
    retinol = ProductAttachment(
        "Retinol 0.3%", 4, "shelf", "retinoid", False, True, "retinol serum"
    )
    plan = build_plan(p, start=START, products={"retinoid": retinol})
    assert not any(s.product for d in plan.days for s in (*d.am, *d.pm))
    assert any(n.rule == "product.gated" and "Retinol 0.3%" in n.text for n in plan.notes)
    assert check_plan(plan, p) == []
