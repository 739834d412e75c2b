"""The rules file: every rule sourced, quotes verbatim, malformed files rejected, data drives the plan."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from porecare.errors import KnowledgeError
from porecare.knowledge._rules import RULE_TYPES, parse_rules
from porecare.plan import build_plan, check_plan, load_rules
from porecare.profile import sample_profile

START = date(2025, 12, 8)
RULES_TEXT = resources.files("porecare.knowledge").joinpath("data", "rules.toml").read_text("utf-8")


def _normal(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def method_quote_found(quote: str, method: str) -> bool:
    """A quote with [filled words] matches the method with those words missing."""
    bare = re.sub(r"\[[^\]]*\]", "", quote)
    return _normal(bare) in _normal(method)


def test_packaged_rules_load_and_every_rule_is_explained() -> None:
    book = load_rules()
    assert len(book) >= 40
    ids = [r.id for r in book]
    assert len(ids) == len(set(ids))
    for rule in book:
        assert rule.why and rule.source and rule.cites in ("method", "reference")
        assert rule.type in RULE_TYPES


def test_method_quotes_are_verbatim(shared_dir: Path) -> None:
    method = (shared_dir / "source" / "pore-care-method.txt").read_text(encoding="utf-8")
    for rule in load_rules():
        if rule.cites == "method":
            assert method_quote_found(rule.source, method), rule.id


def test_gaps_are_filled_and_said(shared_dir: Path) -> None:
    method = _normal((shared_dir / "source" / "pore-care-method.txt").read_text(encoding="utf-8"))
    filled = {m for r in load_rules() for m in re.findall(r"\[([^\]]*)\]", r.source)}
    assert filled >= {
        "sun damage",
        "exfoliating acids",
        "moisturizer",
        "cleansing oil or micellar water",
        "dirt",
    }
    for rule in load_rules():
        if "[" in rule.source:
            assert rule.gap and "missing" in rule.gap
    assert "However, , acne" in method  # the gap the sun-damage rules fill is really there


def test_references_beyond_the_method_are_cited() -> None:
    for rule in load_rules():
        if rule.cites == "reference":
            assert "Beyond the method" in rule.source and re.search(
                r"\(.*(AAD|J |et al|docs/).*\)", rule.source
            ), rule.id


def test_pregnancy_rule_cites_a_real_reference() -> None:
    gate = load_rules().by_id("gate.pregnancy_no_retinoid")
    assert "J Am Board Fam Med 2016;29(2):254-262" in gate.source and "ACOG" in gate.source


def _edit(old: str, new: str, count: int = 1) -> str:
    assert RULES_TEXT.count(old) >= count, old
    return RULES_TEXT.replace(old, new, count)


@pytest.mark.parametrize(
    ("text", "rule_id", "reason"),
    [
        (RULES_TEXT + "\n[[rule]\n", None, "TOML syntax error"),
        (
            _edit('why = "Toner exactly once a day, before serums."\n', ""),
            "toner.once_daily",
            "missing field 'why'",
        ),
        (
            _edit('type = "daily"\nstep = "toner"', 'type = "weekly"\nstep = "toner"'),
            "toner.once_daily",
            "unknown type 'weekly'",
        ),
        (
            _edit(
                'routines = ["am"]\nmin_per_day = 1\nmax_per_day = 1',
                'routines = ["noon"]\nmin_per_day = 1\nmax_per_day = 1',
            ),
            "toner.once_daily",
            "routines",
        ),
        (_edit("max = 3\n", 'max = "three"\n'), "exfoliation.cap", "whole number"),
        (
            _edit(
                'when = { acne_prone = true }\nwhy = "Acne-prone skin starts',
                'when = { oiliness = 3 }\nwhy = "Acne-prone skin starts',
            ),
            "cleanse.first_acne_prone",
            "unknown profile field 'oiliness'",
        ),
        (
            _edit('id = "serum.daily"', 'id = "toner.once_daily"'),
            "toner.once_daily",
            "duplicate id",
        ),
        (
            _edit('then = "moisturizer"', 'then = "lotion"'),
            "clay.then_moisturizer",
            "unknown step kind 'lotion'",
        ),
        (_edit('    ["spot_treatment"],\n', ""), "order.sequence", "every step kind"),
        (
            _edit(
                '945-973)."\ncites = "reference"\n\n[[rule]]\nid = "step.moisturizer"',
                '945-973)."\ncites = "blog"\n\n[[rule]]\nid = "step.moisturizer"',
            ),
            "step.spot_treatment",
            "cites",
        ),
        (
            _edit(
                '(Zaenglein AL et al., Guidelines of care for the management of acne vulgaris, J Am Acad Dermatol 2016;74(5):945-973)."\ncites = "reference"\n\n[[rule]]\nid = "step.moisturizer"',
                'Zaenglein."\ncites = "reference"\n\n[[rule]]\nid = "step.moisturizer"',
            ),
            "step.spot_treatment",
            "reference",
        ),
        (
            _edit("gap = \"The word 'dirt' was a link and is missing from the text.\"\n", ""),
            "step.clay_mask",
            "gap",
        ),
        (
            _edit("when = { pregnant_or_breastfeeding = true }\nremoves", "removes"),
            "gate.pregnancy_no_retinoid",
            "needs a 'when'",
        ),
        (
            _edit(
                'note = "No product attached yet for: {steps}.',
                'note = "No product attached yet for: {stepz}.',
            ),
            "product.missing",
            "placeholder",
        ),
        (
            _edit("per_week = 2\nwhy", "per_week = 2\nwhen = { sensitive = false }\nwhy"),
            "exfoliation.frequency_default",
            "fallback",
        ),
        (
            _edit('label = "Toner"', 'label = "Toner"\ncolour = "blue"'),
            "step.toner",
            "unknown field 'colour'",
        ),
        (
            _edit('step = "exfoliant"\nactivity = "exfoliation"\n', 'step = "exfoliant"\n'),
            "exfoliation.frequency_sensitive",
            "needs exactly one step kind",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 60 else "",
)
def test_malformed_rules_fail_with_file_rule_and_reason(
    tmp_path: Path, text: str, rule_id: str | None, reason: str
) -> None:
    path = tmp_path / "my-rules.toml"
    path.write_text(text, encoding="utf-8")
    load_rules.cache_clear()
    with pytest.raises(KnowledgeError) as info:
        load_rules(path)
    message = str(info.value)
    assert str(path) in message and reason in message and "\n" not in message
    if rule_id:
        assert repr(rule_id) in message


def test_unreadable_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "bin.toml"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(KnowledgeError, match=r"bin\.toml"):
        load_rules(path)


# --- the planner reads the rules from the data ---------------------------------------------------


def _nights(plan_days: tuple, kind: str, week: int = 0) -> int:  # type: ignore[type-arg]
    return sum(any(s.step == kind for s in d.pm) for d in plan_days[7 * week : 7 * week + 7])


def test_ramp_comes_from_the_data() -> None:
    book = parse_rules(_edit("nights = [2, 2, 3, 3]", "nights = [1, 4]"))
    plan = build_plan(sample_profile(), start=START, rules=book)
    assert [_nights(plan.days, "retinoid", w) for w in range(3)] == [1, 4, 4]
    assert check_plan(plan, rules=book) == []


def test_order_comes_from_the_data() -> None:
    book = parse_rules(
        _edit(
            '    ["toner"],\n    ["exfoliant"],\n    ["serum"],',
            '    ["serum"],\n    ["toner"],\n    ["exfoliant"],',
        )
    )
    plan = build_plan(sample_profile(), start=START, rules=book)
    kinds = [s.step for s in plan.days[0].am]
    assert kinds.index("serum") < kinds.index("toner")
    assert any(v.rule == "order.sequence" for v in check_plan(plan))  # the packaged order disagrees


def test_frequencies_and_caps_come_from_the_data() -> None:
    text = _edit('per_week = 2\nwhy = "Twice a week', 'per_week = 3\nwhy = "Three times a week')
    plan = build_plan(sample_profile(), start=START, rules=parse_rules(text))
    assert _nights(plan.days, "exfoliant") == 3
    capped = parse_rules(text.replace("max = 3\nwindow_days = 7", "max = 1\nwindow_days = 7"))
    assert _nights(build_plan(sample_profile(), start=START, rules=capped).days, "exfoliant") == 1


def test_exclusions_come_from_the_data() -> None:
    profile = replace(sample_profile(), retinoid_experience="tolerant")
    plan = build_plan(profile, start=START, weeks=4)
    assert not any({"retinoid", "exfoliant"} <= {s.step for s in d.pm} for d in plan.days)
    book = parse_rules(
        _edit(
            'activities = ["retinoid", "exfoliation"]',
            'activities = ["retinoid", "spot_treatment"]',
        )
    )
    plan = build_plan(profile, start=START, weeks=4, rules=book)
    assert any({"retinoid", "exfoliant"} <= {s.step for s in d.pm} for d in plan.days)


def test_gates_and_notes_come_from_the_data() -> None:
    profile = replace(sample_profile(), skin_type="dry", sensitive=True)
    assert _nights(build_plan(profile, start=START).days, "clay_mask") == 0
    book = parse_rules(
        _edit(
            'when = { skin_type = "dry", sensitive = true }',
            'when = { skin_type = "normal", sensitive = true }',
        )
    )
    assert _nights(build_plan(profile, start=START, rules=book).days, "clay_mask") == 1
