"""The journal's storage and day-to-day API on real SQLite files: setup, today, log, diary."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from porecare.errors import SchemaTooNewError, StorageFullError, UsageError
from porecare.journal import Journal, _db
from porecare.paths import database_path
from porecare.profile import Profile, sample_profile

START = date(2025, 12, 8)


@pytest.fixture
def journal(data_dir: Path) -> Journal:
    j = Journal(data_dir)
    j.setup(sample_profile(), start=START, weeks=12)
    yield j
    j.close()


def _kinds(view, routine: str) -> list[str]:
    return [s.kind for s in view.steps(routine)]


def test_database_settings_and_recorded_migrations(journal: Journal, data_dir: Path) -> None:
    conn = sqlite3.connect(database_path(data_dir))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert journal.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    rows = conn.execute("SELECT number, name FROM _migrations").fetchall()
    assert [r[0] for r in rows] == sorted(_db.MIGRATIONS)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"profiles", "plans", "checkoffs", "diary", "photos", "analyses", "products"} <= tables


def test_setup_stores_profile_versions_and_the_active_plan(journal: Journal) -> None:
    plan = journal.plan()
    assert plan["start"] == START.isoformat()
    assert len(plan["days"]) == 84
    changed = Profile(**{**sample_profile().__dict__, "sensitive": True})
    result = journal.setup(changed, start=START + timedelta(days=7), weeks=4)
    assert result.profile_id == 2 and result.plan_id == 2
    assert journal.profile().sensitive is True
    assert journal.plan()["start"] == (START + timedelta(days=7)).isoformat()
    assert journal.conn.execute("SELECT COUNT(*) FROM profiles").fetchone()[0] == 2


def test_stored_plan_is_independent_of_later_rule_changes(journal: Journal) -> None:
    # The plan is stored as JSON at setup: a check-off always refers to the plan it was made in.
    stored = journal.conn.execute("SELECT plan_json FROM plans").fetchone()[0]
    assert '"days"' in stored and journal.plan()["days"][0]["date"] == START.isoformat()


def test_today_lists_am_and_pm_steps_with_reasons(journal: Journal) -> None:
    view = journal.today(START)
    assert view.plan_day == 1 and view.week == 1
    assert "sunscreen" in _kinds(view, "am")
    assert all(s.step["why"] and s.step["source"] for s in (*view.am, *view.pm))
    assert view.done == 0 and view.total == len(view.am) + len(view.pm)


def test_log_marks_steps_and_the_latest_status_wins(journal: Journal) -> None:
    result = journal.log(START, done=["toner", "serum"])
    assert [e[:2] for e in result.entries] == [("am", "toner"), ("am", "serum")]
    journal.log(START, skipped=["toner"])
    view = journal.today(START)
    status = {s.kind: s.status for s in view.am}
    assert status["toner"] == "skipped" and status["serum"] == "done"
    assert journal.conn.execute("SELECT COUNT(*) FROM checkoffs").fetchone()[0] == 3


def test_log_needs_a_routine_for_a_step_in_both(journal: Journal) -> None:
    both = set(_kinds(journal.today(START), "am")) & set(_kinds(journal.today(START), "pm"))
    step = sorted(both)[0]
    with pytest.raises(UsageError, match="both"):
        journal.log(START, done=[step])
    journal.log(START, done=[step], routine="pm")
    assert journal.today(START).pm[[s.kind for s in journal.today(START).pm].index(step)].status


def test_unknown_step_lists_the_days_steps_and_writes_nothing(journal: Journal) -> None:
    with pytest.raises(UsageError) as info:
        journal.log(START, done=["toner", "glitter"])
    assert "glitter" in str(info.value) and "toner" in str(info.value)
    assert "\n" not in str(info.value)
    assert journal.conn.execute("SELECT COUNT(*) FROM checkoffs").fetchone()[0] == 0


def test_dates_outside_the_plan_are_refused(journal: Journal) -> None:
    with pytest.raises(UsageError, match="outside the plan"):
        journal.today(START - timedelta(days=1))


def test_diary_records_and_updates_fields(journal: Journal) -> None:
    journal.diary(START, oiliness=3, breakouts=1, irritation=0, note="shiny by noon")
    entry = journal.diary(START, irritation=2)
    assert (entry.oiliness, entry.breakouts, entry.irritation) == (3, 1, 2)
    assert entry.note == "shiny by noon"
    assert [e.day for e in journal.diary_entries()] == [START]


@pytest.mark.parametrize("bad", [6, -1, True, 2.5])
def test_diary_refuses_out_of_range_values(journal: Journal, bad: object) -> None:
    with pytest.raises(UsageError, match=r"0\.\.5"):
        journal.diary(START, oiliness=bad)  # type: ignore[arg-type]
    assert journal.diary_entries() == []


def test_without_setup_today_says_what_to_do(data_dir: Path) -> None:
    with Journal(data_dir) as j, pytest.raises(UsageError, match="porecare setup"):
        j.today(START)


def test_an_older_database_is_migrated(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Journal(data_dir) as j:
        j.setup(sample_profile(), start=START, weeks=4)
        j.log(START, done=["toner"])
    newer = max(_db.MIGRATIONS) + 1

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE diary ADD COLUMN mood INTEGER")

    monkeypatch.setitem(_db.MIGRATIONS, newer, ("diary mood", add_column))
    with Journal(data_dir) as j:
        assert _db.schema_version(j.conn) == newer
        assert "mood" in [r[1] for r in j.conn.execute("PRAGMA table_info(diary)")]
        assert j.today(START).am[1].status == "done"  # data kept through the migration
        names = [r[0] for r in j.conn.execute("SELECT name FROM _migrations ORDER BY number")]
        assert names[-1] == "diary mood"


def test_a_newer_database_is_refused_and_left_alone(data_dir: Path) -> None:
    with Journal(data_dir) as j:
        j.setup(sample_profile(), start=START, weeks=4)
        j.conn.execute("INSERT INTO _migrations VALUES (999, 'from the future', 'x')")
    before = database_path(data_dir).read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer"):
        Journal(data_dir)
    assert database_path(data_dir).read_bytes() == before


def test_disk_full_is_a_clear_error_and_rolls_back(journal: Journal) -> None:
    pages = journal.conn.execute("PRAGMA page_count").fetchone()[0]
    journal.conn.execute(f"PRAGMA max_page_count = {pages}")
    journal.log(START, done=["toner"])  # fits in the existing pages
    with pytest.raises(StorageFullError) as info:
        for i in range(2000):
            journal.diary(START + timedelta(days=i % 80), note="x" * 1500 + str(i))
    assert "full" in str(info.value) and "\n" not in str(info.value)
    journal.conn.execute("PRAGMA max_page_count = 1073741823")
    assert journal.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert journal.today(START).am[1].status == "done"


def test_setup_attaches_shelf_products_to_the_plan(data_dir: Path) -> None:
    from porecare.ingredients import add_product

    with Journal(data_dir) as j:
        plain = j.setup(sample_profile(), start=START, weeks=1)
        # an empty shelf: the starter catalog fills the steps, as `porecare plan` does
        assert all(s["product"]["source"] == "catalog" for d in plain.plan["days"] for s in d["am"])
        add_product(
            j.conn,
            "Daily Fluid SPF 50",
            "Aqua, Ethylhexyl Methoxycinnamate, Butyl Methoxydibenzoylmethane, Glycerin",
        )
        result = j.setup(sample_profile(), start=START, weeks=1)
        sunscreen = next(s for s in result.plan["days"][0]["am"] if s["step"] == "sunscreen")
        assert sunscreen["product"]["name"] == "Daily Fluid SPF 50"
        assert sunscreen["product"]["source"] == "shelf"
        assert j.today(START).am[-1].step["product"]["name"] == "Daily Fluid SPF 50"
