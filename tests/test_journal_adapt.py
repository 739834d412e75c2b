"""The plan adapts: rules from ``adapt.toml`` evaluated over real journal data."""

from __future__ import annotations

import itertools
import random
import tomllib
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest

from porecare.errors import KnowledgeError
from porecare.journal import Journal, load_adapt_rules
from porecare.journal._adapt import step_matches
from porecare.journal._rules import parse_adapt_rules
from porecare.profile import sample_profile

START = date(2025, 12, 8)
DAY = timedelta(days=1)
PAUSABLE = ("retinoid", "exfoliating")


@pytest.fixture
def journal(data_dir: Path) -> Journal:
    j = Journal(data_dir)
    j.setup(sample_profile(), start=START, weeks=12)
    yield j
    j.close()


def _pausable(steps) -> list[str]:
    return [s.kind for s in steps if any(step_matches(s.step, sel) for sel in PAUSABLE)]


def _rules(view, rule: str = "irritation-pause") -> list[str]:
    return [a.message for a in view.adaptations if a.rule == rule]


def _planned_pausable(journal: Journal, day: date) -> list[str]:
    plan_day = next(d for d in journal.plan()["days"] if d["date"] == day.isoformat())
    return [s["step"] for s in plan_day["pm"] if any(step_matches(s, x) for x in PAUSABLE)]


def test_every_rule_has_an_id_a_reason_and_a_source() -> None:
    rules = load_adapt_rules()
    assert {r.id for r in rules} >= {
        "irritation-pause",
        "breakouts-after-new-product",
        "no-change-see-dermatologist",
        "clay-mask-moves",
    }
    for rule in rules:
        assert rule.why.strip() and rule.source.strip()
        assert "Method:" in rule.source or "et al" in rule.source or "J " in rule.source


def test_a_malformed_rule_is_refused_with_file_and_rule_id() -> None:
    text = resources.files("porecare.knowledge").joinpath("data/adapt.toml").read_text()
    data = tomllib.loads(text)
    data["rule"][0]["condition"] = "moon_phase"
    with pytest.raises(
        KnowledgeError, match=r"adapt.toml: rule irritation-pause: unknown condition"
    ):
        parse_adapt_rules(data)
    data = tomllib.loads(text)
    del data["rule"][1]["source"]
    with pytest.raises(
        KnowledgeError, match="breakouts-after-new-product: missing or empty 'source'"
    ):
        parse_adapt_rules(data)


# --- irritation -------------------------------------------------------------------------------


def test_one_irritated_day_changes_nothing(journal: Journal) -> None:
    journal.diary(START, irritation=4)
    journal.diary(START + DAY, irritation=1)
    day = next(d for d in (START + DAY * i for i in range(2, 6)) if _planned_pausable(journal, d))
    assert _pausable(journal.today(day).pm) == _planned_pausable(journal, day)
    assert _rules(journal.today(day)) == []


def test_two_irritated_days_running_pause_retinoid_and_exfoliation(journal: Journal) -> None:
    journal.diary(START, irritation=3)
    journal.diary(START + DAY, irritation=4)
    for offset in range(1, 5):
        day = START + DAY * offset
        view = journal.today(day)
        assert _pausable(view.pm) == []
        assert sorted(s.kind for s in view.paused) == sorted(_planned_pausable(journal, day))
        if view.paused:
            (adaptation,) = [a for a in view.adaptations if a.rule == "irritation-pause"]
            assert "2025-12-08, 2025-12-09" in adaptation.message
            assert adaptation.source.startswith("Method:")
    # The other steps stay: a pause is not a day off.
    assert "moisturizer" in [s.kind for s in journal.today(START + DAY).pm]


def test_paused_steps_resume_gradually_after_calm_days(journal: Journal) -> None:
    journal.diary(START, irritation=3)
    journal.diary(START + DAY, irritation=3)
    for offset in (2, 3, 4):  # three calm diary days: 12-09, 12-10, 12-11
        journal.diary(START + DAY * offset, irritation=1)
    resume = START + DAY * 5
    assert _pausable(journal.today(resume - DAY).pm) == []  # still paused on the last calm day
    kept, paused = [], []
    for offset in range(14):
        day = resume + DAY * offset
        if not _planned_pausable(journal, day):
            continue
        view = journal.today(day)
        (kept if _pausable(view.pm) else paused).append(offset)
        assert _rules(view)[0].startswith("Irritation has settled")
        if _pausable(view.pm):
            assert all(
                s.adapted_by == "irritation-pause" for s in view.pm if s.kind in _pausable(view.pm)
            )
    assert kept and paused and all(o % 3 == 0 for o in kept) and all(o % 3 for o in paused)
    after = resume + DAY * 14
    later = next(d for d in (after + DAY * i for i in range(7)) if _planned_pausable(journal, d))
    assert _pausable(journal.today(later).pm) == _planned_pausable(journal, later)
    assert _rules(journal.today(later)) == []


def test_renewed_irritation_while_resuming_pauses_again(journal: Journal) -> None:
    for offset, level in enumerate([3, 3, 0, 0, 0, 0, 4, 4]):
        journal.diary(START + DAY * offset, irritation=level)
    view = journal.today(START + DAY * 8)
    assert _pausable(view.pm) == [] and _rules(view)[0].startswith("Irritation was")


# --- breakouts after a new product ------------------------------------------------------------


def _add_product(journal: Journal, added: date) -> int:
    from porecare.ingredients import add_product

    record = add_product(
        journal.conn,
        "Rich Night Cream",
        "Aqua, Isopropyl Myristate, Cocos Nucifera Oil, Glycerin",
    )
    # The shelf stamps products with the time they were added; place it on the test's calendar.
    journal.conn.execute(
        "UPDATE products SET added_at = ? WHERE id = ?", (f"{added}T08:00:00+00:00", record.id)
    )
    return record.id


def test_breakouts_rising_after_a_product_name_it_and_its_flags(journal: Journal) -> None:
    added = START + DAY * 10
    _add_product(journal, added)
    for offset in range(10):
        journal.diary(START + DAY * offset, breakouts=offset % 2)  # mean 0.5 before
    for offset in range(10, 15):
        journal.diary(START + DAY * offset, breakouts=3)
    view = journal.today(START + DAY * 14)
    notice = next(a for a in view.adaptations if a.rule == "breakouts-after-new-product")
    assert "Rich Night Cream" in notice.message and "2025-12-18" in notice.message
    assert "ISOPROPYL MYRISTATE (comedogenic)" in notice.message
    assert notice.details["product"] == "Rich Night Cream"
    assert "undiluted" in notice.why  # the comedogenic caveat travels with it


def test_breakouts_steady_after_a_product_say_nothing(journal: Journal) -> None:
    added = START + DAY * 10
    _add_product(journal, added)
    for offset in range(15):
        journal.diary(START + DAY * offset, breakouts=2)
    view = journal.today(START + DAY * 14)
    assert not [a for a in view.adaptations if a.rule == "breakouts-after-new-product"]


# --- clay mask --------------------------------------------------------------------------------


def _clay_days(journal: Journal) -> list[date]:
    return [
        date.fromisoformat(d["date"])
        for d in journal.plan()["days"]
        if any(s["step"] == "clay_mask" for s in d["pm"])
    ]


def _has_clay(view) -> bool:
    return "clay_mask" in [s.kind for s in view.pm]


def _clashes_with_clay(journal: Journal, day: date) -> bool:
    return bool(_planned_pausable(journal, day))


def test_a_missed_clay_mask_moves_to_the_next_evening(journal: Journal) -> None:
    planned = _clay_days(journal)[0]
    # the next evening without a retinoid or an acid: clay never shares a night with them
    nxt = next(
        planned + DAY * k for k in range(1, 7) if not _clashes_with_clay(journal, planned + DAY * k)
    )
    assert not _has_clay(journal.today(planned + DAY))  # an acid evening: the mask waits
    view = journal.today(nxt)
    assert _has_clay(view) and _has_clay(journal.today(planned))
    moved = next(a for a in view.adaptations if a.rule == "clay-mask-moves")
    assert planned.isoformat() in moved.message
    assert [s.adapted_by for s in view.pm if s.kind == "clay_mask"] == ["clay-mask-moves"]
    # The moved step sits where it sat in its own evening: after the cleansers.
    kinds = [s.kind for s in view.pm]
    assert kinds.index("clay_mask") > kinds.index("water_cleanser")
    journal.log(nxt, done=["clay_mask"])
    # Next week's planned evening is within 7 days of the moved one: it moves too.
    second = _clay_days(journal)[1]
    assert not _has_clay(journal.today(second))
    capped = next(a for a in journal.today(second).adaptations if a.rule == "clay-mask-moves")
    assert (nxt + DAY * 7).isoformat() in capped.message
    # ...to the first evening 7 days on that has no retinoid or acid
    again = next(
        nxt + DAY * k for k in range(7, 14) if not _clashes_with_clay(journal, nxt + DAY * k)
    )
    assert _has_clay(journal.today(again))
    assert all(not _has_clay(journal.today(d)) for d in _dates_between(nxt + DAY, again))


def _dates_between(first: date, last: date) -> list[date]:
    return [first + DAY * k for k in range((last - first).days)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clay_masks_never_come_closer_than_seven_days(journal: Journal, seed: int) -> None:
    rng = random.Random(seed)
    done: list[date] = []
    day, end = START, START + DAY * 83
    while day <= end:
        engine = journal.engine()
        view = journal.today(day, engine=engine)
        if _has_clay(view) and rng.random() < 0.4:
            journal.log(day, done=["clay_mask"])
            done.append(day)
        day += DAY
    assert len(done) >= 4
    assert all((b - a).days >= 7 for a, b in itertools.pairwise(done))


# --- eight weeks without measurable change -----------------------------------------------------


def _log_everything(journal: Journal, days: int, every: int = 1) -> None:
    for offset in range(days):
        day = START + DAY * offset
        view = journal.today(day)
        for routine in ("am", "pm"):
            kinds = [s.kind for s in view.steps(routine)]
            if offset % every == 0 and kinds:
                journal.log(day, done=kinds, routine=routine)


@pytest.fixture(scope="module")
def close_up(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from PIL import Image, ImageFilter

    source = Image.open(shared_dir / "data/pores/porenet-left/input.png").convert("RGB")
    folder = tmp_path_factory.mktemp("photos")
    paths = {
        "before": folder / "before.png",
        "same": folder / "same-skin-mirrored.png",
        "smoothed": folder / "smoothed.png",
    }
    source.save(paths["before"])
    source.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(paths["same"])
    source.filter(ImageFilter.GaussianBlur(2.5)).save(paths["smoothed"])
    return paths


@pytest.mark.slow
def test_eight_adherent_weeks_without_pore_change_suggest_a_dermatologist(
    journal: Journal, close_up: dict[str, Path]
) -> None:
    journal.add_photo(close_up["before"], day=START, px_per_mm=14)
    journal.add_photo(close_up["same"], day=START + DAY * 50, px_per_mm=14)
    _log_everything(journal, 56)
    view = journal.today(START + DAY * 56)
    notice = next(a for a in view.adaptations if a.rule == "no-change-see-dermatologist")
    assert "dermatologist" in notice.message and "100%" in notice.message
    assert "noise limit" in notice.message
    # Seven weeks in, it is too early to say.
    assert not [a for a in journal.today(START + DAY * 49).adaptations if a.rule == notice.rule]


@pytest.mark.slow
def test_no_referral_when_adherence_is_low_or_pores_changed(
    data_dir: Path, tmp_path: Path, close_up: dict[str, Path]
) -> None:
    with Journal(tmp_path / "low") as low:
        low.setup(sample_profile(), start=START, weeks=12)
        low.add_photo(close_up["before"], day=START, px_per_mm=14)
        low.add_photo(close_up["same"], day=START + DAY * 50, px_per_mm=14)
        _log_everything(low, 56, every=2)  # about half the days
        assert not [a for a in low.today(START + DAY * 56).adaptations if "dermatologist" in a.rule]
    with Journal(tmp_path / "changed") as changed:
        changed.setup(sample_profile(), start=START, weeks=12)
        changed.add_photo(close_up["before"], day=START, px_per_mm=14)
        changed.add_photo(close_up["smoothed"], day=START + DAY * 50, px_per_mm=14)
        _log_everything(changed, 56)
        progress = changed.progress(until=START + DAY * 56).to_dict()
        assert any(c["measurable"] for c in progress["pores"]["changes"].values())
        assert not [
            a for a in changed.today(START + DAY * 56).adaptations if "dermatologist" in a.rule
        ]


def test_method_quotes_in_the_rules_are_verbatim(shared_dir: Path) -> None:
    import re

    method = " ".join((shared_dir / "source/pore-care-method.txt").read_text().split())
    method = method.replace("\u2019", "'")
    quotes = [q for rule in load_adapt_rules() for q in re.findall(r'"([^"]+)"', rule.source)]
    assert len(quotes) >= 4
    for quote in quotes:
        assert quote.rstrip(".") in method, quote
