"""check_plan catches hand-written plans that break each rule, one case (or more) per rule."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from porecare.plan import Plan, build_plan, check_plan, load_rules
from porecare.profile import Profile, sample_profile

START = date(2025, 12, 8)
BASE = replace(sample_profile(), acne_prone=False)  # oil cleanser, no spot treatment
PlanDict = dict[str, Any]


def step(kind: str, **extra: Any) -> dict[str, Any]:
    return {
        "step": kind,
        "why": "hand-written",
        "source": "test",
        "rule": "test",
        "product": None,
        **extra,
    }


def night(d: PlanDict, kind: str, nth: int = 0) -> dict[str, Any]:
    """The nth day whose evening has ``kind``."""
    return [day for day in d["days"] if any(s["step"] == kind for s in day["pm"])][nth]


def plain_night(d: PlanDict, nth: int = 0) -> dict[str, Any]:
    busy = {"retinoid", "exfoliant", "clay_mask"}
    return [day for day in d["days"] if not busy & {s["step"] for s in day["pm"]}][nth]


def insert_before(routine: list[dict[str, Any]], new: dict[str, Any], before: str) -> None:
    kinds = [s["step"] for s in routine]
    routine.insert(kinds.index(before), new)


def remove(routine: list[dict[str, Any]], kind: str) -> None:
    routine[:] = [s for s in routine if s["step"] != kind]


def add_evening(
    kind: str, where: Callable[[PlanDict], dict[str, Any]]
) -> Callable[[PlanDict], None]:
    def mutate(d: PlanDict) -> None:
        insert_before(where(d)["pm"], step(kind), "moisturizer")

    return mutate


def add_am(kind: str) -> Callable[[PlanDict], None]:
    def mutate(d: PlanDict) -> None:
        insert_before(d["days"][0]["am"], step(kind), "moisturizer")

    return mutate


def drop_everywhere(
    kind: str, routine: str = "pm", days: slice = slice(None)
) -> Callable[[PlanDict], None]:
    def mutate(d: PlanDict) -> None:
        for day in d["days"][days]:
            remove(day[routine], kind)

    return mutate


def no_notes(d: PlanDict) -> None:
    d["notes"], d["notes_detail"] = [], []


def no_referrals(d: PlanDict) -> None:
    d["referrals"] = []


def swap_toner_serum(d: PlanDict) -> None:
    am = d["days"][0]["am"]
    kinds = [s["step"] for s in am]
    i, j = kinds.index("toner"), kinds.index("serum")
    am[i], am[j] = am[j], am[i]


def extra_exfoliations(n: int) -> Callable[[PlanDict], None]:
    def mutate(d: PlanDict) -> None:
        free = [
            day for day in d["days"][:7] if not any(s["step"] == "exfoliant" for s in day["pm"])
        ]
        for day in free[:n]:
            insert_before(day["pm"], step("exfoliant"), "moisturizer")

    return mutate


def extra_retinoids(n: int) -> Callable[[PlanDict], None]:
    def mutate(d: PlanDict) -> None:
        free = [day for day in d["days"][:7] if not any(s["step"] == "retinoid" for s in day["pm"])]
        for day in free[:n]:
            insert_before(day["pm"], step("retinoid"), "moisturizer")

    return mutate


def clay_in_consecutive_weeks(d: PlanDict) -> None:
    """Week 1's clay on its last night and week 2's on its first: each week has one, but two fall
    within 7 consecutive days."""
    days = d["days"]
    for day in days[:14]:
        remove(day["pm"], "clay_mask")
    for index in (6, 7):
        for kind in ("retinoid", "exfoliant"):
            remove(days[index]["pm"], kind)
        insert_before(days[index]["pm"], step("clay_mask"), "moisturizer")


def attach_one_product(d: PlanDict) -> None:
    d["days"][0]["am"][0]["product"] = {
        "name": "Foam",
        "exfoliating": False,
        "contains_retinoid": False,
    }


def retinoid_in_moisturizer(d: PlanDict) -> None:
    for s in d["days"][0]["pm"]:
        if s["step"] == "moisturizer":
            s["product"] = {"name": "Night Cream", "contains_retinoid": True, "exfoliating": False}


def drop_pm_moisturizer_on_clay_night(d: PlanDict) -> None:
    remove(night(d, "clay_mask")["pm"], "moisturizer")


def duplicate_toner(d: PlanDict) -> None:
    am = d["days"][0]["am"]
    insert_before(am, step("toner"), "serum")


def _p(**changes: Any) -> Profile:
    return replace(BASE, **changes)


ACNE = _p(acne_prone=True)
SENSITIVE = _p(sensitive=True)
TOLERANT = _p(retinoid_experience="tolerant")
PREGNANT = _p(pregnant_or_breastfeeding=True)

# (rule id, profile, how to break the plan)
CASES: list[tuple[str, Profile, Callable[[PlanDict], None]]] = [
    ("plan.known_steps", BASE, add_am("face_oil")),
    ("plan.explained", BASE, lambda d: d["days"][0]["am"][0].update(why="  ")),
    ("plan.explained", BASE, lambda d: d["days"][3]["pm"][1].update(source="")),
    ("step.oil_cleanser", BASE, lambda d: d["days"][0]["am"].insert(0, step("oil_cleanser"))),
    ("step.micellar_water", ACNE, lambda d: d["days"][0]["am"].insert(0, step("micellar_water"))),
    ("step.clay_mask", BASE, lambda d: d["days"][0]["am"].insert(1, step("clay_mask"))),
    ("step.exfoliant", BASE, add_am("exfoliant")),
    ("step.retinoid", BASE, add_am("retinoid")),
    ("step.spot_treatment", ACNE, add_am("spot_treatment")),
    ("step.sunscreen", BASE, lambda d: d["days"][0]["pm"].append(step("sunscreen"))),
    ("order.sequence", BASE, swap_toner_serum),
    ("order.sequence", BASE, lambda d: d["days"][0]["am"].append(step("moisturizer"))),
    ("cleanse.double_evening", BASE, drop_everywhere("oil_cleanser", days=slice(0, 1))),
    (
        "cleanse.double_evening",
        _p(makeup_days_per_week=0),
        drop_everywhere("water_cleanser", days=slice(2, 3)),
    ),
    ("cleanse.morning", BASE, drop_everywhere("water_cleanser", "am", slice(0, 1))),
    ("toner.once_daily", BASE, drop_everywhere("toner", "am", slice(0, 1))),
    ("toner.once_daily", BASE, duplicate_toner),
    ("serum.daily", BASE, drop_everywhere("serum", "am", slice(5, 6))),
    ("moisturizer.daily", BASE, drop_everywhere("moisturizer", "pm", slice(1, 2))),
    ("sunscreen.every_morning", BASE, drop_everywhere("sunscreen", "am", slice(9, 10))),
    ("exfoliation.frequency_default", BASE, drop_everywhere("exfoliant", days=slice(0, 7))),
    ("exfoliation.frequency_sensitive", SENSITIVE, extra_exfoliations(1)),
    (
        "exfoliation.frequency_dry",
        _p(skin_type="dry"),
        drop_everywhere("exfoliant", days=slice(7, 14)),
    ),
    ("exfoliation.cap_sensitive", SENSITIVE, extra_exfoliations(2)),
    ("exfoliation.cap", BASE, extra_exfoliations(2)),
    ("clay.weekly", BASE, drop_everywhere("clay_mask", days=slice(0, 7))),
    ("clay.cap", BASE, add_evening("clay_mask", plain_night)),
    ("clay.cap", BASE, clay_in_consecutive_weeks),
    ("clay.then_moisturizer", BASE, drop_pm_moisturizer_on_clay_night),
    ("retinoid.ramp_none", BASE, extra_retinoids(1)),
    ("retinoid.ramp_some", _p(retinoid_experience="some"), extra_retinoids(2)),
    ("retinoid.ramp_tolerant", TOLERANT, extra_retinoids(2)),
    ("retinoid.ramp_sensitive_none", _p(sensitive=True), extra_retinoids(1)),
    (
        "retinoid.ramp_sensitive_some",
        _p(sensitive=True, retinoid_experience="some"),
        extra_retinoids(1),
    ),
    (
        "retinoid.ramp_sensitive_tolerant",
        _p(sensitive=True, retinoid_experience="tolerant"),
        extra_retinoids(1),
    ),
    ("retinoid.tolerant_floor", TOLERANT, drop_everywhere("retinoid", days=slice(21, 28))),
    (
        "exclusion.retinoid_exfoliation",
        BASE,
        add_evening("exfoliant", lambda d: night(d, "retinoid")),
    ),
    ("exclusion.clay_retinoid", BASE, add_evening("retinoid", lambda d: night(d, "clay_mask"))),
    ("exclusion.clay_exfoliation", BASE, add_evening("exfoliant", lambda d: night(d, "clay_mask"))),
    (
        "exclusion.spot_retinoid",
        ACNE,
        add_evening("spot_treatment", lambda d: night(d, "retinoid")),
    ),
    (
        "exclusion.spot_exfoliation",
        ACNE,
        add_evening("spot_treatment", lambda d: night(d, "exfoliant")),
    ),
    ("spot.acne_prone", BASE, add_evening("spot_treatment", plain_night)),
    ("gate.pregnancy_no_retinoid", PREGNANT, add_evening("retinoid", plain_night)),
    ("gate.pregnancy_no_retinoid", PREGNANT, no_notes),
    ("gate.pregnancy_no_retinoid", PREGNANT, drop_everywhere("serum", "pm")),
    (
        "gate.clay_dry_sensitive",
        _p(skin_type="dry", sensitive=True),
        add_evening("clay_mask", plain_night),
    ),
    (
        "gate.no_home_microneedling",
        _p(microneedling_interest=True),
        add_evening("microneedling", plain_night),
    ),
    ("referral.microneedling", _p(microneedling_interest=True), no_referrals),
    ("referral.persistent_irritation", BASE, no_referrals),
    ("referral.mature_skin_change", _p(age=55), no_referrals),
    ("referral.young_acne", _p(age=15, acne_prone=True), no_referrals),
    ("note.acne_non_comedogenic", ACNE, no_notes),
    ("note.sensitive_patch_test", SENSITIVE, no_notes),
    ("note.no_promise", BASE, no_notes),
    ("sunscreen.not_yet_worn", _p(wears_sunscreen=False), no_notes),
    ("product.missing", BASE, attach_one_product),
    ("product.misplaced_active", BASE, retinoid_in_moisturizer),
]


def _broken(profile: Profile, mutate: Callable[[PlanDict], None]) -> Plan:
    data = copy.deepcopy(build_plan(profile, start=START, weeks=4).to_dict())
    mutate(data)
    return Plan.from_dict(data)


@pytest.mark.parametrize(
    ("rule_id", "profile", "mutate"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_checker_catches_each_broken_rule(
    rule_id: str, profile: Profile, mutate: Callable[[PlanDict], None]
) -> None:
    plan = _broken(profile, mutate)
    found = {v.rule for v in check_plan(plan, profile)}
    assert rule_id in found, f"{rule_id} not caught; found {sorted(found)}"


@pytest.mark.parametrize("profile", sorted({c[1] for c in CASES}, key=repr))
def test_unbroken_plans_of_the_case_profiles_pass(profile: Profile) -> None:
    assert check_plan(build_plan(profile, start=START), profile) == []


def test_every_checkable_rule_has_a_breaking_case() -> None:
    book = load_rules()
    not_breakable = {
        r.id
        for r in book
        # a step allowed in both routines cannot be in the wrong one; choices pick, they don't forbid;
        # the exfoliating-toner and gated-product rules are enforced through the caps, exclusions
        # and gates they serve; the unused-product rule only explains a product never attached.
        if (r.type == "step" and set(r["routines"]) == {"am", "pm"})
        or r.type == "choice"
        or (r.type == "product" and r["case"] in ("exfoliating_toner", "gated", "unused"))
    }
    covered = {c[0] for c in CASES}
    assert {r.id for r in book} - not_breakable - covered == set()


def test_violations_name_rule_date_and_routine() -> None:
    plan = _broken(BASE, add_am("retinoid"))
    (v,) = [v for v in check_plan(plan, BASE) if v.rule == "step.retinoid"]
    assert v.date == START and v.routine == "am" and "pm" in v.message
    assert v.to_dict() == {
        "rule": "step.retinoid",
        "date": "2025-12-08",
        "routine": "am",
        "message": v.message,
    }


def test_checker_uses_the_given_profile_not_the_plans() -> None:
    plan = build_plan(BASE, start=START)
    assert {v.rule for v in check_plan(plan, PREGNANT)} >= {"gate.pregnancy_no_retinoid"}
