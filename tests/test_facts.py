"""`facts()`: what the method says about pores, each quoted verbatim with its source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from porecare.errors import KnowledgeError
from porecare.knowledge._facts import parse_facts
from porecare.plan import facts


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def test_facts_cover_what_the_issue_asks() -> None:
    items = facts()
    text = " ".join(f.text.lower() for f in items)
    assert "don't open or close" in text  # they don't open or close
    assert "sun damage" in text and "genes" in text and "age" in text  # causes
    assert "no product can make pores disappear" in text  # nothing makes them disappear
    assert all(f.source and f.text for f in items)


def test_fact_quotes_are_verbatim(shared_dir: Path) -> None:
    method = _normal((shared_dir / "source" / "pore-care-method.txt").read_text(encoding="utf-8"))
    for fact in facts():
        assert _normal(re.sub(r"\[[^\]]*\]", "", fact.source)) in method, fact.id


def test_facts_never_promise_pores_vanish() -> None:
    for fact in facts():
        lowered = fact.text.lower()
        assert not re.search(r"\b(shrink|eliminate|close)s? (your )?pores\b", lowered), fact.text


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[[fact]]\nid = 'a'\n", "fact 'a': field 'topic'"),
        ("[[fact]\n", "TOML syntax error"),
        ("title = 'x'\n", "no [[fact]]"),
        ("[[fact]]\nid='a'\ntopic='t'\ntext='t'\nsource='[x] y'\ncites='method'\n", "needs 'gap'"),
        (
            "[[fact]]\nid='a'\ntopic='t'\ntext='t'\nsource='s'\ncites='method'\nmood='x'\n",
            "unknown field 'mood'",
        ),
    ],
)
def test_malformed_facts_name_the_fact_and_reason(text: str, needle: str) -> None:
    with pytest.raises(KnowledgeError, match=re.escape(needle)):
        parse_facts(text, where="facts.toml")
