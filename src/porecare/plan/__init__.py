"""porecare.plan: turn a skin profile into a dated AM/PM routine that keeps the method's rules.

>>> from datetime import date
>>> from porecare.plan import build_plan, check_plan
>>> from porecare.profile import sample_profile
>>> plan = build_plan(sample_profile(), start=date(2026, 12, 7))
>>> check_plan(plan, plan.profile)
[]

The rules and facts are data (``porecare/knowledge/data/rules.toml`` and ``facts.toml``); their
loaders live in ``porecare.knowledge`` and are re-exported here as :func:`load_rules` and
:func:`facts`, so one import gives the whole regimen API.
"""

from __future__ import annotations

from porecare.knowledge._facts import Fact, facts
from porecare.knowledge._rules import Rule, RuleBook, load_rules
from porecare.plan._build import MAX_WEEKS, build_plan
from porecare.plan._check import check_plan
from porecare.plan._model import Day, Note, Plan, ProductAttachment, Referral, Step, Violation

__all__ = [
    "MAX_WEEKS",
    "Day",
    "Fact",
    "Note",
    "Plan",
    "ProductAttachment",
    "Referral",
    "Rule",
    "RuleBook",
    "Step",
    "Violation",
    "build_plan",
    "check_plan",
    "facts",
    "load_rules",
]
