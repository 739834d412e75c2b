"""CLI commands over :class:`porecare.journal.Journal`: setup, today, log, diary, photo,
progress, reminders, export and import.

Values are parsed here (not by click types) so a bad value is one line naming the option and
what is allowed. Interactive prompts go to stderr and read stdin line by line, so they work
when piped (``printf 'y\\nn\\n' | porecare log``) and keep ``--json`` output clean.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from porecare.cli._common import AppContext, emit, json_option, pass_app
from porecare.cli._plan import _Command, _parse_weeks, profile_file_or_default, refuse_own_data
from porecare.errors import UsageError

DATE_HELP = "Date as YYYY-MM-DD, 'today' or 'yesterday' (default: today)."
# Strict: date.fromisoformat alone also reads '20261207' and ISO week dates like '2026-W49-1'.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _journal(app: AppContext) -> Any:
    from porecare.journal import Journal

    return Journal(app.data_dir)


def _keep_caches_inside(data_dir: Path) -> None:
    """Point caches and temporary files into the data folder before heavy libraries load.

    matplotlib (the plot, and MediaPipe inside the pore analysis) writes a font cache to
    ~/.cache, and ctypes' library lookup compiles probes in $TMPDIR: porecare writes only
    inside its data folder.
    """
    import tempfile

    if not os.environ.get("MPLCONFIGDIR"):
        target = data_dir / "cache" / "matplotlib"
        target.mkdir(parents=True, exist_ok=True)
        os.environ["MPLCONFIGDIR"] = str(target)
    scratch = data_dir / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(scratch)
    tempfile.tempdir = str(scratch)


def parse_date(value: str | None, option: str = "--date") -> date | None:
    if value is None:
        return None
    text = value.strip().lower()
    if text in ("today", "yesterday"):
        return date.today() - timedelta(days=text == "yesterday")
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{option} is {value!r}; allowed: a date YYYY-MM-DD, 'today' or 'yesterday'"
        ) from None


def parse_level(value: str | None, option: str) -> int | None:
    if value is None or value.strip() == "":
        return None
    try:
        level = int(value)
    except ValueError:
        level = -1
    if not 0 <= level <= 5:
        raise UsageError(f"{option} is {value!r}; allowed: a whole number 0..5")
    return level


def _names(values: tuple[str, ...]) -> list[str]:
    return [n for v in values for n in v.split(",") if n.strip()]


def _ask(question: str) -> str | None:
    """One line from stdin after a prompt on stderr; None at end of input."""
    click.echo(question, err=True, nl=False)
    # One stream object for all prompts: a fresh click text stream per call would buffer away
    # the lines meant for the next prompt when input is piped.
    line = sys.stdin.readline()
    if not line:
        click.echo("", err=True)
        return None
    return line.strip()


def _write_output(path: str, data: bytes, *, data_dir: Path, suffix: str | None = None) -> Path:
    """Write ``data`` to ``path`` whole (temp file + rename), or fail naming ``path``.

    Never over the database or a stored photo, even when asked to.
    """
    target = Path(path)
    refuse_own_data(target, data_dir)
    if not target.name or target.is_dir():
        raise UsageError(f"{target}: is a folder; give a file name")
    if suffix and target.suffix.lower() != suffix:
        raise UsageError(f"{target}: allowed: a file name ending in {suffix}")
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"{target}: folder {folder} does not exist; create it or pick another")
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write ({exc.strerror or exc})") from None
    finally:
        temp.unlink(missing_ok=True)
    return target


# --- setup / today ---------------------------------------------------------------------------


@click.command(cls=_Command, help="Store a profile and start its plan.")
@click.option(
    "--profile",
    "profile_file",
    metavar="FILE",
    help="Skin profile, .toml or .json (default: <data dir>/profile.toml from `porecare quiz`).",
)
@click.option("--start", metavar="DATE", help="First day of the plan, YYYY-MM-DD (default: today).")
@click.option("--weeks", metavar="N", default="12", show_default=True, help="Plan length, 1..52.")
@json_option
@pass_app
def setup(
    app: AppContext, profile_file: str | None, start: str | None, weeks: str, as_json: bool
) -> None:
    from porecare.profile import load_profile

    profile_file = profile_file_or_default(profile_file, app.data_dir)
    n_weeks = _parse_weeks(weeks)
    first = parse_date(start, "--start")
    profile = load_profile(profile_file)
    with _journal(app) as journal:
        result = journal.setup(profile, start=first, weeks=n_weeks)
    emit(result.to_dict(), as_json, _render_setup)


def _render_setup(data: dict[str, Any]) -> str:
    from porecare.journal._labels import step_label

    lines = [
        f"Profile stored (version {data['profile_id']}); plan {data['plan_id']} runs "
        f"{_day(data['start'])} to {_day(data['end'])} ({data['weeks']} weeks)."
    ]
    products: dict[str, dict[str, Any]] = {}
    for day in data["plan"].get("days", []):
        for step in (*day.get("am", []), *day.get("pm", [])):
            if step.get("product"):
                products.setdefault(step["step"], step["product"])
    if products:
        lines.append("Products for each step (your shelf first, then porecare's suggestions):")
        for kind, product in products.items():
            where = "your shelf" if product.get("source") == "shelf" else "suggestion"
            lines.append(f"  {step_label(kind)}: {product.get('name')} ({where})")
    notes = data["plan"].get("notes", [])
    if notes:  # the safety gates live here (pregnancy, sensitive skin): never only in `plan`
        lines += ["Notes:", *(f"  - {n}" for n in notes)]
    referrals = data["plan"].get("referrals", [])
    if referrals:
        lines += ["See a professional:", *(f"  - {r['kind']}: {r['reason']}" for r in referrals)]
    lines.append("Next: porecare today (porecare plan --why: why each step)")
    return "\n".join(lines)


def _day(text: Any) -> str:
    """``2026-11-26`` -> ``Thu 2026-11-26``: people plan by weekday."""
    try:
        return f"{date.fromisoformat(str(text)):%a %Y-%m-%d}"
    except ValueError:
        return str(text)


@click.command(cls=_Command, help="Today's AM and PM checklist.")
@click.option("--date", "day", metavar="DATE", help=DATE_HELP)
@json_option
@pass_app
def today(app: AppContext, day: str | None, as_json: bool) -> None:
    with _journal(app) as journal:
        view = journal.today(parse_date(day))
    emit(view.to_dict(), as_json, render_day)


def render_day(data: dict[str, Any]) -> str:
    """The day's checklist in words: each step's label, the product for it, and why.

    The id to type for ``porecare log`` follows each step (``log: water_cleanser``).
    """
    from porecare.journal._labels import rule_label, step_label, step_with_product

    lines = [
        f"{_day(data['date'])} - day {data['plan_day']}, week {data['week']}: "
        f"{data['done']}/{data['total']} done",
        "[x] done, [-] skipped, [ ] open; log with: porecare log --am --done STEP,STEP",
    ]
    marks = {"done": "[x]", "skipped": "[-]", None: "[ ]"}
    for routine in ("am", "pm"):
        lines.append(f"{'Morning (AM)' if routine == 'am' else 'Evening (PM)'}")
        for step in data[routine]:
            extra = (
                f" (adapted: {rule_label(step['adapted_by'])})" if step.get("adapted_by") else ""
            )
            lines.append(f"  {marks[step['status']]} {step_with_product(step)}{extra}")
            lines.append(f"        {step['why']}  [step: {step['step']}]")
        if not data[routine]:
            lines.append("  (nothing)")
    if data["paused"]:
        lines.append(
            "Paused today: "
            + ", ".join(f"{step_label(p['step'])} ({p['routine'].upper()})" for p in data["paused"])
        )
    for adaptation in data["adaptations"]:
        lines.append(f"! {adaptation['message']}")
        lines.append(f"  why: {adaptation['why']}")
        lines.append(f"  source: {adaptation['source']}")
    return "\n".join(lines)


# --- log / diary -----------------------------------------------------------------------------


@click.command(
    cls=_Command, help="Check off (or skip) steps of a day's routine; no flags: a checklist."
)
@click.option("--date", "day", metavar="DATE", help=DATE_HELP)
@click.option(
    "--done",
    multiple=True,
    metavar="STEPS",
    help="Steps done, comma-separated, e.g. toner,serum (as `porecare today` names them).",
)
@click.option("--skipped", multiple=True, metavar="STEPS", help="Steps skipped, comma-separated.")
@click.option("--am", "routine", flag_value="am", help="Only the AM routine.")
@click.option("--pm", "routine", flag_value="pm", help="Only the PM routine.")
@json_option
@pass_app
def log(
    app: AppContext,
    day: str | None,
    done: tuple[str, ...],
    skipped: tuple[str, ...],
    routine: str | None,
    as_json: bool,
) -> None:
    when = parse_date(day)
    with _journal(app) as journal:
        if done or skipped:  # flags given (even empty): no prompts
            result = journal.log(when, done=_names(done), skipped=_names(skipped), routine=routine)
            emit(result.to_dict(), as_json, _render_log)
            return
        view = journal.today(when)
        answers = _checklist(view.to_dict(), routine)
        logged: list[dict[str, Any]] = []
        for r in ("am", "pm"):
            picked = answers[r]
            if picked["done"] or picked["skipped"]:
                result = journal.log(view.day, routine=r, **picked)
                logged += result.to_dict()["logged"]
    emit({"date": view.day.isoformat(), "logged": logged}, as_json, _render_log)


def _checklist(view: dict[str, Any], only: str | None) -> dict[str, dict[str, list[str]]]:
    """Ask about each step not yet logged: y = done, s/n = skipped, Enter = leave open."""
    answers: dict[str, dict[str, list[str]]] = {
        r: {"done": [], "skipped": []} for r in ("am", "pm")
    }
    from porecare.journal._labels import step_label

    click.echo(f"{view['date']}: y = done, s = skipped, Enter = leave open", err=True)
    for routine in ("am", "pm"):
        if only not in (None, routine):
            continue
        for step in view[routine]:
            if step["status"] is not None:
                continue
            answer = _ask(f"{routine.upper()} {step_label(step['step'])}? [y/s/Enter] ")
            if answer is None:
                return answers
            if answer.lower() in ("y", "yes", "d", "done"):
                answers[routine]["done"].append(step["step"])
            elif answer.lower() in ("s", "n", "no", "skip", "skipped"):
                answers[routine]["skipped"].append(step["step"])
    return answers


def _render_log(data: dict[str, Any]) -> str:
    if not data["logged"]:
        return "Nothing logged."
    from porecare.journal._labels import step_label

    items = ", ".join(
        f"{step_label(e['step'])} ({e['routine'].upper()}) {e['status']}" for e in data["logged"]
    )
    return f"{_day(data['date'])}: logged {items}"


@click.command(
    cls=_Command, help="Record oiliness, breakouts and irritation (0-5) and a note for a day."
)
@click.option("--date", "day", metavar="DATE", help=DATE_HELP)
@click.option("--oiliness", metavar="N", help="0 (none) to 5 (very oily).")
@click.option("--breakouts", metavar="N", help="0 (none) to 5 (many).")
@click.option("--irritation", metavar="N", help="Redness/irritation, 0 (none) to 5 (severe).")
@click.option("--note", metavar="TEXT", help="A free note.")
@json_option
@pass_app
def diary(
    app: AppContext,
    day: str | None,
    oiliness: str | None,
    breakouts: str | None,
    irritation: str | None,
    note: str | None,
    as_json: bool,
) -> None:
    when = parse_date(day)
    raw = {"oiliness": oiliness, "breakouts": breakouts, "irritation": irritation}
    if all(v is None for v in raw.values()) and note is None:
        for name in raw:
            raw[name] = _ask_level(name)
        note = _ask("note (Enter for none)? ") or None
    levels = {name: parse_level(value, f"--{name}") for name, value in raw.items()}
    with _journal(app) as journal:
        entry = journal.diary(when, note=note, **levels)
        adaptations = [a.to_dict() for a in _adaptations_for(journal, entry.day)]
        upcoming = _upcoming_pauses(journal, entry.day, {a["rule"] for a in adaptations})
    data = {**entry.to_dict(), "adaptations": adaptations, "upcoming": upcoming}
    emit(data, as_json, _render_diary)


def _ask_level(name: str) -> str | None:
    """Ask for a 0-5 score; a bad answer says what is allowed and asks again (5 tries)."""
    answer = None
    for _ in range(5):
        answer = _ask(f"{name} 0-5 (Enter to skip)? ")
        try:
            parse_level(answer, f"--{name}")
            return answer
        except UsageError as exc:
            click.echo(f"  {exc}", err=True)
    return answer  # still bad: the caller's parse_level reports it as one line


def _adaptations_for(journal: Any, day: date) -> list[Any]:
    from porecare.errors import UsageError as NoPlan

    try:
        return list(journal.adaptations(day))
    except NoPlan:
        return []


def _upcoming_pauses(journal: Any, day: date, shown: set[str]) -> list[dict[str, Any]]:
    """Pauses this entry starts that first touch a step on a later day (within a week).

    A pause (e.g. two irritated days running) takes effect at once, but the day it is recorded
    may have no retinoid or acid planned: the person should still hear of it now.
    """
    from porecare.errors import PorecareError

    found: list[dict[str, Any]] = []
    try:
        engine = journal.engine()
        for ahead in range(1, 8):
            later = day + timedelta(days=ahead)
            if later not in engine.history.plan_days:
                break
            for a in journal.today(later, engine=engine).adaptations:
                if a.action == "pause_steps" and a.rule not in shown:
                    shown.add(a.rule)
                    found.append({"date": later.isoformat(), **a.to_dict()})
    except PorecareError:  # no plan yet: a diary without a plan has nothing to adapt
        return []
    return found


def _render_diary(data: dict[str, Any]) -> str:
    fields = ", ".join(
        f"{k} {data[k]}/5" for k in ("oiliness", "breakouts", "irritation") if data[k] is not None
    )
    lines = [
        f"Diary of {_day(data['date'])}: {fields or 'note only'}"
        + (f"; note: {data['note']}" if data["note"] else "")
    ]
    lines += [f"! {a['message']}" for a in data["adaptations"]]
    lines += [f"! {_day(a['date'])} is adapted: {a['message']}" for a in data.get("upcoming", [])]
    return "\n".join(lines)


# --- photo -----------------------------------------------------------------------------------


@click.command(
    cls=_Command, help="Store a photo (metadata stripped) and its pore analysis in the journal."
)
@click.argument("photo_file", metavar="PHOTO")
@click.option("--px-per-mm", metavar="N", help="Scale of the photo in pixels per millimetre.")
@click.option(
    "--date", "day", metavar="DATE", help="Date of the photo (default: EXIF date, else today)."
)
@json_option
@pass_app
def photo(
    app: AppContext, photo_file: str, px_per_mm: str | None, day: str | None, as_json: bool
) -> None:
    scale = None
    if px_per_mm is not None:
        try:
            scale = float(px_per_mm)
        except ValueError:
            raise UsageError(f"--px-per-mm is {px_per_mm!r}; allowed: a number > 0") from None
    with _journal(app) as journal:
        _keep_caches_inside(journal.data_dir)
        record = journal.add_photo(photo_file, day=parse_date(day), px_per_mm=scale)
    emit(record.to_dict(), as_json, _render_photo)


def _render_photo(data: dict[str, Any]) -> str:
    from porecare.journal._journal import overall_metrics
    from porecare.journal._labels import METRICS, metric_label, metric_value

    head = "Already stored (kept its date)" if data["duplicate"] else "Stored"
    lines = [
        f"{head} photo {data['id']} of {_day(data['date'])} ({data['width']}x{data['height']} px, "
        f"metadata removed): {data['path']}"
    ]
    analysis = data.get("analysis")
    if analysis:
        metrics = overall_metrics(analysis)
        scale = analysis.get("scale") or {}
        lines.append(
            "Pores measured"
            + (
                f" at {scale['px_per_mm']:.1f} px/mm ({_scale_source(scale)})"
                if isinstance(scale.get("px_per_mm"), int | float)
                else ""
            )
            + ":"
        )
        lines += [
            f"  {metric_label(k)}: {metric_value(k, metrics.get(k))}"
            for k in METRICS
            if k in metrics
        ]
        lines.append(
            "  Compare photos with `porecare progress`: a change counts only beyond the "
            "measurement's own noise."
        )
        lines += [
            f"warning: {w.replace(' (use --mask to choose the skin)', '')}"
            for w in analysis.get("warnings", [])
        ]
    elif data.get("analysis_error"):
        lines.append(f"No analysis: {data['analysis_error']}")
    return "\n".join(lines)


@click.command(cls=_Command, help="List the stored photos and their pore measurements.")
@click.option(
    "--csv",
    "csv_file",
    metavar="FILE",
    help="Also write every photo's measurements, per region, as a CSV table ('-': stdout).",
)
@json_option
@pass_app
def photos(app: AppContext, csv_file: str | None, as_json: bool) -> None:
    with _journal(app) as journal:
        records = [p.to_dict() for p in journal.photos(pores=False)]
    for record in records:
        if record.get("analysis"):
            record["analysis"].pop("pores", None)  # listings stay small; `analyze` has the pores
    if csv_file is not None:
        from porecare.journal._table import measurements_csv

        table = measurements_csv(records)
        if csv_file == "-":
            click.echo(table, nl=False)
            return
        _write_output(csv_file, table.encode("utf-8"), data_dir=app.data_dir, suffix=".csv")
    emit({"photos": records}, as_json, _render_photos)


def _render_photos(data: dict[str, Any]) -> str:
    from porecare.journal._journal import overall_metrics
    from porecare.journal._labels import metric_value

    rows = data["photos"]
    if not rows:
        return "No photos stored yet; add one with `porecare photo PHOTO`."
    lines = [f"{len(rows)} photo{'s' if len(rows) != 1 else ''}, oldest first:"]
    for record in rows:
        analysis = record.get("analysis") or {}
        metrics = overall_metrics(analysis) if analysis else {}
        scale = (analysis.get("scale") or {}).get("px_per_mm")
        measured = (
            f"{metric_value('count', metrics.get('count'))} pores"
            + (
                f", {metric_value('density_per_cm2', metrics.get('density_per_cm2'))}, "
                f"median {metric_value('median_diameter_mm', metrics.get('median_diameter_mm'))}"
                if scale
                else " (no scale: pixels only)"
            )
            if metrics
            else "not measured"
        )
        lines.append(f"  {record['id']:>3}  {_day(record['date'])}  {measured}")
    lines.append("Compare two with `porecare compare`, or over time with `porecare progress`.")
    return "\n".join(lines)


def _scale_source(scale: dict[str, Any]) -> str:
    source = str(scale.get("source") or "")
    named = {"user": "the scale you gave", "iris": "from the iris", "eyes": "from the eyes"}
    return named.get(source, source)


# --- progress / reminders --------------------------------------------------------------------


@click.command(cls=_Command, help="Adherence, streaks, diary trends and pore metrics over time.")
@click.option("--date", "day", metavar="DATE", help="Progress as of this date (default: today).")
@click.option("--plot", metavar="FILE.png", help="Also draw adherence and pore metrics to a PNG.")
@json_option
@pass_app
def progress(app: AppContext, day: str | None, plot: str | None, as_json: bool) -> None:
    with _journal(app) as journal:
        _keep_caches_inside(journal.data_dir)
        result = journal.progress(until=parse_date(day))
        if plot:
            from porecare.journal._plot import plot_progress

            _write_output(plot, plot_progress(result), data_dir=journal.data_dir, suffix=".png")
    data = result.to_dict()
    if plot:
        data["plot"] = str(Path(plot))
    emit(data, as_json, _render_progress)


def _render_progress(data: dict[str, Any]) -> str:
    from porecare.journal._progress import render_progress

    return render_progress(data)


@click.command(cls=_Command, help="Write the plan as calendar events with alarms (.ics).")
@click.option("--ics", "ics_file", metavar="FILE", help="The .ics file to write.")
@click.option(
    "--am", "am_time", default="07:30", show_default=True, metavar="HH:MM", help="Morning alarm."
)
@click.option(
    "--pm", "pm_time", default="21:30", show_default=True, metavar="HH:MM", help="Evening alarm."
)
@json_option
@pass_app
def reminders(
    app: AppContext, ics_file: str | None, am_time: str, pm_time: str, as_json: bool
) -> None:
    if not ics_file:
        raise UsageError("--ics FILE is required (the calendar file to write)")
    with _journal(app) as journal:
        data = journal.reminders(am=am_time, pm=pm_time)
    target = _write_output(ics_file, data, data_dir=app.data_dir)
    events = data.count(b"BEGIN:VEVENT")
    summary = {"ics": str(target), "events": events, "am": am_time, "pm": pm_time}
    emit(summary, as_json, _render_reminders)


def _render_reminders(data: dict[str, Any]) -> str:
    return (
        f"Wrote {data['events']} repeating calendar events with alarms (mornings at "
        f"{data['am']}, evenings at {data['pm']}, the weekly clay mask) to {data['ics']}; "
        "open it with your calendar app."
    )


# --- export / import -------------------------------------------------------------------------


@click.command(
    cls=_Command, help="Export everything (profiles, plans, shelf, log, diary, photos) to JSON."
)
@click.argument("file", metavar="FILE.json")
@json_option
@pass_app
def export(app: AppContext, file: str, as_json: bool) -> None:
    from porecare.journal._exchange import dump_export

    with _journal(app) as journal:
        data = journal.export()
    _write_output(file, dump_export(data), data_dir=app.data_dir)
    counts = {k: len(v) for k, v in data["tables"].items()}
    emit({"file": file, "counts": counts}, as_json, _render_counts("Exported to"))


@click.command(
    name="import", cls=_Command, help="Import a porecare JSON export into an empty data folder."
)
@click.argument("file", metavar="FILE.json")
@json_option
@pass_app
def import_(app: AppContext, file: str, as_json: bool) -> None:
    from porecare.journal._exchange import read_export

    data = read_export(file)
    with _journal(app) as journal:
        counts = journal.import_(data)
    emit({"file": file, "counts": counts}, as_json, _render_counts("Imported from"))


_TABLE_WORDS = {  # table -> (one, many)
    "profiles": ("profile version", "profile versions"),
    "plans": ("plan", "plans"),
    "products": ("shelf product", "shelf products"),
    "ingredient_names": ("imported ingredient name", "imported ingredient names"),
    "catalog_products": ("imported catalog product", "imported catalog products"),
    "checkoffs": ("check-off", "check-offs"),
    "diary": ("diary day", "diary days"),
    "photos": ("photo (with its image file)", "photos (with their image files)"),
    "analyses": ("pore analysis", "pore analyses"),
}


def _count(table: str, n: int) -> str:
    one, many = _TABLE_WORDS.get(table, (table.replace("_", " "),) * 2)
    return f"{n} {one if n == 1 else many}"


def _render_counts(verb: str) -> Callable[[dict[str, Any]], str]:
    def render(data: dict[str, Any]) -> str:
        counts = ", ".join(
            _count(k, n)
            for k, n in data["counts"].items()
            if n or k not in ("ingredient_names", "catalog_products")
        )
        return f"{verb} {data['file']}: {counts}"

    return render
