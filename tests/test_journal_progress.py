"""Progress (adherence, streaks, diary trends, pore metrics), its plot, and calendar reminders."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from PIL import Image

from conftest import assert_one_line_error
from porecare.journal import Journal
from porecare.profile import sample_profile

START = date(2025, 12, 8)
DAY = timedelta(days=1)


@pytest.fixture
def journal(data_dir: Path) -> Journal:
    j = Journal(data_dir)
    j.setup(sample_profile(), start=START, weeks=12)
    yield j
    j.close()


def _log_routine(journal: Journal, day: date, routine: str) -> int:
    kinds = [s.kind for s in journal.today(day).steps(routine)]
    journal.log(day, done=kinds, routine=routine)
    return len(kinds)


def test_adherence_streaks_and_trends(journal: Journal) -> None:
    am_done = sum(_log_routine(journal, START + DAY * i, "am") for i in range(3))
    pm_done = sum(_log_routine(journal, START + DAY * i, "pm") for i in (1, 2))
    for i, level in enumerate((4, 3, 2)):
        journal.diary(START + DAY * i, oiliness=level, breakouts=1)
    planned = sum(journal.today(START + DAY * i).total for i in range(3))
    data = journal.progress(until=START + DAY * 2).to_dict()
    overall = data["adherence"]["overall"]
    assert (overall["done"], overall["planned"]) == (am_done + pm_done, planned)
    assert data["adherence"]["per_routine"]["am"]["rate"] == 1.0
    assert data["adherence"]["per_step"]["sunscreen"] == {"done": 3, "planned": 3, "rate": 1.0}
    assert [w["week"] for w in data["adherence"]["per_week"]] == [1]
    assert data["streaks"] == {"current": 2, "longest": 2}
    assert data["diary"]["trend_per_week"]["oiliness"] == pytest.approx(-7.0)
    assert data["diary"]["trend_per_week"]["breakouts"] == pytest.approx(0.0)
    assert data["days_elapsed"] == 3 and len(data["daily"]) == 3


def test_an_open_today_does_not_break_the_streak(journal: Journal) -> None:
    for i in range(2):
        _log_routine(journal, START + DAY * i, "am")
        _log_routine(journal, START + DAY * i, "pm")
    _log_routine(journal, START + DAY * 2, "am")
    assert journal.progress(until=START + DAY * 2).streaks == {"current": 2, "longest": 2}
    assert journal.progress(until=START + DAY * 3).streaks == {"current": 0, "longest": 2}


def test_steps_still_open_today_are_not_counted_as_missed(journal: Journal) -> None:
    today = START + DAY * 2
    for i in range(2):
        _log_routine(journal, START + DAY * i, "am")
    am_today = _log_routine(journal, today, "am")
    pm_today = len(journal.today(today).steps("pm"))
    data = journal.progress(until=today).to_dict()
    assert data["daily"][-1] == {
        "date": today.isoformat(),
        "done": am_today,
        "planned": am_today,
        "open": pm_today,
    }
    earlier = sum(journal.today(START + DAY * i).total for i in range(2))
    assert data["adherence"]["overall"]["planned"] == earlier + am_today
    # The next day the unlogged evening counts as missed.
    assert journal.progress(until=today + DAY).daily[2]["planned"] == am_today + pm_today


def test_paused_steps_are_not_counted_as_missed(journal: Journal) -> None:
    journal.diary(START, irritation=4)
    journal.diary(START + DAY, irritation=4)
    day = START + DAY
    _log_routine(journal, day, "am")
    _log_routine(journal, day, "pm")
    daily = journal.progress(until=day).daily[-1]
    assert daily["done"] == daily["planned"]


def test_progress_command_json_text_and_plot(run_cli, journal: Journal, tmp_path: Path) -> None:
    _log_routine(journal, START, "am")
    plot = tmp_path / "progress.png"
    result = run_cli("progress", "--date", "2025-12-09", "--plot", str(plot), "--json")
    assert result.returncode == 0, result.stderr
    data = result.json()
    assert data["plot"] == str(plot) and data["adherence"]["overall"]["done"] == 5
    with Image.open(plot) as image:
        assert image.format == "PNG" and image.width > 600 and image.height > 400
    text = run_cli("progress", "--date", "2025-12-09").stdout
    assert "adherence" in text and "streak" in text


def test_progress_with_photos_reports_noise(journal: Journal, tmp_path: Path) -> None:
    from test_journal_photos import _skin

    first, second = tmp_path / "a.png", tmp_path / "b.png"
    _skin().save(first)
    _skin().transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(second)
    journal.add_photo(first, day=START, px_per_mm=10)
    journal.add_photo(second, day=START + DAY * 7, px_per_mm=10)
    pores = journal.progress(until=START + DAY * 7).to_dict()["pores"]
    assert len(pores["photos"]) == 2
    metric = next(iter(pores["photos"][0]["metrics"].values()))
    assert metric["rel_noise"] > 0 and metric["plus_minus"] > 0
    assert pores["changes"] and not any(c["measurable"] for c in pores["changes"].values())
    from porecare.journal._plot import plot_progress

    png = plot_progress(journal.progress(until=START + DAY * 7))
    assert png.startswith(b"\x89PNG")


def test_reminders_parse_back_with_alarms_and_a_weekly_clay_mask(
    run_cli, journal: Journal, tmp_path: Path
) -> None:
    from icalendar import Calendar

    ics = tmp_path / "porecare.ics"
    result = run_cli("reminders", "--ics", str(ics), "--am", "06:45", "--pm", "22:00", "--json")
    assert result.returncode == 0, result.stderr
    cal = Calendar.from_ical(ics.read_bytes())
    assert cal["version"] == "2.0" and cal["prodid"]
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    morning = events["porecare: morning routine"]
    assert morning.decoded("dtstart") == datetime.combine(START, time(6, 45))
    assert morning["rrule"]["FREQ"] == ["DAILY"]
    assert morning["rrule"]["UNTIL"][0].date() == START + DAY * 83
    assert "Sunscreen" in str(morning["description"])
    evening = events["porecare: evening routine"]
    assert evening.decoded("dtstart").time() == time(22, 0)
    assert "clay_mask" not in str(evening["description"])
    clay = events["porecare: weekly clay mask (once a week)"]
    assert clay["rrule"]["FREQ"] == ["WEEKLY"]
    assert clay.decoded("dtstart").date() == START + DAY * 6
    assert "once a week" in str(clay["description"])
    for event in events.values():
        (alarm,) = event.walk("VALARM")
        assert alarm["action"] == "DISPLAY" and alarm.decoded("trigger") == timedelta(0)
        assert event["uid"] and event["dtstamp"]
    assert result.json()["events"] == 3


@pytest.mark.parametrize("bad", ["7:30pm", "25:00", "0730"])
def test_reminders_refuse_bad_times(run_cli, journal: Journal, tmp_path: Path, bad: str) -> None:
    result = run_cli("reminders", "--ics", str(tmp_path / "x.ics"), "--am", bad)
    assert_one_line_error(result)
    assert "HH:MM" in result.stderr and not (tmp_path / "x.ics").exists()
